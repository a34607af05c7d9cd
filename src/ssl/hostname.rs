//! `ssl.match_hostname(cert, hostname)`: does a certificate name this host?
//!
//! The rules are RFC 6125's, as Python 3.7-3.11 apply them: names compare whole and without
//! regard to case; a wildcard is allowed only as the whole left-most label (`*.example.com`
//! matches `www.example.com`, not `example.com` nor `a.b.example.com`); an IP address is
//! compared only with the certificate's IP address entries; the subject's commonName counts
//! only when the certificate has no subjectAltName of DNS or IP kind.
//!
//! idiokit's older matcher compared label prefixes, so that a certificate for `a.b` passed
//! for `ab.bc`; pynet compares whole labels.

use std::net::IpAddr;

use super::cert::PeerCert;
use crate::socket::repr::str_repr;
use crate::socket::{Error, Exception, Result};

/// Checks that `cert` (from [`getpeercert`](super::SSLSocket::getpeercert)) names
/// `hostname`, as Python's `ssl.match_hostname`.
///
/// ```python
/// ssl.match_hostname(conn.getpeercert(), "localhost")
/// ```
/// ```
/// use pynet::ssl::{PeerCert, match_hostname};
///
/// let cert = PeerCert {
///     subject_alt_name: vec![("DNS".into(), "*.example.com".into())],
///     ..PeerCert::default()
/// };
/// assert!(match_hostname(&cert, "www.example.com").is_ok());
/// let e = match_hostname(&cert, "example.com").unwrap_err();
/// assert_eq!(e.to_string(), "hostname 'example.com' doesn't match '*.example.com'");
/// ```
///
/// # Errors
/// `ssl.SSLCertVerificationError` (Python's `CertificateError`) worded as Python's:
/// `hostname 'h' doesn't match 'a'` for one name, `hostname 'h' doesn't match either of 'a',
/// 'b', 'c'` for more, `no appropriate commonName or subjectAltName fields were found`; and
/// for a malformed wildcard such as `w*.example.com`, `partial wildcards in leftmost label
/// are not supported: 'w*.example.com'.`
pub fn match_hostname(cert: &PeerCert, hostname: &str) -> Result<()> {
    let host_ip = parse_ip(hostname);
    let mut names = Vec::new();
    for (kind, value) in &cert.subject_alt_name {
        let matched = match (kind.as_str(), host_ip) {
            ("DNS", None) => dns_name_matches(value, hostname)?,
            ("IP Address", Some(ip)) => parse_ip(value.trim_end()) == Some(ip),
            ("DNS" | "IP Address", _) => false,
            _ => continue,
        };
        if matched {
            return Ok(());
        }
        names.push(value.as_str());
    }
    if names.is_empty() {
        for common_name in cert.common_names() {
            if dns_name_matches(common_name, hostname)? {
                return Ok(());
            }
            names.push(common_name);
        }
    }
    Err(certificate_error(mismatch_text(hostname, &names)))
}

/// Python's message for a host that matched none of `names`.
fn mismatch_text(hostname: &str, names: &[&str]) -> String {
    let host = str_repr(hostname);
    match names {
        [] => "no appropriate commonName or subjectAltName fields were found".to_string(),
        [one] => format!("hostname {host} doesn't match {}", str_repr(one)),
        many => {
            let listed: Vec<String> = many.iter().map(|name| str_repr(name)).collect();
            format!(
                "hostname {host} doesn't match either of {}",
                listed.join(", ")
            )
        }
    }
}

/// Whether one certificate DNS name matches `hostname` (Python's `_dnsname_match`); a
/// malformed wildcard is an error, as in Python.
fn dns_name_matches(pattern: &str, hostname: &str) -> Result<bool> {
    if pattern.is_empty() {
        return Ok(false);
    }
    let wildcards = pattern.matches('*').count();
    if wildcards == 0 {
        return Ok(pattern.eq_ignore_ascii_case(hostname));
    }
    let quoted = str_repr(pattern);
    if wildcards > 1 {
        return Err(certificate_error(format!(
            "too many wildcards in certificate DNS name: {quoted}."
        )));
    }
    let Some((leftmost, remainder)) = pattern.split_once('.') else {
        return Err(certificate_error(format!(
            "sole wildcard without additional labels are not support: {quoted}."
        )));
    };
    if remainder.contains('*') {
        return Err(certificate_error(format!(
            "wildcard can only be present in the leftmost label: {quoted}."
        )));
    }
    if leftmost != "*" {
        return Err(certificate_error(format!(
            "partial wildcards in leftmost label are not supported: {quoted}."
        )));
    }
    Ok(match hostname.split_once('.') {
        Some((host_leftmost, host_remainder)) if !host_leftmost.is_empty() => {
            remainder.eq_ignore_ascii_case(host_remainder)
        }
        _ => false,
    })
}

/// `hostname` as an IP address when it is one written in full (`127.0.0.1`, `::1`); Python's
/// `_inet_paton` also refuses short forms like `127.1` as addresses.
fn parse_ip(hostname: &str) -> Option<IpAddr> {
    hostname.parse().ok()
}

/// Python's `ssl.CertificateError` (an alias of `SSLCertVerificationError`).
fn certificate_error(message: String) -> Error {
    Error::new(Exception::SSLCertVerificationError, message)
}
