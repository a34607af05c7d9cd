//! The short ways to a ready socket: `create_connection`, `create_server`, `socketpair`.

use super::address::Address;
use super::addrinfo::getaddrinfo;
use super::constants::{
    AF_INET6, IPPROTO_IPV6, IPV6_V6ONLY, SO_REUSEADDR, SO_REUSEPORT, SOCK_STREAM, SOL_SOCKET,
};
use super::error::{Error, Exception, Result};
use super::object::Socket;
use super::timeout::to_nanos;

/// Python's `listen()` backlog when none is given: `min(SOMAXCONN, 128)`.
const DEFAULT_BACKLOG: i32 = 128;

/// Connects a TCP socket to `(host, port)`, trying each address the host resolves to in
/// turn (IPv6 and IPv4 alike) until one answers.
///
/// `timeout` becomes the socket's timeout before connecting; pass `getdefaulttimeout()` for
/// Python's default. `source_address`, when given, is bound first.
///
/// ```python
/// s = socket.create_connection(("localhost", 8080), timeout=5.0)
/// ```
/// ```no_run
/// let s = pynet::socket::create_connection(("localhost", 8080), Some(5.0), None)?;
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// The error of the last address tried (`[Errno 111] Connection refused`, `timed out`,
/// ...), as in Python, or the resolver's `socket.gaierror`.
pub fn create_connection(
    address: impl Into<Address>,
    timeout: Option<f64>,
    source_address: Option<Address>,
) -> Result<Socket> {
    let address = address.into();
    let (Some(host), Some(port)) = (address.host(), address.port()) else {
        return Err(Error::new(
            Exception::TypeError,
            "create_connection(): address must be a (host, port) pair",
        ));
    };
    to_nanos(timeout)?;
    let mut last_error = None;
    for info in getaddrinfo(Some(host), port, 0, SOCK_STREAM, 0, 0)? {
        let attempt = Socket::new(info.family, info.type_, info.proto).and_then(|s| {
            s.settimeout(timeout)?;
            if let Some(source) = &source_address {
                s.bind(source)?;
            }
            s.connect(&info.sockaddr)?;
            Ok(s)
        });
        match attempt {
            Ok(s) => return Ok(s),
            // CPython 3.11 keeps only the latest error (its `all_errors` is false).
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error
        .unwrap_or_else(|| Error::new(Exception::OSError, "getaddrinfo returns an empty list")))
}

/// A listening TCP socket bound to `address`, with `SO_REUSEADDR` set, as Python's
/// `create_server(address, *, family=AF_INET, backlog=None, reuse_port=False,
/// dualstack_ipv6=False)`.
///
/// `backlog` `None` is Python's default (128). `reuse_port` sets `SO_REUSEPORT`.
/// `dualstack_ipv6` (with `AF_INET6`) accepts IPv4 clients too; otherwise an AF_INET6 server
/// is IPv6-only.
///
/// ```python
/// server = socket.create_server(("127.0.0.1", 0))
/// ```
/// ```
/// use pynet::socket::{AF_INET, create_server};
/// let server = create_server(("127.0.0.1", 0), AF_INET, None, false, false)?;
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `[Errno 98] Address already in use (while attempting to bind on address ('127.0.0.1',
/// 8080))`, worded as Python words it; `ValueError: dualstack_ipv6 requires AF_INET6 family`.
pub fn create_server(
    address: impl Into<Address>,
    family: i32,
    backlog: Option<i32>,
    reuse_port: bool,
    dualstack_ipv6: bool,
) -> Result<Socket> {
    let address = address.into();
    if dualstack_ipv6 && family != AF_INET6 {
        return Err(Error::new(
            Exception::ValueError,
            "dualstack_ipv6 requires AF_INET6 family",
        ));
    }
    let s = Socket::new(family, SOCK_STREAM, 0)?;
    // Python ignores a failure here too: the option is a convenience.
    let _ = s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1);
    if reuse_port {
        s.setsockopt(SOL_SOCKET, SO_REUSEPORT, 1)?;
    }
    if family == AF_INET6 {
        s.setsockopt(IPPROTO_IPV6, IPV6_V6ONLY, !dualstack_ipv6)?;
    }
    s.bind(&address).map_err(|e| match e.errno() {
        Some(errno) => Error::with_errno(
            Exception::for_errno(errno),
            errno,
            format!(
                "{} (while attempting to bind on address {address:?})",
                e.message()
            ),
        ),
        None => e,
    })?;
    s.listen(backlog.unwrap_or(DEFAULT_BACKLOG))?;
    Ok(s)
}

/// Two connected sockets, as Python's `socket.socketpair(family=AF_UNIX, type=SOCK_STREAM,
/// proto=0)`: what one sends, the other receives.
///
/// ```python
/// a, b = socket.socketpair()
/// ```
/// ```
/// use pynet::socket::{AF_UNIX, SOCK_STREAM, socketpair};
/// let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// a.sendall(b"ping")?;
/// assert_eq!(b.recv(4)?, b"ping");
/// # Ok::<(), pynet::socket::Error>(())
/// ```
pub fn socketpair(family: i32, type_: i32, proto: i32) -> Result<(Socket, Socket)> {
    let protocol = (proto != 0).then(|| socket2::Protocol::from(proto));
    let (a, b) = socket2::Socket::pair(
        socket2::Domain::from(family),
        socket2::Type::from(type_),
        protocol,
    )?;
    let timeout = super::timeout::default_timeout_nanos();
    Ok((
        Socket::wrap(a, family, type_, proto, timeout)?,
        Socket::wrap(b, family, type_, proto, timeout)?,
    ))
}
