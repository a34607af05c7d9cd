//! `constants [PREFIX]`: prints the socket constants whose names start with PREFIX (default
//! `AF_`), keyed by value, as Python prints the dict.
//!
//! ```console
//! $ cargo run -p constants -- SOCK_
//! {1: 'SOCK_STREAM', 2: 'SOCK_DGRAM', 3: 'SOCK_RAW', 4: 'SOCK_RDM', 5: 'SOCK_SEQPACKET', 2048: 'SOCK_NONBLOCK', 524288: 'SOCK_CLOEXEC'}
//! ```

use argh::FromArgs;
use constants::{format_constants, get_constants};

/// Print the socket module's constants whose names start with a prefix, keyed by value.
#[derive(FromArgs)]
struct Args {
    /// the start of the names to list: AF_ (the default), SOCK_, IPPROTO_, SO_, MSG_, ...
    #[argh(positional, default = "String::from(\"AF_\")")]
    prefix: String,
}

fn main() {
    let args: Args = argh::from_env();
    println!("{}", format_constants(&get_constants(&args.prefix)));
}
