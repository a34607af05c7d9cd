//! `cargo bench --bench tls`: the same rustls load generator against two TLS echo servers.
//!
//! 1. a TLS echo server written with pynet (`pynet::ssl`, thread per connection),
//! 2. a Python TLS echo server (`benches/tls_echo.py`, `ssl` on OpenSSL, thread per
//!    connection).
//!
//! Both present the same certificate (ECDSA P-256, made by rcgen for the run) and negotiate
//! TLS 1.3. Two measurements per server: handshakes per second (a new connection, the full
//! handshake and one 64-byte echo, so that the server has finished its side too), and bulk
//! MB/s echoed back on one connection (64 KiB written, 64 KiB read back, over and over). The
//! servers are interleaved in each round; the table shows medians, their spread, and pynet's
//! ratio to Python.
//!
//! `cargo bench --bench tls -- --quick` (or `PYNET_BENCH_QUICK=1`) runs one short round, as a
//! smoke test; `PYNET_BENCH_ROUNDS=N` measures every cell N times. Every blocking step has a
//! time limit, so a stuck server fails the bench instead of hanging it. Like the other benches
//! it runs itself pinned to one core (`PYNET_BENCH_CPUS=all` to use every core).

#[allow(dead_code)] // The TLS bench uses only part of the shared helpers.
mod common;
#[path = "../tests/util/tls.rs"]
mod tls;

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use common::{BenchResult, ChildGuard, Config, MB, SERVER_BUFFER, Spread, Target};
use pynet::socket::{AF_INET, IPPROTO_TCP, SOCK_STREAM, Socket, TCP_NODELAY};
use pynet::ssl::{PROTOCOL_TLS_SERVER, SSLContext, SSLSocket};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned};
use tls::TestCerts;

/// The Python TLS echo server, started with `python3`.
const PYTHON_SERVER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/tls_echo.py");
/// How many times the full run measures every cell.
const ROUNDS: usize = 5;
/// The size of a handshake's echo.
const MESSAGE: usize = 64;
/// The size of each write (and read back) of the bulk measurement.
const BULK_CHUNK: usize = 64 * 1024;

fn main() {
    if let Some(code) = common::run_pinned() {
        std::process::exit(code);
    }
    if let Err(e) = run() {
        eprintln!("tls benchmark failed: {e}");
        std::process::exit(1);
    }
}

/// The whole bench; the Python server is gone by the time it returns.
fn run() -> BenchResult<()> {
    let config = Config::from_env(ROUNDS);
    println!(
        "tls benchmark: {}; {} round(s) of {:.1} s per cell, medians (min-max)",
        common::placement(),
        config.rounds,
        config.cell.as_secs_f64()
    );
    let certs = TestCerts::new();
    let client = Arc::new(client_config(&certs)?);
    let (_python, python_addr) = python_server(&certs)?;
    let targets = [
        Target::new("pynet", pynet_server(&certs)?),
        Target::new("python3 ssl", python_addr),
    ];
    let brief = Duration::from_millis(100);
    for target in &targets {
        measure(target, &client, brief)?;
    }
    let mut samples: Vec<Samples> = targets.iter().map(|t| Samples::new(t.name)).collect();
    for _ in 0..config.rounds {
        for (target, sample) in targets.iter().zip(&mut samples) {
            let (handshakes, mb) = measure(target, &client, config.cell)?;
            sample.handshakes_per_s.push(handshakes);
            sample.mb_per_s.push(mb);
        }
    }
    print_table(&samples);
    Ok(())
}

/// Every measurement of one server.
struct Samples {
    name: &'static str,
    handshakes_per_s: Vec<f64>,
    mb_per_s: Vec<f64>,
}

impl Samples {
    fn new(name: &'static str) -> Samples {
        Samples {
            name,
            handshakes_per_s: Vec::new(),
            mb_per_s: Vec::new(),
        }
    }
}

/// Both measurements of `target`, each lasting `duration`.
fn measure(
    target: &Target,
    client: &Arc<ClientConfig>,
    duration: Duration,
) -> BenchResult<(f64, f64)> {
    let failed = |what: &str, e: io::Error| {
        format!("{} server, {what}: {}", target.name, common::reason(&e))
    };
    let handshakes =
        handshakes_per_s(target.addr, client, duration).map_err(|e| failed("handshakes", e))?;
    let mb = bulk_mb_per_s(target.addr, client, duration).map_err(|e| failed("bulk", e))?;
    Ok((handshakes, mb))
}

// The servers.

/// Starts the pynet TLS echo server on a thread of its own; returns where it listens.
fn pynet_server(certs: &TestCerts) -> BenchResult<SocketAddr> {
    let mut ctx = SSLContext::new(PROTOCOL_TLS_SERVER)?;
    ctx.load_cert_chain(&certs.localhost.cert, Some(&certs.localhost.key))?;
    let ctx = Arc::new(ctx);
    let listener = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    listener.bind(("127.0.0.1", 0))?;
    listener.listen(128)?;
    let port = listener.getsockname()?.port().ok_or("no port")?;
    thread::spawn(move || {
        while let Ok((conn, _)) = listener.accept() {
            let ctx = Arc::clone(&ctx);
            thread::spawn(move || {
                // Both servers turn Nagle off: a handshake's last flight and the first
                // answer would otherwise wait for the client's delayed ACK.
                let _ = conn.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
                if let Ok(tls) = ctx.wrap_socket(conn, true, None) {
                    pynet_echo(&tls);
                }
            });
        }
    });
    Ok(SocketAddr::from(([127, 0, 0, 1], port)))
}

/// Sends back whatever arrives on `tls` until the peer closes it.
fn pynet_echo(tls: &SSLSocket) {
    let mut buffer = vec![0u8; SERVER_BUFFER];
    loop {
        match tls.recv_into(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => {
                if tls.sendall(&buffer[..n]).is_err() {
                    return;
                }
            }
        }
    }
}

/// Starts `python3 benches/tls_echo.py CERT KEY` (killed when dropped); returns it and the
/// address it printed.
fn python_server(certs: &TestCerts) -> BenchResult<(ChildGuard, SocketAddr)> {
    let mut command = Command::new("python3");
    command
        .arg(PYTHON_SERVER)
        .arg(&certs.localhost.cert)
        .arg(&certs.localhost.key)
        .env("PYTHONUNBUFFERED", "1");
    common::start_server("python3 TLS echo server", &mut command)
}

// The load generator: rustls over std::net, the same code for every server.

/// A rustls client configuration trusting the run's CA.
fn client_config(certs: &TestCerts) -> BenchResult<ClientConfig> {
    let mut roots = RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(&certs.ca)? {
        roots.add(cert?)?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Ok(ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// A TLS connection to `addr`, for `localhost`, with every blocking step under
/// [`common::IO_TIMEOUT`]; the handshake runs with the first write.
fn tls_connect(
    addr: SocketAddr,
    client: &Arc<ClientConfig>,
) -> io::Result<StreamOwned<ClientConnection, TcpStream>> {
    let tcp = common::connect(addr)?;
    tcp.set_nodelay(true)?;
    let name = ServerName::try_from("localhost").map_err(io::Error::other)?;
    let conn = ClientConnection::new(Arc::clone(client), name).map_err(io::Error::other)?;
    Ok(StreamOwned::new(conn, tcp))
}

/// Writes `data` and reads it back, checking it.
fn echo(stream: &mut impl ReadWrite, data: &[u8], reply: &mut [u8]) -> io::Result<()> {
    stream.write_all(data)?;
    stream.flush()?;
    stream.read_exact(reply)?;
    if reply != data {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "echo differs"));
    }
    Ok(())
}

/// Both halves of a stream.
trait ReadWrite: Read + Write {}
impl<T: Read + Write> ReadWrite for T {}

/// New connections per second for `duration`: each connects, handshakes, echoes 64 bytes and
/// closes.
fn handshakes_per_s(
    addr: SocketAddr,
    client: &Arc<ClientConfig>,
    duration: Duration,
) -> io::Result<f64> {
    let message = [0x42u8; MESSAGE];
    let mut reply = [0u8; MESSAGE];
    let mut count = 0u64;
    let start = Instant::now();
    loop {
        let mut stream = tls_connect(addr, client)?;
        echo(&mut stream, &message, &mut reply)?;
        stream.conn.send_close_notify();
        let _ = stream.conn.complete_io(&mut stream.sock);
        count += 1;
        let elapsed = start.elapsed();
        if elapsed >= duration {
            return Ok(count as f64 / elapsed.as_secs_f64());
        }
    }
}

/// MB/s echoed on one connection for `duration`, 64 KiB at a time.
fn bulk_mb_per_s(
    addr: SocketAddr,
    client: &Arc<ClientConfig>,
    duration: Duration,
) -> io::Result<f64> {
    let chunk = vec![0x5au8; BULK_CHUNK];
    let mut reply = vec![0u8; BULK_CHUNK];
    let mut stream = tls_connect(addr, client)?;
    let mut bytes = 0u64;
    let start = Instant::now();
    loop {
        echo(&mut stream, &chunk, &mut reply)?;
        bytes += BULK_CHUNK as u64;
        let elapsed = start.elapsed();
        if elapsed >= duration {
            return Ok(bytes as f64 / elapsed.as_secs_f64() / MB);
        }
    }
}

// The table.

/// Prints each server's medians and pynet's ratio to Python.
fn print_table(samples: &[Samples]) {
    let Some(python) = samples.iter().find(|s| s.name != "pynet") else {
        return;
    };
    let base_handshakes = Spread::of(&python.handshakes_per_s).median;
    let base_mb = Spread::of(&python.mb_per_s).median;
    println!(
        "{:<14}{:<30}{:>7}    {:<30}{:>7}",
        "server", "handshakes/s (+64 B echo)", "ratio", "MB/s (64 KiB echoes)", "ratio"
    );
    for sample in samples {
        let handshakes = Spread::of(&sample.handshakes_per_s);
        let mb = Spread::of(&sample.mb_per_s);
        println!(
            "{:<14}{:<30}{:>7.2}    {:<30}{:>7.2}",
            sample.name,
            handshakes.cell(),
            handshakes.median / base_handshakes,
            mb.cell(),
            mb.median / base_mb
        );
    }
    println!("ratios are to python3 ssl (higher is faster)");
}
