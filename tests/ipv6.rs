//! IPv6 loopback (AF_INET6 on ::1): TCP and UDP, the 4-tuple addresses Python prints, the
//! 2-tuple Python accepts, and the address errors (an IPv4 host, a flowinfo over 20 bits).
//! Each test skips, saying why, on a machine without ::1.

mod util;

use pynet::socket::{AF_INET6, Address, Exception, Result, SOCK_DGRAM, SOCK_STREAM, Socket};

/// Runs a test body under a 10 s limit and fails the test with Python's traceback line if it
/// returns an error.
fn run(body: impl FnOnce() -> Result<()> + Send + 'static) {
    util::within(10.0, body).unwrap();
}

/// A listening AF_INET6 socket on a free port of ::1, and that port.
fn listener() -> Result<(Socket, u16)> {
    let server = Socket::new(AF_INET6, SOCK_STREAM, 0)?;
    server.bind(("::1", 0))?;
    server.listen(5)?;
    let port = server
        .getsockname()?
        .port()
        .expect("an AF_INET6 address has a port");
    Ok((server, port))
}

#[test]
fn tcp_over_ipv6_loopback_accepts_and_carries_bytes() {
    if !util::ipv6_loopback("tcp_over_ipv6_loopback_accepts_and_carries_bytes") {
        return;
    }
    run(|| {
        let (server, port) = listener()?;
        let client = Socket::new(AF_INET6, SOCK_STREAM, 0)?;
        client.connect(("::1", port, 0, 0))?;
        let (conn, address) = server.accept()?;
        assert_eq!(address, client.getsockname()?);
        assert_eq!(
            client.getpeername()?,
            Address::Inet6("::1".into(), port, 0, 0)
        );
        assert_eq!((conn.family(), conn.type_()), (AF_INET6, SOCK_STREAM));
        client.sendall(b"over ::1")?;
        assert_eq!(conn.recv(64)?, b"over ::1");
        conn.sendall(b"and back")?;
        drop(conn);
        assert_eq!(client.recv(64)?, b"and back");
        assert_eq!(client.recv(64)?, b"");
        Ok(())
    });
}

#[test]
fn getsockname_prints_a_four_tuple() {
    if !util::ipv6_loopback("getsockname_prints_a_four_tuple") {
        return;
    }
    run(|| {
        let (server, port) = listener()?;
        assert_ne!(port, 0);
        let name = server.getsockname()?;
        assert_eq!(name, Address::Inet6("::1".into(), port, 0, 0));
        assert_eq!(name.host(), Some("::1"));
        assert_eq!(name.to_string(), format!("('::1', {port}, 0, 0)"));
        assert_eq!(format!("{name:?}"), format!("('::1', {port}, 0, 0)"));
        assert_eq!(
            format!("{server:?}"),
            format!(
                "<socket.socket fd={}, family=10, type=1, proto=0, laddr=('::1', {port}, 0, 0)>",
                server.fileno()
            )
        );
        Ok(())
    });
}

#[test]
fn two_tuple_address_is_accepted_by_an_inet6_socket() {
    if !util::ipv6_loopback("two_tuple_address_is_accepted_by_an_inet6_socket") {
        return;
    }
    run(|| {
        let (server, port) = listener()?;
        let client = Socket::new(AF_INET6, SOCK_STREAM, 0)?;
        client.bind(("::1", 0))?;
        client.connect(("::1", port))?;
        let (_conn, address) = server.accept()?;
        let client_port = client.getsockname()?.port().expect("a port");
        assert_eq!(address, Address::Inet6("::1".into(), client_port, 0, 0));
        assert_eq!(address.to_string(), format!("('::1', {client_port}, 0, 0)"));
        Ok(())
    });
}

#[test]
fn ipv4_host_on_an_inet6_socket_is_gaierror() {
    if !util::ipv6_loopback("ipv4_host_on_an_inet6_socket_is_gaierror") {
        return;
    }
    run(|| {
        let s = Socket::new(AF_INET6, SOCK_STREAM, 0)?;
        for e in [
            s.bind(("127.0.0.1", 0)).unwrap_err(),
            s.connect(("127.0.0.1", 9)).unwrap_err(),
        ] {
            assert_eq!(
                e.to_string(),
                "[Errno -9] Address family for hostname not supported"
            );
            assert_eq!(
                format!("{e:?}"),
                "socket.gaierror: [Errno -9] Address family for hostname not supported"
            );
            assert_eq!(e.exception(), Exception::GaiError);
            assert_eq!(e.errno(), Some(-9));
            assert!(e.is_instance(Exception::OSError));
        }
        Ok(())
    });
}

#[test]
fn flowinfo_over_20_bits_is_overflow_error() {
    if !util::ipv6_loopback("flowinfo_over_20_bits_is_overflow_error") {
        return;
    }
    run(|| {
        let s = Socket::new(AF_INET6, SOCK_STREAM, 0)?;
        let e = s.bind(("::1", 0, 0x10_0000, 0)).unwrap_err();
        assert_eq!(e.to_string(), "bind(): flowinfo must be 0-1048575.");
        assert_eq!(
            format!("{e:?}"),
            "OverflowError: bind(): flowinfo must be 0-1048575."
        );
        assert_eq!(e.exception(), Exception::OverflowError);
        assert_eq!(e.errno(), None);
        assert!(!e.is_instance(Exception::OSError));
        let e = s.connect(("::1", 9, u32::MAX, 0)).unwrap_err();
        assert_eq!(e.to_string(), "connect(): flowinfo must be 0-1048575.");
        let u = Socket::new(AF_INET6, SOCK_DGRAM, 0)?;
        let e = u.sendto(b"", ("::1", 9, 0x10_0000, 0)).unwrap_err();
        assert_eq!(e.to_string(), "sendto(): flowinfo must be 0-1048575.");
        // The largest flowinfo is accepted, as by Python.
        s.bind(("::1", 0, 0xf_ffff, 0))?;
        assert_eq!(s.getsockname()?.host(), Some("::1"));
        Ok(())
    });
}

#[test]
fn udp_over_ipv6_loopback_reports_the_sender() {
    if !util::ipv6_loopback("udp_over_ipv6_loopback_reports_the_sender") {
        return;
    }
    run(|| {
        let receiver = Socket::new(AF_INET6, SOCK_DGRAM, 0)?;
        receiver.bind(("::1", 0))?;
        let receiver_address = receiver.getsockname()?;
        let sender = Socket::new(AF_INET6, SOCK_DGRAM, 0)?;
        sender.bind(("::1", 0))?;
        let sender_address = sender.getsockname()?;
        assert_eq!(sender.sendto(b"six", &receiver_address)?, 3);
        let (data, from) = receiver.recvfrom(64)?;
        assert_eq!(data, b"six");
        assert_eq!(from, sender_address);
        let port = sender_address.port().expect("a port");
        assert_eq!(from.to_string(), format!("('::1', {port}, 0, 0)"));
        receiver.sendto(b"back", ("::1", port))?;
        let mut buffer = [0u8; 8];
        assert_eq!(sender.recvfrom_into(&mut buffer)?, (4, receiver_address));
        assert_eq!(&buffer[..4], b"back");
        Ok(())
    });
}
