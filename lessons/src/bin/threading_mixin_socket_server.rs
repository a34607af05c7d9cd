//! `threading_mixin_socket_server`: a TCP server that starts a thread for each client,
//! serving in a background thread while three clients, in the main thread, talk to it. Ports
//! the Cookbook's "Using ThreadingMixIn in your socket server applications" (chapter 2).
//! Run it: `cargo run -p lessons --bin threading_mixin_socket_server`.
//!
//! Unlike the original:
//! - the reply and what the clients print are text, where Python 3 prints bytes inside
//!   bytes (`Client received: b"Thread-2 (process_request_thread): b'Hello from client
//!   1'"`): here `Client received: Thread-1 (process_request_thread): Hello from client 1`;
//! - pynet numbers only the handler threads, so the first one is `Thread-1`, and the serving
//!   thread is named `serve_forever` (Python's would be `Thread-1 (serve_forever)`);
//! - the client sets a timeout, and the server is shut down and closed (waiting for its
//!   handler threads) before the program ends.

use std::thread;

use argh::FromArgs;
use pynet::socket::{self, Result};
use pynet::socketserver::{BaseRequestHandler, StreamRequest, ThreadingTCPServer};

// ANCHOR: listing
/// A threading server and three clients in one program.
#[derive(FromArgs)]
struct ThreadingServerDemo {
    /// the address to listen on (default 127.0.0.1)
    #[argh(option, default = "String::from(\"127.0.0.1\")")]
    host: String,
    /// the port to listen on (default 0: any free port)
    #[argh(option, default = "0")]
    port: u16,
}

/// The most bytes the handler and the clients read at once.
const BUF_SIZE: usize = 1024;
/// How long a client waits to connect or for the reply, in seconds.
const TIMEOUT: f64 = 10.0;

// ANCHOR: handler
/// Python's `ThreadedTCPRequestHandler`: answers `"<thread name>: <data>"`, naming the
/// thread that handles the request.
struct ThreadedTCPRequestHandler;

impl BaseRequestHandler<StreamRequest> for ThreadedTCPRequestHandler {
    fn handle(&mut self, req: &mut StreamRequest) -> Result<()> {
        let data = req.request.recv(BUF_SIZE)?;
        let cur_thread = thread::current();
        let name = cur_thread.name().unwrap_or("unnamed");
        let response = format!("{name}: {}", String::from_utf8_lossy(&data));
        req.request.sendall(response.as_bytes())
    }
}
// ANCHOR_END: handler

// ANCHOR: client
/// Python's `client(ip, port, message)`: sends `message` and prints the reply.
fn client(address: &socket::Address, message: &str) -> Result<()> {
    let sock = socket::create_connection(address, Some(TIMEOUT), None)?;
    sock.sendall(message.as_bytes())?;
    let response = sock.recv(BUF_SIZE)?;
    println!("Client received: {}", String::from_utf8_lossy(&response));
    sock.close()
}
// ANCHOR_END: client

/// Runs the three clients one after the other, as the original's `main` does.
fn run_clients(address: &socket::Address) -> Result<()> {
    client(address, "Hello from client 1")?;
    client(address, "Hello from client 2")?;
    client(address, "Hello from client 3")
}

fn main() -> Result<()> {
    let args: ThreadingServerDemo = argh::from_env();
    // ANCHOR: serve
    let server = ThreadingTCPServer::new((args.host.as_str(), args.port), || {
        ThreadedTCPRequestHandler
    })?;
    let outcome = thread::scope(|s| {
        let serving = thread::Builder::new().name("serve_forever".to_string());
        let server_thread = serving.spawn_scoped(s, || server.serve_forever(0.5))?;
        let name = server_thread.thread().name().unwrap_or("unnamed");
        println!("Server loop running on thread: {name}");
        let outcome = run_clients(&server.server_address);
        server.shutdown();
        outcome
    });
    // Waits for the handler threads still running, then closes the socket.
    server.server_close();
    // ANCHOR_END: serve
    outcome
}
// ANCHOR_END: listing
