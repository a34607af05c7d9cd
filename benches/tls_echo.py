"""The Python TLS echo server of `cargo bench --bench tls`: `ssl`, thread per connection.

Usage: python3 tls_echo.py CERTFILE KEYFILE. It listens on 127.0.0.1, port 0 (any free port),
prints that port on one line, then runs the TLS handshake on every connection and echoes it
until the peer closes. The bench kills it when it is done.
"""

import socket
import ssl
import sys
import threading


def echo(context, conn):
    """Handshakes on `conn`, then sends back whatever arrives until the peer closes it."""
    try:
        # Both servers turn Nagle off: a handshake's last flight and the first answer would
        # otherwise wait for the client's delayed ACK.
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with context.wrap_socket(conn, server_side=True) as tls:
            while True:
                data = tls.recv(65536)
                if not data:
                    return
                tls.sendall(data)
    except OSError:
        return


def main():
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[1], sys.argv[2])
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    print(listener.getsockname()[1], flush=True)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=echo, args=(context, conn), daemon=True).start()


if __name__ == "__main__":
    main()
