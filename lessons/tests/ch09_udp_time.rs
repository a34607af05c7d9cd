//! Lesson 09's programs: the UDP echo pair with each other and with Python twins (written
//! fresh below); `sntp_client` and `print_machine_time` against chronyd on loopback, each
//! beside its Python recipe (the raw-socket one, and one over ntplib) asking the same chronyd;
//! and what each prints when the server is silent, echoes, or answers too little.
//!
//! The programs print times in UTC, so the Python twins set `TZ=UTC` before calling
//! `time.ctime`. No test reaches the internet: every run passes `--server 127.0.0.1`.

mod util;

#[path = "../../tests/util/peer.rs"]
mod peer;

#[path = "../../tests/util/chrony.rs"]
mod chrony;

use std::net::UdpSocket;
use std::thread;
use std::time::{Duration, Instant};

use util::{Output, Server};

const UDP_ECHO_SERVER: &str = env!("CARGO_BIN_EXE_udp_echo_server");
const UDP_ECHO_CLIENT: &str = env!("CARGO_BIN_EXE_udp_echo_client");
const SNTP_CLIENT: &str = env!("CARGO_BIN_EXE_sntp_client");
const PRINT_MACHINE_TIME: &str = env!("CARGO_BIN_EXE_print_machine_time");

/// The UDP echo pair in Python: `python3 -c PY_UDP_ECHO client|server --port PORT`.
const PY_UDP_ECHO: &str = r#"
import argparse, socket

def server(host, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((host, port))
    print("Starting up echo server on %s port %s" % (host, port))
    while True:
        print("Waiting to receive message from client")
        data, address = sock.recvfrom(2048)
        print("received %s bytes from %s" % (len(data), address))
        print("Data: %s" % data)
        sent = sock.sendto(data, address)
        print("sent %s bytes back to %s" % (sent, address))

def client(host, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(5)
    print("Connecting to %s port %s" % (host, port))
    message = b"Test message. This will be echoed"
    try:
        print("Sending %s" % message.decode())
        sock.sendto(message, (host, port))
        data, server = sock.recvfrom(2048)
        print("received %s from %s" % (data, server))
    except OSError as e:
        print("Socket error: %s" % e)
    finally:
        print("Closing connection to the server")
        sock.close()

p = argparse.ArgumentParser()
p.add_argument("role", choices=["client", "server"])
p.add_argument("--port", type=int, required=True)
p.add_argument("--host", default="localhost")
a = p.parse_args()
(client if a.role == "client" else server)(a.host, a.port)
"#;

/// Cookbook 1.12 in Python, with a timeout: `python3 -c PY_SNTP_CLIENT --server S --port P`.
const PY_SNTP_CLIENT: &str = r#"
import argparse, os, socket, struct, time
os.environ["TZ"] = "UTC"
time.tzset()
TIME1970 = 2208988800

p = argparse.ArgumentParser()
p.add_argument("--server", default="pool.ntp.org")
p.add_argument("--port", type=int, default=123)
a = p.parse_args()
client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
client.settimeout(5)
client.sendto(b"\x1b" + 47 * b"\0", (a.server, a.port))
data, address = client.recvfrom(1024)
print("Response received from:", address)
seconds = struct.unpack("!12I", data)[10]
print("Time=%s" % time.ctime(seconds - TIME1970))
"#;

/// Cookbook 1.11 in Python, over ntplib: `python3 -c PY_PRINT_MACHINE_TIME --server S
/// --port P --version V`.
const PY_PRINT_MACHINE_TIME: &str = r#"
import argparse, os, time
import ntplib
os.environ["TZ"] = "UTC"
time.tzset()

p = argparse.ArgumentParser()
p.add_argument("--server", default="pool.ntp.org")
p.add_argument("--port", default="ntp")
p.add_argument("--version", type=int, default=2)
a = p.parse_args()
response = ntplib.NTPClient().request(a.server, version=a.version, port=a.port)
print(time.ctime(response.tx_time))
"#;

/// A UDP server that answers the first datagram with 20 bytes: prints its port first.
const PY_SHORT_ANSWER: &str = r#"
import socket
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    s.bind(("127.0.0.1", 0))
    s.settimeout(20)
    print(s.getsockname()[1], flush=True)
    while True:
        request, client = s.recvfrom(1024)
        s.sendto(request[:20], client)
"#;

/// The first lines both SNTP clients print before they fail on a 20-byte answer; the rest
/// is each language's own error.
const SHORT_ANSWER_ERRORS: [&str; 2] = [
    "Error: ntplib.NTPException: NTP packet too short: 20 bytes, expected 48",
    "struct.error: unpack requires a buffer of 48 bytes",
];

/// A UDP port on 127.0.0.1 that was free a moment ago.
fn free_udp_port() -> String {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    socket.local_addr().expect("local_addr").port().to_string()
}

/// A UDP socket on 127.0.0.1 that never answers, and its port: requests sent there are
/// received by nobody, so a client can only time out.
fn silent_port() -> (UdpSocket, String) {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let port = socket.local_addr().expect("local_addr").port().to_string();
    (socket, port)
}

/// Starts the Rust UDP echo server on a free port; returns it and the port.
fn start_echo_server() -> (Server, String) {
    let port = free_udp_port();
    let server = Server::start(UDP_ECHO_SERVER, &["--port", &port], "Waiting");
    (server, port)
}

/// Checks a UDP echo client's whole output, after an echo from the server at `port`.
fn assert_client_echoed(out: &Output, port: &str) {
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(
        out.stdout,
        format!(
            "Connecting to localhost port {port}\n\
             Sending Test message. This will be echoed\n\
             received b'Test message. This will be echoed' from ('127.0.0.1', {port})\n\
             Closing connection to the server\n"
        )
    );
}

/// Checks the lines an echo server prints for one datagram.
fn assert_server_echoed(server: &mut Server) {
    let received = server.wait_for("received", 5);
    let (_, from) = received
        .split_once(" from ")
        .unwrap_or_else(|| panic!("unexpected line {received:?}"));
    assert!(from.starts_with("('127.0.0.1', "), "{received}");
    assert_eq!(received, format!("received 33 bytes from {from}"));
    assert_eq!(
        server.wait_for("Data", 5),
        "Data: b'Test message. This will be echoed'"
    );
    assert_eq!(
        server.wait_for("sent", 5),
        format!("sent 33 bytes back to {from}")
    );
}

#[test]
fn the_udp_echo_client_and_server_talk() {
    let (mut server, port) = start_echo_server();
    assert_eq!(
        server.seen,
        [
            format!("Starting up echo server on localhost port {port}"),
            "Waiting to receive message from client".to_string(),
        ]
    );
    let out = util::run(UDP_ECHO_CLIENT, &["--port", &port], 10);
    assert_client_echoed(&out, &port);
    assert_server_echoed(&mut server);
    // The server goes on to the next datagram.
    server.wait_for("Waiting", 5);
}

#[test]
fn the_python_udp_client_talks_to_the_rust_server() {
    let (mut server, port) = start_echo_server();
    let out = util::run_python(PY_UDP_ECHO, &["client", "--port", &port], 10);
    assert_client_echoed(&out, &port);
    assert_server_echoed(&mut server);
}

#[test]
fn the_rust_udp_client_talks_to_the_python_server() {
    let port = free_udp_port();
    let args = ["-u", "-c", PY_UDP_ECHO, "server", "--port", &port];
    let mut server = Server::start("python3", &args, "Waiting");
    let out = util::run(UDP_ECHO_CLIENT, &["--port", &port], 10);
    assert_client_echoed(&out, &port);
    assert_server_echoed(&mut server);
}

#[test]
fn the_udp_client_times_out_like_python_when_nobody_answers() {
    let (_silent, port) = silent_port();
    let python_port = port.clone();
    let python = thread::spawn(move || {
        util::run_python(PY_UDP_ECHO, &["client", "--port", &python_port], 15)
    });
    let started = Instant::now();
    let ours = util::run(UDP_ECHO_CLIENT, &["--port", &port], 15);
    let waited = started.elapsed();
    let python = python.join().expect("the Python client's thread");
    assert_eq!(ours.code, Some(1));
    let expected = format!(
        "Connecting to localhost port {port}\n\
         Sending Test message. This will be echoed\n\
         Socket error: timed out\n\
         Closing connection to the server\n"
    );
    assert_eq!(ours.stdout, expected);
    assert_eq!(python.stdout, expected, "Python's output");
    assert!(
        waited >= Duration::from_secs(5) && waited < Duration::from_secs(8),
        "the client waited {waited:?}, not its 5 s timeout"
    );
}

/// Runs the Python twin (`python -c code args...`), then the Rust program, then the twin
/// again, all against the same server; checks the Rust output is one of the twin's two (the
/// time may tick over to the next second between two runs, never twice).
fn assert_same_time_as_python(program: &str, python: &str, code: &str, args: &[&str]) {
    let twin = || {
        let mut python_args = vec!["-c", code];
        python_args.extend(args);
        let out = util::run(python, &python_args, 15);
        assert_eq!(out.code, Some(0), "Python failed: {}", out.stderr);
        out.stdout
    };
    let before = twin();
    let ours = util::run(program, args, 15);
    let after = twin();
    assert_eq!(ours.code, Some(0), "stderr: {}", ours.stderr);
    assert!(
        ours.stdout == before || ours.stdout == after,
        "{args:?}: ours:\n{}Python before:\n{before}Python after:\n{after}",
        ours.stdout
    );
}

#[test]
fn sntp_client_prints_the_same_time_as_python_from_chronyd() {
    let Some(chronyd) = chrony::Chronyd::start("sntp_client_prints_the_same_time_as_python") else {
        return;
    };
    let port = chronyd.port().to_string();
    let args = ["--server", "127.0.0.1", "--port", &port];
    let out = util::run(SNTP_CLIENT, &args, 15);
    let first = out.stdout.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!("Response received from: ('127.0.0.1', {port})")
    );
    assert_same_time_as_python(SNTP_CLIENT, "python3", PY_SNTP_CLIENT, &args);
}

/// The python that can `import ntplib`: pyenv's `python3` may not see Debian's
/// python3-ntplib, `/usr/bin/python3` does. `None` (printing why `test` is skipped) if none
/// can; fails the test instead under `PYNET_REQUIRE_PEERS=1`.
fn python_with_ntplib(test: &str) -> Option<&'static str> {
    let found = ["python3", "/usr/bin/python3"].into_iter().find(|python| {
        let out = util::run(python, &["-c", "import ntplib"], 30);
        out.code == Some(0)
    });
    if found.is_none() {
        let why = "no python3 here can import ntplib (Debian: apt-get install python3-ntplib)";
        assert!(
            !peer::required(),
            "{test}: {why}, and PYNET_REQUIRE_PEERS=1"
        );
        println!("skipped {test}: {why}");
    }
    found
}

#[test]
fn print_machine_time_prints_the_same_time_as_ntplib_from_chronyd() {
    let test = "print_machine_time_prints_the_same_time_as_ntplib";
    let Some(python) = python_with_ntplib(test) else {
        return;
    };
    let Some(chronyd) = chrony::Chronyd::start(test) else {
        return;
    };
    let port = chronyd.port().to_string();
    for version in ["2", "3", "4"] {
        let args = [
            "--server",
            "127.0.0.1",
            "--port",
            &port,
            "--version",
            version,
        ];
        assert_same_time_as_python(PRINT_MACHINE_TIME, python, PY_PRINT_MACHINE_TIME, &args);
    }
}

#[test]
fn print_machine_time_times_out_when_nobody_answers() {
    let (_silent, port) = silent_port();
    let started = Instant::now();
    let args = ["--server", "127.0.0.1", "--port", &port];
    let out = util::run(PRINT_MACHINE_TIME, &args, 15);
    let waited = started.elapsed();
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stderr, "Error: TimeoutError: timed out\n");
    assert!(
        waited >= Duration::from_secs(5) && waited < Duration::from_secs(8),
        "print_machine_time waited {waited:?}, not ntplib's 5 s timeout"
    );
}

#[test]
fn sntp_client_times_out_when_nobody_answers() {
    let (_silent, port) = silent_port();
    let started = Instant::now();
    let out = util::run(SNTP_CLIENT, &["--server", "127.0.0.1", "--port", &port], 15);
    let waited = started.elapsed();
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr, "Error: TimeoutError: timed out\n");
    assert!(
        waited >= Duration::from_secs(5) && waited < Duration::from_secs(8),
        "sntp_client waited {waited:?}, not its 5 s timeout"
    );
}

#[test]
fn sntp_client_fails_like_python_on_a_short_answer() {
    let server = util::Server::start("python3", &["-u", "-c", PY_SHORT_ANSWER], "");
    let port = server.seen[0].clone();
    let args = ["--server", "127.0.0.1", "--port", &port];
    let ours = util::run(SNTP_CLIENT, &args, 15);
    let python = util::run_python(PY_SNTP_CLIENT, &args, 15);
    let received = format!("Response received from: ('127.0.0.1', {port})\n");
    assert_eq!((ours.code, &ours.stdout), (Some(1), &received));
    assert_eq!(ours.stderr.trim_end(), SHORT_ANSWER_ERRORS[0]);
    assert_eq!((python.code, &python.stdout), (Some(1), &received));
    let last_line = python.stderr.lines().last().unwrap_or_default();
    assert_eq!(last_line, SHORT_ANSWER_ERRORS[1]);
}

#[test]
fn sntp_client_asking_an_echo_server_gets_1900_like_python() {
    // The echo server sends our own request back: its transmit timestamp is zero, which
    // is 1900-01-01 00:00:00, 2208988800 seconds before 1970.
    let (_server, port) = start_echo_server();
    let args = ["--server", "127.0.0.1", "--port", &port];
    let ours = util::run(SNTP_CLIENT, &args, 15);
    assert_eq!(ours.code, Some(0), "stderr: {}", ours.stderr);
    assert_eq!(
        ours.stdout,
        format!(
            "Response received from: ('127.0.0.1', {port})\n\
             Time=Mon Jan  1 00:00:00 1900\n"
        )
    );
    let python = util::run_python(PY_SNTP_CLIENT, &args, 15);
    assert_eq!(python.stdout, ours.stdout, "Python's output");
}

#[test]
fn listings_have_their_anchors() {
    util::assert_anchors("udp_echo_server", &["setup", "echo"]);
    util::assert_anchors("udp_echo_client", &["exchange"]);
    util::assert_anchors("sntp_client", &["unpack", "ask", "time"]);
    util::assert_anchors("print_machine_time", &[]);
}
