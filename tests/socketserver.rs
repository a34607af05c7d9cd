//! `pynet::socketserver`: the servers under load and under faults, each variant end to end,
//! and Python clients against pynet servers.

mod util;

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use pynet::socket::{
    self, AF_UNIX, Address, Error, Exception, Result, SHUT_WR, SO_LINGER, SOCK_DGRAM, SOL_SOCKET,
    Socket,
};
use pynet::socketserver::{
    BaseRequestHandler, DatagramRequest, ForkingTCPServer, ForkingUDPServer, HandlerError, Kind,
    MixIn, Server, StreamRequest, TCPServer, Tcp, ThreadingTCPServer, ThreadingUDPServer,
    UDPServer, UnixDatagramServer, UnixStreamServer,
};
use util::{python_output, random_bytes, recv_exactly, recv_to_eof, within};

// ---------------------------------------------------------------------------------------------
// Helpers

/// Tests share this lock; the descriptor count takes it alone, so that no other test opens or
/// closes descriptors while it counts.
static DESCRIPTORS: RwLock<()> = RwLock::new(());

fn shared() -> RwLockReadGuard<'static, ()> {
    DESCRIPTORS.read().unwrap_or_else(|e| e.into_inner())
}

fn alone() -> RwLockWriteGuard<'static, ()> {
    DESCRIPTORS.write().unwrap_or_else(|e| e.into_inner())
}

/// A server running `serve_forever` on its own thread; dropping it shuts it down.
struct Running<K: Kind, M: MixIn, H> {
    server: Option<Arc<Server<K, M, H>>>,
    thread: Option<JoinHandle<Result<()>>>,
}

/// Starts `server.serve_forever(0.05)` on a new thread.
fn start<K, M, H>(server: Server<K, M, H>) -> Running<K, M, H>
where
    K: Kind + 'static,
    M: MixIn + 'static,
    H: BaseRequestHandler<K::Request> + 'static,
    Server<K, M, H>: Send + Sync,
{
    let server = Arc::new(server);
    let serving = Arc::clone(&server);
    let thread = thread::spawn(move || serving.serve_forever(0.05));
    Running {
        server: Some(server),
        thread: Some(thread),
    }
}

impl<K: Kind, M: MixIn, H> Running<K, M, H> {
    fn server(&self) -> &Server<K, M, H> {
        self.server.as_ref().expect("running")
    }

    fn address(&self) -> Address {
        self.server().server_address.clone()
    }

    /// Shuts the loop down (within 5 s) and gives the server back, still open.
    fn stop(mut self) -> Server<K, M, H> {
        self.shutdown_and_join();
        let server = self.server.take().expect("running");
        Arc::into_inner(server).expect("the only reference")
    }

    fn shutdown_and_join(&mut self) {
        let Some(thread) = self.thread.take() else {
            return;
        };
        let handle = self.server().handle();
        within(5.0, move || {
            handle.shutdown();
            thread.join().expect("serve_forever panicked")
        })
        .expect("serve_forever failed");
    }
}

impl<K: Kind, M: MixIn, H> Drop for Running<K, M, H> {
    fn drop(&mut self) {
        if !thread::panicking() {
            self.shutdown_and_join();
        }
    }
}

/// A client with a 10 s timeout, so that a bug fails the test instead of hanging it.
fn connect(address: &Address) -> Socket {
    socket::create_connection(address, Some(10.0), None).expect("connect")
}

/// What a [`recorder`] was told, one error text per failed request.
type Seen = Arc<Mutex<Vec<String>>>;

/// A `handle_error` that keeps what it is told, for the tests to look at.
fn recorder() -> (
    Seen,
    impl Fn(&Address, &HandlerError) + Send + Sync + 'static,
) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let keep = Arc::clone(&seen);
    let hook = move |_: &Address, error: &HandlerError| {
        keep.lock().expect("not poisoned").push(error.to_string());
    };
    (seen, hook)
}

/// Waits up to `seconds` for `done` to hold.
fn eventually(seconds: f64, mut done: impl FnMut() -> bool) -> bool {
    let until = Instant::now() + Duration::from_secs_f64(seconds);
    while Instant::now() < until {
        if done() {
            return true;
        }
        thread::sleep(Duration::from_millis(10));
    }
    done()
}

/// The module docs' handler: Python's `for line in self.rfile: self.wfile.write(line)`.
struct Echo;

impl BaseRequestHandler<StreamRequest> for Echo {
    fn handle(&mut self, req: &mut StreamRequest) -> Result<()> {
        for line in &mut req.rfile {
            req.wfile.write(&line?)?;
        }
        Ok(())
    }
}

/// Echoes raw chunks until the client closes its side.
fn bulk_echo(req: &mut StreamRequest) -> Result<()> {
    let mut buffer = vec![0u8; 65536];
    loop {
        let n = req.request.recv_into(&mut buffer)?;
        if n == 0 {
            return Ok(());
        }
        req.request.sendall(&buffer[..n])?;
    }
}

// ---------------------------------------------------------------------------------------------
// The Python twin, and Python as a client

#[test]
fn the_module_docs_echo_serves_lines_back() {
    let _lock = shared();
    let running = start(ThreadingTCPServer::new(("127.0.0.1", 0), || Echo).expect("server"));
    let address = running.address();
    within(10.0, move || {
        let client = connect(&address);
        client.sendall(b"one\ntwo\nthree").expect("send");
        client.shutdown(SHUT_WR).expect("half-close");
        assert_eq!(recv_to_eof(&client).expect("echo"), b"one\ntwo\nthree");
    });
}

/// Python's client: sends each line of argv and prints what came back, one repr per line.
const PYTHON_LINE_CLIENT: &str = r#"
import socket, sys
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10) as s:
    f = s.makefile("rwb")
    for word in sys.argv[2:]:
        f.write(word.encode() + b"\n")
        f.flush()
        print(repr(f.readline()))
"#;

#[test]
fn python_clients_are_served_by_a_threading_server() {
    let _lock = shared();
    let running = start(ThreadingTCPServer::new(("127.0.0.1", 0), || Echo).expect("server"));
    let port = running.address().port().expect("port").to_string();
    let clients: Vec<_> = (0..4)
        .map(|i| {
            let args = vec![port.clone(), format!("hello{i}"), "wörld".into()];
            thread::spawn(move || python_output(PYTHON_LINE_CLIENT, &args))
        })
        .collect();
    for (i, client) in clients.into_iter().enumerate() {
        let printed = client.join().expect("python client");
        assert_eq!(printed, format!("b'hello{i}\\n'\nb'w\\xc3\\xb6rld\\n'\n"));
    }
}

#[test]
fn python_udp_client_gets_the_datagram_reply() {
    let _lock = shared();
    let upper = || {
        |req: &mut DatagramRequest| -> Result<()> {
            req.wfile.extend(req.packet.to_ascii_uppercase());
            Ok(())
        }
    };
    let running = start(UDPServer::new(("127.0.0.1", 0), upper).expect("server"));
    let port = running.address().port().expect("port").to_string();
    let code = r#"
import socket, sys
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    s.settimeout(10)
    s.sendto(b"quiet please", ("127.0.0.1", int(sys.argv[1])))
    print(s.recvfrom(100)[0])
"#;
    assert_eq!(python_output(code, &[port]), "b'QUIET PLEASE'\n");
}

// ---------------------------------------------------------------------------------------------
// Load

/// The load: 200 clients, 1 MiB each (about a second in a debug build on two cores).
const CLIENTS: usize = 200;
const BYTES_PER_CLIENT: usize = 1 << 20;

/// Sends `data` in odd-sized chunks (1 to 7919 bytes), then closes the sending side.
fn send_in_odd_chunks(client: &Socket, data: &[u8], seed: u64) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut sent = 0;
    while sent < data.len() {
        let size = (rng.usize(0..3960) * 2 + 1).min(data.len() - sent);
        client.sendall(&data[sent..sent + size]).expect("send");
        sent += size;
    }
    client.shutdown(SHUT_WR).expect("half-close");
}

#[test]
fn many_concurrent_clients_get_their_random_bytes_back_exactly() {
    let _lock = shared();
    let (clients, size) = (CLIENTS, BYTES_PER_CLIENT);
    let mut server =
        ThreadingTCPServer::new_unbound(("127.0.0.1", 0), || bulk_echo).expect("server");
    server.request_queue_size = 256;
    server.server_bind().expect("bind");
    server.server_activate().expect("listen");
    let running = start(server);
    let address = running.address();
    let started = Instant::now();
    within(120.0, move || {
        let workers: Vec<_> = (0..clients as u64)
            .map(|seed| {
                let address = address.clone();
                thread::spawn(move || {
                    let data = random_bytes(seed, size);
                    let client = connect(&address);
                    thread::scope(|s| {
                        s.spawn(|| send_in_odd_chunks(&client, &data, seed));
                        let echoed = recv_exactly(&client, size).expect("echo");
                        assert!(echoed == data, "client {seed}: the echo differs");
                        assert_eq!(client.recv(1).expect("eof"), b"", "client {seed}");
                    });
                })
            })
            .collect();
        for worker in workers {
            worker.join().expect("a client failed");
        }
    });
    println!(
        "{clients} clients x {size} bytes echoed in {:.2} s",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn idle_connections_do_not_stop_others_and_their_timeout_closes_them() {
    let _lock = shared();
    struct Patient;
    impl BaseRequestHandler<StreamRequest> for Patient {
        // Python's class attribute `timeout = 2`.
        fn setup(&mut self, req: &mut StreamRequest) -> Result<()> {
            req.request.settimeout(Some(2.0))
        }
        fn handle(&mut self, req: &mut StreamRequest) -> Result<()> {
            Echo.handle(req)
        }
    }
    let mut server = ThreadingTCPServer::new_unbound(("127.0.0.1", 0), || Patient).expect("server");
    server.request_queue_size = 128;
    let (errors, hook) = recorder();
    server.set_handle_error(hook);
    server.server_bind().expect("bind");
    server.server_activate().expect("listen");
    let running = start(server);
    let address = running.address();
    within(20.0, move || {
        // A slow-loris: 100 connections, each with half a line, then nothing.
        let idle: Vec<Socket> = (0..100)
            .map(|_| {
                let s = connect(&address);
                s.sendall(b"half a li").expect("send");
                s
            })
            .collect();
        let started = Instant::now();
        for i in 0..20 {
            let client = connect(&address);
            client
                .sendall(format!("busy {i}\n").as_bytes())
                .expect("send");
            assert_eq!(
                client.recv(100).expect("echo"),
                format!("busy {i}\n").as_bytes()
            );
        }
        assert!(
            started.elapsed() < Duration::from_millis(1500),
            "served before the idle ones timed out"
        );
        for s in &idle {
            assert_eq!(recv_to_eof(s).expect("closed by the server"), b"");
        }
    });
    // Stop the server, waiting for every handler, before reading what they reported.
    running.stop().server_close();
    let errors = errors.lock().expect("errors").clone();
    assert_eq!(errors.len(), 100, "{errors:?}");
    assert!(
        errors.iter().all(|e| e == "TimeoutError: timed out"),
        "{errors:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Faults

/// Panics on the line `panic`, echoes any other line.
fn panicky(req: &mut StreamRequest) -> Result<()> {
    let line = req.rfile.readline()?;
    if line == b"panic\n" {
        panic!("boom");
    }
    req.wfile.write(&line)?;
    Ok(())
}

/// A client whose handler panics sees the connection close; the next one is served; the
/// panic reaches `handle_error`.
fn survives_a_panic<M, H>(mut server: Server<Tcp, M, H>)
where
    M: MixIn + 'static,
    H: BaseRequestHandler<StreamRequest> + 'static,
    Server<Tcp, M, H>: Send + Sync,
{
    let (errors, hook) = recorder();
    server.set_handle_error(hook);
    let running = start(server);
    let address = running.address();
    within(10.0, move || {
        let bad = connect(&address);
        bad.sendall(b"panic\n").expect("send");
        assert_eq!(recv_to_eof(&bad).expect("closed"), b"");
        let good = connect(&address);
        good.sendall(b"fine\n").expect("send");
        assert_eq!(recv_to_eof(&good).expect("echo"), b"fine\n");
    });
    running.stop().server_close();
    assert_eq!(*errors.lock().expect("errors"), ["panic: boom"]);
}

/// As in Python's `process_request_thread`, `handle_error` runs before `shutdown_request`:
/// when the client sees the connection end, the failure has already been reported. (The hook
/// takes its time, so the opposite order would be seen.)
#[test]
fn handle_error_runs_before_the_connection_is_shut_down() {
    let failing = || |_: &mut StreamRequest| -> Result<()> { Err(Error::timeout()) };
    let mut server = ThreadingTCPServer::new(("127.0.0.1", 0), failing).expect("server");
    let reported = Arc::new(Mutex::new(Vec::new()));
    let keep = Arc::clone(&reported);
    server.set_handle_error(move |_: &Address, error: &HandlerError| {
        thread::sleep(Duration::from_millis(200));
        keep.lock().expect("not poisoned").push(error.to_string());
    });
    let running = start(server);
    let address = running.address();
    let seen = within(10.0, move || {
        let client = connect(&address);
        assert_eq!(recv_to_eof(&client).expect("closed"), b"");
        reported.lock().expect("not poisoned").clone()
    });
    running.stop().server_close();
    assert_eq!(seen, ["TimeoutError: timed out"]);
}

#[test]
fn a_panicking_handler_is_reported_and_the_server_keeps_serving() {
    let _lock = shared();
    survives_a_panic(TCPServer::new(("127.0.0.1", 0), || panicky).expect("server"));
    survives_a_panic(ThreadingTCPServer::new(("127.0.0.1", 0), || panicky).expect("server"));
}

#[test]
fn a_client_resetting_mid_transfer_does_not_stop_the_server() {
    let _lock = shared();
    let mut server = ThreadingTCPServer::new(("127.0.0.1", 0), || bulk_echo).expect("server");
    let (errors, hook) = recorder();
    server.set_handle_error(hook);
    let running = start(server);
    let address = running.address();
    within(10.0, move || {
        for _ in 0..5 {
            let client = connect(&address);
            client.sendall(&random_bytes(1, 300_000)).expect("send");
            client.recv(1000).expect("some echo");
            // SO_LINGER on, 0 s: close sends RST instead of FIN.
            let linger: &[u8] = &[1, 0, 0, 0, 0, 0, 0, 0];
            client
                .setsockopt(SOL_SOCKET, SO_LINGER, linger)
                .expect("linger");
            client.close().expect("close");
        }
        let client = connect(&address);
        client.sendall(b"still here").expect("send");
        client.shutdown(SHUT_WR).expect("half-close");
        assert_eq!(recv_to_eof(&client).expect("echo"), b"still here");
    });
    running.stop().server_close();
    let errors = errors.lock().expect("errors").clone();
    assert!(
        errors
            .iter()
            .all(|e| e.starts_with("ConnectionResetError") || e.starts_with("BrokenPipeError")),
        "{errors:?}"
    );
}

#[test]
fn a_half_closed_client_still_gets_the_whole_reply() {
    let _lock = shared();
    let running = start(TCPServer::new(("127.0.0.1", 0), || Echo).expect("server"));
    let address = running.address();
    within(10.0, move || {
        for round in 0..3 {
            let client = connect(&address);
            let lines = format!("round {round}\n").repeat(1000);
            client.sendall(lines.as_bytes()).expect("send");
            client.shutdown(SHUT_WR).expect("half-close");
            assert_eq!(recv_to_eof(&client).expect("echo"), lines.as_bytes());
        }
    });
}

/// Set in the environment of the child run of `default_handle_error_child`.
const CHILD: &str = "PYNET_SOCKETSERVER_HANDLE_ERROR_CHILD";

/// A handler failing as Python's `raise ValueError("boom")` does.
fn fails(_: &mut StreamRequest) -> Result<()> {
    Err(Error::new(Exception::ValueError, "boom"))
}

/// Does nothing in a normal run. Run by `default_handle_error_prints_python_s_block` with
/// [`CHILD`] set, it serves one failing request with the default `handle_error`, which
/// writes to the real stderr.
#[test]
fn default_handle_error_child() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let server = TCPServer::new(("127.0.0.1", 0), || fails).expect("server");
    let client = connect(&server.server_address);
    assert!(server.handle_request().expect("handled"));
    drop(client);
}

/// The first two and the last two lines of a `handle_error` block, with the port replaced.
fn block_outline(stderr: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    assert!(lines.len() >= 4, "no handle_error block in {text:?}");
    let n = lines.len();
    [lines[0], lines[1], lines[n - 2], lines[n - 1]]
        .iter()
        .map(|line| match line.rfind(", ") {
            Some(at) if line.starts_with("Exception occurred") => format!("{}, PORT)", &line[..at]),
            _ => line.to_string(),
        })
        .collect()
}

#[test]
fn default_handle_error_prints_python_s_block() {
    let _lock = shared();
    let python = within(60.0, || {
        let code = r#"
import socket, socketserver
class Fails(socketserver.BaseRequestHandler):
    def handle(self):
        raise ValueError("boom")
with socketserver.TCPServer(("127.0.0.1", 0), Fails) as server:
    client = socket.create_connection(server.server_address)
    server.handle_request()
    client.close()
"#;
        util::python3()
            .arg("-c")
            .arg(code)
            .output()
            .expect("python3")
    });
    let ours = within(60.0, || {
        std::process::Command::new(std::env::current_exe().expect("test binary"))
            .args(["--exact", "default_handle_error_child", "--nocapture"])
            .env(CHILD, "1")
            .output()
            .expect("child run")
    });
    assert!(
        ours.status.success(),
        "{}",
        String::from_utf8_lossy(&ours.stderr)
    );
    let expected = block_outline(&python.stderr);
    assert_eq!(expected[2], "ValueError: boom");
    assert_eq!(block_outline(&ours.stderr), expected);
}

// ---------------------------------------------------------------------------------------------
// Shutdown and closing

#[test]
fn shutdown_returns_within_a_second_with_clients_connected() {
    let _lock = shared();
    let mut server = ThreadingTCPServer::new(("127.0.0.1", 0), || Echo).expect("server");
    // A long poll_interval: shutdown must not wait for it.
    server.daemon_threads = true;
    let server = Arc::new(server);
    let serving = Arc::clone(&server);
    let thread = thread::spawn(move || serving.serve_forever(30.0));
    let address = server.server_address.clone();
    let clients: Vec<Socket> = (0..20)
        .map(|i| {
            let client = connect(&address);
            client.sendall(format!("{i}\n").as_bytes()).expect("send");
            assert_eq!(client.recv(10).expect("echo"), format!("{i}\n").as_bytes());
            client
        })
        .collect();
    let started = Instant::now();
    let handle = server.handle();
    within(1.0, move || handle.shutdown());
    assert!(started.elapsed() < Duration::from_secs(1));
    within(1.0, move || {
        thread.join().expect("loop").expect("serve_forever")
    });
    // The connected clients are still served by their threads.
    clients[3].sendall(b"after\n").expect("send");
    assert_eq!(clients[3].recv(10).expect("echo"), b"after\n");
}

#[test]
fn shutdown_from_a_handler_of_a_plain_server_does_not_deadlock() {
    let _lock = shared();
    let stopper = || {
        |req: &mut StreamRequest| -> Result<()> {
            req.server.shutdown();
            req.wfile.write(b"bye\n")?;
            Ok(())
        }
    };
    let server = TCPServer::new(("127.0.0.1", 0), stopper).expect("server");
    let address = server.server_address.clone();
    let serving = thread::spawn(move || server.serve_forever(30.0));
    within(5.0, move || {
        let client = connect(&address);
        assert_eq!(recv_to_eof(&client).expect("reply"), b"bye\n");
        serving.join().expect("loop").expect("serve_forever");
    });
}

#[test]
fn server_close_waits_for_handler_threads_unless_they_are_daemons() {
    let _lock = shared();
    for daemon_threads in [false, true] {
        let finished = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&finished);
        let slow = move || {
            let counter = Arc::clone(&counter);
            move |req: &mut StreamRequest| -> Result<()> {
                req.rfile.readline()?;
                req.wfile.write(b"started\n")?;
                thread::sleep(Duration::from_millis(300));
                counter.fetch_add(1, Ordering::SeqCst);
                Ok(())
            }
        };
        let mut server = ThreadingTCPServer::new(("127.0.0.1", 0), slow).expect("server");
        server.daemon_threads = daemon_threads;
        let running = start(server);
        let client = connect(&running.address());
        client.sendall(b"go\n").expect("send");
        assert_eq!(recv_exactly(&client, 8).expect("started"), b"started\n");
        let server = running.stop();
        within(5.0, move || server.server_close());
        let done = finished.load(Ordering::SeqCst);
        assert_eq!(
            done,
            usize::from(!daemon_threads),
            "daemon_threads={daemon_threads}"
        );
        drop(client);
    }
}

#[test]
fn max_threads_caps_concurrent_handlers() {
    let _lock = shared();
    let running_now = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let (now, peak) = (Arc::clone(&running_now), Arc::clone(&most));
    let handler = move || {
        let (now, peak) = (Arc::clone(&now), Arc::clone(&peak));
        move |req: &mut StreamRequest| -> Result<()> {
            let current = now.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(current, Ordering::SeqCst);
            thread::sleep(Duration::from_millis(50));
            now.fetch_sub(1, Ordering::SeqCst);
            req.wfile.write(b"done\n")?;
            Ok(())
        }
    };
    let mut server = ThreadingTCPServer::new(("127.0.0.1", 0), handler).expect("server");
    server.max_threads = Some(2);
    let running = start(server);
    let address = running.address();
    within(10.0, move || {
        let clients: Vec<_> = (0..8)
            .map(|_| {
                let address = address.clone();
                thread::spawn(move || recv_to_eof(&connect(&address)).expect("reply"))
            })
            .collect();
        for client in clients {
            assert_eq!(client.join().expect("client"), b"done\n");
        }
    });
    assert_eq!(most.load(Ordering::SeqCst), 2);
}

#[test]
fn handle_request_serves_one_request_or_times_out() {
    let _lock = shared();
    let mut server = TCPServer::new(("127.0.0.1", 0), || Echo).expect("server");
    server.timeout = Some(0.2);
    let started = Instant::now();
    assert!(!server.handle_request().expect("timed out"));
    assert!(started.elapsed() >= Duration::from_millis(200));
    let address = server.server_address.clone();
    let client = thread::spawn(move || {
        let client = connect(&address);
        client.sendall(b"once\n").expect("send");
        client.shutdown(SHUT_WR).expect("half-close");
        recv_to_eof(&client).expect("echo")
    });
    server.timeout = Some(5.0);
    assert!(within(10.0, move || server
        .handle_request()
        .expect("served")));
    assert_eq!(client.join().expect("client"), b"once\n");
}

// ---------------------------------------------------------------------------------------------
// Descriptors and children

/// The number of open descriptors of this process.
fn open_descriptors() -> usize {
    std::fs::read_dir("/proc/self/fd").expect("/proc").count()
}

#[test]
fn a_thousand_connections_leak_no_descriptor() {
    let _lock = alone();
    let before = open_descriptors();
    let server = ThreadingTCPServer::new(("127.0.0.1", 0), || Echo).expect("server");
    let running = start(server);
    let address = running.address();
    within(60.0, move || {
        for i in 0..1000 {
            let client = connect(&address);
            client.sendall(format!("{i}\n").as_bytes()).expect("send");
            client.shutdown(SHUT_WR).expect("half-close");
            assert_eq!(
                recv_to_eof(&client).expect("echo"),
                format!("{i}\n").as_bytes()
            );
        }
    });
    running.stop().server_close();
    assert_eq!(open_descriptors(), before);
}

/// Whether `pid` is a process (a zombie counts) of this machine.
fn process_exists(pid: i32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

/// Replies with the pid of the process that handled the request.
fn tell_pid(req: &mut StreamRequest) -> Result<()> {
    req.wfile.write(std::process::id().to_string().as_bytes())?;
    Ok(())
}

#[test]
fn a_forking_server_serves_in_children_and_leaves_no_zombies() {
    let _lock = shared();
    let mut server = ForkingTCPServer::new(("127.0.0.1", 0), || tell_pid).expect("server");
    server.max_children = 3;
    let running = start(server);
    let address = running.address();
    let pids: HashSet<i32> = within(20.0, move || {
        (0..12)
            .map(|_| {
                let reply = recv_to_eof(&connect(&address)).expect("pid");
                String::from_utf8(reply)
                    .expect("digits")
                    .parse()
                    .expect("pid")
            })
            .collect()
    });
    assert_eq!(pids.len(), 12, "one child per connection");
    assert!(!pids.contains(&(std::process::id() as i32)));
    // While serving, the loop reaps the children that have ended.
    let server = running.server();
    assert!(eventually(5.0, || server.active_children().is_empty()));
    assert!(pids.iter().all(|&pid| !process_exists(pid)), "zombies left");
    running.stop().server_close();
}

#[test]
fn server_close_of_a_forking_server_waits_for_its_children() {
    let _lock = shared();
    let slow = |req: &mut StreamRequest| -> Result<()> {
        thread::sleep(Duration::from_millis(300));
        tell_pid(req)
    };
    let running = start(ForkingTCPServer::new(("127.0.0.1", 0), move || slow).expect("server"));
    let clients: Vec<Socket> = (0..3).map(|_| connect(&running.address())).collect();
    let server = running.stop();
    within(5.0, move || {
        while server.active_children().len() < 3 {
            // The loop stopped before forking for everyone: serve the rest by hand.
            server.handle_request().expect("handled");
        }
        let pids = server.active_children();
        server.server_close();
        assert!(pids.iter().all(|&pid| !process_exists(pid)), "zombies left");
    });
    for client in clients {
        assert!(!recv_to_eof(&client).expect("pid").is_empty());
    }
}

// ---------------------------------------------------------------------------------------------
// UDP and unix variants

fn upper_reply(req: &mut DatagramRequest) -> Result<()> {
    std::io::Write::write_all(&mut req.wfile, &req.packet.to_ascii_uppercase())?;
    Ok(())
}

/// Sends `packet` from a new datagram socket bound to `local` and returns the reply.
fn ask(server: &Address, local: impl Into<Address>, family: i32, packet: &[u8]) -> Vec<u8> {
    let s = Socket::new(family, SOCK_DGRAM, 0).expect("socket");
    s.bind(local).expect("bind");
    s.settimeout(Some(10.0)).expect("timeout");
    s.sendto(packet, server).expect("sendto");
    s.recvfrom(65536).expect("reply").0
}

#[test]
fn udp_servers_reply_to_each_datagram() {
    let _lock = shared();
    let af_inet = socket::AF_INET;
    let plain = start(UDPServer::new(("127.0.0.1", 0), || upper_reply).expect("server"));
    let threading =
        start(ThreadingUDPServer::new(("127.0.0.1", 0), || upper_reply).expect("server"));
    let forking = start(ForkingUDPServer::new(("127.0.0.1", 0), || upper_reply).expect("server"));
    for address in [plain.address(), threading.address(), forking.address()] {
        within(10.0, move || {
            let replies: Vec<_> = (0..10)
                .map(|i| {
                    let address = address.clone();
                    thread::spawn(move || {
                        let reply = ask(
                            &address,
                            ("127.0.0.1", 0),
                            af_inet,
                            format!("ping {i}").as_bytes(),
                        );
                        assert_eq!(reply, format!("PING {i}").as_bytes());
                    })
                })
                .collect();
            for reply in replies {
                reply.join().expect("reply");
            }
        });
    }
}

#[test]
fn a_datagram_handler_that_writes_nothing_sends_an_empty_reply() {
    let _lock = shared();
    let silent = || |_: &mut DatagramRequest| -> Result<()> { Ok(()) };
    let running = start(UDPServer::new(("127.0.0.1", 0), silent).expect("server"));
    let address = running.address();
    let reply = within(10.0, move || {
        ask(&address, ("127.0.0.1", 0), socket::AF_INET, b"x")
    });
    assert_eq!(reply, b"");
}

#[test]
fn unix_stream_and_datagram_servers_work() {
    let _lock = shared();
    let dir = tempfile::tempdir().expect("temp dir");
    let stream_path = dir.path().join("stream.sock");
    let running = start(UnixStreamServer::new(&stream_path, || Echo).expect("server"));
    assert_eq!(running.address(), Address::from(&stream_path));
    let stream_address = running.address();
    within(10.0, move || {
        let client = Socket::new(AF_UNIX, socket::SOCK_STREAM, 0).expect("socket");
        client.settimeout(Some(10.0)).expect("timeout");
        client.connect(&stream_address).expect("connect");
        client.sendall(b"over a path\n").expect("send");
        client.shutdown(SHUT_WR).expect("half-close");
        assert_eq!(recv_to_eof(&client).expect("echo"), b"over a path\n");
    });
    let datagram_path = dir.path().join("dgram.sock");
    let client_path = dir.path().join("client.sock");
    let running = start(UnixDatagramServer::new(&datagram_path, || upper_reply).expect("server"));
    let address = running.address();
    let reply = within(10.0, move || ask(&address, &client_path, AF_UNIX, b"unix"));
    assert_eq!(reply, b"UNIX");
}

#[test]
fn a_tcp_server_on_an_ipv6_address_is_ipv6() {
    let _lock = shared();
    if !util::ipv6_loopback("a_tcp_server_on_an_ipv6_address_is_ipv6") {
        return;
    }
    let running = start(TCPServer::new(("::1", 0), || Echo).expect("server"));
    assert_eq!(running.server().socket.family(), socket::AF_INET6);
    let port = running.address().port().expect("port");
    within(10.0, move || {
        let client = socket::create_connection(("::1", port), Some(10.0), None).expect("connect");
        client.sendall(b"six\n").expect("send");
        client.shutdown(SHUT_WR).expect("half-close");
        assert_eq!(recv_to_eof(&client).expect("echo"), b"six\n");
    });
}

#[test]
fn binding_a_used_address_fails_as_python_does() {
    let _lock = shared();
    let first = TCPServer::new(("127.0.0.1", 0), || Echo).expect("server");
    let port = first.server_address.port().expect("port");
    let error: Error = TCPServer::new(("127.0.0.1", port), || Echo).expect_err("in use");
    assert!(error.is_instance(Exception::OSError));
    assert_eq!(error.to_string(), "[Errno 98] Address already in use");
}
