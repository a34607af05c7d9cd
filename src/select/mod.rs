//! Python's `select` module: wait until sockets (or any descriptors) are ready.
//!
//! | Python | pynet |
//! |---|---|
//! | `r, w, x = select.select(rlist, wlist, xlist)` | [`let (r, w, x) = select(&rlist, &wlist, &xlist, None)?`](select()) |
//! | `select.select(rlist, wlist, xlist, 5.0)` | [`select(&rlist, &wlist, &xlist, Some(5.0))`](select()) |
//! | `p = select.poll()` | [`let mut p = poll()`](poll()) → [`Poll`] |
//! | `p.register(fd, mask)`, `p.modify(fd, mask)`, `p.unregister(fd)` | [`Poll::register`], [`Poll::modify`], [`Poll::unregister`] |
//! | `p.poll(timeout_ms)` → `[(fd, events)]` | [`Poll::poll`]`(Some(timeout_ms))` → `Vec<(RawFd, u16)>` |
//! | `ep = select.epoll(sizehint=-1, flags=0)` | [`let ep = epoll(-1, 0)?`](epoll()) → [`Epoll`] |
//! | `ep.register(fd, mask)`, `ep.modify(fd, mask)`, `ep.unregister(fd)` | [`Epoll::register`], [`Epoll::modify`], [`Epoll::unregister`] |
//! | `ep.poll(timeout=-1, maxevents=-1)` → `[(fd, events)]` | [`Epoll::poll`]`(None, -1)` → `Vec<(RawFd, u32)>` |
//! | `ep.close()`, `ep.fileno()` | [`Epoll::close`], [`Epoll::fileno`] |
//! | `POLLIN`, `POLLOUT`, ..., `POLLRDHUP` | the same names, `u16` ([`POLLIN`], ...) |
//! | `EPOLLIN`, `EPOLLET`, ..., `EPOLL_CLOEXEC` | the same names, `u32` ([`EPOLLIN`], ...) |
//! | "an int or an object with `fileno()`" | anything [`Waitable`]: sockets, stdin, `RawFd`, `&dyn Waitable` |
//!
//! Timeouts keep Python's units: seconds for `select` and `epoll.poll`, **milliseconds** for
//! `poll.poll`. Errors are Python's, word for word (`ValueError: timeout must be
//! non-negative`, `[Errno 17] File exists`, ...). A signal that interrupts a wait is retried
//! with the time left, as Python does since PEP 475.
//!
//! ```python
//! import select, socket
//!
//! a, b = socket.socketpair()
//! b.sendall(b"ping")
//! readable, writable, _ = select.select([a], [b], [], 1.0)
//! ```
//! ```
//! use pynet::select;
//! use pynet::socket::{self, AF_UNIX, SOCK_STREAM};
//!
//! let (a, b) = socket::socketpair(AF_UNIX, SOCK_STREAM, 0)?;
//! b.sendall(b"ping")?;
//! let (readable, writable, _) = select::select(&[&a], &[&b], &[], Some(1.0))?;
//! assert_eq!((readable.len(), writable.len()), (1, 1));
//! # Ok::<(), socket::Error>(())
//! ```
//!
//! `select` takes descriptors below `FD_SETSIZE` (1024) only, as in C and Python; `poll` and
//! `epoll` take any. `epoll` exists on Linux only.

#[cfg(target_os = "linux")]
mod epoll;
mod poll;
// The file is named after the function, as `poll.rs` and `epoll.rs` are.
#[allow(clippy::module_inception)]
mod select;
// The one place for this module's system calls and their unsafe glue; see the file's header.
#[allow(unsafe_code)]
mod sys;
mod timeout;
mod waitable;

#[cfg(target_os = "linux")]
pub use epoll::{
    EPOLL_CLOEXEC, EPOLLERR, EPOLLET, EPOLLEXCLUSIVE, EPOLLHUP, EPOLLIN, EPOLLMSG, EPOLLONESHOT,
    EPOLLOUT, EPOLLPRI, EPOLLRDBAND, EPOLLRDHUP, EPOLLRDNORM, EPOLLWRBAND, EPOLLWRNORM, Epoll,
    epoll,
};
pub use poll::{
    POLLERR, POLLHUP, POLLIN, POLLMSG, POLLNVAL, POLLOUT, POLLPRI, POLLRDBAND, POLLRDHUP,
    POLLRDNORM, POLLWRBAND, POLLWRNORM, Poll, poll,
};
pub use select::{Ready, select};
pub use waitable::Waitable;
