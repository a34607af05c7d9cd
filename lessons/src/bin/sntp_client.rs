//! `sntp_client`: asks a time server for the time with one 48-byte UDP datagram, and prints
//! the transmit timestamp of its answer. Ports Cookbook 1.12.
//! Run it: `cargo run -p lessons --bin sntp_client` (asks pool.ntp.org), or
//! `cargo run -p lessons --bin sntp_client -- --server 127.0.0.1 --port 12300`.
//! Unlike the original, it sets a timeout (a lost datagram would make the original wait
//! forever), and an answer shorter than 48 bytes is an error with a clear message. It prints
//! the time in UTC (see `ctime.rs`).

#[path = "../ctime.rs"]
mod ctime;

use argh::FromArgs;
use pynet::socket::{AF_INET, Error, Exception, SOCK_DGRAM, Socket};

use ctime::ctime;

// ANCHOR: listing
/// SNTP client: ask a time server what time it is.
#[derive(FromArgs)]
struct SntpClient {
    /// the time server (default pool.ntp.org)
    #[argh(option, default = "String::from(\"pool.ntp.org\")")]
    server: String,
    /// the server's UDP port (default 123)
    #[argh(option, default = "123")]
    port: u16,
}

/// Seconds from the NTP epoch, 1900-01-01, to the Unix epoch, 1970-01-01.
const TIME1970: i64 = 2_208_988_800;
/// The size of an NTP packet without extensions, in bytes.
const PACKET_SIZE: usize = 48;
/// How long we wait for the answer, in seconds.
const TIMEOUT: f64 = 5.0;

// ANCHOR: unpack
/// The packet's first 48 bytes as twelve big-endian 32-bit words: Python's
/// `struct.unpack("!12I", data)`.
fn unpack(data: &[u8]) -> Result<[u32; 12], Error> {
    let Some(packet) = data.get(..PACKET_SIZE) else {
        let why = format!(
            "NTP packet too short: {} bytes, expected {PACKET_SIZE}",
            data.len()
        );
        return Err(Error::new(Exception::NTPException, why));
    };
    let mut fields = [0u32; 12];
    for (field, word) in fields.iter_mut().zip(packet.chunks_exact(4)) {
        *field = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
    }
    Ok(fields)
}
// ANCHOR_END: unpack

fn main() -> Result<(), Error> {
    let args: SntpClient = argh::from_env();
    // ANCHOR: ask
    let client = Socket::new(AF_INET, SOCK_DGRAM, 0)?;
    client.settimeout(Some(TIMEOUT))?;
    let mut request = [0u8; PACKET_SIZE];
    request[0] = 0x1b; // leap indicator 0, version 3, mode 3 (client)
    client.sendto(&request, (args.server.as_str(), args.port))?;
    let (data, address) = client.recvfrom(1024)?;
    println!("Response received from: {address}");
    // ANCHOR_END: ask
    // ANCHOR: time
    let fields = unpack(&data)?;
    let transmit_seconds = i64::from(fields[10]);
    println!("Time={}", ctime((transmit_seconds - TIME1970) as f64));
    // ANCHOR_END: time
    Ok(())
}
// ANCHOR_END: listing
