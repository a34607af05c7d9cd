//! The checks of exercise 6. Each one runs against your `lib.rs` on 127.0.0.1; python3 plays
//! the client and says which error messages to expect.

#[path = "../../support.rs"]
mod support;

use super::*;

use pynet::socket::{
    AF_INET, Address, Error, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, Socket, create_connection,
};
use support::{Background, port_of, python_output, unhex};

/// A client that connects to port `argv[1]`, prints its own address, then reads until the
/// server closes and prints what it read (as hex); or prints the error it meets.
const PYTHON_CLIENT: &str = r#"
import socket, sys
try:
    with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5) as s:
        print(s.getsockname())
        reply = b""
        while data := s.recv(1024):
            reply += data
        print(reply.hex())
except OSError as e:
    print("error:", e)
"#;

/// Binds a new socket to 127.0.0.1 port `argv[1]` (with `SO_REUSEADDR` when `argv[2]` is
/// `reuse`) and prints `bound`, or the error as `str(e)`.
const PYTHON_BIND: &str = r#"
import socket, sys
with socket.socket() as s:
    if sys.argv[2] == "reuse":
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", int(sys.argv[1])))
        print("bound")
    except OSError as e:
        print(e)
"#;

/// `serve_one(&listener, reply)` in the background; the listener is closed when it returns.
fn serve_one_in_background(
    listener: Socket,
    reply: &'static [u8],
) -> Background<Result<Address, Error>> {
    Background::start(move || {
        let served = serve_one(&listener, reply);
        drop(listener);
        served
    })
}

/// Everything a connected socket receives until the peer closes.
fn read_to_end(s: &Socket) -> Vec<u8> {
    let mut received = Vec::new();
    loop {
        let data = s.recv(1024).expect("recv from the server");
        if data.is_empty() {
            return received;
        }
        received.extend(data);
    }
}

#[test]
fn listen_returns_a_listening_tcp_socket_with_so_reuseaddr_set() {
    let listener = listen("127.0.0.1", 0, 5).expect("listen failed");
    assert_eq!(
        (listener.family(), listener.type_()),
        (AF_INET, SOCK_STREAM),
        "the socket's family and type should be AF_INET and SOCK_STREAM"
    );
    assert_eq!(
        listener
            .getsockopt(SOL_SOCKET, SO_REUSEADDR)
            .expect("getsockopt"),
        1,
        "getsockopt(SOL_SOCKET, SO_REUSEADDR) on the socket listen returned"
    );
    let address = listener.getsockname().expect("getsockname");
    assert_eq!(
        address.host(),
        Some("127.0.0.1"),
        "the socket should be bound to the host it was given"
    );
    let port = port_of(&listener);
    if let Err(e) = create_connection(("127.0.0.1", port), Some(5.0), None) {
        panic!("connecting to the socket listen returned failed ({e}): is it listening?");
    }
}

#[test]
fn a_python_client_gets_the_reply_and_serve_one_returns_its_address() {
    let listener = listen("127.0.0.1", 0, 5).expect("listen failed");
    let port = port_of(&listener);
    let server = serve_one_in_background(listener, b"Thank you for connecting");
    let printed = python_output(PYTHON_CLIENT, &[&port.to_string()]);
    let printed = printed.trim_end();
    let Some((client_address, reply)) = printed.split_once('\n') else {
        server.fail(format!("the Python client printed {printed:?}"));
    };
    let reply = unhex(reply);
    if reply != b"Thank you for connecting" {
        server.fail(format!(
            "the Python client received {:?}, not \"Thank you for connecting\"",
            String::from_utf8_lossy(&reply)
        ));
    }
    let address = server.wait("serve_one").expect("serve_one failed");
    assert_eq!(
        address.to_string(),
        client_address,
        "serve_one should return the client's address (the right side is the client's getsockname())"
    );
}

#[test]
fn listen_binds_again_at_once_a_port_left_in_time_wait() {
    let listener = listen("127.0.0.1", 0, 5).expect("listen failed");
    let port = port_of(&listener);
    let client = create_connection(("127.0.0.1", port), Some(5.0), None).expect("connect");
    let server = serve_one_in_background(listener, b"bye");
    server.wait("serve_one").expect("serve_one failed");
    assert_eq!(read_to_end(&client), b"bye", "what the client received");
    client.close().expect("close the client");

    // The server closed first, so its side of the connection now waits in TIME_WAIT, and a
    // socket without SO_REUSEADDR cannot have the port (ask Python too: same answer).
    let plain = Socket::new(AF_INET, SOCK_STREAM, 0).expect("socket");
    let expected = python_output(PYTHON_BIND, &[&port.to_string(), "plain"]);
    let expected = expected.trim_end();
    match plain.bind(("127.0.0.1", port)) {
        Ok(()) => panic!(
            "a socket without SO_REUSEADDR could bind port {port}, so the server's side of the \
             connection is not in TIME_WAIT: serve_one must close the connection itself, before \
             the client does"
        ),
        Err(e) => assert_eq!(e.to_string(), expected, "binding without SO_REUSEADDR"),
    }

    // With SO_REUSEADDR set before bind, the server can start again on the same port.
    if let Err(e) = listen("127.0.0.1", port, 5) {
        panic!("listen could not bind port {port} again: {e} (set SO_REUSEADDR before bind)");
    }
}

#[test]
fn listen_still_refuses_a_port_another_server_listens_on() {
    let first = listen("127.0.0.1", 0, 5).expect("listen failed");
    let port = port_of(&first);
    let expected = python_output(PYTHON_BIND, &[&port.to_string(), "reuse"]);
    let expected = expected.trim_end();
    match listen("127.0.0.1", port, 5) {
        Ok(_) => panic!(
            "two sockets listen on port {port} at once; SO_REUSEADDR should not allow that \
             (Python says: {expected})"
        ),
        Err(e) => assert_eq!(
            e.to_string(),
            expected,
            "the error of a second listen on a port in use"
        ),
    }
}
