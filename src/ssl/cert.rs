//! `getpeercert()`'s dict: a certificate's fields in the shape and text Python gives them.
//!
//! ```python
//! {'subject': ((('organizationName', 'pynet tests'),), (('commonName', 'localhost'),)),
//!  'issuer': ((('organizationName', 'pynet tests'),), (('commonName', 'pynet test CA'),)),
//!  'version': 3, 'serialNumber': '1001',
//!  'notBefore': 'Jan  1 00:00:00 2020 GMT', 'notAfter': 'Jan  1 00:00:00 2099 GMT',
//!  'subjectAltName': (('DNS', 'localhost'), ('IP Address', '127.0.0.1'))}
//! ```

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use x509_parser::prelude::{FromDer, GeneralName, X509Certificate, X509Name};

use crate::calendar::{MONTHS, civil_from_days};
use crate::socket::repr::str_repr;
use crate::socket::{Error, Exception, Result};

/// One relative distinguished name: its `(key, value)` pairs, usually one.
pub type Rdn = Vec<(String, String)>;

/// A peer's certificate as Python's `getpeercert()` dict; `Display` prints the dict's repr.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeerCert {
    /// `cert['subject']`: `((('commonName', 'localhost'),),)`, one tuple per RDN.
    pub subject: Vec<Rdn>,
    /// `cert['issuer']`, the same shape.
    pub issuer: Vec<Rdn>,
    /// `cert['version']`: 3 for an X.509 v3 certificate.
    pub version: u32,
    /// `cert['serialNumber']`: upper-case hex, two digits a byte (`'1001'`).
    pub serial_number: String,
    /// `cert['notBefore']`: `'Jan  5 09:34:43 2026 GMT'`.
    pub not_before: String,
    /// `cert['notAfter']`, the same format.
    pub not_after: String,
    /// `cert['subjectAltName']`: `('DNS', 'localhost')`, `('IP Address', '127.0.0.1')`,
    /// `('email', ...)`, `('URI', ...)`; empty when the certificate has none (Python then
    /// leaves the key out).
    pub subject_alt_name: Vec<(String, String)>,
}

impl PeerCert {
    /// Decodes a DER certificate (`getpeercert(binary_form=True)`).
    ///
    /// # Errors
    /// `ssl.SSLError` when the bytes are not an X.509 certificate.
    pub fn from_der(der: &[u8]) -> Result<PeerCert> {
        let (_, cert) = X509Certificate::from_der(der)
            .map_err(|e| Error::new(Exception::SSLError, format!("bad certificate: {e}")))?;
        let alt_names = match cert.subject_alternative_name() {
            Ok(Some(ext)) => ext
                .value
                .general_names
                .iter()
                .filter_map(alt_name)
                .collect(),
            _ => Vec::new(),
        };
        Ok(PeerCert {
            subject: name(cert.subject()),
            issuer: name(cert.issuer()),
            version: cert.version().0 + 1,
            serial_number: serial_hex(cert.raw_serial()),
            not_before: asn1_time_text(cert.validity().not_before.timestamp()),
            not_after: asn1_time_text(cert.validity().not_after.timestamp()),
            subject_alt_name: alt_names,
        })
    }

    /// The values of every `commonName` in the subject.
    pub fn common_names(&self) -> impl Iterator<Item = &str> {
        self.subject
            .iter()
            .flatten()
            .filter(|(key, _)| key == "commonName")
            .map(|(_, value)| value.as_str())
    }
}

impl fmt::Display for PeerCert {
    /// Python's `repr(cert)` of the dict, keys in Python's order.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{'subject': {}, ", name_repr(&self.subject))?;
        write!(f, "'issuer': {}, ", name_repr(&self.issuer))?;
        write!(f, "'version': {}, ", self.version)?;
        write!(f, "'serialNumber': {}, ", str_repr(&self.serial_number))?;
        write!(f, "'notBefore': {}, ", str_repr(&self.not_before))?;
        write!(f, "'notAfter': {}", str_repr(&self.not_after))?;
        if !self.subject_alt_name.is_empty() {
            write!(
                f,
                ", 'subjectAltName': {}",
                tuple_repr(self.subject_alt_name.iter().map(pair_repr))
            )?;
        }
        f.write_str("}")
    }
}

/// A subject or issuer as Python's tuple of RDN tuples.
fn name(x509: &X509Name<'_>) -> Vec<Rdn> {
    x509.iter_rdn()
        .map(|rdn| {
            rdn.iter()
                .map(|attr| {
                    let key = attribute_name(&attr.attr_type().to_id_string());
                    let value = attr.as_str().map_or_else(
                        |_| String::from_utf8_lossy(attr.attr_value().data).into_owned(),
                        str::to_string,
                    );
                    (key, value)
                })
                .collect()
        })
        .collect()
}

/// OpenSSL's long name of an attribute type, as Python prints it; the dotted OID otherwise.
fn attribute_name(oid: &str) -> String {
    let known = match oid {
        "2.5.4.3" => "commonName",
        "2.5.4.4" => "surname",
        "2.5.4.5" => "serialNumber",
        "2.5.4.6" => "countryName",
        "2.5.4.7" => "localityName",
        "2.5.4.8" => "stateOrProvinceName",
        "2.5.4.9" => "streetAddress",
        "2.5.4.10" => "organizationName",
        "2.5.4.11" => "organizationalUnitName",
        "2.5.4.12" => "title",
        "2.5.4.15" => "businessCategory",
        "2.5.4.17" => "postalCode",
        "2.5.4.42" => "givenName",
        "1.2.840.113549.1.9.1" => "emailAddress",
        "0.9.2342.19200300.100.1.25" => "domainComponent",
        "0.9.2342.19200300.100.1.1" => "userId",
        other => other,
    };
    known.to_string()
}

/// One subjectAltName entry as Python names it; kinds Python shows as `<unsupported>` are
/// left out.
fn alt_name(general: &GeneralName<'_>) -> Option<(String, String)> {
    let (kind, value) = match general {
        GeneralName::DNSName(dns) => ("DNS", dns.to_string()),
        GeneralName::RFC822Name(email) => ("email", email.to_string()),
        GeneralName::URI(uri) => ("URI", uri.to_string()),
        GeneralName::IPAddress(bytes) => ("IP Address", ip_text(bytes)?),
        _ => return None,
    };
    Some((kind.to_string(), value))
}

/// An IP SAN as OpenSSL 3 prints it: `127.0.0.1`, `0:0:0:0:0:0:0:1` (no `::` shortening,
/// upper-case hex).
fn ip_text(bytes: &[u8]) -> Option<String> {
    if let Ok(v4) = <[u8; 4]>::try_from(bytes) {
        return Some(Ipv4Addr::from(v4).to_string());
    }
    let v6 = Ipv6Addr::from(<[u8; 16]>::try_from(bytes).ok()?);
    let groups: Vec<String> = v6.segments().iter().map(|g| format!("{g:X}")).collect();
    Some(groups.join(":"))
}

/// A serial number as OpenSSL's `i2a_ASN1_INTEGER` writes it: upper-case hex, two digits a
/// byte, without DER's leading zero byte.
fn serial_hex(raw: &[u8]) -> String {
    let start = raw
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(raw.len().saturating_sub(1));
    let bytes = raw.get(start..).unwrap_or_default();
    if bytes.is_empty() {
        return "00".to_string();
    }
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// Unix seconds as OpenSSL's `ASN1_TIME_print`: `Jan  5 09:34:43 2026 GMT`.
fn asn1_time_text(timestamp: i64) -> String {
    let days = timestamp.div_euclid(86_400);
    let seconds = timestamp.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{} {day:>2} {:02}:{:02}:{:02} {year} GMT",
        MONTHS[(month - 1) as usize],
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// `('key', 'value')`.
fn pair_repr((key, value): &(String, String)) -> String {
    format!("({}, {})", str_repr(key), str_repr(value))
}

/// A Python tuple of already-repr'd items: `(a,)` for one, `(a, b)` for more.
fn tuple_repr(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match items.len() {
        1 => format!("({},)", items[0]),
        _ => format!("({})", items.join(", ")),
    }
}

/// A subject or issuer: a tuple of RDN tuples of pairs.
fn name_repr(rdns: &[Rdn]) -> String {
    tuple_repr(rdns.iter().map(|rdn| tuple_repr(rdn.iter().map(pair_repr))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_print_as_openssl_does() {
        assert_eq!(asn1_time_text(0), "Jan  1 00:00:00 1970 GMT");
        assert_eq!(asn1_time_text(1_767_605_683), "Jan  5 09:34:43 2026 GMT");
        assert_eq!(asn1_time_text(951_782_400), "Feb 29 00:00:00 2000 GMT");
    }

    #[test]
    fn serials_are_upper_hex_without_the_sign_byte() {
        assert_eq!(serial_hex(&[0x10, 0x01]), "1001");
        assert_eq!(serial_hex(&[0x00, 0xAB]), "AB");
        assert_eq!(serial_hex(&[0x00]), "00");
    }
}
