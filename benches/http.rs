//! `cargo bench --bench http`: requests per second of pynet's HTTP server, of a bare
//! `std::net` server and of Python's `http.server.ThreadingHTTPServer` (in
//! `benches/http_server.py`), each answering every GET with the same 14-byte body, under the
//! same load: `wrk -c16 -t2` (16 keep-alive connections), 4 s per server, the servers taken in
//! turn for 5 rounds; the table gives medians and ranges. The target is pynet >= 10x
//! Python. The `std::net` server only finds each request's blank line and writes a fixed
//! answer: no HTTP server on std can cost less, so its ratio to Python is the most this
//! machine allows.
//!
//! The servers run in processes of their own (this binary started again with `--serve` or
//! `--serve-std`). With two cores or more, each server runs alone on core 1 and wrk on core 0,
//! so that the load generator never takes the server's time, and the ratio compares one core
//! of serving with one core (Python's GIL holds it to one anyway). The table also shows how
//! busy each core was, from /proc/stat: a wrk core near 100% means wrk, not the server, set
//! the pace, and the server core's busy time per request is the cost of a request that wrk
//! cannot hide. `PYNET_BENCH_CPUS=all` lets everything share every core. `-- --quick` (or
//! `PYNET_BENCH_QUICK=1`) runs one round of 1 s and judges nothing; `PYNET_BENCH_ROUNDS=N`
//! sets the rounds.

#[allow(dead_code)] // The HTTP bench uses only part of the shared helpers.
mod common;

use std::ffi::OsStr;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::Command;
use std::thread;

use common::{BenchResult, Config, Spread};
use pynet::http::{self, ServerRequest, ServerResponse};

/// What pynet must reach, as a ratio to Python.
const TARGET_RATIO: f64 = 10.0;
/// The body both servers answer with.
const BODY: &[u8] = b"Hello, World!\n";
/// The Python server.
const PYTHON_SERVER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/http_server.py");
/// The load: connections and threads of wrk.
const CONNECTIONS: usize = 16;
const THREADS: usize = 2;

fn main() {
    let mode = std::env::args().nth(1);
    let served = match mode.as_deref() {
        Some("--serve") => Some(serve()),
        Some("--serve-std") => Some(serve_std()),
        _ => None,
    };
    if let Some(served) = served {
        if let Err(e) = served {
            eprintln!("http benchmark: {}: {e}", mode.unwrap_or_default());
            std::process::exit(1);
        }
        return;
    }
    if let Err(e) = run() {
        eprintln!("http benchmark failed: {e}");
        std::process::exit(1);
    }
}

/// The answer of pynet's server to every request.
fn hello(_request: &mut ServerRequest, response: &mut ServerResponse) -> pynet::socket::Result<()> {
    response.write_headers(&[("Content-Type", "text/plain"), ("Content-Length", "14")])?;
    response.write(BODY)
}

/// `--serve`: pynet's server, printing its port first.
fn serve() -> BenchResult<()> {
    let mut server = http::serve_http(hello, "127.0.0.1", 0)?;
    // wrk ends its connections in the middle of requests: nothing to report.
    server.set_handle_error(|_, _| {});
    println!("{}", server.server_address.port().unwrap_or(0));
    server.serve_forever(0.5)?;
    Ok(())
}

/// `--serve-std`: the same answer from a bare `std::net` server, a thread per connection,
/// printing its port first.
fn serve_std() -> BenchResult<()> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    println!("{}", listener.local_addr()?.port());
    for stream in listener.incoming() {
        let stream = stream?;
        // A connection wrk resets ends its thread; nothing to report.
        thread::spawn(move || answer_each_request(stream));
    }
    Ok(())
}

/// Answers every request on `stream` with the fixed response, finding only where each
/// request ends (its blank line: a GET has no body).
fn answer_each_request(mut stream: TcpStream) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n",
        BODY.len()
    );
    let response = [head.as_bytes(), BODY].concat();
    let mut pending = Vec::new();
    let mut chunk = [0; 4096];
    loop {
        while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
            pending.drain(..end + 4);
            stream.write_all(&response)?;
        }
        let received = stream.read(&mut chunk)?;
        if received == 0 {
            return Ok(());
        }
        pending.extend_from_slice(&chunk[..received]);
    }
}

/// Where the servers and wrk run.
enum Placement {
    /// The server under test alone on core 1, wrk on core 0: each has a core of its own, so
    /// the load generator never takes the server's time (Python's server, held to one core by
    /// its GIL, loses nothing by it).
    Split,
    /// Everything on every core (one core, or `PYNET_BENCH_CPUS=all`).
    Shared,
}

impl Placement {
    fn from_env() -> Placement {
        let all = std::env::var("PYNET_BENCH_CPUS").is_ok_and(|v| v == "all");
        if all || common::cores() < 2 {
            Placement::Shared
        } else {
            Placement::Split
        }
    }

    /// `program args...`, run on the given core when the placement splits them.
    fn command(&self, core: usize, program: impl AsRef<OsStr>) -> Command {
        match self {
            Placement::Split => {
                let mut command = Command::new("taskset");
                command.arg("-c").arg(core.to_string()).arg(program);
                command
            }
            Placement::Shared => Command::new(program),
        }
    }

    fn describe(&self) -> String {
        match self {
            Placement::Split => {
                "each server alone on core 1, wrk on core 0 (PYNET_BENCH_CPUS=all shares them)"
                    .into()
            }
            Placement::Shared => format!("everything on all {} cores", common::cores()),
        }
    }
}

/// The core each server runs on, and the one wrk runs on, when they are split.
const SERVER_CORE: usize = 1;
const WRK_CORE: usize = 0;

/// One server's measurements: requests per second, and how busy its core and wrk's were.
#[derive(Default)]
struct Runs {
    rates: Vec<f64>,
    server_busy: Vec<f64>,
    wrk_busy: Vec<f64>,
}

/// The three servers, measured in turn, round after round, then the table.
fn run() -> BenchResult<()> {
    let config = Config::from_env(5);
    let seconds = if config.quick { 1 } else { 4 };
    let placement = Placement::from_env();
    println!(
        "http benchmark: {}; wrk -c{CONNECTIONS} -t{THREADS} -d{seconds}s, keep-alive, \
         {} round(s), servers taken in turn",
        placement.describe(),
        config.rounds
    );
    let exe = std::env::current_exe()?;
    let mut std_cmd = placement.command(SERVER_CORE, &exe);
    let mut pynet_cmd = placement.command(SERVER_CORE, &exe);
    let mut python_cmd = placement.command(SERVER_CORE, "python3");
    let servers = [
        ("bare std::net (no parsing)", std_cmd.arg("--serve-std")),
        ("pynet::http::serve_http", pynet_cmd.arg("--serve")),
        ("Python ThreadingHTTPServer", python_cmd.arg(PYTHON_SERVER)),
    ];
    let mut running = Vec::new();
    for (name, command) in servers {
        let (guard, addr) = common::start_server(name, command)?;
        running.push((name, guard, addr, Runs::default()));
    }
    for _ in 0..config.rounds {
        for (_, _, addr, runs) in &mut running {
            let before = cpu_times();
            let rate = wrk(&placement, *addr, seconds)?;
            let after = cpu_times();
            runs.rates.push(rate);
            if let (Placement::Split, Some(before), Some(after)) = (&placement, before, after) {
                runs.server_busy.push(busy(&before, &after, SERVER_CORE));
                runs.wrk_busy.push(busy(&before, &after, WRK_CORE));
            }
        }
    }
    report(
        &config,
        &running
            .iter()
            .map(|(name, _, _, runs)| (*name, runs))
            .collect::<Vec<_>>(),
    );
    Ok(())
}

/// The table of medians (and ranges), the ratios, and the verdict.
fn report(config: &Config, rows: &[(&str, &Runs)]) {
    let median = |values: &[f64]| Spread::of(values).median;
    let bare = median(&rows[0].1.rates);
    let pynet = median(&rows[1].1.rates);
    let python = median(&rows[2].1.rates);
    let split = !rows[0].1.server_busy.is_empty();
    println!();
    print!("| server | requests/s | ratio to Python | ratio to bare std::net |");
    if split {
        print!(" server core busy | µs of server core per request | wrk core busy |");
    }
    println!();
    println!(
        "|---|---:|---:|---:|{}",
        if split { "---:|---:|---:|" } else { "" }
    );
    for (name, runs) in rows {
        let rate = median(&runs.rates);
        print!(
            "| {name} | {} | {:.1}x | {:.2}x |",
            Spread::of(&runs.rates).cell(),
            rate / python,
            rate / bare
        );
        if split {
            let server_busy = median(&runs.server_busy);
            print!(
                " {:.0}% | {:.1} | {:.0}% |",
                100.0 * server_busy,
                1e6 * server_busy / rate,
                100.0 * median(&runs.wrk_busy)
            );
        }
        println!();
    }
    println!();
    let ratio = pynet / python;
    let ceiling = bare / python;
    if config.quick {
        println!("quick run: nothing judged");
    } else if ratio >= TARGET_RATIO {
        println!("target met: pynet is {ratio:.1}x Python (target >= {TARGET_RATIO}x)");
    } else {
        println!("TARGET MISSED: pynet is {ratio:.1}x Python (target >= {TARGET_RATIO}x)");
        if ceiling < TARGET_RATIO {
            println!(
                "  the bare std::net server, which only finds each request's end, reaches \
                 {ceiling:.1}x here: the target is beyond what this machine allows a thread-per-connection server"
            );
        }
    }
}

/// Time each core has spent busy and in all, in clock ticks, from /proc/stat (`None` where
/// it cannot be read).
fn cpu_times() -> Option<Vec<(u64, u64)>> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let cores = stat
        .lines()
        .filter(|line| line.starts_with("cpu") && !line.starts_with("cpu "))
        .map(|line| {
            let ticks: Vec<u64> = line
                .split_whitespace()
                .skip(1)
                .filter_map(|n| n.parse().ok())
                .collect();
            let total: u64 = ticks.iter().sum();
            // The fourth and fifth numbers are idle and iowait.
            let idle = ticks.get(3).copied().unwrap_or(0) + ticks.get(4).copied().unwrap_or(0);
            (total - idle, total)
        })
        .collect();
    Some(cores)
}

/// The share of time `core` was busy between two readings of [`cpu_times`].
fn busy(before: &[(u64, u64)], after: &[(u64, u64)], core: usize) -> f64 {
    match (before.get(core), after.get(core)) {
        (Some(&(busy0, total0)), Some(&(busy1, total1))) if total1 > total0 => {
            (busy1 - busy0) as f64 / (total1 - total0) as f64
        }
        _ => 0.0,
    }
}

/// The requests per second `wrk` measures against `addr` in `seconds`; every request must
/// have been answered with 2xx, without socket errors.
fn wrk(placement: &Placement, addr: SocketAddr, seconds: u64) -> BenchResult<f64> {
    let output = placement
        .command(WRK_CORE, "wrk")
        .arg(format!("-c{CONNECTIONS}"))
        .arg(format!("-t{THREADS}"))
        .arg(format!("-d{seconds}s"))
        .arg(format!("--timeout={}s", common::IO_TIMEOUT.as_secs()))
        .arg(format!("http://{addr}/"))
        .output()
        .map_err(|e| format!("wrk could not run ({e}); Debian: apt-get install wrk"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "wrk failed: {text}{}",
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    if let Some(line) = text
        .lines()
        .find(|l| l.contains("Socket errors") || l.contains("Non-2xx"))
    {
        return Err(format!("wrk saw failures against {addr}: {}", line.trim()).into());
    }
    let rate = text
        .lines()
        .find_map(|line| line.strip_prefix("Requests/sec:"))
        .and_then(|rate| rate.trim().parse::<f64>().ok())
        .ok_or_else(|| format!("no Requests/sec in wrk's output: {text}"))?;
    Ok(rate)
}
