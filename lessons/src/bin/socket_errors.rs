//! `socket_errors`: an HTTP/1.0 GET in four steps (create a socket, connect, send, receive),
//! each with its own error message, so the reader sees which step failed and why. Ports
//! Cookbook 1.7.
//! Run it: `cargo run -p lessons --bin socket_errors -- --host www.python.org --port 80 --file /`.
//! Unlike the original, `--host` and `--port` are required (the original crashes without
//! them), `--file` defaults to `/` (the original asks for `None`), every step has a timeout,
//! and the response is written as bytes rather than decoded text.

use std::io::{self, Write};
use std::process::ExitCode;

use argh::FromArgs;
use pynet::socket::{AF_INET, Error, Exception, SOCK_STREAM, Socket};

// ANCHOR: listing
/// Socket error examples: fetch a file and report which step failed.
#[derive(FromArgs)]
struct SocketErrors {
    /// the server's host name or address
    #[argh(option)]
    host: String,
    /// the server's port
    #[argh(option)]
    port: u16,
    /// the path to ask for (default /)
    #[argh(option, default = "String::from(\"/\")")]
    file: String,
}

/// How long connecting, sending or receiving may wait, in seconds.
const TIMEOUT: f64 = 10.0;

/// Prints which step failed and the error, as the original's `print`, and gives exit
/// status 1.
fn fail(step: &str, e: Error) -> ExitCode {
    println!("{step}: {e}");
    ExitCode::FAILURE
}

/// A TCP socket whose calls give up after `TIMEOUT` seconds.
fn new_socket() -> Result<Socket, Error> {
    let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    s.settimeout(Some(TIMEOUT))?;
    Ok(s)
}

fn main() -> ExitCode {
    let args: SocketErrors = argh::from_env();

    // ANCHOR: steps
    // 1. Create the socket.
    let s = match new_socket() {
        Ok(s) => s,
        Err(e) => return fail("Error creating socket", e),
    };

    // 2. Connect. A host name that does not resolve is a `socket.gaierror`; refused,
    //    unreachable and timed out are the other failures.
    if let Err(e) = s.connect((args.host.as_str(), args.port)) {
        return if e.is_instance(Exception::GaiError) {
            fail("Address-related error connecting to server", e)
        } else {
            fail("Connection error", e)
        };
    }

    // 3. Send the request.
    let request = format!("GET {} HTTP/1.0\r\n\r\n", args.file);
    if let Err(e) = s.sendall(request.as_bytes()) {
        return fail("Error sending data", e);
    }

    // 4. Receive until the server closes the connection, writing each piece to stdout.
    let mut stdout = io::stdout().lock();
    loop {
        let data = match s.recv(2048) {
            Ok(data) => data,
            Err(e) => return fail("Error receiving data", e),
        };
        if data.is_empty() {
            return ExitCode::SUCCESS;
        }
        if let Err(e) = stdout.write_all(&data) {
            // Python's `sys.stdout.write` would fail with a traceback: the error on stderr.
            eprintln!("{:?}", Error::from(e));
            return ExitCode::FAILURE;
        }
    }
    // ANCHOR_END: steps
}
// ANCHOR_END: listing
