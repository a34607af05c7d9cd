//! # Solution of exercise `ip_convert`: addresses as bytes, numbers in network order
//!
//! The Python Cookbook's address conversion (`inet_aton`, hex, `inet_ntoa`), its way back from
//! hex, and what `htonl` means, shown as bytes.
//!
//! Run it: `cargo course solution ip_convert -- pack 1.2`.

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
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
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
    if !hex.is_ascii() {
        return Err(Error::new(
            Exception::ValueError,
            "string argument should contain only ASCII characters",
        ));
    }
    if hex.len() % 2 == 1 {
        return Err(Error::new(Exception::ValueError, "Odd-length string"));
    }
    hex.as_bytes()
        .chunks(2)
        .map(|pair| Ok(hex_digit(pair[0])? * 16 + hex_digit(pair[1])?))
        .collect()
}

/// The value of one hex digit (`0-9`, `a-f`, `A-F`), or Python's error for anything else.
fn hex_digit(digit: u8) -> Result<u8, Error> {
    match digit {
        b'0'..=b'9' => Ok(digit - b'0'),
        b'a'..=b'f' => Ok(digit - b'a' + 10),
        b'A'..=b'F' => Ok(digit - b'A' + 10),
        _ => Err(Error::new(
            Exception::ValueError,
            "Non-hexadecimal digit found",
        )),
    }
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
    Ok(hexlify(&socket::inet_aton(address)?))
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
    socket::inet_ntoa(&unhexlify(hex)?)
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
    let packed = socket::inet_aton(address)?;
    let unpacked = socket::inet_ntoa(&packed)?;
    Ok(format!(
        "IP Address: {address} => Packed: {}, Unpacked: {unpacked}",
        hexlify(&packed)
    ))
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
    socket::htonl(n).to_ne_bytes()
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
    socket::ntohl(u32::from_ne_bytes(bytes))
}

#[cfg(test)]
#[path = "../../../exercises/03_ip_convert/src/tests.rs"]
mod tests;
