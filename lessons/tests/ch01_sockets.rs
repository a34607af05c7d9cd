//! Lesson 01's program, `get_constants`, against the dict Python builds from `dir(socket)`.

mod util;

const GET_CONSTANTS: &str = env!("CARGO_BIN_EXE_get_constants");

/// Week 1's `get_constants`, written fresh; prints the dict for the prefix in `argv[1]`.
const PYTHON_GET_CONSTANTS: &str = "
import socket, sys
prefix = sys.argv[1]
print({int(getattr(socket, n)): n for n in dir(socket) if n.startswith(prefix)})
";

/// Runs `get_constants PREFIX`, checks that it printed what Python prints, and returns it.
fn same_as_python(prefix: &str) -> String {
    let out = util::run(GET_CONSTANTS, &[prefix], 10);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let expected = util::python(PYTHON_GET_CONSTANTS, &[prefix]);
    assert_eq!(out.stdout.trim_end(), expected, "prefix {prefix}");
    expected
}

#[test]
fn families_match_python() {
    let dict = same_as_python("AF_");
    assert!(dict.contains("2: 'AF_INET', 10: 'AF_INET6'"), "{dict}");
}

#[test]
fn a_shared_value_keeps_its_first_place_and_takes_the_last_name() {
    // AF_NETLINK and AF_ROUTE are both 16: the key goes in at AF_NETLINK's place in dir()'s
    // order, and AF_ROUTE, coming later, replaces the name.
    let dict = same_as_python("AF_");
    assert!(
        dict.contains("13: 'AF_NETBEUI', 16: 'AF_ROUTE', 6: 'AF_NETROM'"),
        "{dict}"
    );
}

#[test]
fn types_match_python() {
    let dict = same_as_python("SOCK_");
    assert!(
        dict.contains("2: 'SOCK_DGRAM'") && dict.contains("1: 'SOCK_STREAM'"),
        "{dict}"
    );
}

#[test]
fn protocols_match_python() {
    // IPPROTO_HOPOPTS and IPPROTO_IP are both 0: IPPROTO_IP, later in dir(), names it.
    let dict = same_as_python("IPPROTO_");
    assert!(dict.contains(", 0: 'IPPROTO_IP', "), "{dict}");
    assert!(dict.contains("6: 'IPPROTO_TCP'"), "{dict}");
}

#[test]
fn other_prefixes_match_python() {
    for prefix in [
        "SO_", "SOL_", "TCP_", "IP_", "IPV6_", "MSG_", "AI_", "NI_", "EAI_",
    ] {
        same_as_python(prefix);
    }
}

#[test]
fn the_default_prefix_is_af() {
    let default = util::run(GET_CONSTANTS, &[], 10);
    let af = util::run(GET_CONSTANTS, &["AF_"], 10);
    assert_eq!(default.code, Some(0));
    assert_eq!(default.stdout, af.stdout);
}

#[test]
fn a_prefix_nothing_starts_with_prints_an_empty_dict() {
    assert_eq!(same_as_python("NO_SUCH_"), "{}");
}

#[test]
fn listing_has_its_anchors() {
    util::assert_anchors("get_constants", &["get_constants"]);
}
