"""lacnews preview: a local server showing issues as they are written, reloading on save.

Changes are found by polling the sources' modification times every 50 ms: no
dependency, it sees an editor's save-by-rename as well as an in-place write, and
a stat of a dozen files costs nothing. Pages learn of a rebuild by Server-Sent
Events: one-way push is all that is needed, the browser's EventSource
reconnects by itself, and it runs on the standard library's HTTP server.
"""

from __future__ import annotations

import html
import json
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import jinja2

from lacnews.compose import compose
from lacnews.composed import Composed
from lacnews.errors import LacnewsError
from lacnews.inputs import Fingerprints, shared_inputs, stat_snapshot
from lacnews.limits import GMAIL_CLIP
from lacnews.listing import issue_summaries
from lacnews.project import SLUG, Project
from lacnews.samples import fill_merge_tags

POLL_SECONDS = 0.05
SETTLE_SECONDS = 0.02  # an editor may write a file in several pieces
KEEPALIVE_SECONDS = 15
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8",
                 ".xml": "application/atom+xml; charset=utf-8", ".json": "application/json",
                 ".css": "text/css; charset=utf-8", ".png": "image/png", ".jpg": "image/jpeg",
                 ".svg": "image/svg+xml"}


@dataclass
class IssueState:
    """The newest composition of one issue: the last good one, and the error of the last save if it failed."""

    slug: str
    version: int = 0
    good_version: int = 0
    composed: Composed | None = None
    findings: list[str] = field(default_factory=list)
    preview_html: bytes = b""
    error: str | None = None
    subject: str = ""
    build_seconds: float = 0.0

    def as_json(self) -> dict:
        return {
            "slug": self.slug,
            "version": self.version,
            "good_version": self.good_version,
            "error": self.error,
            "findings": self.findings,
            "html_bytes": self.composed.email.html_bytes if self.composed else 0,
            "text_bytes": self.composed.email.text_bytes if self.composed else 0,
            "subject": self.subject,
            "build_ms": round(self.build_seconds * 1000, 1),
        }


@dataclass
class Previewer:
    """Composes the issues being previewed, in memory, and again when their inputs change."""

    project: Project
    states: dict[str, IssueState] = field(default_factory=dict)
    changed: threading.Condition = field(default_factory=threading.Condition)
    build_lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)

    def state(self, slug: str) -> IssueState:
        """Return the state of ``slug``, building it first if nobody has asked for it yet."""
        with self.changed:
            known = self.states.get(slug)
        if known is None:
            self.rebuild(slug)
            with self.changed:
                known = self.states[slug]
        return known

    def rebuild(self, slug: str) -> None:
        """Compose ``slug`` and publish the outcome to every waiting page; nothing is written."""
        with self.build_lock:
            started = time.perf_counter()
            try:
                composed, error = compose(self.project, slug), None
            except LacnewsError as exc:
                composed, error = None, exc.format_message()
            seconds = time.perf_counter() - started
            with self.changed:
                state = self.states.setdefault(slug, IssueState(slug))
                state.version += 1
                state.error = error
                state.build_seconds = seconds
                if composed is not None:
                    subject = _subject_of(composed.email.html)
                    state.composed = composed
                    state.findings = [str(finding) for finding in composed.findings]
                    state.subject = subject
                    state.good_version = state.version
                    state.preview_html = _preview_document(composed.email.html, subject)
                self.changed.notify_all()

    def wait_for_change(self, slug: str, version: int, timeout: float) -> IssueState:
        """Return the state of ``slug`` once its version passes ``version`` (or the timeout ends)."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while not self.stopping.is_set():
                state = self.states.get(slug)
                remaining = deadline - time.monotonic()
                if (state and state.version != version) or remaining <= 0:
                    return state
                self.changed.wait(min(remaining, 0.5))
            return self.states.get(slug)

    def inputs(self) -> dict[Path, str | None]:
        """Return every input of the watched issues, with the issue it belongs to (None: all of them)."""
        with self.changed:
            states = list(self.states.values())
        fingerprints = Fingerprints(self.project)
        owners: dict[Path, str | None] = dict.fromkeys(shared_inputs(self.project))
        for state in states:
            referenced = state.composed.inputs.referenced if state.composed else ()
            for path in fingerprints.inputs(self.project.slug_path(state.slug), referenced).paths:
                owners[path] = None if path in owners and owners[path] != state.slug else state.slug
        return owners

    def watch(self) -> None:
        """Compose watched issues again whenever one of their inputs changes, until stopped."""
        owners = self.inputs()
        seen = stat_snapshot(owners)
        while not self.stopping.wait(POLL_SECONDS):
            owners = self.inputs()
            now = stat_snapshot(owners)
            if now == seen:
                continue
            time.sleep(SETTLE_SECONDS)
            now = stat_snapshot(owners)
            changed = {path for path in now.keys() | seen.keys() if now.get(path) != seen.get(path)}
            seen = now
            with self.changed:
                watched = list(self.states)
            if any(owners.get(path) is None for path in changed):
                affected = watched  # newsletter.yaml, words.txt or a template: every issue
            else:
                affected = list(dict.fromkeys(owners[path] for path in changed))
            for slug in affected:
                self.rebuild(slug)


def _subject_of(document: str) -> str:
    start, end = document.find("<title>"), document.find("</title>")
    return html.unescape(document[start + 7:end]) if 0 <= start < end else ""


def _preview_document(document: str, subject: str) -> bytes:
    """Return the email as a reader sees it: merge tags filled in, links opening a new tab."""
    filled = fill_merge_tags(document, subject=subject, escape=html.escape)
    filled = filled.replace("<head>", '<head>\n<base target="_blank">', 1)
    return filled.encode("utf-8")


def _ui_environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("lacnews", "ui"), autoescape=True,
                              undefined=jinja2.StrictUndefined)


class PreviewHandler(BaseHTTPRequestHandler):
    """Serves the preview pages and the build folder's files, nothing else."""

    server_version = "lacnews-preview"
    previewer: Previewer
    ui: jinja2.Environment

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass  # one line per request would bury the rebuild messages an editor wants

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        self.head = head
        url = urlsplit(self.path)
        parts = _path_parts(url.path)
        query = parse_qs(url.query)
        try:
            self.route(parts, query)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def route(self, parts: list[str] | None, query: dict) -> None:
        if parts is None:
            return self.not_found()
        if parts == []:
            return self.index()
        if parts[0] == "build" and len(parts) >= 2:
            return self.build_file(parts[1:])
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
                return self.send(HTTPStatus.OK, "text/html; charset=utf-8",
                                 self.previewer.state(slug).preview_html, cache=False)
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
        page = self.ui.get_template("index.html.j2").render(
            issues=issue_summaries(project), project=project.root.name)
        self.send(HTTPStatus.OK, "text/html; charset=utf-8", page.encode())

    def issue_page(self, slug: str) -> None:
        state = self.previewer.state(slug)
        page = self.ui.get_template("preview.html.j2").render(
            slug=slug, state=state.as_json(), state_json=json.dumps(state.as_json()),
            text=state.composed.email.text if state.composed else "", gmail_clip=GMAIL_CLIP)
        self.send(HTTPStatus.OK, "text/html; charset=utf-8", page.encode(), cache=False)

    def unknown_issue(self, slug: str) -> None:
        page = self.ui.get_template("not_found.html.j2").render(
            slug=slug, issues=self.previewer.project.issue_slugs())
        self.send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", page.encode())

    def not_found(self) -> None:
        page = self.ui.get_template("not_found.html.j2").render(slug=None, issues=[])
        self.send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", page.encode())

    def email_file(self, slug: str, name: str) -> None:
        """Serve the email's file exactly as `lacnews build` would write it, from memory."""
        composed = self.previewer.state(slug).composed
        if composed is None:
            return self.not_found()
        body = composed.email.html if name == "email.html" else composed.email.text
        self.send(HTTPStatus.OK, CONTENT_TYPES[Path(name).suffix], body.encode("utf-8"), cache=False)

    def build_file(self, parts: list[str]) -> None:
        build_dir = self.previewer.project.build_dir.resolve()
        if not all(_safe_segment(part) for part in parts):
            return self.not_found()
        path = build_dir.joinpath(*parts).resolve()
        if build_dir not in path.parents or not path.is_file():
            return self.not_found()
        content_type = CONTENT_TYPES.get(path.suffix, "application/octet-stream")
        self.send(HTTPStatus.OK, content_type, path.read_bytes(), cache=False)

    def events(self, slug: str, query: dict) -> None:
        state = self.previewer.state(slug)
        try:
            version = int(query.get("since", [state.version])[0])
        except ValueError:
            version = state.version
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.head:
            return
        while not self.previewer.stopping.is_set():
            state = self.previewer.wait_for_change(slug, version, KEEPALIVE_SECONDS)
            if state is not None and state.version != version:
                version = state.version
                message = f"event: update\ndata: {json.dumps(state.as_json())}\n\n"
            else:
                message = ": still here\n\n"
            self.wfile.write(message.encode())
            self.wfile.flush()

    # responses

    def redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def send_json(self, value: dict) -> None:
        self.send(HTTPStatus.OK, "application/json", json.dumps(value).encode(), cache=False)

    def send(self, status: HTTPStatus, content_type: str, body: bytes, cache: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if not cache:
            self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not self.head:
            self.wfile.write(body)


def _safe_segment(part: str) -> bool:
    return bool(part) and not part.startswith(".") and all(c.isalnum() or c in "-_." for c in part)


def _path_parts(path: str) -> list[str] | None:
    """Return the decoded segments of a request path, or None for one that tries to leave its folder."""
    decoded = unquote(path)
    if "\\" in decoded or "\x00" in decoded or not decoded.startswith("/") or decoded.startswith("//"):
        return None
    parts = decoded[1:].split("/")
    if any(part in (".", "..") for part in parts):
        return None
    return [] if parts == [""] else parts


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream must not keep the process alive after Ctrl-C
    allow_reuse_address = True


def make_server(project: Project, host: str, port: int) -> tuple[PreviewServer, Previewer]:
    """Return a bound (not yet serving) preview server and its previewer."""
    previewer = Previewer(project)
    handler = type("BoundPreviewHandler", (PreviewHandler,), {"previewer": previewer, "ui": _ui_environment()})
    try:
        server = PreviewServer((host, port), handler)
    except OSError as exc:
        raise LacnewsError(f"cannot serve on {host}:{port}: {exc.strerror}; "
                           "choose another --port, or leave it out to use a free one") from None
    return server, previewer


def address(server: PreviewServer, slug: str | None) -> str:
    """Return the address a browser opens for ``slug`` (or the index of issues) on ``server``."""
    bound_host, bound_port = server.server_address[:2]
    shown_host = f"[{bound_host}]" if ":" in bound_host else bound_host
    return f"http://{shown_host}:{bound_port}/" + (f"issue/{slug}/" if slug else "")


def serve(server: PreviewServer, previewer: Previewer) -> None:
    """Serve and watch until Ctrl-C; then stop cleanly."""
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
