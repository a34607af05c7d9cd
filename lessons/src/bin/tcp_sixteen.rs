//! `tcp_sixteen`: a client and a server that each send exactly sixteen bytes and read exactly
//! sixteen back, with `recvall` looping over `recv` until it has them all. Ports
//! `tcp_sixteen.py` of Foundations of Python Network Programming (chapter 3).
//! Run it: `cargo run -p lessons --bin tcp_sixteen -- server 127.0.0.1` and, in another
//! terminal, `cargo run -p lessons --bin tcp_sixteen -- client 127.0.0.1`.
//! Unlike the original, the client sets a timeout, and a client that fails does not stop the
//! server.

use std::str::FromStr;

use argh::FromArgs;
use pynet::socket::{AF_INET, Error, Exception, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, Socket};

// ANCHOR: listing
/// Send and receive over TCP.
#[derive(FromArgs)]
struct TcpSixteen {
    /// which role to play: client or server
    #[argh(positional)]
    role: Role,
    /// interface the server listens at; host the client sends to
    #[argh(positional)]
    host: String,
    /// the TCP port (default 1060)
    #[argh(option, short = 'p', default = "1060")]
    port: u16,
}

/// The two roles the program can play.
enum Role {
    Client,
    Server,
}

impl FromStr for Role {
    type Err = String;

    fn from_str(role: &str) -> Result<Role, String> {
        match role {
            "client" => Ok(Role::Client),
            "server" => Ok(Role::Server),
            other => Err(format!(
                "invalid choice: '{other}' (choose from 'client', 'server')"
            )),
        }
    }
}

/// How long the client waits to connect or for data, in seconds.
const TIMEOUT: f64 = 10.0;

// ANCHOR: recvall
/// Receives exactly `length` bytes, however many `recv` calls that takes; fails if the peer
/// closes the connection first.
fn recvall(sock: &Socket, length: usize) -> Result<Vec<u8>, Error> {
    let mut data = Vec::with_capacity(length);
    while data.len() < length {
        let more = sock.recv(length - data.len())?;
        if more.is_empty() {
            let why = format!(
                "was expecting {length} bytes but only received {} bytes before the socket \
                 closed",
                data.len()
            );
            return Err(Error::new(Exception::EOFError, why));
        }
        data.extend_from_slice(&more);
    }
    Ok(data)
}
// ANCHOR_END: recvall

/// Listens at `(interface, port)` and answers every client, one after another.
fn server(interface: &str, port: u16) -> Result<(), Error> {
    let sock = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)?;
    sock.bind((interface, port))?;
    sock.listen(1)?;
    println!("Listening at {}", sock.getsockname()?);
    loop {
        let (sc, sockname) = sock.accept()?;
        println!("We have accepted a connection from {sockname}");
        if let Err(e) = answer(sc) {
            println!("  Error: {e}");
        }
    }
}

/// One conversation: read the client's sixteen bytes, send sixteen back, hang up.
fn answer(sc: Socket) -> Result<(), Error> {
    println!("  Socket name: {}", sc.getsockname()?);
    println!("  Socket peer: {}", sc.getpeername()?);
    let message = recvall(&sc, 16)?;
    println!(
        "  Incoming sixteen-octet message: b'{}'",
        message.escape_ascii()
    );
    sc.sendall(b"Farewell, client")?;
    sc.close()?;
    println!("  Reply sent, socket closed");
    Ok(())
}

/// Connects to `(host, port)`, sends sixteen bytes and prints the sixteen that come back.
fn client(host: &str, port: u16) -> Result<(), Error> {
    let sock = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    sock.settimeout(Some(TIMEOUT))?;
    sock.connect((host, port))?;
    println!(
        "Client has been assigned socket name {}",
        sock.getsockname()?
    );
    sock.sendall(b"Hi there, server")?;
    let reply = recvall(&sock, 16)?;
    println!("The server said b'{}'", reply.escape_ascii());
    sock.close()
}

fn main() -> Result<(), Error> {
    let args: TcpSixteen = argh::from_env();
    match args.role {
        Role::Client => client(&args.host, args.port),
        Role::Server => server(&args.host, args.port),
    }
}
// ANCHOR_END: listing
