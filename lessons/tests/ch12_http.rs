//! Lesson 12's programs. `urlopen`, `urlretrieve` and `http_client` fetch from Python's
//! `http.server` (a handler written below) on loopback, each beside a Python twin doing the
//! same; `http_echo_server` answers curl, Python's `http.client` and `urllib`, and
//! `http_client` over a Unix socket.

mod util;

#[path = "../../tests/util/peer.rs"]
mod peer;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use util::{Output, Server};

const URLOPEN: &str = env!("CARGO_BIN_EXE_urlopen");
const URLRETRIEVE: &str = env!("CARGO_BIN_EXE_urlretrieve");
const HTTP_CLIENT: &str = env!("CARGO_BIN_EXE_http_client");
const HTTP_ECHO_SERVER: &str = env!("CARGO_BIN_EXE_http_echo_server");

/// Python's `http.server` with a handler of our own: `/hello.txt` (a short text),
/// `/big.bin` (1 MiB of seeded random bytes), `/old` (a 301 to `/hello.txt`), `/stream` (a
/// chunked body in three pieces, 0.3 s apart), 404 for anything else. Prints its port first.
const PY_WEB_SERVER: &str = r#"
import http.server, random, sys, time

BIG = random.Random(7).randbytes(1024 * 1024)
HELLO = b"Hello from Python's http.server!\n"

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/hello.txt":
            self.answer(HELLO, "text/plain")
        elif path == "/big.bin":
            self.answer(BIG, "application/octet-stream")
        elif path == "/old":
            self.send_response(301)
            self.send_header("Location", "/hello.txt")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/stream":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for n in range(1, 4):
                piece = b"piece %d\n" % n
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.flush()
                time.sleep(0.3)
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_error(404)

    def answer(self, body, content_type):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"#;

/// The text `/hello.txt` serves.
const HELLO: &str = "Hello from Python's http.server!\n";

/// Python's `urlopen` twin: `python3 -c PY_URLOPEN URL` writes the body to stdout.
const PY_URLOPEN: &str = r#"
import sys, urllib.request
sys.stdout.buffer.write(urllib.request.urlopen(sys.argv[1], timeout=10).read())
"#;

/// Python's `urlretrieve` twin: `python3 -c PY_URLRETRIEVE URL FILENAME` saves the URL and
/// prints what Listing 12-2 prints.
const PY_URLRETRIEVE: &str = r#"
import os, socket, sys, urllib.request
socket.setdefaulttimeout(10)
filename, headers = urllib.request.urlretrieve(sys.argv[1], sys.argv[2])
size = os.path.getsize(filename)
print("Saved %s (%d bytes, %s)" % (filename, size, headers.get("Content-Type", "unknown")))
"#;

/// Python's `http.client` and `urllib` as clients of the echo server at port `argv[1]`: two
/// requests on one kept-alive connection (a 1 MiB POST to /echo, then a GET of /echo), and a
/// POST to / through urllib, which does not follow a 307 for a POST and raises instead.
const PY_ECHO_CLIENTS: &str = r#"
import http.client, random, sys, urllib.error, urllib.request
port = int(sys.argv[1])

body = random.Random(12).randbytes(1024 * 1024)
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
conn.request("POST", "/echo", body=body, headers={"Content-Type": "application/x-test"})
response = conn.getresponse()
echoed = response.read()
print(response.status, response.reason, response.getheader("Content-Type"), echoed == body)
conn.request("GET", "/echo")
response = conn.getresponse()
print(response.status, response.reason, response.getheader("Allow"), response.read())

try:
    urllib.request.urlopen(f"http://127.0.0.1:{port}/", data=b"x=1", timeout=10)
except urllib.error.HTTPError as e:
    print(e.code, e.reason, e.headers["Location"])
"#;

/// What [`PY_ECHO_CLIENTS`] prints.
const PY_ECHO_CLIENTS_EXPECTED: &str = "\
200 OK application/x-test True
405 Method Not Allowed POST b'405 Method Not Allowed\\n'
307 Temporary Redirect /echo
";

/// A fresh directory of this test's own under the system's temporary directory.
fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pynet-ch12-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    dir
}

/// Starts `http_echo_server` on a free TCP port; returns it and its port.
fn start_echo_server() -> (Server, String) {
    let server = Server::start(HTTP_ECHO_SERVER, &["--port", "0"], "Serving HTTP");
    let line = &server.seen[0];
    let port = line
        .split(" port ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .unwrap_or_else(|| panic!("no port in {line:?}"))
        .to_string();
    (server, port)
}

/// Starts [`PY_WEB_SERVER`]; returns it and its base URL, `http://127.0.0.1:PORT`.
fn start_web_server() -> (Server, String) {
    let server = Server::start("python3", &["-u", "-c", PY_WEB_SERVER], "");
    let url = format!("http://127.0.0.1:{}", server.seen[0]);
    (server, url)
}

/// The last line a failed Python program wrote on stderr: the exception, as
/// `module.Class: text`.
fn last_line(out: &Output) -> &str {
    out.stderr.lines().last().unwrap_or_default()
}

#[test]
fn urlopen_prints_the_page_as_python_does() {
    let (_server, base) = start_web_server();
    let url = format!("{base}/hello.txt");
    let ours = util::run(URLOPEN, &[&url], 15);
    assert_eq!(ours.code, Some(0), "stderr: {}", ours.stderr);
    assert_eq!(ours.stdout, HELLO);
    assert_eq!(ours.stderr, format!("200 OK {url}\n"));
    let python = util::run_python(PY_URLOPEN, &[&url], 15);
    assert_eq!(python.stdout, ours.stdout, "Python's output");
}

#[test]
fn urlopen_follows_a_redirect_and_says_where_it_ended() {
    let (_server, base) = start_web_server();
    let ours = util::run(URLOPEN, &[&format!("{base}/old")], 15);
    assert_eq!(ours.code, Some(0), "stderr: {}", ours.stderr);
    assert_eq!(ours.stdout, HELLO);
    assert_eq!(ours.stderr, format!("200 OK {base}/hello.txt\n"));
}

#[test]
fn urlopen_fails_as_python_does_on_404_and_on_a_closed_port() {
    let (_server, base) = start_web_server();
    let closed = format!("http://127.0.0.1:{}/", util::free_port());
    let expected = [
        "urllib.error.HTTPError: HTTP Error 404: Not Found",
        "urllib.error.URLError: <urlopen error [Errno 111] Connection refused>",
    ];
    for (url, expected) in [
        (format!("{base}/missing"), expected[0]),
        (closed, expected[1]),
    ] {
        let ours = util::run(URLOPEN, &[&url], 15);
        assert_eq!(ours.code, Some(1), "{url}");
        assert_eq!(ours.stderr, format!("Error: {expected}\n"), "{url}");
        let python = util::run_python(PY_URLOPEN, &[&url], 15);
        assert_eq!(last_line(&python), expected, "Python, {url}");
    }
}

#[test]
fn urlretrieve_saves_the_same_bytes_as_python() {
    let (_server, base) = start_web_server();
    let dir = temp_dir("urlretrieve");
    let url = format!("{base}/big.bin");
    let ours = dir.join("ours.bin");
    let theirs = dir.join("theirs.bin");
    let (ours_name, theirs_name) = (ours.to_string_lossy(), theirs.to_string_lossy());
    let out = util::run(URLRETRIEVE, &[&url, &ours_name], 30);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    // Not a terminal: the progress bar draws nothing.
    assert_eq!(out.stderr, "");
    let python = util::python(PY_URLRETRIEVE, &[&url, &theirs_name]);
    let saved = |name: &str| format!("Saved {name} (1048576 bytes, application/octet-stream)");
    assert_eq!(out.stdout.trim_end(), saved(&ours_name));
    assert_eq!(python, saved(&theirs_name), "Python's output");
    let (ours, theirs) = (std::fs::read(&ours), std::fs::read(&theirs));
    assert!(
        ours.expect("our file") == theirs.expect("Python's file"),
        "the two files differ"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn urlretrieve_names_the_file_after_the_url() {
    let (_server, base) = start_web_server();
    let dir = temp_dir("urlretrieve_names");
    let out = Command::new(URLRETRIEVE)
        .arg(format!("{base}/hello.txt?x=1"))
        .current_dir(&dir)
        .output()
        .expect("run urlretrieve");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let saved = std::fs::read_to_string(dir.join("hello.txt")).expect("hello.txt saved");
    assert_eq!(saved, HELLO);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn http_client_prints_a_page_and_its_status_line() {
    let (_server, base) = start_web_server();
    let out = util::run(HTTP_CLIENT, &[&format!("{base}/hello.txt")], 15);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(out.stdout, HELLO);
    assert_eq!(out.stderr, "HTTP/1.1 200 OK\n");
    let missing = util::run(HTTP_CLIENT, &[&format!("{base}/missing")], 15);
    assert_eq!(missing.code, Some(0), "a 404 is an answer, not an error");
    assert_eq!(missing.stderr, "HTTP/1.1 404 Not Found\n");
    assert!(
        missing.stdout.contains("Error code: 404"),
        "{}",
        missing.stdout
    );
}

#[test]
fn http_client_prints_each_chunk_as_it_arrives() {
    let (_server, base) = start_web_server();
    let url = format!("{base}/stream");
    let mut client = Server::start(HTTP_CLIENT, &[&url], "piece 1");
    let first = Instant::now();
    client.wait_for("piece 3", 10);
    let waited = first.elapsed();
    assert!(
        waited >= Duration::from_millis(400),
        "piece 1 came only {waited:?} before piece 3: printed at the end, not as it came?"
    );
    assert_eq!(client.seen, ["piece 1", "piece 2", "piece 3"]);
    assert_eq!(client.wait(10), Some(0));
}

#[test]
fn http_client_posts_over_a_unix_socket() {
    let dir = temp_dir("unix");
    let path = dir.join("echo.sock").to_string_lossy().into_owned();
    let mut server = Server::start(HTTP_ECHO_SERVER, &["--unix", &path], "Serving HTTP");
    assert_eq!(
        server.seen[0],
        format!("Serving HTTP on unix socket {path}")
    );
    let url = format!("http+unix://{}/echo", path.replace('/', "%2F"));
    let out = util::run(
        HTTP_CLIENT,
        &["--data", "Hello over a Unix socket", &url],
        15,
    );
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(out.stdout, "Hello over a Unix socket");
    assert_eq!(out.stderr, "HTTP/1.1 200 OK\n");
    assert_eq!(server.wait_for("POST", 5), "\"POST /echo HTTP/1.1\" 200");
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn curl_follows_the_echo_servers_redirect_and_prints_hello_world() {
    let test = "curl_follows_the_echo_servers_redirect_and_prints_hello_world";
    let Some(curl) = peer::find("curl", test) else {
        return;
    };
    let (mut server, port) = start_echo_server();
    assert_eq!(
        server.seen[0],
        format!("Serving HTTP on 127.0.0.1 port {port} (http://127.0.0.1:{port}/) ...")
    );
    let url = format!("http://localhost:{port}/");
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
    assert_eq!(server.wait_for("POST /", 5), "\"POST / HTTP/1.1\" 307");
    assert_eq!(
        server.wait_for("POST /echo", 5),
        "\"POST /echo HTTP/1.1\" 200"
    );
}

#[test]
fn python_clients_get_the_echo_the_405_and_the_307() {
    let (_server, port) = start_echo_server();
    let printed = util::python(PY_ECHO_CLIENTS, &[&port]);
    assert_eq!(printed, PY_ECHO_CLIENTS_EXPECTED.trim_end());
}

#[test]
fn listings_have_their_anchors() {
    util::assert_anchors("urlopen", &["fetch"]);
    util::assert_anchors("urlretrieve", &["retrieve"]);
    util::assert_anchors("http_client", &["request", "stream"]);
    util::assert_anchors("http_echo_server", &["handler", "serve"]);
}
