//! Domain names on the wire: length-prefixed labels, the 63- and 255-byte limits, and
//! compression pointers.
//!
//! `pynet.test` travels as `\x05pynet\x04test\x00`: each label after its length, then the
//! empty root label. In a message, a name may end with a two-byte pointer (`0b11` and a
//! 14-bit offset) to where the rest of it was written before.
//!
//! Names are text without the final dot, as idiokit gives them. A byte that is not printable
//! ASCII, and a `.` or `\` inside a label, is written `\DDD` (or `\.`, `\\`) as `dig` writes
//! it, and [`pack_name`] reads those escapes back.

use byteorder::{BigEndian, ByteOrder};

use super::{message_error, not_enough_data};
use crate::socket::{Error, Exception, Result};

/// The longest label: 63 bytes (the length byte's top two bits mark pointers).
pub const MAX_LABEL: usize = 63;
/// The longest name on the wire: 255 bytes, length bytes and the root's zero included.
pub const MAX_NAME: usize = 255;

/// The wire form of `name` (no compression), as idiokit's `pack_name(name)`.
///
/// `""` and `"."` are the root; one final dot is allowed.
///
/// ```
/// use pynet::dns::pack_name;
/// assert_eq!(pack_name("pynet.test")?, b"\x05pynet\x04test\x00");
/// assert!(pack_name("a..b").is_err());
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `ValueError` for an empty label (`a..b`), a label over 63 bytes, or a name over 255
/// bytes on the wire.
pub fn pack_name(name: &str) -> Result<Vec<u8>> {
    let mut wire = Vec::with_capacity(name.len() + 2);
    for label in split_labels(name)? {
        if label.is_empty() {
            return Err(bad_name(name, "it has an empty label"));
        }
        if label.len() > MAX_LABEL {
            return Err(bad_name(
                name,
                &format!("a label is {} bytes, over {MAX_LABEL}", label.len()),
            ));
        }
        wire.push(label.len() as u8);
        wire.extend_from_slice(&label);
    }
    wire.push(0);
    if wire.len() > MAX_NAME {
        return Err(bad_name(
            name,
            &format!("it is {} bytes on the wire, over {MAX_NAME}", wire.len()),
        ));
    }
    Ok(wire)
}

/// The labels of `name` as bytes, escapes read; no labels for the root.
fn split_labels(name: &str) -> Result<Vec<Vec<u8>>> {
    let body = name.strip_suffix('.').unwrap_or(name);
    if body.is_empty() {
        return Ok(Vec::new());
    }
    let mut labels = Vec::new();
    let mut label = Vec::new();
    let mut bytes = body.bytes();
    while let Some(byte) = bytes.next() {
        match byte {
            b'.' => labels.push(std::mem::take(&mut label)),
            b'\\' => {
                label.push(unescape(&mut bytes).ok_or_else(|| bad_name(name, "a bad escape"))?)
            }
            _ => label.push(byte),
        }
    }
    labels.push(label);
    Ok(labels)
}

/// The byte after a `\`: `\DDD` (three decimal digits, at most 255) or the next byte itself.
fn unescape(bytes: &mut std::str::Bytes<'_>) -> Option<u8> {
    let first = bytes.next()?;
    if !first.is_ascii_digit() {
        return Some(first);
    }
    let digits = [first, bytes.next()?, bytes.next()?];
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = digits
        .iter()
        .fold(0u32, |value, digit| value * 10 + u32::from(digit - b'0'));
    u8::try_from(value).ok()
}

/// `ValueError: bad DNS name 'a..b': it has an empty label`.
fn bad_name(name: &str, why: &str) -> Error {
    Error::new(
        Exception::ValueError,
        format!("bad DNS name '{name}': {why}"),
    )
}

/// The name at `offset` of the message `data`, and the offset just after it, as idiokit's
/// `unpack_name(data, offset)`.
///
/// Compression pointers are followed; each must point before the previous one (or before
/// the name, for the first), as pointers to earlier names always do, so that a pointer loop
/// cannot run forever.
///
/// ```
/// use pynet::dns::unpack_name;
/// // "pynet.test" at offset 0, then "www" and a pointer to offset 0.
/// let data = b"\x05pynet\x04test\x00\x03www\xc0\x00";
/// assert_eq!(unpack_name(data, 12)?, ("www.pynet.test".to_string(), 18));
/// assert!(unpack_name(b"\xc0\x00", 0).is_err()); // points at itself
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `MessageError`: `not enough data for name`, `packed name contains a jump loop`,
/// `name longer than 255 octets`, `unknown label type 0x40`.
pub fn unpack_name(data: &[u8], offset: usize) -> Result<(String, usize)> {
    let mut text = String::new();
    let mut position = offset;
    let mut jump_limit = offset;
    let mut end = None;
    let mut wire_length = 1;
    loop {
        let length = *data.get(position).ok_or_else(name_cut_short)?;
        match length & 0xc0 {
            0x00 if length == 0 => return Ok((text, end.unwrap_or(position + 1))),
            0x00 => {
                let length = usize::from(length);
                let label = data
                    .get(position + 1..position + 1 + length)
                    .ok_or_else(name_cut_short)?;
                wire_length += 1 + length;
                if wire_length > MAX_NAME {
                    return Err(message_error(format!("name longer than {MAX_NAME} octets")));
                }
                if !text.is_empty() {
                    text.push('.');
                }
                push_label(&mut text, label);
                position += 1 + length;
            }
            0xc0 => {
                let pointer = data
                    .get(position..position + 2)
                    .ok_or_else(name_cut_short)?;
                let target = usize::from(BigEndian::read_u16(pointer) & 0x3fff);
                if target >= jump_limit {
                    return Err(message_error("packed name contains a jump loop"));
                }
                end.get_or_insert(position + 2);
                jump_limit = target;
                position = target;
            }
            kind => return Err(message_error(format!("unknown label type {kind:#04x}"))),
        }
    }
}

/// `MessageError: not enough data for name`.
fn name_cut_short() -> Error {
    not_enough_data("not enough data for name")
}

/// Appends `label` as text: printable ASCII as it is, `.` and `\` escaped, other bytes as
/// `\DDD`.
fn push_label(text: &mut String, label: &[u8]) {
    for &byte in label {
        match byte {
            b'.' | b'\\' => {
                text.push('\\');
                text.push(char::from(byte));
            }
            _ if byte.is_ascii_graphic() => text.push(char::from(byte)),
            _ => text.push_str(&format!("\\{byte:03}")),
        }
    }
}

/// Whether two names are the same name: DNS compares ASCII letters without case.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    let trim = |name: &str| name.strip_suffix('.').unwrap_or(name).to_string();
    trim(a).eq_ignore_ascii_case(&trim(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_round_trip() {
        let wire = b"\x04a.b\\\x02\x01 \x00";
        let (text, end) = unpack_name(wire, 0).unwrap();
        assert_eq!(text, r"a\.b\\.\001\032");
        assert_eq!(end, wire.len());
        assert_eq!(pack_name(&text).unwrap(), wire);
    }

    #[test]
    fn limits_are_enforced_both_ways() {
        let label63 = "x".repeat(63);
        assert!(pack_name(&label63).is_ok());
        assert!(pack_name(&"x".repeat(64)).is_err());
        let name253 = [label63.as_str(); 4].join(".")[..253].to_string();
        assert_eq!(pack_name(&name253).unwrap().len(), 255);
        assert!(pack_name(&format!("{name253}x")).is_err());
    }

    #[test]
    fn root_packs_and_unpacks() {
        assert_eq!(pack_name(".").unwrap(), b"\x00");
        assert_eq!(unpack_name(b"\x00", 0).unwrap(), (String::new(), 1));
    }
}
