//! idiokit's `dns` module: a DNS resolver for A, AAAA, CNAME, TXT, MX, SRV and PTR records,
//! blocking.
//!
//! | idiokit (Python) | pynet |
//! |---|---|
//! | `yield dns.a(name)`, `dns.aaaa(name)` | [`a(name, None)`](a), [`aaaa`] → `Vec<String>` |
//! | `yield dns.cname(name)`, `dns.ptr(name)` | [`cname`], [`ptr`] → `Vec<String>` |
//! | `yield dns.txt(name)` → `[(b"s1", b"s2"), ...]` | [`txt`] → `Vec<TXT>` (`.strings`) |
//! | (no `mx` in idiokit; pynet adds it) | [`mx`] → `Vec<MX>` (`.preference`, `.exchange`), by preference |
//! | `dns.ordered_srv_records((yield dns.srv(name)))` | [`srv`] → `Vec<SRV>`, already in RFC 2782 order; [`ordered_srv_records`] |
//! | `yield dns.reverse_lookup("192.0.2.1")` | [`reverse_lookup`]; the name alone: [`reverse_name`] |
//! | `ipaddress.ip_address(ip).reverse_pointer` | [`reverse_name`] |
//! | `yield dns.host_lookup(host)` → `[(family, ip)]` | [`host_lookup`], [`HostLookup`] |
//! | `dns.a(name, resolver=r)` | [`a(name, Some(&r))`](a) |
//! | `Resolver([("127.0.0.1", 5353)])`, `Resolver()` | [`Resolver::new`], [`Resolver::from_resolv_conf`] |
//! | `resolver.query(name, type)` → `(cname, answers, server)` | [`Resolver::query`] → [`Answer`] |
//! | `Message.unpack(data)`, `message.pack()` | [`Message::unpack`], [`Message::pack`] |
//! | `unpack_name(data, offset)`, `pack_name(name)` | [`unpack_name`], [`pack_name`] |
//! | `DNSError`, `MessageError`, `ResponseError` | [`Error`] with [`Exception::DNSError`], `MessageError`, `ResponseError` |
//!
//! ```python
//! resolver = idiokit.dns.Resolver([("127.0.0.1", 5353)])
//! ips = yield idiokit.dns.a("pynet.test", resolver=resolver)
//! for record in (yield idiokit.dns.txt("pynet.test", resolver=resolver)):
//!     print(record)
//! ```
//! ```no_run
//! use pynet::dns::{self, Resolver};
//!
//! let resolver = Resolver::new([("127.0.0.1", 5353)])?;
//! let ips = dns::a("pynet.test", Some(&resolver))?;
//! for record in dns::txt("pynet.test", Some(&resolver))? {
//!     println!("{:?}", record.strings);
//! }
//! # Ok::<(), pynet::socket::Error>(())
//! ```
//!
//! What happens on the wire: a query goes over UDP from a fresh socket (the kernel picks a
//! random source port) with a random ID; a reply counts only if it comes from the server's
//! address and port, has our ID, the QR bit and our question, and other datagrams are
//! ignored until the try's deadline. Each server is tried [`Resolver::tries`] times (3) for
//! [`Resolver::timeout`] seconds (5.0) each; an answer with TC set is asked again over TCP,
//! each message after a 2-byte length. CNAME chains in the answer are followed; a loop is an
//! error.
//!
//! Errors, as idiokit raises them:
//!
//! | case | exception | text |
//! |---|---|---|
//! | no server answered | `TimeoutError` | `timed out` |
//! | the server's error code | `ResponseError` | `name error` (NXDOMAIN), `server failure`, `refused`, `format error`, `not implemented`, `rcode 9` |
//! | the name exists but has no such record | none: an empty list, as idiokit returns | |
//! | a CNAME loop | `DNSError` | `CNAME loop` |
//! | a message that cannot be read | `MessageError` | `packed name contains a jump loop`, `name longer than 255 octets`, ... |
//! | a message that ends early (a `MessageError` too) | `NotEnoughData` | `not enough data`, `not enough data for name` |
//! | a bad name (empty label, label over 63 bytes, name over 255) | `ValueError` | `bad DNS name 'a..b': it has an empty label` |

mod conf;
mod lookup;
mod message;
mod name;
mod records;
mod resolver;

pub use lookup::{
    HostLookup, a, aaaa, cname, host_lookup, mx, ordered_srv_records, ptr, reverse_lookup,
    reverse_name, srv, txt,
};
pub use message::{
    CLASS_INET, Message, Question, RCODE_FORMAT_ERROR, RCODE_NAME_ERROR, RCODE_NO_ERROR,
    RCODE_NOT_IMPLEMENTED, RCODE_REFUSED, RCODE_SERVER_FAILURE, RR, rcode_string,
};
pub use name::{MAX_LABEL, MAX_NAME, pack_name, unpack_name};
pub use records::{
    MX, RData, SRV, TXT, TYPE_A, TYPE_AAAA, TYPE_CNAME, TYPE_MX, TYPE_PTR, TYPE_SRV, TYPE_TXT,
};
pub use resolver::{
    Answer, DEFAULT_TIMEOUT, DEFAULT_TRIES, DNS_PORT, RESOLV_CONF, Resolver, ToServer,
};

use crate::socket::{Error, Exception};

/// `idiokit.dns.DNSError(message)`.
fn dns_error(message: impl Into<String>) -> Error {
    Error::new(Exception::DNSError, message)
}

/// `idiokit.dns.MessageError(message)`: a message that cannot be read.
fn message_error(message: impl Into<String>) -> Error {
    Error::new(Exception::MessageError, message)
}

/// idiokit's `NotEnoughData`: the message ended early, which [`Message::unpack`] forgives
/// in a truncated message.
fn not_enough_data(message: &str) -> Error {
    Error::new(Exception::NotEnoughData, message)
}
