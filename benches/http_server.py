"""Python's ThreadingHTTPServer for `cargo bench --bench http`: answers every GET with the same
small body, keep-alive (HTTP/1.1 with a Content-Length), and prints its port first."""

import http.server
import sys

BODY = b"Hello, World!\n"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, each answer waits for the
    # client's delayed ACK (about 40 ms), which would measure the kernel, not Python.
    disable_nagle_algorithm = True

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, format, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # wrk resets its connections when it stops: not worth a traceback in the table.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


server = Server(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
