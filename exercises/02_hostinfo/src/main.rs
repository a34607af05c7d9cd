//! `hostinfo`: prints this machine's name and address; `hostinfo --host NAME` prints the
//! address NAME resolves to, or the error (and exits 1).
//!
//! ```console
//! $ cargo run -p hostinfo
//! Host name: vm
//! IP address: 127.0.0.1
//! $ cargo run -p hostinfo -- --host www.python.org
//! www.python.org: [Errno -2] Name or service not known
//! ```

use std::process::ExitCode;

use argh::FromArgs;
use hostinfo::{local_machine_info, report};

/// Print this machine's name and address, or the address of another host.
#[derive(FromArgs)]
struct Args {
    /// the host to look up instead of this machine
    #[argh(option)]
    host: Option<String>,
}

fn main() -> ExitCode {
    let args: Args = argh::from_env();
    match args.host {
        None => print_local_machine_info(),
        Some(host) => print_report(&host),
    }
}

/// `Host name: NAME` and `IP address: ADDRESS`, or the error.
fn print_local_machine_info() -> ExitCode {
    match local_machine_info() {
        Ok((host_name, ip_address)) => {
            println!("Host name: {host_name}");
            println!("IP address: {ip_address}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// The Cookbook's line for `host`: its address, or the host and the error.
fn print_report(host: &str) -> ExitCode {
    match report(host) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(line) => {
            eprintln!("{line}");
            ExitCode::FAILURE
        }
    }
}
