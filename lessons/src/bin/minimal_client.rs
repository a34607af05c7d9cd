//! `minimal_client`: connects to `minimal_server` and prints what it says, as Python prints
//! bytes (`b'Thank you for connecting'`). Ports Beginning Python's minimal client (listing
//! 14-2).
//! Run it: `cargo run -p lessons --bin minimal_client` (with `minimal_server` running).
//! Unlike the original, it sets a timeout and reads until the server hangs up rather than
//! trusting one `recv` to bring the whole message.

use argh::FromArgs;
use pynet::socket::{self, AF_INET, Error, SOCK_STREAM, Socket};

// ANCHOR: listing
/// Connect to the minimal server and print its greeting.
#[derive(FromArgs)]
struct MinimalClient {
    /// the server's host name or address (default this machine's host name)
    #[argh(option)]
    host: Option<String>,
    /// the server's port (default 1234)
    #[argh(option, default = "1234")]
    port: u16,
}

/// How long connecting or waiting for data may take, in seconds.
const TIMEOUT: f64 = 10.0;

/// Everything the peer sends until it closes the connection.
fn recv_until_closed(s: &Socket) -> Result<Vec<u8>, Error> {
    let mut data = Vec::new();
    loop {
        let more = s.recv(1024)?;
        if more.is_empty() {
            return Ok(data);
        }
        data.extend_from_slice(&more);
    }
}

fn main() -> Result<(), Error> {
    let args: MinimalClient = argh::from_env();
    let host = match args.host {
        Some(host) => host,
        None => socket::gethostname()?,
    };
    let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    s.settimeout(Some(TIMEOUT))?;
    s.connect((host, args.port))?;
    let data = recv_until_closed(&s)?;
    // Python's repr of bytes, near enough: b'...', escaping what is not printable ASCII.
    println!("b'{}'", data.escape_ascii());
    Ok(())
}
// ANCHOR_END: listing
