//! # Solution of exercise 11: `tls_echo`, an echo server and client over TLS
//!
//! The exercise's task and its checks are in `exercises/11_tls_echo`; this is one way to
//! complete it.

use std::path::Path;

use pynet::socket::{Error, Socket, create_connection};
use pynet::ssl::{PROTOCOL_TLS_SERVER, Purpose, SSLContext, SSLSocket, create_default_context};

/// The timeout of every connection, server and client, in seconds.
pub const TIMEOUT: f64 = 10.0;

/// A server context that presents the certificate in `certfile`, whose key is in `keyfile`.
///
/// ```python
/// context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
/// context.load_cert_chain(certfile, keyfile)
/// ```
pub fn server_context(certfile: &Path, keyfile: &Path) -> Result<SSLContext, Error> {
    let mut context = SSLContext::new(PROTOCOL_TLS_SERVER)?;
    context.load_cert_chain(certfile, Some(keyfile))?;
    Ok(context)
}

/// A client context that checks everything, and trusts the CA certificates in `cafile`.
///
/// ```python
/// context = ssl.create_default_context(cafile=cafile)
/// ```
pub fn client_context(cafile: &Path) -> Result<SSLContext, Error> {
    let mut context = create_default_context(Purpose::SERVER_AUTH)?;
    context.load_verify_locations(cafile)?;
    Ok(context)
}

/// Echoes one TLS connection until the client closes it; returns how many bytes it echoed.
pub fn handle(tls: &SSLSocket) -> Result<usize, Error> {
    let mut echoed = 0;
    loop {
        let data = tls.recv(4096)?;
        if data.is_empty() {
            return Ok(echoed);
        }
        tls.sendall(&data)?;
        echoed += data.len();
    }
}

/// Serves `clients` connections one after the other; returns how many were served
/// without an error.
pub fn serve(listener: &Socket, context: &SSLContext, clients: usize) -> Result<usize, Error> {
    let mut served = 0;
    for _ in 0..clients {
        let (conn, address) = listener.accept()?;
        match serve_one(conn, context) {
            Ok(echoed) => {
                println!("echoed {echoed} bytes to {address}");
                served += 1;
            }
            Err(e) => println!("{address}: {e}"),
        }
    }
    Ok(served)
}

/// The handshake and the echo of one connection.
fn serve_one(conn: Socket, context: &SSLContext) -> Result<usize, Error> {
    conn.settimeout(Some(TIMEOUT))?;
    let tls = context.wrap_socket(conn, true, None)?;
    let echoed = handle(&tls)?;
    tls.close()?;
    Ok(echoed)
}

/// Sends `message` to the TLS echo server at `(host, port)` and returns what comes back.
pub fn echo(context: &SSLContext, host: &str, port: u16, message: &[u8]) -> Result<Vec<u8>, Error> {
    let sock = create_connection((host, port), Some(TIMEOUT), None)?;
    let tls = context.wrap_socket(sock, false, Some(host))?;
    tls.sendall(message)?;
    let mut received = Vec::new();
    while received.len() < message.len() {
        let data = tls.recv(message.len() - received.len())?;
        if data.is_empty() {
            break;
        }
        received.extend_from_slice(&data);
    }
    tls.close()?;
    Ok(received)
}

#[cfg(test)]
#[path = "../../../exercises/11_tls_echo/src/tests.rs"]
mod tests;
