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
    let name = name.strip_suffix('.').unwrap_or(name);
    let mut encoded = Vec::with_capacity(name.len() + 2);
    for label in name.split('.') {
        if label.is_empty() || label.len() > MAX_LABEL {
            let why = format!("label {label:?} of {name:?} is not 1 to {MAX_LABEL} bytes long");
            return Err(Error::new(Exception::ValueError, why));
        }
        encoded.push(label.len() as u8); // at most 63: checked above
        encoded.extend_from_slice(label.as_bytes());
    }
    encoded.push(0);
    if encoded.len() > MAX_NAME {
        let why = format!("{name:?} is longer than {MAX_NAME} bytes on the wire");
        return Err(Error::new(Exception::ValueError, why));
    }
    Ok(encoded)
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
    let mut query = Vec::with_capacity(HEADER_LEN + name.len() + 6);
    for field in [id, FLAG_RD, 1, 0, 0, 0] {
        query.extend_from_slice(&field.to_be_bytes());
    }
    query.extend_from_slice(&encode_name(name)?);
    query.extend_from_slice(&qtype.to_be_bytes());
    query.extend_from_slice(&CLASS_IN.to_be_bytes());
    Ok(query)
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
    let mut labels = Vec::new();
    let mut wire_length = 1; // the final zero byte
    let mut position = offset;
    let mut end = None; // set by the first pointer: the name goes on elsewhere
    let mut pointers = 0;
    loop {
        let length = *message.get(position).ok_or_else(not_enough_data)?;
        match length {
            0 => return Ok((labels.join("."), end.unwrap_or(position + 1))),
            1..=63 => {
                let start = position + 1;
                let label = message
                    .get(start..start + usize::from(length))
                    .ok_or_else(not_enough_data)?;
                wire_length += 1 + label.len();
                if wire_length > MAX_NAME {
                    return Err(malformed(format!("name longer than {MAX_NAME} bytes")));
                }
                labels.push(String::from_utf8_lossy(label).into_owned());
                position = start + label.len();
            }
            0xc0..=0xff => {
                let low = *message.get(position + 1).ok_or_else(not_enough_data)?;
                end.get_or_insert(position + 2);
                pointers += 1;
                if pointers > MAX_POINTERS {
                    return Err(malformed("compression pointers loop".to_string()));
                }
                position = usize::from(u16::from_be_bytes([length & 0x3f, low]));
            }
            _ => return Err(malformed(format!("unknown label type {length:#04x}"))),
        }
    }
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
    let header = reply.get(..HEADER_LEN).ok_or_else(not_enough_data)?;
    let field = |i: usize| u16::from_be_bytes([header[2 * i], header[2 * i + 1]]);
    let (flags, questions, answers) = (field(1), field(2), field(3));
    if flags & FLAG_QR == 0 {
        return Err(malformed("not a response".to_string()));
    }
    check_rcode(flags & 0x000f)?;
    let mut offset = HEADER_LEN;
    for _ in 0..questions {
        let (_, after_name) = decode_name(reply, offset)?;
        offset = after_name + 4; // type and class
    }
    let mut addresses = Vec::new();
    for _ in 0..answers {
        let (record, next) = decode_record(reply, offset)?;
        if record.type_ == TYPE_A && record.class == CLASS_IN {
            if record.data.len() != 4 {
                let why = format!("expected 4 bytes of RDATA, got {}", record.data.len());
                return Err(malformed(why));
            }
            addresses.push(socket::inet_ntoa(record.data)?);
        }
        offset = next;
    }
    Ok(addresses)
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
    let id = random_id()?;
    let query = encode_query(id, name, TYPE_A)?;
    let expected_source = Address::Inet(socket::gethostbyname(server)?, port);
    let sock = Socket::new(AF_INET, SOCK_DGRAM, 0)?;
    sock.sendto(&query, expected_source.clone())?;
    let deadline = Instant::now() + Duration::from_secs_f64(timeout);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Error::timeout());
        }
        sock.settimeout(Some(left.as_secs_f64()))?;
        let (reply, source) = sock.recvfrom(MAX_UDP_REPLY)?;
        if source == expected_source && reply.starts_with(&id.to_be_bytes()) {
            return decode_a_records(&reply);
        }
    }
}

/// One resource record: its type, class and RDATA (the name and TTL are not needed here).
struct Record<'a> {
    type_: u16,
    class: u16,
    data: &'a [u8],
}

/// Decodes the record at `offset`; returns it and the offset of the next one.
fn decode_record(message: &[u8], offset: usize) -> Result<(Record<'_>, usize), Error> {
    let (_, after_name) = decode_name(message, offset)?;
    let fixed = message
        .get(after_name..after_name + 10)
        .ok_or_else(not_enough_data)?;
    let type_ = u16::from_be_bytes([fixed[0], fixed[1]]);
    let class = u16::from_be_bytes([fixed[2], fixed[3]]);
    let length = usize::from(u16::from_be_bytes([fixed[8], fixed[9]]));
    let start = after_name + 10;
    let data = message
        .get(start..start + length)
        .ok_or_else(not_enough_data)?;
    Ok((Record { type_, class, data }, start + length))
}

/// Fails with a [`Exception::ResponseError`] named after `rcode`, unless it is 0.
fn check_rcode(rcode: u16) -> Result<(), Error> {
    let name = match rcode {
        0 => return Ok(()),
        1 => "format error".to_string(),
        2 => "server failure".to_string(),
        3 => "name error".to_string(),
        4 => "not implemented".to_string(),
        5 => "refused".to_string(),
        other => format!("rcode {other}"),
    };
    Err(Error::new(Exception::ResponseError, name))
}

/// A query ID from the operating system's random source: an attacker who cannot see our
/// query cannot guess it.
fn random_id() -> Result<u16, Error> {
    let random = getrandom::u32().map_err(|e| Error::new(Exception::OSError, e.to_string()))?;
    Ok(random as u16) // any 16 of the 32 random bits
}

/// A [`Exception::MessageError`] saying why the message cannot be decoded.
fn malformed(why: String) -> Error {
    Error::new(Exception::MessageError, why)
}

/// The error for a message that ends too soon, in idiokit's words.
fn not_enough_data() -> Error {
    malformed("not enough data".to_string())
}

#[cfg(test)]
#[path = "../../../exercises/13_dns_query/src/tests.rs"]
mod tests;
