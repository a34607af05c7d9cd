//! Python's `ssl` (and idiokit's): TLS for pynet sockets, on rustls.
//!
//! | Python | pynet |
//! |---|---|
//! | `ssl.create_default_context()` | [`create_default_context(Purpose::SERVER_AUTH)`](create_default_context) |
//! | `ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)` | [`SSLContext::new(PROTOCOL_TLS_SERVER)`](SSLContext::new) |
//! | `ctx.load_verify_locations(cafile)`, `ctx.load_default_certs()` | [`SSLContext::load_verify_locations`], [`SSLContext::load_default_certs`] |
//! | `ctx.load_cert_chain(certfile, keyfile)` | [`SSLContext::load_cert_chain`] |
//! | `ctx.verify_mode = ssl.CERT_NONE` | [`ctx.set_verify_mode(CERT_NONE)`](SSLContext::set_verify_mode) |
//! | `ctx.check_hostname = False` | [`ctx.set_check_hostname(false)`](SSLContext::set_check_hostname) |
//! | `ctx.maximum_version = ssl.TLSVersion.TLSv1_2` | [`ctx.set_maximum_version(TLSVersion::TLSv1_2)`](SSLContext::set_maximum_version) |
//! | `ctx.wrap_socket(sock, server_hostname="h")` | [`ctx.wrap_socket(sock, false, Some("h"))`](SSLContext::wrap_socket) |
//! | `ctx.wrap_socket(conn, server_side=True)` | [`ctx.wrap_socket(conn, true, None)`](SSLContext::wrap_socket) |
//! | `tls.send`, `sendall`, `recv`, `recv_into` | [`SSLSocket::send`], [`SSLSocket::sendall`], [`SSLSocket::recv`], [`SSLSocket::recv_into`] |
//! | `tls.settimeout`, `gettimeout`, `shutdown`, `close`, `fileno` | the same names on [`SSLSocket`] |
//! | `tls.getpeercert()`, `getpeercert(binary_form=True)` | [`SSLSocket::getpeercert`] → [`PeerCert`], [`SSLSocket::getpeercert_binary`] |
//! | `tls.version()`, `tls.cipher()` | [`SSLSocket::version`], [`SSLSocket::cipher`] |
//! | `ssl.match_hostname(cert, host)` (Python ≤ 3.11) | [`match_hostname`] |
//! | idiokit's `ssl.wrap_socket(sock, require_cert=True, ca_certs=...)` | [`idiokit::wrap_socket`] |
//! | `ssl.SSLError`, `SSLCertVerificationError`, `SSLEOFError` | [`Error`](crate::socket::Error) with [`Exception::SSLError`](crate::socket::Exception::SSLError), ... |
//!
//! Verification is on by default, as in Python: a client checks the server's chain against
//! the trusted CAs and its name against `server_hostname`. It goes off only by name:
//! `set_check_hostname(false)` (chain still checked) and `set_verify_mode(CERT_NONE)`.
//! Trusted CAs: the system's bundle (`/etc/ssl/certs/ca-certificates.crt` and its cousins,
//! or `SSL_CERT_FILE`), else the Mozilla roots built in (webpki-roots).
//!
//! ## A client
//!
//! ```python
//! ctx = ssl.create_default_context()
//! with socket.create_connection(("example.org", 443)) as sock:
//!     with ctx.wrap_socket(sock, server_hostname="example.org") as tls:
//!         print(tls.version())
//!         tls.sendall(b"HEAD / HTTP/1.0\r\nHost: example.org\r\n\r\n")
//!         print(tls.recv(1024))
//! ```
//! ```no_run
//! use pynet::socket::create_connection;
//! use pynet::ssl::{Purpose, create_default_context};
//!
//! let ctx = create_default_context(Purpose::SERVER_AUTH)?;
//! let sock = create_connection(("example.org", 443), Some(10.0), None)?;
//! let tls = ctx.wrap_socket(sock, false, Some("example.org"))?;
//! println!("{:?}", tls.version());
//! tls.sendall(b"HEAD / HTTP/1.0\r\nHost: example.org\r\n\r\n")?;
//! println!("{:?}", tls.recv(1024)?);
//! # Ok::<(), pynet::socket::Error>(())
//! ```
//!
//! ## A server
//!
//! ```python
//! ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
//! ctx.load_cert_chain("cert.pem", "key.pem")
//! conn, address = server.accept()
//! tls = ctx.wrap_socket(conn, server_side=True)
//! tls.sendall(tls.recv(1024))
//! ```
//! ```no_run
//! use pynet::socket::{AF_INET, create_server};
//! use pynet::ssl::{PROTOCOL_TLS_SERVER, SSLContext};
//!
//! let mut ctx = SSLContext::new(PROTOCOL_TLS_SERVER)?;
//! ctx.load_cert_chain("cert.pem", Some("key.pem"))?;
//! let server = create_server(("127.0.0.1", 8443), AF_INET, None, false, false)?;
//! let (conn, _address) = server.accept()?;
//! let tls = ctx.wrap_socket(conn, true, None)?;
//! tls.sendall(&tls.recv(1024)?)?;
//! # Ok::<(), pynet::socket::Error>(())
//! ```

mod cert;
mod context;
mod error;
mod hostname;
pub mod idiokit;
mod socket;
mod verify;

pub use cert::{PeerCert, Rdn};
pub use context::{
    CERT_NONE, CERT_OPTIONAL, CERT_REQUIRED, PROTOCOL_TLS_CLIENT, PROTOCOL_TLS_SERVER, Purpose,
    SSLContext, TLSVersion, create_default_context,
};
pub use hostname::match_hostname;
pub use socket::SSLSocket;
