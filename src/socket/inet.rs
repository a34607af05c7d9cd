//! Address text ⇄ packed bytes (`inet_aton`, `inet_ntoa`, `inet_pton`, `inet_ntop`) and byte
//! order (`htonl`, `htons`, `ntohl`, `ntohs`).
//!
//! The parsing is glibc's own (pynet calls the same C functions Python calls), so every odd
//! form Python accepts, pynet accepts: `inet_aton("127.1")`, `inet_aton("0x7f.1")`,
//! `inet_aton("1.2.3.4 trailing words")`.

use std::ffi::CString;

use super::constants::{AF_INET, AF_INET6};
use super::error::{Error, Exception, Result};
use super::sys;

/// Python's argument parser refuses strings with a NUL in them before C ever sees them.
fn c_string(text: &str) -> Result<CString> {
    CString::new(text).map_err(|_| Error::new(Exception::ValueError, "embedded null character"))
}

/// Packs a dotted IPv4 string into 4 bytes, accepting everything C's `inet_aton` accepts.
///
/// ```python
/// socket.inet_aton("127.1")       # b'\x7f\x00\x00\x01'
/// ```
/// ```
/// use pynet::socket::inet_aton;
/// assert_eq!(inet_aton("127.1")?, [127, 0, 0, 1]);
/// assert_eq!(inet_aton("0x7f.1")?, [127, 0, 0, 1]);      // hex parts
/// assert_eq!(inet_aton("0177.0.0.1")?, [127, 0, 0, 1]);  // octal parts
/// assert_eq!(inet_aton("4294967295")?, [255; 4]);        // one 32-bit number
/// assert_eq!(inet_aton("1.2.3.4 and more")?, [1, 2, 3, 4]); // stops at whitespace
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `OSError: illegal IP address string passed to inet_aton`, or `ValueError: embedded null
/// character`.
pub fn inet_aton(ip_string: &str) -> Result<[u8; 4]> {
    sys::inet_aton_c(&c_string(ip_string)?).ok_or_else(|| {
        Error::new(
            Exception::OSError,
            "illegal IP address string passed to inet_aton",
        )
    })
}

/// Formats 4 packed bytes as a dotted IPv4 string.
///
/// ```python
/// socket.inet_ntoa(b"\x7f\x00\x00\x01")   # '127.0.0.1'
/// ```
/// ```
/// assert_eq!(pynet::socket::inet_ntoa(&[127, 0, 0, 1])?, "127.0.0.1");
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `OSError: packed IP wrong length for inet_ntoa` unless there are exactly 4 bytes.
pub fn inet_ntoa(packed_ip: &[u8]) -> Result<String> {
    match packed_ip {
        [a, b, c, d] => Ok(format!("{a}.{b}.{c}.{d}")),
        _ => Err(Error::new(
            Exception::OSError,
            "packed IP wrong length for inet_ntoa",
        )),
    }
}

/// Packs an IPv4 (`AF_INET`, strict dotted quad) or IPv6 (`AF_INET6`) address string.
///
/// ```python
/// socket.inet_pton(socket.AF_INET6, "::ffff:1.2.3.4")
/// ```
/// ```
/// use pynet::socket::{AF_INET, AF_INET6, inet_pton};
/// assert_eq!(inet_pton(AF_INET, "10.0.0.1")?, [10, 0, 0, 1]);
/// assert_eq!(inet_pton(AF_INET6, "::ffff:1.2.3.4")?[10..], [0xff, 0xff, 1, 2, 3, 4]);
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `OSError: illegal IP address string passed to inet_pton`; `[Errno 97] Address family not
/// supported by protocol` for a family other than AF_INET and AF_INET6.
pub fn inet_pton(address_family: i32, ip_string: &str) -> Result<Vec<u8>> {
    sys::inet_pton_c(address_family, &c_string(ip_string)?)?.ok_or_else(|| {
        Error::new(
            Exception::OSError,
            "illegal IP address string passed to inet_pton",
        )
    })
}

/// Formats a packed IPv4 (4 bytes) or IPv6 (16 bytes) address the way glibc does.
///
/// ```python
/// socket.inet_ntop(socket.AF_INET6, bytes(15) + b"\x01")   # '::1'
/// ```
/// ```
/// use pynet::socket::{AF_INET6, inet_ntop};
/// let mut packed = [0u8; 16];
/// packed[15] = 1;
/// assert_eq!(inet_ntop(AF_INET6, &packed)?, "::1");
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `ValueError: invalid length of packed IP address string` when the length does not fit the
/// family; `ValueError: unknown address family N` for other families.
pub fn inet_ntop(address_family: i32, packed_ip: &[u8]) -> Result<String> {
    let expected = match address_family {
        AF_INET => 4,
        AF_INET6 => 16,
        _ => {
            return Err(Error::new(
                Exception::ValueError,
                format!("unknown address family {address_family}"),
            ));
        }
    };
    if packed_ip.len() != expected {
        return Err(Error::new(
            Exception::ValueError,
            "invalid length of packed IP address string",
        ));
    }
    Ok(sys::inet_ntop_c(address_family, packed_ip)?)
}

/// Host to network byte order, 32 bits: on a little-endian machine, the bytes reversed.
///
/// ```python
/// socket.htonl(1)     # 16777216
/// ```
/// ```
/// assert_eq!(pynet::socket::htonl(1), 16777216);
/// ```
pub fn htonl(x: u32) -> u32 {
    x.to_be()
}

/// Host to network byte order, 16 bits.
///
/// ```python
/// socket.htons(1)     # 256
/// ```
/// ```
/// assert_eq!(pynet::socket::htons(1), 256);
/// ```
pub fn htons(x: u16) -> u16 {
    x.to_be()
}

/// Network to host byte order, 32 bits (the same swap as `htonl`).
///
/// ```python
/// socket.ntohl(16777216)  # 1
/// ```
/// ```
/// assert_eq!(pynet::socket::ntohl(16777216), 1);
/// ```
pub fn ntohl(x: u32) -> u32 {
    u32::from_be(x)
}

/// Network to host byte order, 16 bits.
///
/// ```python
/// socket.ntohs(256)   # 1
/// ```
/// ```
/// assert_eq!(pynet::socket::ntohs(256), 1);
/// ```
pub fn ntohs(x: u16) -> u16 {
    u16::from_be(x)
}
