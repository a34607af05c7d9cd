//! # Solution of exercise `hostinfo`: a machine's name and address
//!
//! The Python Cookbook's first recipes: this machine's name and address, another host's
//! address, and the line printed for it (or for its error).
//!
//! Run it: `cargo course solution hostinfo -- --host localhost`.

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
    let host_name = socket::gethostname()?;
    let ip_address = socket::gethostbyname(&host_name)?;
    Ok((host_name, ip_address))
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
    socket::gethostbyname(host)
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
    match remote_machine_info(host) {
        Ok(address) => Ok(format!("IP address of {host}: {address}")),
        Err(e) => Err(format!("{host}: {e}")),
    }
}

#[cfg(test)]
#[path = "../../../exercises/02_hostinfo/src/tests.rs"]
mod tests;
