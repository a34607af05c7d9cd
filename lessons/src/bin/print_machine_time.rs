//! `print_machine_time`: asks a time server for the time with pynet's NTP client, which works
//! like Python's ntplib, and prints the server's transmit time. Ports Cookbook 1.11.
//! Run it: `cargo run -p lessons --bin print_machine_time` (asks pool.ntp.org), or
//! `cargo run -p lessons --bin print_machine_time -- --server 127.0.0.1 --port 12300`.
//! It prints the time in UTC (see `ctime.rs`).

#[path = "../ctime.rs"]
mod ctime;

use argh::FromArgs;
use pynet::ntp::NTPClient;
use pynet::socket::Error;

use ctime::ctime;

// ANCHOR: listing
/// Print the time a time server gives, with an ntplib-style NTP client.
#[derive(FromArgs)]
struct PrintMachineTime {
    /// the time server (default pool.ntp.org)
    #[argh(option, default = "String::from(\"pool.ntp.org\")")]
    server: String,
    /// the server's port: a number or a service name (default ntp, which is 123)
    #[argh(option, default = "String::from(\"ntp\")")]
    port: String,
    /// the NTP version to ask with (default 2, as ntplib's)
    #[argh(option, default = "2")]
    version: u8,
}

/// How long the client waits for the answer, in seconds (ntplib's default).
const TIMEOUT: f64 = 5.0;

fn main() -> Result<(), Error> {
    let args: PrintMachineTime = argh::from_env();
    let ntp_client = NTPClient::new();
    let response = ntp_client.request(&args.server, args.version, args.port.as_str(), TIMEOUT)?;
    println!("{}", ctime(response.tx_time()));
    Ok(())
}
// ANCHOR_END: listing
