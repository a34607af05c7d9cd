//! `cargo bench --bench echo`: the same load generator against four echo servers on loopback.
//!
//! 1. an echo server written with pynet,
//! 2. the same server written with raw `std::net` (line for line: only the wrapper differs),
//! 3. a Python echo server (`benches/echo_server.py`, plain `socket` module),
//! 4. where iperf3 is installed, iperf3's one-way loopback rate, as the limit.
//!
//! Two measurements per server: round trips per second of a 64-byte message on one connection
//! (latency), and MB/s echoed back when a writer thread sends 1 MiB chunks while the reader
//! reads them back (bulk). Each is repeated over several rounds, the servers interleaved in each
//! round so that drift hits them all alike; the table shows medians, their spread, and their
//! ratio to `std::net`. The target is pynet >= 0.97x `std::net` on both.
//!
//! `cargo bench --bench echo -- --quick` (or `PYNET_BENCH_QUICK=1`) runs one short round, as a
//! smoke test; `PYNET_BENCH_ROUNDS=N` measures every cell N times. Every blocking step has a
//! time limit, so a stuck server fails the bench instead of hanging it.
//!
//! On a small virtual machine the numbers move a lot from one measurement to the next (the
//! scheduler puts a connection's two ends on one core or on two, and a wake-up across vCPUs
//! costs far more), so the bench runs itself again pinned to one core with `taskset -c 0`;
//! `PYNET_BENCH_CPUS=all` lets it use every core.

use std::error::Error;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use pynet::socket::{AF_INET, SOCK_STREAM, Socket};

/// Size of a latency message, written and read back whole.
const MESSAGE: usize = 64;
/// Size of each write of the bulk measurement.
const CHUNK: usize = 1 << 20;
/// The echo servers' reused receive buffer: 64 KiB, the same as the Python server's
/// `conn.recv(65536)`, so that all three servers make the same system calls of the same size
/// and a bigger buffer does not flatter the Rust servers over Python.
const SERVER_BUFFER: usize = 64 * 1024;
/// The longest any one blocking step of the load generator may take.
const IO_TIMEOUT: Duration = Duration::from_secs(10);
/// The Python echo server, started with `python3`.
const PYTHON_SERVER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/echo_server.py");
/// One megabyte, as the table counts it.
const MB: f64 = 1e6;
/// What pynet must reach, as a ratio to `std::net`.
const TARGET_RATIO: f64 = 0.97;

type BenchResult<T> = Result<T, Box<dyn Error>>;

fn main() {
    if let Some(code) = run_pinned() {
        std::process::exit(code);
    }
    if let Err(e) = run() {
        eprintln!("echo benchmark failed: {e}");
        std::process::exit(1);
    }
}

/// The whole bench; the servers' child processes are gone by the time it returns.
fn run() -> BenchResult<()> {
    let config = Config::from_env();
    print_context(&config);
    let python = PythonServer::start()?;
    let targets = [
        Target::new("pynet", pynet_server()?),
        Target::new("std::net", std_server()?),
        Target::new("python3", python.addr),
    ];
    warm_up(&targets)?;
    let samples = run_rounds(&targets, &config)?;
    let limit = iperf3_limit(config.iperf3_seconds);
    print_table(&samples, &limit, &config);
    Ok(())
}

// The run.

/// Set in the environment of the re-run that `run_pinned` starts.
const PINNED: &str = "PYNET_BENCH_PINNED";

/// When every thread runs on one core (the default): the number of cores the machine has,
/// which the pinned process itself can no longer see.
fn pinned() -> Option<String> {
    std::env::var(PINNED).ok()
}

/// The cores this process may run on.
fn cores() -> usize {
    thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs this bench again under `taskset -c 0` and returns its exit code, so that the load
/// generator, the servers and the Python server (which inherits the pinning) share one core.
///
/// On a small virtual machine, a wake-up that crosses vCPUs costs far more than one that does
/// not, and where the scheduler puts a connection's two ends changes from one second to the
/// next: unpinned, a cell's spread here was 30-50%, pinned 5-15%, and the 3% target can only
/// be judged pinned. `PYNET_BENCH_CPUS=all` measures on every core instead. Returns `None`
/// when this process should measure: already pinned, asked not to be, or no `taskset`.
fn run_pinned() -> Option<i32> {
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

/// How long the bench runs: the full run, or the quick one.
struct Config {
    /// A smoke run, too short to judge anything by.
    quick: bool,
    /// How many times every cell is measured.
    rounds: usize,
    /// How long one measurement of one cell lasts.
    cell: Duration,
    /// How long iperf3 runs (`-t`).
    iperf3_seconds: u32,
}

impl Config {
    /// The quick run when `--quick` is among the arguments or `PYNET_BENCH_QUICK=1`; the full
    /// run otherwise; `PYNET_BENCH_ROUNDS=N` sets the number of rounds of either. Other
    /// arguments (cargo passes `--bench`) are ignored.
    fn from_env() -> Config {
        let quick = std::env::args().any(|arg| arg == "--quick")
            || std::env::var("PYNET_BENCH_QUICK").is_ok_and(|v| v == "1");
        let mut config = Config::new(quick);
        let rounds = std::env::var("PYNET_BENCH_ROUNDS").ok();
        if let Some(rounds) = rounds.and_then(|n| n.parse().ok()).filter(|&n| n > 0) {
            config.rounds = rounds;
        }
        config
    }

    /// The quick run, or the full one.
    fn new(quick: bool) -> Config {
        if quick {
            Config {
                quick,
                rounds: 1,
                cell: Duration::from_millis(300),
                iperf3_seconds: 1,
            }
        } else {
            Config {
                quick,
                rounds: 15,
                cell: Duration::from_secs(1),
                iperf3_seconds: 3,
            }
        }
    }
}

/// Prints what the numbers depend on: the cores, who shares them, and the run length.
fn print_context(config: &Config) {
    let placement = match pinned() {
        Some(cores) => format!(
            "every thread pinned to one core of {cores} (taskset -c 0; PYNET_BENCH_CPUS=all \
             spreads them)"
        ),
        None => format!(
            "{} cores, the load generator on the same cores as the servers",
            cores()
        ),
    };
    println!(
        "echo benchmark: {placement}; {} round(s) of {:.1} s per cell, medians (min-max)",
        config.rounds,
        config.cell.as_secs_f64()
    );
}

/// A server under test: its name in the table and where it listens.
struct Target {
    name: &'static str,
    addr: SocketAddr,
}

impl Target {
    fn new(name: &'static str, addr: SocketAddr) -> Target {
        Target { name, addr }
    }
}

/// Every measurement of one server.
struct Samples {
    name: &'static str,
    round_trips_per_s: Vec<f64>,
    mb_per_s: Vec<f64>,
}

/// Runs each measurement once, briefly, against every server, and throws the numbers away:
/// the first connection of each server pays for page faults and thread start-up.
fn warm_up(targets: &[Target]) -> BenchResult<()> {
    let brief = Duration::from_millis(100);
    for target in targets {
        latency(target, brief)?;
        bulk(target, brief)?;
    }
    Ok(())
}

/// Measures every server `config.rounds` times, one server after another within each round.
fn run_rounds(targets: &[Target], config: &Config) -> BenchResult<Vec<Samples>> {
    let mut samples: Vec<Samples> = targets
        .iter()
        .map(|target| Samples {
            name: target.name,
            round_trips_per_s: Vec::new(),
            mb_per_s: Vec::new(),
        })
        .collect();
    for _ in 0..config.rounds {
        for (target, sample) in targets.iter().zip(&mut samples) {
            sample.round_trips_per_s.push(latency(target, config.cell)?);
            sample.mb_per_s.push(bulk(target, config.cell)?);
        }
    }
    Ok(samples)
}

/// Measures the round trips per second of `target`.
fn latency(target: &Target, duration: Duration) -> BenchResult<f64> {
    round_trips_per_s(target.addr, duration).map_err(|e| failure(target, "latency", e))
}

/// Measures the bulk MB/s of `target`.
fn bulk(target: &Target, duration: Duration) -> BenchResult<f64> {
    mb_per_s(target.addr, duration).map_err(|e| failure(target, "bulk", e))
}

/// A failed measurement, named after its server; a time-out says so.
fn failure(target: &Target, measurement: &str, e: io::Error) -> Box<dyn Error> {
    let reason = match e.kind() {
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => {
            format!("no answer within {} s", IO_TIMEOUT.as_secs())
        }
        _ => e.to_string(),
    };
    format!("{} server, {measurement}: {reason}", target.name).into()
}

// The echo servers. `pynet_server` and `std_server` look alike on purpose: they are the same
// program line for line, so that the bench measures only the wrapper. Both listen on
// 127.0.0.1, any free port, and run one thread per connection.

/// Starts the echo server written with pynet; returns where it listens.
fn pynet_server() -> io::Result<SocketAddr> {
    let listener = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    listener.bind(("127.0.0.1", 0))?;
    listener.listen(128)?;
    let port = listener
        .getsockname()?
        .port()
        .ok_or(io::ErrorKind::InvalidData)?;
    thread::spawn(move || {
        while let Ok((conn, _)) = listener.accept() {
            thread::spawn(move || pynet_echo(conn));
        }
    });
    Ok(SocketAddr::from(([127, 0, 0, 1], port)))
}

/// Sends back whatever arrives on `conn` until the peer closes it.
fn pynet_echo(conn: Socket) {
    let mut buffer = vec![0u8; SERVER_BUFFER];
    loop {
        match conn.recv_into(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                if conn.sendall(&buffer[..n]).is_err() {
                    return;
                }
            }
        }
    }
}

/// Starts the echo server written with `std::net`; returns where it listens.
fn std_server() -> io::Result<SocketAddr> {
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

/// The Python echo server, running as a child process; killed when dropped.
struct PythonServer {
    _child: ChildGuard,
    addr: SocketAddr,
}

impl PythonServer {
    /// Starts `python3 benches/echo_server.py` and reads the port it prints.
    fn start() -> BenchResult<PythonServer> {
        let mut command = Command::new("python3");
        command.arg(PYTHON_SERVER).env("PYTHONUNBUFFERED", "1");
        let (child, lines) = ChildGuard::spawn("python3", &mut command)
            .map_err(|e| format!("cannot start python3 {PYTHON_SERVER}: {e}"))?;
        let line = wait_for_line(&lines, IO_TIMEOUT, |_| true)
            .map_err(|e| format!("python3 echo server: {e}"))?;
        let port: u16 = line
            .trim()
            .parse()
            .map_err(|_| format!("python3 echo server printed {line:?}, not a port"))?;
        Ok(PythonServer {
            _child: child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
        })
    }
}

// The load generator: std::net, the same code for every server.

/// Connects to `addr` with every blocking step under [`IO_TIMEOUT`].
fn connect(addr: SocketAddr) -> io::Result<TcpStream> {
    let stream = TcpStream::connect_timeout(&addr, IO_TIMEOUT)?;
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    Ok(stream)
}

/// Latency: on one connection, writes a 64-byte message and reads the 64 bytes back, over
/// and over for `duration`; returns round trips per second.
fn round_trips_per_s(addr: SocketAddr, duration: Duration) -> io::Result<f64> {
    let mut conn = connect(addr)?;
    conn.set_nodelay(true)?;
    let message = [0x42u8; MESSAGE];
    let mut reply = [0u8; MESSAGE];
    let mut count = 0u64;
    let start = Instant::now();
    loop {
        conn.write_all(&message)?;
        conn.read_exact(&mut reply)?;
        if reply != message {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "echo differs"));
        }
        count += 1;
        let elapsed = start.elapsed();
        if elapsed >= duration {
            return Ok(count as f64 / elapsed.as_secs_f64());
        }
    }
}

/// Bulk: on one connection, a writer thread writes 1 MiB chunks while this thread reads
/// the echo back; returns the MB/s read back during `duration`.
///
/// When the time is up the writer stops and shuts its half down, the server closes, and the
/// reader drains what is still in flight; it then checks that every byte came back.
fn mb_per_s(addr: SocketAddr, duration: Duration) -> io::Result<f64> {
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

// iperf3, the limit.

/// iperf3's loopback rate in MB/s; `None` when iperf3 is not installed.
fn iperf3_limit(seconds: u32) -> Option<BenchResult<f64>> {
    let installed = Command::new("iperf3")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    installed.then(|| run_iperf3(seconds))
}

/// Runs a one-off iperf3 server and one client against it, with the bench's 1 MiB writes.
fn run_iperf3(seconds: u32) -> BenchResult<f64> {
    let port = free_port()?.to_string();
    let mut command = Command::new("iperf3");
    // --forceflush: iperf3 buffers its piped output, "Server listening" included, without it.
    command.args(["-s", "-1", "-B", "127.0.0.1", "-p", &port, "--forceflush"]);
    let (_server, lines) = ChildGuard::spawn("iperf3 -s", &mut command)?;
    wait_for_line(&lines, IO_TIMEOUT, |line| line.contains("listening"))
        .map_err(|e| format!("iperf3 -s: {e}"))?;
    let mut client = Command::new("iperf3");
    let time = seconds.to_string();
    client.args(["-c", "127.0.0.1", "-p", &port]);
    client.args(["-t", &time, "-l", "1M", "-J"]);
    let limit = IO_TIMEOUT + Duration::from_secs(seconds.into());
    let report = output_within(client, limit)?;
    parse_iperf3(&report)
}

/// A port that was free a moment ago: bound to port 0, then closed.
fn free_port() -> io::Result<u16> {
    Ok(TcpListener::bind(("127.0.0.1", 0))?.local_addr()?.port())
}

/// MB/s from `iperf3 -J`'s `end.sum_received.bits_per_second`.
fn parse_iperf3(report: &str) -> BenchResult<f64> {
    let json: serde_json::Value = serde_json::from_str(report)?;
    if let Some(error) = json["error"].as_str() {
        return Err(format!("iperf3 -c: {error}").into());
    }
    let bits = json["end"]["sum_received"]["bits_per_second"]
        .as_f64()
        .ok_or("iperf3 -c: no end.sum_received.bits_per_second in its report")?;
    Ok(bits / 8.0 / MB)
}

// Child processes.

/// A child process that is killed and reaped when the guard is dropped.
struct ChildGuard(Child);

impl ChildGuard {
    /// Starts `command` with its stdout piped; returns the guard and the lines it prints
    /// (read on a thread of their own, so that the pipe never fills).
    fn spawn(name: &str, command: &mut Command) -> io::Result<(ChildGuard, Receiver<String>)> {
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
fn wait_for_line(
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

/// Runs `command` to the end and returns its stdout; kills it if it takes longer than
/// `timeout`.
fn output_within(mut command: Command, timeout: Duration) -> BenchResult<String> {
    let (mut child, lines) = ChildGuard::spawn("iperf3 -c", command.stderr(Stdio::null()))?;
    let deadline = Instant::now() + timeout;
    while child.0.try_wait()?.is_none() {
        if Instant::now() >= deadline {
            return Err(format!("did not finish within {timeout:?}").into());
        }
        thread::sleep(Duration::from_millis(50));
    }
    // The process has exited: the reading thread ends at end of file.
    Ok(lines.iter().collect::<Vec<_>>().join("\n"))
}

// The table.

/// The median, least and greatest of some measurements.
struct Spread {
    median: f64,
    min: f64,
    max: f64,
}

impl Spread {
    fn of(values: &[f64]) -> Spread {
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
    fn cell(&self) -> String {
        if self.min == self.max {
            thousands(self.median)
        } else {
            let (min, max) = (thousands(self.min), thousands(self.max));
            format!("{} ({min}-{max})", thousands(self.median))
        }
    }
}

/// Prints the table: std::net first, as the base of every ratio, then the others.
fn print_table(samples: &[Samples], limit: &Option<BenchResult<f64>>, config: &Config) {
    let Some(base) = samples.iter().find(|s| s.name == "std::net") else {
        return;
    };
    let base_trips = Spread::of(&base.round_trips_per_s).median;
    let base_mb = Spread::of(&base.mb_per_s).median;
    println!(
        "{:<16}{:<32}{:>6}    {:<32}{:>6}",
        "server", "round trips/s (64 B)", "ratio", "MB/s (1 MiB writes)", "ratio"
    );
    let rows = std::iter::once(base).chain(samples.iter().filter(|s| s.name != "std::net"));
    for sample in rows {
        let trips = Spread::of(&sample.round_trips_per_s);
        let mb = Spread::of(&sample.mb_per_s);
        println!(
            "{:<16}{:<32}{:>6.2}    {:<32}{:>6.2}",
            sample.name,
            trips.cell(),
            trips.median / base_trips,
            mb.cell(),
            mb.median / base_mb
        );
    }
    print_limit(limit, base_mb);
    print_notes(samples, base_trips, base_mb, config.quick);
}

/// The iperf3 row, or why there is none.
fn print_limit(limit: &Option<BenchResult<f64>>, base_mb: f64) {
    match limit {
        Some(Ok(mb)) => println!(
            "{:<16}{:<32}{:>6}    {:<32}{:>6.2}",
            "iperf3 (limit)",
            "-",
            "-",
            thousands(*mb),
            mb / base_mb
        ),
        Some(Err(e)) => println!("iperf3 (limit)  failed: {e}"),
        None => println!("iperf3 (limit)  skipped: iperf3 is not installed"),
    }
}

/// What the units mean, and whether pynet met its target.
fn print_notes(samples: &[Samples], base_trips: f64, base_mb: f64, quick: bool) {
    println!(
        "MB = 10^6 bytes. Echo MB/s counts the bytes read back (each crossed loopback twice); \
         iperf3 counts one direction, with the same 1 MiB writes."
    );
    if quick {
        println!(
            "a quick run is too short to judge the {TARGET_RATIO:.2}x target: run without --quick"
        );
        return;
    }
    let Some(pynet) = samples.iter().find(|s| s.name == "pynet") else {
        return;
    };
    let trips = Spread::of(&pynet.round_trips_per_s).median / base_trips;
    let mb = Spread::of(&pynet.mb_per_s).median / base_mb;
    let verdict = if trips >= TARGET_RATIO && mb >= TARGET_RATIO {
        "met"
    } else {
        "NOT met"
    };
    println!("target pynet >= {TARGET_RATIO:.2}x std::net on both: {verdict}");
}

/// A number rounded to a whole, with commas between thousands: `31,204`.
fn thousands(value: f64) -> String {
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
