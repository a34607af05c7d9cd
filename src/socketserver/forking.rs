//! ForkingMixIn: the mode, and how it runs requests.

use std::sync::Mutex;
use std::thread;
use std::time::Duration;

use super::handlers::sealed::RequestParts;
use super::handlers::{BaseRequestHandler, HandlerError};
use super::server::{Job, MixIn, sealed};
use super::shutdown::lock;
use super::sys::{self, Forked, Pid};
use crate::socket::Address;

/// `ForkingMixIn`: one child process per connection (or per datagram).
///
/// ```python
/// class Server(socketserver.ForkingMixIn, socketserver.TCPServer):
///     max_children = 10
/// ```
/// ```no_run
/// # use pynet::socketserver::{ForkingTCPServer, StreamRequest};
/// # let handler = || |req: &mut StreamRequest| req.request.sendall(b"hi");
/// let mut server = ForkingTCPServer::new(("127.0.0.1", 0), handler)?;
/// server.max_children = 10;
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// The child runs the handler and ends with `_exit` (0, or 1 after an error), never
/// returning into the loop. The parent closes its copy of the connection and reaps its
/// children with `waitpid(pid, WNOHANG)` on every turn of the loop, before every fork, and on
/// `handle_request`'s timeout; while `max_children` of them run it waits for one to end
/// before forking again; `server_close` waits for all of them (`block_on_close`). Only the
/// server's own children are waited for (Python's `waitpid(-1)` would reap any child of the
/// process, such as a `std::process::Command` another thread waits for).
///
/// A forked child of a threaded program holds only the thread that forked: a lock another
/// thread held at that moment (a `Mutex` of yours, stdout's) stays locked in the child. A
/// handler in a forking server should keep to its request and the sockets, as in Python.
#[derive(Debug)]
pub struct ForkingMixIn;

impl MixIn for ForkingMixIn {}

impl sealed::MixInParts for ForkingMixIn {
    const PROCESSING: sealed::Processing = sealed::Processing::Forking;
    // Python's ForkingMixIn.timeout.
    const TIMEOUT: Option<f64> = Some(300.0);
}

/// How long to sleep between looks while `max_children` children run.
const REAP_PAUSE: Duration = Duration::from_millis(5);

/// Python's `ForkingMixIn.process_request`: forks; the child serves the request and exits.
pub(crate) fn process_request<R: RequestParts, H: BaseRequestHandler<R>>(
    job: &Job<R, H>,
    children: &Mutex<Vec<Pid>>,
    max_children: usize,
    incoming: R::Incoming,
    client_address: Address,
) {
    collect_children(children, max_children, false);
    match sys::fork() {
        Ok(Forked::Parent(pid)) => {
            lock(children).push(pid);
            // Python's close_request: the child has its own copy of the connection.
            drop(incoming);
        }
        Ok(Forked::Child) => {
            let served = job.run(incoming, client_address);
            sys::exit_now(if served { 0 } else { 1 });
        }
        Err(e) => job.report(&client_address, &HandlerError::Raised(e.into())),
    }
}

/// Python's `collect_children(blocking=...)`: reaps the children that have ended, first
/// waiting while `max_children` or more run; with `blocking`, waits for every one.
pub(crate) fn collect_children(children: &Mutex<Vec<Pid>>, max_children: usize, blocking: bool) {
    loop {
        let mut pids = lock(children);
        // A child that cannot be waited for (ECHILD: already reaped) is gone too.
        pids.retain(|&pid| !sys::waitpid(pid, blocking).unwrap_or(true));
        if pids.len() < max_children.max(1) {
            return;
        }
        drop(pids);
        thread::sleep(REAP_PAUSE);
    }
}
