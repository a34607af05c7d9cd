//! Python's `urllib.request.urlopen` and `Request`: one HTTP or HTTPS request, redirects
//! followed as Python follows them.
//!
//! ```python
//! from urllib.request import Request, urlopen
//!
//! page = urlopen("http://localhost:8000/", timeout=10).read()
//! reply = urlopen("http://localhost:8000/form", data=b"name=value", timeout=10)
//! request = Request("http://localhost:8000/item", data=b"new", method="PUT")
//! ```

use std::sync::Arc;

use crate::socket::{self, Exception};

use super::error::{Error, from_ureq};
use super::redirect::{self, Visited, scheme_of};
use super::response::{HTTPMessage, Response};
use super::transport;
use crate::ssl::{self, Purpose, SSLContext};

/// What `urlopen` sends as `User-Agent` (Python sends `Python-urllib/3.11`).
const USER_AGENT: &str = concat!("pynet-urllib/", env!("CARGO_PKG_VERSION"));

/// The headers Python drops when a redirect turns a POST into a GET.
const CONTENT_HEADERS: [&str; 2] = ["content-length", "content-type"];

/// Python's `urllib.request.Request`: a URL with the data, headers and method to send to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub(crate) full_url: String,
    data: Option<Vec<u8>>,
    headers: Vec<(String, String)>,
    method: Option<String>,
}

impl Request {
    /// Python's `Request(url, data=None, headers={}, method=None)`.
    ///
    /// ```
    /// use pynet::urllib::Request;
    ///
    /// // Request("http://localhost:8000/item", data=b"new", method="PUT")
    /// let request = Request::new("http://localhost:8000/item", Some(b"new"), &[], Some("PUT"));
    /// assert_eq!(request.get_method(), "PUT");
    /// ```
    pub fn new(
        url: &str,
        data: Option<&[u8]>,
        headers: &[(&str, &str)],
        method: Option<&str>,
    ) -> Request {
        let mut request = Request {
            full_url: url.trim().to_string(),
            data: data.map(<[u8]>::to_vec),
            headers: Vec::new(),
            method: method.map(str::to_string),
        };
        for (key, value) in headers {
            request.add_header(key, value);
        }
        request
    }

    /// Python's `request.add_header(key, val)`: sets that header, replacing an earlier value.
    /// As in Python the name is stored capitalized (`Content-type`).
    pub fn add_header(&mut self, key: &str, value: &str) {
        let key = capitalize(key);
        self.headers.retain(|(name, _)| *name != key);
        self.headers.push((key, value.to_string()));
    }

    /// Python's `request.get_method()`: the method given, else `POST` when there is data and
    /// `GET` when there is none.
    pub fn get_method(&self) -> &str {
        match (&self.method, &self.data) {
            (Some(method), _) => method,
            (None, Some(_)) => "POST",
            (None, None) => "GET",
        }
    }

    /// Python's `request.full_url`.
    pub fn full_url(&self) -> &str {
        &self.full_url
    }

    /// Python's `request.data`: the body to send, if any.
    pub fn data(&self) -> Option<&[u8]> {
        self.data.as_deref()
    }

    /// Python's `request.header_items()`: the headers given, names capitalized.
    pub fn header_items(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The request Python's `redirect_request` makes: the new URL, no body, no content
    /// headers.
    pub(crate) fn redirected(&self, url: String, method: &str) -> Request {
        Request {
            full_url: url.replace(' ', "%20"),
            data: None,
            headers: self
                .headers
                .iter()
                .filter(|(name, _)| !CONTENT_HEADERS.contains(&name.to_ascii_lowercase().as_str()))
                .cloned()
                .collect(),
            method: Some(method.to_string()),
        }
    }
}

impl From<&str> for Request {
    /// A `GET` of that URL, as Python's `urlopen` makes from a string.
    fn from(url: &str) -> Request {
        Request::new(url, None, &[], None)
    }
}

impl From<&String> for Request {
    fn from(url: &String) -> Request {
        Request::from(url.as_str())
    }
}

impl From<String> for Request {
    fn from(url: String) -> Request {
        Request::from(url.as_str())
    }
}

/// Python's `str.capitalize()`: `content-TYPE` → `Content-type`.
fn capitalize(key: &str) -> String {
    let mut chars = key.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// Python's `urlopen(url, data=None, timeout=socket.getdefaulttimeout())`: sends the request
/// (a `POST` with `data` as its body when there is data), follows redirects, and returns the
/// answer to read.
///
/// `url` is a URL or a [`Request`]. `timeout` is in seconds and applies to each step
/// (connecting, each send, each receive), as Python's socket timeout does; `None` takes
/// [`socket::getdefaulttimeout`] (which blocks unless set). HTTPS is checked by
/// [`create_default_context`](crate::ssl::create_default_context) (the system's trust roots,
/// hostname checked); see [`urlopen_context`] for another context.
///
/// ```python
/// response = urlopen("http://localhost:8000/", timeout=10)
/// ```
///
/// ```no_run
/// use pynet::urllib;
///
/// let mut response = urllib::urlopen("http://localhost:8000/", None, Some(10.0))?;
/// println!("{} {}", response.status(), response.reason());     // 200 OK
/// let page = response.readall()?;
/// # Ok::<(), urllib::Error>(())
/// ```
///
/// # Errors
/// * [`Error::HTTPError`] for an answer with an error status: `HTTP Error 404: Not Found`;
/// * [`Error::URLError`] when the server cannot be reached: `<urlopen error [Errno 111]
///   Connection refused>`, `<urlopen error timed out>` (connecting), `<urlopen error unknown url
///   type: gopher>`;
/// * [`Error::Other`] for what Python lets through: `TimeoutError: timed out` when the server
///   takes the request and does not answer in time, `ValueError: unknown url type: 'x'` for a
///   URL without a scheme.
pub fn urlopen(
    url: impl Into<Request>,
    data: Option<&[u8]>,
    timeout: Option<f64>,
) -> Result<Response, Error> {
    let context = ssl::create_default_context(Purpose::SERVER_AUTH)?;
    open(url.into(), data, timeout, Arc::new(context))
}

/// Python's `urlopen(url, data, timeout, context=context)`: [`urlopen`] with HTTPS checked by
/// `context` (its trust roots, `verify_mode` and `check_hostname`, as `context.wrap_socket`
/// checks them). Pass the context, or an `Arc` of it to use it again.
///
/// ```python
/// context = ssl.create_default_context(cafile="ca.pem")
/// response = urlopen("https://localhost:8443/", timeout=10, context=context)
/// ```
///
/// ```no_run
/// use pynet::{ssl, urllib};
///
/// let mut context = ssl::create_default_context(ssl::Purpose::SERVER_AUTH)?;
/// context.load_verify_locations("ca.pem")?;
/// let response = urllib::urlopen_context("https://localhost:8443/", None, Some(10.0), context)?;
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// Those of [`urlopen`]; a refused certificate is a `URLError` whose reason is an
/// `ssl.SSLCertVerificationError`: `<urlopen error [SSL: CERTIFICATE_VERIFY_FAILED]
/// certificate verify failed: unable to get local issuer certificate>`.
pub fn urlopen_context(
    url: impl Into<Request>,
    data: Option<&[u8]>,
    timeout: Option<f64>,
    context: impl Into<Arc<SSLContext>>,
) -> Result<Response, Error> {
    open(url.into(), data, timeout, context.into())
}

/// `urlopen` itself: one agent for the call, then request after request until an answer that
/// is not a redirect to follow.
fn open(
    mut request: Request,
    data: Option<&[u8]>,
    timeout: Option<f64>,
    context: Arc<SSLContext>,
) -> Result<Response, Error> {
    if let Some(data) = data {
        request.data = Some(data.to_vec());
    }
    let agent = agent(timeout, context)?;
    let mut visited = Visited::default();
    loop {
        check_url(&request.full_url)?;
        let response = send(&agent, &request)?;
        match response.status() {
            200..=299 => return Ok(response),
            301 | 302 | 303 | 307 | 308 => {
                request = redirect::follow(&request, response, &mut visited)?
            }
            _ => return Err(redirect::http_error(response)),
        }
    }
}

/// The checks Python's `Request` and `do_open` make before connecting.
fn check_url(url: &str) -> Result<(), Error> {
    let Some(scheme) = scheme_of(url) else {
        let text = format!("unknown url type: '{url}'");
        return Err(socket::Error::new(Exception::ValueError, text).into());
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(Error::url_text(format!("unknown url type: {scheme}")));
    }
    let host = url[scheme.len() + 1..]
        .strip_prefix("//")
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .unwrap_or_default();
    if host.is_empty() {
        return Err(Error::url_text("no host given"));
    }
    Ok(())
}

/// A ureq agent that behaves as Python's opener: connections through pynet's sockets with
/// `timeout`, no redirects of its own, error statuses returned as answers, Python's headers.
fn agent(timeout: Option<f64>, context: Arc<SSLContext>) -> Result<ureq::Agent, Error> {
    let timeout = timeout.or_else(socket::getdefaulttimeout);
    if timeout.is_some_and(|seconds| seconds.is_nan() || seconds < 0.0) {
        let text = "Timeout value out of range";
        return Err(socket::Error::new(Exception::ValueError, text).into());
    }
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .max_idle_connections(0)
        .proxy(None)
        .user_agent(USER_AGENT)
        .accept(ureq::config::AutoHeaderValue::None)
        .accept_encoding("identity")
        .build();
    Ok(transport::agent(config, timeout, context))
}

/// One request and its answer, unread.
fn send(agent: &ureq::Agent, request: &Request) -> Result<Response, Error> {
    let selector = request.full_url.split('#').next().unwrap_or_default();
    let mut builder = ureq::http::Request::builder()
        .method(request.get_method())
        .uri(selector);
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    if request.data.is_some()
        && !request
            .headers
            .iter()
            .any(|(name, _)| name == "Content-type")
    {
        builder = builder.header("Content-Type", "application/x-www-form-urlencoded");
    }
    builder = builder.header("Connection", "close");
    let answer = match &request.data {
        Some(data) => agent.run(builder.body(data.as_slice()).map_err(invalid_url)?),
        None => agent.run(builder.body(()).map_err(invalid_url)?),
    };
    let (parts, body) = answer.map_err(from_ureq)?.into_parts();
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| (title_case(name.as_str()), latin1(value.as_bytes())))
        .collect();
    Ok(Response::new(
        request.full_url.clone(),
        parts.status.as_u16(),
        parts
            .status
            .canonical_reason()
            .unwrap_or_default()
            .to_string(),
        HTTPMessage::new(headers),
        body.into_reader(),
    ))
}

/// Python's `http.client.InvalidURL` (a `ValueError`) for a URL or header ureq cannot send.
fn invalid_url(e: ureq::http::Error) -> Error {
    socket::Error::new(Exception::ValueError, format!("invalid URL or header: {e}")).into()
}

/// A header name as most servers write it: `content-type` → `Content-Type` (ureq keeps names
/// in lower case).
fn title_case(name: &str) -> String {
    name.split('-')
        .map(capitalize)
        .collect::<Vec<_>>()
        .join("-")
}

/// A header value decoded as Python decodes it, as ISO-8859-1: every byte one character.
fn latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&byte| char::from(byte)).collect()
}
