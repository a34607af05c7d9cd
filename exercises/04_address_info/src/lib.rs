//! # Exercise `address_info`: from a name to a connected socket
//!
//! `getaddrinfo` turns a host and a port into every way there is to reach them: for each
//! answer, the family, type and protocol to create a socket with, and the address to connect
//! to. Build week 1's `get_address_info`, which shows each answer with its numbers named, and
//! the way week 1 connects: create a socket from an answer, connect, and move on to the next
//! answer when that fails.
//!
//! ```python
//! import socket
//!
//! def get_constants(prefix):
//!     return {int(getattr(socket, name)): name
//!             for name in dir(socket) if name.startswith(prefix)}
//!
//! families = get_constants("AF_")
//! types = get_constants("SOCK_")
//! protocols = get_constants("IPPROTO_")
//!
//! def get_address_info(host, port):
//!     for family, type_, proto, canonname, sockaddr in socket.getaddrinfo(host, port):
//!         print(f"family: {families[family]}")            # family: AF_INET
//!         print(f"type: {types[type_]}")                  # type: SOCK_STREAM
//!         print(f"protocol: {protocols[proto]}")          # protocol: IPPROTO_TCP
//!         print(f"canonical name: {canonname}")           # canonical name:
//!         print(f"socket address: {sockaddr}")            # socket address: ('127.0.0.1', 80)
//!         print()
//!
//! def connect_first(host, port, timeout):
//!     error = None
//!     for family, type_, proto, _, sockaddr in socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM):
//!         s = socket.socket(family, type_, proto)
//!         s.settimeout(timeout)
//!         try:
//!             s.connect(sockaddr)
//!             return s
//!         except OSError as e:
//!             s.close()
//!             error = e
//!     raise error
//! ```
//!
//! A number gets the name lesson 1's `get_constants` gives it: when several names share it,
//! the one that sorts last (`0` is `IPPROTO_IP`, not `IPPROTO_HOPOPTS`). A number with no
//! name at all is shown as the number.
//!
//! Read `book/src/ch04-getaddrinfo.md`, fill in the three functions below, then check your
//! work with `cargo course check address_info` and try it with
//! `cargo run -p address_info -- localhost http`.

use pynet::socket::{self, AddrInfo, Error, Socket, ToService};

/// One `getaddrinfo` answer as the five lines week 1 prints, without the blank line after
/// them:
///
/// ```text
/// family: AF_INET
/// type: SOCK_STREAM
/// protocol: IPPROTO_TCP
/// canonical name: ⏎
/// socket address: ('127.0.0.1', 80)
/// ```
///
/// (`canonical name: ` ends with a space; the name after it is empty unless `AI_CANONNAME`
/// was asked for.)
///
/// Family, type and protocol are named from `socket::constants()` with the prefixes `AF_`,
/// `SOCK_` and `IPPROTO_`, as `get_constants` names them (the name that sorts last wins); a
/// number with no name is written as the number. The socket address is written as Python
/// writes it, which is what `Address`'s `Display` does.
///
/// ```python
/// f"family: {families[family]}"
/// ```
/// ```no_run
/// # use address_info::describe;
/// for info in pynet::socket::getaddrinfo(Some("localhost"), 80, 0, 0, 0, 0)? {
///     println!("{}", describe(&info).join("\n"));
/// }
/// # Ok::<(), pynet::socket::Error>(())
/// ```
pub fn describe(info: &AddrInfo) -> Vec<String> {
    todo!("name the family, type and protocol, then write the five lines")
}

/// Every answer `getaddrinfo(host, port)` gives (any family, any type, no flags), described
/// in the resolver's order, each description followed by an empty line: exactly the lines
/// Python's `get_address_info` prints.
///
/// `port` is a number (`80`) or a service name (`"http"`), as Python's `getaddrinfo` takes.
///
/// ```python
/// get_address_info("localhost", 80)
/// ```
/// ```no_run
/// # use address_info::get_address_info;
/// for line in get_address_info("localhost", 80)? {
///     println!("{line}");
/// }
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `getaddrinfo`'s, unchanged: `[Errno -2] Name or service not known` for an unknown host,
/// `[Errno -8] Servname not supported for ai_socktype` for an unknown service name.
pub fn get_address_info(host: &str, port: impl ToService) -> Result<Vec<String>, Error> {
    todo!("describe every answer of getaddrinfo, a blank line after each")
}

/// A TCP socket connected to `host` and `port`, through the first of `getaddrinfo`'s
/// `SOCK_STREAM` answers that accepts the connection.
///
/// For each answer in turn: create a socket with its family, type and protocol
/// (`socket(*info[:3])`), give it `timeout` (seconds; `None` waits as long as the system
/// does), connect it to the answer's address. The first socket that connects is the result,
/// still with its timeout.
///
/// ```python
/// s = connect_first("localhost", 8080, 5.0)
/// ```
/// ```no_run
/// # use address_info::connect_first;
/// let s = connect_first("localhost", 8080, Some(5.0))?;
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// When no answer connects, the error of the last one tried, unchanged (`[Errno 111]
/// Connection refused`, `timed out`, ...); the resolver's error when there is no answer.
pub fn connect_first(
    host: &str,
    port: impl ToService,
    timeout: Option<f64>,
) -> Result<Socket, Error> {
    todo!("try each SOCK_STREAM answer of getaddrinfo until one connects")
}

#[cfg(test)]
mod tests;
