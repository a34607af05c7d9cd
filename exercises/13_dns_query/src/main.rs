//! `dns_query [--server 127.0.0.1] [--port 53] [--timeout 2] NAME`: asks a DNS server for the A
//! records of NAME with the `query_a` you wrote in `lib.rs`, and prints one address a line.
//!
//! `cargo course run dns_query -- --port 5353 example.test` (your version) or
//! `cargo course solution dns_query -- --port 5353 example.test` (the solved one).

use argh::FromArgs;
use dns_query::query_a;
use pynet::socket::Error;

/// ask a DNS server for the A records of a name, by hand
#[derive(FromArgs)]
struct Args {
    /// the DNS server's IP address (default 127.0.0.1)
    #[argh(option, default = "String::from(\"127.0.0.1\")")]
    server: String,
    /// the DNS server's UDP port (default 53)
    #[argh(option, default = "53")]
    port: u16,
    /// how long to wait for the reply, in seconds (default 2)
    #[argh(option, default = "2.0")]
    timeout: f64,
    /// the name to look up, such as example.test
    #[argh(positional)]
    name: String,
}

fn main() -> Result<(), Error> {
    let args: Args = argh::from_env();
    for address in query_a(&args.server, args.port, &args.name, args.timeout)? {
        println!("{address}");
    }
    Ok(())
}
