//! `sntp [--server pool.ntp.org] [--port 123] [--timeout 5]`: asks a time server for the time
//! with the functions you wrote in `lib.rs`, and prints where the answer came from, the
//! server's stratum and its time (in UTC, as lesson 9's `sntp_client` prints it).
//!
//! `cargo course run sntp -- --server pool.ntp.org` (your version) or
//! `cargo course solution sntp -- --server pool.ntp.org` (the solved one).

#[path = "../../../lessons/src/ctime.rs"]
mod ctime;

use argh::FromArgs;
use pynet::socket::Error;
use sntp::{ask, header, unix_time};

/// ask a time server what time it is (SNTP)
#[derive(FromArgs)]
struct Args {
    /// the time server (default pool.ntp.org)
    #[argh(option, default = "String::from(\"pool.ntp.org\")")]
    server: String,
    /// the server's UDP port (default 123)
    #[argh(option, default = "123")]
    port: u16,
    /// how long to wait for the answer, in seconds (default 5)
    #[argh(option, default = "5.0")]
    timeout: f64,
}

fn main() -> Result<(), Error> {
    let args: Args = argh::from_env();
    let reply = ask(&args.server, args.port, args.timeout)?;
    println!("Response received from: {}", reply.address);
    println!("Stratum: {}", header(reply.fields[0]).stratum);
    let time = unix_time(reply.fields[10]);
    println!("Time={}", ctime::ctime(time as f64));
    Ok(())
}
