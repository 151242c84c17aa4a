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

from lacnews import build
from lacnews.errors import LacnewsError
from lacnews.listing import issue_summaries
from lacnews.project import SLUG, Project
from lacnews.render import builtin_templates_dir
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
    """The newest build of one issue: the last good render, and the error of the last save if it failed."""

    slug: str
    version: int = 0
    good_version: int = 0
    rendered: build.Rendered | None = None
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
            "html_bytes": self.rendered.html_bytes if self.rendered else 0,
            "text_bytes": len(self.rendered.text.encode()) if self.rendered else 0,
            "subject": self.subject,
            "build_ms": round(self.build_seconds * 1000, 1),
        }


@dataclass
class Previewer:
    """Builds the issues being previewed and rebuilds them when their sources change."""

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
        """Build ``slug`` and publish the outcome to every waiting page."""
        with self.build_lock:
            started = time.perf_counter()
            try:
                # Written even with check errors: the page shows them beside the email.
                built = build.build(self.project, slug, force=True)
                rendered, findings, error = built.rendered, built.findings, None
            except LacnewsError as exc:
                rendered, findings, error = None, [], exc.format_message()
            seconds = time.perf_counter() - started
            with self.changed:
                state = self.states.setdefault(slug, IssueState(slug))
                state.version += 1
                state.error = error
                state.build_seconds = seconds
                if rendered is not None:
                    subject = _subject_of(rendered.html)
                    state.rendered = rendered
                    state.findings = [str(finding) for finding in findings]
                    state.subject = subject
                    state.good_version = state.version
                    state.preview_html = _preview_document(rendered.html, subject)
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

    def sources(self, slugs: list[str]) -> dict[Path, tuple[int, int]]:
        """Return (mtime, size) of every file the watched issues are built from."""
        paths = [self.project.config_path] + [self.project.issues_dir / f"{slug}.yaml" for slug in slugs]
        for folder in (self.project.templates_dir, builtin_templates_dir()):
            if folder.is_dir():
                paths.extend(p for p in folder.rglob("*") if p.is_file())
        snapshot = {}
        for path in paths:
            try:
                info = path.stat()
                snapshot[path] = (info.st_mtime_ns, info.st_size)
            except OSError:
                snapshot[path] = (0, -1)  # a missing file is a state too: its return is a change
        return snapshot

    def watch(self) -> None:
        """Rebuild watched issues whenever one of their sources changes, until stopped."""
        with self.changed:
            slugs = list(self.states)
        seen = self.sources(slugs)
        while not self.stopping.wait(POLL_SECONDS):
            with self.changed:
                slugs = list(self.states)
            now = self.sources(slugs)
            if now == seen:
                continue
            time.sleep(SETTLE_SECONDS)
            now = self.sources(slugs)
            issue_files = {self.project.issues_dir / f"{slug}.yaml": slug for slug in slugs}
            changed = {path for path in now.keys() | seen.keys() if now.get(path) != seen.get(path)}
            seen = now
            if any(path not in issue_files for path in changed):
                affected = slugs  # newsletter.yaml or a template: every issue
            else:
                affected = [issue_files[path] for path in changed]
            for slug in affected:
                self.rebuild(slug)


def _subject_of(document: str) -> str:
    start, end = document.find("<title>"), document.find("</title>")
    return html.unescape(document[start + 7:end]) if 0 <= start < end else ""


def _preview_document(document: str, subject: str) -> bytes:
    """Return the email as a reader sees it: merge tags filled in, links opening a new tab."""
    filled = fill_merge_tags(document, subject=subject)
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
            text=state.rendered.text if state.rendered else "", gmail_clip=build.GMAIL_CLIP)
        self.send(HTTPStatus.OK, "text/html; charset=utf-8", page.encode(), cache=False)

    def unknown_issue(self, slug: str) -> None:
        page = self.ui.get_template("not_found.html.j2").render(
            slug=slug, issues=self.previewer.project.issue_slugs())
        self.send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", page.encode())

    def not_found(self) -> None:
        page = self.ui.get_template("not_found.html.j2").render(slug=None, issues=[])
        self.send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", page.encode())

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
