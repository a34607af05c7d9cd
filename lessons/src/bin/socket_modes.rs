//! `socket_modes`: switches a socket to blocking mode, then to a timeout of half a second,
//! binds it to a free loopback port, listens, and prints its address. Ports Cookbook 1.9.
//! Run it: `cargo run -p lessons --bin socket_modes` (Ctrl-C stops it).
//! The original prints the address and then calls `listen` again and again in a busy loop,
//! burning a CPU; this port listens once, prints the address, and sleeps until it is killed.

use std::thread;

use pynet::socket::{AF_INET, Error, SOCK_STREAM, Socket};

// ANCHOR: listing
fn main() -> Result<(), Error> {
    let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    // ANCHOR: modes
    s.setblocking(true)?; // the same as settimeout(None)
    s.settimeout(Some(0.5))?; // every call now waits at most 0.5 s
    // ANCHOR_END: modes
    s.bind(("127.0.0.1", 0))?;
    s.listen(1)?;
    let socket_address = s.getsockname()?;
    println!("Trivial Server launched on socket: {socket_address}");
    loop {
        // Nothing wakes us: the socket listens until the program is stopped.
        thread::park();
    }
}
// ANCHOR_END: listing
