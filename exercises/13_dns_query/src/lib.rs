//! # Exercise 13: `dns_query`, a DNS query by hand
//!
//! pynet's `dns` module asks DNS questions for us. Here we do its work ourselves, with nothing
//! but a UDP socket and the bytes of RFC 1035: build a query for the A records of a name, send
//! it, check that a datagram is the reply to *our* question, and read the addresses out of it.
//!
//! ## The wire format
//!
//! Every number is big-endian (network byte order, chapter 3), as Python's `struct.pack("!H")`
//! writes it. A message is a 12-byte header and then four sections:
//!
//! | bytes | field | in a query | in a reply |
//! |---|---|---|---|
//! | 0-1 | ID | chosen at random | the query's ID, copied |
//! | 2-3 | flags | [`FLAG_RD`] only (0x0100: "recursion desired") | [`FLAG_QR`] set; rcode in the low 4 bits |
//! | 4-5 | QDCOUNT, questions | 1 | usually 1 (the question, echoed) |
//! | 6-7 | ANCOUNT, answers | 0 | how many answer records follow |
//! | 8-9 | NSCOUNT, authority records | 0 | (read past them: not needed here) |
//! | 10-11 | ARCOUNT, additional records | 0 | (read past them: not needed here) |
//!
//! - A **name** is a list of labels, each one length byte (1 to 63) and that many bytes, ended
//!   by a zero byte: `www.example.test` is `\x03www\x07example\x04test\x00`. A whole name is at
//!   most 255 bytes on the wire, that final zero included.
//! - A **question** is a name, then its type (`A` is [`TYPE_A`], 1) and class (`IN` is
//!   [`CLASS_IN`], 1), two bytes each.
//! - An **answer record** is a name, a type, a class, a TTL (4 bytes, seconds), an RDLENGTH
//!   (2 bytes) and that many bytes of RDATA. For an A record, the RDATA is the 4 bytes of an
//!   IPv4 address. A reply may hold records of other types too (a CNAME on the way to the
//!   address): read past them.
//! - **Compression**: where a name (or the rest of one) already appeared in the message, a
//!   reply may point back at it instead of repeating it. A length byte whose top two bits are
//!   set (`0xc0` and up) starts a two-byte *pointer*: its low 14 bits are the offset, from the
//!   start of the message, where the name goes on. `\xc0\x0c` means "the name at offset 12",
//!   which is the question's name. A pointer always ends its name; the next field starts right
//!   after the pointer's two bytes.
//!
//! A reply is data from the network: it may be cut short, or built to make a careless decoder
//! loop for ever (a pointer that points at itself). Such a message is an
//! [`Exception::MessageError`], never a panic and never a hang.
//!
//! In Python, building the query (the standard library has struct, but no DNS client):
//!
//! ```python
//! import struct
//! header = struct.pack("!6H", query_id, 0x0100, 1, 0, 0, 0)
//! qname = b"".join(bytes([len(l)]) + l for l in b"example.test".split(b".")) + b"\0"
//! query = header + qname + struct.pack("!2H", 1, 1)   # type A, class IN
//! ```
//!
//! Read `book/src/ch13-dns.md` first. Fill in the five functions below, then check your work
//! with `cargo course check dns_query`. When the checks pass, ask a real server:
//!
//! ```text
//! cargo course run dns_query -- --server 127.0.0.1 --port 5353 example.test
//! ```

use std::time::{Duration, Instant};

use pynet::socket::{self, AF_INET, Address, Error, Exception, SOCK_DGRAM, Socket};

/// The record type A: an IPv4 address.
pub const TYPE_A: u16 = 1;

/// The record type CNAME: "this name is an alias; the real name is ...".
pub const TYPE_CNAME: u16 = 5;

/// The class IN, the Internet; the only class anyone uses.
pub const CLASS_IN: u16 = 1;

/// The header flag "query or response": set in a reply.
pub const FLAG_QR: u16 = 0x8000;

/// The header flag "recursion desired": ask the server to find the answer for us.
pub const FLAG_RD: u16 = 0x0100;

/// The length of the header, in bytes.
pub const HEADER_LEN: usize = 12;

/// The longest label, in bytes.
pub const MAX_LABEL: usize = 63;

/// The longest name on the wire, in bytes, its length bytes and final zero included.
pub const MAX_NAME: usize = 255;

/// The most compression pointers one name may follow. A name of at most [`MAX_NAME`] bytes
/// has at most 127 labels, so an honest message never needs more pointers than that.
pub const MAX_POINTERS: usize = 127;

/// The largest reply we receive over UDP, in bytes: DNS over UDP without extensions.
pub const MAX_UDP_REPLY: usize = 512;

/// Encodes a name as labels: `"www.example.test"` becomes `\x03www\x07example\x04test\x00`.
/// One final dot is allowed and changes nothing (`"example.test."` is `"example.test"`).
///
/// ```python
/// b"".join(bytes([len(label)]) + label for label in name.split(b".")) + b"\0"
/// ```
///
/// # Errors
/// [`Exception::ValueError`] for an empty label (`""`, `"a..b"`, `".test"`), a label over
/// [`MAX_LABEL`] bytes, or a name over [`MAX_NAME`] bytes on the wire.
pub fn encode_name(name: &str) -> Result<Vec<u8>, Error> {
    todo!("split the name at its dots, check each label, write its length and its bytes")
}

/// A query with ID `id` for the records of type `qtype` of `name`: the header (flags
/// [`FLAG_RD`], one question, no records), then the question (name, type, class
/// [`CLASS_IN`]).
///
/// ```python
/// struct.pack("!6H", id, 0x0100, 1, 0, 0, 0) + qname + struct.pack("!2H", qtype, 1)
/// ```
///
/// # Errors
/// [`Exception::ValueError`] for a name [`encode_name`] refuses.
pub fn encode_query(id: u16, name: &str, qtype: u16) -> Result<Vec<u8>, Error> {
    todo!("write the six header fields big-endian, then the name, the type and the class")
}

/// Decodes the name that starts at `offset` in `message`, following compression pointers.
/// Returns the name, its labels joined by dots (`"www.example.test"`; the root is `""`), and
/// the offset just after it *where it started*: after its zero byte, or after its first
/// pointer's two bytes.
///
/// ```python
/// # dnspython:
/// name, used = dns.name.from_wire(message, offset)
/// end = offset + used
/// ```
///
/// # Errors
/// [`Exception::MessageError`] when the name runs past the end of the message, uses a length
/// byte from 64 to 191 (reserved label types), is longer than [`MAX_NAME`] bytes, or follows
/// more than [`MAX_POINTERS`] pointers (a loop).
pub fn decode_name(message: &[u8], offset: usize) -> Result<(String, usize), Error> {
    todo!("read labels until the zero byte; jump at each pointer, and count the jumps")
}

/// The addresses of the A records (class IN) in the answer section of `reply`, in order, as
/// dotted text (`"127.0.0.2"`). Records of other types (a CNAME, say) are read past.
///
/// The reply must be a response ([`FLAG_QR`] set) with rcode 0. The questions come first:
/// read past each (a name and 4 bytes) to reach the answers.
///
/// ```python
/// (id, flags, qdcount, ancount, nscount, arcount) = struct.unpack_from("!6H", reply)
/// ```
///
/// # Errors
/// [`Exception::MessageError`] for a message that is not a response, is cut short, or has an
/// A record whose RDATA is not 4 bytes; [`Exception::ResponseError`] for a reply with an
/// error code, named as idiokit names them: 1 `format error`, 2 `server failure`,
/// 3 `name error` (no such name), 4 `not implemented`, 5 `refused`, any other `rcode N`.
pub fn decode_a_records(reply: &[u8]) -> Result<Vec<String>, Error> {
    todo!("check the header, read past the questions, keep the A records of the answers")
}

/// Asks the server at `(server, port)` over UDP for the A records of `name`, and returns
/// them as [`decode_a_records`] does. The query's ID is random: `getrandom::u32()` gives 32
/// random bits from the operating system. While waiting, datagrams that are not the reply
/// (from another address or port, or with another ID) are ignored and the wait goes on; but
/// `timeout` seconds after sending, whatever has arrived, we give up.
///
/// ```python
/// s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
/// s.sendto(query, (server, port))
/// s.settimeout(remaining)
/// reply, source = s.recvfrom(512)
/// ```
///
/// # Errors
/// `TimeoutError: timed out` when no reply came in time; the errors of [`encode_name`] and
/// [`decode_a_records`]; a socket's errors.
pub fn query_a(server: &str, port: u16, name: &str, timeout: f64) -> Result<Vec<String>, Error> {
    todo!("send the query from a UDP socket, then recvfrom until our reply or the deadline")
}

#[cfg(test)]
mod tests;
