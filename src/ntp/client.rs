//! [`NTPClient`]: one request to an NTP server, one checked answer.

use std::time::{Duration, Instant};

use super::packet::{self, NTPStats};
use super::text::mode_to_text;
use super::time::{system_to_ntp_time, time};
use crate::socket::{
    AF_UNSPEC, Address, Error, Exception, Result, SOCK_DGRAM, Socket, ToService, getaddrinfo,
};

/// The NTP port, the `'ntp'` service of `/etc/services`.
pub const NTP_PORT: u16 = 123;

/// The mode of a server's answer to a client.
const MODE_SERVER: u8 = 4;

/// The largest datagram read. NTP answers are 48 bytes, more with extension fields.
const RECV_SIZE: usize = 1024;

/// An NTP client session, as ntplib's `NTPClient()`.
#[derive(Clone, Copy, Debug, Default)]
pub struct NTPClient;

impl NTPClient {
    /// A client: `ntplib.NTPClient()`.
    pub fn new() -> NTPClient {
        NTPClient
    }

    /// Asks the NTP server at `host` the time and returns its answer.
    ///
    /// ```python
    /// stats = ntplib.NTPClient().request("pool.ntp.org", version=3, port="ntp", timeout=5)
    /// print(stats.offset)
    /// ```
    /// ```no_run
    /// use pynet::ntp::NTPClient;
    /// let stats = NTPClient::new().request("pool.ntp.org", 3, "ntp", 5.0)?;
    /// println!("{}", stats.offset());
    /// # Ok::<(), pynet::socket::Error>(())
    /// ```
    ///
    /// ntplib's defaults are `version=2`, `port='ntp'` (or [`NTP_PORT`]) and `timeout=5`
    /// seconds. The request goes to the first address `getaddrinfo(host, port)` gives.
    /// `timeout` covers the whole wait for the answer.
    ///
    /// Only an answer that comes from the address asked (host and port), is 48 bytes or more,
    /// has mode 4 (server) and echoes our transmit timestamp as its originate timestamp is
    /// taken. Anything else is ignored and the wait goes on until the deadline, as a DNS
    /// resolver waits past a reply with the wrong id: a stray or forged datagram cannot cut
    /// the request short. ntplib checks the sending host only, and takes whatever comes
    /// from it. Mode 5 (broadcast) is refused too: it never answers a request.
    ///
    /// # Errors
    /// * `TimeoutError: timed out` when no answer came in time (ntplib raises
    ///   `NTPException: No response received from HOST.`);
    /// * `NTPException` when only wrong answers came from the server: the last one's fault,
    ///   `Invalid NTP packet.` (too short, ntplib's words),
    ///   `Invalid NTP reply: mode 3 (client), expected 4 (server).` or
    ///   `Invalid NTP reply: its originate timestamp is not our transmit timestamp.`;
    /// * `NTPException: Invalid NTP packet fields.` for a version above 7;
    /// * `socket.gaierror` when `host` or `port` does not resolve; `ValueError` for a
    ///   negative timeout; the socket's errors.
    pub fn request(
        &self,
        host: &str,
        version: u8,
        port: impl ToService,
        timeout: f64,
    ) -> Result<NTPStats> {
        if version > 7 {
            return Err(Error::new(
                Exception::NTPException,
                "Invalid NTP packet fields.",
            ));
        }
        let (family, server) = server_address(host, port)?;
        let sock = Socket::new(family, SOCK_DGRAM, 0)?;
        sock.settimeout(Some(timeout))?;
        let deadline = deadline_after(timeout)?;
        let (query, sent) = packet::request(version, system_to_ntp_time(time()));
        sock.sendto(&query, &server)?;
        receive_answer(&sock, &server, sent, deadline)
    }
}

/// The family and address of the first answer of `getaddrinfo(host, port)`.
fn server_address(host: &str, port: impl ToService) -> Result<(i32, Address)> {
    let infos = getaddrinfo(Some(host), port, AF_UNSPEC, SOCK_DGRAM, 0, 0)?;
    infos
        .into_iter()
        .next()
        .map(|info| (info.family, info.sockaddr))
        .ok_or_else(|| Error::gai(libc::EAI_NONAME))
}

/// The instant `timeout` seconds from now.
fn deadline_after(timeout: f64) -> Result<Instant> {
    Duration::try_from_secs_f64(timeout)
        .ok()
        .and_then(|wait| Instant::now().checked_add(wait))
        .ok_or_else(|| {
            Error::new(
                Exception::OverflowError,
                "timestamp out of range for platform time_t",
            )
        })
}

/// Waits until `deadline` for a valid answer from `server` to the request sent at `sent`,
/// skipping every other datagram (see [`NTPClient::request`]).
fn receive_answer(
    sock: &Socket,
    server: &Address,
    sent: u64,
    deadline: Instant,
) -> Result<NTPStats> {
    let mut last_fault = None;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(last_fault.unwrap_or_else(Error::timeout));
        }
        let (data, from) = match sock
            .with_timeout(Some(left.as_secs_f64()))
            .recvfrom(RECV_SIZE)
        {
            Err(e) if e.is_timeout() => return Err(last_fault.unwrap_or(e)),
            received => received?,
        };
        let dest_timestamp = system_to_ntp_time(time());
        if from.host() != server.host() || from.port() != server.port() {
            continue;
        }
        match check_answer(&data, sent) {
            Ok(stats) => {
                return Ok(NTPStats {
                    dest_timestamp,
                    ..stats
                });
            }
            Err(fault) => last_fault = Some(fault),
        }
    }
}

/// The fields of `data` if it is a server's answer to the request sent at `sent`.
fn check_answer(data: &[u8], sent: u64) -> Result<NTPStats> {
    let stats = NTPStats::from_data(data)?;
    if stats.mode != MODE_SERVER {
        let name = mode_to_text(stats.mode).unwrap_or("?");
        return Err(Error::new(
            Exception::NTPException,
            format!(
                "Invalid NTP reply: mode {} ({name}), expected {MODE_SERVER} (server).",
                stats.mode
            ),
        ));
    }
    if packet::originate_bits(data) != Some(sent) {
        return Err(Error::new(
            Exception::NTPException,
            "Invalid NTP reply: its originate timestamp is not our transmit timestamp.",
        ));
    }
    Ok(stats)
}
