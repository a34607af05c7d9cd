//! Lesson 03's programs, `ip4_address_conversion`, `finding_service_name` and
//! `integer_conversion`, against the same recipes run by Python on this machine.

mod util;

/// Runs the lesson program `program`, checks that it succeeded and printed what the Python
/// `recipe` prints, and returns that output.
fn same_as_python(program: &str, recipe: &str) -> String {
    let out = util::run(program, &[], 10);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let expected = util::python(recipe, &[]);
    assert_eq!(out.stdout.trim_end(), expected);
    expected
}

#[test]
fn ip4_address_conversion_matches_python() {
    // Cookbook 1.3, written fresh; `.decode()` prints the hex digits without `b'...'`.
    let recipe = "
import socket
from binascii import hexlify
for ip_addr in ['127.0.0.1', '192.168.0.1']:
    packed = socket.inet_aton(ip_addr)
    unpacked = socket.inet_ntoa(packed)
    print('IP Address: %s => Packed: %s, Unpacked: %s' % (ip_addr, hexlify(packed).decode(), unpacked))
";
    let output = same_as_python(env!("CARGO_BIN_EXE_ip4_address_conversion"), recipe);
    assert_eq!(
        output,
        "IP Address: 127.0.0.1 => Packed: 7f000001, Unpacked: 127.0.0.1\n\
         IP Address: 192.168.0.1 => Packed: c0a80001, Unpacked: 192.168.0.1"
    );
}

#[test]
fn finding_service_name_matches_python() {
    // Cookbook 1.4, written fresh: the names come from this machine's /etc/services.
    let recipe = "
import socket
for port, protocol in [(80, 'tcp'), (25, 'tcp'), (53, 'udp')]:
    print('Port: %s => service name: %s' % (port, socket.getservbyport(port, protocol)))
";
    let output = same_as_python(env!("CARGO_BIN_EXE_finding_service_name"), recipe);
    assert!(output.starts_with("Port: 80 => service name: "), "{output}");
    assert_eq!(output.lines().count(), 3, "{output}");
}

#[test]
fn integer_conversion_matches_python() {
    // Cookbook 1.5, written fresh (one space in "Long host", where the original has two).
    let recipe = "
import socket
data = 1234
print('Original: %s => Long host byte order: %s, Network byte order: %s' % (data, socket.ntohl(data), socket.htonl(data)))
print('Original: %s => Short host byte order: %s, Network byte order: %s' % (data, socket.ntohs(data), socket.htons(data)))
";
    let output = same_as_python(env!("CARGO_BIN_EXE_integer_conversion"), recipe);
    if cfg!(target_endian = "little") {
        assert!(
            output.contains("Long host byte order: 3523477504,"),
            "{output}"
        );
        assert!(output.contains("Short host byte order: 53764,"), "{output}");
    }
}

#[test]
fn listings_have_their_anchors() {
    util::assert_anchors("ip4_address_conversion", &["convert"]);
    util::assert_anchors("finding_service_name", &["lookup"]);
    util::assert_anchors("integer_conversion", &["convert"]);
}
