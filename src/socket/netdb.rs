//! Names of hosts, services and protocols: `gethostname`, `gethostbyname`,
//! `gethostbyname_ex`, `gethostbyaddr`, `getfqdn`, `getservbyname`, `getservbyport`,
//! `getprotobyname`, and `has_ipv6`.
//!
//! Each follows CPython's C code step for step, so the same inputs give the same answers and
//! the same errors: `gethostbyname` resolves through getaddrinfo and raises `socket.gaierror`;
//! `gethostbyname_ex` and `gethostbyaddr` use the older hostent calls and raise
//! `socket.herror` when those fail.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::args::{c_string, host_name};
use super::constants::{AF_INET, AF_INET6, AF_UNSPEC, AI_PASSIVE, SOCK_DGRAM};
use super::error::{Error, Exception, Result};
use super::inet::inet_ntoa;
use super::sys;

/// The name of this machine.
///
/// ```python
/// socket.gethostname()        # 'vm'
/// ```
/// ```
/// let name = pynet::socket::gethostname()?;
/// assert!(!name.is_empty());
/// # Ok::<(), pynet::socket::Error>(())
/// ```
pub fn gethostname() -> Result<String> {
    Ok(sys::gethostname()?)
}

/// Resolves a host to one IPv4 address in dotted form (numbers are returned as they are,
/// `""` is `0.0.0.0`).
///
/// ```python
/// socket.gethostbyname("localhost")   # '127.0.0.1'
/// ```
/// ```
/// use pynet::socket::gethostbyname;
/// assert_eq!(gethostbyname("localhost")?, "127.0.0.1");
/// assert_eq!(gethostbyname("127.1")?, "127.0.0.1");   // glibc reads inet_aton's short forms
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `socket.gaierror: [Errno -2] Name or service not known` for a name that does not resolve;
/// `[Errno -9] Address family for hostname not supported` for an IPv6-only host.
pub fn gethostbyname(hostname: &str) -> Result<String> {
    host_name("gethostbyname", hostname)?;
    match setipaddr(hostname, AF_INET)? {
        IpAddr::V4(ip) => Ok(ip.to_string()),
        IpAddr::V6(_) => Err(Error::from_errno(libc::EAFNOSUPPORT)),
    }
}

/// Resolves a host to `(name, aliases, addresses)`, IPv4 only.
///
/// ```python
/// socket.gethostbyname_ex("localhost")   # ('localhost', [], ['127.0.0.1'])
/// ```
/// ```
/// let (name, _aliases, addresses) = pynet::socket::gethostbyname_ex("localhost")?;
/// assert_eq!(name, "localhost");
/// assert!(addresses.contains(&"127.0.0.1".to_string()));
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `socket.gaierror` when the name does not resolve at all, `socket.herror` when the
/// hostent look-up fails.
pub fn gethostbyname_ex(hostname: &str) -> Result<(String, Vec<String>, Vec<String>)> {
    let c_name = host_name("gethostbyname_ex", hostname)?;
    setipaddr(hostname, AF_INET)?;
    host_tuple(sys::gethostbyname(&c_name), AF_INET)
}

/// Looks up the name of an address: `(name, aliases, addresses)`. A host name is resolved
/// first, as in Python.
///
/// ```python
/// socket.gethostbyaddr("127.0.0.1")   # ('localhost', [], ['127.0.0.1'])
/// ```
/// ```
/// let (name, _aliases, _addresses) = pynet::socket::gethostbyaddr("127.0.0.1")?;
/// assert_eq!(name, "localhost");
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `socket.herror: [Errno 1] Unknown host` for an address without a name.
pub fn gethostbyaddr(ip_address: &str) -> Result<(String, Vec<String>, Vec<String>)> {
    host_name("gethostbyaddr", ip_address)?;
    let (family, packed) = match setipaddr(ip_address, AF_UNSPEC)? {
        IpAddr::V4(ip) => (AF_INET, ip.octets().to_vec()),
        IpAddr::V6(ip) => (AF_INET6, ip.octets().to_vec()),
    };
    host_tuple(sys::gethostbyaddr(&packed, family), family)
}

/// CPython's `gethost_common`: a hostent as Python's 3-tuple.
fn host_tuple(
    lookup: std::result::Result<sys::HostEnt, i32>,
    family: i32,
) -> Result<(String, Vec<String>, Vec<String>)> {
    let host = lookup.map_err(Error::herror)?;
    if host.family != family {
        return Err(Error::from_errno(libc::EAFNOSUPPORT));
    }
    let addresses = host
        .addresses
        .iter()
        .map(|packed| match family {
            AF_INET => inet_ntoa(packed),
            _ => Ok(sys::inet_ntop_c(AF_INET6, packed)?),
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((host.name, host.aliases, addresses))
}

/// The fully qualified name of `name` (of this machine when `name` is empty): the first
/// name with a dot among the host's name and aliases, else its name; `name` itself when the
/// look-up fails.
///
/// ```python
/// socket.getfqdn("127.0.0.1")     # 'localhost'
/// ```
/// ```
/// assert_eq!(pynet::socket::getfqdn("127.0.0.1")?, "localhost");
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// A malformed name fails as in `gethostbyaddr` (`UnicodeError`, `TypeError`); a name
/// that is merely unknown is returned as it is.
pub fn getfqdn(name: &str) -> Result<String> {
    let mut name = name.trim().to_string();
    if name.is_empty() || name == "0.0.0.0" || name == "::" {
        name = gethostname()?;
    }
    // Python catches only OSError here: a malformed name (UnicodeError, TypeError) escapes.
    let (hostname, aliases, _) = match gethostbyaddr(&name) {
        Ok(host) => host,
        Err(e) if e.is_instance(Exception::OSError) => return Ok(name),
        Err(e) => return Err(e),
    };
    Ok(std::iter::once(&hostname)
        .chain(&aliases)
        .find(|candidate| candidate.contains('.'))
        .unwrap_or(&hostname)
        .clone())
}

/// The port of a service name, for one protocol (`Some("tcp")`) or any (`None`).
///
/// ```python
/// socket.getservbyname("http", "tcp")     # 80
/// ```
/// ```
/// assert_eq!(pynet::socket::getservbyname("http", Some("tcp"))?, 80);
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `OSError: service/proto not found`.
pub fn getservbyname(servicename: &str, protocolname: Option<&str>) -> Result<u16> {
    let name = c_string(servicename)?;
    let proto = protocolname.map(c_string).transpose()?;
    sys::getservbyname(&name, proto.as_deref())
        .ok_or_else(|| Error::new(Exception::OSError, "service/proto not found"))
}

/// The service name of a port, for one protocol (`Some("udp")`) or any (`None`).
///
/// ```python
/// socket.getservbyport(80)    # 'http'
/// ```
/// ```
/// assert_eq!(pynet::socket::getservbyport(80, None)?, "http");
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `OSError: port/proto not found`.
pub fn getservbyport(port: u16, protocolname: Option<&str>) -> Result<String> {
    let proto = protocolname.map(c_string).transpose()?;
    sys::getservbyport(port, proto.as_deref())
        .ok_or_else(|| Error::new(Exception::OSError, "port/proto not found"))
}

/// The number of a protocol, for the `proto` of `Socket::new`.
///
/// ```python
/// socket.getprotobyname("tcp")    # 6
/// ```
/// ```
/// assert_eq!(pynet::socket::getprotobyname("tcp")?, 6);
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `OSError: protocol not found`.
pub fn getprotobyname(protocolname: &str) -> Result<i32> {
    sys::getprotobyname(&c_string(protocolname)?)
        .ok_or_else(|| Error::new(Exception::OSError, "protocol not found"))
}

/// Whether this machine can open IPv6 sockets.
///
/// Python's `socket.has_ipv6` says whether Python was *built* with IPv6 (nearly always
/// `True`); pynet asks the kernel instead, which is what a test that wants `::1` needs.
///
/// ```python
/// socket.has_ipv6         # True
/// ```
/// ```
/// let _ = pynet::socket::has_ipv6();
/// ```
pub fn has_ipv6() -> bool {
    socket2::Socket::new(socket2::Domain::IPV6, socket2::Type::STREAM, None).is_ok()
}

/// Resolves a host name to one address of `family`, as CPython's `setipaddr` does: `""` is
/// the wildcard address, `"<broadcast>"` is 255.255.255.255, numbers skip the resolver, and
/// anything else is the first getaddrinfo answer. The caller has checked the name.
pub(crate) fn setipaddr(name: &str, family: i32) -> Result<IpAddr> {
    if name.is_empty() {
        let service = c_string("0")?;
        let answers = sys::getaddrinfo(None, Some(&service), family, SOCK_DGRAM, 0, AI_PASSIVE)?;
        return match answers.as_slice() {
            [only] => Ok(only.addr.ip()),
            [] => Err(Error::new(Exception::OSError, "unsupported address family")),
            _ => Err(Error::new(
                Exception::OSError,
                "wildcard resolved to multiple address",
            )),
        };
    }
    if name == "255.255.255.255" || name == "<broadcast>" {
        if family != AF_INET && family != AF_UNSPEC {
            return Err(Error::new(Exception::OSError, "address family mismatched"));
        }
        return Ok(Ipv4Addr::BROADCAST.into());
    }
    let c_name = c_string(name)?;
    if family == AF_UNSPEC || family == AF_INET {
        if let Ok(Some(packed)) = sys::inet_pton_c(AF_INET, &c_name) {
            let octets: [u8; 4] = packed.try_into().unwrap_or_default();
            return Ok(Ipv4Addr::from(octets).into());
        }
    }
    // A scope ("fe80::1%eth0") needs the resolver, which knows interface names.
    if (family == AF_UNSPEC || family == AF_INET6) && !name.contains('%') {
        if let Ok(Some(packed)) = sys::inet_pton_c(AF_INET6, &c_name) {
            let octets: [u8; 16] = packed.try_into().unwrap_or_default();
            return Ok(Ipv6Addr::from(octets).into());
        }
    }
    let answers = sys::getaddrinfo(Some(&c_name), None, family, 0, 0, 0)?;
    answers
        .first()
        .map(|answer| answer.addr.ip())
        .ok_or_else(|| Error::new(Exception::OSError, "unknown address family"))
}
