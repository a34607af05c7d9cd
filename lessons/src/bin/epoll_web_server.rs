//! `epoll_web_server`: a web server in one thread. Its sockets are non-blocking and an epoll
//! object says which of them can be read or written; every request gets the same small
//! HTTP/1.1 response. Ports the Cookbook's "Multiplexing a web server using select.epoll"
//! (chapter 2).
//! Run it: `cargo run -p lessons --bin epoll_web_server -- --port 8800` (Ctrl-C stops it),
//! then `curl http://127.0.0.1:8800/`.
//!
//! Each connection goes through three states, all level-triggered as in the recipe:
//! registered for `EPOLLIN` until the request's blank line has arrived; then for `EPOLLOUT`
//! until the whole response is sent; then for nothing, shut down, until the `EPOLLHUP` that
//! the shutdown causes says it can be closed.
//!
//! Unlike the original:
//! - the response is built, its `Content-Length` counted: the original types its bytes in
//!   one triple-quoted string whose line break puts a newline at the start of the body,
//!   counted by hand into `Content-Length: 25`, beside a fixed `Date` from 2013. The port
//!   has no `Date`, a body without the newline, and `Connection: close`, since the server
//!   closes the connection after the response;
//! - a client that closes or resets its connection is closed at once (the original keeps
//!   reading the empty end of it for ever, at full speed), and so is one whose request grows
//!   past 64 KiB without its blank line;
//! - it listens with a backlog of 128, not 1, so that many clients connecting at once are not
//!   turned away; it prints the port it got; and `--requests N` stops it after N responses.

use std::collections::HashMap;
use std::os::fd::RawFd;

use argh::FromArgs;
use pynet::select::{EPOLLERR, EPOLLHUP, EPOLLIN, EPOLLOUT, Epoll, epoll};
use pynet::socket::{
    AF_INET, Exception, IPPROTO_TCP, Result, SHUT_RDWR, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET,
    Socket, TCP_NODELAY,
};

// ANCHOR: listing
/// Epoll web server: answer every HTTP request with a fixed text.
#[derive(FromArgs)]
struct EpollWebServer {
    /// the address to listen on (default 127.0.0.1)
    #[argh(option, default = "String::from(\"127.0.0.1\")")]
    host: String,
    /// the port to listen on (default 0: any free port, printed)
    #[argh(option, default = "0")]
    port: u16,
    /// stop after sending this many responses (default: never stop)
    #[argh(option)]
    requests: Option<usize>,
}

/// What every request is answered with.
const BODY: &str = "Hello from Epoll Server!";
/// The ends of a request's head: a blank line, with or without carriage returns.
const EOL1: &[u8] = b"\n\n";
const EOL2: &[u8] = b"\n\r\n";
/// The longest request head the server waits for.
const MAX_REQUEST: usize = 64 * 1024;
/// How many connections may wait for `accept`.
const BACKLOG: i32 = 128;

// ANCHOR: response
/// The whole response: status line, headers, blank line, body.
fn response() -> Vec<u8> {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        BODY.len()
    );
    [head.as_bytes(), BODY.as_bytes()].concat()
}
// ANCHOR_END: response

/// One client: its socket, the request so far, and how much of the response it has had.
struct Connection {
    sock: Socket,
    request: Vec<u8>,
    sent: usize,
}

/// The listening socket, the epoll object watching it and the clients, and the clients.
struct Server {
    sock: Socket,
    epoll: Epoll,
    connections: HashMap<RawFd, Connection>,
    response: Vec<u8>,
}

impl Server {
    /// Python's `EpollServer.__init__`: a non-blocking listening socket, registered for
    /// `EPOLLIN` (a client waits to be accepted).
    fn new(host: &str, port: u16) -> Result<Server> {
        let sock = Socket::new(AF_INET, SOCK_STREAM, 0)?;
        sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)?;
        sock.bind((host, port))?;
        sock.listen(BACKLOG)?;
        sock.setblocking(false)?;
        sock.setsockopt(IPPROTO_TCP, TCP_NODELAY, 1)?;
        let epoll = epoll(-1, 0)?;
        epoll.register(&sock, EPOLLIN)?;
        Ok(Server {
            sock,
            epoll,
            connections: HashMap::new(),
            response: response(),
        })
    }

    // ANCHOR: epoll_loop
    /// Python's `EpollServer.run`: handles the events epoll reports, until `limit`
    /// responses have been sent (`None`: for ever).
    fn run(&mut self, limit: Option<usize>) -> Result<()> {
        let mut answered = 0;
        while limit.is_none_or(|limit| answered < limit) {
            for (fileno, event) in self.epoll.poll(Some(1.0), -1)? {
                if fileno == self.sock.fileno() {
                    self.accept();
                } else if event & EPOLLIN != 0 {
                    self.read(fileno);
                } else if event & EPOLLOUT != 0 {
                    answered += usize::from(self.write(fileno));
                } else if event & (EPOLLHUP | EPOLLERR) != 0 {
                    self.close(fileno);
                }
            }
        }
        Ok(())
    }
    // ANCHOR_END: epoll_loop

    // ANCHOR: states
    /// Takes a new client and registers it for `EPOLLIN`.
    fn accept(&mut self) {
        let accepted = self.sock.accept().and_then(|(sock, _address)| {
            sock.setblocking(false)?;
            self.epoll.register(&sock, EPOLLIN)?;
            Ok(sock)
        });
        match accepted {
            Ok(sock) => {
                let connection = Connection {
                    sock,
                    request: Vec::new(),
                    sent: 0,
                };
                self.connections
                    .insert(connection.sock.fileno(), connection);
            }
            // The client may have gone before we took it: nothing to do.
            Err(e) => println!("accept failed: {e}"),
        }
    }

    /// Reads what the client sent; once the request's blank line is in, prints the request
    /// and waits to write instead.
    fn read(&mut self, fileno: RawFd) {
        let Some(connection) = self.connections.get_mut(&fileno) else {
            return;
        };
        match connection.sock.recv(1024) {
            Ok(data) if !data.is_empty() => connection.request.extend_from_slice(&data),
            Err(e) if e.is_instance(Exception::BlockingIOError) => return,
            // Closed, reset or failed before its request was in.
            _ => return self.close(fileno),
        }
        let request = &connection.request;
        if contains(request, EOL1) || contains(request, EOL2) {
            let text = String::from_utf8_lossy(request).replace("\r\n", "\n");
            println!("{}\n{}", "-".repeat(40), text.trim_end());
            if self.epoll.modify(fileno, EPOLLOUT).is_err() {
                self.close(fileno);
            }
        } else if request.len() > MAX_REQUEST {
            self.close(fileno);
        }
    }

    /// Sends what the socket takes of the rest of the response; once it is all sent, shuts
    /// the connection down and waits for the hang-up. Returns whether it was all sent now.
    fn write(&mut self, fileno: RawFd) -> bool {
        let Some(connection) = self.connections.get_mut(&fileno) else {
            return false;
        };
        match connection.sock.send(&self.response[connection.sent..]) {
            Ok(sent) => connection.sent += sent,
            Err(e) if e.is_instance(Exception::BlockingIOError) => return false,
            Err(_) => {
                self.close(fileno);
                return false;
            }
        }
        if connection.sent < self.response.len() {
            return false;
        }
        // Nothing more to wait for but the EPOLLHUP that shutting down both ways causes.
        let _ = self.epoll.modify(fileno, 0);
        let _ = connection.sock.shutdown(SHUT_RDWR);
        true
    }

    /// Forgets the client and closes its socket.
    fn close(&mut self, fileno: RawFd) {
        if let Some(connection) = self.connections.remove(&fileno) {
            let _ = self.epoll.unregister(&connection.sock);
            // Dropping the socket closes it.
        }
    }
    // ANCHOR_END: states
}

/// Whether `haystack` contains `needle` (Python's `needle in haystack` for bytes).
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

fn main() -> Result<()> {
    let args: EpollWebServer = argh::from_env();
    let mut server = Server::new(&args.host, args.port)?;
    let port = server.sock.getsockname()?.port().unwrap_or(args.port);
    println!("Started Epoll Server on port {port}");
    server.run(args.requests)
}
// ANCHOR_END: listing
