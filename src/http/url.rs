//! The URLs the client takes: `http://host:port/path?query`, `https://...`, and
//! `http+unix://%2Fpath%2Fto%2Fsocket/path` (the socket's path, percent-encoded, as the
//! host).

use std::path::PathBuf;

use crate::socket::{Error, Exception, Result};

/// Where a request goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A TCP connection, TLS over it when `tls`.
    Tcp { host: String, port: u16, tls: bool },
    /// A unix stream socket at this path.
    Unix(PathBuf),
}

/// A URL taken apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Url {
    pub(crate) target: Target,
    /// The Host field: the URL's host and port as written (`localhost` for a unix socket).
    pub(crate) host: String,
    /// What the request line asks for: the path and query (`/` when empty).
    pub(crate) path: String,
}

/// `ValueError` for a URL the client cannot use.
fn invalid(url: &str, why: &str) -> Error {
    Error::new(Exception::ValueError, format!("{why}: {url:?}"))
}

/// Takes `url` apart: scheme (any case), optional `user@`, host (`[::1]` for IPv6) and port,
/// then the path and query; a `#fragment` is dropped.
pub(crate) fn parse(url: &str) -> Result<Url> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| invalid(url, "not an absolute URL"))?;
    let scheme = scheme.to_ascii_lowercase();
    let rest = rest.split('#').next().unwrap_or_default();
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let (netloc, path) = rest.split_at(split);
    let netloc = netloc.rsplit_once('@').map_or(netloc, |(_, host)| host);
    let path = match path {
        "" => "/".to_string(),
        query if query.starts_with('?') => format!("/{query}"),
        path => path.to_string(),
    };
    let target = match scheme.as_str() {
        "http" => tcp_target(url, netloc, 80, false)?,
        "https" => tcp_target(url, netloc, 443, true)?,
        "http+unix" => Target::Unix(PathBuf::from(percent_decode(url, netloc)?)),
        _ => return Err(invalid(url, "can not handle the URL")),
    };
    let host = match target {
        Target::Unix(_) => "localhost".to_string(),
        Target::Tcp { .. } => netloc.to_string(),
    };
    Ok(Url { target, host, path })
}

/// The host and port of `host:port`, `host`, `[v6]:port` or `[v6]`.
fn tcp_target(url: &str, netloc: &str, default_port: u16, tls: bool) -> Result<Target> {
    let (host, port) = match netloc.strip_prefix('[') {
        Some(bracketed) => {
            let (host, after) = bracketed
                .split_once(']')
                .ok_or_else(|| invalid(url, "bad IPv6 host"))?;
            (host, after.strip_prefix(':'))
        }
        None => match netloc.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (netloc, None),
        },
    };
    let port = match port {
        None | Some("") => default_port,
        Some(port) => port.parse().map_err(|_| invalid(url, "bad port"))?,
    };
    if host.is_empty() {
        return Err(invalid(url, "no host"));
    }
    Ok(Target::Tcp {
        host: host.to_string(),
        port,
        tls,
    })
}

/// Python's `urllib.parse.unquote` for the socket path: `%2F` is `/`.
fn percent_decode(url: &str, text: &str) -> Result<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = bytes
            .get(i + 1..i + 3)
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match (bytes[i], escaped) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    let path = String::from_utf8(out).map_err(|_| invalid(url, "socket path is not UTF-8"))?;
    if path.is_empty() {
        return Err(invalid(url, "no socket path"));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tcp(host: &str, port: u16, tls: bool) -> Target {
        Target::Tcp {
            host: host.into(),
            port,
            tls,
        }
    }

    #[test]
    fn parses_hosts_ports_and_paths() {
        let url = parse("HTTP://user@example.test:8080/a/b?c=d#frag").unwrap();
        assert_eq!(url.target, tcp("example.test", 8080, false));
        assert_eq!(
            (url.host.as_str(), url.path.as_str()),
            ("example.test:8080", "/a/b?c=d")
        );
        let url = parse("https://[::1]?x").unwrap();
        assert_eq!(url.target, tcp("::1", 443, true));
        assert_eq!(url.path, "/?x");
        assert_eq!(parse("http://h").unwrap().path, "/");
    }

    #[test]
    fn parses_unix_socket_paths() {
        let url = parse("http+unix://%2Ftmp%2Fs.sock/status").unwrap();
        assert_eq!(url.target, Target::Unix("/tmp/s.sock".into()));
        assert_eq!(
            (url.host.as_str(), url.path.as_str()),
            ("localhost", "/status")
        );
    }

    #[test]
    fn refuses_what_it_cannot_use() {
        for bad in [
            "ftp://h/",
            "h/path",
            "http://h:99999/",
            "http://:80/",
            "http+unix:///",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.is_instance(Exception::ValueError), "{bad}: {e:?}");
        }
    }
}
