//! The TCP, UDP and unix servers: which socket each makes, and what its handlers get.
//!
//! | Python | address family | socket type | handlers get |
//! |---|---|---|---|
//! | `TCPServer` | `AF_INET` (`AF_INET6` for an IPv6 address) | `SOCK_STREAM` | [`StreamRequest`] |
//! | `UDPServer` | `AF_INET` (`AF_INET6` for an IPv6 address) | `SOCK_DGRAM` | [`DatagramRequest`] |
//! | `UnixStreamServer` | `AF_UNIX` | `SOCK_STREAM` | [`StreamRequest`] |
//! | `UnixDatagramServer` | `AF_UNIX` | `SOCK_DGRAM` | [`DatagramRequest`] |
//!
//! Python's `TCPServer` is always `AF_INET`, and an IPv6 server is a subclass setting
//! `address_family = socket.AF_INET6`. pynet has no subclasses: a TCP or UDP server is
//! `AF_INET6` when its address is an IPv6 one (a 4-tuple, or a host with a `:` in it).

use super::handlers::{DatagramRequest, Request, StreamRequest};
use crate::socket::{AF_INET, AF_INET6, AF_UNIX, Address, SOCK_DGRAM, SOCK_STREAM};

/// The kind of server: [`Tcp`], [`Udp`], [`UnixStream`] or [`UnixDatagram`].
pub trait Kind: sealed::KindParts {
    /// What this server's handlers get: [`StreamRequest`] or [`DatagramRequest`].
    type Request: Request;
}

pub(crate) mod sealed {
    use super::Address;

    /// The socket a server of this kind makes.
    pub trait KindParts {
        /// `SOCK_STREAM` or `SOCK_DGRAM`.
        const SOCK_TYPE: i32;

        /// The address family for this server address.
        fn family(address: &Address) -> i32;
    }
}

/// The family of a TCP or UDP server: `AF_INET6` for an IPv6 address, else `AF_INET`.
fn inet_family(address: &Address) -> i32 {
    match address {
        Address::Inet6(..) => AF_INET6,
        Address::Inet(host, _) if host.contains(':') => AF_INET6,
        _ => AF_INET,
    }
}

/// Python's `TCPServer` family: stream sockets over IP.
#[derive(Debug)]
pub struct Tcp;

impl Kind for Tcp {
    type Request = StreamRequest;
}

impl sealed::KindParts for Tcp {
    const SOCK_TYPE: i32 = SOCK_STREAM;

    fn family(address: &Address) -> i32 {
        inet_family(address)
    }
}

/// Python's `UDPServer` family: datagram sockets over IP.
#[derive(Debug)]
pub struct Udp;

impl Kind for Udp {
    type Request = DatagramRequest;
}

impl sealed::KindParts for Udp {
    const SOCK_TYPE: i32 = SOCK_DGRAM;

    fn family(address: &Address) -> i32 {
        inet_family(address)
    }
}

/// Python's `UnixStreamServer` family: stream sockets on a path.
#[derive(Debug)]
pub struct UnixStream;

impl Kind for UnixStream {
    type Request = StreamRequest;
}

impl sealed::KindParts for UnixStream {
    const SOCK_TYPE: i32 = SOCK_STREAM;

    fn family(_: &Address) -> i32 {
        AF_UNIX
    }
}

/// Python's `UnixDatagramServer` family: datagram sockets on a path.
#[derive(Debug)]
pub struct UnixDatagram;

impl Kind for UnixDatagram {
    type Request = DatagramRequest;
}

impl sealed::KindParts for UnixDatagram {
    const SOCK_TYPE: i32 = SOCK_DGRAM;

    fn family(_: &Address) -> i32 {
        AF_UNIX
    }
}
