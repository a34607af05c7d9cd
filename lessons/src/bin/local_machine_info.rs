//! `local_machine_info`: this machine's host name and the IPv4 address that name resolves to
//! (Cookbook 1.1). Run it: `cargo run -p lessons --bin local_machine_info`.
//! Where Python stops with a traceback (a host name that does not resolve), the port prints
//! `Error: ` and the traceback's last line (`Error: socket.gaierror: [Errno -2] Name or service
//! not known`) and exits with status 1.

use pynet::socket::{self, Error};

// ANCHOR: listing
fn main() -> Result<(), Error> {
    // ANCHOR: lookup
    let host_name = socket::gethostname()?;
    let ip_address = socket::gethostbyname(&host_name)?;
    // ANCHOR_END: lookup
    println!("Host name: {host_name}");
    println!("IP address: {ip_address}");
    Ok(())
}
// ANCHOR_END: listing
