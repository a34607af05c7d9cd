//! # Exercise 11: `tls_echo`, an echo server and client over TLS
//!
//! Lesson 7's echo server and client, with TLS between TCP and the echo. The server presents a
//! certificate and wraps every connection it accepts; the client trusts one CA, checks the
//! server's certificate and name, and then both use `sendall` and `recv` as before.
//!
//! In Python:
//!
//! ```python
//! # the server
//! context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
//! context.load_cert_chain("localhost.pem", "localhost.key")
//! conn, address = listener.accept()
//! with context.wrap_socket(conn, server_side=True) as tls:
//!     while data := tls.recv(4096):
//!         tls.sendall(data)
//!
//! # the client
//! context = ssl.create_default_context(cafile="ca.pem")
//! with socket.create_connection(("localhost", port), timeout=10) as sock:
//!     with context.wrap_socket(sock, server_hostname="localhost") as tls:
//!         tls.sendall(message)
//!         ...   # recv until len(message) bytes are back
//! ```
//!
//! Read `book/src/ch11-tls.md` first. Fill in the five functions below, then check your work
//! with `cargo course check tls_echo`. When the checks pass, make a CA and a certificate as
//! the chapter shows, and run the pair in two terminals:
//!
//! ```text
//! cargo course run tls_echo -- server --port 50011 --cert localhost.pem --key localhost.key
//! cargo course run tls_echo -- client --port 50011 --cafile ca.pem
//! ```

use std::path::Path;

use pynet::socket::{Error, Socket, create_connection};
use pynet::ssl::{PROTOCOL_TLS_SERVER, Purpose, SSLContext, SSLSocket, create_default_context};

/// The timeout of every connection, server and client, in seconds: the handshake, each `recv`
/// and each `sendall` must finish within it.
pub const TIMEOUT: f64 = 10.0;

/// A server context that presents the certificate in `certfile`, whose private key is in
/// `keyfile` (both PEM files).
///
/// ```python
/// context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
/// context.load_cert_chain(certfile, keyfile)
/// ```
///
/// # Errors
/// A file that cannot be read (`FileNotFoundError`), or that holds no certificate or key
/// (`ssl.SSLError`), as `load_cert_chain` reports it.
pub fn server_context(certfile: &Path, keyfile: &Path) -> Result<SSLContext, Error> {
    todo!("a PROTOCOL_TLS_SERVER context, then load_cert_chain")
}

/// A client context that checks the server's chain, dates and name, and trusts the CA
/// certificates in `cafile` (as well as the system's).
///
/// ```python
/// context = ssl.create_default_context(cafile=cafile)
/// ```
///
/// # Errors
/// A file that cannot be read or holds no certificate, as `load_verify_locations` reports it.
pub fn client_context(cafile: &Path) -> Result<SSLContext, Error> {
    todo!("create_default_context for SERVER_AUTH, then load_verify_locations")
}

/// Echoes one TLS connection: receives and sends back everything until the client closes
/// (`recv` returns an empty vector), then returns how many bytes it echoed. It leaves the
/// connection open: closing is its caller's job.
///
/// ```python
/// while data := tls.recv(4096):
///     tls.sendall(data)
/// ```
pub fn handle(tls: &SSLSocket) -> Result<usize, Error> {
    todo!("recv and sendall until recv returns nothing; count the bytes")
}

/// Serves `clients` connections on `listener`, one after the other, and returns how many of
/// them were served without an error. For each connection: set its timeout to [`TIMEOUT`]
/// (before the handshake, so that a client that says nothing cannot hold the server), wrap
/// it on the server side with `context`, [`handle`] it, and close it (which sends TLS's
/// close_notify).
///
/// A client that fails (a handshake that fails because the client refused our certificate or
/// does not speak TLS, a reset, a timeout) is printed, `ADDRESS: ERROR`, and the server goes
/// on with the next one; a served client is printed as `echoed N bytes to ADDRESS`.
///
/// # Errors
/// Only `accept`'s: an error of one client is not an error of the server.
pub fn serve(listener: &Socket, context: &SSLContext, clients: usize) -> Result<usize, Error> {
    todo!("accept; settimeout; wrap_socket(conn, true, None); handle; close; print failures")
}

/// Sends `message` to the TLS echo server at `(host, port)` and returns what comes back.
/// Connects with [`TIMEOUT`], wraps the socket on the client side with `context` and
/// `server_hostname` `host` (sent as SNI, and checked against the certificate), sends the
/// message, receives until as many bytes are back (or the server closes early: then it
/// returns what came), and closes the connection.
///
/// # Errors
/// The connection's (`ConnectionRefusedError`, `timed out`) and the handshake's: a server
/// whose certificate does not check out is an `ssl.SSLCertVerificationError` that says why
/// (`Hostname mismatch`, `unable to get local issuer certificate`, `certificate has expired`).
pub fn echo(context: &SSLContext, host: &str, port: u16, message: &[u8]) -> Result<Vec<u8>, Error> {
    todo!("create_connection; wrap_socket(sock, false, Some(host)); sendall; recv until done")
}

#[cfg(test)]
mod tests;
