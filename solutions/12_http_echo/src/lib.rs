//! # Solution of exercise 12: `http_echo`, an HTTP echo server by hand
//!
//! The exercise's task, the rules of the echo server and its checks are in
//! `exercises/12_http_echo`; this is one way to complete it.

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

/// Reads the request line and the headers from a head (the bytes before the blank line).
pub fn parse_head(head: &[u8]) -> Result<Request, Error> {
    let Ok(text) = std::str::from_utf8(head) else {
        return Err(bad_request("the head is not UTF-8"));
    };
    let mut lines = text
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line));
    let request_line = lines.next().unwrap_or_default();
    let parts: Vec<&str> = request_line.split(' ').collect();
    let [method, target, version] = parts[..] else {
        return Err(bad_request(&format!("bad request line {request_line:?}")));
    };
    if method.is_empty() || target.is_empty() {
        return Err(bad_request(&format!("bad request line {request_line:?}")));
    }
    if version != "HTTP/1.0" && version != "HTTP/1.1" {
        return Err(bad_request(&format!("bad version {version:?}")));
    }
    let headers = lines.map(parse_header).collect::<Result<_, _>>()?;
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
        body: Vec::new(),
    })
}

/// One `Name: value` line.
fn parse_header(line: &str) -> Result<(String, String), Error> {
    match line.split_once(':') {
        Some((name, value)) if !name.is_empty() && !name.contains([' ', '\t']) => Ok((
            name.to_string(),
            value.trim_matches([' ', '\t']).to_string(),
        )),
        _ => Err(bad_request(&format!("bad header line {line:?}"))),
    }
}

/// The error of a head that is not HTTP.
fn bad_request(why: &str) -> Error {
    Error::new(Exception::ValueError, why)
}

/// The body's length from the `Content-Length` headers: 0 without one.
pub fn content_length(request: &Request) -> Result<usize, Error> {
    let mut length = None;
    for (name, value) in &request.headers {
        if !name.eq_ignore_ascii_case("Content-Length") {
            continue;
        }
        let this = parse_length(value)?;
        if length.is_some_and(|first| first != this) {
            return Err(bad_request("two different Content-Length headers"));
        }
        length = Some(this);
    }
    Ok(length.unwrap_or(0))
}

/// A Content-Length value: decimal digits only.
fn parse_length(value: &str) -> Result<usize, Error> {
    let digits = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    match value.parse() {
        Ok(length) if digits => Ok(length),
        _ => Err(bad_request(&format!("bad Content-Length {value:?}"))),
    }
}

/// The echo server's answer to a whole request.
pub fn route(request: &Request) -> Response {
    let path = request.target.split('?').next().unwrap_or_default();
    if path != ECHO_PATH {
        let mut response = Response::text(307, "Temporary Redirect");
        response
            .headers
            .push(("Location".to_string(), ECHO_PATH.to_string()));
        return response;
    }
    if request.method != "POST" {
        let mut response = Response::text(405, "Method Not Allowed");
        response
            .headers
            .push(("Allow".to_string(), "POST".to_string()));
        return response;
    }
    let content_type = request
        .header("Content-Type")
        .unwrap_or("application/octet-stream");
    Response {
        status: 200,
        reason: "OK".to_string(),
        headers: vec![("Content-Type".to_string(), content_type.to_string())],
        body: request.body.clone(),
    }
}

/// The bytes of a response, as they go on the wire.
pub fn response_bytes(response: &Response) -> Vec<u8> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", response.status, response.reason);
    for (name, value) in &response.headers {
        head += &format!("{name}: {value}\r\n");
    }
    head += &format!("Content-Length: {}\r\n", response.body.len());
    head += "Connection: close\r\n\r\n";
    [head.as_bytes(), &response.body].concat()
}

/// Serves one connection: reads one request, answers it, and returns.
pub fn handle(conn: &Socket) -> Result<(), Error> {
    let answer = match read_head(conn)? {
        Head::Closed => return Ok(()), // nobody to answer
        Head::TooLong => Response::text(431, "Request Header Fields Too Large"),
        Head::Complete { head, mut rest } => match read_request(conn, &head, &mut rest)? {
            Ok(request) => route(&request),
            Err(refusal) => refusal,
        },
    };
    conn.sendall(&response_bytes(&answer))
}

/// What [`read_head`] found.
enum Head {
    /// The head without its blank line, and the bytes that came after it (the body's start).
    Complete { head: Vec<u8>, rest: Vec<u8> },
    /// More than [`MAX_HEAD`] bytes and no blank line.
    TooLong,
    /// The client closed before the blank line.
    Closed,
}

/// Receives until the blank line.
fn read_head(conn: &Socket) -> Result<Head, Error> {
    let mut received = Vec::new();
    loop {
        if let Some(end) = find(&received, BLANK_LINE) {
            let rest = received.split_off(end + BLANK_LINE.len());
            received.truncate(end);
            return Ok(Head::Complete {
                head: received,
                rest,
            });
        }
        if received.len() > MAX_HEAD {
            return Ok(Head::TooLong);
        }
        let data = conn.recv(4096)?;
        if data.is_empty() {
            return Ok(Head::Closed);
        }
        received.extend_from_slice(&data);
    }
}

/// Parses the head and reads the body after it (`body` holds its start); the request, or the
/// response that refuses it.
fn read_request(
    conn: &Socket,
    head: &[u8],
    body: &mut Vec<u8>,
) -> Result<Result<Request, Response>, Error> {
    let mut request = match parse_head(head) {
        Ok(request) => request,
        Err(_) => return Ok(Err(Response::text(400, "Bad Request"))),
    };
    if request.header("Transfer-Encoding").is_some() {
        return Ok(Err(Response::text(411, "Length Required")));
    }
    let length = match content_length(&request) {
        Ok(length) if length > MAX_BODY => {
            return Ok(Err(Response::text(413, "Content Too Large")));
        }
        Ok(length) => length,
        Err(_) => return Ok(Err(Response::text(400, "Bad Request"))),
    };
    while body.len() < length {
        let data = conn.recv((length - body.len()).min(64 * 1024))?;
        if data.is_empty() {
            let why = format!(
                "the client closed after {} of {length} body bytes",
                body.len()
            );
            return Err(Error::new(Exception::EOFError, why));
        }
        body.extend_from_slice(&data);
    }
    body.truncate(length);
    request.body = std::mem::take(body);
    Ok(Ok(request))
}

/// Where `needle` first starts in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
#[path = "../../../exercises/12_http_echo/src/tests.rs"]
mod tests;
