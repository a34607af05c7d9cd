//! [`Waitable`]: what `select`, `poll` and `epoll` accept, as in Python "an integer file
//! descriptor or an object with a `fileno()` method".

use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd, RawFd};
use std::rc::Rc;
use std::sync::Arc;

use crate::socket::{Error, Exception, Result, Socket};

/// Something with a file descriptor to wait on: Python's "waitable object", an `int` or an
/// object with a `fileno()` method.
///
/// Implemented for a plain descriptor number ([`RawFd`]), pynet's [`Socket`], std's sockets,
/// files, pipes and standard streams, socket2's `Socket`, owned and borrowed descriptors, and
/// for references and smart pointers to any of these, so a list may hold `&Socket`s, or
/// `&dyn Waitable`s of several kinds:
///
/// ```python
/// readable, _, _ = select.select([server, sys.stdin], [], [], 0)
/// ```
/// ```
/// use pynet::select::{self, Waitable};
/// use pynet::socket::{self, AF_INET};
///
/// let server = socket::create_server(("127.0.0.1", 0), AF_INET, None, false, false)?;
/// let stdin = std::io::stdin();
/// let inputs: [&dyn Waitable; 2] = [&server, &stdin];
/// let (readable, _, _) = select::select(&inputs, &[], &[], Some(0.0))?;
/// assert!(readable.iter().all(|r| r.fileno() != server.fileno()));  // no client yet
/// # Ok::<(), socket::Error>(())
/// ```
///
/// For a type of your own, implement it with one line, or pass `x.as_fd()` (a `BorrowedFd`).
pub trait Waitable {
    /// The descriptor to wait on: Python's `obj.fileno()`.
    fn fileno(&self) -> RawFd;
}

impl Waitable for RawFd {
    fn fileno(&self) -> RawFd {
        *self
    }
}

/// Implements `Waitable` through `AsRawFd` for types that have it.
macro_rules! waitable_as_raw_fd {
    ($($type:ty),+ $(,)?) => {$(
        impl Waitable for $type {
            fn fileno(&self) -> RawFd {
                self.as_raw_fd()
            }
        }
    )+};
}

waitable_as_raw_fd!(
    Socket,
    socket2::Socket,
    BorrowedFd<'_>,
    OwnedFd,
    std::net::TcpListener,
    std::net::TcpStream,
    std::net::UdpSocket,
    std::os::unix::net::UnixDatagram,
    std::os::unix::net::UnixListener,
    std::os::unix::net::UnixStream,
    std::fs::File,
    std::io::Stdin,
    std::io::StdinLock<'_>,
    std::io::Stdout,
    std::io::Stderr,
    std::process::ChildStdin,
    std::process::ChildStdout,
    std::process::ChildStderr,
);

/// Implements `Waitable` for a pointer to a `Waitable`.
macro_rules! waitable_through {
    ($($pointer:ty),+ $(,)?) => {$(
        impl<T: Waitable + ?Sized> Waitable for $pointer {
            fn fileno(&self) -> RawFd {
                (**self).fileno()
            }
        }
    )+};
}

waitable_through!(&T, &mut T, Box<T>, Rc<T>, Arc<T>);

/// The descriptor of `item`, refused when negative, as Python's `PyObject_AsFileDescriptor`.
pub(super) fn descriptor(item: &(impl Waitable + ?Sized)) -> Result<RawFd> {
    let fd = item.fileno();
    if fd < 0 {
        return Err(Error::new(
            Exception::ValueError,
            format!("file descriptor cannot be a negative integer ({fd})"),
        ));
    }
    Ok(fd)
}
