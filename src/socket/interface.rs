//! Network interfaces: `if_nameindex`, `if_nametoindex`, `if_indextoname`.
//!
//! An interface index is what an IPv6 link-local address needs as its `scope_id`.

use std::ffi::CString;

use super::error::{Error, Exception, Result};
use super::sys;

/// Every network interface of this machine as `(index, name)`.
///
/// ```python
/// socket.if_nameindex()       # [(1, 'lo'), (2, 'eth0')]
/// ```
/// ```
/// let interfaces = pynet::socket::if_nameindex()?;
/// assert!(interfaces.iter().any(|(_, name)| name == "lo"));
/// # Ok::<(), pynet::socket::Error>(())
/// ```
pub fn if_nameindex() -> Result<Vec<(u32, String)>> {
    Ok(sys::if_nameindex()?)
}

/// The index of the interface called `if_name`.
///
/// ```python
/// socket.if_nametoindex("lo")     # 1
/// ```
/// ```
/// assert!(pynet::socket::if_nametoindex("lo")? > 0);
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `OSError: no interface with this name`.
pub fn if_nametoindex(if_name: &str) -> Result<u32> {
    let name = CString::new(if_name)
        .map_err(|_| Error::new(Exception::ValueError, "embedded null byte"))?;
    match sys::if_nametoindex(&name) {
        0 => Err(Error::new(
            Exception::OSError,
            "no interface with this name",
        )),
        index => Ok(index),
    }
}

/// The name of the interface with index `if_index`.
///
/// ```python
/// socket.if_indextoname(1)    # 'lo'
/// ```
/// ```
/// let lo = pynet::socket::if_nametoindex("lo")?;
/// assert_eq!(pynet::socket::if_indextoname(lo)?, "lo");
/// # Ok::<(), pynet::socket::Error>(())
/// ```
///
/// # Errors
/// `[Errno 6] No such device or address` for an index no interface has.
pub fn if_indextoname(if_index: u32) -> Result<String> {
    Ok(sys::if_indextoname(if_index)?)
}
