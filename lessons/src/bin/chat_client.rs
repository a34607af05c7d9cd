//! `chat_client`: joins `chat_server`'s chat room under a name, sends each line typed and
//! shows what the others say, waiting on the keyboard and the server at once with `select`.
//! Ports the client half of the Cookbook's "Writing a chat server using select.select"
//! (chapter 2).
//! Run it: `cargo run -p lessons --bin chat_client -- --name alice --port 8800` (with
//! `chat_server --port 8800` running); type lines; Ctrl-D leaves the chat.
//!
//! Unlike the original:
//! - messages are framed with a 4-byte big-endian length and carry UTF-8 text (see
//!   `chat_framing.rs`), and the client starts a new line before a message instead of the
//!   server putting `\n` in front of it;
//! - stdin is read as it arrives, and each whole line sent: Python's `sys.stdin.readline()`
//!   after `select` can leave a second line waiting in its buffer where `select` no longer
//!   sees it;
//! - the end of stdin (Ctrl-D, or the end of a piped file) leaves the chat, where the
//!   original would spin reading empty lines; the connection has a timeout;
//! - a failure prints its reason and exits with status 1.

#[path = "../chat_framing.rs"]
mod chat_framing;

use std::io::{self, BufRead, StdinLock, Write};
use std::os::fd::RawFd;
use std::process::ExitCode;

use argh::FromArgs;
use chat_framing::{recv_message, send_message};
use pynet::select::select;
use pynet::socket::{self, Error, Exception, Result, Socket};

// ANCHOR: listing
/// Chat client: talk to the others in chat_server's room.
#[derive(FromArgs)]
struct ChatClientArgs {
    /// the name the others see you by
    #[argh(option)]
    name: String,
    /// the server's port
    #[argh(option)]
    port: u16,
    /// the server's host name or address (default 127.0.0.1)
    #[argh(option, default = "String::from(\"127.0.0.1\")")]
    host: String,
}

/// How long connecting, or a message part-way through arriving, may take, in seconds.
const TIMEOUT: f64 = 10.0;
/// Standard input's descriptor, which `select` watches beside the socket (the original's `0`).
const STDIN: RawFd = 0;

// ANCHOR: join
/// Connects, sends our name, and returns the socket and the prompt, made of our name and
/// the address the server sees us at: `[alice@127.0.0.1]> `.
fn join(args: &ChatClientArgs) -> Result<(Socket, String)> {
    let sock = socket::create_connection((args.host.as_str(), args.port), Some(TIMEOUT), None)?;
    println!("Now connected to chat server@ port {}", args.port);
    send_message(&sock, &format!("NAME: {}", args.name))?;
    let reply = recv_message(&sock)?.unwrap_or_default();
    let Some(address) = reply.strip_prefix("CLIENT: ") else {
        let why = format!("expected CLIENT: <address>, got {reply:?}");
        return Err(Error::new(Exception::ValueError, why));
    };
    Ok((sock, format!("[{}@{address}]> ", args.name)))
}
// ANCHOR_END: join

// ANCHOR: select_loop
/// Python's `ChatClient.run`: shows the prompt, then waits for a line typed or a message
/// from the server, until either side ends.
fn chat(sock: &Socket, prompt: &str) -> Result<()> {
    let mut stdin = io::stdin().lock();
    // What has been typed since the last whole line.
    let mut typed = Vec::new();
    loop {
        print!("{prompt}");
        io::stdout().flush()?;
        let (readable, _, _) = select(&[STDIN, sock.fileno()], &[], &[], None)?;
        if readable.contains(&sock.fileno()) {
            match recv_message(sock)? {
                Some(message) => println!("\n{message}"),
                None => return Ok(()),
            }
        }
        if readable.contains(&STDIN) && !send_typed(&mut stdin, &mut typed, sock)? {
            return Ok(());
        }
    }
}

/// Reads what stdin has now and sends each whole line in `typed` (trimmed; blank lines are
/// not sent). Returns `false` at the end of stdin, after sending an unfinished last line.
fn send_typed(stdin: &mut StdinLock, typed: &mut Vec<u8>, sock: &Socket) -> Result<bool> {
    // One read: `select` said it will not block. Take all of it, so none stays in stdin's
    // buffer where `select` cannot see it.
    let chunk = stdin.fill_buf()?;
    let at_end = chunk.is_empty();
    typed.extend_from_slice(chunk);
    let taken = chunk.len();
    stdin.consume(taken);
    while let Some(end) = typed.iter().position(|&byte| byte == b'\n') {
        let line: Vec<u8> = typed.drain(..=end).collect();
        send_line(sock, &line)?;
    }
    if at_end {
        send_line(sock, &std::mem::take(typed))?;
    }
    Ok(!at_end)
}

/// Sends one line typed, without its spaces and newline, unless nothing is left of it.
fn send_line(sock: &Socket, line: &[u8]) -> Result<()> {
    let text = String::from_utf8_lossy(line);
    let text = text.trim();
    if text.is_empty() {
        return Ok(());
    }
    send_message(sock, text)
}
// ANCHOR_END: select_loop

fn main() -> ExitCode {
    let args: ChatClientArgs = argh::from_env();
    let (sock, prompt) = match join(&args) {
        Ok(joined) => joined,
        Err(e) => {
            println!("Failed to connect to chat server @ port {}: {e}", args.port);
            return ExitCode::FAILURE;
        }
    };
    let outcome = chat(&sock, &prompt);
    println!();
    match outcome {
        Ok(()) => {
            println!("Client shutting down.");
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("Client failed: {e}");
            ExitCode::FAILURE
        }
    }
}
// ANCHOR_END: listing
