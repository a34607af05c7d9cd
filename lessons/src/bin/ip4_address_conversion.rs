//! `ip4_address_conversion`: packs dotted IPv4 addresses into 4 bytes with `inet_aton`, shows
//! the bytes in hex, and unpacks them again with `inet_ntoa` (Cookbook 1.3).
//! Run it: `cargo run -p lessons --bin ip4_address_conversion`.
//! Under Python 3 the original prints `hexlify`'s bytes object (`Packed: b'7f000001'`); the
//! port prints the hex digits alone, as the recipe means to (and as Python 2 printed them).

use pynet::socket::{self, Error};

// ANCHOR: listing
/// `binascii.hexlify(data).decode()`: two lowercase hex digits per byte.
fn hexlify(data: &[u8]) -> String {
    data.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn main() -> Result<(), Error> {
    for ip_addr in ["127.0.0.1", "192.168.0.1"] {
        // ANCHOR: convert
        let packed_ip_addr = socket::inet_aton(ip_addr)?;
        let unpacked_ip_addr = socket::inet_ntoa(&packed_ip_addr)?;
        // ANCHOR_END: convert
        println!(
            "IP Address: {ip_addr} => Packed: {}, Unpacked: {unpacked_ip_addr}",
            hexlify(&packed_ip_addr)
        );
    }
    Ok(())
}
// ANCHOR_END: listing
