//! # Solution of exercise 7: `echo`, the echo server and its client
//!
//! The exercise's task and its checks are in `exercises/07_echo`; this is one way to
//! complete it.

use pynet::socket::{self, AF_INET, Error, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, Socket};

/// The timeout of the client's socket, in seconds: no step of [`client`] waits longer.
pub const TIMEOUT: f64 = 5.0;

/// How many bytes each `recv` asks for.
const CHUNK: usize = 4096;

/// The echo server's listening socket, with `SO_REUSEADDR`, listening with a backlog of 5.
///
/// ```python
/// s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
/// s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
/// s.bind((host, port))
/// s.listen(5)
/// ```
pub fn bind(host: &str, port: u16) -> Result<Socket, Error> {
    let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)?;
    s.bind((host, port))?;
    s.listen(5)?;
    Ok(s)
}

/// Serves clients one after the other, echoing each until it closes; stops after `clients`
/// clients when that is `Some`.
pub fn serve(listener: &Socket, clients: Option<usize>) -> Result<(), Error> {
    let mut served = 0;
    while clients != Some(served) {
        let (conn, _address) = listener.accept()?;
        echo(&conn)?;
        conn.close()?;
        served += 1;
    }
    Ok(())
}

/// Sends back everything one client sends, until it closes its side.
///
/// ```python
/// while data := conn.recv(4096):
///     conn.sendall(data)
/// ```
fn echo(conn: &Socket) -> Result<(), Error> {
    loop {
        let data = conn.recv(CHUNK)?;
        if data.is_empty() {
            return Ok(());
        }
        conn.sendall(&data)?;
    }
}

/// Sends `message` to the echo server and returns what comes back: all of it, or less if the
/// server closes early.
///
/// ```python
/// s = socket.create_connection((host, port), timeout=5.0)
/// s.sendall(message)
/// ```
pub fn client(host: &str, port: u16, message: &[u8]) -> Result<Vec<u8>, Error> {
    let s = socket::create_connection((host, port), Some(TIMEOUT), None)?;
    s.sendall(message)?;
    let mut received = Vec::with_capacity(message.len());
    while received.len() < message.len() {
        let data = s.recv(CHUNK)?;
        if data.is_empty() {
            break; // The server closed before echoing everything.
        }
        received.extend_from_slice(&data);
    }
    s.close()?;
    Ok(received)
}

#[cfg(test)]
#[path = "../../../exercises/07_echo/src/tests.rs"]
mod tests;
