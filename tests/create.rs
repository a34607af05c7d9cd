//! `create_connection`, `create_server` and `socketpair`: sockets ready to use, set up and
//! failing exactly as Python's are.

mod util;

use pynet::socket::{
    AF_INET, AF_INET6, AF_UNIX, Address, Error, Exception, IPPROTO_IPV6, IPV6_V6ONLY,
    SO_ACCEPTCONN, SO_REUSEADDR, SO_REUSEPORT, SO_TYPE, SOCK_DGRAM, SOCK_STREAM, SOL_SOCKET,
    Socket, create_connection, create_server, getaddrinfo, socketpair,
};
use util::{ipv6_loopback, within};

/// A listening server on 127.0.0.1, port 0.
fn server4() -> Socket {
    create_server(("127.0.0.1", 0), AF_INET, None, false, false).unwrap()
}

fn port_of(s: &Socket) -> u16 {
    s.getsockname()
        .unwrap()
        .port()
        .expect("an IP socket has a port")
}

/// Sends a line each way between a client and the connection the server accepted, and checks
/// that each end sees the other's address.
fn exchange(client: &Socket, server: &Socket) {
    let (conn, peer) = server.accept().unwrap();
    assert_eq!(peer, client.getsockname().unwrap());
    assert_eq!(conn.getpeername().unwrap(), client.getsockname().unwrap());
    client.sendall(b"hello server\n").unwrap();
    assert_eq!(conn.recv(64).unwrap(), b"hello server\n");
    conn.sendall(b"hello client\n").unwrap();
    assert_eq!(client.recv(64).unwrap(), b"hello client\n");
}

/// The class name and `str(e)` of what Python raises running `statement` (one line, with
/// `args` as `sys.argv[1:]`).
fn python_error(statement: &str, args: &[String]) -> (String, String) {
    let script = format!(
        "import socket, sys\ntry:\n    {statement}\nexcept Exception as e:\n    \
         print(type(e).__name__)\n    print(e)\nelse:\n    print('no error')\n"
    );
    let text = util::python_output(&script, args);
    let mut lines = text.lines();
    let class = lines.next().expect("a class line").to_string();
    let message = lines.next().expect("a message line").to_string();
    (class, message)
}

#[test]
fn create_connection_with_timeout_none_connects_a_blocking_socket() {
    within(10.0, || {
        let server = server4();
        let client = create_connection(("127.0.0.1", port_of(&server)), None, None).unwrap();
        assert_eq!(client.gettimeout(), None);
        assert!(client.getblocking());
        assert_eq!((client.family(), client.type_()), (AF_INET, SOCK_STREAM));
        assert_eq!(
            client.getpeername().unwrap(),
            Address::from(("127.0.0.1", port_of(&server)))
        );
        exchange(&client, &server);
    });
}

#[test]
fn create_connection_with_timeout_sets_the_socket_timeout() {
    within(10.0, || {
        let server = server4();
        let client = create_connection(("127.0.0.1", port_of(&server)), Some(5.0), None).unwrap();
        assert_eq!(client.gettimeout(), Some(5.0));
        assert!(client.getblocking());
        exchange(&client, &server);

        // The timeout is in force: a recv with nothing to read gives up with Python's text.
        let short = create_connection(("127.0.0.1", port_of(&server)), Some(0.2), None).unwrap();
        assert_eq!(short.gettimeout(), Some(0.2));
        let (_conn, _) = server.accept().unwrap();
        let e = short.recv(16).expect_err("nothing was sent");
        assert_eq!(e.exception(), Exception::TimeoutError);
        assert_eq!(e.to_string(), "timed out");
        assert_eq!(e.errno(), None);
    });
}

#[test]
fn create_connection_binds_the_source_address_first() {
    within(10.0, || {
        let server = server4();
        // 127.0.0.2 is loopback too (127/8), and not where the kernel would bind by itself,
        // so the source address shows it was bound.
        let source = Address::from(("127.0.0.2", 0));
        let client =
            create_connection(("127.0.0.1", port_of(&server)), None, Some(source)).unwrap();
        let local = client.getsockname().unwrap();
        assert_eq!(local.host(), Some("127.0.0.2"));
        assert_ne!(local.port(), Some(0));
        exchange(&client, &server);
    });
}

#[test]
fn create_connection_to_a_closed_port_is_connection_refused() {
    within(10.0, || {
        // Bound but not listening: the port stays ours, and nothing accepts on it.
        let closed = Socket::new(AF_INET, SOCK_STREAM, 0).unwrap();
        closed.bind(("127.0.0.1", 0)).unwrap();
        for timeout in [None, Some(5.0), Some(0.0001)] {
            let e = create_connection(("127.0.0.1", port_of(&closed)), timeout, None)
                .expect_err("nothing listens there");
            // A connect on loopback fails at once, even under a tiny timeout.
            assert_eq!(
                e.to_string(),
                "[Errno 111] Connection refused",
                "{timeout:?}"
            );
            assert_eq!(e.exception(), Exception::ConnectionRefusedError);
            assert_eq!(e.errno(), Some(libc::ECONNREFUSED));
            assert!(e.is_instance(Exception::ConnectionError) && e.is_instance(Exception::OSError));
        }
    });
}

#[test]
fn create_connection_to_localhost_reaches_a_loopback_server() {
    within(20.0, || {
        let resolved: Vec<String> = getaddrinfo(Some("localhost"), 0u16, 0, SOCK_STREAM, 0, 0)
            .unwrap()
            .iter()
            .map(|info| info.sockaddr.host().unwrap_or("?").to_string())
            .collect();
        println!("localhost resolves to {resolved:?}");
        assert!(!resolved.is_empty());
        // A server on each loopback address localhost names: whichever address comes first,
        // create_connection tries the others until it reaches the one listening (the rest
        // refuse, since each server has its own port).
        let mut servers = vec![server4()];
        if resolved.iter().any(|host| host == "::1") && ipv6_loopback("localhost over ::1") {
            servers.push(create_server(("::1", 0), AF_INET6, None, false, false).unwrap());
        }
        for server in &servers {
            let client = create_connection(("localhost", port_of(server)), Some(5.0), None)
                .unwrap_or_else(|e| panic!("localhost port {}: {e:?}", port_of(server)));
            assert_eq!(client.family(), server.family());
            exchange(&client, server);
        }
    });
}

/// Python's `create_connection` to localhost from an IPv4 source, on a closed port.
const PY_CONNECT_EVERYWHERE_FAILS: &str =
    r#"socket.create_connection(("localhost", int(sys.argv[1])), 5.0, ("127.0.0.1", 0))"#;

#[test]
fn create_connection_failing_on_every_address_raises_the_error_python_raises() {
    let resolved = getaddrinfo(Some("localhost"), 0u16, 0, SOCK_STREAM, 0, 0).unwrap();
    let closed = Socket::new(AF_INET, SOCK_STREAM, 0).unwrap();
    closed.bind(("127.0.0.1", 0)).unwrap();
    let port = port_of(&closed);
    // Where localhost is also ::1, binding the IPv4 source address fails on that attempt
    // (socket.gaierror) and connecting fails on 127.0.0.1 (refused): Python raises the error
    // of the last address tried.
    let e = within(20.0, move || {
        let source = Address::from(("127.0.0.1", 0));
        create_connection(("localhost", port), Some(5.0), Some(source))
            .expect_err("nothing listens on that port")
    });
    let (class, message) = python_error(PY_CONNECT_EVERYWHERE_FAILS, &[port.to_string()]);
    if resolved.len() < 2 {
        println!("localhost has one address here: the first error is also the last");
    }
    assert_eq!(
        (e.exception().name(), e.to_string()),
        (class.as_str(), message)
    );
}

#[test]
fn create_server_listens_with_so_reuseaddr() {
    let server = create_server(("127.0.0.1", 0), AF_INET, None, false, false).unwrap();
    assert_eq!(server.getsockopt(SOL_SOCKET, SO_REUSEADDR).unwrap(), 1);
    assert_eq!(server.getsockopt(SOL_SOCKET, SO_ACCEPTCONN).unwrap(), 1);
    assert_eq!(server.getsockopt(SOL_SOCKET, SO_TYPE).unwrap(), SOCK_STREAM);
    assert_eq!(server.getsockopt(SOL_SOCKET, SO_REUSEPORT).unwrap(), 0);
    let address = server.getsockname().unwrap();
    assert_eq!(address.host(), Some("127.0.0.1"));
    assert_ne!(address.port(), Some(0));
    assert_eq!(server.gettimeout(), None);

    let shared = create_server(("127.0.0.1", 0), AF_INET, Some(5), true, false).unwrap();
    assert_eq!(shared.getsockopt(SOL_SOCKET, SO_REUSEPORT).unwrap(), 1);
    assert_eq!(shared.getsockopt(SOL_SOCKET, SO_REUSEADDR).unwrap(), 1);
}

/// Python's `create_server` on a port in use.
const PY_CREATE_SERVER_IN_USE: &str = r#"socket.create_server(("127.0.0.1", int(sys.argv[1])))"#;

#[test]
fn create_server_on_an_address_in_use_is_worded_as_python_words_it() {
    let first = server4();
    let port = port_of(&first);
    let e: Error = create_server(("127.0.0.1", port), AF_INET, None, false, false)
        .expect_err("the address is in use");
    let expected = format!(
        "[Errno 98] Address already in use (while attempting to bind on address \
         ('127.0.0.1', {port}))"
    );
    assert_eq!(e.to_string(), expected);
    assert_eq!(e.exception(), Exception::OSError);
    assert_eq!(e.errno(), Some(libc::EADDRINUSE));
    assert_eq!(e.message(), &expected["[Errno 98] ".len()..]);

    let (class, message) = python_error(PY_CREATE_SERVER_IN_USE, &[port.to_string()]);
    assert_eq!(
        (e.exception().name(), e.to_string()),
        (class.as_str(), message)
    );
}

/// Python's `create_server` asking for dual-stack with AF_INET.
const PY_DUALSTACK_INET: &str =
    r#"socket.create_server(("127.0.0.1", 0), family=socket.AF_INET, dualstack_ipv6=True)"#;

#[test]
fn dualstack_ipv6_with_af_inet_is_value_error() {
    let e = create_server(("127.0.0.1", 0), AF_INET, None, false, true)
        .expect_err("dualstack needs AF_INET6");
    assert_eq!(e.exception(), Exception::ValueError);
    assert_eq!(e.to_string(), "dualstack_ipv6 requires AF_INET6 family");
    assert_eq!(e.errno(), None);
    let (class, message) = python_error(PY_DUALSTACK_INET, &[]);
    assert_eq!(
        (e.exception().name(), e.to_string()),
        (class.as_str(), message)
    );
}

#[test]
fn dualstack_ipv6_server_accepts_an_ipv4_client() {
    if !ipv6_loopback("dualstack_ipv6_server_accepts_an_ipv4_client") {
        return;
    }
    within(10.0, || {
        // Python's dual-stack idiom binds the IPv6 wildcard "::"; the tests stay on loopback,
        // so this binds IPv4 loopback in its IPv6 form, which only a dual-stack socket can.
        let server = create_server(("::ffff:127.0.0.1", 0), AF_INET6, None, false, true).unwrap();
        assert_eq!(server.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY).unwrap(), 0);
        let port = port_of(&server);
        let client = create_connection(("127.0.0.1", port), Some(5.0), None).unwrap();
        assert_eq!(client.family(), AF_INET);
        let (conn, peer) = server.accept().unwrap();
        let client_port = port_of(&client);
        assert_eq!(
            peer,
            Address::Inet6("::ffff:127.0.0.1".into(), client_port, 0, 0)
        );
        assert_eq!(
            peer.to_string(),
            format!("('::ffff:127.0.0.1', {client_port}, 0, 0)")
        );
        client.sendall(b"over IPv4").unwrap();
        assert_eq!(conn.recv(64).unwrap(), b"over IPv4");
        conn.sendall(b"from IPv6").unwrap();
        assert_eq!(client.recv(64).unwrap(), b"from IPv6");

        // Without dualstack_ipv6, an AF_INET6 server is IPv6-only.
        let v6only = create_server(("::1", 0), AF_INET6, None, false, false).unwrap();
        assert_eq!(v6only.getsockopt(IPPROTO_IPV6, IPV6_V6ONLY).unwrap(), 1);
    });
}

#[test]
fn socketpair_carries_bytes_both_ways() {
    within(10.0, || {
        let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap();
        assert_eq!((a.family(), a.type_()), (AF_UNIX, SOCK_STREAM));
        assert_eq!((b.family(), b.type_()), (AF_UNIX, SOCK_STREAM));
        assert_eq!((a.gettimeout(), b.gettimeout()), (None, None));
        a.sendall(b"a to b").unwrap();
        assert_eq!(b.recv(64).unwrap(), b"a to b");
        b.sendall(b"b to a").unwrap();
        assert_eq!(a.recv(64).unwrap(), b"b to a");
        drop(a);
        assert_eq!(b.recv(64).unwrap(), b"", "the peer closed");
    });
}

#[test]
fn datagram_socketpair_keeps_message_boundaries_both_ways() {
    within(10.0, || {
        let (a, b) = socketpair(AF_UNIX, SOCK_DGRAM, 0).unwrap();
        assert_eq!(a.getsockopt(SOL_SOCKET, SO_TYPE).unwrap(), SOCK_DGRAM);
        a.sendall(b"one").unwrap();
        a.sendall(b"two").unwrap();
        assert_eq!(b.recv(64).unwrap(), b"one");
        assert_eq!(b.recv(64).unwrap(), b"two");
        b.sendall(b"back").unwrap();
        assert_eq!(a.recv(64).unwrap(), b"back");
    });
}
