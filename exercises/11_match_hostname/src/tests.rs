//! The checks of exercise 11. Named tables first (each rule of the top of `lib.rs`, and each
//! of Python's error texts), then the same questions put to Python's own functions on many
//! inputs: `ssl._inet_paton`, `ssl._dnsname_match` and `ssl.match_hostname` (present, though
//! deprecated, up to Python 3.11; a check that needs one skips with a message on a Python that
//! no longer has it).

#[path = "../../support.rs"]
mod support;

use super::*;

use pynet::socket::Exception;
use support::python_output;

/// Prints `1` if this python3's ssl module still has the functions the checks compare with.
const PY_HAS_MATCH_HOSTNAME: &str = r#"
import ssl
print(int(all(hasattr(ssl, f) for f in ("match_hostname", "_dnsname_match", "_inet_paton"))))
"#;

/// For each argument: the packed address `ssl._inet_paton` makes of it, as hex, or `None`.
const PY_INET_PATON: &str = r#"
import ssl, sys
for text in sys.argv[1:]:
    try:
        print(ssl._inet_paton(text).hex())
    except ValueError:
        print("None")
"#;

/// For each (pattern, host) pair of arguments: `True`, `False`, or `error: TEXT`.
const PY_DNSNAME_MATCH: &str = r#"
import ssl, sys
args = sys.argv[1:]
for pattern, host in zip(args[::2], args[1::2]):
    try:
        print(ssl._dnsname_match(pattern, host))
    except ssl.CertificateError as e:
        print("error:", e.args[0])
"#;

/// The argument is a JSON list of [entries, host] cases, entries a list of [kind, value]; for
/// each case: `ok`, or `error: TEXT`.
const PY_MATCH_HOSTNAME: &str = r#"
import json, ssl, sys, warnings
warnings.simplefilter("ignore", DeprecationWarning)
for entries, host in json.loads(sys.argv[1]):
    try:
        ssl.match_hostname({"subjectAltName": tuple(map(tuple, entries))}, host)
        print("ok")
    except ssl.CertificateError as e:
        print("error:", e.args[0])
"#;

/// A small, repeatable source of random numbers (xorshift64), so that a failing check fails
/// the same way every time.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Whether python3 here can answer the checks that compare with it; says why not if not.
fn python_has_match_hostname() -> bool {
    let has = python_output(PY_HAS_MATCH_HOSTNAME, &[]).trim() == "1";
    if !has {
        println!("skipped: this python3's ssl has no match_hostname (removed in 3.12)");
    }
    has
}

/// The lines Python prints for `script` with these arguments.
fn python_lines(script: &str, args: &[&str]) -> Vec<String> {
    python_output(script, args)
        .lines()
        .map(str::to_string)
        .collect()
}

/// Checks that `match_hostname(entries, host)` fails with Python's class and `text`.
fn assert_mismatch(entries: &[(&str, &str)], host: &str, text: &str) {
    match match_hostname(entries, host) {
        Ok(()) => panic!("match_hostname({entries:?}, {host:?}) matched; expected {text:?}"),
        Err(e) => {
            assert!(
                e.is_instance(Exception::SSLCertVerificationError),
                "match_hostname({entries:?}, {host:?}): expected a CertificateError, got {e:?}"
            );
            assert_eq!(e.to_string(), text, "match_hostname({entries:?}, {host:?})");
        }
    }
}

/// Checks that `match_hostname(entries, host)` succeeds.
fn assert_matches(entries: &[(&str, &str)], host: &str) {
    if let Err(e) = match_hostname(entries, host) {
        panic!("match_hostname({entries:?}, {host:?}) should match, got: {e}");
    }
}

/// Checks `dnsname_match(pattern, host)` against the expected answer.
fn assert_dnsname(pattern: &str, host: &str, expected: bool) {
    match dnsname_match(pattern, host) {
        Ok(answer) => assert_eq!(answer, expected, "dnsname_match({pattern:?}, {host:?})"),
        Err(e) => panic!("dnsname_match({pattern:?}, {host:?}) failed: {e}"),
    }
}

/// Patterns the checks try, the good and the refused.
const PATTERNS: [&str; 24] = [
    "",
    "example.com",
    "EXAMPLE.com",
    "www.example.com",
    "www.example.com.",
    "*.example.com",
    "*.EXAMPLE.COM",
    "*.com",
    "*",
    "*.",
    "a*",
    "w*.example.com",
    "*w.example.com",
    "*.*.example.com",
    "a.*.com",
    "www.*",
    "*.example.*",
    "a.b",
    "ab.bc",
    "xn--bcher-kva.example",
    "*.xn--bcher-kva.example",
    "127.0.0.1",
    ".example.com",
    "*..com",
];

/// Hosts the checks try.
const HOSTS: [&str; 17] = [
    "example.com",
    "www.example.com",
    "WWW.Example.Com",
    "a.b.example.com",
    "example.com.",
    "com",
    "",
    ".example.com",
    "a.b",
    "ab.bc",
    "www.example.net",
    "localhost",
    "127.0.0.1",
    "xn--bcher-kva.example",
    "foo.xn--bcher-kva.example",
    "w.example.com",
    "a..com",
];

#[test]
fn ip_address_takes_only_what_is_written_exactly_as_an_address() {
    let v4 = |text: &str| text.parse::<std::net::Ipv4Addr>().ok().map(IpAddr::V4);
    let v6 = |text: &str| text.parse::<std::net::Ipv6Addr>().ok().map(IpAddr::V6);
    assert_eq!(
        ip_address("127.0.0.1"),
        v4("127.0.0.1"),
        "ip_address(\"127.0.0.1\")"
    );
    assert_eq!(ip_address("::1"), v6("::1"), "ip_address(\"::1\")");
    assert_eq!(
        ip_address("0:0:0:0:0:0:0:1"),
        v6("::1"),
        "the long form of ::1"
    );
    for text in [
        "127.1",
        "01.2.3.4",
        "1.2.3.4 ",
        "fe80::1%eth0",
        "localhost",
        "",
    ] {
        assert_eq!(
            ip_address(text),
            None,
            "ip_address({text:?}) is not an address"
        );
    }
}

#[test]
fn ip_address_agrees_with_python() {
    let texts = [
        "127.0.0.1",
        "0.0.0.0",
        "255.255.255.255",
        "192.30.252.130",
        "127.1",
        "127.0.1",
        "01.2.3.4",
        "1.2.3.4 ",
        " 1.2.3.4",
        "1.2.3.256",
        "1.2.3.4.5",
        "0x7f.0.0.1",
        "::1",
        "::",
        "0:0:0:0:0:0:0:1",
        "0000:0000:0000:0000:0000:0000:0000:0001",
        "0001::1",
        "00001::1",
        "::ffff:1.2.3.4",
        "::1.2.3.04",
        "1::2::3",
        "FE80::1",
        "fe80::1%eth0",
        "[::1]",
        "1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7:8:9",
        "localhost",
        "github.com",
        "",
    ];
    let ours: Vec<String> = texts
        .iter()
        .map(|text| match ip_address(text) {
            Some(IpAddr::V4(ip)) => hex(&ip.octets()),
            Some(IpAddr::V6(ip)) => hex(&ip.octets()),
            None => "None".to_string(),
        })
        .collect();
    if !python_has_match_hostname() {
        return;
    }
    let python = python_lines(PY_INET_PATON, &texts);
    compare(&texts, &ours, &python, "ip_address");
}

/// `bytes.hex()`.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn dnsname_match_compares_whole_names_ignoring_case() {
    assert_dnsname("example.com", "example.com", true);
    assert_dnsname("Example.COM", "example.com", true);
    assert_dnsname("example.com", "www.example.com", false);
    assert_dnsname("www.example.com", "example.com", false);
    assert_dnsname("", "", false);
}

#[test]
fn dnsname_match_takes_a_wildcard_as_one_whole_leftmost_label() {
    assert_dnsname("*.example.com", "www.example.com", true);
    assert_dnsname("*.example.com", "WWW.EXAMPLE.COM", true);
    assert_dnsname("*.example.com", "example.com", false);
    assert_dnsname("*.example.com", "a.b.example.com", false);
    assert_dnsname("*.example.com", ".example.com", false);
    assert_dnsname("*.example.com", "www.example.net", false);
}

#[test]
fn dnsname_match_refuses_the_wildcards_python_refuses() {
    let cases = [
        (
            "*.*.example.com",
            "too many wildcards in certificate DNS name: '*.*.example.com'.",
        ),
        (
            "a.*.com",
            "wildcard can only be present in the leftmost label: 'a.*.com'.",
        ),
        (
            "*",
            "sole wildcard without additional labels are not support: '*'.",
        ),
        (
            "a*",
            "sole wildcard without additional labels are not support: 'a*'.",
        ),
        (
            "w*.example.com",
            "partial wildcards in leftmost label are not supported: 'w*.example.com'.",
        ),
    ];
    for (pattern, text) in cases {
        match dnsname_match(pattern, "www.example.com") {
            Ok(answer) => {
                panic!("dnsname_match({pattern:?}, ...) gave {answer}; expected {text:?}")
            }
            Err(e) => {
                assert!(
                    e.is_instance(Exception::SSLCertVerificationError),
                    "dnsname_match({pattern:?}, ...): expected a CertificateError, got {e:?}"
                );
                assert_eq!(e.to_string(), text, "dnsname_match({pattern:?}, ...)");
            }
        }
    }
}

#[test]
fn dnsname_match_agrees_with_python_on_every_pair() {
    let pairs: Vec<(&str, &str)> = PATTERNS
        .iter()
        .flat_map(|pattern| HOSTS.iter().map(move |host| (*pattern, *host)))
        .collect();
    let ours: Vec<String> = pairs
        .iter()
        .map(|(pattern, host)| match dnsname_match(pattern, host) {
            Ok(true) => "True".to_string(),
            Ok(false) => "False".to_string(),
            Err(e) => format!("error: {e}"),
        })
        .collect();
    if !python_has_match_hostname() {
        return;
    }
    let args: Vec<&str> = pairs.iter().flat_map(|(p, h)| [*p, *h]).collect();
    let python = python_lines(PY_DNSNAME_MATCH, &args);
    compare(&pairs, &ours, &python, "dnsname_match");
}

#[test]
fn match_hostname_tries_every_entry() {
    let github = [("DNS", "github.com"), ("DNS", "www.github.com")];
    assert_matches(&github, "github.com");
    assert_matches(&github, "www.github.com");
    assert_matches(&github, "WWW.GitHub.com");
    let local = [("DNS", "localhost"), ("IP Address", "127.0.0.1")];
    assert_matches(&local, "localhost");
    assert_matches(&local, "127.0.0.1");
}

#[test]
fn match_hostname_compares_whole_labels_not_prefixes() {
    // idiokit's matcher turned each label into a regular expression and matched it at the
    // start of the host's label only, so `a.b` covered `ab.bc`. Python's (and ours) does not.
    assert_mismatch(
        &[("DNS", "a.b")],
        "ab.bc",
        "hostname 'ab.bc' doesn't match 'a.b'",
    );
    let text = "hostname 'github.company.com' doesn't match 'github.com'";
    assert_mismatch(&[("DNS", "github.com")], "github.company.com", text);
}

#[test]
fn match_hostname_matches_addresses_only_against_ip_entries() {
    let text = "hostname '127.0.0.1' doesn't match '127.0.0.1'";
    assert_mismatch(&[("DNS", "127.0.0.1")], "127.0.0.1", text);
    let text = "hostname 'localhost' doesn't match '127.0.0.1'";
    assert_mismatch(&[("IP Address", "127.0.0.1")], "localhost", text);
    // Addresses are compared as addresses, not as text.
    assert_matches(&[("IP Address", "0:0:0:0:0:0:0:1")], "::1");
    assert_matches(&[("IP Address", "::1\n")], "0:0::1");
    // `127.1` is not written as an address, so it is a name, and no IP entry covers it.
    let text = "hostname '127.1' doesn't match '127.0.0.1'";
    assert_mismatch(&[("IP Address", "127.0.0.1")], "127.1", text);
}

#[test]
fn match_hostname_names_every_entry_it_tried() {
    let github = [("DNS", "github.com"), ("DNS", "www.github.com")];
    let text = "hostname '192.30.252.130' doesn't match either of 'github.com', 'www.github.com'";
    assert_mismatch(&github, "192.30.252.130", text);
    let three = [
        ("DNS", "localhost"),
        ("email", "root@localhost"),
        ("IP Address", "127.0.0.1"),
        ("IP Address", "0:0:0:0:0:0:0:1"),
    ];
    let text = "hostname 'example.com' doesn't match either of \
                'localhost', '127.0.0.1', '0:0:0:0:0:0:0:1'";
    assert_mismatch(&three, "example.com", text);
    let text = "no appropriate commonName or subjectAltName fields were found";
    assert_mismatch(&[], "localhost", text);
    assert_mismatch(&[("email", "root@localhost")], "localhost", text);
}

#[test]
fn match_hostname_stops_at_the_first_match_or_refusal() {
    let refused = "too many wildcards in certificate DNS name: '*.*.com'.";
    assert_mismatch(&[("DNS", "*.*.com"), ("DNS", "a.com")], "a.com", refused);
    assert_matches(&[("DNS", "a.com"), ("DNS", "*.*.com")], "a.com");
    // An address is never compared with DNS patterns, so none is refused.
    let text = "hostname '10.0.0.1' doesn't match either of '*.*.com', '10.0.0.2'";
    let entries = [("DNS", "*.*.com"), ("IP Address", "10.0.0.2")];
    assert_mismatch(&entries, "10.0.0.1", text);
}

#[test]
fn match_hostname_agrees_with_python_on_many_certificates() {
    if !python_has_match_hostname() {
        return;
    }
    let dns = [
        "localhost",
        "example.com",
        "*.example.com",
        "www.example.com",
        "github.com",
        "*.*.example.com",
        "w*.example.com",
    ];
    let ips = [
        "127.0.0.1",
        "::1",
        "0:0:0:0:0:0:0:1",
        "192.30.252.130",
        "10.0.0.1",
    ];
    let hosts = [
        "localhost",
        "LOCALHOST",
        "example.com",
        "www.example.com",
        "a.b.example.com",
        "github.com",
        "127.0.0.1",
        "::1",
        "0:0::1",
        "127.1",
        "192.30.252.130",
        "10.0.0.2",
    ];
    let mut random = Random(0x5eed_1117_1500_0001);
    let cases: Vec<(Vec<(&str, &str)>, &str)> = (0..400)
        .map(|_| {
            let entries = (0..random.below(5))
                .map(|_| match random.below(6) {
                    0..=2 => ("DNS", random.pick(&dns)),
                    3 | 4 => ("IP Address", random.pick(&ips)),
                    _ => ("email", "root@localhost"),
                })
                .collect();
            (entries, random.pick(&hosts))
        })
        .collect();
    let ours: Vec<String> = cases
        .iter()
        .map(|(entries, host)| match match_hostname(entries, host) {
            Ok(()) => "ok".to_string(),
            Err(e) => format!("error: {e}"),
        })
        .collect();
    if !python_has_match_hostname() {
        return;
    }
    let python = python_lines(PY_MATCH_HOSTNAME, &[&json(&cases)]);
    compare(&cases, &ours, &python, "match_hostname");
}

/// Checks that `ours` (one answer per input, in the Python scripts' words) equals the lines
/// Python printed for the same inputs.
fn compare<T: std::fmt::Debug>(inputs: &[T], ours: &[String], python: &[String], what: &str) {
    assert_eq!(python.len(), inputs.len(), "one line per input from Python");
    for ((input, ours), theirs) in inputs.iter().zip(ours).zip(python) {
        assert_eq!(
            ours, theirs,
            "{what} of {input:?} (the right side is Python's answer)"
        );
    }
}

/// The cases as JSON: `[[[["DNS", "a"], ...], "host"], ...]`. The checks' names hold no
/// quote or backslash, so no escaping is needed.
fn json(cases: &[(Vec<(&str, &str)>, &str)]) -> String {
    let case = |(entries, host): &(Vec<(&str, &str)>, &str)| {
        let entries: Vec<String> = entries
            .iter()
            .map(|(kind, value)| format!("[\"{kind}\", \"{value}\"]"))
            .collect();
        format!("[[{}], \"{host}\"]", entries.join(", "))
    };
    let cases: Vec<String> = cases.iter().map(case).collect();
    format!("[{}]", cases.join(", "))
}
