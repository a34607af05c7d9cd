//! The server: a thread per connection (socketserver's `ThreadingTCPServer` and
//! `ThreadingUnixStreamServer`), each connection reading requests one after another
//! (keep-alive) and handing each to the handler with a response to write.

use std::cell::RefCell;
use std::io::{self, Read};
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::body::{self, Body, Framing, Output, Writer};
use super::conn::{Reader, ServerSocket, Transport};
use super::head::{self, Fields, HeadError, Headers, Limits, Refusal, RequestHead};
use crate::calendar::{MONTHS, civil_from_days};
use crate::socket::{Address, Error, Exception, Result};
use crate::socketserver::{
    BaseRequestHandler, StreamRequest, ThreadingTCPServer, ThreadingUnixStreamServer,
};

/// What a handler is: a function of the request and the response, shared by every
/// connection's thread.
pub type Handler = dyn Fn(&mut ServerRequest<'_>, &mut ServerResponse) -> Result<()> + Send + Sync;

/// An HTTP server on TCP: Python's `http.server.ThreadingHTTPServer`, which is a
/// `socketserver.ThreadingTCPServer`, as this is (`serve_forever`, `shutdown`,
/// `server_address`, ... all work).
pub type HTTPServer = ThreadingTCPServer<HTTPRequestHandler>;

/// An HTTP server on a unix stream socket (idiokit's `serve_unix_domain_socket`).
pub type UnixHTTPServer = ThreadingUnixStreamServer<HTTPRequestHandler>;

/// The listen backlog of the servers made here (Python's is 5, which overflows when a few
/// dozen clients connect at once; 128 is `std::net`'s).
const BACKLOG: i32 = 128;

/// How long a connection that is being closed after an error answer is still read (and the
/// most that is read), so that the client reads the answer instead of a reset.
const LINGER: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 1 << 20;

/// idiokit's `serve_http(handler, host, port)`: an HTTP server on `(host, port)` with the
/// default [`Limits`], bound and listening; run it with `serve_forever`, stop it with
/// `shutdown`.
///
/// ```python
/// server = http.server.ThreadingHTTPServer(("127.0.0.1", 8080), Handler)
/// server.serve_forever()
/// ```
/// ```no_run
/// use pynet::http::{self, ServerRequest, ServerResponse};
///
/// let server = http::serve_http(
///     |_req: &mut ServerRequest, resp: &mut ServerResponse| resp.write(b"hello\n"),
///     "127.0.0.1",
///     8080,
/// )?;
/// server.serve_forever(0.5)?;
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// As Python's `ThreadingHTTPServer`, it sets `allow_reuse_address` and `daemon_threads`
/// (closing the server does not wait for idle keep-alive connections).
pub fn serve_http<F>(handler: F, host: &str, port: u16) -> Result<HTTPServer>
where
    F: Fn(&mut ServerRequest<'_>, &mut ServerResponse) -> Result<()> + Send + Sync + 'static,
{
    serve_http_with(handler, (host, port), Limits::default())
}

/// [`serve_http`] with caps and a time limit of your own, on any TCP address.
pub fn serve_http_with<F>(
    handler: F,
    address: impl Into<Address>,
    limits: Limits,
) -> Result<HTTPServer>
where
    F: Fn(&mut ServerRequest<'_>, &mut ServerResponse) -> Result<()> + Send + Sync + 'static,
{
    let factory = factory(Box::new(handler), limits);
    let mut server = HTTPServer::new_unbound(address, factory)?;
    server.allow_reuse_address = true;
    server.daemon_threads = true;
    server.request_queue_size = BACKLOG;
    server.server_bind()?;
    server.server_activate()?;
    Ok(server)
}

/// idiokit's `serve_unix_domain_socket(handler, path)`: an HTTP server on a unix socket at
/// `path`, with the default [`Limits`]. A socket file left at `path` by an earlier server is
/// removed first (any other file is left alone, and binding fails).
///
/// ```no_run
/// # use pynet::http::{self, ServerRequest, ServerResponse};
/// let server = http::serve_unix(
///     |_req: &mut ServerRequest, resp: &mut ServerResponse| resp.write(b"hello\n"),
///     "/tmp/pynet.sock",
/// )?;
/// # Ok::<(), pynet::socket::Error>(())
/// ```
pub fn serve_unix<F>(handler: F, path: impl AsRef<Path>) -> Result<UnixHTTPServer>
where
    F: Fn(&mut ServerRequest<'_>, &mut ServerResponse) -> Result<()> + Send + Sync + 'static,
{
    serve_unix_with(handler, path, Limits::default())
}

/// [`serve_unix`] with caps and a time limit of your own.
pub fn serve_unix_with<F>(
    handler: F,
    path: impl AsRef<Path>,
    limits: Limits,
) -> Result<UnixHTTPServer>
where
    F: Fn(&mut ServerRequest<'_>, &mut ServerResponse) -> Result<()> + Send + Sync + 'static,
{
    use std::os::unix::fs::FileTypeExt;
    let path = path.as_ref();
    if std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_socket()) {
        std::fs::remove_file(path)?;
    }
    let factory = factory(Box::new(handler), limits);
    let mut server = UnixHTTPServer::new_unbound(path, factory)?;
    server.daemon_threads = true;
    server.request_queue_size = BACKLOG;
    server.server_bind()?;
    server.server_activate()?;
    Ok(server)
}

/// What the socketserver calls for each connection: one handler per connection, sharing the
/// service.
fn factory(
    handler: Box<Handler>,
    limits: Limits,
) -> impl Fn() -> HTTPRequestHandler + Send + Sync + 'static {
    let service = Arc::new(Service { handler, limits });
    move || HTTPRequestHandler {
        service: Arc::clone(&service),
    }
}

/// The handler function and the limits, shared by every connection.
struct Service {
    handler: Box<Handler>,
    limits: Limits,
}

/// What the socketserver runs for each connection (Python's `BaseHTTPRequestHandler`): reads
/// requests one after another, answers the bad ones itself, and gives the others to your
/// handler.
pub struct HTTPRequestHandler {
    service: Arc<Service>,
}

impl std::fmt::Debug for HTTPRequestHandler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HTTPRequestHandler")
            .field("limits", &self.service.limits)
            .finish_non_exhaustive()
    }
}

impl BaseRequestHandler<StreamRequest> for HTTPRequestHandler {
    /// Serves the connection until it closes: each request's handler error is returned (after
    /// a 500 answer), so that the server's `handle_error` reports it.
    fn handle(&mut self, req: &mut StreamRequest) -> Result<()> {
        let transport: Arc<dyn Transport> = Arc::new(ServerSocket::new(Arc::clone(&req.request))?);
        let mut connection = Connection {
            service: &self.service,
            reader: Reader::new(Arc::clone(&transport), self.service.limits.timeout),
            transport,
            client_address: req.client_address.clone(),
        };
        connection.serve()
    }
}

/// One client's connection.
struct Connection<'a> {
    service: &'a Service,
    reader: Reader,
    transport: Arc<dyn Transport>,
    client_address: Address,
}

/// The deadline `seconds` from now (`None`: none).
fn deadline_after(seconds: Option<f64>) -> Option<Instant> {
    let wait = Duration::try_from_secs_f64(seconds?.max(0.0)).ok()?;
    Instant::now().checked_add(wait)
}

impl Connection<'_> {
    /// Requests, one after another, until one of them ends the connection.
    fn serve(&mut self) -> Result<()> {
        while let Some(head) = self.next_request()? {
            if !self.exchange(head)? {
                break;
            }
        }
        Ok(())
    }

    /// The next request head, within one time limit from when the wait starts (a slow
    /// loris gets 408); `None` when the connection is over.
    fn next_request(&mut self) -> Result<Option<RequestHead>> {
        let limits = &self.service.limits;
        self.reader.deadline = deadline_after(limits.timeout);
        let read = head::read_head(&mut self.reader, limits);
        self.reader.deadline = None;
        let refusal = match read {
            Ok(length) => {
                let parsed = head::parse_request(&self.reader.buffered()[..length], limits);
                self.reader.consume(length);
                match parsed {
                    Ok(head) => return Ok(Some(head)),
                    Err(refusal) => refusal,
                }
            }
            Err(HeadError::Closed(_)) => return Ok(None),
            Err(HeadError::Cut(e)) if e.is_timeout() => (408, "request head not received in time"),
            Err(HeadError::Cut(_)) => return Ok(None),
            Err(HeadError::FirstLineTooLong) => (414, "request line too long"),
            Err(HeadError::HeaderLineTooLong) => (431, "header line too long"),
            Err(HeadError::TooManyHeaders) => (431, "too many header fields"),
        };
        self.refuse(refusal);
        Ok(None)
    }

    /// Serves one request; returns whether the connection can carry another.
    fn exchange(&mut self, head: RequestHead) -> Result<bool> {
        let limits = &self.service.limits;
        let checked = check_request(&head, limits.max_body);
        let (framing, expect_continue) = match checked {
            Ok(checked) => checked,
            Err(refusal) => {
                self.refuse(refusal);
                return Ok(false);
            }
        };
        let keep_alive = match head.minor {
            0 => head.headers.has_token("connection", "keep-alive"),
            _ => !head.headers.has_token("connection", "close"),
        };
        let head_only = head.method == "HEAD";
        let output = Output::new(Arc::clone(&self.transport), limits.timeout);
        let mut response = ServerResponse::new(output, head.minor, head_only, keep_alive);
        let mut request = ServerRequest {
            version: format!("HTTP/1.{}", head.minor),
            method: head.method,
            uri: head.uri,
            headers: head.headers,
            client_address: self.client_address.clone(),
            body: Body::new(framing, limits.max_body, limits.max_headers),
            expect_continue,
            reader: &mut self.reader,
        };
        let handler = &self.service.handler;
        let outcome = catch_unwind(AssertUnwindSafe(|| handler(&mut request, &mut response)));
        let refusal = request.body.refusal;
        let body_done = request.drain();
        if let Some(refusal) = refusal {
            if response.take_back() {
                self.refuse(refusal);
            }
            return Ok(false);
        }
        let failure = match outcome {
            Ok(Ok(())) => match response.finish() {
                Ok(()) => return Ok(keep_alive && body_done && response.keep_alive),
                Err(e) => e,
            },
            Ok(Err(e)) => e,
            Err(panic) => {
                if response.take_back() {
                    self.refuse((500, "Internal Server Error"));
                }
                resume_unwind(panic);
            }
        };
        if response.take_back() {
            self.refuse((500, "Internal Server Error"));
        }
        Err(failure)
    }

    /// Answers with an error status and closes the connection: Python's `send_error`.
    fn refuse(&mut self, (status, why): Refusal) {
        let reason = responses(status);
        let body = format!("{status} {reason}: {why}\n");
        let answer = with_date(|date| {
            format!(
                "HTTP/1.1 {status} {reason}\r\nDate: {date}\r\n\
                 Content-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{body}",
                body.len()
            )
        });
        if self
            .transport
            .sendall(answer.as_bytes(), self.service.limits.timeout)
            .is_ok()
        {
            self.linger();
        }
    }

    /// Closes our side and reads what the client still sends for a moment, so that the
    /// kernel does not answer it with a reset that could destroy the answer in flight.
    fn linger(&mut self) {
        if self.transport.shutdown_write().is_err() {
            return;
        }
        self.reader.deadline = Instant::now().checked_add(LINGER);
        let mut sink = vec![0u8; 16 * 1024];
        let mut drained = 0;
        while drained < LINGER_BYTES {
            match self.reader.read_into(&mut sink) {
                Ok(n) if n > 0 => drained += n,
                _ => break,
            }
        }
    }
}

/// The body's framing and whether the client waits for `100 Continue`, or the status that
/// refuses the request: 400 for an HTTP/1.1 request without exactly one Host field, 417 for
/// an Expect other than `100-continue`, and [`body::request_framing`]'s refusals.
fn check_request(head: &RequestHead, max_body: u64) -> Result<(Framing, bool), Refusal> {
    if head.minor == 1 && head.headers.get_all("host").count() != 1 {
        return Err((400, "an HTTP/1.1 request needs one Host field"));
    }
    let framing = body::request_framing(&head.headers, head.minor, max_body)?;
    let expect = match head.headers.get("expect") {
        None => false,
        Some(_) if head.minor == 0 => false,
        Some(value) if value.trim().eq_ignore_ascii_case("100-continue") => true,
        Some(_) => return Err((417, "only 100-continue can be expected")),
    };
    Ok((framing, expect && framing != Framing::Length(0)))
}

/// The request a handler gets (idiokit's `ServerRequest`; Python's handler `self.command`,
/// `self.path`, `self.request_version`, `self.headers`, `self.rfile`).
///
/// The body streams: [`read`](ServerRequest::read) gives its next bytes, empty at its end,
/// whether it came with a Content-Length or chunked. A client that sent
/// `Expect: 100-continue` gets its `100 Continue` when the handler first reads.
pub struct ServerRequest<'a> {
    /// `GET`, `POST`, ... (Python's `self.command`).
    pub method: String,
    /// The request target as sent: `/echo?x=1` (Python's `self.path`).
    pub uri: String,
    /// `HTTP/1.0` or `HTTP/1.1` (Python's `self.request_version`).
    pub version: String,
    /// The header fields (Python's `self.headers`).
    pub headers: Headers,
    /// The client's address: `('127.0.0.1', 50412)`, or a path for a unix socket.
    pub client_address: Address,
    body: Body,
    expect_continue: bool,
    reader: &'a mut Reader,
}

impl ServerRequest<'_> {
    /// The next at most `amount` bytes of the body; empty at its end (idiokit's
    /// `request.read(amount)`).
    ///
    /// # Errors
    /// `http.client.HTTPException` for a body that breaks the framing (the server answers 400,
    /// or 413 for one over [`Limits::max_body`]), `IncompleteRead` when the client closes in
    /// the middle, `timed out`.
    pub fn read(&mut self, amount: usize) -> Result<Vec<u8>> {
        let mut data = vec![0u8; amount.min(1 << 20)];
        let n = self.read_into(&mut data)?;
        data.truncate(n);
        Ok(data)
    }

    /// The whole rest of the body (Python's `self.rfile.read(length)` after reading the
    /// length).
    pub fn read_all(&mut self) -> Result<Vec<u8>> {
        let mut all = Vec::new();
        self.read_to_end(&mut all)?;
        Ok(all)
    }

    /// Reads body bytes into `buf`; 0 at the end of the body.
    pub fn read_into(&mut self, buf: &mut [u8]) -> Result<usize> {
        if self.expect_continue {
            self.expect_continue = false;
            let timeout = self.reader.timeout;
            self.reader
                .transport()
                .sendall(b"HTTP/1.1 100 Continue\r\n\r\n", timeout)?;
        }
        self.body.read_into(self.reader, buf)
    }

    /// After the handler: reads away a body it left (at most 64 KiB of it, and never one the
    /// client still waits to be asked for); returns whether the body was read to its end.
    fn drain(&mut self) -> bool {
        if self.body.is_done() || self.expect_continue || self.body.refusal.is_some() {
            return self.body.is_done();
        }
        let mut sink = [0u8; 8192];
        let mut drained = 0;
        while !self.body.is_done() && drained < 64 * 1024 {
            match self.body.read_into(self.reader, &mut sink) {
                Ok(n) if n > 0 => drained += n,
                _ => break,
            }
        }
        self.body.is_done()
    }
}

impl Read for ServerRequest<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Ok(self.read_into(buf)?)
    }
}

/// The response a handler writes (idiokit's `ServerResponse`; Python's `send_response`,
/// `send_header`, `end_headers`, `self.wfile`).
///
/// In order: [`write_status`](ServerResponse::write_status) (else `200 OK`),
/// [`write_headers`](ServerResponse::write_headers) (else none), [`write`](ServerResponse::write)
/// as often as needed, [`finish`](ServerResponse::finish) (the server calls it if the
/// handler does not). The body is sent as it is written: with exactly the Content-Length the
/// handler gave, else chunked (to an HTTP/1.0 client: until the connection closes). The
/// server adds `Date`, `Transfer-Encoding: chunked` and `Connection` fields as needed.
pub struct ServerResponse {
    out: Output,
    /// The request's minor version (0: HTTP/1.0).
    minor: u8,
    /// The request was HEAD: no body is sent.
    head_only: bool,
    status: Option<u16>,
    writer: Option<Writer>,
    /// Whether the connection can carry another request after this response.
    keep_alive: bool,
}

impl ServerResponse {
    fn new(out: Output, minor: u8, head_only: bool, keep_alive: bool) -> ServerResponse {
        ServerResponse {
            out,
            minor,
            head_only,
            status: None,
            writer: None,
            keep_alive,
        }
    }

    /// Python's `send_response(code, message)`: the status line, `HTTP/1.1 404 Not Found`.
    /// An empty `reason` is the usual one (Python's `http.client.responses[code]`).
    ///
    /// # Errors
    /// `ValueError` for a status already written, a code outside 200-999 (interim 1xx
    /// answers are the server's), or a reason with a line break.
    pub fn write_status(&mut self, code: u16, reason: &str) -> Result<()> {
        if self.status.is_some() {
            return Err(Error::new(Exception::ValueError, "status already written"));
        }
        if !(200..=999).contains(&code) {
            return Err(Error::new(
                Exception::ValueError,
                format!("invalid status code {code}"),
            ));
        }
        if reason.contains(['\r', '\n']) {
            return Err(Error::new(
                Exception::ValueError,
                "CR and/or LF are not allowed in the reason string",
            ));
        }
        let reason = if reason.is_empty() {
            responses(code)
        } else {
            reason
        };
        self.out
            .queue_fmt(format_args!("HTTP/1.1 {code} {reason}\r\n"));
        self.status = Some(code);
        Ok(())
    }

    /// Python's `send_header(name, value)` for each field, then `end_headers()`. A
    /// Content-Length makes the body exactly that long; without one the body is chunked.
    /// `Connection: close` ends the connection after this response.
    ///
    /// # Errors
    /// `ValueError` for headers already written, a bad field name or value, a bad
    /// Content-Length, or a Transfer-Encoding other than `chunked`.
    pub fn write_headers(&mut self, headers: &[(&str, &str)]) -> Result<()> {
        if self.writer.is_some() {
            return Err(Error::new(Exception::ValueError, "headers already written"));
        }
        if self.status.is_none() {
            self.write_status(200, "OK")?;
        }
        for &(name, value) in headers {
            head::check_field(name, value)?;
        }
        let framing = self.framing(headers)?;
        if framing == Framing::UntilClose || headers.has_token("connection", "close") {
            self.keep_alive = false;
        }
        for (name, value) in headers {
            self.out.queue_fmt(format_args!("{name}: {value}\r\n"));
        }
        if !headers.has("date") {
            with_date(|date| self.out.queue_fmt(format_args!("Date: {date}\r\n")));
        }
        if framing == Framing::Chunked && !headers.has("transfer-encoding") {
            self.out.queue(b"Transfer-Encoding: chunked\r\n");
        }
        if !headers.has("connection") {
            match (self.keep_alive, self.minor) {
                (false, _) => self.out.queue(b"Connection: close\r\n"),
                (true, 0) => self.out.queue(b"Connection: keep-alive\r\n"),
                (true, _) => {}
            }
        }
        self.out.queue(b"\r\n");
        self.writer = Some(if self.head_only {
            Writer::Discard
        } else {
            Writer::new(framing)
        });
        Ok(())
    }

    /// How the body will be framed, from the handler's fields.
    fn framing(&self, fields: &[(&str, &str)]) -> Result<Framing> {
        let invalid = |why: &str| Error::new(Exception::ValueError, why.to_string());
        let length = body::content_length(fields).map_err(invalid)?;
        let no_body = matches!(self.status, Some(204 | 304));
        match body::transfer_codings(fields) {
            Some(codings) if codings == ["chunked"] && length.is_none() && self.minor == 1 => {
                Ok(Framing::Chunked)
            }
            Some(_) => Err(invalid(
                "only Transfer-Encoding: chunked, to an HTTP/1.1 client, without a Content-Length",
            )),
            None if no_body => Ok(Framing::Length(0)),
            None => Ok(match (length, self.minor) {
                (Some(n), _) => Framing::Length(n),
                (None, 0) => Framing::UntilClose,
                (None, _) => Framing::Chunked,
            }),
        }
    }

    /// Sends the next piece of the body (writing `200 OK` and no fields first if the handler
    /// has not): Python's `self.wfile.write(data)`.
    ///
    /// # Errors
    /// `ValueError` for more bytes than the Content-Length, or after `finish`; the
    /// connection's errors (`BrokenPipeError`, `timed out`).
    pub fn write(&mut self, data: &[u8]) -> Result<()> {
        if self.writer.is_none() {
            self.write_headers(&[])?;
        }
        match &mut self.writer {
            Some(writer) => writer.write(&mut self.out, data),
            None => Ok(()),
        }
    }

    /// Ends the response: the last chunk, or a check that all of the Content-Length was
    /// written. With nothing written it answers `200 OK` with an empty body (idiokit's
    /// `finish`). Calling it again does nothing.
    ///
    /// # Errors
    /// `ValueError: did not write all N bytes`; the connection's errors.
    pub fn finish(&mut self) -> Result<()> {
        if self.writer.is_none() {
            self.write_headers(&[("Content-Length", "0")])?;
        }
        match &mut self.writer {
            Some(writer) => writer.finish(&mut self.out),
            None => Ok(()),
        }
    }

    /// Whether the headers have been written (the status can no longer change).
    pub fn headers_written(&self) -> bool {
        self.writer.is_some()
    }

    /// Drops whatever was queued if nothing has been sent, so that the server can answer
    /// with an error instead; returns whether it could.
    fn take_back(&mut self) -> bool {
        let untouched = self.out.untouched();
        if untouched {
            self.out.discard();
        }
        untouched
    }
}

/// Python's `http.client.responses[code]`: the usual reason phrase of a status code (empty
/// for an unknown one).
pub fn responses(code: u16) -> &'static str {
    match code {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Request Entity Too Large",
        414 => "Request-URI Too Long",
        415 => "Unsupported Media Type",
        417 => "Expectation Failed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

thread_local! {
    /// The `Date` value last made on this thread, and the second it is for.
    static DATE: RefCell<(u64, String)> = const { RefCell::new((u64::MAX, String::new())) };
}

/// Calls `f` with the `Date` field's value now. Every response carries one, so each thread
/// formats it once a second and lends it out in between.
fn with_date<R>(f: impl FnOnce(&str) -> R) -> R {
    let now = SystemTime::now();
    let second = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    DATE.with_borrow_mut(|(made_for, date)| {
        if *made_for != second {
            (*made_for, *date) = (second, http_date(now));
        }
        f(date)
    })
}

/// The `Date` field's form of a time (RFC 9110's IMF-fixdate): `Thu, 01 Jan 1970 00:00:00
/// GMT`, Python's `email.utils.formatdate(usegmt=True)`.
pub(crate) fn http_date(time: SystemTime) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let seconds = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    // Seconds since 1970 as u64 leave days far below i64::MAX.
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{}, {day:02} {} {year:04} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_imf_fixdates() {
        assert_eq!(http_date(UNIX_EPOCH), "Thu, 01 Jan 1970 00:00:00 GMT");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400 + 3_723); // 2000-02-29 01:02:03
        assert_eq!(http_date(leap), "Tue, 29 Feb 2000 01:02:03 GMT");
        let late = UNIX_EPOCH + Duration::from_secs(4_102_444_799); // 2099-12-31 23:59:59
        assert_eq!(http_date(late), "Thu, 31 Dec 2099 23:59:59 GMT");
    }
}
