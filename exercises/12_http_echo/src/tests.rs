//! The checks of exercise 12, `http_echo`. `parse_head`, `content_length`, `route` and
//! `response_bytes` on their own; then `handle` on 127.0.0.1, against raw requests written
//! byte by byte on a socket, Python's `http.client` and `urllib`, and curl.

#[path = "../../support.rs"]
mod support;

#[path = "../../../tests/util/peer.rs"]
mod peer;

use super::*;

use std::process::Command;

use pynet::socket::{AF_INET, Error, Exception, SHUT_WR, Socket, create_connection, create_server};
use support::{Background, port_of, python_output};

/// The timeout of the checks' sockets, in seconds.
const TIMEOUT: f64 = 5.0;

/// Python's `http.client` and `urllib` as clients of your server at port `argv[1]`: a 1 MiB
/// POST to /echo, a GET of /echo, and a POST to / through urllib, which does not follow a
/// 307 for a POST (it may not resend a body without asking the user) and raises instead.
const PY_CLIENTS: &str = r#"
import http.client, random, sys, urllib.error, urllib.request
port = int(sys.argv[1])

body = random.Random(12).randbytes(1024 * 1024)
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
conn.request("POST", "/echo", body=body, headers={"Content-Type": "application/x-test"})
response = conn.getresponse()
echoed = response.read()
print(response.status, response.reason, response.getheader("Content-Type"), echoed == body)

conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
conn.request("GET", "/echo")
response = conn.getresponse()
print(response.status, response.reason, response.getheader("Allow"), response.read())

try:
    urllib.request.urlopen(f"http://127.0.0.1:{port}/", data=b"x=1", timeout=5)
except urllib.error.HTTPError as e:
    print(e.code, e.reason, e.headers["Location"])
"#;

/// What Python prints for [`PY_CLIENTS`] against a correct server.
const PY_CLIENTS_EXPECTED: &str = "\
200 OK application/x-test True
405 Method Not Allowed POST b'405 Method Not Allowed\\n'
307 Temporary Redirect /echo
";

/// Your `handle`, serving the next `connections` connections to a listening socket on
/// 127.0.0.1, one after the other.
struct Server {
    port: u16,
    served: Background<Vec<Result<(), Error>>>,
}

impl Server {
    fn start(connections: usize) -> Server {
        let listener = create_server(("127.0.0.1", 0), AF_INET, None, false, false)
            .expect("a listening socket on 127.0.0.1");
        listener.settimeout(Some(TIMEOUT)).expect("settimeout");
        let port = port_of(&listener);
        let served =
            Background::start(move || (0..connections).map(|_| serve_one(&listener)).collect());
        Server { port, served }
    }

    /// What `handle` returned for each connection.
    fn results(self) -> Vec<Result<(), Error>> {
        self.served
            .wait("the server (does handle wait for the client to close?)")
    }
}

/// Accepts one connection and gives it to `handle`, under a timeout; then closes it gently.
fn serve_one(listener: &Socket) -> Result<(), Error> {
    let (conn, _) = listener.accept()?;
    conn.settimeout(Some(TIMEOUT))?;
    let handled = handle(&conn);
    linger(&conn);
    handled
}

/// Ends our side of the connection and reads what the client still sends until it closes:
/// a socket closed with unread bytes in it sends a reset, and a reset can destroy an answer
/// the client has not read yet (a 413 or 431 answered before the request was all read).
fn linger(conn: &Socket) {
    let _ = conn.shutdown(SHUT_WR);
    while let Ok(data) = conn.recv(65536) {
        if data.is_empty() {
            break;
        }
    }
}

/// Sends `pieces` one `sendall` each, then receives until the server closes: the whole
/// answer. The client never closes its side first: the server must answer without that.
fn exchange(port: u16, pieces: &[&[u8]]) -> Vec<u8> {
    let conn = create_connection(("127.0.0.1", port), Some(TIMEOUT), None).expect("connect");
    for piece in pieces {
        conn.sendall(piece).expect("send the request");
    }
    let mut answer = Vec::new();
    loop {
        match conn.recv(65536) {
            Ok(data) if data.is_empty() => return answer,
            Ok(data) => answer.extend_from_slice(&data),
            Err(e) => panic!(
                "receiving the answer failed after {:?}: {e}",
                String::from_utf8_lossy(&answer)
            ),
        }
    }
}

/// The first line of an answer, without its `\r\n`.
fn status_line(answer: &[u8]) -> String {
    let text = String::from_utf8_lossy(answer);
    text.split("\r\n").next().unwrap_or_default().to_string()
}

/// A request with these parts, the head as `parse_head` sees it (no blank line).
fn request(method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Request {
    Request {
        method: method.to_string(),
        target: target.to_string(),
        headers: headers
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect(),
        body: body.to_vec(),
    }
}

/// Checks that `result` is a `ValueError`.
fn assert_value_error<T: std::fmt::Debug>(result: Result<T, Error>, what: &str) {
    match result {
        Ok(value) => panic!("{what}: expected a ValueError, got Ok({value:?})"),
        Err(e) => assert!(
            e.is_instance(Exception::ValueError),
            "{what}: expected a ValueError, got {e:?}"
        ),
    }
}

#[test]
fn parse_head_reads_the_request_line_and_the_headers() {
    let head = b"POST /echo?x=1 HTTP/1.1\r\nHost: localhost:8080\r\n\
                 Content-Type:   text/plain \t\r\nContent-Length: 13";
    let expected = request(
        "POST",
        "/echo?x=1",
        &[
            ("Host", "localhost:8080"),
            ("Content-Type", "text/plain"),
            ("Content-Length", "13"),
        ],
        b"",
    );
    assert_eq!(parse_head(head).expect("parse_head"), expected);
    let bare = b"GET / HTTP/1.0\nAccept: */*";
    let expected = request("GET", "/", &[("Accept", "*/*")], b"");
    assert_eq!(
        parse_head(bare).expect("parse_head with bare \\n line ends"),
        expected
    );
    let no_headers = parse_head(b"DELETE /x HTTP/1.1").expect("a head with no header");
    assert_eq!(no_headers, request("DELETE", "/x", &[], b""));
}

#[test]
fn parse_head_refuses_what_is_not_http() {
    let heads: [&[u8]; 9] = [
        b"",
        b"GET /",
        b"GET / HTTP/1.1 extra",
        b"GET  / HTTP/1.1",
        b"GET / HTTP/2.0",
        b"GET / FTP/1.1",
        b"GET / HTTP/1.1\r\nNo colon here",
        b"GET / HTTP/1.1\r\nBad name: x",
        b"GET / HTTP/1.1\r\nX: \xff\xfe",
    ];
    for head in heads {
        let what = format!("parse_head({:?})", String::from_utf8_lossy(head));
        assert_value_error(parse_head(head), &what);
    }
}

#[test]
fn content_length_reads_the_header_or_gives_zero() {
    let cases: [(&[(&str, &str)], usize); 5] = [
        (&[], 0),
        (&[("Host", "x")], 0),
        (&[("Content-Length", "13")], 13),
        (&[("content-length", "0")], 0),
        (&[("Content-Length", "7"), ("CONTENT-LENGTH", "7")], 7),
    ];
    for (headers, expected) in cases {
        let length = content_length(&request("POST", "/", headers, b""));
        assert_eq!(
            length.expect("content_length"),
            expected,
            "headers {headers:?}"
        );
    }
}

#[test]
fn content_length_refuses_bad_values_and_two_different_lengths() {
    let cases: [&[(&str, &str)]; 7] = [
        &[("Content-Length", "-1")],
        &[("Content-Length", "+5")],
        &[("Content-Length", "1e3")],
        &[("Content-Length", "")],
        &[("Content-Length", "0x10")],
        &[("Content-Length", "99999999999999999999999999")],
        &[("Content-Length", "5"), ("Content-Length", "6")],
    ];
    for headers in cases {
        let what = format!("content_length with headers {headers:?}");
        assert_value_error(content_length(&request("POST", "/", headers, b"")), &what);
    }
}

#[test]
fn route_echoes_a_post_to_echo() {
    let typed = request("POST", "/echo", &[("content-type", "text/plain")], b"hi");
    let expected = Response {
        status: 200,
        reason: "OK".to_string(),
        headers: vec![("Content-Type".to_string(), "text/plain".to_string())],
        body: b"hi".to_vec(),
    };
    assert_eq!(route(&typed), expected, "POST /echo with a Content-Type");
    let untyped = request("POST", "/echo?x=1", &[], b"\x00\xff");
    let expected = Response {
        headers: vec![(
            "Content-Type".to_string(),
            "application/octet-stream".to_string(),
        )],
        body: b"\x00\xff".to_vec(),
        ..expected
    };
    assert_eq!(route(&untyped), expected, "POST /echo?x=1 without one");
}

#[test]
fn route_answers_other_methods_with_405_and_allow() {
    for method in ["GET", "PUT", "HEAD", "DELETE", "post"] {
        let mut expected = Response::text(405, "Method Not Allowed");
        expected
            .headers
            .push(("Allow".to_string(), "POST".to_string()));
        let answer = route(&request(method, "/echo", &[], b""));
        assert_eq!(answer, expected, "{method} /echo");
    }
}

#[test]
fn route_redirects_other_paths_to_echo_with_307() {
    for (method, target) in [
        ("POST", "/"),
        ("GET", "/x"),
        ("POST", "/echo/"),
        ("POST", "/ECHO"),
    ] {
        let mut expected = Response::text(307, "Temporary Redirect");
        expected
            .headers
            .push(("Location".to_string(), "/echo".to_string()));
        let answer = route(&request(method, target, &[], b"body"));
        assert_eq!(answer, expected, "{method} {target}");
    }
}

#[test]
fn response_bytes_is_byte_exact() {
    let mut response = Response::text(405, "Method Not Allowed");
    response
        .headers
        .push(("Allow".to_string(), "POST".to_string()));
    let expected: &[u8] = b"HTTP/1.1 405 Method Not Allowed\r\n\
        Content-Type: text/plain\r\nAllow: POST\r\nContent-Length: 23\r\n\
        Connection: close\r\n\r\n405 Method Not Allowed\n";
    assert_eq!(
        String::from_utf8_lossy(&response_bytes(&response)),
        String::from_utf8_lossy(expected)
    );
    let empty = Response {
        status: 200,
        reason: "OK".to_string(),
        headers: vec![],
        body: vec![],
    };
    let expected: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    assert_eq!(response_bytes(&empty), expected, "no headers, no body");
}

#[test]
fn handle_echoes_a_raw_request_without_waiting_for_the_client_to_close() {
    let server = Server::start(1);
    let answer = exchange(
        server.port,
        &[b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 13\r\n\r\nHello, World!"],
    );
    let expected: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\
        Content-Length: 13\r\nConnection: close\r\n\r\nHello, World!";
    assert_eq!(
        String::from_utf8_lossy(&answer),
        String::from_utf8_lossy(expected)
    );
    for result in server.results() {
        result.expect("handle");
    }
}

#[test]
fn handle_reads_a_request_that_comes_in_pieces() {
    let request: &[u8] =
        b"POST /echo HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\n0123456789";
    // One byte at a time; then the head with the body's first byte, and the rest.
    let bytes: Vec<&[u8]> = request.chunks(1).collect();
    let split = request.len() - 9;
    for pieces in [bytes, vec![&request[..split], &request[split..]]] {
        let server = Server::start(1);
        let answer = exchange(server.port, &pieces);
        let text = String::from_utf8_lossy(&answer);
        assert!(
            text.starts_with("HTTP/1.1 200 OK\r\n") && text.ends_with("\r\n\r\n0123456789"),
            "the answer to a request sent in {} pieces: {text:?}",
            pieces.len()
        );
        for result in server.results() {
            result.expect("handle");
        }
    }
}

#[test]
fn handle_refuses_bad_requests_with_the_right_status() {
    let long_head = format!("GET / HTTP/1.1\r\nX: {}\r\n", "a".repeat(MAX_HEAD + 10));
    let too_large = format!(
        "POST /echo HTTP/1.1\r\nContent-Length: {}\r\n\r\n",
        MAX_BODY + 1
    );
    let cases: [(&[u8], &str); 7] = [
        (b"hello server\r\n\r\n", "HTTP/1.1 400 Bad Request"),
        (b"GET / HTTP/3.0\r\n\r\n", "HTTP/1.1 400 Bad Request"),
        (
            b"POST /echo HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello",
            "HTTP/1.1 400 Bad Request",
        ),
        (
            b"POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "HTTP/1.1 411 Length Required",
        ),
        (too_large.as_bytes(), "HTTP/1.1 413 Content Too Large"),
        (
            long_head.as_bytes(),
            "HTTP/1.1 431 Request Header Fields Too Large",
        ),
        (
            b"PUT /echo HTTP/1.1\r\n\r\n",
            "HTTP/1.1 405 Method Not Allowed",
        ),
    ];
    let server = Server::start(cases.len());
    for (request, expected) in cases {
        let answer = exchange(server.port, &[request]);
        let shown: String = String::from_utf8_lossy(request).chars().take(60).collect();
        assert_eq!(status_line(&answer), expected, "the answer to {shown:?}");
    }
    server.results();
}

#[test]
fn python_clients_get_the_echo_the_405_and_the_307() {
    let server = Server::start(3);
    let port = server.port.to_string();
    let printed = python_output(PY_CLIENTS, &[&port]);
    assert_eq!(
        printed, PY_CLIENTS_EXPECTED,
        "what Python's clients printed (the right side is what they print for a correct server)"
    );
    for result in server.results() {
        result.expect("handle");
    }
}

/// What `curl -L -d 'Hello, World!' http://127.0.0.1:PORT/` sends, by hand: a POST to /,
/// then, after the 307, the same POST to its `Location`.
#[test]
fn a_post_to_slash_is_redirected_and_the_same_post_to_echo_answered() {
    let server = Server::start(2);
    let first = exchange(
        server.port,
        &[b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 13\r\n\r\nHello, World!"],
    );
    let text = String::from_utf8_lossy(&first);
    assert_eq!(status_line(&first), "HTTP/1.1 307 Temporary Redirect");
    assert!(
        text.contains("\r\nLocation: /echo\r\n"),
        "no Location: {text:?}"
    );
    let second = exchange(
        server.port,
        &[b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 13\r\n\r\nHello, World!"],
    );
    assert!(
        second.ends_with(b"\r\n\r\nHello, World!"),
        "{:?}",
        String::from_utf8_lossy(&second)
    );
    for result in server.results() {
        result.expect("handle");
    }
}

#[test]
fn curl_follows_the_redirect_and_prints_hello_world() {
    let test = "curl_follows_the_redirect_and_prints_hello_world";
    let Some(curl) = peer::find("curl", test) else {
        // Still ask `handle` something, so that this check fails until it is written.
        let server = Server::start(1);
        let answer = exchange(server.port, &[b"GET / HTTP/1.1\r\n\r\n"]);
        assert_eq!(status_line(&answer), "HTTP/1.1 307 Temporary Redirect");
        return;
    };
    let server = Server::start(2);
    let url = format!("http://127.0.0.1:{}/", server.port);
    let out = Command::new(curl)
        .args(["-sS", "--max-time", "10", "-L", "-d", "Hello, World!", &url])
        .output()
        .expect("run curl");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "Hello, World!",
        "curl -L -d 'Hello, World!' {url} (curl said: {})",
        String::from_utf8_lossy(&out.stderr)
    );
    for result in server.results() {
        result.expect("handle");
    }
}
