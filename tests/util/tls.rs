//! Test certificates for TLS: a local CA and the certificates the TLS tests need, made with
//! rcgen and written as PEM files in a temporary directory.
//!
//! ```text
//! let certs = tls::TestCerts::new();
//! // server: ctx.load_cert_chain(&certs.localhost.cert, &certs.localhost.key)
//! // client: ctx.load_verify_locations(&certs.ca)
//! ```
//!
//! | field          | certificate                                    | a client trusting `ca` ... |
//! |----------------|------------------------------------------------|----------------------------|
//! | `localhost`    | `localhost`, `127.0.0.1`, `::1`, signed by `ca`  | accepts it                 |
//! | `other_host`   | `other.test`, signed by `ca`                   | refuses it: wrong host     |
//! | `expired`      | `localhost`..., signed by `ca`, expired in 2001 | refuses it: expired        |
//! | `self_signed`  | `localhost`..., signed by its own key          | refuses it: self-signed    |
//! | `unknown_ca`   | `localhost`..., signed by `unknown_ca_cert`    | refuses it: unknown CA     |
//! | `client`       | `client.test`, clientAuth, signed by `ca`      | (servers requiring certs)  |
//!
//! The file has no `use` of its neighbours, so that lesson and exercise tests can include it:
//! `#[path = "../../tests/util/tls.rs"] mod tls;` (it needs the dev-dependencies `rcgen` and
//! `tempfile`).

#![allow(dead_code)] // Each test file uses only some of these helpers.

use std::fs;
use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SerialNumber, date_time_ymd,
};

/// The names on every "localhost" certificate: its DNS name and both loopback addresses.
pub const LOCALHOST_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

/// The DNS name of [`TestCerts::other_host`].
pub const OTHER_HOST: &str = "other.test";

/// The DNS name of [`TestCerts::client`].
pub const CLIENT_NAME: &str = "client.test";

/// The organization (`O=`) of every certificate made here.
pub const ORGANIZATION: &str = "pynet tests";

/// The common name (`CN=`) of the trusted local CA.
pub const CA_NAME: &str = "pynet test CA";

/// The common name (`CN=`) of the CA nobody trusts.
pub const UNKNOWN_CA_NAME: &str = "pynet unknown CA";

/// The serial number of [`TestCerts::localhost`]: `getpeercert()["serialNumber"]` is
/// `"1001"`.
pub const LOCALHOST_SERIAL: u64 = 0x1001;

/// A certificate and its private key, as two PEM files.
#[derive(Debug, Clone)]
pub struct CertFiles {
    /// The certificate (`-----BEGIN CERTIFICATE-----`): Python's `certfile`.
    pub cert: PathBuf,
    /// Its private key (`-----BEGIN PRIVATE KEY-----`, PKCS#8): Python's `keyfile`.
    pub key: PathBuf,
}

impl CertFiles {
    /// The certificate as PEM text.
    pub fn cert_pem(&self) -> String {
        read(&self.cert)
    }

    /// The key as PEM text.
    pub fn key_pem(&self) -> String {
        read(&self.key)
    }
}

/// Every certificate the TLS tests use, as PEM files in a temporary directory that is deleted
/// when this value is dropped (keep it alive as long as a server uses the files).
pub struct TestCerts {
    dir: tempfile::TempDir,
    /// The local CA's certificate: what clients trust (`cafile`, `ca_certs`).
    pub ca: PathBuf,
    /// The local CA's certificate and key, to sign more certificates if a test needs to.
    pub ca_files: CertFiles,
    /// `localhost`, `127.0.0.1`, `::1`, signed by `ca`: the good server certificate.
    pub localhost: CertFiles,
    /// [`OTHER_HOST`], signed by `ca`: the wrong host for a client connecting to localhost.
    pub other_host: CertFiles,
    /// `localhost`..., signed by `ca`, valid only from 2000-01-01 to 2001-01-01.
    pub expired: CertFiles,
    /// `localhost`..., signed by its own key.
    pub self_signed: CertFiles,
    /// `localhost`..., signed by a CA that no client trusts.
    pub unknown_ca: CertFiles,
    /// The untrusted CA that signed `unknown_ca`.
    pub unknown_ca_cert: PathBuf,
    /// [`CLIENT_NAME`], for client authentication (`require_cert`, `CERT_REQUIRED` servers),
    /// signed by `ca`.
    pub client: CertFiles,
}

impl TestCerts {
    /// Makes every certificate (ECDSA P-256 keys; a few milliseconds) and writes them out.
    pub fn new() -> TestCerts {
        let dir = tempfile::tempdir().expect("a temporary directory for test certificates");
        let (ca_params, ca_key) = authority(CA_NAME);
        let ca_cert = ca_params.self_signed(&ca_key).expect("the CA certificate");
        let ca_files = write(dir.path(), "ca", &ca_cert.pem(), &ca_key);
        let ca = Issuer::new(ca_params, ca_key);

        let (unknown_params, unknown_key) = authority(UNKNOWN_CA_NAME);
        let unknown_cert = unknown_params.self_signed(&unknown_key).expect("the CA");
        let unknown_ca_files = write(dir.path(), "unknown-ca", &unknown_cert.pem(), &unknown_key);
        let unknown = Issuer::new(unknown_params, unknown_key);

        let localhost = leaf(&LOCALHOST_NAMES, "localhost", Usage::Server);
        let mut localhost_params = localhost.clone();
        localhost_params.serial_number = Some(SerialNumber::from(LOCALHOST_SERIAL));
        let mut expired = localhost.clone();
        expired.not_before = date_time_ymd(2000, 1, 1);
        expired.not_after = date_time_ymd(2001, 1, 1);

        let signed = |name: &str, params: &CertificateParams, issuer: &Issuer<'_, KeyPair>| {
            let key = KeyPair::generate().expect("a key pair");
            let cert = params.signed_by(&key, issuer).expect("a certificate");
            write(dir.path(), name, &cert.pem(), &key)
        };
        let self_signed = {
            let key = KeyPair::generate().expect("a key pair");
            let cert = localhost
                .self_signed(&key)
                .expect("a self-signed certificate");
            write(dir.path(), "self-signed", &cert.pem(), &key)
        };
        TestCerts {
            ca: ca_files.cert.clone(),
            ca_files,
            localhost: signed("localhost", &localhost_params, &ca),
            other_host: signed(
                "other-host",
                &leaf(&[OTHER_HOST], OTHER_HOST, Usage::Server),
                &ca,
            ),
            expired: signed("expired", &expired, &ca),
            self_signed,
            unknown_ca: signed("unknown-ca-leaf", &localhost, &unknown),
            unknown_ca_cert: unknown_ca_files.cert,
            client: signed(
                "client",
                &leaf(&[CLIENT_NAME], CLIENT_NAME, Usage::Client),
                &ca,
            ),
            dir,
        }
    }

    /// The directory holding the PEM files.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

/// What a leaf certificate is for (its extended key usage).
enum Usage {
    Server,
    Client,
}

/// The parameters and key of a CA named `common_name`.
fn authority(common_name: &str) -> (CertificateParams, KeyPair) {
    let mut params = CertificateParams::default();
    named(&mut params, common_name);
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    (params, KeyPair::generate().expect("a key pair"))
}

/// The parameters of a leaf certificate for `names` (DNS names or IP addresses).
fn leaf(names: &[&str], common_name: &str, usage: Usage) -> CertificateParams {
    let names: Vec<String> = names.iter().map(|name| name.to_string()).collect();
    let mut params = CertificateParams::new(names).expect("valid certificate names");
    named(&mut params, common_name);
    params.use_authority_key_identifier_extension = true;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![match usage {
        Usage::Server => ExtendedKeyUsagePurpose::ServerAuth,
        Usage::Client => ExtendedKeyUsagePurpose::ClientAuth,
    }];
    params
}

/// Sets the subject (`O=pynet tests, CN=common_name`) and a validity from 2020 to 2099.
fn named(params: &mut CertificateParams, common_name: &str) {
    params
        .distinguished_name
        .push(DnType::OrganizationName, ORGANIZATION);
    params
        .distinguished_name
        .push(DnType::CommonName, common_name);
    params.not_before = date_time_ymd(2020, 1, 1);
    params.not_after = date_time_ymd(2099, 1, 1);
}

/// Writes `NAME.pem` and `NAME.key` under `dir`.
fn write(dir: &Path, name: &str, cert_pem: &str, key: &KeyPair) -> CertFiles {
    let files = CertFiles {
        cert: dir.join(format!("{name}.pem")),
        key: dir.join(format!("{name}.key")),
    };
    fs::write(&files.cert, cert_pem).expect("writing a test certificate");
    fs::write(&files.key, key.serialize_pem()).expect("writing a test key");
    files
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).expect("reading a test PEM file")
}
