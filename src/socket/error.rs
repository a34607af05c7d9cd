//! The one error type of pynet: what Python would have raised.
//!
//! ```python
//! try:
//!     s.connect(("127.0.0.1", 1))
//! except ConnectionRefusedError as e:
//!     print(e)          # [Errno 111] Connection refused
//!     print(e.errno)    # 111
//! ```
//!
//! ```no_run
//! use pynet::socket::{AF_INET, Exception, SOCK_STREAM, Socket};
//!
//! let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
//! if let Err(e) = s.connect(("127.0.0.1", 1)) {
//!     assert!(e.is_instance(Exception::ConnectionRefusedError));
//!     println!("{e}");                 // [Errno 111] Connection refused
//!     println!("{:?}", e.errno());     // Some(111)
//! }
//! # Ok::<(), pynet::socket::Error>(())
//! ```

use std::collections::TryReserveError;
use std::fmt;
use std::io;

use super::sys;

/// `Result<T, pynet::socket::Error>`: where Python would raise, pynet returns `Err`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The Python exception class an [`Error`] stands for.
///
/// The names are Python's own, so that `except ConnectionRefusedError:` reads as
/// `e.is_instance(Exception::ConnectionRefusedError)`.
#[allow(clippy::enum_variant_names)] // Python's class names all end in "Error"; we keep them.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Exception {
    /// `OSError`: the base of every system error below.
    OSError,
    /// `BlockingIOError` (EAGAIN, EWOULDBLOCK, EALREADY, EINPROGRESS): a non-blocking call
    /// would have had to wait.
    BlockingIOError,
    /// `ChildProcessError` (ECHILD).
    ChildProcessError,
    /// `ConnectionError`: the base of the four connection errors.
    ConnectionError,
    /// `BrokenPipeError` (EPIPE, ESHUTDOWN): writing to a connection the peer closed.
    BrokenPipeError,
    /// `ConnectionAbortedError` (ECONNABORTED).
    ConnectionAbortedError,
    /// `ConnectionRefusedError` (ECONNREFUSED): nothing listens on that port.
    ConnectionRefusedError,
    /// `ConnectionResetError` (ECONNRESET): the peer reset the connection.
    ConnectionResetError,
    /// `FileExistsError` (EEXIST).
    FileExistsError,
    /// `FileNotFoundError` (ENOENT): for sockets, a unix socket path that is not there.
    FileNotFoundError,
    /// `InterruptedError` (EINTR). pynet retries interrupted calls, as Python does (PEP 475).
    InterruptedError,
    /// `IsADirectoryError` (EISDIR).
    IsADirectoryError,
    /// `NotADirectoryError` (ENOTDIR).
    NotADirectoryError,
    /// `PermissionError` (EACCES, EPERM): binding a port below 1024 without privilege, say.
    PermissionError,
    /// `ProcessLookupError` (ESRCH).
    ProcessLookupError,
    /// `TimeoutError` (also `socket.timeout`): a socket timeout expired (`timed out`), or the
    /// kernel gave up (ETIMEDOUT).
    TimeoutError,
    /// `socket.gaierror`: getaddrinfo and getnameinfo failures; the errno is an `EAI_*` code.
    GaiError,
    /// `socket.herror`: gethostbyname_ex and gethostbyaddr failures; the errno is `h_errno`.
    HError,
    /// `ValueError`: an argument with the right type but a wrong value.
    ValueError,
    /// `TypeError`: an argument of the wrong shape (a path given to an AF_INET socket, say).
    TypeError,
    /// `OverflowError`: a number out of range (a flowinfo over 20 bits, a huge timeout).
    OverflowError,
    /// `UnicodeError`: a host name the IDNA codec refuses (an empty or over-long label).
    UnicodeError,
    /// `MemoryError`: a buffer that could not be allocated (`recv(1 << 40)`).
    MemoryError,
    /// `EOFError`: the peer closed before a whole message arrived, as a `recvall` helper
    /// reports it (`was expecting 16 bytes but only received 5 bytes before the socket closed`).
    EOFError,
    /// `KeyError`: a lookup of something never registered (`poll.unregister(fd)` of an
    /// unknown descriptor); its text is the key, as Python's `str(KeyError(3))` is `3`.
    KeyError,
    /// `ntplib.NTPException`: an NTP answer that is not a valid reply to our request (too
    /// short, the wrong mode, an originate timestamp that is not ours), or a field value the
    /// `*_to_text` helpers do not know.
    NTPException,
    /// `idiokit.dns.DNSError`: a DNS look-up failed (no data, a CNAME loop, a bad name); the
    /// base of [`MessageError`](Exception::MessageError) and
    /// [`ResponseError`](Exception::ResponseError).
    DNSError,
    /// `idiokit.dns.MessageError`: a DNS message that cannot be decoded (cut short, a
    /// compression-pointer loop, a name over 255 bytes).
    MessageError,
    /// `idiokit.dns.NotEnoughData`: a [`MessageError`](Exception::MessageError) for a DNS
    /// message that ends before its counts say it should (forgiven in a truncated answer).
    NotEnoughData,
    /// `idiokit.dns.ResponseError`: the server answered with an error code (`name error` for
    /// NXDOMAIN, `server failure`, `refused`, ...).
    ResponseError,
    /// `ssl.SSLError`: TLS failed (a handshake alert, a protocol error, a bad key file).
    SSLError,
    /// `ssl.SSLCertVerificationError` (also `ssl.CertificateError`): the peer's certificate
    /// was refused: an unknown CA, expired, self-signed, or for another host name.
    SSLCertVerificationError,
    /// `ssl.SSLZeroReturnError`: the peer closed the TLS session cleanly.
    SSLZeroReturnError,
    /// `ssl.SSLEOFError`: the connection ended without the TLS close alert.
    SSLEOFError,
    /// `urllib.error.URLError`: `urlopen` could not reach the server (the reason is given).
    URLError,
    /// `urllib.error.HTTPError`: the server answered with an error status (404, 500, ...).
    HTTPError,
    /// `http.client.HTTPException`: the base of HTTP's protocol errors.
    HTTPException,
    /// `http.client.BadStatusLine`: an answer whose status line is not HTTP's.
    BadStatusLine,
    /// `http.client.LineTooLong`: a status or header line over the limit.
    LineTooLong,
    /// `http.client.IncompleteRead`: the body ended before its announced length.
    IncompleteRead,
    /// `http.client.RemoteDisconnected`: the server closed without answering.
    RemoteDisconnected,
    /// `io.UnsupportedOperation`: reading a file made with `makefile("w")`, say.
    UnsupportedOperation,
}

impl Exception {
    /// The class name as a Python traceback prints it: `ConnectionRefusedError`,
    /// `socket.gaierror`, `io.UnsupportedOperation`.
    pub fn name(self) -> &'static str {
        use Exception::*;
        match self {
            OSError => "OSError",
            BlockingIOError => "BlockingIOError",
            ChildProcessError => "ChildProcessError",
            ConnectionError => "ConnectionError",
            BrokenPipeError => "BrokenPipeError",
            ConnectionAbortedError => "ConnectionAbortedError",
            ConnectionRefusedError => "ConnectionRefusedError",
            ConnectionResetError => "ConnectionResetError",
            FileExistsError => "FileExistsError",
            FileNotFoundError => "FileNotFoundError",
            InterruptedError => "InterruptedError",
            IsADirectoryError => "IsADirectoryError",
            NotADirectoryError => "NotADirectoryError",
            PermissionError => "PermissionError",
            ProcessLookupError => "ProcessLookupError",
            TimeoutError => "TimeoutError",
            GaiError => "socket.gaierror",
            HError => "socket.herror",
            ValueError => "ValueError",
            TypeError => "TypeError",
            OverflowError => "OverflowError",
            UnicodeError => "UnicodeError",
            MemoryError => "MemoryError",
            EOFError => "EOFError",
            KeyError => "KeyError",
            NTPException => "ntplib.NTPException",
            SSLError => "ssl.SSLError",
            SSLCertVerificationError => "ssl.SSLCertVerificationError",
            SSLZeroReturnError => "ssl.SSLZeroReturnError",
            SSLEOFError => "ssl.SSLEOFError",
            URLError => "urllib.error.URLError",
            HTTPError => "urllib.error.HTTPError",
            HTTPException => "http.client.HTTPException",
            BadStatusLine => "http.client.BadStatusLine",
            LineTooLong => "http.client.LineTooLong",
            IncompleteRead => "http.client.IncompleteRead",
            RemoteDisconnected => "http.client.RemoteDisconnected",
            DNSError => "idiokit.dns.DNSError",
            MessageError => "idiokit.dns.MessageError",
            NotEnoughData => "idiokit.dns.NotEnoughData",
            ResponseError => "idiokit.dns.ResponseError",
            UnsupportedOperation => "io.UnsupportedOperation",
        }
    }

    /// The classes this one derives from directly (Python's `__bases__`, within this enum).
    fn bases(self) -> &'static [Exception] {
        use Exception::*;
        match self {
            BrokenPipeError
            | ConnectionAbortedError
            | ConnectionRefusedError
            | ConnectionResetError => &[ConnectionError],
            UnicodeError => &[ValueError],
            MessageError | ResponseError => &[DNSError],
            NotEnoughData => &[MessageError],
            SSLCertVerificationError => &[SSLError, ValueError],
            SSLZeroReturnError | SSLEOFError => &[SSLError],
            HTTPError => &[URLError],
            BadStatusLine | LineTooLong | IncompleteRead => &[HTTPException],
            RemoteDisconnected => &[ConnectionResetError, BadStatusLine],
            UnsupportedOperation => &[OSError, ValueError],
            OSError | ValueError | TypeError | OverflowError | MemoryError | EOFError
            | KeyError | NTPException | DNSError | HTTPException => &[],
            _ => &[OSError],
        }
    }

    /// Python's `issubclass(self, other)`.
    pub fn is_subclass(self, other: Exception) -> bool {
        self == other || self.bases().iter().any(|base| base.is_subclass(other))
    }

    /// The subclass of OSError that Python picks for an errno (`OSError(111, ...)` is a
    /// `ConnectionRefusedError`); plain `OSError` for the rest.
    pub fn for_errno(errno: i32) -> Exception {
        use Exception::*;
        match errno {
            libc::EAGAIN | libc::EALREADY | libc::EINPROGRESS => BlockingIOError,
            libc::ECHILD => ChildProcessError,
            libc::EPIPE | libc::ESHUTDOWN => BrokenPipeError,
            libc::ECONNABORTED => ConnectionAbortedError,
            libc::ECONNREFUSED => ConnectionRefusedError,
            libc::ECONNRESET => ConnectionResetError,
            libc::EEXIST => FileExistsError,
            libc::ENOENT => FileNotFoundError,
            libc::EINTR => InterruptedError,
            libc::EISDIR => IsADirectoryError,
            libc::ENOTDIR => NotADirectoryError,
            libc::EACCES | libc::EPERM => PermissionError,
            libc::ESRCH => ProcessLookupError,
            libc::ETIMEDOUT => TimeoutError,
            _ => OSError,
        }
    }
}

impl fmt::Display for Exception {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What Python would have raised: an exception class, an errno when there is one, and a
/// message.
///
/// `Display` prints exactly CPython's `str(e)`: `[Errno 111] Connection refused`, `timed out`,
/// `[Errno -2] Name or service not known`, `illegal IP address string passed to inet_aton`.
/// `Debug` prints the last line of Python's traceback, class first:
/// `ConnectionRefusedError: [Errno 111] Connection refused`, which is what a
/// `fn main() -> Result<(), Error>` shows when it fails.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    exception: Exception,
    errno: Option<i32>,
    message: String,
}

impl Error {
    /// An error of class `exception` with a message and no errno, as Python's
    /// `OSError("port/proto not found")` or `ValueError("negative buffersize in recv")`.
    pub fn new(exception: Exception, message: impl Into<String>) -> Error {
        Error {
            exception,
            errno: None,
            message: message.into(),
        }
    }

    /// `OSError(errno, os.strerror(errno))`, of the subclass Python picks for that errno.
    pub fn from_errno(errno: i32) -> Error {
        Error::with_errno(Exception::for_errno(errno), errno, sys::strerror(errno))
    }

    /// An error with an explicit class, errno and message: Python's
    /// `socket.herror(1, "Unknown host")` is
    /// `Error::with_errno(Exception::HError, 1, "Unknown host")`.
    pub fn with_errno(exception: Exception, errno: i32, message: impl Into<String>) -> Error {
        Error {
            exception,
            errno: Some(errno),
            message: message.into(),
        }
    }

    /// `socket.gaierror` for a getaddrinfo/getnameinfo code, as CPython's `set_gaierror` makes
    /// it.
    pub(crate) fn gai(code: i32) -> Error {
        Error::with_errno(Exception::GaiError, code, sys::gai_strerror(code))
    }

    /// `socket.herror` for an `h_errno` value, as CPython's `set_herror` makes it.
    pub(crate) fn herror(h_errno: i32) -> Error {
        Error::with_errno(Exception::HError, h_errno, sys::hstrerror(h_errno))
    }

    /// Python's `TimeoutError("timed out")` (also `socket.timeout`): a socket timeout or a
    /// per-call deadline expired.
    pub fn timeout() -> Error {
        Error::new(Exception::TimeoutError, "timed out")
    }

    /// The Python class: `e.exception() == Exception::TimeoutError` is `type(e) is TimeoutError`.
    pub fn exception(&self) -> Exception {
        self.exception
    }

    /// Python's `isinstance(e, class)`: true for the class itself and every base of it, so a
    /// `ConnectionRefusedError` is an instance of `ConnectionError` and of `OSError`.
    pub fn is_instance(&self, class: Exception) -> bool {
        self.exception.is_subclass(class)
    }

    /// Python's `e.errno`: the errno for system errors, the `EAI_*` code for gaierror,
    /// `h_errno` for herror, `None` for errors that have none (`timed out`).
    pub fn errno(&self) -> Option<i32> {
        self.errno
    }

    /// The message without the `[Errno N] ` prefix (Python's `e.strerror` when there is an
    /// errno, `e.args[0]` otherwise).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Python's `socket.timeout` check: `isinstance(e, TimeoutError)`.
    pub fn is_timeout(&self) -> bool {
        self.is_instance(Exception::TimeoutError)
    }

    /// The `std::io::ErrorKind` closest to this error.
    fn io_kind(&self) -> io::ErrorKind {
        use Exception::*;
        match self.exception {
            TimeoutError => io::ErrorKind::TimedOut,
            BlockingIOError => io::ErrorKind::WouldBlock,
            ValueError | TypeError | OverflowError | UnicodeError => io::ErrorKind::InvalidInput,
            MemoryError => io::ErrorKind::OutOfMemory,
            EOFError => io::ErrorKind::UnexpectedEof,
            KeyError => io::ErrorKind::NotFound,
            NTPException | MessageError | NotEnoughData => io::ErrorKind::InvalidData,
            UnsupportedOperation => io::ErrorKind::Unsupported,
            GaiError | HError => io::ErrorKind::NotFound,
            _ => io::ErrorKind::Other,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.errno {
            Some(errno) => write!(f, "[Errno {errno}] {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {self}", self.exception)
    }
}

impl std::error::Error for Error {}

impl From<io::Error> for Error {
    /// An OS error keeps its errno and gets Python's class and text; an `io::Error` that
    /// carries a pynet `Error` (see the conversion back) gives that error back unchanged.
    fn from(e: io::Error) -> Error {
        if let Some(errno) = e.raw_os_error() {
            return Error::from_errno(errno);
        }
        if e.get_ref().is_some_and(|inner| inner.is::<Error>()) {
            if let Some(inner) = e.into_inner() {
                if let Ok(error) = inner.downcast::<Error>() {
                    return *error;
                }
            }
            return Error::new(Exception::OSError, "unknown error");
        }
        match e.kind() {
            io::ErrorKind::TimedOut => Error::timeout(),
            io::ErrorKind::WouldBlock => Error::from_errno(libc::EAGAIN),
            io::ErrorKind::InvalidInput => Error::new(Exception::ValueError, e.to_string()),
            io::ErrorKind::OutOfMemory => Error::new(Exception::MemoryError, ""),
            io::ErrorKind::UnexpectedEof => Error::new(Exception::EOFError, e.to_string()),
            _ => Error::new(Exception::OSError, e.to_string()),
        }
    }
}

impl From<Error> for io::Error {
    /// A system error becomes `io::Error::from_raw_os_error`, so `raw_os_error()` and `kind()`
    /// work as for std's own errors; any other error travels inside the `io::Error` and comes
    /// back out unchanged through `Error::from`.
    fn from(e: Error) -> io::Error {
        match e.errno {
            Some(errno)
                if errno > 0
                    && e.exception == Exception::for_errno(errno)
                    && e.message == sys::strerror(errno) =>
            {
                io::Error::from_raw_os_error(errno)
            }
            _ => io::Error::new(e.io_kind(), e),
        }
    }
}

impl From<sys::GaiFailure> for Error {
    /// A getaddrinfo code becomes `socket.gaierror`; `EAI_SYSTEM` becomes the errno-based
    /// OSError it stands for, as CPython's `set_gaierror` does.
    fn from(failure: sys::GaiFailure) -> Error {
        match failure {
            sys::GaiFailure::Code(code) => Error::gai(code),
            sys::GaiFailure::Os(e) => e.into(),
        }
    }
}

impl From<TryReserveError> for Error {
    /// A failed allocation is Python's `MemoryError`, whose `str()` is empty.
    fn from(_: TryReserveError) -> Error {
        Error::new(Exception::MemoryError, "")
    }
}
