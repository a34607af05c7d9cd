//! `pynet::select`: `select`, `poll` and `epoll` on socketpairs and TCP over loopback.
//!
//! Readiness (readable after the peer sends, writable when connected, readable at the peer's
//! close), timeouts measured, retries after signals (PEP 475), many descriptors, no descriptor
//! leak, and Python's own constants and error messages as the reference.
//!
//! These tests run on parallel threads of one process, which share one descriptor table. The
//! tests that depend on descriptor numbers (a closed descriptor stays closed, /proc/self/fd
//! counts) take the table exclusively, every other test takes it shared: see [`fd_table`].

mod util;

use std::io::Write;
use std::os::fd::{AsRawFd, RawFd};
use std::process::{ChildStdout, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Once, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::thread;
use std::time::{Duration, Instant};

use pynet::select::{self, Waitable};
use pynet::socket::{
    self, AF_INET, AF_UNIX, MSG_OOB, Result, SHUT_WR, SOCK_STREAM, Socket, socketpair,
};
use util::{python_output, python3, within};

/// The timeout the timing tests wait for: long enough to measure on a loaded machine.
const TIMEOUT: f64 = 0.3;
/// How much later than asked a wait may end on a busy 2-core machine.
const SLACK: f64 = 0.7;
/// The time limit of one test's blocking steps.
const LIMIT: f64 = 10.0;

// ---------------------------------------------------------------------------------------------
// Helpers

static FD_TABLE: RwLock<()> = RwLock::new(());

/// Access to the process's descriptor table: shared for ordinary tests, exclusive for those
/// that need descriptor numbers to stay put.
mod fd_table {
    use super::*;

    pub fn shared() -> RwLockReadGuard<'static, ()> {
        FD_TABLE
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn exclusive() -> RwLockWriteGuard<'static, ()> {
        FD_TABLE
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A connected pair of unix stream sockets.
fn pair() -> (Socket, Socket) {
    socketpair(AF_UNIX, SOCK_STREAM, 0).expect("socketpair")
}

/// A TCP connection over loopback: (listener, client side, server side).
fn tcp_connection() -> Result<(Socket, Socket, Socket)> {
    let listener = socket::create_server(("127.0.0.1", 0), AF_INET, None, false, false)?;
    let client = socket::create_connection(listener.getsockname()?, Some(LIMIT), None)?;
    listener.settimeout(Some(LIMIT))?;
    let (conn, _) = listener.accept()?;
    Ok((listener, client, conn))
}

/// The descriptor number of a descriptor that was just closed; hold `fd_table::exclusive()`
/// while using it, so that nothing reopens it.
fn closed_descriptor() -> RawFd {
    let (a, _b) = pair();
    a.fileno()
}

/// How many descriptors this process has open.
fn open_descriptors() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .expect("/proc/self/fd")
        .count()
}

/// Descriptor numbers of the ready items, to compare lists.
fn fds<T: Waitable>(items: &[T]) -> Vec<RawFd> {
    items.iter().map(|item| item.fileno()).collect()
}

/// Seconds `f` took, with its result.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed().as_secs_f64())
}

/// Fails unless `elapsed` is at least `asked` and not much more.
fn assert_waited(elapsed: f64, asked: f64) {
    assert!(
        elapsed >= asked && elapsed < asked + SLACK,
        "waited {elapsed:.3} s for a {asked} s timeout"
    );
}

// ---------------------------------------------------------------------------------------------
// Signals: a no-op SIGUSR1 handler, and a thread that keeps interrupting another.

/// Signals the handler has seen.
static SIGNALS: AtomicUsize = AtomicUsize::new(0);

extern "C" fn count_signal(_: libc::c_int) {
    SIGNALS.fetch_add(1, Ordering::Relaxed);
}

fn install_signal_handler() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // SAFETY: a zeroed sigaction is valid; we set a handler that only touches an atomic
        // (async-signal-safe) and no SA_RESTART, so waits fail with EINTR.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = count_signal as extern "C" fn(libc::c_int) as usize;
            libc::sigemptyset(&mut action.sa_mask);
            assert_eq!(
                libc::sigaction(libc::SIGUSR1, &action, std::ptr::null_mut()),
                0
            );
        }
    });
}

/// Runs `f` on this thread while another thread sends it SIGUSR1 every 20 ms; returns `f`'s
/// result and how many signals the handler saw meanwhile (at least).
fn interrupted<T>(f: impl FnOnce() -> T) -> (T, usize) {
    install_signal_handler();
    // SAFETY: pthread_self has no preconditions.
    let target = unsafe { libc::pthread_self() };
    let stop = Arc::new(AtomicBool::new(false));
    let kicker = {
        let stop = Arc::clone(&stop);
        thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                thread::sleep(Duration::from_millis(20));
                // SAFETY: `target` is alive: it joins this thread before it returns.
                unsafe { libc::pthread_kill(target, libc::SIGUSR1) };
            }
        })
    };
    let before = SIGNALS.load(Ordering::Relaxed);
    let value = f();
    let seen = SIGNALS.load(Ordering::Relaxed) - before;
    stop.store(true, Ordering::Relaxed);
    kicker.join().expect("kicker thread");
    (value, seen)
}

// ---------------------------------------------------------------------------------------------
// select

#[test]
fn select_readable_after_peer_sends() {
    let _fds = fd_table::shared();
    within(LIMIT, || -> Result<()> {
        let (a, b) = pair();
        let (r, w, x) = select::select(&[&a], &[&a], &[&a], Some(0.0))?;
        assert!(r.is_empty() && x.is_empty(), "nothing sent yet");
        assert_eq!(fds(&w), [a.fileno()], "a connected socket is writable");
        b.sendall(b"ping")?;
        let (r, _, _) = select::select(&[&a], &[], &[], Some(LIMIT))?;
        assert_eq!(fds(&r), [a.fileno()]);
        assert_eq!(a.recv(16)?, b"ping");
        let (r, _, _) = select::select(&[&a], &[], &[], Some(0.0))?;
        assert!(r.is_empty(), "readable again after the data was read");
        Ok(())
    })
    .expect("select on a socketpair");
}

#[test]
fn select_on_tcp_loopback() {
    let _fds = fd_table::shared();
    within(LIMIT, || -> Result<()> {
        let (listener, client, conn) = tcp_connection()?;
        // The client, connected, is writable and has nothing to read.
        let (r, w, _) = select::select(&[&client], &[&client], &[], Some(LIMIT))?;
        assert!(r.is_empty());
        assert_eq!(fds(&w), [client.fileno()]);
        // A pending connection makes the listener readable.
        let (r, _, _) = select::select(&[&listener], &[], &[], Some(0.0))?;
        assert!(r.is_empty(), "no connection waiting yet");
        let _second = socket::create_connection(listener.getsockname()?, Some(LIMIT), None)?;
        let (r, _, _) = select::select(&[&listener], &[], &[], Some(LIMIT))?;
        assert_eq!(fds(&r), [listener.fileno()]);
        // Data makes the server side readable.
        client.sendall(b"hello")?;
        let (r, _, _) = select::select(&[&conn], &[], &[], Some(LIMIT))?;
        assert_eq!(fds(&r), [conn.fileno()]);
        assert_eq!(conn.recv(16)?, b"hello");
        // So does the peer's close; recv then returns empty bytes.
        client.close()?;
        let (r, _, _) = select::select(&[&conn], &[], &[], Some(LIMIT))?;
        assert_eq!(fds(&r), [conn.fileno()]);
        assert_eq!(conn.recv(16)?, b"");
        Ok(())
    })
    .expect("select on TCP");
}

#[test]
fn select_reports_urgent_data_as_exceptional() {
    let _fds = fd_table::shared();
    within(LIMIT, || -> Result<()> {
        let (_listener, client, conn) = tcp_connection()?;
        client.with_flags(MSG_OOB).send(b"!")?;
        let (_, _, x) = select::select(&[&conn], &[], &[&conn], Some(LIMIT))?;
        assert_eq!(fds(&x), [conn.fileno()]);
        Ok(())
    })
    .expect("select with MSG_OOB");
}

#[test]
fn select_keeps_input_order_and_mixes_kinds() {
    let _fds = fd_table::shared();
    within(LIMIT, || -> Result<()> {
        let (a, a_peer) = pair();
        let (b, b_peer) = std::os::unix::net::UnixStream::pair().expect("std pair");
        let (c, c_peer) = pair();
        let c_fd: RawFd = c.fileno();
        for peer in [&a_peer, &c_peer] {
            peer.sendall(b"x")?;
        }
        (&b_peer).write_all(b"x").expect("std send");
        let stdin = std::io::stdin();
        // Ready ones come back in the order given, whatever their descriptor numbers.
        let items: [&dyn Waitable; 4] = [&c_fd, &b, &a, &stdin];
        let (r, _, _) = select::select(&items[..3], &[], &[], Some(LIMIT))?;
        assert_eq!(fds(&r), [c.fileno(), b.as_raw_fd(), a.fileno()]);
        // stdin is accepted (it may or may not be readable under the test runner).
        select::select(&items[3..], &[], &[], Some(0.0))?;
        // An item listed twice comes back twice, as in Python.
        let (r, _, _) = select::select(&[&a, &a], &[], &[], Some(0.0))?;
        assert_eq!(r.len(), 2);
        Ok(())
    })
    .expect("select over mixed kinds");
}

/// A Python client that connects after 0.2 s, sends, prints a line, and waits for our close.
const PYTHON_PEER: &str = "import socket, sys, time
time.sleep(0.2)
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(b'from python')
print('sent', flush=True)
s.recv(1)
";

#[test]
fn select_on_a_python_peer_and_a_child_pipe() {
    let _fds = fd_table::shared();
    within(LIMIT, || -> Result<()> {
        let listener = socket::create_server(("127.0.0.1", 0), AF_INET, None, false, false)?;
        let port = listener.getsockname()?.port().expect("a port");
        let mut child = python3()
            .arg("-c")
            .arg(PYTHON_PEER)
            .arg(port.to_string())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3");
        let stdout = child.stdout.take().expect("piped stdout");
        let served = serve_python_peer(&listener, &stdout);
        if served.is_err() {
            let _ = child.kill();
        }
        let status = child.wait().expect("python exits");
        served?;
        assert!(status.success());
        Ok(())
    })
    .expect("select with a Python peer");
}

/// Waits with `select` for the Python peer's connection, its data, and its line on `stdout`.
fn serve_python_peer(listener: &Socket, stdout: &ChildStdout) -> Result<()> {
    let (r, _, _) = select::select(&[listener], &[], &[], Some(0.0))?;
    assert!(r.is_empty(), "no connection yet");
    let (r, _, _) = select::select(&[listener], &[], &[], Some(LIMIT))?;
    assert_eq!(r.len(), 1);
    listener.settimeout(Some(LIMIT))?;
    let (conn, _) = listener.accept()?;
    let (r, _, _) = select::select(&[&conn], &[], &[], Some(LIMIT))?;
    assert_eq!(r.len(), 1);
    assert_eq!(util::recv_exactly(&conn, 11)?, b"from python");
    let (r, _, _) = select::select(&[stdout], &[], &[], Some(LIMIT))?;
    assert_eq!(r.len(), 1, "the child's stdout pipe is readable");
    conn.close()
}

#[test]
fn select_timeouts_are_honoured() {
    let _fds = fd_table::shared();
    within(LIMIT, || -> Result<()> {
        let (a, b) = pair();
        let (ready, elapsed) = timed(|| select::select(&[&a], &[], &[], Some(TIMEOUT)));
        let (r, w, x) = ready?;
        assert!(r.is_empty() && w.is_empty() && x.is_empty());
        assert_waited(elapsed, TIMEOUT);
        let (_, elapsed) = timed(|| select::select(&[&a], &[], &[], Some(0.0)));
        assert!(elapsed < 0.1, "timeout 0.0 only looks ({elapsed:.3} s)");
        // None waits until something is ready.
        let sender = thread::spawn(move || {
            thread::sleep(Duration::from_secs_f64(TIMEOUT));
            b.sendall(b"late")
        });
        let (ready, elapsed) = timed(|| select::select(&[&a], &[], &[], None));
        assert_eq!(ready?.0.len(), 1);
        assert!(elapsed >= TIMEOUT * 0.9, "returned after {elapsed:.3} s");
        sender.join().expect("sender")?;
        Ok(())
    })
    .expect("select timeouts");
}

#[test]
fn select_retries_after_a_signal_with_the_time_left() {
    let _fds = fd_table::shared();
    within(LIMIT, || -> Result<()> {
        let (a, _b) = pair();
        let ((ready, elapsed), signals) =
            interrupted(|| timed(|| select::select(&[&a], &[], &[], Some(TIMEOUT))));
        let (r, _, _) = ready?;
        assert!(r.is_empty());
        assert!(signals >= 3, "only {signals} signals arrived");
        assert_waited(elapsed, TIMEOUT);
        Ok(())
    })
    .expect("select under signals");
}

// ---------------------------------------------------------------------------------------------
// poll

#[test]
fn poll_reports_readiness_in_registration_order() {
    let _fds = fd_table::shared();
    within(LIMIT, || -> Result<()> {
        let (a, a_peer) = pair();
        let (b, b_peer) = pair();
        let mut p = select::poll();
        p.register(&b, select::POLLIN)?;
        p.register(&a, select::POLLIN | select::POLLOUT)?;
        // Only `a` asks for POLLOUT; nothing to read yet.
        assert_eq!(p.poll(Some(0.0))?, [(a.fileno(), select::POLLOUT)]);
        a_peer.sendall(b"x")?;
        b_peer.sendall(b"x")?;
        assert_eq!(
            p.poll(Some(0.0))?,
            [
                (b.fileno(), select::POLLIN),
                (a.fileno(), select::POLLIN | select::POLLOUT)
            ]
        );
        // Registering again replaces the mask and keeps the place; modify does the same.
        p.register(&b, select::POLLOUT)?;
        p.modify(&a, select::POLLIN)?;
        assert_eq!(
            p.poll(Some(0.0))?,
            [(b.fileno(), select::POLLOUT), (a.fileno(), select::POLLIN)]
        );
        p.unregister(&b)?;
        assert_eq!(p.poll(Some(0.0))?, [(a.fileno(), select::POLLIN)]);
        // The peer's close: POLLHUP is reported without being asked for, POLLRDHUP when asked.
        p.modify(&a, select::POLLRDHUP)?;
        drop(a_peer);
        assert_eq!(
            p.poll(Some(LIMIT * 1000.0))?,
            [(a.fileno(), select::POLLHUP | select::POLLRDHUP)]
        );
        Ok(())
    })
    .expect("poll readiness");
}

#[test]
fn poll_on_tcp_loopback_sees_half_close() {
    let _fds = fd_table::shared();
    within(LIMIT, || -> Result<()> {
        let (_listener, client, conn) = tcp_connection()?;
        let mut p = select::poll();
        p.register(&conn, select::POLLIN | select::POLLRDHUP)?;
        assert_eq!(p.poll(Some(0.0))?, []);
        client.shutdown(SHUT_WR)?;
        assert_eq!(
            p.poll(Some(LIMIT * 1000.0))?,
            [(conn.fileno(), select::POLLIN | select::POLLRDHUP)]
        );
        Ok(())
    })
    .expect("poll on TCP");
}

#[test]
fn poll_reports_a_closed_descriptor_as_pollnval() {
    let _fds = fd_table::exclusive();
    let fd = closed_descriptor();
    let mut p = select::poll();
    p.register(fd, select::POLLIN).expect("register");
    assert_eq!(p.poll(Some(0.0)).expect("poll"), [(fd, select::POLLNVAL)]);
}

#[test]
fn poll_timeouts_are_honoured_in_milliseconds() {
    let _fds = fd_table::shared();
    within(LIMIT, || -> Result<()> {
        let (a, _b) = pair();
        let mut p = select::poll();
        p.register(&a, select::POLLIN)?;
        let (events, elapsed) = timed(|| p.poll(Some(TIMEOUT * 1000.0)));
        assert_eq!(events?, []);
        assert_waited(elapsed, TIMEOUT);
        let ((events, elapsed), signals) = interrupted(|| timed(|| p.poll(Some(TIMEOUT * 1000.0))));
        assert_eq!(events?, []);
        assert!(signals >= 3, "only {signals} signals arrived");
        assert_waited(elapsed, TIMEOUT);
        Ok(())
    })
    .expect("poll timeouts");
}

// ---------------------------------------------------------------------------------------------
// epoll

#[test]
fn epoll_reports_readiness_and_follows_modify() {
    let _fds = fd_table::shared();
    within(LIMIT, || -> Result<()> {
        let (a, a_peer) = pair();
        let ep = select::epoll(-1, 0)?;
        ep.register(&a, select::EPOLLIN)?;
        assert_eq!(ep.poll(Some(0.0), -1)?, []);
        a_peer.sendall(b"x")?;
        assert_eq!(ep.poll(Some(LIMIT), -1)?, [(a.fileno(), select::EPOLLIN)]);
        ep.modify(&a, select::EPOLLOUT)?;
        assert_eq!(ep.poll(Some(0.0), -1)?, [(a.fileno(), select::EPOLLOUT)]);
        ep.unregister(&a)?;
        assert_eq!(ep.poll(Some(0.0), -1)?, []);
        // The epoll descriptor itself is readable while events wait.
        ep.register(&a, select::EPOLLIN)?;
        let (r, _, _) = select::select(&[&ep], &[], &[], Some(0.0))?;
        assert_eq!(fds(&r), [ep.fileno()]);
        // The peer's close.
        ep.modify(&a, select::EPOLLIN | select::EPOLLRDHUP)?;
        assert_eq!(a.recv(1)?, b"x");
        drop(a_peer);
        assert_eq!(
            ep.poll(Some(LIMIT), -1)?,
            [(
                a.fileno(),
                select::EPOLLIN | select::EPOLLRDHUP | select::EPOLLHUP
            )]
        );
        ep.close()
    })
    .expect("epoll readiness");
}

#[test]
fn epoll_edge_triggered_and_oneshot() {
    let _fds = fd_table::shared();
    within(LIMIT, || -> Result<()> {
        let (_listener, client, conn) = tcp_connection()?;
        let ep = select::epoll(-1, select::EPOLL_CLOEXEC)?;
        ep.register(&conn, select::EPOLLIN | select::EPOLLET)?;
        client.sendall(b"one")?;
        assert_eq!(ep.poll(Some(LIMIT), -1)?.len(), 1);
        // Edge-triggered: the unread data is not reported again until more arrives.
        assert_eq!(ep.poll(Some(0.0), -1)?, []);
        client.sendall(b"two")?;
        assert_eq!(ep.poll(Some(LIMIT), -1)?.len(), 1);
        // One-shot: one report, then nothing until modify re-arms it.
        ep.modify(&conn, select::EPOLLIN | select::EPOLLONESHOT)?;
        assert_eq!(ep.poll(Some(0.0), -1)?.len(), 1);
        assert_eq!(ep.poll(Some(0.0), -1)?, []);
        ep.modify(&conn, select::EPOLLIN | select::EPOLLONESHOT)?;
        assert_eq!(ep.poll(Some(0.0), -1)?.len(), 1);
        Ok(())
    })
    .expect("epoll edge-triggered");
}

#[test]
fn epoll_maxevents_caps_each_poll() {
    let _fds = fd_table::shared();
    within(LIMIT, || -> Result<()> {
        let pairs: Vec<(Socket, Socket)> = (0..5).map(|_| pair()).collect();
        let ep = select::epoll(-1, 0)?;
        for (a, _) in &pairs {
            ep.register(a, select::EPOLLOUT)?;
        }
        assert_eq!(ep.poll(Some(0.0), 2)?.len(), 2);
        assert_eq!(ep.poll(Some(0.0), -1)?.len(), 5);
        Ok(())
    })
    .expect("epoll maxevents");
}

#[test]
fn epoll_timeouts_are_honoured_in_seconds() {
    let _fds = fd_table::shared();
    within(LIMIT, || -> Result<()> {
        let (a, _b) = pair();
        let ep = select::epoll(-1, 0)?;
        ep.register(&a, select::EPOLLIN)?;
        let (events, elapsed) = timed(|| ep.poll(Some(TIMEOUT), -1));
        assert_eq!(events?, []);
        assert_waited(elapsed, TIMEOUT);
        let ((events, elapsed), signals) = interrupted(|| timed(|| ep.poll(Some(TIMEOUT), -1)));
        assert_eq!(events?, []);
        assert!(signals >= 3, "only {signals} signals arrived");
        assert_waited(elapsed, TIMEOUT);
        Ok(())
    })
    .expect("epoll timeouts");
}

#[test]
fn epoll_objects_leak_no_descriptors() {
    let _fds = fd_table::exclusive();
    let (a, b) = pair();
    let before = open_descriptors();
    for i in 0..1000 {
        let ep = select::epoll(-1, 0).expect("epoll");
        ep.register(&a, select::EPOLLIN).expect("register");
        ep.register(&b, select::EPOLLOUT).expect("register");
        assert_eq!(ep.poll(Some(0.0), -1).expect("poll").len(), 1);
        // Half are closed explicitly, half dropped.
        if i % 2 == 0 {
            ep.close().expect("close");
        }
    }
    assert_eq!(open_descriptors(), before, "descriptors leaked");
}

// ---------------------------------------------------------------------------------------------
// Many descriptors

/// 500 socketpairs; every third one gets data.
fn many_pairs() -> (Vec<(Socket, Socket)>, Vec<RawFd>) {
    let pairs: Vec<(Socket, Socket)> = (0..500).map(|_| pair()).collect();
    let mut sent = Vec::new();
    for (i, (a, b)) in pairs.iter().enumerate() {
        if i % 3 == 0 {
            b.sendall(b"x").expect("send");
            sent.push(a.fileno());
        }
    }
    (pairs, sent)
}

#[test]
fn poll_handles_500_socketpairs() {
    let _fds = fd_table::shared();
    within(LIMIT, || -> Result<()> {
        let (pairs, sent) = many_pairs();
        let mut p = select::poll();
        for (a, _) in &pairs {
            p.register(a, select::POLLIN)?;
        }
        let events = p.poll(Some(LIMIT * 1000.0))?;
        let ready: Vec<RawFd> = events.iter().map(|(fd, _)| *fd).collect();
        assert_eq!(ready, sent);
        assert!(events.iter().all(|(_, ev)| *ev == select::POLLIN));
        Ok(())
    })
    .expect("poll over 500 pairs");
}

#[test]
fn epoll_handles_500_socketpairs() {
    let _fds = fd_table::shared();
    within(LIMIT, || -> Result<()> {
        let (pairs, sent) = many_pairs();
        let ep = select::epoll(-1, 0)?;
        for (a, _) in &pairs {
            ep.register(a, select::EPOLLIN)?;
        }
        let mut ready: Vec<RawFd> = ep
            .poll(Some(LIMIT), 1000)?
            .iter()
            .map(|(fd, _)| *fd)
            .collect();
        ready.sort_unstable();
        let mut expected = sent;
        expected.sort_unstable();
        assert_eq!(ready, expected);
        Ok(())
    })
    .expect("epoll over 500 pairs");
}

// ---------------------------------------------------------------------------------------------
// Python parity: constants and error messages

#[test]
fn constants_equal_pythons() {
    let ours: Vec<(&str, u32)> = vec![
        ("POLLIN", select::POLLIN.into()),
        ("POLLPRI", select::POLLPRI.into()),
        ("POLLOUT", select::POLLOUT.into()),
        ("POLLERR", select::POLLERR.into()),
        ("POLLHUP", select::POLLHUP.into()),
        ("POLLNVAL", select::POLLNVAL.into()),
        ("POLLRDNORM", select::POLLRDNORM.into()),
        ("POLLRDBAND", select::POLLRDBAND.into()),
        ("POLLWRNORM", select::POLLWRNORM.into()),
        ("POLLWRBAND", select::POLLWRBAND.into()),
        ("POLLMSG", select::POLLMSG.into()),
        ("POLLRDHUP", select::POLLRDHUP.into()),
        ("EPOLLIN", select::EPOLLIN),
        ("EPOLLOUT", select::EPOLLOUT),
        ("EPOLLPRI", select::EPOLLPRI),
        ("EPOLLERR", select::EPOLLERR),
        ("EPOLLHUP", select::EPOLLHUP),
        ("EPOLLET", select::EPOLLET),
        ("EPOLLONESHOT", select::EPOLLONESHOT),
        ("EPOLLEXCLUSIVE", select::EPOLLEXCLUSIVE),
        ("EPOLLRDHUP", select::EPOLLRDHUP),
        ("EPOLLRDNORM", select::EPOLLRDNORM),
        ("EPOLLRDBAND", select::EPOLLRDBAND),
        ("EPOLLWRNORM", select::EPOLLWRNORM),
        ("EPOLLWRBAND", select::EPOLLWRBAND),
        ("EPOLLMSG", select::EPOLLMSG),
        ("EPOLL_CLOEXEC", select::EPOLL_CLOEXEC),
    ];
    let names: Vec<String> = ours.iter().map(|(name, _)| name.to_string()).collect();
    let theirs = python_output(
        "import select, sys\nfor n in sys.argv[1:]: print(n, getattr(select, n))",
        &names,
    );
    let ours: String = ours
        .iter()
        .map(|(name, value)| format!("{name} {value}\n"))
        .collect();
    assert_eq!(ours, theirs);
}

/// `Class|str(e)` of an error, `ok` otherwise: the shape the Python side prints.
fn outcome<T>(result: Result<T>) -> String {
    match result {
        Ok(_) => "ok".to_string(),
        Err(e) => format!("{}|{e}", e.exception().name()),
    }
}

/// Each Python statement's outcome, one line each; `{closed}` in a statement is a
/// descriptor Python has just closed.
const PYTHON_CASES: &str = r#"
import select, socket, sys
a, b = socket.socketpair()
p = select.poll()
ep = select.epoll()
ep.register(a, select.EPOLLIN)
c, d = socket.socketpair()
closed = c.fileno()
c.close()
for case in sys.argv[1:]:
    try:
        eval(case)
        print("ok")
    except Exception as e:
        name = type(e).__name__
        print(f"{name}|{e}")
"#;

#[test]
fn error_messages_equal_pythons() {
    let _fds = fd_table::exclusive();
    let (a, b) = pair();
    let mut p = select::poll();
    let ep = select::epoll(-1, 0).expect("epoll");
    ep.register(&a, select::EPOLLIN).expect("register");
    // Last, so that no descriptor made above takes its number.
    let closed = closed_descriptor();
    let none: &[RawFd] = &[];
    let cases: Vec<(&str, String)> = vec![
        // select
        (
            "select.select([a], [], [], -1)",
            outcome(select::select(&[&a], &[], &[], Some(-1.0))),
        ),
        (
            "select.select([a], [], [], -0.5)",
            outcome(select::select(&[&a], &[], &[], Some(-0.5))),
        ),
        (
            "select.select([a], [], [], float('nan'))",
            outcome(select::select(&[&a], &[], &[], Some(f64::NAN))),
        ),
        (
            "select.select([a], [], [], 1e10)",
            outcome(select::select(&[&a], &[], &[], Some(1e10))),
        ),
        (
            "select.select([5000], [], [], 0)",
            outcome(select::select(&[5000], none, none, Some(0.0))),
        ),
        (
            "select.select([], [1024], [], 0)",
            outcome(select::select(none, &[1024], none, Some(0.0))),
        ),
        (
            "select.select([-1], [], [], 0)",
            outcome(select::select(&[-1], none, none, Some(0.0))),
        ),
        (
            "select.select([closed], [], [], 0)",
            outcome(select::select(&[closed], none, none, Some(0.0))),
        ),
        (
            "select.select([5000], [], [], -1)",
            outcome(select::select(&[5000], none, none, Some(-1.0))),
        ),
        // poll
        (
            "p.modify(a, select.POLLIN)",
            outcome(p.modify(&a, select::POLLIN)),
        ),
        ("p.unregister(999)", outcome(p.unregister(999))),
        (
            "p.register(-1, select.POLLIN)",
            outcome(p.register(-1, select::POLLIN)),
        ),
        ("p.poll(float('nan'))", outcome(p.poll(Some(f64::NAN)))),
        ("p.poll(2**31)", outcome(p.poll(Some(2f64.powi(31))))),
        (
            "p.poll(-2**31 - 1)",
            outcome(p.poll(Some(-(2f64.powi(31)) - 1.0))),
        ),
        ("p.poll(1e300)", outcome(p.poll(Some(1e300)))),
        ("p.poll(0.5)", outcome(p.poll(Some(0.5)))),
        // epoll
        (
            "ep.register(a, select.EPOLLIN)",
            outcome(ep.register(&a, select::EPOLLIN)),
        ),
        (
            "ep.modify(b, select.EPOLLIN)",
            outcome(ep.modify(&b, select::EPOLLIN)),
        ),
        ("ep.unregister(b)", outcome(ep.unregister(&b))),
        (
            "ep.register(closed, select.EPOLLIN)",
            outcome(ep.register(closed, select::EPOLLIN)),
        ),
        ("ep.unregister(closed)", outcome(ep.unregister(closed))),
        (
            "ep.register(-1, select.EPOLLIN)",
            outcome(ep.register(-1, select::EPOLLIN)),
        ),
        ("ep.poll(0, 0)", outcome(ep.poll(Some(0.0), 0))),
        ("ep.poll(0, -2)", outcome(ep.poll(Some(0.0), -2))),
        (
            "ep.poll(float('nan'))",
            outcome(ep.poll(Some(f64::NAN), -1)),
        ),
        (
            "ep.poll(2147483.648)",
            outcome(ep.poll(Some(2147483.648), -1)),
        ),
        ("ep.poll(1e300)", outcome(ep.poll(Some(1e300), -1))),
        ("ep.poll(0.001)", outcome(ep.poll(Some(0.001), -1))),
        ("select.epoll(0)", outcome(select::epoll(0, 0))),
        ("select.epoll(-2)", outcome(select::epoll(-2, 0))),
        ("select.epoll(1, 5)", outcome(select::epoll(1, 5))),
        (
            "select.epoll(1, select.EPOLL_CLOEXEC)",
            outcome(select::epoll(1, select::EPOLL_CLOEXEC)),
        ),
    ];
    let statements: Vec<String> = cases.iter().map(|(python, _)| python.to_string()).collect();
    let theirs = python_output(PYTHON_CASES, &statements);
    let mut differences = Vec::new();
    for ((python, ours), theirs) in cases.iter().zip(theirs.lines()) {
        if *ours != theirs {
            differences.push(format!(
                "{python}\n    pynet:  {ours}\n    python: {theirs}"
            ));
        }
    }
    assert_eq!(
        theirs.lines().count(),
        cases.len(),
        "python answered every case"
    );
    assert!(
        differences.is_empty(),
        "{} of {} cases differ from Python:\n{}",
        differences.len(),
        cases.len(),
        differences.join("\n")
    );
}
