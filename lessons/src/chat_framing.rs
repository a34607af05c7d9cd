//! The wire format of `chat_server` and `chat_client`: each message is a 4-byte big-endian
//! length, then that many bytes of UTF-8 text. Both programs include this file with
//! `#[path = "../chat_framing.rs"] mod chat_framing;`.
//!
//! The Cookbook's chat pickles each message and sends its length packed with
//! `struct.pack("L", socket.htonl(n))`: `"L"` is a C `unsigned long`, 8 bytes on 64-bit
//! Linux and 4 on other systems, so two machines may disagree on the header's size, and
//! `htonl` only swaps a 32-bit number that is then stored in the host's order. The port
//! uses Python's `struct.pack("!I", n)`: 4 bytes, network order, everywhere. And text, not
//! pickle: unpickling bytes from the network can run any code the sender likes.

use pynet::socket::{Error, Exception, Result, Socket};

// ANCHOR: framing
/// The longest message, in bytes, that either side sends or accepts: 64 KiB. A longer
/// length in a header is refused rather than trusted (4 GiB of memory, otherwise).
pub const MAX_MESSAGE: usize = 64 * 1024;

/// The header's size: a `u32`, Python's `struct.calcsize("!I")`.
const HEADER_SIZE: usize = 4;

/// Sends `text` as one message.
///
/// ```python
/// data = text.encode()
/// sock.sendall(struct.pack("!I", len(data)) + data)
/// ```
pub fn send_message(sock: &Socket, text: &str) -> Result<()> {
    let data = text.as_bytes();
    check_length(data.len())?;
    // The length fits in a u32: it is at most MAX_MESSAGE.
    let mut frame = (data.len() as u32).to_be_bytes().to_vec();
    frame.extend_from_slice(data);
    sock.sendall(&frame)
}

/// Receives one message; `None` when the peer closed the connection between messages.
///
/// ```python
/// header = recvall(sock, 4)
/// (length,) = struct.unpack("!I", header)
/// text = recvall(sock, length).decode()
/// ```
///
/// # Errors
/// `EOFError` when the peer closes part-way through a message, `ValueError` for a length
/// over [`MAX_MESSAGE`], `UnicodeError` for bytes that are not UTF-8, and the socket's own
/// errors (`timed out`, `[Errno 104] Connection reset by peer`, ...).
pub fn recv_message(sock: &Socket) -> Result<Option<String>> {
    let mut header = [0; HEADER_SIZE];
    match recv_exactly(sock, &mut header)? {
        0 => return Ok(None),
        HEADER_SIZE => {}
        received => return Err(closed_early(HEADER_SIZE, received)),
    }
    let length = u32::from_be_bytes(header) as usize;
    check_length(length)?;
    let mut data = vec![0; length];
    let received = recv_exactly(sock, &mut data)?;
    if received < length {
        return Err(closed_early(length, received));
    }
    match String::from_utf8(data) {
        Ok(text) => Ok(Some(text)),
        Err(e) => Err(Error::new(
            Exception::UnicodeError,
            format!("message is not UTF-8: {e}"),
        )),
    }
}

/// Fills `buffer` with as many `recv` calls as it takes; returns how many bytes came, fewer
/// than `buffer.len()` only if the peer closed first.
fn recv_exactly(sock: &Socket, buffer: &mut [u8]) -> Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        let received = sock.recv_into(&mut buffer[filled..])?;
        if received == 0 {
            break;
        }
        filled += received;
    }
    Ok(filled)
}
// ANCHOR_END: framing

/// Refuses a message longer than [`MAX_MESSAGE`].
fn check_length(length: usize) -> Result<()> {
    if length > MAX_MESSAGE {
        let why = format!("message of {length} bytes is longer than the {MAX_MESSAGE} allowed");
        return Err(Error::new(Exception::ValueError, why));
    }
    Ok(())
}

/// The error of a connection that closed part-way through a message, worded as `recvall`'s
/// in lesson 08.
fn closed_early(expected: usize, received: usize) -> Error {
    let why = format!(
        "was expecting {expected} bytes but only received {received} bytes before the socket \
         closed"
    );
    Error::new(Exception::EOFError, why)
}
