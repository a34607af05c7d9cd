//! Python's ntplib: an NTP client, its answer's fields, and the helpers that print them.
//!
//! | Python (ntplib) | pynet |
//! |---|---|
//! | `c = ntplib.NTPClient()` | [`let c = NTPClient::new()`](NTPClient::new) |
//! | `c.request(host, version=2, port='ntp', timeout=5)` | [`c.request(host, 2, "ntp", 5.0)?`](NTPClient::request) → [`NTPStats`] |
//! | `stats.leap`, `stats.stratum`, `stats.tx_timestamp`, ... | the same fields: [`stats.leap`](NTPStats::leap), ... |
//! | `stats.offset`, `stats.delay` | [`stats.offset()`](NTPStats::offset), [`stats.delay()`](NTPStats::delay) |
//! | `stats.tx_time`, `recv_time`, `orig_time`, `ref_time`, `dest_time` | [`stats.tx_time()`](NTPStats::tx_time), ... |
//! | `s = NTPStats(); s.from_data(data)` | [`NTPStats::from_data(&data)?`](NTPStats::from_data) |
//! | `ntplib.ntp_to_system_time(t)`, `system_to_ntp_time(t)` | [`ntp_to_system_time`], [`system_to_ntp_time`] |
//! | `ntplib.NTP.NTP_DELTA` | [`NTP_DELTA`] |
//! | `leap_to_text(n)`, `mode_to_text(n)` | [`leap_to_text`], [`mode_to_text`] → `&'static str` |
//! | `stratum_to_text(n)`, `ref_id_to_text(id, stratum=2)` | [`stratum_to_text`], [`ref_id_to_text`] → `String` |
//! | `ntplib.NTPException` | [`Exception::NTPException`](crate::socket::Exception::NTPException) |
//!
//! ```python
//! import ntplib, time
//!
//! stats = ntplib.NTPClient().request("pool.ntp.org", version=3)
//! print(ntplib.stratum_to_text(stats.stratum))    # secondary reference (2)
//! print(time.ctime(stats.tx_time), stats.offset)
//! ```
//! ```no_run
//! use pynet::ntp::{NTPClient, stratum_to_text};
//!
//! let stats = NTPClient::new().request("pool.ntp.org", 3, "ntp", 5.0)?;
//! println!("{}", stratum_to_text(stats.stratum)?);  // secondary reference (2)
//! println!("{} {}", stats.tx_time(), stats.offset());
//! # Ok::<(), pynet::socket::Error>(())
//! ```
//!
//! The same fields from a packet in hand (what a server sends, here made by hand):
//!
//! ```
//! use pynet::ntp::{NTPStats, leap_to_text, mode_to_text, ref_id_to_text};
//!
//! let mut data = [0u8; 48];
//! data[0] = 0b00_100_100; // leap 0, version 4, mode 4 (server)
//! data[1] = 10; // stratum
//! data[12..16].copy_from_slice(&[127, 127, 1, 1]); // reference id
//! data[40..44].copy_from_slice(&3_913_056_000u32.to_be_bytes()); // transmit: 2024-01-01
//! let stats = NTPStats::from_data(&data)?;
//! assert_eq!(leap_to_text(stats.leap)?, "no warning");
//! assert_eq!(mode_to_text(stats.mode)?, "server");
//! assert_eq!(ref_id_to_text(stats.ref_id, stats.stratum)?, "127.127.1.1");
//! assert_eq!(stats.tx_time(), 1_704_067_200.0);
//! # Ok::<(), pynet::socket::Error>(())
//! ```
//!
//! Where pynet differs from ntplib, it is stricter: a request waits for the server's own
//! answer to it and ignores other datagrams, and no answer is `TimeoutError: timed out`
//! (see [`NTPClient::request`]); `stratum_to_text(0)` is a text, not ntplib's `TypeError`.

mod client;
mod packet;
mod text;
mod time;

pub use client::{NTP_PORT, NTPClient};
pub use packet::NTPStats;
pub use text::{leap_to_text, mode_to_text, ref_id_to_text, stratum_to_text};
pub use time::{NTP_DELTA, ntp_to_system_time, system_to_ntp_time};
