//! `echo_server`: a TCP server on localhost that sends back whatever each client sends, one
//! client after another. Ports Cookbook 1.13's server.
//! Run it: `cargo run -p lessons --bin echo_server -- --port 9900` (Ctrl-C stops it).
//! Unlike the original, which answers one `recv` per client with `send` (so a long or split
//! message comes back cut short), it echoes with `sendall` until the client closes; it prints
//! how many bytes it sent back (the original prints the data where it meant the count); it
//! says it is listening only once it is; and a failing client does not stop the server.

use argh::FromArgs;
use pynet::socket::{AF_INET, Address, Error, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, Socket};

// ANCHOR: listing
/// Echo server: send back everything each client sends.
#[derive(FromArgs)]
struct EchoServer {
    /// the port to listen on
    #[argh(option)]
    port: u16,
    /// the host name or address to listen on (default localhost)
    #[argh(option, default = "String::from(\"localhost\")")]
    host: String,
}

/// The most bytes one `recv` takes.
const DATA_PAYLOAD: usize = 2048;
/// How many connections may wait for `accept`.
const BACKLOG: i32 = 5;

// ANCHOR: echo
/// Sends back everything `client` sends, piece by piece, until it closes its side.
fn echo(client: &Socket, address: &Address) -> Result<(), Error> {
    loop {
        let data = client.recv(DATA_PAYLOAD)?;
        if data.is_empty() {
            return Ok(());
        }
        println!("Data: b'{}'", data.escape_ascii());
        client.sendall(&data)?;
        println!("sent {} bytes back to {address}", data.len());
    }
}
// ANCHOR_END: echo

fn main() -> Result<(), Error> {
    let args: EchoServer = argh::from_env();
    // ANCHOR: setup
    let sock = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    sock.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)?;
    sock.bind((args.host.as_str(), args.port))?;
    sock.listen(BACKLOG)?;
    // ANCHOR_END: setup
    println!(
        "Starting up echo server on {} port {}",
        args.host, args.port
    );
    loop {
        println!("Waiting to receive message from client");
        let (client, address) = sock.accept()?;
        if let Err(e) = echo(&client, &address) {
            println!("Error with {address}: {e}");
        }
        // `client` is dropped here, which closes the connection.
    }
}
// ANCHOR_END: listing
