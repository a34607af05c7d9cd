//! `select.poll()`: a set of descriptors and the events wanted from each, waited on with
//! `poll(2)`. Unlike `select`, it takes descriptors of any number.

use std::fmt;
use std::os::fd::RawFd;

use super::sys;
use super::timeout::{MILLISECONDS, as_millis, poll_timeout, retry_interrupted};
use super::waitable::{Waitable, descriptor};
use crate::socket::{Error, Exception, Result};

// The event bits, with Python's (and C's) values. Python's eventmask is a C `unsigned short`,
// so pynet's is a `u16`.

/// `select.POLLIN` (1): there is data to read.
pub const POLLIN: u16 = libc::POLLIN as u16;
/// `select.POLLPRI` (2): there is urgent data to read.
pub const POLLPRI: u16 = libc::POLLPRI as u16;
/// `select.POLLOUT` (4): ready for output, writing will not block.
pub const POLLOUT: u16 = libc::POLLOUT as u16;
/// `select.POLLERR` (8): an error condition (output only: always reported, never asked for).
pub const POLLERR: u16 = libc::POLLERR as u16;
/// `select.POLLHUP` (16): hung up (output only).
pub const POLLHUP: u16 = libc::POLLHUP as u16;
/// `select.POLLNVAL` (32): the descriptor is not open (output only).
pub const POLLNVAL: u16 = libc::POLLNVAL as u16;
/// `select.POLLRDNORM` (64): normal data to read.
pub const POLLRDNORM: u16 = libc::POLLRDNORM as u16;
/// `select.POLLRDBAND` (128): priority-band data to read.
pub const POLLRDBAND: u16 = libc::POLLRDBAND as u16;
/// `select.POLLWRNORM` (256): writing normal data will not block.
pub const POLLWRNORM: u16 = libc::POLLWRNORM as u16;
/// `select.POLLWRBAND` (512): priority-band data may be written.
pub const POLLWRBAND: u16 = libc::POLLWRBAND as u16;
/// `select.POLLMSG` (1024): unused on Linux. (The libc crate lacks it; this is
/// `<bits/poll.h>`'s value, which Python exposes.)
pub const POLLMSG: u16 = 0x400;
/// `select.POLLRDHUP` (8192 on Linux): the peer closed its side, or shut down writing.
pub const POLLRDHUP: u16 = libc::POLLRDHUP as u16;

/// A poll object, as Python's `select.poll()`: the descriptors registered, each with its
/// event mask, in the order they were first registered.
///
/// ```python
/// p = select.poll()
/// p.register(sock, select.POLLIN)
/// for fd, events in p.poll(1000):     # milliseconds
///     ...
/// ```
/// ```
/// use pynet::select::{self, POLLIN};
/// use pynet::socket::{self, AF_UNIX, SOCK_STREAM};
///
/// let (a, b) = socket::socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// let mut p = select::poll();
/// p.register(&a, POLLIN)?;
/// b.sendall(b"ping")?;
/// assert_eq!(p.poll(Some(1000.0))?, [(a.fileno(), POLLIN)]);
/// # Ok::<(), socket::Error>(())
/// ```
///
/// Registering a `Socket` registers its descriptor number only: keep the socket alive while
/// it is registered, and unregister it before closing it, as in Python.
pub struct Poll {
    /// The `pollfd` array `poll(2)` takes, kept between calls; `revents` is scratch space.
    fds: Vec<libc::pollfd>,
}

/// Makes an empty poll object: Python's `select.poll()`.
///
/// ```python
/// p = select.poll()
/// ```
/// ```
/// let mut p = pynet::select::poll();
/// ```
pub fn poll() -> Poll {
    Poll { fds: Vec::new() }
}

impl Poll {
    /// Watches `fd` for the events in `eventmask` (Python's default is
    /// `POLLIN | POLLPRI | POLLOUT`). Registering a descriptor again replaces its mask.
    ///
    /// ```python
    /// p.register(sock, select.POLLIN | select.POLLPRI)
    /// ```
    /// ```
    /// # use pynet::select::{self, POLLIN, POLLPRI};
    /// # let (sock, _peer) = pynet::socket::socketpair(pynet::socket::AF_UNIX, pynet::socket::SOCK_STREAM, 0)?;
    /// # let mut p = select::poll();
    /// p.register(&sock, POLLIN | POLLPRI)?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// # Errors
    /// `ValueError: file descriptor cannot be a negative integer (-1)`.
    pub fn register(&mut self, fd: impl Waitable, eventmask: u16) -> Result<()> {
        let fd = descriptor(&fd)?;
        match self.position(fd) {
            Some(i) => self.fds[i].events = eventmask as i16,
            None => self.fds.push(libc::pollfd {
                fd,
                events: eventmask as i16,
                revents: 0,
            }),
        }
        Ok(())
    }

    /// Changes the event mask of a registered descriptor.
    ///
    /// ```python
    /// p.modify(sock, select.POLLOUT)
    /// ```
    /// ```
    /// # use pynet::select::{self, POLLIN, POLLOUT};
    /// # let (sock, _peer) = pynet::socket::socketpair(pynet::socket::AF_UNIX, pynet::socket::SOCK_STREAM, 0)?;
    /// # let mut p = select::poll();
    /// # p.register(&sock, POLLIN)?;
    /// p.modify(&sock, POLLOUT)?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// # Errors
    /// `[Errno 2] No such file or directory` (`FileNotFoundError`) when `fd` is not
    /// registered, as in Python.
    pub fn modify(&mut self, fd: impl Waitable, eventmask: u16) -> Result<()> {
        let fd = descriptor(&fd)?;
        let i = self
            .position(fd)
            .ok_or_else(|| Error::from_errno(libc::ENOENT))?;
        self.fds[i].events = eventmask as i16;
        Ok(())
    }

    /// Stops watching `fd`.
    ///
    /// ```python
    /// p.unregister(sock)
    /// ```
    /// ```
    /// # use pynet::select::{self, POLLIN};
    /// # let (sock, _peer) = pynet::socket::socketpair(pynet::socket::AF_UNIX, pynet::socket::SOCK_STREAM, 0)?;
    /// # let mut p = select::poll();
    /// # p.register(&sock, POLLIN)?;
    /// p.unregister(&sock)?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// # Errors
    /// When `fd` is not registered. Python raises `KeyError(fd)`, whose text is the
    /// descriptor number (`3`); pynet's error has that text too.
    pub fn unregister(&mut self, fd: impl Waitable) -> Result<()> {
        let fd = descriptor(&fd)?;
        let i = self.position(fd).ok_or_else(|| not_registered(fd))?;
        self.fds.remove(i);
        Ok(())
    }

    /// Waits until some registered descriptors have events, and returns them as
    /// `(fd, events)` pairs, in registration order.
    ///
    /// `timeout_ms` is in **milliseconds**, as in Python: `None` or a negative value waits
    /// for ever, `Some(0.0)` only looks; when it passes with nothing ready the list is empty.
    /// `POLLERR`, `POLLHUP` and `POLLNVAL` (a descriptor that is not open) are reported
    /// whether asked for or not.
    ///
    /// ```python
    /// events = p.poll(1000)
    /// ```
    /// ```
    /// # let mut p = pynet::select::poll();
    /// let events = p.poll(Some(1000.0))?;
    /// # assert!(events.is_empty());
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// The C call is `poll(2)`; a signal that interrupts it is not an error: the call is made
    /// again with the time that is left (PEP 475).
    ///
    /// # Errors
    /// `OverflowError: timeout is too large` beyond `i32::MAX` milliseconds, and Python's
    /// NaN and range errors.
    pub fn poll(&mut self, timeout_ms: Option<f64>) -> Result<Vec<(RawFd, u16)>> {
        let timeout = poll_timeout(timeout_ms, MILLISECONDS)?;
        let fds = &mut self.fds;
        retry_interrupted(timeout, |left| sys::poll(fds, as_millis(left)))?;
        Ok(self
            .fds
            .iter()
            .filter(|pollfd| pollfd.revents != 0)
            .map(|pollfd| (pollfd.fd, pollfd.revents as u16))
            .collect())
    }

    /// Where `fd` sits in the array, if registered.
    fn position(&self, fd: RawFd) -> Option<usize> {
        self.fds.iter().position(|pollfd| pollfd.fd == fd)
    }
}

/// Python's `KeyError(fd)` for a descriptor that is not registered: its text is the number.
fn not_registered(fd: RawFd) -> Error {
    Error::new(Exception::KeyError, fd.to_string())
}

impl fmt::Debug for Poll {
    /// The registered descriptors and masks: `Poll { registered: [(3, 1)] }`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let registered: Vec<(RawFd, u16)> = self
            .fds
            .iter()
            .map(|pollfd| (pollfd.fd, pollfd.events as u16))
            .collect();
        f.debug_struct("Poll")
            .field("registered", &registered)
            .finish()
    }
}
