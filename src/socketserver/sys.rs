//! The system calls the servers need that `pynet::socket` does not wrap: `poll(2)` over a few
//! descriptors (the serving loop waits on its socket and on its wake-up pipe at once), and
//! `fork(2)`, `waitpid(2)` and `_exit(2)` for the forking servers.
//!
//! Each function is a thin safe wrapper around one libc call; everything above this file is
//! safe Rust.

use std::io;
use std::os::fd::RawFd;

/// A process id, as `os.fork()` and `os.waitpid()` give it.
pub type Pid = i32;

/// `poll(2)` for readability on `fds`, at most `timeout_ms` milliseconds (negative: no limit).
/// Returns which of them are readable (or have an error or hang-up to report); all false when
/// the time ran out. An interrupted wait counts as a timeout: the callers loop anyway.
pub fn poll_readable<const N: usize>(fds: [RawFd; N], timeout_ms: i32) -> io::Result<[bool; N]> {
    let mut pollfds = fds.map(|fd| libc::pollfd {
        fd,
        events: libc::POLLIN,
        revents: 0,
    });
    // SAFETY: `pollfds` is an array of N valid pollfd structs, and N is the count we pass.
    let rc = unsafe { libc::poll(pollfds.as_mut_ptr(), N as libc::nfds_t, timeout_ms) };
    if rc == -1 {
        let e = io::Error::last_os_error();
        if e.kind() == io::ErrorKind::Interrupted {
            return Ok([false; N]);
        }
        return Err(e);
    }
    Ok(pollfds.map(|p| p.revents != 0))
}

/// Which side of a `fork` we are on.
pub enum Forked {
    /// The parent, told the child's pid.
    Parent(Pid),
    /// The new child process.
    Child,
}

/// `os.fork()`.
pub fn fork() -> io::Result<Forked> {
    // SAFETY: fork(2) itself has no memory-safety preconditions. The child runs only the
    // request handler and then `exit_now`; it never returns into the server loop (forking.rs
    // explains what a handler should avoid in the child of a threaded process).
    match unsafe { libc::fork() } {
        -1 => Err(io::Error::last_os_error()),
        0 => Ok(Forked::Child),
        pid => Ok(Forked::Parent(pid)),
    }
}

/// `os.waitpid(pid, 0)` (`block`) or `os.waitpid(pid, os.WNOHANG)`: `Ok(true)` when the child
/// was reaped, `Ok(false)` when it is still running.
pub fn waitpid(pid: Pid, block: bool) -> io::Result<bool> {
    let flags = if block { 0 } else { libc::WNOHANG };
    let mut status = 0;
    loop {
        // SAFETY: `status` is a valid place for the kernel to write the exit status.
        let rc = unsafe { libc::waitpid(pid, &mut status, flags) };
        match rc {
            -1 => {
                let e = io::Error::last_os_error();
                if e.kind() != io::ErrorKind::Interrupted {
                    return Err(e);
                }
            }
            0 => return Ok(false),
            _ => return Ok(true),
        }
    }
}

/// `os._exit(status)`: ends the process at once, running no destructors and no exit hooks
/// (the parent's buffers, copied into the child, must not be flushed twice).
pub fn exit_now(status: i32) -> ! {
    // SAFETY: _exit(2) never returns and touches no memory of ours.
    unsafe { libc::_exit(status) }
}
