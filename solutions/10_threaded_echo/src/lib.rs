//! # Solution of exercise 10: `threaded_echo`, one thread per connection
//!
//! The exercise's task and its checks are in `exercises/10_threaded_echo`; this is one way to
//! complete it.

use std::thread::{self, JoinHandle};

use pynet::socket::{Address, Error, Socket};

/// How many bytes each `recv` asks for.
const CHUNK: usize = 4096;

/// Echoes one connection until the peer closes its side, then closes it; returns how many
/// bytes were echoed.
///
/// ```python
/// with conn:
///     while data := conn.recv(4096):
///         conn.sendall(data)
///         echoed += len(data)
/// ```
pub fn handle(conn: Socket) -> Result<u64, Error> {
    let mut echoed = 0;
    loop {
        let data = conn.recv(CHUNK)?;
        if data.is_empty() {
            conn.close()?;
            return Ok(echoed);
        }
        conn.sendall(&data)?;
        echoed += data.len() as u64;
    }
}

/// Accepts connections and echoes each on a thread of its own; with `connections`
/// `Some(n)`, stops accepting after `n` and returns once their threads have ended.
///
/// ```python
/// while True:
///     conn, address = server.accept()
///     threading.Thread(target=handle, args=(conn,)).start()
/// ```
pub fn serve(server: &Socket, connections: Option<usize>) -> Result<(), Error> {
    let mut accepted = 0;
    let mut threads = Vec::new();
    while connections != Some(accepted) {
        let (conn, address) = server.accept()?;
        accepted += 1;
        // Keep only the threads still running: serving forever, the list must not grow forever.
        threads.retain(|thread: &JoinHandle<()>| !thread.is_finished());
        threads.push(spawn_handler(conn, address));
    }
    for thread in threads {
        // A thread that panicked has printed its panic; it cost only its own connection.
        let _ = thread.join();
    }
    Ok(())
}

/// Starts the thread that echoes one connection.
fn spawn_handler(conn: Socket, address: Address) -> JoinHandle<()> {
    thread::spawn(move || {
        if let Err(e) = handle(conn) {
            eprintln!("{address}: {e}");
        }
    })
}

#[cfg(test)]
#[path = "../../../exercises/10_threaded_echo/src/tests.rs"]
mod tests;
