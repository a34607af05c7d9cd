//! `http_client`: sends one request with pynet's streaming HTTP client (after idiokit.http's
//! client) and writes the response body to stdout piece by piece, as it arrives. The status
//! line goes to stderr. With `--data`, it POSTs that text, sent chunked.
//! Run it: `cargo run -p lessons --bin http_client -- http://localhost:8000/`, or over a Unix
//! socket: `cargo run -p lessons --bin http_client -- --data hello
//! 'http+unix://%2Ftmp%2Fecho.sock/echo'` (with `http_echo_server --unix /tmp/echo.sock`).
//! Unlike `urlopen`, it follows no redirect and treats no status as an error: it shows what
//! the server said.

use std::io::{self, Write};

use argh::FromArgs;
use pynet::http::Client;
use pynet::socket::Error;

// ANCHOR: listing
/// Send one HTTP request and print the body as it arrives.
#[derive(FromArgs)]
struct HttpClient {
    /// the URL: http://host:port/path or http+unix://%2Fpath%2Fto%2Fsocket/path
    #[argh(positional)]
    url: String,
    /// POST this text instead of a GET
    #[argh(option)]
    data: Option<String>,
    /// seconds any one step may wait (default 10)
    #[argh(option, default = "10.0")]
    timeout: f64,
}

/// The most we ask `read` for at once.
const PIECE: usize = 4096;

fn main() -> Result<(), Error> {
    let args: HttpClient = argh::from_env();
    let client = Client {
        timeout: Some(args.timeout),
        ..Client::new()
    };
    // ANCHOR: request
    let method = if args.data.is_some() { "POST" } else { "GET" };
    let mut request = client.request(method, &args.url, &[])?;
    if let Some(data) = &args.data {
        request.write(data.as_bytes())?; // no Content-Length given: sent chunked
    }
    let mut response = request.finish()?;
    eprintln!(
        "{} {} {}",
        response.version, response.status, response.reason
    );
    // ANCHOR_END: request
    // ANCHOR: stream
    let mut stdout = io::stdout();
    loop {
        let piece = response.read(PIECE)?;
        if piece.is_empty() {
            break; // the body's end, by whichever framing the server chose
        }
        stdout.write_all(&piece)?;
        stdout.flush()?; // show it now, not when the buffer fills
    }
    // ANCHOR_END: stream
    Ok(())
}
// ANCHOR_END: listing
