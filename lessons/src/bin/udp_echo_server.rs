//! `udp_echo_server`: a UDP server on localhost that sends every datagram back to whoever sent
//! it. Ports Cookbook 1.14's server.
//! Run it: `cargo run -p lessons --bin udp_echo_server -- --port 9900` (Ctrl-C stops it).
//! Unlike the original, it says it is listening only once it is, and a failed `sendto` is
//! printed instead of stopping the server.

use argh::FromArgs;
use pynet::socket::{AF_INET, Error, SOCK_DGRAM, Socket};

// ANCHOR: listing
/// UDP echo server: send every datagram back to its sender.
#[derive(FromArgs)]
struct UdpEchoServer {
    /// the port to listen on
    #[argh(option)]
    port: u16,
    /// the host name or address to listen on (default localhost)
    #[argh(option, default = "String::from(\"localhost\")")]
    host: String,
}

/// The largest datagram we take whole: `recvfrom` drops whatever is beyond it.
const DATA_PAYLOAD: usize = 2048;

fn main() -> Result<(), Error> {
    let args: UdpEchoServer = argh::from_env();
    // ANCHOR: setup
    let sock = Socket::new(AF_INET, SOCK_DGRAM, 0)?;
    sock.bind((args.host.as_str(), args.port))?;
    // ANCHOR_END: setup
    println!(
        "Starting up echo server on {} port {}",
        args.host, args.port
    );
    loop {
        println!("Waiting to receive message from client");
        // ANCHOR: echo
        let (data, address) = sock.recvfrom(DATA_PAYLOAD)?;
        println!("received {} bytes from {address}", data.len());
        println!("Data: b'{}'", data.escape_ascii());
        match sock.sendto(&data, &address) {
            Ok(sent) => println!("sent {sent} bytes back to {address}"),
            Err(e) => println!("Error with {address}: {e}"),
        }
        // ANCHOR_END: echo
    }
}
// ANCHOR_END: listing
