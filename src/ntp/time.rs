//! NTP time and system time: the same instant counted from 1900 and from 1970.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds from the NTP epoch (1900-01-01) to the system epoch (1970-01-01): ntplib's
/// `NTP.NTP_DELTA`, 70 years of which 17 are leap years.
pub const NTP_DELTA: u32 = 2_208_988_800;

/// An NTP timestamp (seconds since 1900) as system time (seconds since 1970).
///
/// ```python
/// ntplib.ntp_to_system_time(3913056000.0)     # 1704067200.0
/// ```
/// ```
/// assert_eq!(pynet::ntp::ntp_to_system_time(3913056000.0), 1704067200.0);
/// ```
pub fn ntp_to_system_time(timestamp: f64) -> f64 {
    timestamp - f64::from(NTP_DELTA)
}

/// A system time (seconds since 1970, as `time.time()`) as an NTP timestamp (seconds since
/// 1900).
///
/// ```python
/// ntplib.system_to_ntp_time(1704067200.0)     # 3913056000.0
/// ```
/// ```
/// assert_eq!(pynet::ntp::system_to_ntp_time(1704067200.0), 3913056000.0);
/// ```
pub fn system_to_ntp_time(timestamp: f64) -> f64 {
    timestamp + f64::from(NTP_DELTA)
}

/// Python's `time.time()`: seconds since 1970, negative before it.
pub(crate) fn time() -> f64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(since) => since.as_secs_f64(),
        Err(before) => -before.duration().as_secs_f64(),
    }
}
