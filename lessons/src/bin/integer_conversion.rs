//! `integer_conversion`: 1234 through `ntohl`/`htonl` (32 bits) and `ntohs`/`htons` (16 bits)
//! (Cookbook 1.5). Run it: `cargo run -p lessons --bin integer_conversion`.
//! The original prints two spaces in `Long  host` and `Short  host`; the port prints one.

use pynet::socket;

// ANCHOR: listing
fn main() {
    let data: u16 = 1234;
    // ANCHOR: convert
    println!(
        "Original: {data} => Long host byte order: {}, Network byte order: {}",
        socket::ntohl(data.into()),
        socket::htonl(data.into())
    );
    println!(
        "Original: {data} => Short host byte order: {}, Network byte order: {}",
        socket::ntohs(data),
        socket::htons(data)
    );
    // ANCHOR_END: convert
}
// ANCHOR_END: listing
