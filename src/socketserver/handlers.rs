//! Request handlers: Python's `BaseRequestHandler`, `StreamRequestHandler` and
//! `DatagramRequestHandler`.
//!
//! Python makes one handler object per request, whose `__init__` runs `setup()`, `handle()`
//! and `finish()`; the subclass you pick decides what `self` holds. pynet splits that in two:
//!
//! * your handler type implements [`BaseRequestHandler<R>`] (`handle`, and `setup` and
//!   `finish` when you need them), and the server builds one per request from the function
//!   you give it (`|| Echo`, the twin of passing the class `Echo`);
//! * what Python's `self` holds comes in the request, `R`: a [`StreamRequest`] (the
//!   connection, its address, buffered `rfile` and `wfile`) for stream servers, a
//!   [`DatagramRequest`] (the packet, the socket, `rfile` and a `wfile` sent back when the
//!   handler is done) for datagram servers.
//!
//! ```python
//! class Echo(socketserver.StreamRequestHandler):
//!     def handle(self):
//!         for line in self.rfile:
//!             self.wfile.write(line)
//! ```
//! ```
//! use pynet::socket::Result;
//! use pynet::socketserver::{BaseRequestHandler, StreamRequest};
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
//! ```
//!
//! The base classes' own `setup` and `finish` (making the files, sending the reply) run
//! around yours, so yours never need Python's `super().setup()`.

use std::any::Any;
use std::fmt;
use std::io::{self, BufRead, BufReader, Cursor, Read, Write};
use std::sync::Arc;

use super::shutdown::ServerHandle;
use crate::socket::{Address, Error, Result, SHUT_WR, Socket};

/// Python's `BaseRequestHandler`: what a server runs for each request `R` (a
/// [`StreamRequest`] or a [`DatagramRequest`]).
///
/// `setup` runs first; if it succeeds, `handle` runs and then `finish`, even when `handle`
/// failed, as in Python's `__init__`. An error returned, or a panic, goes to the server's
/// `handle_error` and the server goes on serving.
///
/// ```python
/// class Hello(socketserver.BaseRequestHandler):
///     def handle(self):
///         self.request.sendall(b"hello\n")
/// ```
/// ```
/// use pynet::socket::Result;
/// use pynet::socketserver::{BaseRequestHandler, StreamRequest};
///
/// struct Hello;
///
/// impl BaseRequestHandler<StreamRequest> for Hello {
///     fn handle(&mut self, req: &mut StreamRequest) -> Result<()> {
///         req.request.sendall(b"hello\n")
///     }
/// }
/// ```
///
/// A closure `|req: &mut StreamRequest| -> Result<()> { ... }` is a handler too (its
/// `handle`), so a server can take `|| |req: &mut StreamRequest| ...`.
pub trait BaseRequestHandler<R> {
    /// Python's `setup()`: runs before `handle` (the default does nothing).
    fn setup(&mut self, request: &mut R) -> Result<()> {
        let _ = request;
        Ok(())
    }

    /// Python's `handle()`: serves the request.
    fn handle(&mut self, request: &mut R) -> Result<()>;

    /// Python's `finish()`: runs after `handle`, even when `handle` failed (the default does
    /// nothing).
    fn finish(&mut self, request: &mut R) -> Result<()> {
        let _ = request;
        Ok(())
    }
}

impl<R, F: FnMut(&mut R) -> Result<()>> BaseRequestHandler<R> for F {
    fn handle(&mut self, request: &mut R) -> Result<()> {
        self(request)
    }
}

/// What a request handler gets: [`StreamRequest`] or [`DatagramRequest`].
pub trait Request: sealed::RequestParts {}

pub(crate) mod sealed {
    use super::*;

    /// How a server gets a request of this shape and closes it: the parts of Python's
    /// `get_request`, `setup`, `finish` and `shutdown_request` that a handler does not see.
    pub trait RequestParts: Sized + 'static {
        /// What `get_request` returns besides the client address.
        type Incoming: Send + 'static;

        /// Python's `get_request()`: `accept()` or `recvfrom(max_packet_size)`.
        fn get_request(
            socket: &Arc<Socket>,
            max_packet_size: usize,
        ) -> Result<(Self::Incoming, Address)>;

        /// The base handler's `setup()`: the request as the handler sees it.
        fn open(incoming: Self::Incoming, client_address: Address, server: ServerHandle) -> Self;

        /// The base handler's `finish()`, run after `handle` when `setup` succeeded (a
        /// datagram handler sends what it wrote to `wfile`).
        fn finish(&mut self) -> Result<()>;

        /// The server's `shutdown_request`, after `handle_error` has seen any failure.
        fn shutdown_request(self);
    }
}

/// What Python's `StreamRequestHandler` holds in `self`: the connection, the client's
/// address, and the connection as buffered files.
///
/// | Python (`self.`) | pynet (`req.`) |
/// |---|---|
/// | `request`, `connection` | [`request`](StreamRequest::request): the connected [`Socket`] |
/// | `client_address` | [`client_address`](StreamRequest::client_address) |
/// | `rfile.readline()`, `for line in rfile` | [`rfile.readline()`](Rfile::readline), `for line in &mut req.rfile` |
/// | `wfile.write(data)` | [`wfile.write(&data)`](Wfile::write) |
/// | `server.shutdown()` | [`server.shutdown()`](ServerHandle::shutdown) |
/// | class attribute `timeout = 5` | `req.request.settimeout(Some(5.0))` in `setup` |
/// | class attribute `disable_nagle_algorithm = True` | `req.request.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)` in `setup` |
///
/// When the handler is done, the server shuts the sending side down and closes the
/// connection, as Python's `shutdown_request` does.
#[derive(Debug)]
pub struct StreamRequest {
    /// Python's `self.request` (also `self.connection`): the connected socket. `rfile` and
    /// `wfile` read and write through it.
    pub request: Arc<Socket>,
    /// Python's `self.client_address`: `('127.0.0.1', 50412)`, or a path (often `''`) for a
    /// unix socket.
    pub client_address: Address,
    /// Python's `self.rfile`: the connection read through an 8 KiB buffer.
    pub rfile: Rfile,
    /// Python's `self.wfile`: writes go straight to the connection (`sendall`), as with
    /// Python's default `wbufsize = 0`.
    pub wfile: Wfile,
    /// Python's `self.server`.
    pub server: ServerHandle,
}

impl Request for StreamRequest {}

impl sealed::RequestParts for StreamRequest {
    type Incoming = Socket;

    fn get_request(socket: &Arc<Socket>, _: usize) -> Result<(Socket, Address)> {
        socket.accept()
    }

    fn open(connection: Socket, client_address: Address, server: ServerHandle) -> StreamRequest {
        let request = Arc::new(connection);
        StreamRequest {
            rfile: Rfile::new(Arc::clone(&request)),
            wfile: Wfile(Arc::clone(&request)),
            request,
            client_address,
            server,
        }
    }

    fn finish(&mut self) -> Result<()> {
        // `wfile` writes through at once (Python's `wbufsize = 0`): nothing left to flush.
        Ok(())
    }

    fn shutdown_request(self) {
        // Python ignores this one's errors: the peer may be gone already (ENOTCONN). The
        // connection closes when the last reference to it (a handler may keep one) is gone.
        let _ = self.request.shutdown(SHUT_WR);
    }
}

/// The size of `rfile`'s buffer: Python's `io.DEFAULT_BUFFER_SIZE`.
const BUFFER_SIZE: usize = 8192;

/// A shared socket as `Read`, for `Rfile`'s buffer.
#[derive(Debug)]
struct SocketReader(Arc<Socket>);

impl Read for SocketReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        (&*self.0).read(buf)
    }
}

/// Python's `self.rfile` of a stream handler: the connection, buffered for reading.
///
/// It is `BufRead` (`read_until`, `read_line`) and `Read` (`read_exact`, `read_to_end`), has
/// Python's [`readline`](Rfile::readline), and iterates over lines as a Python file does:
/// each line keeps its `\n`, and the iteration ends when the peer closes.
///
/// ```python
/// for line in self.rfile:
///     ...
/// ```
/// ```no_run
/// # use pynet::socketserver::StreamRequest;
/// # fn f(req: &mut StreamRequest) -> pynet::socket::Result<()> {
/// for line in &mut req.rfile {
///     let line: Vec<u8> = line?;
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Rfile {
    reader: BufReader<SocketReader>,
    /// Set after an error, so that iteration stops instead of failing for ever.
    failed: bool,
}

impl Rfile {
    fn new(socket: Arc<Socket>) -> Rfile {
        Rfile {
            reader: BufReader::with_capacity(BUFFER_SIZE, SocketReader(socket)),
            failed: false,
        }
    }

    /// Python's `rfile.readline()`: one line with its `\n`; empty when the peer closed.
    ///
    /// ```python
    /// line = self.rfile.readline()
    /// ```
    /// ```no_run
    /// # use pynet::socketserver::StreamRequest;
    /// # fn f(req: &mut StreamRequest) -> pynet::socket::Result<()> {
    /// let line = req.rfile.readline()?;
    /// # Ok(()) }
    /// ```
    pub fn readline(&mut self) -> Result<Vec<u8>> {
        let mut line = Vec::new();
        self.reader.read_until(b'\n', &mut line)?;
        Ok(line)
    }
}

impl Read for Rfile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.reader.read(buf)
    }
}

impl BufRead for Rfile {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.reader.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        self.reader.consume(amount);
    }
}

impl Iterator for Rfile {
    type Item = Result<Vec<u8>>;

    /// The next line, `\n` included, until the peer closes (Python's `for line in rfile`).
    fn next(&mut self) -> Option<Result<Vec<u8>>> {
        if self.failed {
            return None;
        }
        match self.readline() {
            Ok(line) if line.is_empty() => None,
            Ok(line) => Some(Ok(line)),
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

/// Python's `self.wfile` of a stream handler: each write sends all of its bytes at once
/// (`sendall`), as Python's unbuffered `_SocketWriter` does. It is `Write` too, so `write!`
/// works.
///
/// ```python
/// self.wfile.write(b"hello\n")
/// ```
/// ```no_run
/// # use pynet::socketserver::StreamRequest;
/// # fn f(req: &mut StreamRequest) -> pynet::socket::Result<()> {
/// req.wfile.write(b"hello\n")?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct Wfile(Arc<Socket>);

impl Wfile {
    /// Sends all of `data`; returns its length, as Python's `wfile.write` does.
    pub fn write(&mut self, data: &[u8]) -> Result<usize> {
        self.0.sendall(data)?;
        Ok(data.len())
    }
}

impl Write for Wfile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(Wfile::write(self, buf)?)
    }

    /// Nothing is buffered: nothing to flush.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// What Python's `DatagramRequestHandler` holds in `self`: the packet, the server's socket,
/// the client's address, the packet as a file to read, and a reply buffer.
///
/// When the handler is done, what it wrote to `wfile` goes back to the client in one
/// datagram (`socket.sendto(wfile, client_address)`), an empty one if it wrote nothing, as
/// in Python.
///
/// ```python
/// class Upper(socketserver.DatagramRequestHandler):
///     def handle(self):
///         self.wfile.write(self.packet.upper())
/// ```
/// ```
/// use pynet::socket::Result;
/// use pynet::socketserver::{BaseRequestHandler, DatagramRequest};
///
/// struct Upper;
///
/// impl BaseRequestHandler<DatagramRequest> for Upper {
///     fn handle(&mut self, req: &mut DatagramRequest) -> Result<()> {
///         req.wfile.extend(req.packet.to_ascii_uppercase());
///         Ok(())
///     }
/// }
/// ```
#[derive(Debug)]
pub struct DatagramRequest {
    /// Python's `self.packet`: the datagram's bytes (at most the server's `max_packet_size`).
    pub packet: Vec<u8>,
    /// Python's `self.socket`: the server's socket, to send other datagrams with.
    pub socket: Arc<Socket>,
    /// Python's `self.client_address`.
    pub client_address: Address,
    /// Python's `self.rfile` (`BytesIO(packet)`): the packet as a file to read.
    pub rfile: Cursor<Vec<u8>>,
    /// Python's `self.wfile` (`BytesIO()`): the reply, sent when the handler is done.
    pub wfile: Vec<u8>,
    /// Python's `self.server`.
    pub server: ServerHandle,
}

impl Request for DatagramRequest {}

impl sealed::RequestParts for DatagramRequest {
    type Incoming = (Vec<u8>, Arc<Socket>);

    fn get_request(
        socket: &Arc<Socket>,
        max_packet_size: usize,
    ) -> Result<((Vec<u8>, Arc<Socket>), Address)> {
        let (packet, client_address) = socket.recvfrom(max_packet_size)?;
        Ok(((packet, Arc::clone(socket)), client_address))
    }

    fn open(
        (packet, socket): (Vec<u8>, Arc<Socket>),
        client_address: Address,
        server: ServerHandle,
    ) -> DatagramRequest {
        DatagramRequest {
            rfile: Cursor::new(packet.clone()),
            packet,
            socket,
            client_address,
            wfile: Vec::new(),
            server,
        }
    }

    fn finish(&mut self) -> Result<()> {
        self.socket.sendto(&self.wfile, &self.client_address)?;
        Ok(())
    }

    fn shutdown_request(self) {
        // The server's one socket serves every datagram: nothing to close.
    }
}

/// Why a request failed, as `handle_error` is told: an error the handler returned, or a
/// panic.
#[derive(Debug)]
pub enum HandlerError {
    /// The handler (or the server, sending a datagram reply) returned this error.
    Raised(Error),
    /// The handler panicked with this message.
    Panicked(String),
}

impl HandlerError {
    /// The message of a panic's payload (`panic!("boom")` gives `boom`).
    pub(crate) fn from_panic(payload: Box<dyn Any + Send>) -> HandlerError {
        let message = match payload.downcast::<String>() {
            Ok(text) => *text,
            Err(payload) => match payload.downcast::<&'static str>() {
                Ok(text) => (*text).to_string(),
                Err(_) => "Box<dyn Any>".to_string(),
            },
        };
        HandlerError::Panicked(message)
    }
}

impl fmt::Display for HandlerError {
    /// The last line of the traceback Python would print: `ConnectionResetError: [Errno
    /// 104] Connection reset by peer`, or `panic: boom`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandlerError::Raised(e) => write!(f, "{e:?}"),
            HandlerError::Panicked(message) => write!(f, "panic: {message}"),
        }
    }
}

/// Python's default `handle_error`: a block on stderr between two lines of 40 dashes,
///
/// ```text
/// ----------------------------------------
/// Exception occurred during processing of request from ('127.0.0.1', 50412)
/// ConnectionResetError: [Errno 104] Connection reset by peer
/// ----------------------------------------
/// ```
///
/// where Python prints the whole traceback and pynet its last line (a panic's location is
/// printed above the block by Rust's panic hook).
pub fn print_handler_error(client_address: &Address, error: &HandlerError) {
    let rule = "-".repeat(40);
    // One write, so that the blocks of two failing threads do not interleave.
    eprint!(
        "{rule}\nException occurred during processing of request from {client_address}\n{error}\n{rule}\n"
    );
}
