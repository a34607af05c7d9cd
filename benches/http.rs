//! `cargo bench --bench http`: requests per second of pynet's HTTP server, of a bare
//! `std::net` server and of Python's `http.server.ThreadingHTTPServer` (in
//! `benches/http_server.py`), each answering every GET with the same 14-byte body, under the
//! same load: `wrk -c16 -t2` (16 keep-alive connections) for one run of 10 s each. The target
//! is pynet >= 10x Python. The `std::net` server only finds each request's blank line and
//! writes a fixed answer: no HTTP server on std can cost less, so its ratio to Python is the
//! most this machine allows.
//!
//! The servers run in processes of their own (this binary started again with `--serve` or
//! `--serve-std`), and, as in the other benches, everything runs pinned to one core
//! (`PYNET_BENCH_CPUS=all` spreads it), so that the ratio compares one core with one core.
//! `-- --quick` (or `PYNET_BENCH_QUICK=1`) runs 2 s each and judges nothing.

#[allow(dead_code)] // The HTTP bench uses only part of the shared helpers.
mod common;

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::Command;
use std::thread;

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

/// The three servers, one after the other, then the table.
fn run() -> BenchResult<()> {
    let config = Config::from_env(1);
    let seconds = if config.quick { 2 } else { 10 };
    println!(
        "http benchmark: {}; wrk -c{CONNECTIONS} -t{THREADS} -d{seconds}s, keep-alive, one run each",
        common::placement()
    );
    let exe = std::env::current_exe()?;
    let (std_server, std_addr) =
        common::start_server("std::net", Command::new(&exe).arg("--serve-std"))?;
    let bare = wrk(std_addr, seconds)?;
    drop(std_server);
    let (pynet_server, pynet_addr) =
        common::start_server("pynet", Command::new(&exe).arg("--serve"))?;
    let pynet = wrk(pynet_addr, seconds)?;
    drop(pynet_server);
    let (python_server, python_addr) =
        common::start_server("python", Command::new("python3").arg(PYTHON_SERVER))?;
    let python = wrk(python_addr, seconds)?;
    drop(python_server);

    let ratio = pynet / python;
    println!();
    println!("| server | requests/s | ratio to Python | ratio to std::net |");
    println!("|---|---:|---:|---:|");
    let rows = [
        ("bare std::net (no parsing)", bare),
        ("pynet::http::serve_http", pynet),
        ("Python ThreadingHTTPServer", python),
    ];
    for (name, rate) in rows {
        println!(
            "| {name} | {} | {:.1}x | {:.2}x |",
            common::thousands(rate),
            rate / python,
            rate / bare
        );
    }
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
