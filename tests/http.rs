//! `pynet::http`: the streaming client against Python's `http.server`, the server against
//! curl, Python's `http.client` and `urllib`, and the server's own answers to bad requests,
//! sent as raw bytes.

mod util;

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use pynet::http::{
    self, Client, HTTPServer, Limits, ServerRequest, ServerResponse, UnixHTTPServer,
};
use pynet::socket::{self, Error, Exception, Result, SHUT_WR, Socket};
use util::{python3, random_bytes, recv_to_eof, within};

// ---------------------------------------------------------------------------------------------
// Helpers

/// A pynet server running `serve_forever` on its own thread; dropping it shuts it down.
struct Running<S: Serve> {
    server: Arc<S>,
    thread: Option<JoinHandle<()>>,
}

/// The two server types, as `Running` needs them.
trait Serve: Send + Sync + 'static {
    fn serve(&self);
    fn stop(&self);
}

impl Serve for HTTPServer {
    fn serve(&self) {
        self.serve_forever(0.5).expect("serve_forever");
    }
    fn stop(&self) {
        self.shutdown();
    }
}

impl Serve for UnixHTTPServer {
    fn serve(&self) {
        self.serve_forever(0.5).expect("serve_forever");
    }
    fn stop(&self) {
        self.shutdown();
    }
}

impl<S: Serve> Running<S> {
    fn start(server: S) -> Running<S> {
        let server = Arc::new(server);
        let serving = Arc::clone(&server);
        let thread = thread::spawn(move || serving.serve());
        Running {
            server,
            thread: Some(thread),
        }
    }
}

impl<S: Serve> Drop for Running<S> {
    fn drop(&mut self) {
        self.server.stop();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Running<HTTPServer> {
    fn port(&self) -> u16 {
        self.server.server_address.port().expect("a TCP server")
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port())
    }

    /// A raw connection to the server, every step under 10 s.
    fn connect(&self) -> Socket {
        socket::create_connection(("127.0.0.1", self.port()), Some(10.0), None).expect("connect")
    }
}

/// The test handler: `/echo` answers the request body (length-framed), `/stream` the body
/// chunked in the pieces it was read in, `/pieces` three small chunks, `/dated` an answer
/// with its own Date, `/fail` fails,
/// `/panic` panics, `/big` sends 1 MiB, anything else describes the request.
fn handler(request: &mut ServerRequest, response: &mut ServerResponse) -> Result<()> {
    match request.uri.as_str() {
        "/echo" => {
            let body = request.read_all()?;
            response.write_headers(&[("Content-Length", &body.len().to_string())])?;
            response.write(&body)
        }
        "/stream" => loop {
            let piece = request.read(1000)?;
            if piece.is_empty() {
                return response.finish();
            }
            response.write(&piece)?;
        },
        "/fail" => Err(Error::new(
            Exception::ValueError,
            "the handler failed on purpose",
        )),
        "/panic" => panic!("the handler panicked on purpose"),
        "/dated" => {
            response.write_headers(&[
                ("Date", "Thu, 01 Jan 1970 00:00:00 GMT"),
                ("Content-Length", "0"),
            ])?;
            response.finish()
        }
        "/pieces" => {
            for piece in [&b"one "[..], b"two ", b"three\n"] {
                response.write(piece)?;
            }
            response.finish()
        }
        "/big" => {
            response.write_headers(&[("Content-Length", &BIG.to_string())])?;
            response.write(&big_body())
        }
        _ => {
            let text = format!("{} {} {}\n", request.method, request.uri, request.version);
            response.write_status(200, "")?;
            response.write_headers(&[
                ("Content-Type", "text/plain"),
                ("Content-Length", &text.len().to_string()),
            ])?;
            response.write(text.as_bytes())
        }
    }
}

/// The size of the big bodies.
const BIG: usize = 1 << 20;

fn big_body() -> Vec<u8> {
    random_bytes(6, BIG)
}

/// A pynet server with the test handler and `limits`.
fn pynet_server(limits: Limits) -> Running<HTTPServer> {
    let mut server = http::serve_http_with(handler, ("127.0.0.1", 0), limits).expect("serve_http");
    server.set_handle_error(|_, _| {}); // The failing handlers are expected; keep stderr clean.
    Running::start(server)
}

/// Sends `request` whole on a new connection and returns everything the server sends back
/// until it closes.
fn exchange_raw(server: &Running<HTTPServer>, request: &[u8]) -> String {
    let conn = server.connect();
    conn.sendall(request).expect("send");
    let answer = recv_to_eof(&conn).expect("the answer");
    String::from_utf8_lossy(&answer).into_owned()
}

/// The status code of the first response in `answer`.
fn status_of(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {answer:?}"))
}

/// Python's `http.server` with a handler written for these tests, on a free port: `/hello`
/// (length-framed), `/chunked` (three chunks), `/close` (no length: the body ends at the
/// close), `/big` (1 MiB), `/echo` (the body back, decoding chunked requests).
const PYTHON_SERVER: &str = r#"
import http.server, sys

BIG = bytes(range(256)) * 4096

def read_body(handler):
    if handler.headers.get("Transfer-Encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int(handler.rfile.readline().split(b";")[0], 16)
            if size == 0:
                while handler.rfile.readline() not in (b"\r\n", b"\n", b""):
                    pass
                return body
            body += handler.rfile.read(size)
            handler.rfile.readline()
    return handler.rfile.read(int(handler.headers.get("Content-Length", 0)))

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_body(self, body):
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/hello":
            self.send_body(b"hello from python\n")
        elif self.path == "/big":
            self.send_body(BIG)
        elif self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for piece in (b"first,", b"second,", b"third"):
                self.wfile.write(b"%x;ext=1\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\nTrailer: yes\r\n\r\n")
        elif self.path == "/close":
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"until the end")
            self.close_connection = True
        else:
            self.send_error(404)

    def do_POST(self):
        body = read_body(self)
        self.send_body(self.command.encode() + b" " + self.headers.get("Transfer-Encoding", "length").encode() + b" " + body)

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
if len(sys.argv) == 3:  # certificate and key: serve https
    import ssl
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[1], sys.argv[2])
    server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
"#;

/// Python's server, killed when dropped.
struct PythonServer {
    child: Child,
    port: u16,
}

impl PythonServer {
    fn start() -> PythonServer {
        PythonServer::start_with(&[])
    }

    /// Python's server with these arguments (a certificate and key file: https).
    fn start_with(args: &[&std::path::Path]) -> PythonServer {
        let mut child = python3()
            .arg("-c")
            .arg(PYTHON_SERVER)
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 must be installed");
        let stdout = child.stdout.take().expect("piped stdout");
        let port = within(20.0, move || {
            let mut line = String::new();
            std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)
                .expect("port");
            line.trim().parse::<u16>().expect("a port number")
        });
        PythonServer { child, port }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for PythonServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A client whose every step is under 10 s.
fn client() -> Client {
    Client {
        timeout: Some(10.0),
        ..Client::default()
    }
}

/// The whole body of a GET to `url`, read in pieces of `piece` bytes.
fn get(url: &str, piece: usize) -> (u16, Vec<u8>) {
    let mut response = client().request("GET", url, &[]).unwrap().finish().unwrap();
    let mut body = Vec::new();
    loop {
        let data = response.read(piece).unwrap();
        assert!(data.len() <= piece);
        if data.is_empty() {
            return (response.status, body);
        }
        body.extend_from_slice(&data);
    }
}

/// What `program args...` prints, under a time limit; fails the test if it fails.
fn run(program: &str, args: &[&str], stdin: &[u8]) -> String {
    let mut command = Command::new(program);
    command.args(args);
    let stdin = stdin.to_vec();
    let what = format!("{program} {args:?}");
    within(60.0, move || {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(&stdin)
            .expect("stdin");
        let output = child.wait_with_output().expect("output");
        assert!(
            output.status.success(),
            "{what} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    })
}

// ---------------------------------------------------------------------------------------------
// The client against Python's http.server

#[test]
fn client_gets_length_chunked_and_until_close_bodies_from_python() {
    let python = PythonServer::start();
    within(30.0, move || {
        assert_eq!(
            get(&python.url("/hello"), 4096),
            (200, b"hello from python\n".to_vec())
        );
        assert_eq!(
            get(&python.url("/chunked"), 4096),
            (200, b"first,second,third".to_vec())
        );
        assert_eq!(
            get(&python.url("/close"), 4096),
            (200, b"until the end".to_vec())
        );
        let (status, _) = get(&python.url("/missing"), 4096);
        assert_eq!(status, 404);
    });
}

#[test]
fn client_reads_in_odd_sizes_byte_exact() {
    let python = PythonServer::start();
    within(60.0, move || {
        let expected: Vec<u8> = (0..=255u8).cycle().take(BIG).collect();
        for piece in [1, 7, 4095, 65537] {
            let url = if piece == 1 {
                python.url("/chunked")
            } else {
                python.url("/big")
            };
            let (status, body) = get(&url, piece);
            assert_eq!(status, 200);
            if piece == 1 {
                assert_eq!(body, b"first,second,third");
            } else {
                assert!(
                    body == expected,
                    "the 1 MiB body differs when read {piece} bytes at a time"
                );
            }
        }
    });
}

#[test]
fn client_posts_with_content_length_and_chunked() {
    let python = PythonServer::start();
    within(60.0, move || {
        let mut request = client()
            .request("POST", &python.url("/echo"), &[("Content-Length", "11")])
            .unwrap();
        request.write(b"hello ").unwrap();
        request.write(b"world").unwrap();
        assert_eq!(
            request.finish().unwrap().read_all().unwrap(),
            b"POST length hello world"
        );

        let big = big_body();
        let mut request = client().request("POST", &python.url("/echo"), &[]).unwrap();
        for piece in big.chunks(100_000) {
            request.write(piece).unwrap();
        }
        let mut response = request.finish().unwrap();
        assert_eq!(response.status, 200);
        let body = response.read_all().unwrap();
        assert!(body.starts_with(b"POST chunked "));
        assert!(
            body[13..] == big[..],
            "the chunked 1 MiB body came back different"
        );
    });
}

#[test]
fn client_refuses_writing_past_the_content_length() {
    let python = PythonServer::start();
    within(30.0, move || {
        let mut request = client()
            .request("POST", &python.url("/echo"), &[("Content-Length", "2")])
            .unwrap();
        let e = request.write(b"abc").unwrap_err();
        assert_eq!(e.to_string(), "content length set to 2 bytes");
        let e = request.finish().unwrap_err();
        assert_eq!(e.to_string(), "did not write all 2 bytes");
    });
}

#[test]
fn client_errors_are_pythons() {
    let listener = Socket::new(socket::AF_INET, socket::SOCK_STREAM, 0).unwrap();
    listener.bind(("127.0.0.1", 0)).unwrap();
    listener.listen(5).unwrap();
    let port = listener.getsockname().unwrap().port().unwrap();
    let answers: [&[u8]; 3] = [
        b"",
        b"SPAM 200 OK\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort",
    ];
    let server = thread::spawn(move || {
        for answer in answers {
            let (conn, _) = listener.accept().unwrap();
            let _ = conn.with_timeout(Some(5.0)).recv(65536);
            conn.sendall(answer).unwrap();
        }
    });
    within(30.0, move || {
        let url = format!("http://127.0.0.1:{port}/");
        let e = client()
            .request("GET", &url, &[])
            .unwrap()
            .finish()
            .unwrap_err();
        assert!(e.is_instance(Exception::RemoteDisconnected), "{e:?}");
        assert_eq!(
            e.to_string(),
            "Remote end closed connection without response"
        );
        let e = client()
            .request("GET", &url, &[])
            .unwrap()
            .finish()
            .unwrap_err();
        assert!(e.is_instance(Exception::BadStatusLine), "{e:?}");
        let mut response = client()
            .request("GET", &url, &[])
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(response.read(100).unwrap(), b"short");
        let e = response.read(100).unwrap_err();
        assert!(e.is_instance(Exception::IncompleteRead), "{e:?}");
        assert_eq!(
            e.to_string(),
            "IncompleteRead(5 bytes read, 5 more expected)"
        );
        server.join().unwrap();
        let e = client().request("GET", &url, &[]).map(drop).unwrap_err();
        assert!(e.is_instance(Exception::ConnectionRefusedError), "{e:?}");
    });
}

#[test]
fn client_speaks_https_to_python_and_checks_the_certificate() {
    let certs = util::tls::TestCerts::new();
    let python = PythonServer::start_with(&[&certs.localhost.cert, &certs.localhost.key]);
    let url = format!("https://localhost:{}/hello", python.port);
    let trusting = Client {
        cafile: Some(certs.ca.clone()),
        ..client()
    };
    let untrusting = Client {
        cafile: Some(certs.unknown_ca_cert.clone()),
        ..client()
    };
    let unchecked = Client {
        verify: false,
        ..untrusting.clone()
    };
    within(30.0, move || {
        let mut response = trusting
            .request("GET", &url, &[])
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(response.read_all().unwrap(), b"hello from python\n");
        let mut request = trusting
            .request("POST", &url.replace("/hello", "/echo"), &[])
            .unwrap();
        request.write(b"over TLS").unwrap();
        assert_eq!(
            request.finish().unwrap().read_all().unwrap(),
            b"POST chunked over TLS"
        );
        let e = untrusting.request("GET", &url, &[]).map(drop).unwrap_err();
        assert!(e.is_instance(Exception::SSLCertVerificationError), "{e:?}");
        let response = unchecked
            .request("GET", &url, &[])
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(response.status, 200);
    });
}

// ---------------------------------------------------------------------------------------------
// The server against real clients

#[test]
fn curl_gets_and_posts() {
    if util::peer::find("curl", "curl_gets_and_posts").is_none() {
        return;
    }
    let server = pynet_server(Limits::default());
    let hello = run("curl", &["-sS", &server.url("/hello")], b"");
    assert_eq!(hello, "GET /hello HTTP/1.1\n");
    let echo = run(
        "curl",
        &["-sS", "--data-binary", "@-", &server.url("/echo")],
        b"Hello, World!",
    );
    assert_eq!(echo, "Hello, World!");
    let chunked = run(
        "curl",
        &[
            "-sS",
            "-H",
            "Transfer-Encoding: chunked",
            "--data-binary",
            "@-",
            &server.url("/stream"),
        ],
        &[b'x'; 5000],
    );
    assert_eq!(chunked, "x".repeat(5000));
    // curl sends Expect: 100-continue for bodies over 1 MiB, and waits for the 100.
    let big = big_body();
    let path = std::env::temp_dir().join(format!("pynet-http-big-{}", std::process::id()));
    std::fs::write(&path, &big).unwrap();
    let out = Command::new("curl")
        .args(["-sS", "--data-binary"])
        .arg(format!("@{}", path.display()))
        .arg(server.url("/echo"))
        .output()
        .unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(out.status.success());
    assert!(out.stdout == big, "curl's 1 MiB body came back different");
}

#[test]
fn python_http_client_keeps_the_connection_alive() {
    let server = pynet_server(Limits::default());
    let out = util::python_output(
        r#"
import http.client, sys
conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=10)
for i in range(3):
    conn.request("POST", "/echo", body=b"request %d" % i)
    resp = conn.getresponse()
    print(resp.status, resp.read().decode(), resp.getheader("Transfer-Encoding"))
    if i == 0:
        first = conn.sock
conn.request("POST", "/stream", body=b"x" * 2500)
resp = conn.getresponse()
print(resp.status, len(resp.read()), resp.getheader("Transfer-Encoding"))
conn.request("HEAD", "/hello")
resp = conn.getresponse()
print(resp.status, repr(resp.read()), resp.getheader("Content-Length"))
print(conn.sock is first)
"#,
        &[server.port().to_string()],
    );
    assert_eq!(
        out,
        "200 request 0 None\n200 request 1 None\n200 request 2 None\n200 2500 chunked\n200 b'' 21\nTrue\n"
    );
}

#[test]
fn python_urllib_reads_the_server() {
    let server = pynet_server(Limits::default());
    let out = util::python_output(
        r#"
import urllib.request, sys
url = "http://127.0.0.1:%s" % sys.argv[1]
print(urllib.request.urlopen(url + "/hello", timeout=10).read().decode(), end="")
print(urllib.request.urlopen(url + "/echo", data=b"posted", timeout=10).read().decode())
big = urllib.request.urlopen(url + "/big", timeout=10).read()
print(len(big))
"#,
        &[server.port().to_string()],
    );
    assert_eq!(out, "GET /hello HTTP/1.1\nposted\n1048576\n");
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    let server = pynet_server(Limits::default());
    within(30.0, move || {
        let conn = server.connect();
        let one = b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
        let two = b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
        let three = b"GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        conn.sendall(&[&one[..], two, three].concat()).unwrap();
        let answer = String::from_utf8(recv_to_eof(&conn).unwrap()).unwrap();
        assert_eq!(answer.matches("HTTP/1.1 200 OK\r\n").count(), 3, "{answer}");
        assert!(answer.contains("GET /a HTTP/1.1\n"));
        assert!(answer.contains("\r\n\r\nabc"));
        assert!(answer.ends_with("GET /c HTTP/1.1\n"));
        // HTTP/1.0 without keep-alive: one answer, then the server closes.
        let answer = exchange_raw(&server, b"GET /d HTTP/1.0\r\n\r\n");
        assert!(
            answer.contains("Connection: close\r\n") && answer.ends_with("GET /d HTTP/1.0\n"),
            "{answer}"
        );
    });
}

#[test]
fn a_response_written_in_pieces_is_not_held_back() {
    let server = pynet_server(Limits::default());
    within(30.0, move || {
        let conn = server.connect();
        let start = Instant::now();
        for _ in 0..10 {
            conn.sendall(b"GET /pieces HTTP/1.1\r\nHost: x\r\n\r\n")
                .unwrap();
            let mut answer = Vec::new();
            while !answer.ends_with(b"0\r\n\r\n") {
                let data = conn.with_timeout(Some(5.0)).recv(65536).unwrap();
                assert!(!data.is_empty(), "closed after {answer:?}");
                answer.extend_from_slice(&data);
            }
            let text = String::from_utf8_lossy(&answer);
            assert!(
                text.contains("4\r\none \r\n4\r\ntwo \r\n6\r\nthree\n\r\n"),
                "{text}"
            );
        }
        // With Nagle's algorithm on, a piece after the first waits for the client's delayed
        // acknowledgement, about 40 ms: the ten answers took 0.4 s.
        let elapsed = start.elapsed();
        assert!(elapsed < Duration::from_millis(300), "{elapsed:?}");
    });
}

/// The values of the field `name` in the head of `answer`.
fn field_values<'a>(answer: &'a str, name: &str) -> Vec<&'a str> {
    let head = answer.split("\r\n\r\n").next().unwrap_or_default();
    head.lines()
        .filter_map(|line| line.split_once(": "))
        .filter(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value)
        .collect()
}

#[test]
fn the_server_adds_one_date_unless_the_handler_gave_one() {
    let server = pynet_server(Limits::default());
    within(30.0, move || {
        let answer = exchange_raw(
            &server,
            b"GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        );
        let dates = field_values(&answer, "date");
        assert_eq!(dates.len(), 1, "{answer}");
        // Python reads it as an HTTP date (usegmt form) no more than a few seconds from now.
        let check = "import email.utils, sys, time\n\
                     d = email.utils.parsedate_to_datetime(sys.argv[1])\n\
                     assert email.utils.format_datetime(d, usegmt=True) == sys.argv[1], sys.argv[1]\n\
                     print(round(abs(d.timestamp() - time.time())))";
        let off = util::python_output(check, &[dates[0].to_string()]);
        assert!(
            off.trim().parse::<u64>().unwrap() <= 5,
            "{} is {off} s off",
            dates[0]
        );

        let answer = exchange_raw(
            &server,
            b"GET /dated HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        );
        assert_eq!(
            field_values(&answer, "date"),
            ["Thu, 01 Jan 1970 00:00:00 GMT"],
            "{answer}"
        );
    });
}

#[test]
fn http_1_0_keep_alive_and_until_close_bodies() {
    let server = pynet_server(Limits::default());
    within(30.0, move || {
        let conn = server.connect();
        conn.sendall(b"GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            .unwrap();
        let first = String::from_utf8(conn.recv(65536).unwrap()).unwrap();
        assert!(first.contains("Connection: keep-alive\r\n"), "{first}");
        // A streamed answer to HTTP/1.0 has no chunks: it ends when the connection closes.
        conn.sendall(b"POST /stream HTTP/1.0\r\nContent-Length: 4\r\n\r\nabcd")
            .unwrap();
        let second = String::from_utf8(recv_to_eof(&conn).unwrap()).unwrap();
        assert!(
            !second.contains("chunked") && second.ends_with("\r\n\r\nabcd"),
            "{second}"
        );
    });
}

#[test]
fn expect_100_continue_gets_its_continue() {
    let server = pynet_server(Limits::default());
    within(30.0, move || {
        let conn = server.connect();
        conn.sendall(
            b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n",
        )
        .unwrap();
        assert_eq!(conn.recv(65536).unwrap(), b"HTTP/1.1 100 Continue\r\n\r\n");
        conn.sendall(b"hello").unwrap();
        conn.shutdown(SHUT_WR).unwrap();
        let answer = String::from_utf8(recv_to_eof(&conn).unwrap()).unwrap();
        assert!(
            answer.starts_with("HTTP/1.1 200 OK\r\n") && answer.ends_with("\r\n\r\nhello"),
            "{answer}"
        );
    });
}

#[test]
fn unix_socket_server_and_client() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("http.sock");
    let server = http::serve_unix(handler, &path).unwrap();
    let running = Running::start(server);
    let encoded = path.to_str().unwrap().replace('/', "%2F");
    within(30.0, move || {
        let url = format!("http+unix://{encoded}/unix?x=1");
        assert_eq!(get(&url, 3), (200, b"GET /unix?x=1 HTTP/1.1\n".to_vec()));
        let mut request = client()
            .request("PUT", &format!("http+unix://{encoded}/echo"), &[])
            .unwrap();
        request.write(b"over a unix socket").unwrap();
        assert_eq!(
            request.finish().unwrap().read_all().unwrap(),
            b"over a unix socket"
        );
        drop(running);
    });
    // A second server on the same path replaces the stale socket file.
    drop(http::serve_unix(handler, &path).unwrap());
}

// ---------------------------------------------------------------------------------------------
// The server's own answers

#[test]
fn bad_requests_get_their_status_and_the_connection_closes() {
    let limits = Limits {
        max_body: 1000,
        max_line: 200,
        max_headers: 10,
        ..Limits::default()
    };
    let server = pynet_server(limits);
    let long_uri = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(300));
    let long_field = format!(
        "GET / HTTP/1.1\r\nHost: x\r\nX: {}\r\n\r\n",
        "a".repeat(300)
    );
    let many_fields = format!("GET / HTTP/1.1\r\nHost: x\r\n{}\r\n", "X: y\r\n".repeat(11));
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        ("garbage", b"HELLO\r\n\r\n".to_vec(), 400),
        ("no version", b"GET /\r\n\r\n".to_vec(), 400),
        ("space before colon", b"GET / HTTP/1.1\r\nHost: x\r\nX : y\r\n\r\n".to_vec(), 400),
        ("no Host", b"GET / HTTP/1.1\r\n\r\n".to_vec(), 400),
        ("two Hosts", b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n".to_vec(), 400),
        ("HTTP/2.0", b"GET / HTTP/2.0\r\nHost: x\r\n\r\n".to_vec(), 505),
        ("HTTP/1.2", b"GET / HTTP/1.2\r\nHost: x\r\n\r\n".to_vec(), 505),
        ("long request line", long_uri.into_bytes(), 414),
        ("long header line", long_field.into_bytes(), 431),
        ("too many fields", many_fields.into_bytes(), 431),
        ("body over the cap", b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n".to_vec(), 413),
        ("chunked over the cap", b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3e9\r\n".to_vec(), 413),
        ("Expect", b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nExpect: pony\r\n\r\nx".to_vec(), 417),
        ("gzip", b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n".to_vec(), 501),
        ("gzip, chunked", b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n".to_vec(), 501),
        // Smuggling shapes.
        ("CL and TE", b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".to_vec(), 400),
        ("two lengths", b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd".to_vec(), 400),
        ("length list", b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 4\r\n\r\nabcd".to_vec(), 400),
        ("signed length", b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc".to_vec(), 400),
        ("chunked twice", b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n".to_vec(), 400),
        ("TE in HTTP/1.0", b"POST /echo HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".to_vec(), 400),
        ("bad chunk size", b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n".to_vec(), 400),
        ("0x chunk size", b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0x2\r\nab\r\n0\r\n\r\n".to_vec(), 400),
        ("negative chunk", b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-2\r\nab\r\n0\r\n\r\n".to_vec(), 400),
        ("huge chunk size", b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n".to_vec(), 400),
        ("bad chunk end", b"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n".to_vec(), 400),
    ];
    within(60.0, move || {
        for (name, request, expected) in cases {
            let answer = exchange_raw(&server, &request);
            assert_eq!(status_of(&answer), expected, "{name}: {answer}");
            assert!(answer.contains("Connection: close\r\n"), "{name}: {answer}");
            let answers = answer
                .lines()
                .filter(|line| line.starts_with("HTTP/1.1 "))
                .count();
            assert_eq!(answers, 1, "{name}: a second answer in {answer}");
        }
    });
}

#[test]
fn slow_loris_is_cut_off_by_the_timeout() {
    let limits = Limits {
        timeout: Some(1.0),
        ..Limits::default()
    };
    let server = pynet_server(limits);
    within(30.0, move || {
        let conn = server.connect();
        let start = Instant::now();
        let mut answer = Vec::new();
        // One byte every 100 ms: each receive is quick, the head never ends.
        for byte in b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".iter().cycle() {
            if conn.send(&[*byte]).is_err() {
                break;
            }
            if let Ok(data) = conn.with_timeout(Some(0.1)).recv(65536) {
                answer.extend_from_slice(&data);
                if data.is_empty() {
                    break;
                }
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "the slow client is still served"
            );
        }
        let elapsed = start.elapsed();
        assert!(
            elapsed >= Duration::from_millis(900) && elapsed < Duration::from_secs(5),
            "{elapsed:?}"
        );
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
    });
}

#[test]
fn idle_keep_alive_connections_are_closed_by_the_timeout() {
    let limits = Limits {
        timeout: Some(0.5),
        ..Limits::default()
    };
    let server = pynet_server(limits);
    within(30.0, move || {
        let conn = server.connect();
        conn.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let start = Instant::now();
        let answer = recv_to_eof(&conn).unwrap();
        assert!(String::from_utf8_lossy(&answer).starts_with("HTTP/1.1 200 OK"));
        assert!(start.elapsed() < Duration::from_secs(3));
    });
}

#[test]
fn a_body_that_stops_coming_times_out_in_the_handler() {
    let limits = Limits {
        timeout: Some(0.5),
        ..Limits::default()
    };
    let mut server = http::serve_http_with(handler, ("127.0.0.1", 0), limits).expect("serve");
    let (errors, reported) = std::sync::mpsc::channel();
    server.set_handle_error(move |_, error| {
        let _ = errors.send(error.to_string());
    });
    let server = Running::start(server);
    within(30.0, move || {
        let conn = server.connect();
        let start = Instant::now();
        // Ten bytes announced, three sent, and then nothing.
        conn.sendall(b"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
            .unwrap();
        let answer = String::from_utf8_lossy(&recv_to_eof(&conn).unwrap()).into_owned();
        let elapsed = start.elapsed();
        assert_eq!(status_of(&answer), 500, "{answer}");
        assert!(
            elapsed >= Duration::from_millis(450) && elapsed < Duration::from_secs(3),
            "{elapsed:?}"
        );
        let error = reported.recv_timeout(Duration::from_secs(5)).unwrap();
        assert!(error.contains("timed out"), "{error}");
    });
}

#[test]
fn a_failing_handler_gets_500_and_the_server_goes_on() {
    let server = pynet_server(Limits::default());
    within(30.0, move || {
        for path in ["/fail", "/panic"] {
            let answer = exchange_raw(
                &server,
                format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes(),
            );
            assert_eq!(status_of(&answer), 500, "{path}: {answer}");
        }
        let (status, body) = get(&server.url("/after"), 100);
        assert_eq!((status, body), (200, b"GET /after HTTP/1.1\n".to_vec()));
    });
}

#[test]
fn handler_mistakes_are_value_errors() {
    fn checks(_: &mut ServerRequest, response: &mut ServerResponse) -> Result<()> {
        let bad_reason = response.write_status(200, "OK\r\nX: injected").unwrap_err();
        assert!(bad_reason.is_instance(Exception::ValueError));
        let bad_field = response
            .write_headers(&[("X", "a\r\nInjected: yes")])
            .unwrap_err();
        assert!(bad_field.is_instance(Exception::ValueError));
        response.write_headers(&[("Content-Length", "2")])?;
        assert!(response.write_status(404, "").is_err());
        assert!(response.write(b"abc").is_err());
        response.write(b"ok")?;
        response.finish()
    }
    let server = Running::start(http::serve_http(checks, "127.0.0.1", 0).unwrap());
    within(30.0, move || {
        let answer = exchange_raw(
            &server,
            b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        );
        assert!(
            answer.starts_with("HTTP/1.1 200 OK\r\n") && answer.ends_with("\r\n\r\nok"),
            "{answer}"
        );
        assert!(
            !answer.contains("injected") && !answer.contains("Injected"),
            "{answer}"
        );
    });
}
