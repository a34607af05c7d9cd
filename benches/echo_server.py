"""The Python echo server of `cargo bench --bench echo`: plain `socket`, thread per connection.

It listens on 127.0.0.1, port 0 (any free port), prints that port on one line, then echoes
every connection until the peer closes it. The bench kills it when it is done.
"""

import socket
import threading


def echo(conn):
    """Sends back whatever arrives on `conn` until the peer closes it."""
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                return
            conn.sendall(data)


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    print(listener.getsockname()[1], flush=True)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=echo, args=(conn,), daemon=True).start()


if __name__ == "__main__":
    main()
