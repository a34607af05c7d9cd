//! `tls_client`: fetches a page over TLS, after checking the server's certificate: its chain
//! and dates during the handshake, then the name on it with `match_hostname`. Ports idiokit's
//! TLS client example (its documentation's `idiokit.ssl` section).
//! Run it: `cargo run -p lessons --bin tls_client` (asks github.com), or
//! `cargo run -p lessons --bin tls_client -- --host localhost --port 8443 --cafile ca.pem`.
//! Given an address instead of the name on the certificate
//! (`--host 192.30.252.130`), it stops before sending anything:
//! `hostname '192.30.252.130' doesn't match either of 'github.com', 'www.github.com'`.

use std::io::{self, Write};

use argh::FromArgs;
use pynet::socket::{Error, Exception, create_connection};
use pynet::ssl::{Purpose, create_default_context, match_hostname};

// ANCHOR: listing
/// TLS client: fetch a page after checking the server's certificate and name.
#[derive(FromArgs)]
struct TlsClient {
    /// the server's name, as its certificate should give it (default github.com)
    #[argh(option, default = "String::from(\"github.com\")")]
    host: String,
    /// the server's TCP port (default 443)
    #[argh(option, default = "443")]
    port: u16,
    /// a PEM file of CA certificates to trust, besides the system's
    #[argh(option)]
    cafile: Option<String>,
    /// the path of the page (default /)
    #[argh(option, default = "String::from(\"/\")")]
    path: String,
}

/// How long connecting, the handshake and each `recv` may take, in seconds.
const TIMEOUT: f64 = 10.0;

fn main() -> Result<(), Error> {
    let args: TlsClient = argh::from_env();
    // ANCHOR: context
    let mut context = create_default_context(Purpose::SERVER_AUTH)?;
    if let Some(cafile) = &args.cafile {
        context.load_verify_locations(cafile)?;
    }
    // The handshake checks the chain and the dates; we check the name ourselves, below.
    context.set_check_hostname(false);
    // ANCHOR_END: context
    // ANCHOR: handshake
    let sock = create_connection((args.host.as_str(), args.port), Some(TIMEOUT), None)?;
    let tls = context.wrap_socket(sock, false, Some(&args.host))?;
    let Some(cert) = tls.getpeercert()? else {
        let why = "empty or no certificate, match_hostname needs a certificate";
        return Err(Error::new(Exception::ValueError, why));
    };
    match_hostname(&cert, &args.host)?;
    // ANCHOR_END: handshake
    // ANCHOR: fetch
    let request = format!("GET {} HTTP/1.0\r\nHost: {}\r\n\r\n", args.path, args.host);
    tls.sendall(request.as_bytes())?;
    let mut stdout = io::stdout().lock();
    loop {
        let data = tls.recv(1024)?;
        if data.is_empty() {
            break;
        }
        stdout.write_all(&data)?;
        stdout.flush()?;
    }
    // ANCHOR_END: fetch
    Ok(())
}
// ANCHOR_END: listing
