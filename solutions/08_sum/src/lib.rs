//! # Solution of exercise 8: `sum`, a server that adds two numbers
//!
//! The exercise's task, its wire format and its checks are in `exercises/08_sum`; this is one
//! way to complete it.

use std::num::IntErrorKind;

use pynet::socket::{self, Error, Exception, Socket};

/// The longest request line the server accepts, in bytes, not counting the `\n`.
pub const MAX_LINE: usize = 100;

/// The timeout of the client's socket in [`add`], in seconds.
pub const TIMEOUT: f64 = 5.0;

/// How many bytes each `recv` asks for.
const CHUNK: usize = 4096;

/// The reply to a line longer than [`MAX_LINE`]; the server closes the connection after it.
const TOO_LONG: &[u8] = b"error: line too long\n";

/// The reply to one request line (without its `\n`), without its `\n`.
///
/// ```python
/// words = line.split()
/// return str(int(words[0]) + int(words[1]))
/// ```
pub fn answer(line: &[u8]) -> String {
    match sum(line) {
        Ok(total) => total.to_string(),
        Err(reason) => format!("error: {reason}"),
    }
}

/// The sum a request line asks for, or the reason it cannot be given.
fn sum(line: &[u8]) -> Result<i64, String> {
    let text = std::str::from_utf8(line).map_err(|_| "not UTF-8".to_string())?;
    let words: Vec<&str> = text.split_ascii_whitespace().collect();
    let [a, b] = words[..] else {
        return Err(format!("expected 2 numbers, got {}", words.len()));
    };
    let (a, b) = (number(a)?, number(b)?);
    a.checked_add(b)
        .ok_or_else(|| "sum out of range".to_string())
}

/// One integer of a request, or the reason it is not one.
fn number(word: &str) -> Result<i64, String> {
    word.parse()
        .map_err(|e: std::num::ParseIntError| match e.kind() {
            IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => {
                format!("number out of range: {word}")
            }
            _ => format!("not an integer: {word}"),
        })
}

/// Serves clients one after the other, answering each line of each; stops after `clients`
/// clients when that is `Some`. A client's error ends only its own connection.
pub fn serve(listener: &Socket, clients: Option<usize>) -> Result<(), Error> {
    let mut served = 0;
    while clients != Some(served) {
        let (conn, address) = listener.accept()?;
        if let Err(e) = answer_lines(&conn) {
            eprintln!("{address}: {e}");
        }
        served += 1;
    }
    Ok(())
}

/// Answers every line one client sends until it closes, or until a line is too long.
///
/// ```python
/// pending = b""
/// while data := conn.recv(4096):
///     pending += data
///     while b"\n" in pending:
///         line, pending = pending.split(b"\n", 1)
///         conn.sendall(answer(line).encode() + b"\n")
/// ```
fn answer_lines(conn: &Socket) -> Result<(), Error> {
    let mut pending = Vec::new();
    loop {
        while let Some(end) = pending.iter().position(|&byte| byte == b'\n') {
            let line: Vec<u8> = pending.drain(..=end).collect();
            let line = &line[..end];
            if line.len() > MAX_LINE {
                return conn.sendall(TOO_LONG);
            }
            conn.sendall(format!("{}\n", answer(line)).as_bytes())?;
        }
        if pending.len() > MAX_LINE {
            return conn.sendall(TOO_LONG);
        }
        let data = conn.recv(CHUNK)?;
        if data.is_empty() {
            return Ok(());
        }
        pending.extend_from_slice(&data);
    }
}

/// The client: sends `a b\n` and returns the reply line without its `\n`.
///
/// ```python
/// s = socket.create_connection((host, port), timeout=5.0)
/// s.sendall(f"{a} {b}\n".encode())
/// ```
pub fn add(host: &str, port: u16, a: &str, b: &str) -> Result<String, Error> {
    let s = socket::create_connection((host, port), Some(TIMEOUT), None)?;
    s.sendall(format!("{a} {b}\n").as_bytes())?;
    let reply = recv_line(&s)?;
    s.close()?;
    Ok(reply)
}

/// Receives until a whole line has come and returns it without its `\n`.
fn recv_line(s: &Socket) -> Result<String, Error> {
    let mut received = Vec::new();
    loop {
        if let Some(end) = received.iter().position(|&byte| byte == b'\n') {
            return Ok(String::from_utf8_lossy(&received[..end]).into_owned());
        }
        let data = s.recv(CHUNK)?;
        if data.is_empty() {
            return Err(Error::new(
                Exception::ConnectionError,
                "the server closed the connection before replying",
            ));
        }
        received.extend_from_slice(&data);
    }
}

#[cfg(test)]
#[path = "../../../exercises/08_sum/src/tests.rs"]
mod tests;
