"""A Python TCP client on loopback, the real peer of pynet servers in python_interop.rs.

    python3 echo_client.py PORT talk        read the server's greeting line; send "one", "two",
                                            "three" and read an answer of the same length to
                                            each; shut down the sending side, read to the end;
                                            print each step
    python3 echo_client.py PORT bulk FILE   send the bytes of FILE while reading what comes
                                            back, then print whether they came back unchanged

An alarm ends it if a test stops talking to it.
"""

import signal
import socket
import sys
import threading

signal.alarm(30)


def recv_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise EOFError(f"the server closed after {len(data)} of {n} bytes")
        data += chunk
    return data


def recv_to_end(sock):
    chunks = []
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def talk(port):
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        print("sockname", repr(sock.getsockname()))
        greeting = b""
        while not greeting.endswith(b"\n"):
            greeting += recv_exactly(sock, 1)
        print("greeting", greeting.decode().rstrip("\n"))
        for word in (b"one", b"two", b"three"):
            sock.sendall(word)
            print("answer", recv_exactly(sock, len(word)).decode())
        sock.shutdown(socket.SHUT_WR)
        print("rest", repr(recv_to_end(sock)))


def bulk(port, path):
    with open(path, "rb") as f:
        data = f.read()
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        def send():
            sock.sendall(data)
            sock.shutdown(socket.SHUT_WR)

        sender = threading.Thread(target=send)
        sender.start()
        received = recv_to_end(sock)
        sender.join()
    print(f"received {len(received)} bytes, equal {received == data}")


if __name__ == "__main__":
    port = int(sys.argv[1])
    if sys.argv[2] == "talk":
        talk(port)
    else:
        bulk(port, sys.argv[3])
