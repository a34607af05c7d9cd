//! Bodies: how a message says where its body ends (Content-Length, chunked, or the end of
//! the connection), the streaming readers and writers of each, and the checks that refuse
//! the shapes used to smuggle requests.

use std::fmt;
use std::io::Write;
use std::sync::Arc;

use super::conn::{Line, Reader, Transport};
use super::head::{Fields, Headers, Refusal};
use crate::socket::{Error, Exception, Result};

/// Where a body ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Framing {
    /// After this many bytes (0: no body).
    Length(u64),
    /// After the last chunk of `Transfer-Encoding: chunked`.
    Chunked,
    /// When the sender closes the connection (responses only).
    UntilClose,
}

/// The value of the Content-Length fields: every one (and every item of a comma list) must
/// be the same number, else the message is refused (two lengths are a smuggling shape).
pub(crate) fn content_length(
    headers: &(impl Fields + ?Sized),
) -> Result<Option<u64>, &'static str> {
    let mut length = None;
    for item in headers.values("content-length").flat_map(|v| v.split(',')) {
        let item = item.trim();
        let valid =
            !item.is_empty() && item.len() <= 19 && item.bytes().all(|b| b.is_ascii_digit());
        let value: u64 = match item.parse() {
            Ok(value) if valid => value,
            _ => return Err("invalid Content-Length"),
        };
        if length.is_some_and(|seen| seen != value) {
            return Err("conflicting Content-Length values");
        }
        length = Some(value);
    }
    Ok(length)
}

/// The transfer codings of all Transfer-Encoding fields, lower-cased, in order; `None` when
/// there is no such field.
pub(crate) fn transfer_codings(headers: &(impl Fields + ?Sized)) -> Option<Vec<String>> {
    let mut fields = headers.values("transfer-encoding").peekable();
    fields.peek()?;
    let codings = fields
        .flat_map(|value| value.split(','))
        .map(|coding| coding.trim().to_ascii_lowercase())
        .filter(|coding| !coding.is_empty())
        .collect();
    Some(codings)
}

/// How a request's body is framed, or why the request is refused (RFC 9112, section 6):
/// both Content-Length and Transfer-Encoding, a Transfer-Encoding in HTTP/1.0, a bad or
/// doubled length, or `chunked` other than once and last are 400; a coding other than
/// `chunked` is 501; a length over `max_body` is 413.
pub(crate) fn request_framing(
    headers: &Headers,
    minor: u8,
    max_body: u64,
) -> Result<Framing, Refusal> {
    let length = content_length(headers).map_err(|why| (400, why))?;
    let Some(codings) = transfer_codings(headers) else {
        return match length {
            Some(n) if n > max_body => Err((413, "request body too large")),
            Some(n) => Ok(Framing::Length(n)),
            None => Ok(Framing::Length(0)),
        };
    };
    if length.is_some() {
        return Err((400, "both Content-Length and Transfer-Encoding"));
    }
    if minor == 0 {
        return Err((400, "Transfer-Encoding in an HTTP/1.0 request"));
    }
    let chunked = codings.iter().filter(|c| *c == "chunked").count();
    if codings.iter().any(|c| c != "chunked") {
        return Err((501, "transfer coding not implemented"));
    }
    if chunked != 1 {
        return Err((400, "chunked must be the last coding, once"));
    }
    Ok(Framing::Chunked)
}

/// How a response's body is framed, as Python's `http.client` decides it: none for HEAD,
/// 1xx, 204 and 304; chunked when it is the last coding; else Content-Length; else until
/// the server closes.
pub(crate) fn response_framing(method: &str, status: u16, headers: &Headers) -> Result<Framing> {
    if method.eq_ignore_ascii_case("HEAD")
        || (100..200).contains(&status)
        || status == 204
        || status == 304
    {
        return Ok(Framing::Length(0));
    }
    if let Some(codings) = transfer_codings(headers) {
        let chunked = codings.last().is_some_and(|c| c == "chunked");
        return Ok(if chunked {
            Framing::Chunked
        } else {
            Framing::UntilClose
        });
    }
    match content_length(headers) {
        Ok(Some(n)) => Ok(Framing::Length(n)),
        Ok(None) => Ok(Framing::UntilClose),
        Err(why) => Err(Error::new(Exception::HTTPException, why)),
    }
}

/// The longest chunk-size line (size and extensions).
const MAX_CHUNK_LINE: usize = 4096;

/// Where a body reader is.
#[derive(Clone, Copy, Debug)]
enum State {
    /// This many bytes are left.
    Length(u64),
    /// Until the connection closes.
    UntilClose,
    /// Before a chunk-size line.
    ChunkSize,
    /// Inside a chunk, this many bytes left.
    ChunkData(u64),
    /// After a chunk's data, before its CRLF.
    ChunkEnd,
    /// After the last chunk, this many trailer lines read.
    Trailers(usize),
    /// All read.
    Done,
    /// Refused: every read fails.
    Failed,
}

/// A streaming body reader: `read_into` gives the body's bytes, then 0 at its end.
#[derive(Debug)]
pub(crate) struct Body {
    state: State,
    /// Bytes of the body read so far.
    received: u64,
    /// The most the body may have (a request body over it is refused with 413).
    max: u64,
    /// The most trailer lines after the last chunk.
    max_trailers: usize,
    /// When the body broke the protocol: the status a server answers with, and why.
    pub(crate) refusal: Option<Refusal>,
}

impl Body {
    pub(crate) fn new(framing: Framing, max: u64, max_trailers: usize) -> Body {
        let state = match framing {
            Framing::Length(0) => State::Done,
            Framing::Length(n) => State::Length(n),
            Framing::Chunked => State::ChunkSize,
            Framing::UntilClose => State::UntilClose,
        };
        Body {
            state,
            received: 0,
            max,
            max_trailers,
            refusal: None,
        }
    }

    /// Whether the whole body has been read.
    pub(crate) fn is_done(&self) -> bool {
        matches!(self.state, State::Done)
    }

    /// Reads body bytes into `out`; 0 at the end of the body (or for an empty `out`).
    pub(crate) fn read_into(&mut self, reader: &mut Reader, out: &mut [u8]) -> Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            match self.state {
                State::Done => return Ok(0),
                State::Failed => return Err(self.failure()),
                State::Length(left) => {
                    let n = self.data(reader, out, left)?;
                    self.state = if n as u64 == left {
                        State::Done
                    } else {
                        State::Length(left - n as u64)
                    };
                    return Ok(n);
                }
                State::ChunkData(left) => {
                    let n = self.data(reader, out, left)?;
                    self.state = if n as u64 == left {
                        State::ChunkEnd
                    } else {
                        State::ChunkData(left - n as u64)
                    };
                    return Ok(n);
                }
                State::UntilClose => {
                    let n = reader.read_into(out)?;
                    if n == 0 {
                        self.state = State::Done;
                    }
                    self.received += n as u64;
                    return Ok(n);
                }
                State::ChunkSize => {
                    let line = self.line(reader, MAX_CHUNK_LINE)?;
                    self.state = match chunk_size(&line) {
                        None => return Err(self.refuse(400, "bad chunk size")),
                        Some(0) => State::Trailers(0),
                        Some(size) if size > self.max.saturating_sub(self.received) => {
                            return Err(self.refuse(413, "request body too large"));
                        }
                        Some(size) => State::ChunkData(size),
                    };
                }
                State::ChunkEnd => {
                    if !self.line(reader, 0)?.is_empty() {
                        return Err(self.refuse(400, "bad chunk end"));
                    }
                    self.state = State::ChunkSize;
                }
                State::Trailers(count) => {
                    let line = self.line(reader, MAX_CHUNK_LINE)?;
                    self.state = if line.is_empty() {
                        State::Done
                    } else if count >= self.max_trailers {
                        return Err(self.refuse(400, "too many trailer fields"));
                    } else {
                        State::Trailers(count + 1)
                    };
                }
            }
        }
    }

    /// Reads at most `left` bytes of data; the peer closing first is `IncompleteRead`.
    fn data(&mut self, reader: &mut Reader, out: &mut [u8], left: u64) -> Result<usize> {
        let want = out.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = reader.read_into(&mut out[..want])?;
        if n == 0 {
            self.state = State::Failed;
            let text = format!(
                "IncompleteRead({} bytes read, {left} more expected)",
                self.received
            );
            return Err(Error::new(Exception::IncompleteRead, text));
        }
        self.received += n as u64;
        Ok(n)
    }

    /// A line of the chunked framing, at most `max` bytes.
    fn line(&mut self, reader: &mut Reader, max: usize) -> Result<Vec<u8>> {
        match reader.line(max)? {
            Line::Complete(line) => Ok(line),
            Line::TooLong => Err(self.refuse(400, "chunk line too long")),
            Line::Eof => {
                self.state = State::Failed;
                let text = format!("IncompleteRead({} bytes read)", self.received);
                Err(Error::new(Exception::IncompleteRead, text))
            }
        }
    }

    /// Marks the body as refused with `status` and returns the error reads give.
    fn refuse(&mut self, status: u16, why: &'static str) -> Error {
        self.state = State::Failed;
        self.refusal = Some((status, why));
        self.failure()
    }

    /// The error of a refused body.
    fn failure(&self) -> Error {
        let why = self
            .refusal
            .map_or("the body was cut short", |(_, why)| why);
        Error::new(Exception::HTTPException, why)
    }
}

/// The size of a chunk-size line (`1a;name=value`): 1 to 16 hex digits, then optional
/// extensions, which are ignored. Anything else (`0x10`, ` 5`, `-1`, an empty line) is `None`.
fn chunk_size(line: &[u8]) -> Option<u64> {
    if line.iter().any(|&b| b.is_ascii_control() && b != b'\t') {
        return None;
    }
    let digits = line.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    let rest = &line[digits..];
    let rest_ok = rest
        .iter()
        .find(|&&b| b != b' ' && b != b'\t')
        .is_none_or(|&b| b == b';');
    if digits == 0 || digits > 16 || !rest_ok {
        return None;
    }
    u64::from_str_radix(std::str::from_utf8(&line[..digits]).ok()?, 16).ok()
}

/// Writes smaller than this are copied into one send with what is queued; larger ones are
/// sent on their own.
const COALESCE: usize = 16 * 1024;

/// The sending side of a connection: bytes are queued (a head) until the next send, so that
/// a head and the first piece of body leave in one segment.
pub(crate) struct Output {
    transport: Arc<dyn Transport>,
    /// The time limit of each send, in seconds.
    pub(crate) timeout: Option<f64>,
    pending: Vec<u8>,
    /// Whether any byte has been sent.
    sent: bool,
}

impl Output {
    pub(crate) fn new(transport: Arc<dyn Transport>, timeout: Option<f64>) -> Output {
        Output {
            transport,
            timeout,
            // Room for a usual head and a small body, so that queuing them does not reallocate.
            pending: Vec::with_capacity(512),
            sent: false,
        }
    }

    /// Whether nothing has been sent yet, so that what is queued can still be taken back.
    pub(crate) fn untouched(&self) -> bool {
        !self.sent
    }

    /// Drops what is queued (a head that will not be sent after all).
    pub(crate) fn discard(&mut self) {
        self.pending.clear();
    }

    /// Queues `bytes` for the next send.
    pub(crate) fn queue(&mut self, bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
    }

    /// Queues formatted text, as `write!` makes it, for the next send.
    pub(crate) fn queue_fmt(&mut self, text: fmt::Arguments<'_>) {
        // Writing to a Vec cannot fail.
        let _ = self.pending.write_fmt(text);
    }

    /// Sends what is queued, then `parts`.
    pub(crate) fn send(&mut self, parts: &[&[u8]]) -> Result<()> {
        for part in parts {
            if part.len() >= COALESCE {
                self.flush()?;
                self.sent = true;
                self.transport.sendall(part, self.timeout)?;
            } else {
                self.queue(part);
            }
        }
        self.flush()
    }

    /// Sends what is queued.
    pub(crate) fn flush(&mut self) -> Result<()> {
        if !self.pending.is_empty() {
            self.sent = true;
            self.transport.sendall(&self.pending, self.timeout)?;
            self.pending.clear();
        }
        Ok(())
    }
}

/// A streaming body writer, framing what it is given.
#[derive(Debug)]
pub(crate) enum Writer {
    /// Exactly this many bytes are left to write, of so many in all.
    Length { left: u64, total: u64 },
    /// Each write is a chunk; `finish` writes the last, empty one.
    Chunked,
    /// Bytes as they are; the end of the body is the end of the connection.
    UntilClose,
    /// No bytes are sent: the body of an answer to HEAD, which a handler may write as it
    /// would for GET.
    Discard,
    /// `finish` was called.
    Finished,
}

impl Writer {
    /// The writer for a body framed so.
    pub(crate) fn new(framing: Framing) -> Writer {
        match framing {
            Framing::Length(total) => Writer::Length { left: total, total },
            Framing::Chunked => Writer::Chunked,
            Framing::UntilClose => Writer::UntilClose,
        }
    }

    /// Sends `data` as the next piece of the body (with anything queued before it).
    pub(crate) fn write(&mut self, out: &mut Output, data: &[u8]) -> Result<()> {
        match self {
            Writer::Finished => Err(Error::new(Exception::ValueError, "already finished")),
            Writer::Length { left, total } => {
                if data.len() as u64 > *left {
                    let text = format!("content length set to {total} bytes");
                    return Err(Error::new(Exception::ValueError, text));
                }
                *left -= data.len() as u64;
                out.send(&[data])
            }
            Writer::Chunked if data.is_empty() => out.flush(),
            Writer::Chunked => {
                let size = format!("{:x}\r\n", data.len());
                out.send(&[size.as_bytes(), data, b"\r\n"])
            }
            Writer::UntilClose => out.send(&[data]),
            Writer::Discard => Ok(()),
        }
    }

    /// Ends the body: the last chunk, or a check that all the announced bytes were written.
    pub(crate) fn finish(&mut self, out: &mut Output) -> Result<()> {
        let finished = std::mem::replace(self, Writer::Finished);
        match finished {
            Writer::Length { left, total } if left > 0 => {
                let text = format!("did not write all {total} bytes");
                Err(Error::new(Exception::ValueError, text))
            }
            Writer::Chunked => out.send(&[b"0\r\n\r\n"]),
            _ => out.flush(),
        }
    }
}
