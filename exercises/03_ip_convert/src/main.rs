//! `ip_convert`: IPv4 addresses as packed bytes, and numbers in network byte order.
//!
//! ```console
//! $ cargo run -p ip_convert -- pack
//! IP Address: 127.0.0.1 => Packed: 7f000001, Unpacked: 127.0.0.1
//! IP Address: 192.168.0.1 => Packed: c0a80001, Unpacked: 192.168.0.1
//! $ cargo run -p ip_convert -- unpack c0a80001
//! 192.168.0.1
//! $ cargo run -p ip_convert -- order 1234
//! Original: 1234 => Network order: 000004d2, Read back: 1234
//! ```
//!
//! An error prints as Python prints it (`illegal IP address string passed to inet_aton`) and
//! the program exits with status 1.

use std::process::ExitCode;

use argh::FromArgs;
use ip_convert::{conversion_line, from_network_order, hexlify, to_network_order, unpack_hex};
use pynet::socket::Error;

/// Convert IPv4 addresses to packed bytes and back, and show network byte order.
#[derive(FromArgs)]
struct Args {
    #[argh(subcommand)]
    command: Command,
}

#[derive(FromArgs)]
#[argh(subcommand)]
enum Command {
    Pack(Pack),
    Unpack(Unpack),
    Order(Order),
}

/// Pack addresses with inet_aton, show the bytes in hex, and unpack them again.
#[derive(FromArgs)]
#[argh(subcommand, name = "pack")]
struct Pack {
    /// the addresses to convert (default: 127.0.0.1 and 192.168.0.1)
    #[argh(positional)]
    addresses: Vec<String>,
}

/// Turn 8 hex digits back into a dotted address with inet_ntoa.
#[derive(FromArgs)]
#[argh(subcommand, name = "unpack")]
struct Unpack {
    /// the packed address in hex, such as 7f000001
    #[argh(positional)]
    hex: String,
}

/// Show the 4 bytes a 32-bit number travels as, and read them back.
#[derive(FromArgs)]
#[argh(subcommand, name = "order")]
struct Order {
    /// the number, from 0 to 4294967295
    #[argh(positional)]
    number: u32,
}

fn main() -> ExitCode {
    let args: Args = argh::from_env();
    let outcome = match args.command {
        Command::Pack(pack) => print_conversions(&pack.addresses),
        Command::Unpack(unpack) => unpack_hex(&unpack.hex).map(|address| println!("{address}")),
        Command::Order(order) => {
            print_network_order(order.number);
            Ok(())
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// The Cookbook's line for each address, stopping at the first that fails.
fn print_conversions(addresses: &[String]) -> Result<(), Error> {
    let defaults = ["127.0.0.1".to_string(), "192.168.0.1".to_string()];
    let addresses = if addresses.is_empty() {
        &defaults
    } else {
        addresses
    };
    for address in addresses {
        println!("{}", conversion_line(address)?);
    }
    Ok(())
}

/// `Original: 1234 => Network order: 000004d2, Read back: 1234`.
fn print_network_order(number: u32) {
    let bytes = to_network_order(number);
    println!(
        "Original: {number} => Network order: {}, Read back: {}",
        hexlify(&bytes),
        from_network_order(bytes)
    );
}
