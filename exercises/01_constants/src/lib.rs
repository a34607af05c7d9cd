//! # Exercise `constants`: the socket module's numbers, by name
//!
//! Every socket call takes small integers that C defines and Python names: `AF_INET` is 2,
//! `SOCK_STREAM` is 1, `IPPROTO_TCP` is 6. Going the other way, from a number you met (in a
//! `getaddrinfo` answer, in `strace` output) back to its name, needs a table. Build week 1's
//! `get_constants(prefix)`: for every constant whose name starts with `prefix`, its value
//! mapped to its name.
//!
//! ```python
//! import socket
//!
//! def get_constants(prefix):
//!     """Maps value -> name for the socket module's names starting with prefix."""
//!     return {int(getattr(socket, name)): name
//!             for name in dir(socket) if name.startswith(prefix)}
//!
//! print(dict(sorted(get_constants("SOCK_").items())))
//! # {1: 'SOCK_STREAM', 2: 'SOCK_DGRAM', 3: 'SOCK_RAW', 4: 'SOCK_RDM', 5: 'SOCK_SEQPACKET',
//! #  2048: 'SOCK_NONBLOCK', 524288: 'SOCK_CLOEXEC'}
//! ```
//!
//! Two details decide whether your table is Python's:
//!
//! * Some names share a value (`AF_NETLINK` and `AF_ROUTE` are both 16). `dir()` lists names in
//!   sorted order and each assignment to a dict key replaces the one before, so the name that
//!   sorts **last** wins: Python maps 16 to `'AF_ROUTE'`.
//! * The map prints the way Python prints a dict of ints to strings, keys in increasing order
//!   (`dict(sorted(...))`): `{0: 'AF_UNSPEC', 1: 'AF_UNIX', 2: 'AF_INET', ...}`, and `{}` when
//!   nothing matches.
//!
//! Read `book/src/ch01-sockets.md`, fill in the two functions below, then check your work with
//! `cargo course check constants` and try it with `cargo run -p constants -- SOCK_`.

use std::collections::BTreeMap;

use pynet::socket;

/// The constants of `pynet::socket` whose names start with `prefix`, as a map from each value
/// to its name (a prefix that matches nothing gives an empty map).
///
/// `socket::constants()` lists every constant as a `(name, value)` pair, in the order pynet's
/// source declares them, which is not `dir()`'s sorted order. When several names share a
/// value, the value maps to the name that sorts last, as in Python: `16 => "AF_ROUTE"`.
///
/// ```python
/// families = get_constants("AF_")      # {..., 2: 'AF_INET', ..., 16: 'AF_ROUTE', ...}
/// ```
/// ```no_run
/// # use constants::get_constants;
/// let families = get_constants("AF_");
/// assert_eq!(families[&2], "AF_INET");
/// ```
pub fn get_constants(prefix: &str) -> BTreeMap<i64, String> {
    todo!("map value -> name for the socket::constants() whose names start with prefix")
}

/// The map as Python prints a dict of ints to strings: `{0: 'AF_UNSPEC', 1: 'AF_UNIX'}`,
/// keys in increasing order, `", "` between entries, `{}` for an empty map.
///
/// ```python
/// print(dict(sorted(get_constants("AF_").items())))
/// ```
/// ```no_run
/// # use constants::{format_constants, get_constants};
/// println!("{}", format_constants(&get_constants("AF_")));
/// ```
pub fn format_constants(constants: &BTreeMap<i64, String>) -> String {
    todo!("write the map as Python's {{value: 'NAME', ...}}")
}

#[cfg(test)]
mod tests;
