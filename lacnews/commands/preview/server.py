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

import json
import re
import secrets
import select
import socket
import socketserver
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_address
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import jinja2

from lacnews.base.errors import LacnewsError
from lacnews.base.limits import GMAIL_CLIP
from lacnews.base.project import IMAGES, SLUG, Project
from lacnews.commands.preview.watcher import Previewer
from lacnews.compose.issues import issue_summaries

KEEPALIVE_SECONDS = 15
STREAM_CHECK_SECONDS = 1.0  # how often an event stream looks whether its page went away
IDLE_SECONDS = 5  # a local browser sends its request at once; one that sends nothing is dropped
MAX_CONNECTIONS = 256  # a browser opens 6 at a time, plus one stream per open page
LISTEN_BACKLOG = 128
MAX_SEGMENT = 255  # no file name is longer
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8",
                 ".xml": "application/atom+xml; charset=utf-8", ".json": "application/json",
                 ".css": "text/css; charset=utf-8", ".png": "image/png", ".jpg": "image/jpeg",
                 ".svg": "image/svg+xml"}
# The preview's own pages: nothing from elsewhere, and no script but its own (a nonce per response).
UI_POLICY = ("default-src 'self'; script-src {scripts}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
             "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
# The email and the build folder's files: images and styles from anywhere, as in a mail program; no script.
CONTENT_POLICY = "script-src 'none'; object-src 'none'; frame-ancestors 'self'"


def _ui_environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("lacnews.commands.preview", "ui"), autoescape=True,
                              undefined=jinja2.StrictUndefined)


class _Refusal(Exception):
    """A request answered with an error status and a sentence saying why."""

    def __init__(self, status: HTTPStatus, explain: str):
        super().__init__(explain)
        self.status, self.explain = status, explain


class PreviewHandler(BaseHTTPRequestHandler):
    """Serves the preview pages and the build folder's files, nothing else."""

    server_version = "lacnews-preview"
    timeout = IDLE_SECONDS  # for any one read or write; the server bounds the whole request head too
    server: PreviewServer
    previewer: Previewer
    ui: jinja2.Environment
    head = False
    responded = False
    target: tuple[str, str] = ("/", "")

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # one line per request would bury the rebuild messages an editor wants

    # requests

    def parse_request(self) -> bool:
        """Read the request head; refuse it unless it is a GET or HEAD naming this server."""
        if not self.server.still_reading(self.connection):
            self.close_connection = True  # too slow: the server has closed it
            return False
        parsed = super().parse_request()
        if not self.server.request_read(self.connection):
            self.close_connection = True
            return False
        if not parsed:
            return False
        try:
            if self.request_version == "HTTP/0.9":
                raise _Refusal(HTTPStatus.BAD_REQUEST, "send a request line such as GET / HTTP/1.1")
            self.target = self.parse_target()
            if self.command not in ("GET", "HEAD"):
                self.send_error(HTTPStatus.METHOD_NOT_ALLOWED,
                                explain=f"the preview only reads: {self.command} is not answered, GET and HEAD are",
                                headers=[("Allow", "GET, HEAD")])
                return False
        except _Refusal as refusal:
            self.send_error(refusal.status, explain=refusal.explain)
            return False
        return True

    def parse_target(self) -> tuple[str, str]:
        """Return the path and query of the request, once its Host (and any absolute URL) names this server."""
        target, authority = self.path, None
        if not target.startswith("/"):
            absolute = re.fullmatch(r"(?i)https?://([^/?#]*)([/?][^#]*)?(#.*)?", target)
            if absolute is None:
                raise _Refusal(HTTPStatus.BAD_REQUEST, "the request line names no path: send GET / HTTP/1.1")
            authority, target = absolute.group(1), absolute.group(2) or "/"
            if not target.startswith("/"):
                target = "/" + target
        hosts = self.headers.get_all("Host") or []
        if len(hosts) > 1:
            raise _Refusal(HTTPStatus.BAD_REQUEST, "the request has more than one Host header")
        named = [authority] if authority is not None else hosts
        if (not named and self.request_version >= "HTTP/1.1") or (named and not self.server.answers_to(named[0])):
            raise _Refusal(HTTPStatus.MISDIRECTED_REQUEST,
                           f"this server answers only to {self.server.describe_names()}")
        path, _, query = target.partition("#")[0].partition("?")
        return path, query

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        self.head = head
        path, query = self.target
        try:
            self.route(_path_parts(path), parse_qs(query))
        except _Refusal as refusal:
            self.send_error(refusal.status, explain=refusal.explain)
        except (ConnectionError, TimeoutError):
            self.close_connection = True  # the client went away, or stopped reading
        except Exception as exc:  # a bug: a plain 500 and one line on the terminal, not a traceback
            self.close_connection = True
            explain = f"lacnews preview failed: {type(exc).__name__}: {exc}"
            print(f"lacnews preview: {self.command} {path[:200]}: {explain}", file=sys.stderr, flush=True)
            if not self.responded:
                self.send_error(HTTPStatus.INTERNAL_SERVER_ERROR, explain=explain)

    def route(self, parts: list[str] | None, query: dict) -> None:
        if parts is None:
            return self.not_found()
        if parts == []:
            return self.index()
        if parts[0] == "build" and len(parts) >= 2:
            return self.build_file(parts[1:])
        if parts[0] == "issue" and len(parts) == 4 and parts[2] == IMAGES:
            return self.picture(parts[1], parts[3])
        if parts[0] == "issue" and len(parts) in (2, 3):
            slug = parts[1]
            if not SLUG.fullmatch(slug) or slug not in self.previewer.project.issue_slugs():
                return self.unknown_issue(slug)
            page = parts[2] if len(parts) == 3 else None
            if page is None:
                return self.redirect(f"/issue/{slug}/")
            if page == "":
                return self.issue_page(slug)
            if page == "email":
                return self.email_frame(slug)
            if page == "text":
                return self.text_as_read(slug)
            if page in ("email.html", "email.txt"):
                return self.email_file(slug, page)
            if page == "state":
                return self.send_json(self.previewer.state(slug).as_json())
            if page == "events":
                return self.events(slug, query)
        return self.not_found()

    # pages

    def index(self) -> None:
        project = self.previewer.project
        self.page(HTTPStatus.OK, "index.html.j2", issues=issue_summaries(project), project=project.root.name)

    def issue_page(self, slug: str) -> None:
        state = self.previewer.state(slug)
        self.page(HTTPStatus.OK, "preview.html.j2", cache=False, slug=slug, state=state.as_json(),
                  text=state.preview_text, gmail_clip=GMAIL_CLIP)

    def email_frame(self, slug: str) -> None:
        """The email as a reader sees it, for the preview's frame; scripts in it do not run."""
        state = self.previewer.state(slug)
        if state.composed is None:  # not once built yet: say so, rather than send an empty page
            return self.page(HTTPStatus.OK, "unbuilt.html.j2", cache=False, slug=slug, error=state.error or "")
        self.send(HTTPStatus.OK, "text/html; charset=utf-8", state.preview_html, cache=False)

    def text_as_read(self, slug: str) -> None:
        """The text part as a reader sees it, merge tags filled with the frame's samples, for the text view."""
        state = self.previewer.state(slug)
        self.send(HTTPStatus.OK, "text/plain; charset=utf-8", state.preview_text.encode("utf-8"), cache=False)

    def unknown_issue(self, slug: str) -> None:
        shown = slug if len(slug) <= 100 else slug[:100] + "…"
        self.page(HTTPStatus.NOT_FOUND, "not_found.html.j2", slug=shown, issues=self.previewer.project.issue_slugs())

    def not_found(self) -> None:
        self.page(HTTPStatus.NOT_FOUND, "not_found.html.j2", slug=None, issues=[])

    def email_file(self, slug: str, name: str) -> None:
        """Serve the email's file exactly as `lacnews build` would write it, from memory."""
        composed = self.previewer.state(slug).composed
        if composed is None:
            return self.not_found()
        body = composed.email.html if name == "email.html" else composed.email.text
        self.send(HTTPStatus.OK, CONTENT_TYPES[Path(name).suffix], body.encode("utf-8"), cache=False)

    def picture(self, slug: str, name: str) -> None:
        """Serve a prepared picture of an issue being previewed, from memory."""
        if not SLUG.fullmatch(slug) or slug not in self.previewer.project.issue_slugs():
            return self.not_found()
        composed = self.previewer.state(slug).composed
        data = composed.pictures.files().get(name) if composed is not None else None
        if data is None:
            return self.not_found()
        self.send(HTTPStatus.OK, CONTENT_TYPES.get(Path(name).suffix, "application/octet-stream"), data, cache=False)

    def build_file(self, parts: list[str]) -> None:
        build_dir = self.previewer.project.build_dir.resolve()
        if not all(_safe_segment(part) for part in parts):
            return self.not_found()
        try:
            path = build_dir.joinpath(*parts).resolve()
            if build_dir not in path.parents or not path.is_file():
                return self.not_found()
            body = path.read_bytes()
        except OSError:  # a name too long for the file system, a file that went away...
            return self.not_found()
        self.send(HTTPStatus.OK, CONTENT_TYPES.get(path.suffix, "application/octet-stream"), body, cache=False)

    def events(self, slug: str, query: dict) -> None:
        """Stream the issue's new versions to its open page until the page goes away."""
        with self.previewer.page_open(slug):
            state = self.previewer.state(slug)
            try:
                version = int(query.get("since", [state.version])[0])
            except ValueError:
                version = state.version
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.security_headers(CONTENT_POLICY)
            self.end_headers()
            self.close_connection = True
            if self.head:
                return
            next_keepalive = time.monotonic() + KEEPALIVE_SECONDS
            while not self.previewer.stopping.is_set():
                state = self.previewer.wait_for_change(slug, version, STREAM_CHECK_SECONDS)
                if self.client_gone():
                    return
                if state is not None and state.version != version:
                    version = state.version
                    message = f"event: update\ndata: {json.dumps(state.as_json())}\n\n"
                elif time.monotonic() >= next_keepalive:
                    message = ": still here\n\n"
                else:
                    continue
                self.wfile.write(message.encode())
                self.wfile.flush()
                next_keepalive = time.monotonic() + KEEPALIVE_SECONDS

    def client_gone(self) -> bool:
        """Return whether the client has closed its end (a stream's page was closed or reloaded)."""
        try:
            return _readable(self.connection, 0) and not self.connection.recv(1, socket.MSG_PEEK)
        except (OSError, ValueError):
            return True

    # responses

    def send_response(self, code, message=None) -> None:
        self.responded = True
        super().send_response(code, message)

    def security_headers(self, policy: str) -> None:
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("X-Frame-Options", "SAMEORIGIN")
        self.send_header("Content-Security-Policy", policy)
        self.send_header("Referrer-Policy", "no-referrer")

    def page(self, status: HTTPStatus, template: str, cache: bool = True, **context) -> None:
        """Send one of the preview's own pages; its scripts carry this response's nonce."""
        nonce = secrets.token_urlsafe(16)
        body = self.ui.get_template(template).render(nonce=nonce, **context).encode()
        self.send(status, "text/html; charset=utf-8", body, cache=cache,
                  policy=UI_POLICY.format(scripts=f"'nonce-{nonce}'"))

    def redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.security_headers(CONTENT_POLICY)
        self.end_headers()

    def send_json(self, value: dict) -> None:
        self.send(HTTPStatus.OK, "application/json", json.dumps(value).encode(), cache=False)

    def send(self, status: HTTPStatus, content_type: str, body: bytes, cache: bool = True,
             policy: str = CONTENT_POLICY) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.security_headers(policy)
        if not cache:
            self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not self.head:
            self.wfile.write(body)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None,
                   headers: list[tuple[str, str]] = ()) -> None:
        """Answer an error with its status and one plain sentence (the base class sends an HTML page)."""
        status = HTTPStatus(code)
        if self.request_version == "HTTP/0.9":
            self.request_version = "HTTP/1.0"  # a status line the client can read
        sentence = explain or message or status.description
        body = f"{status.value} {status.phrase}: {sentence[:300]}\n".encode("utf-8", "replace")
        self.close_connection = True
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        for name, value in headers:
            self.send_header(name, value)
        self.security_headers(CONTENT_POLICY)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def _readable(connection: socket.socket, timeout: float) -> bool:
    """Return whether ``connection`` has bytes (or its end) to read within ``timeout`` seconds."""
    if hasattr(select, "poll"):  # any descriptor number, unlike select()
        poller = select.poll()
        poller.register(connection, select.POLLIN)
        return bool(poller.poll(timeout * 1000))
    return bool(select.select([connection], [], [], timeout)[0])


def _safe_segment(part: str) -> bool:
    return (bool(part) and len(part) <= MAX_SEGMENT and not part.startswith(".")
            and all(c.isalnum() or c in "-_." for c in part))


_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _path_parts(path: str) -> list[str] | None:
    """Return the decoded segments of a request path, or None for one that tries to leave its folder.

    Raises _Refusal for a path that cannot be decoded: a stray %, bytes that are not UTF-8, a control character.
    """
    if _BAD_PERCENT.search(path):
        raise _Refusal(HTTPStatus.BAD_REQUEST, "the path has a % not followed by two hexadecimal digits")
    try:
        decoded = unquote(path, errors="strict")
    except UnicodeDecodeError:
        raise _Refusal(HTTPStatus.BAD_REQUEST, "the path's percent-encoding is not UTF-8") from None
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in decoded):
        raise _Refusal(HTTPStatus.BAD_REQUEST, "the path holds a control character (a NUL, a newline...)")
    if "\\" in decoded or not decoded.startswith("/") or decoded.startswith("//"):
        return None
    parts = decoded[1:].split("/")
    if any(part in (".", "..") for part in parts):
        return None
    return [] if parts == [""] else parts


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
            while drained < 1 << 20 and time.monotonic() < deadline and _readable(request, 0.1):
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
        print(f"lacnews preview: a request failed: {type(error).__name__}: {error}", file=sys.stderr, flush=True)


class PreviewServer6(PreviewServer):
    address_family = socket.AF_INET6


def _own_names(hosts: set[str], port: int) -> frozenset[str]:
    """Return the Host headers that name this server: each host with the port (and bare, on port 80)."""
    names = set()
    for host in hosts:
        shown = f"[{host.lower()}]" if ":" in host else host.lower()
        names.add(f"{shown}:{port}")
        if port == 80:
            names.add(shown)
    return frozenset(names)


def make_server(project: Project, host: str, port: int) -> tuple[PreviewServer, Previewer]:
    """Return a bound (not yet serving) preview server and its previewer; an IPv6 one for a host like ::1."""
    previewer = Previewer(project)
    handler = type("BoundPreviewHandler", (PreviewHandler,), {"previewer": previewer, "ui": _ui_environment()})
    host = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    server_class = PreviewServer6 if ":" in host else PreviewServer
    try:
        server = server_class((host, port), handler, host)
    except OSError as exc:
        shown = f"[{host}]" if ":" in host else host
        raise LacnewsError(f"cannot serve on {shown}:{port}: {exc.strerror or exc}; "
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
    shown_host = f"[{bound_host}]" if ":" in bound_host else bound_host
    return f"http://{shown_host}:{bound_port}/" + (f"issue/{slug}/" if slug else "")


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
    shown = f"[{own}]" if ":" in own else own
    return f"http://{shown}:{server.server_address[1]}/" + (f"issue/{slug}/" if slug else "")


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
