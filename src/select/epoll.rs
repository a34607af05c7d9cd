//! `select.epoll` (Linux): an event queue in the kernel, scaling to many descriptors.
//!
//! Unlike `poll`, the kernel keeps the interest list, so registering costs one system call
//! and waiting costs nothing per idle descriptor.

use std::fmt;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};

use super::sys;
use super::timeout::{SECONDS, as_millis, poll_timeout, retry_interrupted};
use super::waitable::{Waitable, descriptor};
use crate::socket::{Error, Exception, Result};

// The event bits, with Python's values. Python's eventmask is a C `unsigned int`, so pynet's
// is a `u32`: `EPOLLET` is 2147483648, as Python prints it.

/// `select.EPOLLIN` (1): available for read.
pub const EPOLLIN: u32 = libc::EPOLLIN as u32;
/// `select.EPOLLOUT` (4): available for write.
pub const EPOLLOUT: u32 = libc::EPOLLOUT as u32;
/// `select.EPOLLPRI` (2): urgent data for read.
pub const EPOLLPRI: u32 = libc::EPOLLPRI as u32;
/// `select.EPOLLERR` (8): an error condition (always reported).
pub const EPOLLERR: u32 = libc::EPOLLERR as u32;
/// `select.EPOLLHUP` (16): hang-up (always reported).
pub const EPOLLHUP: u32 = libc::EPOLLHUP as u32;
/// `select.EPOLLET` (2147483648): edge-triggered: report a change once, not a state.
pub const EPOLLET: u32 = libc::EPOLLET as u32;
/// `select.EPOLLONESHOT` (1073741824): report one event, then disable until `modify`.
pub const EPOLLONESHOT: u32 = libc::EPOLLONESHOT as u32;
/// `select.EPOLLEXCLUSIVE` (268435456): wake one waiter, not all (with `register` only).
pub const EPOLLEXCLUSIVE: u32 = libc::EPOLLEXCLUSIVE as u32;
/// `select.EPOLLRDHUP` (8192): the peer closed its side, or shut down writing.
pub const EPOLLRDHUP: u32 = libc::EPOLLRDHUP as u32;
/// `select.EPOLLRDNORM` (64): the same as `EPOLLIN`.
pub const EPOLLRDNORM: u32 = libc::EPOLLRDNORM as u32;
/// `select.EPOLLRDBAND` (128): priority data to read.
pub const EPOLLRDBAND: u32 = libc::EPOLLRDBAND as u32;
/// `select.EPOLLWRNORM` (256): the same as `EPOLLOUT`.
pub const EPOLLWRNORM: u32 = libc::EPOLLWRNORM as u32;
/// `select.EPOLLWRBAND` (512): priority data may be written.
pub const EPOLLWRBAND: u32 = libc::EPOLLWRBAND as u32;
/// `select.EPOLLMSG` (1024): ignored.
pub const EPOLLMSG: u32 = libc::EPOLLMSG as u32;
/// `select.EPOLL_CLOEXEC` (524288): the one flag [`epoll`] accepts; pynet, like Python, sets
/// it on every epoll object anyway.
pub const EPOLL_CLOEXEC: u32 = libc::EPOLL_CLOEXEC as u32;

/// `maxevents` when `poll` is given -1, as in CPython: `FD_SETSIZE - 1`.
const DEFAULT_MAXEVENTS: usize = sys::FD_SETSIZE as usize - 1;

/// An epoll object, as Python's `select.epoll`: a kernel event queue with its own descriptor,
/// closed by [`close`](Epoll::close) or when the `Epoll` is dropped.
///
/// Every method takes `&self`, so one thread may wait in `poll` while others register.
///
/// ```python
/// ep = select.epoll()
/// ep.register(sock.fileno(), select.EPOLLIN)
/// for fd, events in ep.poll(1.0):      # seconds
///     ...
/// ```
/// ```
/// use pynet::select::{self, EPOLLIN};
/// use pynet::socket::{self, AF_UNIX, SOCK_STREAM};
///
/// let (a, b) = socket::socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// let ep = select::epoll(-1, 0)?;
/// ep.register(&a, EPOLLIN)?;
/// b.sendall(b"ping")?;
/// assert_eq!(ep.poll(Some(1.0), -1)?, [(a.fileno(), EPOLLIN)]);
/// # Ok::<(), socket::Error>(())
/// ```
pub struct Epoll {
    fd: OwnedFd,
}

/// Makes an epoll object: Python's `select.epoll(sizehint=-1, flags=0)`.
///
/// `sizehint` is ignored by Linux (it must be -1 or positive); `flags` may be 0 or
/// [`EPOLL_CLOEXEC`], which is set either way, as in Python.
///
/// ```python
/// ep = select.epoll()
/// ```
/// ```
/// let ep = pynet::select::epoll(-1, 0)?;
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// The C call is `epoll_create1(EPOLL_CLOEXEC)`.
///
/// # Errors
/// As Python's: `ValueError: negative sizehint` for 0 or less than -1, `OSError: invalid
/// flags` for other flags, and `[Errno 24] Too many open files` from the kernel.
pub fn epoll(sizehint: i32, flags: u32) -> Result<Epoll> {
    if sizehint == 0 || sizehint < -1 {
        return Err(Error::new(Exception::ValueError, "negative sizehint"));
    }
    if flags != 0 && flags != EPOLL_CLOEXEC {
        return Err(Error::new(Exception::OSError, "invalid flags"));
    }
    let fd = sys::epoll_create1(libc::EPOLL_CLOEXEC)?;
    Ok(Epoll { fd })
}

impl Epoll {
    /// Watches `fd` for the events in `eventmask` (Python's default is
    /// `EPOLLIN | EPOLLPRI | EPOLLOUT`).
    ///
    /// ```python
    /// ep.register(sock, select.EPOLLIN | select.EPOLLET)
    /// ```
    /// ```
    /// # use pynet::select::{self, EPOLLET, EPOLLIN};
    /// # let (sock, _peer) = pynet::socket::socketpair(pynet::socket::AF_UNIX, pynet::socket::SOCK_STREAM, 0)?;
    /// # let ep = select::epoll(-1, 0)?;
    /// ep.register(&sock, EPOLLIN | EPOLLET)?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// The C call is `epoll_ctl(EPOLL_CTL_ADD)`.
    ///
    /// # Errors
    /// `[Errno 17] File exists` when `fd` is registered already, `[Errno 9] Bad file
    /// descriptor` when it is not open, `[Errno 1] Operation not permitted` for a regular file.
    pub fn register(&self, fd: impl Waitable, eventmask: u32) -> Result<()> {
        self.control(libc::EPOLL_CTL_ADD, &fd, eventmask)
    }

    /// Changes the event mask of a registered descriptor.
    ///
    /// ```python
    /// ep.modify(sock, select.EPOLLOUT)
    /// ```
    /// ```
    /// # use pynet::select::{self, EPOLLIN, EPOLLOUT};
    /// # let (sock, _peer) = pynet::socket::socketpair(pynet::socket::AF_UNIX, pynet::socket::SOCK_STREAM, 0)?;
    /// # let ep = select::epoll(-1, 0)?;
    /// # ep.register(&sock, EPOLLIN)?;
    /// ep.modify(&sock, EPOLLOUT)?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// The C call is `epoll_ctl(EPOLL_CTL_MOD)`.
    ///
    /// # Errors
    /// `[Errno 2] No such file or directory` when `fd` is not registered.
    pub fn modify(&self, fd: impl Waitable, eventmask: u32) -> Result<()> {
        self.control(libc::EPOLL_CTL_MOD, &fd, eventmask)
    }

    /// Stops watching `fd`. (Closing a descriptor removes it from every epoll set too, once
    /// no duplicate of it remains open.)
    ///
    /// ```python
    /// ep.unregister(sock)
    /// ```
    /// ```
    /// # use pynet::select::{self, EPOLLIN};
    /// # let (sock, _peer) = pynet::socket::socketpair(pynet::socket::AF_UNIX, pynet::socket::SOCK_STREAM, 0)?;
    /// # let ep = select::epoll(-1, 0)?;
    /// # ep.register(&sock, EPOLLIN)?;
    /// ep.unregister(&sock)?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// The C call is `epoll_ctl(EPOLL_CTL_DEL)`.
    ///
    /// # Errors
    /// `[Errno 2] No such file or directory` when `fd` is not registered, `[Errno 9] Bad file
    /// descriptor` when it is not open.
    pub fn unregister(&self, fd: impl Waitable) -> Result<()> {
        self.control(libc::EPOLL_CTL_DEL, &fd, 0)
    }

    /// One `epoll_ctl(2)` on the descriptor of `fd`.
    fn control(&self, op: i32, fd: &impl Waitable, eventmask: u32) -> Result<()> {
        let fd = descriptor(fd)?;
        Ok(sys::epoll_ctl(self.fd.as_fd(), op, fd, eventmask)?)
    }

    /// Waits for events and returns up to `maxevents` of them as `(fd, events)` pairs.
    ///
    /// `timeout` is in **seconds** (unlike `poll.poll`): `None` or a negative value waits for
    /// ever, `Some(0.0)` only looks; when it passes with nothing ready the list is empty.
    /// `maxevents` -1 means `FD_SETSIZE - 1` (1023), as in Python; those defaults are
    /// `ep.poll(None, -1)`.
    ///
    /// ```python
    /// events = ep.poll(1.0)
    /// ```
    /// ```
    /// # let ep = pynet::select::epoll(-1, 0)?;
    /// let events = ep.poll(Some(1.0), -1)?;
    /// # assert!(events.is_empty());
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// The C call is `epoll_wait(2)`; a signal that interrupts it is not an error: the call
    /// is made again with the time that is left (PEP 475).
    ///
    /// # Errors
    /// `ValueError: maxevents must be greater than 0, got 0`, `OverflowError: timeout is too
    /// large` beyond `i32::MAX` milliseconds, and Python's NaN and range errors.
    pub fn poll(&self, timeout: Option<f64>, maxevents: i32) -> Result<Vec<(RawFd, u32)>> {
        let timeout = poll_timeout(timeout, SECONDS)?;
        let maxevents = match maxevents {
            -1 => DEFAULT_MAXEVENTS,
            n if n > 0 => n.unsigned_abs() as usize,
            n => {
                return Err(Error::new(
                    Exception::ValueError,
                    format!("maxevents must be greater than 0, got {n}"),
                ));
            }
        };
        retry_interrupted(timeout, |left| {
            sys::epoll_wait(self.fd.as_fd(), maxevents, as_millis(left))
        })
    }

    /// Closes the epoll object's descriptor, reporting an error that dropping it would hide.
    /// (Python's `ep.closed` has no twin: a closed `Epoll` no longer exists.)
    ///
    /// ```python
    /// ep.close()
    /// ```
    /// ```
    /// # let ep = pynet::select::epoll(-1, 0)?;
    /// ep.close()?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn close(self) -> Result<()> {
        Ok(sys::close(self.fd)?)
    }

    /// The epoll object's own descriptor: Python's `ep.fileno()`. It is readable when events
    /// are waiting, so an epoll object can itself be watched by `select`, `poll` or another
    /// epoll.
    pub fn fileno(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}

impl AsFd for Epoll {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

impl AsRawFd for Epoll {
    fn as_raw_fd(&self) -> RawFd {
        self.fileno()
    }
}

impl Waitable for Epoll {
    fn fileno(&self) -> RawFd {
        self.as_raw_fd()
    }
}

impl fmt::Debug for Epoll {
    /// `<select.epoll fd=3>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<select.epoll fd={}>", self.fileno())
    }
}
