//! Helpers shared by the integration tests: `mod util;` at the top of a test file.
//!
//! * [`within`]: every blocking step of a test runs under a time limit, so a bug fails fast
//!   instead of hanging CI;
//! * [`Oracle`] and [`Parity`]: CPython's `socket` module answers the same cases as pynet, and
//!   the answers are compared one by one;
//! * [`random_bytes`], [`ipv6_loopback`], [`python3`];
//! * [`peer`]: finding dnsmasq, chronyd and the other real peers, or skipping without them;
//! * [`chrony`]: chronyd serving NTP on loopback for one test;
//! * [`dnsmasq`]: dnsmasq serving a test zone on loopback for one test;
//! * [`tls`]: a local CA and test certificates as PEM files.

#![allow(dead_code)] // Each test file uses only some of these helpers.

pub mod chrony;
pub mod dnsmasq;
pub mod peer;
pub mod tls;

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use pynet::socket::{Result, Socket};
use serde_json::{Value, json};

/// Runs `f` on its own thread and returns its result, failing the test if it takes longer
/// than `seconds`. A panic inside `f` fails the test with the same message.
pub fn within<T: Send + 'static>(seconds: f64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    let worker = thread::spawn(move || {
        let _ = done.send(f());
    });
    match result.recv_timeout(Duration::from_secs_f64(seconds)) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the worker ended without sending its result"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("step did not finish within {seconds} s")
        }
    }
}

/// Everything `sock` receives until the peer closes its sending side.
pub fn recv_to_eof(sock: &Socket) -> Result<Vec<u8>> {
    let mut all = Vec::new();
    loop {
        let chunk = sock.recv(65536)?;
        if chunk.is_empty() {
            return Ok(all);
        }
        all.extend_from_slice(&chunk);
    }
}

/// Exactly `n` bytes from `sock`, however they are split; fails the test if the peer closes
/// first.
pub fn recv_exactly(sock: &Socket, n: usize) -> Result<Vec<u8>> {
    let mut data = Vec::new();
    while data.len() < n {
        let chunk = sock.recv(n - data.len())?;
        assert!(
            !chunk.is_empty(),
            "the peer closed after {} of {n} bytes",
            data.len()
        );
        data.extend_from_slice(&chunk);
    }
    Ok(data)
}

/// `n` pseudo-random bytes from `seed`: the same bytes on every run.
pub fn random_bytes(seed: u64, n: usize) -> Vec<u8> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut bytes = vec![0u8; n];
    rng.fill(&mut bytes);
    bytes
}

/// The `python3` on PATH, unbuffered.
pub fn python3() -> Command {
    let mut command = Command::new("python3");
    command.env("PYTHONUNBUFFERED", "1");
    command
}

/// What `python3 -c code args...` prints on stdout; fails the test if Python fails or takes
/// more than a minute.
pub fn python_output(code: &str, args: &[String]) -> String {
    let code = code.to_string();
    let args = args.to_vec();
    within(60.0, move || {
        let output = python3()
            .arg("-c")
            .arg(code)
            .args(args)
            .output()
            .expect("python3 must be installed: it is the oracle of these tests");
        assert!(
            output.status.success(),
            "python3 failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("UTF-8 from python3")
    })
}

/// A file under `tests/py/`.
pub fn py_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/py")
        .join(name)
}

/// Whether `::1` works here; prints why a test is skipped when it does not.
pub fn ipv6_loopback(test: &str) -> bool {
    let works = Socket::new(pynet::socket::AF_INET6, pynet::socket::SOCK_STREAM, 0)
        .and_then(|s| s.bind(("::1", 0)))
        .is_ok();
    if !works {
        eprintln!("skipped {test}: this machine has no IPv6 loopback (::1)");
    }
    works
}

/// The JSON form of bytes the oracle understands.
pub fn bytes(data: &[u8]) -> Value {
    let hex: String = data.iter().map(|b| format!("{b:02x}")).collect();
    json!({ "bytes": hex })
}

/// A pynet result in the oracle's answer shape: `{"ok": value}` or
/// `{"exc": class, "errno": n, "msg": text}`.
pub fn outcome(result: Result<Value>) -> Value {
    match result {
        Ok(value) => json!({ "ok": value }),
        Err(e) => json!({
            "exc": e.exception().name(),
            "errno": e.errno(),
            "msg": e.to_string(),
        }),
    }
}

/// CPython answering a batch of cases through `tests/py/oracle.py`.
pub struct Oracle;

impl Oracle {
    /// Python's answer to each case, in order. A case is
    /// `{"fn": name, "args": [...]}` (and `"repr": true` for repr() answers).
    pub fn ask(cases: &[Value]) -> Vec<Value> {
        let mut oracle = python3();
        oracle.arg(py_file("oracle.py"));
        json_lines(oracle, cases, 600.0)
    }
}

/// Runs `program` (a Python oracle), writes it one JSON case per line and reads its answers,
/// one JSON value per line, in order; fails the test if it takes longer than `seconds`, fails,
/// or answers fewer cases.
pub fn json_lines(mut program: Command, cases: &[Value], seconds: f64) -> Vec<Value> {
    let input: String = cases.iter().map(|case| format!("{case}\n")).collect();
    let expected = cases.len();
    within(seconds, move || {
        let mut child = program
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 must be installed: it is the oracle of these tests");
        let mut stdin = child.stdin.take().expect("piped stdin");
        let writer = thread::spawn(move || stdin.write_all(input.as_bytes()));
        let answers: Vec<Value> = BufReader::new(child.stdout.take().expect("piped stdout"))
            .lines()
            .map(|line| serde_json::from_str(&line.expect("oracle output")).expect("JSON"))
            .collect();
        writer.join().expect("writer").expect("oracle stdin");
        assert!(
            child.wait().expect("oracle exit").success(),
            "the oracle failed"
        );
        assert_eq!(answers.len(), expected, "the oracle answered too few cases");
        answers
    })
}

/// A differential comparison: cases, pynet's answers, Python's answers.
pub struct Parity {
    name: String,
    cases: Vec<Value>,
    ours: Vec<Value>,
}

impl Parity {
    /// An empty table named after what it compares.
    pub fn new(name: &str) -> Parity {
        Parity {
            name: name.to_string(),
            cases: Vec::new(),
            ours: Vec::new(),
        }
    }

    /// Adds a case: Python's `socket.<function>(*args)` against pynet's `ours`.
    pub fn case(&mut self, function: &str, args: Value, ours: Result<Value>) {
        self.cases.push(json!({ "fn": function, "args": args }));
        self.ours.push(outcome(ours));
    }

    /// Adds a case compared by `repr()`: Python's `repr(socket.<function>(*args))` against
    /// pynet's text.
    pub fn case_repr(&mut self, function: &str, args: Value, ours: Result<String>) {
        self.cases
            .push(json!({ "fn": function, "args": args, "repr": true }));
        self.ours.push(outcome(ours.map(Value::String)));
    }

    /// Asks Python, compares every answer, prints `N cases compared, N equal`, and fails
    /// listing the first differences if any answer differs.
    pub fn check(self) {
        let theirs = Oracle::ask(&self.cases);
        let mut differences = Vec::new();
        for ((case, ours), theirs) in self.cases.iter().zip(&self.ours).zip(&theirs) {
            if ours != theirs {
                differences.push(format!("{case}\n    pynet:  {ours}\n    python: {theirs}"));
            }
        }
        let compared = self.cases.len();
        let equal = compared - differences.len();
        println!(
            "parity {}: {compared} cases compared, {equal} equal",
            self.name
        );
        assert!(
            differences.is_empty(),
            "{} of {compared} {} cases differ from Python; the first ones:\n{}",
            differences.len(),
            self.name,
            differences
                .iter()
                .take(15)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
