//! Socket options: `setsockopt`, `getsockopt` and `getsockopt_bytes`, value by value and
//! error by error against CPython's.

mod util;

use pynet::socket::{
    AF_INET, AF_INET6, AF_UNIX, Exception, IP_MULTICAST_LOOP, IP_MULTICAST_TTL, IP_TOS, IP_TTL,
    IPPROTO_IP, IPPROTO_IPV6, IPPROTO_TCP, IPV6_TCLASS, IPV6_UNICAST_HOPS, IPV6_V6ONLY,
    SO_ACCEPTCONN, SO_BROADCAST, SO_DOMAIN, SO_ERROR, SO_KEEPALIVE, SO_LINGER, SO_OOBINLINE,
    SO_PROTOCOL, SO_RCVBUF, SO_RCVLOWAT, SO_REUSEADDR, SO_REUSEPORT, SO_SNDBUF, SO_TYPE,
    SOCK_DGRAM, SOCK_STREAM, SOL_SOCKET, Socket, TCP_CORK, TCP_KEEPCNT, TCP_KEEPIDLE,
    TCP_KEEPINTVL, TCP_NODELAY, TCP_USER_TIMEOUT, constants,
};
use serde_json::{Value, json};
use util::{Parity, bytes, ipv6_loopback};

fn new_socket(family: i32, kind: i32) -> Socket {
    let s = Socket::new(family, kind, 0).expect("socket");
    s.settimeout(None).expect("settimeout");
    s
}

/// A packed `struct linger { int l_onoff; int l_linger; }`, Python's
/// `struct.pack("ii", onoff, seconds)`.
fn linger(onoff: i32, seconds: i32) -> Vec<u8> {
    [onoff.to_ne_bytes(), seconds.to_ne_bytes()].concat()
}

/// One test per option, as socket2's tests do it: on a fresh socket of `family` and `kind`,
/// each `set => get` pair is `setsockopt(level, name, set)` then `getsockopt(level, name)`
/// reading `get` (Linux's answers, which Python gives too).
macro_rules! round_trip {
    ($( $(#[$meta:meta])* $test:ident: $family:ident $kind:ident, $level:ident $name:ident,
        [$( $set:expr => $get:expr ),+ $(,)?]; )*) => {$(
        #[test]
        $(#[$meta])*
        fn $test() {
            if $family == AF_INET6 && !ipv6_loopback(stringify!($test)) {
                return;
            }
            let s = new_socket($family, $kind);
            $(
                s.setsockopt($level, $name, $set).expect(concat!("setsockopt ", stringify!($set)));
                assert_eq!(
                    s.getsockopt($level, $name).expect("getsockopt"),
                    $get,
                    concat!(stringify!($name), " set to ", stringify!($set))
                );
            )+
        }
    )*};
}

round_trip! {
    so_sndbuf_4096_reads_back_8192: AF_INET SOCK_STREAM, SOL_SOCKET SO_SNDBUF,
        [4096 => 8192, 65536 => 131072];
    so_rcvbuf_4096_reads_back_8192: AF_INET SOCK_STREAM, SOL_SOCKET SO_RCVBUF,
        [4096 => 8192, 65536 => 131072];
    so_reuseaddr_round_trips: AF_INET SOCK_STREAM, SOL_SOCKET SO_REUSEADDR,
        [1 => 1, 0 => 0, true => 1, false => 0];
    so_reuseport_round_trips: AF_INET SOCK_STREAM, SOL_SOCKET SO_REUSEPORT, [1 => 1, 0 => 0];
    so_keepalive_round_trips: AF_INET SOCK_STREAM, SOL_SOCKET SO_KEEPALIVE,
        [1 => 1, 0 => 0, true => 1];
    so_oobinline_round_trips: AF_INET SOCK_STREAM, SOL_SOCKET SO_OOBINLINE, [1 => 1, 0 => 0];
    so_rcvlowat_round_trips: AF_INET SOCK_STREAM, SOL_SOCKET SO_RCVLOWAT, [100 => 100, 1 => 1];
    so_broadcast_round_trips_on_udp: AF_INET SOCK_DGRAM, SOL_SOCKET SO_BROADCAST,
        [1 => 1, 0 => 0, true => 1];
    tcp_nodelay_round_trips: AF_INET SOCK_STREAM, IPPROTO_TCP TCP_NODELAY,
        [1 => 1, 0 => 0, true => 1, false => 0];
    tcp_nodelay_round_trips_on_ipv6: AF_INET6 SOCK_STREAM, IPPROTO_TCP TCP_NODELAY,
        [1 => 1, 0 => 0];
    tcp_cork_round_trips: AF_INET SOCK_STREAM, IPPROTO_TCP TCP_CORK, [1 => 1, 0 => 0];
    tcp_keepidle_round_trips: AF_INET SOCK_STREAM, IPPROTO_TCP TCP_KEEPIDLE,
        [30 => 30, 7200 => 7200, 1 => 1];
    tcp_keepintvl_round_trips: AF_INET SOCK_STREAM, IPPROTO_TCP TCP_KEEPINTVL,
        [75 => 75, 1 => 1];
    tcp_keepcnt_round_trips: AF_INET SOCK_STREAM, IPPROTO_TCP TCP_KEEPCNT, [9 => 9, 1 => 1];
    tcp_user_timeout_round_trips: AF_INET SOCK_STREAM, IPPROTO_TCP TCP_USER_TIMEOUT,
        [1000 => 1000, 0 => 0];
    ip_ttl_round_trips_and_minus_one_restores_the_default: AF_INET SOCK_STREAM, IPPROTO_IP IP_TTL,
        [1 => 1, 255 => 255, 32 => 32, -1 => 64];
    ip_ttl_round_trips_on_udp: AF_INET SOCK_DGRAM, IPPROTO_IP IP_TTL, [1 => 1, 128 => 128];
    ip_tos_round_trips: AF_INET SOCK_STREAM, IPPROTO_IP IP_TOS, [0x10 => 0x10, 0 => 0];
    ip_multicast_ttl_round_trips: AF_INET SOCK_DGRAM, IPPROTO_IP IP_MULTICAST_TTL,
        [32 => 32, 0 => 0, 1 => 1];
    ip_multicast_loop_round_trips: AF_INET SOCK_DGRAM, IPPROTO_IP IP_MULTICAST_LOOP,
        [0 => 0, 1 => 1];
    ipv6_v6only_round_trips: AF_INET6 SOCK_STREAM, IPPROTO_IPV6 IPV6_V6ONLY,
        [1 => 1, 0 => 0, true => 1, false => 0];
    ipv6_unicast_hops_round_trips: AF_INET6 SOCK_STREAM, IPPROTO_IPV6 IPV6_UNICAST_HOPS,
        [1 => 1, 255 => 255, -1 => 64];
    ipv6_tclass_round_trips: AF_INET6 SOCK_DGRAM, IPPROTO_IPV6 IPV6_TCLASS,
        [0x10 => 0x10, 0 => 0];
}

#[test]
fn ip_ttl_out_of_range_is_invalid_argument() {
    let s = new_socket(AF_INET, SOCK_STREAM);
    for value in [0, 256] {
        let e = s
            .setsockopt(IPPROTO_IP, IP_TTL, value)
            .expect_err("bad TTL");
        assert_eq!(e.to_string(), "[Errno 22] Invalid argument");
        assert_eq!(e.exception(), Exception::OSError);
        assert_eq!(e.errno(), Some(22));
    }
    assert_eq!(s.getsockopt(IPPROTO_IP, IP_TTL).expect("getsockopt"), 64);
}

#[test]
fn so_type_reads_the_socket_type() {
    for (family, kind) in [
        (AF_INET, SOCK_STREAM),
        (AF_INET, SOCK_DGRAM),
        (AF_UNIX, SOCK_STREAM),
        (AF_UNIX, SOCK_DGRAM),
    ] {
        let s = new_socket(family, kind);
        assert_eq!(s.getsockopt(SOL_SOCKET, SO_TYPE).expect("SO_TYPE"), kind);
        assert_eq!(
            s.getsockopt(SOL_SOCKET, SO_DOMAIN).expect("SO_DOMAIN"),
            family
        );
    }
    let tcp = new_socket(AF_INET, SOCK_STREAM);
    assert_eq!(
        tcp.getsockopt(SOL_SOCKET, SO_PROTOCOL)
            .expect("SO_PROTOCOL"),
        IPPROTO_TCP
    );
}

#[test]
fn so_error_reads_zero_on_a_fresh_socket() {
    for kind in [SOCK_STREAM, SOCK_DGRAM] {
        let s = new_socket(AF_INET, kind);
        assert_eq!(s.getsockopt(SOL_SOCKET, SO_ERROR).expect("SO_ERROR"), 0);
    }
}

#[test]
fn so_acceptconn_reads_one_after_listen() {
    let s = new_socket(AF_INET, SOCK_STREAM);
    assert_eq!(
        s.getsockopt(SOL_SOCKET, SO_ACCEPTCONN).expect("getsockopt"),
        0
    );
    s.bind(("127.0.0.1", 0)).expect("bind");
    s.listen(1).expect("listen");
    assert_eq!(
        s.getsockopt(SOL_SOCKET, SO_ACCEPTCONN).expect("getsockopt"),
        1
    );
}

#[test]
fn so_linger_reads_as_eight_zero_bytes_at_first() {
    let s = new_socket(AF_INET, SOCK_STREAM);
    assert_eq!(
        s.getsockopt_bytes(SOL_SOCKET, SO_LINGER, 8)
            .expect("getsockopt"),
        [0u8; 8]
    );
    assert_eq!(s.getsockopt(SOL_SOCKET, SO_LINGER).expect("getsockopt"), 0);
}

#[test]
fn so_linger_round_trips_a_packed_struct() {
    let s = new_socket(AF_INET, SOCK_STREAM);
    s.setsockopt(SOL_SOCKET, SO_LINGER, linger(1, 5))
        .expect("setsockopt");
    assert_eq!(
        s.getsockopt_bytes(SOL_SOCKET, SO_LINGER, 8)
            .expect("getsockopt"),
        linger(1, 5)
    );
    // The integer form reads l_onoff, as Python's does.
    assert_eq!(s.getsockopt(SOL_SOCKET, SO_LINGER).expect("getsockopt"), 1);
    // The slice and array forms go through the same bytes. Turning lingering off keeps the
    // old l_linger: Linux (and so Python) reads back {0, 5}.
    s.setsockopt(SOL_SOCKET, SO_LINGER, &linger(0, 0)[..])
        .expect("setsockopt");
    assert_eq!(
        s.getsockopt_bytes(SOL_SOCKET, SO_LINGER, 8)
            .expect("getsockopt"),
        linger(0, 5)
    );
    let packed: [u8; 8] = linger(1, 30).try_into().expect("8 bytes");
    s.setsockopt(SOL_SOCKET, SO_LINGER, &packed)
        .expect("setsockopt");
    assert_eq!(
        s.getsockopt_bytes(SOL_SOCKET, SO_LINGER, 8)
            .expect("getsockopt"),
        packed
    );
}

#[test]
fn so_linger_with_a_short_value_is_invalid_argument() {
    let s = new_socket(AF_INET, SOCK_STREAM);
    let e = s
        .setsockopt(SOL_SOCKET, SO_LINGER, &[1u8, 0, 0][..])
        .expect_err("three bytes are no struct linger");
    assert_eq!(e.to_string(), "[Errno 22] Invalid argument");
    assert_eq!(e.errno(), Some(22));
}

#[test]
fn getsockopt_bytes_returns_at_most_buflen_bytes() {
    let s = new_socket(AF_INET, SOCK_STREAM);
    let stream = SOCK_STREAM.to_ne_bytes();
    for (buflen, expected) in [(1, &stream[..1]), (4, &stream[..]), (1024, &stream[..])] {
        assert_eq!(
            s.getsockopt_bytes(SOL_SOCKET, SO_TYPE, buflen)
                .expect("getsockopt"),
            expected,
            "buflen {buflen}"
        );
    }
}

#[test]
fn getsockopt_bytes_buflen_out_of_range_fails_as_in_python() {
    // Python says this for a negative buflen and for one over 1024; its buflen 0 means the
    // integer form, which is pynet's `getsockopt`, so the bytes form has no length 0.
    let s = new_socket(AF_INET, SOCK_STREAM);
    for buflen in [0, 1025, 4096, usize::MAX] {
        let e = s
            .getsockopt_bytes(SOL_SOCKET, SO_TYPE, buflen)
            .expect_err("buflen out of range");
        assert_eq!(e.to_string(), "getsockopt buflen out of range");
        assert_eq!(e.exception(), Exception::OSError);
        assert_eq!(e.errno(), None);
    }
}

#[test]
fn unknown_options_and_levels_fail_with_errno() {
    let s = new_socket(AF_INET, SOCK_STREAM);
    for (level, name) in [(SOL_SOCKET, 9999), (IPPROTO_TCP, 9999), (IPPROTO_IP, 9999)] {
        for e in [
            s.setsockopt(level, name, 1).expect_err("set"),
            s.getsockopt(level, name).expect_err("get"),
        ] {
            assert_eq!(e.to_string(), "[Errno 92] Protocol not available");
            assert_eq!(e.exception(), Exception::OSError);
            assert_eq!(e.errno(), Some(92));
        }
    }
    let e = s.setsockopt(9999, 1, 1).expect_err("set at level 9999");
    assert_eq!(e.to_string(), "[Errno 92] Protocol not available");
}

// Parity with Python over a broad product of sockets, options and values.

const FAMILIES: [i32; 3] = [AF_INET, AF_INET6, AF_UNIX];
const KINDS: [i32; 2] = [SOCK_STREAM, SOCK_DGRAM];
const VALUES: [i32; 5] = [0, 1, 4096, -1, 65536];
const BOGUS: i32 = 9999;

/// Every `(level, option)` pair the constants name (SO_* at SOL_SOCKET, TCP_* at
/// IPPROTO_TCP, IP_* at IPPROTO_IP, IPV6_* at IPPROTO_IPV6), then bogus levels and options.
fn options() -> Vec<(String, i32, i32)> {
    let mut pairs: Vec<(String, i32, i32)> = Vec::new();
    for &(name, value) in constants() {
        let level = if name.starts_with("SO_") {
            SOL_SOCKET
        } else if name.starts_with("TCP_") {
            IPPROTO_TCP
        } else if name.starts_with("IPV6_") {
            IPPROTO_IPV6
        } else if name.starts_with("IP_") {
            IPPROTO_IP
        } else {
            continue;
        };
        let value = i32::try_from(value).expect("an option number fits an int");
        if !pairs.iter().any(|(_, l, v)| (*l, *v) == (level, value)) {
            pairs.push((name.to_string(), level, value));
        }
    }
    assert!(pairs.len() > 80, "only {} options", pairs.len());
    for level in [SOL_SOCKET, IPPROTO_TCP, IPPROTO_IP, IPPROTO_IPV6] {
        pairs.push(("bogus option".to_string(), level, BOGUS));
    }
    for name in [SO_REUSEADDR, TCP_NODELAY, IP_TTL, IPV6_V6ONLY, BOGUS] {
        pairs.push(("bogus level".to_string(), BOGUS, name));
    }
    pairs
}

fn as_json<T: Into<Value>>(result: pynet::socket::Result<T>) -> pynet::socket::Result<Value> {
    result.map(Into::into)
}

#[test]
fn setsockopt_then_getsockopt_matches_python() {
    let mut table = Parity::new("setsockopt");
    for family in FAMILIES {
        for kind in KINDS {
            for (_, level, name) in options() {
                for value in VALUES {
                    let ours = Socket::new(family, kind, 0).and_then(|s| {
                        s.setsockopt(level, name, value)?;
                        s.getsockopt(level, name)
                    });
                    table.case(
                        "sock_setsockopt",
                        json!([family, kind, level, name, value]),
                        as_json(ours),
                    );
                }
            }
        }
    }
    table.check();
}

#[test]
fn getsockopt_matches_python() {
    let mut table = Parity::new("getsockopt");
    for family in FAMILIES {
        for kind in KINDS {
            for (option, level, name) in options() {
                let ours = Socket::new(family, kind, 0).and_then(|s| s.getsockopt(level, name));
                table.case(
                    "sock_getsockopt",
                    json!([family, kind, level, name, null]),
                    as_json(ours),
                );
                // struct tcp_info holds clocks (tcpi_last_data_recv, ...) that move between
                // the two reads; its integer form (tcpi_state, ...) is compared above.
                if option == "TCP_INFO" {
                    continue;
                }
                let ours = Socket::new(family, kind, 0)
                    .and_then(|s| s.getsockopt_bytes(level, name, 64))
                    .map(|data| bytes(&data));
                table.case(
                    "sock_getsockopt",
                    json!([family, kind, level, name, 64]),
                    ours,
                );
            }
        }
    }
    table.check();
}

#[test]
fn getsockopt_buflen_matches_python() {
    let mut table = Parity::new("getsockopt buflen");
    let options = [
        (SOL_SOCKET, SO_TYPE),
        (SOL_SOCKET, SO_LINGER),
        (SOL_SOCKET, SO_RCVBUF),
        (IPPROTO_TCP, TCP_NODELAY),
    ];
    for (level, name) in options {
        for buflen in 1..=1025 {
            let ours = Socket::new(AF_INET, SOCK_STREAM, 0)
                .and_then(|s| s.getsockopt_bytes(level, name, buflen))
                .map(|data| bytes(&data));
            table.case(
                "sock_getsockopt",
                json!([AF_INET, SOCK_STREAM, level, name, buflen]),
                ours,
            );
        }
        // Python's buflen 0 is the integer form: pynet's getsockopt.
        let ours = Socket::new(AF_INET, SOCK_STREAM, 0).and_then(|s| s.getsockopt(level, name));
        table.case(
            "sock_getsockopt",
            json!([AF_INET, SOCK_STREAM, level, name, 0]),
            as_json(ours),
        );
    }
    table.check();
}
