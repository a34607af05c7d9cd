//! `makefile`: a socket seen as a buffered file, for line-by-line protocols.
//!
//! ```python
//! f = conn.makefile("rwb")
//! line = f.readline()
//! f.write(b"echo: " + line)
//! f.flush()
//! ```
//! ```no_run
//! # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
//! # let conn = Socket::new(AF_INET, SOCK_STREAM, 0)?;
//! use std::io::Write;
//! let mut f = conn.makefile("rwb")?;
//! let line = f.readline()?;
//! f.write_all(b"echo: ")?;
//! f.write_all(&line)?;
//! f.flush()?;
//! # Ok::<(), pynet::socket::Error>(())
//! ```

use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};

use super::error::{Error, Exception, Result};
use super::object::Socket;
use super::repr::str_repr;

/// The buffer size of Python's buffered files (`io.DEFAULT_BUFFER_SIZE`).
const BUFFER_SIZE: usize = 8192;

/// A socket as a buffered file: reading side, writing side, or both, as the `makefile` mode
/// asks. Each side holds its own duplicate of the descriptor, so the file stays usable after
/// the socket is dropped, as in Python.
///
/// Reading is `BufRead` (`read_line`, `lines`, `read_until`) plus Python's
/// [`readline`](SocketFile::readline); writing is `Write`, buffered until `flush` (or drop).
/// Text modes (`"r"`, `"w"`) give the same bytes as binary ones: decode with
/// `String::from_utf8` where Python would have decoded for you.
#[derive(Debug)]
pub struct SocketFile {
    reader: Option<BufReader<Socket>>,
    writer: Option<BufWriter<Socket>>,
}

impl Socket {
    /// A buffered file over this socket. `mode` holds `r` (read), `w` (write) and `b`
    /// (binary); with no `w`, the file reads.
    ///
    /// ```python
    /// rfile = conn.makefile("rb")
    /// ```
    /// ```no_run
    /// # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// # let conn = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// let mut rfile = conn.makefile("rb")?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// # Errors
    /// `ValueError: invalid mode 'x' (only r, w, b allowed)`.
    pub fn makefile(&self, mode: &str) -> Result<SocketFile> {
        if !mode.chars().all(|c| matches!(c, 'r' | 'w' | 'b')) {
            return Err(Error::new(
                Exception::ValueError,
                format!("invalid mode {} (only r, w, b allowed)", str_repr(mode)),
            ));
        }
        let writing = mode.contains('w');
        let reading = mode.contains('r') || !writing;
        let reader = reading
            .then(|| self.dup().map(|s| BufReader::with_capacity(BUFFER_SIZE, s)))
            .transpose()?;
        let writer = writing
            .then(|| self.dup().map(|s| BufWriter::with_capacity(BUFFER_SIZE, s)))
            .transpose()?;
        Ok(SocketFile { reader, writer })
    }
}

/// Python's `io.UnsupportedOperation` for the side a mode left out.
fn unsupported(operation: &str) -> io::Error {
    Error::new(Exception::UnsupportedOperation, operation).into()
}

impl SocketFile {
    /// Reads one line, newline included; an empty result means the peer closed.
    ///
    /// ```python
    /// line = rfile.readline()
    /// ```
    /// ```no_run
    /// # use pynet::socket::{AF_INET, SOCK_STREAM, Socket};
    /// # let conn = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    /// # let mut rfile = conn.makefile("rb")?;
    /// let line = rfile.readline()?;
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    pub fn readline(&mut self) -> Result<Vec<u8>> {
        let mut line = Vec::new();
        self.read_until(b'\n', &mut line)?;
        Ok(line)
    }

    /// Python's `f.close()`: flushes what is buffered and closes this file (dropping it does
    /// the same, silently). The socket it came from stays open.
    pub fn close(mut self) -> Result<()> {
        if let Some(writer) = self.writer.as_mut() {
            writer.flush()?;
        }
        Ok(())
    }

    fn reader(&mut self) -> io::Result<&mut BufReader<Socket>> {
        self.reader.as_mut().ok_or_else(|| unsupported("read"))
    }

    fn writer(&mut self) -> io::Result<&mut BufWriter<Socket>> {
        self.writer.as_mut().ok_or_else(|| unsupported("write"))
    }
}

impl Read for SocketFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.reader()?.read(buf)
    }
}

impl BufRead for SocketFile {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.reader()?.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if let Some(reader) = self.reader.as_mut() {
            reader.consume(amount);
        }
    }
}

impl Write for SocketFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer()?.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.writer.as_mut() {
            Some(writer) => writer.flush(),
            None => Ok(()),
        }
    }
}
