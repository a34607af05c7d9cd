//! The streaming client: one request per connection (`Connection: close`), its body written
//! in pieces, its response read in pieces.

use std::io::{self, Read};
use std::path::PathBuf;
use std::sync::Arc;

use super::body::{self, Body, Framing, Output, Writer};
use super::conn::{Reader, Transport};
use super::head::{self, HeadError, Headers, Limits};
use super::url::{self, Target};
use crate::socket::{self, AF_UNIX, Error, Exception, Result, SOCK_STREAM, Socket};
use crate::ssl::{self, CERT_NONE, PROTOCOL_TLS_CLIENT, Purpose, SSLContext};

/// idiokit's `Client`: what every request it makes shares.
///
/// ```python
/// client = idiokit.http.client.Client(timeout=5.0)
/// request = yield client.request("GET", "http://127.0.0.1:8080/")
/// ```
/// ```no_run
/// use pynet::http::Client;
///
/// let client = Client { timeout: Some(5.0), ..Client::default() };
/// let request = client.request("GET", "http://127.0.0.1:8080/", &[])?;
/// # Ok::<(), pynet::socket::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Client {
    /// The time limit of connecting and of every send and receive, in seconds. Default 60.0
    /// (idiokit's); `None` waits for ever.
    pub timeout: Option<f64>,
    /// `https://`: the CA certificates to trust, a PEM file (`None`: the system's). Default
    /// `None`.
    pub cafile: Option<PathBuf>,
    /// `https://`: check the server's certificate and host name (idiokit's `verify`). Default
    /// true.
    pub verify: bool,
}

impl Default for Client {
    fn default() -> Client {
        Client {
            timeout: Some(60.0),
            cafile: None,
            verify: true,
        }
    }
}

/// idiokit's `idiokit.http.client.request(method, url, headers)` with the default
/// [`Client`]: connects, sends the head, and returns the request to write the body to.
///
/// ```python
/// request = yield idiokit.http.client.request("POST", url, {"content-type": "text/plain"})
/// yield request.write("hello")
/// response = yield request.finish()
/// print response.status_code, (yield response.read(4096))
/// ```
/// ```no_run
/// use pynet::http;
///
/// let mut request = http::request("POST", "http://127.0.0.1:8080/echo", &[("Content-Type", "text/plain")])?;
/// request.write(b"hello")?;
/// let mut response = request.finish()?;
/// let body = response.read(4096)?;
/// println!("{} {body:?}", response.status);
/// # Ok::<(), pynet::socket::Error>(())
/// ```
pub fn request(method: &str, url: &str, headers: &[(&str, &str)]) -> Result<ClientRequest> {
    Client::default().request(method, url, headers)
}

/// The methods whose requests carry a body even when none is written (Python's
/// `http.client._METHODS_EXPECTING_BODY`): without a Content-Length, theirs is chunked.
const METHODS_EXPECTING_BODY: [&str; 3] = ["PATCH", "POST", "PUT"];

impl Client {
    /// A client with the defaults.
    pub fn new() -> Client {
        Client::default()
    }

    /// Connects to the URL's server (`http://`, `https://` or `http+unix://`) and sends the
    /// request head. The body is framed by the headers: exactly the Content-Length given;
    /// else chunked for POST, PUT and PATCH (or with `Transfer-Encoding: chunked`); else
    /// none. `Host` and `Connection: close` are added unless given.
    ///
    /// # Errors
    /// `ValueError` for a URL it cannot use, a bad method or field, or a `Connection` other
    /// than `close`; the connection's errors (`ConnectionRefusedError`, `timed out`, TLS
    /// errors).
    pub fn request(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
    ) -> Result<ClientRequest> {
        let url = url::parse(url)?;
        head::check_field(method, "")
            .map_err(|_| Error::new(Exception::ValueError, format!("Invalid method {method:?}")))?;
        let mut fields = Headers::new();
        for &(name, value) in headers {
            head::check_field(name, value)?;
            fields.push(name, value);
        }
        let framing = request_framing(method, &mut fields)?;
        if fields.get("host").is_none() {
            fields.push("Host", url.host.as_str());
        }
        match fields.get("connection") {
            None => fields.push("Connection", "close"),
            Some(value) if value.trim().eq_ignore_ascii_case("close") => {}
            Some(value) => {
                let text = format!("unknown connection value '{value}'");
                return Err(Error::new(Exception::ValueError, text));
            }
        }
        let transport = self.connect(&url.target)?;
        let mut out = Output::new(Arc::clone(&transport), self.timeout);
        out.queue(format!("{method} {} HTTP/1.1\r\n{fields}\r\n", url.path).as_bytes());
        Ok(ClientRequest {
            method: method.to_string(),
            reader: Reader::new(transport, self.timeout),
            out,
            writer: Writer::new(framing),
        })
    }

    /// A connection to the target, under the client's timeout.
    fn connect(&self, target: &Target) -> Result<Arc<dyn Transport>> {
        match target {
            Target::Tcp {
                host,
                port,
                tls: false,
            } => {
                let sock = socket::create_connection((host.as_str(), *port), self.timeout, None)?;
                Ok(Arc::new(sock))
            }
            Target::Tcp {
                host,
                port,
                tls: true,
            } => self.connect_tls(host, *port),
            Target::Unix(path) => {
                let sock = Socket::new(AF_UNIX, SOCK_STREAM, 0)?;
                sock.with_timeout(self.timeout).connect(path)?;
                Ok(Arc::new(sock))
            }
        }
    }

    /// `https://`: TLS over TCP, the certificate checked for `host` when `verify`.
    fn connect_tls(&self, host: &str, port: u16) -> Result<Arc<dyn Transport>> {
        let ctx = match (&self.cafile, self.verify) {
            (_, false) => {
                let mut ctx = SSLContext::new(PROTOCOL_TLS_CLIENT)?;
                ctx.set_check_hostname(false);
                ctx.set_verify_mode(CERT_NONE)?;
                ctx
            }
            (Some(cafile), true) => {
                let mut ctx = SSLContext::new(PROTOCOL_TLS_CLIENT)?;
                ctx.load_verify_locations(cafile)?;
                ctx
            }
            (None, true) => ssl::create_default_context(Purpose::SERVER_AUTH)?,
        };
        let sock = socket::create_connection((host, port), self.timeout, None)?;
        Ok(Arc::new(ctx.wrap_socket(sock, false, Some(host))?))
    }
}

/// How the request body is framed, from the caller's fields (a chunked one for the methods
/// expecting a body gets its Transfer-Encoding field here).
fn request_framing(method: &str, fields: &mut Headers) -> Result<Framing> {
    let invalid = |why: &str| Error::new(Exception::ValueError, why.to_string());
    let length = body::content_length(fields).map_err(invalid)?;
    match (body::transfer_codings(fields), length) {
        (Some(codings), None) if codings == ["chunked"] => Ok(Framing::Chunked),
        (Some(_), _) => Err(invalid(
            "only Transfer-Encoding: chunked, without a Content-Length",
        )),
        (None, Some(n)) => Ok(Framing::Length(n)),
        (None, None) if METHODS_EXPECTING_BODY.contains(&method.to_ascii_uppercase().as_str()) => {
            fields.push("Transfer-Encoding", "chunked");
            Ok(Framing::Chunked)
        }
        (None, None) => Ok(Framing::Length(0)),
    }
}

/// A request whose head is on its way: write the body, then [`finish`](ClientRequest::finish)
/// for the response (idiokit's `ClientRequest`).
pub struct ClientRequest {
    method: String,
    reader: Reader,
    out: Output,
    writer: Writer,
}

impl ClientRequest {
    /// Sends the next piece of the body (a chunk, when chunked).
    ///
    /// # Errors
    /// `ValueError` for more than the Content-Length, or for a body on a request framed
    /// without one; the connection's errors.
    pub fn write(&mut self, data: &[u8]) -> Result<()> {
        self.writer.write(&mut self.out, data)
    }

    /// Ends the body and reads the response head (skipping `100 Continue` and other interim
    /// answers).
    ///
    /// # Errors
    /// `ValueError: did not write all N bytes`; `http.client.RemoteDisconnected` when the
    /// server closes without answering, `BadStatusLine`, `LineTooLong`, `HTTPException`;
    /// `timed out`.
    pub fn finish(mut self) -> Result<ClientResponse> {
        self.writer.finish(&mut self.out)?;
        let limits = Limits::client();
        loop {
            let length =
                head::read_head(&mut self.reader, &limits).map_err(|e| head_error(e, &limits))?;
            let parsed = head::parse_status(&self.reader.buffered()[..length], &limits);
            self.reader.consume(length);
            let head = parsed?;
            if (100..200).contains(&head.status) && head.status != 101 {
                continue;
            }
            let framing = body::response_framing(&self.method, head.status, &head.headers)?;
            return Ok(ClientResponse {
                version: format!("HTTP/1.{}", head.minor),
                status: head.status,
                reason: head.reason,
                headers: head.headers,
                body: Body::new(framing, u64::MAX, limits.max_headers),
                reader: self.reader,
            });
        }
    }
}

/// The errors Python's `http.client` raises for a status head it cannot read.
fn head_error(error: HeadError, limits: &Limits) -> Error {
    let too_long = |what: &str| {
        let text = format!(
            "got more than {} bytes when reading {what}",
            limits.max_line
        );
        Error::new(Exception::LineTooLong, text)
    };
    match error {
        HeadError::Closed(Some(e)) | HeadError::Cut(e) => e,
        HeadError::Closed(None) => Error::new(
            Exception::RemoteDisconnected,
            "Remote end closed connection without response",
        ),
        HeadError::FirstLineTooLong => too_long("status line"),
        HeadError::HeaderLineTooLong => too_long("header line"),
        HeadError::TooManyHeaders => head::too_many_headers(limits),
    }
}

/// The response: status, reason and fields at once, the body streamed (idiokit's
/// `ClientResponse`; Python's `HTTPResponse`).
pub struct ClientResponse {
    /// `HTTP/1.0` or `HTTP/1.1`.
    pub version: String,
    /// `200` (Python's `response.status`, idiokit's `status_code`).
    pub status: u16,
    /// `OK` (Python's `response.reason`, idiokit's `status_reason`).
    pub reason: String,
    /// The header fields (Python's `response.headers`).
    pub headers: Headers,
    body: Body,
    reader: Reader,
}

impl ClientResponse {
    /// The next at most `amount` bytes of the body, as they arrive; empty at its end
    /// (idiokit's `response.read(amount)`), however the body is framed: Content-Length,
    /// chunked, or until the server closes.
    ///
    /// # Errors
    /// `IncompleteRead` when the server closes early, `HTTPException` for a bad chunk,
    /// `timed out`.
    pub fn read(&mut self, amount: usize) -> Result<Vec<u8>> {
        let mut data = vec![0u8; amount.min(1 << 20)];
        let n = self.read_into(&mut data)?;
        data.truncate(n);
        Ok(data)
    }

    /// Reads body bytes into `buf`; 0 at the end of the body.
    pub fn read_into(&mut self, buf: &mut [u8]) -> Result<usize> {
        self.body.read_into(&mut self.reader, buf)
    }

    /// The whole rest of the body (Python's `response.read()`).
    pub fn read_all(&mut self) -> Result<Vec<u8>> {
        let mut all = Vec::new();
        self.read_to_end(&mut all)?;
        Ok(all)
    }
}

impl Read for ClientResponse {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Ok(self.read_into(buf)?)
    }
}

impl std::fmt::Debug for ClientResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "<ClientResponse {} {} {}>",
            self.version, self.status, self.reason
        )
    }
}
