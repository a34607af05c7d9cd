//! Socket addresses in Python's shapes: `(host, port)` for AF_INET,
//! `(host, port, flowinfo, scope_id)` for AF_INET6, a path for AF_UNIX.
//!
//! ```python
//! s.bind(("localhost", 8080))
//! s.connect(("::1", 8080, 0, 0))
//! u.bind("/tmp/echo.sock")
//! print(s.getsockname())          # ('127.0.0.1', 8080)
//! ```
//! ```no_run
//! # use pynet::socket::{AF_INET, AF_INET6, AF_UNIX, SOCK_STREAM, Socket};
//! # let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
//! # let s6 = Socket::new(AF_INET6, SOCK_STREAM, 0)?;
//! # let u = Socket::new(AF_UNIX, SOCK_STREAM, 0)?;
//! s.bind(("localhost", 8080))?;
//! s6.connect(("::1", 8080, 0, 0))?;
//! u.bind("/tmp/echo.sock")?;
//! println!("{}", s.getsockname()?);   // ('127.0.0.1', 8080)
//! # Ok::<(), pynet::socket::Error>(())
//! ```
//!
//! Every call that takes an address takes `impl Into<Address>`, so a tuple, a path, an
//! `Address` or a `std::net::SocketAddr` all work. A host may be a name (`"localhost"`), a
//! number, `""` (every interface) or `"<broadcast>"`; it is resolved for the socket's family
//! when the call is made, as Python does.

use std::ffi::OsStr;
use std::fmt;
use std::net::{IpAddr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use socket2::SockAddr;

use super::args::address_host;
use super::constants::{AF_INET, AF_INET6, AF_UNIX};
use super::error::{Error, Exception, Result};
use super::netdb::setipaddr;
use super::repr::{bytes_repr, os_str_repr, str_repr};
use super::sys;

/// A socket address, as Python writes it.
///
/// `Display` prints Python's `str(addr)` and `Debug` prints `repr(addr)`: the same
/// `('127.0.0.1', 50000)` for the IP families; for a unix path, `/tmp/s` and `'/tmp/s'`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum Address {
    /// `(host, port)`: an AF_INET address (an AF_INET6 socket also accepts it, with flowinfo
    /// and scope_id 0, as Python does).
    Inet(String, u16),
    /// `(host, port, flowinfo, scope_id)`: an AF_INET6 address.
    Inet6(String, u16, u32, u32),
    /// A unix socket path. A path starting with a NUL byte is a Linux abstract name, which
    /// Python shows as `bytes`; an empty path is an unbound socket, which Python shows as `''`.
    Unix(PathBuf),
    /// Python's `None`: the kernel gave no address (`recvfrom` on a connected TCP socket).
    None,
}

impl Address {
    /// The host of an IP address: Python's `host = addr[0]` is `addr.host()`; `None` for the
    /// other kinds.
    pub fn host(&self) -> Option<&str> {
        match self {
            Address::Inet(host, _) | Address::Inet6(host, _, _, _) => Some(host),
            Address::Unix(_) | Address::None => None,
        }
    }

    /// The port of an IP address: Python's `port = addr[1]` is `addr.port()`; `None` for the
    /// other kinds.
    pub fn port(&self) -> Option<u16> {
        match self {
            Address::Inet(_, port) | Address::Inet6(_, port, _, _) => Some(*port),
            Address::Unix(_) | Address::None => None,
        }
    }

    /// The address of a unix socket (Python's `addr` itself is the path, a `str`, or `bytes`
    /// for a Linux abstract name with its leading NUL); `None` for the other kinds.
    pub fn path(&self) -> Option<&Path> {
        match self {
            Address::Unix(path) => Some(path),
            _ => None,
        }
    }

    /// The word Python uses for this address's type in a `TypeError` message.
    fn python_type(&self) -> &'static str {
        match self {
            Address::Inet(..) | Address::Inet6(..) => "tuple",
            Address::Unix(_) => "str",
            Address::None => "NoneType",
        }
    }

    /// Resolves this address for a socket of `family`, as CPython's `getsockaddrarg` does
    /// (`caller` names the method in error messages: `bind(): port must be 0-65535.`).
    pub(crate) fn to_sockaddr(&self, family: i32, caller: &str) -> Result<SockAddr> {
        match (family, self) {
            (AF_INET, Address::Inet(host, port)) => match resolve(host, AF_INET)? {
                IpAddr::V4(ip) => Ok(SocketAddrV4::new(ip, *port).into()),
                IpAddr::V6(_) => Err(family_mismatch()),
            },
            (AF_INET, Address::Inet6(..)) => Err(Error::new(
                Exception::TypeError,
                "AF_INET address must be a pair (host, port)",
            )),
            (AF_INET6, Address::Inet(host, port)) => inet6(host, *port, 0, 0, caller),
            (AF_INET6, Address::Inet6(host, port, flowinfo, scope_id)) => {
                inet6(host, *port, *flowinfo, *scope_id, caller)
            }
            (AF_INET | AF_INET6, other) => Err(Error::new(
                Exception::TypeError,
                format!(
                    "{caller}(): {} address must be tuple, not {}",
                    if family == AF_INET {
                        "AF_INET"
                    } else {
                        "AF_INET6"
                    },
                    other.python_type()
                ),
            )),
            (AF_UNIX, Address::Unix(path)) => SockAddr::unix(path)
                .map_err(|_| Error::new(Exception::OSError, "AF_UNIX path too long")),
            (AF_UNIX, other) => Err(Error::new(
                Exception::TypeError,
                format!(
                    "a bytes-like object is required, not '{}'",
                    other.python_type()
                ),
            )),
            _ => Err(Error::new(
                Exception::OSError,
                format!("{caller}(): bad family"),
            )),
        }
    }

    /// The address the kernel gave back, in Python's shape (CPython's `makesockaddr`).
    pub(crate) fn from_sockaddr(addr: &SockAddr) -> Address {
        if let Some(sa) = addr.as_socket() {
            return Address::from(sa);
        }
        if let Some(path) = addr.as_pathname() {
            return Address::Unix(path.to_path_buf());
        }
        if let Some(name) = addr.as_abstract_namespace() {
            let mut bytes = vec![0u8];
            bytes.extend_from_slice(name);
            return Address::Unix(PathBuf::from(OsStr::from_bytes(&bytes)));
        }
        if addr.is_unix() {
            return Address::Unix(PathBuf::new());
        }
        Address::None
    }

    /// Python's `str()` (`debug == false`) or `repr()` (`debug == true`) of this address.
    fn python_text(&self, f: &mut fmt::Formatter<'_>, debug: bool) -> fmt::Result {
        match self {
            Address::Inet(host, port) => write!(f, "({}, {port})", str_repr(host)),
            Address::Inet6(host, port, flowinfo, scope_id) => {
                write!(f, "({}, {port}, {flowinfo}, {scope_id})", str_repr(host))
            }
            // Python gives an abstract name (leading NUL) as bytes, a path as str.
            Address::Unix(path) => match path.as_os_str().as_bytes() {
                abstract_name @ [0, ..] => f.write_str(&bytes_repr(abstract_name)),
                bytes if debug => f.write_str(&os_str_repr(bytes)),
                _ => f.write_str(&path.to_string_lossy()),
            },
            Address::None => f.write_str("None"),
        }
    }
}

/// The AF_INET6 half of `to_sockaddr`.
fn inet6(host: &str, port: u16, flowinfo: u32, scope_id: u32, caller: &str) -> Result<SockAddr> {
    if flowinfo > 0xfffff {
        return Err(Error::new(
            Exception::OverflowError,
            format!("{caller}(): flowinfo must be 0-1048575."),
        ));
    }
    match resolve(host, AF_INET6)? {
        IpAddr::V6(ip) => Ok(SocketAddrV6::new(ip, port, flowinfo, scope_id).into()),
        IpAddr::V4(_) => Err(family_mismatch()),
    }
}

/// The host of an address tuple, checked as CPython checks it, then resolved.
fn resolve(host: &str, family: i32) -> Result<IpAddr> {
    address_host(host)?;
    setipaddr(host, family)
}

fn family_mismatch() -> Error {
    Error::new(Exception::OSError, "address family mismatched")
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.python_text(f, false)
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.python_text(f, true)
    }
}

impl<H: Into<String>> From<(H, u16)> for Address {
    /// `("localhost", 8080)`
    fn from((host, port): (H, u16)) -> Address {
        Address::Inet(host.into(), port)
    }
}

impl<H: Into<String>> From<(H, u16, u32, u32)> for Address {
    /// `("::1", 8080, 0, 0)`
    fn from((host, port, flowinfo, scope_id): (H, u16, u32, u32)) -> Address {
        Address::Inet6(host.into(), port, flowinfo, scope_id)
    }
}

impl From<&str> for Address {
    /// A unix socket path: `"/tmp/echo.sock"`, or `"\0name"` for an abstract name.
    fn from(path: &str) -> Address {
        Address::Unix(PathBuf::from(path))
    }
}

impl From<&Path> for Address {
    fn from(path: &Path) -> Address {
        Address::Unix(path.to_path_buf())
    }
}

impl From<PathBuf> for Address {
    fn from(path: PathBuf) -> Address {
        Address::Unix(path)
    }
}

impl From<&PathBuf> for Address {
    fn from(path: &PathBuf) -> Address {
        Address::Unix(path.clone())
    }
}

impl From<&Address> for Address {
    fn from(address: &Address) -> Address {
        address.clone()
    }
}

impl From<SocketAddr> for Address {
    /// `127.0.0.1:80` becomes `('127.0.0.1', 80)`; `[::1]:80` becomes `('::1', 80, 0, 0)`.
    fn from(addr: SocketAddr) -> Address {
        match addr {
            SocketAddr::V4(v4) => Address::Inet(v4.ip().to_string(), v4.port()),
            SocketAddr::V6(v6) => {
                // glibc's inet_ntop, as Python uses, rather than Rust's formatting: the two
                // differ for IPv4-compatible addresses such as ::1.2.3.4.
                let host = sys::inet_ntop_c(AF_INET6, &v6.ip().octets())
                    .unwrap_or_else(|_| v6.ip().to_string());
                Address::Inet6(host, v6.port(), v6.flowinfo(), v6.scope_id())
            }
        }
    }
}

impl From<SocketAddrV4> for Address {
    fn from(addr: SocketAddrV4) -> Address {
        Address::from(SocketAddr::V4(addr))
    }
}

impl From<SocketAddrV6> for Address {
    fn from(addr: SocketAddrV6) -> Address {
        Address::from(SocketAddr::V6(addr))
    }
}
