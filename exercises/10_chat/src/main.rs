//! `chat server [--host localhost] --port 50011` and
//! `chat client [--host localhost] --port 50011 --name NAME`: the chat server you wrote in
//! `lib.rs`, and a client that sends each line you type and prints what the others say.
//!
//! `cargo course run chat -- server --port 50011` (your version) or
//! `cargo course solution chat -- server --port 50011` (the solved one).

use std::io;
use std::process::{self, ExitCode};
use std::sync::atomic::AtomicBool;
use std::thread;

use argh::FromArgs;
use chat::{recv_message, send_message, serve};
use pynet::socket::{AF_INET, Error, SHUT_WR, Socket, create_connection, create_server};

/// The client's timeout for connecting, in seconds; after that it waits as long as it takes.
const CONNECT_TIMEOUT: f64 = 5.0;

/// a chat server that passes every message on to everyone else, and its client
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

/// serve the chat with select, until stopped
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

/// join the chat: send each line typed, print what the others say
#[derive(FromArgs)]
#[argh(subcommand, name = "client")]
struct ClientArgs {
    /// the server's host (default localhost)
    #[argh(option, default = "String::from(\"localhost\")")]
    host: String,
    /// the server's port
    #[argh(option)]
    port: u16,
    /// the name the others see
    #[argh(option)]
    name: String,
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

/// Listens (with `SO_REUSEADDR`, as `create_server` sets it) and serves until stopped.
fn run_server(args: &ServerArgs) -> Result<(), Error> {
    let listener = create_server(
        (args.host.as_str(), args.port),
        AF_INET,
        Some(5),
        false,
        false,
    )?;
    println!("Chat server listening on {}", listener.getsockname()?);
    serve(&listener, &AtomicBool::new(false))
}

/// Sends the name, then each line of stdin as a message, while a second thread prints the
/// messages that come. The end of stdin (Ctrl-D) closes the connection.
fn run_client(args: &ClientArgs) -> Result<(), Error> {
    let sock = create_connection((args.host.as_str(), args.port), Some(CONNECT_TIMEOUT), None)?;
    sock.settimeout(None)?;
    send_message(&sock, &args.name)?;
    thread::scope(|scope| {
        scope.spawn(|| print_messages(&sock));
        for line in io::stdin().lines() {
            send_message(&sock, &line?)?;
        }
        // The server sees us leave and closes its side; print_messages then ends the program.
        sock.shutdown(SHUT_WR)
    })
}

/// Prints every message that comes until the connection ends, then ends the program: the
/// server has gone, or it has closed its side after we closed ours.
fn print_messages(sock: &Socket) {
    let code = loop {
        match recv_message(sock) {
            Ok(Some(text)) => println!("{text}"),
            Ok(None) => break 0,
            Err(e) => {
                eprintln!("{e}");
                break 1;
            }
        }
    };
    process::exit(code);
}
