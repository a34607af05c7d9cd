//! The checks of exercise 10, `chat`. The framing is checked against Python's `struct.pack`
//! and a python3 peer that sends byte by byte; `serve` on 127.0.0.1 with clients that speak
//! the wire format by hand (not with your functions, so that a mistake shows where it is), and
//! with python3 clients.

#[path = "../../support.rs"]
mod support;

use super::*;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use pynet::socket::{
    AF_INET, AF_UNIX, Error, Exception, SHUT_WR, SO_LINGER, SOCK_STREAM, SOL_SOCKET, Socket,
    create_connection, create_server, socketpair,
};
use support::{Background, Python, port_of, python_output, unhex};

/// How long the checks' clients wait for a message, in seconds, unless told otherwise.
const HEAR_TIMEOUT: f64 = 3.0;

/// Python's framing as the oracle: for each argument, prints the hex of
/// `struct.pack("!I", len(data)) + data`.
const PYTHON_FRAMES: &str = r#"
import struct, sys
for text in sys.argv[1:]:
    data = text.encode()
    print((struct.pack("!I", len(data)) + data).hex())
"#;

/// A python3 server that prints its port, accepts one client, sends it the message `argv[1]`
/// one byte at a time (each in a packet of its own, 5 ms apart), then the messages `argv[2:]`
/// all in one `sendall`, and closes.
const PYTHON_BYTE_BY_BYTE: &str = r#"
import socket, struct, sys, time
def frame(text):
    data = text.encode()
    return struct.pack("!I", len(data)) + data
with socket.create_server(("127.0.0.1", 0)) as server:
    server.settimeout(5)
    print(server.getsockname()[1], flush=True)
    conn, _ = server.accept()
    with conn:
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for byte in frame(sys.argv[1]):
            conn.sendall(bytes([byte]))
            time.sleep(0.005)
        conn.sendall(b"".join(frame(text) for text in sys.argv[2:]))
"#;

/// Three python3 clients, ann, ben and cat, chatting through the server on port `argv[1]`;
/// each line printed is `NAME heard TEXT`.
const PYTHON_CHAT: &str = r#"
import socket, struct, sys
port = int(sys.argv[1])

def send(sock, text):
    data = text.encode()
    sock.sendall(struct.pack("!I", len(data)) + data)

def recv_exactly(sock, n):
    data = b""
    while len(data) < n:
        more = sock.recv(n - len(data))
        if not more:
            raise EOFError("the server closed the connection")
        data += more
    return data

def hear(name):
    (length,) = struct.unpack("!I", recv_exactly(clients[name], 4))
    print(f"{name} heard {recv_exactly(clients[name], length).decode()}")

clients = {}
try:
    for name in ["ann", "ben", "cat"]:
        clients[name] = socket.create_connection(("127.0.0.1", port), timeout=5)
        send(clients[name], name)
        for listener in clients:
            hear(listener)
    send(clients["ann"], "hello from python")
    hear("ben")
    hear("cat")
    send(clients["ben"], "hi ann")
    hear("ann")
    hear("cat")
    clients.pop("cat").close()
    hear("ann")
    hear("ben")
except (OSError, EOFError) as e:
    print("error:", e)
"#;

/// What the three python3 clients of [`PYTHON_CHAT`] hear, in order.
const PYTHON_CHAT_HEARD: &str = "\
ann heard ann joined
ann heard ben joined
ben heard ben joined
ann heard cat joined
ben heard cat joined
cat heard cat joined
ben heard ann: hello from python
cat heard ann: hello from python
ann heard ben: hi ann
cat heard ben: hi ann
ann heard cat left
ben heard cat left
";

/// A message as it travels: a 4-byte big-endian length, then the bytes.
fn frame(text: &[u8]) -> Vec<u8> {
    let length = u32::try_from(text.len()).expect("a short text");
    [&length.to_be_bytes()[..], text].concat()
}

/// Two connected sockets; the one `recv_message` reads from has a timeout of `timeout`.
fn pair(timeout: f64) -> (Socket, Socket) {
    let (ours, theirs) = socketpair(AF_UNIX, SOCK_STREAM, 0).expect("socketpair");
    ours.settimeout(Some(timeout)).expect("settimeout");
    (ours, theirs)
}

/// What `recv_message` makes of `bytes` sent by a peer that then closes its side.
fn recv_after(bytes: &[u8]) -> Result<Option<String>, Error> {
    let (ours, theirs) = pair(HEAR_TIMEOUT);
    theirs.sendall(bytes).expect("sendall");
    theirs.shutdown(SHUT_WR).expect("shutdown");
    recv_message(&ours)
}

/// Checks that `result` is an error of class `class`; `context` says what was received.
fn assert_error(result: Result<Option<String>, Error>, class: Exception, context: &str) {
    match result {
        Ok(message) => panic!("{context}: recv_message returned Ok({message:?}), not an error"),
        Err(e) => assert!(
            e.is_instance(class),
            "{context}: recv_message's error should be a {}, not {} ({e})",
            class.name(),
            e.exception().name()
        ),
    }
}

#[test]
fn send_message_frames_text_as_pythons_struct_pack() {
    let texts = ["hi", "", "héllo wörld ✓", &"0123456789".repeat(100)];
    let python = python_output(PYTHON_FRAMES, &texts);
    for (text, python) in texts.iter().zip(python.lines()) {
        let (ours, theirs) = pair(HEAR_TIMEOUT);
        send_message(&ours, text).unwrap_or_else(|e| panic!("send_message({text:?}) failed: {e}"));
        ours.shutdown(SHUT_WR).expect("shutdown");
        let mut sent = Vec::new();
        loop {
            let data = theirs.recv(65536).expect("recv");
            if data.is_empty() {
                break;
            }
            sent.extend_from_slice(&data);
        }
        let expected = unhex(python);
        let shown: String = text.chars().take(20).collect();
        assert!(
            sent == expected,
            "for {shown:?} ({} bytes of UTF-8) send_message sent {}, but Python's \
             struct.pack(\"!I\", len(data)) + data is {}",
            text.len(),
            short_hex(&sent),
            short_hex(&expected)
        );
    }
}

/// The hex of the first 16 bytes of `bytes`, and how many there are in all.
fn short_hex(bytes: &[u8]) -> String {
    let hex: String = bytes
        .iter()
        .take(16)
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("{hex}... ({} bytes)", bytes.len())
}

#[test]
fn send_message_refuses_text_longer_than_max_message_and_sends_nothing() {
    let (ours, theirs) = pair(HEAR_TIMEOUT);
    let too_long = "a".repeat(MAX_MESSAGE + 1);
    match send_message(&ours, &too_long) {
        Ok(()) => panic!("send_message accepted a text of MAX_MESSAGE + 1 bytes"),
        Err(e) => assert!(
            e.is_instance(Exception::ValueError),
            "the error for a text of MAX_MESSAGE + 1 bytes should be a ValueError, not {} ({e})",
            e.exception().name()
        ),
    }
    send_message(&ours, "ok").expect("send_message(\"ok\") after the refusal");
    assert_eq!(
        theirs.recv(100).expect("recv"),
        frame(b"ok"),
        "the first bytes sent should be the message \"ok\": nothing of the refused one"
    );
}

#[test]
fn recv_message_reads_messages_however_they_are_cut() {
    let texts = ["héllo ✓", "second", "", "third, sent with the second"];
    let mut python = Python::start(PYTHON_BYTE_BY_BYTE, &texts);
    let sock = create_connection(("127.0.0.1", python.port()), Some(HEAR_TIMEOUT), None)
        .expect("connecting to the python3 server");
    for (number, text) in texts.iter().enumerate() {
        let how = if number == 0 {
            "sent one byte at a time"
        } else {
            "sent together with the others after it (read no byte beyond a message's end)"
        };
        match recv_message(&sock) {
            Ok(Some(received)) => assert_eq!(received, *text, "message {number}, {how}"),
            Ok(None) => panic!("recv_message returned None instead of message {number}, {how}"),
            Err(e) => panic!("recv_message failed on message {number}, {how}: {e}"),
        }
    }
    match recv_message(&sock) {
        Ok(None) => {}
        other => panic!(
            "the python3 server closed the connection after its messages: recv_message should \
             return Ok(None), not {other:?}"
        ),
    }
}

#[test]
fn recv_message_takes_max_message_and_refuses_one_byte_more_at_once() {
    let longest = "a".repeat(MAX_MESSAGE);
    let received = recv_after(&frame(longest.as_bytes()));
    assert!(
        matches!(&received, Ok(Some(text)) if *text == longest),
        "a message of exactly MAX_MESSAGE bytes is allowed, but recv_message returned {:?}",
        received.map(|text| text.map(|text| text.len()))
    );
    // Only the length comes, and the connection stays open: waiting for the text times out.
    let (ours, theirs) = pair(HEAR_TIMEOUT);
    let length = u32::try_from(MAX_MESSAGE + 1).expect("MAX_MESSAGE fits in a u32");
    theirs.sendall(&length.to_be_bytes()).expect("sendall");
    let result = recv_message(&ours);
    if matches!(&result, Err(e) if e.is_timeout()) {
        panic!(
            "recv_message waited for the text of a message of MAX_MESSAGE + 1 bytes: refuse the \
             length as soon as you have read it"
        );
    }
    assert_error(result, Exception::ValueError, "a length of MAX_MESSAGE + 1");
}

#[test]
fn recv_message_fails_when_the_peer_closes_in_the_middle_of_a_message() {
    assert_eq!(
        recv_after(b"").ok(),
        Some(None),
        "the peer closed before sending anything: recv_message should return Ok(None)"
    );
    let cases: [(&[u8], &str); 3] = [
        (&[0, 0], "the peer sent 2 bytes of a length, then closed"),
        (
            &[0, 0, 0, 10, b'a', b'b', b'c'],
            "the peer sent a length of 10 and 3 bytes, then closed",
        ),
        (&[0, 0, 0, 1], "the peer sent a length of 1, then closed"),
    ];
    for (bytes, context) in cases {
        assert_error(recv_after(bytes), Exception::EOFError, context);
    }
}

#[test]
fn recv_message_refuses_text_that_is_not_utf8() {
    assert_error(
        recv_after(&frame(b"caf\xe9")),
        Exception::ValueError,
        "a message of the bytes b'caf\\xe9' (Latin-1, not UTF-8)",
    );
}

/// Your `serve`, running in the background on a free loopback port until the check ends.
struct Server {
    port: u16,
    stop: Arc<AtomicBool>,
    run: Background<Result<(), Error>>,
}

/// A check's client: a connection and the name it joined with.
struct Client {
    name: String,
    sock: Socket,
}

impl Server {
    fn start() -> Server {
        let listener =
            create_server(("127.0.0.1", 0), AF_INET, None, false, false).expect("create_server");
        let port = port_of(&listener);
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let run = Background::start(move || serve(&listener, &flag));
        Server { port, stop, run }
    }

    /// A new connection that has not sent its name yet.
    fn connect(&self, name: &str) -> Client {
        let sock = self.ok(
            "connecting",
            create_connection(("127.0.0.1", self.port), Some(HEAR_TIMEOUT), None),
        );
        let name = name.to_string();
        Client { name, sock }
    }

    /// A new client that has sent its name and heard its own join notice; every client in
    /// `others` hears the notice too.
    fn join(&self, name: &str, others: &[&Client]) -> Client {
        let client = self.connect(name);
        self.say(&client, name);
        let notice = format!("{name} joined");
        self.expect(&client, &notice, "after sending its name, a client");
        for other in others {
            self.expect(other, &notice, "when a client joins, every other one");
        }
        client
    }

    /// Sends one message, framed by hand.
    fn say(&self, client: &Client, text: &str) {
        self.send_raw(client, &frame(text.as_bytes()));
    }

    fn send_raw(&self, client: &Client, bytes: &[u8]) {
        self.ok("sending", client.sock.sendall(bytes));
    }

    /// The next message `client` hears within `timeout` seconds, read by hand, exactly (the
    /// next one may follow it closely); `None` if the server closed the connection.
    fn hear_within(&self, client: &Client, timeout: f64, context: &str) -> Option<String> {
        let started = Instant::now();
        let mut received = Vec::new();
        loop {
            let wanted = frame_size(&received);
            if received.len() == wanted {
                return Some(String::from_utf8_lossy(&received[4..]).into_owned());
            }
            let left = timeout - started.elapsed().as_secs_f64();
            let data = client
                .sock
                .with_timeout(Some(left.max(0.001)))
                .recv(wanted - received.len());
            match data {
                Ok(data) if data.is_empty() && received.is_empty() => return None,
                Ok(data) if !data.is_empty() => received.extend_from_slice(&data),
                Ok(_) => self.fail(format!(
                    "{context} {} should hear a message, but the server closed the connection \
                     in the middle of one",
                    client.name
                )),
                Err(e) if e.is_instance(Exception::ConnectionResetError) => return None,
                Err(e) => self.fail(format!(
                    "{context} {} should hear a message, but none came whole within {timeout} \
                     s ({e})",
                    client.name
                )),
            }
        }
    }

    /// Checks the next message `client` hears; `context` says why it should hear it.
    fn expect(&self, client: &Client, expected: &str, context: &str) {
        self.expect_within(client, expected, HEAR_TIMEOUT, context);
    }

    fn expect_within(&self, client: &Client, expected: &str, timeout: f64, context: &str) {
        match self.hear_within(client, timeout, context) {
            Some(text) if text == expected => {}
            Some(text) => self.fail(format!(
                "{context} {} should hear {expected:?}, but heard {text:?}",
                client.name
            )),
            None => self.fail(format!(
                "{context} {} should hear {expected:?}, but the server closed the connection",
                client.name
            )),
        }
    }

    /// Checks that the server has closed `client`'s connection.
    fn expect_closed(&self, client: &Client, context: &str) {
        if let Some(text) = self.hear_within(client, HEAR_TIMEOUT, context) {
            self.fail(format!(
                "{context} the server should close {}'s connection, but it sent {text:?}",
                client.name
            ));
        }
    }

    /// A step's result, or the check fails, with serve's own panic if it panicked.
    fn ok<T>(&self, step: &str, result: Result<T, Error>) -> T {
        result.unwrap_or_else(|e| self.fail(format!("{step} failed: {e}")))
    }

    fn fail(&self, problem: String) -> ! {
        self.run.fail(problem)
    }

    /// Sets the stop flag and checks that `serve` returns `Ok(())`.
    fn finish(&self) {
        self.stop.store(true, Ordering::Relaxed);
        let what = "serve, after its stop flag was set (does it select with a timeout?)";
        if let Err(e) = self.run.wait(what) {
            panic!("serve returned an error: {e}");
        }
    }
}

impl Drop for Server {
    /// A check that fails still stops the server.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// How many bytes the message that `received` begins has, its length included: 4 until the
/// length is known.
fn frame_size(received: &[u8]) -> usize {
    match received.split_first_chunk::<4>() {
        Some((length, _)) => 4 + u32::from_be_bytes(*length) as usize,
        None => 4,
    }
}

/// Resets the connection: SO_LINGER on with a time of 0 makes close send RST, not FIN.
fn reset(server: &Server, client: Client) {
    let linger: Vec<u8> = [1i32.to_ne_bytes(), 0i32.to_ne_bytes()].concat();
    server.ok(
        "setsockopt",
        client.sock.setsockopt(SOL_SOCKET, SO_LINGER, linger),
    );
}

#[test]
fn serve_passes_each_message_to_every_other_client_but_not_to_its_sender() {
    let server = Server::start();
    let lurker = server.connect("a client that has not sent its name");
    let alice = server.join("alice", &[]);
    let bob = server.join("bob", &[&alice]);
    let carol = server.join("carol", &[&alice, &bob]);
    server.say(&alice, "hello, everyone");
    let context = "when alice says \"hello, everyone\",";
    server.expect(&bob, "alice: hello, everyone", context);
    server.expect(&carol, "alice: hello, everyone", context);
    server.say(&bob, "hi alice");
    let context =
        "alice's own message is not sent back to her: after it, when bob says \"hi alice\",";
    server.expect(&alice, "bob: hi alice", context);
    server.expect(&carol, "bob: hi alice", "when bob says \"hi alice\",");
    server.say(&lurker, "dave");
    let context = "a client hears nothing before it has sent its name: after sending it,";
    server.expect(&lurker, "dave joined", context);
    server.finish();
}

#[test]
fn clients_that_leave_are_announced_and_the_rest_go_on() {
    let server = Server::start();
    let alice = server.join("alice", &[]);
    let bob = server.join("bob", &[&alice]);
    let carol = server.join("carol", &[&alice, &bob]);
    drop(server.connect("a client that leaves before sending its name"));
    drop(carol);
    let context = "a client that leaves before sending its name leaves without a notice; when \
                   carol closes her connection,";
    server.expect(&alice, "carol left", context);
    server.expect(&bob, "carol left", context);
    let dave = server.join("dave", &[&alice, &bob]);
    server.send_raw(&dave, &[0, 0, 0, 50, b'h', b'a']);
    reset(&server, dave);
    let context = "when dave resets his connection in the middle of a message,";
    server.expect(&alice, "dave left", context);
    server.expect(&bob, "dave left", context);
    server.say(&alice, "still here?");
    let context = "after carol and dave left, when alice says \"still here?\",";
    server.expect(&bob, "alice: still here?", context);
    server.finish();
}

#[test]
fn a_client_that_breaks_the_format_is_dropped_and_the_rest_go_on() {
    let server = Server::start();
    let alice = server.join("alice", &[]);
    let length = u32::try_from(MAX_MESSAGE + 1).expect("MAX_MESSAGE fits in a u32");
    let cases: [(&str, Vec<u8>, &str); 2] = [
        (
            "mallory",
            length.to_be_bytes().to_vec(),
            "a length of MAX_MESSAGE + 1",
        ),
        ("eve", frame(b"caf\xe9"), "text that is not UTF-8"),
    ];
    for (name, bytes, what) in cases {
        let rogue = server.join(name, &[&alice]);
        server.send_raw(&rogue, &bytes);
        let context = format!("after sending {what},");
        server.expect_closed(&rogue, &context);
        let context = format!("when {name} is dropped for sending {what},");
        server.expect(&alice, &format!("{name} left"), &context);
    }
    let bob = server.join("bob", &[&alice]);
    server.say(&bob, "anyone?");
    server.expect(
        &alice,
        "bob: anyone?",
        "after the rogues are gone, when bob says \"anyone?\",",
    );
    server.finish();
}

#[test]
fn a_client_that_stops_in_the_middle_of_a_message_is_dropped_after_timeout() {
    let server = Server::start();
    let alice = server.join("alice", &[]);
    let bob = server.join("bob", &[&alice]);
    let slow = server.join("slowpoke", &[&alice, &bob]);
    server.send_raw(&slow, &[0, 0, 0, 20, b'w', b'a', b'i']);
    let context = format!(
        "slowpoke sent 3 bytes of a 20-byte message and stopped; within TIMEOUT ({TIMEOUT} s), \
         give or take,"
    );
    server.expect_within(&alice, "slowpoke left", TIMEOUT + HEAR_TIMEOUT, &context);
    server.expect(&bob, "slowpoke left", &context);
    server.say(&bob, "gone?");
    server.expect(
        &alice,
        "bob: gone?",
        "after slowpoke was dropped, when bob says \"gone?\",",
    );
    drop(slow);
    server.finish();
}

#[test]
fn python_clients_chat_through_serve() {
    let server = Server::start();
    let heard = python_output(PYTHON_CHAT, &[&server.port.to_string()]);
    if heard != PYTHON_CHAT_HEARD {
        server.fail(format!(
            "three python3 clients heard:\n{heard}instead of:\n{PYTHON_CHAT_HEARD}"
        ));
    }
    server.finish();
}
