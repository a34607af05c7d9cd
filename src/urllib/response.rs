//! What `urlopen` returns: Python's `http.client.HTTPResponse`, with its headers as an
//! `HTTPMessage`.
//!
//! ```python
//! with urlopen(url, timeout=10) as response:
//!     print(response.status, response.reason)     # 200 OK
//!     print(response.getheader("Content-Type"))   # text/html
//!     first = response.readline()
//!     rest = response.read()
//! ```

use std::fmt;
use std::io::{self, BufRead, BufReader, Read};

use crate::socket::{self, Exception};

use super::error::from_body_io;

/// Python's `http.client.HTTPMessage`: the response headers, in the order the server sent
/// them, looked up without regard to case.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HTTPMessage {
    items: Vec<(String, String)>,
}

impl HTTPMessage {
    /// Headers from `(name, value)` pairs, in order.
    pub fn new(items: Vec<(String, String)>) -> HTTPMessage {
        HTTPMessage { items }
    }

    /// Python's `msg.get(name)` (also `msg[name]`): the first value of that header, any case.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.get_all(name).into_iter().next()
    }

    /// Python's `msg.get_all(name)`: every value of that header, in order (empty when none).
    pub fn get_all(&self, name: &str) -> Vec<&str> {
        self.items
            .iter()
            .filter(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// Python's `msg.items()`: every `(name, value)` pair, in order.
    pub fn items(&self) -> &[(String, String)] {
        &self.items
    }
}

impl fmt::Display for HTTPMessage {
    /// Python's `str(msg)`: one `Name: value` line per header, then an empty line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, value) in &self.items {
            writeln!(f, "{name}: {value}")?;
        }
        writeln!(f)
    }
}

/// Python's `http.client.HTTPResponse` as `urlopen` returns it: the status, the headers, the
/// final URL, and the body to read.
///
/// It also implements [`Read`] and [`BufRead`], so `std::io::copy(&mut response, &mut file)`
/// works.
pub struct Response {
    status: u16,
    reason: String,
    headers: HTTPMessage,
    url: String,
    body: BufReader<Body>,
}

impl Response {
    /// A response from its parts; `body` yields the body bytes.
    pub(crate) fn new(
        url: String,
        status: u16,
        reason: String,
        headers: HTTPMessage,
        body: ureq::BodyReader<'static>,
    ) -> Response {
        let remaining = content_length(&headers);
        Response {
            status,
            reason,
            headers,
            url,
            body: BufReader::new(Body {
                reader: body,
                remaining,
            }),
        }
    }

    /// The same response seen as coming from `url` (Python's refused redirect is an
    /// `HTTPError` for the URL it would have gone to).
    pub(crate) fn with_url(mut self, url: String) -> Response {
        self.url = url;
        self
    }

    /// Python's `response.status` (also `getcode()`): `200`.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Python's `response.reason`: `OK`. pynet gives the standard phrase for the status
    /// (`Not Found` for 404), which is what Python's `http.server` and most servers send.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// Python's `response.headers`: every header of the answer.
    pub fn headers(&self) -> &HTTPMessage {
        &self.headers
    }

    /// Python's `response.info()`: the same headers as [`headers`](Response::headers).
    pub fn info(&self) -> &HTTPMessage {
        &self.headers
    }

    /// Python's `response.getheader(name)`: the first value of that header, any case.
    pub fn getheader(&self, name: &str) -> Option<&str> {
        self.headers.get(name)
    }

    /// Python's `response.geturl()` (also `response.url`): the URL the answer came from,
    /// after any redirects were followed.
    pub fn geturl(&self) -> &str {
        &self.url
    }

    /// Python's `response.read(n)`: up to `n` bytes of the body, fewer only at its end (empty
    /// once it is all read).
    ///
    /// # Errors
    /// `TimeoutError: timed out` when the server stops sending for longer than the timeout.
    pub fn read(&mut self, n: usize) -> socket::Result<Vec<u8>> {
        let mut data = Vec::new();
        (&mut self.body).take(n as u64).read_to_end(&mut data)?;
        Ok(data)
    }

    /// Python's `response.read()`: the rest of the body.
    ///
    /// # Errors
    /// `http.client.IncompleteRead` when the server closes before the `Content-Length` it
    /// announced: `IncompleteRead(5 bytes read, 5 more expected)`.
    pub fn readall(&mut self) -> socket::Result<Vec<u8>> {
        let mut data = Vec::new();
        self.body.read_to_end(&mut data)?;
        match self.body.get_ref().remaining {
            Some(missing) if missing > 0 => Err(socket::Error::new(
                Exception::IncompleteRead,
                format!(
                    "IncompleteRead({} bytes read, {missing} more expected)",
                    data.len()
                ),
            )),
            _ => Ok(data),
        }
    }

    /// Python's `response.readline()`: the body up to and including the next `\n` (the rest of
    /// the body when there is none; empty at its end).
    pub fn readline(&mut self) -> socket::Result<Vec<u8>> {
        let mut line = Vec::new();
        self.body.read_until(b'\n', &mut line)?;
        Ok(line)
    }

    /// The body's length from `Content-Length`, `None` when the server did not say.
    pub(crate) fn content_length(&self) -> Option<u64> {
        content_length(&self.headers)
    }
}

impl Read for Response {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.body.read(buf)
    }
}

impl BufRead for Response {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.body.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.body.consume(amount)
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("url", &self.url)
            .field("status", &self.status)
            .field("reason", &self.reason)
            .finish_non_exhaustive()
    }
}

/// The `Content-Length` header's value, `None` when it is missing or not a number.
fn content_length(headers: &HTTPMessage) -> Option<u64> {
    headers
        .get("Content-Length")
        .and_then(|length| length.trim().parse().ok())
}

/// The body as Python's `HTTPResponse` reads it: a connection closed early is the end of the
/// body (`read(n)` returns what came; `read()` then reports the shortfall), and ureq's errors
/// become Python's.
struct Body {
    reader: ureq::BodyReader<'static>,
    /// How much of the announced `Content-Length` has not come yet.
    remaining: Option<u64>,
}

impl Read for Body {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = match self.reader.read(buf) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => 0,
            Err(e) => return Err(from_body_io(e).into()),
        };
        if let Some(remaining) = self.remaining.as_mut() {
            *remaining = remaining.saturating_sub(n as u64);
        }
        Ok(n)
    }
}
