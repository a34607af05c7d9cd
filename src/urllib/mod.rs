//! Python's `urllib.request`: `urlopen` and `urlretrieve`, on ureq, connecting through
//! pynet's own sockets and TLS so that every failure is the exception Python raises.
//!
//! | Python | pynet |
//! |---|---|
//! | `urlopen(url, timeout=10)` | [`urlopen(url, None, Some(10.0))`](urlopen) |
//! | `urlopen(url, data, timeout=10)` | [`urlopen(url, Some(data), Some(10.0))`](urlopen) |
//! | `urlopen(url, timeout=10, context=ctx)` | [`urlopen_context(url, None, Some(10.0), ctx)`](urlopen_context) |
//! | `Request(url, data, headers, method=m)` | [`Request::new(url, data, headers, Some(m))`](Request::new) |
//! | `r.status`, `r.reason`, `r.geturl()` | [`r.status()`](Response::status), [`r.reason()`](Response::reason), [`r.geturl()`](Response::geturl) |
//! | `r.headers`, `r.info()`, `r.getheader(name)` | [`r.headers()`](Response::headers), [`r.info()`](Response::info), [`r.getheader(name)`](Response::getheader) |
//! | `r.read(n)`, `r.read()`, `r.readline()` | [`r.read(n)`](Response::read), [`r.readall()`](Response::readall), [`r.readline()`](Response::readline) |
//! | `urlretrieve(url, filename, reporthook)` | [`urlretrieve(url, Some(filename), Some(&mut hook), None)`](urlretrieve) |
//! | (a progress bar hook) | [`progress_bar()`](progress_bar) |
//! | `except HTTPError as e: e.code, e.read()` | [`Error::HTTPError(e)`](HTTPError): `e.code()`, `e.readall()` |
//! | `except URLError as e: e.reason` | [`Error::URLError(e)`](URLError): `e.reason()` |
//!
//! Redirects are followed as Python follows them (301, 302, 303, 307, 308 for `GET` and
//! `HEAD`; 301 to 303 turn a `POST` into a `GET`; at most 10), and [`Response::geturl`] is the
//! URL the answer finally came from.
//!
//! ```python
//! from urllib.request import urlopen
//!
//! with urlopen("http://127.0.0.1:8000/", timeout=10) as response:
//!     print(response.status, response.reason)    # 200 OK
//!     print(response.read())                     # b'Hello, World!'
//! ```
//!
//! The same in pynet, against a one-answer server started here:
//!
//! ```
//! use pynet::socket::{self, AF_INET, SOCK_STREAM, Socket};
//! use pynet::urllib;
//!
//! let server = Socket::new(AF_INET, SOCK_STREAM, 0)?;
//! server.bind(("127.0.0.1", 0))?;
//! server.listen(1)?;
//! let port = server.getsockname()?.port().unwrap_or_default();
//! std::thread::spawn(move || -> socket::Result<()> {
//!     let (conn, _) = server.accept()?;
//!     conn.recv(4096)?;
//!     conn.sendall(b"HTTP/1.0 200 OK\r\nContent-Length: 13\r\n\r\nHello, World!")
//! });
//!
//! let url = format!("http://127.0.0.1:{port}/");
//! let mut response = urllib::urlopen(url, None, Some(10.0))?;
//! assert_eq!((response.status(), response.reason()), (200, "OK"));
//! assert_eq!(response.readall()?, b"Hello, World!");
//! # Ok::<(), pynet::socket::Error>(())
//! ```
//!
//! Errors, as Python prints them:
//!
//! ```no_run
//! use pynet::urllib::{self, Error};
//!
//! match urllib::urlopen("http://127.0.0.1:8000/missing", None, Some(10.0)) {
//!     Err(Error::HTTPError(mut e)) => {
//!         println!("{e}");                         // HTTP Error 404: Not Found
//!         let body = e.readall()?;                 // the error page
//!     }
//!     Err(Error::URLError(e)) => println!("{e}"),  // <urlopen error [Errno 111] Connection refused>
//!     Err(other) => println!("{other}"),           // timed out
//!     Ok(response) => println!("{}", response.status()),
//! }
//! # Ok::<(), pynet::socket::Error>(())
//! ```

mod error;
mod progress;
mod redirect;
mod request;
mod response;
mod retrieve;
mod transport;

pub use error::{Error, HTTPError, URLError};
pub use progress::progress_bar;
pub use request::{Request, urlopen, urlopen_context};
pub use response::{HTTPMessage, Response};
pub use retrieve::urlretrieve;
