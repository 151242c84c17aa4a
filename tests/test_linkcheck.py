"""lacnews check --links against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import http.server
import json
import threading
import time

import pytest

from conftest import MINIMAL_NEWSLETTER


class Handler(http.server.BaseHTTPRequestHandler):
    requests: list[tuple[str, str]] = []

    def log_message(self, *args) -> None:
        pass

    def do_HEAD(self) -> None:
        self.answer("HEAD")

    def do_GET(self) -> None:
        self.answer("GET")

    def answer(self, method: str) -> None:
        Handler.requests.append((method, self.path))
        routes = {
            "/ok": (200, None), "/moved": (301, "/ok"), "/for-now": (302, "/ok"),
            "/broken": (500, None), "/no-head": (405 if method == "HEAD" else 200, None),
        }
        if self.path == "/slow":
            time.sleep(2)
            routes["/slow"] = (200, None)
        status, location = routes.get(self.path, (404, None))
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.requests = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def linked(project, server):
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + f"website: {server}/ok\n")
    project.issue("march-2021", f"""\
        date: 2021-03
        subject: Links
        sections:
          - title: Links
            body: |
              [Fine]({server}/ok) and [moved]({server}/moved) and
              [gone]({server}/gone) and [broken]({server}/broken) and
              [slow]({server}/slow) and [temporary]({server}/for-now) and
              [picky]({server}/no-head).
    """)
    return project


def lines_of(result) -> dict[str, str]:
    """Map each reported address to its finding line."""
    found = {}
    for line in result.out.splitlines():
        addresses = [word for word in line.split() if word.startswith("http://127.0.0.1")]
        if addresses:
            found.setdefault(addresses[0].rstrip(":"), line)
    return found


def test_links_are_fetched_and_judged(linked, server):
    result = linked.run("check", "march-2021", "--links", "--timeout", "1")
    assert result.code == 1 and "Traceback" not in result.err
    found = lines_of(result)
    assert f"{server}/ok" not in found and f"{server}/no-head" not in found  # GET after a refused HEAD
    assert found[f"{server}/moved"].startswith("issues/march-2021.yaml:6:")
    assert f"warning link-moved: {server}/moved has moved permanently to {server}/ok" in found[f"{server}/moved"]
    assert f"error link-broken: {server}/gone answers 404" in found[f"{server}/gone"]
    assert f"error link-broken: {server}/broken answers 500" in found[f"{server}/broken"]
    assert f"error link-broken: {server}/slow: no answer within 1 s" in found[f"{server}/slow"]
    assert f"note link-redirect: {server}/for-now redirects (for now) to {server}/ok" in found[f"{server}/for-now"]
    assert result.out.strip().endswith("3 errors, 1 warning, 1 note in march-2021")
    assert ("HEAD", "/no-head") in Handler.requests and ("GET", "/no-head") in Handler.requests


def test_a_second_run_uses_the_cache(linked, server):
    first = linked.run("check", "march-2021", "--links", "--timeout", "1")
    asked = len(Handler.requests)
    started = time.monotonic()
    second = linked.run("check", "march-2021", "--links", "--timeout", "1")
    assert len(Handler.requests) == asked  # nothing fetched again
    assert time.monotonic() - started < 2.5
    assert second.out == first.out
    cached = json.loads((linked.root / "build" / ".cache" / "links.json").read_text())
    assert cached[f"{server}/gone"]["status"] == 404


def test_links_are_checked_concurrently(linked, server):
    linked.issue("march-2021", "date: 2021-03\nsubject: S\nsections:\n  - title: T\n    body: |\n"
                 + "".join(f"      [slow {n}]({server}/slow?{n})\n" for n in range(8)))
    started = time.monotonic()
    linked.run("check", "march-2021", "--links", "--timeout", "5")
    assert time.monotonic() - started < 8  # eight 2-second answers at once, not one after another


def test_without_links_nothing_is_fetched(linked):
    result = linked.run("check", "march-2021")
    assert Handler.requests == [] and "link-broken" not in result.out
