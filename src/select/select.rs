//! `select.select`: wait until some descriptors are ready, with `select(2)`.

use std::os::fd::RawFd;

use super::sys::{self, FdSet};
use super::timeout::{retry_interrupted, select_timeout};
use super::waitable::{Waitable, descriptor};
use crate::socket::{Error, Exception, Result};

/// What [`select`] returns: the ready items of each list, in input order.
pub type Ready<T> = (Vec<T>, Vec<T>, Vec<T>);

/// Waits until some of the items are ready: readable (`rlist`), writable (`wlist`), or with
/// an "exceptional condition" such as TCP urgent data (`xlist`). Returns the three lists of
/// those ready, each in its input order, as Python does.
///
/// The items come back as copies of what was passed, as Python's lists hold the same objects:
/// pass references (`&[&sock]`) or descriptor numbers, and get references or numbers back.
/// (A list of owned sockets is passed as `socks.iter().collect::<Vec<_>>()`.)
///
/// `timeout` is in seconds: `None` waits for ever, `Some(0.0)` only looks. When it passes with
/// nothing ready, the three lists are empty. An item is anything [`Waitable`]: a pynet
/// [`Socket`](crate::socket::Socket), a std socket, stdin, a descriptor number; to mix kinds
/// in one list, make it a list of `&dyn Waitable`.
///
/// A socket is readable when `recv` will not block: data has arrived, a connection waits to
/// be accepted, or the peer closed (then `recv` returns empty bytes).
///
/// ```python
/// readable, writable, exceptional = select.select([a], [b], [], 5.0)
/// ```
/// ```
/// use pynet::select;
/// use pynet::socket::{self, AF_UNIX, SOCK_STREAM};
///
/// let (a, b) = socket::socketpair(AF_UNIX, SOCK_STREAM, 0)?;
/// b.sendall(b"ping")?;
/// let (readable, writable, exceptional) = select::select(&[&a], &[&b], &[], Some(5.0))?;
/// assert_eq!(readable.len(), 1);      // `a` has data waiting
/// assert_eq!(writable.len(), 1);      // `b` has room to send
/// assert!(exceptional.is_empty());
/// # Ok::<(), socket::Error>(())
/// ```
///
/// The C call is `select(2)`. A signal that interrupts it is not an error: the call is made
/// again with the time that is left (PEP 475).
///
/// # Errors
/// As Python's: `ValueError: timeout must be non-negative`; `ValueError: filedescriptor out of
/// range in select()` for a descriptor of `FD_SETSIZE` (1024) or more (use
/// [`poll`](super::poll()) or [`epoll`](super::epoll()) for those);
/// `ValueError: file descriptor cannot be a negative integer (-1)`; and
/// `[Errno 9] Bad file descriptor` for a descriptor that is not open.
pub fn select<T: Waitable + Clone>(
    rlist: &[T],
    wlist: &[T],
    xlist: &[T],
    timeout: Option<f64>,
) -> Result<Ready<T>> {
    let timeout = select_timeout(timeout)?;
    let read = Wanted::new(rlist)?;
    let write = Wanted::new(wlist)?;
    let except = Wanted::new(xlist)?;
    let nfds = [&read, &write, &except]
        .iter()
        .map(|wanted| wanted.nfds())
        .max()
        .unwrap_or(0);
    let (r, w, x) = retry_interrupted(timeout, |left| {
        // select(2) overwrites the sets, so every try starts from fresh copies.
        let (mut r, mut w, mut x) = (read.set, write.set, except.set);
        sys::select(nfds, &mut r, &mut w, &mut x, left)?;
        Ok((r, w, x))
    })?;
    Ok((read.ready(&r), write.ready(&w), except.ready(&x)))
}

/// One of `select`'s three lists: its items, their descriptors, and the set made of them.
struct Wanted<'a, T> {
    items: &'a [T],
    fds: Vec<RawFd>,
    set: FdSet,
}

impl<'a, T: Waitable + Clone> Wanted<'a, T> {
    /// Reads each item's descriptor and puts it in the set, with Python's checks.
    fn new(items: &'a [T]) -> Result<Wanted<'a, T>> {
        let mut set = FdSet::new();
        let mut fds = Vec::with_capacity(items.len());
        for item in items {
            let fd = descriptor(item)?;
            if !FdSet::holds(fd) {
                return Err(Error::new(
                    Exception::ValueError,
                    "filedescriptor out of range in select()",
                ));
            }
            set.insert(fd);
            fds.push(fd);
        }
        Ok(Wanted { items, fds, set })
    }

    /// One more than the highest descriptor: `select(2)`'s `nfds`.
    fn nfds(&self) -> RawFd {
        self.fds.iter().max().map_or(0, |fd| fd + 1)
    }

    /// The items whose descriptor is in `ready`, in input order.
    fn ready(&self, ready: &FdSet) -> Vec<T> {
        self.items
            .iter()
            .zip(&self.fds)
            .filter(|(_, fd)| ready.contains(**fd))
            .map(|(item, _)| item.clone())
            .collect()
    }
}
