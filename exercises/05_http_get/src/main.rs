//! `http_get HOST [--port 80] [--path /] [--timeout 10]`: fetch a page with the GET you wrote
//! in `lib.rs` and print the raw response, status line and headers included.
//!
//! `cargo course run http_get -- 127.0.0.1 --port 8000` (your version) or
//! `cargo course solution http_get -- 127.0.0.1 --port 8000` (the solved one).

use std::io::Write;
use std::process::ExitCode;

use argh::FromArgs;
use http_get::http_get;
use pynet::socket::Error;

/// fetch a page with a hand-written HTTP/1.0 GET and print the raw response
#[derive(FromArgs)]
struct Args {
    /// the web server's host name or address
    #[argh(positional)]
    host: String,
    /// the server's port (default 80)
    #[argh(option, default = "80")]
    port: u16,
    /// the path to ask for (default /)
    #[argh(option, default = "String::from(\"/\")")]
    path: String,
    /// seconds each step may wait (default 10)
    #[argh(option, default = "10.0")]
    timeout: f64,
}

fn main() -> ExitCode {
    let args: Args = argh::from_env();
    match fetch(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// Fetches the page and writes the response to stdout as it came, bytes and all.
fn fetch(args: &Args) -> Result<(), Error> {
    let response = http_get(&args.host, args.port, &args.path, Some(args.timeout))?;
    std::io::stdout().write_all(&response)?;
    Ok(())
}
