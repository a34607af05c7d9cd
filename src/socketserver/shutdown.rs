//! Stopping a serving loop from another thread: `shutdown()`, and the [`ServerHandle`] a
//! handler or another thread holds to call it.
//!
//! Python's `serve_forever` wakes every `poll_interval` to look at a flag, so `shutdown()`
//! takes up to that long. pynet's loop also waits on one end of a socket pair; `shutdown()`
//! sets the flag and writes a byte to the other end, so the loop wakes at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, ThreadId};

use super::threading::Threads;
use crate::socket::{AF_UNIX, Address, Result, SOCK_STREAM, Socket, socketpair};

/// Locks a mutex, going on with its data if a thread panicked while holding it (every value
/// kept under these locks stays consistent at every step).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What the serving loop, `shutdown()` and the handler threads share.
pub(crate) struct Shared {
    /// Python's `__shutdown_request`.
    shutdown_request: AtomicBool,
    /// The loop polls this end...
    wake_reader: Socket,
    /// ...and `shutdown()` writes a byte to this one.
    wake_writer: Socket,
    /// The thread running `serve_forever`, if one is (Python's `__is_shut_down`, inverted).
    serving: Mutex<Option<ThreadId>>,
    /// Signalled when a loop stops.
    stopped: Condvar,
    /// The handler threads of a threading server.
    pub(crate) threads: Arc<Threads>,
}

impl Shared {
    pub(crate) fn new() -> Result<Shared> {
        let (wake_reader, wake_writer) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
        wake_reader.setblocking(false)?;
        wake_writer.setblocking(false)?;
        Ok(Shared {
            shutdown_request: AtomicBool::new(false),
            wake_reader,
            wake_writer,
            serving: Mutex::new(None),
            stopped: Condvar::new(),
            threads: Arc::default(),
        })
    }

    /// The descriptor the serving loop polls beside its socket.
    pub(crate) fn wake_fd(&self) -> std::os::fd::RawFd {
        self.wake_reader.fileno()
    }

    /// Reads away wake-up bytes, so that the wake-up end polls readable only after a new
    /// `shutdown()`.
    pub(crate) fn drain_wakeups(&self) {
        while matches!(self.wake_reader.recv(64), Ok(bytes) if !bytes.is_empty()) {}
    }

    pub(crate) fn shutdown_requested(&self) -> bool {
        self.shutdown_request.load(Ordering::SeqCst)
    }

    /// Marks a loop as running on this thread until the guard is dropped.
    pub(crate) fn begin_serving(&self) -> Serving<'_> {
        *lock(&self.serving) = Some(thread::current().id());
        Serving(self)
    }

    /// Python's `shutdown()`: asks the loop to stop and waits until it has. From the loop's
    /// own thread (a handler of a non-threading server) it only asks, since waiting there
    /// would wait for ever; with no loop running it returns at once, and the next
    /// `serve_forever` stops as soon as it starts, as Python's does.
    pub(crate) fn shutdown(&self) {
        self.shutdown_request.store(true, Ordering::SeqCst);
        // A full pipe already holds a wake-up; any other failure leaves the poll_interval.
        let _ = self.wake_writer.send(b"x");
        self.threads.wake();
        let me = thread::current().id();
        let mut serving = lock(&self.serving);
        while serving.is_some_and(|id| id != me) {
            serving = self
                .stopped
                .wait(serving)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// The running state of one `serve_forever`; dropping it (however the loop ends) clears the
/// shutdown request and wakes the threads waiting in `shutdown()`.
pub(crate) struct Serving<'a>(&'a Shared);

impl Drop for Serving<'_> {
    fn drop(&mut self) {
        let shared = self.0;
        shared.shutdown_request.store(false, Ordering::SeqCst);
        shared.drain_wakeups();
        *lock(&shared.serving) = None;
        shared.stopped.notify_all();
    }
}

/// A handle on a server that can be cloned and sent to other threads: what a handler reaches
/// as Python's `self.server`, for the address and for `shutdown()`.
///
/// ```python
/// threading.Thread(target=server.shutdown).start()    # from a handler
/// ```
/// ```no_run
/// # use pynet::socketserver::StreamRequest;
/// # fn f(req: &StreamRequest) {
/// let server = req.server.clone();
/// std::thread::spawn(move || server.shutdown());
/// # }
/// ```
#[derive(Clone)]
pub struct ServerHandle {
    pub(crate) shared: Arc<Shared>,
    pub(crate) server_address: Address,
}

impl ServerHandle {
    /// Python's `self.server.server_address`: where the server listens.
    pub fn server_address(&self) -> &Address {
        &self.server_address
    }

    /// Python's `server.shutdown()`: stops `serve_forever` and returns once it has stopped
    /// (from the serving thread itself, for instance in a handler of a `TCPServer`, it only
    /// asks: the loop stops when the handler returns). Handlers already running are not
    /// interrupted; `server_close` waits for them.
    pub fn shutdown(&self) {
        self.shared.shutdown();
    }
}

impl std::fmt::Debug for ServerHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<server at {}>", self.server_address)
    }
}
