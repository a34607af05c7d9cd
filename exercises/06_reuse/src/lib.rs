//! # Exercise 6: `reuse`, a server that can restart at once
//!
//! Stop a server that has just served a client, start it again on the same port, and
//! `bind` fails: `[Errno 98] Address already in use`. The side of a TCP connection that
//! closes first keeps it for a while (a minute on Linux) in the TIME_WAIT state, so that late
//! packets of the old connection are not mistaken for a new one; while it does, the port is
//! taken. The `SO_REUSEADDR` option, set before `bind`, lets a new listening socket bind the
//! port anyway. (It does not let two servers listen on one port: that still fails.)
//!
//! Write the two halves of such a server: `listen`, which makes the listening socket the
//! right way, and `serve_one`, which serves one client and closes the connection itself, so
//! that the server's side is the one left in TIME_WAIT.
//!
//! In Python:
//!
//! ```python
//! import socket
//!
//! def listen(host, port, backlog):
//!     s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
//!     s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
//!     s.bind((host, port))
//!     s.listen(backlog)
//!     return s
//!
//! def serve_one(listener, reply):
//!     conn, address = listener.accept()
//!     conn.sendall(reply)
//!     conn.close()
//!     return address
//! ```
//!
//! Read `book/src/ch06-options.md` first. Fill in the two functions below, then check your work
//! with `cargo course check reuse`. When the checks pass, run the server, connect to it with
//! `nc 127.0.0.1 8282`, stop it with Ctrl-C and start it again at once:
//!
//! ```text
//! cargo course run reuse -- --port 8282
//! ```

use pynet::socket::{AF_INET, Address, Error, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, Socket};

/// A TCP (`AF_INET`, `SOCK_STREAM`) socket listening on `(host, port)` with room for `backlog`
/// waiting connections, with `SO_REUSEADDR` set to 1 *before* it is bound.
///
/// ```python
/// s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
/// s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
/// s.bind((host, port))
/// s.listen(backlog)
/// ```
///
/// # Errors
/// `[Errno 98] Address already in use` when another socket listens on the port (even with
/// `SO_REUSEADDR`); the other errors of `bind` (`[Errno -2] Name or service not known` for a
/// host that does not resolve, `[Errno 99] Cannot assign requested address` for an address
/// that is not this machine's, ...).
pub fn listen(host: &str, port: u16, backlog: i32) -> Result<Socket, Error> {
    todo!("make a TCP socket, set SO_REUSEADDR, bind, listen")
}

/// Accepts one client from `listener`, sends it `reply` (all of it), closes the connection
/// (the server closes first) and returns the client's address, as `accept` gave it
/// (`('127.0.0.1', 40000)`).
///
/// ```python
/// conn, address = listener.accept()
/// conn.sendall(reply)
/// conn.close()
/// return address
/// ```
///
/// # Errors
/// Whatever `accept`, `sendall` or `close` fail with (`[Errno 32] Broken pipe` when the client
/// has already gone, ...).
pub fn serve_one(listener: &Socket, reply: &[u8]) -> Result<Address, Error> {
    todo!("accept, sendall the reply, close the connection, return the client's address")
}

#[cfg(test)]
mod tests;
