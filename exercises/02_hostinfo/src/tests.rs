//! The checks of exercise `hostinfo`: CPython's own `socket` module is the answer key.
//!
//! Host names and resolver answers differ from machine to machine (and offline machines fail
//! differently from online ones), so no answer is written down here: each test asks `python3`
//! the same question and compares. Your function is called first, so an unfinished `todo!()`
//! fails the test before Python even starts.

#[path = "../../support.rs"]
mod support;

use super::*;
use support::python_output;

/// Python's answers. `local` prints the host name and its address on two lines. `resolve` and
/// `report` take host names as Python string literals and print one line per host:
/// `ok<TAB>ANSWER` or `err<TAB>ERROR`.
const ORACLE: &str = r#"
import ast, socket, sys

def class_name(e):
    cls = type(e)
    return cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"

mode = sys.argv[1]
if mode == "local":
    host_name = socket.gethostname()
    print(host_name)
    print(socket.gethostbyname(host_name))
for literal in sys.argv[2:]:
    host = ast.literal_eval(literal)
    try:
        address = socket.gethostbyname(host)
    except Exception as e:
        print("err", f"{host}: {e}" if mode == "report" else f"{class_name(e)}: {e}", sep="\t")
    else:
        print("ok", f"IP address of {host}: {address}" if mode == "report" else address, sep="\t")
"#;

/// Runs the oracle in `mode` on `hosts` and returns its lines; fails the test if python3
/// fails or hangs.
fn python(mode: &str, hosts: &[&str]) -> Vec<String> {
    // Rust's {:?} of these plain ASCII names is also a Python string literal ("a\0b").
    let literals: Vec<String> = hosts.iter().map(|host| format!("{host:?}")).collect();
    let mut args = vec![mode];
    args.extend(literals.iter().map(String::as_str));
    let text = python_output(ORACLE, &args);
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let expected = if mode == "local" { 2 } else { hosts.len() };
    assert_eq!(lines.len(), expected, "python3 printed {text:?}");
    lines
}

/// `remote_machine_info` must give Python's answer, or Python's error (class and text), for
/// every host.
fn assert_resolves_like_python(hosts: &[&str]) {
    let yours: Vec<String> = hosts
        .iter()
        .map(|host| match remote_machine_info(host) {
            Ok(address) => format!("ok\t{address}"),
            Err(e) => format!("err\t{e:?}"),
        })
        .collect();
    let python = python("resolve", hosts);
    for ((host, yours), python) in hosts.iter().zip(&yours).zip(&python) {
        assert_eq!(
            yours, python,
            "remote_machine_info({host:?}) (left: yours, right: Python's gethostbyname)"
        );
    }
}

/// `report` must give the line Python's version gives, as `Ok` or `Err` as Python succeeds
/// or fails.
fn assert_reports_like_python(hosts: &[&str]) {
    let yours: Vec<String> = hosts
        .iter()
        .map(|host| match report(host) {
            Ok(line) => format!("ok\t{line}"),
            Err(line) => format!("err\t{line}"),
        })
        .collect();
    let python = python("report", hosts);
    for ((host, yours), python) in hosts.iter().zip(&yours).zip(&python) {
        assert_eq!(
            yours, python,
            "report({host:?}) (left: yours, right: Python's; ok = Ok, err = Err)"
        );
    }
}

#[test]
fn local_machine_info_matches_python() {
    let (host_name, ip_address) = local_machine_info().expect("local_machine_info() failed");
    let python = python("local", &[]);
    assert_eq!(
        [host_name, ip_address].as_slice(),
        python.as_slice(),
        "(host name, IP address): left is yours, right is Python's"
    );
}

#[test]
fn resolves_localhost_like_python() {
    assert_resolves_like_python(&["localhost"]);
}

#[test]
fn resolves_address_literals_like_python() {
    // glibc reads inet_aton's short forms too: 127.1 is 127.0.0.1.
    assert_resolves_like_python(&["127.0.0.1", "10.1.2.3", "192.168.0.1", "127.1", "0x7f.1"]);
}

#[test]
fn an_empty_name_resolves_like_python() {
    assert_resolves_like_python(&[""]);
}

#[test]
fn unresolvable_names_fail_with_pythons_error() {
    // .invalid never resolves (RFC 6761); 256.1.1.1 is no address; -x is no host name.
    assert_resolves_like_python(&[
        "nonexistent.invalid",
        "no-such-host.example.invalid",
        "256.1.1.1",
        "-x",
    ]);
}

#[test]
fn an_ipv6_address_fails_with_pythons_error() {
    // gethostbyname answers IPv4 only.
    assert_resolves_like_python(&["::1"]);
}

#[test]
fn malformed_names_fail_with_pythons_error() {
    // A NUL character; a 64-character label (63 is the most); an empty label.
    let long_label = "a".repeat(64);
    assert_resolves_like_python(&["a\0b", &long_label, "a..b"]);
}

#[test]
fn report_gives_the_address_of_a_known_host() {
    assert_reports_like_python(&["localhost", "127.0.0.1"]);
}

#[test]
fn report_gives_the_host_and_the_error_for_an_unknown_host() {
    assert_reports_like_python(&["nonexistent.invalid", "::1"]);
}
