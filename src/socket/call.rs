//! One socket call: accept, connect, send, receive, with a deadline and `MSG_*` flags.
//!
//! `Socket::recv` and friends run a [`Call`] with the socket's own timeout and no flags;
//! `sock.with_timeout(..)` and `sock.with_flags(..)` make one with others:
//!
//! ```python
//! data = sock.recv(1024, socket.MSG_PEEK)     # Python's flags argument
//! data = yield sock.recv(1024, timeout=5.0)   # idiokit's per-call timeout
//! ```
//! ```no_run
//! # use pynet::socket::{AF_INET, MSG_PEEK, SOCK_STREAM, Socket};
//! # let sock = Socket::new(AF_INET, SOCK_STREAM, 0)?;
//! let data = sock.with_flags(MSG_PEEK).recv(1024)?;
//! let data = sock.with_timeout(Some(5.0)).recv(1024)?;
//! # Ok::<(), pynet::socket::Error>(())
//! ```
//!
//! How a call waits, as CPython's `sock_call_ex` does: it fixes its deadline once, tries the
//! system call, and while the kernel answers "would block" it `poll`s for readiness until the
//! deadline, then tries again. With no timeout on a blocking descriptor the first try simply
//! blocks in the kernel. A call whose timeout differs from the socket's passes
//! `MSG_DONTWAIT` (or, for `accept` and `connect`, which take no flags, switches the
//! descriptor to non-blocking for the length of the call), so that its own deadline rules.

use std::io::{self, ErrorKind};
use std::mem::MaybeUninit;

use socket2::SockAddr;

use super::address::Address;
use super::constants::{MSG_DONTWAIT, MSG_NOSIGNAL, MSG_TRUNC};
use super::error::Result;
use super::object::Socket;
use super::sys;
use super::timeout::{Deadline, READABLE, WRITABLE, default_timeout_nanos, to_nanos};

/// Which timeout a call runs under.
#[derive(Clone, Copy, Debug)]
enum CallTimeout {
    /// The socket's own, as set by `settimeout`.
    Socket,
    /// One given for this call (checked when the call starts).
    Given(Option<f64>),
}

/// A socket call with its own timeout or flags; see [`Socket::with_timeout`] and
/// [`Socket::with_flags`]. Its methods are the socket's, and mean the same.
///
/// ```python
/// data = sock.recv(1024, socket.MSG_PEEK)      # Python: flags as an argument
/// data = yield sock.recv(1024, timeout=5.0)    # idiokit: a timeout as an argument
/// ```
/// ```no_run
/// # use pynet::socket::{AF_INET, MSG_PEEK, SOCK_STREAM, Socket};
/// # let sock = Socket::new(AF_INET, SOCK_STREAM, 0)?;
/// let data = sock.with_flags(MSG_PEEK).recv(1024)?;
/// let data = sock.with_timeout(Some(5.0)).recv(1024)?;
/// let data = sock.with_timeout(Some(5.0)).with_flags(MSG_PEEK).recv(1024)?;
/// # Ok::<(), pynet::socket::Error>(())
/// ```
#[derive(Clone, Copy, Debug)]
#[must_use = "a Call does nothing until one of its methods runs it"]
pub struct Call<'a> {
    socket: &'a Socket,
    timeout: CallTimeout,
    flags: i32,
}

impl<'a> Call<'a> {
    pub(crate) fn new(socket: &'a Socket) -> Call<'a> {
        Call {
            socket,
            timeout: CallTimeout::Socket,
            flags: 0,
        }
    }

    /// The same call with its own timeout, idiokit's `timeout=` (`None` blocks however the
    /// socket is set).
    pub fn with_timeout(self, timeout: Option<f64>) -> Call<'a> {
        Call {
            timeout: CallTimeout::Given(timeout),
            ..self
        }
    }

    /// The same call with `MSG_*` flags for the sending and receiving methods (`accept` and
    /// `connect` take none). As in Python, `MSG_DONTWAIT` makes a call on a blocking socket
    /// fail at once instead of waiting; a socket with a timeout still waits up to it.
    pub fn with_flags(self, flags: i32) -> Call<'a> {
        Call { flags, ..self }
    }

    /// The deadline of this call, fixed now.
    ///
    /// `MSG_DONTWAIT` matters only without a timeout, as in CPython: a blocking socket then
    /// fails at once with BlockingIOError, while a socket with a timeout still waits for
    /// readiness up to its deadline.
    fn deadline(&self) -> Result<Deadline> {
        let nanos = match self.timeout {
            CallTimeout::Socket => self.socket.timeout_nanos(),
            CallTimeout::Given(timeout) => to_nanos(timeout)?,
        };
        Ok(match Deadline::after(nanos) {
            Deadline::Never if self.flags & MSG_DONTWAIT != 0 => Deadline::Now,
            deadline => deadline,
        })
    }

    /// The flags for a send or receive: the caller's, plus `MSG_DONTWAIT` whenever the call
    /// has a deadline, so that the kernel never blocks past it.
    fn io_flags(&self, deadline: Deadline) -> i32 {
        match deadline {
            Deadline::Never => self.flags,
            Deadline::Now | Deadline::At(_) => self.flags | MSG_DONTWAIT,
        }
    }

    /// Runs `op` until it does not say "would block", waiting for `events` in between.
    fn retry<T>(
        &self,
        deadline: Deadline,
        events: i16,
        mut op: impl FnMut() -> io::Result<T>,
    ) -> Result<T> {
        loop {
            match op() {
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    deadline.wait(self.socket.fileno(), events)?;
                }
                result => return Ok(result?),
            }
        }
    }

    /// Runs `f` with the descriptor in non-blocking mode when this call has a deadline but
    /// the socket is in blocking mode (for `accept` and `connect`, which take no flags).
    fn nonblocking_while<T>(&self, deadline: Deadline, f: impl FnOnce() -> Result<T>) -> Result<T> {
        let switch = self.socket.timeout_nanos().is_none() && !matches!(deadline, Deadline::Never);
        if !switch {
            return f();
        }
        self.socket.inner.set_nonblocking(true)?;
        let result = f();
        self.socket.inner.set_nonblocking(false)?;
        result
    }

    /// `conn, address = sock.accept()` under this call's timeout; see [`Socket::accept`].
    pub fn accept(self) -> Result<(Socket, Address)> {
        let deadline = self.deadline()?;
        let (inner, addr) = self.nonblocking_while(deadline, || {
            self.retry(deadline, READABLE, || self.socket.inner.accept())
        })?;
        let s = self.socket;
        let conn = Socket::wrap(
            inner,
            s.family(),
            s.type_(),
            s.proto(),
            default_timeout_nanos(),
        )?;
        Ok((conn, Address::from_sockaddr(&addr)))
    }

    /// `sock.connect(address)` under this call's timeout; see [`Socket::connect`].
    pub fn connect(self, address: impl Into<Address>) -> Result<()> {
        let addr = address
            .into()
            .to_sockaddr(self.socket.family(), "connect")?;
        self.connect_to(&addr)
    }

    /// `sock.connect_ex(address)` under this call's timeout; see [`Socket::connect_ex`].
    pub fn connect_ex(self, address: impl Into<Address>) -> Result<i32> {
        let addr = address
            .into()
            .to_sockaddr(self.socket.family(), "connect_ex")?;
        match self.connect_to(&addr) {
            Ok(()) => Ok(0),
            // CPython reports its own timeout as EWOULDBLOCK.
            Err(e) if e.is_timeout() && e.errno().is_none() => Ok(libc::EWOULDBLOCK),
            Err(e) => e.errno().ok_or(e),
        }
    }

    /// `connect(2)`, then, if the connection is under way, a wait for it to finish and its
    /// result from `SO_ERROR`.
    fn connect_to(&self, addr: &SockAddr) -> Result<()> {
        let deadline = self.deadline()?;
        self.nonblocking_while(deadline, || match self.socket.inner.connect(addr) {
            Ok(()) => Ok(()),
            Err(e) if in_progress(&e) && !matches!(deadline, Deadline::Now) => {
                deadline.wait(self.socket.fileno(), WRITABLE)?;
                match self.socket.inner.take_error()? {
                    Some(e) => Err(e.into()),
                    None => Ok(()),
                }
            }
            Err(e) => Err(e.into()),
        })
    }

    /// A new buffer of `bufsize` bytes filled by `receive`, cut to what arrived.
    ///
    /// Normally the buffer is left uninitialised for the kernel to fill (see
    /// `sys::receive_into_vec`). With `MSG_TRUNC` the kernel may report bytes it never wrote
    /// (a stream socket discards the data and returns its length), so the buffer starts
    /// zeroed instead; `vec!` zeroes large buffers lazily, page by page.
    fn receive_vec<T>(
        &self,
        bufsize: usize,
        receive: impl FnOnce(&mut [MaybeUninit<u8>]) -> Result<(usize, T)>,
    ) -> Result<(Vec<u8>, T)> {
        if self.flags & MSG_TRUNC == 0 {
            return sys::receive_into_vec(bufsize, receive);
        }
        // Ask first, so that a size the allocator refuses is MemoryError, not an abort.
        Vec::<u8>::new().try_reserve_exact(bufsize)?;
        let mut buf = vec![0; bufsize];
        let (n, extra) = receive(sys::as_uninit(&mut buf))?;
        buf.truncate(n);
        buf.shrink_to_fit();
        Ok((buf, extra))
    }

    /// `sock.recv(bufsize, flags)`; see [`Socket::recv`]. With `MSG_TRUNC` on a datagram socket, the result holds the
    /// bytes that fitted in `bufsize` (CPython returns the datagram's full length, padded with
    /// bytes the kernel never wrote).
    pub fn recv(self, bufsize: usize) -> Result<Vec<u8>> {
        let deadline = self.deadline()?;
        let flags = self.io_flags(deadline);
        let (data, ()) = self.receive_vec(bufsize, |buf| {
            let n = self.retry(deadline, READABLE, || {
                self.socket.inner.recv_with_flags(buf, flags)
            })?;
            Ok((n, ()))
        })?;
        Ok(data)
    }

    /// `sock.recv_into(buffer, 0, flags)`; see [`Socket::recv_into`]. With `MSG_TRUNC` on a datagram socket the count is the
    /// datagram's real length, which may exceed the buffer, as in Python.
    pub fn recv_into(self, buffer: &mut [u8]) -> Result<usize> {
        let deadline = self.deadline()?;
        let flags = self.io_flags(deadline);
        let buf = sys::as_uninit(buffer);
        self.retry(deadline, READABLE, || {
            self.socket.inner.recv_with_flags(buf, flags)
        })
    }

    /// `data, address = sock.recvfrom(bufsize, flags)`; see [`Socket::recvfrom`].
    pub fn recvfrom(self, bufsize: usize) -> Result<(Vec<u8>, Address)> {
        let deadline = self.deadline()?;
        let flags = self.io_flags(deadline);
        let (data, addr) = self.receive_vec(bufsize, |buf| {
            self.retry(deadline, READABLE, || {
                self.socket.inner.recv_from_with_flags(buf, flags)
            })
        })?;
        Ok((data, Address::from_sockaddr(&addr)))
    }

    /// `nbytes, address = sock.recvfrom_into(buffer, 0, flags)`; see
    /// [`Socket::recvfrom_into`].
    pub fn recvfrom_into(self, buffer: &mut [u8]) -> Result<(usize, Address)> {
        let deadline = self.deadline()?;
        let flags = self.io_flags(deadline);
        let buf = sys::as_uninit(buffer);
        let (n, addr) = self.retry(deadline, READABLE, || {
            self.socket.inner.recv_from_with_flags(buf, flags)
        })?;
        Ok((n, Address::from_sockaddr(&addr)))
    }

    /// `sock.send(data, flags)`; see [`Socket::send`].
    pub fn send(self, data: &[u8]) -> Result<usize> {
        let deadline = self.deadline()?;
        self.send_once(deadline, data)
    }

    /// One `send(2)` under `deadline`, never raising SIGPIPE.
    fn send_once(&self, deadline: Deadline, data: &[u8]) -> Result<usize> {
        let flags = self.io_flags(deadline) | MSG_NOSIGNAL;
        self.retry(deadline, WRITABLE, || {
            self.socket.inner.send_with_flags(data, flags)
        })
    }

    /// `sock.sendall(data, flags)`; see [`Socket::sendall`]. Like CPython, it makes at least one `send`, so an empty
    /// `sendall` on a datagram socket sends an empty datagram.
    pub fn sendall(self, data: &[u8]) -> Result<()> {
        let deadline = self.deadline()?;
        let mut sent = 0;
        loop {
            sent += self.send_once(deadline, &data[sent..])?;
            if sent >= data.len() {
                return Ok(());
            }
        }
    }

    /// `sock.sendto(data, flags, address)`; see [`Socket::sendto`].
    pub fn sendto(self, data: &[u8], address: impl Into<Address>) -> Result<usize> {
        let addr = address.into().to_sockaddr(self.socket.family(), "sendto")?;
        let deadline = self.deadline()?;
        let flags = self.io_flags(deadline) | MSG_NOSIGNAL;
        self.retry(deadline, WRITABLE, || {
            self.socket.inner.send_to_with_flags(data, &addr, flags)
        })
    }
}

/// A connect that goes on in the background: EINPROGRESS from a non-blocking socket, or a
/// blocking one interrupted by a signal (the kernel keeps connecting; CPython waits for it).
fn in_progress(e: &io::Error) -> bool {
    e.raw_os_error() == Some(libc::EINPROGRESS) || e.kind() == ErrorKind::Interrupted
}
