//! Nothing is lost: 64 MiB of seeded random bytes go through `sendall` in odd chunk sizes and
//! come out of `recv` (or `recv_into`) in other odd sizes, byte for byte, over TCP and unix
//! sockets, blocking, with a socket timeout, and with a per-call deadline.

mod util;

use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use pynet::socket::{
    AF_INET, AF_UNIX, SHUT_WR, SOCK_STREAM, Socket, create_connection, create_server, socketpair,
};
use util::{random_bytes, within};

/// The size the issue asks for.
const TOTAL: usize = 64 << 20;

/// Chunk sizes for `sendall`, cycled: primes from 1 byte to just under 1 MiB, so that chunk
/// edges never line up with pages, socket buffers or receive sizes.
const SEND_SIZES: &[usize] = &[1, 7, 4093, 65521, 1048573, 3, 8191, 131071, 13, 524287];

/// Sizes for `recv(n)` and `recv_into`, cycled: other primes, none shared with `SEND_SIZES`.
const RECV_SIZES: &[usize] = &[65537, 1, 1021, 16381, 5, 262139, 2039, 1048583, 11, 32749];

/// Each transfer must finish within this many seconds (64 MiB takes about one in a debug
/// build on loopback).
const LIMIT: f64 = 120.0;

/// How the sender sends each chunk.
#[derive(Clone, Copy, Debug)]
enum Sending {
    /// `sock.sendall(chunk)`, under the socket's own timeout.
    Sendall,
    /// `sock.with_timeout(Some(30.0)).sendall(chunk)`: the per-call deadline path.
    SendallWithDeadline,
}

/// How the receiver takes the bytes.
#[derive(Clone, Copy, Debug)]
enum Receiving {
    /// `sock.recv(n)`.
    Recv,
    /// `sock.recv_into(&mut buffer[..n])`.
    RecvInto,
}

/// A connected TCP pair on 127.0.0.1: (client, server side).
fn tcp_pair() -> (Socket, Socket) {
    within(10.0, || {
        let server = create_server(("127.0.0.1", 0), AF_INET, None, false, false).unwrap();
        let client = create_connection(server.getsockname().unwrap(), Some(10.0), None).unwrap();
        client.settimeout(None).unwrap();
        let (conn, _) = server.accept().unwrap();
        (client, conn)
    })
}

/// Sends `data` from `sender` in `SEND_SIZES` chunks on one thread while `receiver` takes it
/// in `RECV_SIZES` pieces on this one, until the sender shuts its side; returns what arrived
/// and how long it took.
fn transfer(
    sender: Socket,
    receiver: Socket,
    data: Arc<Vec<u8>>,
    sending: Sending,
    receiving: Receiving,
) -> (Vec<u8>, Duration) {
    within(LIMIT, move || {
        let start = Instant::now();
        let total = data.len();
        let writer = thread::spawn(move || {
            let mut offset = 0;
            for &size in SEND_SIZES.iter().cycle() {
                if offset == data.len() {
                    break;
                }
                let chunk = &data[offset..data.len().min(offset + size)];
                match sending {
                    Sending::Sendall => sender.sendall(chunk),
                    Sending::SendallWithDeadline => sender.with_timeout(Some(30.0)).sendall(chunk),
                }
                .unwrap_or_else(|e| panic!("sendall at offset {offset}: {e:?}"));
                offset += chunk.len();
            }
            sender.shutdown(SHUT_WR).unwrap();
            sender
        });
        let mut received = Vec::with_capacity(total);
        let mut buffer = vec![0u8; RECV_SIZES.iter().copied().max().unwrap_or(1)];
        for &size in RECV_SIZES.iter().cycle() {
            let n = match receiving {
                Receiving::Recv => {
                    let piece = receiver.recv(size).unwrap_or_else(|e| {
                        panic!("recv({size}) at offset {}: {e:?}", received.len())
                    });
                    assert!(piece.len() <= size, "recv({size}) gave {}", piece.len());
                    received.extend_from_slice(&piece);
                    piece.len()
                }
                Receiving::RecvInto => {
                    let n = receiver.recv_into(&mut buffer[..size]).unwrap_or_else(|e| {
                        panic!("recv_into({size}) at offset {}: {e:?}", received.len())
                    });
                    assert!(n <= size, "recv_into of {size} bytes said {n}");
                    received.extend_from_slice(&buffer[..n]);
                    n
                }
            };
            if n == 0 {
                break;
            }
            assert!(
                received.len() <= total,
                "received {} bytes, more than the {total} sent",
                received.len()
            );
        }
        drop(writer.join().expect("the sender panicked"));
        (received, start.elapsed())
    })
}

/// Fails with the first offset where `received` differs from `sent`.
fn assert_same(what: &str, sent: &[u8], received: &[u8]) {
    if sent == received {
        return;
    }
    let first = sent
        .iter()
        .zip(received)
        .position(|(a, b)| a != b)
        .unwrap_or(sent.len().min(received.len()));
    panic!(
        "{what}: received {} of {} bytes; first difference at offset {first} \
         (sent {:?}, received {:?})",
        received.len(),
        sent.len(),
        sent.get(first),
        received.get(first),
    );
}

/// One whole case: seeded data through a pair, compared byte for byte.
fn check(what: &str, pair: (Socket, Socket), seed: u64, sending: Sending, receiving: Receiving) {
    let data = Arc::new(random_bytes(seed, TOTAL));
    let (received, elapsed) = transfer(pair.0, pair.1, Arc::clone(&data), sending, receiving);
    assert_same(what, &data, &received);
    println!(
        "{what}: {} MiB byte-exact in {:.2} s",
        TOTAL >> 20,
        elapsed.as_secs_f64()
    );
}

#[test]
fn tcp_blocking_sendall_and_recv_deliver_64_mib_byte_exact() {
    check(
        "tcp blocking sendall/recv",
        tcp_pair(),
        1,
        Sending::Sendall,
        Receiving::Recv,
    );
}

#[test]
fn tcp_with_socket_timeout_sendall_and_recv_deliver_64_mib_byte_exact() {
    let (sender, receiver) = tcp_pair();
    // A timeout puts the descriptor in non-blocking mode: every call goes through poll.
    sender.settimeout(Some(30.0)).unwrap();
    receiver.settimeout(Some(30.0)).unwrap();
    check(
        "tcp timeout 30.0 sendall/recv",
        (sender, receiver),
        2,
        Sending::Sendall,
        Receiving::Recv,
    );
}

#[test]
fn tcp_per_call_deadline_sendall_delivers_64_mib_byte_exact() {
    // The socket blocks; each sendall carries its own 30 s deadline (MSG_DONTWAIT and poll).
    let (sender, receiver) = tcp_pair();
    assert_eq!(sender.gettimeout(), None);
    check(
        "tcp with_timeout(30.0).sendall/recv",
        (sender, receiver),
        3,
        Sending::SendallWithDeadline,
        Receiving::Recv,
    );
}

#[test]
fn tcp_with_socket_timeout_recv_into_delivers_64_mib_byte_exact() {
    let (sender, receiver) = tcp_pair();
    receiver.settimeout(Some(30.0)).unwrap();
    check(
        "tcp sendall/recv_into timeout 30.0",
        (sender, receiver),
        4,
        Sending::Sendall,
        Receiving::RecvInto,
    );
}

#[test]
fn unix_socketpair_sendall_and_recv_deliver_64_mib_byte_exact() {
    check(
        "unix socketpair sendall/recv",
        socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap(),
        5,
        Sending::Sendall,
        Receiving::Recv,
    );
}

#[test]
fn unix_socketpair_recv_into_delivers_64_mib_byte_exact() {
    check(
        "unix socketpair sendall/recv_into",
        socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap(),
        6,
        Sending::Sendall,
        Receiving::RecvInto,
    );
}

#[test]
fn unix_socketpair_with_timeouts_and_per_call_deadline_deliver_64_mib_byte_exact() {
    let (sender, receiver) = socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    sender.settimeout(Some(30.0)).unwrap();
    receiver.settimeout(Some(30.0)).unwrap();
    check(
        "unix timeout 30.0 with_timeout(30.0).sendall/recv_into",
        (sender, receiver),
        7,
        Sending::SendallWithDeadline,
        Receiving::RecvInto,
    );
}
