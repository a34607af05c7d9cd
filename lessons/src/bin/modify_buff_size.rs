//! `modify_buff_size`: turns Nagle's algorithm off (TCP_NODELAY) and asks for 4096-byte send
//! and receive buffers, printing the send buffer's size before and after. Ports Cookbook 1.8.
//! Run it: `cargo run -p lessons --bin modify_buff_size`.
//! Linux doubles the size it is given (to leave room for its own bookkeeping), so "After"
//! shows 8192, in Python as here.

use pynet::socket::{
    AF_INET, Error, SO_RCVBUF, SO_SNDBUF, SOCK_STREAM, SOL_SOCKET, SOL_TCP, Socket, TCP_NODELAY,
};

// ANCHOR: listing
/// The send buffer size we ask for, in bytes.
const SEND_BUF_SIZE: i32 = 4096;
/// The receive buffer size we ask for, in bytes.
const RECV_BUF_SIZE: i32 = 4096;

fn main() -> Result<(), Error> {
    let sock = Socket::new(AF_INET, SOCK_STREAM, 0)?;

    // ANCHOR: options
    let bufsize = sock.getsockopt(SOL_SOCKET, SO_SNDBUF)?;
    println!("Buffer size [Before]:{bufsize}");

    sock.setsockopt(SOL_TCP, TCP_NODELAY, 1)?;
    sock.setsockopt(SOL_SOCKET, SO_SNDBUF, SEND_BUF_SIZE)?;
    sock.setsockopt(SOL_SOCKET, SO_RCVBUF, RECV_BUF_SIZE)?;

    let bufsize = sock.getsockopt(SOL_SOCKET, SO_SNDBUF)?;
    println!("Buffer size [After]:{bufsize}");
    // ANCHOR_END: options
    Ok(())
}
// ANCHOR_END: listing
