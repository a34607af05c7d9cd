//! Differential tests: the look-up functions (hosts, services, protocols, getaddrinfo,
//! getnameinfo, interfaces) against CPython's on the same machine.
//!
//! Most names here resolve from /etc/hosts, /etc/services and /etc/protocols. A few cases are
//! meant not to resolve at all (`nonexistent.invalid`); those may reach the configured DNS
//! server, and Python and pynet then get the same answer from it.

mod util;

use pynet::socket::{
    self, AF_INET, AF_INET6, AF_UNIX, AF_UNSPEC, AI_ADDRCONFIG, AI_CANONNAME, AI_NUMERICHOST,
    AI_NUMERICSERV, AI_PASSIVE, AI_V4MAPPED, Address, NI_DGRAM, NI_NAMEREQD, NI_NOFQDN,
    NI_NUMERICHOST, NI_NUMERICSERV, SOCK_DGRAM, SOCK_RAW, SOCK_STREAM,
};
use serde_json::{Value, json};
use util::Parity;

/// Host names answered without asking DNS, for IPv4 or any family: /etc/hosts names, numbers
/// in every form, and names refused before any look-up. (Measured: each of these takes
/// microseconds.) An IPv6-only look-up of a name may still reach DNS, since /etc/hosts need
/// not list `::1`: see [`HOSTS_FILE_NAMES`].
const LOCAL_HOSTS: &[&str] = &[
    "localhost",
    "LOCALHOST",
    "127.0.0.1",
    "127.1",
    "0x7f.1",
    "0177.0.0.1",
    "2130706433",
    "1.2.3",
    "127.0.0.1 trailing",
    "",
    " ",
    "<broadcast>",
    "255.255.255.255",
    "0.0.0.0",
    "::1",
    "::",
    "::ffff:127.0.0.1",
    "fe80::1%lo",
    "fe80::1%nope",
    "a..b",
    ".",
    ".a",
    "\0",
    "1.2.3.4\0trailing",
];

/// The names in LOCAL_HOSTS that /etc/hosts may answer only for IPv4.
const HOSTS_FILE_NAMES: &[&str] = &["localhost", "LOCALHOST"];

/// Names that may reach the DNS server (each costs a round trip, or a resolver timeout when
/// there is no server): malformed numbers, names in no hosts file, and this machine's own
/// name (which CI machines may lack in /etc/hosts). Compared once each, not in products.
fn resolver_hosts() -> Vec<String> {
    let hostname = socket::gethostname().expect("gethostname");
    let mut hosts: Vec<String> = [
        "localhost.",
        "256.1.1.1",
        "1.2.3.4.5",
        "a\0b",
        "nonexistent.invalid",
        "no-such-host.invalid.",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    hosts.push(hostname.to_uppercase());
    hosts.push(hostname);
    hosts.push("x".repeat(63));
    hosts.push("x".repeat(64));
    hosts.push(format!("{}.{}", "x".repeat(63), "y".repeat(64)));
    hosts
}

fn host_tuple((name, aliases, addresses): (String, Vec<String>, Vec<String>)) -> Value {
    json!([name, aliases, addresses])
}

#[test]
fn gethostname_matches_python() {
    let mut table = Parity::new("gethostname");
    table.case(
        "gethostname",
        json!([]),
        socket::gethostname().map(Value::String),
    );
    table.check();
}

#[test]
fn gethostbyname_family_matches_python() {
    let mut table = Parity::new("gethostbyname/gethostbyname_ex/gethostbyaddr/getfqdn");
    let hosts = LOCAL_HOSTS
        .iter()
        .map(|s| s.to_string())
        .chain(resolver_hosts());
    for host in hosts {
        let args = json!([host]);
        table.case(
            "gethostbyname",
            args.clone(),
            socket::gethostbyname(&host).map(Value::String),
        );
        table.case(
            "gethostbyname_ex",
            args.clone(),
            socket::gethostbyname_ex(&host).map(host_tuple),
        );
        table.case(
            "gethostbyaddr",
            args.clone(),
            socket::gethostbyaddr(&host).map(host_tuple),
        );
        table.case("getfqdn", args, socket::getfqdn(&host).map(Value::String));
    }
    table.check();
}

/// The names in a netdb file (/etc/services, /etc/protocols): first word of each line, and
/// the aliases after the number.
fn netdb_names(path: &str) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("{path} is missing: its names are left out of the table");
        return Vec::new();
    };
    let mut names = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("");
        let mut words = line.split_whitespace();
        if let Some(name) = words.next() {
            names.push(name.to_string());
            names.extend(words.skip(1).map(str::to_string));
        }
    }
    names.sort();
    names.dedup();
    names
}

const PROTOCOL_NAMES: &[Option<&str>] = &[
    None,
    Some("tcp"),
    Some("udp"),
    Some("sctp"),
    Some("TCP"),
    Some("xyz"),
    Some(""),
    Some("t\0cp"),
];

/// Python's arguments for a service look-up: pynet's `None` is Python's omitted argument.
fn with_proto(first: Value, proto: Option<&str>) -> Value {
    match proto {
        Some(proto) => json!([first, proto]),
        None => json!([first]),
    }
}

#[test]
fn getservbyname_matches_python() {
    let mut table = Parity::new("getservbyname");
    let odd = ["", "nope", "HTTP", "http ", "80", "a\0b", "www-http"].map(str::to_string);
    for name in netdb_names("/etc/services").into_iter().chain(odd) {
        for proto in PROTOCOL_NAMES {
            let ours = socket::getservbyname(&name, *proto).map(|port| json!(port));
            table.case("getservbyname", with_proto(json!(name), *proto), ours);
        }
    }
    table.check();
}

#[test]
fn getservbyport_matches_python() {
    let mut table = Parity::new("getservbyport");
    let ports = (0..=1100u16).chain([1433, 3306, 5432, 6379, 8080, 11211, 27017, 65535]);
    for port in ports {
        for proto in PROTOCOL_NAMES {
            let ours = socket::getservbyport(port, *proto).map(Value::String);
            table.case("getservbyport", with_proto(json!(port), *proto), ours);
        }
    }
    table.check();
}

#[test]
fn getprotobyname_matches_python() {
    let mut table = Parity::new("getprotobyname");
    let odd = ["", "nope", "TCP", "Tcp", "6", "tcp ", "t\0cp", "ipv6-icmp"].map(str::to_string);
    for name in netdb_names("/etc/protocols").into_iter().chain(odd) {
        let ours = socket::getprotobyname(&name).map(|number| json!(number));
        table.case("getprotobyname", json!([name]), ours);
    }
    table.check();
}

/// A port as Python's getaddrinfo takes it: a number, a string, or None.
#[derive(Clone, Copy)]
enum Port {
    Number(u16),
    Text(&'static str),
    Nothing,
}

impl Port {
    fn json(self) -> Value {
        match self {
            Port::Number(n) => json!(n),
            Port::Text(s) => json!(s),
            Port::Nothing => Value::Null,
        }
    }
}

/// pynet's getaddrinfo, printed as Python prints the list.
fn getaddrinfo_repr(
    host: Option<&str>,
    port: Port,
    family: i32,
    type_: i32,
    proto: i32,
    flags: i32,
) -> socket::Result<String> {
    let infos = match port {
        Port::Number(n) => socket::getaddrinfo(host, n, family, type_, proto, flags),
        Port::Text(s) => socket::getaddrinfo(host, s, family, type_, proto, flags),
        Port::Nothing => socket::getaddrinfo(host, None::<u16>, family, type_, proto, flags),
    }?;
    let items: Vec<String> = infos.iter().map(ToString::to_string).collect();
    Ok(format!("[{}]", items.join(", ")))
}

#[test]
fn getaddrinfo_matches_python() {
    let mut table = Parity::new("getaddrinfo");
    let hosts: Vec<Option<&str>> = std::iter::once(None)
        .chain(LOCAL_HOSTS.iter().copied().map(Some))
        .collect();
    let ports = [
        Port::Nothing,
        Port::Number(0),
        Port::Number(80),
        Port::Number(65535),
        Port::Text("http"),
        Port::Text("80"),
        Port::Text("nope"),
        Port::Text(""),
        Port::Text("-1"),
        Port::Text("70000"),
        Port::Text("8\0x"),
    ];
    let families = [AF_UNSPEC, AF_INET, AF_INET6, AF_UNIX, 99];
    let types = [0, SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, 99];
    let flag_sets = [
        0,
        AI_PASSIVE,
        AI_CANONNAME,
        AI_NUMERICHOST,
        AI_NUMERICSERV,
        AI_ADDRCONFIG,
        AI_V4MAPPED,
        AI_PASSIVE | AI_CANONNAME,
        0xffff,
    ];
    for host in &hosts {
        for &port in &ports {
            for &family in &families {
                if family == AF_INET6 && host.is_some_and(|h| HOSTS_FILE_NAMES.contains(&h)) {
                    continue;
                }
                for &type_ in &types {
                    // The flags vary over a narrower product to keep the table quick.
                    let flags = if family == AF_UNSPEC && type_ == 0 {
                        &flag_sets[..]
                    } else {
                        &flag_sets[..1]
                    };
                    for &flag in flags {
                        let ours = getaddrinfo_repr(*host, port, family, type_, 0, flag);
                        let args = json!([host, port.json(), family, type_, 0, flag]);
                        table.case_repr("getaddrinfo", args, ours);
                    }
                }
            }
        }
    }
    let resolver_cases = resolver_hosts()
        .into_iter()
        .map(|host| (host, AF_UNSPEC))
        .chain(
            HOSTS_FILE_NAMES
                .iter()
                .map(|host| (host.to_string(), AF_INET6)),
        );
    for (host, family) in resolver_cases {
        let ours = getaddrinfo_repr(Some(&host), Port::Number(80), family, SOCK_STREAM, 0, 0);
        let args = json!([host, 80, family, SOCK_STREAM, 0, 0]);
        table.case_repr("getaddrinfo", args, ours);
    }
    for proto in [0, 6, 17, 132, 255, 9999] {
        let ours = getaddrinfo_repr(Some("localhost"), Port::Number(80), AF_INET, 0, proto, 0);
        table.case_repr(
            "getaddrinfo",
            json!(["localhost", 80, AF_INET, 0, proto, 0]),
            ours,
        );
    }
    table.check();
}

#[test]
fn getnameinfo_matches_python() {
    let mut table = Parity::new("getnameinfo");
    // Addresses whose reverse look-up /etc/hosts answers, or that fail before any look-up.
    let local: Vec<(Value, Address)> = vec![
        (json!(["127.0.0.1", 80]), ("127.0.0.1", 80).into()),
        (json!(["127.0.0.1", 0]), ("127.0.0.1", 0).into()),
        (json!(["127.0.0.1", 53]), ("127.0.0.1", 53).into()),
        (json!(["127.0.0.1", 65535]), ("127.0.0.1", 65535).into()),
        (
            json!(["127.0.0.1", 80, 0, 0]),
            ("127.0.0.1", 80, 0, 0).into(),
        ),
        (json!(["127.1", 22]), ("127.1", 22).into()),
        (
            json!(["::1", 443, 0x100000, 0]),
            ("::1", 443, 0x100000, 0).into(),
        ),
        (json!(["localhost", 80]), ("localhost", 80).into()),
        (json!(["", 80]), ("", 80).into()),
        (json!(["a\0b", 80]), ("a\0b", 80).into()),
        (json!("/tmp/unix.sock"), "/tmp/unix.sock".into()),
    ];
    // Addresses /etc/hosts may not name: asked for numbers, so that no case reaches DNS.
    let numeric_only: Vec<(Value, Address)> = vec![
        (json!(["::1", 80]), ("::1", 80).into()),
        (json!(["::1", 443, 0, 0]), ("::1", 443, 0, 0).into()),
        (json!(["::1", 443, 5, 0]), ("::1", 443, 5, 0).into()),
        (json!(["fe80::1", 80, 0, 1]), ("fe80::1", 80, 0, 1).into()),
        (json!(["fe80::1%lo", 80]), ("fe80::1%lo", 80).into()),
        (json!(["1.2.3", 80]), ("1.2.3", 80).into()),
    ];
    let numeric_flags = [
        NI_NUMERICHOST,
        NI_NUMERICHOST | NI_NUMERICSERV,
        NI_NUMERICHOST | NI_DGRAM,
        NI_NUMERICHOST | NI_NAMEREQD,
        99999,
    ];
    let name_flags = [
        0,
        NI_NUMERICSERV,
        NI_DGRAM,
        NI_NOFQDN,
        NI_NAMEREQD | NI_NUMERICSERV,
    ];
    let cases = local
        .iter()
        .flat_map(|address| {
            numeric_flags
                .iter()
                .chain(&name_flags)
                .map(move |f| (address, *f))
        })
        .chain(
            numeric_only
                .iter()
                .flat_map(|address| numeric_flags.iter().map(move |f| (address, *f))),
        );
    for ((python_address, address), flags) in cases {
        let ours = socket::getnameinfo(address, flags).map(|(host, port)| json!([host, port]));
        table.case("getnameinfo", json!([python_address, flags]), ours);
    }
    // One reverse look-up that may go to DNS.
    let ours = socket::getnameinfo(("::1", 80), 0).map(|(host, port)| json!([host, port]));
    table.case("getnameinfo", json!([["::1", 80], 0]), ours);
    table.check();
}

#[test]
fn interfaces_match_python() {
    let mut table = Parity::new("if_nameindex/if_nametoindex/if_indextoname");
    let interfaces = socket::if_nameindex();
    let as_json = interfaces.clone().map(|list| {
        json!(
            list.iter()
                .map(|(index, name)| json!([index, name]))
                .collect::<Vec<_>>()
        )
    });
    table.case("if_nameindex", json!([]), as_json);
    let names: Vec<String> = interfaces
        .unwrap_or_default()
        .into_iter()
        .map(|(_, name)| name)
        .chain(["nope", "", "lo0", "l\0o"].map(str::to_string))
        .collect();
    for name in &names {
        let ours = socket::if_nametoindex(name).map(|index| json!(index));
        table.case("if_nametoindex", json!([name]), ours);
    }
    for index in 0..=8u32 {
        let ours = socket::if_indextoname(index).map(Value::String);
        table.case("if_indextoname", json!([index]), ours);
    }
    table.case(
        "if_indextoname",
        json!([u32::MAX]),
        socket::if_indextoname(u32::MAX).map(Value::String),
    );
    table.check();
}
