//! The C side: every `unsafe` block of pynet lives in this file.
//!
//! Two kinds of code sit here, each function a thin safe wrapper:
//!
//! * calls the `libc` crate does not bind, declared in the one `extern "C"` block below
//!   (glibc's re-entrant netdb functions, `inet_aton`, `inet_pton`, `inet_ntop`);
//! * calls it does bind but that are unsafe to make (`poll`, `getsockopt`, `strerror_r`, ...),
//!   and the two buffer conversions the receive path needs.
//!
//! Everything above this file is safe Rust.

use std::ffi::{CStr, c_char, c_int, c_void};
use std::io;
use std::mem::MaybeUninit;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};
use std::os::fd::RawFd;
use std::ptr;

unsafe extern "C" {
    // <arpa/inet.h>: glibc has them, the libc crate does not declare them.
    fn inet_aton(cp: *const c_char, inp: *mut libc::in_addr) -> c_int;
    fn inet_pton(af: c_int, src: *const c_char, dst: *mut c_void) -> c_int;
    fn inet_ntop(
        af: c_int,
        src: *const c_void,
        dst: *mut c_char,
        size: libc::socklen_t,
    ) -> *const c_char;

    // <netdb.h>: the re-entrant forms, so that threads never share a static result buffer.
    fn gethostbyname_r(
        name: *const c_char,
        ret: *mut libc::hostent,
        buf: *mut c_char,
        buflen: libc::size_t,
        result: *mut *mut libc::hostent,
        h_errnop: *mut c_int,
    ) -> c_int;
    fn gethostbyaddr_r(
        addr: *const c_void,
        len: libc::socklen_t,
        family: c_int,
        ret: *mut libc::hostent,
        buf: *mut c_char,
        buflen: libc::size_t,
        result: *mut *mut libc::hostent,
        h_errnop: *mut c_int,
    ) -> c_int;
    fn getservbyname_r(
        name: *const c_char,
        proto: *const c_char,
        ret: *mut libc::servent,
        buf: *mut c_char,
        buflen: libc::size_t,
        result: *mut *mut libc::servent,
    ) -> c_int;
    fn getservbyport_r(
        port: c_int,
        proto: *const c_char,
        ret: *mut libc::servent,
        buf: *mut c_char,
        buflen: libc::size_t,
        result: *mut *mut libc::servent,
    ) -> c_int;
    fn getprotobyname_r(
        name: *const c_char,
        ret: *mut libc::protoent,
        buf: *mut c_char,
        buflen: libc::size_t,
        result: *mut *mut libc::protoent,
    ) -> c_int;
}

/// The first size tried for the `_r` functions' scratch buffer (CPython uses the same).
const NETDB_BUFFER: usize = 16 * 1024;
/// The size at which a look-up stops growing its buffer and gives up with ERANGE.
const NETDB_BUFFER_MAX: usize = 1024 * 1024;

/// Turns a C string owned by libc into a Rust `String`, replacing invalid UTF-8.
///
/// # Safety
/// `p` must be null or point to a NUL-terminated string that outlives this call.
unsafe fn string_at(p: *const c_char) -> String {
    if p.is_null() {
        return String::new();
    }
    // SAFETY: the caller promises a live NUL-terminated string.
    unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
}

/// Collects a NULL-terminated array of C strings (a hostent's aliases, say).
///
/// # Safety
/// `list` must be null or a NULL-terminated array of live C strings.
unsafe fn strings_at(list: *const *mut c_char) -> Vec<String> {
    let mut out = Vec::new();
    if list.is_null() {
        return out;
    }
    let mut i = 0;
    loop {
        // SAFETY: the array is NULL-terminated, and we stop at that NULL.
        let p = unsafe { *list.add(i) };
        if p.is_null() {
            return out;
        }
        // SAFETY: every non-null entry is a live C string.
        out.push(unsafe { string_at(p) });
        i += 1;
    }
}

/// `strerror_r(3)`: the text glibc gives an errno, as Python shows it in `[Errno N] text`.
pub fn strerror(errno: i32) -> String {
    let mut buf = [0 as c_char; 256];
    // SAFETY: the buffer is writable for its whole length, which we pass; libc's binding is the
    // XSI version, which always NUL-terminates what it writes.
    let rc = unsafe { libc::strerror_r(errno, buf.as_mut_ptr(), buf.len()) };
    if rc != 0 {
        return format!("Unknown error {errno}");
    }
    // SAFETY: strerror_r succeeded, so `buf` holds a NUL-terminated string.
    unsafe { string_at(buf.as_ptr()) }
}

/// `gai_strerror(3)`: the text of a getaddrinfo error code (`EAI_NONAME`, ...).
pub fn gai_strerror(code: i32) -> String {
    // SAFETY: gai_strerror returns a pointer to a static string for any code.
    unsafe { string_at(libc::gai_strerror(code)) }
}

/// `hstrerror(3)`: the text of an `h_errno` value (`HOST_NOT_FOUND`, ...).
pub fn hstrerror(code: i32) -> String {
    // SAFETY: hstrerror returns a pointer to a static string for any code.
    unsafe { string_at(libc::hstrerror(code)) }
}

/// `inet_aton(3)`: `None` when glibc rejects the string.
pub fn inet_aton_c(text: &CStr) -> Option<[u8; 4]> {
    let mut addr = libc::in_addr { s_addr: 0 };
    // SAFETY: `text` is NUL-terminated and `addr` is a valid in_addr to write to.
    let ok = unsafe { inet_aton(text.as_ptr(), &mut addr) };
    (ok != 0).then(|| addr.s_addr.to_ne_bytes())
}

/// `inet_pton(3)`: `Ok(None)` for a string that is not an address of `family`; an error
/// (EAFNOSUPPORT) for a family glibc does not know.
pub fn inet_pton_c(family: i32, text: &CStr) -> io::Result<Option<Vec<u8>>> {
    let mut buf = [0u8; 16];
    // SAFETY: `text` is NUL-terminated; `buf` has room for the largest address (in6_addr).
    let rc = unsafe { inet_pton(family, text.as_ptr(), buf.as_mut_ptr().cast()) };
    match rc {
        1 => {
            let len = if family == libc::AF_INET { 4 } else { 16 };
            Ok(Some(buf[..len].to_vec()))
        }
        0 => Ok(None),
        _ => Err(io::Error::last_os_error()),
    }
}

/// `inet_ntop(3)`. The caller has checked that `packed` has the family's length.
pub fn inet_ntop_c(family: i32, packed: &[u8]) -> io::Result<String> {
    let mut src = [0u8; 16];
    let len = packed.len().min(src.len());
    src[..len].copy_from_slice(&packed[..len]);
    let mut dst = [0 as c_char; 64];
    // SAFETY: `src` holds 16 readable bytes (enough for either family); `dst` is writable for
    // the length we pass.
    let p = unsafe {
        inet_ntop(
            family,
            src.as_ptr().cast(),
            dst.as_mut_ptr(),
            dst.len() as libc::socklen_t,
        )
    };
    if p.is_null() {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: on success inet_ntop wrote a NUL-terminated string into `dst`.
    Ok(unsafe { string_at(dst.as_ptr()) })
}

/// A `struct hostent`, copied out of libc's buffer.
pub struct HostEnt {
    pub name: String,
    pub aliases: Vec<String>,
    pub family: i32,
    pub addresses: Vec<Vec<u8>>,
}

/// Runs a re-entrant netdb call (`gethostbyname_r`, ...) with a scratch buffer for its
/// strings, growing the buffer while the call answers ERANGE. `call` gets the buffer and must
/// copy out what it needs before returning, while the buffer is alive.
fn with_scratch_buffer<T>(mut call: impl FnMut(&mut [c_char]) -> (c_int, T)) -> T {
    let mut size = NETDB_BUFFER;
    loop {
        let mut buf = vec![0 as c_char; size];
        let (rc, answer) = call(&mut buf);
        if rc != libc::ERANGE || size >= NETDB_BUFFER_MAX {
            return answer;
        }
        size *= 4;
    }
}

/// Runs one of the `_r` host look-ups and copies the result out. A failure is the `h_errno`
/// value, as CPython reports it (`HOST_NOT_FOUND`, ...).
fn host_lookup(
    call: impl Fn(*mut libc::hostent, *mut c_char, usize, *mut *mut libc::hostent, *mut c_int) -> c_int,
) -> Result<HostEnt, i32> {
    with_scratch_buffer(|buf| {
        let mut ent = libc::hostent {
            h_name: ptr::null_mut(),
            h_aliases: ptr::null_mut(),
            h_addrtype: 0,
            h_length: 0,
            h_addr_list: ptr::null_mut(),
        };
        let mut result: *mut libc::hostent = ptr::null_mut();
        let mut h_errno: c_int = 0;
        let rc = call(
            &mut ent,
            buf.as_mut_ptr(),
            buf.len(),
            &mut result,
            &mut h_errno,
        );
        if result.is_null() {
            return (rc, Err(h_errno));
        }
        // SAFETY: on success `ent` points into `buf`, which is still alive; its lists are
        // NULL-terminated and each address is `h_length` bytes long.
        let host = unsafe {
            let length = usize::try_from(ent.h_length).unwrap_or(0);
            let mut addresses = Vec::new();
            let mut i = 0;
            while !ent.h_addr_list.is_null() && !(*ent.h_addr_list.add(i)).is_null() {
                let p = (*ent.h_addr_list.add(i)).cast::<u8>();
                addresses.push(std::slice::from_raw_parts(p, length).to_vec());
                i += 1;
            }
            HostEnt {
                name: string_at(ent.h_name),
                aliases: strings_at(ent.h_aliases),
                family: ent.h_addrtype,
                addresses,
            }
        };
        (rc, Ok(host))
    })
}

/// `gethostbyname_r(3)`.
pub fn gethostbyname(name: &CStr) -> Result<HostEnt, i32> {
    host_lookup(|ent, buf, len, result, h_errno| {
        // SAFETY: every pointer comes from `host_lookup`, valid for the lengths given.
        unsafe { gethostbyname_r(name.as_ptr(), ent, buf, len, result, h_errno) }
    })
}

/// `gethostbyaddr_r(3)` for a packed address of `family`.
pub fn gethostbyaddr(packed: &[u8], family: i32) -> Result<HostEnt, i32> {
    host_lookup(|ent, buf, len, result, h_errno| {
        // SAFETY: `packed` is readable for its length; the rest comes from `host_lookup`.
        unsafe {
            gethostbyaddr_r(
                packed.as_ptr().cast(),
                packed.len() as libc::socklen_t,
                family,
                ent,
                buf,
                len,
                result,
                h_errno,
            )
        }
    })
}

/// Runs a `getserv*_r` look-up; `Some((name, port))` when found.
fn service_lookup(
    call: impl Fn(*mut libc::servent, *mut c_char, usize, *mut *mut libc::servent) -> c_int,
) -> Option<(String, u16)> {
    with_scratch_buffer(|buf| {
        let mut ent = libc::servent {
            s_name: ptr::null_mut(),
            s_aliases: ptr::null_mut(),
            s_port: 0,
            s_proto: ptr::null_mut(),
        };
        let mut result: *mut libc::servent = ptr::null_mut();
        let rc = call(&mut ent, buf.as_mut_ptr(), buf.len(), &mut result);
        if result.is_null() {
            return (rc, None);
        }
        // SAFETY: on success `ent.s_name` points into `buf`, which is alive.
        let name = unsafe { string_at(ent.s_name) };
        // s_port holds the port in network byte order in the low 16 bits of an int.
        (rc, Some((name, u16::from_be(ent.s_port as u16))))
    })
}

fn proto_ptr(proto: Option<&CStr>) -> *const c_char {
    proto.map_or(ptr::null(), CStr::as_ptr)
}

/// `getservbyname_r(3)`: the port of a service name, or `None`.
pub fn getservbyname(name: &CStr, proto: Option<&CStr>) -> Option<u16> {
    service_lookup(|ent, buf, len, result| {
        // SAFETY: the strings are NUL-terminated (or null for proto); the rest comes from
        // `service_lookup`.
        unsafe { getservbyname_r(name.as_ptr(), proto_ptr(proto), ent, buf, len, result) }
    })
    .map(|(_, port)| port)
}

/// `getservbyport_r(3)`: the name of the service on a port, or `None`.
pub fn getservbyport(port: u16, proto: Option<&CStr>) -> Option<String> {
    let port_be = c_int::from(port.to_be());
    service_lookup(|ent, buf, len, result| {
        // SAFETY: as in `getservbyname`.
        unsafe { getservbyport_r(port_be, proto_ptr(proto), ent, buf, len, result) }
    })
    .map(|(name, _)| name)
}

/// `getprotobyname_r(3)`: a protocol's number, or `None`.
pub fn getprotobyname(name: &CStr) -> Option<i32> {
    with_scratch_buffer(|buf| {
        let mut ent = libc::protoent {
            p_name: ptr::null_mut(),
            p_aliases: ptr::null_mut(),
            p_proto: 0,
        };
        let mut result: *mut libc::protoent = ptr::null_mut();
        // SAFETY: `name` is NUL-terminated, `buf` is writable for its length, `ent` and
        // `result` are valid places to write.
        let rc = unsafe {
            getprotobyname_r(
                name.as_ptr(),
                &mut ent,
                buf.as_mut_ptr(),
                buf.len(),
                &mut result,
            )
        };
        (rc, (!result.is_null()).then_some(ent.p_proto))
    })
}

/// Why `getaddrinfo` or `getnameinfo` failed.
pub enum GaiFailure {
    /// An `EAI_*` code other than `EAI_SYSTEM`.
    Code(i32),
    /// `EAI_SYSTEM`: the errno, read at once, before anything else can change it.
    Os(io::Error),
}

fn gai_failure(code: c_int) -> GaiFailure {
    if code == libc::EAI_SYSTEM {
        GaiFailure::Os(io::Error::last_os_error())
    } else {
        GaiFailure::Code(code)
    }
}

/// One entry of getaddrinfo's list.
pub struct AddrInfoEntry {
    pub family: i32,
    pub socktype: i32,
    pub protocol: i32,
    pub canonname: String,
    pub addr: SocketAddr,
}

/// Reads an IPv4 or IPv6 `sockaddr` that libc handed us; `None` for other families.
///
/// # Safety
/// `sa` must point to a live sockaddr of at least `len` bytes.
unsafe fn socket_addr_at(sa: *const libc::sockaddr, len: libc::socklen_t) -> Option<SocketAddr> {
    let len = len as usize;
    // SAFETY: the caller promises `len` readable bytes at `sa`; we read a sockaddr_in or
    // sockaddr_in6 only when the family says it is one and `len` is large enough.
    unsafe {
        match c_int::from((*sa).sa_family) {
            libc::AF_INET if len >= std::mem::size_of::<libc::sockaddr_in>() => {
                let sin = &*sa.cast::<libc::sockaddr_in>();
                let ip = Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr));
                Some(SocketAddrV4::new(ip, u16::from_be(sin.sin_port)).into())
            }
            libc::AF_INET6 if len >= std::mem::size_of::<libc::sockaddr_in6>() => {
                let sin6 = &*sa.cast::<libc::sockaddr_in6>();
                let ip = Ipv6Addr::from(sin6.sin6_addr.s6_addr);
                let port = u16::from_be(sin6.sin6_port);
                Some(SocketAddrV6::new(ip, port, sin6.sin6_flowinfo, sin6.sin6_scope_id).into())
            }
            _ => None,
        }
    }
}

/// `getaddrinfo(3)`, its list copied out and freed. Entries of families other than IPv4 and
/// IPv6 (glibc returns none) are left out.
pub fn getaddrinfo(
    host: Option<&CStr>,
    service: Option<&CStr>,
    family: i32,
    socktype: i32,
    protocol: i32,
    flags: i32,
) -> Result<Vec<AddrInfoEntry>, GaiFailure> {
    // SAFETY: an all-zero addrinfo is a valid "no hints" value; we then set four ints.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = family;
    hints.ai_socktype = socktype;
    hints.ai_protocol = protocol;
    hints.ai_flags = flags;
    let mut list: *mut libc::addrinfo = ptr::null_mut();
    let c_ptr = |s: Option<&CStr>| s.map_or(ptr::null(), CStr::as_ptr);
    // SAFETY: the strings are NUL-terminated or null, `hints` is initialised, and `list` is a
    // valid place for the result.
    let rc = unsafe { libc::getaddrinfo(c_ptr(host), c_ptr(service), &hints, &mut list) };
    if rc != 0 {
        return Err(gai_failure(rc));
    }
    let mut entries = Vec::new();
    let mut node = list;
    // SAFETY: `list` is the linked list getaddrinfo built; we walk it to its null end, copy
    // each entry out, and free it exactly once.
    unsafe {
        while !node.is_null() {
            let ai = &*node;
            if let Some(addr) = socket_addr_at(ai.ai_addr, ai.ai_addrlen) {
                entries.push(AddrInfoEntry {
                    family: ai.ai_family,
                    socktype: ai.ai_socktype,
                    protocol: ai.ai_protocol,
                    canonname: string_at(ai.ai_canonname),
                    addr,
                });
            }
            node = ai.ai_next;
        }
        libc::freeaddrinfo(list);
    }
    Ok(entries)
}

/// `getnameinfo(3)`: (host, service) for an IPv4 or IPv6 socket address.
pub fn getnameinfo(addr: &SocketAddr, flags: i32) -> Result<(String, String), GaiFailure> {
    let sockaddr = socket2::SockAddr::from(*addr);
    let mut host = [0 as c_char; 1025]; // NI_MAXHOST
    let mut service = [0 as c_char; 32]; // NI_MAXSERV
    // SAFETY: `sockaddr` is a valid address of the length we pass; both buffers are writable
    // for the lengths we pass.
    let rc = unsafe {
        libc::getnameinfo(
            sockaddr.as_ptr().cast(),
            sockaddr.len(),
            host.as_mut_ptr(),
            host.len() as libc::socklen_t,
            service.as_mut_ptr(),
            service.len() as libc::socklen_t,
            flags,
        )
    };
    if rc != 0 {
        return Err(gai_failure(rc));
    }
    // SAFETY: on success both buffers hold NUL-terminated strings.
    Ok(unsafe { (string_at(host.as_ptr()), string_at(service.as_ptr())) })
}

/// `gethostname(2)`.
pub fn gethostname() -> io::Result<String> {
    let mut buf = [0 as c_char; 256];
    // SAFETY: `buf` is writable for the length we pass, one byte kept back so that the name is
    // always NUL-terminated.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr(), buf.len() - 1) };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: the last byte was never written, so the buffer is NUL-terminated.
    Ok(unsafe { string_at(buf.as_ptr()) })
}

/// `if_nameindex(3)`: every network interface as (index, name).
pub fn if_nameindex() -> io::Result<Vec<(u32, String)>> {
    // SAFETY: if_nameindex takes no arguments and returns an owned array or null.
    let list = unsafe { libc::if_nameindex() };
    if list.is_null() {
        return Err(io::Error::last_os_error());
    }
    let mut out = Vec::new();
    let mut i = 0;
    // SAFETY: the array ends with an entry whose index is 0 and name null; we stop there and
    // free the array once, after copying what we need.
    unsafe {
        loop {
            let entry = &*list.add(i);
            if entry.if_index == 0 && entry.if_name.is_null() {
                break;
            }
            out.push((entry.if_index, string_at(entry.if_name)));
            i += 1;
        }
        libc::if_freenameindex(list);
    }
    Ok(out)
}

/// `if_nametoindex(3)`: 0 when there is no such interface.
pub fn if_nametoindex(name: &CStr) -> u32 {
    // SAFETY: `name` is NUL-terminated.
    unsafe { libc::if_nametoindex(name.as_ptr()) }
}

/// `if_indextoname(3)`.
pub fn if_indextoname(index: u32) -> io::Result<String> {
    let mut buf = [0 as c_char; libc::IF_NAMESIZE];
    // SAFETY: `buf` has the IF_NAMESIZE bytes if_indextoname may write.
    let p = unsafe { libc::if_indextoname(index, buf.as_mut_ptr()) };
    if p.is_null() {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: on success `buf` holds a NUL-terminated name.
    Ok(unsafe { string_at(buf.as_ptr()) })
}

/// `poll(2)` on one descriptor: `Ok(true)` when it is ready (or has an error or hang-up to
/// report), `Ok(false)` when `timeout_ms` passed first. A negative timeout waits for ever.
pub fn poll(fd: RawFd, events: i16, timeout_ms: i32) -> io::Result<bool> {
    let mut pfd = libc::pollfd {
        fd,
        events,
        revents: 0,
    };
    // SAFETY: `pfd` is one valid pollfd and we pass a count of 1.
    let rc = unsafe { libc::poll(&mut pfd, 1, timeout_ms) };
    match rc {
        -1 => Err(io::Error::last_os_error()),
        0 => Ok(false),
        _ => Ok(true),
    }
}

/// `setsockopt(2)` with the option value as raw bytes (an int is its 4 native-order bytes).
pub fn setsockopt(fd: RawFd, level: i32, name: i32, value: &[u8]) -> io::Result<()> {
    // SAFETY: `value` is readable for the length we pass.
    let rc = unsafe {
        libc::setsockopt(
            fd,
            level,
            name,
            value.as_ptr().cast(),
            value.len() as libc::socklen_t,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// `getsockopt(2)` into a buffer of `buflen` bytes; returns the bytes the kernel filled in.
pub fn getsockopt(fd: RawFd, level: i32, name: i32, buflen: usize) -> io::Result<Vec<u8>> {
    let mut buf = vec![0u8; buflen];
    let mut len = buflen as libc::socklen_t;
    // SAFETY: `buf` is writable for `len` bytes, and the kernel updates `len` to what it wrote.
    let rc = unsafe { libc::getsockopt(fd, level, name, buf.as_mut_ptr().cast(), &mut len) };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    buf.truncate(len as usize);
    Ok(buf)
}

/// `shutdown(2)` with Python's integer `how`, passed through unchanged.
pub fn shutdown(fd: RawFd, how: i32) -> io::Result<()> {
    // SAFETY: shutdown takes plain integers; a bad descriptor or `how` is an error, not UB.
    let rc = unsafe { libc::shutdown(fd, how) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// `close(2)` of a descriptor the caller owns and gives up.
pub fn close(fd: RawFd) -> io::Result<()> {
    // SAFETY: the caller hands us sole ownership of `fd` and never uses it again.
    let rc = unsafe { libc::close(fd) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Views an initialised byte buffer as the `MaybeUninit` buffer socket2's receive calls take.
pub fn as_uninit(buf: &mut [u8]) -> &mut [MaybeUninit<u8>] {
    // SAFETY: `u8` and `MaybeUninit<u8>` have the same layout, and socket2's receive calls only
    // ever write initialised bytes into the buffer, so it stays initialised.
    unsafe { &mut *(buf as *mut [u8] as *mut [MaybeUninit<u8>]) }
}

/// Receives into a fresh `Vec` of capacity `bufsize` without zero-filling it first.
///
/// `receive` gets the uninitialised capacity and returns how many bytes it wrote (and anything
/// else it found, such as the sender's address). This is how Python's `recv(n)` behaves: it
/// allocates `n` bytes and lets the kernel fill what it has, so `recv(1 << 34)` costs only the
/// few pages actually written. Zero-filling instead would touch all `n` bytes.
///
/// `receive` must be a plain receive: without `MSG_TRUNC`, the count the kernel returns is the
/// count it wrote.
pub fn receive_into_vec<T, E>(
    bufsize: usize,
    receive: impl FnOnce(&mut [MaybeUninit<u8>]) -> Result<(usize, T), E>,
) -> Result<(Vec<u8>, T), E>
where
    E: From<std::collections::TryReserveError>,
{
    let mut buf = Vec::new();
    buf.try_reserve_exact(bufsize)?;
    let (n, extra) = receive(&mut buf.spare_capacity_mut()[..bufsize])?;
    // SAFETY: without MSG_TRUNC, recv(2) returns the number of bytes it wrote into the buffer
    // it was given, which is at most `bufsize`; `min` keeps that true whatever it returns.
    unsafe { buf.set_len(n.min(bufsize)) };
    buf.shrink_to_fit();
    Ok((buf, extra))
}
