//! Timeouts of `select`, `poll` and `epoll`, converted and checked as CPython does, and the
//! retry after a signal (PEP 475).
//!
//! The three calls take their timeout in different shapes, as in Python:
//!
//! | call | unit | `None` | negative |
//! |---|---|---|---|
//! | `select(r, w, x, timeout)` | seconds | waits for ever | `ValueError: timeout must be non-negative` |
//! | `poll.poll(timeout)` | milliseconds | waits for ever | waits for ever |
//! | `epoll.poll(timeout)` | seconds | waits for ever | waits for ever |
//!
//! Like CPython, a value is first made whole nanoseconds, rounded away from zero, and then
//! rounded up again to the unit the system call takes, so a wait never ends early.

use std::io;
use std::time::{Duration, Instant};

use crate::socket::timeout::whole_nanos;
use crate::socket::{Error, Exception, Result};

/// Nanoseconds in one second: `select` and `epoll.poll` take seconds.
pub(super) const SECONDS: f64 = 1e9;
/// Nanoseconds in one millisecond: `poll.poll` takes milliseconds.
pub(super) const MILLISECONDS: f64 = 1e6;

/// `select`'s timeout in seconds: `None` waits for ever, a negative one is an error.
pub(super) fn select_timeout(timeout: Option<f64>) -> Result<Option<Duration>> {
    let Some(seconds) = timeout else {
        return Ok(None);
    };
    let nanos = whole_nanos(seconds, SECONDS)?;
    if nanos < 0 {
        return Err(Error::new(
            Exception::ValueError,
            "timeout must be non-negative",
        ));
    }
    Ok(Some(Duration::from_nanos(nanos.unsigned_abs())))
}

/// `poll.poll`'s and `epoll.poll`'s timeout in `nanos_per_unit`: `None` or a negative value
/// waits for ever; more milliseconds than `poll(2)` takes (an `int`) is an error.
pub(super) fn poll_timeout(timeout: Option<f64>, nanos_per_unit: f64) -> Result<Option<Duration>> {
    let Some(value) = timeout else {
        return Ok(None);
    };
    let nanos = whole_nanos(value, nanos_per_unit)?;
    // Rounded away from zero, like the nanoseconds: `/` truncates, the remainder's sign adds
    // the missing step.
    let millis = nanos / 1_000_000 + (nanos % 1_000_000).signum();
    if i32::try_from(millis).is_err() {
        return Err(Error::new(Exception::OverflowError, "timeout is too large"));
    }
    Ok((nanos >= 0).then(|| Duration::from_nanos(nanos.unsigned_abs())))
}

/// A wait as `poll(2)` and `epoll_wait(2)` take it: -1 for ever, else milliseconds rounded up.
pub(super) fn as_millis(timeout: Option<Duration>) -> i32 {
    timeout.map_or(-1, |t| {
        i32::try_from(t.as_nanos().div_ceil(1_000_000)).unwrap_or(i32::MAX)
    })
}

/// Runs `wait` with the time left, again and again while a signal interrupts it (EINTR), as
/// Python does since PEP 475: the deadline is fixed once, so retries never stretch the wait.
pub(super) fn retry_interrupted<T>(
    timeout: Option<Duration>,
    mut wait: impl FnMut(Option<Duration>) -> io::Result<T>,
) -> Result<T> {
    let start = Instant::now();
    let mut left = timeout;
    loop {
        match wait(left) {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                left = timeout.map(|t| t.saturating_sub(start.elapsed()));
            }
            result => return Ok(result?),
        }
    }
}
