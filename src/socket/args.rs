//! How CPython checks string arguments before C sees them, so pynet refuses the same inputs
//! with the same messages.
//!
//! Three rules, each used by several functions:
//!
//! * plain strings (service and protocol names, `inet_aton`'s argument) may not hold a NUL:
//!   `ValueError: embedded null character`;
//! * host names of `gethostbyname`, `gethostbyname_ex`, `gethostbyaddr` and `getaddrinfo` go
//!   through the IDNA codec, which refuses empty and over-long labels;
//! * the host of an address tuple (`bind`, `connect`, `sendto`) may not hold a NUL, and only a
//!   non-ASCII one goes through the IDNA codec.
//!
//! pynet checks labels as the codec does, but does not Punycode-encode non-ASCII names: they
//! reach the resolver as UTF-8. (Offline, neither form resolves.)

use std::ffi::CString;

use super::error::{Error, Exception, Result};

/// A string passed to C as-is: Python's `s` argument format.
pub(crate) fn c_string(text: &str) -> Result<CString> {
    CString::new(text).map_err(|_| Error::new(Exception::ValueError, "embedded null character"))
}

/// The label check of Python's IDNA codec (`encodings.idna`): every label but the last must
/// be 1 to 63 bytes; the last may be empty (a trailing dot) but not longer than 63.
pub(crate) fn idna_check(host: &str) -> Result<()> {
    let codec_error = |why: &str| {
        Error::new(
            Exception::UnicodeError,
            format!("encoding with 'idna' codec failed (UnicodeError: {why})"),
        )
    };
    if host.is_empty() {
        return Ok(());
    }
    let labels: Vec<&str> = host.split('.').collect();
    let (last, rest) = labels.split_last().unwrap_or((&"", &[]));
    if rest
        .iter()
        .any(|label| label.is_empty() || label.len() > 63)
    {
        return Err(codec_error("label empty or too long"));
    }
    if last.len() > 63 {
        return Err(codec_error("label too long"));
    }
    Ok(())
}

/// A host name argument of the `gethostby*` functions: Python's `et` format with the IDNA
/// codec. `function` names the caller in the message, as Python's does.
pub(crate) fn host_name(function: &str, host: &str) -> Result<CString> {
    let Ok(c_host) = CString::new(host) else {
        return Err(Error::new(
            Exception::TypeError,
            format!("{function}() argument 1 must be encoded string without null bytes, not str"),
        ));
    };
    idna_check(host)?;
    Ok(c_host)
}

/// The host of an address tuple, as CPython's `idna_converter` takes it: an ASCII host is
/// used as it is; only a non-ASCII one goes through the codec.
pub(crate) fn address_host(host: &str) -> Result<()> {
    if host.contains('\0') {
        return Err(Error::new(
            Exception::TypeError,
            "host name must not contain null character",
        ));
    }
    if host.is_ascii() {
        Ok(())
    } else {
        idna_check(host)
    }
}
