//! Lesson 13's program, `dns_records`, against dnsmasq serving the test zone `pynet.test` on
//! loopback: what it prints must be what dnsmasq was told to serve, and what a Python program
//! doing the same look-ups with dnspython prints. Nothing here reaches the internet.

mod util;

#[path = "../../tests/util/dnsmasq.rs"]
mod dnsmasq;
#[path = "../../tests/util/peer.rs"]
mod peer;

use std::collections::BTreeSet;

use dnsmasq::Dnsmasq;
use util::Output;

const DNS_RECORDS: &str = env!("CARGO_BIN_EXE_dns_records");

/// The Python that prints what `dns_records` prints, with dnspython, which only the system's
/// python3 has: `/usr/bin/python3 -c PY_DNS_RECORDS SERVER PORT NAME IP`.
const PY_DNS_RECORDS: &str = r#"
import sys
import dns.resolver, dns.reversename

server, port, name, ip = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
resolver = dns.resolver.Resolver(configure=False)
resolver.nameservers = [server]
resolver.port = port

def text(name):
    return name.to_text(omit_final_dot=True)

def output(record_type, query, lookup, show):
    try:
        records = list(lookup())
    except dns.resolver.NoAnswer:
        records = []
    print(record_type, "records for", query)
    for record in records:
        print("   ", show(record))

def records(query, rdtype):
    return lambda: resolver.resolve(query, rdtype)

output("CNAME", name, records(name, "CNAME"), lambda r: text(r.target))
output("A", name, records(name, "A"), lambda r: r.address)
output("AAAA", name, records(name, "AAAA"), lambda r: r.address)
output("TXT", name, records(name, "TXT"), lambda r: repr(tuple(r.strings)))
output("MX", name, records(name, "MX"),
       lambda r: f"MX(preference={r.preference}, exchange='{text(r.exchange)}')")
arpa = text(dns.reversename.from_address(ip))
output("PTR", arpa, records(arpa, "PTR"), lambda r: text(r.target))
output("PTR (using reverse_lookup() helper)", ip, lambda: resolver.resolve_address(ip),
       lambda r: text(r.target))
"#;

/// Where dnspython lives: the system's python3 (`apt-get install python3-dnspython`).
const SYSTEM_PYTHON: &str = "/usr/bin/python3";

/// Runs `dns_records` against `server` for `name` and `ip`.
fn dns_records(server: &Dnsmasq, name: &str, ip: &str) -> Output {
    let port = server.port().to_string();
    let args = [
        "--server",
        "127.0.0.1",
        "--port",
        &port,
        "--name",
        name,
        "--ip",
        ip,
    ];
    util::run(DNS_RECORDS, &args, 30)
}

/// A heading and the records under it, in the order printed.
type Section = (String, Vec<String>);

/// Splits what `dns_records` printed into its sections.
fn sections(stdout: &str) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    for line in stdout.lines() {
        match (line.strip_prefix("    "), sections.last_mut()) {
            (Some(record), Some((_, records))) => records.push(record.to_string()),
            (Some(_), None) => panic!("a record before any heading: {stdout}"),
            (None, _) => sections.push((line.to_string(), Vec::new())),
        }
    }
    sections
}

/// The sections with each one's records as a set: a DNS server may send a set in any order.
fn as_sets(sections: Vec<Section>) -> Vec<(String, BTreeSet<String>)> {
    sections
        .into_iter()
        .map(|(heading, records)| (heading, records.into_iter().collect()))
        .collect()
}

/// One expected section: its heading and records.
fn section(heading: String, records: &[impl ToString]) -> (String, BTreeSet<String>) {
    (heading, records.iter().map(ToString::to_string).collect())
}

/// What the zone holds for `name` (an alias of the apex) and for the apex's address, in the
/// format `dns_records` prints.
fn expected_for_apex(name: &str, ip: &str, arpa: &str) -> Vec<(String, BTreeSet<String>)> {
    let apex = [dnsmasq::APEX];
    let txt: Vec<String> = dnsmasq::TXT
        .iter()
        .map(|strings| match strings {
            [one] => format!("(b'{one}',)"),
            many => format!("(b'{}')", many.join("', b'")),
        })
        .collect();
    let mx: Vec<String> = dnsmasq::MX
        .iter()
        .map(|(preference, exchange)| format!("MX(preference={preference}, exchange='{exchange}')"))
        .collect();
    vec![
        section(format!("CNAME records for {name}"), &apex),
        section(format!("A records for {name}"), &[dnsmasq::APEX_A]),
        section(format!("AAAA records for {name}"), &[dnsmasq::APEX_AAAA]),
        section(format!("TXT records for {name}"), &txt),
        section(format!("MX records for {name}"), &mx),
        section(format!("PTR records for {arpa}"), &apex),
        section(
            format!("PTR (using reverse_lookup() helper) records for {ip}"),
            &apex,
        ),
    ]
}

/// Python's `ipaddress.ip_address(ip).reverse_pointer`.
fn reverse_pointer(ip: &str) -> String {
    util::python(
        "import ipaddress, sys; print(ipaddress.ip_address(sys.argv[1]).reverse_pointer)",
        &[ip],
    )
}

#[test]
fn dns_records_prints_what_dnsmasq_serves() {
    let Some(server) = Dnsmasq::start("dns_records_prints_what_dnsmasq_serves") else {
        return;
    };
    let out = dns_records(&server, dnsmasq::WWW, dnsmasq::APEX_A);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(out.stderr, "");
    let arpa = reverse_pointer(dnsmasq::APEX_A);
    assert_eq!(arpa, "1.2.0.192.in-addr.arpa");
    assert_eq!(
        as_sets(sections(&out.stdout)),
        expected_for_apex(dnsmasq::WWW, dnsmasq::APEX_A, &arpa),
        "{}",
        out.stdout
    );
}

#[test]
fn dns_records_looks_up_an_ipv6_address_backwards() {
    let Some(server) = Dnsmasq::start("dns_records_looks_up_an_ipv6_address_backwards") else {
        return;
    };
    let ip = dnsmasq::APEX_AAAA;
    let out = dns_records(&server, dnsmasq::APEX, ip);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let printed = sections(&out.stdout);
    let arpa = reverse_pointer(ip);
    assert!(arpa.ends_with(".ip6.arpa"), "{arpa}");
    let apex = vec![dnsmasq::APEX.to_string()];
    assert_eq!(
        printed[5],
        (format!("PTR records for {arpa}"), apex.clone())
    );
    assert_eq!(
        printed[6],
        (
            format!("PTR (using reverse_lookup() helper) records for {ip}"),
            apex
        )
    );
    // The apex is no alias: its CNAME section is empty, and its A record is there.
    assert_eq!(
        printed[0],
        (format!("CNAME records for {}", dnsmasq::APEX), vec![])
    );
    assert_eq!(printed[1].1, [dnsmasq::APEX_A]);
}

#[test]
fn dns_records_agrees_with_dnspython() {
    let test = "dns_records_agrees_with_dnspython";
    let Some(server) = Dnsmasq::start(test) else {
        return;
    };
    let has_dnspython = util::run(SYSTEM_PYTHON, &["-c", "import dns.resolver"], 10);
    if has_dnspython.code != Some(0) {
        let why =
            "dnspython is not installed for /usr/bin/python3 (apt-get install python3-dnspython)";
        assert!(
            !peer::required(),
            "{test}: {why}, and PYNET_REQUIRE_PEERS=1"
        );
        println!("skipped {test}: {why}");
        return;
    }
    for (name, ip) in [
        (dnsmasq::WWW, dnsmasq::APEX_A),
        (dnsmasq::MULTI, dnsmasq::MULTI_A[1]),
        (dnsmasq::CHAIN[0], dnsmasq::APEX_AAAA),
    ] {
        let ours = dns_records(&server, name, ip);
        assert_eq!(ours.code, Some(0), "stderr: {}", ours.stderr);
        let port = server.port().to_string();
        let args = ["-c", PY_DNS_RECORDS, "127.0.0.1", &port, name, ip];
        let python = util::run(SYSTEM_PYTHON, &args, 30);
        assert_eq!(python.code, Some(0), "dnspython failed: {}", python.stderr);
        assert_eq!(
            as_sets(sections(&ours.stdout)),
            as_sets(sections(&python.stdout)),
            "for {name} and {ip}: ours, then dnspython's"
        );
    }
}

#[test]
fn a_failed_look_up_is_reported_and_the_others_go_on() {
    let Some(server) = Dnsmasq::start("a_failed_look_up_is_reported_and_the_others_go_on") else {
        return;
    };
    let name = dnsmasq::MISSING;
    let out = dns_records(&server, name, dnsmasq::PTR_IP);
    assert_eq!(out.code, Some(1), "a failed look-up fails the program");
    let errors: String = ["CNAME", "A", "AAAA", "TXT", "MX"]
        .iter()
        .map(|kind| format!("{kind} records for {name}: idiokit.dns.ResponseError: name error\n"))
        .collect();
    assert_eq!(out.stderr, errors);
    assert_eq!(
        out.stdout,
        format!(
            "PTR records for {arpa}\n    {target}\n\
             PTR (using reverse_lookup() helper) records for {ip}\n    {target}\n",
            arpa = dnsmasq::PTR_NAME,
            target = dnsmasq::PTR_TARGET,
            ip = dnsmasq::PTR_IP,
        )
    );
}

#[test]
fn a_name_without_such_records_prints_an_empty_section() {
    let Some(server) = Dnsmasq::start("a_name_without_such_records_prints_an_empty_section") else {
        return;
    };
    let out = dns_records(&server, dnsmasq::V6_ONLY, dnsmasq::V6_ONLY_AAAA);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let printed = sections(&out.stdout);
    let name = dnsmasq::V6_ONLY;
    assert_eq!(printed[1], (format!("A records for {name}"), vec![]));
    assert_eq!(printed[2].1, [dnsmasq::V6_ONLY_AAAA]);
    assert_eq!(printed[6].1, [dnsmasq::V6_ONLY]);
}

#[test]
fn an_ip_that_is_not_an_address_is_a_value_error() {
    let Some(server) = Dnsmasq::start("an_ip_that_is_not_an_address_is_a_value_error") else {
        return;
    };
    let out = dns_records(&server, dnsmasq::APEX, "test");
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stderr,
        "PTR (using reverse_lookup() helper) records for test: \
         ValueError: 'test' does not appear to be an IPv4 or IPv6 address\n"
    );
    assert!(out.stdout.starts_with("CNAME records for pynet.test\n"));
}

#[test]
fn a_server_that_is_not_an_ip_address_is_refused() {
    let out = util::run(DNS_RECORDS, &["--server", "dns.example"], 10);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stderr.starts_with("--server dns.example: ValueError: "),
        "{}",
        out.stderr
    );
    assert_eq!(out.stdout, "");
}

#[test]
fn listings_have_their_anchors() {
    util::assert_anchors("dns_records", &["output", "lookups"]);
}
