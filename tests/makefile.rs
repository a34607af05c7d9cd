//! `makefile` behaves as Python's: line reading with newlines kept, buffered writing that
//! reaches the peer on flush, Python's errors for the side a mode left out and for bad modes,
//! and a file that outlives its socket.

mod util;

use std::io::{BufRead, Read, Write};

use pynet::socket::{AF_UNIX, Error, Exception, SOCK_STREAM, Socket, SocketFile, socketpair};
use serde_json::{Value, json};
use util::{Parity, within};

/// A connected unix stream pair; the peer (second) has a timeout so that a bug fails with
/// `timed out` rather than a hang inside the time limit.
fn pair() -> (Socket, Socket) {
    let (a, b) = socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    b.settimeout(Some(5.0)).unwrap();
    (a, b)
}

/// Reads lines with `readline` until it returns `b""`, and then once more.
fn readlines(file: &mut SocketFile) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    loop {
        let line = file.readline().unwrap();
        if line.is_empty() {
            break;
        }
        lines.push(line);
    }
    assert_eq!(file.readline().unwrap(), b"", "readline after EOF");
    lines
}

/// The peer's non-blocking `recv` (a per-call timeout of 0.0, whatever the peer's own
/// timeout): what has arrived, or the error saying nothing has.
fn peek_arrived(peer: &Socket) -> Result<Vec<u8>, Error> {
    peer.with_timeout(Some(0.0)).recv(65536)
}

fn assert_nothing_arrived(peer: &Socket) {
    let e = peek_arrived(peer).expect_err("nothing should have reached the peer yet");
    assert_eq!(e.exception(), Exception::BlockingIOError);
    assert_eq!(e.errno(), Some(libc::EAGAIN));
    assert_eq!(e.to_string(), "[Errno 11] Resource temporarily unavailable");
}

#[test]
fn rb_readline_keeps_newlines_and_returns_empty_at_eof() {
    within(10.0, || {
        let (a, b) = pair();
        let mut f = a.makefile("rb").unwrap();
        b.sendall(b"one\ntwo\n\nthree\n").unwrap();
        b.close().unwrap();
        let lines = readlines(&mut f);
        assert_eq!(lines, [&b"one\n"[..], b"two\n", b"\n", b"three\n"]);
    });
}

#[test]
fn rb_readline_returns_a_partial_last_line_without_newline() {
    within(10.0, || {
        let (a, b) = pair();
        let mut f = a.makefile("rb").unwrap();
        b.sendall(b"first\nlast, no newline").unwrap();
        b.close().unwrap();
        let lines = readlines(&mut f);
        assert_eq!(lines, [&b"first\n"[..], b"last, no newline"]);
    });
}

#[test]
fn rb_readline_joins_a_line_sent_in_pieces() {
    within(10.0, || {
        let (a, b) = pair();
        let mut f = a.makefile("rb").unwrap();
        let sender = std::thread::spawn(move || {
            for piece in [&b"he"[..], b"llo wo", b"rld\nsecond", b" line\n"] {
                b.sendall(piece).unwrap();
            }
            b
        });
        assert_eq!(f.readline().unwrap(), b"hello world\n");
        assert_eq!(f.readline().unwrap(), b"second line\n");
        drop(sender.join().unwrap());
        assert_eq!(f.readline().unwrap(), b"");
    });
}

#[test]
fn wb_write_reaches_the_peer_only_after_flush() {
    within(10.0, || {
        let (a, b) = pair();
        let mut f = a.makefile("wb").unwrap();
        f.write_all(b"hello\n").unwrap();
        f.write_all(&[b'x'; 8000]).unwrap();
        // 8006 bytes: under Python's 8192-byte buffer, so all of them wait for flush.
        assert_nothing_arrived(&b);
        f.flush().unwrap();
        let mut expected = b"hello\n".to_vec();
        expected.extend_from_slice(&[b'x'; 8000]);
        assert_eq!(util::recv_exactly(&b, expected.len()).unwrap(), expected);
        assert_nothing_arrived(&b);
    });
}

#[test]
fn wb_close_flushes_what_is_buffered() {
    within(10.0, || {
        let (a, b) = pair();
        let mut f = a.makefile("wb").unwrap();
        f.write_all(b"bye\n").unwrap();
        assert_nothing_arrived(&b);
        f.close().unwrap();
        assert_eq!(util::recv_exactly(&b, 4).unwrap(), b"bye\n");
    });
}

#[test]
fn rwb_reads_and_writes_on_one_file() {
    within(10.0, || {
        let (a, b) = pair();
        let mut f = a.makefile("rwb").unwrap();
        let echo = std::thread::spawn(move || {
            let line = util::recv_exactly(&b, 5).unwrap();
            b.sendall(b"echo: ").unwrap();
            b.sendall(&line).unwrap();
            b
        });
        f.write_all(b"ping\n").unwrap();
        f.flush().unwrap();
        assert_eq!(f.readline().unwrap(), b"echo: ping\n");
        drop(echo.join().unwrap());
        assert_eq!(f.readline().unwrap(), b"");
    });
}

#[test]
fn writing_a_read_only_file_is_unsupported_operation_write() {
    within(10.0, || {
        let (a, _b) = pair();
        // Binary modes: Python's text files word it differently ("not writable").
        for mode in ["rb", "b", "br"] {
            let mut f = a.makefile(mode).unwrap();
            let io_error = f
                .write_all(b"x")
                .expect_err("a read-only file must not write");
            assert_eq!(
                io_error.kind(),
                std::io::ErrorKind::Unsupported,
                "mode {mode:?}"
            );
            let e = Error::from(io_error);
            assert_eq!(
                e.exception(),
                Exception::UnsupportedOperation,
                "mode {mode:?}"
            );
            assert_eq!(e.to_string(), "write", "mode {mode:?}");
            assert_eq!(e.errno(), None);
            assert!(e.is_instance(Exception::OSError) && e.is_instance(Exception::ValueError));
        }
    });
}

#[test]
fn reading_a_write_only_file_is_unsupported_operation_read() {
    within(10.0, || {
        let (a, b) = pair();
        b.sendall(b"data that must stay unread\n").unwrap();
        for mode in ["wb", "bw"] {
            let mut f = a.makefile(mode).unwrap();
            let mut buffer = [0u8; 16];
            let read = f
                .read(&mut buffer)
                .expect_err("a write-only file must not read");
            let readline = f.readline().expect_err("nor read lines");
            let e = Error::from(read);
            assert_eq!(
                e.exception(),
                Exception::UnsupportedOperation,
                "mode {mode:?}"
            );
            assert_eq!(e.to_string(), "read", "mode {mode:?}");
            // Python's BufferedWriter.readline fails in read() too: io.UnsupportedOperation: read.
            assert_eq!(readline.exception(), Exception::UnsupportedOperation);
            assert_eq!(readline.to_string(), "read", "readline, mode {mode:?}");
        }
        // Nothing was consumed from the socket.
        assert_eq!(a.recv(64).unwrap(), b"data that must stay unread\n");
    });
}

#[test]
fn makefile_modes_match_python() {
    let modes = [
        "", "r", "w", "b", "rb", "wb", "rwb", "rw", "x", "rwx", "R", " r", "rr", "bw", "wr", "brw",
        "rt", "a", "r+", "rb\0",
    ];
    let mut table = Parity::new("makefile modes");
    let (a, _b) = socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    for mode in modes {
        let ours = a
            .makefile(mode)
            .and_then(|f| f.close())
            .map(|()| Value::Null);
        table.case("sock_makefile", json!([mode]), ours);
    }
    table.check();
}

#[test]
fn invalid_mode_is_value_error_with_python_text() {
    let (a, _b) = socketpair(AF_UNIX, SOCK_STREAM, 0).unwrap();
    let e = a.makefile("x").expect_err("x is not a mode");
    assert_eq!(e.exception(), Exception::ValueError);
    assert_eq!(e.to_string(), "invalid mode 'x' (only r, w, b allowed)");
    assert_eq!(
        format!("{e:?}"),
        "ValueError: invalid mode 'x' (only r, w, b allowed)"
    );
}

#[test]
fn file_keeps_working_after_its_socket_is_dropped() {
    within(10.0, || {
        let (a, b) = pair();
        let mut f = a.makefile("rwb").unwrap();
        drop(a);
        f.write_all(b"still here\n").unwrap();
        f.flush().unwrap();
        assert_eq!(util::recv_exactly(&b, 11).unwrap(), b"still here\n");
        b.sendall(b"and back\n").unwrap();
        assert_eq!(f.readline().unwrap(), b"and back\n");
        // The peer sees EOF only when the file, the last holder of the descriptor, goes.
        assert_nothing_arrived(&b);
        drop(f);
        assert_eq!(b.recv(16).unwrap(), b"");
    });
}

#[test]
fn bufread_lines_splits_on_newlines() {
    within(10.0, || {
        let (a, b) = pair();
        let f = a.makefile("r").unwrap();
        b.sendall(b"alpha\nbeta\r\n\ngamma").unwrap();
        drop(b);
        let lines: Vec<String> = f.lines().map(Result::unwrap).collect();
        assert_eq!(lines, ["alpha", "beta", "", "gamma"]);
    });
}

#[test]
fn bufread_lines_reports_invalid_utf8_as_an_error() {
    within(10.0, || {
        let (a, b) = pair();
        let f = a.makefile("rb").unwrap();
        b.sendall(b"ok\n\xff\xfe\n").unwrap();
        drop(b);
        let lines: Vec<_> = f.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].as_ref().unwrap(), "ok");
        let e = lines[1].as_ref().expect_err("\\xff\\xfe is not UTF-8");
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
    });
}
