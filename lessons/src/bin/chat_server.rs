//! `chat_server`: a chat room in one thread. `select` watches the listening socket and every
//! client at once; each message a client sends goes to all the others, prefixed with who
//! sent it. Ports the server half of the Cookbook's "Writing a chat server using
//! select.select" (chapter 2); `chat_client` is the other half.
//! Run it: `cargo run -p lessons --bin chat_server -- --port 8800` (Ctrl-C stops it), then
//! `cargo run -p lessons --bin chat_client -- --name alice --port 8800` in other terminals.
//!
//! The conversation: a client sends `NAME: alice` first, the server answers `CLIENT:
//! 127.0.0.1` (the address it sees the client at), and then every message of alice reaches
//! the others as `#[alice@127.0.0.1]>>hello`; arrivals and departures are announced to the
//! others as `(Connected: New client (2) from alice@127.0.0.1)` and `(Now hung up: Client
//! from alice@127.0.0.1)`.
//!
//! Unlike the original:
//! - messages are framed with a 4-byte big-endian length, not a platform-sized `"L"`, and
//!   carry UTF-8 text, not pickles (see `chat_framing.rs`); they no longer start with the
//!   `\n` the original puts there for the client's screen: the client starts the new line;
//! - a client's name is read in the `select` loop like any message, so a client that
//!   connects and says nothing cannot stall the others (the original waits for the name
//!   right after `accept`);
//! - `select` watches for reading only: the original also asks about writing, and since a
//!   socket can almost always be written, `select` returns at once, for ever, and the loop
//!   spins at full speed;
//! - a client that resets its connection, sends garbage (a first message without `NAME: `,
//!   a length over 64 KiB, text that is not UTF-8) or stalls part-way through a message for
//!   `CLIENT_TIMEOUT` seconds is dropped, announced as gone, and the others go on. The
//!   original drops it silently, or stops with a traceback;
//! - the server does not read its stdin (the original stops at a line typed there): Ctrl-C
//!   stops it, and the system closes every socket.

#[path = "../chat_framing.rs"]
mod chat_framing;

use std::os::fd::RawFd;

use argh::FromArgs;
use chat_framing::{recv_message, send_message};
use pynet::select::select;
use pynet::socket::{
    AF_INET, Error, Exception, Result, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, Socket,
};

// ANCHOR: listing
/// Chat server: relay every client's messages to the other clients.
#[derive(FromArgs)]
struct ChatServerArgs {
    /// the address to listen on (default 127.0.0.1)
    #[argh(option, default = "String::from(\"127.0.0.1\")")]
    host: String,
    /// the port to listen on (default 0: any free port, printed)
    #[argh(option, default = "0")]
    port: u16,
    /// how many connections may wait for accept (default 5)
    #[argh(option, default = "5")]
    backlog: i32,
}

/// How long one message may take to arrive, or to be sent to a client, in seconds.
const CLIENT_TIMEOUT: f64 = 5.0;

/// One connected client: its socket, the address it came from, and its name once it has
/// said it.
struct Client {
    sock: Socket,
    host: String,
    name: Option<String>,
}

impl Client {
    /// Python's `get_client_name`: `alice@127.0.0.1`.
    fn label(&self) -> String {
        let name = self.name.as_deref().unwrap_or("?");
        format!("{name}@{}", self.host)
    }
}

/// The listening socket and the clients: the state the loop keeps.
struct ChatServer {
    server: Socket,
    clients: Vec<Client>,
    /// How many named clients are connected (Python's `self.clients`).
    named: usize,
}

impl ChatServer {
    // ANCHOR: select_loop
    /// Python's `ChatServer.run`: waits until the listening socket or some clients are
    /// readable, then accepts or reads each.
    fn run(&mut self) -> Result<()> {
        loop {
            for fd in self.readable()? {
                if fd == self.server.fileno() {
                    // A client gone before we took it is no reason to stop.
                    if let Err(e) = self.accept() {
                        println!("Chat server: accept failed: {e}");
                    }
                } else {
                    self.serve(fd);
                }
            }
        }
    }

    /// The descriptors `select` says can be read: the listening socket when a client waits
    /// to be accepted, a client when a message (or its hang-up) has arrived.
    fn readable(&self) -> Result<Vec<RawFd>> {
        let mut inputs = vec![&self.server];
        inputs.extend(self.clients.iter().map(|client| &client.sock));
        let (readable, _, _) = select(&inputs, &[], &[], None)?;
        Ok(readable.iter().map(|sock| sock.fileno()).collect())
    }
    // ANCHOR_END: select_loop

    /// Takes a new connection; it joins the chat once its first message names it.
    fn accept(&mut self) -> Result<()> {
        let (sock, address) = self.server.accept()?;
        println!(
            "Chat server: got connection {} from {address}",
            sock.fileno()
        );
        sock.settimeout(Some(CLIENT_TIMEOUT))?;
        let host = address.host().unwrap_or_default().to_string();
        self.clients.push(Client {
            sock,
            host,
            name: None,
        });
        Ok(())
    }

    // ANCHOR: relay
    /// Reads one message from the client on `fd` and acts on it; a client that hung up or
    /// failed is dropped.
    fn serve(&mut self, fd: RawFd) {
        // A client dropped earlier in this turn of the loop is no longer there.
        let Some(index) = self.find(fd) else {
            return;
        };
        match recv_message(&self.clients[index].sock) {
            Ok(Some(text)) => {
                if let Err(e) = self.receive(index, &text) {
                    self.hang_up(fd, Some(e));
                }
            }
            Ok(None) => self.hang_up(fd, None),
            Err(e) => self.hang_up(fd, Some(e)),
        }
    }

    /// A client's message: its name if it has none yet, else something to pass on.
    fn receive(&mut self, index: usize, text: &str) -> Result<()> {
        let client = &self.clients[index];
        if client.name.is_some() {
            let message = format!("#[{}]>>{text}", client.label());
            self.broadcast(client.sock.fileno(), &message);
            return Ok(());
        }
        self.introduce(index, text)
    }

    /// A new client's first message, `NAME: alice`: answers `CLIENT: <its address>` and
    /// announces the client to the others. Anything else is an error.
    fn introduce(&mut self, index: usize, text: &str) -> Result<()> {
        let Some(name) = text.strip_prefix("NAME: ").filter(|name| !name.is_empty()) else {
            let why = format!("expected NAME: <name>, got {text:?}");
            return Err(Error::new(Exception::ValueError, why));
        };
        let client = &mut self.clients[index];
        send_message(&client.sock, &format!("CLIENT: {}", client.host))?;
        client.name = Some(name.to_string());
        self.named += 1;
        let message = format!(
            "(Connected: New client ({}) from {})",
            self.named,
            client.label()
        );
        let fd = client.sock.fileno();
        self.broadcast(fd, &message);
        Ok(())
    }

    /// Sends `message` to every named client but the one on `from`; a client that cannot
    /// take it is dropped.
    fn broadcast(&mut self, from: RawFd, message: &str) {
        let mut failed = Vec::new();
        let named = self.clients.iter().filter(|c| c.name.is_some());
        for client in named.filter(|c| c.sock.fileno() != from) {
            if let Err(e) = send_message(&client.sock, message) {
                failed.push((client.sock.fileno(), e));
            }
        }
        for (fd, e) in failed {
            self.hang_up(fd, Some(e));
        }
    }

    /// Drops the client on `fd` (`why`: the error, or `None` when it closed the connection)
    /// and, if it had a name, tells the others it is gone.
    fn hang_up(&mut self, fd: RawFd, why: Option<Error>) {
        // A failed broadcast to it may have dropped it already.
        let Some(index) = self.find(fd) else {
            return;
        };
        match why {
            None => println!("Chat server: {fd} hung up"),
            Some(e) => println!("Chat server: dropping {fd}: {e}"),
        }
        // Dropping the client closes its socket.
        let client = self.clients.remove(index);
        if client.name.is_some() {
            self.named -= 1;
            let message = format!("(Now hung up: Client from {})", client.label());
            self.broadcast(fd, &message);
        }
    }
    // ANCHOR_END: relay

    /// Where the client on `fd` is in `clients`, if it is still there.
    fn find(&self, fd: RawFd) -> Option<usize> {
        self.clients.iter().position(|c| c.sock.fileno() == fd)
    }
}

fn main() -> Result<()> {
    let args: ChatServerArgs = argh::from_env();
    // ANCHOR: setup
    let server = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    server.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)?;
    server.bind((args.host.as_str(), args.port))?;
    server.listen(args.backlog)?;
    // ANCHOR_END: setup
    let port = server.getsockname()?.port().unwrap_or(args.port);
    println!("Server listening to port: {port} ...");
    let mut chat = ChatServer {
        server,
        clients: Vec::new(),
        named: 0,
    };
    chat.run()
}
// ANCHOR_END: listing
