//! How a client judges the server's certificate: OpenSSL's rules as Python sets them, on
//! rustls's verifier (webpki), with OpenSSL's words for each refusal.
//!
//! | settings | chain checked | name checked |
//! |---|---|---|
//! | `CERT_REQUIRED` + `check_hostname` (the default) | yes | yes |
//! | `CERT_REQUIRED`, `check_hostname = false` | yes | no |
//! | `CERT_NONE` (and so `check_hostname = false`) | no | no |

use std::fmt;
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, OtherError, SignatureScheme};
use x509_parser::prelude::{FromDer, X509Certificate};

use super::context::provider;

/// Why a certificate was refused, in OpenSSL's words (`certificate has expired`); the text
/// after `certificate verify failed: ` in Python's message.
#[derive(Debug)]
pub(crate) struct VerifyFailed(pub(crate) String);

impl fmt::Display for VerifyFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for VerifyFailed {}

/// The server-certificate check of one client context.
#[derive(Debug)]
pub(crate) struct ServerVerifier {
    /// webpki's chain and name check; `None` for `CERT_NONE`.
    webpki: Option<Arc<WebPkiServerVerifier>>,
    check_hostname: bool,
}

impl ServerVerifier {
    pub(crate) fn new(webpki: Option<Arc<WebPkiServerVerifier>>, check_hostname: bool) -> Self {
        ServerVerifier {
            webpki,
            check_hostname,
        }
    }
}

impl ServerCertVerifier for ServerVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let Some(webpki) = &self.webpki else {
            return Ok(ServerCertVerified::assertion());
        };
        match webpki.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if !self.check_hostname => Ok(ServerCertVerified::assertion()),
            Err(rustls::Error::InvalidCertificate(error)) => {
                let self_signed = intermediates.is_empty() && is_self_signed(end_entity);
                let reason = reason(&error, self_signed, Some(server_name));
                Err(rustls::Error::InvalidCertificate(CertificateError::Other(
                    OtherError(Arc::new(VerifyFailed(reason))),
                )))
            }
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algorithms = provider().signature_verification_algorithms;
        rustls::crypto::verify_tls12_signature(message, cert, dss, &algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        let algorithms = provider().signature_verification_algorithms;
        rustls::crypto::verify_tls13_signature(message, cert, dss, &algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// Whether a certificate names itself as its issuer.
fn is_self_signed(der: &[u8]) -> bool {
    X509Certificate::from_der(der)
        .is_ok_and(|(_, cert)| cert.subject().as_raw() == cert.issuer().as_raw())
}

/// OpenSSL's words for a refused certificate, as Python shows them.
pub(crate) fn reason(
    error: &CertificateError,
    self_signed: bool,
    server_name: Option<&ServerName<'_>>,
) -> String {
    use CertificateError::*;
    match error {
        Expired | ExpiredContext { .. } => "certificate has expired".to_string(),
        NotValidYet | NotValidYetContext { .. } => "certificate is not yet valid".to_string(),
        UnknownIssuer if self_signed => "self-signed certificate".to_string(),
        UnknownIssuer => "unable to get local issuer certificate".to_string(),
        BadSignature => "certificate signature failure".to_string(),
        Revoked => "certificate revoked".to_string(),
        InvalidPurpose | InvalidPurposeContext { .. } => {
            "unsupported certificate purpose".to_string()
        }
        NotValidForName | NotValidForNameContext { .. } => match server_name {
            Some(ServerName::IpAddress(ip)) => format!(
                "IP address mismatch, certificate is not valid for '{}'.",
                std::net::IpAddr::from(*ip)
            ),
            Some(name) => format!(
                "Hostname mismatch, certificate is not valid for '{}'.",
                name.to_str()
            ),
            None => "Hostname mismatch".to_string(),
        },
        Other(other) => other.to_string(),
        other => format!("{other:?}"),
    }
}
