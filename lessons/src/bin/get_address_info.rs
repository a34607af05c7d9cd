//! `get_address_info`: every answer `getaddrinfo` gives for a host and a port, with family,
//! type and protocol shown by name, as week 1's `get_address_info(host, port)` prints them.
//! Run it: `cargo run -p lessons --bin get_address_info -- localhost 80`.
//! The original looks names up in dicts built by `get_constants` and stops with a `KeyError`
//! on a number no constant has; the port prints the number instead. Where Python stops with a
//! traceback (`socket.gaierror: [Errno -2] Name or service not known`), the port prints
//! `Error: ` and the same line, and exits with status 1.

use argh::FromArgs;
use pynet::socket::{self, AF_UNSPEC, Error, Exception};

// ANCHOR: listing
/// Print every address getaddrinfo finds for a host and a port.
#[derive(FromArgs)]
struct GetAddressInfo {
    /// the host (default: this machine's name), then the port, a number or a service name
    /// (default: http)
    #[argh(positional, arg_name = "host port")]
    host_port: Vec<String>,
}

/// The host and the port from the command line, with the defaults filled in. (argh lets
/// only the last positional argument be optional, so both arrive in one list.)
fn host_and_port(words: &[String]) -> Result<(String, String), Error> {
    if let Some(extra) = words.get(2) {
        let message = format!("unrecognized argument: {extra}");
        return Err(Error::new(Exception::ValueError, message));
    }
    let host = match words.first() {
        Some(host) => host.clone(),
        None => socket::gethostname()?,
    };
    let port = words.get(1).map_or("http", String::as_str);
    Ok((host, port.to_string()))
}

/// The name week 1's `get_constants(prefix)` dict gives `value`: of the constants starting
/// with `prefix` that have this value, the alphabetically last (`IPPROTO_IP`, not
/// `IPPROTO_HOPOPTS`, for 0); the number itself when there is none.
fn constant_name(prefix: &str, value: i32) -> String {
    socket::constants()
        .iter()
        .filter(|(name, v)| name.starts_with(prefix) && *v == i64::from(value))
        .map(|(name, _)| *name)
        .max()
        .map_or_else(|| value.to_string(), String::from)
}

fn main() -> Result<(), Error> {
    let args: GetAddressInfo = argh::from_env();
    let (host, port) = host_and_port(&args.host_port)?;
    // ANCHOR: getaddrinfo
    for info in socket::getaddrinfo(Some(&host), port.as_str(), AF_UNSPEC, 0, 0, 0)? {
        println!("family: {}", constant_name("AF_", info.family));
        println!("type: {}", constant_name("SOCK_", info.type_));
        println!("protocol: {}", constant_name("IPPROTO_", info.proto));
        println!("canonical name: {}", info.canonname);
        println!("socket address: {}", info.sockaddr);
        println!();
    }
    // ANCHOR_END: getaddrinfo
    Ok(())
}
// ANCHOR_END: listing
