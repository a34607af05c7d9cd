//! Python's `socketserver` module: TCP, UDP and unix servers that hand each request to a
//! handler, one at a time, on a thread of its own, or in a child process.
//!
//! | Python | pynet |
//! |---|---|
//! | `TCPServer`, `UDPServer` | [`TCPServer`], [`UDPServer`] |
//! | `UnixStreamServer`, `UnixDatagramServer` | [`UnixStreamServer`], [`UnixDatagramServer`] |
//! | `ThreadingTCPServer`, `ThreadingUDPServer`, `ThreadingUnix...Server` | [`ThreadingTCPServer`], [`ThreadingUDPServer`], [`ThreadingUnixStreamServer`], [`ThreadingUnixDatagramServer`] |
//! | `ForkingTCPServer`, `ForkingUDPServer`, `ForkingUnix...Server` (3.12) | [`ForkingTCPServer`], [`ForkingUDPServer`], [`ForkingUnixStreamServer`], [`ForkingUnixDatagramServer`] |
//! | `class S(ThreadingMixIn, TCPServer)` | [`Server<Tcp, ThreadingMixIn, H>`](Server), which is [`ThreadingTCPServer<H>`] |
//! | `TCPServer(address, Handler)` | [`TCPServer::new(address, \|\| Handler)`](Server::new) |
//! | `TCPServer(address, Handler, bind_and_activate=False)` | [`Server::new_unbound`], then [`server_bind`](Server::server_bind), [`server_activate`](Server::server_activate) |
//! | `server.serve_forever(poll_interval=0.5)` | [`server.serve_forever(0.5)`](Server::serve_forever) |
//! | `server.handle_request()`, `server.timeout` | [`server.handle_request()`](Server::handle_request) → `bool`, [`server.timeout`](Server::timeout) |
//! | `server.shutdown()` (from another thread) | [`server.shutdown()`](Server::shutdown), or [`server.handle()`](Server::handle)`.shutdown()` |
//! | `server.server_close()`, `with ... as server:` | [`server.server_close()`](Server::server_close), or drop the server |
//! | `server.server_address`, `server.socket`, `server.fileno()` | [`server.server_address`](Server::server_address), [`server.socket`](Server::socket), [`server.fileno()`](Server::fileno) |
//! | `allow_reuse_address`, `allow_reuse_port`, `request_queue_size`, `max_packet_size` | the same fields of [`Server`] |
//! | `daemon_threads`, `block_on_close`, `max_children`, `active_children` | the same fields, and [`active_children()`](Server::active_children) |
//! | a cap on handler threads, their stack size | [`max_threads`](Server::max_threads), [`thread_stack_size`](Server::thread_stack_size) (pynet's) |
//! | overriding `handle_error` | [`server.set_handle_error(...)`](Server::set_handle_error); the default is [`print_handler_error`] |
//! | `class H(BaseRequestHandler)`: `setup`, `handle`, `finish` | `impl` [`BaseRequestHandler<R>`] `for H` |
//! | `class H(StreamRequestHandler)`: `self.request`, `self.rfile`, `self.wfile` | `impl BaseRequestHandler<`[`StreamRequest`]`> for H`: `req.request`, `req.rfile`, `req.wfile` |
//! | `class H(DatagramRequestHandler)`: `self.packet`, `self.socket`, `self.wfile` | `impl BaseRequestHandler<`[`DatagramRequest`]`> for H`: `req.packet`, `req.socket`, `req.wfile` |
//!
//! ## A first server, beside Python's
//!
//! ```python
//! import socketserver
//!
//! class Echo(socketserver.StreamRequestHandler):
//!     def handle(self):
//!         for line in self.rfile:
//!             self.wfile.write(line)
//!
//! with socketserver.ThreadingTCPServer(("127.0.0.1", 0), Echo) as server:
//!     server.serve_forever()
//! ```
//!
//! ```no_run
//! use pynet::socket::Result;
//! use pynet::socketserver::{BaseRequestHandler, StreamRequest, ThreadingTCPServer};
//!
//! struct Echo;
//!
//! impl BaseRequestHandler<StreamRequest> for Echo {
//!     fn handle(&mut self, req: &mut StreamRequest) -> Result<()> {
//!         for line in &mut req.rfile {
//!             req.wfile.write(&line?)?;
//!         }
//!         Ok(())
//!     }
//! }
//!
//! let server = ThreadingTCPServer::new(("127.0.0.1", 0), || Echo)?;
//! server.serve_forever(0.5)?;
//! # Ok::<(), pynet::socket::Error>(())
//! ```
//!
//! Python's class becomes a type implementing [`BaseRequestHandler`]; what Python's `self`
//! holds comes as `req`; the class given to the server becomes a function making a handler
//! (`|| Echo`), called once per request as Python instantiates the class once per request.
//! The `with` block's `server_close()` is the server's drop.
//!
//! And with a client and a shutdown, all in one program:
//!
//! ```
//! use pynet::socket::{self, Result};
//! use pynet::socketserver::{StreamRequest, ThreadingTCPServer};
//!
//! let echo = || |req: &mut StreamRequest| -> Result<()> {
//!     for line in &mut req.rfile {
//!         req.wfile.write(&line?)?;
//!     }
//!     Ok(())
//! };
//! let server = ThreadingTCPServer::new(("127.0.0.1", 0), echo)?;
//! std::thread::scope(|s| {
//!     s.spawn(|| server.serve_forever(0.5));
//!     let client = socket::create_connection(&server.server_address, Some(5.0), None)?;
//!     client.sendall(b"hello\n")?;
//!     assert_eq!(client.recv(1024)?, b"hello\n");
//!     server.shutdown();
//!     Ok::<(), socket::Error>(())
//! })?;
//! # Ok::<(), socket::Error>(())
//! ```
//!
//! ## Where pynet differs
//!
//! * `shutdown()` wakes the loop at once instead of at its next `poll_interval`; called when
//!   no loop runs it returns at once (Python's waits for a loop to start and stop); called
//!   from the loop's own thread (a handler of a non-threading server) it does not deadlock.
//! * A handler's error or panic is reported with the last line of what Python's traceback
//!   would be (`ConnectionResetError: [Errno 104] Connection reset by peer`, `panic: boom`).
//! * A TCP or UDP server is IPv6 when its address is (Python subclasses with
//!   `address_family = AF_INET6`).
//! * A forking server waits only for its own children, never `waitpid(-1)`.

mod forking;
mod handlers;
mod kinds;
mod server;
mod shutdown;
// fork, waitpid, _exit and poll need libc calls, hence unsafe: kept in this one file.
#[allow(unsafe_code)]
mod sys;
mod threading;

pub use forking::ForkingMixIn;
pub use handlers::{
    BaseRequestHandler, DatagramRequest, HandlerError, Request, Rfile, StreamRequest, Wfile,
    print_handler_error,
};
pub use kinds::{Kind, Tcp, Udp, UnixDatagram, UnixStream};
pub use server::{MixIn, Sequential, Server};
pub use shutdown::ServerHandle;
pub use threading::ThreadingMixIn;

/// Python's `socketserver.TCPServer`: one request at a time, in the loop.
pub type TCPServer<H> = Server<Tcp, Sequential, H>;
/// Python's `socketserver.UDPServer`: one datagram at a time, in the loop.
pub type UDPServer<H> = Server<Udp, Sequential, H>;
/// Python's `socketserver.UnixStreamServer`.
pub type UnixStreamServer<H> = Server<UnixStream, Sequential, H>;
/// Python's `socketserver.UnixDatagramServer`.
pub type UnixDatagramServer<H> = Server<UnixDatagram, Sequential, H>;
/// Python's `socketserver.ThreadingTCPServer`: a thread per connection.
pub type ThreadingTCPServer<H> = Server<Tcp, ThreadingMixIn, H>;
/// Python's `socketserver.ThreadingUDPServer`: a thread per datagram.
pub type ThreadingUDPServer<H> = Server<Udp, ThreadingMixIn, H>;
/// Python's `socketserver.ThreadingUnixStreamServer`.
pub type ThreadingUnixStreamServer<H> = Server<UnixStream, ThreadingMixIn, H>;
/// Python's `socketserver.ThreadingUnixDatagramServer`.
pub type ThreadingUnixDatagramServer<H> = Server<UnixDatagram, ThreadingMixIn, H>;
/// Python's `socketserver.ForkingTCPServer`: a child process per connection.
pub type ForkingTCPServer<H> = Server<Tcp, ForkingMixIn, H>;
/// Python's `socketserver.ForkingUDPServer`: a child process per datagram.
pub type ForkingUDPServer<H> = Server<Udp, ForkingMixIn, H>;
/// Python 3.12's `socketserver.ForkingUnixStreamServer`.
pub type ForkingUnixStreamServer<H> = Server<UnixStream, ForkingMixIn, H>;
/// Python 3.12's `socketserver.ForkingUnixDatagramServer`.
pub type ForkingUnixDatagramServer<H> = Server<UnixDatagram, ForkingMixIn, H>;
