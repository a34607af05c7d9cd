//! Timeouts and blocking modes, on loopback: `None` blocks, `0.0` never waits, a timeout
//! gives `timed out` after that long (one deadline for the whole call), a call may carry its
//! own deadline or `MSG_DONTWAIT`, and `setdefaulttimeout` reaches new and accepted sockets;
//! Python's answers are the reference throughout.
//!
//! The default timeout is process-global and these tests run on parallel threads, so only
//! `default_timeout_applies_to_new_and_accepted_sockets` changes it, and every other test sets
//! the timeout of each socket it uses explicitly.

mod util;

use std::sync::Arc;
use std::sync::mpsc::{self, TryRecvError};
use std::thread;
use std::time::{Duration, Instant};

use pynet::socket::{
    self, AF_INET, AF_INET6, AF_UNIX, Address, Exception, IPPROTO_TCP, IPPROTO_UDP, MSG_DONTWAIT,
    Result, SO_RCVBUF, SO_SNDBUF, SOCK_CLOEXEC, SOCK_DGRAM, SOCK_NONBLOCK, SOCK_STREAM, SOL_SOCKET,
    Socket, getdefaulttimeout, setdefaulttimeout, socketpair,
};
use serde_json::json;
use util::{Parity, random_bytes, within};

/// The timeout the timing tests wait for: long enough to measure on a loaded machine.
const TIMEOUT: f64 = 0.3;

/// The time limit of one test's blocking steps.
const LIMIT: f64 = 10.0;

/// Clock slack allowed below the timeout.
const SLACK: f64 = 0.001;

// Helpers.

/// A new socket with an explicit timeout (never the process-wide default).
fn new_socket(family: i32, kind: i32, timeout: Option<f64>) -> Socket {
    let s = Socket::new(family, kind, 0).expect("socket");
    s.settimeout(timeout).expect("settimeout");
    s
}

/// A blocking TCP listener on a free loopback port.
fn tcp_listener(backlog: i32) -> Socket {
    let listener = new_socket(AF_INET, SOCK_STREAM, None);
    listener.bind(("127.0.0.1", 0)).expect("bind");
    listener.listen(backlog).expect("listen");
    listener
}

/// A connected loopback TCP pair `(client, server)`, both blocking.
fn tcp_pair() -> (Socket, Socket) {
    let listener = tcp_listener(1);
    let client = new_socket(AF_INET, SOCK_STREAM, None);
    client
        .connect(listener.getsockname().expect("getsockname"))
        .expect("connect");
    let (server, _) = listener.accept().expect("accept");
    server.settimeout(None).expect("settimeout");
    (client, server)
}

/// A UDP socket bound to a free loopback port, with an explicit timeout.
fn udp_socket(timeout: Option<f64>) -> Socket {
    let s = new_socket(AF_INET, SOCK_DGRAM, timeout);
    s.bind(("127.0.0.1", 0)).expect("bind");
    s
}

/// A unix socket pair, both blocking.
fn unix_pair() -> (Socket, Socket) {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0).expect("socketpair");
    a.settimeout(None).expect("settimeout");
    b.settimeout(None).expect("settimeout");
    (a, b)
}

/// A listener whose accept queue is full (`listen(0)`, clients nobody accepts), so that a
/// further connect waits: on Linux the kernel drops its SYN. Returns the listener, its
/// address and the clients that got in (they must stay open).
fn full_listener() -> (Socket, Address, Vec<Socket>) {
    let listener = tcp_listener(0);
    let address = listener.getsockname().expect("getsockname");
    let mut clients = Vec::new();
    for _ in 0..16 {
        let client = new_socket(AF_INET, SOCK_STREAM, Some(0.2));
        match client.connect(&address) {
            Ok(()) => clients.push(client),
            Err(e) if e.is_timeout() => return (listener, address, clients),
            Err(e) => panic!("filling the accept queue: {e:?}"),
        }
    }
    panic!("16 clients got into a listen(0) queue: it never filled");
}

/// Runs `f` and returns its result with the seconds it took.
fn measure<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let started = Instant::now();
    let result = f();
    (result, started.elapsed().as_secs_f64())
}

/// Asserts Python's `BlockingIOError: [Errno 11] Resource temporarily unavailable`.
fn assert_would_block<T: std::fmt::Debug>(result: Result<T>) {
    let e = result.expect_err("the call should have raised BlockingIOError");
    assert_eq!(e.to_string(), "[Errno 11] Resource temporarily unavailable");
    assert_eq!(e.exception(), Exception::BlockingIOError);
    assert_eq!(e.errno(), Some(11));
    assert!(!e.is_timeout());
}

/// Asserts Python's `TimeoutError: timed out`, raised after `timeout` seconds and well
/// before twice that.
fn assert_timed_out<T: std::fmt::Debug>((result, elapsed): (Result<T>, f64), timeout: f64) {
    let e = result.expect_err("the call should have timed out");
    assert_eq!(e.to_string(), "timed out");
    assert_eq!(e.exception(), Exception::TimeoutError);
    assert_eq!(e.errno(), None);
    assert!(e.is_timeout());
    assert_took(elapsed, timeout);
}

/// Asserts that a wait of `timeout` seconds took at least that long and less than twice it.
fn assert_took(elapsed: f64, timeout: f64) {
    assert!(
        elapsed >= timeout - SLACK,
        "returned after {elapsed:.4} s, before its {timeout} s timeout"
    );
    assert!(
        elapsed < 2.0 * timeout,
        "returned after {elapsed:.4} s, more than twice its {timeout} s timeout"
    );
}

/// Whether the descriptor is in non-blocking mode (`O_NONBLOCK`), read from
/// `/proc/self/fdinfo` so that the test needs no unsafe `fcntl`.
fn fd_nonblocking(s: &Socket) -> bool {
    let info = std::fs::read_to_string(format!("/proc/self/fdinfo/{}", s.fileno()))
        .expect("/proc/self/fdinfo");
    let flags = info
        .lines()
        .find_map(|line| line.strip_prefix("flags:"))
        .expect("a flags: line");
    let flags = u32::from_str_radix(flags.trim(), 8).expect("octal flags");
    flags & libc::O_NONBLOCK as u32 != 0
}

/// What `python3 -c code` prints.
fn python_prints(code: &str) -> String {
    util::python_output(code, &[])
}

/// `Class: message`, as the last line of Python's traceback (and `Error`'s `Debug`).
fn traceback_line<T>(result: Result<T>) -> String {
    match result {
        Ok(_) => "no error".to_string(),
        Err(e) => format!("{e:?}"),
    }
}

// Timeout None: calls block until the peer acts.

#[test]
fn recv_without_timeout_waits_until_the_peer_sends() {
    within(LIMIT, || {
        let (client, server) = tcp_pair();
        assert_eq!(server.gettimeout(), None);
        let (started_tx, started) = mpsc::channel();
        let (result_tx, result) = mpsc::channel();
        let receiver = thread::spawn(move || {
            started_tx.send(()).expect("started");
            result_tx.send(server.recv(5)).expect("result");
        });
        started.recv().expect("the receiver started");
        // Nothing has been sent, so a blocking recv cannot have returned.
        assert_eq!(result.try_recv().err(), Some(TryRecvError::Empty));
        client.sendall(b"hello").expect("sendall");
        assert_eq!(
            result.recv().expect("recv's result").expect("recv"),
            b"hello"
        );
        receiver.join().expect("receiver thread");
    });
}

#[test]
fn recvfrom_without_timeout_waits_for_a_datagram() {
    within(LIMIT, || {
        let receiver = udp_socket(None);
        let address = receiver.getsockname().expect("getsockname");
        let (started_tx, started) = mpsc::channel();
        let (result_tx, result) = mpsc::channel();
        let thread = thread::spawn(move || {
            started_tx.send(()).expect("started");
            result_tx.send(receiver.recvfrom(100)).expect("result");
        });
        started.recv().expect("the receiver started");
        assert_eq!(result.try_recv().err(), Some(TryRecvError::Empty));
        let sender = udp_socket(None);
        assert_eq!(sender.sendto(b"ping", &address).expect("sendto"), 4);
        let (data, from) = result.recv().expect("recvfrom's result").expect("recvfrom");
        assert_eq!(data, b"ping");
        assert_eq!(from, sender.getsockname().expect("getsockname"));
        thread.join().expect("receiver thread");
    });
}

#[test]
fn accept_without_timeout_waits_for_a_client() {
    within(LIMIT, || {
        let listener = tcp_listener(1);
        let address = listener.getsockname().expect("getsockname");
        let (started_tx, started) = mpsc::channel();
        let (result_tx, result) = mpsc::channel();
        let thread = thread::spawn(move || {
            started_tx.send(()).expect("started");
            result_tx
                .send(listener.accept().map(|(_, peer)| peer))
                .expect("result");
        });
        started.recv().expect("the acceptor started");
        assert_eq!(result.try_recv().err(), Some(TryRecvError::Empty));
        let client = new_socket(AF_INET, SOCK_STREAM, None);
        client.connect(&address).expect("connect");
        let peer = result.recv().expect("accept's result").expect("accept");
        assert_eq!(peer, client.getsockname().expect("getsockname"));
        thread.join().expect("acceptor thread");
    });
}

// Timeout 0.0: non-blocking mode.

#[test]
fn settimeout_zero_and_setblocking_false_are_the_same_non_blocking_mode() {
    let s = new_socket(AF_INET, SOCK_STREAM, None);
    assert!(s.getblocking());
    assert!(!fd_nonblocking(&s));
    s.settimeout(Some(0.0)).expect("settimeout");
    assert_eq!(s.gettimeout(), Some(0.0));
    assert!(!s.getblocking());
    assert!(fd_nonblocking(&s));
    s.setblocking(true).expect("setblocking");
    assert_eq!(s.gettimeout(), None);
    assert!(s.getblocking());
    assert!(!fd_nonblocking(&s));
    s.setblocking(false).expect("setblocking");
    assert_eq!(s.gettimeout(), Some(0.0));
    assert!(!s.getblocking());
    assert!(fd_nonblocking(&s));
    // A socket with a timeout is "blocking" in Python's sense, but its descriptor is not.
    s.settimeout(Some(TIMEOUT)).expect("settimeout");
    assert_eq!(s.gettimeout(), Some(TIMEOUT));
    assert!(s.getblocking());
    assert!(fd_nonblocking(&s));
}

#[test]
fn recv_in_non_blocking_mode_raises_blocking_io_error() {
    within(LIMIT, || {
        let (_client, server) = tcp_pair();
        server.settimeout(Some(0.0)).expect("settimeout");
        assert_would_block(server.recv(10));
        let mut buffer = [0u8; 10];
        assert_would_block(server.recv_into(&mut buffer));

        let (_a, b) = unix_pair();
        b.setblocking(false).expect("setblocking");
        assert_would_block(b.recv(10));
    });
}

#[test]
fn recv_in_non_blocking_mode_returns_what_has_arrived() {
    within(LIMIT, || {
        let (a, b) = unix_pair();
        b.setblocking(false).expect("setblocking");
        a.sendall(b"ready").expect("sendall");
        assert_eq!(b.recv(10).expect("recv"), b"ready");
        assert_would_block(b.recv(10));
    });
}

#[test]
fn recvfrom_in_non_blocking_mode_raises_blocking_io_error() {
    within(LIMIT, || {
        let s = udp_socket(Some(0.0));
        assert_would_block(s.recvfrom(10));
        let mut buffer = [0u8; 10];
        assert_would_block(s.recvfrom_into(&mut buffer));
        s.setblocking(true).expect("setblocking");
        s.setblocking(false).expect("setblocking");
        assert_would_block(s.recvfrom(10));
    });
}

#[test]
fn accept_in_non_blocking_mode_raises_blocking_io_error() {
    within(LIMIT, || {
        let listener = tcp_listener(1);
        listener.settimeout(Some(0.0)).expect("settimeout");
        assert_would_block(listener.accept());
        listener.setblocking(true).expect("setblocking");
        listener.setblocking(false).expect("setblocking");
        assert_would_block(listener.accept());
    });
}

#[test]
fn connect_in_non_blocking_mode_raises_operation_now_in_progress() {
    within(LIMIT, || {
        let listener = tcp_listener(1);
        let address = listener.getsockname().expect("getsockname");
        let client = new_socket(AF_INET, SOCK_STREAM, Some(0.0));
        let e = client
            .connect(&address)
            .expect_err("connect should be in progress");
        assert_eq!(e.to_string(), "[Errno 115] Operation now in progress");
        assert_eq!(e.exception(), Exception::BlockingIOError);
        assert_eq!(e.errno(), Some(115));
        // The kernel finishes the connection in the background.
        let (_, peer) = listener.accept().expect("accept");
        assert_eq!(peer, client.getsockname().expect("getsockname"));

        let other = new_socket(AF_INET, SOCK_STREAM, None);
        other.setblocking(false).expect("setblocking");
        assert_eq!(other.connect_ex(&address).expect("connect_ex"), 115);
    });
}

// A timeout: `timed out` after that long.

#[test]
fn recv_times_out_after_the_timeout() {
    within(LIMIT, || {
        let (_client, server) = tcp_pair();
        server.settimeout(Some(TIMEOUT)).expect("settimeout");
        assert_timed_out(measure(|| server.recv(10)), TIMEOUT);
        let mut buffer = [0u8; 10];
        assert_timed_out(measure(|| server.recv_into(&mut buffer)), TIMEOUT);

        let (_a, b) = unix_pair();
        b.settimeout(Some(TIMEOUT)).expect("settimeout");
        assert_timed_out(measure(|| b.recv(10)), TIMEOUT);
    });
}

#[test]
fn recv_with_a_timeout_returns_data_that_arrives_in_time() {
    within(LIMIT, || {
        let (a, b) = unix_pair();
        b.settimeout(Some(5.0)).expect("settimeout");
        a.sendall(b"in time").expect("sendall");
        assert_eq!(b.recv(100).expect("recv"), b"in time");
        assert_eq!(b.gettimeout(), Some(5.0));
    });
}

#[test]
fn recvfrom_times_out_after_the_timeout() {
    within(LIMIT, || {
        let s = udp_socket(Some(TIMEOUT));
        assert_timed_out(measure(|| s.recvfrom(10)), TIMEOUT);
        let mut buffer = [0u8; 10];
        assert_timed_out(measure(|| s.recvfrom_into(&mut buffer)), TIMEOUT);
    });
}

#[test]
fn accept_times_out_after_the_timeout() {
    within(LIMIT, || {
        let listener = tcp_listener(1);
        listener.settimeout(Some(TIMEOUT)).expect("settimeout");
        assert_timed_out(measure(|| listener.accept()), TIMEOUT);
    });
}

#[test]
fn sendall_into_a_full_buffer_times_out_after_the_timeout() {
    within(LIMIT, || {
        // Small buffers on both sides, and a peer that never reads.
        let listener = new_socket(AF_INET, SOCK_STREAM, None);
        listener
            .setsockopt(SOL_SOCKET, SO_RCVBUF, 4096)
            .expect("SO_RCVBUF");
        listener.bind(("127.0.0.1", 0)).expect("bind");
        listener.listen(1).expect("listen");
        let client = new_socket(AF_INET, SOCK_STREAM, None);
        client
            .setsockopt(SOL_SOCKET, SO_SNDBUF, 4096)
            .expect("SO_SNDBUF");
        client
            .connect(listener.getsockname().expect("getsockname"))
            .expect("connect");
        let (_server, _) = listener.accept().expect("accept");
        client.settimeout(Some(TIMEOUT)).expect("settimeout");
        let data = random_bytes(1, 8 << 20);
        assert_timed_out(measure(|| client.sendall(&data)), TIMEOUT);

        let (a, _b) = unix_pair();
        a.setsockopt(SOL_SOCKET, SO_SNDBUF, 4096)
            .expect("SO_SNDBUF");
        a.settimeout(Some(TIMEOUT)).expect("settimeout");
        assert_timed_out(measure(|| a.sendall(&data)), TIMEOUT);
    });
}

#[test]
fn sendall_deadline_covers_the_whole_call_while_the_peer_reads_slowly() {
    within(LIMIT, || {
        let (a, b) = unix_pair();
        a.setsockopt(SOL_SOCKET, SO_SNDBUF, 4096)
            .expect("SO_SNDBUF");
        b.setsockopt(SOL_SOCKET, SO_RCVBUF, 4096)
            .expect("SO_RCVBUF");
        // The peer drains a little every 10 ms: each partial send gets room well within the
        // timeout, so only a deadline for the whole call can stop this 8 MiB sendall (at
        // this pace it would take many seconds).
        let reader = thread::spawn(move || {
            let mut total = 0;
            loop {
                thread::sleep(Duration::from_millis(10));
                match b.recv(4096) {
                    Ok(data) if data.is_empty() => return total,
                    Ok(data) => total += data.len(),
                    Err(e) => panic!("the slow reader failed: {e:?}"),
                }
            }
        });
        a.settimeout(Some(TIMEOUT)).expect("settimeout");
        let data = random_bytes(2, 8 << 20);
        assert_timed_out(measure(|| a.sendall(&data)), TIMEOUT);
        a.shutdown(socket::SHUT_WR).expect("shutdown");
        let drained = reader.join().expect("reader thread");
        assert!(drained > 0, "the slow reader never got room to read");
        assert!(drained < data.len(), "sendall sent everything");
    });
}

#[test]
fn connect_times_out_when_the_accept_queue_is_full() {
    within(LIMIT, || {
        let (_listener, address, _clients) = full_listener();
        let client = new_socket(AF_INET, SOCK_STREAM, Some(TIMEOUT));
        assert_timed_out(measure(|| client.connect(&address)), TIMEOUT);
    });
}

#[test]
fn connect_ex_returns_ewouldblock_when_the_timeout_expires() {
    // CPython's connect_ex reports its own timeout as EWOULDBLOCK (11).
    within(LIMIT, || {
        let (_listener, address, _clients) = full_listener();
        let client = new_socket(AF_INET, SOCK_STREAM, Some(TIMEOUT));
        let (result, elapsed) = measure(|| client.connect_ex(&address));
        assert_eq!(result.expect("connect_ex"), 11);
        assert_took(elapsed, TIMEOUT);
    });
}

// A deadline for one call.

#[test]
fn with_timeout_recv_on_a_blocking_socket_times_out_and_leaves_it_blocking() {
    within(LIMIT, || {
        let (client, server) = tcp_pair();
        assert_timed_out(
            measure(|| server.with_timeout(Some(TIMEOUT)).recv(10)),
            TIMEOUT,
        );
        assert_eq!(server.gettimeout(), None);
        assert!(server.getblocking());
        assert!(!fd_nonblocking(&server));

        // A later recv blocks until the data comes, as before.
        let (started_tx, started) = mpsc::channel();
        let receiver = thread::spawn(move || {
            started_tx.send(()).expect("started");
            server.recv(5)
        });
        started.recv().expect("the receiver started");
        client.sendall(b"later").expect("sendall");
        assert_eq!(receiver.join().expect("receiver").expect("recv"), b"later");
    });
}

#[test]
fn with_timeout_overrides_the_socket_timeout_for_one_call() {
    within(LIMIT, || {
        let (_a, b) = unix_pair();
        b.settimeout(Some(5.0)).expect("settimeout");
        assert_timed_out(measure(|| b.with_timeout(Some(TIMEOUT)).recv(10)), TIMEOUT);
        assert_eq!(b.gettimeout(), Some(5.0));

        let s = udp_socket(Some(5.0));
        assert_timed_out(
            measure(|| s.with_timeout(Some(TIMEOUT)).recvfrom(10)),
            TIMEOUT,
        );
        assert_eq!(s.gettimeout(), Some(5.0));
    });
}

#[test]
fn with_timeout_zero_on_a_blocking_socket_raises_blocking_io_error() {
    within(LIMIT, || {
        let (_a, b) = unix_pair();
        assert_would_block(b.with_timeout(Some(0.0)).recv(10));
        assert_eq!(b.gettimeout(), None);
        assert!(!fd_nonblocking(&b));
    });
}

#[test]
fn with_timeout_none_blocks_past_the_socket_timeout_until_data_arrives() {
    within(LIMIT, || {
        let (a, b) = unix_pair();
        b.settimeout(Some(0.1)).expect("settimeout");
        let b = Arc::new(b);
        let (started_tx, started) = mpsc::channel();
        let receiver = {
            let b = Arc::clone(&b);
            thread::spawn(move || {
                measure(|| {
                    started_tx.send(()).expect("started");
                    b.with_timeout(None).recv(5)
                })
            })
        };
        started.recv().expect("the receiver started");
        // What is measured: the recv must still be waiting after three socket timeouts.
        thread::sleep(Duration::from_secs_f64(0.3));
        a.sendall(b"late!").expect("sendall");
        let (result, elapsed) = receiver.join().expect("receiver");
        assert_eq!(result.expect("recv"), b"late!");
        assert!(elapsed >= 0.3 - SLACK, "recv returned after {elapsed:.4} s");
        assert_eq!(b.gettimeout(), Some(0.1));
    });
}

#[test]
fn with_timeout_none_accept_blocks_past_the_socket_timeout() {
    within(LIMIT, || {
        let listener = tcp_listener(1);
        listener.settimeout(Some(0.1)).expect("settimeout");
        let address = listener.getsockname().expect("getsockname");
        let (started_tx, started) = mpsc::channel();
        let acceptor = thread::spawn(move || {
            started_tx.send(()).expect("started");
            let result = listener.with_timeout(None).accept().map(|(_, peer)| peer);
            (result, listener.gettimeout())
        });
        started.recv().expect("the acceptor started");
        // What is measured: the accept must still be waiting after three socket timeouts.
        thread::sleep(Duration::from_secs_f64(0.3));
        let client = new_socket(AF_INET, SOCK_STREAM, None);
        client.connect(&address).expect("connect");
        let (result, timeout) = acceptor.join().expect("acceptor");
        assert_eq!(
            result.expect("accept"),
            client.getsockname().expect("getsockname")
        );
        assert_eq!(timeout, Some(0.1));
    });
}

#[test]
fn with_timeout_accept_on_a_blocking_listener_times_out_and_leaves_it_blocking() {
    within(LIMIT, || {
        let listener = tcp_listener(1);
        assert_timed_out(
            measure(|| listener.with_timeout(Some(TIMEOUT)).accept()),
            TIMEOUT,
        );
        assert_eq!(listener.gettimeout(), None);
        assert!(!fd_nonblocking(&listener));
        // It still accepts, blocking.
        let client = new_socket(AF_INET, SOCK_STREAM, None);
        client
            .connect(listener.getsockname().expect("getsockname"))
            .expect("connect");
        let (_, peer) = listener.accept().expect("accept");
        assert_eq!(peer, client.getsockname().expect("getsockname"));
    });
}

#[test]
fn with_timeout_connect_on_a_blocking_socket_times_out_and_leaves_it_blocking() {
    within(LIMIT, || {
        let (_listener, address, _clients) = full_listener();
        let client = new_socket(AF_INET, SOCK_STREAM, None);
        assert_timed_out(
            measure(|| client.with_timeout(Some(TIMEOUT)).connect(&address)),
            TIMEOUT,
        );
        assert_eq!(client.gettimeout(), None);
        assert!(client.getblocking());
        assert!(!fd_nonblocking(&client));

        let other = new_socket(AF_INET, SOCK_STREAM, None);
        let (result, elapsed) = measure(|| other.with_timeout(Some(TIMEOUT)).connect_ex(&address));
        assert_eq!(result.expect("connect_ex"), 11);
        assert_took(elapsed, TIMEOUT);
        assert_eq!(other.gettimeout(), None);
        assert!(!fd_nonblocking(&other));
    });
}

#[test]
fn with_timeout_connect_succeeds_within_its_deadline() {
    within(LIMIT, || {
        let listener = tcp_listener(1);
        let client = new_socket(AF_INET, SOCK_STREAM, None);
        client
            .with_timeout(Some(5.0))
            .connect(listener.getsockname().expect("getsockname"))
            .expect("connect");
        assert_eq!(client.gettimeout(), None);
        assert!(!fd_nonblocking(&client));
        let (server, _) = listener.accept().expect("accept");
        server.settimeout(None).expect("settimeout");
        client.sendall(b"hi").expect("sendall");
        assert_eq!(server.recv(2).expect("recv"), b"hi");
    });
}

#[test]
fn with_timeout_rejects_a_bad_timeout_when_the_call_starts() {
    let (_a, b) = unix_pair();
    let e = b.with_timeout(Some(-1.0)).recv(1).expect_err("negative");
    assert_eq!(format!("{e:?}"), "ValueError: Timeout value out of range");
    let e = b.with_timeout(Some(f64::NAN)).recv(1).expect_err("NaN");
    assert_eq!(
        format!("{e:?}"),
        "ValueError: Invalid value NaN (not a number)"
    );
    let e = b.with_timeout(Some(1e10)).recv(1).expect_err("huge");
    assert_eq!(
        format!("{e:?}"),
        "OverflowError: timestamp out of range for platform time_t"
    );
    assert_eq!(b.gettimeout(), None);
}

// MSG_DONTWAIT.

#[test]
fn with_flags_dontwait_on_a_blocking_socket_raises_blocking_io_error() {
    // Python: a.recv(10, socket.MSG_DONTWAIT) on a blocking socket.
    let python = python_prints(
        "import socket\n\
         a, b = socket.socketpair()\n\
         try:\n    a.recv(10, socket.MSG_DONTWAIT)\n\
         except OSError as e:\n    print(f'{type(e).__name__}: {e}')\n",
    );
    assert_eq!(
        python.trim_end(),
        "BlockingIOError: [Errno 11] Resource temporarily unavailable"
    );
    within(LIMIT, || {
        let (a, b) = unix_pair();
        let (result, elapsed) = measure(|| b.with_flags(MSG_DONTWAIT).recv(10));
        assert_would_block(result);
        assert!(elapsed < TIMEOUT, "MSG_DONTWAIT waited {elapsed:.4} s");
        assert_eq!(b.gettimeout(), None);
        assert!(!fd_nonblocking(&b));
        // The flag is for that one call: data that has arrived comes back, and a plain recv
        // still blocks until data comes.
        a.sendall(b"x").expect("sendall");
        assert_eq!(b.with_flags(MSG_DONTWAIT).recv(10).expect("recv"), b"x");
        let u = udp_socket(None);
        assert_would_block(u.with_flags(MSG_DONTWAIT).recvfrom(10));
    });
}

#[test]
fn with_flags_dontwait_on_a_socket_with_a_timeout_waits_as_python_does() {
    // CPython polls for readiness before a call on a socket with a timeout, so
    // recv(n, MSG_DONTWAIT) there waits the timeout out and raises `timed out`.
    let python = python_prints(
        "import socket, time\n\
         a, b = socket.socketpair()\n\
         a.settimeout(0.3)\n\
         t = time.monotonic()\n\
         try:\n    a.recv(10, socket.MSG_DONTWAIT)\n\
         except OSError as e:\n    print(f'{type(e).__name__}: {e}')\n\
         print(time.monotonic() - t >= 0.3 - 0.001)\n",
    );
    assert_eq!(python, "TimeoutError: timed out\nTrue\n");
    within(LIMIT, || {
        let (_a, b) = unix_pair();
        b.settimeout(Some(TIMEOUT)).expect("settimeout");
        assert_timed_out(measure(|| b.with_flags(MSG_DONTWAIT).recv(10)), TIMEOUT);
    });
}

// settimeout's checks and storage.

/// Random timeouts over many magnitudes: few significant digits, so that Python's answer
/// travels through JSON exactly; some negative.
fn random_timeouts(seed: u64, count: usize) -> Vec<f64> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..count)
        .map(|_| {
            let mantissa = rng.u32(1..=999_999);
            let exponent = rng.i32(-15..=5);
            let sign = if rng.u8(..5) == 0 { "-" } else { "" };
            format!("{sign}{mantissa}e{exponent}")
                .parse()
                .expect("a float")
        })
        .collect()
}

#[test]
fn settimeout_validation_matches_python() {
    let mut values = vec![
        -1.0,
        -0.0,
        0.0,
        1e-10,
        -1e-10,
        1e-9,
        1.5e-9,
        0.1,
        0.3,
        5.0,
        1e9,
        9.2e9,
        9.3e9,
        1e10,
        -1e10,
        1e300,
        -1e300,
        f64::MIN_POSITIVE,
        f64::MAX,
        9223372036.8547,
        // 2**63 ns: the first timeout CPython's nanosecond clock cannot hold.
        2f64.powi(63) / 1e9,
    ];
    values.extend(random_timeouts(7, 200));
    let mut table = Parity::new("settimeout");
    table.case("sock_settimeout", json!([null]), {
        let s = new_socket(AF_INET, SOCK_STREAM, Some(1.0));
        s.settimeout(None).map(|_| json!(s.gettimeout()))
    });
    for value in values {
        let s = new_socket(AF_INET, SOCK_STREAM, None);
        let ours = s.settimeout(Some(value)).map(|_| json!(s.gettimeout()));
        table.case("sock_settimeout", json!([value]), ours);
    }
    table.check();
}

#[test]
fn settimeout_minus_zero_reads_back_as_plus_zero() {
    let s = new_socket(AF_INET, SOCK_STREAM, None);
    s.settimeout(Some(-0.0)).expect("settimeout");
    let timeout = s.gettimeout().expect("a timeout");
    assert_eq!(timeout, 0.0);
    assert!(
        timeout.is_sign_positive(),
        "Python reads back 0.0, not -0.0"
    );
    assert!(!s.getblocking());
}

#[test]
fn settimeout_rounds_up_to_whole_nanoseconds() {
    let s = new_socket(AF_INET, SOCK_STREAM, None);
    for (value, stored) in [(1e-10, 1e-9), (1.5e-9, 2e-9), (0.1, 0.1), (2.0, 2.0)] {
        s.settimeout(Some(value)).expect("settimeout");
        assert_eq!(s.gettimeout(), Some(stored), "settimeout({value})");
    }
}

#[test]
fn settimeout_nan_and_infinity_fail_as_in_python() {
    let python = python_prints(
        "import socket\n\
         s = socket.socket()\n\
         for v in [float('nan'), float('inf'), float('-inf')]:\n\
         \x20   try:\n\
         \x20       s.settimeout(v)\n\
         \x20       print('no error')\n\
         \x20   except Exception as e:\n\
         \x20       print(f'{type(e).__name__}: {e}')\n\
         print(s.gettimeout())\n",
    );
    let s = new_socket(AF_INET, SOCK_STREAM, None);
    let mut ours = String::new();
    for value in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        ours += &traceback_line(s.settimeout(Some(value)));
        ours += "\n";
    }
    assert_eq!(
        python,
        "ValueError: Invalid value NaN (not a number)\n\
         OverflowError: timestamp out of range for platform time_t\n\
         OverflowError: timestamp out of range for platform time_t\n\
         None\n"
    );
    // Python printed the errors, then the timeout they left alone.
    assert_eq!(Some(ours.as_str()), python.strip_suffix("None\n"));
    assert_eq!(s.gettimeout(), None);
}

#[test]
fn a_failed_settimeout_keeps_the_old_timeout() {
    let s = new_socket(AF_INET, SOCK_STREAM, Some(TIMEOUT));
    for value in [-1.0, f64::NAN, f64::INFINITY, 1e10] {
        assert!(s.settimeout(Some(value)).is_err(), "settimeout({value})");
        assert_eq!(s.gettimeout(), Some(TIMEOUT));
        assert!(fd_nonblocking(&s));
    }
}

// The default timeout: the one test that changes it.

/// Puts the default back to `None` when the test ends, even when it fails.
struct RestoreDefault;

impl Drop for RestoreDefault {
    fn drop(&mut self) {
        let _ = setdefaulttimeout(None);
    }
}

#[test]
fn default_timeout_applies_to_new_and_accepted_sockets() {
    let _restore = RestoreDefault;
    assert_eq!(getdefaulttimeout(), None);

    // With the default None, new sockets match Python's.
    let mut table = Parity::new("socket() timeout");
    for (family, kind, proto) in [
        (AF_INET, SOCK_STREAM, 0),
        (AF_INET, SOCK_DGRAM, 0),
        (AF_INET, SOCK_STREAM, IPPROTO_TCP),
        (AF_INET, SOCK_DGRAM, IPPROTO_UDP),
        (AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0),
        (AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0),
        (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0),
        (AF_INET6, SOCK_STREAM, 0),
        (AF_UNIX, SOCK_STREAM, 0),
        (AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0),
    ] {
        let ours = Socket::new(family, kind, proto)
            .map(|s| json!([s.family(), s.type_(), s.proto(), s.gettimeout()]));
        table.case("sock_new", json!([family, kind, proto]), ours);
    }
    table.check();

    within(LIMIT, || {
        setdefaulttimeout(Some(2.5)).expect("setdefaulttimeout");
        assert_eq!(getdefaulttimeout(), Some(2.5));
        let s = Socket::new(AF_INET, SOCK_STREAM, 0).expect("socket");
        assert_eq!(s.gettimeout(), Some(2.5));
        assert!(s.getblocking());
        assert!(fd_nonblocking(&s));
        let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0).expect("socketpair");
        assert_eq!((a.gettimeout(), b.gettimeout()), (Some(2.5), Some(2.5)));
        // SOCK_NONBLOCK wins over the default; dup keeps the socket's own; fromfd takes
        // the default, as in Python.
        let nb = Socket::new(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0).expect("socket");
        assert_eq!(nb.gettimeout(), Some(0.0));
        s.settimeout(None).expect("settimeout");
        assert_eq!(s.dup().expect("dup").gettimeout(), None);
        let from = Socket::fromfd(&s, AF_INET, SOCK_STREAM, 0).expect("fromfd");
        assert_eq!(from.gettimeout(), Some(2.5));
        // Sockets that exist keep their timeout when the default changes.
        setdefaulttimeout(Some(1.5)).expect("setdefaulttimeout");
        assert_eq!(a.gettimeout(), Some(2.5));

        // An accepted socket starts with the default, whatever the listener's timeout.
        let listener = Socket::new(AF_INET, SOCK_STREAM, 0).expect("socket");
        assert_eq!(listener.gettimeout(), Some(1.5));
        listener.settimeout(None).expect("settimeout");
        listener.bind(("127.0.0.1", 0)).expect("bind");
        listener.listen(1).expect("listen");
        let client =
            socket::create_connection(listener.getsockname().expect("getsockname"), None, None)
                .expect("create_connection");
        assert_eq!(client.gettimeout(), None);
        let (conn, _) = listener.accept().expect("accept");
        assert_eq!(conn.gettimeout(), Some(1.5));
        assert!(conn.getblocking());
        assert!(fd_nonblocking(&conn));

        // The default is really used: a short one makes an accept time out.
        setdefaulttimeout(Some(TIMEOUT)).expect("setdefaulttimeout");
        let short = Socket::new(AF_INET, SOCK_STREAM, 0).expect("socket");
        short.bind(("127.0.0.1", 0)).expect("bind");
        short.listen(1).expect("listen");
        assert_timed_out(measure(|| short.accept()), TIMEOUT);

        // Default 0.0: new sockets are non-blocking.
        setdefaulttimeout(Some(0.0)).expect("setdefaulttimeout");
        let (a, _b) = socketpair(AF_UNIX, SOCK_STREAM, 0).expect("socketpair");
        assert_eq!(a.gettimeout(), Some(0.0));
        assert!(!a.getblocking());
        assert_would_block(a.recv(1));
    });

    // Bad defaults fail as in Python and change nothing.
    setdefaulttimeout(Some(TIMEOUT)).expect("setdefaulttimeout");
    let python = python_prints(
        "import socket\n\
         for v in [-1.0, float('nan'), float('inf'), 1e10]:\n\
         \x20   try:\n\
         \x20       socket.setdefaulttimeout(v)\n\
         \x20       print('no error')\n\
         \x20   except Exception as e:\n\
         \x20       print(f'{type(e).__name__}: {e}')\n",
    );
    let mut ours = String::new();
    for value in [-1.0, f64::NAN, f64::INFINITY, 1e10] {
        ours += &traceback_line(setdefaulttimeout(Some(value)));
        ours += "\n";
        assert_eq!(getdefaulttimeout(), Some(TIMEOUT));
    }
    assert_eq!(ours, python);

    setdefaulttimeout(None).expect("setdefaulttimeout");
    assert_eq!(getdefaulttimeout(), None);
    assert_eq!(
        Socket::new(AF_INET, SOCK_STREAM, 0)
            .expect("socket")
            .gettimeout(),
        None
    );
}
