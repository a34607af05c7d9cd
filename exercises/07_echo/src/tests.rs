//! The checks of exercise 7. Each one runs against your `lib.rs` on 127.0.0.1: your client
//! against your server, and each of them against a python3 peer.

#[path = "../../support.rs"]
mod support;

use super::*;

use pynet::socket::{Error, SO_REUSEADDR, SOL_SOCKET};
use support::{Background, Python, closed_port, port_of, python_output};

/// The lab's message: longer than 16 bytes.
const LAB_MESSAGE: &[u8] = b"This is the message.  It will be repeated.";

/// The lab's client in Python: sends the message in two pieces with a pause between them,
/// reads until it has all of it back (or the server closes), prints what it got, or the error
/// it meets.
const PYTHON_CLIENT: &str = r#"
import socket, sys, time
message = sys.argv[2].encode()
try:
    with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5) as s:
        s.sendall(message[:10])
        time.sleep(0.1)
        s.sendall(message[10:])
        received = b""
        while len(received) < len(message):
            data = s.recv(16)
            if not data:
                break
            received += data
        print(received.decode())
except OSError as e:
    print("error:", e)
"#;

/// An echo server in Python that makes the client's life hard: it prints its port, reads the
/// whole message (`argv[1]` bytes), then sends back its first `argv[2]` bytes in 16-byte
/// pieces with pauses between them, and closes.
const PYTHON_SLOW_ECHO_SERVER: &str = r#"
import socket, sys, time
socket.setdefaulttimeout(5)
size, keep = int(sys.argv[1]), int(sys.argv[2])
with socket.create_server(("127.0.0.1", 0)) as server:
    print(server.getsockname()[1], flush=True)
    conn, _ = server.accept()
    with conn:
        received = b""
        while len(received) < size:
            data = conn.recv(4096)
            if not data:
                break
            received += data
        for start in range(0, keep, 16):
            time.sleep(0.02)
            conn.sendall(received[start:min(start + 16, keep)])
"#;

/// Python connecting to port `argv[1]` and printing the error it meets, as `str(e)`.
const PYTHON_CONNECT_ERROR: &str = r#"
import socket, sys
try:
    socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5).close()
    print("connected")
except OSError as e:
    print(e)
"#;

/// Your server on a free loopback port, serving `clients` clients in the background.
fn start_server(clients: usize) -> (u16, Background<Result<(), Error>>) {
    let listener = bind("127.0.0.1", 0).expect("bind failed");
    let port = port_of(&listener);
    (
        port,
        Background::start(move || serve(&listener, Some(clients))),
    )
}

/// Your client's echo of `message` from port `port`, given at most `DEADLINE`.
fn echo_from(port: u16, message: &[u8]) -> Result<Vec<u8>, Error> {
    let message = message.to_vec();
    Background::start(move || client("127.0.0.1", port, &message)).wait(
        "client (does its loop stop once the whole message is back, and when recv returns \
         an empty vector?)",
    )
}

/// Sends `message` through your client and your server, and checks it comes back intact.
fn assert_echoed(message: &[u8]) {
    let (port, server) = start_server(1);
    let echoed =
        echo_from(port, message).unwrap_or_else(|e| server.fail(format!("client failed: {e}")));
    assert!(
        echoed == message,
        "sent {} bytes, got back {} bytes: {:?}{}",
        message.len(),
        echoed.len(),
        String::from_utf8_lossy(&echoed[..echoed.len().min(60)]),
        if echoed.len() > 60 { "..." } else { "" }
    );
    server
        .wait("serve (does it return after the one client it was asked to serve?)")
        .expect("serve failed");
}

#[test]
fn bind_returns_a_listening_socket_with_so_reuseaddr_set() {
    let listener = bind("127.0.0.1", 0).expect("bind failed");
    assert_eq!(
        listener
            .getsockopt(SOL_SOCKET, SO_REUSEADDR)
            .expect("getsockopt"),
        1,
        "getsockopt(SOL_SOCKET, SO_REUSEADDR) on the socket bind returned"
    );
    let port = port_of(&listener);
    if let Err(e) = pynet::socket::create_connection(("127.0.0.1", port), Some(5.0), None) {
        panic!("connecting to the socket bind returned failed ({e}): is it listening?");
    }
}

#[test]
fn echoes_a_short_message() {
    assert_echoed(b"hello");
}

#[test]
fn echoes_a_message_longer_than_16_bytes() {
    assert_echoed(LAB_MESSAGE);
}

#[test]
fn echoes_a_100_kb_message_intact() {
    let message: Vec<u8> = (0..100_000).map(|i| (i % 251) as u8).collect();
    assert_echoed(&message);
}

#[test]
fn serves_several_clients_in_turn_then_returns() {
    let (port, server) = start_server(3);
    for message in [
        &b"one"[..],
        b"two, a little longer than sixteen bytes",
        b"three",
    ] {
        let echoed =
            echo_from(port, message).unwrap_or_else(|e| server.fail(format!("client failed: {e}")));
        assert_eq!(
            String::from_utf8_lossy(&echoed),
            String::from_utf8_lossy(message),
            "what came back"
        );
    }
    server
        .wait("serve (does it return after the 3 clients it was asked to serve?)")
        .expect("serve failed");
}

#[test]
fn a_python_client_gets_its_message_back_from_serve() {
    let (port, server) = start_server(1);
    let message = String::from_utf8_lossy(LAB_MESSAGE);
    let printed = python_output(PYTHON_CLIENT, &[&port.to_string(), &message]);
    let printed = printed.trim_end();
    if printed != message {
        server.fail(format!(
            "the Python client sent {message:?} and got back {printed:?}"
        ));
    }
    server.wait("serve").expect("serve failed");
}

#[test]
fn client_gets_the_whole_echo_from_a_python_server_that_sends_it_in_pieces() {
    let size = LAB_MESSAGE.len().to_string();
    let mut server = Python::start(PYTHON_SLOW_ECHO_SERVER, &[&size, &size]);
    let port = server.port();
    let echoed = echo_from(port, LAB_MESSAGE).expect("client failed");
    assert_eq!(
        String::from_utf8_lossy(&echoed),
        String::from_utf8_lossy(LAB_MESSAGE),
        "the server echoed the message in 16-byte pieces; keep calling recv until all of it is back"
    );
}

#[test]
fn client_returns_what_came_back_when_the_server_closes_early() {
    let size = LAB_MESSAGE.len().to_string();
    let mut server = Python::start(PYTHON_SLOW_ECHO_SERVER, &[&size, "20"]);
    let port = server.port();
    let echoed = echo_from(port, LAB_MESSAGE).expect("client failed");
    assert_eq!(
        String::from_utf8_lossy(&echoed),
        String::from_utf8_lossy(&LAB_MESSAGE[..20]),
        "the server echoed 20 bytes and closed; the client should return those 20 bytes"
    );
}

#[test]
fn client_fails_with_pythons_error_when_no_server_listens() {
    let port = closed_port();
    let expected = python_output(PYTHON_CONNECT_ERROR, &[&port.to_string()]);
    let expected = expected.trim_end();
    match echo_from(port, LAB_MESSAGE) {
        Ok(echoed) => panic!(
            "nothing listens on port {port}, yet client returned {:?}",
            String::from_utf8_lossy(&echoed)
        ),
        Err(e) => assert_eq!(e.to_string(), expected, "the error, as str(e)"),
    }
}
