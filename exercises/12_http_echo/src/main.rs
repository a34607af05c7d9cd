//! `http_echo [--host localhost] [--port 8080]`: the HTTP echo server you wrote in `lib.rs`,
//! each connection on a thread of its own. `--port 0` takes any free port; the first line
//! printed says which.
//!
//! `cargo course run http_echo -- --port 8080` (your version) or
//! `cargo course solution http_echo -- --port 8080` (the solved one), then
//! `curl -L -d 'Hello, World!' http://localhost:8080/`.

use std::thread;

use argh::FromArgs;
use http_echo::handle;
use pynet::socket::{AF_INET, Error, SHUT_WR, Socket, create_server};

/// How long a connection may keep the server waiting, in seconds.
const TIMEOUT: f64 = 10.0;

/// an HTTP server: POST /echo sends the body back; other methods 405, other paths 307
#[derive(FromArgs)]
struct Args {
    /// the address to listen on (default localhost)
    #[argh(option, default = "String::from(\"localhost\")")]
    host: String,
    /// the port to listen on (default 8080; 0: any free port)
    #[argh(option, default = "8080")]
    port: u16,
}

fn main() -> Result<(), Error> {
    let args: Args = argh::from_env();
    let server = create_server((args.host.as_str(), args.port), AF_INET, None, false, false)?;
    let address = server.getsockname()?;
    let port = address.port().unwrap_or(args.port);
    println!("Serving HTTP on {} port {port}", args.host);
    loop {
        let (conn, client) = server.accept()?;
        thread::spawn(move || {
            if let Err(e) = serve(&conn) {
                println!("{client}: {e}");
            }
        });
    }
}

/// One connection, under a timeout, so that a silent client cannot hold its thread for ever.
/// Then a gentle close: end our side and read what the client still sends until it closes.
/// A socket closed with unread bytes in it sends a reset, and a reset can destroy an answer
/// the client has not read yet (a 413 sent before the body was read, say).
fn serve(conn: &Socket) -> Result<(), Error> {
    conn.settimeout(Some(TIMEOUT))?;
    handle(conn)?;
    conn.shutdown(SHUT_WR)?;
    while !conn.recv(64 * 1024)?.is_empty() {}
    Ok(())
}
