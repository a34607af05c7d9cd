//! pynet::ssl against itself, `openssl s_server`/`s_client` and Python's `ssl`: data both
//! ways, certificate refusals, getpeercert, match_hostname, version, cipher, timeouts.

mod util;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::{self, JoinHandle};
use std::time::Instant;

use pynet::socket::{
    AF_INET, Error, Exception, Result, SHUT_WR, Socket, create_connection, create_server,
};
use pynet::ssl::{
    CERT_NONE, CERT_REQUIRED, PROTOCOL_TLS_CLIENT, PROTOCOL_TLS_SERVER, PeerCert, SSLContext,
    SSLSocket, TLSVersion, idiokit, match_hostname,
};
use serde_json::{Value, json};
use util::tls::{CertFiles, TestCerts};
use util::{python_output, python3, random_bytes, within};

/// Seconds every socket in these tests waits at most.
const TIMEOUT: f64 = 10.0;

// ---------------------------------------------------------------------------------------
// Helpers

/// A server context presenting `cert`.
fn server_context(cert: &CertFiles) -> SSLContext {
    let mut ctx = SSLContext::new(PROTOCOL_TLS_SERVER).expect("server context");
    ctx.load_cert_chain(&cert.cert, Some(&cert.key))
        .expect("load_cert_chain");
    ctx
}

/// A client context trusting `ca`.
fn client_context(ca: &Path) -> SSLContext {
    let mut ctx = SSLContext::new(PROTOCOL_TLS_CLIENT).expect("client context");
    ctx.load_verify_locations(ca)
        .expect("load_verify_locations");
    ctx
}

/// A pynet TLS server on 127.0.0.1 for one connection: its port, and its thread returning
/// what `handle` returned (or the handshake's error).
fn serve_one<T: Send + 'static>(
    ctx: SSLContext,
    handle: impl FnOnce(SSLSocket) -> T + Send + 'static,
) -> (u16, JoinHandle<Result<T>>) {
    let server = create_server(("127.0.0.1", 0), AF_INET, None, false, false).expect("listen");
    let port = server.getsockname().expect("name").port().expect("port");
    server.settimeout(Some(TIMEOUT)).expect("settimeout");
    let thread = thread::spawn(move || {
        let (conn, _) = server.accept()?;
        conn.settimeout(Some(TIMEOUT))?;
        let tls = ctx.wrap_socket(conn, true, None)?;
        Ok(handle(tls))
    });
    (port, thread)
}

/// A TCP connection to 127.0.0.1:port with the tests' timeout.
fn connect(port: u16) -> Socket {
    create_connection(("127.0.0.1", port), Some(TIMEOUT), None).expect("connect")
}

/// Exactly `n` bytes, or fewer if the peer closes first.
fn recv_exactly(tls: &SSLSocket, n: usize) -> Result<Vec<u8>> {
    let mut data = Vec::with_capacity(n);
    while data.len() < n {
        let chunk = tls.recv(n - data.len())?;
        if chunk.is_empty() {
            break;
        }
        data.extend_from_slice(&chunk);
    }
    Ok(data)
}

/// Sends `data` in chunks of odd, changing sizes.
fn send_in_odd_chunks(tls: &SSLSocket, data: &[u8]) -> Result<()> {
    let sizes = [1, 7, 1000, 4093, 65_537, 131_071];
    let mut sent = 0;
    for size in sizes.iter().cycle() {
        if sent == data.len() {
            return Ok(());
        }
        let end = (sent + size).min(data.len());
        tls.sendall(&data[sent..end])?;
        sent = end;
    }
    Ok(())
}

/// The echo protocol of these tests: an 8-byte big-endian length, then that many bytes,
/// answered with the same bytes.
fn echo_once(tls: &SSLSocket) -> Result<usize> {
    let header = recv_exactly(tls, 8)?;
    let n = u64::from_be_bytes(header.try_into().expect("8 bytes")) as usize;
    let data = recv_exactly(tls, n)?;
    send_in_odd_chunks(tls, &data)?;
    Ok(data.len())
}

/// Sends `data` with its length and checks the echo is byte-exact.
fn check_echo(tls: &SSLSocket, data: &[u8]) {
    tls.sendall(&(data.len() as u64).to_be_bytes())
        .expect("length");
    send_in_odd_chunks(tls, data).expect("send");
    let back = recv_exactly(tls, data.len()).expect("recv");
    assert_eq!(back.len(), data.len(), "echo length");
    assert!(back == data, "the echo differs from what was sent");
}

/// A free TCP port on 127.0.0.1 (for programs that cannot report the one they got).
fn free_port() -> u16 {
    let s = create_server(("127.0.0.1", 0), AF_INET, None, false, false).expect("listen");
    s.getsockname().expect("name").port().expect("port")
}

/// Kills a child process when dropped.
struct Reaper(Child);

impl Drop for Reaper {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Whether `openssl` is here (or the reason the test is skipped).
fn have_openssl(test: &str) -> bool {
    util::peer::find("openssl", test).is_some()
}

/// Python's text without its `(_ssl.c:1006)` tail.
fn without_location(message: &str) -> String {
    match message.rfind(" (_ssl.c:") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// pynet with pynet

#[test]
fn pynet_client_and_server_echo_one_mebibyte() {
    within(60.0, || {
        let certs = TestCerts::new();
        let (port, server) = serve_one(server_context(&certs.localhost), |tls| echo_once(&tls));
        let tls = client_context(&certs.ca)
            .wrap_socket(connect(port), false, Some("localhost"))
            .expect("handshake");
        check_echo(&tls, &random_bytes(6, 1 << 20));
        assert_eq!(server.join().expect("server").expect("tls"), Ok(1 << 20));
        tls.close().expect("close");
    });
}

#[test]
fn an_ip_address_is_checked_against_ip_sans() {
    within(30.0, || {
        let certs = TestCerts::new();
        let (port, server) = serve_one(server_context(&certs.localhost), |tls| echo_once(&tls));
        let tls = client_context(&certs.ca)
            .wrap_socket(connect(port), false, Some("127.0.0.1"))
            .expect("127.0.0.1 is one of the certificate's IP SANs");
        check_echo(&tls, b"hello");
        server.join().expect("server").expect("tls").expect("echo");
    });
}

#[test]
fn recv_returns_empty_after_close_notify_and_after_a_bare_close() {
    within(30.0, || {
        let certs = TestCerts::new();
        for clean in [true, false] {
            let (port, server) = serve_one(server_context(&certs.localhost), move |tls| {
                tls.sendall(b"bye")?;
                if clean {
                    tls.close()
                } else {
                    tls.get_ref().shutdown(SHUT_WR)
                }
            });
            let tls = client_context(&certs.ca)
                .wrap_socket(connect(port), false, Some("localhost"))
                .expect("handshake");
            assert_eq!(recv_exactly(&tls, 3).expect("recv"), b"bye");
            assert_eq!(tls.recv(10).expect("eof"), b"", "clean close: {clean}");
            server.join().expect("server").expect("tls").expect("close");
        }
    });
}

#[test]
fn version_and_cipher_have_pythons_shape() {
    within(30.0, || {
        let certs = TestCerts::new();
        for (max, version) in [
            (TLSVersion::TLSv1_3, "TLSv1.3"),
            (TLSVersion::TLSv1_2, "TLSv1.2"),
        ] {
            let (port, server) = serve_one(server_context(&certs.localhost), |tls| {
                (tls.version(), tls.cipher())
            });
            let mut ctx = client_context(&certs.ca);
            ctx.set_maximum_version(max);
            let tls = ctx
                .wrap_socket(connect(port), false, Some("localhost"))
                .expect("handshake");
            assert_eq!(tls.version().as_deref(), Some(version));
            let (name, protocol, bits) = tls.cipher().expect("a cipher");
            assert_eq!(protocol, version);
            assert!(bits == 128 || bits == 256, "bits {bits}");
            if version == "TLSv1.3" {
                assert!(name.starts_with("TLS_"), "{name}");
            } else {
                assert!(name.starts_with("ECDHE-ECDSA-"), "{name}");
            }
            let (their_version, their_cipher) = server.join().expect("server").expect("tls");
            assert_eq!(their_version, tls.version());
            assert_eq!(their_cipher, tls.cipher());
        }
    });
}

#[test]
fn client_certificates_are_required_by_name() {
    within(30.0, || {
        let certs = TestCerts::new();
        let server_ctx = || {
            let mut ctx = server_context(&certs.localhost);
            ctx.load_verify_locations(&certs.ca).expect("ca");
            ctx.set_verify_mode(CERT_REQUIRED).expect("CERT_REQUIRED");
            ctx
        };
        // With a client certificate: the server sees it.
        let (port, server) = serve_one(server_ctx(), |tls| {
            tls.getpeercert()
                .map(|cert| cert.map(|c| c.subject_alt_name))
        });
        let ca = certs.ca.clone();
        let client = certs.client.clone();
        let ctx = {
            let mut ctx = client_context(&ca);
            ctx.load_cert_chain(&client.cert, Some(&client.key))
                .expect("client cert");
            ctx
        };
        let tls = ctx
            .wrap_socket(connect(port), false, Some("localhost"))
            .expect("handshake");
        let _ = tls.recv(1); // let the server finish and close
        let seen = server.join().expect("server").expect("tls").expect("cert");
        assert_eq!(
            seen,
            Some(vec![("DNS".to_string(), "client.test".to_string())])
        );

        // Without one: refused.
        let (port, server) = serve_one(server_ctx(), |_| ());
        let outcome = client_context(&certs.ca)
            .wrap_socket(connect(port), false, Some("localhost"))
            .and_then(|tls| tls.recv(1));
        let server_error = server.join().expect("server").expect_err("refused");
        assert!(
            server_error.is_instance(Exception::SSLError),
            "{server_error:?}"
        );
        if let Err(e) = outcome {
            assert!(e.is_instance(Exception::SSLError), "{e:?}");
        }
    });
}

// ---------------------------------------------------------------------------------------
// Certificates refused

/// What a pynet client says to a pynet server presenting `cert`.
fn pynet_refusal(certs: &TestCerts, cert: &CertFiles, host: &str) -> Error {
    let (port, server) = serve_one(server_context(cert), |_| ());
    let error = client_context(&certs.ca)
        .wrap_socket(connect(port), false, Some(host))
        .expect_err("the certificate must be refused");
    let _ = server.join();
    error
}

/// What Python's ssl client says to a pynet server presenting `cert`: (class, message).
fn python_refusal(certs: &TestCerts, cert: &CertFiles, host: &str) -> (String, String) {
    let (port, server) = serve_one(server_context(cert), |_| ());
    let code = r#"
import socket, ssl, sys
ctx = ssl.create_default_context(cafile=sys.argv[1])
sock = socket.create_connection(("127.0.0.1", int(sys.argv[2])), timeout=10)
try:
    ctx.wrap_socket(sock, server_hostname=sys.argv[3])
    print("connected"); print("")
except ssl.SSLError as e:
    print(type(e).__name__); print(e)
"#;
    let args = [
        certs.ca.display().to_string(),
        port.to_string(),
        host.to_string(),
    ];
    let output = python_output(code, &args);
    let _ = server.join();
    let mut lines = output.lines();
    let class = lines.next().unwrap_or_default().to_string();
    (class, without_location(lines.next().unwrap_or_default()))
}

#[test]
fn bad_certificates_are_refused_as_python_refuses_them() {
    within(120.0, || {
        let certs = TestCerts::new();
        let cases = [
            ("wrong host", &certs.other_host, "localhost"),
            ("wrong IP", &certs.other_host, "127.0.0.1"),
            ("unknown CA", &certs.unknown_ca, "localhost"),
            ("expired", &certs.expired, "localhost"),
            ("self-signed", &certs.self_signed, "localhost"),
        ];
        for (case, cert, host) in cases {
            let ours = pynet_refusal(&certs, cert, host);
            assert_eq!(
                ours.exception(),
                Exception::SSLCertVerificationError,
                "{case}: {ours:?}"
            );
            let (class, message) = python_refusal(&certs, cert, host);
            println!("{case}: pynet {ours} | python {class}: {message}");
            assert_eq!(class, "SSLCertVerificationError", "{case}");
            assert_eq!(ours.to_string(), message, "{case}");
        }
    });
}

#[test]
fn cert_none_connects_to_any_certificate() {
    within(60.0, || {
        let certs = TestCerts::new();
        for cert in [&certs.other_host, &certs.expired, &certs.self_signed] {
            let (port, server) = serve_one(server_context(cert), |tls| echo_once(&tls));
            let mut ctx = client_context(&certs.ca);
            ctx.set_check_hostname(false);
            ctx.set_verify_mode(CERT_NONE).expect("CERT_NONE");
            let tls = ctx
                .wrap_socket(connect(port), false, None)
                .expect("CERT_NONE connects");
            check_echo(&tls, b"anyway");
            assert_eq!(tls.getpeercert().expect("no dict"), None);
            assert!(tls.getpeercert_binary().is_some());
            server.join().expect("server").expect("tls").expect("echo");
        }
    });
}

#[test]
fn check_hostname_off_still_checks_the_chain() {
    within(30.0, || {
        let certs = TestCerts::new();
        let mut ctx = client_context(&certs.ca);
        ctx.set_check_hostname(false);
        let (port, server) = serve_one(server_context(&certs.other_host), |_| ());
        ctx.wrap_socket(connect(port), false, Some("localhost"))
            .expect("the name is not checked");
        let _ = server.join();
        let (port, server) = serve_one(server_context(&certs.unknown_ca), |_| ());
        let e = ctx
            .wrap_socket(connect(port), false, Some("localhost"))
            .expect_err("the chain is checked");
        assert!(
            e.to_string()
                .ends_with("unable to get local issuer certificate")
        );
        let _ = server.join();
    });
}

#[test]
fn verification_goes_off_only_by_name() {
    let mut ctx = SSLContext::new(PROTOCOL_TLS_CLIENT).expect("ctx");
    assert_eq!(ctx.verify_mode(), CERT_REQUIRED);
    assert!(ctx.check_hostname());
    let e = ctx
        .set_verify_mode(CERT_NONE)
        .expect_err("check_hostname first");
    assert_eq!(
        e.to_string(),
        "Cannot set verify_mode to CERT_NONE when check_hostname is enabled."
    );
    let sock = Socket::new(AF_INET, pynet::socket::SOCK_STREAM, 0).expect("socket");
    let e = ctx.wrap_socket(sock, false, None).expect_err("no hostname");
    assert_eq!(e.to_string(), "check_hostname requires server_hostname");
    assert!(e.is_instance(Exception::ValueError));
}

// ---------------------------------------------------------------------------------------
// Timeouts

#[test]
fn handshake_honours_the_socket_timeout() {
    within(20.0, || {
        // A TCP server that accepts and says nothing.
        let server = create_server(("127.0.0.1", 0), AF_INET, None, false, false).expect("l");
        let port = server.getsockname().expect("name").port().expect("port");
        let certs = TestCerts::new();
        let sock = connect(port);
        sock.settimeout(Some(0.5)).expect("settimeout");
        let started = Instant::now();
        let e = client_context(&certs.ca)
            .wrap_socket(sock, false, Some("localhost"))
            .expect_err("the server never answers");
        let took = started.elapsed().as_secs_f64();
        assert!(e.is_timeout(), "{e:?}");
        assert_eq!(e.to_string(), "timed out");
        assert!((0.45..3.0).contains(&took), "took {took} s");
        drop(server);
    });
}

#[test]
fn recv_honours_the_timeout_and_the_connection_survives() {
    within(20.0, || {
        let certs = TestCerts::new();
        let (port, server) = serve_one(server_context(&certs.localhost), |tls| {
            thread::sleep(std::time::Duration::from_millis(800));
            tls.sendall(b"late")
        });
        let tls = client_context(&certs.ca)
            .wrap_socket(connect(port), false, Some("localhost"))
            .expect("handshake");
        tls.settimeout(Some(0.2)).expect("settimeout");
        let started = Instant::now();
        let e = tls.recv(10).expect_err("nothing arrives in 0.2 s");
        assert!(e.is_timeout(), "{e:?}");
        assert!(started.elapsed().as_secs_f64() < 0.7);
        tls.settimeout(Some(TIMEOUT)).expect("settimeout");
        assert_eq!(recv_exactly(&tls, 4).expect("recv"), b"late");
        server.join().expect("server").expect("tls").expect("send");
    });
}

// ---------------------------------------------------------------------------------------
// Real peers: openssl and Python

#[test]
fn pynet_client_talks_to_openssl_s_server() {
    if !have_openssl("pynet_client_talks_to_openssl_s_server") {
        return;
    }
    within(30.0, || {
        let certs = TestCerts::new();
        let port = free_port();
        let child = Command::new("openssl")
            .args(["s_server", "-www", "-naccept", "1", "-accept"])
            .arg(format!("127.0.0.1:{port}"))
            .arg("-cert")
            .arg(&certs.localhost.cert)
            .arg("-key")
            .arg(&certs.localhost.key)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("openssl s_server");
        let mut child = Reaper(child);
        // It prints `ACCEPT` once it listens (after a line or two about its parameters).
        let stdout = child.0.stdout.take().expect("stdout");
        let ready = BufReader::new(stdout)
            .lines()
            .map_while(|line| line.ok())
            .any(|line| line.starts_with("ACCEPT"));
        assert!(ready, "openssl s_server did not start");
        let tls = client_context(&certs.ca)
            .wrap_socket(connect(port), false, Some("localhost"))
            .expect("handshake with openssl");
        tls.sendall(b"GET / HTTP/1.0\r\n\r\n").expect("send");
        let mut page = Vec::new();
        loop {
            let chunk = tls.recv(65536).expect("recv");
            if chunk.is_empty() {
                break;
            }
            page.extend_from_slice(&chunk);
        }
        let page = String::from_utf8_lossy(&page);
        assert!(page.starts_with("HTTP/1.0 200 ok"), "{page}");
        assert!(page.contains("TLSv1.3"), "{page}");
    });
}

#[test]
fn openssl_s_client_talks_to_pynet_server() {
    if !have_openssl("openssl_s_client_talks_to_pynet_server") {
        return;
    }
    within(30.0, || {
        let certs = TestCerts::new();
        let (port, server) = serve_one(server_context(&certs.localhost), |tls| {
            let line = tls.recv(1024)?;
            tls.sendall(&[b"echo: ", &line[..]].concat())?;
            tls.close()
        });
        let mut child = Command::new("openssl")
            .args(["s_client", "-quiet", "-verify_return_error", "-connect"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-servername", "localhost", "-verify_hostname", "localhost"])
            .arg("-CAfile")
            .arg(&certs.ca)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("openssl s_client");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(b"hello from openssl\n")
            .expect("write");
        let output = child.wait_with_output().expect("s_client");
        server.join().expect("server").expect("tls").expect("echo");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            stdout,
            "echo: hello from openssl\n",
            "stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    });
}

#[test]
fn python_client_talks_to_pynet_server() {
    within(60.0, || {
        let certs = TestCerts::new();
        let (port, server) = serve_one(server_context(&certs.localhost), |tls| {
            let n = echo_once(&tls)?;
            Ok::<_, Error>((n, tls.version(), tls.cipher()))
        });
        let code = r#"
import json, random, socket, ssl, struct, sys
ctx = ssl.create_default_context(cafile=sys.argv[1])
sock = socket.create_connection(("127.0.0.1", int(sys.argv[2])), timeout=10)
tls = ctx.wrap_socket(sock, server_hostname="localhost")
data = random.Random(7).randbytes(1 << 20)
tls.sendall(struct.pack("!Q", len(data)))
for start in range(0, len(data), 9973):
    tls.sendall(data[start:start + 9973])
back = b""
while len(back) < len(data):
    chunk = tls.recv(65536)
    if not chunk:
        break
    back += chunk
print(json.dumps({"equal": back == data, "version": tls.version(), "cipher": tls.cipher(),
                  "cert": tls.getpeercert()}))
"#;
        let args = [certs.ca.display().to_string(), port.to_string()];
        let python: Value = serde_json::from_str(&python_output(code, &args)).expect("JSON");
        let (n, version, cipher) = server.join().expect("server").expect("tls").expect("echo");
        assert_eq!(n, 1 << 20);
        assert_eq!(python["equal"], json!(true), "Python got its bytes back");
        assert_eq!(python["version"], json!(version));
        assert_eq!(python["cipher"], json!(cipher), "cipher() as Python's");
        // getpeercert's dict, as Python decodes the same certificate.
        let der = std::fs::read_to_string(&certs.localhost.cert).expect("pem");
        let ours = cert_json(&PeerCert::from_der(&pem_to_der(&der)).expect("decode"));
        assert_eq!(ours, python["cert"], "getpeercert() as Python's");
    });
}

#[test]
fn pynet_client_talks_to_python_server() {
    within(60.0, || {
        let certs = TestCerts::new();
        let code = r#"
import socket, ssl, struct, sys
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(sys.argv[1], sys.argv[2])
server = socket.create_server(("127.0.0.1", 0))
server.settimeout(10)
print(server.getsockname()[1], flush=True)
conn, _ = server.accept()
conn.settimeout(10)
tls = ctx.wrap_socket(conn, server_side=True)
def exactly(n):
    data = b""
    while len(data) < n:
        chunk = tls.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data
n, = struct.unpack("!Q", exactly(8))
data = exactly(n)
for start in range(0, len(data), 7001):
    tls.sendall(data[start:start + 7001])
print(tls.version(), flush=True)
"#;
        let child = python3()
            .arg("-c")
            .arg(code)
            .arg(&certs.localhost.cert)
            .arg(&certs.localhost.key)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3");
        let mut child = Reaper(child);
        let mut lines = BufReader::new(child.0.stdout.take().expect("stdout")).lines();
        let port: u16 = lines
            .next()
            .expect("a port")
            .expect("read")
            .trim()
            .parse()
            .expect("number");
        let tls = client_context(&certs.ca)
            .wrap_socket(connect(port), false, Some("localhost"))
            .expect("handshake with Python");
        check_echo(&tls, &random_bytes(11, 1 << 20));
        let version = lines.next().expect("version").expect("read");
        assert_eq!(Some(version), tls.version());
    });
}

#[test]
fn idiokit_wrap_socket_checks_the_chain_not_the_name() {
    within(30.0, || {
        let certs = TestCerts::new();
        let (port, server) = serve_one(server_context(&certs.other_host), |tls| echo_once(&tls));
        let tls = idiokit::wrap_socket(
            connect(port),
            None,
            None,
            false,
            true,
            Some(&certs.ca),
            Some(TIMEOUT),
        )
        .expect("idiokit checks no name");
        check_echo(&tls, b"idiokit");
        let cert = tls.getpeercert().expect("cert").expect("verified");
        let e = match_hostname(&cert, "localhost").expect_err("other.test");
        assert_eq!(
            e.to_string(),
            "hostname 'localhost' doesn't match 'other.test'"
        );
        server.join().expect("server").expect("tls").expect("echo");

        let (port, server) = serve_one(server_context(&certs.unknown_ca), |_| ());
        let e = idiokit::wrap_socket(
            connect(port),
            None,
            None,
            false,
            true,
            Some(&certs.ca),
            Some(TIMEOUT),
        )
        .expect_err("unknown CA");
        assert_eq!(e.exception(), Exception::SSLCertVerificationError);
        let _ = server.join();
    });
}

// ---------------------------------------------------------------------------------------
// getpeercert and match_hostname against Python

/// The DER inside a one-certificate PEM text.
fn pem_to_der(pem: &str) -> Vec<u8> {
    let code = "import ssl, sys; print(ssl.PEM_cert_to_DER_cert(sys.stdin.read()).hex())";
    let mut child = python3()
        .args(["-c", code])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(pem.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("python3");
    let hex = String::from_utf8(out.stdout).expect("utf-8");
    (0..hex.trim().len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

/// A [`PeerCert`] as `json.dumps(getpeercert())` writes Python's dict.
fn cert_json(cert: &PeerCert) -> Value {
    let name = |rdns: &[pynet::ssl::Rdn]| -> Value {
        rdns.iter()
            .map(|rdn| rdn.iter().map(|(k, v)| json!([k, v])).collect::<Value>())
            .collect()
    };
    let mut dict = json!({
        "subject": name(&cert.subject),
        "issuer": name(&cert.issuer),
        "version": cert.version,
        "serialNumber": cert.serial_number,
        "notBefore": cert.not_before,
        "notAfter": cert.not_after,
    });
    if !cert.subject_alt_name.is_empty() {
        dict["subjectAltName"] = cert
            .subject_alt_name
            .iter()
            .map(|(k, v)| json!([k, v]))
            .collect();
    }
    dict
}

#[test]
fn getpeercert_repr_is_pythons() {
    let certs = TestCerts::new();
    let pem = std::fs::read_to_string(&certs.localhost.cert).expect("pem");
    let cert = PeerCert::from_der(&pem_to_der(&pem)).expect("decode");
    let code = r#"
import ssl, sys
print(repr(ssl._ssl._test_decode_cert(sys.argv[1])))
"#;
    let python = python_output(code, &[certs.localhost.cert.display().to_string()]);
    assert_eq!(cert.to_string(), python.trim_end());
    assert_eq!(cert.serial_number, "1001");
}

/// A match_hostname case: (subjectAltName entries, commonNames, host name).
type HostnameCase = (
    Vec<(&'static str, &'static str)>,
    Vec<&'static str>,
    &'static str,
);

#[test]
fn match_hostname_agrees_with_python() {
    let cases: Vec<HostnameCase> = vec![
        (vec![("DNS", "localhost")], vec![], "localhost"),
        (vec![("DNS", "LocalHost")], vec![], "localhost"),
        (vec![("DNS", "a.example.com")], vec![], "b.example.com"),
        (vec![("DNS", "a"), ("DNS", "b")], vec![], "c"),
        (vec![("DNS", "a"), ("DNS", "b"), ("DNS", "c")], vec![], "d"),
        (vec![("DNS", "*.example.com")], vec![], "www.example.com"),
        (vec![("DNS", "*.example.com")], vec![], "example.com"),
        (vec![("DNS", "*.example.com")], vec![], "a.b.example.com"),
        (vec![("DNS", "*.example.com")], vec![], ".example.com"),
        (vec![("DNS", "w*.example.com")], vec![], "www.example.com"),
        (vec![("DNS", "*.*.example.com")], vec![], "a.b.example.com"),
        (vec![("DNS", "www.*.com")], vec![], "www.example.com"),
        (vec![("DNS", "*")], vec![], "localhost"),
        (vec![("DNS", "a.b")], vec![], "ab.bc"),
        (vec![("DNS", "localhost")], vec![], "127.0.0.1"),
        (vec![("IP Address", "127.0.0.1")], vec![], "127.0.0.1"),
        (vec![("IP Address", "127.0.0.1")], vec![], "localhost"),
        (vec![("IP Address", "0:0:0:0:0:0:0:1")], vec![], "::1"),
        (vec![("IP Address", "::1")], vec![], "0:0::1"),
        (
            vec![("DNS", "x"), ("IP Address", "10.0.0.1")],
            vec![],
            "10.0.0.2",
        ),
        (vec![("email", "a@b")], vec!["localhost"], "localhost"),
        (vec![], vec!["localhost"], "localhost"),
        (vec![], vec!["localhost", "other"], "nope"),
        (vec![], vec![], "localhost"),
        (vec![("DNS", "it's")], vec![], "x"),
    ];
    let mut ours = Vec::new();
    let mut inputs = Vec::new();
    for (sans, common_names, host) in &cases {
        let cert = PeerCert {
            subject: common_names
                .iter()
                .map(|cn| vec![("commonName".to_string(), cn.to_string())])
                .collect(),
            subject_alt_name: sans
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..PeerCert::default()
        };
        ours.push(match match_hostname(&cert, host) {
            Ok(()) => json!("ok"),
            Err(e) => {
                assert_eq!(e.exception(), Exception::SSLCertVerificationError);
                json!(e.to_string())
            }
        });
        inputs.push(json!([cert_json(&cert), host]));
    }
    let code = r#"
import json, ssl, sys, warnings
warnings.simplefilter("ignore")
def tuples(v):
    return tuple(tuples(x) for x in v) if isinstance(v, list) else v
for line in sys.stdin:
    cert, host = json.loads(line)
    cert = {k: tuples(v) for k, v in cert.items()}
    try:
        ssl.match_hostname(cert, host)
        print(json.dumps("ok"))
    except ssl.CertificateError as e:
        print(json.dumps(e.args[0]))
"#;
    let mut oracle = python3();
    oracle.args(["-c", code]);
    let theirs = util::json_lines(oracle, &inputs, 60.0);
    let mut differences = Vec::new();
    for ((input, ours), theirs) in inputs.iter().zip(&ours).zip(&theirs) {
        if ours != theirs {
            differences.push(format!("{input}: pynet {ours}, python {theirs}"));
        }
    }
    println!(
        "match_hostname: {} cases compared, {} equal",
        inputs.len(),
        inputs.len() - differences.len()
    );
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn test_certificates_verify_with_openssl() {
    if !have_openssl("test_certificates_verify_with_openssl") {
        return;
    }
    let certs = TestCerts::new();
    let verify = |cert: &Path| {
        Command::new("openssl")
            .args(["verify", "-CAfile"])
            .arg(&certs.ca)
            .arg(cert)
            .output()
            .expect("openssl")
            .status
            .success()
    };
    assert!(verify(&certs.localhost.cert));
    assert!(verify(&certs.client.cert));
    assert!(verify(&certs.other_host.cert));
    assert!(!verify(&certs.expired.cert));
    assert!(!verify(&certs.unknown_ca.cert));
    assert!(!verify(&certs.self_signed.cert));
}
