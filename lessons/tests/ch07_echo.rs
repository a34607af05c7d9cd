//! Lesson 07's programs: the minimal server and client, the echo server and client. Each
//! Rust program also meets its Python counterpart (the originals, written fresh below), and
//! the clients must print what the Python clients print.

mod util;

use std::thread;
use std::time::Duration;

use pynet::socket::{self, SHUT_WR};
use util::Server;

const MINIMAL_SERVER: &str = env!("CARGO_BIN_EXE_minimal_server");
const MINIMAL_CLIENT: &str = env!("CARGO_BIN_EXE_minimal_client");
const ECHO_SERVER: &str = env!("CARGO_BIN_EXE_echo_server");
const ECHO_CLIENT: &str = env!("CARGO_BIN_EXE_echo_client");

/// Beginning Python's minimal client: `python3 -c PY_MINIMAL_CLIENT HOST PORT`.
const PY_MINIMAL_CLIENT: &str = r#"
import socket, sys
s = socket.socket()
s.connect((sys.argv[1], int(sys.argv[2])))
print(s.recv(1024))
"#;

/// Cookbook 1.13's echo server (it prints its first line after `listen` rather than before
/// `bind`, so that the test can connect as soon as it sees it).
const PY_ECHO_SERVER: &str = r#"
import argparse, socket
p = argparse.ArgumentParser()
p.add_argument("--port", type=int, required=True)
port = p.parse_args().port
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(("localhost", port))
sock.listen(5)
print("Starting up echo server on %s port %s" % ("localhost", port))
while True:
    print("Waiting to receive message from client")
    client, address = sock.accept()
    data = client.recv(2048)
    if data:
        print("Data: %s" % data)
        client.send(data)
        print("sent %s bytes back to %s" % (data, address))
    client.close()
"#;

/// Cookbook 1.13's echo client.
const PY_ECHO_CLIENT: &str = r#"
import argparse, socket
p = argparse.ArgumentParser()
p.add_argument("--port", type=int, required=True)
port = p.parse_args().port
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
print("Connecting to %s port %s" % ("localhost", port))
sock.connect(("localhost", port))
try:
    message = "Test message. This will be echoed"
    print("Sending %s" % message)
    sock.sendall(message.encode("utf-8"))
    amount_received, amount_expected = 0, len(message)
    while amount_received < amount_expected:
        data = sock.recv(16)
        amount_received += len(data)
        print("Received: %s" % data)
except socket.error as e:
    print("Socket error: %s" % str(e))
finally:
    print("Closing connection to the server")
    sock.close()
"#;

/// What the echo client prints when all goes well (measured with Python's client).
const ECHO_CLIENT_OUTPUT: &str = "\
Sending Test message. This will be echoed
Received: b'Test message. Th'
Received: b'is will be echoe'
Received: b'd'
Closing connection to the server
";

#[test]
fn minimal_client_gets_thanked_by_minimal_server() {
    let port = util::free_port().to_string();
    let args = ["--host", "127.0.0.1", "--port", &port];
    let mut server = Server::start(MINIMAL_SERVER, &args, "Listening at");
    assert_eq!(server.seen, [format!("Listening at ('127.0.0.1', {port})")]);

    let ours = util::run(MINIMAL_CLIENT, &args, 10);
    assert_eq!(ours.code, Some(0), "stderr: {}", ours.stderr);
    assert_eq!(ours.stdout, "b'Thank you for connecting'\n");
    let line = server.wait_for("Got connection from", 5);
    assert!(
        line.starts_with("Got connection from ('127.0.0.1', "),
        "{line}"
    );

    // Python's client, against the same server, prints the same.
    let python = util::run(
        "python3",
        &["-c", PY_MINIMAL_CLIENT, "127.0.0.1", &port],
        10,
    );
    assert_eq!(python.stdout, ours.stdout, "stderr: {}", python.stderr);
    server.wait_for("Got connection from", 5);
}

#[test]
fn minimal_server_and_client_default_to_the_host_name() {
    let address = util::python(
        "import socket; print(socket.gethostbyname(socket.gethostname()))",
        &[],
    );
    let port = util::free_port().to_string();
    let server = Server::start(MINIMAL_SERVER, &["--port", &port], "Listening at");
    assert_eq!(server.seen, [format!("Listening at ('{address}', {port})")]);
    let out = util::run(MINIMAL_CLIENT, &["--port", &port], 10);
    assert_eq!(
        out.stdout, "b'Thank you for connecting'\n",
        "{}",
        out.stderr
    );
}

#[test]
fn minimal_client_reports_a_refused_connection() {
    let port = util::free_port().to_string(); // nothing listens there
    let out = util::run(
        MINIMAL_CLIENT,
        &["--host", "127.0.0.1", "--port", &port],
        10,
    );
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stderr,
        "Error: ConnectionRefusedError: [Errno 111] Connection refused\n"
    );
}

/// Runs the Rust and the Python echo client against the echo server on `port`; both must
/// print the same, and what a working client prints.
fn both_echo_clients(port: &str) {
    let expected = format!("Connecting to localhost port {port}\n{ECHO_CLIENT_OUTPUT}");
    let ours = util::run(ECHO_CLIENT, &["--port", port], 10);
    assert_eq!(ours.code, Some(0), "stderr: {}", ours.stderr);
    assert_eq!(ours.stdout, expected);
    let python = util::run("python3", &["-c", PY_ECHO_CLIENT, "--port", port], 10);
    assert_eq!(python.stdout, expected, "stderr: {}", python.stderr);
}

#[test]
fn echo_server_answers_the_rust_and_the_python_client() {
    let port = util::free_port().to_string();
    let mut server = Server::start(ECHO_SERVER, &["--port", &port], "Starting up");
    assert_eq!(
        server.seen,
        [format!("Starting up echo server on localhost port {port}")]
    );
    both_echo_clients(&port);
    for _client in 0..2 {
        server.wait_for("Waiting to receive message from client", 5);
        let data = server.wait_for("Data:", 5);
        assert_eq!(data, "Data: b'Test message. This will be echoed'");
        let sent = server.wait_for("sent", 5);
        assert!(
            sent.starts_with("sent 33 bytes back to ('127.0.0.1', "),
            "{sent}"
        );
    }
}

#[test]
fn echo_client_talks_to_the_python_server() {
    let port = util::free_port().to_string();
    let _server = Server::start(
        "python3",
        &["-u", "-c", PY_ECHO_SERVER, "--port", &port],
        "Starting up",
    );
    both_echo_clients(&port);
}

#[test]
fn echo_server_echoes_a_message_sent_in_pieces() {
    let port = util::free_port();
    let _server = Server::start(ECHO_SERVER, &["--port", &port.to_string()], "Starting up");
    let client = socket::create_connection(("localhost", port), Some(5.0), None)
        .expect("the server listens");
    client.sendall(b"first part, ").expect("send");
    thread::sleep(Duration::from_millis(100));
    client.sendall(b"second part").expect("send");
    client.shutdown(SHUT_WR).expect("shutdown");
    let mut echoed = Vec::new();
    loop {
        let data = client.recv(1024).expect("recv");
        if data.is_empty() {
            break;
        }
        echoed.extend_from_slice(&data);
    }
    assert_eq!(echoed, b"first part, second part");
}

#[test]
fn echo_client_stops_when_the_server_closes_early() {
    // A broken echo server: it takes the whole 33-byte message, sends back only its first
    // five bytes, and hangs up.
    let (_server, port) = util::early_closing_server(33, "Test ");
    let out = util::run(ECHO_CLIENT, &["--host", "127.0.0.1", "--port", &port], 10);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stdout,
        format!(
            "Connecting to 127.0.0.1 port {port}\n\
             Sending Test message. This will be echoed\n\
             Received: b'Test '\n\
             Socket error: was expecting 33 bytes but only received 5 bytes before the \
             socket closed\n\
             Closing connection to the server\n"
        )
    );
}

#[test]
fn echo_client_reports_a_refused_connection() {
    let port = util::free_port().to_string(); // nothing listens there
    let out = util::run(ECHO_CLIENT, &["--port", &port], 10);
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stdout, format!("Connecting to localhost port {port}\n"));
    assert_eq!(
        out.stderr,
        "Error: ConnectionRefusedError: [Errno 111] Connection refused\n"
    );
}

#[test]
fn listings_have_their_anchors() {
    util::assert_anchors("minimal_server", &[]);
    util::assert_anchors("minimal_client", &[]);
    util::assert_anchors("echo_server", &["echo", "setup"]);
    util::assert_anchors("echo_client", &["exchange"]);
}
