//! The checks of exercise 7. Each one runs against your `lib.rs` on 127.0.0.1: your client
//! against your server, and each of them against a python3 peer.

use super::*;

use std::any::Any;
use std::io::{BufRead, BufReader, Read};
use std::panic::{self, AssertUnwindSafe};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use pynet::socket::{AF_INET, Error, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, Socket};

/// How long a python3 peer, or one call of your code, may run before the check gives up.
const DEADLINE: Duration = Duration::from_secs(10);

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

/// A python3 program running beside a check. It is killed when dropped, so a check that fails
/// leaves nothing running.
struct Python {
    child: Child,
    stdout: BufReader<ChildStdout>,
}

impl Python {
    /// Starts `python3 -c script args...`.
    fn start(script: &str, args: &[&str]) -> Python {
        let mut child = Command::new("python3")
            .arg("-c")
            .arg(script)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("these checks need python3 on the PATH");
        let stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        Python { child, stdout }
    }

    /// The port the program prints as its first line.
    fn port(&mut self) -> u16 {
        let mut line = String::new();
        self.stdout
            .read_line(&mut line)
            .expect("reading python's output");
        line.trim_end()
            .parse()
            .unwrap_or_else(|_| panic!("python3 printed {line:?}, not a port:\n{}", self.stop()))
    }

    /// Waits until the program ends (at most `DEADLINE`) and returns the rest of its output;
    /// a python3 that fails fails the check, with its traceback.
    fn finish(mut self) -> String {
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("waiting for python3") {
                break status;
            }
            if started.elapsed() > DEADLINE {
                panic!("the python3 peer ran too long:\n{}", self.stop());
            }
            thread::sleep(Duration::from_millis(10));
        };
        assert!(
            status.success(),
            "the python3 peer failed:\n{}",
            self.stop()
        );
        let mut rest = String::new();
        self.stdout
            .read_to_string(&mut rest)
            .expect("reading python's output");
        rest.trim_end().to_string()
    }

    /// Kills the program and returns what it wrote on stderr.
    fn stop(&mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut stderr = String::new();
        if let Some(pipe) = self.child.stderr.as_mut() {
            let _ = pipe.read_to_string(&mut stderr);
        }
        stderr
    }
}

impl Drop for Python {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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

/// Your server on a free loopback port, serving `clients` clients in the background.
fn start_server(clients: usize) -> (u16, Background<Result<(), Error>>) {
    let listener = bind("127.0.0.1", 0).expect("bind failed");
    let port = listener
        .getsockname()
        .expect("getsockname")
        .port()
        .expect("a port");
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

/// A loopback port where nothing listens: bind a socket to port 0, note the port, close it.
fn closed_port() -> u16 {
    let s = Socket::new(AF_INET, SOCK_STREAM, 0).expect("socket");
    s.bind(("127.0.0.1", 0)).expect("bind to a free port");
    s.getsockname()
        .expect("getsockname")
        .port()
        .expect("a port")
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
    let port = listener
        .getsockname()
        .expect("getsockname")
        .port()
        .expect("a port");
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
    let printed = Python::start(PYTHON_CLIENT, &[&port.to_string(), &message]).finish();
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
    let expected = Python::start(PYTHON_CONNECT_ERROR, &[&port.to_string()]).finish();
    match echo_from(port, LAB_MESSAGE) {
        Ok(echoed) => panic!(
            "nothing listens on port {port}, yet client returned {:?}",
            String::from_utf8_lossy(&echoed)
        ),
        Err(e) => assert_eq!(e.to_string(), expected, "the error, as str(e)"),
    }
}
