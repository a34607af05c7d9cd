//! `cargo bench --bench http`: requests per second of pynet's HTTP server and of Python's
//! `http.server.ThreadingHTTPServer` (in `benches/http_server.py`), each answering every GET
//! with the same 14-byte body, under the same load: `wrk -c16 -t2` (16 keep-alive
//! connections) for one run of 10 s each. The target is pynet >= 10x Python.
//!
//! Both servers run in processes of their own (pynet's is this binary started again with
//! `--serve`), and, as in the other benches, everything runs pinned to one core
//! (`PYNET_BENCH_CPUS=all` spreads it), so that the ratio compares one core with one core.
//! `-- --quick` (or `PYNET_BENCH_QUICK=1`) runs 2 s each and judges nothing.

#[allow(dead_code)] // The HTTP bench uses only part of the shared helpers.
mod common;

use std::net::SocketAddr;
use std::process::Command;

use common::{BenchResult, Config};
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
    if std::env::args().any(|arg| arg == "--serve") {
        if let Err(e) = serve() {
            eprintln!("http benchmark: --serve: {e}");
            std::process::exit(1);
        }
        return;
    }
    if let Some(code) = common::run_pinned() {
        std::process::exit(code);
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

/// Both servers, one after the other, then the table.
fn run() -> BenchResult<()> {
    let config = Config::from_env(1);
    let seconds = if config.quick { 2 } else { 10 };
    println!(
        "http benchmark: {}; wrk -c{CONNECTIONS} -t{THREADS} -d{seconds}s, keep-alive, one run each",
        common::placement()
    );
    let exe = std::env::current_exe()?;
    let (pynet_server, pynet_addr) =
        common::start_server("pynet", Command::new(exe).arg("--serve"))?;
    let pynet = wrk(pynet_addr, seconds)?;
    drop(pynet_server);
    let (python_server, python_addr) =
        common::start_server("python", Command::new("python3").arg(PYTHON_SERVER))?;
    let python = wrk(python_addr, seconds)?;
    drop(python_server);

    let ratio = pynet / python;
    println!();
    println!("| server | requests/s | ratio to Python |");
    println!("|---|---:|---:|");
    println!(
        "| pynet::http::serve_http | {} | {ratio:.1}x |",
        common::thousands(pynet)
    );
    println!(
        "| Python ThreadingHTTPServer | {} | 1.0x |",
        common::thousands(python)
    );
    println!();
    if config.quick {
        println!("quick run: nothing judged");
    } else if ratio >= TARGET_RATIO {
        println!("target met: pynet is {ratio:.1}x Python (target >= {TARGET_RATIO}x)");
    } else {
        println!("TARGET MISSED: pynet is {ratio:.1}x Python (target >= {TARGET_RATIO}x)");
    }
    Ok(())
}

/// The requests per second `wrk` measures against `addr` in `seconds`; every request must
/// have been answered with 2xx, without socket errors.
fn wrk(addr: SocketAddr, seconds: u64) -> BenchResult<f64> {
    let output = Command::new("wrk")
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
