//! The checks of exercise 8. `answer` is checked on tables of requests (and against Python's
//! arithmetic); `serve` and `add` on 127.0.0.1, against each other and against python3 peers.

#[path = "../../support.rs"]
mod support;

use super::*;

use std::thread;
use std::time::Duration;

use pynet::socket::{
    AF_INET, Error, Exception, IPPROTO_TCP, SO_LINGER, SOL_SOCKET, Socket, SocketFile, TCP_NODELAY,
    create_connection, create_server,
};
use support::{Background, Python, port_of, python_output, unhex};

/// The timeout of the checks' own client sockets, in seconds.
const CLIENT_TIMEOUT: Option<f64> = Some(5.0);

/// A client in Python: sends `2 3\n`, reads one reply line, prints it as Python's bytes repr,
/// or prints the error it meets.
const PYTHON_CLIENT: &str = r#"
import socket, sys
try:
    with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5) as s:
        s.sendall(b"2 3\n")
        reply = b""
        while not reply.endswith(b"\n"):
            data = s.recv(1024)
            if not data:
                break
            reply += data
        print(reply)
except OSError as e:
    print("error:", e)
"#;

/// A server in Python: prints its port, reads one request line (waiting at most 2 s for its
/// `\n`), prints it as hex, sends `argv[1]` in two pieces with a pause between them, closes.
const PYTHON_SERVER: &str = r#"
import socket, sys, time
socket.setdefaulttimeout(5)
reply = sys.argv[1].encode()
with socket.create_server(("127.0.0.1", 0)) as server:
    print(server.getsockname()[1], flush=True)
    conn, _ = server.accept()
    with conn:
        conn.settimeout(2)
        request = b""
        try:
            while b"\n" not in request:
                data = conn.recv(1024)
                if not data:
                    break
                request += data
        except TimeoutError:
            pass
        print(request.hex(), flush=True)
        half = len(reply) // 2
        conn.sendall(reply[:half])
        time.sleep(0.05)
        conn.sendall(reply[half:])
"#;

/// Python's arithmetic as the oracle: for each `A B` argument, the reply the wire format asks
/// for when both numbers are valid.
const PYTHON_SUMS: &str = r#"
import sys
for request in sys.argv[1:]:
    a, b = map(int, request.split())
    total = a + b
    print(total if -2**63 <= total < 2**63 else "error: sum out of range")
"#;

/// Your `serve`, running in the background on a free loopback port for a number of clients.
struct Server {
    port: u16,
    run: Background<Result<(), Error>>,
}

/// One client connection to the server: the socket, and a buffered reader of its replies.
struct Connection {
    socket: Socket,
    replies: SocketFile,
}

impl Server {
    fn start(clients: usize) -> Server {
        let listener =
            create_server(("127.0.0.1", 0), AF_INET, None, false, false).expect("create_server");
        let port = port_of(&listener);
        let run = Background::start(move || serve(&listener, Some(clients)));
        Server { port, run }
    }

    /// A new client connection, with a timeout on every step.
    fn connect(&self) -> Connection {
        let socket = self.ok(
            "connecting",
            create_connection(("127.0.0.1", self.port), CLIENT_TIMEOUT, None),
        );
        let replies = self.ok("makefile", socket.makefile("rb"));
        Connection { socket, replies }
    }

    /// Sends bytes on a connection.
    fn send(&self, connection: &Connection, bytes: &[u8]) {
        self.ok("sending", connection.socket.sendall(bytes));
    }

    /// The next reply line, without its `\n`; `None` when the server has closed the connection.
    fn reply(&self, connection: &mut Connection) -> Option<String> {
        match connection.replies.readline() {
            Ok(line) if line.is_empty() => None,
            Ok(line) => Some(
                String::from_utf8_lossy(&line)
                    .trim_end_matches('\n')
                    .to_string(),
            ),
            Err(e) if e.is_instance(Exception::ConnectionResetError) => None,
            Err(e) => self.fail(format!("reading a reply failed: {e}")),
        }
    }

    /// Sends one request and returns its reply.
    fn ask(&self, connection: &mut Connection, request: &[u8]) -> String {
        self.send(connection, request);
        self.reply(connection).unwrap_or_else(|| {
            self.fail(format!(
                "the server closed the connection instead of answering {:?}",
                String::from_utf8_lossy(request)
            ))
        })
    }

    /// Checks the next reply line; `context` says which request it answers.
    fn expect_reply(&self, connection: &mut Connection, expected: &str, context: &str) {
        match self.reply(connection) {
            Some(reply) if reply == expected => {}
            Some(reply) => self.fail(format!("{context}: expected {expected:?}, got {reply:?}")),
            None => self.fail(format!(
                "{context}: expected {expected:?}, but the server closed the connection"
            )),
        }
    }

    /// Checks that the server has closed the connection; `context` says after what.
    fn expect_closed(&self, connection: &mut Connection, context: &str) {
        if let Some(reply) = self.reply(connection) {
            self.fail(format!(
                "{context} the server should close the connection, but it sent {reply:?}"
            ));
        }
    }

    /// A step's result, or the check fails, with serve's own panic if it panicked.
    fn ok<T>(&self, step: &str, result: Result<T, Error>) -> T {
        result.unwrap_or_else(|e| self.fail(format!("{step} failed: {e}")))
    }

    fn fail(&self, problem: String) -> ! {
        self.run.fail(problem)
    }

    /// Waits for `serve` to return after its clients; it must return `Ok(())`.
    fn finish(self) {
        let what = "serve (does it return after the clients it was asked to serve?)";
        if let Err(e) = self.run.wait(what) {
            panic!("serve returned an error: {e}; a client's error must not stop the server");
        }
    }
}

/// Checks that a new client still gets its sum from the server.
fn expect_next_client_served(server: &Server) {
    let mut next = server.connect();
    server.send(
        &next, b"1 2
",
    );
    let context = "the reply to the next client, on a new connection";
    server.expect_reply(&mut next, "3", context);
}

/// Your `add` against port `port`, given at most `DEADLINE`.
fn add_within(port: u16, a: &str, b: &str) -> Result<String, Error> {
    let (a, b) = (a.to_string(), b.to_string());
    Background::start(move || add("127.0.0.1", port, &a, &b))
        .wait("add (does its loop stop when recv returns an empty vector?)")
}

/// Checks `answer` on each `(request, reply)` pair.
fn assert_answers(cases: &[(&[u8], &str)]) {
    for (request, expected) in cases {
        assert_eq!(
            answer(request),
            *expected,
            "answer({:?})",
            String::from_utf8_lossy(request)
        );
    }
}

#[test]
fn answer_adds_two_numbers() {
    assert_answers(&[
        (b"2 3", "5"),
        (b"-2 3", "1"),
        (b"2 -3", "-1"),
        (b"+4 007", "11"),
        (b"0 0", "0"),
        (b"  7\t8  ", "15"),
        (b"2 3\r", "5"),
        (b"9223372036854775807 0", "9223372036854775807"),
        (b"-9223372036854775808 0", "-9223372036854775808"),
        (b"9223372036854775807 -9223372036854775808", "-1"),
    ]);
}

#[test]
fn answer_refuses_requests_that_are_not_two_integers() {
    assert_answers(&[
        (b"", "error: expected 2 numbers, got 0"),
        (b"   ", "error: expected 2 numbers, got 0"),
        (b"5", "error: expected 2 numbers, got 1"),
        (b"1 2 3", "error: expected 2 numbers, got 3"),
        (b"a b", "error: not an integer: a"),
        (b"2 x", "error: not an integer: x"),
        (b"1.5 2", "error: not an integer: 1.5"),
        (b"0x10 1", "error: not an integer: 0x10"),
        (b"1_000 1", "error: not an integer: 1_000"),
        (b"- 1", "error: not an integer: -"),
        (b"\xff 1", "error: not UTF-8"),
        (b"1 2\xc3", "error: not UTF-8"),
    ]);
}

#[test]
fn answer_refuses_numbers_that_do_not_fit_in_an_i64() {
    assert_answers(&[
        (
            b"9223372036854775808 1",
            "error: number out of range: 9223372036854775808",
        ),
        (
            b"1 -9223372036854775809",
            "error: number out of range: -9223372036854775809",
        ),
        (
            b"99999999999999999999999999 x",
            "error: number out of range: 99999999999999999999999999",
        ),
        (b"x 99999999999999999999", "error: not an integer: x"),
    ]);
}

#[test]
fn answer_refuses_a_sum_that_overflows() {
    assert_answers(&[
        (b"9223372036854775807 1", "error: sum out of range"),
        (b"-9223372036854775808 -1", "error: sum out of range"),
        (
            b"5000000000000000000 5000000000000000000",
            "error: sum out of range",
        ),
    ]);
}

#[test]
fn answer_agrees_with_pythons_arithmetic_near_the_limits() {
    let numbers = [
        0,
        1,
        -1,
        12_345_678_901_234_567,
        1 << 62,
        -(1 << 62),
        i64::MAX,
        i64::MAX - 1,
        i64::MIN,
        i64::MIN + 1,
    ];
    let requests: Vec<String> = numbers
        .iter()
        .flat_map(|a| numbers.iter().map(move |b| format!("{a} {b}")))
        .collect();
    let args: Vec<&str> = requests.iter().map(String::as_str).collect();
    let python = python_output(PYTHON_SUMS, &args);
    for (request, expected) in requests.iter().zip(python.lines()) {
        assert_eq!(
            answer(request.as_bytes()),
            expected,
            "answer({request:?}) (the right side is Python's)"
        );
    }
}

#[test]
fn serve_answers_a_python_client() {
    let server = Server::start(1);
    let printed = python_output(PYTHON_CLIENT, &[&server.port.to_string()]);
    let printed = printed.trim_end();
    if printed != r"b'5\n'" {
        server.fail(format!(
            "the Python client sent b'2 3\\n' and got {printed}; it expected b'5\\n'"
        ));
    }
    server.finish();
}

#[test]
fn serve_answers_requests_that_arrive_one_byte_at_a_time() {
    let server = Server::start(1);
    let mut connection = server.connect();
    // No batching of small segments: each byte leaves in a packet of its own.
    server.ok(
        "setsockopt",
        connection.socket.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1),
    );
    for (request, expected) in [(&b"12 30\n"[..], "42"), (b"-5 5\r\n", "0")] {
        for byte in request {
            server.send(&connection, &[*byte]);
            thread::sleep(Duration::from_millis(5));
        }
        let context = format!(
            "the reply to {:?} sent one byte at a time",
            String::from_utf8_lossy(request)
        );
        server.expect_reply(&mut connection, expected, &context);
    }
    drop(connection);
    server.finish();
}

#[test]
fn serve_answers_several_requests_sent_at_once_in_order() {
    let server = Server::start(1);
    let mut connection = server.connect();
    server.send(&connection, b"1 2\n3 4\n\n5 x\n-1 -1\n");
    let expected = [
        "3",
        "7",
        "error: expected 2 numbers, got 0",
        "error: not an integer: x",
        "-2",
    ];
    for expected in expected {
        let context = r"the replies to b'1 2\n3 4\n\n5 x\n-1 -1\n', in order";
        server.expect_reply(&mut connection, expected, context);
    }
    drop(connection);
    server.finish();
}

#[test]
fn the_server_survives_every_bad_request() {
    let server = Server::start(1);
    let mut connection = server.connect();
    let bad: [&[u8]; 8] = [
        b"99999999999999999999 1\n",
        b"9223372036854775807 1\n",
        b"abc def\n",
        b"\n",
        b"\xff\xfe 1\n",
        b"1 2 3\n",
        b"-\n",
        b"\r\n",
    ];
    for request in bad {
        let reply = server.ask(&mut connection, request);
        server.send(&connection, b"1 1\n");
        let context = format!(
            "after {:?} (answered {reply:?}), the request \"1 1\" should still get 2",
            String::from_utf8_lossy(request)
        );
        server.expect_reply(&mut connection, "2", &context);
    }
    drop(connection);
    server.finish();
}

#[test]
fn a_line_longer_than_max_line_gets_an_error_and_the_connection_is_closed() {
    let server = Server::start(2);
    let mut connection = server.connect();
    let longest = format!("1{}2\n", " ".repeat(MAX_LINE - 2));
    server.send(&connection, longest.as_bytes());
    let context = "the reply to a line of exactly MAX_LINE bytes (that is allowed)";
    server.expect_reply(&mut connection, "3", context);
    let too_long = format!("1{}2\n", " ".repeat(MAX_LINE - 1));
    server.send(&connection, too_long.as_bytes());
    let context = "the reply to a line of MAX_LINE + 1 bytes";
    server.expect_reply(&mut connection, "error: line too long", context);
    server.expect_closed(&mut connection, "after `error: line too long`");
    expect_next_client_served(&server);
    server.finish();
}

#[test]
fn bytes_without_a_newline_beyond_max_line_get_an_error_and_the_connection_is_closed() {
    let server = Server::start(2);
    let mut connection = server.connect();
    server.send(&connection, "1".repeat(3 * MAX_LINE).as_bytes());
    let context = "the reply to 3 * MAX_LINE bytes without a newline \
                   (do not wait for a newline that may never come)";
    server.expect_reply(&mut connection, "error: line too long", context);
    server.expect_closed(&mut connection, "after `error: line too long`");
    expect_next_client_served(&server);
    server.finish();
}

#[test]
fn a_client_that_resets_its_connection_does_not_stop_the_server() {
    let server = Server::start(2);
    let rude = server.connect();
    server.send(&rude, "1 2\n".repeat(1000).as_bytes());
    // SO_LINGER on with a linger time of 0: close sends a reset (RST), not a goodbye (FIN).
    let linger: Vec<u8> = [1i32.to_ne_bytes(), 0i32.to_ne_bytes()].concat();
    server.ok(
        "setsockopt",
        rude.socket.setsockopt(SOL_SOCKET, SO_LINGER, linger),
    );
    drop(rude);
    expect_next_client_served(&server);
    server.finish();
}

#[test]
fn add_sends_one_request_line_and_reads_a_reply_that_arrives_in_pieces() {
    let mut server = Python::start(PYTHON_SERVER, &["42\n"]);
    let port = server.port();
    let reply = add_within(port, "2", "3");
    let request = unhex(&server.line());
    assert_eq!(
        String::from_utf8_lossy(&request),
        "2 3\n",
        "the request the server received"
    );
    assert_eq!(
        reply.expect("add failed"),
        "42",
        "the server replied b\"4\" then b\"2\\n\"; add should return the whole line without its \\n"
    );
}

#[test]
fn add_fails_when_the_server_closes_without_replying() {
    let mut server = Python::start(PYTHON_SERVER, &[""]);
    let port = server.port();
    match add_within(port, "2", "3") {
        Ok(reply) => panic!("the server sent nothing, yet add returned Ok({reply:?})"),
        Err(e) => {
            assert!(
                e.is_instance(Exception::ConnectionError),
                "the error should be a ConnectionError, not {e:?}"
            );
            assert_eq!(
                e.to_string(),
                "the server closed the connection before replying",
                "the error's text"
            );
        }
    }
}

#[test]
fn add_gets_sums_and_error_replies_from_serve() {
    let server = Server::start(3);
    let cases = [
        ("-7", "3", "-4"),
        ("x", "1", "error: not an integer: x"),
        ("9223372036854775807", "1", "error: sum out of range"),
    ];
    for (a, b, expected) in cases {
        match add_within(server.port, a, b) {
            Ok(reply) => assert_eq!(reply, expected, "add({a:?}, {b:?})"),
            Err(e) => server.fail(format!("add({a:?}, {b:?}) failed: {e}")),
        }
    }
    server.finish();
}
