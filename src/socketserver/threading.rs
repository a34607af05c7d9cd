//! ThreadingMixIn: the mode, and how it runs requests.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use super::server::{MixIn, sealed};
use super::shutdown::lock;

/// `ThreadingMixIn`: one thread per connection (or per datagram).
///
/// ```python
/// class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
///     daemon_threads = True
/// ```
/// ```no_run
/// # use pynet::socketserver::{StreamRequest, ThreadingTCPServer};
/// # let handler = || |req: &mut StreamRequest| req.request.sendall(b"hi");
/// let mut server = ThreadingTCPServer::new(("127.0.0.1", 0), handler)?;
/// server.daemon_threads = true;
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// Every handler thread is counted, so that `server_close` can wait for them
/// (`block_on_close`, unless `daemon_threads`) and the loop can hold back while `max_threads`
/// of them run. Threads are named as Python names them: `Thread-7 (process_request_thread)`.
#[derive(Debug)]
pub struct ThreadingMixIn;

impl MixIn for ThreadingMixIn {}

impl sealed::MixInParts for ThreadingMixIn {
    const PROCESSING: sealed::Processing = sealed::Processing::Threading;
    const TIMEOUT: Option<f64> = None;
}

/// Python's thread counter, for the names `Thread-N (process_request_thread)`.
static THREAD_NUMBER: AtomicUsize = AtomicUsize::new(1);

/// How many handler threads run, and how many of them `server_close` must wait for.
#[derive(Default)]
pub(crate) struct Threads {
    counts: Mutex<Counts>,
    changed: Condvar,
}

#[derive(Default)]
struct Counts {
    running: usize,
    joinable: usize,
}

impl Threads {
    /// Starts `work` on a new thread, counted until it ends. `joinable` threads are the ones
    /// `join` waits for (Python's non-daemon threads when `block_on_close` is set).
    pub(crate) fn spawn(
        self: &Arc<Self>,
        joinable: bool,
        stack_size: Option<usize>,
        work: impl FnOnce() + Send + 'static,
    ) -> std::io::Result<()> {
        let number = THREAD_NUMBER.fetch_add(1, Ordering::Relaxed);
        let mut builder =
            thread::Builder::new().name(format!("Thread-{number} (process_request_thread)"));
        if let Some(size) = stack_size {
            builder = builder.stack_size(size);
        }
        let ticket = Ticket::new(Arc::clone(self), joinable);
        builder
            .spawn(move || {
                let _ticket = ticket;
                work();
            })
            .map(drop)
    }

    /// Waits until fewer than `cap` threads run, at most until `deadline` (`None`: no limit)
    /// or until [`wake`](Threads::wake) is called; returns whether a thread may start.
    pub(crate) fn wait_below(
        &self,
        cap: usize,
        deadline: Option<Instant>,
        stop: impl Fn() -> bool,
    ) -> bool {
        let mut counts = lock(&self.counts);
        while counts.running >= cap && !stop() {
            let wait = match deadline {
                None => Duration::from_secs(3600),
                Some(at) => at.saturating_duration_since(Instant::now()),
            };
            if wait.is_zero() {
                break;
            }
            counts = self
                .changed
                .wait_timeout(counts, wait)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        counts.running < cap
    }

    /// Waits until every joinable thread has ended (Python's `self._threads.join()`).
    pub(crate) fn join(&self) {
        let mut counts = lock(&self.counts);
        while counts.joinable > 0 {
            counts = self
                .changed
                .wait(counts)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Wakes a loop waiting in `wait_below`, so that it sees a shutdown request at once.
    pub(crate) fn wake(&self) {
        let _counts = lock(&self.counts);
        self.changed.notify_all();
    }
}

/// One running thread's place in the counts, given back when the thread ends (or when it
/// could not be started), however it ends.
struct Ticket {
    threads: Arc<Threads>,
    joinable: bool,
}

impl Ticket {
    fn new(threads: Arc<Threads>, joinable: bool) -> Ticket {
        let mut counts = lock(&threads.counts);
        counts.running += 1;
        counts.joinable += usize::from(joinable);
        drop(counts);
        Ticket { threads, joinable }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let mut counts = lock(&self.threads.counts);
        counts.running -= 1;
        counts.joinable -= usize::from(self.joinable);
        self.threads.changed.notify_all();
    }
}
