"""The preview's pages: each request routed to the issue page, the email, its text, its pictures or the build
folder's files, with the headers that keep a draft private (see ``lacnews.commands.preview.server`` for what
the server trusts).
"""

from __future__ import annotations

import json
import re
import secrets
import select
import socket
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote

import jinja2

from lacnews.base import layout
from lacnews.base.layout import IMAGES
from lacnews.base.limits import GMAIL_CLIP
from lacnews.base.project import SLUG
from lacnews.commands.preview.watcher import Previewer
from lacnews.compose.issues import issue_summaries
from lacnews.console import log

KEEPALIVE_SECONDS = 15
STREAM_CHECK_SECONDS = 1.0  # how often an event stream looks whether its page went away
IDLE_SECONDS = 5  # a local browser sends its request at once; one that sends nothing is dropped
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


def ui_environment() -> jinja2.Environment:
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
    server: ThreadingHTTPServer  # a PreviewServer
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
            log(f"lacnews preview: {self.command} {path[:200]}: {explain}")
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
            language = query.get("language", [None])[0]  # an edition: ?language=cy
            if page == "":
                return self.issue_page(slug, language)
            if page == "email":
                return self.email_frame(slug, language)
            if page == "text":
                return self.text_as_read(slug, language)
            if page in (layout.EMAIL_HTML, layout.EMAIL_TEXT):
                return self.email_file(slug, page, language)
            if page == "state":
                return self.send_json(self.previewer.state(slug).as_json())
            if page == "events":
                return self.events(slug, query)
        return self.not_found()

    # pages

    def index(self) -> None:
        project = self.previewer.project
        self.page(HTTPStatus.OK, "index.html.j2", issues=issue_summaries(project), project=project.root.name)

    def issue_page(self, slug: str, language: str | None = None) -> None:
        state = self.previewer.state(slug)
        edition = state.edition(language)
        self.page(HTTPStatus.OK, "preview.html.j2", cache=False, slug=slug, state=state.as_json(),
                  text=edition.text if edition else "", gmail_clip=GMAIL_CLIP)

    def email_frame(self, slug: str, language: str | None = None) -> None:
        """The email (in ``language``, where each has its own) as a reader sees it, for the preview's frame;
        scripts in it do not run."""
        state = self.previewer.state(slug)
        edition = state.edition(language)
        if edition is None:  # not once built yet: say so, rather than send an empty page
            return self.page(HTTPStatus.OK, "unbuilt.html.j2", cache=False, slug=slug, error=state.error or "")
        self.send(HTTPStatus.OK, "text/html; charset=utf-8", edition.html, cache=False)

    def text_as_read(self, slug: str, language: str | None = None) -> None:
        """The text part as a reader sees it, merge tags filled with the frame's samples, for the text view."""
        edition = self.previewer.state(slug).edition(language)
        self.send(HTTPStatus.OK, "text/plain; charset=utf-8", (edition.text if edition else "").encode("utf-8"),
                  cache=False)

    def unknown_issue(self, slug: str) -> None:
        shown = slug if len(slug) <= 100 else slug[:100] + "…"
        self.page(HTTPStatus.NOT_FOUND, "not_found.html.j2", slug=shown, issues=self.previewer.project.issue_slugs())

    def not_found(self) -> None:
        self.page(HTTPStatus.NOT_FOUND, "not_found.html.j2", slug=None, issues=[])

    def email_file(self, slug: str, name: str, language: str | None = None) -> None:
        """Serve the email's file (of the edition in ``language``) exactly as `lacnews build` would write it,
        from memory."""
        composed = self.previewer.state(slug).composed
        if composed is None:
            return self.not_found()
        email = composed.emails.get(language) or next(iter(composed.emails.values()))
        body = email.html if name == layout.EMAIL_HTML else email.text
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
            return readable(self.connection, 0) and not self.connection.recv(1, socket.MSG_PEEK)
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


def readable(connection: socket.socket, timeout: float) -> bool:
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
