//! Lesson 06's programs: timeouts, buffer sizes, blocking modes and SO_REUSEADDR. Outputs
//! that depend on the machine (buffer sizes) are compared with what Python prints here.

mod util;

use pynet::socket::{self, AF_INET, Exception, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, Socket};
use util::Server;

const SOCKET_TIMEOUT: &str = env!("CARGO_BIN_EXE_socket_timeout");
const MODIFY_BUFF_SIZE: &str = env!("CARGO_BIN_EXE_modify_buff_size");
const SOCKET_MODES: &str = env!("CARGO_BIN_EXE_socket_modes");
const REUSE_SOCKET_ADDRESS: &str = env!("CARGO_BIN_EXE_reuse_socket_address");

/// Runs a program that takes no flags and ends by itself; returns its stdout.
fn run_ok(program: &str) -> String {
    let out = util::run(program, &[], 10);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    out.stdout.trim_end().to_string()
}

#[test]
fn socket_timeout_prints_what_python_prints() {
    let python = util::python(
        "import socket\n\
         s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n\
         print('Default socket timeout: %s' % s.gettimeout())\n\
         s.settimeout(100)\n\
         print('Current socket timeout: %s' % s.gettimeout())",
        &[],
    );
    assert_eq!(
        python,
        "Default socket timeout: None\nCurrent socket timeout: 100.0"
    );
    assert_eq!(run_ok(SOCKET_TIMEOUT), python);
}

#[test]
fn modify_buff_size_prints_what_python_prints() {
    let python = util::python(
        "import socket\n\
         s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n\
         print('Buffer size [Before]:%d' % s.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF))\n\
         s.setsockopt(socket.SOL_TCP, socket.TCP_NODELAY, 1)\n\
         s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)\n\
         s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)\n\
         print('Buffer size [After]:%d' % s.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF))",
        &[],
    );
    assert!(python.ends_with("Buffer size [After]:8192"), "{python}");
    assert_eq!(run_ok(MODIFY_BUFF_SIZE), python);
}

/// The port of a printed address such as `('127.0.0.1', 54321)`.
fn port_of(address: &str) -> u16 {
    let digits = address
        .strip_prefix("('127.0.0.1', ")
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("not a loopback address: {address:?}"));
    digits.parse().expect("a port number")
}

#[test]
fn socket_modes_listens_on_the_address_it_prints() {
    let server = Server::start(SOCKET_MODES, &[], "Trivial Server launched on socket: ");
    let line = server.seen.last().expect("the ready line").clone();
    let address = line.trim_start_matches("Trivial Server launched on socket: ");
    let port = port_of(address);
    // The backlog takes the connection even though the program never accepts it.
    let client = socket::create_connection(("127.0.0.1", port), Some(5.0), None)
        .expect("the program listens");
    assert_eq!(
        client.getpeername().expect("getpeername").to_string(),
        address
    );
    assert_eq!(server.seen, [line]);
    assert_eq!(server.stop(), None, "still running until we stop it");
}

/// Starts `reuse_socket_address` on `port` and checks its first three lines.
fn start_reuse_server(port: u16) -> Server {
    let port = port.to_string();
    let server = Server::start(
        REUSE_SOCKET_ADDRESS,
        &["--port", &port],
        "Listening on port",
    );
    assert_eq!(
        server.seen,
        [
            "Old sock state: 0".to_string(),
            "New sock state: 1".to_string(),
            format!("Listening on port: {port}"),
        ]
    );
    server
}

/// Connects to the server on `port`, waits for its "Connected by" line, then waits for the
/// server to close the connection (so the server's side of it lingers in TIME_WAIT).
fn connect_and_wait_for_close(server: &mut Server, port: u16) {
    let client = socket::create_connection(("127.0.0.1", port), Some(5.0), None)
        .expect("the server accepts");
    let client_port = client.getsockname().expect("getsockname").port();
    let expected = format!("Connected by 127.0.0.1:{}", client_port.expect("a port"));
    assert_eq!(server.wait_for("Connected by", 5), expected);
    assert_eq!(client.recv(16).expect("recv"), b"", "the server closes");
}

#[test]
fn reuse_socket_address_prints_states_and_clients_like_python() {
    let python = util::python(
        "import socket\n\
         s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n\
         print('Old sock state: %s' % s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR))\n\
         s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n\
         print('New sock state: %s' % s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR))",
        &[],
    );
    assert_eq!(python, "Old sock state: 0\nNew sock state: 1");
    let port = util::free_port();
    let mut server = start_reuse_server(port);
    connect_and_wait_for_close(&mut server, port);
    connect_and_wait_for_close(&mut server, port);
}

#[test]
fn reuse_socket_address_restarts_on_a_port_in_time_wait() {
    let port = util::free_port();
    let mut server = start_reuse_server(port);
    connect_and_wait_for_close(&mut server, port);
    server.stop();

    // Without SO_REUSEADDR the port is still taken by the connection in TIME_WAIT...
    let plain = Socket::new(AF_INET, SOCK_STREAM, 0).expect("socket");
    assert_eq!(
        plain
            .getsockopt(SOL_SOCKET, SO_REUSEADDR)
            .expect("getsockopt"),
        0
    );
    let e = plain
        .bind(("", port))
        .expect_err("the port is in TIME_WAIT");
    assert!(e.is_instance(Exception::OSError));
    assert_eq!(e.to_string(), "[Errno 98] Address already in use");

    // ...but the program, which sets it, starts again at once.
    let mut again = start_reuse_server(port);
    connect_and_wait_for_close(&mut again, port);
}

#[test]
fn listings_have_their_anchors() {
    util::assert_anchors("socket_timeout", &[]);
    util::assert_anchors("modify_buff_size", &["options"]);
    util::assert_anchors("socket_modes", &["modes"]);
    util::assert_anchors("reuse_socket_address", &["reuse"]);
}
