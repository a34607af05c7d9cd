//! The module's constants, with the values Python's `socket` module has on Linux.
//!
//! ```python
//! s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
//! s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
//! ```
//! ```
//! use pynet::socket::{AF_INET, SO_REUSEADDR, SOCK_STREAM, SOL_SOCKET, Socket};
//! let s = Socket::new(AF_INET, SOCK_STREAM, 0)?;
//! s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)?;
//! # Ok::<(), pynet::socket::Error>(())
//! ```
//!
//! Every constant is `i32`, like the C `int` Python exposes, except `INADDR_*`, which C
//! declares as a 32-bit unsigned `in_addr_t` (`INADDR_BROADCAST` is 4294967295 in Python).
//! Values come from the `libc` crate; the few it lacks are written out with the header that
//! defines them. A test compares every value with Python's.

/// Declares each constant once and builds the (name, value) table from the same list.
macro_rules! constants {
    ($( $group:literal : $ty:ty {
        $( $(#[$note:meta])* $name:ident = $value:expr $(=> $doc:literal)? ),* $(,)?
    } )*) => {
        $($(
            #[doc = concat!($group, ": `socket.", stringify!($name), "` in Python.")]
            $( #[doc = ""] #[doc = $doc] )?
            $(#[$note])*
            #[allow(non_upper_case_globals)] // AF_DECnet is spelled so in Python and in C.
            #[allow(clippy::unnecessary_cast)] // libc's types vary; every value is cast alike.
            pub const $name: $ty = $value as $ty;
        )*)*

        /// Every constant with its name, in the order of this file.
        const TABLE: &[(&str, i64)] = &[ $($( (stringify!($name), $name as i64), )*)* ];
    };
}

constants! {
    "Address family (`family` of `Socket::new`, `getaddrinfo`, ...)": i32 {
        AF_ALG = libc::AF_ALG,
        AF_APPLETALK = libc::AF_APPLETALK,
        AF_ASH = libc::AF_ASH,
        AF_ATMPVC = libc::AF_ATMPVC,
        AF_ATMSVC = libc::AF_ATMSVC,
        AF_AX25 = libc::AF_AX25,
        AF_BRIDGE = libc::AF_BRIDGE,
        AF_CAN = libc::AF_CAN,
        AF_DECnet = libc::AF_DECnet,
        AF_ECONET = libc::AF_ECONET,
        AF_INET = libc::AF_INET => "IPv4: addresses are `(host, port)`.",
        AF_INET6 = libc::AF_INET6 => "IPv6: addresses are `(host, port, flowinfo, scope_id)` or `(host, port)`.",
        AF_IPX = libc::AF_IPX,
        AF_IRDA = libc::AF_IRDA,
        AF_KEY = libc::AF_KEY,
        AF_LLC = libc::AF_LLC,
        AF_NETBEUI = libc::AF_NETBEUI,
        AF_NETLINK = libc::AF_NETLINK => "Kernel ⇄ user-space messages (Linux).",
        AF_NETROM = libc::AF_NETROM,
        AF_PACKET = libc::AF_PACKET => "Raw link-layer packets (Linux).",
        AF_PPPOX = libc::AF_PPPOX,
        /// Not in the libc crate: from `<linux/socket.h>`.
        AF_QIPCRTR = 42,
        AF_RDS = libc::AF_RDS,
        AF_ROSE = libc::AF_ROSE,
        AF_ROUTE = libc::AF_ROUTE => "Another name for `AF_NETLINK` on Linux.",
        AF_SECURITY = libc::AF_SECURITY,
        AF_SNA = libc::AF_SNA,
        AF_TIPC = libc::AF_TIPC,
        AF_UNIX = libc::AF_UNIX => "Unix domain sockets: addresses are filesystem paths (or Linux abstract names).",
        AF_UNSPEC = libc::AF_UNSPEC => "Any family: what `getaddrinfo` takes to mean IPv4 or IPv6.",
        AF_VSOCK = libc::AF_VSOCK,
        AF_WANPIPE = libc::AF_WANPIPE,
        AF_X25 = libc::AF_X25,
    }
    "Socket type (`type` of `Socket::new`)": i32 {
        SOCK_CLOEXEC = libc::SOCK_CLOEXEC => "Or-ed into a type: close on exec (pynet sets it always, as Python does).",
        SOCK_DGRAM = libc::SOCK_DGRAM => "Separate datagrams, each whole or not at all: UDP for the IP families.",
        SOCK_NONBLOCK = libc::SOCK_NONBLOCK => "Or-ed into a type: the new socket starts non-blocking (timeout 0.0).",
        SOCK_RAW = libc::SOCK_RAW => "Raw packets of a protocol, headers and all (needs privilege).",
        SOCK_RDM = libc::SOCK_RDM => "Reliable datagrams without ordering (rarely implemented).",
        SOCK_SEQPACKET = libc::SOCK_SEQPACKET => "Reliable, ordered datagrams (unix sockets, SCTP).",
        SOCK_STREAM = libc::SOCK_STREAM => "A reliable, ordered byte stream: TCP for the IP families.",
    }
    "IP protocol number (`proto` of `Socket::new`, and an option level)": i32 {
        IPPROTO_AH = libc::IPPROTO_AH,
        IPPROTO_DSTOPTS = libc::IPPROTO_DSTOPTS,
        IPPROTO_EGP = libc::IPPROTO_EGP,
        IPPROTO_ESP = libc::IPPROTO_ESP,
        IPPROTO_FRAGMENT = libc::IPPROTO_FRAGMENT,
        IPPROTO_GRE = libc::IPPROTO_GRE,
        IPPROTO_HOPOPTS = libc::IPPROTO_HOPOPTS,
        IPPROTO_ICMP = libc::IPPROTO_ICMP => "ICMP, the protocol of ping.",
        IPPROTO_ICMPV6 = libc::IPPROTO_ICMPV6 => "ICMP for IPv6.",
        IPPROTO_IDP = libc::IPPROTO_IDP,
        IPPROTO_IGMP = libc::IPPROTO_IGMP,
        IPPROTO_IP = libc::IPPROTO_IP => "The IP level: option level for `IP_*` options; protocol 0 picks the default.",
        IPPROTO_IPIP = libc::IPPROTO_IPIP,
        IPPROTO_IPV6 = libc::IPPROTO_IPV6 => "IPv6: option level for `IPV6_*` options.",
        IPPROTO_MPTCP = libc::IPPROTO_MPTCP,
        IPPROTO_NONE = libc::IPPROTO_NONE,
        IPPROTO_PIM = libc::IPPROTO_PIM,
        IPPROTO_PUP = libc::IPPROTO_PUP,
        IPPROTO_RAW = libc::IPPROTO_RAW => "Raw IP packets the sender builds itself.",
        IPPROTO_ROUTING = libc::IPPROTO_ROUTING,
        IPPROTO_RSVP = libc::IPPROTO_RSVP,
        IPPROTO_SCTP = libc::IPPROTO_SCTP,
        IPPROTO_TCP = libc::IPPROTO_TCP => "TCP: protocol number, and option level for `TCP_*` options.",
        IPPROTO_TP = libc::IPPROTO_TP,
        IPPROTO_UDP = libc::IPPROTO_UDP => "UDP: protocol number, and option level for UDP options.",
        IPPROTO_UDPLITE = libc::IPPROTO_UDPLITE,
    }
    "Option level for `setsockopt`/`getsockopt`": i32 {
        SOL_ALG = libc::SOL_ALG,
        SOL_CAN_BASE = libc::SOL_CAN_BASE,
        SOL_CAN_RAW = libc::SOL_CAN_RAW,
        SOL_IP = libc::SOL_IP => "Another name for `IPPROTO_IP` as an option level.",
        SOL_RDS = libc::SOL_RDS,
        SOL_SOCKET = libc::SOL_SOCKET => "The socket level: option level for every `SO_*` option.",
        SOL_TCP = libc::SOL_TCP => "Another name for `IPPROTO_TCP` as an option level.",
        SOL_TIPC = libc::SOL_TIPC,
        SOL_UDP = libc::SOL_UDP => "Another name for `IPPROTO_UDP` as an option level.",
    }
    "Socket option, level `SOL_SOCKET`": i32 {
        SO_ACCEPTCONN = libc::SO_ACCEPTCONN,
        SO_BINDTODEVICE = libc::SO_BINDTODEVICE,
        SO_BROADCAST = libc::SO_BROADCAST => "Allow sending UDP datagrams to a broadcast address.",
        SO_DEBUG = libc::SO_DEBUG,
        SO_DOMAIN = libc::SO_DOMAIN,
        SO_DONTROUTE = libc::SO_DONTROUTE,
        SO_ERROR = libc::SO_ERROR => "Read and clear the socket's pending error (how a non-blocking connect reports).",
        SO_INCOMING_CPU = libc::SO_INCOMING_CPU,
        SO_J1939_ERRQUEUE = libc::SO_J1939_ERRQUEUE,
        SO_J1939_FILTER = libc::SO_J1939_FILTER,
        SO_J1939_PROMISC = libc::SO_J1939_PROMISC,
        SO_J1939_SEND_PRIO = libc::SO_J1939_SEND_PRIO,
        SO_KEEPALIVE = libc::SO_KEEPALIVE => "Send keep-alive probes on an idle TCP connection.",
        SO_LINGER = libc::SO_LINGER => "What `close` does with unsent data (a `struct linger`, so use the bytes form).",
        SO_MARK = libc::SO_MARK,
        SO_OOBINLINE = libc::SO_OOBINLINE,
        SO_PASSCRED = libc::SO_PASSCRED,
        SO_PASSSEC = libc::SO_PASSSEC,
        SO_PEERCRED = libc::SO_PEERCRED,
        SO_PEERSEC = libc::SO_PEERSEC,
        SO_PRIORITY = libc::SO_PRIORITY,
        SO_PROTOCOL = libc::SO_PROTOCOL,
        SO_RCVBUF = libc::SO_RCVBUF => "Receive buffer size in bytes (doubled by Linux, like `SO_SNDBUF`).",
        SO_RCVLOWAT = libc::SO_RCVLOWAT,
        SO_RCVTIMEO = libc::SO_RCVTIMEO => "Kernel receive timeout (a `struct timeval`); pynet's `settimeout` does not use it.",
        SO_REUSEADDR = libc::SO_REUSEADDR => "Allow `bind` to a port whose old connections linger in TIME_WAIT.",
        SO_REUSEPORT = libc::SO_REUSEPORT => "Let several sockets bind the same address and port and share its load.",
        SO_SNDBUF = libc::SO_SNDBUF => "Send buffer size in bytes (Linux doubles what you set, and reports the doubled value).",
        SO_SNDLOWAT = libc::SO_SNDLOWAT,
        SO_SNDTIMEO = libc::SO_SNDTIMEO => "Kernel send timeout (a `struct timeval`); pynet's `settimeout` does not use it.",
        SO_TYPE = libc::SO_TYPE => "The socket's type (`SOCK_STREAM`, ...), read-only.",
        /// Not in the libc crate: from `<linux/vm_sockets.h>`.
        SO_VM_SOCKETS_BUFFER_MAX_SIZE = 2,
        /// Not in the libc crate: from `<linux/vm_sockets.h>`.
        SO_VM_SOCKETS_BUFFER_MIN_SIZE = 1,
        /// Not in the libc crate: from `<linux/vm_sockets.h>`.
        SO_VM_SOCKETS_BUFFER_SIZE = 0,
    }
    "TCP option, level `IPPROTO_TCP`": i32 {
        TCP_CONGESTION = libc::TCP_CONGESTION,
        TCP_CORK = libc::TCP_CORK,
        TCP_DEFER_ACCEPT = libc::TCP_DEFER_ACCEPT,
        TCP_FASTOPEN = libc::TCP_FASTOPEN,
        TCP_INFO = libc::TCP_INFO,
        TCP_KEEPCNT = libc::TCP_KEEPCNT => "Unanswered keep-alive probes before the connection is dropped.",
        TCP_KEEPIDLE = libc::TCP_KEEPIDLE => "Seconds of idleness before the first keep-alive probe.",
        TCP_KEEPINTVL = libc::TCP_KEEPINTVL => "Seconds between keep-alive probes.",
        TCP_LINGER2 = libc::TCP_LINGER2,
        TCP_MAXSEG = libc::TCP_MAXSEG => "The maximum segment size.",
        TCP_NODELAY = libc::TCP_NODELAY => "Send small segments at once instead of batching them (turns Nagle's algorithm off).",
        TCP_NOTSENT_LOWAT = libc::TCP_NOTSENT_LOWAT,
        TCP_QUICKACK = libc::TCP_QUICKACK,
        TCP_SYNCNT = libc::TCP_SYNCNT,
        TCP_USER_TIMEOUT = libc::TCP_USER_TIMEOUT,
        TCP_WINDOW_CLAMP = libc::TCP_WINDOW_CLAMP,
    }
    "IPv4 option, level `IPPROTO_IP`": i32 {
        IP_ADD_MEMBERSHIP = libc::IP_ADD_MEMBERSHIP => "Join a multicast group (a packed `struct ip_mreq`).",
        IP_BIND_ADDRESS_NO_PORT = libc::IP_BIND_ADDRESS_NO_PORT,
        IP_DEFAULT_MULTICAST_LOOP = libc::IP_DEFAULT_MULTICAST_LOOP,
        IP_DEFAULT_MULTICAST_TTL = libc::IP_DEFAULT_MULTICAST_TTL,
        IP_DROP_MEMBERSHIP = libc::IP_DROP_MEMBERSHIP,
        IP_HDRINCL = libc::IP_HDRINCL,
        /// Not in the libc crate: from `<netinet/in.h>`.
        IP_MAX_MEMBERSHIPS = 20,
        IP_MULTICAST_IF = libc::IP_MULTICAST_IF,
        IP_MULTICAST_LOOP = libc::IP_MULTICAST_LOOP,
        IP_MULTICAST_TTL = libc::IP_MULTICAST_TTL => "Time to live of outgoing multicast packets.",
        IP_OPTIONS = libc::IP_OPTIONS,
        IP_RECVOPTS = libc::IP_RECVOPTS,
        /// Not in the libc crate under this name: glibc's alias of `IP_RETOPTS`.
        IP_RECVRETOPTS = libc::IP_RETOPTS,
        IP_RECVTOS = libc::IP_RECVTOS,
        IP_RETOPTS = libc::IP_RETOPTS,
        IP_TOS = libc::IP_TOS => "Type-of-service byte of outgoing IPv4 packets.",
        IP_TRANSPARENT = libc::IP_TRANSPARENT,
        IP_TTL = libc::IP_TTL => "Time to live of outgoing IPv4 packets.",
    }
    "IPv6 option, level `IPPROTO_IPV6`": i32 {
        IPV6_CHECKSUM = libc::IPV6_CHECKSUM,
        IPV6_DONTFRAG = libc::IPV6_DONTFRAG,
        IPV6_DSTOPTS = libc::IPV6_DSTOPTS,
        IPV6_HOPLIMIT = libc::IPV6_HOPLIMIT,
        IPV6_HOPOPTS = libc::IPV6_HOPOPTS,
        /// Not in the libc crate under this name: glibc's alias of `IPV6_ADD_MEMBERSHIP`.
        IPV6_JOIN_GROUP = libc::IPV6_ADD_MEMBERSHIP,
        /// Not in the libc crate under this name: glibc's alias of `IPV6_DROP_MEMBERSHIP`.
        IPV6_LEAVE_GROUP = libc::IPV6_DROP_MEMBERSHIP,
        IPV6_MULTICAST_HOPS = libc::IPV6_MULTICAST_HOPS,
        IPV6_MULTICAST_IF = libc::IPV6_MULTICAST_IF,
        IPV6_MULTICAST_LOOP = libc::IPV6_MULTICAST_LOOP,
        IPV6_NEXTHOP = libc::IPV6_NEXTHOP,
        IPV6_PATHMTU = libc::IPV6_PATHMTU,
        IPV6_PKTINFO = libc::IPV6_PKTINFO,
        IPV6_RECVDSTOPTS = libc::IPV6_RECVDSTOPTS,
        IPV6_RECVHOPLIMIT = libc::IPV6_RECVHOPLIMIT,
        IPV6_RECVHOPOPTS = libc::IPV6_RECVHOPOPTS,
        IPV6_RECVPATHMTU = libc::IPV6_RECVPATHMTU,
        IPV6_RECVPKTINFO = libc::IPV6_RECVPKTINFO,
        IPV6_RECVRTHDR = libc::IPV6_RECVRTHDR,
        IPV6_RECVTCLASS = libc::IPV6_RECVTCLASS,
        IPV6_RTHDR = libc::IPV6_RTHDR,
        IPV6_RTHDRDSTOPTS = libc::IPV6_RTHDRDSTOPTS,
        /// Not in the libc crate: from `<netinet/in.h>`.
        IPV6_RTHDR_TYPE_0 = 0,
        IPV6_TCLASS = libc::IPV6_TCLASS,
        IPV6_UNICAST_HOPS = libc::IPV6_UNICAST_HOPS,
        IPV6_V6ONLY = libc::IPV6_V6ONLY => "An AF_INET6 socket that accepts only IPv6 (not IPv4-mapped) peers.",
    }
    "Flag for `send`/`recv` calls (see `Socket::with_flags`)": i32 {
        MSG_CMSG_CLOEXEC = libc::MSG_CMSG_CLOEXEC,
        MSG_CONFIRM = libc::MSG_CONFIRM,
        MSG_CTRUNC = libc::MSG_CTRUNC,
        MSG_DONTROUTE = libc::MSG_DONTROUTE,
        MSG_DONTWAIT = libc::MSG_DONTWAIT => "Do not wait for this one call (non-blocking just this once).",
        MSG_EOR = libc::MSG_EOR,
        MSG_ERRQUEUE = libc::MSG_ERRQUEUE,
        MSG_FASTOPEN = libc::MSG_FASTOPEN,
        MSG_MORE = libc::MSG_MORE,
        MSG_NOSIGNAL = libc::MSG_NOSIGNAL => "No SIGPIPE on writing to a closed connection (pynet always sets it).",
        MSG_OOB = libc::MSG_OOB => "Out-of-band (urgent) data.",
        MSG_PEEK = libc::MSG_PEEK => "Look at incoming data without removing it from the queue.",
        MSG_TRUNC = libc::MSG_TRUNC => "On receive: report a datagram's real length even if it did not fit.",
        MSG_WAITALL = libc::MSG_WAITALL => "Wait until the whole buffer is filled (or the peer closes).",
    }
    "`how` of `Socket::shutdown`": i32 {
        SHUT_RD = libc::SHUT_RD => "Shut down the receiving side.",
        SHUT_RDWR = libc::SHUT_RDWR => "Shut down both sides.",
        SHUT_WR = libc::SHUT_WR => "Shut down the sending side: the peer's `recv` then returns `b''`.",
    }
    "Flag for `getaddrinfo`": i32 {
        AI_ADDRCONFIG = libc::AI_ADDRCONFIG => "Only families this machine has an address of.",
        AI_ALL = libc::AI_ALL,
        AI_CANONNAME = libc::AI_CANONNAME => "Fill in the canonical name of the host.",
        AI_NUMERICHOST = libc::AI_NUMERICHOST => "The host is a numeric address: never use DNS.",
        AI_NUMERICSERV = libc::AI_NUMERICSERV => "The port is a number: never look up a service name.",
        AI_PASSIVE = libc::AI_PASSIVE => "Addresses for `bind` (a null host then means every interface).",
        AI_V4MAPPED = libc::AI_V4MAPPED,
    }
    "Flag or buffer size for `getnameinfo`": i32 {
        NI_DGRAM = libc::NI_DGRAM => "Look the port up as a UDP service.",
        NI_MAXHOST = libc::NI_MAXHOST => "The size of a buffer that holds any host name.",
        /// Not in the libc crate: from `<netdb.h>`.
        NI_MAXSERV = 32 => "The size of a buffer that holds any service name.",
        NI_NAMEREQD = libc::NI_NAMEREQD => "Fail if the host has no name.",
        NI_NOFQDN = libc::NI_NOFQDN,
        NI_NUMERICHOST = libc::NI_NUMERICHOST => "Give the host as a number, not a name.",
        NI_NUMERICSERV = libc::NI_NUMERICSERV => "Give the port as a number, not a service name.",
    }
    "`getaddrinfo` error code (the errno of a `socket.gaierror`)": i32 {
        /// Not in the libc crate: from glibc `<netdb.h>`, a GNU extension.
        EAI_ADDRFAMILY = -9 => "The host has no address of the requested family.",
        EAI_AGAIN = libc::EAI_AGAIN => "Temporary failure in name resolution.",
        EAI_BADFLAGS = libc::EAI_BADFLAGS,
        EAI_FAIL = libc::EAI_FAIL => "Non-recoverable failure in name resolution.",
        EAI_FAMILY = libc::EAI_FAMILY => "The address family is not supported.",
        EAI_MEMORY = libc::EAI_MEMORY,
        EAI_NODATA = libc::EAI_NODATA,
        EAI_NONAME = libc::EAI_NONAME => "Name or service not known.",
        EAI_OVERFLOW = libc::EAI_OVERFLOW,
        EAI_SERVICE = libc::EAI_SERVICE => "The service is not supported for the socket type.",
        EAI_SOCKTYPE = libc::EAI_SOCKTYPE,
        EAI_SYSTEM = libc::EAI_SYSTEM => "A system error; pynet raises the errno-based error instead.",
    }
    "Special IPv4 address as a host-order integer (`u32`, as in C)": u32 {
        /// Not in the libc crate: from `<netinet/in.h>`: 224.0.0.1.
        INADDR_ALLHOSTS_GROUP = 0xe000_0001,
        INADDR_ANY = libc::INADDR_ANY => "0.0.0.0: every interface (as a host-order integer).",
        INADDR_BROADCAST = libc::INADDR_BROADCAST => "255.255.255.255 (as a host-order integer).",
        INADDR_LOOPBACK = libc::INADDR_LOOPBACK => "127.0.0.1 (as a host-order integer).",
        /// Not in the libc crate: from `<netinet/in.h>`: 224.0.0.255.
        INADDR_MAX_LOCAL_GROUP = 0xe000_00ff,
        INADDR_NONE = libc::INADDR_NONE => "255.255.255.255: what C's `inet_addr` returns for an error.",
        /// Not in the libc crate: from `<netinet/in.h>`: 224.0.0.0.
        INADDR_UNSPEC_GROUP = 0xe000_0000,
    }
    "Listen backlog limit": i32 {
        SOMAXCONN = libc::SOMAXCONN => "The largest `listen` backlog the kernel allows (Python's default backlog is `min(SOMAXCONN, 128)`).",
    }
}

/// Every constant of this module as `(name, value)` pairs, the module's `dir()` for
/// `get_constants`-style look-ups.
///
/// ```python
/// [(n, getattr(socket, n)) for n in dir(socket) if n.startswith("AF_")]
/// ```
/// ```
/// let families: Vec<_> = pynet::socket::constants()
///     .iter()
///     .filter(|(name, _)| name.starts_with("AF_"))
///     .collect();
/// assert!(families.contains(&&("AF_INET", 2)));
/// ```
pub fn constants() -> &'static [(&'static str, i64)] {
    TABLE
}

/// The name Python's enums (`AddressFamily`, `SocketKind`) print for `value`: among the
/// constants starting with `prefix`, the alphabetically first with that value (`AF_NETLINK`
/// rather than its alias `AF_ROUTE`), as `IntEnum._convert_` picks it.
pub(crate) fn enum_name(prefix: &str, value: i32) -> Option<&'static str> {
    TABLE
        .iter()
        .filter(|(name, v)| name.starts_with(prefix) && *v == i64::from(value))
        .map(|(name, _)| *name)
        .min()
}
