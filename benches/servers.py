"""The Python servers of `cargo bench --bench servers`: socketserver's echo servers.

    python3 benches/servers.py threading    # socketserver.ThreadingTCPServer
    python3 benches/servers.py forking      # socketserver.ForkingTCPServer

The server listens on 127.0.0.1, port 0 (any free port), prints that port on one line, then
echoes every connection until the peer closes it. The bench kills it when it is done.

Two class attributes differ from socketserver's defaults, the same two the bench sets on the
pynet servers: the listen backlog is 128 (std::net's, where the default 5 would overflow when
256 clients connect at once), and a forking server may run 1024 children (its default 40
would leave all but 40 of 256 clients waiting).
"""

import socketserver
import sys


class Echo(socketserver.BaseRequestHandler):
    """Sends back whatever arrives until the peer closes: 64 KiB reads, as the Rust servers."""

    def handle(self):
        while True:
            data = self.request.recv(65536)
            if not data:
                return
            self.request.sendall(data)


class Threading(socketserver.ThreadingTCPServer):
    request_queue_size = 128
    daemon_threads = True


class Forking(socketserver.ForkingTCPServer):
    request_queue_size = 128
    max_children = 1024


SERVERS = {"threading": Threading, "forking": Forking}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in SERVERS:
        sys.exit(f"usage: {sys.argv[0]} threading|forking")
    with SERVERS[sys.argv[1]](("127.0.0.1", 0), Echo) as server:
        print(server.server_address[1], flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
