//! `finding_service_name`: the service names of well-known ports, from `/etc/services`, with
//! `getservbyport` (Cookbook 1.4). Run it: `cargo run -p lessons --bin finding_service_name`.

use pynet::socket::{self, Error};

// ANCHOR: listing
fn main() -> Result<(), Error> {
    for (port, protocolname) in [(80, "tcp"), (25, "tcp"), (53, "udp")] {
        // ANCHOR: lookup
        let service_name = socket::getservbyport(port, Some(protocolname))?;
        // ANCHOR_END: lookup
        println!("Port: {port} => service name: {service_name}");
    }
    Ok(())
}
// ANCHOR_END: listing
