//! # Exercise 9: `sntp`, asking a time server what time it is
//!
//! A time server answers one UDP datagram with another: the client sends 48 bytes, the server
//! sends 48 bytes back, and the time is in them. This is the Simple Network Time Protocol
//! (SNTP, RFC 4330), the simple way to use NTP. You write its four steps: build the request,
//! cut the answer into its fields, turn a timestamp into Unix time, and ask a server.
//!
//! ## The packet
//!
//! Every field is big-endian ("network order"), and the packet is twelve 32-bit words, which
//! is why Python reads it with `struct.unpack("!12I", data)`:
//!
//! | word | bytes | what |
//! |---|---|---|
//! | 0 | 0-3 | leap indicator (2 bits), version (3 bits), mode (3 bits); stratum; poll; precision (one byte each; poll and precision are signed) |
//! | 1 | 4-7 | root delay |
//! | 2 | 8-11 | root dispersion |
//! | 3 | 12-15 | reference id |
//! | 4, 5 | 16-23 | reference timestamp: seconds, fraction |
//! | 6, 7 | 24-31 | originate timestamp: seconds, fraction |
//! | 8, 9 | 32-39 | receive timestamp: seconds, fraction |
//! | 10, 11 | 40-47 | transmit timestamp: seconds, fraction |
//!
//! A client's request has mode 3 (client) and may leave everything else zero: the first byte
//! `0x1b` is leap 0, version 3, mode 3. The server's answer has mode 4 (server), and its
//! transmit timestamp (words 10 and 11) is the time at which it sent the answer.
//!
//! A timestamp counts seconds from **1900-01-01 00:00 UTC**, the NTP epoch; Unix time counts
//! from 1970-01-01, [`TIME1970`] seconds later. The seconds are 32 bits, so they run out
//! on 2036-02-07 and start again from 0 (era 1). RFC 4330 says how to tell the eras apart
//! until 2104: a timestamp whose top bit is set is in era 0 (1968-2036), one whose top bit is
//! clear is in era 1 (2036-2104).
//!
//! In Python, the Cookbook's client:
//!
//! ```python
//! client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
//! client.sendto(b"\x1b" + 47 * b"\0", (server, 123))
//! data, address = client.recvfrom(1024)
//! seconds = struct.unpack("!12I", data)[10]
//! print(time.ctime(seconds - 2208988800))
//! ```
//!
//! Read `book/src/ch09-udp-time.md` first. Fill in the five functions below, then check your
//! work with `cargo course check sntp`. When the checks pass, ask a server for the time:
//!
//! ```text
//! cargo course run sntp -- --server pool.ntp.org
//! ```

use pynet::socket::{AF_INET, Address, Error, Exception, SOCK_DGRAM, Socket};

/// The size of an NTP packet without extensions, in bytes.
pub const PACKET_SIZE: usize = 48;

/// Seconds from the NTP epoch, 1900-01-01 00:00 UTC, to the Unix epoch, 1970-01-01.
pub const TIME1970: i64 = 2_208_988_800;

/// The mode of a server's answer to a client (mode 3).
pub const MODE_SERVER: u8 = 4;

/// The first of the twelve words, cut into its fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// The leap indicator: the top 2 bits of the first byte.
    pub leap: u8,
    /// The protocol version: the next 3 bits.
    pub version: u8,
    /// The mode (3 client, 4 server, ...): the low 3 bits.
    pub mode: u8,
    /// The stratum: the second byte (1 for a server with its own clock, 2 for one that
    /// asks a stratum 1 server, ...).
    pub stratum: u8,
    /// The poll interval as a power of two seconds: the third byte, signed.
    pub poll: i8,
    /// The clock's precision as a power of two seconds: the fourth byte, signed (-20 is
    /// about a microsecond).
    pub precision: i8,
}

/// A server's answer: where it came from, and its twelve words.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    /// The address the answer came from, as `recvfrom` gave it.
    pub address: Address,
    /// The answer's first 48 bytes, as [`unpack`] gives them.
    pub fields: [u32; 12],
}

/// The 48-byte request: its first byte holds `leap` in its top 2 bits, `version` in the
/// next 3 and `mode` in the low 3; the other 47 bytes are zero. `request(0, 3, 3)` starts with
/// `0x1b`.
///
/// ```python
/// struct.pack("!B47x", leap << 6 | version << 3 | mode)
/// ```
///
/// # Errors
/// A value that does not fit in its bits is an [`Exception::ValueError`] naming the first such
/// field, in the order leap, version, mode: `leap must be 0-3, not 4`,
/// `version must be 0-7, not 8`, `mode must be 0-7, not 9`.
pub fn request(leap: u8, version: u8, mode: u8) -> Result<[u8; PACKET_SIZE], Error> {
    todo!("check each field's range, then pack the three into the first byte")
}

/// The first [`PACKET_SIZE`] bytes of `data` as twelve big-endian 32-bit words; bytes after
/// them (an extension, a signature) are left out.
///
/// ```python
/// struct.unpack("!12I", data[:48])
/// ```
///
/// # Errors
/// `data` shorter than [`PACKET_SIZE`] is an [`Exception::NTPException`] whose text gives its
/// length: `NTP packet too short: 20 bytes, expected 48`.
pub fn unpack(data: &[u8]) -> Result<[u32; 12], Error> {
    todo!("check the length, then read twelve big-endian u32s")
}

/// The fields of the packet's first word: `header(0x1c0a_06e6)` is leap 0, version 3, mode 4,
/// stratum 10, poll 6, precision -26.
///
/// ```python
/// first_byte, stratum, poll, precision = struct.unpack("!BBbb", struct.pack("!I", first))
/// leap, version, mode = first_byte >> 6, first_byte >> 3 & 7, first_byte & 7
/// ```
pub fn header(first: u32) -> Header {
    todo!("split the word into its four bytes, and the first byte into its bits")
}

/// The Unix time (seconds since 1970-01-01 00:00 UTC) of the seconds of an NTP timestamp,
/// following RFC 4330: if the top bit of `seconds` is set, the timestamp is in era 0 and
/// counts from 1900-01-01; if it is clear, it is in era 1 and counts from 2036-02-07 06:28:16,
/// 2<sup>32</sup> seconds later. `unix_time(2_208_988_800)` is 0.
///
/// ```python
/// seconds - 2208988800 if seconds & 0x80000000 else seconds + 2**32 - 2208988800
/// ```
pub fn unix_time(seconds: u32) -> i64 {
    todo!("subtract TIME1970, adding 2**32 first when the top bit is clear")
}

/// Asks the time server at `(host, port)` for the time: sends [`request`]`(0, 3, 3)` in one
/// datagram, waits at most `timeout` seconds for one datagram back (`recvfrom(1024)`), and
/// returns where it came from and its [`unpack`]ed words.
///
/// ```python
/// client = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
/// client.settimeout(timeout)
/// client.sendto(b"\x1b" + 47 * b"\0", (host, port))
/// data, address = client.recvfrom(1024)
/// ```
///
/// # Errors
/// No answer within `timeout` is pynet's `TimeoutError` (`timed out`). An answer too short is
/// [`unpack`]'s error. An answer whose mode is not [`MODE_SERVER`] (an echo of our own request
/// has mode 3) is an [`Exception::NTPException`]: `not a server's answer: mode 3`.
pub fn ask(host: &str, port: u16, timeout: f64) -> Result<Reply, Error> {
    todo!("a UDP socket with a timeout; sendto the request; recvfrom; unpack; check the mode")
}

#[cfg(test)]
mod tests;
