//! The connection under a request or a response: a transport (a socket, or TLS on one), read
//! through a buffer, every call under a time limit and, while a head is read, the whole head
//! under one deadline.

use std::io::{ErrorKind, Read};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::socket::timeout::to_nanos;
use crate::socket::{AF_INET, AF_INET6, Error, IPPROTO_TCP, Result, SHUT_WR, Socket, TCP_NODELAY};
use crate::ssl::SSLSocket;

/// What HTTP runs over: a socket, or a TLS session on one. Every call carries its own
/// timeout, idiokit's `timeout=`.
pub(crate) trait Transport: Send + Sync {
    /// Reads what has arrived into `buf`, waiting at most `timeout` seconds; 0 when the peer
    /// closed.
    fn recv_into(&self, buf: &mut [u8], timeout: Option<f64>) -> Result<usize>;
    /// Sends all of `data` within `timeout` seconds.
    fn sendall(&self, data: &[u8], timeout: Option<f64>) -> Result<()>;
    /// Closes the sending side: the peer reads the end of the stream after the last byte.
    fn shutdown_write(&self) -> Result<()>;
}

impl Transport for Socket {
    fn recv_into(&self, buf: &mut [u8], timeout: Option<f64>) -> Result<usize> {
        self.with_timeout(timeout).recv_into(buf)
    }

    fn sendall(&self, data: &[u8], timeout: Option<f64>) -> Result<()> {
        self.with_timeout(timeout).sendall(data)
    }

    fn shutdown_write(&self) -> Result<()> {
        self.shutdown(SHUT_WR)
    }
}

/// A server connection's socket, its receive time limit kept in the kernel (`SO_RCVTIMEO`).
///
/// Waiting for a keep-alive connection's next request is then one blocking `recv`. With a
/// per-call deadline, as `with_timeout` and Python's `settimeout` work, a receive that finds
/// nothing there yet costs a `poll` and a second `recv` as well, and between requests it
/// almost always finds nothing: the server answers faster than the client asks again. The
/// limit is set again only when a receive needs a shorter one (the rest of a head's deadline)
/// or a longer one (the next request's). Sends stay per-call: they rarely wait.
pub(crate) struct ServerSocket {
    socket: Arc<Socket>,
    /// The receive limit set in the kernel (`Some(None)`: none); `None` until the first
    /// receive sets it.
    recv_limit: Mutex<Option<Option<Duration>>>,
}

/// How much longer than asked a receive may wait rather than set its limit again. Each
/// head's deadline starts a moment after its first receive's limit was set, so an exact
/// match would cost a system call per request.
const SLACK: Duration = Duration::from_millis(20);

impl ServerSocket {
    /// Takes over `socket`, which is made blocking: its time limits are the kernel's from now.
    ///
    /// A TCP connection also gets `TCP_NODELAY`. A response written in pieces is sent piece
    /// by piece, and with Nagle's algorithm each small piece after the first would wait for
    /// the client to acknowledge the one before, which the client delays by up to 40 ms.
    pub(crate) fn new(socket: Arc<Socket>) -> Result<ServerSocket> {
        socket.settimeout(None)?;
        if socket.family() == AF_INET || socket.family() == AF_INET6 {
            socket.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)?;
        }
        Ok(ServerSocket {
            socket,
            recv_limit: Mutex::new(None),
        })
    }

    /// Makes the kernel's receive limit `timeout` seconds (`None`: no limit), or keeps one
    /// that is at most [`SLACK`] longer.
    fn limit_receives(&self, timeout: Option<f64>) -> Result<()> {
        // SO_RCVTIMEO counts whole microseconds, and 0 would mean no limit at all.
        let wanted = to_nanos(timeout)?
            .map(|nanos| Duration::from_nanos(nanos.unsigned_abs()).max(Duration::from_micros(1)));
        let mut set = self
            .recv_limit
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let close_enough = match (*set, wanted) {
            (Some(None), None) => true,
            (Some(Some(set)), Some(wanted)) => set >= wanted && set - wanted <= SLACK,
            _ => false,
        };
        if !close_enough {
            self.socket.inner.set_read_timeout(wanted)?;
            *set = Some(wanted);
        }
        Ok(())
    }
}

impl Transport for ServerSocket {
    fn recv_into(&self, buf: &mut [u8], timeout: Option<f64>) -> Result<usize> {
        self.limit_receives(timeout)?;
        loop {
            match (&self.socket.inner).read(buf) {
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                // What a receive says when the kernel's limit runs out.
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Err(Error::timeout()),
                result => return Ok(result?),
            }
        }
    }

    fn sendall(&self, data: &[u8], timeout: Option<f64>) -> Result<()> {
        Transport::sendall(&*self.socket, data, timeout)
    }

    fn shutdown_write(&self) -> Result<()> {
        Transport::shutdown_write(&*self.socket)
    }
}

impl Transport for SSLSocket {
    /// TLS calls run under the socket's own timeout: it is set to `timeout` when it differs.
    fn recv_into(&self, buf: &mut [u8], timeout: Option<f64>) -> Result<usize> {
        self.use_timeout(timeout)?;
        SSLSocket::recv_into(self, buf)
    }

    fn sendall(&self, data: &[u8], timeout: Option<f64>) -> Result<()> {
        self.use_timeout(timeout)?;
        SSLSocket::sendall(self, data)
    }

    /// Sends TLS's close_notify, then shuts the socket's sending side.
    fn shutdown_write(&self) -> Result<()> {
        self.shutdown(SHUT_WR)
    }
}

/// Setting a TLS socket's timeout only when it changes (it is a system call).
trait UseTimeout {
    fn use_timeout(&self, timeout: Option<f64>) -> Result<()>;
}

impl UseTimeout for SSLSocket {
    fn use_timeout(&self, timeout: Option<f64>) -> Result<()> {
        if self.gettimeout() != timeout {
            self.settimeout(timeout)?;
        }
        Ok(())
    }
}

/// How much one receive asks for: Python's `io.DEFAULT_BUFFER_SIZE`, twice.
const RECV_SIZE: usize = 16 * 1024;

/// A line read by [`Reader::line`].
pub(crate) enum Line {
    /// The line, its `\n` (and `\r`) cut off.
    Complete(Vec<u8>),
    /// More than the limit arrived without a `\n`.
    TooLong,
    /// The peer closed before the `\n`.
    Eof,
}

/// The receiving side of a connection, buffered.
pub(crate) struct Reader {
    transport: Arc<dyn Transport>,
    /// Storage for received bytes: those in `pos..end` are not consumed yet.
    buf: Vec<u8>,
    pos: usize,
    end: usize,
    /// The time limit of each receive, in seconds (`None`: no limit).
    pub(crate) timeout: Option<f64>,
    /// When set, every receive must end by then (a whole head within one time limit).
    pub(crate) deadline: Option<Instant>,
}

impl Reader {
    pub(crate) fn new(transport: Arc<dyn Transport>, timeout: Option<f64>) -> Reader {
        Reader {
            transport,
            buf: Vec::new(),
            pos: 0,
            end: 0,
            timeout,
            deadline: None,
        }
    }

    /// The transport, to answer on (a `100 Continue` is sent by the request's reader).
    pub(crate) fn transport(&self) -> &Arc<dyn Transport> {
        &self.transport
    }

    /// The bytes received and not consumed yet.
    pub(crate) fn buffered(&self) -> &[u8] {
        &self.buf[self.pos..self.end]
    }

    /// Marks `n` buffered bytes as consumed.
    pub(crate) fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.end);
        if self.pos == self.end {
            (self.pos, self.end) = (0, 0);
        }
    }

    /// The timeout of the next receive: the reader's, cut to what is left of the deadline.
    fn call_timeout(&self) -> Result<Option<f64>> {
        let Some(deadline) = self.deadline else {
            return Ok(self.timeout);
        };
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        if left <= 0.0 {
            return Err(Error::timeout());
        }
        Ok(Some(self.timeout.map_or(left, |t| t.min(left))))
    }

    /// Receives more bytes after the buffered ones; returns how many (0: the peer closed).
    pub(crate) fn fill(&mut self) -> Result<usize> {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            (self.pos, self.end) = (0, self.end - self.pos);
        }
        let timeout = self.call_timeout()?;
        if self.buf.len() - self.end < RECV_SIZE {
            self.buf.resize(self.end + RECV_SIZE, 0);
        }
        let received = self
            .transport
            .recv_into(&mut self.buf[self.end..], timeout)?;
        self.end += received;
        Ok(received)
    }

    /// Reads into `out`: buffered bytes first, else one receive (straight into `out` when it
    /// is large). Returns 0 only when the peer closed (or `out` is empty).
    pub(crate) fn read_into(&mut self, out: &mut [u8]) -> Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        if self.buffered().is_empty() {
            if out.len() >= RECV_SIZE {
                let timeout = self.call_timeout()?;
                return self.transport.recv_into(out, timeout);
            }
            if self.fill()? == 0 {
                return Ok(0);
            }
        }
        let n = out.len().min(self.buffered().len());
        out[..n].copy_from_slice(&self.buffered()[..n]);
        self.consume(n);
        Ok(n)
    }

    /// One line of at most `max` bytes, without its line end (`\n` or `\r\n`).
    pub(crate) fn line(&mut self, max: usize) -> Result<Line> {
        let mut searched = 0;
        loop {
            let buffered = self.buffered();
            if let Some(at) = buffered[searched..].iter().position(|&b| b == b'\n') {
                let end = searched + at;
                let line = &buffered[..end];
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                if line.len() > max {
                    return Ok(Line::TooLong);
                }
                let line = line.to_vec();
                self.consume(end + 1);
                return Ok(Line::Complete(line));
            }
            searched = buffered.len();
            if searched > max + 1 {
                return Ok(Line::TooLong);
            }
            if self.fill()? == 0 {
                return Ok(Line::Eof);
            }
        }
    }
}
