//! Lesson 10's programs: the forking and threading socketserver demos, the select chat
//! server and client, and the epoll web server. Python 3 is the oracle (how handler threads
//! are named) and the peer: chat clients and a chat server speaking the course's framing (a
//! 4-byte big-endian length, then UTF-8 text), and HTTP clients (http.client, urllib).

mod util;

use std::io::Write;
use std::process::{Child, ChildStdin, Command, Stdio};

use util::Server;

const FORKING: &str = env!("CARGO_BIN_EXE_forking_mixin_socket_server");
const THREADING: &str = env!("CARGO_BIN_EXE_threading_mixin_socket_server");
const CHAT_SERVER: &str = env!("CARGO_BIN_EXE_chat_server");
const CHAT_CLIENT: &str = env!("CARGO_BIN_EXE_chat_client");
const EPOLL_WEB_SERVER: &str = env!("CARGO_BIN_EXE_epoll_web_server");

/// The separator line `epoll_web_server` prints above each request.
const RULE: &str = "----------------------------------------";

// ---- the forking and threading servers ----

/// The number after `prefix` at the start of `line`, and the rest of the line.
fn number_after<'a>(line: &'a str, prefix: &str) -> (u32, &'a str) {
    let rest = line
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("{line:?} does not start with {prefix:?}"));
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let number = rest[..digits]
        .parse()
        .unwrap_or_else(|e| panic!("no number in {line:?}: {e}"));
    (number, &rest[digits..])
}

/// The line a forking server's child prints, up to its pid.
const CHILD_SAYS: &str = "Server sending response [current_process_id: data] = [";

#[test]
fn forking_server_answers_each_client_from_a_new_child() {
    let out = util::run(FORKING, &[], 10);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 9, "{}", out.stdout);
    let (server, _) = number_after(lines[0], "Server loop running PID: ");
    let (child1, _) = number_after(lines[2], CHILD_SAYS);
    let (child2, _) = number_after(lines[6], CHILD_SAYS);
    let client = |child: u32| {
        format!(
            "PID {server} sending echo message to the server: \"Hello echo server!\"\n\
             {CHILD_SAYS}{child}: Hello echo server!]\n\
             PID {server} received from PID {child}: Hello echo server!\n"
        )
    };
    assert_eq!(
        out.stdout,
        format!(
            "Server loop running PID: {server}\n{}First client running\n{}Second client running\n",
            client(child1),
            client(child2)
        )
    );
    assert_ne!(child1, child2, "each client has a child of its own");
    assert!(child1 != server && child2 != server, "{}", out.stdout);
}

/// Runs a program as a "subreaper" (Linux's `PR_SET_CHILD_SUBREAPER`): a process its
/// program leaves behind, running or a zombie, becomes ours, and `waitpid(-1)` finds it.
const PY_SUBREAPER: &str = r#"
import ctypes, os, subprocess, sys
PR_SET_CHILD_SUBREAPER = 36
assert ctypes.CDLL(None).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
program = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, timeout=10)
print("exit status", program.returncode)
try:
    print("left behind:", os.waitpid(-1, os.WNOHANG))
except ChildProcessError:
    print("nothing left behind")
"#;

#[test]
fn forking_server_leaves_no_child_behind() {
    let out = util::run_python(PY_SUBREAPER, &[FORKING], 15);
    assert_eq!(
        out.stdout, "exit status 0\nnothing left behind\n",
        "stderr: {}",
        out.stderr
    );
}

#[test]
fn threading_server_answers_each_client_from_a_new_thread() {
    let out = util::run(THREADING, &[], 10);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    // pynet numbers handler threads from 1 in each process, as Python numbers threads.
    assert_eq!(
        out.stdout,
        "Server loop running on thread: serve_forever\n\
         Client received: Thread-1 (process_request_thread): Hello from client 1\n\
         Client received: Thread-2 (process_request_thread): Hello from client 2\n\
         Client received: Thread-3 (process_request_thread): Hello from client 3\n"
    );
}

/// Python's ThreadingTCPServer: prints the name of the thread that handled a request.
const PY_HANDLER_THREAD_NAME: &str = r#"
import socket, socketserver, threading
class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.sendall(threading.current_thread().name.encode())
with socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler) as server:
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with socket.create_connection(server.server_address, timeout=5) as s:
        print(s.recv(1024).decode())
    server.shutdown()
"#;

#[test]
fn handler_threads_are_named_as_python_names_them() {
    let python = util::python(PY_HANDLER_THREAD_NAME, &[]);
    let (_, python_rest) = number_after(&python, "Thread-");
    let out = util::run(THREADING, &[], 10);
    let first_reply = out.stdout.lines().nth(1).unwrap_or_default();
    let (_, rust_rest) = number_after(first_reply, "Client received: Thread-");
    assert_eq!(
        rust_rest.split(':').next(),
        Some(python_rest),
        "python3: {python}"
    );
}

// ---- the chat server and client ----

/// The course's chat framing in Python, for the peers below.
const PY_FRAMING: &str = r#"
import socket, struct, sys

def send(sock, text):
    data = text.encode()
    sock.sendall(struct.pack("!I", len(data)) + data)

def recvall(sock, length):
    data = b""
    while len(data) < length:
        more = sock.recv(length - len(data))
        if not more:
            raise EOFError("closed after %d of %d bytes" % (len(data), length))
        data += more
    return data

def recv(sock):
    (length,) = struct.unpack("!I", recvall(sock, 4))
    return recvall(sock, length).decode()

def join(port, name):
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    send(sock, "NAME: " + name)
    print(name, "<-", recv(sock), flush=True)
    return sock

def hear(*named):
    for name, sock in named:
        print(name, "<-", recv(sock), flush=True)
"#;

/// Three clients chat; one resets its connection; others send a 4 GiB length, a first
/// message that is not a name, bytes that are not UTF-8. Every step waits for what the
/// others must hear, so the transcript is the same on every run.
const PY_CHAT_PEERS: &str = r#"
port = int(sys.argv[1])
alice = join(port, "alice")
bob = join(port, "bob")
hear(("alice", alice))
carol = join(port, "carol")
hear(("alice", alice), ("bob", bob))
send(alice, "hello")
hear(("bob", bob), ("carol", carol))
# Had alice heard her own "hello", it would come before bob's message.
send(bob, "hi alice")
hear(("alice", alice), ("carol", carol))
carol.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
carol.close()
hear(("alice", alice), ("bob", bob))
dave = join(port, "dave")
hear(("alice", alice), ("bob", bob))
dave.sendall(struct.pack("!I", 0xFFFFFFFF))
hear(("alice", alice), ("bob", bob))
print("dave <-", dave.recv(1024))
eve = socket.create_connection(("127.0.0.1", port), timeout=5)
send(eve, "hello?")
print("eve <-", eve.recv(1024))
frank = join(port, "frank")
hear(("alice", alice), ("bob", bob))
frank.sendall(struct.pack("!I", 2) + b"\xff\xfe")
hear(("alice", alice), ("bob", bob))
send(bob, "still here")
hear(("alice", alice))
"#;

/// What the peers hear.
const CHAT_TRANSCRIPT: &str = "\
alice <- CLIENT: 127.0.0.1
bob <- CLIENT: 127.0.0.1
alice <- (Connected: New client (2) from bob@127.0.0.1)
carol <- CLIENT: 127.0.0.1
alice <- (Connected: New client (3) from carol@127.0.0.1)
bob <- (Connected: New client (3) from carol@127.0.0.1)
bob <- #[alice@127.0.0.1]>>hello
carol <- #[alice@127.0.0.1]>>hello
alice <- #[bob@127.0.0.1]>>hi alice
carol <- #[bob@127.0.0.1]>>hi alice
alice <- (Now hung up: Client from carol@127.0.0.1)
bob <- (Now hung up: Client from carol@127.0.0.1)
dave <- CLIENT: 127.0.0.1
alice <- (Connected: New client (3) from dave@127.0.0.1)
bob <- (Connected: New client (3) from dave@127.0.0.1)
alice <- (Now hung up: Client from dave@127.0.0.1)
bob <- (Now hung up: Client from dave@127.0.0.1)
dave <- b''
eve <- b''
frank <- CLIENT: 127.0.0.1
alice <- (Connected: New client (3) from frank@127.0.0.1)
bob <- (Connected: New client (3) from frank@127.0.0.1)
alice <- (Now hung up: Client from frank@127.0.0.1)
bob <- (Now hung up: Client from frank@127.0.0.1)
alice <- #[bob@127.0.0.1]>>still here
";

/// Starts the Rust chat server on a free port; returns it and the port.
fn start_chat_server() -> (Server, String) {
    let server = Server::start(CHAT_SERVER, &[], "Server listening to port");
    let port = server.seen[0]
        .strip_prefix("Server listening to port: ")
        .and_then(|rest| rest.strip_suffix(" ..."))
        .unwrap_or_else(|| panic!("unexpected first line: {:?}", server.seen))
        .to_string();
    (server, port)
}

#[test]
fn chat_server_relays_to_the_others_and_drops_bad_clients() {
    let (mut server, port) = start_chat_server();
    let peers = format!("{PY_FRAMING}{PY_CHAT_PEERS}");
    let out = util::run_python(&peers, &[&port], 15);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(out.stdout, CHAT_TRANSCRIPT);
    // The server says why it dropped each bad client.
    let reset = server.wait_for("Connection reset by peer", 5);
    assert!(reset.starts_with("Chat server: dropping "), "{reset}");
    let too_long = server.wait_for("message of 4294967295 bytes", 5);
    assert!(
        too_long.ends_with("is longer than the 65536 allowed"),
        "{too_long}"
    );
    let garbage = server.wait_for("expected NAME", 5);
    assert!(
        garbage.ends_with(r#"expected NAME: <name>, got "hello?""#),
        "{garbage}"
    );
    server.wait_for("message is not UTF-8", 5);
}

/// Starts the Rust chat client as `name`, its stdin a pipe the test types into.
fn start_chat_client(port: &str, name: &str) -> (Child, ChildStdin) {
    let mut child = Command::new(CHAT_CLIENT)
        .args(["--name", name, "--port", port])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chat_client");
    let stdin = child.stdin.take().expect("piped stdin");
    (child, stdin)
}

/// bob: joins, prints what he hears; answers alice's first message, then leaves, closing
/// his side first and waiting for the server to close its own.
const PY_BOB: &str = r##"
sock = join(int(sys.argv[1]), "bob")
while True:
    heard = recv(sock)
    print("bob <-", heard, flush=True)
    if heard.startswith("#[alice"):
        send(sock, "hi alice")
        sock.shutdown(socket.SHUT_WR)
        print("bob left" if sock.recv(1024) == b"" else "bob: more data", flush=True)
        break
"##;

#[test]
fn chat_client_types_to_the_server_and_shows_the_others() {
    let (mut server, port) = start_chat_server();
    let bob = format!("{PY_FRAMING}{PY_BOB}");
    let mut bob = Server::start("python3", &["-u", "-c", &bob, &port], "bob <- CLIENT");
    let (alice, mut typing) = start_chat_client(&port, "alice");
    bob.wait_for("(Connected: New client (2) from alice@127.0.0.1)", 5);
    typing.write_all(b"hello from rust\n").expect("type");
    bob.wait_for("bob <- #[alice@127.0.0.1]>>hello from rust", 5);
    bob.wait_for("bob left", 5);
    // The server has relayed bob's answer before it saw him leave; now it stops, and
    // alice, seeing the server gone, shuts down.
    server.wait_for("hung up", 5);
    drop(server);
    let out = util::wait_with_deadline(alice, "chat_client", 10);
    drop(typing);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert!(
        out.stdout.starts_with(&format!(
            "Now connected to chat server@ port {port}\n[alice@127.0.0.1]> "
        )),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("\n#[bob@127.0.0.1]>>hi alice\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.ends_with("\nClient shutting down.\n"),
        "{}",
        out.stdout
    );
}

/// A Python chat server for one client: prints its name, welcomes it with a message from
/// bob, prints the message it sends, and whether it then left.
const PY_CHAT_SERVER: &str = r##"
listener = socket.create_server(("127.0.0.1", 0))
print("Listening on port %d" % listener.getsockname()[1], flush=True)
sock, address = listener.accept()
sock.settimeout(5)
print("server <-", recv(sock), flush=True)
send(sock, "CLIENT: " + address[0])
send(sock, "#[bob@127.0.0.1]>>welcome")
print("server <-", recv(sock), flush=True)
print("client left" if sock.recv(1024) == b"" else "more data", flush=True)
"##;

#[test]
fn chat_client_talks_to_a_python_server_and_leaves_at_the_end_of_stdin() {
    let code = format!("{PY_FRAMING}{PY_CHAT_SERVER}");
    let mut server = Server::start("python3", &["-u", "-c", &code], "Listening on port");
    let port = server.seen[0]
        .trim_start_matches("Listening on port ")
        .to_string();
    let (alice, mut typing) = start_chat_client(&port, "alice");
    assert_eq!(server.wait_for("server <-", 5), "server <- NAME: alice");
    typing.write_all(b"  \nhello python  \n").expect("type");
    assert_eq!(server.wait_for("server <-", 5), "server <- hello python");
    drop(typing); // the end of stdin: alice leaves
    let out = util::wait_with_deadline(alice, "chat_client", 10);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    server.wait_for("client left", 5);
    assert!(
        out.stdout
            .contains("[alice@127.0.0.1]> \n#[bob@127.0.0.1]>>welcome\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.ends_with("\nClient shutting down.\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn chat_client_reports_a_refused_connection() {
    let port = util::free_port().to_string(); // nothing listens there
    let out = util::run(CHAT_CLIENT, &["--name", "alice", "--port", &port], 10);
    assert_eq!(out.code, Some(1));
    assert_eq!(
        out.stdout,
        format!("Failed to connect to chat server @ port {port}: [Errno 111] Connection refused\n")
    );
}

// ---- the epoll web server ----

/// Starts the epoll web server with `args`; returns it and its port.
fn start_web_server(args: &[&str]) -> (Server, String) {
    let server = Server::start(EPOLL_WEB_SERVER, args, "Started Epoll Server");
    let port = server.seen[0]
        .trim_start_matches("Started Epoll Server on port ")
        .to_string();
    (server, port)
}

/// Fifty clients at once, half with http.client and half with urllib; prints how many
/// responses came, how many different ones, and the first.
const PY_FIFTY_CLIENTS: &str = r#"
import http.client, sys, urllib.request
from concurrent.futures import ThreadPoolExecutor
port = int(sys.argv[1])

def fetch(i):
    url = "http://127.0.0.1:%d/%d" % (port, i)
    if i % 2:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.items(), r.read()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/%d" % i)
    r = conn.getresponse()
    answer = r.status, r.getheaders(), r.read()
    conn.close()
    return answer

with ThreadPoolExecutor(50) as pool:
    answers = list(pool.map(fetch, range(50)))
print(len(answers), "responses,", len(set(map(repr, answers))), "different")
print(answers[0])
"#;

#[test]
fn epoll_web_server_answers_fifty_clients_at_once_then_stops() {
    let (server, port) = start_web_server(&["--requests", "50"]);
    let out = util::run_python(PY_FIFTY_CLIENTS, &[&port], 15);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(
        out.stdout,
        "50 responses, 1 different\n\
         (200, [('Content-Type', 'text/plain'), ('Content-Length', '24'), \
         ('Connection', 'close')], b'Hello from Epoll Server!')\n"
    );
    assert_eq!(server.wait(5), Some(0));
}

/// One client sends half a request and waits; others connect and leave without a word, or
/// reset; a fast client must still be answered, then the slow one once it finishes.
const PY_SLOW_CLIENT: &str = r#"
import socket, struct, sys, urllib.request
port = int(sys.argv[1])
slow = socket.create_connection(("127.0.0.1", port), timeout=5)
slow.sendall(b"GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n")
socket.create_connection(("127.0.0.1", port), timeout=5).close()
reset = socket.create_connection(("127.0.0.1", port), timeout=5)
reset.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
reset.close()
with urllib.request.urlopen("http://127.0.0.1:%d/fast" % port, timeout=5) as r:
    print("fast:", r.status, r.read())
slow.sendall(b"\r\n")
answer = b""
while True:
    more = slow.recv(1024)
    if not more:
        break
    answer += more
print("slow:", answer.split(b"\r\n\r\n", 1)[1])
"#;

#[test]
fn epoll_web_server_is_not_held_up_by_a_slow_client() {
    let (mut server, port) = start_web_server(&[]);
    let out = util::run_python(PY_SLOW_CLIENT, &[&port], 15);
    assert_eq!(out.code, Some(0), "stderr: {}", out.stderr);
    assert_eq!(
        out.stdout,
        "fast: 200 b'Hello from Epoll Server!'\nslow: b'Hello from Epoll Server!'\n"
    );
    // The server printed the fast request first: it did not wait for the slow one.
    server.wait_for(RULE, 5);
    assert_eq!(server.wait_for("GET", 5), "GET /fast HTTP/1.1");
    server.wait_for(RULE, 5);
    assert_eq!(server.wait_for("GET", 5), "GET /slow HTTP/1.1");
}

#[test]
fn listings_have_their_anchors() {
    util::assert_anchors(
        "forking_mixin_socket_server",
        &["handler", "client", "serve"],
    );
    util::assert_anchors(
        "threading_mixin_socket_server",
        &["handler", "client", "serve"],
    );
    util::assert_anchors("chat_server", &["select_loop", "relay", "setup"]);
    util::assert_anchors("chat_client", &["join", "select_loop"]);
    util::assert_anchors("epoll_web_server", &["response", "epoll_loop", "states"]);
}

#[test]
fn the_chat_framing_has_its_anchor() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/chat_framing.rs");
    let text = std::fs::read_to_string(path).expect("lessons/src/chat_framing.rs");
    let start = text.find("// ANCHOR: framing\n");
    let end = text.find("// ANCHOR_END: framing\n");
    assert!(
        matches!((start, end), (Some(start), Some(end)) if start < end),
        "chat_framing.rs lacks the anchor pair \"framing\""
    );
}
