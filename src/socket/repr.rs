//! Python's `repr()` of `str` and `bytes`, so that addresses and look-up results print as they
//! do in Python: `('127.0.0.1', 50000)`, `b'\x00abstract'`.

/// The quote Python picks: `'` unless the text has a `'` and no `"`.
fn quote_for(has_single: bool, has_double: bool) -> char {
    if has_single && !has_double { '"' } else { '\'' }
}

/// Python's `repr(s)` for a `str`. Control characters are escaped as Python escapes them;
/// other characters are kept (Python also escapes a few unassigned or invisible code points,
/// which host names and paths do not contain in practice).
pub(crate) fn str_repr(s: &str) -> String {
    os_str_repr(s.as_bytes())
}

/// Python's `repr()` of a file name: the bytes decoded as Python decodes file names (UTF-8
/// with `surrogateescape`), so that each byte that is not UTF-8 shows as `\udcXX`.
pub(crate) fn os_str_repr(bytes: &[u8]) -> String {
    let quote = quote_for(bytes.contains(&b'\''), bytes.contains(&b'"'));
    let mut out = String::with_capacity(bytes.len() + 2);
    out.push(quote);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            push_escaped(&mut out, c, quote);
        }
        for byte in chunk.invalid() {
            out.push_str(&format!("\\udc{byte:02x}"));
        }
    }
    out.push(quote);
    out
}

/// One character of a `str` repr.
fn push_escaped(out: &mut String, c: char, quote: char) {
    match c {
        '\\' => out.push_str("\\\\"),
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        c if c == quote => {
            out.push('\\');
            out.push(c);
        }
        c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
        c => out.push(c),
    }
}

/// Python's `repr(b)` for `bytes`: `b'...'` with every non-printable byte as `\xNN`.
pub(crate) fn bytes_repr(b: &[u8]) -> String {
    let quote = quote_for(b.contains(&b'\''), b.contains(&b'"'));
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(quote);
    for &byte in b {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            byte if char::from(byte) == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(char::from(byte)),
            byte => out.push_str(&format!("\\x{byte:02x}")),
        }
    }
    out.push(quote);
    out
}
