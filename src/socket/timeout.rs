//! Timeouts and deadlines, kept the way CPython keeps them.
//!
//! A timeout is `Option<f64>` seconds, as in Python: `None` blocks for ever, `Some(0.0)` never
//! waits (non-blocking mode), `Some(t)` waits up to `t` seconds. Like CPython, pynet stores it
//! as whole nanoseconds rounded up, so `gettimeout()` reads back what Python's reads back.
//!
//! One call has one deadline: it is fixed when the call starts, and every wait inside the call
//! (each partial `send` of a `sendall`, say) counts against it, as in CPython 3.5+ and
//! idiokit.

use std::os::fd::RawFd;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use super::error::{Error, Exception, Result};
use super::sys;

/// How `None` is stored (CPython uses -1 too).
const NO_TIMEOUT: i64 = -1;
const NANOS_PER_SEC: i64 = 1_000_000_000;

/// Converts seconds to the nanoseconds stored, with CPython's checks and messages.
pub(crate) fn to_nanos(timeout: Option<f64>) -> Result<Option<i64>> {
    let Some(seconds) = timeout else {
        return Ok(None);
    };
    let nanos = whole_nanos(seconds, 1e9)?;
    if nanos < 0 {
        return Err(Error::new(
            Exception::ValueError,
            "Timeout value out of range",
        ));
    }
    Ok(Some(nanos))
}

/// `value` units of `nanos_per_unit` nanoseconds each, as whole nanoseconds rounded away from
/// zero (CPython's `_PyTime_FromSecondsObject` with `_PyTime_ROUND_TIMEOUT`), with CPython's
/// errors for NaN and for values out of range. `select`'s timeouts use it too.
pub(crate) fn whole_nanos(value: f64, nanos_per_unit: f64) -> Result<i64> {
    if value.is_nan() {
        return Err(Error::new(
            Exception::ValueError,
            "Invalid value NaN (not a number)",
        ));
    }
    let nanos = value * nanos_per_unit;
    let nanos = if nanos >= 0.0 {
        nanos.ceil()
    } else {
        nanos.floor()
    };
    // `i64::MAX as f64` is 2^63, one past the largest i64: the top end is excluded.
    if !(i64::MIN as f64..i64::MAX as f64).contains(&nanos) {
        return Err(Error::new(
            Exception::OverflowError,
            "timestamp out of range for platform time_t",
        ));
    }
    Ok(nanos as i64)
}

/// Converts stored nanoseconds back to Python's float seconds (`_PyTime_AsSecondsDouble`).
pub(crate) fn to_seconds(nanos: Option<i64>) -> Option<f64> {
    nanos.map(|ns| {
        if ns % NANOS_PER_SEC == 0 {
            (ns / NANOS_PER_SEC) as f64
        } else {
            ns as f64 / 1e9
        }
    })
}

/// A timeout that several threads may read and set: a socket's, or the module default.
pub(crate) struct TimeoutCell(AtomicI64);

impl TimeoutCell {
    pub(crate) const fn new(nanos: Option<i64>) -> TimeoutCell {
        TimeoutCell(AtomicI64::new(match nanos {
            Some(ns) => ns,
            None => NO_TIMEOUT,
        }))
    }

    pub(crate) fn get(&self) -> Option<i64> {
        let ns = self.0.load(Ordering::Relaxed);
        (ns != NO_TIMEOUT).then_some(ns)
    }

    pub(crate) fn set(&self, nanos: Option<i64>) {
        self.0.store(nanos.unwrap_or(NO_TIMEOUT), Ordering::Relaxed);
    }
}

/// The timeout new sockets start with; `None` until `setdefaulttimeout` changes it.
static DEFAULT_TIMEOUT: TimeoutCell = TimeoutCell::new(None);

/// The timeout that new sockets get, in seconds (`None`: they block).
///
/// ```python
/// socket.getdefaulttimeout()          # None
/// ```
/// ```
/// assert_eq!(pynet::socket::getdefaulttimeout(), None);
/// ```
pub fn getdefaulttimeout() -> Option<f64> {
    to_seconds(DEFAULT_TIMEOUT.get())
}

pub(crate) fn default_timeout_nanos() -> Option<i64> {
    DEFAULT_TIMEOUT.get()
}

/// Sets the timeout that sockets created from now on start with (sockets that exist keep
/// theirs). Accepted connections get it too, as in Python.
///
/// ```python
/// socket.setdefaulttimeout(15.0)
/// ```
/// ```
/// pynet::socket::setdefaulttimeout(Some(15.0))?;
/// # assert_eq!(pynet::socket::getdefaulttimeout(), Some(15.0));
/// # pynet::socket::setdefaulttimeout(None)?;
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `ValueError: Timeout value out of range` for a negative number, `ValueError` for NaN and
/// `OverflowError` for more than about 292 years, as in Python.
pub fn setdefaulttimeout(timeout: Option<f64>) -> Result<()> {
    DEFAULT_TIMEOUT.set(to_nanos(timeout)?);
    Ok(())
}

/// When one call must be finished by.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Deadline {
    /// No timeout: wait as long as it takes.
    Never,
    /// Timeout 0.0: never wait; "would block" is an error.
    Now,
    /// Give up with `timed out` at this instant.
    At(Instant),
}

/// `poll(2)` events a call waits for.
pub(crate) const READABLE: i16 = libc::POLLIN;
pub(crate) const WRITABLE: i16 = libc::POLLOUT;

impl Deadline {
    /// The deadline of a call that starts now under `timeout` nanoseconds.
    pub(crate) fn after(timeout: Option<i64>) -> Deadline {
        match timeout {
            None => Deadline::Never,
            Some(0) => Deadline::Now,
            Some(ns) => Instant::now()
                .checked_add(Duration::from_nanos(ns.unsigned_abs()))
                .map_or(Deadline::Never, Deadline::At),
        }
    }

    /// Waits until `fd` is ready for `events` or the deadline passes (`timed out`).
    ///
    /// Readiness includes errors and hang-ups: the call that follows reports those.
    pub(crate) fn wait(self, fd: RawFd, events: i16) -> Result<()> {
        loop {
            let timeout_ms = match self {
                Deadline::Never => -1,
                Deadline::Now => return Err(Error::from_errno(libc::EAGAIN)),
                Deadline::At(at) => {
                    let left = at.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return Err(Error::timeout());
                    }
                    // Rounded up, so that we never wake a hair before the deadline and spin.
                    let ms = left.as_nanos().div_ceil(1_000_000);
                    i32::try_from(ms).unwrap_or(i32::MAX)
                }
            };
            match sys::poll(fd, events, timeout_ms) {
                Ok(true) => return Ok(()),
                // A timeout, or a wait capped at i32::MAX ms: look at the clock again.
                Ok(false) => continue,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            }
        }
    }
}
