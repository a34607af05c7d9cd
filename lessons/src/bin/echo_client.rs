//! `echo_client`: sends a test message to `echo_server` and reads the echo back in 16-byte
//! pieces until all of it has arrived. Ports Cookbook 1.13's client.
//! Run it: `cargo run -p lessons --bin echo_client -- --port 9900` (with `echo_server`
//! running).
//! Unlike the original, it sets a timeout, and a server that closes before the whole message
//! is back is an error (the original would call `recv` for ever, printing `b''`); on an error
//! it exits with status 1.

use std::process::ExitCode;

use argh::FromArgs;
use pynet::socket::{AF_INET, Error, Exception, SOCK_STREAM, Socket};

// ANCHOR: listing
/// Echo client: send a message and read it back.
#[derive(FromArgs)]
struct EchoClient {
    /// the server's port
    #[argh(option)]
    port: u16,
    /// the server's host name or address (default localhost)
    #[argh(option, default = "String::from(\"localhost\")")]
    host: String,
}

/// What we send, and expect back.
const MESSAGE: &str = "Test message. This will be echoed";
/// How long connecting or waiting for data may take, in seconds.
const TIMEOUT: f64 = 10.0;

// ANCHOR: exchange
/// Sends `MESSAGE`, then reads 16 bytes at a time, printing each piece, until as many bytes
/// as were sent have come back.
fn send_and_receive(sock: &Socket) -> Result<(), Error> {
    println!("Sending {MESSAGE}");
    sock.sendall(MESSAGE.as_bytes())?;
    let amount_expected = MESSAGE.len();
    let mut amount_received = 0;
    while amount_received < amount_expected {
        let data = sock.recv(16)?;
        if data.is_empty() {
            let why = format!(
                "was expecting {amount_expected} bytes but only received {amount_received} \
                 bytes before the socket closed"
            );
            return Err(Error::new(Exception::EOFError, why));
        }
        amount_received += data.len();
        println!("Received: b'{}'", data.escape_ascii());
    }
    Ok(())
}
// ANCHOR_END: exchange

fn main() -> Result<ExitCode, Error> {
    let args: EchoClient = argh::from_env();
    println!("Connecting to {} port {}", args.host, args.port);
    let sock = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    sock.settimeout(Some(TIMEOUT))?;
    // As in the original, a failed connect ends the program with the error, Python's
    // traceback style: `Error: ConnectionRefusedError: [Errno 111] Connection refused`.
    sock.connect((args.host.as_str(), args.port))?;
    let outcome = send_and_receive(&sock);
    if let Err(e) = &outcome {
        println!("Socket error: {e}");
    }
    println!("Closing connection to the server");
    sock.close()?;
    Ok(match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    })
}
// ANCHOR_END: listing
