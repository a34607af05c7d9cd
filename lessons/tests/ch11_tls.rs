//! Lesson 11's program: `tls_client` against a Python TLS server on loopback (certificates
//! from a local CA made with rcgen), beside its Python twin (the idiokit example in Python 3's
//! `ssl`), and against `openssl s_server`. Each refusal the chapter shows is run here: an
//! address the certificate does not name, an unknown CA, an expired certificate.
//!
//! No test reaches the internet: every run passes `--host` of a loopback name and `--cafile`.

mod util;

#[path = "../../tests/util/peer.rs"]
mod peer;

#[path = "../../tests/util/tls.rs"]
mod tls;

use std::path::{Path, PathBuf};

use rcgen::{CertificateParams, Issuer, KeyPair};

use util::{Output, Server};

const TLS_CLIENT: &str = env!("CARGO_BIN_EXE_tls_client");

/// The page every test server sends.
const PAGE: &str = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nHello over TLS\n";

/// A TLS server in Python: `python3 -u -c PY_TLS_SERVER CERT KEY PAGE` prints `Listening on
/// port N`; then, for each client, the SNI name it sent and its request, and sends PAGE.
const PY_TLS_SERVER: &str = r#"
import socket, ssl, sys
certfile, keyfile, page = sys.argv[1], sys.argv[2], sys.argv[3].encode()
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(certfile, keyfile)
names = []
context.sni_callback = lambda tls, name, ctx: names.append(name)
listener = socket.create_server(("127.0.0.1", 0))
print("Listening on port %d" % listener.getsockname()[1])
while True:
    conn, _ = listener.accept()
    conn.settimeout(10)
    try:
        with context.wrap_socket(conn, server_side=True) as tls:
            request = b""
            while not request.endswith(b"\r\n\r\n"):
                data = tls.recv(1024)
                if not data:
                    break
                request += data
            print("sni: %r request: %r" % (names.pop() if names else None, request))
            tls.sendall(page)
    except (ssl.SSLError, OSError) as e:
        print("handshake failed: %s" % e)
"#;

/// The idiokit example in Python 3: `python3 -c PY_TLS_CLIENT HOST PORT CAFILE`.
const PY_TLS_CLIENT: &str = r#"
import socket, ssl, sys, warnings
warnings.simplefilter("ignore", DeprecationWarning)   # ssl.match_hostname, Python <= 3.11
host, port, cafile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
context = ssl.create_default_context(cafile=cafile)
context.check_hostname = False       # we check the name ourselves, below
with socket.create_connection((host, port), timeout=10) as sock:
    with context.wrap_socket(sock, server_hostname=host) as tls:
        try:
            ssl.match_hostname(tls.getpeercert(), host)
        except ssl.CertificateError as e:
            sys.exit(e.args[0])
        tls.sendall(b"GET / HTTP/1.0\r\nHost: %s\r\n\r\n" % host.encode())
        while data := tls.recv(1024):
            sys.stdout.buffer.write(data)
"#;

/// Starts the Python TLS server with a certificate and its key; returns it and its port.
fn python_server(cert: &Path, key: &Path) -> (Server, String) {
    let args = ["-u", "-c", PY_TLS_SERVER, path(cert), path(key), PAGE];
    let server = Server::start("python3", &args, "Listening on port");
    let port = server.seen[0]
        .trim_start_matches("Listening on port ")
        .to_string();
    (server, port)
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temporary path")
}

/// `tls_client --host HOST --port PORT --cafile CA`.
fn tls_client(host: &str, port: &str, cafile: &Path) -> Output {
    let args = ["--host", host, "--port", port, "--cafile", path(cafile)];
    util::run(TLS_CLIENT, &args, 30)
}

/// The Python twin with the same arguments.
fn python_client(host: &str, port: &str, cafile: &Path) -> Output {
    util::run_python(PY_TLS_CLIENT, &[host, port, path(cafile)], 30)
}

/// Checks that the client failed, saying `text` (and nothing on stdout).
fn assert_refused(out: &Output, text: &str) {
    assert_eq!(out.code, Some(1), "the client should fail: {out:?}");
    assert!(out.stderr.contains(text), "expected {text:?} in {out:?}");
    assert_eq!(out.stdout, "", "no page");
}

/// A certificate for the DNS names `localhost` and `www.localhost` only (no IP address),
/// signed by the tests' CA, written beside the other test certificates.
fn names_only_certificate(certs: &tls::TestCerts) -> (PathBuf, PathBuf) {
    let ca_key = KeyPair::from_pem(&certs.ca_files.key_pem()).expect("the CA key");
    let ca = Issuer::from_ca_cert_pem(&certs.ca_files.cert_pem(), ca_key).expect("the CA");
    let names = vec!["localhost".to_string(), "www.localhost".to_string()];
    let params = CertificateParams::new(names).expect("certificate names");
    let key = KeyPair::generate().expect("a key pair");
    let cert = params.signed_by(&key, &ca).expect("a certificate");
    let cert_path = certs.dir().join("names-only.pem");
    let key_path = certs.dir().join("names-only.key");
    std::fs::write(&cert_path, cert.pem()).expect("write the certificate");
    std::fs::write(&key_path, key.serialize_pem()).expect("write the key");
    (cert_path, key_path)
}

#[test]
fn tls_client_fetches_the_page_as_its_python_twin_does() {
    let certs = tls::TestCerts::new();
    let (mut server, port) = python_server(&certs.localhost.cert, &certs.localhost.key);

    let out = tls_client("localhost", &port, &certs.ca);
    assert_eq!(out.code, Some(0), "tls_client failed: {out:?}");
    assert_eq!(out.stdout, PAGE, "the page, byte for byte");
    let seen = server.wait_for("request:", 10);
    let expected = r"sni: 'localhost' request: b'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n'";
    assert_eq!(seen, expected, "what the server received");

    let python = python_client("localhost", &port, &certs.ca);
    assert_eq!(python.code, Some(0), "the Python twin failed: {python:?}");
    assert_eq!(out.stdout, python.stdout, "tls_client and its Python twin");
    assert_eq!(
        server.wait_for("request:", 10),
        expected,
        "Python's request"
    );
}

#[test]
fn tls_client_takes_an_address_the_certificate_names() {
    // The localhost certificate has `IP Address` entries for 127.0.0.1 and ::1.
    let certs = tls::TestCerts::new();
    let (mut server, port) = python_server(&certs.localhost.cert, &certs.localhost.key);
    let out = tls_client("127.0.0.1", &port, &certs.ca);
    assert_eq!(out.code, Some(0), "tls_client failed: {out:?}");
    assert_eq!(out.stdout, PAGE);
    // An address is never sent as SNI.
    let expected = r"sni: None request: b'GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n'";
    assert_eq!(server.wait_for("request:", 10), expected);
}

#[test]
fn tls_client_refuses_an_address_the_certificate_does_not_name() {
    let certs = tls::TestCerts::new();
    let (cert, key) = names_only_certificate(&certs);
    let (mut server, port) = python_server(&cert, &key);
    let text = "hostname '127.0.0.1' doesn't match either of 'localhost', 'www.localhost'";

    let out = tls_client("127.0.0.1", &port, &certs.ca);
    assert_refused(&out, &format!("ssl.SSLCertVerificationError: {text}"));
    let python = python_client("127.0.0.1", &port, &certs.ca);
    assert_eq!(python.stderr.trim_end(), text, "Python's twin: {python:?}");

    // By name, the same certificate is good; and only that client sent its request.
    let out = tls_client("localhost", &port, &certs.ca);
    assert_eq!(out.code, Some(0), "tls_client failed: {out:?}");
    let expected = r"sni: 'localhost' request: b'GET / HTTP/1.0\r\nHost: localhost\r\n\r\n'";
    server.wait_for("Host: localhost", 10);
    let requests: Vec<&String> = server.seen.iter().filter(|l| l.contains("GET")).collect();
    assert_eq!(requests, [expected], "the requests the server received");
}

#[test]
fn tls_client_refuses_a_certificate_from_an_unknown_ca() {
    let certs = tls::TestCerts::new();
    let files = &certs.unknown_ca;
    let (_server, port) = python_server(&files.cert, &files.key);
    let text = "certificate verify failed: unable to get local issuer certificate";
    assert_refused(&tls_client("localhost", &port, &certs.ca), text);
    let python = python_client("localhost", &port, &certs.ca);
    assert!(python.stderr.contains(text), "Python's twin: {python:?}");
}

#[test]
fn tls_client_refuses_an_expired_certificate() {
    let certs = tls::TestCerts::new();
    let (_server, port) = python_server(&certs.expired.cert, &certs.expired.key);
    let text = "certificate verify failed: certificate has expired";
    assert_refused(&tls_client("localhost", &port, &certs.ca), text);
    let python = python_client("localhost", &port, &certs.ca);
    assert!(python.stderr.contains(text), "Python's twin: {python:?}");
}

#[test]
fn tls_client_fetches_the_status_page_of_openssl_s_server() {
    let test = "tls_client_fetches_the_status_page_of_openssl_s_server";
    let Some(openssl) = peer::find("openssl", test) else {
        return;
    };
    let certs = tls::TestCerts::new();
    let port = util::free_port().to_string();
    let args = [
        "s_server",
        "-accept",
        &format!("127.0.0.1:{port}"),
        "-cert",
        path(&certs.localhost.cert),
        "-key",
        path(&certs.localhost.key),
        "-www",
        "-naccept",
        "1",
    ];
    let server = Server::start(path(&openssl), &args, "ACCEPT");
    let out = tls_client("localhost", &port, &certs.ca);
    assert_eq!(out.code, Some(0), "tls_client failed: {out:?}");
    assert!(
        out.stdout.starts_with("HTTP/1.0 200 ok\r\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("New, TLSv1.3, Cipher is TLS_"),
        "s_server's page names the protocol: {}",
        out.stdout
    );
    assert_eq!(server.wait(10), Some(0), "s_server ends after one client");
}

#[test]
fn tls_client_has_the_anchors_the_chapter_includes() {
    util::assert_anchors("tls_client", &["context", "handshake", "fetch"]);
}
