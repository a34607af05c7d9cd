//! idiokit.http: a streaming HTTP/1.1 client and a thread-per-connection server.
//!
//! | Python (idiokit.http, http.server, http.client) | pynet |
//! |---|---|
//! | `request = yield idiokit.http.client.request("POST", url, headers)` | [`let mut request = http::request("POST", url, &headers)?`](request) |
//! | `idiokit.http.client.Client(timeout=5.0).request(...)` | [`Client { timeout: Some(5.0), ..Client::default() }.request(...)`](Client::request) |
//! | `yield request.write(data)`, `response = yield request.finish()` | [`request.write(&data)?`](ClientRequest::write), [`let mut response = request.finish()?`](ClientRequest::finish) |
//! | `response.status_code`, `status_reason`, `headers`; `yield response.read(4096)` | [`response.status`](ClientResponse::status), [`reason`](ClientResponse::reason), [`headers`](ClientResponse::headers); [`response.read(4096)?`](ClientResponse::read) |
//! | `http+unix://%2Ftmp%2Fs.sock/path` (idiokit's `HTTPUnixAdapter`) | the same URL |
//! | `yield serve_http(handler, host, port)`, `http.server.ThreadingHTTPServer` | [`http::serve_http(handler, host, port)?`](serve_http), then `serve_forever(0.5)` |
//! | `yield serve_unix_domain_socket(handler, path)` | [`http::serve_unix(handler, path)?`](serve_unix) |
//! | `def handler(addr, request, response)` | `\|request: &mut ServerRequest, response: &mut ServerResponse\| -> Result<()>` |
//! | `request.method`, `uri`, `http_version`, `headers`, `yield request.read(n)` | [`ServerRequest`]: `method`, `uri`, `version`, `headers`, [`read(n)`](ServerRequest::read) |
//! | `response.write_status(404)`, `write_headers({...})`, `write(data)`, `finish()` | [`ServerResponse`]: [`write_status(404, "")`](ServerResponse::write_status), [`write_headers(&[...])`](ServerResponse::write_headers), [`write`](ServerResponse::write), [`finish`](ServerResponse::finish) |
//! | `http.client.responses[404]` | [`responses(404)`](responses) |
//!
//! ## A client
//!
//! The body is written in pieces and read in pieces: nothing is held in memory whole.
//!
//! ```no_run
//! use pynet::http;
//!
//! let mut request = http::request("POST", "http://127.0.0.1:8080/echo", &[])?;
//! request.write(b"Hello, ")?;          // no Content-Length given: sent chunked
//! request.write(b"World!")?;
//! let mut response = request.finish()?;
//! println!("{} {}", response.status, response.reason);
//! loop {
//!     let data = response.read(4096)?;
//!     if data.is_empty() {
//!         break;
//!     }
//!     print!("{}", String::from_utf8_lossy(&data));
//! }
//! # Ok::<(), pynet::socket::Error>(())
//! ```
//!
//! ## A server, and a client of it
//!
//! ```
//! use pynet::http::{self, ServerRequest, ServerResponse};
//! use pynet::socket::Result;
//!
//! fn echo(request: &mut ServerRequest, response: &mut ServerResponse) -> Result<()> {
//!     let body = request.read_all()?;
//!     response.write_status(200, "OK")?;
//!     response.write_headers(&[("Content-Length", &body.len().to_string())])?;
//!     response.write(&body)
//! }
//!
//! let server = http::serve_http(echo, "127.0.0.1", 0)?;
//! let url = format!("http://127.0.0.1:{}/", server.server_address.port().unwrap_or(0));
//! std::thread::scope(|s| {
//!     s.spawn(|| server.serve_forever(0.5));
//!     let mut request = http::request("POST", &url, &[("Content-Length", "5")])?;
//!     request.write(b"hello")?;
//!     let mut response = request.finish()?;
//!     assert_eq!(response.status, 200);
//!     assert_eq!(response.read_all()?, b"hello");
//!     server.shutdown();
//!     Ok::<(), pynet::socket::Error>(())
//! })?;
//! # Ok::<(), pynet::socket::Error>(())
//! ```
//!
//! ## What the server answers by itself
//!
//! Keep-alive as HTTP/1.1 has it (an HTTP/1.0 client asks with `Connection: keep-alive`;
//! `Connection: close` ends it). Before your handler runs, a request is refused, with
//! `Connection: close`, for: a malformed request line or fields, a bad or doubled
//! Content-Length, both Content-Length and Transfer-Encoding, Transfer-Encoding in HTTP/1.0,
//! an HTTP/1.1 request without one Host field (400); a request line over
//! [`Limits::max_line`] (414); a header line over it, or over [`Limits::max_headers`] fields
//! or [`Limits::max_head`] bytes (431); a body over [`Limits::max_body`] (413); an Expect
//! other than `100-continue` (417; a `100 Continue` is sent when the handler first reads the
//! body); a transfer coding other than `chunked` (501); a version other than 1.0 and 1.1
//! (505); a head not received within [`Limits::timeout`] (408). A bad chunk size while the
//! handler reads is a 400, if the handler has not answered yet. A handler that fails or
//! panics gets a 500 for its client, and the server goes on.

mod body;
mod client;
mod conn;
mod head;
mod server;
mod url;

pub use client::{Client, ClientRequest, ClientResponse, request};
pub use head::{Headers, Limits};
pub use server::{
    HTTPRequestHandler, HTTPServer, Handler, ServerRequest, ServerResponse, UnixHTTPServer,
    responses, serve_http, serve_http_with, serve_unix, serve_unix_with,
};
