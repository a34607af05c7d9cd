//! Helpers the exercises' checks share. Each exercise's `src/tests.rs` includes this file as
//! its module `support`:
//!
//! - [`python_output`] runs a python3 program to its end and returns what it printed: Python's
//!   answer to the question a check asks your code.
//! - [`Python`] keeps a python3 program running beside a check, as the server or client your
//!   code talks to, and reads the lines it prints (its port first).
//! - [`Background`] runs your code on a thread of its own, so a call that never returns fails
//!   the check instead of hanging it.
//! - [`port_of`], [`closed_port`] and [`unhex`] are small steps several checks take.
//!
//! Every wait here ends after [`DEADLINE`], so a check that goes wrong fails with a message
//! rather than hanging.

// Each exercise's checks use only some of these helpers, and the rest would be dead code there.
#![allow(dead_code)]

use std::any::Any;
use std::io::{BufRead, BufReader, Read};
use std::panic::{self, AssertUnwindSafe};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use pynet::socket::{AF_INET, SOCK_STREAM, Socket};

/// How long a python3 program, or one call of your code, may run before the check gives up.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// Runs `python3 -c script args...` to its end and returns everything it printed on stdout,
/// exactly (trailing newline included). Fails the check if python3 fails, with its traceback,
/// or runs longer than [`DEADLINE`].
pub fn python_output(script: &str, args: &[&str]) -> String {
    let mut child = start_python(script, args);
    let stdout = read_on_thread(child.stdout.take().expect("stdout is piped"));
    let stderr = read_on_thread(child.stderr.take().expect("stderr is piped"));
    let Some(status) = wait_within_deadline(&mut child) else {
        panic!(
            "python3 gave no answer within {DEADLINE:?}:\n{}",
            collect(&stderr)
        );
    };
    assert!(status.success(), "python3 failed:\n{}", collect(&stderr));
    collect(&stdout)
}

/// A python3 program running beside a check: a server that prints its port, or a client.
/// Whatever it prints on stdout is read line by line as it comes. It is killed when dropped,
/// so a check that fails leaves nothing running.
pub struct Python {
    child: Child,
    lines: Receiver<String>,
    stderr: Receiver<String>,
}

impl Python {
    /// Starts `python3 -c script args...`.
    pub fn start(script: &str, args: &[&str]) -> Python {
        let mut child = start_python(script, args);
        let lines = lines_on_thread(child.stdout.take().expect("stdout is piped"));
        let stderr = read_on_thread(child.stderr.take().expect("stderr is piped"));
        Python {
            child,
            lines,
            stderr,
        }
    }

    /// The next line the program prints, without its newline, waiting at most [`DEADLINE`].
    /// Fails the check, with the program's traceback, if it ends or falls silent first.
    pub fn line(&mut self) -> String {
        match self.lines.recv_timeout(DEADLINE) {
            Ok(line) => line,
            Err(RecvTimeoutError::Timeout) => panic!(
                "the python3 peer printed nothing for {DEADLINE:?}:\n{}",
                self.stop()
            ),
            Err(RecvTimeoutError::Disconnected) => {
                panic!("the python3 peer stopped early:\n{}", self.stop())
            }
        }
    }

    /// The port the program prints as its next line.
    pub fn port(&mut self) -> u16 {
        let line = self.line();
        line.parse()
            .unwrap_or_else(|_| panic!("python3 printed {line:?}, not a port:\n{}", self.stop()))
    }

    /// Kills the program and returns what it wrote on stderr.
    fn stop(&mut self) -> String {
        kill(&mut self.child);
        collect(&self.stderr)
    }
}

impl Drop for Python {
    fn drop(&mut self) {
        kill(&mut self.child);
    }
}

/// Starts `python3 -c script args...` with stdin closed and stdout and stderr piped.
fn start_python(script: &str, args: &[&str]) -> Child {
    Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("these checks need python3 on the PATH")
}

/// Waits at most [`DEADLINE`] for `child` to end; `None` (and the child killed) if it runs on.
fn wait_within_deadline(child: &mut Child) -> Option<ExitStatus> {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("waiting for python3") {
            return Some(status);
        }
        if started.elapsed() > DEADLINE {
            kill(child);
            return None;
        }
        thread::sleep(Duration::from_millis(10));
    }
}

/// Ends `child` if it still runs, and waits for it, so it leaves no zombie behind.
fn kill(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// Reads a pipe to its end on a thread of its own, so that a program that prints a lot never
/// blocks on a full pipe while the check waits for it; the text arrives on the receiver.
fn read_on_thread(mut pipe: impl Read + Send + 'static) -> Receiver<String> {
    let (sender, text) = mpsc::channel();
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        let _ = sender.send(String::from_utf8_lossy(&bytes).into_owned());
    });
    text
}

/// Sends each line of a pipe, without its newline, down a channel as it arrives.
fn lines_on_thread(pipe: impl Read + Send + 'static) -> Receiver<String> {
    let (sender, lines) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    lines
}

/// The text a [`read_on_thread`] reader sends once its pipe is closed, waiting at most
/// [`DEADLINE`] (empty if none comes).
fn collect(text: &Receiver<String>) -> String {
    text.recv_timeout(DEADLINE).unwrap_or_default()
}

/// Work running on a thread of its own, so that a call that never returns fails the check
/// instead of hanging it. The thread hands back the work's result, or its panic.
pub struct Background<T> {
    outcome: Receiver<Result<T, Box<dyn Any + Send>>>,
}

impl<T: Send + 'static> Background<T> {
    /// Starts `work` on a new thread.
    pub fn start(work: impl FnOnce() -> T + Send + 'static) -> Background<T> {
        let (sender, outcome) = mpsc::channel();
        thread::spawn(move || {
            let _ = sender.send(panic::catch_unwind(AssertUnwindSafe(work)));
        });
        Background { outcome }
    }

    /// The work's result, waiting at most [`DEADLINE`]; if the work panicked (a `todo!()`,
    /// say), the check fails with that panic. `what` names the work in the message of a
    /// check that runs out of time.
    pub fn wait(&self, what: &str) -> T {
        match self.outcome.recv_timeout(DEADLINE) {
            Ok(Ok(result)) => result,
            Ok(Err(panic)) => panic::resume_unwind(panic),
            Err(_) => panic!("{what} did not return within {DEADLINE:?}"),
        }
    }

    /// Fails the check: with the work's own panic if it panicked, else with `problem`.
    pub fn fail(&self, problem: String) -> ! {
        match self.outcome.recv_timeout(Duration::from_secs(1)) {
            Ok(Err(panic)) => panic::resume_unwind(panic),
            _ => panic!("{problem}"),
        }
    }
}

/// The port a socket is bound to.
pub fn port_of(s: &Socket) -> u16 {
    s.getsockname()
        .expect("getsockname")
        .port()
        .expect("an AF_INET port")
}

/// A loopback port where nothing listens: bind a socket to port 0, note the port, close it.
pub fn closed_port() -> u16 {
    let s = Socket::new(AF_INET, SOCK_STREAM, 0).expect("socket");
    s.bind(("127.0.0.1", 0)).expect("bind to a free port");
    port_of(&s)
}

/// The bytes of a hex string that Python printed with `bytes.hex()`.
pub fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("python printed hex"))
        .collect()
}
