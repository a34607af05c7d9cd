//! Lesson 05's programs, `http_get_by_hand` and `socket_errors`, against servers on loopback:
//! a one-shot pynet server that records the request, Python's `http.server`, and ports with
//! nothing behind them. Error messages are compared with what the same steps print in Python.

mod util;

use std::path::PathBuf;
use std::thread::{self, JoinHandle};

use pynet::socket::{AF_INET, SO_LINGER, SOCK_STREAM, SOL_SOCKET, Socket};
use util::{Output, Server};

const HTTP_GET: &str = env!("CARGO_BIN_EXE_http_get_by_hand");
const SOCKET_ERRORS: &str = env!("CARGO_BIN_EXE_socket_errors");

/// A response with a status line, headers, and a body that is not UTF-8 (the programs write
/// bytes, not text).
const RESPONSE: &[u8] = b"HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n\
                          hello\n\xff\xfe end\n";

/// A host name glibc refuses without asking DNS (a host name may not hold a space), so the
/// test stays offline; Python and pynet both see `[Errno -2] Name or service not known`.
const BAD_HOST: &str = "no such host";

/// Cookbook 1.7 in Python, written fresh: the reference for `socket_errors`' messages.
const PY_SOCKET_ERRORS: &str = r#"
import argparse, socket, sys
p = argparse.ArgumentParser()
p.add_argument("--host"); p.add_argument("--port", type=int); p.add_argument("--file")
a = p.parse_args()
try:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
except socket.error as e:
    print("Error creating socket: %s" % e); sys.exit(1)
try:
    s.connect((a.host, a.port))
except socket.gaierror as e:
    print("Address-related error connecting to server: %s" % e); sys.exit(1)
except socket.error as e:
    print("Connection error: %s" % e); sys.exit(1)
try:
    s.sendall(("GET %s HTTP/1.0\r\n\r\n" % a.file).encode())
except socket.error as e:
    print("Error sending data: %s" % e); sys.exit(1)
while True:
    try:
        buf = s.recv(2048)
    except socket.error as e:
        print("Error receiving data: %s" % e); sys.exit(1)
    if not buf:
        break
    sys.stdout.buffer.write(buf)
"#;

/// Serves one connection on a free loopback port: reads the request (up to its blank line),
/// lets `reply` answer it, and closes. The thread returns the request as text.
fn one_shot_server(reply: fn(&Socket)) -> (u16, JoinHandle<String>) {
    let listener = Socket::new(AF_INET, SOCK_STREAM, 0).expect("socket");
    listener.bind(("127.0.0.1", 0)).expect("bind");
    listener.listen(1).expect("listen");
    listener.settimeout(Some(5.0)).expect("settimeout");
    let port = listener
        .getsockname()
        .expect("getsockname")
        .port()
        .expect("port");
    let handle = thread::spawn(move || {
        let (conn, _) = listener.accept().expect("the program connects");
        conn.settimeout(Some(5.0)).expect("settimeout");
        let mut request = Vec::new();
        while !request.ends_with(b"\r\n\r\n") {
            let data = conn.recv(1024).expect("recv the request");
            assert!(!data.is_empty(), "closed mid-request: {request:?}");
            request.extend_from_slice(&data);
        }
        reply(&conn);
        String::from_utf8_lossy(&request).into_owned()
    });
    (port, handle)
}

/// Answers with `RESPONSE`.
fn send_response(conn: &Socket) {
    conn.sendall(RESPONSE).expect("send the response");
}

/// Makes the close that follows a reset rather than a clean close (SO_LINGER on, with zero
/// seconds to linger).
fn reset(conn: &Socket) {
    let linger_on_for_0_s: &[u8] = &[1, 0, 0, 0, 0, 0, 0, 0];
    conn.setsockopt(SOL_SOCKET, SO_LINGER, linger_on_for_0_s)
        .expect("SO_LINGER");
}

/// Runs `socket_errors` and the Python reference with the same flags; both must print the
/// same and exit with the same status. Returns the program's output.
fn socket_errors_like_python(args: &[&str]) -> Output {
    let ours = util::run(SOCKET_ERRORS, args, 10);
    let mut python_args = vec!["-c", PY_SOCKET_ERRORS];
    python_args.extend_from_slice(args);
    let python = util::run("python3", &python_args, 10);
    assert_eq!(ours.stdout, python.stdout, "stdout differs from Python's");
    assert_eq!(ours.code, python.code, "exit status differs from Python's");
    ours
}

#[test]
fn http_get_by_hand_sends_a_get_and_prints_the_raw_response() {
    let (port, server) = one_shot_server(send_response);
    let port = port.to_string();
    // 127.0.0.1 rather than localhost, which may resolve to ::1 first on other machines.
    let args = [
        "--host",
        "127.0.0.1",
        "--port",
        &port,
        "--path",
        "/hello.txt",
    ];
    let out = util::run(HTTP_GET, &args, 10);
    let request = server.join().expect("the server thread");
    assert_eq!(
        request,
        "GET /hello.txt HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
    );
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(out.stdout, String::from_utf8_lossy(RESPONSE));
}

#[test]
fn http_get_by_hand_fetches_a_file_from_python_http_server() {
    let dir = temp_dir("http_get_by_hand");
    std::fs::write(dir.join("page.txt"), "served by Python\n").expect("write page.txt");
    let port = util::free_port().to_string();
    let dir_arg = dir.to_string_lossy().into_owned();
    let python_args = [
        "-u",
        "-m",
        "http.server",
        "--bind",
        "127.0.0.1",
        "--directory",
        &dir_arg,
        &port,
    ];
    let _server = Server::start("python3", &python_args, "Serving HTTP");
    let out = util::run(
        HTTP_GET,
        &[
            "--host",
            "127.0.0.1",
            "--port",
            &port,
            "--path",
            "/page.txt",
        ],
        10,
    );
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert!(
        out.stdout.starts_with("HTTP/1.0 200 OK\r\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("\r\nContent-Length: 17\r\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.ends_with("\r\n\r\nserved by Python\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn http_get_by_hand_fails_like_python_on_a_refused_port() {
    let port = util::free_port().to_string(); // nothing listens there
    let out = util::run(HTTP_GET, &["--host", "127.0.0.1", "--port", &port], 10);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stderr,
        "Error: ConnectionRefusedError: [Errno 111] Connection refused\n"
    );
    assert_eq!(out.stdout, "");
}

#[test]
fn http_get_by_hand_fails_like_python_on_a_bad_host() {
    let out = util::run(HTTP_GET, &["--host", BAD_HOST], 10);
    let python = util::python(
        "import socket, sys\n\
         try: socket.getaddrinfo(sys.argv[1], 80, 0, socket.SOCK_STREAM)\n\
         except socket.gaierror as e: print(e)",
        &[BAD_HOST],
    );
    assert_eq!(out.code, Some(1));
    assert_eq!(out.stderr, format!("Error: socket.gaierror: {python}\n"));
}

#[test]
fn socket_errors_tells_a_bad_host_apart() {
    let out = socket_errors_like_python(&["--host", BAD_HOST, "--port", "80", "--file", "/"]);
    assert_eq!(out.code, Some(1));
    assert!(
        out.stdout
            .starts_with("Address-related error connecting to server: [Errno "),
        "{}",
        out.stdout
    );
}

#[test]
fn socket_errors_reports_a_refused_connection() {
    let port = util::free_port().to_string(); // nothing listens there
    let out = socket_errors_like_python(&["--host", "127.0.0.1", "--port", &port, "--file", "/"]);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stdout,
        "Connection error: [Errno 111] Connection refused\n"
    );
}

#[test]
fn socket_errors_sends_the_request_and_prints_the_response() {
    let (port, server) = one_shot_server(send_response);
    let port = port.to_string();
    let out = util::run(
        SOCKET_ERRORS,
        &[
            "--host",
            "127.0.0.1",
            "--port",
            &port,
            "--file",
            "/index.html",
        ],
        10,
    );
    let request = server.join().expect("the server thread");
    assert_eq!(request, "GET /index.html HTTP/1.0\r\n\r\n");
    assert_eq!(out.code, Some(0), "stdout: {}", out.stdout);
    assert_eq!(out.stdout, String::from_utf8_lossy(RESPONSE));
}

#[test]
fn socket_errors_reports_a_reset_while_receiving() {
    let (port, server) = one_shot_server(reset);
    let port = port.to_string();
    let out = util::run(
        SOCKET_ERRORS,
        &["--host", "127.0.0.1", "--port", &port, "--file", "/"],
        10,
    );
    server.join().expect("the server thread");
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stdout,
        "Error receiving data: [Errno 104] Connection reset by peer\n"
    );
}

#[test]
fn socket_errors_asks_for_slash_by_default() {
    let (port, server) = one_shot_server(send_response);
    let port = port.to_string();
    let out = util::run(SOCKET_ERRORS, &["--host", "127.0.0.1", "--port", &port], 10);
    assert_eq!(
        server.join().expect("the server thread"),
        "GET / HTTP/1.0\r\n\r\n"
    );
    assert_eq!(out.code, Some(0));
}

#[test]
fn listings_have_their_anchors() {
    for (program, anchors) in [
        ("http_get_by_hand", &["connect", "request", "receive"][..]),
        ("socket_errors", &["steps"][..]),
    ] {
        util::assert_anchors(program, anchors);
    }
}

/// A fresh directory under the system's temporary directory.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a temporary directory");
    dir
}
