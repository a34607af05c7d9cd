//! The checks of exercise 9. `request`, `unpack`, `header` and `unix_time` are checked
//! against Python's `struct`, bit operations and `datetime` on the same inputs; `ask` against
//! small UDP servers in the check (one that answers well, one that answers too little, one
//! that echoes, one that never answers) and against a real time server, chronyd, on
//! 127.0.0.1 (a Python stand-in answers when chronyd is not installed).

#[path = "../../support.rs"]
mod support;

#[path = "../../../tests/util/peer.rs"]
mod peer;

#[path = "../../../tests/util/chrony.rs"]
mod chrony;

use super::*;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use pynet::socket::{AF_INET, Error, Exception, SOCK_DGRAM, Socket};
use support::{Background, Python, port_of, python_output, unhex};

/// Every request Python packs, one hex line per (leap, version, mode), in the checks' order.
const PY_REQUESTS: &str = r#"
import struct
for leap in range(4):
    for version in range(8):
        for mode in range(8):
            print(struct.pack("!B47x", leap << 6 | version << 3 | mode).hex())
"#;

/// For each hex packet argument: its first 48 bytes as `struct.unpack("!12I")` reads them.
const PY_UNPACK: &str = r#"
import struct, sys
for packet in sys.argv[1:]:
    print(*struct.unpack("!12I", bytes.fromhex(packet)[:48]))
"#;

/// For each first-word argument: leap, version, mode, stratum, poll and precision.
const PY_HEADER: &str = r#"
import struct, sys
for word in map(int, sys.argv[1:]):
    first, stratum, poll, precision = struct.unpack("!BBbb", struct.pack("!I", word))
    print(first >> 6, first >> 3 & 7, first & 7, stratum, poll, precision)
"#;

/// For each seconds argument: the Unix time of that NTP timestamp, counted by the calendar
/// (era 0 from 1900-01-01, era 1 from 2**32 seconds later) rather than by a formula.
const PY_UNIX_TIME: &str = r#"
import calendar, sys
from datetime import datetime, timedelta, timezone
era0 = datetime(1900, 1, 1, tzinfo=timezone.utc)
era1 = era0 + timedelta(seconds=2**32)
for seconds in map(int, sys.argv[1:]):
    when = (era0 if seconds >= 2**31 else era1) + timedelta(seconds=seconds)
    print(calendar.timegm(when.utctimetuple()))
"#;

/// A time server in Python that answers one request with the current time, at stratum 1:
/// prints its port, then the request it received as hex.
const PY_TIME_SERVER: &str = r#"
import socket, struct, time
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    s.bind(("127.0.0.1", 0))
    s.settimeout(20)
    print(s.getsockname()[1], flush=True)
    request, client = s.recvfrom(1024)
    now = time.time() + 2208988800
    seconds, fraction = int(now), int(now % 1 * 2**32)
    header = 0 << 6 | 3 << 3 | 4
    answer = struct.pack("!BBbb11I", header, 1, 6, -20, 0, 0, 0x47505300,
                         seconds, 0, 0, 0, seconds, fraction, seconds, fraction)
    s.sendto(answer, client)
    print(request.hex(), flush=True)
"#;

/// How long the checks let `ask` wait, in seconds.
const TIMEOUT: f64 = 2.0;

/// A small, repeatable source of random numbers (xorshift64), so that a failing check
/// fails the same way every time.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn word(&mut self) -> u32 {
        (self.next() >> 32) as u32
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

/// `bytes.hex()`.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The lines Python prints for `script` with these arguments.
fn python_lines(script: &str, args: &[String]) -> Vec<String> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    python_output(script, &args)
        .lines()
        .map(str::to_string)
        .collect()
}

/// Checks that `result` is an error of class `class` with the text `text`.
fn assert_error<T: std::fmt::Debug>(result: Result<T, Error>, class: Exception, text: &str) {
    match result {
        Ok(value) => panic!("expected the error {text:?}, got Ok({value:?})"),
        Err(e) => {
            assert!(
                e.is_instance(class),
                "expected a {}, got {e:?}",
                class.name()
            );
            assert_eq!(e.to_string(), text, "the error's text");
        }
    }
}

/// What a fake server does with the first datagram it gets.
enum Answer {
    /// Sends these bytes back.
    Bytes(Vec<u8>),
    /// Sends the datagram itself back, as lesson 9's UDP echo server does.
    Echo,
}

/// A UDP server on 127.0.0.1 that answers one datagram, and tells what it received.
struct FakeServer {
    port: u16,
    received: Background<Result<Vec<u8>, Error>>,
}

impl FakeServer {
    fn start(answer: Answer) -> FakeServer {
        let sock = Socket::new(AF_INET, SOCK_DGRAM, 0).expect("socket");
        sock.bind(("127.0.0.1", 0)).expect("bind");
        sock.settimeout(Some(10.0)).expect("settimeout");
        let port = port_of(&sock);
        let received = Background::start(move || {
            let (data, client) = sock.recvfrom(1024)?;
            let reply = match answer {
                Answer::Bytes(bytes) => bytes,
                Answer::Echo => data.clone(),
            };
            sock.sendto(&reply, client)?;
            Ok(data)
        });
        FakeServer { port, received }
    }

    /// Your `ask` against this server, given at most `DEADLINE`.
    fn ask(&self) -> Result<Reply, Error> {
        ask_within("127.0.0.1", self.port, TIMEOUT)
    }

    /// The datagram the server received.
    fn request(self) -> Vec<u8> {
        match self.received.wait("the fake server") {
            Ok(data) => data,
            Err(e) => panic!("the fake server received no request: {e}"),
        }
    }
}

/// Your `ask`, run on a thread of its own so that a missing timeout fails the check instead of
/// hanging it.
fn ask_within(host: &str, port: u16, timeout: f64) -> Result<Reply, Error> {
    let host = host.to_string();
    Background::start(move || ask(&host, port, timeout))
        .wait("ask (does it set a timeout on its socket?)")
}

/// An answer as a server sends it: mode 4, stratum 2, transmit seconds `transmit`.
fn server_answer(transmit: u32) -> Vec<u8> {
    let mut answer = vec![0x1c, 2, 6, 0xec];
    answer.resize(PACKET_SIZE, 0);
    answer[40..44].copy_from_slice(&transmit.to_be_bytes());
    answer
}

/// Seconds since 1970 now.
fn now() -> i64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH);
    since.expect("the clock is after 1970").as_secs() as i64
}

#[test]
fn request_is_0x1b_then_47_zero_bytes() {
    let packet = request(0, 3, 3).expect("request(0, 3, 3)");
    let mut expected = [0u8; PACKET_SIZE];
    expected[0] = 0x1b;
    assert_eq!(packet, expected, "request(0, 3, 3)");
}

#[test]
fn request_is_byte_exact_with_pythons_struct_for_every_field_value() {
    let python = python_lines(PY_REQUESTS, &[]);
    let mut lines = python.iter();
    for leap in 0..4 {
        for version in 0..8 {
            for mode in 0..8 {
                let ours = request(leap, version, mode)
                    .unwrap_or_else(|e| panic!("request({leap}, {version}, {mode}): {e}"));
                let theirs = unhex(lines.next().expect("a line per request"));
                assert_eq!(
                    ours[..],
                    theirs[..],
                    "request({leap}, {version}, {mode}) (the right side is Python's)"
                );
            }
        }
    }
}

#[test]
fn request_refuses_values_too_large_for_their_bits() {
    let text = "leap must be 0-3, not 4";
    assert_error(request(4, 3, 3), Exception::ValueError, text);
    let text = "version must be 0-7, not 8";
    assert_error(request(0, 8, 3), Exception::ValueError, text);
    let text = "mode must be 0-7, not 255";
    assert_error(request(0, 3, 255), Exception::ValueError, text);
    let text = "leap must be 0-3, not 200";
    assert_error(request(200, 200, 200), Exception::ValueError, text);
}

#[test]
fn unpack_agrees_with_python_on_many_packets() {
    let mut random = Random(0x5eed_1234_abcd_0001);
    let mut packets = vec![vec![0u8; 48], vec![0xff; 48], server_answer(0xec00_0000)];
    // Longer packets too: the words come from the first 48 bytes only.
    packets.extend((0..400).map(|i| random.bytes(PACKET_SIZE + i % 20)));
    let args: Vec<String> = packets.iter().map(|p| hex(p)).collect();
    let python = python_lines(PY_UNPACK, &args);
    assert_eq!(
        python.len(),
        packets.len(),
        "one line per packet from Python"
    );
    for (packet, theirs) in packets.iter().zip(&python) {
        let ours = unpack(packet).unwrap_or_else(|e| panic!("unpack({}): {e}", hex(packet)));
        let ours: Vec<String> = ours.iter().map(u32::to_string).collect();
        assert_eq!(
            ours.join(" "),
            *theirs,
            "unpack of {} (the right side is Python's)",
            hex(packet)
        );
    }
}

#[test]
fn unpack_refuses_a_packet_shorter_than_48_bytes() {
    for length in [0, 1, 20, 47] {
        let text = format!("NTP packet too short: {length} bytes, expected 48");
        assert_error(unpack(&vec![0x1c; length]), Exception::NTPException, &text);
    }
}

#[test]
fn header_reads_a_chrony_answer() {
    let expected = Header {
        leap: 0,
        version: 3,
        mode: 4,
        stratum: 10,
        poll: 6,
        precision: -26,
    };
    assert_eq!(header(0x1c0a_06e6), expected, "header(0x1c0a06e6)");
}

#[test]
fn header_agrees_with_python_on_many_words() {
    let mut random = Random(0x0dd_ba11_cafe_f00d);
    let mut words = vec![0, u32::MAX, 0x1b00_0000, 0xe3_00_06_ec, 0x7f80_8001];
    words.extend((0..300).map(|_| random.word()));
    let args: Vec<String> = words.iter().map(u32::to_string).collect();
    let python = python_lines(PY_HEADER, &args);
    for (word, theirs) in words.iter().zip(&python) {
        let h = header(*word);
        let ours = format!(
            "{} {} {} {} {} {}",
            h.leap, h.version, h.mode, h.stratum, h.poll, h.precision
        );
        assert_eq!(
            ours, *theirs,
            "header({word:#010x}): leap version mode stratum poll precision \
             (the right side is Python's)"
        );
    }
}

#[test]
fn unix_time_counts_from_1900_and_knows_the_2036_era() {
    assert_eq!(unix_time(2_208_988_800), 0, "1970-01-01");
    // 2036-02-07 06:28:16 UTC: the seconds wrap to 0, and era 1 begins.
    assert_eq!(unix_time(0), 2_085_978_496, "2036-02-07 06:28:16, in era 1");
    assert_eq!(
        unix_time(u32::MAX),
        2_085_978_495,
        "the last second of era 0"
    );
}

#[test]
fn unix_time_agrees_with_pythons_calendar() {
    let mut random = Random(0xfeed_face_0bad_beef);
    let mut seconds = vec![0, 1, 0x7fff_ffff, 0x8000_0000, 0xe000_0000, u32::MAX];
    seconds.push(3_973_000_000); // November 2025
    seconds.extend((0..300).map(|_| random.word()));
    let args: Vec<String> = seconds.iter().map(u32::to_string).collect();
    let python = python_lines(PY_UNIX_TIME, &args);
    for (seconds, theirs) in seconds.iter().zip(&python) {
        assert_eq!(
            unix_time(*seconds).to_string(),
            *theirs,
            "unix_time({seconds}) (the right side is Python's)"
        );
    }
}

#[test]
fn ask_sends_the_request_and_returns_the_answer() {
    let transmit = 3_973_000_000;
    let server = FakeServer::start(Answer::Bytes(server_answer(transmit)));
    let reply = server.ask().expect("ask the fake server");
    let port = server.port;
    let request = server.request();
    assert_eq!(
        request,
        request_bytes(),
        "the request the server received: 0x1b, then 47 zero bytes"
    );
    assert_eq!(reply.address.to_string(), format!("('127.0.0.1', {port})"));
    assert_eq!(reply.fields[0], 0x1c02_06ec, "the answer's first word");
    assert_eq!(reply.fields[10], transmit, "the answer's transmit seconds");
}

/// The request every client sends: 0x1b and 47 zeros.
fn request_bytes() -> Vec<u8> {
    let mut expected = vec![0u8; PACKET_SIZE];
    expected[0] = 0x1b;
    expected
}

#[test]
fn ask_reports_an_answer_that_is_too_short() {
    let server = FakeServer::start(Answer::Bytes(vec![0x1c; 20]));
    let text = "NTP packet too short: 20 bytes, expected 48";
    assert_error(server.ask(), Exception::NTPException, text);
}

#[test]
fn ask_refuses_an_echo_of_its_own_request() {
    let server = FakeServer::start(Answer::Echo);
    let text = "not a server's answer: mode 3";
    assert_error(server.ask(), Exception::NTPException, text);
}

#[test]
fn ask_times_out_when_nobody_answers() {
    // A socket that receives the request and never answers it.
    let silent = Socket::new(AF_INET, SOCK_DGRAM, 0).expect("socket");
    silent.bind(("127.0.0.1", 0)).expect("bind");
    let started = Instant::now();
    let result = ask_within("127.0.0.1", port_of(&silent), 0.5);
    let waited = started.elapsed();
    assert_error(result, Exception::TimeoutError, "timed out");
    assert!(
        waited >= Duration::from_millis(400) && waited < Duration::from_secs(3),
        "ask(timeout=0.5) gave up after {waited:?}"
    );
}

#[test]
fn ask_gets_the_current_time_from_a_real_server() {
    let test = "ask_gets_the_current_time_from_a_real_server";
    let (reply, stratum) = match chrony::Chronyd::start(test) {
        Some(chronyd) => (
            ask_within("127.0.0.1", chronyd.port(), TIMEOUT),
            chrony::STRATUM,
        ),
        None => {
            println!("a Python time server stands in for chronyd");
            let mut python = Python::start(PY_TIME_SERVER, &[]);
            let port = python.port();
            let reply = ask_within("127.0.0.1", port, TIMEOUT);
            assert_eq!(unhex(&python.line()), request_bytes(), "the request");
            (reply, 1)
        }
    };
    let reply = reply.expect("ask the time server");
    let h = header(reply.fields[0]);
    assert_eq!(
        (h.mode, h.stratum),
        (MODE_SERVER, stratum),
        "mode and stratum"
    );
    let off = unix_time(reply.fields[10]) - now();
    assert!(
        off.abs() <= 2,
        "the server's time is {off} s away from this machine's"
    );
}
