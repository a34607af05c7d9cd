//! Unix domain sockets (AF_UNIX, SOCK_STREAM and SOCK_DGRAM) on paths in a temporary
//! directory and on Linux abstract names: addresses as Python prints them, the path errors,
//! and socketpair.

mod util;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use pynet::socket::{
    AF_UNIX, Address, Exception, Result, SOCK_DGRAM, SOCK_STREAM, Socket, socketpair,
};
use tempfile::TempDir;

/// Runs a test body under a 10 s limit and fails the test with Python's traceback line if it
/// returns an error.
fn run(body: impl FnOnce() -> Result<()> + Send + 'static) {
    util::within(10.0, body).unwrap();
}

fn tempdir() -> TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// A Linux abstract name unique to this process and test: `\0pynet-<pid>-<test>`.
fn abstract_name(test: &str) -> String {
    format!("\0pynet-{}-{test}", std::process::id())
}

/// A listening unix stream socket on `path`.
fn listener(path: &Path) -> Result<Socket> {
    let server = Socket::new(AF_UNIX, SOCK_STREAM, 0)?;
    server.bind(path)?;
    server.listen(5)?;
    Ok(server)
}

/// The unbound address: Python's `''`.
fn unnamed() -> Address {
    Address::Unix(PathBuf::new())
}

#[test]
fn stream_socket_on_a_path_carries_bytes_both_ways() {
    run(|| {
        let dir = tempdir();
        let path = dir.path().join("echo.sock");
        let server = listener(&path)?;
        let client = Socket::new(AF_UNIX, SOCK_STREAM, 0)?;
        client.connect(&path)?;
        let (conn, address) = server.accept()?;
        assert_eq!(address, unnamed());
        assert_eq!(client.getpeername()?, Address::from(&path));
        assert_eq!(conn.getsockname()?, Address::from(&path));
        assert_eq!(conn.getpeername()?, unnamed());
        assert_eq!((conn.family(), conn.type_()), (AF_UNIX, SOCK_STREAM));
        client.sendall(b"over a unix socket")?;
        assert_eq!(conn.recv(1024)?, b"over a unix socket");
        conn.sendall(b"and back")?;
        drop(conn);
        assert_eq!(client.recv(1024)?, b"and back");
        assert_eq!(client.recv(1024)?, b"");
        Ok(())
    });
}

#[test]
fn getsockname_prints_the_path_as_python_str_and_repr() {
    run(|| {
        let dir = tempdir();
        let path = dir.path().join("server.sock");
        let text = path.to_str().expect("a UTF-8 temporary path").to_string();
        let server = listener(&path)?;
        let name = server.getsockname()?;
        assert_eq!(name, Address::Unix(path.clone()));
        assert_eq!(name.path(), Some(path.as_path()));
        assert_eq!((name.host(), name.port()), (None, None));
        assert_eq!(name.to_string(), text);
        assert_eq!(format!("{name:?}"), format!("'{text}'"));
        assert_eq!(
            format!("{server:?}"),
            format!(
                "<socket.socket fd={}, family=1, type=1, proto=0, laddr={text}>",
                server.fileno()
            )
        );
        let client = Socket::new(AF_UNIX, SOCK_STREAM, 0)?;
        client.connect(&path)?;
        assert_eq!(
            format!("{client:?}"),
            format!(
                "<socket.socket fd={}, family=1, type=1, proto=0, raddr={text}>",
                client.fileno()
            )
        );
        Ok(())
    });
}

#[test]
fn path_with_a_single_quote_is_repr_in_double_quotes() {
    run(|| {
        let dir = tempdir();
        let path = dir.path().join("it's.sock");
        let text = path.to_str().expect("a UTF-8 temporary path").to_string();
        let s = Socket::new(AF_UNIX, SOCK_STREAM, 0)?;
        s.bind(&path)?;
        let name = s.getsockname()?;
        assert_eq!(name.to_string(), text);
        assert_eq!(format!("{name:?}"), format!("\"{text}\""));
        Ok(())
    });
}

#[test]
fn non_utf8_path_repr_uses_surrogate_escapes_as_python() {
    run(|| {
        let dir = tempdir();
        let mut bytes = dir.path().as_os_str().as_bytes().to_vec();
        bytes.extend_from_slice(b"/caf\xe9");
        let path = PathBuf::from(OsStr::from_bytes(&bytes));
        let s = Socket::new(AF_UNIX, SOCK_STREAM, 0)?;
        s.bind(&path)?;
        let name = s.getsockname()?;
        assert_eq!(name, Address::Unix(path));
        // Python decodes the path with surrogateescape: repr is '/tmp/.../caf\udce9'.
        let dir_text = dir.path().to_str().expect("a UTF-8 temporary path");
        assert_eq!(format!("{name:?}"), format!("'{dir_text}/caf\\udce9'"));
        Ok(())
    });
}

#[test]
fn unbound_socket_getsockname_is_the_empty_path() {
    run(|| {
        for kind in [SOCK_STREAM, SOCK_DGRAM] {
            let s = Socket::new(AF_UNIX, kind, 0)?;
            let name = s.getsockname()?;
            assert_eq!(name, unnamed());
            assert_eq!(name, Address::from(""));
            assert_eq!(name.to_string(), "");
            assert_eq!(format!("{name:?}"), "''");
            assert_eq!(
                format!("{s:?}"),
                format!(
                    "<socket.socket fd={}, family=1, type={kind}, proto=0>",
                    s.fileno()
                )
            );
        }
        Ok(())
    });
}

#[test]
fn abstract_name_prints_as_bytes_and_accepts_connections() {
    run(|| {
        let name = abstract_name("abstract");
        let server = Socket::new(AF_UNIX, SOCK_STREAM, 0)?;
        server.bind(name.as_str())?;
        server.listen(1)?;
        let address = server.getsockname()?;
        assert_eq!(address, Address::from(name.as_str()));
        let shown = format!("b'\\x00{}'", &name[1..]);
        assert_eq!(address.to_string(), shown);
        assert_eq!(format!("{address:?}"), shown);
        assert_eq!(
            format!("{server:?}"),
            format!(
                "<socket.socket fd={}, family=1, type=1, proto=0, laddr={shown}>",
                server.fileno()
            )
        );
        let client = Socket::new(AF_UNIX, SOCK_STREAM, 0)?;
        client.connect(name.as_str())?;
        assert_eq!(client.getpeername()?, address);
        let (conn, _) = server.accept()?;
        client.sendall(b"no file on disk")?;
        assert_eq!(conn.recv(64)?, b"no file on disk");
        Ok(())
    });
}

#[test]
fn abstract_name_with_special_bytes_prints_escaped() {
    run(|| {
        let name = format!("{}\tend\u{ff}", abstract_name("escapes"));
        let s = Socket::new(AF_UNIX, SOCK_DGRAM, 0)?;
        s.bind(name.as_str())?;
        let pid = std::process::id();
        // What Python prints for the same name: the UTF-8 bytes, escaped.
        assert_eq!(
            s.getsockname()?.to_string(),
            format!("b'\\x00pynet-{pid}-escapes\\tend\\xc3\\xbf'")
        );
        Ok(())
    });
}

#[test]
fn abstract_name_may_fill_all_108_bytes_but_not_more() {
    run(|| {
        let mut name = abstract_name("longest");
        while name.len() < 108 {
            name.push('a');
        }
        let s = Socket::new(AF_UNIX, SOCK_DGRAM, 0)?;
        s.bind(name.as_str())?;
        assert_eq!(s.getsockname()?, Address::from(name.as_str()));
        name.push('a');
        let e = Socket::new(AF_UNIX, SOCK_DGRAM, 0)?
            .bind(name.as_str())
            .unwrap_err();
        assert_eq!(e.to_string(), "AF_UNIX path too long");
        assert_eq!(e.exception(), Exception::OSError);
        Ok(())
    });
}

#[test]
fn connect_to_a_missing_path_is_file_not_found() {
    run(|| {
        let dir = tempdir();
        let e = Socket::new(AF_UNIX, SOCK_STREAM, 0)?
            .connect(dir.path().join("missing.sock"))
            .unwrap_err();
        assert_eq!(e.to_string(), "[Errno 2] No such file or directory");
        assert_eq!(
            format!("{e:?}"),
            "FileNotFoundError: [Errno 2] No such file or directory"
        );
        assert_eq!(e.exception(), Exception::FileNotFoundError);
        assert_eq!(e.errno(), Some(2));
        assert!(e.is_instance(Exception::OSError));
        Ok(())
    });
}

#[test]
fn connect_to_a_path_nobody_listens_on_is_connection_refused() {
    run(|| {
        let dir = tempdir();
        let path = dir.path().join("bound-only.sock");
        let _holder = {
            let s = Socket::new(AF_UNIX, SOCK_STREAM, 0)?;
            s.bind(&path)?;
            s
        };
        let e = Socket::new(AF_UNIX, SOCK_STREAM, 0)?
            .connect(&path)
            .unwrap_err();
        assert_eq!(
            format!("{e:?}"),
            "ConnectionRefusedError: [Errno 111] Connection refused"
        );
        Ok(())
    });
}

#[test]
fn bind_to_an_existing_path_is_address_already_in_use() {
    run(|| {
        let dir = tempdir();
        let path = dir.path().join("taken.sock");
        let _first = listener(&path)?;
        let e = Socket::new(AF_UNIX, SOCK_STREAM, 0)?
            .bind(&path)
            .unwrap_err();
        assert_eq!(
            format!("{e:?}"),
            "OSError: [Errno 98] Address already in use"
        );
        assert_eq!(e.errno(), Some(98));
        Ok(())
    });
}

#[test]
fn path_longer_than_107_bytes_is_too_long() {
    run(|| {
        let dir = tempdir();
        let base = dir.path().as_os_str().len() + 1;
        assert!(
            base < 100,
            "the temporary directory's path is too long for this test"
        );
        let longest = dir.path().join("a".repeat(107 - base));
        assert_eq!(longest.as_os_str().len(), 107);
        let s = Socket::new(AF_UNIX, SOCK_STREAM, 0)?;
        s.bind(&longest)?;
        assert_eq!(s.getsockname()?, Address::Unix(longest));

        let too_long = dir.path().join("b".repeat(108 - base));
        for result in [
            Socket::new(AF_UNIX, SOCK_STREAM, 0)?.bind(&too_long),
            Socket::new(AF_UNIX, SOCK_STREAM, 0)?.connect(&too_long),
            Socket::new(AF_UNIX, SOCK_DGRAM, 0)?
                .sendto(b"x", &too_long)
                .map(drop),
        ] {
            let e = result.unwrap_err();
            assert_eq!(e.to_string(), "AF_UNIX path too long");
            assert_eq!(format!("{e:?}"), "OSError: AF_UNIX path too long");
            assert_eq!(e.errno(), None);
        }
        Ok(())
    });
}

#[test]
fn dgram_sockets_on_paths_report_the_sender_path() {
    run(|| {
        let dir = tempdir();
        let (a_path, b_path) = (dir.path().join("a.sock"), dir.path().join("b.sock"));
        let a = Socket::new(AF_UNIX, SOCK_DGRAM, 0)?;
        a.bind(&a_path)?;
        let b = Socket::new(AF_UNIX, SOCK_DGRAM, 0)?;
        b.bind(&b_path)?;
        assert_eq!(a.sendto(b"first", &b_path)?, 5);
        a.sendto(b"second", &b_path)?;
        assert_eq!(
            b.recvfrom(1024)?,
            (b"first".to_vec(), Address::from(&a_path))
        );
        let mut buffer = [0u8; 16];
        assert_eq!(b.recvfrom_into(&mut buffer)?, (6, Address::from(&a_path)));
        assert_eq!(&buffer[..6], b"second");
        b.connect(&a_path)?;
        b.send(b"reply")?;
        let (data, from) = a.recvfrom(1024)?;
        assert_eq!(data, b"reply");
        assert_eq!(from.to_string(), b_path.to_str().expect("a UTF-8 path"));
        Ok(())
    });
}

#[test]
fn dgram_from_an_unbound_sender_has_address_none() {
    run(|| {
        let dir = tempdir();
        let path = dir.path().join("receiver.sock");
        let receiver = Socket::new(AF_UNIX, SOCK_DGRAM, 0)?;
        receiver.bind(&path)?;
        let sender = Socket::new(AF_UNIX, SOCK_DGRAM, 0)?;
        sender.sendto(b"anonymous", &path)?;
        let (data, from) = receiver.recvfrom(1024)?;
        assert_eq!(data, b"anonymous");
        assert_eq!(from, Address::None);
        assert_eq!(format!("{from:?}"), "None");
        Ok(())
    });
}

#[test]
fn socketpair_stream_connects_both_ends() {
    run(|| {
        let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0)?;
        assert_eq!(
            (a.family(), a.type_(), a.proto()),
            (AF_UNIX, SOCK_STREAM, 0)
        );
        assert_eq!(a.getsockname()?, unnamed());
        assert_eq!(a.getpeername()?, unnamed());
        assert_eq!(format!("{:?}", b.getpeername()?), "''");
        assert_eq!(
            format!("{a:?}"),
            format!(
                "<socket.socket fd={}, family=1, type=1, proto=0>",
                a.fileno()
            )
        );
        a.sendall(b"ping")?;
        assert_eq!(b.recv(64)?, b"ping");
        b.sendall(b"pong")?;
        assert_eq!(a.recv(64)?, b"pong");
        drop(b);
        assert_eq!(a.recv(64)?, b"");
        Ok(())
    });
}

#[test]
fn socketpair_dgram_keeps_message_boundaries() {
    run(|| {
        let (a, b) = socketpair(AF_UNIX, SOCK_DGRAM, 0)?;
        assert_eq!((b.family(), b.type_()), (AF_UNIX, SOCK_DGRAM));
        a.send(b"one")?;
        a.send(b"two")?;
        a.sendall(b"")?;
        assert_eq!(b.recv(64)?, b"one");
        assert_eq!(b.recvfrom(64)?, (b"two".to_vec(), Address::None));
        assert_eq!(b.recv(64)?, b"");
        b.send(b"0123456789")?;
        assert_eq!(a.recv(4)?, b"0123");
        Ok(())
    });
}
