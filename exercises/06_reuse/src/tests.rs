//! The checks of exercise 6. Each one runs against your `lib.rs` on 127.0.0.1; python3 plays
//! the client and says which error messages to expect.

use super::*;

use std::any::Any;
use std::io::Read;
use std::panic::{self, AssertUnwindSafe};
use std::process::{Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use pynet::socket::{
    AF_INET, Address, Error, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, Socket, create_connection,
};

/// How long a python3 peer, or one call of your code, may run before the check gives up.
const DEADLINE: Duration = Duration::from_secs(10);

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

/// Runs `python3 -c script args...` to its end (at most `DEADLINE`) and returns what it
/// printed; a python3 that fails fails the check, with its traceback.
fn python(script: &str, args: &[&str]) -> String {
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("these checks need python3 on the PATH");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for python3") {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the python3 peer ran longer than {DEADLINE:?}");
        }
        thread::sleep(Duration::from_millis(10));
    };
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(pipe) = child.stdout.as_mut() {
        pipe.read_to_string(&mut stdout).expect("python's stdout");
    }
    if let Some(pipe) = child.stderr.as_mut() {
        pipe.read_to_string(&mut stderr).expect("python's stderr");
    }
    assert!(status.success(), "the python3 peer failed:\n{stderr}");
    stdout.trim_end().to_string()
}

/// Work running on a thread of its own, so that a call that never returns fails the check
/// instead of hanging it. The thread hands back the work's result, or its panic.
struct Background<T> {
    outcome: Receiver<Result<T, Box<dyn Any + Send>>>,
}

impl<T: Send + 'static> Background<T> {
    fn start(work: impl FnOnce() -> T + Send + 'static) -> Background<T> {
        let (sender, outcome) = mpsc::channel();
        thread::spawn(move || {
            let _ = sender.send(panic::catch_unwind(AssertUnwindSafe(work)));
        });
        Background { outcome }
    }

    /// The work's result, waiting at most `DEADLINE`; if the work panicked (a `todo!()`,
    /// say), the check fails with that panic.
    fn wait(&self, what: &str) -> T {
        match self.outcome.recv_timeout(DEADLINE) {
            Ok(Ok(result)) => result,
            Ok(Err(panic)) => panic::resume_unwind(panic),
            Err(_) => panic!("{what} did not return within {DEADLINE:?}"),
        }
    }

    /// Fails the check: with the work's own panic if it panicked, else with `problem`.
    fn fail(&self, problem: String) -> ! {
        match self.outcome.recv_timeout(Duration::from_secs(1)) {
            Ok(Err(panic)) => panic::resume_unwind(panic),
            _ => panic!("{problem}"),
        }
    }
}

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

/// The port a socket is bound to.
fn port_of(s: &Socket) -> u16 {
    s.getsockname()
        .expect("getsockname")
        .port()
        .expect("an AF_INET port")
}

/// The bytes of a hex string that Python printed with `bytes.hex()`.
fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("python printed hex"))
        .collect()
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
    let printed = python(PYTHON_CLIENT, &[&port.to_string()]);
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
    let expected = python(PYTHON_BIND, &[&port.to_string(), "plain"]);
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
    let expected = python(PYTHON_BIND, &[&port.to_string(), "reuse"]);
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
