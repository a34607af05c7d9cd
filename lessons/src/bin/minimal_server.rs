//! `minimal_server`: the smallest useful TCP server: every client that connects is thanked
//! and disconnected. Ports Beginning Python's minimal server (listing 14-1).
//! Run it: `cargo run -p lessons --bin minimal_server` (then `minimal_client` in another
//! terminal; Ctrl-C stops the server).
//! Unlike the original, it says where it listens once it is ready (`Listening at ...`), sends
//! with `sendall` rather than `send`, and a client that fails does not stop the server.

use argh::FromArgs;
use pynet::socket::{self, AF_INET, Error, SOCK_STREAM, Socket};

// ANCHOR: listing
/// Thank every client that connects, then hang up.
#[derive(FromArgs)]
struct MinimalServer {
    /// the host name or address to listen on (default this machine's host name)
    #[argh(option)]
    host: Option<String>,
    /// the port to listen on (default 1234)
    #[argh(option, default = "1234")]
    port: u16,
}

fn main() -> Result<(), Error> {
    let args: MinimalServer = argh::from_env();
    let host = match args.host {
        Some(host) => host,
        None => socket::gethostname()?,
    };
    let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    s.bind((host, args.port))?;
    s.listen(5)?;
    println!("Listening at {}", s.getsockname()?);
    loop {
        let (c, addr) = s.accept()?;
        println!("Got connection from {addr}");
        if let Err(e) = c.sendall(b"Thank you for connecting") {
            println!("Error with {addr}: {e}");
        }
        // `c` is dropped here, which closes the connection.
    }
}
// ANCHOR_END: listing
