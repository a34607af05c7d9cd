//! # pynet: Python's network modules, in blocking Rust
//!
//! pynet mirrors Python's network modules one-to-one, so that a line of Python socket code
//! becomes one line of Rust. Names, argument order, defaults, addresses and error messages are
//! Python's own; the course that comes with pynet teaches network programming with them.
//!
//! | Python module | pynet module | state |
//! |---|---|---|
//! | `socket` | [`pynet::socket`](socket) | here |
//! | `socketserver` | [`pynet::socketserver`](socketserver) | here |
//! | `select` | [`pynet::select`](select) | here |
//! | `ssl` | [`pynet::ssl`](ssl) (rustls) | here |
//! | `urllib.request` | [`pynet::urllib`](urllib) (ureq) | here |
//! | idiokit's `http` | [`pynet::http`](http) | here |
//! | ntplib | [`pynet::ntp`](ntp) | here |
//! | idiokit's `dns` | [`pynet::dns`](dns) | here |
//! | `xmlrpc`, idiokit's `irc`, `xmpp` | `pynet::xmlrpc`, `pynet::irc`, `pynet::xmpp` | planned |
//!
//! ## A first server and client
//!
//! The Python:
//!
//! ```python
//! import socket
//!
//! server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
//! server.bind(("127.0.0.1", 0))
//! server.listen(5)
//!
//! client = socket.create_connection(server.getsockname())
//! conn, address = server.accept()
//! client.sendall(b"hello")
//! conn.sendall(conn.recv(1024))   # echo it back
//! print(client.recv(1024))        # b'hello'
//! ```
//!
//! and the same in pynet:
//!
//! ```
//! use pynet::socket::{self, AF_INET, SOCK_STREAM, Socket};
//!
//! let server = Socket::new(AF_INET, SOCK_STREAM, 0)?;
//! server.bind(("127.0.0.1", 0))?;
//! server.listen(5)?;
//!
//! let client = socket::create_connection(server.getsockname()?, None, None)?;
//! let (conn, _address) = server.accept()?;
//! client.sendall(b"hello")?;
//! conn.sendall(&conn.recv(1024)?)?;   // echo it back
//! assert_eq!(client.recv(1024)?, b"hello");
//! # Ok::<(), socket::Error>(())
//! ```
//!
//! ## Errors are Python's
//!
//! ```python
//! try:
//!     socket.create_connection(("127.0.0.1", 1))
//! except ConnectionRefusedError as e:
//!     print(e)                    # [Errno 111] Connection refused
//! ```
//!
//! ```
//! use pynet::socket::{self, Exception};
//!
//! match socket::create_connection(("127.0.0.1", 1), None, None) {
//!     Err(e) if e.is_instance(Exception::ConnectionRefusedError) => {
//!         assert_eq!(e.to_string(), "[Errno 111] Connection refused");
//!     }
//!     other => panic!("expected a refusal, got {other:?}"),
//! }
//! ```
//!
//! pynet is blocking and uses threads, not async: one thread per connection is the server
//! model the course teaches. It runs on Linux (it calls glibc's resolver functions, as
//! CPython does).

#![deny(missing_docs)]
// Every unsafe block sits in `socket/sys.rs`, which alone is allowed to hold one.
#![deny(unsafe_code)]

mod calendar;
pub mod dns;
pub mod http;
pub mod ntp;
pub mod select;
pub mod socket;
pub mod socketserver;
pub mod ssl;
pub mod urllib;

/// The course book's chapters, so that `cargo test --doc` compiles and runs every Rust snippet
/// typed into them: no code in the book can rot. Listings included from `lessons/` are fenced
/// `rust,ignore` there, because they are built and tested as the lesson programs themselves.
#[cfg(doctest)]
mod book {
    #[doc = include_str!("../book/src/intro.md")]
    struct Introduction;
    #[doc = include_str!("../book/src/ch01-sockets.md")]
    struct Chapter01Sockets;
    #[doc = include_str!("../book/src/ch02-hosts.md")]
    struct Chapter02Hosts;
    #[doc = include_str!("../book/src/ch03-addresses.md")]
    struct Chapter03Addresses;
    #[doc = include_str!("../book/src/ch04-getaddrinfo.md")]
    struct Chapter04Getaddrinfo;
    #[doc = include_str!("../book/src/ch05-clients.md")]
    struct Chapter05Clients;
    #[doc = include_str!("../book/src/ch06-options.md")]
    struct Chapter06Options;
    #[doc = include_str!("../book/src/ch07-echo.md")]
    struct Chapter07Echo;
    #[doc = include_str!("../book/src/ch08-framing.md")]
    struct Chapter08Framing;
    #[doc = include_str!("../book/src/ch09-udp-time.md")]
    struct Chapter09UdpTime;
    #[doc = include_str!("../book/src/ch10-servers.md")]
    struct Chapter10Servers;
    #[doc = include_str!("../book/src/ch11-tls.md")]
    struct Chapter11Tls;
    #[doc = include_str!("../book/src/ch12-http.md")]
    struct Chapter12Http;
    #[doc = include_str!("../book/src/ch13-dns.md")]
    struct Chapter13Dns;
}
