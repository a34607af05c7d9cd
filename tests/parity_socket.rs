//! Differential tests: making sockets and handing them addresses of every shape (`socket()`,
//! `bind`, `connect`, `sendto`), against CPython doing the same on a fresh socket.
//!
//! Each case runs here first and in Python afterwards, so the two never hold the same port or
//! abstract name at once.

mod util;

use pynet::socket::{
    AF_INET, AF_INET6, AF_NETLINK, AF_UNIX, Address, SOCK_CLOEXEC, SOCK_DGRAM, SOCK_NONBLOCK,
    SOCK_RAW, SOCK_SEQPACKET, SOCK_STREAM, Socket,
};
use serde_json::{Value, json};
use util::{Parity, bytes};

/// An address in both languages: Python's JSON shape and pynet's `Address`.
fn addr(python: Value, ours: impl Into<Address>) -> (Value, Address) {
    (python, ours.into())
}

/// Addresses of every shape a caller might pass, good and bad, for a port `port`.
fn addresses(port: u16) -> Vec<(Value, Address)> {
    let pid = std::process::id();
    let abstract_name = format!("\0pynet-parity-{pid}");
    vec![
        addr(json!(["127.0.0.1", port]), ("127.0.0.1", port)),
        addr(json!(["localhost", port]), ("localhost", port)),
        addr(json!(["127.1", port]), ("127.1", port)),
        addr(json!(["", port]), ("", port)),
        addr(json!(["<broadcast>", port]), ("<broadcast>", port)),
        addr(json!(["255.255.255.255", port]), ("255.255.255.255", port)),
        addr(json!(["::1", port]), ("::1", port)),
        addr(json!(["::1", port, 0, 0]), ("::1", port, 0, 0)),
        addr(json!(["::1", port, 0xfffff, 0]), ("::1", port, 0xfffff, 0)),
        addr(
            json!(["::1", port, 0x100000, 0]),
            ("::1", port, 0x100000, 0),
        ),
        addr(json!(["127.0.0.1", port, 0, 0]), ("127.0.0.1", port, 0, 0)),
        addr(
            json!(["::ffff:127.0.0.1", port]),
            ("::ffff:127.0.0.1", port),
        ),
        addr(json!(["a\0b", port]), ("a\0b", port)),
        addr(json!(["a..b", port]), ("a..b", port)),
        addr(json!(["1.2.3", port]), ("1.2.3", port)),
        addr(
            json!("/nonexistent-pynet-dir/sock"),
            "/nonexistent-pynet-dir/sock",
        ),
        addr(json!("x".repeat(120)), "x".repeat(120).as_str()),
        addr(json!(abstract_name), abstract_name.as_str()),
        addr(Value::Null, Address::None),
    ]
}

const FAMILIES: &[i32] = &[AF_INET, AF_INET6, AF_UNIX];
const KINDS: &[i32] = &[SOCK_STREAM, SOCK_DGRAM];

/// What `op` does on a fresh socket of `family` and `kind`, as the oracle's scenarios report
/// it: `None` on success, or the error.
fn on_fresh_socket(
    family: i32,
    kind: i32,
    op: impl FnOnce(&Socket) -> pynet::socket::Result<Value>,
) -> pynet::socket::Result<Value> {
    let s = Socket::new(family, kind, 0)?;
    op(&s)
}

#[test]
fn socket_constructor_matches_python() {
    let mut table = Parity::new("socket()");
    let families = [AF_INET, AF_INET6, AF_UNIX, AF_NETLINK, 0, 99, -1];
    let kinds = [
        SOCK_STREAM,
        SOCK_DGRAM,
        SOCK_SEQPACKET,
        SOCK_RAW,
        0,
        99,
        SOCK_STREAM | SOCK_NONBLOCK,
        SOCK_DGRAM | SOCK_CLOEXEC,
    ];
    for family in families {
        for kind in kinds {
            for proto in [0, 6, 17, 99, -1] {
                let ours = Socket::new(family, kind, proto)
                    .map(|s| json!([s.family(), s.type_(), s.proto(), s.gettimeout()]));
                table.case("sock_new", json!([family, kind, proto]), ours);
            }
        }
    }
    table.check();
}

#[test]
fn bind_matches_python_for_every_address_shape() {
    let mut table = Parity::new("bind");
    for family in FAMILIES {
        for kind in KINDS {
            for (python, address) in addresses(0) {
                let ours =
                    on_fresh_socket(*family, *kind, |s| s.bind(&address).map(|()| Value::Null));
                table.case("sock_bind", json!([family, kind, python]), ours);
            }
        }
    }
    table.check();
}

#[test]
fn connect_matches_python_for_every_address_shape() {
    // A port bound but never listening: connections to it are refused, and no other program
    // can take it while the table runs.
    let holder = Socket::new(AF_INET, SOCK_STREAM, 0).expect("socket");
    holder.bind(("127.0.0.1", 0)).expect("bind");
    let closed = holder.getsockname().expect("name").port().expect("port");
    let mut table = Parity::new("connect");
    for family in FAMILIES {
        for (python, address) in addresses(closed) {
            let ours = on_fresh_socket(*family, SOCK_STREAM, |s| {
                s.with_timeout(Some(5.0))
                    .connect(&address)
                    .map(|()| Value::Null)
            });
            table.case("sock_connect", json!([family, SOCK_STREAM, python]), ours);
        }
    }
    table.check();
}

#[test]
fn sendto_matches_python_for_every_address_shape() {
    // Datagrams go to a port held by a socket that never reads them.
    let sink = Socket::new(AF_INET, SOCK_DGRAM, 0).expect("socket");
    sink.bind(("127.0.0.1", 0)).expect("bind");
    let port = sink.getsockname().expect("name").port().expect("port");
    let mut table = Parity::new("sendto");
    for family in FAMILIES {
        for kind in KINDS {
            for (python, address) in addresses(port) {
                for data in [&b""[..], b"ping"] {
                    let ours = on_fresh_socket(*family, *kind, |s| {
                        s.sendto(data, &address).map(|n| json!(n))
                    });
                    let args = json!([family, kind, bytes(data), python]);
                    table.case("sock_sendto", args, ours);
                }
            }
        }
    }
    table.check();
}
