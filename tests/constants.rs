//! The constants: every name Python's socket module has with these prefixes, with Python's
//! value, and nothing Python lacks.

mod util;

use std::collections::BTreeMap;

use pynet::socket;

const PREFIXES: &[&str] = &[
    "AF_",
    "SOCK_",
    "IPPROTO_",
    "SOL_",
    "SO_",
    "TCP_",
    "IP_",
    "IPV6_",
    "MSG_",
    "SHUT_",
    "AI_",
    "NI_",
    "EAI_",
    "INADDR_",
    "SOMAXCONN",
];

/// Python's integer constants with the prefixes above, by name.
fn python_constants() -> BTreeMap<String, i64> {
    let script = format!(
        "import json, socket\n\
         prefixes = {prefixes:?}\n\
         print(json.dumps({{n: int(getattr(socket, n)) for n in dir(socket)\n\
             if n.startswith(tuple(prefixes)) and isinstance(getattr(socket, n), int)}}))",
        prefixes = PREFIXES
    );
    serde_json::from_str(&util::python_output(&script, &[])).expect("a JSON object of constants")
}

#[test]
fn constants_have_pythons_names_and_values() {
    let python = python_constants();
    let ours: BTreeMap<String, i64> = socket::constants()
        .iter()
        .map(|(name, value)| (name.to_string(), *value))
        .collect();
    let missing: Vec<_> = python
        .keys()
        .filter(|name| !ours.contains_key(*name))
        .collect();
    let extra: Vec<_> = ours
        .keys()
        .filter(|name| !python.contains_key(*name))
        .collect();
    let wrong: Vec<_> = python
        .iter()
        .filter_map(|(name, value)| {
            let mine = ours.get(name)?;
            (mine != value).then(|| format!("{name}: pynet {mine}, python {value}"))
        })
        .collect();
    println!(
        "parity constants: {} cases compared, {} equal",
        python.len(),
        python.len() - missing.len() - wrong.len()
    );
    assert!(
        missing.is_empty(),
        "constants Python has and pynet lacks: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "constants pynet has and Python lacks: {extra:?}"
    );
    assert!(
        wrong.is_empty(),
        "constants with other values than Python's: {wrong:?}"
    );
}

#[test]
fn typed_constants_equal_their_table_entries() {
    let table: BTreeMap<&str, i64> = socket::constants().iter().copied().collect();
    assert_eq!(table["AF_INET"], i64::from(socket::AF_INET));
    assert_eq!(table["SOCK_STREAM"], i64::from(socket::SOCK_STREAM));
    assert_eq!(
        table["INADDR_BROADCAST"],
        i64::from(socket::INADDR_BROADCAST)
    );
    assert_eq!(socket::INADDR_BROADCAST, u32::MAX);
    assert_eq!(socket::INADDR_LOOPBACK, 0x7f00_0001);
}
