//! # Exercise 8: `sum`, a server that adds two numbers (week 1's assignment)
//!
//! The client sends two numbers, the server adds them and sends back the sum. The assignment
//! gives no wire format, and TCP gives none either: it carries a stream of bytes, cut into
//! pieces wherever the network likes. So this exercise defines one, and your server and client
//! must follow it exactly.
//!
//! ## The wire format
//!
//! - A **request** is one line: two integers separated by ASCII whitespace, ended by `\n`:
//!   `2 3\n`. Spaces or tabs before, between and after the numbers are allowed, and so is a
//!   `\r` before the `\n` (what `telnet` sends). An integer is what Rust's
//!   `str::parse::<i64>` accepts: an optional `+` or `-`, then ASCII digits (`-17`, `+4`,
//!   `007`; not `1.5`, `0x10`, `1_000`).
//! - A **reply** is one line too: the sum in decimal (`5\n`, `-12\n`), or `error: ` and a
//!   reason:
//!
//!   | the request | the reply |
//!   |---|---|
//!   | is not valid UTF-8 | `error: not UTF-8` |
//!   | holds N words, N ≠ 2 (an empty line holds 0) | `error: expected 2 numbers, got N` |
//!   | has a word that is not an integer, such as `abc` | `error: not an integer: abc` |
//!   | has an integer that does not fit in an `i64`, such as `99999999999999999999` | `error: number out of range: 99999999999999999999` |
//!   | has a sum that does not fit in an `i64` | `error: sum out of range` |
//!
//!   When both words are wrong, the reply names the first one.
//! - A client may send **many requests on one connection**, one after the other or all at
//!   once; the server answers each, in order. After an error reply the connection stays open
//!   and the next request is answered as usual. Bytes after the last `\n` when the client
//!   closes are not a request: they get no reply.
//! - A line is at most [`MAX_LINE`] bytes, not counting its `\n`. When a longer line comes in,
//!   or more than [`MAX_LINE`] bytes arrive without a `\n`, the server replies
//!   `error: line too long\n` and closes the connection: otherwise a client that never sends
//!   a `\n` would make the server buffer bytes forever.
//! - The server serves one client after the other; nothing a client sends or does (bad
//!   requests, closing early, resetting the connection) may stop the server.
//!
//! In Python, the heart of it:
//!
//! ```python
//! def answer(line):
//!     words = line.split()
//!     if len(words) != 2:
//!         return f"error: expected 2 numbers, got {len(words)}"
//!     a, b = int(words[0]), int(words[1])
//!     return str(a + b)
//! ```
//!
//! (Python's integers never overflow and `int()` accepts more forms, so the real thing checks
//! more than this.)
//!
//! Read `book/src/ch08-framing.md` first. Fill in the three functions below, then check your
//! work with `cargo course check sum`. When the checks pass, run the server and ask it a sum:
//!
//! ```text
//! cargo course run sum -- server --port 50001
//! cargo course run sum -- client --port 50001 2 3
//! ```

use pynet::socket::{self, Error, Exception, Socket};

/// The longest request line the server accepts, in bytes, not counting the `\n`.
pub const MAX_LINE: usize = 100;

/// The timeout of the client's socket in [`add`], in seconds.
pub const TIMEOUT: f64 = 5.0;

/// The reply to one request line, following the wire format in the crate docs; `line` comes
/// without its `\n` and the reply goes without one. Never fails and never panics: a bad
/// request gets an `error: ...` reply.
///
/// `answer(b"2 3")` is `"5"`; `answer(b"2 x")` is `"error: not an integer: x"`.
///
/// ```python
/// words = line.split()
/// return str(int(words[0]) + int(words[1]))
/// ```
pub fn answer(line: &[u8]) -> String {
    todo!("decode the line, split it into two integers, add them or say what is wrong")
}

/// Serves clients of `listener` one after the other, each until it closes its connection:
/// `recv` bytes, cut out every complete line (however the bytes were split across `recv`
/// calls), and `sendall` each line's [`answer`] followed by `\n`. Lines longer than
/// [`MAX_LINE`], or more than [`MAX_LINE`] bytes without a `\n`, get `error: line too long\n`
/// and the connection is closed. With `clients` `Some(n)`, return `Ok(())` once `n` clients
/// have been served; with `None`, serve forever.
///
/// A client's error (`[Errno 104] Connection reset by peer`, `[Errno 32] Broken pipe`) ends
/// that client's connection only: print it with `eprintln!` and go on with the next client.
///
/// ```python
/// conn, address = listener.accept()
/// pending = b""
/// while data := conn.recv(4096):
///     pending += data
///     while b"\n" in pending:
///         line, pending = pending.split(b"\n", 1)
///         conn.sendall(answer(line).encode() + b"\n")
/// ```
///
/// # Errors
/// Only an error of `accept` itself ends `serve`.
pub fn serve(listener: &Socket, clients: Option<usize>) -> Result<(), Error> {
    todo!("accept each client, answer its lines until it closes, stop after `clients` clients")
}

/// The client: connects to the sum server at `(host, port)` with a timeout of [`TIMEOUT`]
/// seconds, sends the request `a b\n` (`a` and `b` as they are: the server judges them),
/// receives until a whole reply line has come, however many `recv` calls that takes, closes
/// the socket and returns the reply without its `\n`: `"5"`, or `"error: ..."`.
///
/// `add("localhost", 50001, "2", "3")` is `Ok("5".to_string())`.
///
/// ```python
/// s = socket.create_connection((host, port), timeout=5.0)
/// s.sendall(f"{a} {b}\n".encode())
/// ```
///
/// # Errors
/// `[Errno 111] Connection refused`, `timed out`, ...; and, when the server closes the
/// connection before a whole reply line has come, an [`Exception::ConnectionError`] with the
/// message `the server closed the connection before replying`.
pub fn add(host: &str, port: u16, a: &str, b: &str) -> Result<String, Error> {
    todo!("connect with a timeout, send the request line, recv until a whole line is back")
}

#[cfg(test)]
mod tests;
