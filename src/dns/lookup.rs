//! idiokit's look-up functions: one per record type, reverse look-ups, host look-ups and the
//! RFC 2782 order of SRV records.

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use super::conf::hosts_name_to_ips;
use super::records::{
    MX, RData, SRV, TXT, TYPE_A, TYPE_AAAA, TYPE_CNAME, TYPE_MX, TYPE_PTR, TYPE_SRV, TYPE_TXT,
};
use super::resolver::{Resolver, resolver_or_system};
use crate::socket::{AF_INET, AF_INET6, Error, Exception, Result, inet_ntop, inet_pton};

/// The data of the `type_` records of `name`, each turned into a `T` by `pick`.
fn records<T>(
    name: &str,
    type_: u16,
    resolver: Option<&Resolver>,
    pick: impl Fn(RData) -> Option<T>,
) -> Result<Vec<T>> {
    let answer = resolver_or_system(resolver).query(name, type_)?;
    Ok(answer
        .records
        .into_iter()
        .filter_map(|record| pick(record.data))
        .collect())
}

/// The IPv4 addresses of `name`, as idiokit's `a(name, resolver=None)`; `None` is the
/// system's resolver (/etc/resolv.conf). A name with no A record gives an empty list, as in
/// idiokit.
///
/// ```python
/// ips = yield idiokit.dns.a("pynet.test")        # ['192.0.2.1']
/// ```
/// ```no_run
/// let ips = pynet::dns::a("pynet.test", None)?;  // ["192.0.2.1"]
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// See [`Resolver::query`]: `timed out`, `ResponseError` (`name error`, ...), `CNAME loop`,
/// a bad name.
pub fn a(name: &str, resolver: Option<&Resolver>) -> Result<Vec<String>> {
    records(name, TYPE_A, resolver, |data| match data {
        RData::A(ip) => inet_ntop(AF_INET, &ip.octets()).ok(),
        _ => None,
    })
}

/// The IPv6 addresses of `name`, as idiokit's `aaaa(name, resolver=None)`; see [`a`].
pub fn aaaa(name: &str, resolver: Option<&Resolver>) -> Result<Vec<String>> {
    records(name, TYPE_AAAA, resolver, |data| match data {
        RData::AAAA(ip) => inet_ntop(AF_INET6, &ip.octets()).ok(),
        _ => None,
    })
}

/// The names `name` is an alias of (its CNAME records, not followed further); see [`a`].
pub fn cname(name: &str, resolver: Option<&Resolver>) -> Result<Vec<String>> {
    records(name, TYPE_CNAME, resolver, |data| match data {
        RData::CNAME(target) => Some(target),
        _ => None,
    })
}

/// The TXT records of `name`, each with its strings, as idiokit's `txt(name)`; see [`a`].
pub fn txt(name: &str, resolver: Option<&Resolver>) -> Result<Vec<TXT>> {
    records(name, TYPE_TXT, resolver, |data| match data {
        RData::TXT(txt) => Some(txt),
        _ => None,
    })
}

/// The MX records of `name`, lowest preference (tried first) first; see [`a`].
pub fn mx(name: &str, resolver: Option<&Resolver>) -> Result<Vec<MX>> {
    let mut exchanges = records(name, TYPE_MX, resolver, |data| match data {
        RData::MX(mx) => Some(mx),
        _ => None,
    })?;
    exchanges.sort_by_key(|mx| mx.preference);
    Ok(exchanges)
}

/// The SRV records of `name` (`_service._proto.domain`) in the order to try them, as
/// idiokit's `ordered_srv_records(srv(name))`; see [`ordered_srv_records`] and [`a`].
///
/// ```python
/// records = yield idiokit.dns.srv("_xmpp-client._tcp.pynet.test")
/// for record in idiokit.dns.ordered_srv_records(records): ...
/// ```
/// ```no_run
/// for record in pynet::dns::srv("_xmpp-client._tcp.pynet.test", None)? {
///     println!("{}:{}", record.target, record.port);
/// }
/// # Ok::<(), pynet::socket::Error>(())
/// ```
pub fn srv(name: &str, resolver: Option<&Resolver>) -> Result<Vec<SRV>> {
    let found = records(name, TYPE_SRV, resolver, |data| match data {
        RData::SRV(srv) => Some(srv),
        _ => None,
    })?;
    ordered_srv_records(found)
}

/// SRV records in RFC 2782's order, as idiokit's `ordered_srv_records`: priorities from the
/// lowest; within one, a weighted random draw (a record of weight 60 comes before one of
/// weight 20 three times in four; weight 0 rarely first). A lone record with target `""`
/// (".") means the service is not offered: no records.
///
/// ```
/// use pynet::dns::{SRV, ordered_srv_records};
/// let srv = |priority, weight, target: &str| SRV { priority, weight, port: 5222, target: target.into() };
/// let ordered = ordered_srv_records(vec![srv(20, 0, "c"), srv(10, 60, "a"), srv(10, 20, "b")])?;
/// assert_eq!(ordered[2].target, "c");
/// assert!(ordered_srv_records(vec![srv(0, 0, "")])?.is_empty());
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `OSError` if the system's random numbers are not available.
pub fn ordered_srv_records(mut records: Vec<SRV>) -> Result<Vec<SRV>> {
    if let [only] = records.as_slice() {
        if only.target.is_empty() {
            return Ok(Vec::new());
        }
    }
    // Weight 0 first within each priority, as RFC 2782 asks before the draws.
    records.sort_by_key(|record| (record.priority, record.weight));
    let mut ordered = Vec::with_capacity(records.len());
    while let Some(priority) = records.first().map(|record| record.priority) {
        let count = records
            .iter()
            .take_while(|r| r.priority == priority)
            .count();
        let mut group: Vec<SRV> = records.drain(..count).collect();
        while !group.is_empty() {
            let index = weighted_pick(&group)?;
            ordered.push(group.remove(index));
        }
    }
    Ok(ordered)
}

/// RFC 2782's draw: a number from 0 to the sum of the weights, and the first record whose
/// running sum reaches it.
fn weighted_pick(group: &[SRV]) -> Result<usize> {
    let total: u64 = group.iter().map(|record| u64::from(record.weight)).sum();
    let draw = random_u64()? % (total + 1);
    let mut running = 0;
    for (index, record) in group.iter().enumerate() {
        running += u64::from(record.weight);
        if running >= draw {
            return Ok(index);
        }
    }
    Ok(group.len() - 1)
}

/// A random number from the system's generator.
fn random_u64() -> Result<u64> {
    getrandom::u64().map_err(|e| Error::new(Exception::OSError, format!("no random numbers: {e}")))
}

/// The names the PTR records of `name` point to, as idiokit's `ptr(name)`; see [`a`].
pub fn ptr(name: &str, resolver: Option<&Resolver>) -> Result<Vec<String>> {
    records(name, TYPE_PTR, resolver, |data| match data {
        RData::PTR(target) => Some(target),
        _ => None,
    })
}

/// The reverse-lookup name of an IP address, as Python's
/// `ipaddress.ip_address(ip).reverse_pointer`: `1.2.0.192.in-addr.arpa`, or 32 nibbles under
/// `ip6.arpa`.
///
/// ```python
/// ipaddress.ip_address("192.0.2.1").reverse_pointer    # '1.2.0.192.in-addr.arpa'
/// ```
/// ```
/// use pynet::dns::reverse_name;
/// assert_eq!(reverse_name("192.0.2.1")?, "1.2.0.192.in-addr.arpa");
/// assert!(reverse_name("2001:db8::1")?.starts_with("1.0.0.0.0.0.0.0"));
/// assert!(reverse_name("test").is_err());
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `ValueError: 'test' does not appear to be an IPv4 or IPv6 address`.
pub fn reverse_name(ip: &str) -> Result<String> {
    let (_, packed) = parse_ip(ip)?;
    let mut labels: Vec<String> = Vec::new();
    let zone = if packed.len() == 4 {
        labels.extend(packed.iter().rev().map(|byte| byte.to_string()));
        "in-addr.arpa"
    } else {
        for byte in packed.iter().rev() {
            labels.push(format!("{:x}", byte & 0xf));
            labels.push(format!("{:x}", byte >> 4));
        }
        "ip6.arpa"
    };
    labels.push(zone.to_string());
    Ok(labels.join("."))
}

/// The names an IP address points back to, as idiokit's `reverse_lookup(ip)`: the PTR
/// records of its [`reverse_name`]; see [`a`].
pub fn reverse_lookup(ip: &str, resolver: Option<&Resolver>) -> Result<Vec<String>> {
    ptr(&reverse_name(ip)?, resolver)
}

/// `(family, packed)` for an IPv4 or IPv6 address, as idiokit's `parse_ip` (inet_pton).
fn parse_ip(ip: &str) -> Result<(i32, Vec<u8>)> {
    [AF_INET, AF_INET6]
        .into_iter()
        .find_map(|family| inet_pton(family, ip).ok().map(|packed| (family, packed)))
        .ok_or_else(|| {
            Error::new(
                Exception::ValueError,
                format!("'{ip}' does not appear to be an IPv4 or IPv6 address"),
            )
        })
}

/// `(family, ip)` for `ip` if it is an IP address, in its usual text form.
fn ip_literal(ip: &str) -> Option<(i32, String)> {
    let (family, packed) = parse_ip(ip).ok()?;
    Some((family, inet_ntop(family, &packed).ok()?))
}

/// The addresses of `host` as `(family, ip)` pairs, as idiokit's `host_lookup(host)`: an IP
/// address is its own answer; else /etc/hosts; else the A and then the AAAA records.
///
/// ```python
/// results = yield idiokit.dns.host_lookup("localhost")   # [(2, '127.0.0.1')]
/// ```
/// ```
/// use pynet::dns::host_lookup;
/// use pynet::socket::AF_INET;
/// assert_eq!(host_lookup("192.0.2.1", None)?, [(AF_INET, "192.0.2.1".to_string())]);
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// The A look-up's error when both the A and AAAA look-ups fail; with one failing, the
/// other's addresses.
pub fn host_lookup(host: &str, resolver: Option<&Resolver>) -> Result<Vec<(i32, String)>> {
    HostLookup::new("/etc/hosts").host_lookup(host, resolver)
}

/// [`host_lookup`] with another hosts file, as idiokit's `HostLookup(hosts_file)`.
#[derive(Clone, Debug)]
pub struct HostLookup {
    hosts_file: PathBuf,
}

impl HostLookup {
    /// Looks names up in the hosts file at `hosts_file` before asking DNS.
    pub fn new(hosts_file: impl AsRef<Path>) -> HostLookup {
        HostLookup {
            hosts_file: hosts_file.as_ref().to_path_buf(),
        }
    }

    /// See [`host_lookup`].
    pub fn host_lookup(
        &self,
        host: &str,
        resolver: Option<&Resolver>,
    ) -> Result<Vec<(i32, String)>> {
        if let Some(literal) = ip_literal(host) {
            return Ok(vec![literal]);
        }
        let from_file: Vec<(i32, String)> = hosts_name_to_ips(&self.hosts_file, host)
            .into_iter()
            .filter_map(|ip: IpAddr| ip_literal(&ip.to_string()))
            .collect();
        if !from_file.is_empty() {
            return Ok(from_file);
        }
        let v4 = a(host, resolver);
        let v6 = aaaa(host, resolver);
        let (v4, v6) = match (v4, v6) {
            (Err(e), Err(_)) => return Err(e),
            (v4, v6) => (v4.unwrap_or_default(), v6.unwrap_or_default()),
        };
        let tagged = |family: i32| move |ip: String| (family, ip);
        Ok(v4
            .into_iter()
            .map(tagged(AF_INET))
            .chain(v6.into_iter().map(tagged(AF_INET6)))
            .collect())
    }
}
