//! `ssl.SSLContext`: what to trust, what to present, how strictly to check.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use rustls::client::WebPkiServerVerifier;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};
use rustls::server::WebPkiClientVerifier;
use rustls::sign::CertifiedKey;
use rustls::{ClientConfig, RootCertStore, ServerConfig, SupportedProtocolVersion};

use super::socket::SSLSocket;
use super::verify::ServerVerifier;
use crate::socket::{Error, Exception, Result, Socket};

/// `ssl.PROTOCOL_TLS_CLIENT`: a context for clients; verifies by default.
pub const PROTOCOL_TLS_CLIENT: i32 = 16;
/// `ssl.PROTOCOL_TLS_SERVER`: a context for servers.
pub const PROTOCOL_TLS_SERVER: i32 = 17;

/// `ssl.CERT_NONE`: do not ask for or check the peer's certificate.
pub const CERT_NONE: i32 = 0;
/// `ssl.CERT_OPTIONAL`: a server asks for a client certificate and checks it if one comes; a
/// client treats it as `CERT_REQUIRED`, as OpenSSL does.
pub const CERT_OPTIONAL: i32 = 1;
/// `ssl.CERT_REQUIRED`: the peer must present a certificate that verifies.
pub const CERT_REQUIRED: i32 = 2;

/// `ssl.Purpose`: what [`create_default_context`] makes a context for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// `ssl.Purpose.SERVER_AUTH`: a client, authenticating servers.
    ServerAuth,
    /// `ssl.Purpose.CLIENT_AUTH`: a server, (optionally) authenticating clients.
    ClientAuth,
}

impl Purpose {
    /// Python's spelling, `ssl.Purpose.SERVER_AUTH`.
    pub const SERVER_AUTH: Purpose = Purpose::ServerAuth;
    /// Python's spelling, `ssl.Purpose.CLIENT_AUTH`.
    pub const CLIENT_AUTH: Purpose = Purpose::ClientAuth;
}

/// `ssl.TLSVersion`: the protocol versions pynet speaks (TLS 1.2 and 1.3, as Python's default
/// minimum is 1.2).
#[allow(non_camel_case_types)] // Python's names: ssl.TLSVersion.TLSv1_2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TLSVersion {
    /// `ssl.TLSVersion.TLSv1_2`.
    TLSv1_2,
    /// `ssl.TLSVersion.TLSv1_3`.
    TLSv1_3,
}

/// Where Linux distributions keep the system's trusted CAs, tried in order.
const SYSTEM_BUNDLES: [&str; 5] = [
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/ssl/ca-bundle.pem",
    "/etc/ssl/cert.pem",
];

/// The crypto provider: ring, the only one pynet builds.
pub(crate) fn provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    PROVIDER
        .get_or_init(|| Arc::new(rustls::crypto::ring::default_provider()))
        .clone()
}

/// A certificate chain and its private key, as `load_cert_chain` read them.
struct Identity {
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
}

/// Python's `ssl.SSLContext`: trust roots, this side's certificate, verification settings;
/// [`wrap_socket`](SSLContext::wrap_socket) makes TLS connections with them.
///
/// ```python
/// ctx = ssl.create_default_context()                       # a client
/// ctx.load_verify_locations("ca.pem")
/// tls = ctx.wrap_socket(sock, server_hostname="localhost")
///
/// ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)            # a server
/// ctx.load_cert_chain("cert.pem", "key.pem")
/// tls = ctx.wrap_socket(conn, server_side=True)
/// ```
/// ```no_run
/// use pynet::ssl::{self, PROTOCOL_TLS_SERVER, Purpose, SSLContext};
/// # let sock = pynet::socket::create_connection(("localhost", 443), None, None)?;
/// # let conn = pynet::socket::create_connection(("localhost", 443), None, None)?;
/// let mut ctx = ssl::create_default_context(Purpose::SERVER_AUTH)?;
/// ctx.load_verify_locations("ca.pem")?;
/// let tls = ctx.wrap_socket(sock, false, Some("localhost"))?;
///
/// let mut ctx = SSLContext::new(PROTOCOL_TLS_SERVER)?;
/// ctx.load_cert_chain("cert.pem", Some("key.pem"))?;
/// let tls = ctx.wrap_socket(conn, true, None)?;
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// Settings take `&mut self`; `wrap_socket` takes `&self`, so one context (in an `Arc`)
/// serves every thread of a server.
pub struct SSLContext {
    protocol: i32,
    verify_mode: i32,
    check_hostname: bool,
    roots: RootCertStore,
    identity: Option<Identity>,
    minimum_version: TLSVersion,
    maximum_version: TLSVersion,
    client_config: OnceLock<Arc<ClientConfig>>,
    server_config: OnceLock<Arc<ServerConfig>>,
}

/// `ssl.create_default_context(purpose)`: Python's secure defaults, with the system's trusted
/// CAs loaded.
///
/// For [`Purpose::SERVER_AUTH`] (Python's default) a client context: `CERT_REQUIRED`,
/// `check_hostname` on. For [`Purpose::CLIENT_AUTH`] a server context: `CERT_NONE` (set
/// `CERT_REQUIRED` to ask clients for certificates, checked against the same CAs).
///
/// ```python
/// ctx = ssl.create_default_context()
/// ```
/// ```
/// use pynet::ssl::{self, CERT_REQUIRED, Purpose};
/// let ctx = ssl::create_default_context(Purpose::SERVER_AUTH)?;
/// assert_eq!(ctx.verify_mode(), CERT_REQUIRED);
/// assert!(ctx.check_hostname());
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// Those of [`SSLContext::load_default_certs`].
pub fn create_default_context(purpose: Purpose) -> Result<SSLContext> {
    let protocol = match purpose {
        Purpose::ServerAuth => PROTOCOL_TLS_CLIENT,
        Purpose::ClientAuth => PROTOCOL_TLS_SERVER,
    };
    let mut ctx = SSLContext::new(protocol)?;
    ctx.load_default_certs()?;
    Ok(ctx)
}

impl SSLContext {
    /// `ssl.SSLContext(protocol)`: an empty context (no trusted CAs yet). A
    /// [`PROTOCOL_TLS_CLIENT`] context starts with `CERT_REQUIRED` and `check_hostname`, a
    /// [`PROTOCOL_TLS_SERVER`] one with `CERT_NONE`, as in Python.
    ///
    /// # Errors
    /// `ValueError: invalid or unsupported protocol version N` for any other protocol.
    pub fn new(protocol: i32) -> Result<SSLContext> {
        let client = match protocol {
            PROTOCOL_TLS_CLIENT => true,
            PROTOCOL_TLS_SERVER => false,
            other => {
                return Err(Error::new(
                    Exception::ValueError,
                    format!("invalid or unsupported protocol version {other}"),
                ));
            }
        };
        Ok(SSLContext {
            protocol,
            verify_mode: if client { CERT_REQUIRED } else { CERT_NONE },
            check_hostname: client,
            roots: RootCertStore::empty(),
            identity: None,
            minimum_version: TLSVersion::TLSv1_2,
            maximum_version: TLSVersion::TLSv1_3,
            client_config: OnceLock::new(),
            server_config: OnceLock::new(),
        })
    }

    /// `ctx.protocol`.
    pub fn protocol(&self) -> i32 {
        self.protocol
    }

    /// `ctx.verify_mode`: [`CERT_NONE`], [`CERT_OPTIONAL`] or [`CERT_REQUIRED`].
    pub fn verify_mode(&self) -> i32 {
        self.verify_mode
    }

    /// `ctx.verify_mode = mode`.
    ///
    /// # Errors
    /// As Python: `ValueError: Cannot set verify_mode to CERT_NONE when check_hostname is
    /// enabled.` (turn `check_hostname` off first), and `ValueError: invalid value for
    /// verify_mode` for other numbers.
    pub fn set_verify_mode(&mut self, mode: i32) -> Result<()> {
        if !(CERT_NONE..=CERT_REQUIRED).contains(&mode) {
            return Err(Error::new(
                Exception::ValueError,
                "invalid value for verify_mode",
            ));
        }
        if mode == CERT_NONE && self.check_hostname {
            return Err(Error::new(
                Exception::ValueError,
                "Cannot set verify_mode to CERT_NONE when check_hostname is enabled.",
            ));
        }
        self.verify_mode = mode;
        self.changed();
        Ok(())
    }

    /// `ctx.check_hostname`: whether a client checks that the server's certificate names
    /// `server_hostname`.
    pub fn check_hostname(&self) -> bool {
        self.check_hostname
    }

    /// `ctx.check_hostname = flag`. Turning it on also sets `CERT_REQUIRED` if verification
    /// was off, as Python does.
    pub fn set_check_hostname(&mut self, flag: bool) {
        self.check_hostname = flag;
        if flag && self.verify_mode == CERT_NONE {
            self.verify_mode = CERT_REQUIRED;
        }
        self.changed();
    }

    /// `ctx.minimum_version = version` (Python's default: TLS 1.2).
    pub fn set_minimum_version(&mut self, version: TLSVersion) {
        self.minimum_version = version;
        self.changed();
    }

    /// `ctx.maximum_version = version` (default: TLS 1.3).
    pub fn set_maximum_version(&mut self, version: TLSVersion) {
        self.maximum_version = version;
        self.changed();
    }

    /// `ctx.load_default_certs()`: trust the system's CAs: the bundle named by
    /// `SSL_CERT_FILE`, else the distribution's bundle (`/etc/ssl/certs/ca-certificates.crt`
    /// on Debian, ...), else the Mozilla roots built into pynet (webpki-roots).
    ///
    /// # Errors
    /// Those of [`load_verify_locations`](SSLContext::load_verify_locations) for a bundle
    /// that `SSL_CERT_FILE` names but that cannot be read.
    pub fn load_default_certs(&mut self) -> Result<()> {
        if let Some(file) = std::env::var_os("SSL_CERT_FILE") {
            return self.load_verify_locations(file);
        }
        match SYSTEM_BUNDLES.iter().find(|path| Path::new(path).is_file()) {
            Some(bundle) => self.load_verify_locations(bundle),
            None => {
                self.roots
                    .extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
                self.changed();
                Ok(())
            }
        }
    }

    /// `ctx.load_verify_locations(cafile)`: trust the CA certificates in a PEM file.
    ///
    /// # Errors
    /// `FileNotFoundError: [Errno 2] No such file or directory` and other OSErrors;
    /// `ssl.SSLError: [X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found` when
    /// the file holds no usable certificate.
    pub fn load_verify_locations(&mut self, cafile: impl AsRef<Path>) -> Result<()> {
        let certs = read_certificates(cafile.as_ref())?;
        let (added, _ignored) = self.roots.add_parsable_certificates(certs);
        if added == 0 {
            return Err(Error::new(
                Exception::SSLError,
                "[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found",
            ));
        }
        self.changed();
        Ok(())
    }

    /// `ctx.load_cert_chain(certfile, keyfile)`: the certificate (chain) this side presents,
    /// and its private key (`None`: the key is in `certfile` too).
    ///
    /// # Errors
    /// OSErrors for files that cannot be read; `ssl.SSLError: [SSL] PEM lib` when a file holds
    /// no certificate or no key; `ssl.SSLError: [SSL: KEY_VALUES_MISMATCH] key values
    /// mismatch` when the key is not the certificate's.
    pub fn load_cert_chain(
        &mut self,
        certfile: impl AsRef<Path>,
        keyfile: Option<impl AsRef<Path>>,
    ) -> Result<()> {
        let chain = read_certificates(certfile.as_ref())?;
        let key_path = keyfile.as_ref().map_or(certfile.as_ref(), AsRef::as_ref);
        let key_pem = std::fs::read(key_path)?;
        let key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|_| pem_lib_error())?;
        if chain.is_empty() {
            return Err(pem_lib_error());
        }
        let signing_key = provider()
            .key_provider
            .load_private_key(key.clone_key())
            .map_err(|e| Error::new(Exception::SSLError, format!("[SSL] {e}")))?;
        CertifiedKey::new(chain.clone(), signing_key)
            .keys_match()
            .map_err(|_| {
                Error::new(
                    Exception::SSLError,
                    "[SSL: KEY_VALUES_MISMATCH] key values mismatch",
                )
            })?;
        self.identity = Some(Identity { chain, key });
        self.changed();
        Ok(())
    }

    /// `ctx.wrap_socket(sock, server_side, server_hostname=...)`: runs the TLS handshake on a
    /// connected socket (under the socket's timeout, which covers the whole handshake) and
    /// returns the TLS connection. Python's `do_handshake_on_connect=True` and
    /// `suppress_ragged_eofs=True`.
    ///
    /// A client sends `server_hostname` as SNI and, with `check_hostname`, checks the
    /// certificate against it; it may be a DNS name or an IP address.
    ///
    /// # Errors
    /// `ValueError: check_hostname requires server_hostname`, `ValueError: server_hostname
    /// can only be specified in client mode`, `ValueError: Cannot create a client socket
    /// with a PROTOCOL_TLS_SERVER context` (and its server twin);
    /// `ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify
    /// failed: Hostname mismatch, certificate is not valid for 'x'.` (or `unable to get local
    /// issuer certificate`, `self-signed certificate`, `certificate has expired`);
    /// `ssl.SSLError` for other handshake failures; `ssl.SSLEOFError: EOF occurred in violation
    /// of protocol` when the peer hangs up mid-handshake; `timed out`.
    pub fn wrap_socket(
        &self,
        sock: Socket,
        server_side: bool,
        server_hostname: Option<&str>,
    ) -> Result<SSLSocket> {
        let timeout = sock.gettimeout();
        self.wrap_socket_within(sock, server_side, server_hostname, timeout)
    }

    /// [`wrap_socket`](SSLContext::wrap_socket) with a handshake deadline of its own
    /// (idiokit's `timeout=`).
    pub(crate) fn wrap_socket_within(
        &self,
        sock: Socket,
        server_side: bool,
        server_hostname: Option<&str>,
        timeout: Option<f64>,
    ) -> Result<SSLSocket> {
        let connection: rustls::Connection = if server_side {
            if self.protocol == PROTOCOL_TLS_CLIENT {
                return Err(value_error(
                    "Cannot create a server socket with a PROTOCOL_TLS_CLIENT context",
                ));
            }
            if server_hostname.is_some() {
                return Err(value_error(
                    "server_hostname can only be specified in client mode",
                ));
            }
            rustls::ServerConnection::new(self.server_config()?)
                .map_err(super::error::from_rustls)?
                .into()
        } else {
            if self.protocol == PROTOCOL_TLS_SERVER {
                return Err(value_error(
                    "Cannot create a client socket with a PROTOCOL_TLS_SERVER context",
                ));
            }
            let name = self.server_name(&sock, server_hostname)?;
            rustls::ClientConnection::new(self.client_config()?, name)
                .map_err(super::error::from_rustls)?
                .into()
        };
        let verified = self.verify_mode != CERT_NONE;
        SSLSocket::handshake(sock, connection, verified, timeout)
    }

    /// The name a client verifies and sends as SNI: `server_hostname`, or (when nothing is
    /// checked against it) the peer's address.
    fn server_name(&self, sock: &Socket, hostname: Option<&str>) -> Result<ServerName<'static>> {
        let text = match hostname {
            Some(name) => name.to_string(),
            None if self.check_hostname => {
                return Err(value_error("check_hostname requires server_hostname"));
            }
            None => sock.getpeername()?.host().unwrap_or("0.0.0.0").to_string(),
        };
        ServerName::try_from(text.clone()).map_err(|_| {
            Error::new(
                Exception::ValueError,
                format!("server_hostname cannot be used: {text:?}"),
            )
        })
    }

    /// Forgets the configurations built from the old settings.
    fn changed(&mut self) {
        self.client_config = OnceLock::new();
        self.server_config = OnceLock::new();
    }

    fn versions(&self) -> Vec<&'static SupportedProtocolVersion> {
        let mut versions = Vec::new();
        if self.maximum_version >= TLSVersion::TLSv1_3 {
            versions.push(&rustls::version::TLS13);
        }
        if self.minimum_version <= TLSVersion::TLSv1_2 {
            versions.push(&rustls::version::TLS12);
        }
        versions
    }

    /// The client configuration for the current settings, built once.
    fn client_config(&self) -> Result<Arc<ClientConfig>> {
        if let Some(config) = self.client_config.get() {
            return Ok(config.clone());
        }
        let webpki = match self.verify_mode {
            CERT_NONE => None,
            _ => Some(
                WebPkiServerVerifier::builder_with_provider(
                    Arc::new(self.roots.clone()),
                    provider(),
                )
                .build()
                .map_err(|e| no_roots_error(&e.to_string()))?,
            ),
        };
        let verifier = ServerVerifier::new(webpki, self.check_hostname);
        let builder = ClientConfig::builder_with_provider(provider())
            .with_protocol_versions(&self.versions())
            .map_err(super::error::from_rustls)?
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier));
        let config = match &self.identity {
            Some(identity) => builder
                .with_client_auth_cert(identity.chain.clone(), identity.key.clone_key())
                .map_err(super::error::from_rustls)?,
            None => builder.with_no_client_auth(),
        };
        Ok(self.client_config.get_or_init(|| Arc::new(config)).clone())
    }

    /// The server configuration for the current settings, built once.
    fn server_config(&self) -> Result<Arc<ServerConfig>> {
        if let Some(config) = self.server_config.get() {
            return Ok(config.clone());
        }
        let Some(identity) = &self.identity else {
            return Err(Error::new(
                Exception::SSLError,
                "[SSL: NO_SHARED_CIPHER] no certificate: call load_cert_chain first",
            ));
        };
        let client_verifier = match self.verify_mode {
            CERT_NONE => WebPkiClientVerifier::no_client_auth(),
            mode => {
                let builder = WebPkiClientVerifier::builder_with_provider(
                    Arc::new(self.roots.clone()),
                    provider(),
                );
                let builder = if mode == CERT_OPTIONAL {
                    builder.allow_unauthenticated()
                } else {
                    builder
                };
                builder
                    .build()
                    .map_err(|e| no_roots_error(&e.to_string()))?
            }
        };
        let config = ServerConfig::builder_with_provider(provider())
            .with_protocol_versions(&self.versions())
            .map_err(super::error::from_rustls)?
            .with_client_cert_verifier(client_verifier)
            .with_single_cert(identity.chain.clone(), identity.key.clone_key())
            .map_err(super::error::from_rustls)?;
        Ok(self.server_config.get_or_init(|| Arc::new(config)).clone())
    }
}

/// Every certificate in a PEM file.
fn read_certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>> {
    let pem = std::fs::read(path)?;
    CertificateDer::pem_slice_iter(&pem)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|_| pem_lib_error())
}

fn pem_lib_error() -> Error {
    Error::new(Exception::SSLError, "[SSL] PEM lib")
}

fn value_error(message: &str) -> Error {
    Error::new(Exception::ValueError, message)
}

/// Verification asked for with no CA to verify against.
fn no_roots_error(detail: &str) -> Error {
    Error::new(
        Exception::SSLError,
        format!(
            "no trusted CA certificates loaded ({detail}): call load_verify_locations or \
             load_default_certs"
        ),
    )
}
