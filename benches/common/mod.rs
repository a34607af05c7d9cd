//! What the benches share: running pinned to one core, the length of a run, servers started as
//! child processes that print their port, the `std::net` echo server every ratio is taken
//! against, the load generator's two measurements, and the cells of the tables.
//!
//! Every blocking step of the load generator has a time limit ([`IO_TIMEOUT`]), so a stuck
//! server fails a bench instead of hanging it.

use std::error::Error;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

/// Size of a latency message, written and read back whole.
pub const MESSAGE: usize = 64;
/// Size of each write of the bulk measurement.
pub const CHUNK: usize = 1 << 20;
/// The echo servers' reused receive buffer: 64 KiB, the same as the Python servers'
/// `recv(65536)`, so that every server makes the same system calls of the same size and a
/// bigger buffer does not flatter the Rust servers over Python.
pub const SERVER_BUFFER: usize = 64 * 1024;
/// The longest any one blocking step of the load generator may take.
pub const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// One megabyte, as the tables count it.
pub const MB: f64 = 1e6;

/// What a bench step returns: its errors are printed, and the bench exits with 1.
pub type BenchResult<T> = Result<T, Box<dyn Error>>;

// Where the threads run.

/// Set in the environment of the re-run that `run_pinned` starts.
const PINNED: &str = "PYNET_BENCH_PINNED";

/// When every thread runs on one core (the default): the number of cores the machine has,
/// which the pinned process itself can no longer see.
fn pinned() -> Option<String> {
    std::env::var(PINNED).ok()
}

/// The cores this process may run on.
pub fn cores() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs this bench again under `taskset -c 0` and returns its exit code, so that the load
/// generator, the servers and the Python servers (which inherit the pinning) share one core.
///
/// On a small virtual machine, a wake-up that crosses vCPUs costs far more than one that does
/// not, and where the scheduler puts a connection's two ends changes from one second to the
/// next: unpinned, a cell's spread here was 30-50%, pinned 5-15%, and a target of a few
/// percent can only be judged pinned. `PYNET_BENCH_CPUS=all` measures on every core instead.
/// Returns `None` when this process should measure: already pinned, asked not to be, or no
/// `taskset`.
pub fn run_pinned() -> Option<i32> {
    if pinned().is_some() || std::env::var("PYNET_BENCH_CPUS").is_ok_and(|v| v == "all") {
        return None;
    }
    let exe = std::env::current_exe().ok()?;
    let status = Command::new("taskset")
        .args(["-c", "0"])
        .arg(exe)
        .args(std::env::args_os().skip(1))
        .env(PINNED, cores().to_string())
        .status();
    match status {
        Ok(status) => Some(status.code().unwrap_or(1)),
        Err(e) => {
            eprintln!("taskset could not run ({e}): measuring on every core instead");
            None
        }
    }
}

/// Where the threads run, for the first line of a bench's output.
pub fn placement() -> String {
    match pinned() {
        Some(cores) => format!(
            "every thread pinned to one core of {cores} (taskset -c 0; PYNET_BENCH_CPUS=all \
             spreads them)"
        ),
        None => format!(
            "{} cores, the load generator on the same cores as the servers",
            cores()
        ),
    }
}

// How long a run lasts.

/// How long the bench runs: the full run, or the quick one.
pub struct Config {
    /// A smoke run, too short to judge anything by.
    pub quick: bool,
    /// How many times every cell is measured.
    pub rounds: usize,
    /// How long one measurement of one cell lasts.
    pub cell: Duration,
}

impl Config {
    /// The quick run (one round of 0.3 s cells) when `--quick` is among the arguments or
    /// `PYNET_BENCH_QUICK=1`; otherwise the full run, `full_rounds` rounds of 1 s cells.
    /// `PYNET_BENCH_ROUNDS=N` sets the number of rounds of either. Other arguments (cargo
    /// passes `--bench`) are ignored.
    pub fn from_env(full_rounds: usize) -> Config {
        let quick = std::env::args().any(|arg| arg == "--quick")
            || std::env::var("PYNET_BENCH_QUICK").is_ok_and(|v| v == "1");
        let mut config = if quick {
            Config {
                quick,
                rounds: 1,
                cell: Duration::from_millis(300),
            }
        } else {
            Config {
                quick,
                rounds: full_rounds,
                cell: Duration::from_secs(1),
            }
        };
        let rounds = std::env::var("PYNET_BENCH_ROUNDS").ok();
        if let Some(rounds) = rounds.and_then(|n| n.parse().ok()).filter(|&n| n > 0) {
            config.rounds = rounds;
        }
        config
    }
}

/// A measurement that failed, in words: a time-out says how long was waited.
pub fn reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => {
            format!("no answer within {} s", IO_TIMEOUT.as_secs())
        }
        _ => e.to_string(),
    }
}

// The std::net echo server, the base of every ratio.

/// Starts the echo server written with `std::net` on a thread of its own, one thread per
/// connection; returns where it listens (127.0.0.1, any free port).
pub fn std_server() -> io::Result<SocketAddr> {
    // socket(2), bind(2) and listen(2) with a backlog of 128, in one call.
    let listener = TcpListener::bind(("127.0.0.1", 0))?;
    let port = listener.local_addr()?.port();
    thread::spawn(move || {
        while let Ok((conn, _)) = listener.accept() {
            thread::spawn(move || std_echo(conn));
        }
    });
    Ok(SocketAddr::from(([127, 0, 0, 1], port)))
}

/// Sends back whatever arrives on `conn` until the peer closes it.
fn std_echo(mut conn: TcpStream) {
    let mut buffer = vec![0u8; SERVER_BUFFER];
    loop {
        match conn.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                if conn.write_all(&buffer[..n]).is_err() {
                    return;
                }
            }
        }
    }
}

// Servers in child processes.

/// A child process that is killed and reaped when the guard is dropped.
pub struct ChildGuard(pub Child);

impl ChildGuard {
    /// Starts `command` with its stdout piped; returns the guard and the lines it prints
    /// (read on a thread of their own, so that the pipe never fills).
    pub fn spawn(name: &str, command: &mut Command) -> io::Result<(ChildGuard, Receiver<String>)> {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| io::Error::new(e.kind(), format!("{name}: {e}")))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        Ok((ChildGuard(child), read_lines(stdout)))
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Sends every line of `stdout` down a channel, from a thread of its own.
fn read_lines(stdout: ChildStdout) -> Receiver<String> {
    let (send, lines) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                return;
            }
        }
    });
    lines
}

/// The first line for which `wanted` holds, waiting at most `timeout` in all.
pub fn wait_for_line(
    lines: &Receiver<String>,
    timeout: Duration,
    wanted: impl Fn(&str) -> bool,
) -> BenchResult<String> {
    let deadline = Instant::now() + timeout;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) if wanted(&line) => return Ok(line),
            Ok(_) => continue,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                return Err(format!("printed nothing expected within {timeout:?}").into());
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err("exited before it was ready".into());
            }
        }
    }
}

/// Starts a server that listens on 127.0.0.1 and prints its port on its first line; returns
/// the running server (killed when dropped) and its address. `name` names it in errors.
pub fn start_server(name: &str, command: &mut Command) -> BenchResult<(ChildGuard, SocketAddr)> {
    let (child, lines) =
        ChildGuard::spawn(name, command).map_err(|e| format!("cannot start {e}"))?;
    let line = wait_for_line(&lines, IO_TIMEOUT, |_| true).map_err(|e| format!("{name}: {e}"))?;
    let port: u16 = line
        .trim()
        .parse()
        .map_err(|_| format!("{name} printed {line:?}, not a port"))?;
    Ok((child, SocketAddr::from(([127, 0, 0, 1], port))))
}

// The load generator: std::net, the same code for every server.

/// Connects to `addr` with every blocking step under [`IO_TIMEOUT`].
pub fn connect(addr: SocketAddr) -> io::Result<TcpStream> {
    let stream = TcpStream::connect_timeout(&addr, IO_TIMEOUT)?;
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    Ok(stream)
}

/// One round trip: writes a 64-byte message and reads the 64 bytes back, checking them.
pub fn round_trip(conn: &mut TcpStream) -> io::Result<()> {
    let message = [0x42u8; MESSAGE];
    let mut reply = [0u8; MESSAGE];
    conn.write_all(&message)?;
    conn.read_exact(&mut reply)?;
    if reply != message {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "echo differs"));
    }
    Ok(())
}

/// Bulk: on one connection, a writer thread writes 1 MiB chunks while this thread reads
/// the echo back; returns the MB/s read back during `duration`.
///
/// When the time is up the writer stops and shuts its half down, the server closes, and the
/// reader drains what is still in flight; it then checks that every byte came back.
pub fn mb_per_s(addr: SocketAddr, duration: Duration) -> io::Result<f64> {
    let mut reader = connect(addr)?;
    let writer = reader.try_clone()?;
    let stop = Arc::new(AtomicBool::new(false));
    let writing = {
        let stop = Arc::clone(&stop);
        thread::spawn(move || write_until(writer, &stop))
    };
    let measured = read_for(&mut reader, duration);
    stop.store(true, Ordering::Relaxed);
    let drained = match measured {
        Ok(_) => drain(&mut reader),
        // Unblock the writer at once, so that the error is reported without delay.
        Err(_) => reader.shutdown(Shutdown::Both).map(|()| 0),
    };
    let written = writing
        .join()
        .map_err(|_| io::Error::other("the writer thread panicked"))?;
    let (bytes, elapsed) = measured?;
    let (read, written) = (bytes + drained?, written?);
    if read != written {
        let text = format!("wrote {written} bytes, {read} came back");
        return Err(io::Error::new(io::ErrorKind::InvalidData, text));
    }
    Ok(bytes as f64 / elapsed.as_secs_f64() / MB)
}

/// Writes 1 MiB chunks until `stop` is set, then shuts the writing half down; returns the
/// bytes written.
fn write_until(mut conn: TcpStream, stop: &AtomicBool) -> io::Result<u64> {
    let chunk = vec![0x5au8; CHUNK];
    let mut written = 0u64;
    while !stop.load(Ordering::Relaxed) {
        conn.write_all(&chunk)?;
        written += CHUNK as u64;
    }
    conn.shutdown(Shutdown::Write)?;
    Ok(written)
}

/// Reads for `duration`; returns the bytes read and the time it took.
fn read_for(conn: &mut TcpStream, duration: Duration) -> io::Result<(u64, Duration)> {
    let mut buffer = vec![0u8; CHUNK];
    let mut bytes = 0u64;
    let start = Instant::now();
    loop {
        let n = conn.read(&mut buffer)?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "the server closed the connection",
            ));
        }
        bytes += n as u64;
        let elapsed = start.elapsed();
        if elapsed >= duration {
            return Ok((bytes, elapsed));
        }
    }
}

/// Reads until the server closes the connection; returns the bytes read.
fn drain(conn: &mut TcpStream) -> io::Result<u64> {
    io::copy(conn, &mut io::sink())
}

// The tables.

/// The median, least and greatest of some measurements.
pub struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

impl Spread {
    pub fn of(values: &[f64]) -> Spread {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let mid = sorted.len() / 2;
        let median = if sorted.len() % 2 == 1 {
            sorted[mid]
        } else {
            (sorted[mid - 1] + sorted[mid]) / 2.0
        };
        Spread {
            median,
            min: sorted[0],
            max: sorted[sorted.len() - 1],
        }
    }

    /// `31,204 (30,100-32,000)`, or only the median for a single measurement.
    pub fn cell(&self) -> String {
        if self.min == self.max {
            thousands(self.median)
        } else {
            let (min, max) = (thousands(self.min), thousands(self.max));
            format!("{} ({min}-{max})", thousands(self.median))
        }
    }
}

/// A number rounded to a whole, with commas between thousands: `31,204`.
pub fn thousands(value: f64) -> String {
    let digits = format!("{:.0}", value.max(0.0));
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A server under test: its name in the table and where it listens.
pub struct Target {
    pub name: &'static str,
    pub addr: SocketAddr,
}

impl Target {
    pub fn new(name: &'static str, addr: SocketAddr) -> Target {
        Target { name, addr }
    }
}
