//! `urlretrieve`: downloads a URL into a file with Python's `urllib.request.urlretrieve`, in
//! pynet's twin, drawing a progress bar as the blocks arrive. Ports Beginning Python's
//! `urlretrieve` example, with the progress report its `reporthook` argument allows.
//! Run it: `cargo run -p lessons --bin urlretrieve -- http://localhost:8000/big.bin`.
//! Unlike the original, it sets a timeout (`urlretrieve` has no argument for one: it takes
//! the socket module's default, as in Python), and names the file after the URL's last path
//! segment, as wget does, where the original leaves a temporary file.

use std::path::PathBuf;

use argh::FromArgs;
use pynet::socket::{self, Error};
use pynet::urllib::{progress_bar, urlretrieve};

// ANCHOR: listing
/// Download a URL into a file, with a progress bar.
#[derive(FromArgs)]
struct Urlretrieve {
    /// the URL to download
    #[argh(positional)]
    url: String,
    /// the file to write (default: the URL's last path segment, or index.html)
    #[argh(positional)]
    filename: Option<PathBuf>,
    /// seconds any one step may wait (default 10)
    #[argh(option, default = "10.0")]
    timeout: f64,
}

/// The file name a URL suggests: its path's last segment, without a query.
fn default_filename(url: &str) -> PathBuf {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let last = path.rsplit('/').next().unwrap_or_default();
    // `http://host` has no path: its last "segment" is the host itself.
    let is_host = path.matches('/').count() < 3;
    PathBuf::from(if last.is_empty() || is_host {
        "index.html"
    } else {
        last
    })
}

fn main() -> Result<(), Error> {
    let args: Urlretrieve = argh::from_env();
    let filename = args.filename.unwrap_or_else(|| default_filename(&args.url));
    // ANCHOR: retrieve
    socket::setdefaulttimeout(Some(args.timeout))?;
    let mut reporthook = progress_bar();
    let (filename, headers) = urlretrieve(
        args.url.as_str(),
        Some(&filename),
        Some(&mut reporthook),
        None,
    )?;
    // ANCHOR_END: retrieve
    let size = std::fs::metadata(&filename)?.len();
    let content_type = headers.get("Content-Type").unwrap_or("unknown");
    println!(
        "Saved {} ({size} bytes, {content_type})",
        filename.display()
    );
    Ok(())
}
// ANCHOR_END: listing
