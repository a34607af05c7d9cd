//! The checks of exercise 5. Each one runs against your `lib.rs`; the servers are python3
//! programs on 127.0.0.1, and python3 also says which error messages to expect.

#[path = "../../support.rs"]
mod support;

use super::*;

use pynet::socket::{AF_INET, Error, SOCK_STREAM, Socket};
use support::{Background, Python, closed_port, port_of, python_output, unhex};

/// The timeout every check hands to `http_get`.
const TIMEOUT: Option<f64> = Some(5.0);

/// A server that prints its port, reads one request up to its empty line (waiting at most 2 s
/// for it), prints what it read (as hex), then answers `HTTP/1.0 200 OK` and a body of `argv[1]` bytes (`i % 251`), sent in
/// pieces with pauses between them, so no single `recv` can catch it all.
const RECORDING_SERVER: &str = r#"
import socket, sys, time
socket.setdefaulttimeout(5)
size = int(sys.argv[1])
body = (bytes(range(251)) * (size // 251 + 1))[:size]
with socket.create_server(("127.0.0.1", 0)) as server:
    print(server.getsockname()[1], flush=True)
    conn, _ = server.accept()
    with conn:
        conn.settimeout(2)
        request = b""
        try:
            while b"\r\n\r\n" not in request:
                data = conn.recv(1024)
                if not data:
                    break
                request += data
        except TimeoutError:
            pass
        print(request.hex(), flush=True)
        conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: %d\r\n\r\n" % size)
        for start in range(0, size, size // 4 + 1):
            time.sleep(0.05)
            conn.sendall(body[start:start + size // 4 + 1])
"#;

/// Python's own web server on the current directory. Before printing its port, it prints
/// how Python's `http.client` reads the status of each path in argv: `version|code|reason`.
const PYTHON_HTTP_SERVER: &str = r#"
import http.client, http.server, socket, sys, threading
socket.setdefaulttimeout(5)
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
threading.Thread(target=server.serve_forever, daemon=True).start()
port = server.server_address[1]
for path in sys.argv[1:]:
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", path)
    response = conn.getresponse()
    print(f"HTTP/{response.version // 10}.{response.version % 10}|{response.status}|{response.reason}")
    conn.close()
print(port, flush=True)
threading.Event().wait()
"#;

/// Python's client doing what `http_get` does, printing the error it meets as `str(e)`.
const PYTHON_CLIENT_ERROR: &str = r#"
import socket, sys
try:
    with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=float(sys.argv[2])) as s:
        s.sendall(b"GET / HTTP/1.0\r\n\r\n")
        s.recv(4096)
except OSError as e:
    print(e)
"#;

/// `http_get("127.0.0.1", port, path, timeout)`, given at most `DEADLINE`.
fn get(port: u16, path: &str, timeout: Option<f64>) -> Result<Vec<u8>, Error> {
    let path = path.to_string();
    Background::start(move || http_get("127.0.0.1", port, &path, timeout)).wait(
        "http_get (does it set the timeout, and does its loop stop when recv returns an \
         empty vector?)",
    )
}

/// The body the recording server sends: `size` bytes counting 0, 1, ... 250, 0, 1, ...
fn body(size: usize) -> Vec<u8> {
    (0..size).map(|i| (i % 251) as u8).collect()
}

/// The response the recording server sends with a body of `size` bytes.
fn recorded_response(size: usize) -> Vec<u8> {
    let mut response = format!("HTTP/1.0 200 OK\r\nContent-Length: {size}\r\n\r\n").into_bytes();
    response.extend(body(size));
    response
}

/// Where two responses first differ, for a message that does not print a megabyte.
fn first_difference(got: &[u8], expected: &[u8]) -> usize {
    got.iter()
        .zip(expected)
        .position(|(a, b)| a != b)
        .unwrap_or(got.len().min(expected.len()))
}

#[test]
fn request_is_a_get_line_a_host_header_and_an_empty_line() {
    let cases = [
        (
            "example.com",
            "/",
            "GET / HTTP/1.0\r\nHost: example.com\r\n\r\n",
        ),
        (
            "127.0.0.1",
            "/index.html",
            "GET /index.html HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n",
        ),
        (
            "www.python.org",
            "/search?q=socket",
            "GET /search?q=socket HTTP/1.0\r\nHost: www.python.org\r\n\r\n",
        ),
    ];
    for (host, path, expected) in cases {
        let got = request(host, path);
        assert_eq!(
            String::from_utf8_lossy(&got),
            expected,
            "request({host:?}, {path:?}) should be the bytes on the right"
        );
    }
}

#[test]
fn http_get_sends_the_request_and_returns_the_whole_response() {
    let mut server = Python::start(RECORDING_SERVER, &["11"]);
    let port = server.port();
    let response = get(port, "/index.html", TIMEOUT);
    let recorded = unhex(&server.line());
    assert_eq!(
        String::from_utf8_lossy(&recorded),
        "GET /index.html HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n",
        "the server received the request on the left; it expected the one on the right"
    );
    let response = response.expect("http_get failed");
    assert_eq!(
        String::from_utf8_lossy(&response),
        String::from_utf8_lossy(&recorded_response(11)),
        "http_get should return every byte the server sent, and only those"
    );
}

#[test]
fn a_body_larger_than_a_mebibyte_arrives_byte_for_byte() {
    let size = 1_500_000;
    let mut server = Python::start(RECORDING_SERVER, &["1500000"]);
    let port = server.port();
    let response = get(port, "/big", TIMEOUT).expect("http_get failed");
    let expected = recorded_response(size);
    assert!(
        response == expected,
        "expected {} bytes, got {}; the first wrong byte is at offset {} \
         (keep calling recv until it returns an empty vector)",
        expected.len(),
        response.len(),
        first_difference(&response, &expected)
    );
}

#[test]
fn status_splits_the_answers_of_pythons_http_server() {
    let paths = ["/Cargo.toml", "/no-such-file"];
    let mut server = Python::start(PYTHON_HTTP_SERVER, &paths);
    let expected: Vec<String> = paths.iter().map(|_| server.line()).collect();
    let port = server.port();
    for (path, expected) in paths.iter().zip(expected) {
        let response = get(port, path, TIMEOUT).expect("http_get failed");
        let got =
            status(&response).map(|(version, code, reason)| format!("{version}|{code}|{reason}"));
        assert_eq!(
            got.as_deref(),
            Some(expected.as_str()),
            "status of the response to GET {path}, as version|code|reason \
             (the right side is what Python's http.client read)"
        );
    }
    let page = get(port, "/Cargo.toml", TIMEOUT).expect("http_get failed");
    let file = std::fs::read("Cargo.toml").expect("the package's Cargo.toml");
    assert!(
        page.ends_with(&file),
        "the response to GET /Cargo.toml should end with the file's {} bytes",
        file.len()
    );
}

/// What `status` should return, as borrowed parts.
type ExpectedStatus = Option<(&'static str, u16, &'static str)>;

#[test]
fn status_reads_reasons_with_spaces_and_refuses_what_is_not_a_status_line() {
    let cases: [(&[u8], ExpectedStatus); 9] = [
        (
            b"HTTP/1.0 200 OK\r\n\r\nhello",
            Some(("HTTP/1.0", 200, "OK")),
        ),
        (
            b"HTTP/1.1 404 Not Found\r\nServer: x\r\n\r\n",
            Some(("HTTP/1.1", 404, "Not Found")),
        ),
        (b"HTTP/1.1 200\r\n\r\n", Some(("HTTP/1.1", 200, ""))),
        (
            b"HTTP/1.0 302 Found\nLocation: /\n\n",
            Some(("HTTP/1.0", 302, "Found")),
        ),
        (b"", None),
        (b"hello world\r\n", None),
        (b"HTTP/1.1 20 OK\r\n", None),
        (b"HTTP/1.1 abc OK\r\n", None),
        (b"HTTP/1.1 200 \xff\xfe\r\n", None),
    ];
    for (response, expected) in cases {
        let expected = expected.map(|(v, c, r)| (v.to_string(), c, r.to_string()));
        assert_eq!(
            status(response),
            expected,
            "status({:?})",
            String::from_utf8_lossy(response)
        );
    }
}

#[test]
fn a_refused_connection_fails_with_pythons_error() {
    let port = closed_port();
    let expected = python_output(PYTHON_CLIENT_ERROR, &[&port.to_string(), "5"]);
    let expected = expected.trim_end();
    match get(port, "/", TIMEOUT) {
        Ok(response) => panic!(
            "nothing listens on port {port}, yet http_get returned {} bytes",
            response.len()
        ),
        Err(e) => assert_eq!(e.to_string(), expected, "the error, as str(e)"),
    }
}

#[test]
fn a_silent_server_fails_with_timed_out() {
    // A listening socket nobody accepts from: the kernel completes the connection, and
    // then nothing ever answers.
    let silent = Socket::new(AF_INET, SOCK_STREAM, 0).expect("socket");
    silent.bind(("127.0.0.1", 0)).expect("bind");
    silent.listen(5).expect("listen");
    let port = port_of(&silent);
    let expected = python_output(PYTHON_CLIENT_ERROR, &[&port.to_string(), "0.5"]);
    let expected = expected.trim_end();
    match get(port, "/", Some(0.5)) {
        Ok(response) => panic!(
            "the server never answers, yet http_get returned {} bytes",
            response.len()
        ),
        Err(e) => assert_eq!(
            e.to_string(),
            expected,
            "the error, as str(e) (did you call settimeout?)"
        ),
    }
}
