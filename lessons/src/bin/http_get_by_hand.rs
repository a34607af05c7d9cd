//! `http_get_by_hand`: fetches a web page with nothing but a socket: getaddrinfo, connect,
//! send an HTTP/1.0 GET, receive until the server closes, and write the raw response (status
//! line, headers and body) to stdout. Ports week 1's `http_get`.
//! Run it: `cargo run -p lessons --bin http_get_by_hand -- --host www.python.org`.
//! Unlike the original, it asks getaddrinfo for stream sockets only (so the first answer is
//! always TCP), sets a timeout, and writes the response as bytes rather than decoded text.

use std::io::{self, Write};

use argh::FromArgs;
use pynet::socket::{self, AF_UNSPEC, Error, Exception, SOCK_STREAM, Socket};

// ANCHOR: listing
/// Fetch a page over HTTP/1.0 with a plain socket and print the raw response.
#[derive(FromArgs)]
struct HttpGet {
    /// the web server's host name (default www.python.org)
    #[argh(option, default = "String::from(\"www.python.org\")")]
    host: String,
    /// the port (default 80)
    #[argh(option, default = "80")]
    port: u16,
    /// the path to ask for (default /)
    #[argh(option, default = "String::from(\"/\")")]
    path: String,
}

/// How long any one step (connect, send, receive) may wait, in seconds.
const TIMEOUT: f64 = 10.0;

// ANCHOR: connect
/// Resolves `host` and connects a socket made from the first answer's family, type and
/// protocol, as Python's `socket.socket(*info[:3])` and `s.connect(info[4])`.
fn connect(host: &str, port: u16) -> Result<Socket, Error> {
    let infos = socket::getaddrinfo(Some(host), port, AF_UNSPEC, SOCK_STREAM, 0, 0)?;
    let info = infos
        .first()
        .ok_or_else(|| Error::new(Exception::OSError, "getaddrinfo returns an empty list"))?;
    let s = Socket::new(info.family, info.type_, info.proto)?;
    s.settimeout(Some(TIMEOUT))?;
    s.connect(&info.sockaddr)?;
    Ok(s)
}
// ANCHOR_END: connect

// ANCHOR: request
/// An HTTP/1.0 request: the server answers, then closes the connection, which is how we know
/// the response is complete.
fn request(host: &str, path: &str) -> String {
    format!("GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n")
}
// ANCHOR_END: request

// ANCHOR: receive
/// Copies everything the server sends to `out`, until it closes the connection.
fn copy_until_closed(s: &Socket, out: &mut impl Write) -> Result<(), Error> {
    loop {
        let data = s.recv(4096)?;
        if data.is_empty() {
            return Ok(());
        }
        out.write_all(&data)?;
    }
}
// ANCHOR_END: receive

fn main() -> Result<(), Error> {
    let args: HttpGet = argh::from_env();
    let s = connect(&args.host, args.port)?;
    s.sendall(request(&args.host, &args.path).as_bytes())?;
    let mut stdout = io::stdout().lock();
    copy_until_closed(&s, &mut stdout)?;
    stdout.flush()?;
    Ok(())
}
// ANCHOR_END: listing
