//! `remote_machine_info`: the IPv4 address of a remote host, or the reason there is none
//! (Cookbook 1.2). Run it: `cargo run -p lessons --bin remote_machine_info -- --host localhost`.
//! The original always looks up www.python.org and exits with status 0 even when the look-up
//! fails; the port takes `--host` (default www.python.org) and exits with status 1 on failure.

use std::process::ExitCode;

use argh::FromArgs;
use pynet::socket;

// ANCHOR: listing
/// Print the IPv4 address of a remote host.
#[derive(FromArgs)]
struct RemoteMachineInfo {
    /// the host to look up (default: www.python.org)
    #[argh(option, default = "String::from(\"www.python.org\")")]
    host: String,
}

fn main() -> ExitCode {
    let args: RemoteMachineInfo = argh::from_env();
    // ANCHOR: lookup
    match socket::gethostbyname(&args.host) {
        Ok(ip_address) => {
            println!("IP address of {}: {ip_address}", args.host);
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("{}: {e}", args.host);
            ExitCode::FAILURE
        }
    }
    // ANCHOR_END: lookup
}
// ANCHOR_END: listing
