//! The record data (RDATA) of the seven types pynet reads: A, AAAA, CNAME, TXT, MX, SRV, PTR.

use std::net::{Ipv4Addr, Ipv6Addr};

use byteorder::{BigEndian, ByteOrder};

use super::name::{pack_name, unpack_name};
use super::{message_error, not_enough_data};
use crate::socket::Result;

/// Type A (1): an IPv4 address.
pub const TYPE_A: u16 = 1;
/// Type CNAME (5): the canonical name of an alias.
pub const TYPE_CNAME: u16 = 5;
/// Type PTR (12): a name an address (or anything) points to.
pub const TYPE_PTR: u16 = 12;
/// Type MX (15): a mail exchanger and its preference.
pub const TYPE_MX: u16 = 15;
/// Type TXT (16): character strings.
pub const TYPE_TXT: u16 = 16;
/// Type AAAA (28): an IPv6 address.
pub const TYPE_AAAA: u16 = 28;
/// Type SRV (33): where a service runs (RFC 2782).
pub const TYPE_SRV: u16 = 33;

/// One TXT record: its character strings, as idiokit's `TXT.strings` (bytes, not text).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TXT {
    /// The record's strings, each 0-255 bytes.
    pub strings: Vec<Vec<u8>>,
}

/// One MX record.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MX {
    /// Lower is tried first.
    pub preference: u16,
    /// The mail server's name.
    pub exchange: String,
}

/// One SRV record, as idiokit's `SRV(priority, weight, port, target)`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SRV {
    /// Lower is tried first.
    pub priority: u16,
    /// Within a priority, how often this one is picked first, relative to the others.
    pub weight: u16,
    /// The service's port on `target`.
    pub port: u16,
    /// The server's name; `""` (the root) alone means "no such service here".
    pub target: String,
}

/// The data of a resource record, by type; `Raw` for the types pynet does not read.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RData {
    /// An IPv4 address.
    A(Ipv4Addr),
    /// An IPv6 address.
    AAAA(Ipv6Addr),
    /// The name an alias stands for.
    CNAME(String),
    /// The name pointed to.
    PTR(String),
    /// Character strings.
    TXT(TXT),
    /// A mail exchanger.
    MX(MX),
    /// A service location.
    SRV(SRV),
    /// Any other type's data, as it came.
    Raw(Vec<u8>),
}

impl RData {
    /// Reads the data of a record of `type_` from `data[offset..offset + length]`; names in
    /// it may point anywhere before, in the whole message `data`.
    ///
    /// # Errors
    /// `MessageError` when the data does not fit its type (`expected 4 bytes of RDATA, got
    /// 5`, a name running past the record's end, ...).
    pub fn unpack(type_: u16, data: &[u8], offset: usize, length: usize) -> Result<RData> {
        let end = offset + length;
        let rdata = data
            .get(offset..end)
            .ok_or_else(|| not_enough_data("not enough data"))?;
        let rdata = match type_ {
            TYPE_A => RData::A(Ipv4Addr::from(fixed::<4>(rdata)?)),
            TYPE_AAAA => RData::AAAA(Ipv6Addr::from(fixed::<16>(rdata)?)),
            TYPE_CNAME => RData::CNAME(name_to_end(data, offset, end)?),
            TYPE_PTR => RData::PTR(name_to_end(data, offset, end)?),
            TYPE_TXT => RData::TXT(TXT {
                strings: character_strings(rdata)?,
            }),
            TYPE_MX => RData::MX(MX {
                preference: u16_field(rdata, 0)?,
                exchange: name_to_end(data, offset + 2, end)?,
            }),
            TYPE_SRV => RData::SRV(SRV {
                priority: u16_field(rdata, 0)?,
                weight: u16_field(rdata, 2)?,
                port: u16_field(rdata, 4)?,
                target: name_to_end(data, offset + 6, end)?,
            }),
            _ => RData::Raw(rdata.to_vec()),
        };
        Ok(rdata)
    }

    /// The wire form (names uncompressed).
    ///
    /// # Errors
    /// `ValueError` for a bad name; `MessageError` for a TXT string over 255 bytes.
    pub fn pack(&self) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        match self {
            RData::A(ip) => out.extend_from_slice(&ip.octets()),
            RData::AAAA(ip) => out.extend_from_slice(&ip.octets()),
            RData::CNAME(name) | RData::PTR(name) => out = pack_name(name)?,
            RData::TXT(txt) => {
                for string in &txt.strings {
                    let length = u8::try_from(string.len())
                        .map_err(|_| message_error("a TXT string is over 255 bytes"))?;
                    out.push(length);
                    out.extend_from_slice(string);
                }
            }
            RData::MX(mx) => {
                out.extend_from_slice(&mx.preference.to_be_bytes());
                out.extend(pack_name(&mx.exchange)?);
            }
            RData::SRV(srv) => {
                for field in [srv.priority, srv.weight, srv.port] {
                    out.extend_from_slice(&field.to_be_bytes());
                }
                out.extend(pack_name(&srv.target)?);
            }
            RData::Raw(bytes) => out.extend_from_slice(bytes),
        }
        Ok(out)
    }

    /// The record type this data belongs to; `None` for `Raw`.
    pub fn type_code(&self) -> Option<u16> {
        match self {
            RData::A(_) => Some(TYPE_A),
            RData::AAAA(_) => Some(TYPE_AAAA),
            RData::CNAME(_) => Some(TYPE_CNAME),
            RData::PTR(_) => Some(TYPE_PTR),
            RData::TXT(_) => Some(TYPE_TXT),
            RData::MX(_) => Some(TYPE_MX),
            RData::SRV(_) => Some(TYPE_SRV),
            RData::Raw(_) => None,
        }
    }
}

/// RDATA of exactly `N` bytes (an address).
fn fixed<const N: usize>(rdata: &[u8]) -> Result<[u8; N]> {
    rdata
        .try_into()
        .map_err(|_| message_error(format!("expected {N} bytes of RDATA, got {}", rdata.len())))
}

/// The big-endian 16-bit field at `offset` of the RDATA.
fn u16_field(rdata: &[u8], offset: usize) -> Result<u16> {
    rdata
        .get(offset..offset + 2)
        .map(BigEndian::read_u16)
        .ok_or_else(|| message_error("not enough data in RDATA"))
}

/// The name at `offset`, which must end exactly where the record does, at `end`.
fn name_to_end(data: &[u8], offset: usize, end: usize) -> Result<String> {
    if offset > end {
        return Err(message_error("not enough data in RDATA"));
    }
    let (name, name_end) = unpack_name(&data[..end], offset)?;
    if name_end != end {
        return Err(message_error("a name does not end where its RDATA does"));
    }
    Ok(name)
}

/// TXT's character strings: each a length byte and that many bytes.
fn character_strings(mut rdata: &[u8]) -> Result<Vec<Vec<u8>>> {
    let mut strings = Vec::new();
    while let Some((&length, rest)) = rdata.split_first() {
        let length = usize::from(length);
        let string = rest
            .get(..length)
            .ok_or_else(|| message_error("a character string spans over the end of RDATA"))?;
        strings.push(string.to_vec());
        rdata = &rest[length..];
    }
    Ok(strings)
}
