//! # Solution of exercise 5: `http_get`, an HTTP GET by hand
//!
//! The exercise's task and its checks are in `exercises/05_http_get`; this is one way to
//! complete it.

use pynet::socket::{self, AF_UNSPEC, Error, Exception, SOCK_STREAM, Socket};

/// How many bytes each `recv` asks for.
const CHUNK: usize = 4096;

/// The bytes of an HTTP/1.0 request for `path` on `host`: the request line, a `Host` header,
/// and the empty line that ends the request. Every line ends with `\r\n`.
///
/// ```python
/// f"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode()
/// ```
pub fn request(host: &str, path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n").into_bytes()
}

/// Fetches `path` from the web server at `host` and `port` and returns the whole raw response.
///
/// # Errors
/// Whatever a step fails with, unchanged: `[Errno -2] Name or service not known`,
/// `[Errno 111] Connection refused`, `timed out`, ...
pub fn http_get(host: &str, port: u16, path: &str, timeout: Option<f64>) -> Result<Vec<u8>, Error> {
    let s = connect(host, port, timeout)?;
    s.sendall(&request(host, path))?;
    let response = recv_until_closed(&s)?;
    s.close()?;
    Ok(response)
}

/// A socket made from the first answer of `getaddrinfo`, connected.
///
/// ```python
/// family, type_, proto, _, address = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)[0]
/// s = socket.socket(family, type_, proto)
/// s.settimeout(timeout)
/// s.connect(address)
/// ```
fn connect(host: &str, port: u16, timeout: Option<f64>) -> Result<Socket, Error> {
    let answers = socket::getaddrinfo(Some(host), port, AF_UNSPEC, SOCK_STREAM, 0, 0)?;
    let Some(first) = answers.first() else {
        // The C resolver reports "no address" as an error, so this is only a safety net.
        return Err(Error::new(
            Exception::OSError,
            "getaddrinfo returns an empty list",
        ));
    };
    let s = Socket::new(first.family, first.type_, first.proto)?;
    s.settimeout(timeout)?;
    s.connect(&first.sockaddr)?;
    Ok(s)
}

/// Every byte the peer sends until it closes the connection.
///
/// ```python
/// while data := s.recv(4096):
///     response += data
/// ```
fn recv_until_closed(s: &Socket) -> Result<Vec<u8>, Error> {
    let mut received = Vec::new();
    loop {
        let data = s.recv(CHUNK)?;
        if data.is_empty() {
            return Ok(received);
        }
        received.extend_from_slice(&data);
    }
}

/// The status line of a response split into `(version, code, reason)`; `None` when the first
/// line is not a status line.
///
/// ```python
/// version, code, reason = response.split(b"\r\n", 1)[0].decode().split(" ", 2)
/// ```
pub fn status(response: &[u8]) -> Option<(String, u16, String)> {
    let first_line = response.split(|&byte| byte == b'\n').next()?;
    let first_line = first_line.strip_suffix(b"\r").unwrap_or(first_line);
    let line = std::str::from_utf8(first_line).ok()?;
    let (version, rest) = line.split_once(' ')?;
    let (code, reason) = rest.split_once(' ').unwrap_or((rest, ""));
    let is_code = code.len() == 3 && code.bytes().all(|byte| byte.is_ascii_digit());
    if !version.starts_with("HTTP/") || !is_code {
        return None;
    }
    Some((version.to_string(), code.parse().ok()?, reason.to_string()))
}

#[cfg(test)]
#[path = "../../../exercises/05_http_get/src/tests.rs"]
mod tests;
