//! Bad input never panics: random strings and bytes into the address functions, absurd sizes
//! into `recv`, random flags, `how` values and socket options into live sockets. Every call
//! must return, `Ok` or an `Error`, and where Python defines the error, it is Python's.

mod util;

use std::net::{Ipv4Addr, Ipv6Addr};
use std::process::Stdio;

use pynet::socket::{
    self, AF_INET, AF_INET6, AF_UNIX, Address, Error, Exception, IPPROTO_IP, IPPROTO_IPV6,
    IPPROTO_TCP, IPPROTO_UDP, MSG_CMSG_CLOEXEC, MSG_CONFIRM, MSG_DONTROUTE, MSG_DONTWAIT, MSG_EOR,
    MSG_ERRQUEUE, MSG_MORE, MSG_NOSIGNAL, MSG_OOB, MSG_PEEK, MSG_TRUNC, MSG_WAITALL, SOCK_DGRAM,
    SOCK_STREAM, SOL_SOCKET, Socket, create_connection, create_server, socketpair,
};
use serde_json::{Value, json};
use util::{Parity, bytes, ipv6_loopback, python3, within};

/// How many random strings go into the address parsers, and byte slices into the formatters.
const STRING_CASES: usize = 100_000;
/// Every this many random strings is also asked of Python.
const PARITY_EVERY: usize = 25;

// ---------------------------------------------------------------------------------------------
// Helpers

/// Asserts an error's class, errno and `str(e)` at once.
fn assert_error(e: &Error, class: Exception, errno: Option<i32>, text: &str, context: &str) {
    assert_eq!(
        (e.exception(), e.errno(), e.to_string().as_str()),
        (class, errno, text),
        "{context}"
    );
}

/// An error from the kernel must look like Python's `OSError(errno, strerror)`: the class
/// Python picks for that errno and `[Errno N] text`; an error without errno must be a timeout
/// (the only one a socket call makes up itself).
fn assert_system_error(e: &Error, context: &str) {
    match e.errno() {
        Some(errno) => {
            assert!(errno > 0, "{context}: errno {errno}");
            assert_eq!(
                e.exception(),
                Exception::for_errno(errno),
                "{context}: {e:?}"
            );
            assert!(!e.message().is_empty(), "{context}: {e:?}");
            assert_eq!(e.to_string(), format!("[Errno {errno}] {}", e.message()));
        }
        None => assert_error(e, Exception::TimeoutError, None, "timed out", context),
    }
}

/// The address alphabet: the characters the parsers care about, and some they refuse.
const ADDRESS_CHARS: &[u8] = b"0123456789abcdefABCDEFxX.:% \t\n-+";

/// A random string of one of seven shapes: lossy UTF-8 from random bytes, random ASCII,
/// address characters, dotted numbers, colon-separated hex, any of those with a NUL inside,
/// or long (up to 10 KB).
fn random_string(rng: &mut fastrand::Rng) -> String {
    let address_like = |rng: &mut fastrand::Rng, lengths: std::ops::RangeInclusive<usize>| {
        (0..rng.usize(lengths))
            .map(|_| char::from(ADDRESS_CHARS[rng.usize(..ADDRESS_CHARS.len())]))
            .collect::<String>()
    };
    match rng.u8(..100) {
        0..=24 => {
            let raw: Vec<u8> = (0..rng.usize(0..=48)).map(|_| rng.u8(..)).collect();
            String::from_utf8_lossy(&raw).into_owned()
        }
        25..=39 => (0..rng.usize(0..=48))
            .map(|_| char::from(rng.u8(..128)))
            .collect(),
        40..=64 => address_like(rng, 0..=45),
        65..=74 => dotted(rng),
        75..=84 => colon_hex(rng),
        85..=97 => {
            let mut s = match rng.u8(..3) {
                0 => dotted(rng),
                1 => colon_hex(rng),
                _ => address_like(rng, 0..=20),
            };
            let at = rng.usize(0..=s.len());
            s.insert(at, '\0');
            s
        }
        _ => {
            if rng.bool() {
                address_like(rng, 64..=10_240)
            } else {
                (0..rng.usize(64..=10_240))
                    .map(|_| char::from(rng.u8(..128)))
                    .collect()
            }
        }
    }
}

/// One to five dotted numbers, now and then in hex or octal or with a stray character: the
/// near misses of a dotted quad.
fn dotted(rng: &mut fastrand::Rng) -> String {
    let parts: Vec<String> = (0..rng.usize(1..=5))
        .map(|_| {
            let n = if rng.bool() {
                rng.u32(..=255)
            } else {
                rng.u32(..)
            };
            match rng.u8(..10) {
                0 => format!("0x{n:x}"),
                1 => format!("0{n:o}"),
                2 => format!("0{n}"),
                3 => format!("{n} "),
                _ => (n % 300).to_string(),
            }
        })
        .collect();
    parts.join(".")
}

/// Colon-separated hex groups, with a `::` or a dotted tail now and then.
fn colon_hex(rng: &mut fastrand::Rng) -> String {
    let mut groups: Vec<String> = (0..rng.usize(0..=9))
        .map(|_| {
            let digits = rng.usize(0..=5);
            (0..digits)
                .map(|_| char::from(b"0123456789abcdefABCDEF"[rng.usize(..22)]))
                .collect()
        })
        .collect();
    if rng.bool() && !groups.is_empty() {
        let at = rng.usize(..groups.len());
        groups[at] = String::new();
    }
    if rng.u8(..4) == 0 {
        groups.push(dotted(rng));
    }
    groups.join(":")
}

/// A random address family: the two real ones, a few others, and any i32.
fn random_family(rng: &mut fastrand::Rng) -> i32 {
    match rng.u8(..10) {
        0..=2 => AF_INET,
        3..=5 => AF_INET6,
        6 => {
            const OTHERS: [i32; 8] = [0, AF_UNIX, -1, i32::MIN, i32::MAX, 3, 9, 11];
            OTHERS[rng.usize(..OTHERS.len())]
        }
        _ => rng.i32(..),
    }
}

/// `VmHWM` of this process (the peak resident set) in bytes.
fn peak_resident_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status.lines().find(|line| line.starts_with("VmHWM:"));
    let kib = line.and_then(|line| line.split_whitespace().nth(1)?.parse::<u64>().ok());
    kib.expect("VmHWM in /proc/self/status") * 1024
}

/// The four kinds of connected socket the receive tests use.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Tcp,
    Udp,
    UnixStream,
    UnixDgram,
}

const KINDS: [Kind; 4] = [Kind::Tcp, Kind::Udp, Kind::UnixStream, Kind::UnixDgram];

impl Kind {
    fn is_stream(self) -> bool {
        matches!(self, Kind::Tcp | Kind::UnixStream)
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Tcp => "tcp",
            Kind::Udp => "udp",
            Kind::UnixStream => "unix_stream",
            Kind::UnixDgram => "unix_dgram",
        }
    }

    /// A connected pair `(rx, tx)` on loopback; UDP sockets are connected to each other.
    fn pair(self) -> (Socket, Socket) {
        match self {
            Kind::Tcp => {
                let server = create_server(("127.0.0.1", 0), AF_INET, None, false, false).unwrap();
                let tx = create_connection(server.getsockname().unwrap(), None, None).unwrap();
                let (rx, _) = server.accept().unwrap();
                (rx, tx)
            }
            Kind::Udp => {
                let rx = Socket::new(AF_INET, SOCK_DGRAM, 0).unwrap();
                let tx = Socket::new(AF_INET, SOCK_DGRAM, 0).unwrap();
                rx.bind(("127.0.0.1", 0)).unwrap();
                tx.bind(("127.0.0.1", 0)).unwrap();
                rx.connect(tx.getsockname().unwrap()).unwrap();
                tx.connect(rx.getsockname().unwrap()).unwrap();
                (rx, tx)
            }
            Kind::UnixStream => socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap(),
            Kind::UnixDgram => socketpair(AF_UNIX, SOCK_DGRAM, 0).unwrap(),
        }
    }

    /// A pair with `data` queued on `rx` (already arrived: a blocking peek waits for it).
    fn pair_with(self, data: &[u8]) -> (Socket, Socket) {
        let (rx, tx) = self.pair();
        tx.sendall(data).unwrap();
        let peeked = rx
            .with_timeout(Some(5.0))
            .with_flags(MSG_PEEK)
            .recv(data.len());
        assert_eq!(peeked.unwrap(), data, "{self:?}: the queued data arrived");
        (rx, tx)
    }
}

// ---------------------------------------------------------------------------------------------
// Address text and packed bytes

#[test]
fn random_strings_into_inet_aton_and_inet_pton_give_ok_or_python_errors() {
    let counts = within(300.0, || {
        let mut rng = fastrand::Rng::with_seed(0xad_d2e5);
        let (mut parsed, mut refused) = ([0usize; 3], 0usize);
        for case in 0..STRING_CASES {
            let s = random_string(&mut rng);
            let family = random_family(&mut rng);
            let context = format!("case {case}: {s:?}");
            let has_nul = s.contains('\0');
            let nul = |e: &Error, what: &str| {
                assert_error(
                    e,
                    Exception::ValueError,
                    None,
                    "embedded null character",
                    &format!("{what} {context}"),
                );
            };

            match socket::inet_aton(&s) {
                Ok(packed) => {
                    assert!(!has_nul, "{context}: a NUL passed");
                    let text = socket::inet_ntoa(&packed).unwrap();
                    assert_eq!(socket::inet_aton(&text).unwrap(), packed, "{context}");
                    parsed[0] += 1;
                }
                Err(e) if has_nul => nul(&e, "inet_aton"),
                Err(e) => {
                    let text = "illegal IP address string passed to inet_aton";
                    assert_error(&e, Exception::OSError, None, text, &context);
                    refused += 1;
                }
            }

            // AF_INET's inet_pton is the strict dotted quad, as Rust's own parser.
            let v4 = socket::inet_pton(AF_INET, &s);
            match &v4 {
                Err(e) if has_nul => nul(e, "inet_pton(AF_INET)"),
                Ok(packed) => {
                    let std_v4 = s.parse::<Ipv4Addr>().map(|ip| ip.octets().to_vec());
                    assert_eq!(Ok(packed), std_v4.as_ref(), "inet_pton(AF_INET) {context}");
                    parsed[1] += 1;
                }
                Err(e) => {
                    assert!(
                        s.parse::<Ipv4Addr>().is_err(),
                        "inet_pton(AF_INET) {context}"
                    );
                    let text = "illegal IP address string passed to inet_pton";
                    assert_error(e, Exception::OSError, None, text, &context);
                    refused += 1;
                }
            }

            let v6 = socket::inet_pton(AF_INET6, &s);
            match &v6 {
                Err(e) if has_nul => nul(e, "inet_pton(AF_INET6)"),
                Ok(packed) => {
                    assert_eq!(packed.len(), 16, "{context}");
                    let text = socket::inet_ntop(AF_INET6, packed).unwrap();
                    let again = socket::inet_pton(AF_INET6, &text).unwrap();
                    assert_eq!(&again, packed, "{context}");
                    parsed[2] += 1;
                }
                Err(e) => {
                    let text = "illegal IP address string passed to inet_pton";
                    assert_error(e, Exception::OSError, None, text, &context);
                    refused += 1;
                }
            }

            // Any family: the NUL check first, as Python's argument parser, then C's answer.
            let any = socket::inet_pton(family, &s);
            match (family, any) {
                (_, Err(e)) if has_nul => nul(&e, "inet_pton(family)"),
                (AF_INET, any) => assert_eq!(any, v4, "{context}"),
                (AF_INET6, any) => assert_eq!(any, v6, "{context}"),
                (_, any) => {
                    let e = any.expect_err("no other family parses");
                    let text = "[Errno 97] Address family not supported by protocol";
                    let errno = Some(libc::EAFNOSUPPORT);
                    assert_error(&e, Exception::OSError, errno, text, &context);
                }
            }
        }
        (parsed, refused)
    });
    let ([aton, v4, v6], refused) = counts;
    println!(
        "inet_aton/inet_pton: {STRING_CASES} random strings, {} calls; parsed and \
         round-tripped: inet_aton {aton}, inet_pton(AF_INET) {v4}, inet_pton(AF_INET6) {v6}; \
         {refused} refused as illegal; the rest other errors",
        STRING_CASES * 4,
    );
}

#[test]
fn random_strings_parse_as_python_parses_them() {
    let mut rng = fastrand::Rng::with_seed(0xad_d2e5);
    let mut table = Parity::new("random strings into inet_aton/inet_pton");
    for case in 0..STRING_CASES {
        let s = random_string(&mut rng);
        let family = random_family(&mut rng);
        if case % PARITY_EVERY != 0 {
            continue;
        }
        let packed = |r: socket::Result<Vec<u8>>| r.map(|p| bytes(&p));
        table.case(
            "inet_aton",
            json!([s]),
            packed(socket::inet_aton(&s).map(|p| p.to_vec())),
        );
        for family in [AF_INET, AF_INET6, family] {
            let ours = packed(socket::inet_pton(family, &s));
            table.case("inet_pton", json!([family, s]), ours);
        }
    }
    table.check();
}

#[test]
fn random_bytes_into_inet_ntoa_and_inet_ntop_give_exact_answers() {
    let cases = within(300.0, || {
        let mut rng = fastrand::Rng::with_seed(0x7e_a70b);
        for case in 0..STRING_CASES {
            let len = if rng.u8(..100) == 0 {
                rng.usize(..2000)
            } else {
                rng.usize(0..=20)
            };
            let packed: Vec<u8> = (0..len).map(|_| rng.u8(..)).collect();
            let family = random_family(&mut rng);
            let context = format!("case {case}: family {family}, {packed:?}");

            match (socket::inet_ntoa(&packed), <[u8; 4]>::try_from(&packed[..])) {
                (Ok(text), Ok(four)) => assert_eq!(text, Ipv4Addr::from(four).to_string()),
                (Err(e), Err(_)) => {
                    let text = "packed IP wrong length for inet_ntoa";
                    assert_error(&e, Exception::OSError, None, text, &context);
                }
                (other, _) => panic!("inet_ntoa {context}: {other:?}"),
            }

            let ntop = socket::inet_ntop(family, &packed);
            match (family, packed.len(), ntop) {
                (AF_INET, 4, Ok(text)) => {
                    assert_eq!(text.parse::<Ipv4Addr>().unwrap().octets()[..], packed[..]);
                }
                (AF_INET6, 16, Ok(text)) => {
                    assert_eq!(socket::inet_pton(AF_INET6, &text).unwrap(), packed);
                    let std = text.parse::<Ipv6Addr>().unwrap();
                    assert_eq!(std.octets()[..], packed[..], "{context}: {text}");
                }
                (AF_INET | AF_INET6, _, Err(e)) => {
                    let text = "invalid length of packed IP address string";
                    assert_error(&e, Exception::ValueError, None, text, &context);
                }
                (_, _, Err(e)) => {
                    let text = format!("unknown address family {family}");
                    assert_error(&e, Exception::ValueError, None, &text, &context);
                }
                (_, _, Ok(text)) => panic!("inet_ntop {context}: Ok({text:?})"),
            }
        }
        STRING_CASES * 2
    });
    println!("inet_ntoa/inet_ntop: {cases} calls on random bytes");
}

// ---------------------------------------------------------------------------------------------
// Absurd sizes

const ISIZE_MAX: usize = isize::MAX as usize;
const TIB: usize = 1 << 40;
const EIB_4: usize = 1 << 62;

/// Sizes that no buffer can have, or should have.
const ABSURD_SIZES: [usize; 6] = [0, 1, usize::MAX, ISIZE_MAX, TIB, EIB_4];

#[test]
fn absurd_recv_sizes_give_data_or_memory_error() {
    let cases = within(60.0, || {
        let mut cases = 0;
        for kind in KINDS {
            for from in [false, true] {
                for size in ABSURD_SIZES {
                    let (rx, tx) = kind.pair_with(b"hello");
                    rx.settimeout(Some(2.0)).unwrap();
                    let context =
                        format!("{kind:?} recv{}({size})", if from { "from" } else { "" });
                    let result = if from {
                        rx.recvfrom(size).map(|(data, address)| {
                            let expected = match kind {
                                Kind::Tcp => Address::None,
                                Kind::Udp => tx.getsockname().unwrap(),
                                Kind::UnixStream | Kind::UnixDgram => {
                                    // An unbound peer: Python shows None.
                                    Address::None
                                }
                            };
                            assert_eq!(address, expected, "{context}");
                            data
                        })
                    } else {
                        rx.recv(size)
                    };
                    cases += 1;
                    let rest = match (size, result) {
                        (0, Ok(data)) => {
                            assert_eq!(data, b"", "{context}");
                            &b"hello"[..]
                        }
                        (1, Ok(data)) => {
                            assert_eq!(data, b"h", "{context}");
                            &b"ello"[..]
                        }
                        // Sizes that are no allocation: Python's MemoryError, nothing received.
                        (usize::MAX | ISIZE_MAX | EIB_4, Err(e)) => {
                            assert_error(&e, Exception::MemoryError, None, "", &context);
                            assert_eq!(format!("{e:?}"), "MemoryError: ");
                            &b"hello"[..]
                        }
                        // A terabyte may or may not be reserved; it is never touched.
                        (TIB, Ok(data)) => {
                            println!("{context}: Ok (reserved, not touched)");
                            assert_eq!(data, b"hello", "{context}");
                            &b""[..]
                        }
                        (TIB, Err(e)) => {
                            println!("{context}: MemoryError");
                            assert_error(&e, Exception::MemoryError, None, "", &context);
                            &b"hello"[..]
                        }
                        (_, other) => panic!("{context}: {other:?}"),
                    };
                    // What is left on a stream is exactly what was not taken.
                    if kind.is_stream() && !rest.is_empty() {
                        assert_eq!(rx.recv(16).unwrap(), rest, "{context}: the rest");
                    }
                }
            }
        }
        cases
    });
    println!("absurd sizes: {cases} recv/recvfrom calls");
}

#[test]
fn recv_of_16_gib_on_a_few_bytes_returns_them_without_touching_16_gib() {
    within(60.0, || {
        for kind in KINDS {
            let (rx, _tx) = kind.pair_with(b"a few bytes");
            let before = peak_resident_bytes();
            let result = rx.recv(1 << 34);
            let after = peak_resident_bytes();
            let grown = after.saturating_sub(before);
            println!(
                "{kind:?} recv(1 << 34): {:?}, peak resident set grew by {grown} bytes",
                result.as_ref().map(Vec::len)
            );
            assert!(
                grown < 256 << 20,
                "{kind:?}: recv(1 << 34) raised the peak resident set by {grown} bytes"
            );
            match result {
                Ok(data) => {
                    assert_eq!(data, b"a few bytes", "{kind:?}");
                    // The Vec gave back what it did not use.
                    assert!(
                        data.capacity() < 4096,
                        "{kind:?}: capacity {}",
                        data.capacity()
                    );
                }
                Err(e) => {
                    assert_error(&e, Exception::MemoryError, None, "", &format!("{kind:?}"));
                    assert_eq!(rx.recv(64).unwrap(), b"a few bytes");
                }
            }
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Random flags

/// The known `MSG_*` bits, for flags that are random but plausible.
const KNOWN_FLAGS: [i32; 12] = [
    MSG_OOB,
    MSG_PEEK,
    MSG_DONTROUTE,
    MSG_TRUNC,
    MSG_DONTWAIT,
    MSG_EOR,
    MSG_WAITALL,
    MSG_CONFIRM,
    MSG_ERRQUEUE,
    MSG_NOSIGNAL,
    MSG_MORE,
    MSG_CMSG_CLOEXEC,
];

/// Flags worth trying on their own.
const SPECIAL_FLAGS: [i32; 11] = [
    0,
    -1,
    i32::MIN,
    i32::MAX,
    MSG_OOB,
    MSG_TRUNC | MSG_PEEK,
    MSG_PEEK,
    MSG_TRUNC,
    MSG_WAITALL,
    MSG_ERRQUEUE,
    MSG_OOB | MSG_PEEK,
];

fn random_flags(rng: &mut fastrand::Rng) -> i32 {
    match rng.u8(..3) {
        0 => SPECIAL_FLAGS[rng.usize(..SPECIAL_FLAGS.len())],
        1 => KNOWN_FLAGS
            .iter()
            .filter(|_| rng.u8(..4) == 0)
            .fold(0, |acc, flag| acc | flag),
        _ => rng.i32(..),
    }
}

/// One receive or send with `flags` on `rx`: the count it reports and the buffer length it had,
/// or the error.
fn flagged_call(
    kind: Kind,
    rx: &Socket,
    tx: &Socket,
    op: u8,
    flags: i32,
    deadline: Option<f64>,
) -> Result<(usize, usize), Error> {
    let call = match deadline {
        Some(seconds) => rx.with_timeout(Some(seconds)).with_flags(flags),
        None => rx.with_flags(flags),
    };
    let size = 7;
    match op {
        0 => call.recv(size).map(|data| (data.len(), size)),
        1 => {
            let mut buffer = [0u8; 7];
            call.recv_into(&mut buffer).map(|n| (n, size))
        }
        2 => call.recvfrom(size).map(|(data, _)| (data.len(), size)),
        3 => {
            let mut buffer = [0u8; 7];
            call.recvfrom_into(&mut buffer).map(|(n, _)| (n, size))
        }
        4 => call.send(b"flagged").map(|n| (n, 7)),
        _ => {
            let to = match kind {
                Kind::Tcp | Kind::Udp => tx.getsockname().unwrap(),
                // A socketpair's peer has no name: the sendto fails, as it does in Python.
                Kind::UnixStream | Kind::UnixDgram => Address::from("/nonexistent/pynet.sock"),
            };
            call.sendto(b"flagged", to).map(|n| (n, 7))
        }
    }
}

#[test]
fn random_flags_on_sockets_with_queued_data_return_without_panic_or_hang() {
    let (cases, ok) = within(120.0, || {
        let mut rng = fastrand::Rng::with_seed(0xf1a9);
        let (mut cases, mut ok) = (0usize, 0usize);
        for kind in KINDS {
            let nonblocking_pair = || {
                let (rx, tx) = kind.pair();
                rx.setblocking(false).unwrap();
                tx.setblocking(false).unwrap();
                (rx, tx)
            };
            let (mut rx, mut tx) = nonblocking_pair();
            for case in 0..3000 {
                // Now and then a fresh pair, as random flags may have shut or jammed the old.
                if case > 0 && case % 500 == 0 {
                    (rx, tx) = nonblocking_pair();
                }
                // Keep data queued for rx, and keep tx's own queue from filling up.
                let _ = tx.send(b"queued data");
                let _ = tx.recv(65536);
                let flags = random_flags(&mut rng);
                let op = rng.u8(..6);
                // A few calls carry a short deadline instead of the non-blocking mode.
                let deadline = (case % 150 == 0).then_some(0.05);
                let context = format!("{kind:?} op {op} flags {flags:#x} deadline {deadline:?}");
                match flagged_call(kind, &rx, &tx, op, flags, deadline) {
                    Ok((n, size)) => {
                        // recv_into and recvfrom_into with MSG_TRUNC on a datagram report its
                        // real length, as Python's do; recv and recvfrom return what fitted.
                        let truncating = flags & MSG_TRUNC != 0 && matches!(op, 1 | 3);
                        assert!(n <= size || truncating, "{context}: {n} of {size}");
                        ok += 1;
                    }
                    Err(e) => assert_system_error(&e, &context),
                }
                cases += 1;
            }
        }
        (cases, ok)
    });
    println!("random flags: {cases} calls returned ({ok} Ok, the rest errors)");
}

/// Python's answers for one flags case, run on fresh sockets as the Rust side does.
const PY_FLAGS: &str = r#"
import json, socket, sys

def pair(kind):
    if kind == "tcp":
        server = socket.create_server(("127.0.0.1", 0))
        tx = socket.create_connection(server.getsockname())
        rx, _ = server.accept()
        server.close()
    elif kind == "udp":
        rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        tx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        rx.bind(("127.0.0.1", 0)); tx.bind(("127.0.0.1", 0))
        rx.connect(tx.getsockname()); tx.connect(rx.getsockname())
    else:
        rx, tx = socket.socketpair(socket.AF_UNIX,
            socket.SOCK_STREAM if kind == "unix_stream" else socket.SOCK_DGRAM)
    tx.sendall(b"queued data")
    rx.settimeout(5.0)
    rx.recv(64, socket.MSG_PEEK)
    rx.setblocking(False)
    tx.setblocking(False)
    return rx, tx

def outcome(f, stream_trunc, limit=None):
    try:
        value = f()
    except Exception as e:
        return {"exc": type(e).__name__, "msg": str(e)}
    if isinstance(value, tuple):
        value = value[0]
    if isinstance(value, int):
        return {"ok": value}
    if stream_trunc:
        return {"ok": len(value)}
    # With MSG_TRUNC, CPython's recv returns a datagram's full length, the bytes past the
    # buffer being ones the kernel never wrote; pynet returns what fitted. Compare those.
    return {"ok": value[:limit].hex()}

answers = []
for kind, op, flags in json.loads(sys.stdin.read()):
    rx, tx = pair(kind)
    trunc = kind in ("tcp", "unix_stream") and flags & socket.MSG_TRUNC != 0
    if op == "recv":
        first = outcome(lambda: rx.recv(7, flags), trunc, 7)
    elif op == "recv_into":
        first = outcome(lambda: rx.recv_into(bytearray(7), 7, flags), trunc, 7)
    elif op == "recvfrom":
        first = outcome(lambda: rx.recvfrom(7, flags), trunc, 7)
    else:
        first = outcome(lambda: rx.send(b"flagged", flags), trunc, 7)
    rest = outcome(lambda: rx.recv(64), False)
    answers.append([first, rest])
    rx.close(); tx.close()
print(json.dumps(answers))
"#;

/// pynet's answer in the shape the script prints.
fn flags_outcome<T>(result: Result<T, Error>, shown: impl FnOnce(T) -> Value) -> Value {
    match result {
        Ok(value) => json!({ "ok": shown(value) }),
        Err(e) => json!({ "exc": e.exception().name(), "msg": e.to_string() }),
    }
}

#[test]
fn special_flags_give_python_results() {
    let ops = ["recv", "recv_into", "recvfrom", "send"];
    let mut cases = Vec::new();
    for kind in KINDS {
        for op in ops {
            for flags in SPECIAL_FLAGS {
                cases.push((kind, op, flags));
            }
        }
    }
    let ours: Vec<Value> = within(60.0, {
        let cases = cases.clone();
        move || {
            let mut answers = Vec::new();
            for (kind, op, flags) in cases {
                let (rx, tx) = kind.pair_with(b"queued data");
                rx.setblocking(false).unwrap();
                tx.setblocking(false).unwrap();
                // Bytes a stream discards under MSG_TRUNC are never written: only the count
                // is meaningful. (A datagram gives what fitted: see the script.)
                let trunc = kind.is_stream() && flags & MSG_TRUNC != 0;
                let data = |data: Vec<u8>| -> Value {
                    if trunc {
                        json!(data.len())
                    } else {
                        json!(data.iter().map(|b| format!("{b:02x}")).collect::<String>())
                    }
                };
                let call = rx.with_flags(flags);
                let first = match op {
                    "recv" => flags_outcome(call.recv(7), data),
                    "recv_into" => {
                        let mut buffer = [0u8; 7];
                        flags_outcome(call.recv_into(&mut buffer), |n| json!(n))
                    }
                    "recvfrom" => flags_outcome(call.recvfrom(7), |(d, _)| data(d)),
                    _ => flags_outcome(call.send(b"flagged"), |n| json!(n)),
                };
                let rest = flags_outcome(rx.recv(64), |d| {
                    json!(d.iter().map(|b| format!("{b:02x}")).collect::<String>())
                });
                answers.push(json!([first, rest]));
                drop((rx, tx));
            }
            answers
        }
    });
    let input: Vec<Value> = cases
        .iter()
        .map(|(kind, op, flags)| json!([kind.name(), op, flags]))
        .collect();
    let theirs: Vec<Value> = within(120.0, move || {
        use std::io::Write;
        let mut child = python3()
            .arg("-c")
            .arg(PY_FLAGS)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 must be installed: it is the oracle of these tests");
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(Value::from(input).to_string().as_bytes())
            .unwrap();
        drop(stdin);
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "the flags script failed");
        serde_json::from_slice(&output.stdout).unwrap()
    });
    assert_eq!(ours.len(), theirs.len());
    let differences: Vec<String> = cases
        .iter()
        .zip(ours.iter().zip(&theirs))
        .filter(|(_, (ours, theirs))| ours != theirs)
        .map(|((kind, op, flags), (ours, theirs))| {
            format!("{kind:?} {op} flags {flags:#x}\n    pynet:  {ours}\n    python: {theirs}")
        })
        .collect();
    println!(
        "special flags: {} cases compared with Python, {} equal",
        cases.len(),
        cases.len() - differences.len()
    );
    assert!(
        differences.is_empty(),
        "{} of {} flag cases differ from Python:\n{}",
        differences.len(),
        cases.len(),
        differences.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// shutdown

#[test]
fn random_how_into_shutdown_is_ok_or_invalid_argument() {
    let cases = within(60.0, || {
        let mut rng = fastrand::Rng::with_seed(0x5407);
        let mut cases = 0;
        for kind in KINDS {
            let (rx, _tx) = kind.pair();
            let fresh = Socket::new(AF_INET, SOCK_STREAM, 0).unwrap();
            for case in 0..2000 {
                let how = match case {
                    0..=2 => case,
                    3 => -1,
                    4 => i32::MIN,
                    5 => i32::MAX,
                    6 => 3,
                    _ if rng.bool() => rng.i32(-4..8),
                    _ => rng.i32(..),
                };
                let context = format!("{kind:?} shutdown({how})");
                match (how, rx.shutdown(how)) {
                    (0..=2, Ok(())) => {}
                    (0..=2, Err(e)) => panic!("{context}: {e:?}"),
                    (_, Ok(())) => panic!("{context} succeeded"),
                    (_, Err(e)) => {
                        let text = "[Errno 22] Invalid argument";
                        assert_error(&e, Exception::OSError, Some(libc::EINVAL), text, &context);
                    }
                }
                // An unconnected TCP socket: a valid `how` is "not connected".
                match (how, fresh.shutdown(how)) {
                    (0..=2, Err(e)) => {
                        let text = "[Errno 107] Transport endpoint is not connected";
                        assert_error(&e, Exception::OSError, Some(libc::ENOTCONN), text, &context);
                    }
                    (_, Err(e)) => {
                        let text = "[Errno 22] Invalid argument";
                        assert_error(&e, Exception::OSError, Some(libc::EINVAL), text, &context);
                    }
                    (_, Ok(())) => panic!("unconnected {context} succeeded"),
                }
                cases += 2;
            }
        }
        cases
    });
    println!("shutdown: {cases} calls with random how");
}

// ---------------------------------------------------------------------------------------------
// Socket options

/// Options left out of the random ones: joining a multicast group could send a report off
/// this machine, and a test stays on loopback.
const NO_RANDOM: [(i32, i32); 8] = [
    (IPPROTO_IP, libc::IP_ADD_MEMBERSHIP),
    (IPPROTO_IP, libc::IP_ADD_SOURCE_MEMBERSHIP),
    (IPPROTO_IP, libc::MCAST_JOIN_GROUP),
    (IPPROTO_IP, libc::MCAST_JOIN_SOURCE_GROUP),
    (IPPROTO_IPV6, libc::IPV6_ADD_MEMBERSHIP),
    (IPPROTO_IPV6, libc::MCAST_JOIN_GROUP),
    (IPPROTO_IPV6, libc::MCAST_JOIN_SOURCE_GROUP),
    (IPPROTO_IPV6, libc::IPV6_JOIN_ANYCAST),
];

fn random_level(rng: &mut fastrand::Rng) -> i32 {
    const LEVELS: [i32; 9] = [
        SOL_SOCKET,
        IPPROTO_IP,
        IPPROTO_IPV6,
        IPPROTO_TCP,
        IPPROTO_UDP,
        -1,
        i32::MIN,
        i32::MAX,
        255,
    ];
    if rng.u8(..5) == 0 {
        rng.i32(..)
    } else {
        LEVELS[rng.usize(..LEVELS.len())]
    }
}

fn random_optname(rng: &mut fastrand::Rng) -> i32 {
    if rng.u8(..8) == 0 {
        rng.i32(..)
    } else {
        rng.i32(-1..100)
    }
}

/// Fresh sockets of every kind the options go into.
fn option_sockets() -> Vec<Socket> {
    let mut sockets = vec![
        Socket::new(AF_INET, SOCK_STREAM, 0).unwrap(),
        Socket::new(AF_INET, SOCK_DGRAM, 0).unwrap(),
        Socket::new(AF_UNIX, SOCK_STREAM, 0).unwrap(),
        Socket::new(AF_UNIX, SOCK_DGRAM, 0).unwrap(),
    ];
    if ipv6_loopback("random options on AF_INET6") {
        sockets.push(Socket::new(AF_INET6, SOCK_STREAM, 0).unwrap());
    }
    sockets
}

#[test]
fn random_socket_options_return_ok_or_system_errors() {
    let (cases, ok) = within(120.0, || {
        let mut rng = fastrand::Rng::with_seed(0x0b7);
        let (mut cases, mut ok) = (0usize, 0usize);
        let mut sockets = option_sockets();
        for case in 0..30_000 {
            if case % 1000 == 0 {
                sockets = option_sockets();
            }
            let s = &sockets[rng.usize(..sockets.len())];
            let level = random_level(&mut rng);
            let optname = random_optname(&mut rng);
            if NO_RANDOM.contains(&(level, optname)) {
                continue;
            }
            let context = format!("{s:?} level {level} option {optname}");
            let result = match rng.u8(..5) {
                0 => s.setsockopt(level, optname, rng.i32(..)).map(|()| 0),
                1 => s.setsockopt(level, optname, rng.bool()).map(|()| 0),
                2 => {
                    let len = if rng.u8(..10) == 0 {
                        rng.usize(..4096)
                    } else {
                        rng.usize(..=64)
                    };
                    let value: Vec<u8> = (0..len).map(|_| rng.u8(..)).collect();
                    s.setsockopt(level, optname, value).map(|()| 0)
                }
                3 => s.getsockopt(level, optname).map(|_| 0),
                _ => {
                    let buflen = match rng.u8(..10) {
                        0 => 0,
                        1 => rng.usize(1025..1 << 20),
                        2 => usize::MAX,
                        _ => rng.usize(1..=1024),
                    };
                    match s.getsockopt_bytes(level, optname, buflen) {
                        Ok(value) => {
                            assert!(value.len() <= buflen, "{context}: {buflen}");
                            Ok(value.len())
                        }
                        Err(e) if buflen == 0 || buflen > 1024 => {
                            let text = "getsockopt buflen out of range";
                            assert_error(&e, Exception::OSError, None, text, &context);
                            Ok(0)
                        }
                        Err(e) => Err(e),
                    }
                }
            };
            match result {
                Ok(_) => ok += 1,
                Err(e) => assert_system_error(&e, &context),
            }
            cases += 1;
        }
        (cases, ok)
    });
    println!("socket options: {cases} random setsockopt/getsockopt calls returned ({ok} Ok)");
}

#[test]
fn random_integer_options_match_python() {
    let mut rng = fastrand::Rng::with_seed(0x0b8);
    let mut table = Parity::new("random setsockopt/getsockopt");
    let kinds = [
        (AF_INET, SOCK_STREAM),
        (AF_INET, SOCK_DGRAM),
        (AF_UNIX, SOCK_STREAM),
    ];
    for _ in 0..1500 {
        let (family, type_) = kinds[rng.usize(..kinds.len())];
        let level = random_level(&mut rng);
        let optname = random_optname(&mut rng);
        // SO_COOKIE and SO_INCOMING_CPU differ from socket to socket; no two agree.
        let varies =
            level == SOL_SOCKET && (optname == libc::SO_COOKIE || optname == libc::SO_INCOMING_CPU);
        if varies || NO_RANDOM.contains(&(level, optname)) {
            continue;
        }
        let s = Socket::new(family, type_, 0).unwrap();
        if rng.bool() {
            let value = rng.i32(..);
            let ours = s
                .setsockopt(level, optname, value)
                .and_then(|()| s.getsockopt(level, optname).map(|v| json!(v)));
            table.case(
                "sock_setsockopt",
                json!([family, type_, level, optname, value]),
                ours,
            );
        } else {
            let buflen = if rng.bool() {
                None
            } else {
                Some(rng.usize(..=1100))
            };
            let ours = match buflen {
                None => s.getsockopt(level, optname).map(|v| json!(v)),
                Some(n) => s.getsockopt_bytes(level, optname, n).map(|v| bytes(&v)),
            };
            table.case(
                "sock_getsockopt",
                json!([family, type_, level, optname, buflen]),
                ours,
            );
        }
    }
    table.check();
}
