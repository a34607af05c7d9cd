//! The checks of exercise 10, `threaded_echo`. Each one runs your `serve` or `handle` on
//! 127.0.0.1, with Rust and python3 clients that send and receive at the same time.

#[path = "../../support.rs"]
mod support;

use super::*;

use std::thread;
use std::time::Duration;

use pynet::socket::{
    AF_INET, Error, SHUT_WR, SO_LINGER, SOL_SOCKET, Socket, create_connection, create_server,
};
use support::{Background, port_of, python_output};

/// The timeout of the checks' own client sockets, in seconds.
const CLIENT_TIMEOUT: f64 = 5.0;

/// How long the second client of the concurrency check waits for its echo, in seconds: a
/// loopback echo takes well under a millisecond, so this is for a loaded machine only.
const PROMPT: f64 = 2.0;

/// The sizes of the pieces the checks' clients send, in turn: odd ones, so that no piece lines
/// up with a 4096-byte `recv`.
const PIECES: [usize; 8] = [1, 3, 17, 255, 1021, 4093, 8191, 65537];

/// Five python3 clients at once: each sends 100 000 random bytes (seeded with its number) in
/// pieces of 999 bytes, closes its sending side, reads until the server closes, and prints
/// `client N: ok` or what went wrong.
const PYTHON_CLIENTS: &str = r#"
import random, socket, sys, threading
port = int(sys.argv[1])
lines = []

def client(number):
    message = random.Random(number).randbytes(100_000)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            def send():
                for start in range(0, len(message), 999):
                    s.sendall(message[start:start + 999])
                s.shutdown(socket.SHUT_WR)
            sender = threading.Thread(target=send)
            sender.start()
            received = b""
            while data := s.recv(65536):
                received += data
            sender.join()
        if received == message:
            lines.append(f"client {number}: ok")
        else:
            lines.append(f"client {number}: sent {len(message)} bytes, got {len(received)} back")
    except OSError as e:
        lines.append(f"client {number}: {e}")

threads = [threading.Thread(target=client, args=(n,)) for n in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("\n".join(sorted(lines)))
"#;

/// Your `serve`, running in the background on a free loopback port for a number of
/// connections.
struct Server {
    port: u16,
    run: Background<Result<(), Error>>,
}

impl Server {
    fn start(connections: usize) -> Server {
        let server =
            create_server(("127.0.0.1", 0), AF_INET, None, false, false).expect("create_server");
        let port = port_of(&server);
        let run = Background::start(move || serve(&server, Some(connections)));
        Server { port, run }
    }

    /// A new client connection whose every step times out after `timeout` seconds.
    fn connect(&self, timeout: f64) -> Socket {
        self.ok(
            "connecting",
            create_connection(("127.0.0.1", self.port), Some(timeout), None),
        )
    }

    /// A step's result, or the check fails, with serve's own panic if it panicked.
    fn ok<T>(&self, step: &str, result: Result<T, Error>) -> T {
        result.unwrap_or_else(|e| self.fail(format!("{step} failed: {e}")))
    }

    fn fail(&self, problem: String) -> ! {
        self.run.fail(problem)
    }

    /// Checks that `serve` returns `Ok(())` once its connections are done.
    fn finish(self) {
        let what = "serve (does it return once it has accepted its connections and their \
                    threads have ended?)";
        if let Err(e) = self.run.wait(what) {
            panic!("serve returned an error: {e}");
        }
    }
}

/// `len` bytes of noise, the same for the same `seed` (xorshift64*).
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
        })
        .collect()
}

/// Sends `message` in pieces of the [`PIECES`] sizes on one thread, then closes the sending
/// side, while this thread (after `read_delay`) receives until the server closes. Returns
/// what came back.
fn exchange(s: &Socket, message: &[u8], read_delay: Duration) -> Result<Vec<u8>, Error> {
    thread::scope(|scope| {
        let sender = scope.spawn(|| {
            let mut rest = message;
            for size in PIECES.iter().cycle() {
                if rest.is_empty() {
                    break;
                }
                let (piece, after) = rest.split_at(rest.len().min(*size));
                s.sendall(piece)?;
                rest = after;
            }
            s.shutdown(SHUT_WR)
        });
        thread::sleep(read_delay);
        let mut received = Vec::with_capacity(message.len());
        loop {
            let data = s.recv(65536)?;
            if data.is_empty() {
                break;
            }
            received.extend_from_slice(&data);
        }
        sender.join().expect("the sending thread panicked")?;
        Ok(received)
    })
}

/// What is wrong with `echoed` as the echo of `message`, if anything.
fn echo_problem(message: &[u8], echoed: &[u8]) -> Option<String> {
    if echoed == message {
        return None;
    }
    let first_difference = message
        .iter()
        .zip(echoed)
        .position(|(sent, back)| sent != back)
        .unwrap_or(message.len().min(echoed.len()));
    Some(format!(
        "sent {} bytes, got {} back, the same up to byte {first_difference} \
         (is every byte recv gives sent back with sendall, in order, until recv returns an \
         empty vector?)",
        message.len(),
        echoed.len()
    ))
}

#[test]
fn a_second_client_is_answered_while_the_first_stays_connected_and_silent() {
    let server = Server::start(2);
    let silent = server.connect(CLIENT_TIMEOUT);
    let second = server.connect(PROMPT);
    let message = b"is anybody there?";
    server.ok("sending", second.sendall(message));
    let mut echoed = Vec::new();
    while echoed.len() < message.len() {
        match second.recv(4096) {
            Ok(data) if data.is_empty() => break,
            Ok(data) => echoed.extend_from_slice(&data),
            Err(e) if e.is_timeout() => server.fail(format!(
                "while a first client stayed connected and silent, a second client got no \
                 echo within {PROMPT} s: does serve hand each connection to a thread of its \
                 own and go straight back to accept?"
            )),
            Err(e) => server.fail(format!("the second client's recv failed: {e}")),
        }
    }
    if let Some(problem) = echo_problem(message, &echoed) {
        server.fail(format!("the second client {problem}"));
    }
    drop(second);
    drop(silent);
    server.finish();
}

/// Client `number`'s 256 KiB of noise, sent to the server on `port` and echoed: what went
/// wrong, if anything.
fn echo_problem_of_client(port: u16, number: u64) -> Option<String> {
    let message = noise(number, 256 * 1024);
    let problem = match create_connection(("127.0.0.1", port), Some(CLIENT_TIMEOUT), None)
        .and_then(|s| exchange(&s, &message, Duration::ZERO))
    {
        Ok(echoed) => echo_problem(&message, &echoed)?,
        Err(e) => format!("failed: {e}"),
    };
    Some(format!("client {number} {problem}"))
}

#[test]
fn twenty_clients_at_once_each_get_256_kib_back_byte_for_byte() {
    const CLIENTS: u64 = 20;
    let server = Server::start(CLIENTS as usize);
    let port = server.port;
    let problems: Vec<String> = thread::scope(|scope| {
        let clients: Vec<_> = (0..CLIENTS)
            .map(|number| scope.spawn(move || echo_problem_of_client(port, number)))
            .collect();
        clients
            .into_iter()
            .filter_map(|client| client.join().expect("a client's thread panicked"))
            .collect()
    });
    if !problems.is_empty() {
        server.fail(problems.join("\n"));
    }
    server.finish();
}

#[test]
fn handle_echoes_everything_to_a_slow_reader_and_returns_the_count() {
    let listener =
        create_server(("127.0.0.1", 0), AF_INET, None, false, false).expect("create_server");
    let client = create_connection(
        ("127.0.0.1", port_of(&listener)),
        Some(CLIENT_TIMEOUT),
        None,
    )
    .expect("connecting");
    let (conn, _) = listener.accept().expect("accept");
    // With a timeout the connection is non-blocking underneath: `send` may take only part of
    // what it is given once the client's buffers are full.
    conn.settimeout(Some(CLIENT_TIMEOUT)).expect("settimeout");
    let handled = Background::start(move || handle(conn));
    let message = noise(7, 4 << 20);
    // The client starts reading only after 300 ms, so the echo fills every buffer on the way.
    let echoed = exchange(&client, &message, Duration::from_millis(300))
        .unwrap_or_else(|e| handled.fail(format!("the client failed: {e}")));
    if let Some(problem) = echo_problem(&message, &echoed) {
        handled.fail(format!("a client that reads slowly {problem}"));
    }
    match handled.wait("handle (does it return when recv returns an empty vector?)") {
        Ok(count) => assert_eq!(
            count,
            message.len() as u64,
            "what handle returned: the client sent (and got back) {} bytes",
            message.len()
        ),
        Err(e) => panic!("handle failed: {e}"),
    }
}

#[test]
fn a_client_that_resets_mid_transfer_does_not_stop_the_server() {
    let server = Server::start(2);
    let rude = server.connect(0.2);
    // Send without reading until the buffers are full both ways: the server is now stuck in
    // the middle of sending an echo back.
    let piece = vec![b'x'; 65536];
    for _ in 0..1024 {
        match rude.send(&piece) {
            Ok(_) => continue,
            Err(e) if e.is_timeout() => break,
            Err(e) => server.fail(format!("the rude client's send failed: {e}")),
        }
    }
    // SO_LINGER on with a linger time of 0: close sends a reset (RST), not a goodbye (FIN).
    let linger: Vec<u8> = [1i32.to_ne_bytes(), 0i32.to_ne_bytes()].concat();
    server.ok("setsockopt", rude.setsockopt(SOL_SOCKET, SO_LINGER, linger));
    drop(rude);
    let polite = server.connect(CLIENT_TIMEOUT);
    let message = b"still there?";
    match exchange(&polite, message, Duration::ZERO) {
        Ok(echoed) => {
            if let Some(problem) = echo_problem(message, &echoed) {
                server.fail(format!(
                    "after a client reset its connection, the next {problem}"
                ));
            }
        }
        Err(e) => server.fail(format!(
            "after a client reset its connection, the next one failed: {e}"
        )),
    }
    server.finish();
}

#[test]
fn python_clients_get_their_own_bytes_back() {
    let server = Server::start(5);
    let printed = python_output(PYTHON_CLIENTS, &[&server.port.to_string()]);
    let expected: String = (0..5).map(|n| format!("client {n}: ok\n")).collect();
    if printed != expected {
        server.fail(format!(
            "five python3 clients at once printed:\n{printed}instead of:\n{expected}"
        ));
    }
    server.finish();
}
