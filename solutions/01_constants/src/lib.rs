//! # Solution of exercise `constants`: the socket module's numbers, by name
//!
//! Week 1's `get_constants(prefix)`: for every constant whose name starts with `prefix`, its
//! value mapped to its name, as Python builds it from `dir(socket)`.
//!
//! ```python
//! def get_constants(prefix):
//!     return {int(getattr(socket, name)): name
//!             for name in dir(socket) if name.startswith(prefix)}
//! ```
//!
//! Run it: `cargo course solution constants -- SOCK_`.

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
    let mut matching: Vec<(&str, i64)> = socket::constants()
        .iter()
        .copied()
        .filter(|(name, _)| name.starts_with(prefix))
        .collect();
    // dir() is sorted; inserting in that order lets a later name replace an earlier one.
    matching.sort();
    let mut constants = BTreeMap::new();
    for (name, value) in matching {
        constants.insert(value, name.to_string());
    }
    constants
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
    let entries: Vec<String> = constants
        .iter()
        .map(|(value, name)| format!("{value}: '{name}'"))
        .collect();
    format!("{{{}}}", entries.join(", "))
}

#[cfg(test)]
#[path = "../../../exercises/01_constants/src/tests.rs"]
mod tests;
