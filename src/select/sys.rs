//! The C side of `pynet::select`: every `unsafe` block of the module lives in this file.
//!
//! Each function is a thin safe wrapper over one call of the `libc` crate: `select(2)` and its
//! `fd_set`, `poll(2)`, and on Linux `epoll_create1(2)`, `epoll_ctl(2)`, `epoll_wait(2)`.
//! Everything above this file is safe Rust.

use std::io;
use std::os::fd::RawFd;
use std::time::Duration;

#[cfg(target_os = "linux")]
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, IntoRawFd, OwnedFd};

/// The number of descriptors an `fd_set` holds: 0 to `FD_SETSIZE - 1` (1024 on Linux).
pub const FD_SETSIZE: RawFd = libc::FD_SETSIZE as RawFd;

/// An `fd_set`, the bit set `select(2)` reads and overwrites.
#[derive(Clone, Copy)]
pub struct FdSet(libc::fd_set);

impl FdSet {
    /// An empty set (`FD_ZERO`).
    pub fn new() -> FdSet {
        // SAFETY: fd_set is a plain array of integers, for which all zeros is the empty set,
        // exactly what FD_ZERO writes.
        FdSet(unsafe { std::mem::zeroed() })
    }

    /// Whether `fd` fits in an `fd_set` at all.
    pub fn holds(fd: RawFd) -> bool {
        (0..FD_SETSIZE).contains(&fd)
    }

    /// `FD_SET`; a descriptor outside `0..FD_SETSIZE` is left out (the caller reports it).
    pub fn insert(&mut self, fd: RawFd) {
        if FdSet::holds(fd) {
            // SAFETY: `fd` is within the set's bounds and `self.0` is a valid fd_set.
            unsafe { libc::FD_SET(fd, &mut self.0) }
        }
    }

    /// `FD_ISSET`; false for a descriptor outside `0..FD_SETSIZE`.
    pub fn contains(&self, fd: RawFd) -> bool {
        // SAFETY: `fd` is within the set's bounds (checked first) and `self.0` is a valid
        // fd_set.
        FdSet::holds(fd) && unsafe { libc::FD_ISSET(fd, &self.0) }
    }
}

/// `select(2)` on the descriptors below `nfds`; `None` waits for ever. The timeout is rounded
/// up to whole microseconds, so that the call never returns a hair before it. On return each
/// set holds only its ready descriptors.
pub fn select(
    nfds: RawFd,
    read: &mut FdSet,
    write: &mut FdSet,
    except: &mut FdSet,
    timeout: Option<Duration>,
) -> io::Result<usize> {
    let mut tv = timeout.map(|t| {
        let micros = t.as_nanos().div_ceil(1000);
        libc::timeval {
            tv_sec: libc::time_t::try_from(micros / 1_000_000).unwrap_or(libc::time_t::MAX),
            tv_usec: (micros % 1_000_000) as libc::suseconds_t,
        }
    });
    let tv_ptr = tv
        .as_mut()
        .map_or(std::ptr::null_mut(), |tv| tv as *mut libc::timeval);
    // SAFETY: the three sets are valid fd_sets we own for the call, and `tv_ptr` is null or
    // points to a timeval that outlives it.
    let rc = unsafe { libc::select(nfds, &mut read.0, &mut write.0, &mut except.0, tv_ptr) };
    usize::try_from(rc).map_err(|_| io::Error::last_os_error())
}

/// `poll(2)` on `fds`, which it fills in with `revents`; a negative timeout waits for ever.
pub fn poll(fds: &mut [libc::pollfd], timeout_ms: i32) -> io::Result<usize> {
    // SAFETY: `fds` is a valid, writable array of pollfd, and we pass its length.
    let rc = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, timeout_ms) };
    usize::try_from(rc).map_err(|_| io::Error::last_os_error())
}

/// `epoll_create1(2)`.
#[cfg(target_os = "linux")]
pub fn epoll_create1(flags: i32) -> io::Result<OwnedFd> {
    // SAFETY: epoll_create1 takes a plain integer and returns a new descriptor or -1.
    let fd = unsafe { libc::epoll_create1(flags) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` was just created and nothing else owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// `epoll_ctl(2)`: `op` is `EPOLL_CTL_ADD`, `_MOD` or `_DEL`; the event's data is the
/// descriptor itself, which is how `epoll_wait` names it later.
#[cfg(target_os = "linux")]
pub fn epoll_ctl(epfd: BorrowedFd<'_>, op: i32, fd: RawFd, events: u32) -> io::Result<()> {
    let mut event = libc::epoll_event {
        events,
        u64: u64::from(fd as u32),
    };
    // SAFETY: `event` is a valid epoll_event for the call (the kernel ignores it for DEL);
    // bad descriptors are errors, not undefined behaviour.
    let rc = unsafe { libc::epoll_ctl(epfd.as_raw_fd(), op, fd, &mut event) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// `epoll_wait(2)` for up to `maxevents` events: `(fd, events)` pairs in the kernel's order.
/// A negative timeout waits for ever. A buffer that cannot be allocated is `OutOfMemory`.
#[cfg(target_os = "linux")]
pub fn epoll_wait(
    epfd: BorrowedFd<'_>,
    maxevents: usize,
    timeout_ms: i32,
) -> io::Result<Vec<(RawFd, u32)>> {
    let mut events: Vec<libc::epoll_event> = Vec::new();
    events
        .try_reserve_exact(maxevents)
        .map_err(|_| io::Error::from(io::ErrorKind::OutOfMemory))?;
    let max = i32::try_from(maxevents).unwrap_or(i32::MAX);
    // SAFETY: the buffer has room for `max` (at most `maxevents`) events; the kernel only
    // writes there.
    let rc = unsafe { libc::epoll_wait(epfd.as_raw_fd(), events.as_mut_ptr(), max, timeout_ms) };
    let n = usize::try_from(rc).map_err(|_| io::Error::last_os_error())?;
    // SAFETY: epoll_wait initialised the first `n` entries, and `n <= max <= capacity`.
    unsafe { events.set_len(n.min(maxevents)) };
    Ok(events
        .iter()
        .map(|event| {
            // Copies out of the packed struct: no reference to a misaligned field is made.
            let (data, flags) = (event.u64, event.events);
            (data as u32 as RawFd, flags)
        })
        .collect())
}

/// `close(2)` of a descriptor given up by its owner, reporting the error `Drop` would hide.
#[cfg(target_os = "linux")]
pub fn close(fd: OwnedFd) -> io::Result<()> {
    // SAFETY: `into_raw_fd` hands us sole ownership of the descriptor, closed exactly once.
    let rc = unsafe { libc::close(fd.into_raw_fd()) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}
