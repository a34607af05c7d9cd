//! # Solution of exercise 10: `chat`, a broadcast chat server over select
//!
//! The exercise's task, its wire format and its checks are in `exercises/10_chat`; this is one
//! way to complete it.

use std::os::fd::RawFd;
use std::sync::atomic::{AtomicBool, Ordering};

use pynet::select::select;
use pynet::socket::{Address, Error, Exception, Socket};

/// The longest text a message may carry, in bytes of UTF-8.
pub const MAX_MESSAGE: usize = 64 * 1024;

/// The server's timeout on each client's socket, in seconds.
pub const TIMEOUT: f64 = 2.0;

/// How long one `select` waits, in seconds, before [`serve`] looks at its stop flag again.
pub const POLL_INTERVAL: f64 = 0.1;

/// How many bytes a message's length takes: `struct.calcsize("!I")`.
const LENGTH_SIZE: usize = 4;

/// Sends `text` as one message: its length as 4 bytes, big-endian, then its UTF-8 bytes.
///
/// ```python
/// data = text.encode()
/// sock.sendall(struct.pack("!I", len(data)) + data)
/// ```
pub fn send_message(sock: &Socket, text: &str) -> Result<(), Error> {
    check_length(text.len())?;
    let length = u32::try_from(text.len()).expect("MAX_MESSAGE fits in a u32");
    let mut frame = Vec::with_capacity(LENGTH_SIZE + text.len());
    frame.extend_from_slice(&length.to_be_bytes());
    frame.extend_from_slice(text.as_bytes());
    sock.sendall(&frame)
}

/// Receives one message: `None` if the peer closed before its first byte.
///
/// ```python
/// (length,) = struct.unpack("!I", recv_exactly(sock, 4))
/// return recv_exactly(sock, length).decode()
/// ```
pub fn recv_message(sock: &Socket) -> Result<Option<String>, Error> {
    let Some(header) = recv_exactly(sock, LENGTH_SIZE)? else {
        return Ok(None);
    };
    let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
    check_length(length)?;
    let Some(body) = recv_exactly(sock, length)? else {
        return Err(closed_mid_message());
    };
    String::from_utf8(body)
        .map(Some)
        .map_err(|_| Error::new(Exception::UnicodeError, "the message is not valid UTF-8"))
}

/// Receives exactly `n` bytes, however many `recv` calls that takes; `None` if the peer
/// closed before sending any of them, an `EOFError` if it closed after sending some.
fn recv_exactly(sock: &Socket, n: usize) -> Result<Option<Vec<u8>>, Error> {
    let mut received = Vec::with_capacity(n);
    while received.len() < n {
        let data = sock.recv(n - received.len())?;
        if data.is_empty() {
            if received.is_empty() {
                return Ok(None);
            }
            return Err(closed_mid_message());
        }
        received.extend_from_slice(&data);
    }
    Ok(Some(received))
}

/// Refuses a message longer than [`MAX_MESSAGE`].
fn check_length(length: usize) -> Result<(), Error> {
    if length > MAX_MESSAGE {
        return Err(Error::new(
            Exception::ValueError,
            format!("a message of {length} bytes is longer than MAX_MESSAGE ({MAX_MESSAGE})"),
        ));
    }
    Ok(())
}

fn closed_mid_message() -> Error {
    Error::new(
        Exception::EOFError,
        "the connection closed in the middle of a message",
    )
}

/// Serves the chat on the listening socket `listener` with `select`, until `stop` is set.
///
/// ```python
/// while not stop:
///     readable, _, _ = select.select([listener] + clients, [], [], 0.1)
/// ```
pub fn serve(listener: &Socket, stop: &AtomicBool) -> Result<(), Error> {
    let mut room = Room::default();
    while !stop.load(Ordering::Relaxed) {
        let mut waiting = vec![listener];
        waiting.extend(room.clients.iter().map(|client| &client.sock));
        let (readable, _, _) = select(&waiting, &[], &[], Some(POLL_INTERVAL))?;
        let readable: Vec<RawFd> = readable.iter().map(|sock| sock.fileno()).collect();
        for fd in readable {
            if fd == listener.fileno() {
                room.welcome(listener.accept()?)?;
            } else {
                room.hear(fd);
            }
        }
    }
    Ok(())
}

/// Everyone connected: those who have sent their name, and those who have not yet.
#[derive(Default)]
struct Room {
    clients: Vec<Client>,
}

/// One connected client, named once its first message has come.
struct Client {
    sock: Socket,
    address: Address,
    name: Option<String>,
}

impl Room {
    /// Lets a new connection in, with a timeout, still nameless.
    fn welcome(&mut self, (sock, address): (Socket, Address)) -> Result<(), Error> {
        sock.settimeout(Some(TIMEOUT))?;
        self.clients.push(Client {
            sock,
            address,
            name: None,
        });
        Ok(())
    }

    /// Reads the message waiting on `fd`: a name, a line to pass on, or a goodbye.
    fn hear(&mut self, fd: RawFd) {
        let Some(index) = self.index_of(fd) else {
            return; // Dropped earlier in this round, while a broadcast failed.
        };
        let client = &mut self.clients[index];
        match recv_message(&client.sock) {
            Ok(Some(text)) => match &client.name {
                Some(name) => {
                    let line = format!("{name}: {text}");
                    self.broadcast(&line, Some(fd));
                }
                None => {
                    let notice = format!("{text} joined");
                    client.name = Some(text);
                    self.broadcast(&notice, None);
                }
            },
            Ok(None) => self.drop_client(fd),
            Err(e) => {
                eprintln!("{}: {e}", client.address);
                self.drop_client(fd);
            }
        }
    }

    /// Sends `text` to every named client but `except`; those it cannot reach are dropped.
    fn broadcast(&mut self, text: &str, except: Option<RawFd>) {
        let mut unreachable = Vec::new();
        for client in &self.clients {
            let fd = client.sock.fileno();
            if client.name.is_none() || Some(fd) == except {
                continue;
            }
            if let Err(e) = send_message(&client.sock, text) {
                eprintln!("{}: {e}", client.address);
                unreachable.push(fd);
            }
        }
        for fd in unreachable {
            self.drop_client(fd);
        }
    }

    /// Closes a client's connection and, if it had joined, tells the others it left.
    fn drop_client(&mut self, fd: RawFd) {
        let Some(index) = self.index_of(fd) else {
            return; // Already dropped by a broadcast inside this one.
        };
        let client = self.clients.remove(index);
        if let Some(name) = client.name {
            self.broadcast(&format!("{name} left"), None);
        }
    }

    fn index_of(&self, fd: RawFd) -> Option<usize> {
        self.clients
            .iter()
            .position(|client| client.sock.fileno() == fd)
    }
}

#[cfg(test)]
#[path = "../../../exercises/10_chat/src/tests.rs"]
mod tests;
