//! Lesson 08's program, `tcp_sixteen`: its client and server with each other, with the
//! Python original (written fresh below), and with Python peers that close early, which
//! recvall must report.

mod util;

use util::{Output, Server};

const TCP_SIXTEEN: &str = env!("CARGO_BIN_EXE_tcp_sixteen");

/// `tcp_sixteen.py`: `python3 -c PY_TCP_SIXTEEN client|server HOST -p PORT`.
const PY_TCP_SIXTEEN: &str = r#"
import argparse, socket

def recvall(sock, length):
    data = b""
    while len(data) < length:
        more = sock.recv(length - len(data))
        if not more:
            raise EOFError("was expecting %d bytes but only received %d bytes before the"
                           " socket closed" % (length, len(data)))
        data += more
    return data

def server(interface, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((interface, port))
    sock.listen(1)
    print("Listening at", sock.getsockname())
    while True:
        sc, sockname = sock.accept()
        print("We have accepted a connection from", sockname)
        print("  Socket name:", sc.getsockname())
        print("  Socket peer:", sc.getpeername())
        message = recvall(sc, 16)
        print("  Incoming sixteen-octet message:", repr(message))
        sc.sendall(b"Farewell, client")
        sc.close()
        print("  Reply sent, socket closed")

def client(host, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.connect((host, port))
    print("Client has been assigned socket name", sock.getsockname())
    sock.sendall(b"Hi there, server")
    reply = recvall(sock, 16)
    print("The server said", repr(reply))
    sock.close()

p = argparse.ArgumentParser()
p.add_argument("role", choices=["client", "server"])
p.add_argument("host")
p.add_argument("-p", type=int, default=1060)
a = p.parse_args()
(client if a.role == "client" else server)(a.host, a.p)
"#;

/// A client that sends five of the sixteen bytes and hangs up: `python3 -c ... PORT`.
const PY_EARLY_CLIENT: &str = r#"
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
s.sendall(b"Hi th")
s.close()
"#;

/// The message recvall fails with, in both languages.
const EARLY_CLOSE: &str =
    "was expecting 16 bytes but only received 8 bytes before the socket closed";

/// Starts the Rust server on a free port; returns it and the port.
fn start_server() -> (Server, String) {
    let port = util::free_port().to_string();
    let server = Server::start(
        TCP_SIXTEEN,
        &["server", "127.0.0.1", "-p", &port],
        "Listening",
    );
    assert_eq!(server.seen, [format!("Listening at ('127.0.0.1', {port})")]);
    (server, port)
}

/// The client port in the client's first line, `Client has been assigned socket name
/// ('127.0.0.1', 40000)`.
fn client_port(stdout: &str) -> &str {
    let first = stdout.lines().next().unwrap_or_default();
    first
        .strip_prefix("Client has been assigned socket name ('127.0.0.1', ")
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("unexpected first line: {stdout:?}"))
}

/// Checks a client's whole output.
fn assert_client_talked(out: &Output) {
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let port = client_port(&out.stdout);
    assert_eq!(
        out.stdout,
        format!(
            "Client has been assigned socket name ('127.0.0.1', {port})\n\
             The server said b'Farewell, client'\n"
        )
    );
}

/// Checks the lines the server prints for the client that was given `client_port`.
fn assert_server_answered(server: &mut Server, port: &str, client_port: &str) {
    let peer = format!("('127.0.0.1', {client_port})");
    assert_eq!(
        server.wait_for("We have accepted", 5),
        format!("We have accepted a connection from {peer}")
    );
    assert_eq!(
        server.wait_for("Socket name", 5),
        format!("  Socket name: ('127.0.0.1', {port})")
    );
    assert_eq!(
        server.wait_for("Socket peer", 5),
        format!("  Socket peer: {peer}")
    );
    assert_eq!(
        server.wait_for("Incoming", 5),
        "  Incoming sixteen-octet message: b'Hi there, server'"
    );
    assert_eq!(
        server.wait_for("Reply sent", 5),
        "  Reply sent, socket closed"
    );
}

#[test]
fn client_and_server_exchange_sixteen_bytes() {
    let (mut server, port) = start_server();
    let out = util::run(TCP_SIXTEEN, &["client", "127.0.0.1", "-p", &port], 10);
    assert_client_talked(&out);
    assert_server_answered(&mut server, &port, client_port(&out.stdout));
}

#[test]
fn the_python_client_talks_to_the_rust_server() {
    let (mut server, port) = start_server();
    let out = util::run(
        "python3",
        &["-c", PY_TCP_SIXTEEN, "client", "127.0.0.1", "-p", &port],
        10,
    );
    assert_client_talked(&out);
    assert_server_answered(&mut server, &port, client_port(&out.stdout));
}

#[test]
fn the_rust_client_talks_to_the_python_server() {
    let port = util::free_port().to_string();
    let args = [
        "-u",
        "-c",
        PY_TCP_SIXTEEN,
        "server",
        "127.0.0.1",
        "-p",
        &port,
    ];
    let mut server = Server::start("python3", &args, "Listening at");
    let out = util::run(TCP_SIXTEEN, &["client", "127.0.0.1", "-p", &port], 10);
    assert_client_talked(&out);
    assert_server_answered(&mut server, &port, client_port(&out.stdout));
}

#[test]
fn the_server_reports_a_client_that_closes_early_and_carries_on() {
    let (mut server, port) = start_server();
    let early = util::run("python3", &["-c", PY_EARLY_CLIENT, &port], 10);
    assert_eq!(early.code, Some(0), "stderr: {}", early.stderr);
    server.wait_for("Socket peer", 5);
    assert_eq!(
        server.wait_for("Error", 5),
        "  Error: was expecting 16 bytes but only received 5 bytes before the socket closed"
    );
    // The next client is served as usual.
    let out = util::run(TCP_SIXTEEN, &["client", "127.0.0.1", "-p", &port], 10);
    assert_client_talked(&out);
    assert_server_answered(&mut server, &port, client_port(&out.stdout));
}

#[test]
fn the_client_fails_like_python_when_the_server_closes_early() {
    // A server that reads the sixteen bytes, answers with eight and hangs up.
    let (_server, port) = util::early_closing_server(16, "Farewell");
    let ours = util::run(TCP_SIXTEEN, &["client", "127.0.0.1", "-p", &port], 10);
    assert_eq!(ours.code, Some(1));
    assert_eq!(ours.stderr, format!("Error: EOFError: {EARLY_CLOSE}\n"));

    let python_args = ["-c", PY_TCP_SIXTEEN, "client", "127.0.0.1", "-p", &port];
    let python = util::run("python3", &python_args, 10);
    assert_eq!(python.code, Some(1));
    let last_line = python.stderr.lines().last().unwrap_or_default();
    assert_eq!(last_line, format!("EOFError: {EARLY_CLOSE}"));
    // Both printed the name they were given before the failure.
    assert!(
        ours.stdout
            .starts_with("Client has been assigned socket name")
    );
    assert!(
        python
            .stdout
            .starts_with("Client has been assigned socket name")
    );
}

#[test]
fn an_unknown_role_is_refused() {
    let out = util::run(TCP_SIXTEEN, &["both", "127.0.0.1"], 10);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr
            .contains("invalid choice: 'both' (choose from 'client', 'server')"),
        "{}",
        out.stderr
    );
}

#[test]
fn listings_have_their_anchors() {
    util::assert_anchors("tcp_sixteen", &["recvall"]);
}
