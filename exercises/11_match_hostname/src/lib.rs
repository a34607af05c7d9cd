//! # Exercise 11: `match_hostname`, is this certificate for this host?
//!
//! A certificate that a trusted authority signed proves only that *someone* owns it. The
//! client must also check that it names the host the client meant to reach: otherwise any
//! site with a valid certificate of its own could pose as your bank. The names are in the
//! certificate's *subjectAltName* extension, which Python's `getpeercert()` lists as pairs:
//!
//! ```python
//! >>> tls.getpeercert()["subjectAltName"]
//! (('DNS', 'github.com'), ('DNS', 'www.github.com'))
//! ```
//!
//! You write Python's `ssl.match_hostname` (Python 3.7 to 3.11) as a function over that list.
//!
//! ## The rules
//!
//! | host | entries it is compared with | how |
//! |---|---|---|
//! | a name (`www.example.com`) | `DNS` entries | whole names, ignoring ASCII case; a wildcard `*` stands for exactly one whole label, and only as the whole left-most label (`*.example.com`) |
//! | an address (`127.0.0.1`, `::1`) | `IP Address` entries | as addresses: `0:0:0:0:0:0:0:1` is `::1` |
//!
//! Other kinds of entry (`email`, `URI`) are skipped. A host is an address only when it is
//! written exactly as one ([`ip_address`]): `127.1` is a name.
//!
//! | pattern | host | match? |
//! |---|---|---|
//! | `example.com` | `EXAMPLE.com` | yes |
//! | `*.example.com` | `www.example.com` | yes |
//! | `*.example.com` | `example.com`, `a.b.example.com` | no: `*` is one whole label |
//! | `a.b` | `ab.bc` | no: labels are compared whole (idiokit's version said yes) |
//! | `w*.example.com`, `a.*.com`, `*.*.com`, `*` | anything | an error: Python refuses these patterns |
//!
//! ## The errors
//!
//! Every error is an [`Exception::SSLCertVerificationError`] (Python's `ssl.CertificateError`
//! is that class), with Python's text exactly, names in single quotes:
//!
//! - `hostname 'b' doesn't match 'a'` (one entry),
//!   `hostname 'c' doesn't match either of 'a', 'b'` (two or more, in the certificate's order);
//! - `no appropriate commonName or subjectAltName fields were found` (no `DNS` or
//!   `IP Address` entry at all);
//! - for a pattern Python refuses (see [`dnsname_match`]), the pattern's own error.
//!
//! Read `book/src/ch11-tls.md` first. Fill in the three functions below, then check your work
//! with `cargo course check match_hostname`. When the checks pass, try the example of the
//! chapter:
//!
//! ```text
//! cargo course run match_hostname -- 192.30.252.130 DNS:github.com DNS:www.github.com
//! ```

use std::net::IpAddr;

use pynet::socket::{Error, Exception};

/// The host as an IP address, if it is written exactly as one: four decimal numbers from 0 to
/// 255 without leading zeros (`127.0.0.1`), or an IPv6 address (`::1`, `0:0:0:0:0:0:0:1`,
/// `::ffff:1.2.3.4`). Anything else is `None`: `127.1` and `01.2.3.4` (which `inet_aton`
/// would take), `1.2.3.4 ` (a trailing space), `fe80::1%eth0` (a zone), `localhost`.
///
/// ```python
/// ssl._inet_paton(host)   # the packed address, or ValueError: not an address
/// ```
pub fn ip_address(host: &str) -> Option<IpAddr> {
    todo!("is there a Rust parser for IP addresses as strict as Python's?")
}

/// Whether the certificate name `pattern` covers `hostname`, by Python's rules, in this order:
///
/// 1. An empty pattern matches nothing.
/// 2. A pattern without `*` matches the same name, ignoring ASCII case (`Example.COM` covers
///    `example.com`).
/// 3. A pattern with a `*` must be `*.` and a remainder without `*`. Then it matches a host
///    whose first label (up to the first `.`) is not empty and whose remainder (after the
///    first `.`) equals the pattern's, ignoring ASCII case.
///
/// ```python
/// ssl._dnsname_match(pattern, hostname)
/// ```
///
/// # Errors
/// A pattern with a `*` that breaks rule 3 is refused, checked in this order (Python's words,
/// typo included, with the pattern in quotes and a final full stop):
///
/// | pattern | error |
/// |---|---|
/// | two or more `*` (`*.*.com`) | `too many wildcards in certificate DNS name: '*.*.com'.` |
/// | a `*` after the first `.` (`a.*.com`) | `wildcard can only be present in the leftmost label: 'a.*.com'.` |
/// | no `.` at all (`*`, `a*`) | `sole wildcard without additional labels are not support: '*'.` |
/// | a first label that is not just `*` (`w*.example.com`) | `partial wildcards in leftmost label are not supported: 'w*.example.com'.` |
pub fn dnsname_match(pattern: &str, hostname: &str) -> Result<bool, Error> {
    todo!("the rules in order: empty, no wildcard, the four refusals, then compare")
}

/// Succeeds if one entry of `subject_alt_name` covers `hostname`: when [`ip_address`] says the
/// host is an address, an `IP Address` entry whose value (without trailing whitespace) is the
/// same address; otherwise a `DNS` entry that [`dnsname_match`] says covers it. The entries
/// are tried in order, and the first match ends the search.
///
/// ```python
/// ssl.match_hostname({"subjectAltName": subject_alt_name}, hostname)
/// ```
///
/// # Errors
/// No entry matches: an [`Exception::SSLCertVerificationError`] that names every `DNS` and
/// `IP Address` entry it tried, as the table at the top of this file shows. A `DNS` pattern
/// that [`dnsname_match`] refuses ends the search with that error (when the host is a name and
/// no earlier entry matched).
pub fn match_hostname(subject_alt_name: &[(&str, &str)], hostname: &str) -> Result<(), Error> {
    todo!("try each entry by its kind; collect the values you tried for the error")
}

#[cfg(test)]
mod tests;
