//! # Exercise 10: `threaded_echo`, one thread per connection
//!
//! Lesson 7's echo server serves one client after the other: while it echoes one client, the
//! next waits in the listen queue, and a client that connects and says nothing holds up every
//! other client for as long as it likes. `socketserver.ThreadingTCPServer` cures that by
//! handling each connection on a thread of its own. This exercise does the same by hand, with
//! `std::thread` and pynet sockets, so you see what that server does for you: the accepting
//! loop only accepts, and each connection gets a thread that echoes it until the client is
//! done.
//!
//! In Python:
//!
//! ```python
//! import socket, threading
//!
//! def handle(conn):
//!     echoed = 0
//!     with conn:
//!         while data := conn.recv(4096):
//!             conn.sendall(data)
//!             echoed += len(data)
//!     return echoed
//!
//! def serve(server):
//!     while True:
//!         conn, address = server.accept()
//!         threading.Thread(target=handle, args=(conn,)).start()
//! ```
//!
//! Read `book/src/ch10-servers.md` first. Fill in the two functions below, then check your work
//! with `cargo course check threaded_echo`. When the checks pass, start the server, then a
//! client that connects and waits 10 seconds before it speaks, and another one at once: the
//! second is answered while the first is still waiting.
//!
//! ```text
//! cargo course run threaded_echo -- server --port 50010
//! cargo course run threaded_echo -- client --port 50010 --pause 10 &
//! cargo course run threaded_echo -- client --port 50010
//! ```

use std::thread::{self, JoinHandle};

use pynet::socket::{Address, Error, Socket};

/// Echoes one connection: `recv` and send back with `sendall` whatever arrives, until `recv`
/// returns an empty vector (the peer closed its side); then close the connection and return
/// how many bytes were echoed.
///
/// Send with `sendall`, not `send`: on a connection with a timeout (non-blocking underneath),
/// `send` may take only part of the bytes you give it.
///
/// ```python
/// with conn:
///     while data := conn.recv(4096):
///         conn.sendall(data)
///         echoed += len(data)
/// ```
///
/// # Errors
/// The first error of `recv` or `sendall` (`[Errno 104] Connection reset by peer`,
/// `[Errno 32] Broken pipe`, `timed out`, ...).
pub fn handle(conn: Socket) -> Result<u64, Error> {
    todo!("recv and sendall until recv returns an empty vector, count the bytes, close")
}

/// Accepts connections on the listening socket `server`, and echoes each with [`handle`] on a
/// new thread (`std::thread::spawn`), so that every client is answered at once, however long
/// the others stay connected. A connection whose [`handle`] fails costs only that connection:
/// its thread prints the error (`eprintln!`, with the client's address) and the server goes
/// on.
///
/// With `connections` `Some(n)`: stop accepting after `n` connections, wait for the threads of
/// all `n` to end (`JoinHandle::join`), and return `Ok(())`. With `None`: serve forever.
///
/// ```python
/// conn, address = server.accept()
/// threading.Thread(target=handle, args=(conn,)).start()
/// ```
///
/// # Errors
/// Only an error of `accept` itself ends `serve`.
pub fn serve(server: &Socket, connections: Option<usize>) -> Result<(), Error> {
    todo!("accept each connection and handle it on a thread of its own")
}

#[cfg(test)]
mod tests;
