//! The error type: each errno gets Python's class and text, the class hierarchy answers
//! `isinstance` as Python's does, and conversions to and from `std::io::Error` lose nothing.

mod util;

use std::io;

use pynet::socket::{Error, Exception};
use serde_json::json;
use util::Parity;

/// Every class pynet's errors can have, with the Python expression naming it.
const CLASSES: &[(Exception, &str)] = &[
    (Exception::OSError, "OSError"),
    (Exception::BlockingIOError, "BlockingIOError"),
    (Exception::ChildProcessError, "ChildProcessError"),
    (Exception::ConnectionError, "ConnectionError"),
    (Exception::BrokenPipeError, "BrokenPipeError"),
    (Exception::ConnectionAbortedError, "ConnectionAbortedError"),
    (Exception::ConnectionRefusedError, "ConnectionRefusedError"),
    (Exception::ConnectionResetError, "ConnectionResetError"),
    (Exception::FileExistsError, "FileExistsError"),
    (Exception::FileNotFoundError, "FileNotFoundError"),
    (Exception::InterruptedError, "InterruptedError"),
    (Exception::IsADirectoryError, "IsADirectoryError"),
    (Exception::NotADirectoryError, "NotADirectoryError"),
    (Exception::PermissionError, "PermissionError"),
    (Exception::ProcessLookupError, "ProcessLookupError"),
    (Exception::TimeoutError, "TimeoutError"),
    (Exception::GaiError, "socket.gaierror"),
    (Exception::HError, "socket.herror"),
    (Exception::ValueError, "ValueError"),
    (Exception::TypeError, "TypeError"),
    (Exception::OverflowError, "OverflowError"),
    (Exception::UnicodeError, "UnicodeError"),
    (Exception::MemoryError, "MemoryError"),
    (Exception::EOFError, "EOFError"),
    (Exception::KeyError, "KeyError"),
    (Exception::NTPException, "ntplib.NTPException"),
    (Exception::DNSError, "idiokit.dns.DNSError"),
    (Exception::MessageError, "idiokit.dns.MessageError"),
    (Exception::NotEnoughData, "idiokit.dns.NotEnoughData"),
    (Exception::ResponseError, "idiokit.dns.ResponseError"),
    (Exception::SSLError, "ssl.SSLError"),
    (
        Exception::SSLCertVerificationError,
        "ssl.SSLCertVerificationError",
    ),
    (Exception::SSLZeroReturnError, "ssl.SSLZeroReturnError"),
    (Exception::SSLEOFError, "ssl.SSLEOFError"),
    (Exception::URLError, "urllib.error.URLError"),
    (Exception::HTTPError, "urllib.error.HTTPError"),
    (Exception::HTTPException, "http.client.HTTPException"),
    (Exception::BadStatusLine, "http.client.BadStatusLine"),
    (Exception::LineTooLong, "http.client.LineTooLong"),
    (Exception::IncompleteRead, "http.client.IncompleteRead"),
    (
        Exception::RemoteDisconnected,
        "http.client.RemoteDisconnected",
    ),
    (Exception::UnsupportedOperation, "io.UnsupportedOperation"),
];

#[test]
fn every_errno_gets_pythons_class_and_text() {
    let mut table = Parity::new("OSError(errno)");
    for errno in 0..=140 {
        let ours = Error::from_errno(errno);
        table.case("oserror", json!([errno]), Err(ours));
    }
    table.check();
}

/// The classes pynet takes from libraries that are not in Python's standard library
/// (ntplib; idiokit, which is Python 2 only), declared as those libraries declare them.
const LIBRARY_CLASSES: &str = "\
from types import SimpleNamespace
class NTPException(Exception): pass
class DNSError(Exception): pass
class MessageError(DNSError): pass
class ResponseError(DNSError): pass
class NotEnoughData(MessageError): pass
ntplib = SimpleNamespace(NTPException=NTPException)
idiokit = SimpleNamespace(dns=SimpleNamespace(
    DNSError=DNSError, MessageError=MessageError, ResponseError=ResponseError,
    NotEnoughData=NotEnoughData))";

#[test]
fn class_names_and_hierarchy_match_python() {
    let names: Vec<&str> = CLASSES.iter().map(|(_, name)| *name).collect();
    let script = format!(
        "{LIBRARY_CLASSES}\n\
         import http.client, io, json, socket, ssl, urllib.error\n\
         names = {names:?}\n\
         classes = [eval(n) for n in names]\n\
         print(json.dumps([[issubclass(a, b) for b in classes] for a in classes]))"
    );
    let python: Vec<Vec<bool>> =
        serde_json::from_str(&util::python_output(&script, &[])).expect("JSON");
    let mut compared = 0;
    for (i, (a, a_name)) in CLASSES.iter().enumerate() {
        assert_eq!(a.name(), *a_name);
        for (j, (b, b_name)) in CLASSES.iter().enumerate() {
            assert_eq!(
                a.is_subclass(*b),
                python[i][j],
                "issubclass({a_name}, {b_name})"
            );
            compared += 1;
        }
    }
    println!("parity issubclass: {compared} cases compared, {compared} equal");
}

#[test]
fn display_is_str_and_debug_is_the_traceback_line() {
    let refused = Error::from_errno(libc::ECONNREFUSED);
    assert_eq!(refused.to_string(), "[Errno 111] Connection refused");
    assert_eq!(
        format!("{refused:?}"),
        "ConnectionRefusedError: [Errno 111] Connection refused"
    );
    assert_eq!(refused.errno(), Some(111));
    assert_eq!(refused.message(), "Connection refused");
    assert!(refused.is_instance(Exception::ConnectionError));
    assert!(refused.is_instance(Exception::OSError));
    assert!(!refused.is_instance(Exception::TimeoutError));

    let timeout = Error::timeout();
    assert_eq!(timeout.to_string(), "timed out");
    assert_eq!(format!("{timeout:?}"), "TimeoutError: timed out");
    assert_eq!(timeout.errno(), None);
    assert!(timeout.is_timeout());

    let gai = Error::with_errno(Exception::GaiError, -2, "Name or service not known");
    assert_eq!(
        format!("{gai:?}"),
        "socket.gaierror: [Errno -2] Name or service not known"
    );
}

#[test]
fn system_errors_become_raw_os_errors_and_come_back_equal() {
    for errno in [
        libc::ECONNREFUSED,
        libc::EADDRINUSE,
        libc::EAGAIN,
        libc::EPIPE,
    ] {
        let ours = Error::from_errno(errno);
        let io_error = io::Error::from(ours.clone());
        assert_eq!(io_error.raw_os_error(), Some(errno));
        assert_eq!(Error::from(io_error), ours);
    }
    let refused = io::Error::from(Error::from_errno(libc::ECONNREFUSED));
    assert_eq!(refused.kind(), io::ErrorKind::ConnectionRefused);
}

#[test]
fn other_errors_travel_inside_io_errors_unchanged() {
    let cases = [
        Error::timeout(),
        Error::with_errno(Exception::GaiError, -2, "Name or service not known"),
        Error::with_errno(Exception::HError, 1, "Unknown host"),
        Error::new(Exception::OSError, "port/proto not found"),
        Error::new(Exception::ValueError, "negative buffersize in recv"),
        // An errno with a message of its own, as create_server words a bind failure.
        Error::with_errno(
            Exception::OSError,
            98,
            "Address already in use (while attempting to bind on address ('127.0.0.1', 1))",
        ),
    ];
    for ours in cases {
        let io_error = io::Error::from(ours.clone());
        assert_eq!(io_error.to_string(), ours.to_string());
        assert_eq!(Error::from(io_error), ours);
    }
    assert_eq!(
        io::Error::from(Error::timeout()).kind(),
        io::ErrorKind::TimedOut
    );
}

#[test]
fn std_io_errors_without_errno_get_a_python_class() {
    let timed_out = Error::from(io::Error::from(io::ErrorKind::TimedOut));
    assert_eq!(timed_out, Error::timeout());
    let would_block = Error::from(io::Error::from(io::ErrorKind::WouldBlock));
    assert_eq!(
        would_block.to_string(),
        "[Errno 11] Resource temporarily unavailable"
    );
    assert_eq!(would_block.exception(), Exception::BlockingIOError);
    let other = Error::from(io::Error::other("something else"));
    assert_eq!(other.exception(), Exception::OSError);
    assert_eq!(other.to_string(), "something else");
}
