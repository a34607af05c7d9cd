//! # Exercise `ip_convert`: addresses as bytes, numbers in network order
//!
//! On the wire an IPv4 address is not the text `127.0.0.1` but four bytes, `7f 00 00 01`, and
//! every multi-byte number travels most significant byte first ("network byte order"). Build
//! the Python Cookbook's address conversion, its way back from hex, and what `htonl` means,
//! shown as bytes:
//!
//! ```python
//! import binascii, socket, struct
//!
//! def packed_hex(address):
//!     return binascii.hexlify(socket.inet_aton(address)).decode()   # '7f000001'
//!
//! def unpack_hex(text):
//!     return socket.inet_ntoa(binascii.unhexlify(text))             # '127.0.0.1'
//!
//! for address in ["127.0.0.1", "192.168.0.1"]:
//!     packed = socket.inet_aton(address)
//!     print(f"IP Address: {address} => Packed: {binascii.hexlify(packed).decode()}, "
//!           f"Unpacked: {socket.inet_ntoa(packed)}")
//!
//! struct.pack("!I", 1234)      # b'\x00\x00\x04\xd2': network order, as bytes
//! ```
//!
//! `hexlify` and `unhexlify` are yours to write (Python's are in `binascii`; pynet has no
//! such module), with Python's errors for bad hex text. `inet_aton` accepts more than dotted
//! quads (`1.2` is `1.0.0.2`, `0x7f.1` is `127.0.0.1`): use pynet's, and you get the same
//! answers as Python.
//!
//! Read `book/src/ch03-addresses.md`, fill in the functions below, then check your work with
//! `cargo course check ip_convert` and try it with `cargo run -p ip_convert -- pack 1.2`.

use pynet::socket::{self, Error, Exception};

/// The bytes as lowercase hexadecimal text, two digits per byte: `[127, 0, 0, 1]` gives
/// `"7f000001"`, no bytes give `""`.
///
/// ```python
/// binascii.hexlify(b"\x7f\x00\x00\x01").decode()     # '7f000001'
/// ```
/// ```no_run
/// # use ip_convert::hexlify;
/// assert_eq!(hexlify(&[127, 0, 0, 1]), "7f000001");
/// ```
pub fn hexlify(bytes: &[u8]) -> String {
    todo!("two lowercase hex digits per byte")
}

/// The bytes written as hexadecimal text, two digits per byte, either case: `"7f000001"` and
/// `"7F000001"` give `[127, 0, 0, 1]`.
///
/// ```python
/// binascii.unhexlify("7f000001")      # b'\x7f\x00\x00\x01'
/// ```
/// ```no_run
/// # use ip_convert::unhexlify;
/// assert_eq!(unhexlify("7f000001")?, [127, 0, 0, 1]);
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// A `ValueError` (Python's is `binascii.Error`, a kind of ValueError) with Python's text,
/// checked in Python's order: `string argument should contain only ASCII characters`, then
/// `Odd-length string`, then `Non-hexadecimal digit found` (for anything but `0-9`, `a-f`,
/// `A-F`: a sign such as `+` is not a digit). Build one with
/// `Error::new(Exception::ValueError, "Odd-length string")`.
pub fn unhexlify(hex: &str) -> Result<Vec<u8>, Error> {
    todo!("check the text as Python does, then turn each pair of hex digits into a byte")
}

/// The 4 bytes `inet_aton` packs `address` into, as hex: `"127.0.0.1"` gives `"7f000001"`,
/// `"1.2"` gives `"01000002"`.
///
/// ```python
/// binascii.hexlify(socket.inet_aton(address)).decode()
/// ```
/// ```no_run
/// # use ip_convert::packed_hex;
/// assert_eq!(packed_hex("127.0.0.1")?, "7f000001");
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `inet_aton`'s, unchanged: `illegal IP address string passed to inet_aton` (OSError);
/// `embedded null character` (ValueError).
pub fn packed_hex(address: &str) -> Result<String, Error> {
    todo!("pack the address with inet_aton, then hexlify the bytes")
}

/// The dotted address that hex text stands for: `"7f000001"` gives `"127.0.0.1"`.
///
/// ```python
/// socket.inet_ntoa(binascii.unhexlify(hex))
/// ```
/// ```no_run
/// # use ip_convert::unpack_hex;
/// assert_eq!(unpack_hex("c0a80001")?, "192.168.0.1");
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `unhexlify`'s errors, then `inet_ntoa`'s: `packed IP wrong length for inet_ntoa`
/// (OSError) unless the text is exactly 4 bytes (8 digits).
pub fn unpack_hex(hex: &str) -> Result<String, Error> {
    todo!("unhexlify the text, then format the bytes with inet_ntoa")
}

/// The Cookbook's line for one address: `IP Address: 127.0.0.1 => Packed: 7f000001,
/// Unpacked: 127.0.0.1`. `Unpacked` is the packed bytes turned back into text by `inet_ntoa`,
/// so `1.2` shows `Packed: 01000002, Unpacked: 1.0.0.2`.
///
/// ```python
/// packed = socket.inet_aton(address)
/// f"IP Address: {address} => Packed: {binascii.hexlify(packed).decode()}, Unpacked: {socket.inet_ntoa(packed)}"
/// ```
/// ```no_run
/// # use ip_convert::conversion_line;
/// println!("{}", conversion_line("127.0.0.1")?);
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `inet_aton`'s, unchanged.
pub fn conversion_line(address: &str) -> Result<String, Error> {
    todo!("pack the address, then write its hex and its inet_ntoa in the Cookbook's line")
}

/// `n` as the 4 bytes that go on the wire: most significant byte first. `1234` (`0x000004d2`)
/// gives `[0x00, 0x00, 0x04, 0xd2]`.
///
/// This is what `htonl` means: the number whose bytes, as this machine stores numbers, are
/// these bytes. So `htonl(n)` read back byte by byte in this machine's order
/// (`to_ne_bytes`) gives these bytes, on every machine.
///
/// ```python
/// struct.pack("!I", 1234)       # b'\x00\x00\x04\xd2'
/// ```
/// ```no_run
/// # use ip_convert::to_network_order;
/// assert_eq!(to_network_order(1234), [0x00, 0x00, 0x04, 0xd2]);
/// ```
pub fn to_network_order(n: u32) -> [u8; 4] {
    todo!("the 4 bytes of n, most significant first")
}

/// The number 4 bytes in network order stand for: the inverse of `to_network_order`.
/// `[0x00, 0x00, 0x04, 0xd2]` gives `1234`.
///
/// ```python
/// struct.unpack("!I", b"\x00\x00\x04\xd2")[0]       # 1234
/// ```
/// ```no_run
/// # use ip_convert::from_network_order;
/// assert_eq!(from_network_order([0x00, 0x00, 0x04, 0xd2]), 1234);
/// ```
pub fn from_network_order(bytes: [u8; 4]) -> u32 {
    todo!("read the 4 bytes as a number, most significant first")
}

#[cfg(test)]
mod tests;
