//! # Exercise 10: `chat`, a broadcast chat server over select
//!
//! One server, many clients, no threads: the server waits with `select` on the listening
//! socket and on every client at once, and reacts to whichever is ready. A ready listener
//! means a new client to `accept`; a ready client means a message has come (or the client has
//! gone). Every message is passed on to everyone else.
//!
//! ## The wire format
//!
//! - A **message** is a length, 4 bytes, big-endian (Python's `struct.pack("!I", n)`), then
//!   `n` bytes of UTF-8 text. Both ways, clients and server alike.
//! - The text is at most [`MAX_MESSAGE`] bytes. A longer length is refused as soon as it is
//!   read, without waiting for a text that may never come.
//! - A client's **first message is its name**. Until it has sent one, it gets nothing.
//! - When a client has sent its name (say `alice`), every client that has a name, `alice`
//!   included, gets `alice joined`: it is alice's sign that she is in.
//! - Each later message `text` from alice goes to every other client that has a name as
//!   `alice: text`, never back to alice.
//! - When alice goes (she closes, resets, or breaks the format: a length over
//!   [`MAX_MESSAGE`], text that is not UTF-8, a close in the middle of a message), the server
//!   closes her connection and every client that has a name and is still there gets
//!   `alice left`. A client that goes before sending its name leaves without a notice.
//! - A client that cannot be reached (sending to it fails) is dropped in the same way.
//! - Nothing a client does may stop the server or disturb the others.
//!
//! In Python, the heart of it:
//!
//! ```python
//! while True:
//!     readable, _, _ = select.select([listener] + clients, [], [], 0.1)
//!     for sock in readable:
//!         if sock is listener:
//!             conn, address = listener.accept()
//!             clients.append(conn)
//!         else:
//!             text = recv_message(sock)
//!             ...
//! ```
//!
//! Read `book/src/ch10-servers.md` first. Fill in the three functions below (helpers of your
//! own are welcome), then check your work with `cargo course check chat`. When the checks
//! pass, start the server and chat from two terminals:
//!
//! ```text
//! cargo course run chat -- server --port 50011
//! cargo course run chat -- client --port 50011 --name alice
//! cargo course run chat -- client --port 50011 --name bob
//! ```

use std::os::fd::RawFd;
use std::sync::atomic::{AtomicBool, Ordering};

use pynet::select::select;
use pynet::socket::{Address, Error, Exception, Socket};

/// The longest text a message may carry, in bytes of UTF-8.
pub const MAX_MESSAGE: usize = 64 * 1024;

/// The server's timeout on each client's socket, in seconds. The server serves everyone from
/// one thread: a client that sends half a message and stops, or that never reads what it is
/// sent, would otherwise hold up every other client for ever. With the timeout, it holds them
/// up for this long, then it is dropped.
pub const TIMEOUT: f64 = 2.0;

/// How long one `select` waits, in seconds, before [`serve`] looks at its stop flag again.
pub const POLL_INTERVAL: f64 = 0.1;

/// Sends `text` as one message: its length as 4 bytes, big-endian, then its UTF-8 bytes, all
/// with `sendall`.
///
/// ```python
/// data = text.encode()
/// sock.sendall(struct.pack("!I", len(data)) + data)
/// ```
///
/// # Errors
/// A [`Exception::ValueError`] for a text longer than [`MAX_MESSAGE`] bytes (and then nothing
/// is sent); the errors of `sendall`.
pub fn send_message(sock: &Socket, text: &str) -> Result<(), Error> {
    todo!("refuse a text over MAX_MESSAGE, then sendall its length (4 bytes, big-endian) and it")
}

/// Receives one message: 4 bytes of length, then that many bytes of text, reading exactly
/// those bytes however many `recv` calls they take, and not one byte more (the next message
/// may already be waiting behind this one). Returns `Ok(None)` when the peer closed the
/// connection cleanly before the first byte of the length.
///
/// ```python
/// (length,) = struct.unpack("!I", recv_exactly(sock, 4))
/// return recv_exactly(sock, length).decode()
/// ```
///
/// # Errors
/// - an [`Exception::EOFError`] when the peer closes in the middle of a message (after part
///   of the length, or before the whole text);
/// - a [`Exception::ValueError`] for a length over [`MAX_MESSAGE`], returned at once, without
///   reading the text;
/// - a [`Exception::ValueError`] (or its subclass [`Exception::UnicodeError`], as Python's
///   `UnicodeDecodeError`) for text that is not UTF-8;
/// - the errors of `recv` (`[Errno 104] Connection reset by peer`, `timed out`, ...).
pub fn recv_message(sock: &Socket) -> Result<Option<String>, Error> {
    todo!("recv exactly 4 bytes of length, check it, recv exactly that many bytes, decode")
}

/// Serves the chat on the listening socket `listener`, following the wire format in the
/// crate docs, until `stop` is set: each round, `select` for reading over the listener and
/// every client with a timeout of [`POLL_INTERVAL`] seconds, then look at `stop` again.
///
/// Give each accepted client's socket a timeout of [`TIMEOUT`] seconds. Print a client's
/// error with `eprintln!` and drop that client; return only for an error of `select` or
/// `accept`, or `Ok(())` once `stop` is set.
///
/// ```python
/// while not stop:
///     readable, _, _ = select.select([listener] + clients, [], [], 0.1)
/// ```
///
/// `select` gives back the sockets you pass it: pass references (`&Socket`), and to change
/// your list of clients afterwards, keep only their descriptors (`fileno()`).
pub fn serve(listener: &Socket, stop: &AtomicBool) -> Result<(), Error> {
    todo!("select over the listener and the clients, accept, read, broadcast, drop, until stop")
}

#[cfg(test)]
mod tests;
