//! `http_echo_server`: an HTTP server on pynet's `http` module (after idiokit.http's
//! `serve_http`). A POST to /echo is answered with its own body, streamed back as it is read;
//! any other method on /echo gets 405 with `Allow: POST`; any other path a 307 to /echo, so
//! `curl -L -d 'Hello, World!' http://localhost:8080/` prints `Hello, World!`. It prints one
//! line per request.
//! Run it: `cargo run -p lessons --bin http_echo_server -- --port 8080` (Ctrl-C stops it),
//! or on a Unix socket: `cargo run -p lessons --bin http_echo_server -- --unix /tmp/echo.sock`.
//! `--port 0` takes any free port; the first line printed says which.

use argh::FromArgs;
use pynet::http::{self, ServerRequest, ServerResponse};
use pynet::socket::Result;

// ANCHOR: listing
/// HTTP echo server: POST /echo answers with the body it was sent.
#[derive(FromArgs)]
struct HttpEchoServer {
    /// the address to listen on (default 127.0.0.1)
    #[argh(option, default = "String::from(\"127.0.0.1\")")]
    host: String,
    /// the port to listen on (default 8080; 0: any free port)
    #[argh(option, default = "8080")]
    port: u16,
    /// listen on this Unix socket path instead of a TCP port
    #[argh(option)]
    unix: Option<String>,
}

/// The one path that echoes.
const ECHO_PATH: &str = "/echo";
/// The most we read from the request at once.
const PIECE: usize = 64 * 1024;

// ANCHOR: handler
/// Answers one request: echo, 405 or 307.
fn echo(request: &mut ServerRequest, response: &mut ServerResponse) -> Result<()> {
    let path = request.uri.split('?').next().unwrap_or_default();
    let status = if path != ECHO_PATH {
        refuse(response, 307, ("Location", ECHO_PATH))?
    } else if request.method != "POST" {
        refuse(response, 405, ("Allow", "POST"))?
    } else {
        stream_back(request, response)?
    };
    println!(
        "\"{} {} {}\" {status}",
        request.method, request.uri, request.version
    );
    Ok(())
}

/// Sends the request's body back as it reads it, piece by piece. The length is not written
/// first, so the server sends the body chunked.
fn stream_back(request: &mut ServerRequest, response: &mut ServerResponse) -> Result<u16> {
    let content_type = request
        .headers
        .get("Content-Type")
        .unwrap_or("application/octet-stream")
        .to_string();
    response.write_status(200, "OK")?;
    response.write_headers(&[("Content-Type", &content_type)])?;
    loop {
        let piece = request.read(PIECE)?;
        if piece.is_empty() {
            return Ok(200);
        }
        response.write(&piece)?;
    }
}

/// A short text answer with one extra header: `Allow` for a 405, `Location` for a 307.
fn refuse(response: &mut ServerResponse, code: u16, header: (&str, &str)) -> Result<u16> {
    let body = format!("{code} {}\n", http::responses(code));
    response.write_status(code, "")?;
    let length = body.len().to_string();
    response.write_headers(&[
        ("Content-Type", "text/plain"),
        header,
        ("Content-Length", &length),
    ])?;
    response.write(body.as_bytes())?;
    Ok(code)
}
// ANCHOR_END: handler

fn main() -> Result<()> {
    let args: HttpEchoServer = argh::from_env();
    // ANCHOR: serve
    if let Some(path) = &args.unix {
        let server = http::serve_unix(echo, path)?;
        println!("Serving HTTP on unix socket {path}");
        return server.serve_forever(0.5);
    }
    let server = http::serve_http(echo, &args.host, args.port)?;
    let port = server.server_address.port().unwrap_or(args.port);
    println!(
        "Serving HTTP on {} port {port} (http://{}:{port}/) ...",
        args.host, args.host
    );
    server.serve_forever(0.5)
    // ANCHOR_END: serve
}
// ANCHOR_END: listing
