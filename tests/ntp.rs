//! pynet::ntp: parity with Python's ntplib on the same inputs, answers from a real chronyd on
//! loopback (and ntplib's answers from the same chronyd), a fake server that answers wrongly,
//! and random packets into the parser.

mod util;

use std::process::{Command, Stdio};
use std::thread::{self, JoinHandle};
use std::time::Instant;

use byteorder::{BigEndian, ByteOrder};
use pynet::ntp::{
    NTPClient, NTPStats, leap_to_text, mode_to_text, ntp_to_system_time, ref_id_to_text,
    stratum_to_text, system_to_ntp_time,
};
use pynet::socket::{AF_INET, Address, Error, Exception, Result, SOCK_DGRAM, Socket};
use serde_json::{Value, json};
use util::chrony::{self, Chronyd};
use util::{peer, random_bytes, within};

// ---------------------------------------------------------------------------------------------
// ntplib as the oracle

/// Answers JSON cases `{"fn": name, "args": [...]}` one a line with `{"ok": value}` or
/// `{"exc": class, "msg": text}`. Floats travel as their 64 bits, so that equal means equal to
/// the last bit.
const NTPLIB_ORACLE: &str = r#"
import json, struct, sys
import ntplib

def bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]

def unbits(n):
    return struct.unpack("<d", struct.pack("<Q", n))[0]

def parse(hex_data, dest_bits):
    s = ntplib.NTPStats()
    s.from_data(bytes.fromhex(hex_data))
    s.dest_timestamp = unbits(dest_bits)
    return [s.leap, s.version, s.mode, s.stratum, s.poll, s.precision,
            bits(s.root_delay), bits(s.root_dispersion), s.ref_id,
            bits(s.ref_timestamp), bits(s.orig_timestamp), bits(s.recv_timestamp),
            bits(s.tx_timestamp), bits(s.offset), bits(s.delay), bits(s.tx_time),
            bits(s.recv_time), bits(s.orig_time), bits(s.ref_time), bits(s.dest_time)]

def request(host, version, port, timeout):
    s = ntplib.NTPClient().request(host, version=version, port=port, timeout=timeout)
    return [s.leap, s.version, s.mode, s.stratum, s.ref_id]

CALLS = {
    "ntp_to_system_time": lambda b: bits(ntplib.ntp_to_system_time(unbits(b))),
    "system_to_ntp_time": lambda b: bits(ntplib.system_to_ntp_time(unbits(b))),
    "leap_to_text": ntplib.leap_to_text,
    "mode_to_text": ntplib.mode_to_text,
    "stratum_to_text": ntplib.stratum_to_text,
    "ref_id_to_text": ntplib.ref_id_to_text,
    "parse": parse,
    "request": request,
}

def exception_name(e):
    cls = type(e)
    return cls.__name__ if cls.__module__ == "builtins" else cls.__module__ + "." + cls.__name__

for line in sys.stdin:
    case = json.loads(line)
    try:
        answer = {"ok": CALLS[case["fn"]](*case["args"])}
    except Exception as e:
        answer = {"exc": exception_name(e), "msg": str(e)}
    print(json.dumps(answer), flush=True)
"#;

/// The interpreters tried, in order: `python3` here may be a pyenv one that does not see the
/// system's python3-ntplib, which `/usr/bin/python3` does.
const PYTHONS: [&str; 2] = ["python3", "/usr/bin/python3"];

/// A python that can `import ntplib`; `None` (after printing why `test` is skipped) when none
/// can. Panics instead under `PYNET_REQUIRE_PEERS=1`.
fn ntplib_python(test: &str) -> Option<&'static str> {
    let found = within(60.0, || {
        PYTHONS.into_iter().find(|python| {
            Command::new(python)
                .args(["-c", "import ntplib"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|status| status.success())
        })
    });
    if found.is_none() {
        let why = "no python here can import ntplib (Debian: apt-get install python3-ntplib)";
        assert!(
            !peer::required(),
            "{test}: {why}, and PYNET_REQUIRE_PEERS=1"
        );
        println!("skipped {test}: {why}");
    }
    found
}

/// ntplib's answers to `cases`, in order, from `python`.
fn ntplib_answers(python: &'static str, cases: &[Value]) -> Vec<Value> {
    let mut oracle = Command::new(python);
    oracle.args(["-c", NTPLIB_ORACLE]);
    util::json_lines(oracle, cases, 120.0)
}

/// A pynet result in the oracle's shape.
fn outcome(result: Result<Value>) -> Value {
    match result {
        Ok(value) => json!({ "ok": value }),
        Err(e) => json!({ "exc": e.exception().name(), "msg": e.to_string() }),
    }
}

/// Asks ntplib each case, compares with pynet's answer, prints the count, and fails listing
/// the first differences.
fn check_parity(test: &str, cases: Vec<(Value, Value)>) {
    let Some(python) = ntplib_python(test) else {
        return;
    };
    let (questions, ours): (Vec<Value>, Vec<Value>) = cases.into_iter().unzip();
    let theirs = ntplib_answers(python, &questions);
    let differences: Vec<String> = questions
        .iter()
        .zip(&ours)
        .zip(&theirs)
        .filter(|((_, ours), theirs)| ours != theirs)
        .map(|((case, ours), theirs)| format!("{case}\n    pynet:  {ours}\n    ntplib: {theirs}"))
        .collect();
    println!(
        "parity {test}: {} cases compared, {} equal",
        questions.len(),
        questions.len() - differences.len()
    );
    assert!(
        differences.is_empty(),
        "{} cases differ from ntplib; the first ones:\n{}",
        differences.len(),
        differences[..differences.len().min(10)].join("\n")
    );
}

/// A case for the oracle and pynet's answer to it.
fn case(function: &str, args: Value, ours: Result<Value>) -> (Value, Value) {
    (json!({ "fn": function, "args": args }), outcome(ours))
}

// ---------------------------------------------------------------------------------------------
// Parity with ntplib

/// Doubles worth converting: edges, NTP-era times, and random bit patterns.
fn interesting_doubles() -> Vec<f64> {
    let mut values = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        2_208_988_800.0,
        3_913_056_000.0,
        4_294_967_295.999_999_8,
        1e-300,
        5e-324,
        1e300,
        f64::MAX,
        f64::MIN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
    ];
    let mut rng = fastrand::Rng::with_seed(5);
    values.extend((0..2000).map(|_| rng.f64() * 5e9 - 1e9));
    values.extend((0..1000).map(|_| f64::from_bits(rng.u64(..))));
    values
}

#[test]
fn time_conversions_match_ntplib_to_the_last_bit() {
    let mut cases = Vec::new();
    for value in interesting_doubles() {
        let arg = json!([value.to_bits()]);
        let to_system = ntp_to_system_time(value).to_bits();
        let to_ntp = system_to_ntp_time(value).to_bits();
        cases.push(case(
            "ntp_to_system_time",
            arg.clone(),
            Ok(json!(to_system)),
        ));
        cases.push(case("system_to_ntp_time", arg, Ok(json!(to_ntp))));
    }
    check_parity("time_conversions_match_ntplib_to_the_last_bit", cases);
}

#[test]
fn leap_mode_and_stratum_texts_match_ntplib_for_every_byte() {
    let mut cases = Vec::new();
    for n in 0..=u8::MAX {
        cases.push(case(
            "leap_to_text",
            json!([n]),
            leap_to_text(n).map(Value::from),
        ));
        cases.push(case(
            "mode_to_text",
            json!([n]),
            mode_to_text(n).map(Value::from),
        ));
        // Stratum 0 is ntplib's TypeError: see the next test.
        if n != 0 {
            let text = stratum_to_text(n).map(Value::from);
            cases.push(case("stratum_to_text", json!([n]), text));
        }
    }
    check_parity(
        "leap_mode_and_stratum_texts_match_ntplib_for_every_byte",
        cases,
    );
}

#[test]
fn stratum_0_is_a_text_where_ntplib_raises_type_error() {
    assert_eq!(stratum_to_text(0).unwrap(), "unspecified or invalid");
    let test = "stratum_0_is_a_text_where_ntplib_raises_type_error";
    let Some(python) = ntplib_python(test) else {
        return;
    };
    let theirs = ntplib_answers(python, &[json!({ "fn": "stratum_to_text", "args": [0] })]);
    assert_eq!(
        theirs[0],
        json!({ "exc": "TypeError", "msg": "not all arguments converted during string formatting" })
    );
}

/// Reference ids: every one of ntplib's table, near misses, dotted addresses, random ones.
fn interesting_ref_ids() -> Vec<u32> {
    let mut ids: Vec<u32> = [
        *b"GOES",
        *b"GPS\0",
        *b"LOCL",
        *b"\0\0\0\0",
        *b"JJY\0",
        *b"VLF\0",
        *b"INIT",
        *b"FREE",
        *b"GPS ",
        *b"gps\0",
        *b"RATE",
        *b"DENY",
        *b"XFAC",
        *b"\xff\xfe\x80\x7f",
        *b"\0GPS",
    ]
    .iter()
    .map(|letters| u32::from_be_bytes(*letters))
    .collect();
    ids.extend([0x7F7F_0101, 0xC0A8_0001, 0xFFFF_FFFF, 1]);
    let mut rng = fastrand::Rng::with_seed(9);
    ids.extend((0..40).map(|_| rng.u32(..)));
    ids
}

#[test]
fn ref_id_texts_match_ntplib_for_every_stratum() {
    let mut cases = Vec::new();
    for ref_id in interesting_ref_ids() {
        for stratum in 0..=u8::MAX {
            let text = ref_id_to_text(ref_id, stratum).map(Value::from);
            cases.push(case("ref_id_to_text", json!([ref_id, stratum]), text));
        }
    }
    check_parity("ref_id_texts_match_ntplib_for_every_stratum", cases);
}

/// pynet's fields of `data` (with `dest_timestamp`), in the oracle's `parse` order.
fn parsed_fields(data: &[u8], dest_timestamp: f64) -> Result<Value> {
    let stats = NTPStats {
        dest_timestamp,
        ..NTPStats::from_data(data)?
    };
    Ok(json!([
        stats.leap,
        stats.version,
        stats.mode,
        stats.stratum,
        // ntplib reads poll unsigned (struct's "B"), where RFC 5905 has it signed as pynet's
        // i8 does: the same bits.
        stats.poll as u8,
        stats.precision,
        stats.root_delay.to_bits(),
        stats.root_dispersion.to_bits(),
        stats.ref_id,
        stats.ref_timestamp.to_bits(),
        stats.orig_timestamp.to_bits(),
        stats.recv_timestamp.to_bits(),
        stats.tx_timestamp.to_bits(),
        stats.offset().to_bits(),
        stats.delay().to_bits(),
        stats.tx_time().to_bits(),
        stats.recv_time().to_bits(),
        stats.orig_time().to_bits(),
        stats.ref_time().to_bits(),
        stats.dest_time().to_bits(),
    ]))
}

/// A plausible server answer: `now`-ish timestamps, small delays, random small fields.
fn plausible_packet(rng: &mut fastrand::Rng) -> Vec<u8> {
    let now = system_to_ntp_time(1.7e9 + rng.f64() * 1e8);
    let mut data = vec![0u8; 48];
    data[0] = rng.u8(..);
    data[1] = rng.u8(0..17);
    data[2] = rng.u8(..);
    data[3] = rng.u8(..);
    BigEndian::write_u32(&mut data[4..], rng.u32(0..0x0001_0000));
    BigEndian::write_u32(&mut data[8..], rng.u32(0..0x0001_0000));
    BigEndian::write_u32(&mut data[12..], rng.u32(..));
    for (at, back) in [(16, 60.0), (24, 0.02), (32, 0.01), (40, 0.0)] {
        BigEndian::write_u64(&mut data[at..], ntp_bits(now - back * rng.f64()));
    }
    data
}

#[test]
fn packets_parse_as_ntplib_parses_them() {
    let mut rng = fastrand::Rng::with_seed(48);
    let mut packets: Vec<Vec<u8>> = (0..48).map(|n| random_bytes(n as u64, n)).collect();
    packets.extend((0..1500).map(|_| plausible_packet(&mut rng)));
    packets.extend((0..1500).map(|n| random_bytes(1000 + n, 48 + rng.usize(0..40))));
    packets.push(vec![0xff; 48]);
    packets.push(vec![0; 48]);
    let cases = packets
        .iter()
        .map(|data| {
            let hex: String = data.iter().map(|b| format!("{b:02x}")).collect();
            let dest = system_to_ntp_time(1.7e9 + rng.f64() * 1e8);
            let ours = parsed_fields(data, dest);
            case("parse", json!([hex, dest.to_bits()]), ours)
        })
        .collect();
    check_parity("packets_parse_as_ntplib_parses_them", cases);
}

// ---------------------------------------------------------------------------------------------
// chronyd, a real NTP server on loopback

#[test]
fn chronyd_answers_versions_2_3_and_4_with_its_configured_stratum_and_ref_id() {
    let test = "chronyd_answers_versions_2_3_and_4_with_its_configured_stratum_and_ref_id";
    let Some(chronyd) = Chronyd::start(test) else {
        return;
    };
    let port = chronyd.port();
    within(20.0, move || -> Result<()> {
        for version in [2, 3, 4] {
            let stats = NTPClient::new().request("127.0.0.1", version, port, 5.0)?;
            assert_eq!(stats.version, version);
            assert_eq!(stats.mode, 4);
            assert_eq!(stats.leap, 0);
            assert_eq!(stats.stratum, chrony::STRATUM);
            assert_eq!(stats.ref_id, chrony::LOCAL_REF_ID);
            assert_eq!(ref_id_to_text(stats.ref_id, stats.stratum)?, "127.127.1.1");
            assert_eq!(stratum_to_text(stats.stratum)?, "secondary reference (10)");
            assert!(stats.offset().abs() < 1.0, "offset {}", stats.offset());
            assert!(
                (0.0..1.0).contains(&stats.delay()),
                "delay {}",
                stats.delay()
            );
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .expect("after 1970")
                .as_secs_f64();
            assert!(
                (stats.tx_time() - now).abs() < 1.0,
                "tx_time {}",
                stats.tx_time()
            );
            assert!(stats.orig_timestamp <= stats.dest_timestamp);
        }
        Ok(())
    })
    .unwrap();
}

#[test]
fn ntplib_and_pynet_get_the_same_answer_from_chronyd() {
    let test = "ntplib_and_pynet_get_the_same_answer_from_chronyd";
    let Some(python) = ntplib_python(test) else {
        return;
    };
    let Some(chronyd) = Chronyd::start(test) else {
        return;
    };
    let port = chronyd.port();
    let questions: Vec<Value> = [2, 3, 4]
        .iter()
        .map(|version| json!({ "fn": "request", "args": ["127.0.0.1", version, port, 5.0] }))
        .collect();
    let theirs = ntplib_answers(python, &questions);
    let ours: Vec<Value> = within(20.0, move || {
        [2, 3, 4]
            .into_iter()
            .map(|version| {
                outcome(
                    NTPClient::new()
                        .request("127.0.0.1", version, port, 5.0)
                        .map(|s| json!([s.leap, s.version, s.mode, s.stratum, s.ref_id])),
                )
            })
            .collect()
    });
    assert_eq!(ours, theirs);
    assert_eq!(
        ours[0],
        json!({ "ok": [0, 2, 4, chrony::STRATUM, chrony::LOCAL_REF_ID] })
    );
}

// ---------------------------------------------------------------------------------------------
// A fake server in the test

/// A 32.32 NTP timestamp's bits, for packets made by hand.
fn ntp_bits(timestamp: f64) -> u64 {
    (timestamp * 4_294_967_296.0) as u64
}

/// The current time as NTP time.
fn ntp_now() -> f64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970");
    system_to_ntp_time(now.as_secs_f64())
}

/// A server's answer to `request` with `mode` and `stratum`, echoing its transmit timestamp.
fn answer_to(request: &[u8], mode: u8, stratum: u8) -> Vec<u8> {
    let mut data = vec![0u8; 48];
    data[0] = request[0] & 0b0011_1000 | mode;
    data[1] = stratum;
    data[3] = 0xec; // precision -20
    BigEndian::write_u32(&mut data[12..], 0xC0A8_0001);
    data[24..32].copy_from_slice(&request[40..48]);
    let now = ntp_now();
    BigEndian::write_u64(&mut data[16..], ntp_bits(now - 30.0));
    BigEndian::write_u64(&mut data[32..], ntp_bits(now));
    BigEndian::write_u64(&mut data[40..], ntp_bits(now));
    data
}

/// A UDP socket on a free loopback port.
fn udp_socket() -> Result<(Socket, u16)> {
    let sock = Socket::new(AF_INET, SOCK_DGRAM, 0)?;
    sock.bind(("127.0.0.1", 0))?;
    sock.settimeout(Some(5.0))?;
    let port = sock.getsockname()?.port().expect("an AF_INET port");
    Ok((sock, port))
}

/// A one-request server on loopback: `reply` gets its socket, the request and the client's
/// address, and sends what it likes. Returns the port and the thread, which gives back the
/// request.
fn fake_server(
    reply: impl FnOnce(&Socket, &[u8], &Address) -> Result<()> + Send + 'static,
) -> (u16, JoinHandle<Result<Vec<u8>>>) {
    let (sock, port) = udp_socket().expect("a UDP socket");
    let server = thread::spawn(move || {
        let (request, client) = sock.recvfrom(1024)?;
        reply(&sock, &request, &client)?;
        Ok(request)
    });
    (port, server)
}

/// What a request to `port` gives, and how long it took.
fn request_to(port: u16, version: u8, timeout: f64) -> (Result<NTPStats>, f64) {
    within(timeout + 5.0, move || {
        let started = Instant::now();
        let result = NTPClient::new().request("127.0.0.1", version, port, timeout);
        (result, started.elapsed().as_secs_f64())
    })
}

/// Asserts `result` is an error of `class` with `text`.
fn assert_error(result: Result<NTPStats>, class: Exception, text: &str) {
    let e: Error = result.expect_err("an error");
    assert_eq!((e.exception(), e.to_string().as_str()), (class, text));
}

#[test]
fn request_is_48_bytes_in_client_mode_carrying_the_time() {
    for (version, first_byte) in [(2, 0x13), (3, 0x1b), (4, 0x23)] {
        let (port, server) = fake_server(|sock, request, client| {
            sock.sendto(&answer_to(request, 4, 2), client).map(drop)
        });
        let before = ntp_now();
        let (result, _) = request_to(port, version, 5.0);
        let after = ntp_now();
        let stats = result.expect("an answer");
        let request = server.join().expect("server thread").expect("server");
        assert_eq!(request.len(), 48);
        assert_eq!(request[0], first_byte);
        assert!(request[1..40].iter().all(|&b| b == 0));
        let sent = BigEndian::read_u64(&request[40..]) as f64 / 4_294_967_296.0;
        assert!(before - 0.001 <= sent && sent <= after, "transmit {sent}");
        assert_eq!(
            stats.orig_timestamp,
            NTPStats::from_data(&request).unwrap().tx_timestamp
        );
        assert_eq!((stats.stratum, stats.precision), (2, -20));
        assert_eq!(
            ref_id_to_text(stats.ref_id, stats.stratum).unwrap(),
            "192.168.0.1"
        );
    }
}

#[test]
fn no_answer_times_out_within_the_time_given() {
    let (port, server) = fake_server(|_, _, _| Ok(()));
    let (result, took) = request_to(port, 3, 0.3);
    assert_error(result, Exception::TimeoutError, "timed out");
    assert!(
        (0.3..1.5).contains(&took),
        "took {took} s for a 0.3 s timeout"
    );
    server.join().expect("server thread").expect("server");
}

/// Sends `wrong` as the only answer, and checks the request fails with `text` once its 0.3 s
/// are up (the client waits on for a right answer until then).
fn only_wrong_answer_fails(wrong: fn(&[u8]) -> Vec<u8>, text: &str) {
    let (port, server) =
        fake_server(move |sock, request, client| sock.sendto(&wrong(request), client).map(drop));
    let (result, took) = request_to(port, 3, 0.3);
    assert_error(result, Exception::NTPException, text);
    assert!(
        (0.3..1.5).contains(&took),
        "took {took} s for a 0.3 s timeout"
    );
    server.join().expect("server thread").expect("server");
}

#[test]
fn too_short_an_answer_is_an_invalid_packet() {
    only_wrong_answer_fails(
        |request| answer_to(request, 4, 2)[..47].to_vec(),
        "Invalid NTP packet.",
    );
}

#[test]
fn an_answer_in_client_or_broadcast_mode_is_refused() {
    only_wrong_answer_fails(
        |request| answer_to(request, 3, 2),
        "Invalid NTP reply: mode 3 (client), expected 4 (server).",
    );
    only_wrong_answer_fails(
        |request| answer_to(request, 5, 2),
        "Invalid NTP reply: mode 5 (broadcast), expected 4 (server).",
    );
}

#[test]
fn an_answer_to_another_request_is_refused() {
    only_wrong_answer_fails(
        |request| {
            let mut answer = answer_to(request, 4, 2);
            answer[31] ^= 1;
            answer
        },
        "Invalid NTP reply: its originate timestamp is not our transmit timestamp.",
    );
}

#[test]
fn garbage_and_forgeries_from_another_port_are_skipped_for_the_right_answer() {
    let (port, server) = fake_server(|sock, request, client| {
        let (other, _) = udp_socket()?;
        other.sendto(b"garbage", client)?;
        other.sendto(&answer_to(request, 4, 1), client)?;
        sock.sendto(&answer_to(request, 4, 7), client)?;
        Ok(())
    });
    let (result, took) = request_to(port, 4, 5.0);
    assert_eq!(result.expect("the right answer").stratum, 7);
    assert!(took < 3.0, "took {took} s: it waited for the deadline");
    server.join().expect("server thread").expect("server");
}

#[test]
fn wrong_answers_from_the_server_are_skipped_for_the_right_one() {
    let (port, server) = fake_server(|sock, request, client| {
        let mut rng = fastrand::Rng::with_seed(123);
        for _ in 0..100 {
            let mut noise = random_bytes(rng.u64(..), rng.usize(0..100));
            if let Some(first) = noise.first_mut() {
                *first = *first & !0x7 | 4; // server mode, so the originate check must catch it
            }
            sock.sendto(&noise, client)?;
        }
        sock.sendto(&answer_to(request, 3, 2), client)?;
        sock.sendto(&answer_to(request, 4, 9), client)?;
        Ok(())
    });
    let (result, took) = request_to(port, 4, 5.0);
    assert_eq!(result.expect("the right answer").stratum, 9);
    assert!(took < 3.0, "took {took} s: it waited for the deadline");
    server.join().expect("server thread").expect("server");
}

#[test]
fn bad_arguments_give_python_errors() {
    let client = NTPClient::new();
    assert_error(
        client.request("127.0.0.1", 3, 12300, -1.0),
        Exception::ValueError,
        "Timeout value out of range",
    );
    assert_error(
        client.request("127.0.0.1", 8, 12300, 1.0),
        Exception::NTPException,
        "Invalid NTP packet fields.",
    );
    let e = client
        .request("127.0.0.1", 3, "no-such-service", 1.0)
        .expect_err("an unknown service");
    assert_eq!(e.exception(), Exception::GaiError);
}

// ---------------------------------------------------------------------------------------------
// Robustness

/// `data` with a few bytes changed, cut or grown.
fn mutated(data: &[u8], rng: &mut fastrand::Rng) -> Vec<u8> {
    let mut data = data.to_vec();
    for _ in 0..rng.usize(1..4) {
        match rng.u8(0..3) {
            0 if !data.is_empty() => {
                let at = rng.usize(..data.len());
                data[at] = rng.u8(..);
            }
            1 => data.truncate(rng.usize(..=data.len())),
            _ => data.push(rng.u8(..)),
        }
    }
    data
}

#[test]
fn random_and_mutated_packets_never_panic_the_parser() {
    let (parsed, errors) = within(60.0, || {
        let mut rng = fastrand::Rng::with_seed(2026);
        let (mut parsed, mut errors) = (0usize, 0usize);
        for n in 0..100_000u64 {
            let data = if n % 2 == 0 {
                random_bytes(n, rng.usize(0..96))
            } else {
                mutated(&plausible_packet(&mut rng), &mut rng)
            };
            match NTPStats::from_data(&data) {
                Ok(stats) => {
                    parsed += 1;
                    // The helpers take any field value too, answering a text or an error.
                    let _ = (stats.offset(), stats.delay(), stats.tx_time());
                    let _ = (leap_to_text(stats.leap), mode_to_text(stats.mode));
                    let _ = stratum_to_text(stats.stratum);
                    let _ = ref_id_to_text(stats.ref_id, stats.stratum);
                }
                Err(e) => {
                    assert_eq!(e.to_string(), "Invalid NTP packet.");
                    assert!(data.len() < 48);
                    errors += 1;
                }
            }
        }
        (parsed, errors)
    });
    println!(
        "ntp fuzz: {} packets parsed, {errors} errors, no panic",
        parsed + errors
    );
    assert!(
        parsed > 40_000,
        "only {parsed} of 100000 packets were long enough"
    );
}
