//! The checks of exercise 13. The bytes of a query are compared with a query that Python
//! builds with `struct`; replies built by Python are decoded, with and without compression;
//! broken replies (cut short, a pointer loop) must be errors, quickly; `query_a` talks to a
//! fake server in the check, and to dnsmasq when it is installed.

#[path = "../../../tests/util/dnsmasq.rs"]
mod dnsmasq;
#[path = "../../../tests/util/peer.rs"]
mod peer;
#[path = "../../support.rs"]
mod support;

use super::*;

use std::collections::BTreeSet;
use std::thread;
use std::time::{Duration, Instant};

use pynet::socket::{AF_INET, Address, Error, Exception, SOCK_DGRAM, Socket};
use support::{Background, python_output, unhex};

/// Python's query: `python3 -c PYTHON_QUERY ID NAME TYPE ...` prints the hex of a query for
/// each (ID, NAME, TYPE) triple, one a line.
const PYTHON_QUERY: &str = r#"
import struct, sys
args = sys.argv[1:]
for i in range(0, len(args), 3):
    query_id, name, qtype = int(args[i]), args[i + 1].rstrip("."), int(args[i + 2])
    labels = name.encode().split(b".")
    qname = b"".join(bytes([len(label)]) + label for label in labels) + b"\0"
    header = struct.pack("!6H", query_id, 0x0100, 1, 0, 0, 0)
    print((header + qname + struct.pack("!2H", qtype, 1)).hex())
"#;

/// Python's replies: `python3 -c PYTHON_REPLY plain|compressed ID` prints the hex of a reply
/// with ID `ID`.
///
/// - `plain`: the question `example.test` A, then two A records, every name written out.
/// - `compressed`: the question `www.example.test` A; a CNAME record whose owner is a pointer
///   to the question's name and whose target is `web` and a pointer to `example.test`; an MX
///   record; then the A records of the CNAME's target, owned by a pointer into the CNAME's data.
const PYTHON_REPLY: &str = r#"
import struct, sys
kind, query_id = sys.argv[1], int(sys.argv[2])

def name(text):
    return b"".join(bytes([len(l)]) + l for l in text.encode().split(b".")) + b"\0"

def pointer(offset):
    return struct.pack("!H", 0xC000 | offset)

def record(owner, rtype, rdata):
    return owner + struct.pack("!2HIH", rtype, 1, 300, len(rdata)) + rdata

def ipv4(text):
    return bytes(int(part) for part in text.split("."))

def header(answers):
    return struct.pack("!6H", query_id, 0x8180, 1, answers, 0, 0)

if kind == "plain":
    message = header(2) + name("example.test") + struct.pack("!2H", 1, 1)
    message += record(name("example.test"), 1, ipv4("127.0.0.2"))
    message += record(name("example.test"), 1, ipv4("10.20.30.40"))
else:
    message = header(4) + name("www.example.test") + struct.pack("!2H", 1, 1)
    example_test = 12 + len(b"\x03www")
    cname = record(pointer(12), 5, b"\x03web" + pointer(example_test))
    web = len(message) + len(cname) - len(b"\x03web") - 2
    message += cname
    message += record(pointer(example_test), 15, struct.pack("!H", 10) + b"\x04mail" + pointer(example_test))
    message += record(pointer(web), 1, ipv4("192.0.2.7"))
    message += record(pointer(web), 1, ipv4("192.0.2.8"))
print(message.hex())
"#;

/// Python's query bytes for each `(id, name, type)`.
fn python_queries(queries: &[(u16, &str, u16)]) -> Vec<Vec<u8>> {
    let args: Vec<String> = queries
        .iter()
        .flat_map(|(id, name, qtype)| [id.to_string(), name.to_string(), qtype.to_string()])
        .collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    python_output(PYTHON_QUERY, &args)
        .lines()
        .map(unhex)
        .collect()
}

/// Python's reply of `kind` (`plain` or `compressed`) with ID `id`.
fn python_reply(kind: &str, id: u16) -> Vec<u8> {
    unhex(python_output(PYTHON_REPLY, &[kind, &id.to_string()]).trim_end())
}

/// A 12-byte header: ID 0x1234, `flags`, one question, `answers` answers.
fn header(flags: u16, answers: u16) -> Vec<u8> {
    [0x1234, flags, 1, answers, 0, 0]
        .iter()
        .flat_map(|field: &u16| field.to_be_bytes())
        .collect()
}

/// Fails the check unless `result` is an error of class `class`.
fn assert_error<T: std::fmt::Debug>(result: Result<T, Error>, class: Exception, what: &str) {
    match result {
        Err(e) if e.is_instance(class) => {}
        Err(e) => panic!("{what}: expected {}, got {e:?}", class.name()),
        Ok(value) => panic!("{what}: expected {}, got Ok({value:?})", class.name()),
    }
}

/// `decode_name` on a message, given at most the support's deadline: a loop fails the check
/// instead of hanging it.
fn decode_name_within(message: &[u8], offset: usize) -> Result<(String, usize), Error> {
    let message = message.to_vec();
    Background::start(move || decode_name(&message, offset))
        .wait("decode_name (does it count the pointers it follows?)")
}

/// `decode_a_records` on a message, given at most the support's deadline.
fn decode_within(reply: &[u8]) -> Result<Vec<String>, Error> {
    let reply = reply.to_vec();
    Background::start(move || decode_a_records(&reply)).wait("decode_a_records")
}

#[test]
fn encode_name_writes_length_prefixed_labels() {
    let cases: [(&str, &[u8]); 4] = [
        ("example.test", b"\x07example\x04test\x00"),
        ("www.example.test", b"\x03www\x07example\x04test\x00"),
        ("example.test.", b"\x07example\x04test\x00"),
        ("a", b"\x01a\x00"),
    ];
    for (name, expected) in cases {
        let encoded = encode_name(name).unwrap_or_else(|e| panic!("encode_name({name:?}): {e}"));
        assert_eq!(encoded, expected, "encode_name({name:?})");
    }
    let longest_label = "x".repeat(MAX_LABEL);
    let encoded = encode_name(&longest_label).expect("a label of 63 bytes is allowed");
    assert_eq!(encoded.len(), MAX_LABEL + 2);
    // Three labels of 63 bytes and one of 61: 3 * 64 + 62 + 1 = 255 bytes, the most allowed.
    let longest_name = [longest_label.as_str(); 3].join(".") + "." + &"y".repeat(61);
    let encoded = encode_name(&longest_name).expect("a name of 255 bytes is allowed");
    assert_eq!(encoded.len(), MAX_NAME);
}

#[test]
fn encode_name_refuses_empty_and_overlong_labels_and_names() {
    let label_64 = "x".repeat(MAX_LABEL + 1);
    let label_63 = "x".repeat(MAX_LABEL);
    let name_256 = [label_63.as_str(); 3].join(".") + "." + &"y".repeat(62);
    let bad = ["", ".", "a..b", ".test", "example..", &label_64, &name_256];
    for name in bad {
        let shown: String = name.chars().take(20).collect();
        let what = format!("encode_name({shown:?}...) of {} bytes", name.len());
        assert_error(encode_name(name), Exception::ValueError, &what);
    }
}

#[test]
fn encode_query_equals_a_query_built_with_pythons_struct() {
    let queries = [
        (0x1234, "example.test", TYPE_A),
        (0, "www.example.test", TYPE_A),
        (65535, "pynet.test.", 28),
        (4242, "_xmpp-client._tcp.pynet.test", 33),
        (7, "1.2.0.192.in-addr.arpa", 12),
    ];
    for ((id, name, qtype), python) in queries.iter().zip(python_queries(&queries)) {
        let ours = encode_query(*id, name, *qtype)
            .unwrap_or_else(|e| panic!("encode_query({id}, {name:?}, {qtype}): {e}"));
        assert_eq!(
            ours, python,
            "encode_query({id}, {name:?}, {qtype}) (the right side is Python's)"
        );
    }
    assert_error(
        encode_query(1, "a..b", TYPE_A),
        Exception::ValueError,
        "encode_query of a name with an empty label",
    );
}

#[test]
fn decode_name_reads_labels_and_follows_pointers() {
    // Offset 0: "example.test"; offset 14: "www" and a pointer to 0; offset 20: a pointer to 14.
    let message = b"\x07example\x04test\x00\x03www\xc0\x00\xc0\x0eXY";
    assert_eq!(
        decode_name_within(message, 0).expect("a plain name"),
        ("example.test".to_string(), 14)
    );
    assert_eq!(
        decode_name_within(message, 14).expect("a label, then a pointer"),
        ("www.example.test".to_string(), 20),
        "the name ends after its pointer's two bytes, where the next field starts"
    );
    assert_eq!(
        decode_name_within(message, 20).expect("a pointer to a pointer"),
        ("www.example.test".to_string(), 22)
    );
    assert_eq!(
        decode_name_within(b"\x00", 0).expect("the root"),
        (String::new(), 1)
    );
}

#[test]
fn a_compression_loop_is_an_error_not_a_hang() {
    let loops: [(&[u8], &str); 3] = [
        (b"\xc0\x00", "a pointer to itself"),
        (b"\x01a\xc0\x00", "a label, then a pointer back to it"),
        (b"\xc0\x02\xc0\x00", "two pointers pointing at each other"),
    ];
    for (message, what) in loops {
        assert_error(
            decode_name_within(message, 0),
            Exception::MessageError,
            what,
        );
    }
    // The same loop as the owner of an answer record.
    let mut reply = header(FLAG_QR, 1);
    reply.extend_from_slice(b"\x01a\x00\x00\x01\x00\x01"); // the question: a, A, IN
    reply.extend_from_slice(b"\xc0\x13"); // offset 19: a pointer to itself
    reply.extend_from_slice(&[0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 127, 0, 0, 1]);
    assert_error(
        decode_within(&reply),
        Exception::MessageError,
        "decode_a_records of a record whose name points at itself",
    );
}

#[test]
fn decode_name_refuses_names_that_run_off_the_end_or_are_too_long() {
    let cut: [(&[u8], &str); 5] = [
        (b"", "an empty message"),
        (b"\x07exam", "a label cut short"),
        (b"\x07example", "no zero byte at the end"),
        (b"\xc0", "half a pointer"),
        (b"\xc0\x09", "a pointer past the end"),
    ];
    for (message, what) in cut {
        assert_error(
            decode_name_within(message, 0),
            Exception::MessageError,
            what,
        );
    }
    assert_error(
        decode_name_within(b"\x41abc\x00", 0),
        Exception::MessageError,
        "a length byte of 65 (the label types 64-191 are reserved)",
    );
    // 5 labels of 63 bytes: 320 bytes on the wire.
    let mut long = Vec::new();
    for _ in 0..5 {
        long.push(63);
        long.extend_from_slice(&[b'x'; 63]);
    }
    long.push(0);
    assert_error(
        decode_name_within(&long, 0),
        Exception::MessageError,
        "a name of 320 bytes",
    );
    // 100 names, each the label "abc" and a pointer to the name before it: following the
    // pointers adds 4 bytes a time, so the last name grows past 255 bytes.
    let mut repeated = b"\x03abc\x00".to_vec();
    for i in 0..100u16 {
        let previous = if i == 0 { 0 } else { repeated.len() - 6 };
        repeated.extend_from_slice(b"\x03abc");
        repeated.extend_from_slice(&(0xc000 | previous as u16).to_be_bytes());
    }
    let start = repeated.len() - 6;
    assert_error(
        decode_name_within(&repeated, start),
        Exception::MessageError,
        "a name that pointers make longer than 255 bytes",
    );
}

#[test]
fn decode_a_records_reads_a_python_reply() {
    let reply = python_reply("plain", 0x4d2);
    let addresses = decode_within(&reply).expect("Python's plain reply decodes");
    assert_eq!(addresses, ["127.0.0.2", "10.20.30.40"]);
}

#[test]
fn decode_a_records_reads_a_compressed_python_reply_and_skips_other_types() {
    let reply = python_reply("compressed", 0xbeef);
    let addresses = decode_within(&reply).expect("Python's compressed reply decodes");
    assert_eq!(
        addresses,
        ["192.0.2.7", "192.0.2.8"],
        "the A records after a CNAME and an MX record, owned by pointers"
    );
}

#[test]
fn a_reply_cut_short_anywhere_is_an_error() {
    let reply = python_reply("compressed", 1);
    for length in 0..reply.len() {
        let what = format!("decode_a_records of the first {length} bytes of a reply");
        assert_error(
            decode_within(&reply[..length]),
            Exception::MessageError,
            &what,
        );
    }
}

#[test]
fn error_codes_and_queries_are_not_answers() {
    for (rcode, name) in [
        (1, "format error"),
        (2, "server failure"),
        (3, "name error"),
        (4, "not implemented"),
        (5, "refused"),
        (9, "rcode 9"),
    ] {
        let mut reply = header(FLAG_QR | 0x0100 | rcode, 0);
        reply.extend_from_slice(b"\x07missing\x04test\x00\x00\x01\x00\x01");
        let what = format!("a reply with rcode {rcode}");
        match decode_within(&reply) {
            Err(e) if e.is_instance(Exception::ResponseError) => {
                assert_eq!(e.to_string(), name, "{what}")
            }
            other => panic!("{what}: expected ResponseError: {name}, got {other:?}"),
        }
    }
    let query = encode_query(0x1234, "example.test", TYPE_A).expect("encode_query");
    assert_error(
        decode_within(&query),
        Exception::MessageError,
        "decode_a_records of a query (QR not set)",
    );
}

#[test]
fn an_a_record_must_hold_four_bytes() {
    let mut reply = header(FLAG_QR, 1);
    reply.extend_from_slice(b"\x01a\x00\x00\x01\x00\x01");
    reply
        .extend_from_slice(b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x05\x01\x02\x03\x04\x05");
    assert_error(
        decode_within(&reply),
        Exception::MessageError,
        "an A record with 5 bytes of RDATA",
    );
}

/// How long the fake server waits for a query, in seconds: `query_a` sends it at once.
const QUERY_WAIT: Option<f64> = Some(2.0);

/// The result of `query_a`, on its own thread.
type Asking = Background<Result<Vec<String>, Error>>;

/// A fake DNS server's UDP socket on 127.0.0.1, and its port.
fn fake_server() -> (Socket, u16) {
    let sock = Socket::new(AF_INET, SOCK_DGRAM, 0).expect("socket");
    sock.bind(("127.0.0.1", 0)).expect("bind");
    sock.settimeout(QUERY_WAIT).expect("settimeout");
    let port = support::port_of(&sock);
    (sock, port)
}

/// Starts `query_a(127.0.0.1, port, name, timeout)` on a thread of its own.
fn ask(port: u16, name: &str, timeout: f64) -> Asking {
    let name = name.to_string();
    Background::start(move || query_a("127.0.0.1", port, &name, timeout))
}

/// Receives the query `asking` sends to `server`: its bytes, its ID and who sent it.
fn receive_query(server: &Socket, asking: &Asking) -> (Vec<u8>, u16, Address) {
    match server.recvfrom(MAX_UDP_REPLY) {
        Ok((query, client)) if query.len() >= 2 => {
            let id = u16::from_be_bytes([query[0], query[1]]);
            (query, id, client)
        }
        Ok((query, _)) => asking.fail(format!("query_a sent {query:?}, not a query")),
        Err(e) => asking.fail(format!("the fake server got no query: {e}")),
    }
}

#[test]
fn query_a_ignores_datagrams_that_are_not_its_reply() {
    let (server, server_port) = fake_server();
    let asking = ask(server_port, "www.example.test", 5.0);
    let (query, id, client) = receive_query(&server, &asking);
    let python = python_queries(&[(id, "www.example.test", TYPE_A)]);
    assert_eq!(
        query, python[0],
        "the query sent (the right side is Python's, for the same ID)"
    );

    // From another port: garbage, then a reply with the right ID (a spoofer who guessed it).
    let other = Socket::new(AF_INET, SOCK_DGRAM, 0).expect("socket");
    other.sendto(b"garbage", client.clone()).expect("sendto");
    let spoofed = python_reply("plain", id);
    other.sendto(&spoofed, client.clone()).expect("sendto");
    // From the server's port: a reply with another ID, and a datagram too short for an ID.
    let wrong_id = python_reply("plain", id.wrapping_add(1));
    server.sendto(&wrong_id, client.clone()).expect("sendto");
    server.sendto(b"\x01", client.clone()).expect("sendto");
    thread::sleep(Duration::from_millis(50));
    // The reply: from the server's address and port, with the query's ID.
    let right = python_reply("compressed", id);
    server.sendto(&right, client).expect("sendto");

    let addresses = asking
        .wait("query_a")
        .expect("query_a gets the right reply in the end");
    assert_eq!(
        addresses,
        ["192.0.2.7", "192.0.2.8"],
        "the answer must come from the reply sent from the server's port with the query's ID"
    );
}

#[test]
fn query_ids_are_random() {
    let (server, server_port) = fake_server();
    let mut ids = BTreeSet::new();
    for _ in 0..4 {
        let asking = ask(server_port, "a.test", 5.0);
        let (_, id, client) = receive_query(&server, &asking);
        ids.insert(id);
        server
            .sendto(&python_reply("plain", id), client)
            .expect("sendto");
        asking.wait("query_a").expect("query_a");
    }
    assert_eq!(
        ids.len(),
        4,
        "four queries, four different IDs: {ids:?} (an attacker must not guess the next one)"
    );
}

/// Checks that `asking` failed with `timed out`, between `at_least` and `at_most` after
/// `started`.
fn assert_timed_out(asking: &Asking, started: Instant, at_least: Duration, at_most: Duration) {
    let result = asking.wait("query_a, which should time out");
    let elapsed = started.elapsed();
    match result {
        Err(e) if e.is_timeout() => assert_eq!(e.to_string(), "timed out"),
        other => panic!("expected TimeoutError: timed out, got {other:?}"),
    }
    assert!(
        at_least <= elapsed && elapsed <= at_most,
        "query_a timed out after {elapsed:?}, not between {at_least:?} and {at_most:?}"
    );
}

#[test]
fn query_a_gives_up_after_timeout_seconds() {
    let (silent, silent_port) = fake_server();
    let started = Instant::now();
    let asking = ask(silent_port, "a.test", 0.5);
    let _ = receive_query(&silent, &asking);
    let (at_least, at_most) = (Duration::from_millis(450), Duration::from_millis(1500));
    assert_timed_out(&asking, started, at_least, at_most);
}

#[test]
fn query_a_times_out_at_its_deadline_even_while_datagrams_arrive() {
    let (server, server_port) = fake_server();
    let started = Instant::now();
    let asking = ask(server_port, "a.test", 0.6);
    let (_, id, client) = receive_query(&server, &asking);
    // A datagram that is not the reply every 100 ms, for 3 s: none may restart the wait.
    let wrong = python_reply("plain", id.wrapping_add(1));
    let pest = thread::spawn(move || {
        while started.elapsed() < Duration::from_secs(3) {
            let _ = server.sendto(&wrong, client.clone());
            thread::sleep(Duration::from_millis(100));
        }
    });
    let (at_least, at_most) = (Duration::from_millis(550), Duration::from_millis(1500));
    assert_timed_out(&asking, started, at_least, at_most);
    pest.join().expect("the sending thread");
}

#[test]
fn query_a_asks_dnsmasq() {
    let Some(server) = dnsmasq::Dnsmasq::start("query_a_asks_dnsmasq") else {
        // Without dnsmasq, check what can be checked here: asking a port where no server
        // listens is an error within the timeout, not a hang.
        let outcome = ask(support::closed_port(), dnsmasq::MULTI, 0.3).wait("query_a");
        assert!(
            outcome.is_err(),
            "nobody answers there, yet query_a gave {outcome:?}"
        );
        return;
    };
    let port = server.port();
    let multi: BTreeSet<String> = ask(port, dnsmasq::MULTI, 5.0)
        .wait("query_a")
        .expect("dnsmasq answers for its own zone")
        .into_iter()
        .collect();
    assert_eq!(multi, BTreeSet::from(dnsmasq::MULTI_A.map(String::from)));
    let through_cname = ask(port, dnsmasq::WWW, 5.0)
        .wait("query_a")
        .expect("dnsmasq answers with a CNAME and the A record");
    assert_eq!(
        through_cname,
        [dnsmasq::APEX_A],
        "{} is a CNAME",
        dnsmasq::WWW
    );
    match ask(port, dnsmasq::MISSING, 5.0).wait("query_a") {
        Err(e) if e.is_instance(Exception::ResponseError) => {
            assert_eq!(e.to_string(), "name error")
        }
        other => panic!(
            "{}: expected ResponseError: name error, got {other:?}",
            dnsmasq::MISSING
        ),
    }
}
