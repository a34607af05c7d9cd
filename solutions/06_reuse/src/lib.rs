//! # Solution of exercise 6: `reuse`, a server that can restart at once
//!
//! The exercise's task and its checks are in `exercises/06_reuse`; this is one way to
//! complete it.

use pynet::socket::{AF_INET, Address, Error, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, Socket};

/// A TCP socket listening on `(host, port)`, with `SO_REUSEADDR` set before it is bound.
///
/// ```python
/// s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
/// s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
/// s.bind((host, port))
/// s.listen(backlog)
/// ```
pub fn listen(host: &str, port: u16, backlog: i32) -> Result<Socket, Error> {
    let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    // Before bind: bind is the call that checks whether the port is free.
    s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)?;
    s.bind((host, port))?;
    s.listen(backlog)?;
    Ok(s)
}

/// Accepts one client, sends it `reply`, closes the connection first and returns the client's
/// address.
///
/// ```python
/// conn, address = listener.accept()
/// conn.sendall(reply)
/// conn.close()
/// return address
/// ```
pub fn serve_one(listener: &Socket, reply: &[u8]) -> Result<Address, Error> {
    let (conn, address) = listener.accept()?;
    conn.sendall(reply)?;
    conn.close()?;
    Ok(address)
}

#[cfg(test)]
#[path = "../../../exercises/06_reuse/src/tests.rs"]
mod tests;
