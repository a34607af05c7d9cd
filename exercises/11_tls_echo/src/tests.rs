//! The checks of exercise 11's `tls_echo`. Your server and client talk to each other, your
//! server to Python `ssl` clients and to `openssl s_client`, and your client to Python `ssl`
//! servers that present a good certificate, one for another name, one from an unknown CA and
//! an expired one. The certificates come from a local CA made for each check
//! (`tests/util/tls.rs`); everything runs on 127.0.0.1.

#[path = "../../support.rs"]
mod support;

#[path = "../../../tests/util/peer.rs"]
mod peer;

#[path = "../../../tests/util/tls.rs"]
mod tls;

use super::*;

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc;

use pynet::socket::{AF_INET, Exception, SOCK_STREAM, Socket, create_server};
use support::{Background, DEADLINE, Python, port_of};

/// A Python `ssl` client of your server: `python3 -c PY_CLIENT PORT CAFILE HEX` sends the
/// bytes of HEX to localhost:PORT over TLS, checking the server against CAFILE, and prints
/// what came back as hex.
const PY_CLIENT: &str = r#"
import socket, ssl, sys
port, cafile, message = int(sys.argv[1]), sys.argv[2], bytes.fromhex(sys.argv[3])
context = ssl.create_default_context(cafile=cafile)
with socket.create_connection(("localhost", port), timeout=20) as sock:
    with context.wrap_socket(sock, server_hostname="localhost") as tls:
        tls.sendall(message)
        received = b""
        while len(received) < len(message):
            data = tls.recv(65536)
            if not data:
                break
            received += data
        print(received.hex(), flush=True)
"#;

/// A Python `ssl` echo server for your client: `python3 -c PY_SERVER CERT KEY` prints its
/// port; serves one client, then prints the SNI name it sent and how many bytes it echoed
/// (or `failed: ERROR` when the handshake fails).
const PY_SERVER: &str = r#"
import socket, ssl, sys
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1], sys.argv[2])
names = []
context.sni_callback = lambda tls, name, ctx: names.append(name)
listener = socket.create_server(("127.0.0.1", 0))
print(listener.getsockname()[1], flush=True)
conn, _ = listener.accept()
conn.settimeout(20)
try:
    with context.wrap_socket(conn, server_side=True) as tls:
        echoed = 0
        while data := tls.recv(65536):
            tls.sendall(data)
            echoed += len(data)
        print("sni %s echoed %d" % (names[0] if names else None, echoed), flush=True)
except (ssl.SSLError, OSError) as e:
    print("failed: %s" % e, flush=True)
"#;

/// The message most checks send.
const MESSAGE: &[u8] = b"Test message. This will be echoed";

/// A listening socket on 127.0.0.1, on a free port.
fn listener() -> Socket {
    create_server(("127.0.0.1", 0), AF_INET, None, false, false).expect("listen on 127.0.0.1")
}

/// Your `serve` of `clients` connections, on a thread of its own, with the localhost
/// certificate; returns it and the port it listens on.
fn start_serve(certs: &tls::TestCerts, clients: usize) -> (Background<Result<usize, Error>>, u16) {
    let files = &certs.localhost;
    let context = server_context(&files.cert, &files.key).expect("server_context(localhost)");
    let listener = listener();
    let port = port_of(&listener);
    let server = Background::start(move || serve(&listener, &context, clients));
    (server, port)
}

/// A Python echo server presenting `files`; returns it and its port.
fn python_server(files: &tls::CertFiles) -> (Python, u16) {
    let mut python = Python::start(PY_SERVER, &[path(&files.cert), path(&files.key)]);
    let port = python.port();
    (python, port)
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 temporary path")
}

/// Your `echo` on a thread of its own, so that a missing timeout fails the check instead of
/// hanging it.
fn echo_within(cafile: &Path, port: u16, message: &[u8]) -> Result<Vec<u8>, Error> {
    let context = Arc::new(client_context(cafile).expect("client_context(ca)"));
    let message = message.to_vec();
    Background::start(move || echo(&context, "localhost", port, &message)).wait("echo")
}

/// Checks that `result` is an `ssl.SSLCertVerificationError` whose text contains `why`.
fn assert_refused(result: Result<Vec<u8>, Error>, why: &str) {
    match result {
        Ok(reply) => panic!("echo should refuse the server ({why}), got {reply:?}"),
        Err(e) => {
            assert!(
                e.is_instance(Exception::SSLCertVerificationError),
                "expected an ssl.SSLCertVerificationError ({why}), got {e:?}"
            );
            assert!(e.to_string().contains(why), "expected {why:?} in {e}");
        }
    }
}

/// Pseudo-random bytes (xorshift64), the same on every run.
fn random_bytes(n: usize) -> Vec<u8> {
    let mut state = 0x7153_ec40_11ab_cdefu64;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect()
}

/// `bytes.hex()`.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn your_client_and_server_echo_a_short_message() {
    let certs = tls::TestCerts::new();
    let (server, port) = start_serve(&certs, 1);
    let reply = echo_within(&certs.ca, port, MESSAGE).expect("echo through your server");
    assert_eq!(reply, MESSAGE, "the echo");
    assert_eq!(server.wait("serve").expect("serve"), 1, "clients served");
}

#[test]
fn a_large_message_comes_back_byte_for_byte() {
    let certs = tls::TestCerts::new();
    let (server, port) = start_serve(&certs, 1);
    let message = random_bytes(1 << 20);
    let reply = echo_within(&certs.ca, port, &message).expect("echo 1 MiB");
    assert_eq!(reply.len(), message.len(), "bytes back");
    assert!(
        reply == message,
        "the 1 MiB echo differs from what was sent"
    );
    assert_eq!(server.wait("serve").expect("serve"), 1, "clients served");
}

#[test]
fn your_server_echoes_for_python_ssl_clients() {
    let certs = tls::TestCerts::new();
    let (server, port) = start_serve(&certs, 2);
    for message in [MESSAGE.to_vec(), random_bytes(40_000)] {
        let args = [&port.to_string(), path(&certs.ca), &hex(&message)];
        let reply = support::python_output(PY_CLIENT, &args);
        assert_eq!(reply.trim_end(), hex(&message), "Python's client got back");
    }
    assert_eq!(server.wait("serve").expect("serve"), 2, "clients served");
}

#[test]
fn your_server_goes_on_after_a_client_that_does_not_speak_tls() {
    let certs = tls::TestCerts::new();
    let (server, port) = start_serve(&certs, 2);
    let plain = Socket::new(AF_INET, SOCK_STREAM, 0).expect("socket");
    plain.settimeout(Some(5.0)).expect("settimeout");
    plain.connect(("127.0.0.1", port)).expect("connect");
    plain
        .sendall(b"GET / HTTP/1.0\r\n\r\n")
        .expect("send plain text");
    // The server answers with a TLS alert, or just closes: either way, nothing echoed.
    let answer = plain.recv(1024).unwrap_or_default();
    assert!(
        !answer.starts_with(b"GET"),
        "the server echoed plain text: {answer:?}"
    );
    drop(plain);
    let reply = echo_within(&certs.ca, port, MESSAGE).expect("the next client");
    assert_eq!(reply, MESSAGE);
    let served = server.wait("serve").expect("serve");
    assert_eq!(
        served, 1,
        "clients served without an error (the plain one failed)"
    );
}

#[test]
fn server_context_refuses_a_missing_key_file() {
    let certs = tls::TestCerts::new();
    let missing = certs.dir().join("missing.key");
    match server_context(&certs.localhost.cert, &missing) {
        Ok(_) => panic!("server_context with a missing key file should fail"),
        Err(e) => assert!(
            e.is_instance(Exception::FileNotFoundError),
            "expected a FileNotFoundError, got {e:?}"
        ),
    }
}

#[test]
fn your_client_echoes_with_a_python_ssl_server_and_sends_its_name() {
    let certs = tls::TestCerts::new();
    let (mut python, port) = python_server(&certs.localhost);
    let reply = echo_within(&certs.ca, port, MESSAGE).expect("echo with Python's server");
    assert_eq!(reply, MESSAGE);
    let expected = format!("sni localhost echoed {}", MESSAGE.len());
    assert_eq!(python.line(), expected, "the Python server saw");
}

#[test]
fn your_client_refuses_a_certificate_for_another_name() {
    let certs = tls::TestCerts::new();
    let (_python, port) = python_server(&certs.other_host);
    let why = "Hostname mismatch, certificate is not valid for 'localhost'.";
    assert_refused(echo_within(&certs.ca, port, MESSAGE), why);
}

#[test]
fn your_client_refuses_a_certificate_from_an_unknown_ca() {
    let certs = tls::TestCerts::new();
    let (_python, port) = python_server(&certs.unknown_ca);
    let why = "unable to get local issuer certificate";
    assert_refused(echo_within(&certs.ca, port, MESSAGE), why);
}

#[test]
fn your_client_refuses_an_expired_certificate() {
    let certs = tls::TestCerts::new();
    let (_python, port) = python_server(&certs.expired);
    assert_refused(
        echo_within(&certs.ca, port, MESSAGE),
        "certificate has expired",
    );
}

#[test]
fn your_server_answers_openssl_s_client() {
    let test = "your_server_answers_openssl_s_client";
    let certs = tls::TestCerts::new();
    let (server, port) = start_serve(&certs, 1);
    let Some(openssl) = peer::find("openssl", test) else {
        return;
    };
    let mut client = Command::new(openssl)
        .args(["s_client", "-connect", &format!("127.0.0.1:{port}")])
        .args(["-servername", "localhost", "-verify_hostname", "localhost"])
        .args(["-CAfile", path(&certs.ca), "-verify_return_error"])
        .args(["-quiet", "-no_ign_eof"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start openssl s_client");
    let mut stdin = client.stdin.take().expect("piped stdin");
    let stdout = client.stdout.take().expect("piped stdout");
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    stdin
        .write_all(b"hello from openssl\n")
        .expect("write to s_client");
    let line = lines.recv_timeout(DEADLINE);
    drop(stdin); // s_client sends close_notify and ends
    let _ = client.kill();
    let _ = client.wait();
    assert_eq!(
        line.as_deref(),
        Ok("hello from openssl"),
        "what s_client got back"
    );
    assert_eq!(server.wait("serve").expect("serve"), 1, "clients served");
}
