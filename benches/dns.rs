//! `cargo bench --bench dns`: look-ups per second against a local dnsmasq, for pynet's
//! resolver and for two other clients doing the same look-ups one at a time:
//!
//! 1. pynet: `Resolver::query` (a fresh UDP socket and a random ID per question, every reply
//!    checked, CNAMEs followed),
//! 2. `dig -f BATCH`: BIND's dig asking every line of a batch file in one process (its start-up,
//!    a few milliseconds, is counted),
//! 3. dnspython's stub resolver under `/usr/bin/python3` (`benches/dns_client.py`: not `dns.py`,
//!    which would hide the `dns` package; timed inside
//!    Python).
//!
//! The look-ups cycle through the seven record types of the test zone (A, AAAA, TXT, MX, A
//! through a CNAME, SRV, PTR). Each client is measured over several rounds, interleaved; the
//! table shows medians, their spread, and pynet's speed as a multiple of each client's.
//! dig and dnspython are skipped with a note where they are missing; dnsmasq is required.
//!
//! `cargo bench --bench dns -- --quick` (or `PYNET_BENCH_QUICK=1`) runs one short round;
//! `PYNET_BENCH_ROUNDS=N` sets the rounds. Like the other benches it runs pinned to one core
//! (`PYNET_BENCH_CPUS=all` spreads it): dnsmasq shares that core with the client.

// This bench uses only the pinning, run-length and table helpers.
#[allow(dead_code)]
mod common;
#[path = "../tests/util/dnsmasq.rs"]
mod dnsmasq;
#[path = "../tests/util/peer.rs"]
mod peer;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use common::{BenchResult, Config, Spread};
use pynet::dns::{Resolver, TYPE_A, TYPE_AAAA, TYPE_MX, TYPE_PTR, TYPE_SRV, TYPE_TXT};

/// The look-ups every client makes, in turn: name, type code, type name.
const LOOKUPS: [(&str, u16, &str); 7] = [
    (dnsmasq::APEX, TYPE_A, "A"),
    (dnsmasq::APEX, TYPE_AAAA, "AAAA"),
    (dnsmasq::APEX, TYPE_TXT, "TXT"),
    (dnsmasq::APEX, TYPE_MX, "MX"),
    (dnsmasq::WWW, TYPE_A, "A"),
    (dnsmasq::SRV_NAME, TYPE_SRV, "SRV"),
    (dnsmasq::PTR_NAME, TYPE_PTR, "PTR"),
];
/// Look-ups per measurement in the full run, and in the quick one.
const FULL_QUERIES: usize = 3000;
const QUICK_QUERIES: usize = 300;
/// Rounds of the full run.
const ROUNDS: usize = 5;
/// The dnspython client.
const PYTHON_CLIENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/dns_client.py");
/// The Python that has dnspython (Debian's, not a pyenv one).
const SYSTEM_PYTHON: &str = "/usr/bin/python3";

fn main() {
    if let Some(code) = common::run_pinned() {
        std::process::exit(code);
    }
    if let Err(e) = run() {
        eprintln!("dns benchmark failed: {e}");
        std::process::exit(1);
    }
}

/// The whole bench; dnsmasq is gone by the time it returns.
fn run() -> BenchResult<()> {
    let config = Config::from_env(ROUNDS);
    let queries = if config.quick {
        QUICK_QUERIES
    } else {
        FULL_QUERIES
    };
    let Some(server) = dnsmasq::Dnsmasq::start("dns benchmark") else {
        return Ok(());
    };
    println!(
        "dns benchmark: {}; {} round(s) of {queries} look-ups per client, medians (min-max)",
        common::placement(),
        config.rounds,
    );
    let batch = tempfile::tempdir()?;
    let clients = available_clients(batch.path(), queries)?;
    for client in &clients {
        client.measure(server.port(), LOOKUPS.len())?; // warm-up: page faults, caches
    }
    let mut samples = vec![Vec::new(); clients.len()];
    for _ in 0..config.rounds {
        for (client, sample) in clients.iter().zip(&mut samples) {
            sample.push(client.measure(server.port(), queries)?);
        }
    }
    print_table(&clients, &samples);
    Ok(())
}

/// A DNS client under test.
enum Client {
    /// pynet's `Resolver::query`.
    Pynet,
    /// `dig -f` with a batch file of `queries` lines at this path.
    Dig(std::path::PathBuf),
    /// `/usr/bin/python3 benches/dns_client.py`.
    Dnspython,
}

/// pynet, and dig and dnspython where they are installed.
fn available_clients(dir: &Path, queries: usize) -> BenchResult<Vec<Client>> {
    let mut clients = vec![Client::Pynet];
    if peer::find("dig", "the dig column").is_some() {
        let path = dir.join("batch");
        let lines: String = (0..queries)
            .map(|i| {
                let (name, _, type_name) = LOOKUPS[i % LOOKUPS.len()];
                format!("{name} {type_name}\n")
            })
            .collect();
        std::fs::write(&path, lines)?;
        clients.push(Client::Dig(path));
    }
    let has_dnspython = Command::new(SYSTEM_PYTHON)
        .args(["-c", "import dns.resolver"])
        .output()
        .is_ok_and(|out| out.status.success());
    if has_dnspython {
        clients.push(Client::Dnspython);
    } else {
        println!("skipped the dnspython column: {SYSTEM_PYTHON} has no dnspython");
    }
    Ok(clients)
}

impl Client {
    /// The name in the table.
    fn name(&self) -> &'static str {
        match self {
            Client::Pynet => "pynet Resolver",
            Client::Dig(_) => "dig -f (one process)",
            Client::Dnspython => "dnspython (/usr/bin/python3)",
        }
    }

    /// Look-ups per second over `queries` look-ups (dig always runs its whole batch).
    fn measure(&self, port: u16, queries: usize) -> BenchResult<f64> {
        match self {
            Client::Pynet => pynet_rate(port, queries),
            Client::Dig(batch) => dig_rate(port, batch),
            Client::Dnspython => dnspython_rate(port, queries),
        }
    }
}

/// pynet: `queries` look-ups in turn, each checked to have records.
fn pynet_rate(port: u16, queries: usize) -> BenchResult<f64> {
    let mut resolver = Resolver::new([("127.0.0.1", port)])?;
    resolver.timeout = 2.0;
    let start = Instant::now();
    for i in 0..queries {
        let (name, type_, type_name) = LOOKUPS[i % LOOKUPS.len()];
        if resolver.query(name, type_)?.records.is_empty() {
            return Err(format!("pynet found no {type_name} records for {name}").into());
        }
    }
    Ok(queries as f64 / start.elapsed().as_secs_f64())
}

/// dig: the whole batch file in one process, timed from outside.
fn dig_rate(port: u16, batch: &Path) -> BenchResult<f64> {
    let lines = std::fs::read_to_string(batch)?.lines().count();
    let start = Instant::now();
    let output = Command::new("dig")
        .args(["-p", &port.to_string(), "@127.0.0.1", "+noedns", "+short"])
        .args(["+tries=1", "+time=2", "-f"])
        .arg(batch)
        .output()?;
    let elapsed = start.elapsed().as_secs_f64();
    let answers = String::from_utf8_lossy(&output.stdout).lines().count();
    if !output.status.success() || answers < lines {
        return Err(format!("dig gave {answers} answer lines for {lines} look-ups").into());
    }
    Ok(lines as f64 / elapsed)
}

/// dnspython: `benches/dns_client.py` makes the look-ups and prints the seconds they took.
fn dnspython_rate(port: u16, queries: usize) -> BenchResult<f64> {
    let lookups = LOOKUPS.map(|(name, _, type_name)| format!("{name}:{type_name}"));
    let output = Command::new(SYSTEM_PYTHON)
        .arg(PYTHON_CLIENT)
        .args([port.to_string(), queries.to_string()])
        .args(lookups)
        .output()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let seconds: f64 = text.trim().parse().map_err(|_| {
        format!(
            "dns_client.py printed {text:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    })?;
    Ok(queries as f64 / seconds)
}

/// The table: look-ups per second, and pynet's rate as a multiple of each client's.
fn print_table(clients: &[Client], samples: &[Vec<f64>]) {
    let pynet = Spread::of(&samples[0]).median;
    println!("| client | look-ups/s | pynet ÷ this |");
    println!("|---|---|---|");
    for (client, sample) in clients.iter().zip(samples) {
        let spread = Spread::of(sample);
        println!(
            "| {} | {} | {:.2}x |",
            client.name(),
            spread.cell(),
            pynet / spread.median
        );
    }
}
