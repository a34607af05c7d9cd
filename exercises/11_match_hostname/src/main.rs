//! `match_hostname HOST [KIND:VALUE...]`: checks a host against a certificate's
//! subjectAltName entries with the `match_hostname` you wrote in `lib.rs`. The entries are
//! written as openssl writes them (`DNS:github.com`, `IP:127.0.0.1`); it prints
//! `'HOST' matches` or the error, and exits with 1 when the host does not match.
//!
//! `cargo course run match_hostname -- 192.30.252.130 DNS:github.com DNS:www.github.com`
//! (your version) or `cargo course solution match_hostname -- ...` (the solved one).

use std::process::ExitCode;

use argh::FromArgs;
use match_hostname::match_hostname;

/// check a host name or address against a certificate's subjectAltName entries
#[derive(FromArgs)]
struct Args {
    /// the host the client asked for
    #[argh(positional)]
    host: String,
    /// the certificate's entries, as DNS:NAME or IP:ADDRESS
    #[argh(positional)]
    entries: Vec<String>,
}

fn main() -> ExitCode {
    let args: Args = argh::from_env();
    let entries: Vec<(&str, &str)> = args.entries.iter().map(|e| entry(e)).collect();
    match match_hostname(&entries, &args.host) {
        Ok(()) => {
            println!("'{}' matches", args.host);
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// openssl's `DNS:github.com` as Python's `('DNS', 'github.com')`; `IP:` is Python's
/// `IP Address`. Text without a kind is a `DNS` name.
fn entry(text: &str) -> (&str, &str) {
    match text.split_once(':') {
        Some(("IP", address)) => ("IP Address", address),
        Some((kind, value)) if !kind.is_empty() && kind.chars().all(char::is_alphabetic) => {
            (kind, value)
        }
        _ => ("DNS", text),
    }
}
