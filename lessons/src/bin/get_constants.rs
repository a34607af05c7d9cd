//! `get_constants`: maps the values of the socket module's constants to their names, for the
//! names that start with one prefix (`AF_`, `SOCK_`, `IPPROTO_`), as week 1's
//! `get_constants(prefix)` does. Run it: `cargo run -p lessons --bin get_constants -- SOCK_`.
//! Python walks `dir(socket)`; pynet walks the same names in `socket::constants()`. The printed
//! dict is Python's, value for value and in Python's order.

use argh::FromArgs;
use pynet::socket;

// ANCHOR: listing
/// Print the socket module's constants whose names start with a prefix, keyed by value.
#[derive(FromArgs)]
struct GetConstants {
    /// the start of the names to list: AF_ (the default), SOCK_, IPPROTO_, SO_, ...
    #[argh(positional, default = "String::from(\"AF_\")")]
    prefix: String,
}

// ANCHOR: get_constants
/// Python's `{int(getattr(socket, n)): n for n in dir(socket) if n.startswith(prefix)}` as a
/// list of (value, name) pairs in the dict's order.
///
/// `dir()` lists names in sorted order. When two names share a value (`AF_NETLINK` and
/// `AF_ROUTE` are both 16), the value keeps the place where its first name put it and takes
/// the later name, because that is what assigning to an existing dict key does.
fn get_constants(prefix: &str) -> Vec<(i64, &'static str)> {
    let mut names: Vec<(&str, i64)> = socket::constants()
        .iter()
        .copied()
        .filter(|(name, _)| name.starts_with(prefix))
        .collect();
    names.sort_by_key(|(name, _)| *name);

    let mut dict: Vec<(i64, &str)> = Vec::new();
    for (name, value) in names {
        match dict.iter_mut().find(|(key, _)| *key == value) {
            Some(entry) => entry.1 = name,
            None => dict.push((value, name)),
        }
    }
    dict
}
// ANCHOR_END: get_constants

/// The dict as Python prints it: `{0: 'AF_UNSPEC', 1: 'AF_UNIX'}`.
fn dict_repr(dict: &[(i64, &str)]) -> String {
    let items: Vec<String> = dict
        .iter()
        .map(|(value, name)| format!("{value}: '{name}'"))
        .collect();
    format!("{{{}}}", items.join(", "))
}

fn main() {
    let args: GetConstants = argh::from_env();
    println!("{}", dict_repr(&get_constants(&args.prefix)));
}
// ANCHOR_END: listing
