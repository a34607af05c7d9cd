//! # Exercise 5: `http_get`, an HTTP GET by hand
//!
//! A web client is a TCP client that sends a few lines of text and reads until the server
//! closes. Write one: find the server with `getaddrinfo`, make a socket from the first
//! answer, connect, send a `GET` request with `sendall`, and call `recv` until it returns
//! nothing. The server sends the page in as many pieces as it likes, so one `recv` is never
//! enough.
//!
//! In Python:
//!
//! ```python
//! import socket
//!
//! def http_get(host, port, path, timeout):
//!     family, type_, proto, _, address = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)[0]
//!     s = socket.socket(family, type_, proto)
//!     s.settimeout(timeout)
//!     s.connect(address)
//!     s.sendall(f"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
//!     response = b""
//!     while True:
//!         data = s.recv(4096)
//!         if not data:
//!             break
//!         response += data
//!     s.close()
//!     return response
//! ```
//!
//! Read `book/src/ch05-clients.md` first. Fill in the three functions below, then check your
//! work with `cargo course check http_get`. When the checks pass, fetch a page from a server
//! of your own:
//!
//! ```text
//! python3 -m http.server 8000 --bind 127.0.0.1 &
//! cargo course run http_get -- 127.0.0.1 --port 8000 --path /
//! ```

use pynet::socket::{self, AF_UNSPEC, Error, Exception, SOCK_STREAM, Socket};

/// The bytes of an HTTP/1.0 request for `path` on `host`: the request line, a `Host` header,
/// and the empty line that ends the request. Every line ends with `\r\n`.
///
/// `request("example.com", "/index.html")` is
/// `b"GET /index.html HTTP/1.0\r\nHost: example.com\r\n\r\n"`.
///
/// ```python
/// f"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode()
/// ```
pub fn request(host: &str, path: &str) -> Vec<u8> {
    todo!("format the request line, the Host header and the empty line, each ending in \\r\\n")
}

/// Fetches `path` from the web server at `host` and `port` and returns the whole raw response
/// (status line, headers and body, byte for byte).
///
/// The steps: `socket::getaddrinfo(Some(host), port, AF_UNSPEC, SOCK_STREAM, 0, 0)`; a
/// `Socket::new` from the first answer's `family`, `type_` and `proto`; `settimeout(timeout)`;
/// `connect` to the answer's `sockaddr`; `sendall` the bytes of [`request`]`(host, path)`;
/// then `recv` again and again, keeping every piece, until `recv` returns an empty vector
/// (the server closed the connection).
///
/// # Errors
/// Whatever a step fails with, unchanged: `[Errno -2] Name or service not known` for a host
/// that does not resolve, `[Errno 111] Connection refused` when nothing listens on the port,
/// `timed out` when the server stays silent longer than `timeout`.
pub fn http_get(host: &str, port: u16, path: &str, timeout: Option<f64>) -> Result<Vec<u8>, Error> {
    todo!("getaddrinfo, socket, settimeout, connect, sendall the request, recv until empty")
}

/// The status line of a response, the first line, split into its three parts:
/// `(version, code, reason)`.
///
/// `b"HTTP/1.0 404 File not found\r\n..."` gives `("HTTP/1.0", 404, "File not found")`. The
/// line ends at the first `\n` (or at the end of the data); a `\r` before the `\n` is not part
/// of it. The version must start with `HTTP/`; the code is exactly three digits; the reason is
/// the rest of the line after the space that follows the code, spaces included, and may be
/// empty (`b"HTTP/1.1 200\r\n"` gives `("HTTP/1.1", 200, "")`).
///
/// Returns `None` when the first line is not a status line (not UTF-8, no `HTTP/` version, a
/// code that is not three digits).
///
/// ```python
/// version, code, reason = response.split(b"\r\n", 1)[0].decode().split(" ", 2)
/// ```
pub fn status(response: &[u8]) -> Option<(String, u16, String)> {
    todo!("split the first line into version, code and reason")
}

#[cfg(test)]
mod tests;
