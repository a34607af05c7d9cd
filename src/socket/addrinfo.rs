//! `getaddrinfo` and `getnameinfo`: the resolver calls every modern client starts from.
//!
//! ```python
//! for family, type, proto, canonname, sockaddr in socket.getaddrinfo("localhost", 80):
//!     s = socket.socket(family, type, proto)
//! ```
//! ```no_run
//! use pynet::socket::{AF_UNSPEC, SOCK_STREAM, Socket, getaddrinfo};
//! for info in getaddrinfo(Some("localhost"), 80, AF_UNSPEC, SOCK_STREAM, 0, 0)? {
//!     let s = Socket::new(info.family, info.type_, info.proto)?;
//!     # let _ = s;
//! }
//! # Ok::<(), pynet::socket::Error>(())
//! ```

use std::ffi::CString;
use std::fmt;
use std::net::{IpAddr, SocketAddr, SocketAddrV6};

use super::address::Address;
use super::args::{c_string, idna_check};
use super::constants::{AF_UNSPEC, AI_NUMERICHOST, SOCK_DGRAM, enum_name};
use super::error::{Error, Exception, Result};
use super::repr::str_repr;
use super::sys;

/// What Python's `getaddrinfo` takes as `port`: a number, a service name or a string of
/// digits, or nothing (`None::<u16>`).
pub trait ToService {
    /// The service string handed to C's getaddrinfo, `None` for a null pointer.
    fn to_service(&self) -> Option<String>;
}

impl ToService for u16 {
    fn to_service(&self) -> Option<String> {
        Some(self.to_string())
    }
}

impl ToService for &str {
    fn to_service(&self) -> Option<String> {
        Some((*self).to_string())
    }
}

impl ToService for String {
    fn to_service(&self) -> Option<String> {
        Some(self.clone())
    }
}

impl<T: ToService> ToService for Option<T> {
    fn to_service(&self) -> Option<String> {
        self.as_ref().and_then(ToService::to_service)
    }
}

/// What C sees of a string that holds a NUL: the part before it. (CPython hands getaddrinfo
/// the buffer of a Python string, so `getaddrinfo("a\0b", 80)` looks up `a`.)
fn c_prefix(text: &str) -> CString {
    let end = text.find('\0').unwrap_or(text.len());
    CString::new(&text[..end]).unwrap_or_default()
}

/// One answer of `getaddrinfo`: Python's 5-tuple `(family, type, proto, canonname, sockaddr)`.
///
/// `Display` prints the tuple as Python's `repr` does:
/// `(<AddressFamily.AF_INET: 2>, <SocketKind.SOCK_STREAM: 1>, 6, '', ('127.0.0.1', 80))`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AddrInfo {
    /// The address family, for `Socket::new` (`info[0]`).
    pub family: i32,
    /// The socket type, for `Socket::new` (`info[1]`).
    pub type_: i32,
    /// The protocol, for `Socket::new` (`info[2]`).
    pub proto: i32,
    /// The canonical host name when `AI_CANONNAME` was asked for, else `""` (`info[3]`).
    pub canonname: String,
    /// The address to `connect` or `bind` to (`info[4]`).
    pub sockaddr: Address,
}

/// Python's repr of an IntEnum member, or of the plain int when no member has that value.
fn enum_repr(class: &str, prefix: &str, value: i32) -> String {
    match enum_name(prefix, value) {
        Some(name) => format!("<{class}.{name}: {value}>"),
        None => value.to_string(),
    }
}

impl fmt::Display for AddrInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "({}, {}, {}, {}, {:?})",
            enum_repr("AddressFamily", "AF_", self.family),
            enum_repr("SocketKind", "SOCK_", self.type_),
            self.proto,
            str_repr(&self.canonname),
            self.sockaddr
        )
    }
}

/// Resolves a host and port into the addresses to connect or bind to, in the resolver's
/// order of preference. `host` `None` means the local host (or, with `AI_PASSIVE`, every
/// interface); `family`, `type_`, `proto` and `flags` narrow the answers, 0 meaning any.
///
/// ```python
/// socket.getaddrinfo("localhost", "http", 0, socket.SOCK_STREAM)
/// # [(<AddressFamily.AF_INET: 2>, <SocketKind.SOCK_STREAM: 1>, 6, '', ('127.0.0.1', 80))]
/// ```
/// ```
/// use pynet::socket::{AF_INET, AF_UNSPEC, SOCK_STREAM, getaddrinfo};
/// let infos = getaddrinfo(Some("localhost"), "http", AF_INET, SOCK_STREAM, 0, 0)?;
/// assert_eq!(infos[0].sockaddr.to_string(), "('127.0.0.1', 80)");
/// assert_eq!(
///     infos[0].to_string(),
///     "(<AddressFamily.AF_INET: 2>, <SocketKind.SOCK_STREAM: 1>, 6, '', ('127.0.0.1', 80))"
/// );
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `socket.gaierror`: `[Errno -2] Name or service not known`, `[Errno -8] Servname not
/// supported for ai_socktype`, `[Errno -6] ai_family not supported`, ...
pub fn getaddrinfo(
    host: Option<&str>,
    port: impl ToService,
    family: i32,
    type_: i32,
    proto: i32,
    flags: i32,
) -> Result<Vec<AddrInfo>> {
    if let Some(host) = host {
        idna_check(host)?;
    }
    let c_host = host.map(c_prefix);
    let c_port = port.to_service().map(|service| c_prefix(&service));
    let answers = sys::getaddrinfo(
        c_host.as_deref(),
        c_port.as_deref(),
        family,
        type_,
        proto,
        flags,
    )?;
    Ok(answers
        .into_iter()
        .map(|answer| AddrInfo {
            family: answer.family,
            type_: answer.socktype,
            proto: answer.protocol,
            canonname: answer.canonname,
            sockaddr: Address::from(answer.addr),
        })
        .collect())
}

/// Turns a numeric socket address back into names: `(host, service)`. `flags` are the
/// `NI_*` constants (`NI_NUMERICHOST`, `NI_NUMERICSERV`, `NI_NAMEREQD`, ...).
///
/// ```python
/// socket.getnameinfo(("127.0.0.1", 80), 0)    # ('localhost', 'http')
/// ```
/// ```
/// let (host, service) = pynet::socket::getnameinfo(("127.0.0.1", 80), 0)?;
/// assert_eq!((host.as_str(), service.as_str()), ("localhost", "http"));
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `socket.gaierror` for a host that is not a numeric address; `TypeError` for a unix path.
pub fn getnameinfo(sockaddr: impl Into<Address>, flags: i32) -> Result<(String, String)> {
    let sockaddr = sockaddr.into();
    let (host, port, flowinfo, scope_id) = match &sockaddr {
        Address::Inet(host, port) => (host, *port, 0, 0),
        Address::Inet6(host, port, flowinfo, scope_id) => (host, *port, *flowinfo, *scope_id),
        Address::Unix(_) | Address::None => {
            return Err(Error::new(
                Exception::TypeError,
                "getnameinfo() argument 1 must be a tuple",
            ));
        }
    };
    if flowinfo > 0xfffff {
        return Err(Error::new(
            Exception::OverflowError,
            "getnameinfo(): flowinfo must be 0-1048575.",
        ));
    }
    let c_host = c_string(host)?;
    let c_port = c_string(&port.to_string())?;
    let answers = sys::getaddrinfo(
        Some(&c_host),
        Some(&c_port),
        AF_UNSPEC,
        SOCK_DGRAM,
        0,
        AI_NUMERICHOST,
    )?;
    let addr = match answers.as_slice() {
        [only] => only.addr,
        _ => {
            return Err(Error::new(
                Exception::OSError,
                "sockaddr resolved to multiple addresses",
            ));
        }
    };
    let addr = match addr.ip() {
        IpAddr::V4(_) if matches!(sockaddr, Address::Inet6(..)) => {
            return Err(Error::new(
                Exception::OSError,
                "IPv4 sockaddr must be 2 tuple",
            ));
        }
        IpAddr::V4(_) => addr,
        IpAddr::V6(ip) => SocketAddr::V6(SocketAddrV6::new(ip, port, flowinfo, scope_id)),
    };
    Ok(sys::getnameinfo(&addr, flags)?)
}
