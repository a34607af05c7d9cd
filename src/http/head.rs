//! Heads: the request or status line and the header fields, read under caps on their sizes
//! and parsed with httparse.

use std::fmt;
use std::mem::MaybeUninit;

use super::conn::Reader;
use crate::socket::{Error, Exception, Result};

/// Header fields in the order they came, names as sent; look-ups ignore case, as
/// Python's `message.get("content-length")` does.
///
/// ```
/// use pynet::http::Headers;
///
/// let headers = Headers::from([("Content-Type", "text/plain"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]);
/// assert_eq!(headers.get("content-type"), Some("text/plain"));
/// assert_eq!(headers.get_all("set-cookie").collect::<Vec<_>>(), ["a=1", "b=2"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Headers(Vec<(String, String)>);

impl Headers {
    /// No fields.
    pub fn new() -> Headers {
        Headers::default()
    }

    /// Python's `headers.get(name)`: the first value of the field `name` (any case).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.get_all(name).next()
    }

    /// Python's `headers.get_all(name)`: every value of the field `name`, in order.
    pub fn get_all<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> {
        self.0
            .iter()
            .filter(move |(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Every (name, value) pair, in order: Python's `headers.items()`.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// How many fields there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds a field at the end.
    pub fn push(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0.push((name.into(), value.into()));
    }
}

/// Header fields looked up by name, in any case: the parsed [`Headers`], or the `(name,
/// value)` pairs a handler writes, which are checked without being copied into `Headers`.
pub(crate) trait Fields {
    /// Every value of the field `name`, in order.
    fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str>;

    /// Whether there is a field `name`.
    fn has(&self, name: &str) -> bool {
        self.values(name).next().is_some()
    }

    /// Whether a comma-separated field holds `token` (any case): `Connection: keep-alive,
    /// Upgrade` holds `upgrade`.
    fn has_token(&self, name: &str, token: &str) -> bool {
        self.values(name)
            .flat_map(|value| value.split(','))
            .any(|item| item.trim().eq_ignore_ascii_case(token))
    }
}

impl Fields for Headers {
    fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.get_all(name)
    }
}

impl Fields for [(&str, &str)] {
    fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.iter()
            .filter(move |(key, _)| key.eq_ignore_ascii_case(name))
            .map(|&(_, value)| value)
    }
}

impl<K: Into<String>, V: Into<String>, const N: usize> From<[(K, V); N]> for Headers {
    fn from(pairs: [(K, V); N]) -> Headers {
        Headers(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl fmt::Display for Headers {
    /// The fields as they go on the wire: `Name: value` lines, each ended by CRLF.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.iter()
            .try_for_each(|(name, value)| write!(f, "{name}: {value}\r\n"))
    }
}

/// The caps a head must stay under, and the server's time limit and body cap.
///
/// ```
/// use pynet::http::Limits;
///
/// let limits = Limits { max_body: 1 << 20, timeout: Some(5.0), ..Limits::default() };
/// assert_eq!(limits.max_headers, 100);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Limits {
    /// The longest request, status or header line, in bytes, line end excluded. Default
    /// 8190 (a longer request line gets 414, a longer header line 431). The client reads
    /// with Python's `http.client` cap, 65536.
    pub max_line: usize,
    /// The most header fields in one head (Python's `_MAXHEADERS`). Default 100; more get
    /// 431.
    pub max_headers: usize,
    /// The largest head, all lines together, in bytes. Default 65536; larger gets 431.
    pub max_head: usize,
    /// Server: the largest request body, in bytes. Default 64 MiB; larger gets 413.
    pub max_body: u64,
    /// Server: the time limit of every receive and send, in seconds, and of each whole
    /// request head, so that a client trickling a head byte by byte (a slow loris) is cut off
    /// too. Default 30.0; `None` waits for ever.
    pub timeout: Option<f64>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_line: 8190,
            max_headers: 100,
            max_head: 65536,
            max_body: 64 << 20,
            timeout: Some(30.0),
        }
    }
}

impl Limits {
    /// The client's caps: Python's `http.client` limits (65536-byte lines, 100 headers).
    pub(crate) fn client() -> Limits {
        Limits {
            max_line: 65536,
            max_head: 100 * 65536,
            ..Limits::default()
        }
    }
}

/// Why a head could not be read.
#[derive(Debug)]
pub(crate) enum HeadError {
    /// The peer closed (or the time ran out) before sending a byte of it.
    Closed(Option<Error>),
    /// The peer closed, or the time ran out, in the middle of it.
    Cut(Error),
    /// The first line is over `max_line`.
    FirstLineTooLong,
    /// A header line is over `max_line`.
    HeaderLineTooLong,
    /// Over `max_headers` fields, or over `max_head` bytes.
    TooManyHeaders,
}

/// Reads until the buffer holds a whole head (up to and with its empty line); returns its
/// length. Empty lines before the head are skipped (RFC 9112, section 2.2).
pub(crate) fn read_head(reader: &mut Reader, limits: &Limits) -> Result<usize, HeadError> {
    loop {
        let skip = reader
            .buffered()
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .count();
        reader.consume(skip);
        if let Some(length) = scan(reader.buffered(), limits)? {
            return Ok(length);
        }
        let started = !reader.buffered().is_empty();
        match reader.fill() {
            Ok(0) if started => {
                return Err(HeadError::Cut(Error::new(
                    Exception::IncompleteRead,
                    "connection closed in the middle of a head",
                )));
            }
            Ok(0) => return Err(HeadError::Closed(None)),
            Ok(_) => {}
            Err(e) if started => return Err(HeadError::Cut(e)),
            Err(e) => return Err(HeadError::Closed(Some(e))),
        }
    }
}

/// The length of the whole head at the start of `data`, or `None` if more must come; checks
/// the caps on what is there.
fn scan(data: &[u8], limits: &Limits) -> Result<Option<usize>, HeadError> {
    let mut start = 0;
    let mut lines = 0;
    while start < data.len() {
        let Some(at) = data[start..].iter().position(|&b| b == b'\n') else {
            check_line(data.len() - start, lines, limits)?;
            if data.len() > limits.max_head {
                return Err(HeadError::TooManyHeaders);
            }
            return Ok(None);
        };
        let line = &data[start..start + at];
        check_line(
            line.strip_suffix(b"\r").unwrap_or(line).len(),
            lines,
            limits,
        )?;
        start += at + 1;
        if start > limits.max_head {
            return Err(HeadError::TooManyHeaders);
        }
        if line.is_empty() || line == b"\r" {
            return Ok(Some(start));
        }
        if lines > limits.max_headers {
            return Err(HeadError::TooManyHeaders);
        }
        lines += 1;
    }
    Ok(None)
}

/// Fails if line number `index` (0 is the first line) is over `max_line` bytes.
fn check_line(length: usize, index: usize, limits: &Limits) -> Result<(), HeadError> {
    match (length > limits.max_line, index) {
        (false, _) => Ok(()),
        (true, 0) => Err(HeadError::FirstLineTooLong),
        (true, _) => Err(HeadError::HeaderLineTooLong),
    }
}

/// A request head: `POST /echo HTTP/1.1` and its fields.
#[derive(Debug)]
pub(crate) struct RequestHead {
    pub(crate) method: String,
    pub(crate) uri: String,
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    pub(crate) minor: u8,
    pub(crate) headers: Headers,
}

/// Why a request head is refused: the status to answer, and why in words.
pub(crate) type Refusal = (u16, &'static str);

/// How many header slots [`parse_request`] keeps on the stack: the default cap's worth, so
/// that a server's request costs no allocation for them.
const STACK_FIELDS: usize = 100;

/// Parses the request head that is the whole of `data`.
pub(crate) fn parse_request(data: &[u8], limits: &Limits) -> Result<RequestHead, Refusal> {
    if limits.max_headers <= STACK_FIELDS {
        let mut slots = [MaybeUninit::uninit(); STACK_FIELDS];
        parse_request_into(data, &mut slots[..limits.max_headers])
    } else {
        parse_request_into(data, &mut vec![MaybeUninit::uninit(); limits.max_headers])
    }
}

/// [`parse_request`] with `slots` for the fields, one per field allowed. httparse fills
/// them, so they need no initial value.
fn parse_request_into<'a>(
    data: &'a [u8],
    slots: &mut [MaybeUninit<httparse::Header<'a>>],
) -> Result<RequestHead, Refusal> {
    let mut request = httparse::Request::new(&mut []);
    match request.parse_with_uninit_headers(data, slots) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => return Err((400, "incomplete request head")),
        Err(httparse::Error::TooManyHeaders) => return Err((431, "too many header fields")),
        Err(httparse::Error::Version) if version_shaped(data) => {
            return Err((505, "HTTP version not supported"));
        }
        Err(_) => return Err((400, "malformed request head")),
    }
    Ok(RequestHead {
        method: request.method.unwrap_or_default().to_string(),
        uri: request.path.unwrap_or_default().to_string(),
        minor: request.version.unwrap_or_default(),
        headers: owned(request.headers),
    })
}

/// Whether the request line ends in a well-formed version, `HTTP/<digits>.<digits>`, that
/// httparse refused: one other than 1.0 and 1.1.
fn version_shaped(data: &[u8]) -> bool {
    let line = data.split(|&b| b == b'\n').next().unwrap_or_default();
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let version = line.rsplit(|&b| b == b' ').next().unwrap_or_default();
    let Some(numbers) = version.strip_prefix(b"HTTP/") else {
        return false;
    };
    let mut parts = numbers.split(|&b| b == b'.');
    let digits = |part: Option<&[u8]>| {
        part.is_some_and(|p| !p.is_empty() && p.iter().all(u8::is_ascii_digit))
    };
    digits(parts.next()) && digits(parts.next()) && parts.next().is_none()
}

/// A status head: `HTTP/1.1 200 OK` and its fields.
#[derive(Debug)]
pub(crate) struct StatusHead {
    pub(crate) minor: u8,
    pub(crate) status: u16,
    pub(crate) reason: String,
    pub(crate) headers: Headers,
}

/// Parses the status head that is the whole of `data`, as Python's `http.client` would
/// accept it.
pub(crate) fn parse_status(data: &[u8], limits: &Limits) -> Result<StatusHead> {
    let mut fields = vec![httparse::EMPTY_HEADER; limits.max_headers];
    let mut response = httparse::Response::new(&mut fields);
    match response.parse(data) {
        Ok(httparse::Status::Complete(_)) => Ok(StatusHead {
            minor: response.version.unwrap_or_default(),
            status: response.code.unwrap_or_default(),
            reason: response.reason.unwrap_or_default().to_string(),
            headers: owned(response.headers),
        }),
        Err(httparse::Error::Version | httparse::Error::Status) | Ok(_) => {
            let line = data
                .split_inclusive(|&b| b == b'\n')
                .next()
                .unwrap_or_default();
            Err(Error::new(Exception::BadStatusLine, latin1(line)))
        }
        Err(httparse::Error::TooManyHeaders) => Err(too_many_headers(limits)),
        Err(e) => Err(Error::new(
            Exception::HTTPException,
            format!("malformed header: {e}"),
        )),
    }
}

/// Python's `HTTPException("got more than 100 headers")`.
pub(crate) fn too_many_headers(limits: &Limits) -> Error {
    let text = format!("got more than {} headers", limits.max_headers);
    Error::new(Exception::HTTPException, text)
}

/// The parsed fields, owned; values decoded as Latin-1, as Python decodes them, so that any
/// byte is kept.
fn owned(fields: &[httparse::Header<'_>]) -> Headers {
    Headers(
        fields
            .iter()
            .map(|field| (field.name.to_string(), latin1(field.value)))
            .collect(),
    )
}

/// Bytes as Latin-1 text: every byte is the character of the same number.
pub(crate) fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// Whether `name` is a field name (an RFC 9110 token) and `value` has no line break or NUL:
/// what a field must be before it is written, so that no caller can inject a line.
pub(crate) fn check_field(name: &str, value: &str) -> Result<()> {
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(token) {
        return Err(Error::new(
            Exception::ValueError,
            format!("Invalid header name {name:?}"),
        ));
    }
    if value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
        return Err(Error::new(
            Exception::ValueError,
            format!("Invalid header value {value:?}"),
        ));
    }
    Ok(())
}
