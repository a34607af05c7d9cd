//! Lesson 04's program, `get_address_info`, line for line against week 1's
//! `get_address_info(host, port)` run by Python on the same arguments.

mod util;

const GET_ADDRESS_INFO: &str = env!("CARGO_BIN_EXE_get_address_info");

/// Week 1's `get_constants` and `get_address_info`, written fresh, with the host and port
/// from the command line (defaults: this machine's name and `http`).
const PYTHON_GET_ADDRESS_INFO: &str = "
import socket, sys

def get_constants(prefix):
    return {int(getattr(socket, n)): n for n in dir(socket) if n.startswith(prefix)}

families = get_constants('AF_')
types = get_constants('SOCK_')
protocols = get_constants('IPPROTO_')

def get_address_info(host, port):
    for family, type_, proto, canonname, sockaddr in socket.getaddrinfo(host, port):
        print('family: {}'.format(families[family]))
        print('type: {}'.format(types[type_]))
        print('protocol: {}'.format(protocols[proto]))
        print('canonical name: {}'.format(canonname))
        print('socket address: {}'.format(sockaddr))
        print()

args = sys.argv[1:]
get_address_info(args[0] if args else socket.gethostname(), args[1] if len(args) > 1 else 'http')
";

/// Runs `get_address_info ARGS` and the Python version on the same arguments; checks that
/// both succeed and print the same lines, and returns them.
fn same_as_python(args: &[&str]) -> String {
    let out = util::run(GET_ADDRESS_INFO, args, 10);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let expected = util::python(PYTHON_GET_ADDRESS_INFO, args);
    assert_eq!(out.stdout.trim_end(), expected, "arguments {args:?}");
    expected
}

/// Runs the Python version on `args`, which must make it fail, and returns the last line of
/// its traceback (`socket.gaierror: [Errno -2] Name or service not known`).
fn python_error(args: &[&str]) -> String {
    let out = util::run_python(PYTHON_GET_ADDRESS_INFO, args, 30);
    assert_eq!(out.code, Some(1), "python3 did not fail: {}", out.stdout);
    out.stderr.lines().last().unwrap_or_default().to_string()
}

/// Runs `get_address_info ARGS`, which must fail, and checks that it printed Python's last
/// traceback line after Rust's `Error: ` and exited with status 1.
fn fails_as_python_does(args: &[&str]) {
    let out = util::run(GET_ADDRESS_INFO, args, 30);
    assert_eq!(out.code, Some(1), "stdout: {}", out.stdout);
    assert_eq!(out.stderr, format!("Error: {}\n", python_error(args)));
    assert_eq!(out.stdout, "");
}

#[test]
fn localhost_port_80_matches_python() {
    let lines = same_as_python(&["localhost", "80"]);
    assert!(
        lines.starts_with(
            "family: AF_INET\ntype: SOCK_STREAM\nprotocol: IPPROTO_TCP\n\
             canonical name: \nsocket address: ('127.0.0.1', 80)\n"
        ),
        "{lines}"
    );
}

#[test]
fn a_service_name_is_looked_up() {
    let lines = same_as_python(&["127.0.0.1", "http"]);
    assert!(
        lines.contains("socket address: ('127.0.0.1', 80)"),
        "{lines}"
    );
}

#[test]
fn ipv6_addresses_are_4_tuples() {
    let lines = same_as_python(&["::1", "22"]);
    assert!(lines.contains("family: AF_INET6\n"), "{lines}");
    assert!(
        lines.contains("socket address: ('::1', 22, 0, 0)"),
        "{lines}"
    );
}

#[test]
fn protocol_0_is_named_ipproto_ip() {
    // A raw socket's protocol is 0, which IPPROTO_HOPOPTS and IPPROTO_IP share; week 1's
    // dict names it IPPROTO_IP.
    let lines = same_as_python(&["127.0.0.1", "80"]);
    assert!(
        lines.contains("type: SOCK_RAW\nprotocol: IPPROTO_IP\n"),
        "{lines}"
    );
}

#[test]
fn the_defaults_are_this_host_and_http() {
    let host = util::python("import socket; print(socket.gethostname())", &[]);
    let defaults = same_as_python(&[]);
    assert_eq!(defaults, same_as_python(&[&host, "http"]));
    assert_eq!(
        same_as_python(&["localhost"]),
        same_as_python(&["localhost", "http"])
    );
}

#[test]
fn an_unknown_host_fails_as_in_python() {
    fails_as_python_does(&["nonexistent.invalid", "80"]);
}

#[test]
fn an_unknown_service_fails_as_in_python() {
    fails_as_python_does(&["localhost", "no-such-service"]);
}

#[test]
fn a_third_argument_is_refused() {
    let out = util::run(GET_ADDRESS_INFO, &["localhost", "80", "extra"], 10);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stderr,
        "Error: ValueError: unrecognized argument: extra\n"
    );
}

#[test]
fn listing_has_its_anchors() {
    util::assert_anchors("get_address_info", &["getaddrinfo"]);
}
