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

mod common;

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use common::{BenchResult, ChildGuard, Config, IO_TIMEOUT, MB, SERVER_BUFFER, Spread, Target};
use pynet::socket::{AF_INET, SOCK_STREAM, Socket};

/// The Python echo server, started with `python3`.
const PYTHON_SERVER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/echo_server.py");
/// What pynet must reach, as a ratio to `std::net`.
const TARGET_RATIO: f64 = 0.97;
/// How many times the full run measures every cell.
const ROUNDS: usize = 15;

fn main() {
    if let Some(code) = common::run_pinned() {
        std::process::exit(code);
    }
    if let Err(e) = run() {
        eprintln!("echo benchmark failed: {e}");
        std::process::exit(1);
    }
}

/// The whole bench; the servers' child processes are gone by the time it returns.
fn run() -> BenchResult<()> {
    let config = Config::from_env(ROUNDS);
    print_context(&config);
    let (_python, python_addr) = python_server()?;
    let targets = [
        Target::new("pynet", pynet_server()?),
        Target::new("std::net", common::std_server()?),
        Target::new("python3", python_addr),
    ];
    warm_up(&targets)?;
    let samples = run_rounds(&targets, &config)?;
    let limit = iperf3_limit(if config.quick { 1 } else { 3 });
    print_table(&samples, &limit, &config);
    Ok(())
}

/// Prints what the numbers depend on: the cores, who shares them, and the run length.
fn print_context(config: &Config) {
    println!(
        "echo benchmark: {}; {} round(s) of {:.1} s per cell, medians (min-max)",
        common::placement(),
        config.rounds,
        config.cell.as_secs_f64()
    );
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
    common::mb_per_s(target.addr, duration).map_err(|e| failure(target, "bulk", e))
}

/// A failed measurement, named after its server; a time-out says so.
fn failure(target: &Target, measurement: &str, e: io::Error) -> Box<dyn std::error::Error> {
    let reason = common::reason(&e);
    format!("{} server, {measurement}: {reason}", target.name).into()
}

// The echo servers. `pynet_server` and `common::std_server` (benches/common/mod.rs) look alike
// on purpose: they are the same program line for line, so that the bench measures only the
// wrapper. Both listen on 127.0.0.1, any free port, and run one thread per connection.

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

/// Starts `python3 benches/echo_server.py`, the Python echo server (killed when dropped);
/// returns it and the address it printed.
fn python_server() -> BenchResult<(ChildGuard, SocketAddr)> {
    let mut command = Command::new("python3");
    command.arg(PYTHON_SERVER).env("PYTHONUNBUFFERED", "1");
    common::start_server("python3 echo server", &mut command)
}

// The load generator: std::net (benches/common/mod.rs), the same code for every server.

/// Latency: on one connection, writes a 64-byte message and reads the 64 bytes back, over
/// and over for `duration`; returns round trips per second.
fn round_trips_per_s(addr: SocketAddr, duration: Duration) -> io::Result<f64> {
    let mut conn = common::connect(addr)?;
    conn.set_nodelay(true)?;
    let mut count = 0u64;
    let start = Instant::now();
    loop {
        common::round_trip(&mut conn)?;
        count += 1;
        let elapsed = start.elapsed();
        if elapsed >= duration {
            return Ok(count as f64 / elapsed.as_secs_f64());
        }
    }
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
    common::wait_for_line(&lines, IO_TIMEOUT, |line| line.contains("listening"))
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
            common::thousands(*mb),
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
