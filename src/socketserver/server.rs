//! The server: Python's `BaseServer` and `TCPServer`, with the mix-ins chosen by a type
//! parameter. Construction and binding first, then the serving loop, then closing.

use std::marker::PhantomData;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::forking;
use super::handlers::sealed::RequestParts;
use super::handlers::{BaseRequestHandler, HandlerError, print_handler_error};
use super::kinds::Kind;
use super::shutdown::{ServerHandle, Shared, lock};
use super::sys::{self, Pid};
use crate::socket::{
    AF_INET, AF_INET6, Address, Result, SO_REUSEADDR, SO_REUSEPORT, SOCK_STREAM, SOL_SOCKET, Socket,
};

/// How a server runs each request: [`Sequential`], [`ThreadingMixIn`](super::ThreadingMixIn)
/// or [`ForkingMixIn`](super::ForkingMixIn).
pub trait MixIn: sealed::MixInParts {}

pub(crate) mod sealed {
    /// Where a request runs.
    pub enum Processing {
        /// In the serving loop itself.
        Sequential,
        /// On a thread of its own.
        Threading,
        /// In a child process.
        Forking,
    }

    /// What a mix-in changes in the server.
    pub trait MixInParts {
        /// Where requests run.
        const PROCESSING: Processing;
        /// The default `timeout` of `handle_request`.
        const TIMEOUT: Option<f64>;
    }
}

/// The plain servers' mode: each request is handled in the serving loop, one at a time
/// (Python's `TCPServer` with no mix-in).
#[derive(Debug)]
pub struct Sequential;

impl MixIn for Sequential {}

impl sealed::MixInParts for Sequential {
    const PROCESSING: sealed::Processing = sealed::Processing::Sequential;
    const TIMEOUT: Option<f64> = None;
}

/// What `handle_error` is: `server.set_handle_error(...)` replaces Python's default.
type ErrorHook = dyn Fn(&Address, &HandlerError) + Send + Sync;

/// Everything needed to serve one request, wherever it runs: the handler factory (Python's
/// `RequestHandlerClass`), `handle_error`, and the handle the handler sees as `self.server`.
pub(crate) struct Job<R, H> {
    factory: Arc<dyn Fn() -> H + Send + Sync>,
    handle_error: Arc<ErrorHook>,
    server: ServerHandle,
    request: PhantomData<fn() -> R>,
}

impl<R, H> Clone for Job<R, H> {
    fn clone(&self) -> Self {
        Job {
            factory: Arc::clone(&self.factory),
            handle_error: Arc::clone(&self.handle_error),
            server: self.server.clone(),
            request: PhantomData,
        }
    }
}

impl<R: RequestParts, H: BaseRequestHandler<R>> Job<R, H> {
    /// Python's `process_request_thread`: `finish_request` guarded so that a failure or a
    /// panic goes to `handle_error`, then `shutdown_request`, in that order (the connection
    /// is still open while `handle_error` runs). Returns whether the request was served.
    pub(crate) fn run(&self, incoming: R::Incoming, client_address: Address) -> bool {
        let mut request = R::open(incoming, client_address.clone(), self.server.clone());
        let served = catch_unwind(AssertUnwindSafe(|| self.finish_request(&mut request)));
        let failure = match served {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(HandlerError::Raised(e)),
            Err(panic) => Some(HandlerError::from_panic(panic)),
        };
        if let Some(failure) = &failure {
            self.report(&client_address, failure);
        }
        request.shutdown_request();
        failure.is_none()
    }

    /// Makes the handler and runs it as Python's `BaseRequestHandler.__init__` does:
    /// `setup()`, then `handle()` and, even when `handle` fails, `finish()`.
    fn finish_request(&self, request: &mut R) -> Result<()> {
        let mut handler = (self.factory)();
        handler.setup(request)?;
        let handled = handler.handle(request);
        let finished = handler.finish(request).and_then(|()| request.finish());
        handled.and(finished)
    }
}

impl<R, H> Job<R, H> {
    /// Python's `handle_error(request, client_address)`.
    pub(crate) fn report(&self, client_address: &Address, failure: &HandlerError) {
        (self.handle_error)(client_address, failure);
    }
}

/// A server after Python's `socketserver`: a [`Kind`] of socket, a [`MixIn`] saying where
/// requests run, and a handler type `H`. Use it by the Python names, which are aliases of
/// this type: [`TCPServer`](super::TCPServer), [`ThreadingTCPServer`](super::ThreadingTCPServer),
/// [`ForkingUDPServer`](super::ForkingUDPServer), ...
///
/// ```python
/// with socketserver.TCPServer(("127.0.0.1", 0), Echo) as server:
///     server.serve_forever()
/// ```
/// ```no_run
/// # use pynet::socketserver::{StreamRequest, TCPServer};
/// # let echo = || |req: &mut StreamRequest| req.request.sendall(&req.request.recv(1024)?);
/// let server = TCPServer::new(("127.0.0.1", 0), echo)?;
/// server.serve_forever(0.5)?;
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// The public fields are Python's class attributes, with Python's defaults; set the ones
/// used by `server_bind` and `server_activate` on a server made by
/// [`new_unbound`](Server::new_unbound). Dropping the server is
/// [`server_close`](Server::server_close), as leaving Python's `with` block is.
pub struct Server<K: Kind, M: MixIn, H> {
    /// Python's `server.socket`: the listening (or datagram) socket.
    pub socket: Arc<Socket>,
    /// Python's `server.server_address`: after binding, the address the socket got (the
    /// real port when 0 was asked for).
    pub server_address: Address,
    /// Python's `allow_reuse_address`: set `SO_REUSEADDR` before binding. Default false.
    pub allow_reuse_address: bool,
    /// Python's `allow_reuse_port`: set `SO_REUSEPORT` before binding. Default false.
    pub allow_reuse_port: bool,
    /// Python's `request_queue_size`: the `listen` backlog of stream servers. Default 5.
    pub request_queue_size: i32,
    /// Python's `timeout`: how long [`handle_request`](Server::handle_request) waits, in
    /// seconds (`None`: no limit). Default `None`; 300 for forking servers.
    pub timeout: Option<f64>,
    /// Python's `max_packet_size`: the largest datagram a datagram server reads (longer ones
    /// are cut). Default 8192.
    pub max_packet_size: usize,
    /// Python's `daemon_threads` (threading servers): when true, `server_close` does not
    /// wait for handler threads. Default false.
    pub daemon_threads: bool,
    /// Python's `block_on_close` (threading and forking servers): `server_close` waits for
    /// the handler threads (unless `daemon_threads`) or the child processes. Default true.
    pub block_on_close: bool,
    /// Threading servers, a pynet addition: at most this many handler threads at once; the
    /// loop stops accepting while that many run, and new clients wait in the listen queue.
    /// Default `None` (no cap, as in Python).
    pub max_threads: Option<usize>,
    /// Threading servers, a pynet addition: the stack size of handler threads, in bytes
    /// (`None`: Rust's default, 2 MiB). A small stack lets thousands of connections fit.
    pub thread_stack_size: Option<usize>,
    /// Python's `max_children` (forking servers): at most this many children at once; the
    /// loop waits for one to end before forking another. Default 40.
    pub max_children: usize,
    children: Mutex<Vec<Pid>>,
    job: Job<K::Request, H>,
    mixin: PhantomData<fn() -> M>,
}

/// Python's `BaseServer.timeout` loop step, `poll_interval`, as `poll(2)` milliseconds.
fn millis(seconds: f64) -> i32 {
    if seconds.is_nan() || seconds <= 0.0 {
        return 0;
    }
    let ms = (seconds * 1000.0).ceil();
    if ms >= i32::MAX as f64 {
        i32::MAX
    } else {
        ms as i32
    }
}

/// The instant `seconds` from now; `None` (no limit) for `None` or a time too far away.
fn deadline_after(seconds: Option<f64>) -> Option<Instant> {
    let wait = Duration::try_from_secs_f64(seconds?.max(0.0)).ok()?;
    Instant::now().checked_add(wait)
}

/// The milliseconds left until `deadline`, for `poll(2)` (-1: no limit).
fn millis_until(deadline: Option<Instant>) -> i32 {
    match deadline {
        None => -1,
        Some(at) => millis(at.saturating_duration_since(Instant::now()).as_secs_f64()),
    }
}

impl<K: Kind, M: MixIn, H: BaseRequestHandler<K::Request> + 'static> Server<K, M, H> {
    /// Python's `TCPServer(server_address, RequestHandlerClass)`: makes the socket, binds it
    /// and (for stream servers) listens. `handler` makes one handler per request: `|| Echo`
    /// where Python passes the class `Echo`.
    ///
    /// ```python
    /// server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Echo)
    /// ```
    /// ```no_run
    /// # use pynet::socketserver::{StreamRequest, ThreadingTCPServer};
    /// # struct Echo;
    /// # impl pynet::socketserver::BaseRequestHandler<StreamRequest> for Echo {
    /// #     fn handle(&mut self, _: &mut StreamRequest) -> pynet::socket::Result<()> { Ok(()) }
    /// # }
    /// let server = ThreadingTCPServer::new(("127.0.0.1", 0), || Echo)?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// # Errors
    /// Those of `socket`, `bind` and `listen`: `[Errno 98] Address already in use`, ...
    pub fn new(
        server_address: impl Into<Address>,
        handler: impl Fn() -> H + Send + Sync + 'static,
    ) -> Result<Self> {
        let mut server = Self::new_unbound(server_address, handler)?;
        server.server_bind()?;
        server.server_activate()?;
        Ok(server)
    }

    /// Python's `TCPServer(server_address, RequestHandlerClass, bind_and_activate=False)`:
    /// makes the socket only, so that attributes can be set before
    /// [`server_bind`](Server::server_bind) and [`server_activate`](Server::server_activate).
    ///
    /// ```python
    /// server = socketserver.TCPServer(("127.0.0.1", 8000), Echo, bind_and_activate=False)
    /// server.allow_reuse_address = True
    /// server.server_bind()
    /// server.server_activate()
    /// ```
    /// ```no_run
    /// # use pynet::socketserver::{StreamRequest, TCPServer};
    /// # let echo = || |req: &mut StreamRequest| req.request.sendall(b"");
    /// let mut server = TCPServer::new_unbound(("127.0.0.1", 8000), echo)?;
    /// server.allow_reuse_address = true;
    /// server.server_bind()?;
    /// server.server_activate()?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn new_unbound(
        server_address: impl Into<Address>,
        handler: impl Fn() -> H + Send + Sync + 'static,
    ) -> Result<Self> {
        let server_address = server_address.into();
        let socket = Arc::new(Socket::new(K::family(&server_address), K::SOCK_TYPE, 0)?);
        let job = Job {
            factory: Arc::new(handler),
            handle_error: Arc::new(print_handler_error),
            server: ServerHandle {
                shared: Arc::new(Shared::new()?),
                server_address: server_address.clone(),
            },
            request: PhantomData,
        };
        Ok(Server {
            socket,
            server_address,
            allow_reuse_address: false,
            allow_reuse_port: false,
            request_queue_size: 5,
            timeout: M::TIMEOUT,
            max_packet_size: 8192,
            daemon_threads: false,
            block_on_close: true,
            max_threads: None,
            thread_stack_size: None,
            max_children: 40,
            children: Mutex::new(Vec::new()),
            job,
            mixin: PhantomData,
        })
    }

    /// Python's `serve_forever(poll_interval=0.5)`: handles requests until
    /// [`shutdown`](Server::shutdown) is called (from another thread, or from a handler).
    ///
    /// Every `poll_interval` seconds, and after each request, it does the periodic work
    /// (Python's `service_actions`: a forking server reaps its children). A shutdown wakes it
    /// at once. Errors of `accept` or `recvfrom` (a client gone before it was accepted, no
    /// descriptor left) are ignored, as in Python.
    ///
    /// ```python
    /// threading.Thread(target=server.serve_forever, args=(0.5,)).start()
    /// ```
    /// ```no_run
    /// # use pynet::socketserver::{StreamRequest, ThreadingTCPServer};
    /// # let echo = || |req: &mut StreamRequest| req.request.sendall(b"");
    /// let server = ThreadingTCPServer::new(("127.0.0.1", 0), echo)?;
    /// std::thread::scope(|s| {
    ///     s.spawn(|| server.serve_forever(0.5));
    ///     // ... clients ...
    ///     server.shutdown();
    /// });
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// # Errors
    /// Only a failing `poll(2)`, which leaves the loop.
    pub fn serve_forever(&self, poll_interval: f64) -> Result<()> {
        let shared = &self.job.server.shared;
        let _serving = shared.begin_serving();
        let interval = millis(poll_interval);
        while !shared.shutdown_requested() {
            let turn_ends = Instant::now().checked_add(Duration::from_millis(interval as u64));
            if self.wait_for_thread_slot(turn_ends) {
                let [ready, woken] =
                    sys::poll_readable([self.socket.fileno(), shared.wake_fd()], interval)?;
                if woken {
                    shared.drain_wakeups();
                }
                if shared.shutdown_requested() {
                    break;
                }
                if ready {
                    self.handle_request_noblock();
                }
            }
            self.service_actions();
        }
        Ok(())
    }

    /// Python's `handle_request()`: waits for one request (at most `timeout`, or the
    /// socket's timeout if shorter) and handles it. Returns `true` when a request came;
    /// `false` when the time ran out, after Python's `handle_timeout` (a forking server reaps
    /// its children).
    ///
    /// ```python
    /// server.timeout = 2.0
    /// server.handle_request()
    /// ```
    /// ```no_run
    /// # use pynet::socketserver::{StreamRequest, TCPServer};
    /// # let echo = || |req: &mut StreamRequest| req.request.sendall(b"");
    /// # let mut server = TCPServer::new(("127.0.0.1", 0), echo)?;
    /// server.timeout = Some(2.0);
    /// if !server.handle_request()? {
    ///     println!("nobody came");
    /// }
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// # Errors
    /// Only a failing `poll(2)`.
    pub fn handle_request(&self) -> Result<bool> {
        let timeout = match (self.socket.gettimeout(), self.timeout) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let deadline = deadline_after(timeout);
        if self.wait_for_thread_slot(deadline) {
            loop {
                let [ready] = sys::poll_readable([self.socket.fileno()], millis_until(deadline))?;
                if ready {
                    self.handle_request_noblock();
                    return Ok(true);
                }
                if deadline.is_some_and(|at| Instant::now() >= at) {
                    break;
                }
            }
        }
        self.handle_timeout();
        Ok(false)
    }

    /// Python's `_handle_request_noblock`: gets the request that is waiting and processes
    /// it.
    fn handle_request_noblock(&self) {
        if let Ok((incoming, client_address)) =
            <K::Request as RequestParts>::get_request(&self.socket, self.max_packet_size)
        {
            self.process_request(incoming, client_address);
        }
    }

    /// Python's `process_request`, as each mix-in defines it.
    fn process_request(
        &self,
        incoming: <K::Request as RequestParts>::Incoming,
        client_address: Address,
    ) {
        match M::PROCESSING {
            sealed::Processing::Sequential => {
                self.job.run(incoming, client_address);
            }
            sealed::Processing::Threading => {
                let job = self.job.clone();
                let address = client_address.clone();
                let joinable = self.block_on_close && !self.daemon_threads;
                let threads = &self.job.server.shared.threads;
                let work = move || {
                    job.run(incoming, client_address);
                };
                if let Err(e) = threads.spawn(joinable, self.thread_stack_size, work) {
                    self.job.report(&address, &HandlerError::Raised(e.into()));
                }
            }
            sealed::Processing::Forking => forking::process_request(
                &self.job,
                &self.children,
                self.max_children,
                incoming,
                client_address,
            ),
        }
    }
}

impl<K: Kind, M: MixIn, H> Server<K, M, H> {
    /// Python's `server_bind()`: sets the reuse options asked for, binds, and stores the
    /// address the socket got in `server_address`.
    pub fn server_bind(&mut self) -> Result<()> {
        let ip = matches!(self.socket.family(), AF_INET | AF_INET6);
        if self.allow_reuse_address {
            self.socket.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)?;
        }
        if self.allow_reuse_port && ip {
            self.socket.setsockopt(SOL_SOCKET, SO_REUSEPORT, 1)?;
        }
        self.socket.bind(&self.server_address)?;
        self.server_address = self.socket.getsockname()?;
        self.job.server.server_address = self.server_address.clone();
        Ok(())
    }

    /// Python's `server_activate()`: `listen(request_queue_size)` for a stream server;
    /// nothing for a datagram server.
    pub fn server_activate(&self) -> Result<()> {
        if self.socket.type_() == SOCK_STREAM {
            self.socket.listen(self.request_queue_size)?;
        }
        Ok(())
    }

    /// Python's `server.fileno()`: the socket's descriptor, for `select`.
    pub fn fileno(&self) -> std::os::fd::RawFd {
        self.socket.fileno()
    }

    /// Replaces Python's default `handle_error` (see
    /// [`print_handler_error`](super::print_handler_error)), as a subclass overriding it
    /// would. It is called with the client's address and what went wrong, on the thread (or
    /// in the child) that ran the handler.
    ///
    /// ```python
    /// def handle_error(self, request, client_address):
    ///     log.exception("request from %s failed", client_address)
    /// ```
    /// ```no_run
    /// # use pynet::socketserver::{StreamRequest, TCPServer};
    /// # let echo = || |req: &mut StreamRequest| req.request.sendall(b"");
    /// # let mut server = TCPServer::new(("127.0.0.1", 0), echo)?;
    /// server.set_handle_error(|client_address, error| {
    ///     eprintln!("request from {client_address} failed: {error}");
    /// });
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn set_handle_error(
        &mut self,
        hook: impl Fn(&Address, &HandlerError) + Send + Sync + 'static,
    ) {
        self.job.handle_error = Arc::new(hook);
    }

    /// A handle to call [`shutdown`](ServerHandle::shutdown) from another thread, the same
    /// that handlers get as `req.server`.
    pub fn handle(&self) -> ServerHandle {
        self.job.server.clone()
    }

    /// Python's `shutdown()`: stops [`serve_forever`](Server::serve_forever) and returns
    /// once it has stopped. See [`ServerHandle::shutdown`].
    pub fn shutdown(&self) {
        self.job.server.shutdown();
    }

    /// Python's `server_close()`: waits for the handler threads or children if
    /// `block_on_close` says so, and closes the socket. Dropping the server does the same.
    pub fn server_close(self) {
        drop(self);
    }

    /// Python's `active_children` (forking servers): the pids of the children not yet
    /// reaped.
    pub fn active_children(&self) -> Vec<i32> {
        lock(&self.children).clone()
    }

    /// With `max_threads` set on a threading server, waits until fewer threads run (at most
    /// until `deadline`, or a shutdown); returns whether a request may be taken now.
    fn wait_for_thread_slot(&self, deadline: Option<Instant>) -> bool {
        match (&M::PROCESSING, self.max_threads) {
            (sealed::Processing::Threading, Some(cap)) => {
                let shared = &self.job.server.shared;
                shared
                    .threads
                    .wait_below(cap.max(1), deadline, || shared.shutdown_requested())
            }
            _ => true,
        }
    }

    /// Python's `service_actions`, run on every turn of `serve_forever`.
    fn service_actions(&self) {
        if let sealed::Processing::Forking = M::PROCESSING {
            forking::collect_children(&self.children, self.max_children, false);
        }
    }

    /// Python's `handle_timeout`, run when `handle_request` waited in vain.
    fn handle_timeout(&self) {
        self.service_actions();
    }
}

impl<K: Kind, M: MixIn, H> Drop for Server<K, M, H> {
    /// `server_close`: the socket closes when the last handler holding it (a datagram
    /// handler) is done.
    fn drop(&mut self) {
        match M::PROCESSING {
            sealed::Processing::Threading if self.block_on_close => {
                self.job.server.shared.threads.join();
            }
            sealed::Processing::Forking => {
                forking::collect_children(&self.children, usize::MAX, self.block_on_close);
            }
            _ => {}
        }
    }
}

impl<K: Kind, M: MixIn, H> std::fmt::Debug for Server<K, M, H> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("socket", &self.socket)
            .field("server_address", &self.server_address)
            .finish_non_exhaustive()
    }
}
