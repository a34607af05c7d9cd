//! Socket options: `setsockopt` and `getsockopt`, in Python's integer and bytes forms.
//!
//! ```python
//! s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
//! s.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)          # 8192 on Linux
//! s.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8)       # b'\x00...' (struct linger)
//! ```
//! ```
//! use pynet::socket::{AF_INET, SO_LINGER, SO_SNDBUF, SOCK_STREAM, SOL_SOCKET, Socket};
//! let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
//! s.setsockopt(SOL_SOCKET, SO_SNDBUF, 4096)?;
//! assert_eq!(s.getsockopt(SOL_SOCKET, SO_SNDBUF)?, 8192);  // Linux doubles it
//! assert_eq!(s.getsockopt_bytes(SOL_SOCKET, SO_LINGER, 8)?, [0; 8]);
//! # Ok::<(), pynet::socket::Error>(())
//! ```

use super::error::{Error, Exception, Result};
use super::object::Socket;
use super::sys;

/// What `setsockopt` accepts as a value, as Python's does: an integer (a C `int`), a `bool`
/// (1 or 0), or bytes for options that take a structure (`struct.pack("ii", 1, 5)` for
/// `SO_LINGER` is `&[1, 0, 0, 0, 5, 0, 0, 0]`).
pub trait SockoptValue {
    /// The bytes handed to `setsockopt(2)`.
    fn option_bytes(&self) -> Vec<u8>;
}

impl SockoptValue for i32 {
    fn option_bytes(&self) -> Vec<u8> {
        self.to_ne_bytes().to_vec()
    }
}

impl SockoptValue for bool {
    fn option_bytes(&self) -> Vec<u8> {
        i32::from(*self).option_bytes()
    }
}

impl SockoptValue for &[u8] {
    fn option_bytes(&self) -> Vec<u8> {
        self.to_vec()
    }
}

impl<const N: usize> SockoptValue for &[u8; N] {
    fn option_bytes(&self) -> Vec<u8> {
        self.to_vec()
    }
}

impl SockoptValue for Vec<u8> {
    fn option_bytes(&self) -> Vec<u8> {
        self.clone()
    }
}

/// The largest `buflen` Python lets `getsockopt` ask for.
const MAX_BUFLEN: usize = 1024;

impl Socket {
    // Options of every level: SOL_SOCKET, IPPROTO_IP, IPPROTO_IPV6, IPPROTO_TCP, ...

    /// Sets an option: `level` is `SOL_SOCKET`, `IPPROTO_TCP`, ...; `value` an integer or
    /// bytes. Reaches `setsockopt(2)` with the value as Python passes it.
    ///
    /// ```python
    /// s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    /// ```
    /// ```
    /// # use pynet::socket::{AF_INET, IPPROTO_TCP, SOCK_STREAM, Socket, TCP_NODELAY};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// s.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// # Errors
    /// `[Errno 92] Protocol not available` for an option the level does not have,
    /// `[Errno 22] Invalid argument` for a value of the wrong size.
    pub fn setsockopt(&self, level: i32, optname: i32, value: impl SockoptValue) -> Result<()> {
        Ok(sys::setsockopt(
            self.fileno(),
            level,
            optname,
            &value.option_bytes(),
        )?)
    }

    /// Reads an integer option (the integer form of Python's `getsockopt`). See
    /// [`setsockopt`](Socket::setsockopt).
    ///
    /// ```python
    /// s.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE)     # 1 (SOCK_STREAM)
    /// ```
    /// ```
    /// # use pynet::socket::{AF_INET, SO_TYPE, SOCK_STREAM, SOL_SOCKET, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// assert_eq!(s.getsockopt(SOL_SOCKET, SO_TYPE)?, SOCK_STREAM);
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn getsockopt(&self, level: i32, optname: i32) -> Result<i32> {
        let bytes = sys::getsockopt(self.fileno(), level, optname, 4)?;
        // A shorter answer fills the low bytes of a zeroed int, as in C and in Python.
        let mut int = [0u8; 4];
        int[..bytes.len()].copy_from_slice(&bytes);
        Ok(i32::from_ne_bytes(int))
    }

    /// Reads an option as up to `buflen` raw bytes (the bytes form of Python's `getsockopt`).
    ///
    /// ```python
    /// s.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8)
    /// ```
    /// ```
    /// # use pynet::socket::{AF_INET, SO_LINGER, SOCK_STREAM, SOL_SOCKET, Socket};
    /// # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// let linger = s.getsockopt_bytes(SOL_SOCKET, SO_LINGER, 8)?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// # Errors
    /// `OSError: getsockopt buflen out of range` unless `buflen` is 1 to 1024.
    pub fn getsockopt_bytes(&self, level: i32, optname: i32, buflen: usize) -> Result<Vec<u8>> {
        if buflen == 0 || buflen > MAX_BUFLEN {
            return Err(Error::new(
                Exception::OSError,
                "getsockopt buflen out of range",
            ));
        }
        Ok(sys::getsockopt(self.fileno(), level, optname, buflen)?)
    }
}
