//! The checks of exercise `constants`: CPython's own `socket` module is the answer key.
//!
//! Each test asks `python3` for the same table, on the same prefix, and compares. Your function
//! is called first, so an unfinished `todo!()` fails the test before Python even starts.

#[path = "../../support.rs"]
mod support;

use std::collections::BTreeMap;

use pynet::socket;

use super::*;
use support::python_output;

/// Python's table for a prefix, sorted by value. `mode` `pairs` prints one `VALUE NAME` line
/// per entry; `dict` prints the dict itself.
const ORACLE: &str = r#"
import socket, sys

prefix, mode = sys.argv[1], sys.argv[2]
constants = {}
for name in dir(socket):
    value = getattr(socket, name)
    if name.startswith(prefix) and isinstance(value, int):
        constants[int(value)] = name
constants = dict(sorted(constants.items()))
if mode == "pairs":
    for value, name in constants.items():
        print(value, name)
else:
    print(constants)
"#;

/// Runs the oracle and returns what it printed; fails the test if python3 fails or hangs.
fn python(prefix: &str, mode: &str) -> String {
    python_output(ORACLE, &[prefix, mode])
}

/// Python's value -> name table for `prefix`.
fn python_constants(prefix: &str) -> BTreeMap<i64, String> {
    python(prefix, "pairs")
        .lines()
        .map(|line| {
            let (value, name) = line.split_once(' ').expect("a `VALUE NAME` line");
            (value.parse().expect("an integer value"), name.to_string())
        })
        .collect()
}

/// One line per disagreement between your table and Python's.
fn differences(yours: &BTreeMap<i64, String>, python: &BTreeMap<i64, String>) -> Vec<String> {
    let mut values: Vec<&i64> = yours.keys().chain(python.keys()).collect();
    values.sort();
    values.dedup();
    values
        .into_iter()
        .filter_map(|value| match (yours.get(value), python.get(value)) {
            (Some(a), Some(b)) if a == b => None,
            (Some(a), Some(b)) => Some(format!("{value}: you give {a:?}, Python gives {b:?}")),
            (Some(a), None) => Some(format!("{value}: you give {a:?}, Python has no such value")),
            (None, Some(b)) => Some(format!("{value}: missing, Python gives {b:?}")),
            (None, None) => None,
        })
        .collect()
}

/// `get_constants(prefix)` must be Python's table for that prefix.
fn assert_same_table_as_python(prefix: &str) {
    let yours = get_constants(prefix);
    let python = python_constants(prefix);
    let differences = differences(&yours, &python);
    assert!(
        differences.is_empty(),
        "get_constants({prefix:?}) differs from Python's table:\n  {}",
        differences.join("\n  ")
    );
}

#[test]
fn maps_address_families_like_python() {
    assert_same_table_as_python("AF_");
}

#[test]
fn maps_socket_types_like_python() {
    assert_same_table_as_python("SOCK_");
}

#[test]
fn maps_protocols_like_python() {
    // IPPROTO_HOPOPTS and IPPROTO_IP are both 0: Python keeps IPPROTO_IP, which sorts last.
    assert_same_table_as_python("IPPROTO_");
}

#[test]
fn maps_message_flags_like_python() {
    assert_same_table_as_python("MSG_");
}

#[test]
fn maps_negative_values_like_python() {
    // getaddrinfo's error codes are negative: -2 is EAI_NONAME.
    assert_same_table_as_python("EAI_");
}

#[test]
fn a_shared_value_keeps_the_name_that_sorts_last() {
    // SO_DEBUG, SO_J1939_FILTER and SO_VM_SOCKETS_BUFFER_MIN_SIZE are all 1.
    assert_same_table_as_python("SO_");
}

#[test]
fn sorts_all_names_before_choosing_between_groups() {
    // "IP" covers IPPROTO_, IPV6_ and IP_ names, and pynet declares IP_ before IPV6_ while
    // dir() sorts IPV6_ first: values they share must go to the IP_ name, as in Python.
    let yours = get_constants("IP");
    // Python also has IPPORT_RESERVED and IPPORT_USERRESERVED, which pynet does not define.
    let pynet_names: Vec<&str> = socket::constants().iter().map(|(name, _)| *name).collect();
    let mut python = python_constants("IP");
    python.retain(|_, name| pynet_names.contains(&name.as_str()));
    let differences = differences(&yours, &python);
    assert!(
        differences.is_empty(),
        "get_constants(\"IP\") differs from Python's table:\n  {}",
        differences.join("\n  ")
    );
}

#[test]
fn a_prefix_that_matches_nothing_prints_an_empty_dict() {
    let yours = format_constants(&get_constants("NO_SUCH_PREFIX_"));
    assert_eq!(
        yours,
        python("NO_SUCH_PREFIX_", "dict").trim_end(),
        "a prefix that matches nothing should print Python's empty dict"
    );
}

#[test]
fn prints_the_table_as_python_prints_the_dict() {
    for prefix in ["AF_", "SOCK_", "EAI_"] {
        let yours = format_constants(&get_constants(prefix));
        assert_eq!(
            yours,
            python(prefix, "dict").trim_end(),
            "format_constants(&get_constants({prefix:?})) should print what Python prints \
             (left: yours, right: Python's)"
        );
    }
}

#[test]
fn prints_any_map_in_key_order_with_quoted_names() {
    let map = BTreeMap::from([(7, "SEVEN".to_string()), (-1, "MINUS_ONE".to_string())]);
    assert_eq!(
        format_constants(&map),
        "{-1: 'MINUS_ONE', 7: 'SEVEN'}",
        "keys in increasing order, names in single quotes, \", \" between entries"
    );
}
