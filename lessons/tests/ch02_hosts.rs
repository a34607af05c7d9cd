//! Lesson 02's programs, `local_machine_info` and `remote_machine_info`, against the same
//! look-ups made by Python on this machine.

mod util;

const LOCAL_MACHINE_INFO: &str = env!("CARGO_BIN_EXE_local_machine_info");
const REMOTE_MACHINE_INFO: &str = env!("CARGO_BIN_EXE_remote_machine_info");

/// Cookbook 1.1, written fresh.
const PYTHON_LOCAL_MACHINE_INFO: &str = "
import socket
host_name = socket.gethostname()
ip_address = socket.gethostbyname(host_name)
print('Host name: %s' % host_name)
print('IP address: %s' % ip_address)
";

/// Cookbook 1.2, written fresh, with the host from `argv[1]`.
const PYTHON_REMOTE_MACHINE_INFO: &str = "
import socket, sys
remote_host = sys.argv[1]
try:
    print('IP address of %s: %s' % (remote_host, socket.gethostbyname(remote_host)))
except OSError as err:
    print('%s: %s' % (remote_host, err))
";

/// A name that never resolves: `.invalid` is reserved for that (RFC 6761).
const UNRESOLVABLE: &str = "nonexistent.invalid";

#[test]
fn local_machine_info_matches_python() {
    let out = util::run(LOCAL_MACHINE_INFO, &[], 10);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let expected = util::python(PYTHON_LOCAL_MACHINE_INFO, &[]);
    assert_eq!(out.stdout.trim_end(), expected);
    assert!(expected.starts_with("Host name: "), "{expected}");
}

#[test]
fn remote_machine_info_resolves_localhost() {
    let out = util::run(REMOTE_MACHINE_INFO, &["--host", "localhost"], 10);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(out.stdout, "IP address of localhost: 127.0.0.1\n");
    let expected = util::python(PYTHON_REMOTE_MACHINE_INFO, &["localhost"]);
    assert_eq!(out.stdout.trim_end(), expected);
}

#[test]
fn remote_machine_info_reports_an_unknown_host_as_python_does() {
    let out = util::run(REMOTE_MACHINE_INFO, &["--host", UNRESOLVABLE], 30);
    assert_eq!(out.code, Some(1), "stderr: {}", out.stderr);
    // The resolver's answer differs between machines (offline: "Temporary failure in name
    // resolution"), so Python says what this one answers.
    let expected = util::python(PYTHON_REMOTE_MACHINE_INFO, &[UNRESOLVABLE]);
    assert!(
        expected.starts_with("nonexistent.invalid: [Errno -"),
        "{expected}"
    );
    assert_eq!(out.stdout.trim_end(), expected);
    assert_eq!(out.stderr, "");
}

#[test]
fn remote_machine_info_defaults_to_www_python_org() {
    // Only the help text: the test must not reach the internet.
    let out = util::run(REMOTE_MACHINE_INFO, &["--help"], 10);
    assert_eq!(out.code, Some(0));
    assert!(out.stdout.contains("--host"), "{}", out.stdout);
    assert!(
        out.stdout.contains("(default: www.python.org)"),
        "{}",
        out.stdout
    );
}

#[test]
fn listings_have_their_anchors() {
    util::assert_anchors("local_machine_info", &["lookup"]);
    util::assert_anchors("remote_machine_info", &["lookup"]);
}
