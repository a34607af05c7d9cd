//! The checks of exercise `address_info`: CPython's own `socket` module is the answer key,
//! and real listening sockets on loopback are the servers.
//!
//! Resolver answers differ from machine to machine, so none is written down here: each test
//! asks `python3` the same question (through the Python functions in `ORACLE`) and compares.
//! Your function is called first, so an unfinished `todo!()` fails the test before Python
//! even starts. Every wait is bounded by a timeout, so a test fails instead of hanging.

#[path = "../../support.rs"]
mod support;

use pynet::socket::{self, AF_INET, AF_INET6, AddrInfo, Address, Error, SOCK_STREAM, Socket};

use super::*;
use support::{port_of, python_output};

/// Week 1's functions in Python. Arguments are Python literals. `describe` takes 5-tuples and
/// `get_address_info` a host and a port, and both print the lines Python's get_address_info
/// prints; `connect_first` takes a host and a port and prints `connected`. A failure prints
/// `error: Class: message`.
const ORACLE: &str = r#"
import ast, socket, sys

def get_constants(prefix):
    return {int(getattr(socket, name)): name
            for name in dir(socket) if name.startswith(prefix)}

families, types, protocols = get_constants("AF_"), get_constants("SOCK_"), get_constants("IPPROTO_")

def describe(family, type_, proto, canonname, sockaddr):
    return [f"family: {families.get(family, family)}",
            f"type: {types.get(type_, type_)}",
            f"protocol: {protocols.get(proto, proto)}",
            f"canonical name: {canonname}",
            f"socket address: {sockaddr}"]

def connect_first(host, port, timeout):
    error = None
    for family, type_, proto, _, sockaddr in socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM):
        s = socket.socket(family, type_, proto)
        s.settimeout(timeout)
        try:
            s.connect(sockaddr)
            return s
        except OSError as e:
            s.close()
            error = e
    raise error

def class_name(e):
    cls = type(e)
    return cls.__qualname__ if cls.__module__ == "builtins" else f"{cls.__module__}.{cls.__qualname__}"

mode = sys.argv[1]
args = [ast.literal_eval(literal) for literal in sys.argv[2:]]
try:
    if mode == "describe":
        for info in args:
            print(*describe(*info), "", sep="\n")
    elif mode == "get_address_info":
        for info in socket.getaddrinfo(*args):
            print(*describe(*info), "", sep="\n")
    else:
        connect_first(*args, timeout=5.0).close()
        print("connected")
except Exception as e:
    print(f"error: {class_name(e)}: {e}")
"#;

/// How long any one socket step of a test may wait.
const TIMEOUT: Option<f64> = Some(5.0);

/// Runs the Python function `mode` on the literals and returns the lines it printed; fails
/// the test if python3 fails or hangs.
fn python(mode: &str, literals: &[String]) -> Vec<String> {
    let mut args = vec![mode];
    args.extend(literals.iter().map(String::as_str));
    python_output(ORACLE, &args)
        .lines()
        .map(str::to_string)
        .collect()
}

/// The lines of a result as the oracle prints them: the lines, or `error: Class: message`.
fn outcome(result: Result<Vec<String>, Error>) -> Vec<String> {
    match result {
        Ok(lines) => lines,
        Err(e) => vec![format!("error: {e:?}")],
    }
}

/// Fails the test at the first line where `yours` and `python` differ, showing both.
fn assert_same_lines(yours: &[String], python: &[String], call: &str) {
    let first_difference =
        (0..yours.len().max(python.len())).find(|&i| yours.get(i) != python.get(i));
    if let Some(i) = first_difference {
        panic!(
            "{call}, line {}:\n  yours:    {:?}\n  Python's: {:?}\nall your lines: {yours:#?}",
            i + 1,
            yours.get(i).map_or("(no more lines)", String::as_str),
            python.get(i).map_or("(no more lines)", String::as_str),
        );
    }
}

/// An answer of `getaddrinfo`, made up.
fn answer(family: i32, type_: i32, proto: i32, canonname: &str, sockaddr: Address) -> AddrInfo {
    AddrInfo {
        family,
        type_,
        proto,
        canonname: canonname.to_string(),
        sockaddr,
    }
}

/// The answer as a Python tuple literal.
fn tuple_literal(info: &AddrInfo) -> String {
    format!(
        "({}, {}, {}, {:?}, {})",
        info.family, info.type_, info.proto, info.canonname, info.sockaddr
    )
}

/// `describe` must give, for each answer, the lines Python's version gives.
fn assert_describes_like_python(infos: &[AddrInfo]) {
    let mut yours = Vec::new();
    for info in infos {
        yours.extend(describe(info));
        yours.push(String::new());
    }
    let literals: Vec<String> = infos.iter().map(tuple_literal).collect();
    let python = python("describe", &literals);
    let call = format!(
        "describe() of {}, each followed by a blank line",
        literals.join(", ")
    );
    assert_same_lines(&yours, &python, &call);
}

/// `get_address_info(host, port)` must give the lines Python's version prints, or its error.
/// `port` is the port as a Python literal (`80` or `"http"`).
fn assert_get_address_info_like_python(host: &str, port: &str, yours: Result<Vec<String>, Error>) {
    let python = python("get_address_info", &[format!("{host:?}"), port.to_string()]);
    let call = format!("get_address_info({host:?}, {port})");
    assert_same_lines(&outcome(yours), &python, &call);
}

/// `connect_first(host, port)` must fail as Python's version fails.
fn assert_fails_like_python(host: &str, port: u16) {
    let yours = match connect_first(host, port, TIMEOUT) {
        Ok(s) => format!("connected to {:?}", s.getpeername()),
        Err(e) => format!("error: {e:?}"),
    };
    let python = python("connect_first", &[format!("{host:?}"), port.to_string()]);
    assert_eq!(
        [yours].as_slice(),
        python.as_slice(),
        "connect_first({host:?}, {port}) (left: yours, right: Python's)"
    );
}

/// A listening socket on `host` (an address of `family`), port 0, that waits at most
/// `TIMEOUT` to accept; and its port.
fn listener(host: &str, family: i32) -> Result<(Socket, u16), Error> {
    let server = socket::create_server((host, 0), family, None, false, false)?;
    server.settimeout(TIMEOUT)?;
    let port = server.getsockname()?.port().unwrap_or(0);
    Ok((server, port))
}

/// `client` must be a TCP socket connected to `server`, which accepts it.
fn assert_connected(client: &Socket, server: &Socket) {
    assert_eq!(
        client.type_(),
        SOCK_STREAM,
        "connect_first must give a TCP (SOCK_STREAM) socket"
    );
    let (_accepted, peer) = server
        .accept()
        .expect("the listener should accept the connection");
    assert_eq!(
        client.getpeername().ok(),
        server.getsockname().ok(),
        "the socket should be connected to the listener"
    );
    assert_eq!(
        client.getsockname().ok(),
        Some(peer),
        "the listener should have accepted this socket"
    );
}

#[test]
fn describes_one_answer_in_five_lines() {
    let tcp = answer(AF_INET, SOCK_STREAM, 6, "", ("127.0.0.1", 80).into());
    assert_describes_like_python(&[tcp]);
}

#[test]
fn names_numbers_as_get_constants_does() {
    assert_describes_like_python(&[
        // IPPROTO_HOPOPTS and IPPROTO_IP are both 0; a canonical name.
        answer(
            AF_INET,
            socket::SOCK_RAW,
            0,
            "localhost",
            ("127.0.0.1", 0).into(),
        ),
        // AF_NETLINK and AF_ROUTE are both 16.
        answer(16, socket::SOCK_DGRAM, 17, "", ("127.0.0.1", 53).into()),
        answer(
            AF_INET6,
            socket::SOCK_SEQPACKET,
            132,
            "",
            ("::1", 22, 0, 0).into(),
        ),
    ]);
}

#[test]
fn writes_numbers_without_a_name_as_numbers() {
    assert_describes_like_python(&[answer(99, 99, 999, "", ("127.0.0.1", 1).into())]);
}

#[test]
fn describes_localhost_port_80_like_python() {
    assert_get_address_info_like_python("localhost", "80", get_address_info("localhost", 80));
}

#[test]
fn takes_a_service_name_as_the_port() {
    let yours = get_address_info("127.0.0.1", "http");
    assert_get_address_info_like_python("127.0.0.1", "\"http\"", yours);
}

#[test]
fn describes_the_ipv6_loopback_like_python() {
    assert_get_address_info_like_python("::1", "22", get_address_info("::1", 22));
}

#[test]
fn an_unknown_service_fails_with_pythons_error() {
    let yours = get_address_info("localhost", "no-such-service");
    assert_get_address_info_like_python("localhost", "\"no-such-service\"", yours);
}

#[test]
fn an_unknown_host_fails_with_pythons_error() {
    let yours = get_address_info("nonexistent.invalid", 80);
    assert_get_address_info_like_python("nonexistent.invalid", "80", yours);
}

#[test]
fn connect_first_reaches_an_ipv4_listener() {
    let (server, port) = listener("127.0.0.1", AF_INET).expect("a listener on 127.0.0.1");
    let client = connect_first("127.0.0.1", port, TIMEOUT).expect("connect_first failed");
    assert_connected(&client, &server);
    assert_eq!(
        client.family(),
        AF_INET,
        "an IPv4 address gives an AF_INET socket"
    );
}

#[test]
fn connect_first_reaches_an_ipv6_listener() {
    match listener("::1", AF_INET6) {
        Ok((server, port)) => {
            let client = connect_first("::1", port, TIMEOUT).expect("connect_first failed");
            assert_connected(&client, &server);
            assert_eq!(
                client.family(),
                AF_INET6,
                "an IPv6 address gives an AF_INET6 socket"
            );
        }
        Err(e) => {
            eprintln!("no IPv6 loopback here ({e}): checking that connecting fails as in Python");
            assert_fails_like_python("::1", 9);
        }
    }
}

#[test]
fn connect_first_tries_the_next_answer_when_one_fails() {
    // Listen on the last address localhost resolves to only: the ones before it refuse.
    let answers = socket::getaddrinfo(Some("localhost"), 0, 0, SOCK_STREAM, 0, 0)
        .expect("localhost resolves");
    let last = answers.last().expect("localhost has an address");
    let host = last.sockaddr.host().expect("an IP address").to_string();
    let (server, port) = listener(&host, last.family).expect("a listener on localhost");
    if answers.len() == 1 {
        eprintln!("localhost has one address here, so no answer is skipped in this check");
    }
    let client = connect_first("localhost", port, TIMEOUT).expect("connect_first failed");
    assert_connected(&client, &server);
}

#[test]
fn connect_first_keeps_the_timeout_on_the_socket() {
    let (_server, port) = listener("127.0.0.1", AF_INET).expect("a listener on 127.0.0.1");
    let client = connect_first("127.0.0.1", port, Some(2.5)).expect("connect_first failed");
    assert_eq!(
        client.gettimeout(),
        Some(2.5),
        "the socket should keep the timeout it was given"
    );
}

#[test]
fn connect_first_to_a_closed_port_fails_with_pythons_error() {
    // A port bound but not listening refuses connections, and stays ours during the test.
    let closed = Socket::new(AF_INET, SOCK_STREAM, 0).expect("a socket");
    closed.bind(("127.0.0.1", 0)).expect("bind 127.0.0.1:0");
    let port = port_of(&closed);
    assert_fails_like_python("127.0.0.1", port);
}

#[test]
fn connect_first_to_an_unknown_host_fails_with_pythons_error() {
    assert_fails_like_python("nonexistent.invalid", 80);
}
