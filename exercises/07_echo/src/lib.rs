//! # Exercise 7: `echo`, the echo server and its client (week 1's lab)
//!
//! An echo server sends every byte it receives straight back, until the client closes the
//! connection; then it takes the next client. Its client sends a message and reads until the
//! whole message has come back. Both are small, and both hide a trap: TCP delivers a stream of
//! bytes, not messages, so a message may come back in any number of pieces. A client that
//! reads once, or reads 16 bytes once, works for short messages on a quiet machine and fails
//! on the others.
//!
//! In Python:
//!
//! ```python
//! import socket
//!
//! def bind(host, port):
//!     s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
//!     s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
//!     s.bind((host, port))
//!     s.listen(5)
//!     return s
//!
//! def serve(listener, clients=None):
//!     served = 0
//!     while clients is None or served < clients:
//!         conn, address = listener.accept()
//!         with conn:
//!             while data := conn.recv(4096):
//!                 conn.sendall(data)
//!         served += 1
//!
//! def client(host, port, message):
//!     with socket.create_connection((host, port), timeout=5.0) as s:
//!         s.sendall(message)
//!         received = b""
//!         while len(received) < len(message):
//!             data = s.recv(4096)
//!             if not data:
//!                 break
//!             received += data
//!         return received
//! ```
//!
//! Read `book/src/ch07-echo.md` first. Fill in the three functions below, then check your work
//! with `cargo course check echo`. When the checks pass, run the server in one terminal and
//! the client in another:
//!
//! ```text
//! cargo course run echo -- server --port 50000
//! cargo course run echo -- client --port 50000
//! ```

use pynet::socket::{self, AF_INET, Error, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, Socket};

/// The timeout of the client's socket, in seconds: no step of [`client`] waits longer.
pub const TIMEOUT: f64 = 5.0;

/// The echo server's listening socket: a TCP (`AF_INET`, `SOCK_STREAM`) socket with
/// `SO_REUSEADDR` set to 1, bound to `(host, port)`, listening with a backlog of 5.
///
/// ```python
/// s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
/// s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
/// s.bind((host, port))
/// s.listen(5)
/// ```
///
/// # Errors
/// The errors of `bind`: `[Errno 98] Address already in use`, `[Errno -2] Name or service not
/// known`, ...
pub fn bind(host: &str, port: u16) -> Result<Socket, Error> {
    todo!("make a TCP socket, set SO_REUSEADDR, bind, listen with a backlog of 5")
}

/// Serves clients of `listener` one after the other. For each: `accept` it; `recv` and send
/// back with `sendall` whatever arrives, until `recv` returns an empty vector (the client
/// closed); close the connection. With `clients` `Some(n)`, return `Ok(())` once `n` clients
/// have been served; with `None`, serve forever.
///
/// ```python
/// conn, address = listener.accept()
/// while data := conn.recv(4096):
///     conn.sendall(data)
/// conn.close()
/// ```
///
/// # Errors
/// The first error of `accept`, `recv` or `sendall` (`[Errno 104] Connection reset by peer`,
/// ...) ends `serve` and is returned.
pub fn serve(listener: &Socket, clients: Option<usize>) -> Result<(), Error> {
    todo!("accept each client, echo until it closes, stop after `clients` clients")
}

/// Connects to the echo server at `(host, port)` with a timeout of [`TIMEOUT`] seconds, sends
/// all of `message`, then receives until as many bytes as `message` has have come back, however
/// many `recv` calls that takes, closes the socket and returns the bytes that came back. If the
/// server closes the connection first (`recv` returns an empty vector), stop there and return
/// what came back, which is then shorter than `message`.
///
/// ```python
/// s = socket.create_connection((host, port), timeout=5.0)
/// s.sendall(message)
/// ```
///
/// # Errors
/// `[Errno 111] Connection refused` when no server listens there, `timed out` when the server
/// stays silent for [`TIMEOUT`] seconds, ...
pub fn client(host: &str, port: u16, message: &[u8]) -> Result<Vec<u8>, Error> {
    todo!("connect with a timeout, sendall, recv until the whole message is back, close")
}

#[cfg(test)]
mod tests;
