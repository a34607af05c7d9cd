//! # Solution of exercise 11: `match_hostname`, is this certificate for this host?
//!
//! The exercise's task, Python's rules and the checks are in `exercises/11_match_hostname`;
//! this is one way to complete it.

use std::net::IpAddr;

use pynet::socket::{Error, Exception};

/// The host as an IP address, if it is written as one exactly: four decimal numbers for IPv4,
/// or an IPv6 address.
///
/// ```python
/// ssl._inet_paton(host)   # ValueError: not an address
/// ```
pub fn ip_address(host: &str) -> Option<IpAddr> {
    // Rust's parser is as strict as Python's: no `127.1`, no leading zeros, no spaces.
    host.parse().ok()
}

/// Whether the certificate name `pattern` covers `hostname`, by Python's rules.
///
/// ```python
/// ssl._dnsname_match(pattern, hostname)
/// ```
pub fn dnsname_match(pattern: &str, hostname: &str) -> Result<bool, Error> {
    if pattern.is_empty() {
        return Ok(false);
    }
    let wildcards = pattern.matches('*').count();
    if wildcards == 0 {
        return Ok(pattern.eq_ignore_ascii_case(hostname));
    }
    if wildcards > 1 {
        return Err(refused(
            "too many wildcards in certificate DNS name",
            pattern,
        ));
    }
    let Some((leftmost, remainder)) = pattern.split_once('.') else {
        let why = "sole wildcard without additional labels are not support";
        return Err(refused(why, pattern));
    };
    if remainder.contains('*') {
        let why = "wildcard can only be present in the leftmost label";
        return Err(refused(why, pattern));
    }
    if leftmost != "*" {
        let why = "partial wildcards in leftmost label are not supported";
        return Err(refused(why, pattern));
    }
    // The wildcard stands for exactly one whole label of the host, which may not be empty.
    Ok(match hostname.split_once('.') {
        Some((label, rest)) if !label.is_empty() => remainder.eq_ignore_ascii_case(rest),
        _ => false,
    })
}

/// `CertificateError("{why}: '{pattern}'.")`: a certificate name Python will not match.
fn refused(why: &str, pattern: &str) -> Error {
    certificate_error(format!("{why}: '{pattern}'."))
}

/// Python's `ssl.CertificateError`, the same class as `ssl.SSLCertVerificationError`.
fn certificate_error(text: String) -> Error {
    Error::new(Exception::SSLCertVerificationError, text)
}

/// Succeeds if one entry of `subject_alt_name` covers `hostname`: a `DNS` name when the host
/// is a name, an `IP Address` when it is an address.
///
/// ```python
/// ssl.match_hostname({"subjectAltName": subject_alt_name}, hostname)
/// ```
pub fn match_hostname(subject_alt_name: &[(&str, &str)], hostname: &str) -> Result<(), Error> {
    let host_ip = ip_address(hostname);
    let mut names = Vec::new();
    for &(kind, value) in subject_alt_name {
        let matched = match (kind, host_ip) {
            ("DNS", None) => dnsname_match(value, hostname)?,
            ("IP Address", Some(ip)) => ip_address(value.trim_end()) == Some(ip),
            ("DNS" | "IP Address", _) => false,
            _ => continue,
        };
        if matched {
            return Ok(());
        }
        names.push(value);
    }
    Err(certificate_error(mismatch(hostname, &names)))
}

/// Python's text for a host that matches none of `names`.
fn mismatch(hostname: &str, names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("'{name}'")).collect();
    match quoted.as_slice() {
        [] => "no appropriate commonName or subjectAltName fields were found".to_string(),
        [name] => format!("hostname '{hostname}' doesn't match {name}"),
        _ => format!(
            "hostname '{hostname}' doesn't match either of {}",
            quoted.join(", ")
        ),
    }
}

#[cfg(test)]
#[path = "../../../exercises/11_match_hostname/src/tests.rs"]
mod tests;
