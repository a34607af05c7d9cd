//! Python's `urllib.error`: `URLError` (the server could not be reached) and `HTTPError` (it
//! answered with an error status), and what `urlopen` lets through unwrapped.
//!
//! ```python
//! try:
//!     urlopen(url, timeout=10)
//! except HTTPError as e:          # a subclass of URLError: catch it first
//!     print(e.code, e.reason)     # 404 Not Found
//!     body = e.read()
//! except URLError as e:
//!     print(e.reason)             # [Errno 111] Connection refused
//! ```

use std::fmt;
use std::io;
use std::ops::{Deref, DerefMut};

use crate::socket::{self, Exception};

use super::response::Response;
use super::transport::WhileReading;

/// What `urlopen` and `urlretrieve` raise: Python's `URLError`, `HTTPError`, or one of the
/// exceptions urllib lets through unwrapped.
///
/// `Display` is Python's `str(e)`: `<urlopen error [Errno 111] Connection refused>`,
/// `HTTP Error 404: Not Found`, `timed out`.
#[derive(Debug)]
pub enum Error {
    /// `urllib.error.URLError`: the server could not be reached (refused, no such host, a
    /// timeout while connecting or sending, a TLS failure, an unknown URL scheme).
    URLError(URLError),
    /// `urllib.error.HTTPError`: the server answered with an error status (4xx, 5xx, or a
    /// redirect urllib will not follow).
    HTTPError(HTTPError),
    /// Anything else Python's `urlopen` raises as it is: `TimeoutError` while waiting for the
    /// answer, `ValueError` for a URL without a scheme, `http.client` protocol errors.
    Other(socket::Error),
}

impl Error {
    /// Python's `isinstance(e, class)`: an `HTTPError` is also an instance of `URLError` and
    /// of `OSError`, as in Python.
    pub fn is_instance(&self, class: Exception) -> bool {
        self.exception().is_subclass(class)
    }

    /// The Python class: `Exception::URLError`, `Exception::HTTPError`, or the class of the
    /// error let through.
    pub fn exception(&self) -> Exception {
        match self {
            Error::URLError(_) => Exception::URLError,
            Error::HTTPError(_) => Exception::HTTPError,
            Error::Other(e) => e.exception(),
        }
    }

    /// Python's `URLError(reason)`, where the reason is an exception such as
    /// `ConnectionRefusedError`.
    pub(crate) fn url(reason: socket::Error) -> Error {
        Error::URLError(URLError { reason })
    }

    /// Python's `URLError("unknown url type: gopher")`: a reason that is only a text.
    pub(crate) fn url_text(reason: impl Into<String>) -> Error {
        Error::url(socket::Error::new(Exception::URLError, reason))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::URLError(e) => e.fmt(f),
            Error::HTTPError(e) => e.fmt(f),
            Error::Other(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

impl From<socket::Error> for Error {
    /// An exception urllib lets through as it is.
    fn from(e: socket::Error) -> Error {
        Error::Other(e)
    }
}

impl From<Error> for socket::Error {
    /// The same exception as pynet's one error type, class and text kept, so `?` works in a
    /// function returning `pynet::socket::Result` (an HTTPError's body is dropped).
    fn from(e: Error) -> socket::Error {
        match e {
            Error::Other(e) => e,
            other => socket::Error::new(other.exception(), other.to_string()),
        }
    }
}

impl From<Error> for io::Error {
    fn from(e: Error) -> io::Error {
        socket::Error::from(e).into()
    }
}

/// Python's `urllib.error.URLError`: why the server could not be reached.
#[derive(Clone, Debug)]
pub struct URLError {
    reason: socket::Error,
}

impl URLError {
    /// Python's `e.reason`: the exception that stopped the request
    /// (`ConnectionRefusedError(111, 'Connection refused')`, `TimeoutError('timed out')`), or,
    /// where Python's reason is only a text (`unknown url type: gopher`), an error of class
    /// `URLError` carrying that text.
    pub fn reason(&self) -> &socket::Error {
        &self.reason
    }
}

impl fmt::Display for URLError {
    /// `<urlopen error [Errno 111] Connection refused>`, as Python prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<urlopen error {}>", self.reason)
    }
}

/// Python's `urllib.error.HTTPError`: an answer with an error status. As in Python it is also
/// the response, so its body can be read (`e.read(n)`, `e.readall()`) and its headers looked
/// at (`e.headers()`).
pub struct HTTPError {
    /// Boxed, so that an `Error` stays small.
    response: Box<Response>,
    message: String,
}

impl HTTPError {
    /// An `HTTPError` for `response`, whose reason phrase is the message.
    pub(crate) fn new(response: Response) -> HTTPError {
        let message = response.reason().to_string();
        HTTPError::with_message(response, message)
    }

    /// An `HTTPError` with its own message (Python's redirect-loop error says more than the
    /// reason phrase).
    pub(crate) fn with_message(response: Response, message: String) -> HTTPError {
        HTTPError {
            response: Box::new(response),
            message,
        }
    }

    /// Python's `e.code`: the status, `404`.
    pub fn code(&self) -> u16 {
        self.response.status()
    }

    /// Python's `e.reason` (also `e.msg`): `Not Found`.
    pub fn reason(&self) -> &str {
        &self.message
    }

    /// The response this error carries, to keep reading it after the error is gone.
    pub fn into_response(self) -> Response {
        *self.response
    }
}

impl Deref for HTTPError {
    type Target = Response;

    /// An `HTTPError` is a response, as Python's is a subclass of `addinfourl`: `e.headers()`,
    /// `e.geturl()`, `e.read(n)`.
    fn deref(&self) -> &Response {
        &self.response
    }
}

impl DerefMut for HTTPError {
    fn deref_mut(&mut self) -> &mut Response {
        &mut self.response
    }
}

impl fmt::Display for HTTPError {
    /// `HTTP Error 404: Not Found`, as Python prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP Error {}: {}", self.code(), self.message)
    }
}

impl fmt::Debug for HTTPError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTPError({:?}, {}, {:?})",
            self.geturl(),
            self.code(),
            self.message
        )
    }
}

/// Python's class and text for a failure ureq reports while sending a request and receiving
/// its answer. Python wraps what fails before the answer (connecting, TLS, sending) in
/// `URLError` and lets what fails while waiting for the answer through as it is.
pub(crate) fn from_ureq(e: ureq::Error) -> Error {
    match e {
        ureq::Error::Other(e) => match e.downcast::<WhileReading>() {
            Ok(reading) => Error::Other(reading.0),
            Err(e) => match e.downcast::<socket::Error>() {
                Ok(e) => Error::url(*e),
                Err(e) => Error::url(socket::Error::new(Exception::OSError, e.to_string())),
            },
        },
        ureq::Error::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
            Error::Other(socket::Error::new(
                Exception::RemoteDisconnected,
                "Remote end closed connection without response",
            ))
        }
        ureq::Error::Io(e) => Error::url(e.into()),
        ureq::Error::Protocol(e) => Error::Other(protocol_error(&e.to_string())),
        other => Error::url(socket::Error::new(Exception::OSError, other.to_string())),
    }
}

/// A failure reading the body: the exception Python's `HTTPResponse.read` raises.
pub(crate) fn from_body_io(e: io::Error) -> socket::Error {
    match from_ureq(ureq::Error::from(e)) {
        Error::Other(e) => e,
        Error::URLError(e) => e.reason,
        Error::HTTPError(e) => socket::Error::new(Exception::HTTPError, e.to_string()),
    }
}

/// An answer that is not HTTP: Python's `http.client.HTTPException` family.
fn protocol_error(text: &str) -> socket::Error {
    socket::Error::new(Exception::HTTPException, text)
}
