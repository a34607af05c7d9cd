//! Python's `HTTPRedirectHandler`: which redirects `urlopen` follows, where to, and when it
//! gives up.

use std::collections::HashMap;

use super::error::{Error, HTTPError};
use super::request::Request;
use super::response::Response;

/// Python's `HTTPRedirectHandler.max_redirections`: at most 10 different URLs.
const MAX_REDIRECTIONS: usize = 10;
/// Python's `HTTPRedirectHandler.max_repeats`: the same URL at most 4 times.
const MAX_REPEATS: usize = 4;
/// What Python's `HTTPRedirectHandler.inf_msg` puts before the reason of a redirect loop.
const INFINITE_LOOP: &str = "The HTTP server returned a redirect error that would lead to an \
                             infinite loop.\nThe last 30x error message was:\n";

/// The URLs visited so far by one `urlopen` call, with how often each was.
#[derive(Default)]
pub(crate) struct Visited(HashMap<String, usize>);

/// Python's `redirect_request` and `http_error_302`: the request to send after `response`,
/// or the `HTTPError` Python raises instead.
pub(crate) fn follow(
    request: &Request,
    response: Response,
    visited: &mut Visited,
) -> Result<Request, Error> {
    let Some(location) = response
        .getheader("Location")
        .or_else(|| response.getheader("URI"))
    else {
        return Err(http_error(response));
    };
    let new_url = urljoin(&request.full_url, &quote(location));
    let scheme = scheme_of(&new_url).unwrap_or_default().to_ascii_lowercase();
    if !["http", "https", "ftp", ""].contains(&scheme.as_str()) {
        let message = format!(
            "{} - Redirection to url '{new_url}' is not allowed",
            response.reason()
        );
        let response = response.with_url(new_url);
        return Err(Error::HTTPError(HTTPError::with_message(response, message)));
    }
    let method = request.get_method();
    let allowed = matches!(response.status(), 301 | 302 | 303 | 307 | 308)
        && (method == "GET" || method == "HEAD")
        || matches!(response.status(), 301..=303) && method == "POST";
    if !allowed {
        return Err(http_error(response));
    }
    let seen = visited.0.get(&new_url).copied().unwrap_or(0);
    if seen >= MAX_REPEATS || visited.0.len() >= MAX_REDIRECTIONS {
        let message = format!("{INFINITE_LOOP}{}", response.reason());
        return Err(Error::HTTPError(HTTPError::with_message(response, message)));
    }
    visited.0.insert(new_url.clone(), seen + 1);
    Ok(request.redirected(new_url, if method == "HEAD" { "HEAD" } else { "GET" }))
}

/// Python's `HTTPError` for an answer urllib does not follow.
pub(crate) fn http_error(response: Response) -> Error {
    Error::HTTPError(HTTPError::new(response))
}

/// `Location` as Python quotes it: spaces, controls and non-ASCII bytes percent-encoded
/// (Python's `quote(url, safe=string.punctuation)`, the text taken as ISO-8859-1).
fn quote(location: &str) -> String {
    let mut quoted = String::new();
    for c in location.chars() {
        if c.is_ascii_graphic() {
            quoted.push(c);
        } else {
            let mut utf8 = [0; 4];
            for byte in c.encode_utf8(&mut utf8).bytes() {
                quoted.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    quoted
}

/// The scheme of an absolute URL (`http` in `http://host/`), `None` for a relative one.
pub(crate) fn scheme_of(url: &str) -> Option<&str> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then_some(scheme)
}

/// Python's `urljoin(base, reference)` (RFC 3986, section 5.2): where a `Location` header
/// points, seen from the URL that sent it.
pub(crate) fn urljoin(base: &str, reference: &str) -> String {
    if scheme_of(reference).is_some() {
        return reference.to_string();
    }
    let scheme = scheme_of(base).unwrap_or_default();
    let after_scheme = &base[scheme.len() + 1..];
    if reference.starts_with("//") {
        return format!("{scheme}:{reference}");
    }
    let (authority, base_path) = split_authority(after_scheme);
    let origin = format!("{scheme}://{authority}");
    let base_path = base_path.split(['?', '#']).next().unwrap_or_default();
    let (ref_path, ref_rest) =
        reference.split_at(reference.find(['?', '#']).unwrap_or(reference.len()));
    if ref_path.is_empty() {
        let base_no_fragment = base.split('#').next().unwrap_or_default();
        let keep_query = if ref_rest.starts_with('#') || ref_rest.is_empty() {
            base_no_fragment
        } else {
            base_no_fragment.split('?').next().unwrap_or_default()
        };
        return format!("{keep_query}{ref_rest}");
    }
    let merged = if ref_path.starts_with('/') {
        ref_path.to_string()
    } else {
        let directory = &base_path[..base_path.rfind('/').map_or(0, |slash| slash + 1)];
        let directory = if directory.is_empty() { "/" } else { directory };
        format!("{directory}{ref_path}")
    };
    format!("{origin}{}{ref_rest}", remove_dot_segments(&merged))
}

/// `//host:port/path` → (`host:port`, `/path`); without `//`, no authority.
fn split_authority(after_scheme: &str) -> (&str, &str) {
    match after_scheme.strip_prefix("//") {
        Some(rest) => rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len())),
        None => ("", after_scheme),
    }
}

/// RFC 3986's `remove_dot_segments`: `/a/b/../c/./d` → `/a/c/d`.
fn remove_dot_segments(path: &str) -> String {
    let mut output: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *segment {
            "." if last => output.push(""),
            "." => {}
            ".." => {
                output.pop();
                if last {
                    output.push("");
                }
            }
            other => output.push(other),
        }
    }
    format!("/{}", output.join("/"))
}

#[cfg(test)]
mod tests {
    use super::urljoin;

    /// Each case checked against Python 3.11's `urllib.parse.urljoin`.
    #[test]
    fn urljoin_matches_python() {
        let base = "http://a/b/c/d;p?q";
        for (reference, python) in [
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("g#s", "http://a/b/c/g#s"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            ("https://other:8443/x", "https://other:8443/x"),
        ] {
            assert_eq!(
                urljoin(base, reference),
                python,
                "urljoin({base:?}, {reference:?})"
            );
        }
        assert_eq!(
            urljoin("http://127.0.0.1:8000", "final"),
            "http://127.0.0.1:8000/final"
        );
    }
}
