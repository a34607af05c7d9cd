//! # Solution of exercise 9: `sntp`, asking a time server what time it is
//!
//! The exercise's task, the packet's layout and its checks are in `exercises/09_sntp`; this is
//! one way to complete it.

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
    pub leap: u8,
    pub version: u8,
    pub mode: u8,
    pub stratum: u8,
    pub poll: i8,
    pub precision: i8,
}

/// A server's answer: where it came from, and its twelve words.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub address: Address,
    pub fields: [u32; 12],
}

/// The 48-byte request: `leap << 6 | version << 3 | mode`, then 47 zero bytes.
///
/// ```python
/// struct.pack("!B47x", leap << 6 | version << 3 | mode)
/// ```
pub fn request(leap: u8, version: u8, mode: u8) -> Result<[u8; PACKET_SIZE], Error> {
    check_range("leap", leap, 3)?;
    check_range("version", version, 7)?;
    check_range("mode", mode, 7)?;
    let mut packet = [0u8; PACKET_SIZE];
    packet[0] = leap << 6 | version << 3 | mode;
    Ok(packet)
}

/// A `ValueError` unless `value` is at most `max`.
fn check_range(name: &str, value: u8, max: u8) -> Result<(), Error> {
    if value > max {
        let why = format!("{name} must be 0-{max}, not {value}");
        return Err(Error::new(Exception::ValueError, why));
    }
    Ok(())
}

/// The packet's first 48 bytes as twelve big-endian words.
///
/// ```python
/// struct.unpack("!12I", data[:48])
/// ```
pub fn unpack(data: &[u8]) -> Result<[u32; 12], Error> {
    let Some(packet) = data.get(..PACKET_SIZE) else {
        let why = format!(
            "NTP packet too short: {} bytes, expected {PACKET_SIZE}",
            data.len()
        );
        return Err(Error::new(Exception::NTPException, why));
    };
    let mut fields = [0u32; 12];
    for (field, word) in fields.iter_mut().zip(packet.chunks_exact(4)) {
        *field = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
    }
    Ok(fields)
}

/// The fields of the first word.
///
/// ```python
/// first_byte, stratum, poll, precision = struct.unpack("!BBbb", struct.pack("!I", first))
/// ```
pub fn header(first: u32) -> Header {
    let [first_byte, stratum, poll, precision] = first.to_be_bytes();
    Header {
        leap: first_byte >> 6,
        version: first_byte >> 3 & 0b111,
        mode: first_byte & 0b111,
        stratum,
        poll: poll as i8,
        precision: precision as i8,
    }
}

/// Unix time for the seconds of an NTP timestamp, by RFC 4330's rule: with the top bit set
/// the time lies in era 0 (1968-2036), without it in era 1 (2036-2104).
pub fn unix_time(seconds: u32) -> i64 {
    let seconds = i64::from(seconds);
    if seconds & 0x8000_0000 != 0 {
        seconds - TIME1970
    } else {
        seconds + (1 << 32) - TIME1970
    }
}

/// Sends a client request (version 3) to `(host, port)` and returns the answer, waiting at
/// most `timeout` seconds.
pub fn ask(host: &str, port: u16, timeout: f64) -> Result<Reply, Error> {
    let client = Socket::new(AF_INET, SOCK_DGRAM, 0)?;
    client.settimeout(Some(timeout))?;
    client.sendto(&request(0, 3, 3)?, (host, port))?;
    let (data, address) = client.recvfrom(1024)?;
    let fields = unpack(&data)?;
    let mode = header(fields[0]).mode;
    if mode != MODE_SERVER {
        let why = format!("not a server's answer: mode {mode}");
        return Err(Error::new(Exception::NTPException, why));
    }
    Ok(Reply { address, fields })
}

#[cfg(test)]
#[path = "../../../exercises/09_sntp/src/tests.rs"]
mod tests;
