//! # Exercise 12: `http_echo`, an HTTP echo server by hand
//!
//! HTTP/1.1 is text over TCP. A request is a *head* (a request line, header lines, a blank
//! line) and then, maybe, a *body*; a response is a status line, headers, a blank line and a
//! body. TCP gives a stream of bytes, so the server must find where each part ends, as in
//! chapter 8: the head ends at the first blank line (`\r\n\r\n`), and the body is exactly
//! `Content-Length` bytes after it. Bytes that arrive with the head may already be the body.
//!
//! ```text
//! POST /echo HTTP/1.1\r\n               request line: method, target, version
//! Host: localhost:8080\r\n              headers: "Name: value"
//! Content-Type: text/plain\r\n
//! Content-Length: 13\r\n
//! \r\n                                  the blank line: the head ends here
//! Hello, World!                         13 bytes of body
//! ```
//!
//! You write an echo server that answers each request like this:
//!
//! | request | answer |
//! |---|---|
//! | `POST /echo` | `200 OK`, the request's body back, with its `Content-Type` (or `application/octet-stream` if it had none) |
//! | any other method on `/echo` | `405 Method Not Allowed`, with `Allow: POST` |
//! | any other path | `307 Temporary Redirect`, with `Location: /echo` |
//! | a head that is not HTTP, or a bad `Content-Length` | `400 Bad Request` |
//! | a `Transfer-Encoding` header (a chunked body) | `411 Length Required`: this server reads `Content-Length` bodies only |
//! | a `Content-Length` over [`MAX_BODY`] | `413 Content Too Large`, without reading the body |
//! | no blank line within [`MAX_HEAD`] bytes | `431 Request Header Fields Too Large` |
//!
//! The path is the target up to a `?`: `/echo?x=1` echoes. Every answer ends the connection
//! (`Connection: close`), so each connection carries one request. A 307 (unlike a 302) tells
//! the client to send the *same* method and body to the new place: that is how
//! `curl -L -d 'Hello, World!' http://localhost:8080/` ends at `/echo` and prints
//! `Hello, World!`.
//!
//! In Python, `http.server` reads the head and parses it for us; the handler only reads the
//! body (its path and method checks left out here):
//!
//! ```python
//! class Echo(http.server.BaseHTTPRequestHandler):
//!     def do_POST(self):
//!         body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
//!         self.send_response(200)
//!         self.send_header("Content-Length", str(len(body)))
//!         self.end_headers()
//!         self.wfile.write(body)
//! ```
//!
//! Here there is no `http.server`: you read the bytes from the socket yourself.
//!
//! Read `book/src/ch12-http.md` first. Fill in the five functions below, then check your work
//! with `cargo course check http_echo`. When the checks pass, try it with curl:
//!
//! ```text
//! cargo course run http_echo -- --port 8080
//! curl -L -d 'Hello, World!' http://localhost:8080/
//! ```

use pynet::socket::{Error, Exception, Socket};

/// The longest request head (request line and headers) the server reads: 16 KiB.
pub const MAX_HEAD: usize = 16 * 1024;

/// The longest request body the server takes: 4 MiB.
pub const MAX_BODY: usize = 4 * 1024 * 1024;

/// The one path that echoes.
pub const ECHO_PATH: &str = "/echo";

/// The end of a request's head: the blank line after the last header.
pub const BLANK_LINE: &[u8] = b"\r\n\r\n";

/// A request as the server reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`, ... as the client wrote it.
    pub method: String,
    /// The request target: `/echo`, `/`, `/echo?x=1`, ...
    pub target: String,
    /// Every header line as (name, value), in the order they came; the value without the
    /// spaces around it.
    pub headers: Vec<(String, String)>,
    /// The body: `Content-Length` bytes after the head.
    pub body: Vec<u8>,
}

impl Request {
    /// The value of the first header called `name`, in any case (`content-length` finds
    /// `Content-Length`), as Python's `self.headers.get(name)`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// A response as the server sends it; [`response_bytes`] adds `Content-Length` and
/// `Connection: close`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// The status code: 200, 307, 405, ...
    pub status: u16,
    /// The reason phrase: `OK`, `Temporary Redirect`, ...
    pub reason: String,
    /// The headers, in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// A short plain-text answer: the body is the status line's code and reason and a newline,
    /// `405 Method Not Allowed\n`, with `Content-Type: text/plain`.
    pub fn text(status: u16, reason: &str) -> Response {
        Response {
            status,
            reason: reason.to_string(),
            headers: vec![("Content-Type".to_string(), "text/plain".to_string())],
            body: format!("{status} {reason}\n").into_bytes(),
        }
    }
}

/// Reads the request line and the headers from a request's head: the bytes before the blank
/// line (`\r\n\r\n`), which [`handle`] found. Returns them as a [`Request`] with an empty body.
///
/// - Lines end with `\r\n`; accept a bare `\n` too, as Python's `http.server` does.
/// - The request line is exactly three parts separated by single spaces: method, target,
///   version; the version is `HTTP/1.0` or `HTTP/1.1`.
/// - Each header line is `Name: value`: a name (not empty, no spaces or tabs in it), a
///   colon, and the value, whose spaces and tabs around it are dropped.
///
/// ```python
/// lines = head.decode().split("\n")
/// method, target, version = lines[0].rstrip("\r").split(" ")
/// headers = [line.rstrip("\r").split(":", 1) for line in lines[1:]]
/// ```
///
/// # Errors
/// A head that breaks these rules, or is not UTF-8, is an [`Exception::ValueError`] (any
/// text): `bad request line "GET /"`.
pub fn parse_head(head: &[u8]) -> Result<Request, Error> {
    todo!("split the head into lines; the first is the request line, the others headers")
}

/// The length of the request's body: the value of its `Content-Length` header, or 0 if it
/// has none.
///
/// ```python
/// int(request.headers.get("Content-Length", 0))
/// ```
///
/// # Errors
/// An [`Exception::ValueError`] (any text) for a value that is not only decimal digits
/// (`-1`, `+5`, `1e3`, ``), or too large for a `usize`; and for two `Content-Length` headers
/// that differ: a server and a proxy that pick different ones would cut the stream in
/// different places (*request smuggling*). Two equal ones are fine.
pub fn content_length(request: &Request) -> Result<usize, Error> {
    todo!("find every Content-Length header; each must be digits, and all the same")
}

/// The echo server's answer to a whole request (its body read), by the table at the top of
/// this file: `POST /echo` echoes, other methods get 405 with `Allow: POST`, other paths 307
/// with `Location: /echo`. Use [`Response::text`] for the 405 and the 307, and add the one
/// header each needs after its `Content-Type`.
pub fn route(request: &Request) -> Response {
    todo!("cut the target at '?'; then the path, then the method, decide the answer")
}

/// The bytes of `response` on the wire: the status line, each of its headers, then
/// `Content-Length` (the body's length) and `Connection: close`, the blank line, the body.
///
/// ```text
/// HTTP/1.1 405 Method Not Allowed\r\n
/// Content-Type: text/plain\r\n
/// Allow: POST\r\n
/// Content-Length: 23\r\n
/// Connection: close\r\n
/// \r\n
/// 405 Method Not Allowed\n
/// ```
pub fn response_bytes(response: &Response) -> Vec<u8> {
    todo!("format the status line and the headers, then append the body")
}

/// Serves one connection: receives one request, answers it with `sendall`, and returns
/// (the caller closes the connection).
///
/// 1. `recv` until the bytes hold a blank line (`\r\n\r\n`); what comes after it is
///    the body's start. No blank line within [`MAX_HEAD`] bytes: answer 431. The client
///    closes before the blank line: return `Ok(())`, there is nobody to answer.
/// 2. [`parse_head`]; an error: answer 400.
/// 3. A `Transfer-Encoding` header: answer 411.
/// 4. [`content_length`]; an error: answer 400; over [`MAX_BODY`]: answer 413.
/// 5. `recv` until the body has exactly that many bytes, never more: do not wait for the
///    client to close (it is waiting for your answer).
/// 6. Answer with [`route`] and [`response_bytes`].
///
/// # Errors
/// The socket's errors; and an [`Exception::EOFError`] if the client closes before the
/// whole body has come.
pub fn handle(conn: &Socket) -> Result<(), Error> {
    todo!("read the head, then Content-Length bytes of body; route; send the response")
}

#[cfg(test)]
mod tests;
