//! `reuse [--host localhost] [--port 8282] [--reply TEXT]`: a server that sends every client a
//! short reply and closes the connection itself, using the `listen` and `serve_one` you wrote
//! in `lib.rs`. Stop it with Ctrl-C and start it again: it binds the same port at once.
//!
//! `cargo course run reuse -- --port 8282` (your version) or
//! `cargo course solution reuse -- --port 8282` (the solved one).

use std::process::ExitCode;

use argh::FromArgs;
use pynet::socket::Error;
use reuse::{listen, serve_one};

/// serve every client a short reply, on a port that can be reused at once
#[derive(FromArgs)]
struct Args {
    /// the address to listen on (default localhost)
    #[argh(option, default = "String::from(\"localhost\")")]
    host: String,
    /// the port to listen on (default 8282)
    #[argh(option, default = "8282")]
    port: u16,
    /// what each client is sent (default "Thank you for connecting")
    #[argh(option, default = "String::from(\"Thank you for connecting\")")]
    reply: String,
}

fn main() -> ExitCode {
    let args: Args = argh::from_env();
    match serve(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Listens, then serves clients one after the other until the program is stopped. A client
/// that goes away too early costs only its own connection: the error is printed and the
/// server goes on.
fn serve(args: &Args) -> Result<(), Error> {
    let listener = listen(&args.host, args.port, 5)?;
    println!("Listening on {}", listener.getsockname()?);
    loop {
        match serve_one(&listener, args.reply.as_bytes()) {
            Ok(address) => println!("Connected by {address}"),
            Err(e) => eprintln!("{e}"),
        }
    }
}
