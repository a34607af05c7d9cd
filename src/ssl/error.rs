//! rustls's errors as the `ssl` exceptions Python raises.

use rustls::{AlertDescription, CertificateError};

use super::verify::reason;
use crate::socket::{Error, Exception};

/// The Python exception for a TLS failure: `SSLCertVerificationError` for a refused
/// certificate (`[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ...`), an alert
/// from the peer in OpenSSL's words (`[SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca`),
/// `SSLError` for the rest.
pub(crate) fn from_rustls(error: rustls::Error) -> Error {
    match error {
        rustls::Error::InvalidCertificate(certificate) => verify_failed(&certificate),
        rustls::Error::AlertReceived(alert) => alert_error(alert),
        other => Error::new(Exception::SSLError, format!("[SSL] {other}")),
    }
}

fn verify_failed(error: &CertificateError) -> Error {
    Error::new(
        Exception::SSLCertVerificationError,
        format!(
            "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: {}",
            reason(error, false, None)
        ),
    )
}

/// An alert the peer sent: `UnknownCA` becomes `[SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert
/// unknown ca`.
fn alert_error(alert: AlertDescription) -> Error {
    let words = words(&format!("{alert:?}"));
    Error::new(
        Exception::SSLError,
        format!(
            "[SSL: TLSV1_ALERT_{}] tlsv1 alert {words}",
            words.to_uppercase().replace(' ', "_")
        ),
    )
}

/// `UnknownCA` → `unknown ca`, `BadCertificate` → `bad certificate`.
fn words(camel: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = camel.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        let prev_lower = i > 0 && chars[i - 1].is_lowercase();
        if c.is_uppercase() && i > 0 && (prev_lower || next_lower) {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// `ssl.SSLEOFError`: the peer hung up in the middle of the handshake.
pub(crate) fn eof_in_handshake() -> Error {
    Error::new(
        Exception::SSLEOFError,
        "[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alerts_read_as_openssl_names_them() {
        assert_eq!(
            alert_error(AlertDescription::UnknownCA).to_string(),
            "[SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca"
        );
        assert_eq!(words("BadCertificate"), "bad certificate");
    }
}
