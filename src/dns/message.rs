//! A whole DNS message: the 12-byte header, the questions and the three record sections.
//!
//! ```text
//!  id (16) | QR opcode(4) AA TC RD RA Z(3) rcode(4) | qdcount | ancount | nscount | arcount
//!  questions:  name, type (16), class (16)
//!  records:    name, type (16), class (16), ttl (32), rdlength (16), rdata
//! ```

use byteorder::{BigEndian, ByteOrder};

use super::name::{pack_name, unpack_name};
use super::not_enough_data;
use super::records::RData;
use crate::socket::{Exception, Result};

/// Class IN (1), the Internet: the only class in use.
pub const CLASS_INET: u16 = 1;

/// Response code 0: no error.
pub const RCODE_NO_ERROR: u8 = 0;
/// Response code 1: the server could not read the query.
pub const RCODE_FORMAT_ERROR: u8 = 1;
/// Response code 2: the server failed (its upstream did not answer, say).
pub const RCODE_SERVER_FAILURE: u8 = 2;
/// Response code 3 (NXDOMAIN): the name does not exist.
pub const RCODE_NAME_ERROR: u8 = 3;
/// Response code 4: the server does not do this kind of query.
pub const RCODE_NOT_IMPLEMENTED: u8 = 4;
/// Response code 5: the server will not answer us.
pub const RCODE_REFUSED: u8 = 5;

/// idiokit's words for a response code: `name error`, `server failure`, ..., and
/// `rcode 9` for codes it has no word for.
pub fn rcode_string(rcode: u8) -> String {
    match rcode {
        RCODE_NO_ERROR => "no error".into(),
        RCODE_FORMAT_ERROR => "format error".into(),
        RCODE_SERVER_FAILURE => "server failure".into(),
        RCODE_NAME_ERROR => "name error".into(),
        RCODE_NOT_IMPLEMENTED => "not implemented".into(),
        RCODE_REFUSED => "refused".into(),
        _ => format!("rcode {rcode}"),
    }
}

const FLAG_QR: u16 = 0x8000;
const FLAG_AA: u16 = 0x0400;
const FLAG_TC: u16 = 0x0200;
const FLAG_RD: u16 = 0x0100;
const FLAG_RA: u16 = 0x0080;
const HEADER_LENGTH: usize = 12;

/// A question: which records of which name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    /// The name asked about, without the final dot.
    pub name: String,
    /// The record type ([`TYPE_A`](super::TYPE_A), ...).
    pub type_: u16,
    /// The class, [`CLASS_INET`].
    pub cls: u16,
}

impl Question {
    /// A question for the `type_` records of `name`, class IN.
    pub fn new(name: &str, type_: u16) -> Question {
        Question {
            name: name.to_string(),
            type_,
            cls: CLASS_INET,
        }
    }
}

/// A resource record, as idiokit's `RR(name, type, cls, ttl, data)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RR {
    /// The name it belongs to.
    pub name: String,
    /// Its type.
    pub type_: u16,
    /// Its class.
    pub cls: u16,
    /// How many seconds it may be cached.
    pub ttl: u32,
    /// Its data.
    pub data: RData,
}

/// A DNS message, query or response, as idiokit's `Message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    /// Chosen at random by the asker, echoed by the server.
    pub id: u16,
    /// `true` for a query, `false` for a response (the QR bit, inverted as idiokit does).
    pub query: bool,
    /// 0 for a standard query.
    pub opcode: u8,
    /// AA: the server owns the zone.
    pub authoritative_answer: bool,
    /// TC: the answer did not fit and was cut; ask again over TCP.
    pub truncated: bool,
    /// RD: the asker wants the server to look further for it.
    pub recursion_desired: bool,
    /// RA: the server would.
    pub recursion_available: bool,
    /// The response code ([`RCODE_NO_ERROR`], ...).
    pub rcode: u8,
    /// The question section.
    pub questions: Vec<Question>,
    /// The answer section.
    pub answers: Vec<RR>,
    /// The authority section.
    pub authorities: Vec<RR>,
    /// The additional section.
    pub additional: Vec<RR>,
}

impl Message {
    /// A standard query asking `question`, with recursion desired.
    pub fn query(id: u16, question: Question) -> Message {
        Message {
            id,
            query: true,
            opcode: 0,
            authoritative_answer: false,
            truncated: false,
            recursion_desired: true,
            recursion_available: false,
            rcode: RCODE_NO_ERROR,
            questions: vec![question],
            answers: Vec::new(),
            authorities: Vec::new(),
            additional: Vec::new(),
        }
    }

    /// The response to this query with `answers`: same id and question, QR set.
    pub fn response(&self, rcode: u8, answers: Vec<RR>) -> Message {
        Message {
            query: false,
            recursion_available: true,
            rcode,
            answers,
            ..self.clone()
        }
    }

    /// Reads a message, as idiokit's `Message.unpack(data)`. In a truncated message (TC),
    /// records cut short are dropped rather than refused.
    ///
    /// ```
    /// use pynet::dns::{Message, Question, TYPE_A};
    /// let query = Message::query(0x1234, Question::new("pynet.test", TYPE_A));
    /// assert_eq!(Message::unpack(&query.pack()?)?, query);
    /// assert!(Message::unpack(b"\x12\x34").is_err());
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// # Errors
    /// `MessageError` for anything that is not a well-formed message (`not enough data`, a
    /// pointer loop, a record whose data does not fit its type, ...).
    pub fn unpack(data: &[u8]) -> Result<Message> {
        let header = data
            .get(..HEADER_LENGTH)
            .ok_or_else(|| not_enough_data("not enough data"))?;
        let field = |index: usize| BigEndian::read_u16(&header[2 * index..2 * index + 2]);
        let flags = field(1);
        let mut message = Message {
            id: field(0),
            query: flags & FLAG_QR == 0,
            opcode: ((flags >> 11) & 0xf) as u8,
            authoritative_answer: flags & FLAG_AA != 0,
            truncated: flags & FLAG_TC != 0,
            recursion_desired: flags & FLAG_RD != 0,
            recursion_available: flags & FLAG_RA != 0,
            rcode: (flags & 0xf) as u8,
            questions: Vec::new(),
            answers: Vec::new(),
            authorities: Vec::new(),
            additional: Vec::new(),
        };
        match message.unpack_sections(data, [field(2), field(3), field(4), field(5)]) {
            Err(e) if e.is_instance(Exception::NotEnoughData) && message.truncated => Ok(message),
            Err(e) => Err(e),
            Ok(()) => Ok(message),
        }
    }

    /// Reads the four sections after the header, `counts` entries each.
    fn unpack_sections(&mut self, data: &[u8], counts: [u16; 4]) -> Result<()> {
        let mut offset = HEADER_LENGTH;
        for _ in 0..counts[0] {
            let (name, end) = unpack_name(data, offset)?;
            let fields = data
                .get(end..end + 4)
                .ok_or_else(|| not_enough_data("not enough data"))?;
            self.questions.push(Question {
                name,
                type_: BigEndian::read_u16(&fields[..2]),
                cls: BigEndian::read_u16(&fields[2..]),
            });
            offset = end + 4;
        }
        for (count, section) in counts[1..].iter().zip([
            &mut self.answers,
            &mut self.authorities,
            &mut self.additional,
        ]) {
            for _ in 0..*count {
                let (record, end) = unpack_record(data, offset)?;
                section.push(record);
                offset = end;
            }
        }
        Ok(())
    }

    /// The wire form, as idiokit's `message.pack()` (names uncompressed).
    ///
    /// # Errors
    /// `ValueError` for a bad name; `MessageError` for data that cannot be written (a
    /// section of over 65535 entries, record data over 65535 bytes, a TXT string over 255
    /// bytes).
    pub fn pack(&self) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(512);
        out.extend_from_slice(&self.id.to_be_bytes());
        out.extend_from_slice(&self.flags().to_be_bytes());
        let sections = [
            self.questions.len(),
            self.answers.len(),
            self.authorities.len(),
            self.additional.len(),
        ];
        for count in sections {
            out.extend_from_slice(&to_u16(count, "a section has over 65535 entries")?);
        }
        for question in &self.questions {
            out.extend(pack_name(&question.name)?);
            out.extend_from_slice(&question.type_.to_be_bytes());
            out.extend_from_slice(&question.cls.to_be_bytes());
        }
        for record in self
            .answers
            .iter()
            .chain(&self.authorities)
            .chain(&self.additional)
        {
            pack_record(record, &mut out)?;
        }
        Ok(out)
    }

    /// The header's second field: QR, opcode, AA, TC, RD, RA and the rcode.
    fn flags(&self) -> u16 {
        let bit = |on: bool, flag: u16| if on { flag } else { 0 };
        bit(!self.query, FLAG_QR)
            | (u16::from(self.opcode & 0xf) << 11)
            | bit(self.authoritative_answer, FLAG_AA)
            | bit(self.truncated, FLAG_TC)
            | bit(self.recursion_desired, FLAG_RD)
            | bit(self.recursion_available, FLAG_RA)
            | u16::from(self.rcode & 0xf)
    }
}

/// The record at `offset`, and the offset after it.
fn unpack_record(data: &[u8], offset: usize) -> Result<(RR, usize)> {
    let (name, end) = unpack_name(data, offset)?;
    let fields = data
        .get(end..end + 10)
        .ok_or_else(|| not_enough_data("not enough data"))?;
    let type_ = BigEndian::read_u16(&fields[..2]);
    let length = usize::from(BigEndian::read_u16(&fields[8..]));
    let start = end + 10;
    if data.len() - start < length {
        return Err(not_enough_data("not enough data"));
    }
    let record = RR {
        name,
        type_,
        cls: BigEndian::read_u16(&fields[2..4]),
        ttl: BigEndian::read_u32(&fields[4..8]),
        data: RData::unpack(type_, data, start, length)?,
    };
    Ok((record, start + length))
}

/// Appends the wire form of `record` to `out`.
fn pack_record(record: &RR, out: &mut Vec<u8>) -> Result<()> {
    let data = record.data.pack()?;
    out.extend(pack_name(&record.name)?);
    out.extend_from_slice(&record.type_.to_be_bytes());
    out.extend_from_slice(&record.cls.to_be_bytes());
    out.extend_from_slice(&record.ttl.to_be_bytes());
    out.extend_from_slice(&to_u16(data.len(), "record data is over 65535 bytes")?);
    out.extend(data);
    Ok(())
}

/// A 16-bit count or length, or `MessageError(why)` when it does not fit.
fn to_u16(value: usize, why: &str) -> Result<[u8; 2]> {
    u16::try_from(value)
        .map(u16::to_be_bytes)
        .map_err(|_| super::message_error(why))
}
