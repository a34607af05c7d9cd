//! Python's `socket` module: low-level networking, one name for one name.
//!
//! | Python | pynet |
//! |---|---|
//! | `socket.socket(AF_INET, SOCK_STREAM)` | [`Socket::new(AF_INET, SOCK_STREAM, 0)`](Socket::new) |
//! | `s.bind(("", 8080))`, `s.listen(5)`, `s.accept()` | [`Socket::bind`], [`Socket::listen`], [`Socket::accept`] |
//! | `s.connect(addr)`, `s.connect_ex(addr)` | [`Socket::connect`], [`Socket::connect_ex`] |
//! | `s.send(b)`, `s.sendall(b)`, `s.sendto(b, addr)` | [`Socket::send`], [`Socket::sendall`], [`Socket::sendto`] |
//! | `s.recv(n)`, `s.recv_into(buf)`, `s.recvfrom(n)`, `s.recvfrom_into(buf)` | [`Socket::recv`], [`Socket::recv_into`], [`Socket::recvfrom`], [`Socket::recvfrom_into`] |
//! | `s.recv(n, MSG_PEEK)` | [`s.with_flags(MSG_PEEK).recv(n)`](Socket::with_flags) |
//! | idiokit's `s.recv(n, timeout=5)` | [`s.with_timeout(Some(5.0)).recv(n)`](Socket::with_timeout) |
//! | `s.settimeout(t)`, `s.setblocking(f)` | [`Socket::settimeout`], [`Socket::setblocking`] |
//! | `s.setsockopt(level, opt, value)`, `s.getsockopt(level, opt[, buflen])` | [`Socket::setsockopt`], [`Socket::getsockopt`], [`Socket::getsockopt_bytes`] |
//! | `s.makefile("rwb")` | [`Socket::makefile`] → [`SocketFile`] |
//! | `socket.create_connection`, `create_server`, `socketpair` | [`create_connection`], [`create_server`], [`socketpair`] |
//! | `gethostname`, `gethostbyname`, `gethostbyname_ex`, `gethostbyaddr`, `getfqdn` | [`gethostname`], [`gethostbyname`], [`gethostbyname_ex`], [`gethostbyaddr`], [`getfqdn`] |
//! | `getaddrinfo`, `getnameinfo` | [`getaddrinfo`] → [`AddrInfo`], [`getnameinfo`] |
//! | `getservbyname`, `getservbyport`, `getprotobyname` | [`getservbyname`], [`getservbyport`], [`getprotobyname`] |
//! | `inet_aton`, `inet_ntoa`, `inet_pton`, `inet_ntop` | [`inet_aton`], [`inet_ntoa`], [`inet_pton`], [`inet_ntop`] |
//! | `htonl`, `htons`, `ntohl`, `ntohs` | [`htonl`], [`htons`], [`ntohl`], [`ntohs`] |
//! | `getdefaulttimeout`, `setdefaulttimeout` | [`getdefaulttimeout`], [`setdefaulttimeout`] |
//! | `has_ipv6`, `if_nameindex`, `if_nametoindex`, `if_indextoname` | [`has_ipv6()`], [`if_nameindex`], [`if_nametoindex`], [`if_indextoname`] |
//! | `AF_INET`, `SOL_SOCKET`, `SO_REUSEADDR`, ... | the same names; [`constants()`] lists them all |
//! | `except OSError as e: e.errno` | [`Error`]: `e.errno()`, `e.is_instance(Exception::OSError)` |
//!
//! Addresses are Python's tuples and paths (see [`Address`]); timeouts are seconds as
//! `Option<f64>`; errors print exactly as Python prints them.

mod address;
mod addrinfo;
mod args;
mod call;
mod constants;
mod create;
mod error;
mod file;
mod inet;
mod interface;
mod netdb;
mod object;
pub(crate) mod repr;
mod sockopt;
#[allow(unsafe_code)] // The one place for FFI and its unsafe glue; see the file's header.
mod sys;
pub(crate) mod timeout;

pub use address::Address;
pub use addrinfo::{AddrInfo, ToService, getaddrinfo, getnameinfo};
pub use call::Call;
pub use constants::*;
pub use create::{create_connection, create_server, socketpair};
pub use error::{Error, Exception, Result};
pub use file::SocketFile;
pub use inet::{htonl, htons, inet_aton, inet_ntoa, inet_ntop, inet_pton, ntohl, ntohs};
pub use interface::{if_indextoname, if_nameindex, if_nametoindex};
pub use netdb::{
    getfqdn, gethostbyaddr, gethostbyname, gethostbyname_ex, gethostname, getprotobyname,
    getservbyname, getservbyport, has_ipv6,
};
pub use object::Socket;
pub use sockopt::SockoptValue;
pub use timeout::{getdefaulttimeout, setdefaulttimeout};
