//! # Solution of exercise `address_info`: from a name to a connected socket
//!
//! Week 1's `get_address_info`, which shows every `getaddrinfo` answer with its numbers
//! named, and its way to connect: a socket from each answer in turn until one connects.
//!
//! Run it: `cargo course solution address_info -- localhost http`.

use pynet::socket::{self, AddrInfo, Error, Exception, SOCK_STREAM, Socket, ToService};

/// The name `get_constants(prefix)` gives `value`: among the constants starting with
/// `prefix` that have this value, the name that sorts last; the number itself when none has.
fn constant_name(prefix: &str, value: i32) -> String {
    socket::constants()
        .iter()
        .filter(|(name, v)| name.starts_with(prefix) && *v == i64::from(value))
        .map(|(name, _)| name.to_string())
        .max()
        .unwrap_or_else(|| value.to_string())
}

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
    vec![
        format!("family: {}", constant_name("AF_", info.family)),
        format!("type: {}", constant_name("SOCK_", info.type_)),
        format!("protocol: {}", constant_name("IPPROTO_", info.proto)),
        format!("canonical name: {}", info.canonname),
        format!("socket address: {}", info.sockaddr),
    ]
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
    let mut lines = Vec::new();
    for info in socket::getaddrinfo(Some(host), port, 0, 0, 0, 0)? {
        lines.extend(describe(&info));
        lines.push(String::new());
    }
    Ok(lines)
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
    let mut last_error = Error::new(Exception::OSError, "getaddrinfo returns an empty list");
    for info in socket::getaddrinfo(Some(host), port, 0, SOCK_STREAM, 0, 0)? {
        match connect_one(&info, timeout) {
            Ok(connected) => return Ok(connected),
            Err(e) => last_error = e,
        }
    }
    Err(last_error)
}

/// A socket made from one answer, with `timeout`, connected to the answer's address.
fn connect_one(info: &AddrInfo, timeout: Option<f64>) -> Result<Socket, Error> {
    let s = Socket::new(info.family, info.type_, info.proto)?;
    s.settimeout(timeout)?;
    s.connect(&info.sockaddr)?;
    Ok(s)
}

#[cfg(test)]
#[path = "../../../exercises/04_address_info/src/tests.rs"]
mod tests;
