//! `socket_timeout`: shows a new socket's timeout (none: it blocks for ever), then sets one of
//! 100 seconds and shows it again. Ports Cookbook 1.6.
//! Run it: `cargo run -p lessons --bin socket_timeout`.

use pynet::socket::{AF_INET, Error, SOCK_STREAM, Socket};

// ANCHOR: listing
/// A timeout as Python's `str()` shows it: `None`, or a float such as `100.0`.
fn python_str(timeout: Option<f64>) -> String {
    match timeout {
        None => "None".to_string(),
        // `{:?}` keeps the `.0` of a whole number, as Python does.
        Some(seconds) => format!("{seconds:?}"),
    }
}

fn main() -> Result<(), Error> {
    let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
    println!("Default socket timeout: {}", python_str(s.gettimeout()));
    s.settimeout(Some(100.0))?;
    println!("Current socket timeout: {}", python_str(s.gettimeout()));
    Ok(())
}
// ANCHOR_END: listing
