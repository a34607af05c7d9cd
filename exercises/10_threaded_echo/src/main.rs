//! `threaded_echo server [--host localhost] --port 50010` and
//! `threaded_echo client [--host localhost] --port 50010 [--message TEXT] [--pause SECONDS]`:
//! the thread-per-connection echo server you wrote in `lib.rs`, and a client to try it with.
//!
//! `cargo course run threaded_echo -- server --port 50010` (your version) or
//! `cargo course solution threaded_echo -- server --port 50010` (the solved one).

use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use argh::FromArgs;
use pynet::socket::{AF_INET, Error, Exception, SHUT_WR, create_connection, create_server};
use threaded_echo::serve;

/// The client's timeout, in seconds, on every step after its pause.
const TIMEOUT: f64 = 5.0;

/// an echo server with a thread per connection, and its client
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

/// send back everything each client sends, every client on a thread of its own
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

/// connect, wait, send a message and print what comes back
#[derive(FromArgs)]
#[argh(subcommand, name = "client")]
struct ClientArgs {
    /// the server's host (default localhost)
    #[argh(option, default = "String::from(\"localhost\")")]
    host: String,
    /// the server's port
    #[argh(option)]
    port: u16,
    /// the message to send (default "Hello, threads!")
    #[argh(option, default = "String::from(\"Hello, threads!\")")]
    message: String,
    /// seconds to stay connected and silent before sending (default 0)
    #[argh(option, default = "0.0")]
    pause: f64,
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
    let server = create_server(
        (args.host.as_str(), args.port),
        AF_INET,
        Some(5),
        false,
        false,
    )?;
    println!(
        "Threaded echo server listening on {}",
        server.getsockname()?
    );
    serve(&server, None)
}

/// Connects, stays silent for the pause, sends the message, closes its sending side and
/// prints everything that comes back until the server closes; a short echo is an error.
fn run_client(args: &ClientArgs) -> Result<(), Error> {
    let s = create_connection((args.host.as_str(), args.port), Some(TIMEOUT), None)?;
    println!("connected from {}", s.getsockname()?);
    thread::sleep(Duration::try_from_secs_f64(args.pause).unwrap_or_default());
    s.sendall(args.message.as_bytes())?;
    s.shutdown(SHUT_WR)?;
    let mut received = Vec::new();
    loop {
        let data = s.recv(4096)?;
        if data.is_empty() {
            break;
        }
        received.extend_from_slice(&data);
    }
    println!("received: {}", String::from_utf8_lossy(&received));
    if received.len() < args.message.len() {
        return Err(Error::new(
            Exception::ConnectionError,
            format!(
                "the server closed the connection after echoing {} of {} bytes",
                received.len(),
                args.message.len()
            ),
        ));
    }
    Ok(())
}
