//! TCP over IPv4 loopback (AF_INET, SOCK_STREAM on 127.0.0.1): bind, listen, accept, connect,
//! the sending and receiving calls and their flags, half-close, the connection errors, the
//! descriptor calls (dup, fromfd, detach, close), the Read/Write traits and Python's repr.

mod util;

use std::io::{self, Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::process::ExitStatusExt;
use std::process::Command;
use std::thread;

use pynet::socket::{
    AF_INET, Address, Exception, MSG_PEEK, MSG_WAITALL, Result, SHUT_WR, SOCK_STREAM, Socket,
};

/// Runs a test body under a 10 s limit and fails the test with Python's traceback line
/// (`ConnectionRefusedError: [Errno 111] Connection refused`) if it returns an error.
fn run(body: impl FnOnce() -> Result<()> + Send + 'static) {
    util::within(10.0, body).unwrap();
}

/// A TCP socket.
fn tcp() -> Result<Socket> {
    Socket::new(AF_INET, SOCK_STREAM, 0)
}

/// A listening socket on a free loopback port, and that port.
fn listener() -> Result<(Socket, u16)> {
    let server = tcp()?;
    server.bind(("127.0.0.1", 0))?;
    server.listen(5)?;
    let port = server
        .getsockname()?
        .port()
        .expect("an AF_INET address has a port");
    Ok((server, port))
}

/// A connected pair: `(client, accepted connection)`.
fn connected() -> Result<(Socket, Socket)> {
    let (server, port) = listener()?;
    let client = tcp()?;
    client.connect(("127.0.0.1", port))?;
    let (conn, _) = server.accept()?;
    Ok((client, conn))
}

/// A loopback port with nothing listening on it: bound (so no one else takes it) but never
/// put in listening state, so a connection to it is refused.
fn closed_port() -> Result<(Socket, u16)> {
    let holder = tcp()?;
    holder.bind(("127.0.0.1", 0))?;
    let port = holder
        .getsockname()?
        .port()
        .expect("an AF_INET address has a port");
    Ok((holder, port))
}

#[test]
fn bind_port_zero_picks_a_free_loopback_port() {
    run(|| {
        let (server, port) = listener()?;
        assert_ne!(port, 0);
        let name = server.getsockname()?;
        assert_eq!(name, Address::Inet("127.0.0.1".into(), port));
        assert_eq!(name.host(), Some("127.0.0.1"));
        assert_eq!(name.to_string(), format!("('127.0.0.1', {port})"));
        assert_eq!(format!("{name:?}"), format!("('127.0.0.1', {port})"));
        Ok(())
    });
}

#[test]
fn accepted_address_is_the_clients_sockname() {
    run(|| {
        let (server, port) = listener()?;
        let client = tcp()?;
        client.connect(("127.0.0.1", port))?;
        let (conn, address) = server.accept()?;
        let client_name = client.getsockname()?;
        assert_eq!(address, client_name);
        assert_eq!(conn.getpeername()?, client_name);
        assert_eq!(client.getpeername()?, server.getsockname()?);
        assert_eq!(conn.getsockname()?, server.getsockname()?);
        let client_port = client_name.port().expect("a port");
        assert_ne!(client_port, port);
        assert_eq!(address.to_string(), format!("('127.0.0.1', {client_port})"));
        assert_eq!(
            client.getpeername()?.to_string(),
            format!("('127.0.0.1', {port})")
        );
        Ok(())
    });
}

#[test]
fn accepted_socket_keeps_family_type_and_proto() {
    run(|| {
        let (_client, conn) = connected()?;
        assert_eq!(
            (conn.family(), conn.type_(), conn.proto()),
            (AF_INET, SOCK_STREAM, 0)
        );
        assert_eq!(conn.gettimeout(), None);
        Ok(())
    });
}

#[test]
fn getpeername_before_connect_is_not_connected() {
    run(|| {
        let s = tcp()?;
        let e = s.getpeername().unwrap_err();
        assert_eq!(
            e.to_string(),
            "[Errno 107] Transport endpoint is not connected"
        );
        assert_eq!(e.exception(), Exception::OSError);
        assert_eq!(e.errno(), Some(107));
        Ok(())
    });
}

#[test]
fn send_returns_the_count_and_recv_gets_the_bytes() {
    run(|| {
        let (client, conn) = connected()?;
        assert_eq!(client.send(b"hello")?, 5);
        assert_eq!(conn.recv(1024)?, b"hello");
        assert_eq!(conn.send(b"world!")?, 6);
        assert_eq!(client.recv(1024)?, b"world!");
        Ok(())
    });
}

#[test]
fn recv_returns_at_most_bufsize_bytes() {
    run(|| {
        let (client, conn) = connected()?;
        client.sendall(b"0123456789")?;
        let mut got = conn.recv(3)?;
        assert_eq!(got, b"012");
        while got.len() < 10 {
            got.extend(conn.recv(3)?);
        }
        assert_eq!(got, b"0123456789");
        Ok(())
    });
}

#[test]
fn sendall_delivers_every_byte_of_four_mebibytes() {
    run(|| {
        let (client, conn) = connected()?;
        let data = util::random_bytes(1, 4 << 20);
        let expected = data.clone();
        let sender = thread::spawn(move || -> Result<()> {
            client.sendall(&data)?;
            client.close()
        });
        let got = util::recv_to_eof(&conn)?;
        sender.join().expect("sender thread")?;
        assert_eq!(got.len(), expected.len());
        assert!(
            got == expected,
            "the received bytes differ from the sent ones"
        );
        Ok(())
    });
}

#[test]
fn recv_into_fills_the_front_of_the_buffer() {
    run(|| {
        let (client, conn) = connected()?;
        client.sendall(b"0123456789")?;
        let mut buffer = [0xaau8; 16];
        let n = conn.recv_into(&mut buffer)?;
        assert_eq!(n, 10);
        assert_eq!(&buffer[..10], b"0123456789");
        assert_eq!(buffer[10..], [0xaa; 6]);
        Ok(())
    });
}

#[test]
fn recv_after_peer_close_returns_empty() {
    run(|| {
        let (client, conn) = connected()?;
        client.sendall(b"last words")?;
        drop(client);
        assert_eq!(util::recv_to_eof(&conn)?, b"last words");
        assert_eq!(conn.recv(1024)?, b"");
        let mut buffer = [0u8; 8];
        assert_eq!(conn.recv_into(&mut buffer)?, 0);
        Ok(())
    });
}

#[test]
fn shutdown_write_half_closes_but_the_peer_can_still_answer() {
    run(|| {
        let (client, conn) = connected()?;
        client.sendall(b"request")?;
        client.shutdown(SHUT_WR)?;
        assert_eq!(util::recv_to_eof(&conn)?, b"request");
        assert_eq!(conn.recv(1024)?, b"");
        conn.sendall(b"response")?;
        conn.close()?;
        assert_eq!(util::recv_to_eof(&client)?, b"response");
        Ok(())
    });
}

#[test]
fn send_after_shutdown_write_is_broken_pipe() {
    run(|| {
        let (client, _conn) = connected()?;
        client.shutdown(SHUT_WR)?;
        let e = client.send(b"too late").unwrap_err();
        assert_eq!(e.to_string(), "[Errno 32] Broken pipe");
        assert_eq!(e.exception(), Exception::BrokenPipeError);
        assert_eq!(e.errno(), Some(32));
        Ok(())
    });
}

#[test]
fn connect_to_closed_port_is_connection_refused() {
    run(|| {
        let (_holder, port) = closed_port()?;
        let e = tcp()?.connect(("127.0.0.1", port)).unwrap_err();
        assert_eq!(e.to_string(), "[Errno 111] Connection refused");
        assert_eq!(
            format!("{e:?}"),
            "ConnectionRefusedError: [Errno 111] Connection refused"
        );
        assert_eq!(e.exception(), Exception::ConnectionRefusedError);
        assert_eq!(e.errno(), Some(111));
        assert_eq!(e.message(), "Connection refused");
        assert!(e.is_instance(Exception::ConnectionError));
        assert!(e.is_instance(Exception::OSError));
        assert!(!e.is_instance(Exception::TimeoutError));
        Ok(())
    });
}

#[test]
fn connect_ex_returns_the_errno_instead_of_failing() {
    run(|| {
        let (_holder, closed) = closed_port()?;
        assert_eq!(tcp()?.connect_ex(("127.0.0.1", closed))?, 111);
        let (server, open) = listener()?;
        let client = tcp()?;
        assert_eq!(client.connect_ex(("127.0.0.1", open))?, 0);
        let (_conn, address) = server.accept()?;
        assert_eq!(address, client.getsockname()?);
        Ok(())
    });
}

#[test]
fn bind_to_a_port_in_use_is_address_already_in_use() {
    run(|| {
        let (_server, port) = listener()?;
        let e = tcp()?.bind(("127.0.0.1", port)).unwrap_err();
        assert_eq!(e.to_string(), "[Errno 98] Address already in use");
        assert_eq!(
            format!("{e:?}"),
            "OSError: [Errno 98] Address already in use"
        );
        assert_eq!(e.exception(), Exception::OSError);
        assert_eq!(e.errno(), Some(98));
        Ok(())
    });
}

#[test]
fn msg_peek_leaves_the_data_queued() {
    run(|| {
        let (client, conn) = connected()?;
        client.sendall(b"peekaboo")?;
        assert_eq!(conn.with_flags(MSG_PEEK).recv(4)?, b"peek");
        assert_eq!(conn.with_flags(MSG_PEEK).recv(4)?, b"peek");
        let mut buffer = [0u8; 4];
        assert_eq!(conn.with_flags(MSG_PEEK).recv_into(&mut buffer)?, 4);
        assert_eq!(&buffer, b"peek");
        let mut got = Vec::new();
        while got.len() < 8 {
            got.extend(conn.recv(8 - got.len())?);
        }
        assert_eq!(got, b"peekaboo");
        Ok(())
    });
}

#[test]
fn msg_waitall_fills_the_whole_buffer() {
    run(|| {
        let (client, conn) = connected()?;
        let data = util::random_bytes(2, 2 << 20);
        let (first, second) = (data[..1 << 20].to_vec(), data[1 << 20..].to_vec());
        let sender = thread::spawn(move || -> Result<Socket> {
            client.sendall(&data)?;
            Ok(client)
        });
        let got = conn.with_flags(MSG_WAITALL).recv(1 << 20)?;
        assert_eq!(got.len(), 1 << 20);
        assert!(got == first, "recv(MSG_WAITALL) gave other bytes");
        let mut buffer = vec![0u8; 1 << 20];
        assert_eq!(
            conn.with_flags(MSG_WAITALL).recv_into(&mut buffer)?,
            1 << 20
        );
        assert!(buffer == second, "recv_into(MSG_WAITALL) gave other bytes");
        let _client = sender.join().expect("sender thread")?;
        Ok(())
    });
}

/// The environment variable that makes `send_to_closed_peer_is_broken_pipe_not_sigpipe` run
/// its body in a child process whose SIGPIPE kills, as a C program's does.
const SIGPIPE_CHILD: &str = "PYNET_TEST_SIGPIPE_CHILD";

/// Sends to a peer that has closed until the kernel says so, and checks what it said.
fn send_until_the_peer_closed_error() -> Result<()> {
    let (client, conn) = connected()?;
    conn.close()?;
    // The first sends may still be accepted: the peer answers them with a reset.
    let first = loop {
        match client.send(b"anyone there?") {
            Ok(n) => assert_eq!(n, 13),
            Err(e) => break e,
        }
    };
    match first.exception() {
        Exception::BrokenPipeError => {
            assert_eq!(first.to_string(), "[Errno 32] Broken pipe");
            assert_eq!(first.errno(), Some(32));
        }
        Exception::ConnectionResetError => {
            assert_eq!(first.to_string(), "[Errno 104] Connection reset by peer");
            assert_eq!(first.errno(), Some(104));
        }
        other => panic!("send to a closed peer raised {other}: {first}"),
    }
    assert!(first.is_instance(Exception::ConnectionError));
    // Once the connection is gone, every way of sending says Broken pipe.
    let e = client.send(b"x").unwrap_err();
    assert_eq!(format!("{e:?}"), "BrokenPipeError: [Errno 32] Broken pipe");
    let e = client.sendall(b"x").unwrap_err();
    assert_eq!(format!("{e:?}"), "BrokenPipeError: [Errno 32] Broken pipe");
    let e = (&client).write_all(b"x").unwrap_err();
    assert_eq!(e.raw_os_error(), Some(32));
    assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
    Ok(())
}

#[test]
fn send_to_closed_peer_is_broken_pipe_not_sigpipe() {
    if std::env::var_os(SIGPIPE_CHILD).is_some() {
        // SAFETY: SIG_DFL installs no handler; it only restores the default action of
        // SIGPIPE (kill), which Rust's runtime had set to "ignore". This process runs this one
        // test only (see below), so nothing else depends on the old setting.
        unsafe { libc::signal(libc::SIGPIPE, libc::SIG_DFL) };
        run(send_until_the_peer_closed_error);
        return;
    }
    let exe = std::env::current_exe().expect("the test binary's path");
    let output = util::within(60.0, move || {
        Command::new(exe)
            .args([
                "--exact",
                "send_to_closed_peer_is_broken_pipe_not_sigpipe",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(SIGPIPE_CHILD, "1")
            .output()
    })
    .expect("run the test binary again");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.signal(),
        None,
        "the child was killed by a signal (13 is SIGPIPE)\n{stdout}\n{stderr}"
    );
    assert!(
        output.status.success(),
        "the child failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("test result: ok. 1 passed"),
        "the child did not run the test:\n{stdout}"
    );
}

#[test]
fn read_and_write_traits_move_the_bytes() {
    util::within(10.0, || -> io::Result<()> {
        let (client, conn) = connected()?;
        let data = util::random_bytes(3, 1 << 20);
        let expected = data.clone();
        let writer = thread::spawn(move || -> io::Result<Socket> {
            let mut client = client;
            client.write_all(&data)?;
            client.flush()?;
            client.shutdown(SHUT_WR)?;
            Ok(client)
        });
        let mut head = [0u8; 1000];
        (&conn).read_exact(&mut head)?;
        let mut rest = Vec::new();
        let copied = io::copy(&mut &conn, &mut rest)?;
        assert_eq!(copied, (1 << 20) - 1000);
        assert!([&head[..], &rest].concat() == expected, "the bytes differ");
        let mut client = writer.join().expect("writer thread")?;

        let reply = b"copied back through std::io::copy";
        assert_eq!(io::copy(&mut &reply[..], &mut &conn)?, reply.len() as u64);
        conn.close()?;
        let mut answer = Vec::new();
        client.read_to_end(&mut answer)?;
        assert_eq!(answer, reply);
        Ok(())
    })
    .unwrap();
}

#[test]
fn dup_shares_the_connection_until_both_are_closed() {
    run(|| {
        let (client, conn) = connected()?;
        conn.settimeout(Some(5.0))?;
        let dup = conn.dup()?;
        assert_ne!(dup.fileno(), conn.fileno());
        assert_eq!(dup.gettimeout(), Some(5.0));
        assert_eq!(
            (dup.family(), dup.type_(), dup.proto()),
            (AF_INET, SOCK_STREAM, 0)
        );
        assert_eq!(dup.getsockname()?, conn.getsockname()?);
        assert_eq!(dup.getpeername()?, client.getsockname()?);
        drop(conn);
        dup.sendall(b"from the duplicate")?;
        assert_eq!(client.recv(64)?, b"from the duplicate");
        client.sendall(b"to the duplicate")?;
        assert_eq!(dup.recv(64)?, b"to the duplicate");
        drop(dup);
        assert_eq!(client.recv(64)?, b"");
        Ok(())
    });
}

#[test]
fn fromfd_shares_the_connection_with_the_default_timeout() {
    run(|| {
        let (client, conn) = connected()?;
        let other = Socket::fromfd(&conn, AF_INET, SOCK_STREAM, 0)?;
        assert_ne!(other.fileno(), conn.fileno());
        assert_eq!(other.gettimeout(), None);
        assert_eq!(
            (other.family(), other.type_(), other.proto()),
            (AF_INET, SOCK_STREAM, 0)
        );
        assert_eq!(other.getpeername()?, client.getsockname()?);
        client.sendall(b"one")?;
        assert_eq!(other.recv(64)?, b"one");
        conn.sendall(b"two")?;
        drop(conn);
        other.sendall(b"three")?;
        let mut got = Vec::new();
        while got.len() < 8 {
            got.extend(client.recv(64)?);
        }
        assert_eq!(got, b"twothree");
        drop(other);
        assert_eq!(client.recv(64)?, b"");
        Ok(())
    });
}

#[test]
fn detach_hands_over_the_open_descriptor() {
    run(|| {
        let (client, conn) = connected()?;
        let fd = conn.fileno();
        let detached = conn.detach();
        assert_eq!(detached, fd);
        // SAFETY: `detached` is open (detach does not close it) and nothing else owns it now.
        let owned = unsafe { OwnedFd::from_raw_fd(detached) };
        let again = Socket::fromfd(&owned, AF_INET, SOCK_STREAM, 0)?;
        assert_eq!(again.getpeername()?, client.getsockname()?);
        client.sendall(b"still connected")?;
        assert_eq!(again.recv(64)?, b"still connected");
        drop(owned);
        drop(again);
        assert_eq!(client.recv(64)?, b"");
        Ok(())
    });
}

#[test]
fn close_consumes_the_socket_and_the_peer_sees_eof() {
    run(|| {
        let (client, conn) = connected()?;
        conn.sendall(b"bye")?;
        conn.close()?;
        assert_eq!(util::recv_to_eof(&client)?, b"bye");
        assert_eq!(client.recv(64)?, b"");
        client.close()?;
        Ok(())
    });
}

/// Python's reprs of an unbound, a listening, a connecting and an accepted socket.
const PYTHON_REPRS: &str = r#"
import signal, socket
signal.alarm(10)
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
print(repr(s))
s.bind(("127.0.0.1", 0))
s.listen(5)
print(repr(s))
c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
c.connect(s.getsockname())
print(repr(c))
a, _ = s.accept()
print(repr(a))
"#;

/// A repr with its descriptor number and ports replaced: `fd=N`, `('127.0.0.1', P)`.
fn shape(repr: &str) -> String {
    let mut out = String::new();
    let mut rest = repr;
    while !rest.is_empty() {
        let marker = ["fd=", "', "]
            .iter()
            .filter_map(|m| rest.find(m).map(|at| (at, *m)))
            .min();
        let Some((at, marker)) = marker else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..at + marker.len()]);
        rest = &rest[at + marker.len()..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            out.push(if marker == "fd=" { 'N' } else { 'P' });
            rest = &rest[digits..];
        }
    }
    out
}

#[test]
fn socket_debug_is_pythons_repr() {
    let python: Vec<String> = util::python_output(PYTHON_REPRS, &[])
        .lines()
        .map(shape)
        .collect();

    let ours = util::within(10.0, || -> Result<Vec<String>> {
        let s = tcp()?;
        let unbound = format!("{s:?}");
        assert_eq!(
            unbound,
            format!(
                "<socket.socket fd={}, family=2, type=1, proto=0, laddr=('0.0.0.0', 0)>",
                s.fileno()
            )
        );
        s.bind(("127.0.0.1", 0))?;
        s.listen(5)?;
        let port = s.getsockname()?.port().expect("a port");
        let listening = format!("{s:?}");
        assert_eq!(
            listening,
            format!(
                "<socket.socket fd={}, family=2, type=1, proto=0, laddr=('127.0.0.1', {port})>",
                s.fileno()
            )
        );
        let c = tcp()?;
        c.connect(("127.0.0.1", port))?;
        let (a, address) = s.accept()?;
        let client_port = address.port().expect("a port");
        let connecting = format!("{c:?}");
        assert_eq!(
            connecting,
            format!(
                "<socket.socket fd={}, family=2, type=1, proto=0, laddr=('127.0.0.1', \
                 {client_port}), raddr=('127.0.0.1', {port})>",
                c.fileno()
            )
        );
        let accepted = format!("{a:?}");
        assert_eq!(
            accepted,
            format!(
                "<socket.socket fd={}, family=2, type=1, proto=0, laddr=('127.0.0.1', \
                 {port}), raddr=('127.0.0.1', {client_port})>",
                a.fileno()
            )
        );
        Ok([unbound, listening, connecting, accepted]
            .iter()
            .map(|r| shape(r))
            .collect())
    })
    .unwrap();
    assert_eq!(ours, python);
    assert_eq!(
        ours[1],
        "<socket.socket fd=N, family=2, type=1, proto=0, laddr=('127.0.0.1', P)>"
    );
}

#[test]
fn server_thread_serves_several_clients_in_turn() {
    run(|| {
        const CLIENTS: usize = 5;
        let (server, port) = listener()?;
        let serving = thread::spawn(move || -> Result<Vec<Address>> {
            let mut seen = Vec::new();
            for i in 0..CLIENTS {
                let (conn, address) = server.accept()?;
                let request = util::recv_to_eof(&conn)?;
                let mut reply = format!("client {i} said ").into_bytes();
                reply.extend_from_slice(&request);
                conn.sendall(&reply)?;
                conn.close()?;
                seen.push(address);
            }
            Ok(seen)
        });
        let mut expected = Vec::new();
        for i in 0..CLIENTS {
            let client = tcp()?;
            client.connect(("127.0.0.1", port))?;
            client.sendall(format!("hello {i}").as_bytes())?;
            client.shutdown(SHUT_WR)?;
            let reply = util::recv_to_eof(&client)?;
            assert_eq!(
                String::from_utf8_lossy(&reply),
                format!("client {i} said hello {i}")
            );
            expected.push(client.getsockname()?);
        }
        let seen = serving.join().expect("server thread")?;
        assert_eq!(seen, expected);
        Ok(())
    });
}
