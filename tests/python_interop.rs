//! Python programs as real peers of pynet over loopback: a Python client of a pynet server
//! (`tests/py/echo_client.py`), pynet clients of Python TCP and UDP servers
//! (`tests/py/echo_server.py`), and mebibytes of random bytes through both, byte for byte.

mod util;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ChildStderr, ChildStdout, Stdio};
use std::thread;

use pynet::socket::{AF_INET, Address, Result, SHUT_WR, SOCK_DGRAM, SOCK_STREAM, Socket};

/// A Python program from `tests/py/` running as a peer. Dropping it kills it, so a failing or
/// timed-out test leaves no process behind; the scripts also end themselves after 30 s.
struct Peer {
    child: Child,
    stdout: Option<BufReader<ChildStdout>>,
    stderr: Option<ChildStderr>,
}

impl Peer {
    /// Starts `python3 tests/py/<script> <args>` with its stdout and stderr piped.
    fn start(script: &str, args: &[&str]) -> Peer {
        let mut child = util::python3()
            .arg(util::py_file(script))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("python3 must be installed: it is the peer of these tests");
        let stdout = child.stdout.take().map(BufReader::new);
        let stderr = child.stderr.take();
        Peer {
            child,
            stdout,
            stderr,
        }
    }

    /// The next line the program prints, without its newline (10 s at most).
    fn line(&mut self) -> String {
        let mut reader = self.stdout.take().expect("stdout is still open");
        let (line, reader) = util::within(10.0, move || {
            let mut line = String::new();
            reader.read_line(&mut line).map(|_| (line, reader))
        })
        .expect("read the peer's stdout");
        self.stdout = Some(reader);
        line.trim_end_matches('\n').to_string()
    }

    /// The port the program printed on its first line.
    fn port(&mut self) -> u16 {
        let line = self.line();
        line.parse()
            .unwrap_or_else(|_| panic!("the peer printed {line:?} instead of its port"))
    }

    /// Everything else the program prints until it exits; fails the test, showing its
    /// stderr, unless it exits with status 0.
    fn finish(mut self) -> Vec<String> {
        let stdout = self.stdout.take().expect("stdout is still open");
        let mut stderr = self.stderr.take().expect("stderr is still open");
        let (lines, errors) = util::within(20.0, move || {
            let lines: Vec<String> = stdout.lines().collect::<std::io::Result<_>>()?;
            let mut errors = String::new();
            stderr.read_to_string(&mut errors)?;
            Ok::<_, std::io::Error>((lines, errors))
        })
        .expect("read the peer's output");
        // Both pipes are at their end: the program has exited or is exiting.
        let status = self.child.wait().expect("wait for the peer");
        assert!(
            status.success(),
            "the Python peer failed ({status}):\n{errors}"
        );
        lines
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs a test body under a 20 s limit and fails the test with Python's traceback line if it
/// returns an error.
fn run(body: impl FnOnce() -> Result<()> + Send + 'static) {
    util::within(20.0, body).unwrap();
}

/// One line from `sock`, read a byte at a time so nothing after it is consumed.
fn recv_line(sock: &Socket) -> Result<String> {
    let mut line = Vec::new();
    while line.last() != Some(&b'\n') {
        let byte = sock.recv(1)?;
        assert!(!byte.is_empty(), "the peer closed in the middle of a line");
        line.extend_from_slice(&byte);
    }
    line.pop();
    Ok(String::from_utf8(line).expect("a UTF-8 line"))
}

/// A pynet TCP server on a free loopback port: `(listener, port)`.
fn pynet_listener() -> Result<(Socket, u16)> {
    let server = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    server.bind(("127.0.0.1", 0))?;
    server.listen(5)?;
    let port = server.getsockname()?.port().expect("a port");
    Ok((server, port))
}

#[test]
fn python_client_talks_to_pynet_server() {
    let (server, port) = pynet_listener().unwrap();
    let peer = Peer::start("echo_client.py", &[&port.to_string(), "talk"]);
    // The server greets with the address it saw, then answers each word in capitals.
    let serving = thread::spawn(move || -> Result<Address> {
        let (conn, address) = server.accept()?;
        conn.sendall(format!("hello {address}\n").as_bytes())?;
        for word in ["one", "two", "three"] {
            let got = util::recv_exactly(&conn, word.len())?;
            assert_eq!(got, word.as_bytes());
            conn.sendall(word.to_uppercase().as_bytes())?;
        }
        assert_eq!(conn.recv(1024)?, b"");
        conn.sendall(b"goodbye")?;
        conn.close()?;
        Ok(address)
    });
    let lines = peer.finish();
    let address = util::within(10.0, move || serving.join())
        .expect("server thread")
        .unwrap();
    assert_eq!(
        lines,
        [
            format!("sockname {address}"),
            format!("greeting hello {address}"),
            "answer ONE".to_string(),
            "answer TWO".to_string(),
            "answer THREE".to_string(),
            "rest b'goodbye'".to_string(),
        ]
    );
}

#[test]
fn pynet_client_talks_to_python_tcp_server() {
    let mut peer = Peer::start("echo_server.py", &["tcp"]);
    let port = peer.port();
    run(move || {
        let client = Socket::new(AF_INET, SOCK_STREAM, 0)?;
        client.connect(("127.0.0.1", port))?;
        // Python greets with repr() of the address it accepted: ours, as pynet prints it.
        assert_eq!(recv_line(&client)?, client.getsockname()?.to_string());
        for word in [&b"ping"[..], b"from pynet", b"\x00\xff binary \r\n"] {
            client.sendall(word)?;
            assert_eq!(util::recv_exactly(&client, word.len())?, word);
        }
        client.shutdown(SHUT_WR)?;
        assert_eq!(client.recv(1024)?, b"");
        Ok(())
    });
    assert_eq!(peer.finish(), ["served 26 bytes"]);
}

#[test]
fn pynet_client_talks_to_python_udp_server() {
    let mut peer = Peer::start("echo_server.py", &["udp"]);
    let port = peer.port();
    run(move || {
        let client = Socket::new(AF_INET, SOCK_DGRAM, 0)?;
        client.bind(("127.0.0.1", 0))?;
        let me = client.getsockname()?;
        client.sendto(b"ping", ("127.0.0.1", port))?;
        let (reply, from) = client.recvfrom(4096)?;
        assert_eq!(from, Address::Inet("127.0.0.1".into(), port));
        assert_eq!(String::from_utf8_lossy(&reply), format!("(b'ping', {me})"));
        // Connected: send and recv, with bytes Python shows escaped.
        client.connect(("127.0.0.1", port))?;
        client.send(b"\x00\x01'quoted'")?;
        assert_eq!(
            String::from_utf8_lossy(&client.recv(4096)?),
            format!("(b\"\\x00\\x01'quoted'\", {me})")
        );
        client.sendall(b"")?;
        assert_eq!(
            String::from_utf8_lossy(&client.recv(4096)?),
            format!("(b'', {me})")
        );
        client.send(b"quit")?;
        assert_eq!(client.recv(4096)?, b"bye");
        Ok(())
    });
    assert_eq!(peer.finish(), ["udp server done"]);
}

#[test]
fn python_sends_mebibytes_and_gets_them_back_byte_exact() {
    const SIZE: usize = 4 << 20;
    let data = util::random_bytes(11, SIZE);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("payload.bin");
    std::fs::write(&file, &data).expect("write the payload");

    let (server, port) = pynet_listener().unwrap();
    let peer = Peer::start(
        "echo_client.py",
        &[
            &port.to_string(),
            "bulk",
            file.to_str().expect("a UTF-8 path"),
        ],
    );
    // A pynet echo server that also keeps what it received.
    let serving = thread::spawn(move || -> Result<Vec<u8>> {
        let (conn, _) = server.accept()?;
        let mut received = Vec::with_capacity(SIZE);
        loop {
            let chunk = conn.recv(65536)?;
            if chunk.is_empty() {
                break;
            }
            conn.sendall(&chunk)?;
            received.extend_from_slice(&chunk);
        }
        conn.close()?;
        Ok(received)
    });
    assert_eq!(
        peer.finish(),
        [format!("received {SIZE} bytes, equal True")]
    );
    let received = util::within(10.0, move || serving.join())
        .expect("server thread")
        .unwrap();
    assert_eq!(received.len(), SIZE);
    assert!(
        received == data,
        "pynet received other bytes than Python sent"
    );
}

#[test]
fn pynet_sends_mebibytes_through_a_python_echo_and_back() {
    const SIZE: usize = 4 << 20;
    let mut peer = Peer::start("echo_server.py", &["tcp"]);
    let port = peer.port();
    run(move || {
        let data = util::random_bytes(12, SIZE);
        let client = Socket::new(AF_INET, SOCK_STREAM, 0)?;
        client.connect(("127.0.0.1", port))?;
        assert_eq!(recv_line(&client)?, client.getsockname()?.to_string());
        // One thread sends while this one receives, on the same socket.
        let echoed = thread::scope(|scope| {
            let sender = scope.spawn(|| -> Result<()> {
                client.sendall(&data)?;
                client.shutdown(SHUT_WR)
            });
            let echoed = util::recv_to_eof(&client);
            sender.join().expect("sender thread")?;
            echoed
        })?;
        assert_eq!(echoed.len(), SIZE);
        assert!(echoed == data, "the echo differs from what pynet sent");
        Ok(())
    });
    assert_eq!(peer.finish(), [format!("served {SIZE} bytes")]);
}
