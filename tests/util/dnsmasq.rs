//! dnsmasq serving a small test zone, `pynet.test`, on 127.0.0.1: the real DNS peer of the
//! tests.
//!
//! ```ignore
//! let Some(server) = dnsmasq::Dnsmasq::start("a_records") else { return };  // skipped
//! let resolver = Resolver::new([server.address()])?;
//! assert_eq!(dns::a(dnsmasq::APEX, Some(&resolver))?, [dnsmasq::APEX_A]);
//! ```
//!
//! [`Dnsmasq::start`] picks a free port (the same one for UDP and TCP), starts
//! `dnsmasq -d` there with the records below, and returns once dnsmasq answers a query; the
//! process is killed when the [`Dnsmasq`] is dropped. Every record the zone holds is a
//! constant of this file, so a test compares what pynet reads with what dnsmasq was told to
//! serve. Names outside the zone are refused (`REFUSED`); names inside it that are not
//! listed do not exist (`NXDOMAIN`).
//!
//! The file uses nothing of its neighbours but [`peer`], so that lesson tests can include it:
//! `#[path = "../../tests/util/peer.rs"] mod peer;` beside
//! `#[path = "../../tests/util/dnsmasq.rs"] mod dnsmasq;`.

#![allow(dead_code)] // Each test file uses only some of these helpers.

use std::net::{TcpListener, UdpSocket};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::peer;

/// The zone dnsmasq answers for, from local data only.
pub const ZONE: &str = "pynet.test";

/// The zone's apex: one A, one AAAA (and their PTR records), the [`TXT`] records and the
/// [`MX`] records.
pub const APEX: &str = "pynet.test";
/// The A record of [`APEX`]; `reverse_lookup` of it gives [`APEX`].
pub const APEX_A: &str = "192.0.2.1";
/// The AAAA record of [`APEX`]; `reverse_lookup` of it gives [`APEX`].
pub const APEX_AAAA: &str = "2001:db8::1";
/// The TXT records of [`APEX`]: each record, its strings.
pub const TXT: [&[&str]; 2] = [&["hello world", "second string"], &["v=spf1 -all"]];
/// The MX records of [`APEX`]: (preference, exchange).
pub const MX: [(u16, &str); 2] = [(10, "mail.pynet.test"), (20, "mail2.pynet.test")];

/// A CNAME to [`APEX`]: asking it for A, AAAA, TXT or MX gives the CNAME and then [`APEX`]'s
/// records (as `www.github.com` does for `github.com`).
pub const WWW: &str = "www.pynet.test";

/// A chain of CNAMEs: each name is an alias of the next, and the last is [`APEX`].
pub const CHAIN: [&str; 4] = [
    "chain1.pynet.test",
    "chain2.pynet.test",
    "chain3.pynet.test",
    APEX,
];

/// A name with two A and two AAAA records.
pub const MULTI: &str = "multi.pynet.test";
/// The A records of [`MULTI`].
pub const MULTI_A: [&str; 2] = ["192.0.2.10", "192.0.2.11"];
/// The AAAA records of [`MULTI`].
pub const MULTI_AAAA: [&str; 2] = ["2001:db8::10", "2001:db8::11"];

/// A name with an AAAA record and no A record (asking for A gives no data, not an error).
pub const V6_ONLY: &str = "v6only.pynet.test";
/// The AAAA record of [`V6_ONLY`].
pub const V6_ONLY_AAAA: &str = "2001:db8::6";

/// A service with three SRV records: two at priority 10 (weights 60 and 20), one at 20.
pub const SRV_NAME: &str = "_xmpp-client._tcp.pynet.test";
/// The SRV records of [`SRV_NAME`]: (priority, weight, port, target).
pub const SRV: [(u16, u16, u16, &str); 3] = [
    (10, 60, 5222, "a.pynet.test"),
    (10, 20, 5222, "b.pynet.test"),
    (20, 0, 5223, "c.pynet.test"),
];

/// An address with a PTR record of its own (no A record goes with it).
pub const PTR_IP: &str = "192.0.2.5";
/// The reverse name of [`PTR_IP`].
pub const PTR_NAME: &str = "5.2.0.192.in-addr.arpa";
/// What [`PTR_NAME`] points to.
pub const PTR_TARGET: &str = "ptr.pynet.test";

/// A name with [`BIG_COUNT`] TXT records, about 3 KB: over UDP the answer is cut at 512 bytes
/// and flagged truncated (TC), and only TCP gives the whole set.
pub const BIG: &str = "big.pynet.test";
/// How many TXT records [`BIG`] has.
pub const BIG_COUNT: usize = 40;

/// A name in the zone that does not exist: `NXDOMAIN` ("name error").
pub const MISSING: &str = "missing.pynet.test";
/// A name outside the zone: dnsmasq has no upstream server and answers `REFUSED`.
pub const OUTSIDE: &str = "outside.example";

/// The one string of the `i`-th TXT record of [`BIG`] (`i` from 1 to [`BIG_COUNT`]).
pub fn big_txt(i: usize) -> String {
    format!("record number {i} padded to make the answer much larger than 512 bytes")
}

/// How long dnsmasq may take to start answering.
const STARTUP: Duration = Duration::from_secs(10);
/// How many ports to try when another program takes the free one first.
const ATTEMPTS: usize = 5;

/// A running dnsmasq; killed on drop.
pub struct Dnsmasq {
    child: Child,
    port: u16,
}

impl Dnsmasq {
    /// Starts dnsmasq on a free port of 127.0.0.1 and waits until it answers. `None` (after
    /// printing why `test` is skipped) when dnsmasq is not installed; a failure to start
    /// fails the test.
    pub fn start(test: &str) -> Option<Dnsmasq> {
        let program = peer::find("dnsmasq", test)?;
        let mut why = String::new();
        for _ in 0..ATTEMPTS {
            let port = free_port();
            let child = Command::new(&program)
                .args(arguments(port))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("dnsmasq starts");
            let mut server = Dnsmasq { child, port };
            match server.wait_until_answering() {
                Ok(()) => return Some(server),
                Err(e) => why = e,
            }
        }
        panic!("{test}: dnsmasq did not start: {why}");
    }

    /// The port dnsmasq listens on, for UDP and TCP.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `("127.0.0.1", port)`: where to send queries.
    pub fn address(&self) -> (&'static str, u16) {
        ("127.0.0.1", self.port)
    }

    /// Sends a query for [`APEX`] until an answer comes, dnsmasq exits (its error text is
    /// returned), or [`STARTUP`] passes.
    fn wait_until_answering(&mut self) -> Result<(), String> {
        let probe = UdpSocket::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        probe
            .set_read_timeout(Some(Duration::from_millis(100)))
            .map_err(|e| e.to_string())?;
        let query = probe_query(0x5a5a);
        let started = Instant::now();
        while started.elapsed() < STARTUP {
            if let Ok(Some(_)) = self.child.try_wait() {
                return Err(self.stderr());
            }
            let _ = probe.send_to(&query, ("127.0.0.1", self.port));
            let mut reply = [0u8; 512];
            let received = probe.recv(&mut reply);
            // Our ID back, with the QR (response) bit.
            if received.is_ok_and(|n| n >= 12 && reply[..2] == query[..2] && reply[2] & 0x80 != 0) {
                return Ok(());
            }
        }
        Err(format!(
            "no answer on port {} within {STARTUP:?}",
            self.port
        ))
    }

    /// What a dnsmasq that has exited wrote on stderr.
    fn stderr(&mut self) -> String {
        use std::io::Read;
        let mut text = String::new();
        if let Some(mut stderr) = self.child.stderr.take() {
            let _ = stderr.read_to_string(&mut text);
        }
        text
    }
}

impl Drop for Dnsmasq {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port of 127.0.0.1 that is free for both UDP and TCP just now.
fn free_port() -> u16 {
    loop {
        let udp = UdpSocket::bind("127.0.0.1:0").expect("bind a UDP port");
        let port = udp.local_addr().expect("its address").port();
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

/// dnsmasq's command line: no configuration file, no upstream, no /etc/hosts, no pid file,
/// only 127.0.0.1:`port`, and the zone's records.
fn arguments(port: u16) -> Vec<String> {
    let mut args: Vec<String> = [
        "-d",
        "--conf-file=/dev/null",
        "--listen-address=127.0.0.1",
        "--bind-interfaces",
        "--no-resolv",
        "--no-hosts",
        "--pid-file=",
    ]
    .map(String::from)
    .into();
    args.push(format!("--port={port}"));
    args.push(format!("--local=/{ZONE}/"));
    args.extend(records());
    args
}

/// The zone's records as dnsmasq options. `--host-record` makes the A and AAAA records and
/// their PTR records together.
fn records() -> Vec<String> {
    let mut options = vec![format!("--host-record={APEX},{APEX_A},{APEX_AAAA}")];
    for (ip, ipv6) in MULTI_A.iter().zip(MULTI_AAAA) {
        options.push(format!("--host-record={MULTI},{ip},{ipv6}"));
    }
    options.push(format!("--host-record={V6_ONLY},{V6_ONLY_AAAA}"));
    options.push(format!("--cname={WWW},{APEX}"));
    for pair in CHAIN.windows(2) {
        options.push(format!("--cname={},{}", pair[0], pair[1]));
    }
    for strings in TXT {
        options.push(format!("--txt-record={APEX},{}", strings.join(",")));
    }
    for (preference, exchange) in MX {
        options.push(format!("--mx-host={APEX},{exchange},{preference}"));
    }
    for (priority, weight, port, target) in SRV {
        options.push(format!(
            "--srv-host={SRV_NAME},{target},{port},{priority},{weight}"
        ));
    }
    options.push(format!("--ptr-record={PTR_NAME},{PTR_TARGET}"));
    for i in 1..=BIG_COUNT {
        options.push(format!("--txt-record={BIG},{}", big_txt(i)));
    }
    options
}

/// A DNS query for [`APEX`], type A, with `id`, built by hand so that this helper does not
/// depend on the resolver it helps to test.
fn probe_query(id: u16) -> Vec<u8> {
    let mut query = id.to_be_bytes().to_vec();
    query.extend_from_slice(&[0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]); // RD; one question
    for label in APEX.split('.') {
        query.push(label.len() as u8);
        query.extend_from_slice(label.as_bytes());
    }
    query.extend_from_slice(&[0, 0, 1, 0, 1]); // root; type A; class IN
    query
}
