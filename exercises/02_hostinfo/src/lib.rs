//! # Exercise `hostinfo`: a machine's name and address
//!
//! Before a program can talk to a machine, it needs the machine's address. Build the two
//! look-ups of the Python Cookbook's first recipes, and the line its remote look-up prints:
//!
//! ```python
//! import socket
//!
//! def local_machine_info():
//!     host_name = socket.gethostname()
//!     return host_name, socket.gethostbyname(host_name)
//!
//! def remote_machine_info(host):
//!     return socket.gethostbyname(host)
//!
//! try:
//!     print(f"IP address of {host}: {remote_machine_info(host)}")
//! except OSError as e:
//!     print(f"{host}: {e}")            # www.python.org: [Errno -2] Name or service not known
//! ```
//!
//! Each look-up is one pynet call; the point is what comes back, and what comes back when a
//! name does not resolve: Python's exception, which pynet returns as an `Err` that prints
//! exactly as Python prints it. Pass errors on (`?`); never unwrap them.
//!
//! Read `book/src/ch02-hosts.md`, fill in the three functions below, then check your work
//! with `cargo course check hostinfo` and try it with `cargo run -p hostinfo -- --host localhost`.

use pynet::socket::{self, Error};

/// This machine's name and its IPv4 address, as the pair `(name, address)`.
///
/// ```python
/// host_name = socket.gethostname()                    # 'vm'
/// ip_address = socket.gethostbyname(host_name)        # '127.0.0.1'
/// ```
/// ```no_run
/// # use hostinfo::local_machine_info;
/// let (host_name, ip_address) = local_machine_info()?;
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// The error of whichever look-up failed, unchanged.
pub fn local_machine_info() -> Result<(String, String), Error> {
    todo!("ask pynet for this machine's name, then for that name's IPv4 address")
}

/// The IPv4 address `host` resolves to, in dotted form: `"localhost"` gives `"127.0.0.1"`,
/// an address gives itself back, `""` gives `"0.0.0.0"`.
///
/// ```python
/// socket.gethostbyname("localhost")   # '127.0.0.1'
/// ```
/// ```no_run
/// # use hostinfo::remote_machine_info;
/// let address = remote_machine_info("localhost")?;
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// Python's error, unchanged: `[Errno -2] Name or service not known` (socket.gaierror) for a
/// name that does not resolve; a TypeError for a name with a NUL character in it.
pub fn remote_machine_info(host: &str) -> Result<String, Error> {
    todo!("resolve host to its IPv4 address")
}

/// The line the Cookbook's remote look-up prints for `host`: `Ok("IP address of HOST:
/// ADDRESS")` when the name resolves, `Err("HOST: ERROR")` when it does not, where `ERROR`
/// is the error as Python prints it (`str(e)`).
///
/// ```python
/// try:
///     line = f"IP address of {host}: {socket.gethostbyname(host)}"
/// except OSError as e:
///     line = f"{host}: {e}"
/// ```
/// ```no_run
/// # use hostinfo::report;
/// assert_eq!(report("localhost"), Ok("IP address of localhost: 127.0.0.1".to_string()));
/// ```
pub fn report(host: &str) -> Result<String, String> {
    todo!("format the answer of remote_machine_info(host), or its error")
}

#[cfg(test)]
mod tests;
