//! `urlopen`: fetches a page with Python's `urllib.request.urlopen`, in pynet's twin, and
//! writes its body to stdout. Ports Beginning Python's first urllib example, which reads a page
//! and prints it.
//! Run it: `cargo run -p lessons --bin urlopen -- http://localhost:8000/` (`python3 -m
//! http.server` serves the current directory there).
//! Unlike the original, it sets a timeout, and writes the body as bytes rather than decoded
//! text, so a page that is not UTF-8 (or not text) comes out unchanged.

use std::io::{self, Write};

use argh::FromArgs;
use pynet::socket::Error;
use pynet::urllib::urlopen;

// ANCHOR: listing
/// Fetch a page with urlopen and print it.
#[derive(FromArgs)]
struct Urlopen {
    /// the URL to fetch (default `http://www.python.org/`)
    #[argh(positional, default = "String::from(\"http://www.python.org/\")")]
    url: String,
    /// seconds any one step may wait (default 10)
    #[argh(option, default = "10.0")]
    timeout: f64,
}

fn main() -> Result<(), Error> {
    let args: Urlopen = argh::from_env();
    // ANCHOR: fetch
    let mut response = urlopen(args.url.as_str(), None, Some(args.timeout))?;
    let page = response.readall()?;
    // ANCHOR_END: fetch
    eprintln!(
        "{} {} {}",
        response.status(),
        response.reason(),
        response.geturl()
    );
    io::stdout().write_all(&page)?;
    Ok(())
}
// ANCHOR_END: listing
