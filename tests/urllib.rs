//! pynet::urllib against Python's http.server on loopback, with Python's own urllib as the
//! oracle: the same requests made by both must end the same way (status, final URL, body, or
//! the same exception class and text).

mod util;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Stdio};

use pynet::socket::{self, Exception};
use pynet::ssl::{self, CERT_NONE, Purpose};
use pynet::urllib::{self, Response};
use serde_json::{Value, json};
use util::tls::{CertFiles, TestCerts};
use util::{python_output, python3, within};

/// The server: Python's http.server with one answer per path.
const SERVER: &str = r#"
import http.server, sys

BIG = bytes(i % 251 for i in range(1 << 20))

class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, code, body=b"", headers=(), length=True):
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, code, location):
        self.reply(code, b"", [("Location", location)])

    def do_GET(self):
        self.route()

    def do_POST(self):
        self.route()

    def route(self):
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length)
        here = f"http://127.0.0.1:{self.server.server_port}"
        path = self.path
        if path == "/hello":
            self.reply(200, b"Hello, World!\nsecond line\n", [("Content-Type", "text/plain")])
        elif path == "/echo":
            head = f"{self.command} {self.headers.get('Content-Type')} {length}\n"
            self.reply(200, head.encode() + data)
        elif path == "/r1":
            self.redirect(302, "r2")
        elif path == "/r2":
            self.redirect(301, here + "/hello")
        elif path == "/see-other":
            self.redirect(303, "/echo")
        elif path == "/temporary":
            self.redirect(307, "/echo")
        elif path == "/loop":
            self.redirect(302, "/loop")
        elif path == "/gopher":
            self.redirect(302, "gopher://example.test/")
        elif path == "/not-modified":
            self.reply(304)
        elif path == "/missing":
            self.reply(404, b"no such page\n", [("X-Test", "missing")])
        elif path == "/broken":
            self.reply(500, b"oops\n")
        elif path == "/big":
            self.reply(200, BIG, [("Content-Type", "application/octet-stream")])
        elif path == "/no-length":
            self.reply(200, BIG[:20000], length=False)
        elif path == "/short":
            self.send_response(200)
            self.send_header("Content-Length", "10")
            self.end_headers()
            self.wfile.write(b"12345")
        else:
            self.reply(404)

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
if len(sys.argv) == 3:  # certfile, keyfile: serve HTTPS
    import ssl
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[1], sys.argv[2])
    server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_port, flush=True)
server.serve_forever()
"#;

/// The oracle: Python's urlopen on each case (a path on the server or a whole URL), one JSON
/// outcome per line.
const CLIENT: &str = r#"
import json, sys, urllib.error, urllib.request

CLASSES = (urllib.error.HTTPError, urllib.error.URLError, TimeoutError, ValueError, OSError)

base = sys.argv[1]
for case in json.loads(sys.argv[2]):
    url = base + case["url"] if case["url"].startswith("/") else case["url"]
    data = None if case["data"] is None else case["data"].encode()
    try:
        with urllib.request.urlopen(url, data, timeout=case["timeout"]) as r:
            out = {"ok": [r.status, r.reason, r.geturl(), r.read().decode("latin-1")]}
    except urllib.error.HTTPError as e:
        out = {"exc": "HTTPError", "str": str(e), "code": e.code, "url": e.geturl(),
               "body": e.read().decode("latin-1")}
    except Exception as e:
        name = next(c.__name__ for c in CLASSES if isinstance(e, c))
        out = {"exc": name, "str": str(e)}
    print(json.dumps(out))
"#;

/// The same outcome classes as the oracle's, most specific first.
const CLASSES: [(Exception, &str); 5] = [
    (Exception::HTTPError, "HTTPError"),
    (Exception::URLError, "URLError"),
    (Exception::TimeoutError, "TimeoutError"),
    (Exception::ValueError, "ValueError"),
    (Exception::OSError, "OSError"),
];

/// Python's http.server running [`SERVER`] on 127.0.0.1; killed when dropped.
struct Server {
    child: Child,
    port: u16,
    scheme: &'static str,
}

impl Server {
    /// The HTTP server.
    fn start() -> Server {
        Server::with_args("http", &[])
    }

    /// The HTTPS server, with the certificate and key of `identity`.
    fn https(identity: &CertFiles) -> Server {
        Server::with_args("https", &[&identity.cert, &identity.key])
    }

    fn with_args(scheme: &'static str, args: &[&Path]) -> Server {
        let mut child = python3()
            .arg("-c")
            .arg(SERVER)
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 must be installed: it is the server of these tests");
        let stdout = child.stdout.take().expect("piped stdout");
        let line = within(30.0, move || {
            let mut line = String::new();
            BufReader::new(stdout).read_line(&mut line).map(|_| line)
        })
        .expect("the server's port");
        let port = line.trim().parse().expect("a port number");
        Server {
            child,
            port,
            scheme,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}://localhost:{}{path}", self.scheme, self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port with nothing listening on it.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").port()
}

/// Bytes as the oracle shows them: each byte one character.
fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&byte| char::from(byte)).collect()
}

/// pynet's outcome in the oracle's shape.
fn outcome(result: Result<Response, urllib::Error>) -> Value {
    match result {
        Ok(mut r) => {
            let body = r.readall().expect("the body");
            json!({"ok": [r.status(), r.reason(), r.geturl(), latin1(&body)]})
        }
        Err(urllib::Error::HTTPError(mut e)) => {
            let body = e.readall().expect("the error's body");
            json!({"exc": "HTTPError", "str": e.to_string(), "code": e.code(),
                   "url": e.geturl(), "body": latin1(&body)})
        }
        Err(e) => {
            let (_, name) = CLASSES
                .iter()
                .find(|(class, _)| e.is_instance(*class))
                .expect("an OSError or ValueError");
            json!({"exc": name, "str": e.to_string()})
        }
    }
}

/// Python's outcome for each case, in order.
fn python_outcomes(server: &Server, cases: &[Value]) -> Vec<Value> {
    let cases = serde_json::to_string(cases).expect("JSON");
    python_output(CLIENT, &[server.url(""), cases])
        .lines()
        .map(|line| serde_json::from_str(line).expect("JSON from the oracle"))
        .collect()
}

/// pynet's outcome for one case.
fn pynet_outcome(server: &Server, case: &Value) -> Value {
    let target = case["url"].as_str().expect("url");
    let url = if target.starts_with('/') {
        server.url(target)
    } else {
        target.to_string()
    };
    let data = case["data"].as_str().map(|data| data.as_bytes().to_vec());
    let timeout = case["timeout"].as_f64();
    within(30.0, move || {
        outcome(urllib::urlopen(url, data.as_deref(), timeout))
    })
}

#[test]
fn urlopen_ends_as_python_urlopen_does() {
    let server = Server::start();
    let silent = TcpListener::bind("127.0.0.1:0").expect("bind");
    let silent_url = format!("http://{}/", silent.local_addr().expect("address"));
    let refused_url = format!("http://127.0.0.1:{}/", closed_port());
    let case = |url: &str, data: Option<&str>| json!({"url": url, "data": data, "timeout": 5.0});
    let cases = vec![
        case("/hello", None),
        case("/echo", None),
        case("/echo", Some("name=pynet&lesson=12")),
        case("/r1", None),
        case("/r1", Some("a=1")),
        case("/see-other", Some("a=1")),
        case("/temporary", None),
        case("/temporary", Some("a=1")),
        case("/loop", None),
        case("/gopher", None),
        case("/not-modified", None),
        case("/missing", None),
        case("/broken", Some("a=1")),
        case("/no-length", None),
        case(&refused_url, None),
        json!({"url": silent_url, "data": null, "timeout": 0.5}),
        case("no-scheme", None),
        case("gopher://example.test/", None),
        case("http://", None),
    ];
    let python = python_outcomes(&server, &cases);
    assert_eq!(python.len(), cases.len(), "one answer per case from Python");
    let mut differences = Vec::new();
    for (case, python) in cases.iter().zip(&python) {
        let ours = pynet_outcome(&server, case);
        if ours != *python {
            differences.push(format!("{case}\n  pynet:  {ours}\n  python: {python}"));
        }
    }
    println!(
        "{} cases compared, {} equal",
        cases.len(),
        cases.len() - differences.len()
    );
    assert!(
        differences.is_empty(),
        "differences:\n{}",
        differences.join("\n")
    );
    drop(silent);
}

#[test]
fn response_reads_by_line_by_size_and_to_the_end() {
    let server = Server::start();
    let url = server.url("/hello");
    within(30.0, move || {
        let mut response = urllib::urlopen(url.as_str(), None, Some(5.0)).expect("urlopen");
        assert_eq!((response.status(), response.reason()), (200, "OK"));
        assert_eq!(response.getheader("content-type"), Some("text/plain"));
        assert_eq!(response.info().get("Content-Length"), Some("26"));
        assert_eq!(response.geturl(), url);
        assert_eq!(response.readline().expect("readline"), b"Hello, World!\n");
        assert_eq!(response.read(6).expect("read"), b"second");
        assert_eq!(response.readall().expect("read"), b" line\n");
        assert_eq!(response.read(10).expect("read at the end"), b"");
    });
}

#[test]
fn not_found_is_an_http_error_with_headers_and_body() {
    let server = Server::start();
    let url = server.url("/missing");
    within(30.0, move || {
        let Err(urllib::Error::HTTPError(mut e)) = urllib::urlopen(url.as_str(), None, Some(5.0))
        else {
            panic!("expected an HTTPError");
        };
        assert_eq!(e.to_string(), "HTTP Error 404: Not Found");
        assert_eq!((e.code(), e.reason()), (404, "Not Found"));
        assert_eq!(e.headers().get("X-Test"), Some("missing"));
        assert_eq!(e.readall().expect("the body"), b"no such page\n");
        let e = socket::Error::from(urllib::Error::HTTPError(e));
        assert!(e.is_instance(Exception::URLError));
        assert_eq!(
            format!("{e:?}"),
            "urllib.error.HTTPError: HTTP Error 404: Not Found"
        );
    });
}

#[test]
fn refused_is_a_url_error_whose_reason_is_the_socket_error() {
    let url = format!("http://127.0.0.1:{}/", closed_port());
    within(30.0, move || {
        let Err(urllib::Error::URLError(e)) = urllib::urlopen(url, None, Some(5.0)) else {
            panic!("expected a URLError");
        };
        assert_eq!(
            e.to_string(),
            "<urlopen error [Errno 111] Connection refused>"
        );
        assert!(e.reason().is_instance(Exception::ConnectionRefusedError));
    });
}

/// The hook calls of Python's `urlretrieve(url, filename, hook)`.
const RETRIEVE: &str = r#"
import json, socket, sys, urllib.request
socket.setdefaulttimeout(10)
calls = []
urllib.request.urlretrieve(sys.argv[1], sys.argv[2], lambda *call: calls.append(call))
print(json.dumps(calls))
"#;

#[test]
fn urlretrieve_saves_exact_bytes_and_calls_the_hook_as_python_does() {
    let server = Server::start();
    let dir = tempfile::tempdir().expect("a temp dir");
    let big: Vec<u8> = (0..1 << 20).map(|i| (i % 251) as u8).collect();
    for (path, expected) in [("/big", &big[..]), ("/no-length", &big[..20000])] {
        let python_file = dir.path().join("python.bin");
        let python = python_output(
            RETRIEVE,
            &[server.url(path), python_file.display().to_string()],
        );
        let python: Vec<(usize, usize, i64)> = serde_json::from_str(&python).expect("JSON");
        let ours_file = dir.path().join("pynet.bin");
        let ours = retrieve(server.url(path), &ours_file);
        assert_eq!(ours, python, "hook calls for {path}");
        assert_eq!(
            std::fs::read(&ours_file).expect("the file"),
            expected,
            "bytes of {path}"
        );
    }
}

/// pynet's `urlretrieve(url, filename, hook)`, returning the hook calls.
fn retrieve(url: String, filename: &Path) -> Vec<(usize, usize, i64)> {
    let filename = filename.to_path_buf();
    within(30.0, move || {
        socket::setdefaulttimeout(Some(10.0)).expect("a timeout");
        let mut calls = Vec::new();
        let mut hook = |count, size, total| calls.push((count, size, total));
        let (name, headers) =
            urllib::urlretrieve(url, Some(&filename), Some(&mut hook), None).expect("urlretrieve");
        assert_eq!(name, filename);
        assert!(
            headers
                .get("Server")
                .is_some_and(|server| server.contains("Python"))
        );
        calls
    })
}

#[test]
fn urlretrieve_of_a_short_body_is_content_too_short_as_in_python() {
    let server = Server::start();
    let dir = tempfile::tempdir().expect("a temp dir");
    let file = dir.path().join("short.bin");
    let python = python_output(
        r#"
import socket, sys, urllib.request
socket.setdefaulttimeout(10)
try:
    urllib.request.urlretrieve(sys.argv[1], sys.argv[2])
except urllib.error.ContentTooShortError as e:
    print(e)
"#,
        &[server.url("/short"), file.display().to_string()],
    );
    let url = server.url("/short");
    let ours = within(30.0, move || {
        socket::setdefaulttimeout(Some(10.0)).expect("a timeout");
        urllib::urlretrieve(url, Some(&file), None, None).expect_err("too short")
    });
    assert!(ours.is_instance(Exception::URLError));
    assert_eq!(ours.to_string(), python.trim_end());
}

#[test]
fn https_is_checked_by_the_context_given() {
    let certs = TestCerts::new();
    let server = Server::https(&certs.localhost);
    let (url, ca) = (server.url("/hello"), certs.ca.clone());
    within(30.0, move || {
        let mut context = ssl::create_default_context(Purpose::SERVER_AUTH).expect("context");
        context.load_verify_locations(&ca).expect("the test CA");
        let mut response =
            urllib::urlopen_context(url.as_str(), None, Some(5.0), context).expect("urlopen");
        assert_eq!(response.readline().expect("readline"), b"Hello, World!\n");
        assert_eq!(response.geturl(), url);

        let mut unchecked = ssl::create_default_context(Purpose::SERVER_AUTH).expect("context");
        unchecked.set_check_hostname(false);
        unchecked.set_verify_mode(CERT_NONE).expect("CERT_NONE");
        let response = urllib::urlopen_context(url.as_str(), None, Some(5.0), unchecked);
        assert_eq!(response.expect("CERT_NONE connects anyway").status(), 200);
    });
}

#[test]
fn https_with_an_unknown_ca_is_refused_as_python_refuses_it() {
    let certs = TestCerts::new();
    let server = Server::https(&certs.localhost);
    let python = python_output(
        r#"
import sys, urllib.request
try:
    urllib.request.urlopen(sys.argv[1], timeout=5)
except urllib.error.URLError as e:
    print(type(e.reason).__name__, e)
"#,
        &[server.url("/hello")],
    );
    let url = server.url("/hello");
    let ours = within(30.0, move || {
        urllib::urlopen(url, None, Some(5.0)).expect_err("refused")
    });
    let urllib::Error::URLError(e) = ours else {
        panic!("expected a URLError, got {ours:?}");
    };
    assert!(e.reason().is_instance(Exception::SSLCertVerificationError));
    // Python adds OpenSSL's source position, "(_ssl.c:1006)"; the rest is the same.
    let ours = format!("SSLCertVerificationError {}", e);
    let python = python.trim_end();
    let python_without_position = python.split(" (_ssl.c").next().unwrap_or(python);
    assert_eq!(
        ours.trim_end_matches('>'),
        python_without_position,
        "python: {python}"
    );
}
