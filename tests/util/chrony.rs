//! A real NTP server for a test: chronyd serving on `127.0.0.1`, on a free port, from a
//! temporary directory of its own, killed (and the directory removed) when dropped.
//!
//! ```ignore
//! let Some(chronyd) = chrony::Chronyd::start("my_test") else { return };
//! let stats = NTPClient::new().request("127.0.0.1", 3, chronyd.port(), 5.0)?;
//! assert_eq!(stats.stratum, chrony::STRATUM);
//! ```
//!
//! chronyd is configured with `local stratum 10` (it serves its own clock as a stratum-10
//! source), `-x` (it never sets the system clock), `cmdport 0` and `bindcmdaddress /` (no
//! command sockets, so that several chronyds can run at once beside a system one).
//!
//! Started as root, chronyd drops to its own user (`_chrony` on Debian), so the directory
//! that holds its pidfile and driftfile is given to that user. Started as another user, it
//! needs `-U` (chrony 4.1 and later), or it stops with `Fatal error : Not superuser`; it then
//! serves as that user.
//!
//! The file uses only `super::peer` of its neighbours, so that lesson tests can include it
//! too.

#![allow(dead_code)] // Each test file uses only some of these helpers.

use std::fs::{self, File};
use std::net::UdpSocket;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::peer;

/// The stratum chronyd is configured to serve (`local stratum 10`).
pub const STRATUM: u8 = 10;

/// The reference id chronyd sends for its local clock: `0x7F7F0101`, shown as `127.127.1.1`.
pub const LOCAL_REF_ID: u32 = 0x7F7F_0101;

/// How long chronyd gets to answer its first request.
const START_TIMEOUT: Duration = Duration::from_secs(10);

/// How many times a start is tried: another program may take the free port first.
const START_TRIES: usize = 3;

/// The users chronyd drops to when started as root, by distribution.
const CHRONY_USERS: [&str; 2] = ["_chrony", "chrony"];

/// A running chronyd, serving NTP on `127.0.0.1:port()`. Killed on drop.
pub struct Chronyd {
    child: Child,
    dir: PathBuf,
    port: u16,
}

impl Chronyd {
    /// Starts chronyd and waits until it answers an NTP request. `None` (after printing why
    /// `test` is skipped) when chronyd is not installed; panics, with chronyd's log, when it
    /// is installed but does not start.
    pub fn start(test: &str) -> Option<Chronyd> {
        let program = peer::find("chronyd", test)?;
        let mut failures = Vec::new();
        for _ in 0..START_TRIES {
            match Chronyd::try_start(&program) {
                Ok(chronyd) => return Some(chronyd),
                Err(why) => failures.push(why),
            }
        }
        panic!("{test}: chronyd did not start:\n{}", failures.join("\n"));
    }

    /// The UDP port chronyd serves NTP on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `("127.0.0.1", port)`: where to send requests.
    pub fn address(&self) -> (&'static str, u16) {
        ("127.0.0.1", self.port)
    }

    /// One attempt: a new directory, a free port, chronyd started and answering.
    fn try_start(program: &Path) -> Result<Chronyd, String> {
        let dir = new_dir()?;
        let port = free_udp_port()?;
        let config = dir.join("chrony.conf");
        fs::write(&config, config_text(&dir, port)).map_err(|e| e.to_string())?;
        let log = File::create(dir.join("chronyd.log")).map_err(|e| e.to_string())?;
        let mut command = Command::new(program);
        command.args(["-d", "-x", "-f"]).arg(&config);
        command.args(user_args(&dir)?);
        let child = command
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
        let mut chronyd = Chronyd { child, dir, port };
        chronyd.wait_until_serving()?;
        Ok(chronyd)
    }

    /// Sends client requests until one is answered; fails if chronyd exits or stays silent.
    fn wait_until_serving(&mut self) -> Result<(), String> {
        let probe = UdpSocket::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
        probe
            .set_read_timeout(Some(Duration::from_millis(100)))
            .map_err(|e| e.to_string())?;
        let deadline = Instant::now() + START_TIMEOUT;
        let mut request = [0u8; 48];
        request[0] = 0x1b; // LI 0, version 3, mode 3 (client)
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("chronyd exited ({status}):\n{}", self.log()));
            }
            let _ = probe.send_to(&request, self.address());
            let mut reply = [0u8; 512];
            if matches!(probe.recv_from(&mut reply), Ok((n, _)) if n >= 48) {
                return Ok(());
            }
            thread::sleep(Duration::from_millis(20));
        }
        Err(format!(
            "chronyd did not answer within {START_TIMEOUT:?}:\n{}",
            self.log()
        ))
    }

    /// What chronyd has written to its log so far.
    fn log(&self) -> String {
        fs::read_to_string(self.dir.join("chronyd.log")).unwrap_or_default()
    }
}

impl Drop for Chronyd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// chronyd's configuration: NTP on `127.0.0.1:port` for loopback clients, its own clock at
/// stratum 10, no command sockets, its files in `dir`.
fn config_text(dir: &Path, port: u16) -> String {
    let dir = dir.display();
    format!(
        "port {port}\n\
         bindaddress 127.0.0.1\n\
         allow 127.0.0.1\n\
         local stratum {STRATUM}\n\
         cmdport 0\n\
         bindcmdaddress /\n\
         pidfile {dir}/chronyd.pid\n\
         driftfile {dir}/chronyd.drift\n"
    )
}

/// A new, empty directory under the system's temporary directory.
fn new_dir() -> Result<PathBuf, String> {
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let name = format!(
        "pynet-chronyd-{}-{}-{nanos}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    );
    let dir = std::env::temp_dir().join(name);
    fs::create_dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

/// A UDP port on 127.0.0.1 that was free a moment ago.
fn free_udp_port() -> Result<u16, String> {
    let socket = UdpSocket::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(socket.local_addr().map_err(|e| e.to_string())?.port())
}

/// The arguments that choose chronyd's user. As root (the directory we just made belongs
/// to root): drop to chrony's own user and give it `dir`. As anyone else: `-U`, stay.
fn user_args(dir: &Path) -> Result<Vec<String>, String> {
    let owner = fs::metadata(dir).map_err(|e| e.to_string())?.uid();
    if owner != 0 {
        return Ok(vec!["-U".to_string()]);
    }
    let Some((name, uid, gid)) = CHRONY_USERS.iter().find_map(|name| passwd_entry(name)) else {
        return Ok(vec!["-u".to_string(), "root".to_string()]);
    };
    std::os::unix::fs::chown(dir, Some(uid), Some(gid))
        .map_err(|e| format!("cannot give {} to {name}: {e}", dir.display()))?;
    Ok(vec!["-u".to_string(), name])
}

/// `(name, uid, gid)` of `user` from /etc/passwd.
fn passwd_entry(user: &str) -> Option<(String, u32, u32)> {
    let passwd = fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        match fields[..] {
            [name, _, uid, gid, ..] if name == user => {
                Some((name.to_string(), uid.parse().ok()?, gid.parse().ok()?))
            }
            _ => None,
        }
    })
}
