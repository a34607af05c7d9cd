//! Differential tests: inet_aton, inet_ntoa, inet_pton, inet_ntop and the byte-order
//! functions against CPython's, answer for answer and message for message.

mod util;

use pynet::socket::{self, AF_INET, AF_INET6, AF_UNIX};
use serde_json::{Value, json};
use util::{Parity, bytes};

/// The odd forms inet_aton is known for, and their near misses.
const ATON_CASES: &[&str] = &[
    "127.0.0.1",
    "127.1",
    "127.0.1",
    "0x7f.1",
    "0X7F.0.0.1",
    "0177.0.0.1",
    "0177.1",
    "4294967295",
    "4294967296",
    "0xffffffff",
    "0x100000000",
    "037777777777",
    "040000000000",
    "0",
    "00",
    "0x",
    "0x0",
    "1.2.3.4 garbage",
    "1.2.3.4\tx",
    "1.2.3.4\n",
    "1.2.3.4 ",
    " 1.2.3.4",
    "1.2.3.4.5",
    "1.2.3.",
    ".1.2.3",
    "1..2.3",
    "",
    " ",
    "256.1.1.1",
    "1.256.1.1",
    "1.1.65535",
    "1.1.65536",
    "1.16777215",
    "1.16777216",
    "255.255.255.255",
    "08.1.1.1",
    "09",
    "0x1g",
    "1.2.3.4x",
    "1.2.3.4\0",
    "+1.2.3.4",
    "-1.2.3.4",
    "1.2.3.-4",
    "१.२.३.४",
    "1.2.3.4\u{a0}",
    "0xAbCdEf01",
    "00000000000000000000001.2.3.4",
    "0x00000000000000000001.2.3.4",
    "1e3",
    "1,2,3,4",
];

const PTON4_CASES: &[&str] = &[
    "1.2.3.4",
    "127.0.0.1",
    "0.0.0.0",
    "255.255.255.255",
    "256.0.0.0",
    "1.2.3",
    "1.2.3.4.5",
    "01.2.3.4",
    "1.2.3.04",
    "0x1.2.3.4",
    "1.2.3.4 ",
    " 1.2.3.4",
    "",
    "::1",
    "1.2.3.4\0",
];

const PTON6_CASES: &[&str] = &[
    "::",
    "::1",
    "1::",
    "1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7",
    "::ffff:1.2.3.4",
    "::1.2.3.4",
    "1:2:3:4:5:6:1.2.3.4",
    "1:2:3:4:5:6:7:1.2.3.4",
    "::ffff:1.2.3",
    "::ffff:1.2.3.04",
    ":::",
    "1:::2",
    "1::2::3",
    "fe80::1%lo",
    "FE80::ABCD",
    "12345::",
    "0000:0000::",
    ":1::",
    "1::",
    "::g",
    "",
    " ::1",
    "::1 ",
    "[::1]",
    "1:2:3:4:5::6:7:8",
    "::0:0:0:0:0:0:0",
    "1.2.3.4",
];

/// Strings built from the characters inet_aton and inet_pton care about, at random.
fn random_strings(seed: u64, alphabet: &[char], count: usize, max_len: usize) -> Vec<String> {
    let mut rng = fastrand::Rng::with_seed(seed);
    (0..count)
        .map(|_| {
            let len = rng.usize(0..=max_len);
            (0..len)
                .map(|_| alphabet[rng.usize(..alphabet.len())])
                .collect()
        })
        .collect()
}

/// Every way of writing one number as a dotted part: decimal, octal, hex.
fn part_forms(value: u32) -> Vec<String> {
    vec![
        value.to_string(),
        format!("0{value:o}"),
        format!("0x{value:x}"),
        format!("0X{value:X}"),
    ]
}

/// Dotted forms with 1 to 4 parts, each part in each notation, at the limits of each width.
fn generated_aton_cases() -> Vec<String> {
    let mut cases = Vec::new();
    for a in [0u32, 1, 127, 255, 256] {
        for b in [0u32, 1, 255, 256, 65535, 65536, 16777215, 16777216] {
            for form_a in part_forms(a) {
                for form_b in part_forms(b) {
                    cases.push(format!("{form_a}.{form_b}"));
                    cases.push(format!("{form_a}.0.{form_b}"));
                    cases.push(format!("{form_a}.0.0.{form_b}"));
                }
            }
        }
    }
    for whole in [0u32, 1, 0x7f00_0001, u32::MAX] {
        cases.extend(part_forms(whole));
    }
    cases
}

fn text(value: String) -> Value {
    Value::String(value)
}

#[test]
fn inet_aton_matches_python() {
    let alphabet: Vec<char> = "0123456789abcdefxX. \t\n-+".chars().collect();
    let mut table = Parity::new("inet_aton");
    let cases = ATON_CASES
        .iter()
        .map(|s| s.to_string())
        .chain(generated_aton_cases())
        .chain(random_strings(1, &alphabet, 3000, 18));
    for case in cases {
        let ours = socket::inet_aton(&case).map(|packed| bytes(&packed));
        table.case("inet_aton", json!([case]), ours);
    }
    table.check();
}

#[test]
fn inet_ntoa_matches_python() {
    let mut table = Parity::new("inet_ntoa");
    let mut rng = fastrand::Rng::with_seed(2);
    for len in 0..=8 {
        for _ in 0..40 {
            let packed: Vec<u8> = (0..len).map(|_| rng.u8(..)).collect();
            let ours = socket::inet_ntoa(&packed).map(text);
            table.case("inet_ntoa", json!([bytes(&packed)]), ours);
        }
    }
    table.check();
}

#[test]
fn inet_pton_matches_python() {
    let v4_alphabet: Vec<char> = "0123456789.x ".chars().collect();
    let v6_alphabet: Vec<char> = "0123456789abcdefABCDEF:.% ".chars().collect();
    let mut table = Parity::new("inet_pton");
    let v4 = PTON4_CASES
        .iter()
        .map(|s| s.to_string())
        .chain(random_strings(3, &v4_alphabet, 1500, 16));
    let v6 = PTON6_CASES
        .iter()
        .map(|s| s.to_string())
        .chain(random_strings(4, &v6_alphabet, 3000, 24));
    let cases = v4
        .map(|s| (AF_INET, s))
        .chain(v6.map(|s| (AF_INET6, s)))
        .chain(PTON4_CASES.iter().map(|s| (AF_UNIX, s.to_string())))
        .chain(PTON6_CASES.iter().map(|s| (99, s.to_string())));
    for (family, case) in cases {
        let ours = socket::inet_pton(family, &case).map(|packed| bytes(&packed));
        table.case("inet_pton", json!([family, case]), ours);
    }
    table.check();
}

#[test]
fn inet_ntop_matches_python() {
    let mut table = Parity::new("inet_ntop");
    let mut rng = fastrand::Rng::with_seed(5);
    let mut packed_cases: Vec<Vec<u8>> = Vec::new();
    for len in [0, 1, 3, 4, 5, 15, 16, 17] {
        for _ in 0..30 {
            packed_cases.push((0..len).map(|_| rng.u8(..)).collect());
        }
    }
    // IPv6 shapes whose text is special: zero runs, IPv4-mapped and IPv4-compatible forms.
    for tail in [[0, 0, 0, 1], [1, 2, 3, 4], [0, 0, 1, 0], [127, 0, 0, 1]] {
        for head in [[0u8; 12], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff]] {
            packed_cases.push([&head[..], &tail[..]].concat());
        }
    }
    packed_cases.push(vec![0; 16]);
    packed_cases.push([vec![0xfe, 0x80], vec![0; 13], vec![1]].concat());
    packed_cases.push([vec![0, 1], vec![0; 12], vec![0, 1]].concat());
    packed_cases.push([vec![0, 1, 0, 0, 0, 1], vec![0; 10]].concat());
    for packed in &packed_cases {
        for family in [AF_INET, AF_INET6, AF_UNIX, 99] {
            let ours = socket::inet_ntop(family, packed).map(text);
            table.case("inet_ntop", json!([family, bytes(packed)]), ours);
        }
    }
    table.check();
}

#[test]
fn byte_order_matches_python() {
    let mut table = Parity::new("htonl/htons/ntohl/ntohs");
    let mut rng = fastrand::Rng::with_seed(6);
    let longs = [0u32, 1, 0x7f00_0001, 0x1234_5678, u32::MAX]
        .into_iter()
        .chain((0..200).map(|_| rng.u32(..)));
    for x in longs {
        table.case("htonl", json!([x]), Ok(json!(socket::htonl(x))));
        table.case("ntohl", json!([x]), Ok(json!(socket::ntohl(x))));
    }
    let shorts = [0u16, 1, 80, 0x1234, u16::MAX]
        .into_iter()
        .chain((0..200).map(|_| rng.u16(..)));
    for x in shorts {
        table.case("htons", json!([x]), Ok(json!(socket::htons(x))));
        table.case("ntohs", json!([x]), Ok(json!(socket::ntohs(x))));
    }
    table.check();
}
