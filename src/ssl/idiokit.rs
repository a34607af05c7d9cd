//! idiokit's `ssl.wrap_socket`: one call that makes a TLS client or server connection.
//!
//! ```python
//! from idiokit import ssl
//! tls = yield ssl.wrap_socket(sock, require_cert=True, ca_certs="ca.pem", timeout=10.0)
//! ssl.match_hostname((yield tls.getpeercert()), "localhost")
//! ```
//! ```no_run
//! use pynet::ssl::{idiokit, match_hostname};
//! # let sock = pynet::socket::create_connection(("localhost", 443), None, None)?;
//! let ca = std::path::Path::new("ca.pem");
//! let tls = idiokit::wrap_socket(sock, None, None, false, true, Some(ca), Some(10.0))?;
//! if let Some(cert) = tls.getpeercert()? {
//!     match_hostname(&cert, "localhost")?;
//! }
//! # Ok::<(), pynet::socket::Error>(())
//! ```
//!
//! As in idiokit, the client checks the certificate chain (with `require_cert`) but not the
//! host name: that is [`match_hostname`](super::match_hostname)'s job, called on
//! `getpeercert()` afterwards. Without `ca_certs` the system's CAs are trusted (idiokit looks
//! for the distribution's bundle the same way).

use std::path::Path;

use super::context::{
    CERT_NONE, CERT_REQUIRED, PROTOCOL_TLS_CLIENT, PROTOCOL_TLS_SERVER, SSLContext,
};
use super::socket::SSLSocket;
use crate::socket::{Result, Socket};

/// idiokit's `ssl.wrap_socket(sock, keyfile, certfile, server_side, require_cert, ca_certs,
/// timeout)`: the handshake, done before `timeout` seconds (`None`: no limit; idiokit's
/// default is the socket's own timeout, `sock.gettimeout()`).
///
/// * `keyfile`, `certfile`: this side's key and certificate (a server needs them; a client
///   gives them to authenticate itself). `keyfile` `None`: the key is in `certfile`.
/// * `require_cert`: the peer must present a certificate that `ca_certs` (or the system's
///   CAs) vouch for: `CERT_REQUIRED`, else `CERT_NONE`.
///
/// # Errors
/// Those of [`SSLContext::load_cert_chain`], [`SSLContext::load_verify_locations`] and
/// [`SSLContext::wrap_socket`].
pub fn wrap_socket(
    sock: Socket,
    keyfile: Option<&Path>,
    certfile: Option<&Path>,
    server_side: bool,
    require_cert: bool,
    ca_certs: Option<&Path>,
    timeout: Option<f64>,
) -> Result<SSLSocket> {
    let protocol = if server_side {
        PROTOCOL_TLS_SERVER
    } else {
        PROTOCOL_TLS_CLIENT
    };
    let mut ctx = SSLContext::new(protocol)?;
    ctx.set_check_hostname(false);
    ctx.set_verify_mode(if require_cert {
        CERT_REQUIRED
    } else {
        CERT_NONE
    })?;
    if require_cert {
        match ca_certs {
            Some(file) => ctx.load_verify_locations(file)?,
            None => ctx.load_default_certs()?,
        }
    }
    if let Some(certfile) = certfile {
        ctx.load_cert_chain(certfile, keyfile)?;
    }
    ctx.wrap_socket_within(sock, server_side, None, timeout)
}
