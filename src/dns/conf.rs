//! The system's files: the `nameserver` and `options` lines of /etc/resolv.conf, and
//! /etc/hosts.

use std::net::IpAddr;
use std::path::Path;

/// What pynet takes from a resolv.conf file.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct ResolvConf {
    /// The `nameserver` addresses, in order, each once (port 53).
    pub servers: Vec<IpAddr>,
    /// `options timeout:N`: seconds per try.
    pub timeout: Option<f64>,
    /// `options attempts:N`: tries per server.
    pub attempts: Option<u32>,
}

impl ResolvConf {
    /// Reads the file at `path`; a missing or unreadable file reads as empty, as idiokit's
    /// loader and glibc take it.
    pub fn load(path: &Path) -> ResolvConf {
        ResolvConf::parse(&std::fs::read_to_string(path).unwrap_or_default())
    }

    /// Reads resolv.conf text: `nameserver IP` lines (a line that is not a valid IP is
    /// skipped), and `options timeout:N attempts:N`. Comments start with `#` or `;`.
    pub fn parse(text: &str) -> ResolvConf {
        let mut conf = ResolvConf::default();
        for line in text.lines() {
            let mut words = line.split_whitespace();
            match words.next() {
                Some("nameserver") => {
                    let ip = words.next().and_then(|word| word.parse::<IpAddr>().ok());
                    if let Some(ip) = ip.filter(|ip| !conf.servers.contains(ip)) {
                        conf.servers.push(ip);
                    }
                }
                Some("options") => words.for_each(|option| conf.option(option)),
                _ => {}
            }
        }
        conf
    }

    /// One word of an `options` line; glibc caps timeout at 30 and attempts at 5.
    fn option(&mut self, option: &str) {
        if let Some(value) = option.strip_prefix("timeout:") {
            self.timeout = value.parse::<u32>().ok().map(|n| f64::from(n.clamp(1, 30)));
        } else if let Some(value) = option.strip_prefix("attempts:") {
            self.attempts = value.parse::<u32>().ok().map(|n| n.clamp(1, 5));
        }
    }
}

/// The addresses /etc/hosts (or the file at `path`) gives `name`, as idiokit's
/// `hosts().load().name_to_ips(name)`: names compared without case, each address once, in
/// file order.
pub(crate) fn hosts_name_to_ips(path: &Path, name: &str) -> Vec<IpAddr> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut ips = Vec::new();
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or_default();
        let mut words = line.split_whitespace();
        let Some(ip) = words.next().and_then(|word| word.parse::<IpAddr>().ok()) else {
            continue;
        };
        if words.any(|alias| alias.eq_ignore_ascii_case(name)) && !ips.contains(&ip) {
            ips.push(ip);
        }
    }
    ips
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolv_conf_servers_and_options() {
        let conf = ResolvConf::parse(
            "# comment\n; comment\nnameserver 192.0.2.53\nnameserver bogus\n\
             nameserver 2001:db8::53\nnameserver 192.0.2.53\noptions ndots:2 timeout:2 attempts:9\n",
        );
        assert_eq!(
            conf.servers,
            [
                "192.0.2.53".parse::<IpAddr>().unwrap(),
                "2001:db8::53".parse().unwrap()
            ]
        );
        assert_eq!((conf.timeout, conf.attempts), (Some(2.0), Some(5)));
    }
}
