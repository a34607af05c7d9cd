//! `echo server [--host localhost] --port 50000` and
//! `echo client [--host localhost] --port 50000 [--message TEXT]`: the echo pair you wrote in
//! `lib.rs`, from the command line.
//!
//! `cargo course run echo -- server --port 50000` (your version) or
//! `cargo course solution echo -- server --port 50000` (the solved one).

use std::process::ExitCode;

use argh::FromArgs;
use echo::{bind, client, serve};
use pynet::socket::{Error, Exception};

/// the echo server and its client
#[derive(FromArgs)]
struct Args {
    #[argh(subcommand)]
    role: Role,
}

#[derive(FromArgs)]
#[argh(subcommand)]
enum Role {
    Server(ServerArgs),
    Client(ClientArgs),
}

/// send back everything each client sends, one client after the other
#[derive(FromArgs)]
#[argh(subcommand, name = "server")]
struct ServerArgs {
    /// the address to listen on (default localhost)
    #[argh(option, default = "String::from(\"localhost\")")]
    host: String,
    /// the port to listen on
    #[argh(option)]
    port: u16,
}

/// send a message to the echo server and print what comes back
#[derive(FromArgs)]
#[argh(subcommand, name = "client")]
struct ClientArgs {
    /// the server's host (default localhost)
    #[argh(option, default = "String::from(\"localhost\")")]
    host: String,
    /// the server's port
    #[argh(option)]
    port: u16,
    /// the message to send (default "This is the message.  It will be repeated.")
    #[argh(
        option,
        default = "String::from(\"This is the message.  It will be repeated.\")"
    )]
    message: String,
}

fn main() -> ExitCode {
    let args: Args = argh::from_env();
    let outcome = match &args.role {
        Role::Server(server) => run_server(server),
        Role::Client(client) => run_client(client),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Listens, then serves one client at a time until the program is stopped. A client that
/// fails costs only its own connection: the error is printed and the server goes on.
fn run_server(args: &ServerArgs) -> Result<(), Error> {
    let listener = bind(&args.host, args.port)?;
    println!("Echo server listening on {}", listener.getsockname()?);
    loop {
        if let Err(e) = serve(&listener, Some(1)) {
            eprintln!("{e}");
        }
    }
}

/// Sends the message and prints the echo; a short echo is an error.
fn run_client(args: &ClientArgs) -> Result<(), Error> {
    let message = args.message.as_bytes();
    let received = client(&args.host, args.port, message)?;
    println!("received: {}", String::from_utf8_lossy(&received));
    if received.len() < message.len() {
        return Err(Error::new(
            Exception::ConnectionError,
            format!(
                "the server closed the connection after echoing {} of {} bytes",
                received.len(),
                message.len()
            ),
        ));
    }
    Ok(())
}
