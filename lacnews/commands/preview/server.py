"""lacnews preview: a local server showing issues as they are written, reloading on save.

``lacnews.commands.preview.watcher`` composes and watches the issues; this module serves them.
Pages learn of a rebuild by Server-Sent Events: one-way push is all that is
needed, the browser's EventSource reconnects by itself, and it runs on the
standard library's HTTP server.

The server runs beside the editor's browser and serves unpublished drafts, so it
trusts nobody:

* **Its own name only.** A request must name the server in its ``Host`` header:
  the address it is bound to (``127.0.0.1:PORT``, ``[::1]:PORT``), ``localhost:PORT``
  or the ``--host`` it was given; when bound to every interface (``0.0.0.0``,
  ``::``), any IP address with its port as well, since an address cannot be
  rebound. Anything else, or an HTTP/1.1 request without a ``Host``, is answered
  ``421 Misdirected Request`` on every route: a page on another site that has
  rebound its own name to 127.0.0.1 (DNS rebinding) reads nothing.
* **Reading changes little.** A GET composes the issue it asks for (in memory;
  nothing is written) and watches it for changes. What is watched is bounded:
  the issues composed before the server started serving (the one named on the
  command line), every issue with a page open (an event stream), and at most
  ``MAX_WATCHED`` (8) others, the most recently viewed; viewing one more forgets
  the least recently viewed. Only issues that exist in issues/ are composed. A
  crawler walking every issue costs a composition per page, never a watcher
  that grows.
* **Connections are bounded in number and time.** The listen backlog is
  ``LISTEN_BACKLOG`` (128); at most ``MAX_CONNECTIONS`` (256) connections are
  served at once, each on its own thread, and one more is answered ``503`` at
  once and closed rather than queued. A client has ``IDLE_SECONDS`` (5) to send
  its whole request head (a connection that sends nothing, or dribbles, is
  closed), and any one read or write may take no longer. Event streams check
  every second whether their page went away, and end when it has; a page that
  stays gets a keepalive every ``KEEPALIVE_SECONDS`` (15).
* **Bad requests get a short plain answer**: a method other than GET or HEAD
  405, a malformed request line, percent-encoding or a NUL 400, an over-long
  request line 414, a path outside the pages and the build folder 404, never a
  traceback.
* **Pages are framed only by the preview** (``X-Frame-Options``, CSP
  ``frame-ancestors``), send no referrer, are never sniffed, and run no script
  but the preview's own (a nonce): the email, which is the editor's and in
  part strangers' text, is shown with scripts off, as a mail program would.
"""

from __future__ import annotations

import socket
import socketserver
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from ipaddress import ip_address
from urllib.parse import urlsplit

from lacnews.base.errors import LacnewsError
from lacnews.base.network import host_in_address
from lacnews.base.project import Project
from lacnews.commands.preview.pages import (
    IDLE_SECONDS,
    PreviewHandler,
    readable,
    ui_environment,
)
from lacnews.commands.preview.watcher import Previewer
from lacnews.console import log

MAX_CONNECTIONS = 256  # a browser opens 6 at a time, plus one stream per open page
LISTEN_BACKLOG = 128


class PreviewServer(ThreadingHTTPServer):
    """A thread per connection, at most ``MAX_CONNECTIONS`` of them, answering only to its own names."""

    daemon_threads = True  # an open event stream must not keep the process alive after Ctrl-C
    block_on_close = False  # nor make Ctrl-C wait for a client that stopped reading
    allow_reuse_address = True
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, address: tuple[str, int], handler: type[PreviewHandler], host: str):
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.holding: set[socket.socket] = set()  # the connections holding one of the slots
        self.reading: dict[socket.socket, float | None] = {}  # request head due by; None: too late, closed
        self.reading_lock = threading.Lock()
        super().__init__(address, handler)
        bound_host, self.server_port = self.server_address[:2]
        self.own_names = _own_names({"localhost", host, bound_host}, self.server_port)
        self.any_address = ip_address(bound_host).is_unspecified

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)  # not HTTPServer's: its reverse DNS lookup can take seconds
        self.server_name, self.server_port = self.server_address[:2]

    def describe_names(self) -> str:
        names = " and ".join(sorted(self.own_names))
        return f"{names}, or an IP address of this machine with port {self.server_port}" if self.any_address else names

    def answers_to(self, authority: str) -> bool:
        """Return whether a Host header (or an absolute URL's authority) names this server."""
        authority = authority.strip().lower()
        if authority in self.own_names:
            return True
        if not self.any_address:
            return False
        try:  # served on every interface: any address of this machine, never a name that could be rebound
            named = urlsplit("//" + authority)
            ip_address(named.hostname or "")  # a ValueError for a name
            return named.port == self.server_port
        except ValueError:
            return False

    def process_request(self, request: socket.socket, client_address) -> None:
        if not self.slots.acquire(blocking=False):
            return self.turn_away(request)
        with self.reading_lock:
            self.holding.add(request)
            self.reading[request] = time.monotonic() + IDLE_SECONDS
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.done_with(request)
            raise

    def process_request_thread(self, request: socket.socket, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.done_with(request)

    def done_with(self, request: socket.socket) -> None:
        """Give back the connection's slot, once: Ctrl-C during a hand-over to its thread calls this twice."""
        with self.reading_lock:
            self.reading.pop(request, None)
            if request not in self.holding:
                return
            self.holding.discard(request)
        self.slots.release()

    def still_reading(self, request: socket.socket) -> bool:
        with self.reading_lock:
            return self.reading.get(request, 0) is not None

    def request_read(self, request: socket.socket) -> bool:
        """Note that the request head has arrived; return False if it came too late."""
        with self.reading_lock:
            return self.reading.pop(request, 0) is not None

    def service_actions(self) -> None:
        """Close connections whose request head has not arrived within ``IDLE_SECONDS`` (run between accepts)."""
        now = time.monotonic()
        with self.reading_lock:
            late = [request for request, due in self.reading.items() if due is not None and due <= now]
            for request in late:
                self.reading[request] = None
        for request in late:
            try:
                request.shutdown(socket.SHUT_RDWR)  # wakes the thread reading it, which ends
            except OSError:
                pass

    def turn_away(self, request: socket.socket) -> None:
        """Answer 503 at once, without a thread, when ``MAX_CONNECTIONS`` are being served."""
        body = b"503 Service Unavailable: the preview is serving as many connections as it will; try again\n"
        head = (b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                b"Content-Length: %d\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" % len(body))
        try:
            request.setblocking(False)
            try:
                request.recv(65536)  # what has arrived of the request: closing on unread bytes resets
            except OSError:
                pass
            request.sendall(head + body)
        except OSError:
            pass
        socketserver.TCPServer.shutdown_request(self, request)  # no lingering: this is the accepting thread

    def shutdown_request(self, request: socket.socket) -> None:
        """Close an answered connection; first read what the client is still sending (the rest of an
        over-long URL, a refused upload), for at most a second, as closing on unread bytes resets the
        connection, and a reset can destroy the answer before the client reads it."""
        try:
            request.shutdown(socket.SHUT_WR)
            deadline, drained = time.monotonic() + 1, 0
            while drained < 1 << 20 and time.monotonic() < deadline and readable(request, 0.1):
                chunk = request.recv(65536)
                if not chunk:
                    break
                drained += len(chunk)
        except (OSError, ValueError):
            pass
        self.close_request(request)

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            return  # a client that went away or stopped reading
        log(f"lacnews preview: a request failed: {type(error).__name__}: {error}")


class PreviewServer6(PreviewServer):
    address_family = socket.AF_INET6


def _own_names(hosts: set[str], port: int) -> frozenset[str]:
    """Return the Host headers that name this server: each host with the port (and bare, on port 80)."""
    names = set()
    for host in hosts:
        shown = host_in_address(host.lower())
        names.add(f"{shown}:{port}")
        if port == 80:
            names.add(shown)
    return frozenset(names)


def make_server(project: Project, host: str, port: int) -> tuple[PreviewServer, Previewer]:
    """Return a bound (not yet serving) preview server and its previewer; an IPv6 one for a host like ::1."""
    previewer = Previewer(project)
    handler = type("BoundPreviewHandler", (PreviewHandler,), {"previewer": previewer, "ui": ui_environment()})
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    server_class = PreviewServer6 if ":" in host else PreviewServer
    try:
        server = server_class((host, port), handler, host)
    except OSError as exc:
        raise LacnewsError(f"cannot serve on {host_in_address(host)}:{port}: {exc.strerror or exc}; "
                           "choose another --port, or leave it out to use a free one") from None
    return server, previewer


def address(server: PreviewServer, slug: str | None) -> str:
    """Return the address a browser on this machine opens for ``slug`` (or the index of issues) on ``server``.

    A server on every interface (0.0.0.0, ::) is reached here through the loopback address: a browser
    cannot open http://0.0.0.0/ everywhere, and the server answers to its loopback name.
    """
    bound_host, bound_port = server.server_address[:2]
    if server.any_address:
        bound_host = "::1" if ":" in bound_host else "127.0.0.1"
    return f"http://{host_in_address(bound_host)}:{bound_port}/" + (f"issue/{slug}/" if slug else "")


def network_address(server: PreviewServer, slug: str | None) -> str | None:
    """Return the address another machine on the network opens, for a server on every interface: this
    machine's address on the route out (found without sending anything), or None."""
    if not server.any_address:
        return None
    family = socket.AF_INET6 if ":" in server.server_address[0] else socket.AF_INET
    probe = ("2001:db8::1", 9) if family == socket.AF_INET6 else ("192.0.2.1", 9)  # documentation addresses
    try:
        with socket.socket(family, socket.SOCK_DGRAM) as udp:
            udp.connect(probe)  # a datagram socket's connect only picks a route; nothing is sent
            own = udp.getsockname()[0]
    except OSError:
        return None
    if own.startswith("127.") or own == "::1":
        return None
    return f"http://{host_in_address(own)}:{server.server_address[1]}/" + (f"issue/{slug}/" if slug else "")


def serve(server: PreviewServer, previewer: Previewer) -> None:
    """Serve and watch until Ctrl-C; then stop cleanly."""
    previewer.pin_watched()  # the issue named on the command line, composed before serving, stays watched
    watcher = threading.Thread(target=previewer.watch, name="lacnews-watch", daemon=True)
    watcher.start()
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        previewer.stopping.set()
        with previewer.changed:
            previewer.changed.notify_all()
        server.server_close()
