//! `reuse_socket_address`: shows SO_REUSEADDR off, turns it on, then listens on a port and
//! prints each client that connects, until Ctrl-C. With the option on, the server can be
//! restarted on the same port at once, even while old connections linger in TIME_WAIT.
//! Ports Cookbook 1.10.
//! Run it: `cargo run -p lessons --bin reuse_socket_address -- --port 8282`.
//! The original sets the option on a throw-away socket and again on the server's; here one
//! socket does both.

use argh::FromArgs;
use pynet::socket::{AF_INET, Error, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, Socket};

// ANCHOR: listing
/// Show SO_REUSEADDR, then listen on a port and print each client.
#[derive(FromArgs)]
struct ReuseSocketAddress {
    /// the port to listen on (default 8282)
    #[argh(option, default = "8282")]
    port: u16,
}

fn main() -> Result<(), Error> {
    let args: ReuseSocketAddress = argh::from_env();
    let srv = Socket::new(AF_INET, SOCK_STREAM, 0)?;

    // ANCHOR: reuse
    let old_state = srv.getsockopt(SOL_SOCKET, SO_REUSEADDR)?;
    println!("Old sock state: {old_state}");
    srv.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)?;
    let new_state = srv.getsockopt(SOL_SOCKET, SO_REUSEADDR)?;
    println!("New sock state: {new_state}");
    // ANCHOR_END: reuse

    srv.bind(("", args.port))?;
    srv.listen(1)?;
    println!("Listening on port: {}", args.port);
    loop {
        // A failed accept is printed and the server goes on, as in the original.
        match srv.accept() {
            Ok((_connection, addr)) => {
                let host = addr.host().unwrap_or_default();
                let port = addr.port().unwrap_or_default();
                println!("Connected by {host}:{port}");
                // `_connection` is dropped here, which closes it.
            }
            Err(e) => println!("{e}"),
        }
    }
}
// ANCHOR_END: listing
