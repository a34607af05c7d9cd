//! The resolver: asks the servers over UDP, retries, falls back to TCP for truncated
//! answers, and checks every reply.

use std::net::IpAddr;
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use byteorder::{BigEndian, ByteOrder};

use super::conf::ResolvConf;
use super::dns_error;
use super::message::{Message, Question, RCODE_NO_ERROR, RR, rcode_string};
use super::name::{pack_name, same_name};
use super::records::{RData, TYPE_CNAME};
use crate::socket::{AF_INET, AF_INET6, Error, Exception, Result, SOCK_DGRAM, SOCK_STREAM, Socket};

/// The port DNS servers listen on.
pub const DNS_PORT: u16 = 53;
/// Seconds each try waits for its answer: 5.0, as idiokit and glibc (`options timeout:5`).
pub const DEFAULT_TIMEOUT: f64 = 5.0;
/// Tries per server over UDP: 3, as idiokit (glibc's `options attempts:` default is 2).
pub const DEFAULT_TRIES: u32 = 3;
/// Where the system's settings live.
pub const RESOLV_CONF: &str = "/etc/resolv.conf";
/// The largest message pynet reads over UDP.
const UDP_BUFFER: usize = 65535;

/// A DNS server's address: `"192.0.2.53"` (port 53) or `("192.0.2.53", 5353)`, as idiokit's
/// `Resolver([(ip, port)])` and `append_server(ip, port=53)` take it.
pub trait ToServer {
    /// The server's IP and port.
    ///
    /// # Errors
    /// `ValueError` when the text is not an IPv4 or IPv6 address.
    fn to_server(self) -> Result<(IpAddr, u16)>;
}

impl ToServer for &str {
    fn to_server(self) -> Result<(IpAddr, u16)> {
        (self, DNS_PORT).to_server()
    }
}

impl ToServer for String {
    fn to_server(self) -> Result<(IpAddr, u16)> {
        self.as_str().to_server()
    }
}

impl ToServer for IpAddr {
    fn to_server(self) -> Result<(IpAddr, u16)> {
        Ok((self, DNS_PORT))
    }
}

impl<S: AsRef<str>> ToServer for (S, u16) {
    fn to_server(self) -> Result<(IpAddr, u16)> {
        let text = self.0.as_ref();
        let ip = text.parse::<IpAddr>().map_err(|_| {
            Error::new(
                Exception::ValueError,
                format!("'{text}' is not a valid IPv4/6 address"),
            )
        })?;
        Ok((ip, self.1))
    }
}

/// What [`Resolver::query`] found, as idiokit's `(cname, answers, server)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The name the records belong to: the asked name, or the end of its CNAME chain.
    pub name: String,
    /// The records of the asked type (none when the name has none: "no data").
    pub records: Vec<RR>,
    /// The server that answered.
    pub server: (IpAddr, u16),
}

/// A DNS resolver: the servers to ask, in order, and how long and how often.
///
/// ```python
/// resolver = idiokit.dns.Resolver([("127.0.0.1", 5353)])
/// ips = yield idiokit.dns.a("pynet.test", resolver=resolver)
/// ```
/// ```no_run
/// use pynet::dns::{self, Resolver};
/// let mut resolver = Resolver::new([("127.0.0.1", 5353)])?;
/// resolver.timeout = 1.0;
/// let ips = dns::a("pynet.test", Some(&resolver))?;
/// # Ok::<(), pynet::socket::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Resolver {
    servers: Vec<(IpAddr, u16)>,
    /// Seconds each try waits, for UDP and for TCP; default [`DEFAULT_TIMEOUT`].
    pub timeout: f64,
    /// Tries per server over UDP, each with a new query ID; default [`DEFAULT_TRIES`].
    pub tries: u32,
    /// Whether a truncated UDP answer is asked again over TCP; default `true`.
    pub use_tcp: bool,
}

impl Resolver {
    /// A resolver asking `servers` in order: `["192.0.2.53"]` or `[("127.0.0.1", 5353)]`.
    ///
    /// # Errors
    /// `ValueError` for a server that is not an IP address.
    pub fn new<S: ToServer>(servers: impl IntoIterator<Item = S>) -> Result<Resolver> {
        let mut resolver = Resolver {
            servers: Vec::new(),
            timeout: DEFAULT_TIMEOUT,
            tries: DEFAULT_TRIES,
            use_tcp: true,
        };
        for server in servers {
            resolver.append_server(server)?;
        }
        Ok(resolver)
    }

    /// The system's resolver: the servers, `timeout:` and `attempts:` of /etc/resolv.conf.
    /// With no `nameserver` line it asks 127.0.0.1, as glibc does.
    pub fn from_resolv_conf() -> Resolver {
        Resolver::from_path(RESOLV_CONF)
    }

    /// The resolver a resolv.conf file at `path` describes (see
    /// [`from_resolv_conf`](Resolver::from_resolv_conf)).
    pub fn from_path(path: impl AsRef<Path>) -> Resolver {
        let conf = ResolvConf::load(path.as_ref());
        let servers = if conf.servers.is_empty() {
            vec![IpAddr::from([127, 0, 0, 1])]
        } else {
            conf.servers
        };
        Resolver {
            servers: servers.into_iter().map(|ip| (ip, DNS_PORT)).collect(),
            timeout: conf.timeout.unwrap_or(DEFAULT_TIMEOUT),
            tries: conf.attempts.unwrap_or(DEFAULT_TRIES),
            use_tcp: true,
        }
    }

    /// The servers, in the order they are asked.
    pub fn servers(&self) -> &[(IpAddr, u16)] {
        &self.servers
    }

    /// Adds a server at the end, as idiokit's `resolver.append_server(ip, port=53)`.
    ///
    /// # Errors
    /// `ValueError` for a server that is not an IP address.
    pub fn append_server(&mut self, server: impl ToServer) -> Result<()> {
        self.servers.push(server.to_server()?);
        Ok(())
    }

    /// Removes every server, as idiokit's `clear_servers()`.
    pub fn clear_servers(&mut self) {
        self.servers.clear();
    }

    /// Asks for the `type_` records of `name`, as idiokit's `resolver.query(name, type)`;
    /// CNAMEs in the answer are followed to the records.
    ///
    /// Each server is asked in turn, [`tries`](Resolver::tries) times over UDP with a new
    /// random ID and a [`timeout`](Resolver::timeout) each; an answer with TC set is asked
    /// again over TCP. A reply from another address or port, with another ID, without the QR
    /// bit, with another question, or that cannot be read is ignored, and the wait goes on
    /// until the try's deadline.
    ///
    /// # Errors
    /// `ValueError` for a bad name or timeout; `TimeoutError: timed out` when no server
    /// answered; `ResponseError` for an error code (`name error`, `refused`, ...);
    /// `DNSError: CNAME loop`; `MessageError` for a TCP answer that cannot be read; the
    /// socket's errors.
    pub fn query(&self, name: &str, type_: u16) -> Result<Answer> {
        pack_name(name)?;
        let per_try = Duration::try_from_secs_f64(self.timeout).map_err(|_| {
            Error::new(
                Exception::ValueError,
                "timeout must be a non-negative number",
            )
        })?;
        let question = Question::new(name, type_);
        let mut last_error = dns_error("no nameservers to ask");
        for &server in &self.servers {
            match self.ask(server, &question, per_try) {
                Ok(reply) => return find_answers(&reply, &question, server),
                Err(e) if e.is_timeout() => last_error = e,
                Err(e) => return Err(e),
            }
        }
        Err(last_error)
    }

    /// One server's answer: UDP up to `tries` times, then TCP if the answer was truncated.
    fn ask(
        &self,
        server: (IpAddr, u16),
        question: &Question,
        per_try: Duration,
    ) -> Result<Message> {
        let mut reply = Err(Error::timeout());
        for _ in 0..self.tries {
            reply = ask_udp(server, question, Instant::now() + per_try);
            if !reply.as_ref().is_err_and(Error::is_timeout) {
                break;
            }
        }
        match reply {
            Ok(message) if message.truncated && self.use_tcp => {
                ask_tcp(server, question, Instant::now() + per_try)
            }
            other => other,
        }
    }
}

/// The resolver of the system, read once from /etc/resolv.conf, as idiokit's
/// `_get_resolver(None)`; or `resolver` when one is given.
pub(crate) fn resolver_or_system(resolver: Option<&Resolver>) -> &Resolver {
    static SYSTEM: OnceLock<Resolver> = OnceLock::new();
    resolver.unwrap_or_else(|| SYSTEM.get_or_init(Resolver::from_resolv_conf))
}

/// One UDP try: a query with a new random ID, then replies until the right one or the
/// deadline.
fn ask_udp(server: (IpAddr, u16), question: &Question, deadline: Instant) -> Result<Message> {
    let query = Message::query(random_id()?, question.clone());
    let sock = Socket::new(family(server.0), SOCK_DGRAM, 0)?;
    sock.sendto(&query.pack()?, (server.0.to_string(), server.1))?;
    loop {
        let (data, from) = sock
            .with_timeout(Some(time_left(deadline)?))
            .recvfrom(UDP_BUFFER)?;
        let from_server = from.port() == Some(server.1)
            && from.host().and_then(|host| host.parse::<IpAddr>().ok()) == Some(server.0);
        if !from_server {
            continue;
        }
        match Message::unpack(&data) {
            Ok(reply) if is_reply_to(&reply, &query) => return checked(reply),
            _ => continue,
        }
    }
}

/// The TCP exchange, all of it before `deadline`: each message after its 2-byte length.
fn ask_tcp(server: (IpAddr, u16), question: &Question, deadline: Instant) -> Result<Message> {
    let query = Message::query(random_id()?, question.clone());
    let sock = Socket::new(family(server.0), SOCK_STREAM, 0)?;
    sock.with_timeout(Some(time_left(deadline)?))
        .connect((server.0.to_string(), server.1))?;
    let packed = query.pack()?;
    // A query holds one name of at most 255 bytes, so its length fits in 16 bits.
    let mut framed = (packed.len() as u16).to_be_bytes().to_vec();
    framed.extend(packed);
    sock.with_timeout(Some(time_left(deadline)?))
        .sendall(&framed)?;
    let length = BigEndian::read_u16(&recv_exactly(&sock, 2, deadline)?);
    let reply = Message::unpack(&recv_exactly(&sock, usize::from(length), deadline)?)?;
    if !is_reply_to(&reply, &query) {
        return Err(dns_error("unexpected message from server"));
    }
    checked(reply)
}

/// Exactly `n` bytes from a TCP socket before `deadline`.
fn recv_exactly(sock: &Socket, n: usize, deadline: Instant) -> Result<Vec<u8>> {
    let mut data = Vec::with_capacity(n);
    while data.len() < n {
        let chunk = sock
            .with_timeout(Some(time_left(deadline)?))
            .recv(n - data.len())?;
        if chunk.is_empty() {
            return Err(dns_error("server closed connection unexpectedly"));
        }
        data.extend(chunk);
    }
    Ok(data)
}

/// Seconds until `deadline`, or `TimeoutError: timed out` when it has passed.
fn time_left(deadline: Instant) -> Result<f64> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(Error::timeout());
    }
    Ok(left.as_secs_f64())
}

/// Whether `reply` answers `query`: a response (QR), the same ID, and the same one question.
fn is_reply_to(reply: &Message, query: &Message) -> bool {
    let same_question = match (reply.questions.as_slice(), query.questions.as_slice()) {
        ([theirs], [ours]) => {
            same_name(&theirs.name, &ours.name)
                && theirs.type_ == ours.type_
                && theirs.cls == ours.cls
        }
        _ => false,
    };
    !reply.query && reply.id == query.id && same_question
}

/// The reply, or `ResponseError` with idiokit's word for its error code.
fn checked(reply: Message) -> Result<Message> {
    if reply.rcode == RCODE_NO_ERROR {
        return Ok(reply);
    }
    Err(Error::new(
        Exception::ResponseError,
        rcode_string(reply.rcode),
    ))
}

/// The records answering `question` in `reply`, following CNAMEs from the asked name, as
/// idiokit's `find_answers`. No records (and no further CNAME) is an empty answer.
fn find_answers(reply: &Message, question: &Question, server: (IpAddr, u16)) -> Result<Answer> {
    let mut name = question.name.clone();
    let chain_limit = reply.answers.len() + 1;
    for _ in 0..chain_limit {
        let records: Vec<RR> = reply
            .answers
            .iter()
            .filter(|rr| rr.type_ == question.type_ && rr.cls == question.cls)
            .filter(|rr| same_name(&rr.name, &name))
            .cloned()
            .collect();
        if !records.is_empty() {
            return Ok(Answer {
                name,
                records,
                server,
            });
        }
        let alias_of = reply.answers.iter().find_map(|rr| match &rr.data {
            RData::CNAME(target) if rr.type_ == TYPE_CNAME && same_name(&rr.name, &name) => {
                Some(target.clone())
            }
            _ => None,
        });
        match alias_of {
            Some(target) => name = target,
            None => {
                return Ok(Answer {
                    name,
                    records,
                    server,
                });
            }
        }
    }
    Err(dns_error("CNAME loop"))
}

/// A random query ID from the system's generator, so that an off-path attacker cannot
/// guess it.
fn random_id() -> Result<u16> {
    let mut bytes = [0u8; 2];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::new(Exception::OSError, format!("no random numbers: {e}")))?;
    Ok(u16::from_be_bytes(bytes))
}

/// The socket family for an address.
fn family(ip: IpAddr) -> i32 {
    match ip {
        IpAddr::V4(_) => AF_INET,
        IpAddr::V6(_) => AF_INET6,
    }
}
