//! The checks of exercise `ip_convert`: CPython's `socket`, `binascii` and `struct` modules
//! are the answer key.
//!
//! Each test hands the same inputs to your function and to its Python twin (below, in
//! `ORACLE`) and compares answers and errors, error class included. Your function is called
//! first, so an unfinished `todo!()` fails the test before Python even starts.

#[path = "../../support.rs"]
mod support;

use pynet::socket::Error;

use super::*;
use support::python_output;

/// The Python twin of each function. Arguments are Python literals; one line per argument:
/// `ok VALUE` (bytes shown as a list of numbers) or `err Class: message`, where every
/// ValueError (binascii.Error is one) is shown as `ValueError`.
const ORACLE: &str = r#"
import ast, binascii, socket, struct, sys

def conversion_line(address):
    packed = socket.inet_aton(address)
    hex_text = binascii.hexlify(packed).decode()
    return f"IP Address: {address} => Packed: {hex_text}, Unpacked: {socket.inet_ntoa(packed)}"

TWINS = {
    "hexlify": lambda data: binascii.hexlify(bytes(data)).decode(),
    "unhexlify": lambda text: list(binascii.unhexlify(text)),
    "packed_hex": lambda address: binascii.hexlify(socket.inet_aton(address)).decode(),
    "unpack_hex": lambda text: socket.inet_ntoa(binascii.unhexlify(text)),
    "conversion_line": conversion_line,
    "to_network_order": lambda n: list(struct.pack("!I", n)),
    "htonl": socket.htonl,
    "from_network_order": lambda data: struct.unpack("!I", bytes(data))[0],
}

def class_name(e):
    return "ValueError" if isinstance(e, ValueError) else type(e).__qualname__

twin = TWINS[sys.argv[1]]
for literal in sys.argv[2:]:
    try:
        print("ok", twin(ast.literal_eval(literal)))
    except Exception as e:
        print("err", f"{class_name(e)}: {e}")
"#;

/// Runs the Python twin of `function` on each literal and returns its lines; fails the test
/// if python3 fails or hangs.
fn python(function: &str, literals: &[String]) -> Vec<String> {
    let mut args = vec![function];
    args.extend(literals.iter().map(String::as_str));
    let text = python_output(ORACLE, &args);
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    assert_eq!(lines.len(), literals.len(), "python3 printed {text:?}");
    lines
}

/// A result written as the oracle writes it: `ok VALUE` or `err Class: message`.
fn outcome(result: Result<String, Error>) -> String {
    match result {
        Ok(value) => format!("ok {value}"),
        Err(e) => format!("err {e:?}"),
    }
}

/// Each case is (the input as a Python literal, your outcome for it); every outcome must be
/// what the Python twin of `function` gives for the same input.
fn assert_like_python(function: &str, cases: Vec<(String, String)>) {
    let literals: Vec<String> = cases.iter().map(|(literal, _)| literal.clone()).collect();
    let python = python(function, &literals);
    for ((literal, yours), python) in cases.iter().zip(&python) {
        assert_eq!(
            yours, python,
            "{function}({literal}): left is yours, right is Python's"
        );
    }
}

/// The cases for a function of one string: Rust's `{:?}` of these strings is also a Python
/// string literal.
fn text_cases(
    inputs: &[&str],
    function: impl Fn(&str) -> Result<String, Error>,
) -> Vec<(String, String)> {
    inputs
        .iter()
        .map(|input| (format!("{input:?}"), outcome(function(input))))
        .collect()
}

/// Numbers worth converting: the edges, the lesson's 1234, and bytes that all differ.
const NUMBERS: [u32; 8] = [0, 1, 255, 256, 1234, 0x0102_0304, 0xdead_beef, u32::MAX];

#[test]
fn hexlify_matches_python() {
    let inputs: Vec<Vec<u8>> = vec![
        vec![],
        vec![0],
        vec![127, 0, 0, 1],
        vec![255, 16, 1, 10],
        (0..=255).collect(),
    ];
    let cases = inputs
        .iter()
        .map(|bytes| (format!("{bytes:?}"), outcome(Ok(hexlify(bytes)))))
        .collect();
    assert_like_python("hexlify", cases);
}

#[test]
fn unhexlify_reads_hex_of_either_case_like_python() {
    let inputs = [
        "",
        "7f000001",
        "C0A80001",
        "00ff10",
        "0123456789abcdefABCDEF",
    ];
    let cases = text_cases(&inputs, |text| {
        unhexlify(text).map(|bytes| format!("{bytes:?}"))
    });
    assert_like_python("unhexlify", cases);
}

#[test]
fn unhexlify_rejects_bad_text_with_pythons_errors() {
    let inputs = [
        "7f00001",   // odd length
        " 7f000001", // odd length: spaces are not skipped
        "zz1",       // odd length is checked before the digits
        "7f00000g",  // g is no hex digit
        "+f+f+f+f",  // nor is a sign
        "0x7f",      // nor is x
        "7f00 001",  // nor a space
        "é1",        // not ASCII
        "éa",        // not ASCII is checked first
    ];
    let cases = text_cases(&inputs, |text| {
        unhexlify(text).map(|bytes| format!("{bytes:?}"))
    });
    assert_like_python("unhexlify", cases);
}

#[test]
fn packs_addresses_like_python() {
    let inputs = [
        "127.0.0.1",
        "192.168.0.1",
        "0.0.0.0",
        "255.255.255.255",
        "1",          // one number: the whole address
        "1.2",        // a.b: b fills the last 3 bytes
        "1.2.3",      // a.b.c: c fills the last 2 bytes
        "0x7f.1",     // hex parts
        "0177.0.0.1", // octal parts
        "4294967295",
        "1.2.3.4 and more", // inet_aton stops at whitespace
    ];
    assert_like_python("packed_hex", text_cases(&inputs, packed_hex));
}

#[test]
fn rejects_invalid_addresses_with_pythons_errors() {
    let inputs = [
        "",
        "256.0.0.1",
        "1.2.3.4.5",
        "::1",
        "a.b.c.d",
        " 1.2.3.4",
        "4294967296",
        "01.02.03.08", // 08 is no octal number
        "1.2\0.3.4",   // a NUL character
    ];
    assert_like_python("packed_hex", text_cases(&inputs, packed_hex));
}

#[test]
fn unpacks_hex_like_python() {
    let inputs = ["7f000001", "c0a80001", "C0A80001", "ffffffff", "00000000"];
    assert_like_python("unpack_hex", text_cases(&inputs, unpack_hex));
}

#[test]
fn unpack_hex_rejects_bad_text_with_pythons_errors() {
    let inputs = [
        "",           // no bytes at all
        "7f00",       // 2 bytes
        "7f0000010a", // 5 bytes
        "7f00001",
        "7f00000g",
        "+f+f+f+f",
        "é1234567",
    ];
    assert_like_python("unpack_hex", text_cases(&inputs, unpack_hex));
}

#[test]
fn conversion_line_is_the_lessons_line() {
    let inputs = [
        "127.0.0.1",
        "192.168.0.1",
        "1.2",
        "0x7f.1",
        "4294967295",
        "256.0.0.1",
    ];
    assert_like_python("conversion_line", text_cases(&inputs, conversion_line));
}

#[test]
fn network_order_puts_the_most_significant_byte_first() {
    let cases = NUMBERS
        .iter()
        .map(|&n| {
            (
                n.to_string(),
                outcome(Ok(format!("{:?}", to_network_order(n)))),
            )
        })
        .collect();
    assert_like_python("to_network_order", cases);
}

#[test]
fn network_order_bytes_read_in_host_order_are_htonl() {
    let cases = NUMBERS
        .iter()
        .map(|&n| {
            let as_host_reads_them = u32::from_ne_bytes(to_network_order(n));
            (n.to_string(), outcome(Ok(as_host_reads_them.to_string())))
        })
        .collect();
    assert_like_python("htonl", cases);
}

#[test]
fn from_network_order_reads_the_bytes_like_python() {
    let inputs: [[u8; 4]; 6] = [
        [0, 0, 0, 0],
        [0, 0, 4, 210],
        [1, 2, 3, 4],
        [128, 0, 0, 1],
        [0xde, 0xad, 0xbe, 0xef],
        [255, 255, 255, 255],
    ];
    let cases = inputs
        .iter()
        .map(|&bytes| {
            let yours = from_network_order(bytes);
            (format!("{bytes:?}"), outcome(Ok(yours.to_string())))
        })
        .collect();
    assert_like_python("from_network_order", cases);
}

#[test]
fn from_network_order_undoes_to_network_order() {
    for n in NUMBERS {
        assert_eq!(
            from_network_order(to_network_order(n)),
            n,
            "from_network_order(to_network_order({n})) should give {n} back"
        );
    }
}
