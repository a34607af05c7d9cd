//! The `*_to_text` helpers: an NTP field's value in words, as ntplib prints it.

use crate::socket::{Error, Exception, Result};

/// An `NTPException` with ntplib's message.
fn invalid(message: &str) -> Error {
    Error::new(Exception::NTPException, message)
}

/// The leap indicator in words.
///
/// ```python
/// ntplib.leap_to_text(0)          # 'no warning'
/// ```
/// ```
/// assert_eq!(pynet::ntp::leap_to_text(0)?, "no warning");
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `NTPException: Invalid leap indicator.` for a value above 3.
pub fn leap_to_text(leap: u8) -> Result<&'static str> {
    match leap {
        0 => Ok("no warning"),
        1 => Ok("last minute of the day has 61 seconds"),
        2 => Ok("last minute of the day has 59 seconds"),
        3 => Ok("unknown (clock unsynchronized)"),
        _ => Err(invalid("Invalid leap indicator.")),
    }
}

/// The mode in words.
///
/// ```python
/// ntplib.mode_to_text(4)          # 'server'
/// ```
/// ```
/// assert_eq!(pynet::ntp::mode_to_text(4)?, "server");
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `NTPException: Invalid mode.` for a value above 7.
pub fn mode_to_text(mode: u8) -> Result<&'static str> {
    match mode {
        0 => Ok("reserved"),
        1 => Ok("symmetric active"),
        2 => Ok("symmetric passive"),
        3 => Ok("client"),
        4 => Ok("server"),
        5 => Ok("broadcast"),
        6 => Ok("reserved for NTP control messages"),
        7 => Ok("reserved for private use"),
        _ => Err(invalid("Invalid mode.")),
    }
}

/// The stratum in words.
///
/// ```python
/// ntplib.stratum_to_text(10)      # 'secondary reference (10)'
/// ```
/// ```
/// assert_eq!(pynet::ntp::stratum_to_text(10)?, "secondary reference (10)");
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// ntplib raises `TypeError: not all arguments converted during string formatting` for
/// stratum 0 (it formats `"unspecified or invalid" % 0`); pynet returns the text.
///
/// # Errors
/// `NTPException: Invalid stratum or reserved.` for a value above 16.
pub fn stratum_to_text(stratum: u8) -> Result<String> {
    match stratum {
        0 => Ok("unspecified or invalid".to_string()),
        1 => Ok(format!("primary reference ({stratum})")),
        2..=15 => Ok(format!("secondary reference ({stratum})")),
        16 => Ok(format!("unsynchronized ({stratum})")),
        _ => Err(invalid("Invalid stratum or reserved.")),
    }
}

/// What a stratum-0 or stratum-1 server's four-letter reference id names, as ntplib's
/// `NTP.REF_ID_TABLE` has it.
const REF_ID_TABLE: [(&[u8; 4], &str); 32] = [
    (b"GOES", "Geostationary Orbit Environment Satellite"),
    (b"GPS\0", "Global Position System"),
    (b"GAL\0", "Galileo Positioning System"),
    (b"PPS\0", "Generic pulse-per-second"),
    (b"IRIG", "Inter-Range Instrumentation Group"),
    (b"WWVB", "LF Radio WWVB Ft. Collins, CO 60 kHz"),
    (b"DCF\0", "LF Radio DCF77 Mainflingen, DE 77.5 kHz"),
    (b"HBG\0", "LF Radio HBG Prangins, HB 75 kHz"),
    (b"MSF\0", "LF Radio MSF Anthorn, UK 60 kHz"),
    (
        b"JJY\0",
        "LF Radio JJY Fukushima, JP 40 kHz, Saga, JP 60 kHz",
    ),
    (b"LORC", "MF Radio LORAN C station, 100 kHz"),
    (b"TDF\0", "MF Radio Allouis, FR 162 kHz"),
    (b"CHU\0", "HF Radio CHU Ottawa, Ontario"),
    (b"WWV\0", "HF Radio WWV Ft. Collins, CO"),
    (b"WWVH", "HF Radio WWVH Kauai, HI"),
    (b"NIST", "NIST telephone modem"),
    (b"ACTS", "NIST telephone modem"),
    (b"USNO", "USNO telephone modem"),
    (b"PTB\0", "European telephone modem"),
    (b"LOCL", "uncalibrated local clock"),
    (b"CESM", "calibrated Cesium clock"),
    (b"RBDM", "calibrated Rubidium clock"),
    (b"OMEG", "OMEGA radionavigation system"),
    (b"DCN\0", "DCN routing protocol"),
    (b"TSP\0", "TSP time protocol"),
    (b"DTS\0", "Digital Time Service"),
    (b"ATOM", "Atomic clock (calibrated)"),
    (b"VLF\0", "VLF radio (OMEGA,, etc.)"),
    (b"1PPS", "External 1 PPS input"),
    (b"FREE", "(Internal clock)"),
    (b"INIT", "(Initialization)"),
    (b"\0\0\0\0", "NULL"),
];

/// The reference id in words: for stratum 0 and 1 the clock its four letters name, for
/// stratum 2 to 254 the upstream server's IPv4 address (dotted).
///
/// ```python
/// ntplib.ref_id_to_text(0x7F7F0101, 10)   # '127.127.1.1'
/// ntplib.ref_id_to_text(0x47505300, 1)    # 'Global Position System'
/// ```
/// ```
/// use pynet::ntp::ref_id_to_text;
/// assert_eq!(ref_id_to_text(0x7F7F0101, 10)?, "127.127.1.1");
/// assert_eq!(ref_id_to_text(0x47505300, 1)?, "Global Position System");
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// Letters not in the table give `Unidentified reference source 'XXXX'`, each byte shown as
/// the character of that code point, as Python's `'%c'` does (so a `\0` stays in the text).
/// ntplib's default stratum is 2.
///
/// # Errors
/// `NTPException: Invalid stratum.` for stratum 255.
pub fn ref_id_to_text(ref_id: u32, stratum: u8) -> Result<String> {
    let bytes = ref_id.to_be_bytes();
    match stratum {
        0 | 1 => Ok(match REF_ID_TABLE.iter().find(|(id, _)| **id == bytes) {
            Some((_, text)) => text.to_string(),
            None => {
                let letters: String = bytes.iter().map(|&b| char::from(b)).collect();
                format!("Unidentified reference source '{letters}'")
            }
        }),
        2..=254 => Ok(format!(
            "{}.{}.{}.{}",
            bytes[0], bytes[1], bytes[2], bytes[3]
        )),
        255 => Err(invalid("Invalid stratum.")),
    }
}
