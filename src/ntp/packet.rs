//! The 48-byte NTP packet (RFC 5905, section 7.3) and [`NTPStats`], an answer's fields.
//!
//! ```text
//!  0       1        2      3        bytes
//! +--+---+---+--------+------+---------+
//! |LI|VN |Mode|Stratum| Poll |Precision|   LI 2 bits, VN 3 bits, Mode 3 bits
//! +--+---+---+--------+------+---------+
//! |          Root Delay (16.16)        |   4
//! |        Root Dispersion (16.16)     |   8
//! |          Reference ID              |  12
//! |   Reference Timestamp (32.32)      |  16
//! |   Originate Timestamp (32.32)      |  24
//! |    Receive Timestamp (32.32)       |  32
//! |   Transmit Timestamp (32.32)       |  40
//! +------------------------------------+  48
//! ```
//!
//! ntplib unpacks it with `struct.unpack("!B B B b 11I", data[0:48])`; pynet reads the same
//! big-endian fields with byteorder, except that the poll byte is signed, as RFC 5905 says
//! (ntplib's `B` reads it unsigned).

use byteorder::{BigEndian, ByteOrder};

use super::time::ntp_to_system_time;
use crate::socket::{Error, Exception, Result};

/// The size of an NTP packet without extension fields.
pub(crate) const PACKET_LEN: usize = 48;

/// Where the originate timestamp starts: the server's copy of our transmit timestamp.
const ORIGINATE_AT: usize = 24;

/// Where the transmit timestamp starts.
const TRANSMIT_AT: usize = 40;

/// 2^32: one second in the units of a timestamp's fraction.
const FRACTION_SCALE: f64 = 4_294_967_296.0;

/// 2^16: one second in the units of root delay and root dispersion.
const SHORT_SCALE: f64 = 65_536.0;

/// An NTP server's answer, with ntplib's field names: the packet's fields, and the time it
/// arrived.
///
/// Timestamps are NTP time, in seconds since 1900 as `f64`, as ntplib keeps them; the
/// `*_time()` methods give them as system time (seconds since 1970, as `time.time()`).
/// They are read in NTP era 0 (up to February 2036), as ntplib reads them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct NTPStats {
    /// Leap indicator, 0 to 3: see [`leap_to_text`](super::leap_to_text).
    pub leap: u8,
    /// The NTP version, 0 to 7.
    pub version: u8,
    /// The mode, 0 to 7 (4 is a server's answer): see [`mode_to_text`](super::mode_to_text).
    pub mode: u8,
    /// How far the server is from a reference clock: see
    /// [`stratum_to_text`](super::stratum_to_text).
    pub stratum: u8,
    /// The poll interval, as a power of two seconds. Signed, as RFC 5905 has it; ntplib
    /// reads it unsigned (so a poll of -6 is 250 there).
    pub poll: i8,
    /// The clock's precision, as a power of two seconds (-20 is about a microsecond).
    pub precision: i8,
    /// Round-trip delay to the reference clock, in seconds.
    pub root_delay: f64,
    /// Dispersion to the reference clock, in seconds.
    pub root_dispersion: f64,
    /// The reference id: see [`ref_id_to_text`](super::ref_id_to_text).
    pub ref_id: u32,
    /// When the server's clock was last set (NTP time).
    pub ref_timestamp: f64,
    /// When the request left the client, by the client's clock, as the server echoes it.
    pub orig_timestamp: f64,
    /// When the request reached the server, by the server's clock.
    pub recv_timestamp: f64,
    /// When the answer left the server, by the server's clock.
    pub tx_timestamp: f64,
    /// When the answer reached the client, by the client's clock (0 until a client sets it).
    pub dest_timestamp: f64,
}

impl NTPStats {
    /// Reads the fields of an NTP packet; bytes after the first 48 are ignored, and
    /// `dest_timestamp` is 0.
    ///
    /// ```python
    /// stats = ntplib.NTPStats()
    /// stats.from_data(data)
    /// ```
    /// ```
    /// # let mut data = [0u8; 48];
    /// # data[0] = 0x24;
    /// let stats = pynet::ntp::NTPStats::from_data(&data)?;
    /// # assert_eq!((stats.version, stats.mode), (4, 4));
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// # Errors
    /// `NTPException: Invalid NTP packet.` when `data` is shorter than 48 bytes.
    pub fn from_data(data: &[u8]) -> Result<NTPStats> {
        let Some(data) = data.get(..PACKET_LEN) else {
            return Err(Error::new(Exception::NTPException, "Invalid NTP packet."));
        };
        Ok(NTPStats {
            leap: data[0] >> 6 & 0x3,
            version: data[0] >> 3 & 0x7,
            mode: data[0] & 0x7,
            stratum: data[1],
            poll: i8::from_be_bytes([data[2]]),
            precision: i8::from_be_bytes([data[3]]),
            root_delay: f64::from(BigEndian::read_u32(&data[4..])) / SHORT_SCALE,
            root_dispersion: f64::from(BigEndian::read_u32(&data[8..])) / SHORT_SCALE,
            ref_id: BigEndian::read_u32(&data[12..]),
            ref_timestamp: timestamp_at(data, 16),
            orig_timestamp: timestamp_at(data, ORIGINATE_AT),
            recv_timestamp: timestamp_at(data, 32),
            tx_timestamp: timestamp_at(data, TRANSMIT_AT),
            dest_timestamp: 0.0,
        })
    }

    /// How far the client's clock is behind the server's, in seconds (negative: ahead).
    ///
    /// ```python
    /// stats.offset    # ((recv - orig) + (tx - dest)) / 2
    /// ```
    pub fn offset(&self) -> f64 {
        ((self.recv_timestamp - self.orig_timestamp) + (self.tx_timestamp - self.dest_timestamp))
            / 2.0
    }

    /// The round trip, in seconds, without the time the server held the request.
    ///
    /// ```python
    /// stats.delay     # (dest - orig) - (tx - recv)
    /// ```
    pub fn delay(&self) -> f64 {
        (self.dest_timestamp - self.orig_timestamp) - (self.tx_timestamp - self.recv_timestamp)
    }

    /// `tx_timestamp` as system time: the server's time when it answered (`stats.tx_time`).
    pub fn tx_time(&self) -> f64 {
        ntp_to_system_time(self.tx_timestamp)
    }

    /// `recv_timestamp` as system time (`stats.recv_time`).
    pub fn recv_time(&self) -> f64 {
        ntp_to_system_time(self.recv_timestamp)
    }

    /// `orig_timestamp` as system time (`stats.orig_time`).
    pub fn orig_time(&self) -> f64 {
        ntp_to_system_time(self.orig_timestamp)
    }

    /// `ref_timestamp` as system time (`stats.ref_time`).
    pub fn ref_time(&self) -> f64 {
        ntp_to_system_time(self.ref_timestamp)
    }

    /// `dest_timestamp` as system time (`stats.dest_time`).
    pub fn dest_time(&self) -> f64 {
        ntp_to_system_time(self.dest_timestamp)
    }
}

/// The 32.32 timestamp at `at` as seconds: ntplib's `_to_time(integ, frac)`, the same
/// floating-point steps.
fn timestamp_at(data: &[u8], at: usize) -> f64 {
    let seconds = BigEndian::read_u32(&data[at..]);
    let fraction = BigEndian::read_u32(&data[at + 4..]);
    f64::from(seconds) + f64::from(fraction) / FRACTION_SCALE
}

/// A client's request: leap 0, `version`, mode 3 (client), and `tx_timestamp` (NTP time) as
/// its transmit timestamp; every other field 0. Returns the packet and the transmit
/// timestamp as sent, the 64 bits the server must echo.
pub(crate) fn request(version: u8, tx_timestamp: f64) -> ([u8; PACKET_LEN], u64) {
    let mut packet = [0u8; PACKET_LEN];
    packet[0] = (version & 0x7) << 3 | 3;
    let transmit = timestamp_bits(tx_timestamp);
    BigEndian::write_u64(&mut packet[TRANSMIT_AT..], transmit);
    (packet, transmit)
}

/// The 64 bits of a reply's originate timestamp (`None` for fewer than 48 bytes).
pub(crate) fn originate_bits(data: &[u8]) -> Option<u64> {
    data.get(ORIGINATE_AT..PACKET_LEN).map(BigEndian::read_u64)
}

/// Seconds since 1900 as a 32.32 timestamp: whole seconds (counted modulo 2^32, so that a
/// request after 2036 still goes out) and the fraction truncated, as ntplib's `_to_int` and
/// `_to_frac` do.
fn timestamp_bits(timestamp: f64) -> u64 {
    let seconds = timestamp.floor();
    // `as` saturates, and the fraction is below 2^32: no overflow on any input.
    let fraction = ((timestamp - seconds) * FRACTION_SCALE) as u64;
    (seconds as u64 & 0xFFFF_FFFF) << 32 | fraction
}
