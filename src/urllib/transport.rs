//! How `urlopen` reaches the server: pynet's own sockets under ureq, as Python's urllib uses
//! its socket and ssl modules. The connection is `socket.create_connection((host, port),
//! timeout)`, wrapped by `context.wrap_socket(sock, server_hostname=host)` for `https`, so
//! every failure is the exception Python would raise, with Python's text.

use std::fmt;
use std::sync::Arc;

use ureq::unversioned::resolver::{ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, LazyBuffers, NextTimeout, Transport,
};

use crate::socket::{self, Socket};
use crate::ssl::{SSLContext, SSLSocket};

/// A ureq agent with `config` that connects through pynet, every step under `timeout`, with
/// `context` for `https`.
pub(crate) fn agent(
    config: ureq::config::Config,
    timeout: Option<f64>,
    context: Arc<SSLContext>,
) -> ureq::Agent {
    let connector = PythonConnector { timeout, context };
    ureq::Agent::with_parts(config, connector, NoResolver)
}

/// An error met while reading the answer, which Python's `urlopen` lets through as it is
/// (`TimeoutError`, `ConnectionResetError`); any other pynet error inside a ureq error came
/// from connecting or sending and becomes the reason of a `URLError`.
#[derive(Debug)]
pub(crate) struct WhileReading(pub(crate) socket::Error);

impl fmt::Display for WhileReading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for WhileReading {}

/// ureq resolves names before it connects; pynet's `create_connection` resolves them itself
/// (with Python's `gaierror` when that fails), so ureq's look-up is skipped.
#[derive(Debug)]
struct NoResolver;

impl Resolver for NoResolver {
    fn resolve(
        &self,
        _uri: &ureq::http::Uri,
        _config: &ureq::config::Config,
        _timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let mut addresses = self.empty();
        addresses.push(([0, 0, 0, 0], 0).into());
        Ok(addresses)
    }
}

/// Opens the connection as Python's `http.client` does.
struct PythonConnector {
    timeout: Option<f64>,
    context: Arc<SSLContext>,
}

impl fmt::Debug for PythonConnector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PythonConnector")
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Connector for PythonConnector {
    type Out = PythonTransport;

    fn connect(
        &self,
        details: &ConnectionDetails,
        _chained: Option<()>,
    ) -> Result<Option<PythonTransport>, ureq::Error> {
        self.open(details)
            .map(Some)
            .map_err(|e| ureq::Error::Other(Box::new(e)))
    }
}

impl PythonConnector {
    /// `create_connection((host, port), timeout)`, then the TLS handshake for `https`.
    fn open(&self, details: &ConnectionDetails) -> socket::Result<PythonTransport> {
        let uri = details.uri;
        let host = uri
            .host()
            .unwrap_or_default()
            .trim_start_matches('[')
            .trim_end_matches(']');
        let tls = details.needs_tls();
        let port = uri.port_u16().unwrap_or(if tls { 443 } else { 80 });
        let sock = socket::create_connection((host, port), self.timeout, None)?;
        let stream = if tls {
            Stream::Tls(Box::new(self.context.wrap_socket(
                sock,
                false,
                Some(host),
            )?))
        } else {
            Stream::Plain(sock)
        };
        let buffers = LazyBuffers::new(
            details.config.input_buffer_size(),
            details.config.output_buffer_size(),
        );
        Ok(PythonTransport { buffers, stream })
    }
}

/// A plain or a TLS connection (boxed: a TLS session is large).
enum Stream {
    Plain(Socket),
    Tls(Box<SSLSocket>),
}

/// The connection ureq speaks HTTP over. Its socket carries Python's timeout, so ureq's own
/// timeouts are not used.
pub(crate) struct PythonTransport {
    buffers: LazyBuffers,
    stream: Stream,
}

impl fmt::Debug for PythonTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PythonTransport").finish_non_exhaustive()
    }
}

impl Transport for PythonTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, _timeout: NextTimeout) -> Result<(), ureq::Error> {
        let output = &self.buffers.output()[..amount];
        let sent = match &self.stream {
            Stream::Plain(sock) => sock.sendall(output),
            Stream::Tls(sock) => sock.sendall(output),
        };
        sent.map_err(|e| ureq::Error::Other(Box::new(e)))
    }

    fn await_input(&mut self, _timeout: NextTimeout) -> Result<bool, ureq::Error> {
        let input = self.buffers.input_append_buf();
        let received = match &self.stream {
            Stream::Plain(sock) => sock.recv_into(input),
            Stream::Tls(sock) => sock.recv_into(input),
        };
        let amount = received.map_err(|e| ureq::Error::Other(Box::new(WhileReading(e))))?;
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    /// Never reused: `urlopen` makes one connection per request, as Python's does.
    fn is_open(&mut self) -> bool {
        false
    }

    fn is_tls(&self) -> bool {
        matches!(self.stream, Stream::Tls(_))
    }
}
