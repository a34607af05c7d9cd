//! `udp_echo_client`: sends one datagram to `udp_echo_server` and prints the one that comes
//! back. Ports Cookbook 1.14's client.
//! Run it: `cargo run -p lessons --bin udp_echo_client -- --port 9900` (with
//! `udp_echo_server` running).
//! Unlike the original, it sets a timeout: a datagram can be lost, and with no server
//! listening nothing ever comes back, so the original would wait forever. On an error it
//! exits with status 1.

use std::process::ExitCode;

use argh::FromArgs;
use pynet::socket::{AF_INET, Address, Error, SOCK_DGRAM, Socket};

// ANCHOR: listing
/// UDP echo client: send a datagram and read it back.
#[derive(FromArgs)]
struct UdpEchoClient {
    /// the server's port
    #[argh(option)]
    port: u16,
    /// the server's host name or address (default localhost)
    #[argh(option, default = "String::from(\"localhost\")")]
    host: String,
}

/// What we send, and expect back.
const MESSAGE: &str = "Test message. This will be echoed";
/// The largest datagram we take whole.
const DATA_PAYLOAD: usize = 2048;
/// How long we wait for the echo, in seconds.
const TIMEOUT: f64 = 5.0;

// ANCHOR: exchange
/// Sends `MESSAGE` to `server` in one datagram and waits for one datagram back.
fn send_and_receive(sock: &Socket, server: (&str, u16)) -> Result<(Vec<u8>, Address), Error> {
    println!("Sending {MESSAGE}");
    sock.sendto(MESSAGE.as_bytes(), server)?;
    sock.recvfrom(DATA_PAYLOAD)
}
// ANCHOR_END: exchange

fn main() -> Result<ExitCode, Error> {
    let args: UdpEchoClient = argh::from_env();
    println!("Connecting to {} port {}", args.host, args.port);
    let sock = Socket::new(AF_INET, SOCK_DGRAM, 0)?;
    sock.settimeout(Some(TIMEOUT))?;
    let outcome = send_and_receive(&sock, (args.host.as_str(), args.port));
    match &outcome {
        Ok((data, server)) => println!("received b'{}' from {server}", data.escape_ascii()),
        Err(e) => println!("Socket error: {e}"),
    }
    println!("Closing connection to the server");
    sock.close()?;
    Ok(match outcome {
        Ok(_) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    })
}
// ANCHOR_END: listing
