//! `cargo bench --bench servers`: one load generator against five echo servers on loopback,
//! each running a thread or a process per connection.
//!
//! 1. pynet's `ThreadingTCPServer` with an echo handler,
//! 2. the same echo loop on raw `std::net`, one thread per connection (the `std::net` server of
//!    `cargo bench --bench echo`, in benches/common/mod.rs): the base of every ratio,
//! 3. pynet's `ForkingTCPServer`,
//! 4. Python's `socketserver.ThreadingTCPServer` and
//! 5. Python's `socketserver.ForkingTCPServer` (both in `benches/servers.py`).
//!
//! Four measurements per server: round trips per second of a 64-byte message with 1, 16 and
//! 256 clients at once, and MB/s echoed on one connection with 1 MiB writes (bulk, as in the
//! echo bench). Each client is a thread of the load generator with a blocking `std::net`
//! connection of its own; all clients connect first (each proving with one round trip that a
//! handler serves it), then start together and run until told to stop. Every cell is measured
//! over several rounds, the servers interleaved within a round (in reverse order every other
//! round) so that drift hits them all alike; the tables show medians and their spread, and the
//! ratios to `std::net` taken round by round (the median of each round's ratio, so that a burst
//! of outside load in one round moves both sides of that round's ratio). The target is pynet
//! threading >= 0.95x `std::net` at every client count (1, 16 and 256). The 256-client cell
//! is the noisy one (see [`Cell::length`]) and is measured three times as long.
//!
//! Every server runs in a process of its own, the Rust ones in this binary started again with
//! `--serve NAME`, so that all five are measured alike. A forking server could not run inside
//! the load generator anyway: its children would inherit the clients' ends of the connections,
//! and a child holding its own client's socket never sees that client close. After each cell
//! the bench waits until the server has ended every handler thread or child, so that one
//! server's clean-up does not slow the next one's measurement.
//!
//! Every server gets the same settings where the defaults differ: a listen backlog of 128
//! (std's; Python's and pynet's default 5 overflows when 256 clients connect at once), at most
//! 1024 children for the forking servers (the default 40 would leave 216 of 256 clients
//! waiting), and daemon handler threads.
//!
//! As in the echo bench, `-- --quick` (or `PYNET_BENCH_QUICK=1`) runs one short round as a
//! smoke test and judges nothing, `PYNET_BENCH_ROUNDS=N` measures every cell N times, the bench
//! runs itself again pinned to one core (`PYNET_BENCH_CPUS=all` spreads it), and every
//! blocking step has a time limit.
//!
//! `cargo bench --bench servers -- --scale` holds 5,000 connections at once on pynet's
//! threading server (64 KiB handler stacks), raising this process's descriptor limit first,
//! and reports the server's resident memory from `/proc/PID/status`: the server runs in a
//! process of its own, so that the figure is the server's alone, not the load generator's
//! 5,000 sockets and buffers too. The target is under 1 GiB.

#[allow(dead_code)] // The servers bench uses every helper but `Target`.
mod common;

use std::fs;
use std::io;
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use common::{BenchResult, ChildGuard, Config, SERVER_BUFFER, Spread};
use pynet::socketserver::{
    BaseRequestHandler, ForkingTCPServer, MixIn, Server, StreamRequest, Tcp, ThreadingTCPServer,
};

/// What pynet's threading server must reach, as a ratio to `std::net`, at every client count.
const TARGET_RATIO: f64 = 0.95;
/// How many times the full run measures every cell.
const ROUNDS: usize = 9;
/// The Python servers, started with `python3`.
const PYTHON_SERVERS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/servers.py");
/// The listen backlog of every server: 128, as `std::net`'s `TcpListener::bind` listens.
const BACKLOG: i32 = 128;
/// `max_children` of the forking servers: more than the most clients at once.
const MAX_CHILDREN: usize = 1024;
/// `serve_forever`'s `poll_interval`: Python's default.
const POLL_INTERVAL: f64 = 0.5;
/// How long a server may take to end its handlers once its clients have gone.
const SETTLE: Duration = Duration::from_secs(10);

/// How many connections the scale mode holds at once.
const SCALE_CONNECTIONS: usize = 5_000;
/// The handler threads' stack size in the scale mode (`thread_stack_size`).
const SCALE_STACK: usize = 64 * 1024;
/// The listen backlog in the scale mode.
const SCALE_BACKLOG: i32 = 1024;
/// The most resident memory the server may use holding them: 1 GiB, in KiB.
const SCALE_RSS_TARGET_KIB: u64 = 1 << 20;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|arg| arg == "--serve") {
        let name = args.get(at + 1).map_or("", String::as_str);
        if let Err(e) = serve(name) {
            eprintln!("servers benchmark: --serve {name}: {e}");
            std::process::exit(1);
        }
        return;
    }
    if let Some(code) = common::run_pinned() {
        std::process::exit(code);
    }
    let result = if args.iter().any(|arg| arg == "--scale") {
        scale()
    } else {
        run()
    };
    if let Err(e) = result {
        eprintln!("servers benchmark failed: {e}");
        std::process::exit(1);
    }
}

/// The whole bench; the servers' processes are gone by the time it returns.
fn run() -> BenchResult<()> {
    let config = Config::from_env(ROUNDS);
    println!(
        "servers benchmark: {}; {} round(s) of {:.1} s per cell ({:.1} s with {CROWD} clients), \
         medians (min-max)",
        common::placement(),
        config.rounds,
        config.cell.as_secs_f64(),
        Cell::Echo(CROWD).length(config.cell).as_secs_f64()
    );
    let servers = ServerKind::ALL
        .iter()
        .map(|&kind| Running::start(kind))
        .collect::<BenchResult<Vec<_>>>()?;
    warm_up(&servers)?;
    let samples = run_rounds(&servers, &config)?;
    print_tables(&samples, config.quick);
    Ok(())
}

// The servers under test, each in a process of its own.

/// One of the five servers.
#[derive(Clone, Copy, PartialEq)]
enum ServerKind {
    Std,
    PynetThreading,
    PynetForking,
    PythonThreading,
    PythonForking,
}

impl ServerKind {
    /// Every server, in the order of the tables' rows: the base of the ratios first.
    const ALL: [ServerKind; 5] = [
        ServerKind::Std,
        ServerKind::PynetThreading,
        ServerKind::PynetForking,
        ServerKind::PythonThreading,
        ServerKind::PythonForking,
    ];

    /// The server's name in the tables.
    fn name(self) -> &'static str {
        match self {
            ServerKind::Std => "std::net",
            ServerKind::PynetThreading => "pynet threading",
            ServerKind::PynetForking => "pynet forking",
            ServerKind::PythonThreading => "python3 threading",
            ServerKind::PythonForking => "python3 forking",
        }
    }

    /// The command that starts it: `python3 benches/servers.py KIND`, or this binary with
    /// `--serve NAME` (see [`serve`]).
    fn command(self) -> io::Result<Command> {
        let (python, serve) = match self {
            ServerKind::Std => (None, "std"),
            ServerKind::PynetThreading => (None, "pynet-threading"),
            ServerKind::PynetForking => (None, "pynet-forking"),
            ServerKind::PythonThreading => (Some("threading"), ""),
            ServerKind::PythonForking => (Some("forking"), ""),
        };
        Ok(match python {
            Some(kind) => {
                let mut command = Command::new("python3");
                command.args([PYTHON_SERVERS, kind]);
                command.env("PYTHONUNBUFFERED", "1");
                command
            }
            None => serve_command(serve)?,
        })
    }
}

/// This binary, started again to run the server `name` (see [`serve`]).
fn serve_command(name: &str) -> io::Result<Command> {
    let mut command = Command::new(std::env::current_exe()?);
    command.args(["--serve", name]);
    Ok(command)
}

/// A server running in its own process, killed when dropped.
struct Running {
    kind: ServerKind,
    addr: SocketAddr,
    pid: u32,
    /// How many tasks (threads, and child processes) the server runs with no client.
    idle: usize,
    _process: ChildGuard,
}

impl Running {
    /// Starts `kind` and waits until it listens.
    fn start(kind: ServerKind) -> BenchResult<Running> {
        let (process, addr) = common::start_server(kind.name(), &mut kind.command()?)?;
        let pid = process.0.id();
        let idle = tasks(pid).map_err(|e| format!("{}: /proc/{pid}: {e}", kind.name()))?;
        Ok(Running {
            kind,
            addr,
            pid,
            idle,
            _process: process,
        })
    }

    /// Waits until the server has ended the handlers of the clients that left: back to its
    /// idle number of tasks.
    fn settle(&self) -> BenchResult<()> {
        let deadline = Instant::now() + SETTLE;
        loop {
            let busy = tasks(self.pid)?.saturating_sub(self.idle);
            if busy == 0 {
                return Ok(());
            }
            if Instant::now() >= deadline {
                let name = self.kind.name();
                return Err(format!(
                    "{name} server: {busy} handlers still run {SETTLE:?} after their clients left"
                )
                .into());
            }
            thread::sleep(Duration::from_millis(5));
        }
    }
}

/// How many tasks process `pid` runs: its threads, and its children that have not ended.
fn tasks(pid: u32) -> io::Result<usize> {
    let threads = status_field(pid, "Threads")?;
    let children = fs::read_dir("/proc")?
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&other| live_child_of(other, pid))
        .count();
    Ok(threads as usize + children)
}

/// Whether process `other` is a child of `pid` that has not ended (not a zombie); false when
/// it is gone.
fn live_child_of(other: u32, pid: u32) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{other}/stat")) else {
        return false;
    };
    // `PID (COMMAND) STATE PPID ...`, where COMMAND may hold spaces and parentheses.
    let Some((_, fields)) = stat.rsplit_once(')') else {
        return false;
    };
    let mut fields = fields.split_whitespace();
    let state = fields.next();
    let parent = fields.next().and_then(|ppid| ppid.parse::<u32>().ok());
    parent == Some(pid) && state != Some("Z")
}

/// A number from `/proc/PID/status`: `Threads`, or `VmRSS` and `VmHWM` in KiB.
fn status_field(pid: u32, field: &str) -> io::Result<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|value| value.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| io::Error::other(format!("no {field} in /proc/{pid}/status")))
}

// The Rust servers, run by this binary with `--serve NAME`. Each prints its port on one line,
// then serves until it is killed.

/// Runs the server `name`: `std`, `pynet-threading`, `pynet-forking`, or `pynet-scale` (the
/// threading server with small stacks and a long backlog).
fn serve(name: &str) -> BenchResult<()> {
    match name {
        "std" => {
            let addr = common::std_server()?;
            println!("{}", addr.port());
            loop {
                thread::park();
            }
        }
        "pynet-threading" => serve_pynet(threading_server(None, BACKLOG)?),
        "pynet-scale" => serve_pynet(threading_server(Some(SCALE_STACK), SCALE_BACKLOG)?),
        "pynet-forking" => {
            let mut server = ForkingTCPServer::new_unbound(("127.0.0.1", 0), || Echo)?;
            server.request_queue_size = BACKLOG;
            server.max_children = MAX_CHILDREN;
            serve_pynet(server)
        }
        _ => Err(format!("no server named {name:?}").into()),
    }
}

/// pynet's echo handler: the same loop as the `std::net` server's, through pynet.
///
/// ```python
/// class Echo(socketserver.BaseRequestHandler):
///     def handle(self):
///         while data := self.request.recv(65536):
///             self.request.sendall(data)
/// ```
struct Echo;

impl BaseRequestHandler<StreamRequest> for Echo {
    fn handle(&mut self, req: &mut StreamRequest) -> pynet::socket::Result<()> {
        let mut buffer = vec![0u8; SERVER_BUFFER];
        loop {
            let n = req.request.recv_into(&mut buffer)?;
            if n == 0 {
                return Ok(());
            }
            req.request.sendall(&buffer[..n])?;
        }
    }
}

/// pynet's `ThreadingTCPServer`, not yet bound, with daemon handler threads of `stack` bytes
/// (`None`: Rust's default) and a listen backlog of `backlog`.
fn threading_server(
    stack: Option<usize>,
    backlog: i32,
) -> pynet::socket::Result<ThreadingTCPServer<Echo>> {
    let mut server = ThreadingTCPServer::new_unbound(("127.0.0.1", 0), || Echo)?;
    server.request_queue_size = backlog;
    server.daemon_threads = true;
    server.thread_stack_size = stack;
    Ok(server)
}

/// Binds and activates a pynet server, prints its port, and serves.
fn serve_pynet<M: MixIn>(mut server: Server<Tcp, M, Echo>) -> BenchResult<()> {
    server.server_bind()?;
    server.server_activate()?;
    let port = server
        .server_address
        .port()
        .ok_or("the server has no port")?;
    println!("{port}");
    server.serve_forever(POLL_INTERVAL)?;
    Ok(())
}

// The measurements.

/// What one cell of the table measures.
#[derive(Clone, Copy)]
enum Cell {
    /// Round trips per second with this many clients at once.
    Echo(usize),
    /// MB/s echoed on one connection.
    Bulk,
}

/// The most clients at once.
const CROWD: usize = 256;
/// The table's columns.
const CELLS: [Cell; 4] = [Cell::Echo(1), Cell::Echo(16), Cell::Echo(CROWD), Cell::Bulk];

impl Cell {
    /// How long a measurement of this cell lasts, where other cells last `cell`: three times
    /// as long with 256 clients. Pinned to one core, its 512 threads (256 clients, 256
    /// handlers) fall into scheduling patterns that last about a second, each with its own
    /// rate (33,000, 44,000 or 53,000 round trips/s, one after another, for the same server
    /// here): a longer measurement spans more of them.
    fn length(self, cell: Duration) -> Duration {
        match self {
            Cell::Echo(CROWD) => cell * 3,
            _ => cell,
        }
    }

    /// The column's heading.
    fn heading(self) -> String {
        match self {
            Cell::Echo(1) => "1 client".to_string(),
            Cell::Echo(clients) => format!("{clients} clients"),
            Cell::Bulk => "bulk MB/s".to_string(),
        }
    }
}

/// Every measurement of one server, one list per cell.
struct Samples {
    kind: ServerKind,
    cells: [Vec<f64>; CELLS.len()],
}

/// Measures every cell once, briefly, on every server, and throws the numbers away: the first
/// connections of each server pay for page faults, thread stacks and the like.
fn warm_up(servers: &[Running]) -> BenchResult<()> {
    for server in servers {
        for cell in CELLS {
            measure(server, cell, Duration::from_millis(100))?;
        }
    }
    Ok(())
}

/// Measures every cell of every server `config.rounds` times: cell by cell, and within a
/// cell server after server, forwards in even rounds and backwards in odd ones.
fn run_rounds(servers: &[Running], config: &Config) -> BenchResult<Vec<Samples>> {
    let mut samples: Vec<Samples> = servers
        .iter()
        .map(|server| Samples {
            kind: server.kind,
            cells: Default::default(),
        })
        .collect();
    for round in 0..config.rounds {
        for (column, &cell) in CELLS.iter().enumerate() {
            let mut order: Vec<usize> = (0..servers.len()).collect();
            if round % 2 == 1 {
                order.reverse();
            }
            for i in order {
                let value = measure(&servers[i], cell, config.cell)?;
                samples[i].cells[column].push(value);
            }
        }
    }
    Ok(samples)
}

/// Measures one cell of `server` (for `duration`, or longer: see [`Cell::length`]), then
/// waits for the server to settle.
fn measure(server: &Running, cell: Cell, duration: Duration) -> BenchResult<f64> {
    let duration = cell.length(duration);
    let measured = match cell {
        Cell::Echo(clients) => round_trips_per_s(server.addr, clients, duration),
        Cell::Bulk => common::mb_per_s(server.addr, duration),
    };
    let value = measured.map_err(|e| {
        let (name, heading) = (server.kind.name(), cell.heading());
        format!("{name} server, {heading}: {}", common::reason(&e))
    })?;
    server.settle()?;
    Ok(value)
}

/// Round trips per second of `clients` clients at once, for `duration`.
///
/// Every client connects first and makes one round trip, so that a handler serves each
/// before the clock starts; then all start together and run until told to stop. The rate
/// counts every round trip finished, over the time from the start until the last one.
fn round_trips_per_s(addr: SocketAddr, clients: usize, duration: Duration) -> io::Result<f64> {
    let connections = (0..clients)
        .map(|_| open(addr))
        .collect::<io::Result<Vec<_>>>()?;
    let stop = Arc::new(AtomicBool::new(false));
    let start_line = Arc::new(Barrier::new(clients + 1));
    let mut workers = Vec::with_capacity(clients);
    for conn in connections {
        let (stop, start_line) = (Arc::clone(&stop), Arc::clone(&start_line));
        workers.push(thread::Builder::new().spawn(move || {
            start_line.wait();
            echo_until(conn, &stop)
        })?);
    }
    start_line.wait();
    let start = Instant::now();
    thread::sleep(duration);
    stop.store(true, Ordering::Relaxed);
    let mut finished = Vec::with_capacity(clients);
    for worker in workers {
        let result = worker.join();
        finished.push(result.map_err(|_| io::Error::other("a client thread panicked"))?);
    }
    let mut trips = 0u64;
    let mut end = start;
    for result in finished {
        let (count, at) = result?;
        trips += count;
        end = end.max(at);
    }
    Ok(trips as f64 / (end - start).as_secs_f64())
}

/// A client connection, served: connected, Nagle off, and one round trip made.
fn open(addr: SocketAddr) -> io::Result<TcpStream> {
    let mut conn = common::connect(addr)?;
    conn.set_nodelay(true)?;
    common::round_trip(&mut conn)?;
    Ok(conn)
}

/// Makes round trips on `conn` until `stop` is set; returns how many, and when the last one
/// ended.
fn echo_until(mut conn: TcpStream, stop: &AtomicBool) -> io::Result<(u64, Instant)> {
    let mut trips = 0u64;
    while !stop.load(Ordering::Relaxed) {
        common::round_trip(&mut conn)?;
        trips += 1;
    }
    Ok((trips, Instant::now()))
}

// The tables.

/// The width of the server column.
const NAME: usize = 19;
/// The width of every other column.
const COLUMN: usize = 27;

/// Prints the medians, the ratios to `std::net`, and the verdict.
///
/// A ratio is taken round by round, between the two measurements of the same cell in the
/// same round, and the table shows the median of those ratios and their spread: a burst of
/// load from outside the bench then lowers both sides of a ratio instead of one median.
fn print_tables(samples: &[Samples], quick: bool) {
    let Some(base) = find(samples, ServerKind::Std) else {
        return;
    };
    println!(
        "round trips/s of 64 B messages by concurrent clients; MB/s echoed on one connection \
         (1 MiB writes)"
    );
    print_row("server", CELLS.map(Cell::heading));
    for sample in samples {
        let cells = sample.cells.each_ref().map(|v| Spread::of(v).cell());
        print_row(sample.kind.name(), cells);
    }
    println!();
    print_row("ratio to std::net", CELLS.map(Cell::heading));
    for sample in samples {
        let cells = ratios(sample, base).map(|ratios| ratio_cell(&Spread::of(&ratios)));
        print_row(sample.kind.name(), cells);
    }
    println!(
        "MB = 10^6 bytes; bulk MB/s counts the bytes read back (each crossed loopback twice); \
         ratios are medians of each round's ratio."
    );
    print_against_python(samples);
    print_verdict(samples, base, quick);
}

/// One row: a name, then the columns.
fn print_row(name: &str, cells: [String; CELLS.len()]) {
    let mut line = format!("{name:<NAME$}");
    for cell in cells {
        line.push_str(&format!("{cell:<COLUMN$}"));
    }
    println!("{}", line.trim_end());
}

/// The samples of `kind`.
fn find(samples: &[Samples], kind: ServerKind) -> Option<&Samples> {
    samples.iter().find(|sample| sample.kind == kind)
}

/// For every cell, the ratio of `sample` to `base` in each round.
fn ratios(sample: &Samples, base: &Samples) -> [Vec<f64>; CELLS.len()] {
    let mut ratios: [Vec<f64>; CELLS.len()] = Default::default();
    for (column, ratios) in ratios.iter_mut().enumerate() {
        let rounds = sample.cells[column].iter().zip(&base.cells[column]);
        *ratios = rounds.map(|(value, base)| value / base).collect();
    }
    ratios
}

/// The median ratio of every cell.
fn median_ratios(sample: &Samples, base: &Samples) -> [f64; CELLS.len()] {
    ratios(sample, base).map(|ratios| Spread::of(&ratios).median)
}

/// `0.99 (0.93-1.04)`, or only the median for a single round.
fn ratio_cell(spread: &Spread) -> String {
    if spread.min == spread.max {
        format!("{:.2}", spread.median)
    } else {
        format!("{:.2} ({:.2}-{:.2})", spread.median, spread.min, spread.max)
    }
}

/// How many times Python's threading server pynet's and `std::net`'s are, beside the
/// figures the issue gives for this machine.
fn print_against_python(samples: &[Samples]) {
    let Some(python) = find(samples, ServerKind::PythonThreading) else {
        return;
    };
    for kind in [ServerKind::PynetThreading, ServerKind::Std] {
        if let Some(sample) = find(samples, kind) {
            let times = median_ratios(sample, python).map(|r| format!("{r:.1}x"));
            println!(
                "{} / python3 threading: {} (1, 16, 256 clients; bulk)",
                kind.name(),
                times.join(", ")
            );
        }
    }
    println!(
        "(the issue's std::net / python3 threading on this machine, load generator on the same \
         cores: 3.6x at 16 clients, 9x at 256)"
    );
}

/// Whether pynet's threading server met its target at every client count.
fn print_verdict(samples: &[Samples], base: &Samples, quick: bool) {
    if quick {
        println!(
            "a quick run is too short to judge the {TARGET_RATIO:.2}x target: run without --quick"
        );
        return;
    }
    let Some(pynet) = find(samples, ServerKind::PynetThreading) else {
        return;
    };
    let misses: Vec<String> = CELLS
        .iter()
        .zip(median_ratios(pynet, base))
        .filter(|&(cell, ratio)| matches!(cell, Cell::Echo(_)) && ratio < TARGET_RATIO)
        .map(|(cell, ratio)| format!("{} {ratio:.2}", cell.heading()))
        .collect();
    let verdict = if misses.is_empty() {
        "met".to_string()
    } else {
        format!("NOT met ({})", misses.join(", "))
    };
    println!(
        "target pynet threading >= {TARGET_RATIO:.2}x std::net at 1, 16 and 256 clients: {verdict}"
    );
}

// The scale mode.

/// Holds [`SCALE_CONNECTIONS`] connections at once on pynet's threading server and reports
/// its memory.
fn scale() -> BenchResult<()> {
    let limit = raise_descriptor_limit(SCALE_CONNECTIONS as u64 + 1024)?;
    let count = common::thousands(SCALE_CONNECTIONS as f64);
    println!(
        "servers scale: {}; pynet ThreadingTCPServer, thread_stack_size {} KiB, {count} \
         connections held at once; {limit}",
        common::placement(),
        SCALE_STACK / 1024,
    );
    // The server inherits the raised descriptor limit.
    let name = "pynet threading (scale)";
    let (process, addr) = common::start_server(name, &mut serve_command("pynet-scale")?)?;
    let pid = process.0.id();
    let idle = Memory::of(pid)?;

    let started = Instant::now();
    let mut connections = Vec::with_capacity(SCALE_CONNECTIONS);
    for i in 0..SCALE_CONNECTIONS {
        let conn =
            open(addr).map_err(|e| format!("connection {}: {}", i + 1, common::reason(&e)))?;
        connections.push(conn);
    }
    let opened = started.elapsed();
    let started = Instant::now();
    for (i, conn) in connections.iter_mut().enumerate() {
        common::round_trip(conn)
            .map_err(|e| format!("connection {} again: {}", i + 1, common::reason(&e)))?;
    }
    let echoed = started.elapsed();
    let holding = Memory::of(pid)?;
    drop(connections);
    let started = Instant::now();
    wait_for_threads(pid, idle.threads).map_err(|e| format!("{name}: {e}"))?;
    let closed = started.elapsed();

    println!(
        "opened {count} connections in {:.2} s, one round trip each; then one more round trip on \
         every one, all held open, in {:.2} s",
        opened.as_secs_f64(),
        echoed.as_secs_f64()
    );
    println!("server process, idle:          {idle}");
    println!("server process, holding them:  {holding}");
    let per_connection = holding.rss.saturating_sub(idle.rss) as f64 / SCALE_CONNECTIONS as f64;
    println!("RSS per connection: {per_connection:.1} KiB");
    println!(
        "after the clients closed: back to {} thread(s) in {:.2} s",
        idle.threads,
        closed.as_secs_f64()
    );
    let verdict = if holding.peak < SCALE_RSS_TARGET_KIB {
        "met"
    } else {
        "NOT met"
    };
    println!("target server RSS (peak) under 1 GiB: {verdict}");
    Ok(())
}

/// What `/proc/PID/status` says of a process's threads and memory (sizes in KiB).
struct Memory {
    threads: u64,
    /// `VmRSS`: resident memory.
    rss: u64,
    /// `VmHWM`: the most resident memory so far.
    peak: u64,
    /// `VmSize`: address space, thread stacks included whether touched or not.
    size: u64,
}

impl Memory {
    fn of(pid: u32) -> io::Result<Memory> {
        Ok(Memory {
            threads: status_field(pid, "Threads")?,
            rss: status_field(pid, "VmRSS")?,
            peak: status_field(pid, "VmHWM")?,
            size: status_field(pid, "VmSize")?,
        })
    }
}

impl std::fmt::Display for Memory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} thread{}, RSS {} (peak {}), address space {}",
            common::thousands(self.threads as f64),
            if self.threads == 1 { "" } else { "s" },
            mib(self.rss),
            mib(self.peak),
            mib(self.size)
        )
    }
}

/// Waits until process `pid` runs no more than `threads` threads, at most [`SETTLE`].
fn wait_for_threads(pid: u32, threads: u64) -> BenchResult<()> {
    let started = Instant::now();
    while status_field(pid, "Threads")? > threads {
        if started.elapsed() >= SETTLE {
            return Err(format!("handler threads still run {SETTLE:?} after closing").into());
        }
        thread::sleep(Duration::from_millis(10));
    }
    Ok(())
}

/// KiB as MiB, for the scale report: `190.2 MiB`.
fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// Raises this process's descriptor limit (`RLIMIT_NOFILE`) to at least `want`, and says what
/// it did: `descriptor limit raised from 1,024 to 6,024`. Children, the server among them, inherit it. Python's twin is
/// `resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))`.
///
/// The soft limit is raised up to the hard one freely; raising the hard limit too needs
/// privilege (`CAP_SYS_RESOURCE`), and without it this fails with the reason.
fn raise_descriptor_limit(want: u64) -> BenchResult<String> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes one rlimit into `limit`, which is valid for the whole call.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(format!("getrlimit(RLIMIT_NOFILE): {}", io::Error::last_os_error()).into());
    }
    let soft = common::thousands(limit.rlim_cur as f64);
    if limit.rlim_cur >= want {
        return Ok(format!("descriptor limit {soft}, enough already"));
    }
    let raised = libc::rlimit {
        rlim_cur: want,
        rlim_max: limit.rlim_max.max(want),
    };
    // SAFETY: setrlimit only reads `raised`, which is valid for the whole call.
    if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } != 0 {
        let e = io::Error::last_os_error();
        let hard = limit.rlim_max;
        return Err(format!(
            "cannot raise the descriptor limit from {soft} (hard {hard}) to {want}: {e}"
        )
        .into());
    }
    let want = common::thousands(want as f64);
    Ok(format!("descriptor limit raised from {soft} to {want}"))
}
