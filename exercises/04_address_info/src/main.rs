//! `address_info [HOST] [PORT]`: prints every answer getaddrinfo gives for HOST (default:
//! this machine's name) and PORT (a number or a service name, default `http`), as week 1's
//! `get_address_info` does; with `--connect`, then connects to the first answer that
//! accepts and prints the address it reached.
//!
//! ```console
//! $ cargo run -p address_info -- localhost 80
//! family: AF_INET
//! type: SOCK_STREAM
//! protocol: IPPROTO_TCP
//! canonical name:
//! socket address: ('127.0.0.1', 80)
//!
//! ...
//! ```
//!
//! An error prints as Python prints it (`[Errno -2] Name or service not known`) and the
//! program exits with status 1.

use std::process::ExitCode;

use address_info::{connect_first, get_address_info};
use argh::FromArgs;
use pynet::socket::{self, Error, Exception};

/// Show what getaddrinfo answers for a host and port, and optionally connect.
#[derive(FromArgs)]
struct Args {
    /// the host (default: this machine's name), then the port: a number or a service name
    /// (default: http)
    #[argh(positional, arg_name = "HOST [PORT]")]
    host_and_port: Vec<String>,

    /// then connect to the first answer that accepts, and say where
    #[argh(switch)]
    connect: bool,

    /// seconds each connection attempt may take (default 5)
    #[argh(option, default = "5.0")]
    timeout: f64,
}

fn main() -> ExitCode {
    let args: Args = argh::from_env();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Describes the answers, then connects if asked to.
fn run(args: &Args) -> Result<(), Error> {
    let (host, port) = host_and_port(&args.host_and_port)?;
    for line in get_address_info(&host, port.as_str())? {
        println!("{line}");
    }
    if args.connect {
        let connection = connect_first(&host, port.as_str(), Some(args.timeout))?;
        println!("Connected to {}", connection.getpeername()?);
    }
    Ok(())
}

/// The host and port given, with their defaults: this machine's name, `http`.
fn host_and_port(given: &[String]) -> Result<(String, String), Error> {
    match given {
        [] => Ok((socket::gethostname()?, "http".to_string())),
        [host] => Ok((host.clone(), "http".to_string())),
        [host, port] => Ok((host.clone(), port.clone())),
        _ => Err(Error::new(
            Exception::TypeError,
            "expected at most a host and a port",
        )),
    }
}
