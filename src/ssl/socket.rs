//! `ssl.SSLSocket`: a TLS connection over a pynet [`Socket`], with the socket's methods.
//!
//! Every call has one deadline, fixed when it starts from the socket's timeout (or the
//! handshake's own), and every socket read and write inside it counts against that deadline,
//! as in Python: a `sendall` of a megabyte or a whole handshake either finishes in time or
//! fails with `timed out`.

use std::io::{self, ErrorKind, Read, Write};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rustls::{CipherSuite, Connection, ProtocolVersion};

use super::cert::PeerCert;
use super::error::{eof_in_handshake, from_rustls};
use crate::socket::{Address, Call, Error, Result, SHUT_RD, Socket};

/// A TLS connection, as Python's `ssl.SSLSocket`; made by
/// [`SSLContext::wrap_socket`](super::SSLContext::wrap_socket).
///
/// Its methods take `&self`; one thread at a time uses the TLS state, so a `recv` that waits
/// holds up a `send` from another thread until it returns (give the socket a timeout, or use
/// one thread per connection).
pub struct SSLSocket {
    sock: Socket,
    tls: Mutex<Connection>,
    verified: bool,
}

/// When one call must be done by: the socket's timeout counted from the call's start.
#[derive(Clone, Copy)]
enum Deadline {
    /// No timeout: block.
    Never,
    /// Timeout 0.0: never wait (`BlockingIOError` when the socket is not ready).
    Now,
    /// Fail with `timed out` after this instant.
    At(Instant),
}

impl Deadline {
    fn after(timeout: Option<f64>) -> Deadline {
        match timeout {
            None => Deadline::Never,
            Some(t) if t <= 0.0 => Deadline::Now,
            Some(t) => Instant::now()
                .checked_add(Duration::from_secs_f64(t))
                .map_or(Deadline::Never, Deadline::At),
        }
    }

    /// A socket call that ends by this deadline.
    fn call<'a>(&self, sock: &'a Socket) -> Result<Call<'a>> {
        let timeout = match *self {
            Deadline::Never => None,
            Deadline::Now => Some(0.0),
            Deadline::At(at) => {
                let left = at.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return Err(Error::timeout());
                }
                Some(left.as_secs_f64())
            }
        };
        Ok(sock.with_timeout(timeout))
    }
}

/// The socket as rustls's source of records, every read under the call's deadline.
struct Wire<'a> {
    sock: &'a Socket,
    deadline: Deadline,
}

impl Read for Wire<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Ok(self.deadline.call(self.sock)?.recv_into(buf)?)
    }
}

/// One call's view of the connection: the TLS state (locked) and the socket under the
/// call's deadline.
struct Session<'a> {
    tls: MutexGuard<'a, Connection>,
    wire: Wire<'a>,
}

impl Session<'_> {
    /// Sends every TLS record rustls has ready, gathered into one `sendall` (records sent
    /// one `send` each would meet Nagle's algorithm and the peer's delayed ACK: 40 ms a
    /// handshake).
    fn flush(&mut self) -> Result<()> {
        let mut records = Vec::new();
        while self.tls.wants_write() {
            self.tls.write_tls(&mut records)?;
        }
        if records.is_empty() {
            return Ok(());
        }
        self.wire.deadline.call(self.wire.sock)?.sendall(&records)
    }

    /// Reads what the peer sent and lets rustls process it; `false` when the peer closed the
    /// TCP connection. A TLS error is sent to the peer as an alert (if possible) and returned.
    fn receive(&mut self) -> Result<bool> {
        let n = self.tls.read_tls(&mut self.wire)?;
        if let Err(error) = self.tls.process_new_packets() {
            let _ = self.flush();
            return Err(from_rustls(error));
        }
        Ok(n > 0)
    }

    /// Runs the handshake to its end.
    fn handshake(&mut self) -> Result<()> {
        while self.tls.is_handshaking() {
            self.flush()?;
            if self.tls.is_handshaking() && self.tls.wants_read() && !self.receive()? {
                return Err(eof_in_handshake());
            }
        }
        self.flush()
    }

    /// Up to `buffer.len()` bytes of application data; 0 when the peer closed (with or
    /// without TLS's close_notify: Python's `suppress_ragged_eofs=True`).
    fn read(&mut self, buffer: &mut [u8]) -> Result<usize> {
        if buffer.is_empty() {
            return Ok(0);
        }
        loop {
            match self.tls.reader().read(buffer) {
                Ok(n) => return Ok(n),
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    self.flush()?;
                    self.receive()?;
                }
                Err(e) if e.kind() == ErrorKind::UnexpectedEof => return Ok(0),
                Err(e) => return Err(e.into()),
            }
        }
    }

    /// Encrypts some of `data` (as much as rustls buffers at once) and sends it; the count
    /// taken.
    fn write(&mut self, data: &[u8]) -> Result<usize> {
        let n = self.tls.writer().write(data)?;
        self.flush()?;
        Ok(n)
    }
}

impl SSLSocket {
    /// Runs the handshake of a new connection under `timeout` and wraps it.
    pub(crate) fn handshake(
        sock: Socket,
        tls: Connection,
        verified: bool,
        timeout: Option<f64>,
    ) -> Result<SSLSocket> {
        let ssl = SSLSocket {
            sock,
            tls: Mutex::new(tls),
            verified,
        };
        ssl.session(Deadline::after(timeout)).handshake()?;
        Ok(ssl)
    }

    /// The TLS state for one call under `deadline`.
    fn session(&self, deadline: Deadline) -> Session<'_> {
        Session {
            tls: self
                .tls
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
            wire: Wire {
                sock: &self.sock,
                deadline,
            },
        }
    }

    /// A session under the socket's own timeout.
    fn call(&self) -> Session<'_> {
        self.session(Deadline::after(self.sock.gettimeout()))
    }

    /// `tls.recv(bufsize)`: up to `bufsize` bytes of data; empty when the peer closed.
    ///
    /// ```python
    /// data = tls.recv(1024)
    /// ```
    /// ```no_run
    /// # fn f(tls: &pynet::ssl::SSLSocket) -> pynet::socket::Result<()> {
    /// let data = tls.recv(1024)?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// `timed out` after the socket's timeout; `ssl.SSLError` for a TLS failure.
    pub fn recv(&self, bufsize: usize) -> Result<Vec<u8>> {
        let mut buffer = vec![0; bufsize.min(1 << 20)];
        let n = self.recv_into(&mut buffer)?;
        buffer.truncate(n);
        Ok(buffer)
    }

    /// `tls.recv_into(buffer)`: the count of bytes received into `buffer`; 0 when the peer
    /// closed.
    pub fn recv_into(&self, buffer: &mut [u8]) -> Result<usize> {
        self.call().read(buffer)
    }

    /// `tls.send(data)`: sends some of `data` (up to rustls's buffer, 64 KiB) and returns how
    /// much.
    pub fn send(&self, data: &[u8]) -> Result<usize> {
        self.call().write(data)
    }

    /// `tls.sendall(data)`: sends all of `data` before the socket's timeout runs out.
    ///
    /// ```python
    /// tls.sendall(b"GET / HTTP/1.0\r\n\r\n")
    /// ```
    /// ```no_run
    /// # fn f(tls: &pynet::ssl::SSLSocket) -> pynet::socket::Result<()> {
    /// tls.sendall(b"GET / HTTP/1.0\r\n\r\n")?;
    /// # Ok(()) }
    /// ```
    pub fn sendall(&self, data: &[u8]) -> Result<()> {
        let mut session = self.call();
        let mut sent = 0;
        while sent < data.len() {
            sent += session.write(&data[sent..])?;
        }
        Ok(())
    }

    /// `tls.settimeout(t)`: the timeout of every later call (the underlying socket's).
    pub fn settimeout(&self, timeout: Option<f64>) -> Result<()> {
        self.sock.settimeout(timeout)
    }

    /// `tls.gettimeout()`.
    pub fn gettimeout(&self) -> Option<f64> {
        self.sock.gettimeout()
    }

    /// `tls.shutdown(how)`: shuts down the socket. Unlike Python, shutting down the sending
    /// side (`SHUT_WR`, `SHUT_RDWR`) first sends TLS's close_notify, so the peer sees a clean
    /// end of the session.
    pub fn shutdown(&self, how: i32) -> Result<()> {
        if how != SHUT_RD {
            self.close_notify();
        }
        self.sock.shutdown(how)
    }

    /// `tls.close()`: sends close_notify if the socket can take it at once, then closes.
    pub fn close(self) -> Result<()> {
        self.close_notify();
        let SSLSocket { sock, .. } = self;
        sock.close()
    }

    /// Queues and sends TLS's close_notify alert without waiting.
    fn close_notify(&self) {
        let mut session = self.session(Deadline::Now);
        session.tls.send_close_notify();
        let _ = session.flush();
    }

    /// `tls.fileno()`.
    pub fn fileno(&self) -> i32 {
        self.sock.fileno()
    }

    /// `tls.getpeername()`.
    pub fn getpeername(&self) -> Result<Address> {
        self.sock.getpeername()
    }

    /// `tls.getsockname()`.
    pub fn getsockname(&self) -> Result<Address> {
        self.sock.getsockname()
    }

    /// The socket underneath (for options; reading or writing it directly breaks TLS).
    pub fn get_ref(&self) -> &Socket {
        &self.sock
    }

    /// `tls.getpeercert()`: the peer's certificate as Python's dict ([`PeerCert`]).
    ///
    /// `None` when the peer sent none, and (where Python returns `{}`) when the context did
    /// not verify it (`CERT_NONE`): use [`getpeercert_binary`](SSLSocket::getpeercert_binary)
    /// then.
    ///
    /// ```python
    /// cert = tls.getpeercert()
    /// print(cert["subject"], cert["notAfter"])
    /// ```
    /// ```no_run
    /// # fn f(tls: &pynet::ssl::SSLSocket) -> pynet::socket::Result<()> {
    /// if let Some(cert) = tls.getpeercert()? {
    ///     println!("{:?} {}", cert.subject, cert.not_after);
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// `ssl.SSLError` if the certificate cannot be decoded.
    pub fn getpeercert(&self) -> Result<Option<PeerCert>> {
        if !self.verified {
            return Ok(None);
        }
        self.getpeercert_binary()
            .map(|der| PeerCert::from_der(&der))
            .transpose()
    }

    /// `tls.getpeercert(binary_form=True)`: the peer's certificate in DER, verified or not.
    pub fn getpeercert_binary(&self) -> Option<Vec<u8>> {
        let tls = self.tls.lock().unwrap_or_else(|p| p.into_inner());
        tls.peer_certificates()
            .and_then(|chain| chain.first())
            .map(|cert| cert.to_vec())
    }

    /// `tls.version()`: `"TLSv1.3"` or `"TLSv1.2"`.
    pub fn version(&self) -> Option<String> {
        let tls = self.tls.lock().unwrap_or_else(|p| p.into_inner());
        tls.protocol_version().map(version_name)
    }

    /// `tls.cipher()`: `(name, protocol, secret bits)` with OpenSSL's names, as Python's:
    /// `("TLS_AES_256_GCM_SHA384", "TLSv1.3", 256)`,
    /// `("ECDHE-ECDSA-AES128-GCM-SHA256", "TLSv1.2", 128)`.
    pub fn cipher(&self) -> Option<(String, String, u32)> {
        let tls = self.tls.lock().unwrap_or_else(|p| p.into_inner());
        let suite = tls.negotiated_cipher_suite()?;
        let (name, bits) = cipher_name(suite.suite());
        Some((name, version_name(suite.version().version), bits))
    }
}

/// Python's name of a protocol version.
fn version_name(version: ProtocolVersion) -> String {
    match version {
        ProtocolVersion::TLSv1_3 => "TLSv1.3".to_string(),
        ProtocolVersion::TLSv1_2 => "TLSv1.2".to_string(),
        other => format!("{other:?}"),
    }
}

/// OpenSSL's name of a cipher suite and its secret bits.
fn cipher_name(suite: CipherSuite) -> (String, u32) {
    use CipherSuite::*;
    let (name, bits) = match suite {
        TLS13_AES_128_GCM_SHA256 => ("TLS_AES_128_GCM_SHA256", 128),
        TLS13_AES_256_GCM_SHA384 => ("TLS_AES_256_GCM_SHA384", 256),
        TLS13_CHACHA20_POLY1305_SHA256 => ("TLS_CHACHA20_POLY1305_SHA256", 256),
        TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 => ("ECDHE-ECDSA-AES128-GCM-SHA256", 128),
        TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 => ("ECDHE-ECDSA-AES256-GCM-SHA384", 256),
        TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 => ("ECDHE-ECDSA-CHACHA20-POLY1305", 256),
        TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 => ("ECDHE-RSA-AES128-GCM-SHA256", 128),
        TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 => ("ECDHE-RSA-AES256-GCM-SHA384", 256),
        TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 => ("ECDHE-RSA-CHACHA20-POLY1305", 256),
        other => return (format!("{other:?}"), 0),
    };
    (name.to_string(), bits)
}

impl Read for &SSLSocket {
    /// `recv_into`.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Ok(self.recv_into(buf)?)
    }
}

impl Write for &SSLSocket {
    /// `send`; `write_all` sends all.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(self.send(buf)?)
    }

    /// Every `send` already hands its records to the kernel.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Read for SSLSocket {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        (&*self).read(buf)
    }
}

impl Write for SSLSocket {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        (&*self).write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl std::fmt::Debug for SSLSocket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<ssl.SSLSocket {:?}>", self.sock)
    }
}
