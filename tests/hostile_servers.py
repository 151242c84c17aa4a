"""Real peers on 127.0.0.1 that answer HTTP badly, for the link check's tests.

``HostileServer`` is a plain TCP server, each connection in a daemon thread: it reads
a request line and answers by the path, in ways an http.server cannot (a byte a
second, nothing at all, headers that never end, a length that lies, a line that is
not HTTP, a redirect to a file, a redirect to this computer or a private network).
``greeting=`` makes a server that speaks first, as an SSH or SMTP server does,
without waiting for a request; with ``pace=`` seconds it says its greeting a byte
at a time.
"""

from __future__ import annotations

import socket
import threading

OK = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
ARTICLE_HTML = (b'<html><head><meta property="og:title" content="What the intranet says">'
                b'<meta property="og:description" content="db_password=hunter2"></head></html>')
ARTICLE = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + str(len(ARTICLE_HTML)).encode()
           + b"\r\nConnection: close\r\n\r\n" + ARTICLE_HTML)
REFUSE_HEAD = b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"


def redirect(code: int, location: str) -> bytes:
    return (f"HTTP/1.1 {code} Moved\r\nLocation: {location}\r\nContent-Length: 0\r\n"
            "Connection: close\r\n\r\n").encode("latin-1")


class HostileServer:
    """A TCP server on 127.0.0.1 answering each request by its path; see ``answer`` for the paths."""

    def __init__(self, greeting: bytes | None = None, pace: float | None = None):
        self.greeting = greeting
        self.pace = pace
        self.stopping = threading.Event()
        self.requests: list[tuple[str, str]] = []  # (method, path or absolute address)
        self.connections: list[socket.socket] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.stopping.set()
        self.listener.close()
        for connection in list(self.connections):
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            connection.close()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(connection)
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        connection.settimeout(10)
        try:
            if self.greeting is not None:
                for start in range(0, len(self.greeting), 1 if self.pace else len(self.greeting)):
                    connection.sendall(self.greeting[start:start + 1] if self.pace else self.greeting)
                    if self.pace and self.stopping.wait(self.pace):
                        return
                self._wait_for_close(connection)
                return
            request = self._read_request(connection)
            if request is None:
                return
            method, target = request
            self.requests.append((method, target))
            self.answer(connection, method, target)
        except OSError:
            pass
        finally:
            connection.close()

    @staticmethod
    def _read_request(connection: socket.socket) -> tuple[str, str] | None:
        """Return the method and target of an HTTP request; None for anything else (a TLS hello)."""
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 16384:
            chunk = connection.recv(4096)
            if not chunk:
                return None
            data += chunk
            if not data[:1].isalpha():
                return None
        words = data.split(b"\r\n", 1)[0].decode("latin-1").split()
        return (words[0], words[1]) if len(words) == 3 else None

    def _wait_for_close(self, connection: socket.socket) -> None:
        """Hold the connection open, answering nothing, until the client leaves or the server stops."""
        connection.settimeout(0.2)
        while not self.stopping.is_set():
            try:
                if not connection.recv(4096):
                    return
            except TimeoutError:
                continue

    def answer(self, connection: socket.socket, method: str, target: str) -> None:
        path = target.split("?", 1)[0]
        if path.startswith("http://"):  # as a proxy is asked: the whole address
            connection.sendall(OK)
        elif method == "CONNECT":  # a proxy that will not tunnel
            connection.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
        elif path == "/ok":
            connection.sendall(OK)
        elif path == "/drip":  # a byte a second: each read answers in time, the whole never does
            for byte in OK:
                connection.sendall(bytes([byte]))
                if self.stopping.wait(1):
                    return
        elif path == "/stall":  # accepts, reads the request, never answers
            self._wait_for_close(connection)
        elif path == "/bad-status":
            connection.sendall(b"HTTP/1.1 OK\r\nContent-Length: 0\r\n\r\n")
        elif path == "/huge-header":
            connection.sendall(b"HTTP/1.1 200 OK\r\nX-Padding: " + b"a" * 100_000 + b"\r\nContent-Length: 0\r\n\r\n")
        elif path == "/many-headers":
            connection.sendall(b"HTTP/1.1 200 OK\r\n" + b"X-Again: a\r\n" * 5000 + b"\r\n")
        elif path == "/cut":  # closes in the middle of its headers
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Ty")
        elif method == "HEAD" and path in ("/length-long", "/length-short"):
            connection.sendall(REFUSE_HEAD)  # as many servers do: the page itself is then asked for
        elif path == "/length-long":  # announces 5000 bytes, sends 100 and closes
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + b"x" * 100)
        elif path == "/length-short":  # announces 5 bytes, sends 200
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n" + b"y" * 200)
        elif path == "/to-file":
            connection.sendall(redirect(302, "file:///etc/passwd"))
        elif path == "/to-data":
            connection.sendall(redirect(302, "data:text/html;base64," + "PHNjcmlwdD4=" * 50))
        elif path == "/to-ftp":
            connection.sendall(redirect(301, "ftp://127.0.0.1/pub/"))
        elif path == "/escape":  # a Location that would drive the terminal that shows it
            connection.sendall(redirect(302, "/ok?\x1b]0;pwned\x07\x1b[2J\x9b31m"))
        elif path == "/loop":
            connection.sendall(redirect(302, "/loop"))
        elif path == "/article":  # what only this computer's network should see
            connection.sendall(ARTICLE)
        elif path == "/to-loopback":  # to another loopback address, by name
            connection.sendall(redirect(302, f"http://localhost:{self.port}/article"))
        elif path == "/to-ipv6-loopback":
            connection.sendall(redirect(302, f"http://[::1]:{self.port}/article"))
        elif path == "/to-metadata":  # a cloud server's metadata service, which hands out its credentials
            connection.sendall(redirect(302, "http://169.254.169.254/latest/meta-data/iam/security-credentials/"))
        elif path == "/to-intranet":  # a name a test's resolver stub puts on a private network
            connection.sendall(redirect(302, "http://intranet.test/payroll"))
        else:
            connection.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
