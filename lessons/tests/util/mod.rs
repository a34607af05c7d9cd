//! Helpers for the lesson programs' tests: run a program with a time limit, start a server
//! program and wait until it says it is listening, ask python3 for the reference answer, or
//! start a python3 server that hangs up early.
//!
//! Every wait here has a deadline, so a broken program fails its test instead of hanging CI.

#![allow(dead_code)] // Each test file uses only some of these helpers.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

/// What a finished program printed, and how it ended.
#[derive(Debug)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    /// The exit code; `None` if a signal ended it.
    pub code: Option<i32>,
}

/// Runs `program` (a path from `env!("CARGO_BIN_EXE_...")`) with `args` and stdin closed, and
/// waits for it to end; fails the test if it runs longer than `seconds`.
pub fn run(program: &str, args: &[&str], seconds: u64) -> Output {
    let child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
    wait_with_deadline(child, program, seconds)
}

/// Waits for `child` to end and collects its output; kills it and fails the test after
/// `seconds`.
pub fn wait_with_deadline(mut child: Child, what: &str, seconds: u64) -> Output {
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let status = wait_for_exit(&mut child, what, seconds);
    Output {
        stdout: stdout.recv().unwrap_or_default(),
        stderr: stderr.recv().unwrap_or_default(),
        code: status.code(),
    }
}

/// Waits for `child` to end; kills it and fails the test after `seconds`.
fn wait_for_exit(child: &mut Child, what: &str, seconds: u64) -> ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} did not finish within {seconds} s");
        }
        thread::sleep(Duration::from_millis(10));
    }
}

/// Reads a pipe to its end on a thread of its own, so a chatty program never blocks on a full
/// pipe while we wait for it.
fn drain(pipe: Option<impl Read + Send + 'static>) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        let _ = tx.send(text);
    });
    rx
}

/// A server program running in the background; killed when dropped.
pub struct Server {
    child: Child,
    lines: Receiver<String>,
    /// The stdout lines read so far.
    pub seen: Vec<String>,
}

impl Server {
    /// Starts `program` with `args` and waits (at most 10 s) for a stdout line containing
    /// `ready`, such as `Listening on port`.
    pub fn start(program: &str, args: &[&str], ready: &str) -> Server {
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {program}: {e}"));
        let lines = line_reader(child.stdout.take().expect("piped stdout"));
        let mut server = Server {
            child,
            lines,
            seen: Vec::new(),
        };
        server.wait_for(ready, 10);
        server
    }

    /// Waits until a stdout line contains `text` and returns that line; fails the test after
    /// `seconds` or if the program ends first.
    pub fn wait_for(&mut self, text: &str, seconds: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(text) {
                        return line;
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    panic!(
                        "no line with {text:?} within {seconds} s; saw {:?}",
                        self.seen
                    )
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    panic!(
                        "the server ended before printing {text:?}; saw {:?}",
                        self.seen
                    )
                }
            }
        }
    }

    /// Waits (at most `seconds`, else fails the test) for a server that stops by itself,
    /// and returns its exit code (`None`: a signal ended it).
    pub fn wait(mut self, seconds: u64) -> Option<i32> {
        wait_for_exit(&mut self.child, "the server", seconds).code()
    }

    /// Stops the server and returns how it ended (`None`: killed by us).
    pub fn stop(mut self) -> Option<i32> {
        let _ = self.child.kill();
        self.child.wait().ok().and_then(|status| status.code())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends each line of `stdout` down a channel as it arrives.
fn line_reader(stdout: ChildStdout) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// A TCP port on 127.0.0.1 that was free a moment ago, for programs that take `--port`.
/// (Another process could take it in between; on a test machine that does not happen.)
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("local_addr").port()
}

/// Runs `python3 -c code args...` as [`run`] runs a program: its output and how it ended,
/// whether it succeeded or not.
pub fn run_python(code: &str, args: &[&str], seconds: u64) -> Output {
    let mut python_args = vec!["-c", code];
    python_args.extend(args);
    run("python3", &python_args, seconds)
}

/// What `python3 -c code args...` prints, trimmed at the end; fails the test if Python fails
/// or takes more than 30 s.
pub fn python(code: &str, args: &[&str]) -> String {
    let out = run_python(code, args, 30);
    assert_eq!(out.code, Some(0), "python3 failed: {}", out.stderr);
    out.stdout.trim_end().to_string()
}

/// A server that hangs up early: `python3 -u -c PY_EARLY_CLOSING_SERVER LENGTH REPLY` prints
/// `Listening on port N` (a free port on 127.0.0.1), then, for each client, reads `LENGTH`
/// bytes, sends `REPLY` and closes the connection.
const PY_EARLY_CLOSING_SERVER: &str = r#"
import socket, sys
length, reply = int(sys.argv[1]), sys.argv[2].encode()
sock = socket.socket()
sock.bind(("127.0.0.1", 0))
sock.listen(1)
print("Listening on port %d" % sock.getsockname()[1])
while True:
    client, _ = sock.accept()
    data = b""
    while len(data) < length:
        data += client.recv(length - len(data))
    client.sendall(reply)
    client.close()
"#;

/// Starts a python3 server that reads `length` bytes from each client, answers `reply` (fewer
/// bytes than the client waits for) and hangs up; returns it and its port. Clients meet a
/// connection that closes early.
pub fn early_closing_server(length: usize, reply: &str) -> (Server, String) {
    let length = length.to_string();
    let args = ["-u", "-c", PY_EARLY_CLOSING_SERVER, &length, reply];
    let server = Server::start("python3", &args, "Listening on port");
    let port = server.seen[0]
        .trim_start_matches("Listening on port ")
        .to_string();
    (server, port)
}

/// The lesson program `name`'s source, for tests that check a listing's anchors.
pub fn source(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src/bin")
        .join(format!("{name}.rs"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Fails the test unless the lesson program `name` has the `listing` anchor pair the book
/// includes it by, and each of `anchors` as a pair too (`// ANCHOR: x` ... `// ANCHOR_END: x`).
pub fn assert_anchors(name: &str, anchors: &[&str]) {
    let text = source(name);
    for anchor in std::iter::once(&"listing").chain(anchors) {
        let start = text.find(&format!("// ANCHOR: {anchor}\n"));
        let end = text.find(&format!("// ANCHOR_END: {anchor}\n"));
        match (start, end) {
            (Some(start), Some(end)) if start < end => {}
            _ => panic!("{name}.rs lacks the anchor pair {anchor:?}"),
        }
    }
}
