//! `sum server [--host localhost] --port 50001` and
//! `sum client [--host localhost] --port 50001 A B`: the sum server and client you wrote in
//! `lib.rs`, from the command line. (Put `--` before negative numbers:
//! `sum client --port 50001 -- -5 3`.)
//!
//! `cargo course run sum -- server --port 50001` (your version) or
//! `cargo course solution sum -- server --port 50001` (the solved one).

use std::process::ExitCode;

use argh::FromArgs;
use pynet::socket::{AF_INET, Error, create_server};
use sum::{add, serve};

/// a server that adds two numbers, and its client
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

/// answer `A B` lines with their sum, one client after the other
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

/// ask the sum server for A + B and print its reply (put -- before negative numbers)
#[derive(FromArgs)]
#[argh(subcommand, name = "client")]
struct ClientArgs {
    /// the server's host (default localhost)
    #[argh(option, default = "String::from(\"localhost\")")]
    host: String,
    /// the server's port
    #[argh(option)]
    port: u16,
    /// the first number
    #[argh(positional)]
    a: String,
    /// the second number
    #[argh(positional)]
    b: String,
}

fn main() -> ExitCode {
    let args: Args = argh::from_env();
    let outcome = match &args.role {
        Role::Server(server) => run_server(server).map(|()| ExitCode::SUCCESS),
        Role::Client(client) => run_client(client),
    };
    outcome.unwrap_or_else(|e| {
        eprintln!("{e}");
        ExitCode::FAILURE
    })
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
    println!("Sum server listening on {}", listener.getsockname()?);
    serve(&listener, None)
}

/// Asks for the sum and prints the reply; an `error: ...` reply fails the command too.
fn run_client(args: &ClientArgs) -> Result<ExitCode, Error> {
    let reply = add(&args.host, args.port, &args.a, &args.b)?;
    println!("{reply}");
    if reply.starts_with("error: ") {
        Ok(ExitCode::FAILURE)
    } else {
        Ok(ExitCode::SUCCESS)
    }
}
