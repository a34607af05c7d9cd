//! `forking_mixin_socket_server`: a TCP server that forks a child process for each client,
//! serving in a background thread while two clients, in the main thread, talk to it. Ports
//! the Cookbook's "Using ForkingMixIn in your socket server applications" (chapter 2).
//! Run it: `cargo run -p lessons --bin forking_mixin_socket_server`.
//!
//! Unlike the original:
//! - a client prints the pid of the process that answered, read from the reply up to its
//!   `": "` (the original cuts the first five bytes, `response[5:]`, which fits a four-digit
//!   pid only), and prints the reply as text rather than as Python's `b'...'`;
//! - the main thread prints nothing while a client waits for its reply, and the client sends
//!   with `sendall` (so there is no "Sent: N characters, so far..." line to print). A child
//!   process is a copy of the server made while the other threads were somewhere: had the
//!   main thread been half-way through a `println!`, holding stdout's lock, the child would
//!   wait for that lock for ever. Keeping the main thread quiet while a fork can happen
//!   makes the child's own `println!` safe;
//! - the client sets a timeout, and the server is shut down and closed (waiting for its
//!   children, so none is left behind) before the program ends.

use std::thread;

use argh::FromArgs;
use pynet::socket::{self, Error, Result};
use pynet::socketserver::{BaseRequestHandler, ForkingTCPServer, StreamRequest};

// ANCHOR: listing
/// A forking server and two clients in one program.
#[derive(FromArgs)]
struct ForkingServerDemo {
    /// the address to listen on (default 127.0.0.1)
    #[argh(option, default = "String::from(\"127.0.0.1\")")]
    host: String,
    /// the port to listen on (default 0: any free port)
    #[argh(option, default = "0")]
    port: u16,
}

/// The most bytes the handler and the clients read at once.
const BUF_SIZE: usize = 1024;
/// What each client sends.
const ECHO_MSG: &str = "Hello echo server!";
/// How long a client waits to connect or for the reply, in seconds.
const TIMEOUT: f64 = 10.0;

// ANCHOR: handler
/// Python's `ForkingServerRequestHandler`: answers `"<pid>: <data>"`, where pid is the
/// child process handling the request.
struct ForkingServerRequestHandler;

impl BaseRequestHandler<StreamRequest> for ForkingServerRequestHandler {
    fn handle(&mut self, req: &mut StreamRequest) -> Result<()> {
        let data = req.request.recv(BUF_SIZE)?;
        let current_process_id = std::process::id();
        let response = format!("{current_process_id}: {}", String::from_utf8_lossy(&data));
        println!("Server sending response [current_process_id: data] = [{response}]");
        req.request.sendall(response.as_bytes())
    }
}
// ANCHOR_END: handler

// ANCHOR: client
/// Python's `ForkedClient`: connects, sends `ECHO_MSG`, and prints which process answered
/// and what it said.
fn forked_client(address: &socket::Address) -> Result<()> {
    let pid = std::process::id();
    // Printed before connecting: from `connect` until the reply is in, a fork may happen.
    println!("PID {pid} sending echo message to the server: \"{ECHO_MSG}\"");
    let sock = socket::create_connection(address, Some(TIMEOUT), None)?;
    sock.sendall(ECHO_MSG.as_bytes())?;
    let response = sock.recv(BUF_SIZE)?;
    let response = String::from_utf8_lossy(&response);
    let Some((answered_by, data)) = response.split_once(": ") else {
        let why = format!("unexpected reply: {response:?}");
        return Err(Error::new(socket::Exception::ValueError, why));
    };
    println!("PID {pid} received from PID {answered_by}: {data}");
    sock.close()
}
// ANCHOR_END: client

/// Runs the two clients one after the other, as the original's `main` does.
fn run_clients(address: &socket::Address) -> Result<()> {
    forked_client(address)?;
    println!("First client running");
    forked_client(address)?;
    println!("Second client running");
    Ok(())
}

fn main() -> Result<()> {
    let args: ForkingServerDemo = argh::from_env();
    // ANCHOR: serve
    let server = ForkingTCPServer::new((args.host.as_str(), args.port), || {
        ForkingServerRequestHandler
    })?;
    let outcome = thread::scope(|s| {
        s.spawn(|| server.serve_forever(0.5));
        println!("Server loop running PID: {}", std::process::id());
        let outcome = run_clients(&server.server_address);
        server.shutdown();
        outcome
    });
    // Waits for the children still running, then closes the socket.
    server.server_close();
    // ANCHOR_END: serve
    outcome
}
// ANCHOR_END: listing
