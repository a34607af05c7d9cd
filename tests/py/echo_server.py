"""A Python echo server on loopback, the real peer of pynet clients in python_interop.rs.

    python3 echo_server.py tcp    serve one TCP connection: greet it with repr(its address)
                                  and a newline, echo every byte until it shuts down its
                                  sending side, then print "served N bytes"
    python3 echo_server.py udp    answer each datagram with repr((data, sender)), until a
                                  datagram b"quit", which is answered b"bye"

Either way it binds 127.0.0.1 port 0 and prints the port it got on its first line, so the
test knows where to connect. An alarm ends it if a test stops talking to it.
"""

import signal
import socket
import sys

signal.alarm(30)


def serve_tcp():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        print(server.getsockname()[1], flush=True)
        conn, address = server.accept()
        with conn:
            conn.settimeout(20)
            conn.sendall(repr(address).encode() + b"\n")
            served = 0
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                conn.sendall(data)
                served += len(data)
    print(f"served {served} bytes", flush=True)


def serve_udp():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as server:
        server.settimeout(20)
        server.bind(("127.0.0.1", 0))
        print(server.getsockname()[1], flush=True)
        while True:
            data, address = server.recvfrom(65536)
            if data == b"quit":
                server.sendto(b"bye", address)
                break
            server.sendto(repr((data, address)).encode(), address)
    print("udp server done", flush=True)


if __name__ == "__main__":
    {"tcp": serve_tcp, "udp": serve_udp}[sys.argv[1]]()
