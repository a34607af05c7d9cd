//! `tls_echo server --port 50011 --cert CERT --key KEY [--clients N]` and
//! `tls_echo client --port 50011 --cafile CA [--host localhost] [--message TEXT]`: the TLS
//! echo server and client you wrote in `lib.rs`.
//!
//! `cargo course run tls_echo -- server ...` (your version) or
//! `cargo course solution tls_echo -- server ...` (the solved one).

use std::path::PathBuf;

use argh::FromArgs;
use pynet::socket::{AF_INET, Error, create_server};
use tls_echo::{client_context, echo, serve, server_context};

/// an echo server and client over TLS
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

/// echo clients over TLS, one after the other
#[derive(FromArgs)]
#[argh(subcommand, name = "server")]
struct ServerArgs {
    /// the address to listen on (default localhost)
    #[argh(option, default = "String::from(\"localhost\")")]
    host: String,
    /// the port to listen on
    #[argh(option)]
    port: u16,
    /// the server's certificate (PEM)
    #[argh(option)]
    cert: PathBuf,
    /// the certificate's private key (PEM)
    #[argh(option)]
    key: PathBuf,
    /// how many clients to serve before stopping (default 100)
    #[argh(option, default = "100")]
    clients: usize,
}

/// send a message over TLS and print the echo
#[derive(FromArgs)]
#[argh(subcommand, name = "client")]
struct ClientArgs {
    /// the server's name, as its certificate gives it (default localhost)
    #[argh(option, default = "String::from(\"localhost\")")]
    host: String,
    /// the server's port
    #[argh(option)]
    port: u16,
    /// the CA certificate to trust (PEM)
    #[argh(option)]
    cafile: PathBuf,
    /// the message (default "Test message. This will be echoed")
    #[argh(
        option,
        default = "String::from(\"Test message. This will be echoed\")"
    )]
    message: String,
}

fn main() -> Result<(), Error> {
    let args: Args = argh::from_env();
    match args.role {
        Role::Server(args) => {
            let context = server_context(&args.cert, &args.key)?;
            let listener =
                create_server((args.host.as_str(), args.port), AF_INET, None, false, false)?;
            println!("Serving TLS echo on {}", listener.getsockname()?);
            let served = serve(&listener, &context, args.clients)?;
            println!("served {served} of {} clients", args.clients);
        }
        Role::Client(args) => {
            let context = client_context(&args.cafile)?;
            let reply = echo(&context, &args.host, args.port, args.message.as_bytes())?;
            println!("Received: {}", String::from_utf8_lossy(&reply));
        }
    }
    Ok(())
}
