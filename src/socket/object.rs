//! The socket object: `Socket`, Python's `socket.socket`.
//!
//! ```python
//! with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
//!     s.connect(("localhost", 8080))
//!     s.sendall(b"hello")
//!     data = s.recv(1024)
//! ```
//! ```no_run
//! use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
//! let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
//! s.connect(("localhost", 8080))?;
//! s.sendall(b"hello")?;
//! let data = s.recv(1024)?;
//! # Ok::<(), pynet::socket::Error>(())
//! ```
//!
//! The methods follow socket2's order: constructors, then the system calls, then timeouts and
//! modes; options live in `sockopt.rs`, `makefile` in `file.rs`, and the sending and
//! receiving calls in `call.rs`.
//!
//! Like Python's, a pynet socket has a timeout (`None` at first, unless
//! `setdefaulttimeout` was called), and its descriptor is in non-blocking mode exactly when
//! the timeout is not `None`. With no timeout every call goes straight to the kernel, so a
//! blocking pynet socket costs what a `std::net` one costs.

use std::fmt;
use std::io::{self, Read, Write};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, IntoRawFd, RawFd};

use socket2::{Domain, Protocol, Type};

use super::address::Address;
use super::call::Call;
use super::constants::{AF_INET, SOCK_CLOEXEC, SOCK_NONBLOCK, SOCK_STREAM};
use super::error::Result;
use super::sys;
use super::timeout::{TimeoutCell, default_timeout_nanos, to_nanos, to_seconds};

/// A network socket, as Python's `socket.socket`.
///
/// Every method takes `&self`, so one socket can be shared between threads (one thread
/// receiving while another sends, say), as in Python. The descriptor is closed when the
/// `Socket` is dropped, or by [`close`](Socket::close).
pub struct Socket {
    pub(crate) inner: socket2::Socket,
    family: i32,
    type_: i32,
    proto: i32,
    timeout: TimeoutCell,
}

impl Socket {
    /// Creates a socket of an address family, a type and a protocol (0: the usual one for the
    /// family and type). Python's defaults are `AF_INET`, `SOCK_STREAM`, 0.
    ///
    /// `SOCK_NONBLOCK` or-ed into the type starts the socket in non-blocking mode (timeout
    /// 0.0); otherwise it starts with `getdefaulttimeout()`. As in Python, -1 for any of the
    /// three means its default.
    ///
    /// ```python
    /// s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    /// ```
    /// ```
    /// use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// # Errors
    /// `[Errno 97] Address family not supported by protocol`, `[Errno 93] Protocol not
    /// supported`, ... from `socket(2)`.
    pub fn new(family: i32, type_: i32, proto: i32) -> Result<Socket> {
        // -1 stands for the default, as in CPython's constructor.
        let family = if family == -1 { AF_INET } else { family };
        let type_ = if type_ == -1 { SOCK_STREAM } else { type_ };
        let proto = if proto == -1 { 0 } else { proto };
        let kind = type_ & !(SOCK_NONBLOCK | SOCK_CLOEXEC);
        let protocol = (proto != 0).then(|| Protocol::from(proto));
        let inner = socket2::Socket::new(Domain::from(family), Type::from(kind), protocol)?;
        let timeout = if type_ & SOCK_NONBLOCK != 0 {
            Some(0)
        } else {
            default_timeout_nanos()
        };
        Socket::wrap(inner, family, kind, proto, timeout)
    }

    /// Wraps a socket2 socket, putting its descriptor in the mode its timeout asks for.
    pub(crate) fn wrap(
        inner: socket2::Socket,
        family: i32,
        type_: i32,
        proto: i32,
        timeout: Option<i64>,
    ) -> Result<Socket> {
        inner.set_nonblocking(timeout.is_some())?;
        Ok(Socket {
            inner,
            family,
            type_,
            proto,
            timeout: TimeoutCell::new(timeout),
        })
    }

    /// Makes a socket from a duplicate of an open descriptor (the original stays open and
    /// yours), as Python's `socket.fromfd`.
    ///
    /// ```python
    /// s2 = socket.fromfd(s.fileno(), socket.AF_INET, socket.SOCK_STREAM)
    /// ```
    /// ```
    /// use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// let s2 = Socket::fromfd(&s, AF_INET, SOCK_STREAM, 0)?;
    /// assert_ne!(s2.fileno(), s.fileno());
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn fromfd(fd: impl AsFd, family: i32, type_: i32, proto: i32) -> Result<Socket> {
        let owned = fd.as_fd().try_clone_to_owned()?;
        Socket::wrap(owned.into(), family, type_, proto, default_timeout_nanos())
    }

    /// The address family the socket was made with: Python's `s.family` is `s.family()`.
    pub fn family(&self) -> i32 {
        self.family
    }

    /// The socket type, without `SOCK_NONBLOCK` and `SOCK_CLOEXEC`: Python's `s.type` is
    /// `s.type_()` (`type` is a Rust keyword).
    pub fn type_(&self) -> i32 {
        self.type_
    }

    /// The protocol number the socket was made with: Python's `s.proto` is `s.proto()`.
    pub fn proto(&self) -> i32 {
        self.proto
    }

    /// The descriptor number, for `select` and friends: Python's `s.fileno()`. (After
    /// `close`, Python's gives -1; a closed pynet socket no longer exists.)
    pub fn fileno(&self) -> RawFd {
        self.inner.as_raw_fd()
    }

    /// This socket's timeout in nanoseconds, as stored.
    pub(crate) fn timeout_nanos(&self) -> Option<i64> {
        self.timeout.get()
    }

    // The system calls.

    /// Binds the socket to a local address: `("", port)` for every interface,
    /// `("127.0.0.1", 0)` for a free loopback port, a path for a unix socket.
    ///
    /// ```python
    /// s.bind(("127.0.0.1", 0))
    /// ```
    /// ```
    /// # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// s.bind(("127.0.0.1", 0))?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// # Errors
    /// `[Errno 98] Address already in use`, `[Errno 13] Permission denied`, and the address
    /// errors of the [`Address`] docs.
    pub fn bind(&self, address: impl Into<Address>) -> Result<()> {
        let addr = address.into().to_sockaddr(self.family, "bind")?;
        Ok(self.inner.bind(&addr)?)
    }

    /// Starts accepting connections, with room for `backlog` waiting ones (Python's default is
    /// `min(SOMAXCONN, 128)`, that is 128; a negative backlog counts as 0).
    ///
    /// ```python
    /// s.listen(5)
    /// ```
    /// ```
    /// # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// # s.bind(("127.0.0.1", 0))?;
    /// s.listen(5)?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn listen(&self, backlog: i32) -> Result<()> {
        Ok(self.inner.listen(backlog.max(0))?)
    }

    /// Waits for a connection: `(conn, address)`. The new socket starts with
    /// `getdefaulttimeout()`, as in Python.
    ///
    /// ```python
    /// conn, address = s.accept()
    /// ```
    /// ```no_run
    /// # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// let (conn, address) = s.accept()?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn accept(&self) -> Result<(Socket, Address)> {
        self.call().accept()
    }

    /// Connects to a remote address, waiting at most the socket's timeout.
    ///
    /// ```python
    /// s.connect(("localhost", 8080))
    /// ```
    /// ```no_run
    /// # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// s.connect(("localhost", 8080))?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// # Errors
    /// `[Errno 111] Connection refused`, `timed out`, `socket.gaierror` for a host that does
    /// not resolve, ...
    pub fn connect(&self, address: impl Into<Address>) -> Result<()> {
        self.call().connect(address)
    }

    /// Connects, returning the errno instead of failing (0 on success); a timeout gives
    /// `EWOULDBLOCK` (11). Address errors (a name that does not resolve) still fail.
    ///
    /// ```python
    /// if s.connect_ex(("127.0.0.1", 22)) == 0: print("open")
    /// ```
    /// ```no_run
    /// # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// if s.connect_ex(("127.0.0.1", 22))? == 0 { println!("open"); }
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn connect_ex(&self, address: impl Into<Address>) -> Result<i32> {
        self.call().connect_ex(address)
    }

    /// Receives at most `bufsize` bytes. An empty result means the peer closed the connection.
    ///
    /// ```python
    /// data = s.recv(1024)
    /// ```
    /// ```no_run
    /// # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// let data = s.recv(1024)?;
    /// if data.is_empty() { println!("peer closed"); }
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// # Errors
    /// `timed out`, `[Errno 11] Resource temporarily unavailable` in non-blocking mode,
    /// `[Errno 104] Connection reset by peer`, `MemoryError` when `bufsize` bytes cannot be
    /// allocated.
    pub fn recv(&self, bufsize: usize) -> Result<Vec<u8>> {
        self.call().recv(bufsize)
    }

    /// Receives into `buffer`, returning how many bytes arrived (0: the peer closed).
    ///
    /// ```python
    /// n = s.recv_into(buffer)
    /// ```
    /// ```no_run
    /// # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// let mut buffer = [0u8; 4096];
    /// let n = s.recv_into(&mut buffer)?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn recv_into(&self, buffer: &mut [u8]) -> Result<usize> {
        self.call().recv_into(buffer)
    }

    /// Receives at most `bufsize` bytes and the address they came from (datagram sockets).
    ///
    /// ```python
    /// data, address = s.recvfrom(1024)
    /// ```
    /// ```no_run
    /// # use pynet::socket::{AF_INET, SOCK_DGRAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_DGRAM, 0)?;
    /// let (data, address) = s.recvfrom(1024)?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn recvfrom(&self, bufsize: usize) -> Result<(Vec<u8>, Address)> {
        self.call().recvfrom(bufsize)
    }

    /// Receives into `buffer`: `(nbytes, address)`.
    ///
    /// ```python
    /// nbytes, address = s.recvfrom_into(buffer)
    /// ```
    /// ```no_run
    /// # use pynet::socket::{AF_INET, SOCK_DGRAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_DGRAM, 0)?;
    /// let mut buffer = [0u8; 1500];
    /// let (nbytes, address) = s.recvfrom_into(&mut buffer)?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn recvfrom_into(&self, buffer: &mut [u8]) -> Result<(usize, Address)> {
        self.call().recvfrom_into(buffer)
    }

    /// Sends what the kernel takes of `data` now; returns how many bytes that was. Use
    /// [`sendall`](Socket::sendall) to send everything.
    ///
    /// ```python
    /// n = s.send(b"hello")
    /// ```
    /// ```no_run
    /// # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// let n = s.send(b"hello")?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// # Errors
    /// `[Errno 32] Broken pipe` when the peer has closed (pynet never lets SIGPIPE kill the
    /// process), `timed out`, ...
    pub fn send(&self, data: &[u8]) -> Result<usize> {
        self.call().send(data)
    }

    /// Sends all of `data`, calling `send` as often as it takes. With a timeout, the timeout
    /// covers the whole call.
    ///
    /// ```python
    /// s.sendall(b"hello")
    /// ```
    /// ```no_run
    /// # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// s.sendall(b"hello")?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn sendall(&self, data: &[u8]) -> Result<()> {
        self.call().sendall(data)
    }

    /// Sends a datagram to `address`; returns the bytes sent.
    ///
    /// ```python
    /// s.sendto(b"ping", ("127.0.0.1", 9999))
    /// ```
    /// ```no_run
    /// # use pynet::socket::{AF_INET, SOCK_DGRAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_DGRAM, 0)?;
    /// s.sendto(b"ping", ("127.0.0.1", 9999))?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn sendto(&self, data: &[u8], address: impl Into<Address>) -> Result<usize> {
        self.call().sendto(data, address)
    }

    /// Shuts down one or both directions: `SHUT_RD`, `SHUT_WR` (the peer's `recv` then
    /// returns `b""`) or `SHUT_RDWR`.
    ///
    /// ```python
    /// s.shutdown(socket.SHUT_WR)
    /// ```
    /// ```no_run
    /// # use pynet::socket::{AF_INET, SHUT_WR, SOCK_STREAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// s.shutdown(SHUT_WR)?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn shutdown(&self, how: i32) -> Result<()> {
        Ok(sys::shutdown(self.fileno(), how)?)
    }

    /// Closes the socket now and reports an error from `close(2)` (dropping a `Socket` closes
    /// it too, silently). As in Python, `ECONNRESET` from close is not an error.
    ///
    /// ```python
    /// s.close()
    /// ```
    /// ```
    /// # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// s.close()?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn close(self) -> Result<()> {
        match sys::close(self.inner.into_raw_fd()) {
            Err(e) if e.raw_os_error() != Some(libc::ECONNRESET) => Err(e.into()),
            _ => Ok(()),
        }
    }

    /// Gives up the descriptor without closing it and returns it; it is now yours to close.
    ///
    /// ```python
    /// fd = s.detach()
    /// ```
    /// ```
    /// # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// let fd = s.detach();
    /// # drop(unsafe { <std::os::fd::OwnedFd as std::os::fd::FromRawFd>::from_raw_fd(fd) });
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn detach(self) -> RawFd {
        self.inner.into_raw_fd()
    }

    /// A second socket on a duplicate of the descriptor, with the same timeout.
    ///
    /// ```python
    /// s2 = s.dup()
    /// ```
    /// ```
    /// # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// let s2 = s.dup()?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn dup(&self) -> Result<Socket> {
        let inner = self.inner.try_clone()?;
        Socket::wrap(
            inner,
            self.family,
            self.type_,
            self.proto,
            self.timeout_nanos(),
        )
    }

    /// The local address (`s.getsockname()`): where a `bind(("", 0))` landed, say.
    ///
    /// ```python
    /// host, port = s.getsockname()
    /// ```
    /// ```
    /// # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// s.bind(("127.0.0.1", 0))?;
    /// let port = s.getsockname()?.port();
    /// # assert!(port.is_some());
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn getsockname(&self) -> Result<Address> {
        Ok(Address::from_sockaddr(&self.inner.local_addr()?))
    }

    /// The address of the peer.
    ///
    /// ```python
    /// host, port = conn.getpeername()
    /// ```
    /// ```no_run
    /// # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// # let conn = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// let peer = conn.getpeername()?;
    /// println!("talking to {peer}");
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// # Errors
    /// `[Errno 107] Transport endpoint is not connected` before `connect`.
    pub fn getpeername(&self) -> Result<Address> {
        Ok(Address::from_sockaddr(&self.inner.peer_addr()?))
    }

    // Timeouts and blocking mode.

    /// Sets the timeout of every call from now on: `None` blocks, `Some(0.0)` is
    /// non-blocking, `Some(t)` waits up to `t` seconds and then fails with `timed out`.
    ///
    /// ```python
    /// s.settimeout(15.0)
    /// ```
    /// ```
    /// # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// s.settimeout(Some(15.0))?;
    /// assert_eq!(s.gettimeout(), Some(15.0));
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// # Errors
    /// `ValueError: Timeout value out of range` for a negative timeout (and Python's errors
    /// for NaN and absurdly large ones).
    pub fn settimeout(&self, timeout: Option<f64>) -> Result<()> {
        let nanos = to_nanos(timeout)?;
        self.inner.set_nonblocking(nanos.is_some())?;
        self.timeout.set(nanos);
        Ok(())
    }

    /// The timeout in seconds, `None` when the socket blocks: Python's `s.gettimeout()`.
    pub fn gettimeout(&self) -> Option<f64> {
        to_seconds(self.timeout_nanos())
    }

    /// `setblocking(true)` is `settimeout(None)`; `setblocking(false)` is
    /// `settimeout(Some(0.0))`.
    ///
    /// ```python
    /// s.setblocking(False)
    /// ```
    /// ```
    /// # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// s.setblocking(false)?;
    /// assert_eq!(s.gettimeout(), Some(0.0));
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn setblocking(&self, flag: bool) -> Result<()> {
        self.settimeout(if flag { None } else { Some(0.0) })
    }

    /// Python's `s.getblocking()`: false only in non-blocking mode (timeout 0.0); a socket
    /// with a timeout is "blocking" in Python's sense.
    pub fn getblocking(&self) -> bool {
        self.timeout_nanos() != Some(0)
    }

    /// One call with its own timeout, as idiokit's `timeout=` argument: the socket's own
    /// timeout is left alone, and the deadline covers the whole call.
    ///
    /// ```python
    /// # idiokit: yield sock.recv(1024, timeout=5.0)
    /// ```
    /// ```no_run
    /// # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// let data = s.with_timeout(Some(5.0)).recv(1024)?;
    /// s.with_timeout(Some(30.0)).sendall(&[0u8; 1 << 20])?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn with_timeout(&self, timeout: Option<f64>) -> Call<'_> {
        self.call().with_timeout(timeout)
    }

    /// One call with `MSG_*` flags, Python's optional `flags` argument.
    ///
    /// ```python
    /// peeked = s.recv(1024, socket.MSG_PEEK)
    /// ```
    /// ```no_run
    /// # use pynet::socket::{AF_INET, MSG_PEEK, SOCK_STREAM, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// let peeked = s.with_flags(MSG_PEEK).recv(1024)?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn with_flags(&self, flags: i32) -> Call<'_> {
        self.call().with_flags(flags)
    }

    /// A call with the socket's own timeout and no flags.
    fn call(&self) -> Call<'_> {
        Call::new(self)
    }
}

impl fmt::Debug for Socket {
    /// Python's repr:
    /// `<socket.socket fd=3, family=2, type=1, proto=0, laddr=('127.0.0.1', 50000)>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "<socket.socket fd={}, family={}, type={}, proto={}",
            self.fileno(),
            self.family,
            self.type_,
            self.proto
        )?;
        // Python shows an address only when it is "truthy": not '' and not None.
        let shown = |addr: &Address| !matches!(addr, Address::None) && addr.to_string() != "";
        if let Ok(laddr) = self.getsockname() {
            if shown(&laddr) {
                write!(f, ", laddr={laddr}")?;
            }
        }
        if let Ok(raddr) = self.getpeername() {
            if shown(&raddr) {
                write!(f, ", raddr={raddr}")?;
            }
        }
        f.write_str(">")
    }
}

impl AsRawFd for Socket {
    fn as_raw_fd(&self) -> RawFd {
        self.fileno()
    }
}

impl AsFd for Socket {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.inner.as_fd()
    }
}

impl IntoRawFd for Socket {
    fn into_raw_fd(self) -> RawFd {
        self.detach()
    }
}

impl Read for &Socket {
    /// `recv_into`: reads what has arrived; `Ok(0)` when the peer closed.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Ok(self.recv_into(buf)?)
    }
}

impl Write for &Socket {
    /// `send`: writes what the kernel takes now (`write_all` is `sendall`).
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(self.send(buf)?)
    }

    /// Sockets have no user-space buffer: nothing to flush.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Read for Socket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        (&*self).read(buf)
    }
}

impl Write for Socket {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        (&*self).write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
