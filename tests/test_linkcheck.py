"""lacnews check --links against real HTTP servers on 127.0.0.1: a well-behaved one, and hostile ones."""

from __future__ import annotations

import http.server
import json
import re
import subprocess
import sys
import threading
import time

import pytest
from conftest import MINIMAL_NEWSLETTER, REPO, lacnews_env
from hostile_servers import HostileServer


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
            time.sleep(4)  # past a 2 s deadline, which a loaded machine's quick answers are well within
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
    result = linked.run("check", "march-2021", "--links", "--timeout", "2")
    assert result.code == 1 and "Traceback" not in result.err
    found = lines_of(result)
    assert f"{server}/ok" not in found and f"{server}/no-head" not in found  # GET after a refused HEAD
    assert found[f"{server}/moved"].startswith("issues/march-2021.yaml:6:")
    assert f"warning link-moved: {server}/moved has moved permanently to {server}/ok" in found[f"{server}/moved"]
    assert f"error link-broken: {server}/gone answers 404" in found[f"{server}/gone"]
    assert f"error link-broken: {server}/broken answers 500" in found[f"{server}/broken"]
    assert f"error link-broken: {server}/slow: no answer within 2 s" in found[f"{server}/slow"]
    assert f"note link-redirect: {server}/for-now redirects (for now) to {server}/ok" in found[f"{server}/for-now"]
    assert result.out.strip().endswith("3 errors, 1 warning, 1 note in march-2021")
    assert ("HEAD", "/no-head") in Handler.requests and ("GET", "/no-head") in Handler.requests


def test_a_second_run_uses_the_cache(linked, server):
    first = linked.run("check", "march-2021", "--links", "--timeout", "2")
    asked = len(Handler.requests)
    second = linked.run("check", "march-2021", "--links", "--timeout", "2")
    assert len(Handler.requests) == asked  # nothing fetched again: the answers come from the cache
    assert second.out == first.out
    cached = json.loads((linked.root / "build" / ".cache" / "links.json").read_text())
    assert cached[f"{server}/gone"]["status"] == 404


def test_links_are_checked_concurrently(linked, server):
    linked.issue("march-2021", "date: 2021-03\nsubject: S\nsections:\n  - title: T\n    body: |\n"
                 + "".join(f"      [slow {n}]({server}/slow?{n})\n" for n in range(8)))
    started = time.monotonic()
    linked.run("check", "march-2021", "--links", "--timeout", "5")
    assert time.monotonic() - started < 8  # eight 4-second answers at once, not one after another


def test_without_links_nothing_is_fetched(linked):
    result = linked.run("check", "march-2021")
    assert Handler.requests == [] and "link-broken" not in result.out


# --- Hostile servers: every way a stranger's server can answer badly is a finding, in bounded time ---

STARTUP = 2.5  # seconds allowed for starting lacnews and composing the issue, on a loaded machine
HOSTILE = {
    "/drip": "no answer within 1 s",
    "/stall": "no answer within 1 s",
    "/bad-status": "does not answer in HTTP: its first line is 'HTTP/1.1 OK'",
    "/huge-header": "its answer's headers are longer than 64 KB, more than lacnews reads",
    "/many-headers": "its answer is not valid HTTP (got more than 100 headers)",
    "/cut": "closed the connection in the middle of its answer",
    "/length-long": "closed the connection in the middle of its answer: it announced 5,000 bytes (Content-Length) "
                    "and sent 100",
    "/length-short": "sent more than the 5 bytes it announced (Content-Length): readers may see the page cut short",
    "/to-file": "redirects to a file: address (file:///etc/passwd), which readers cannot open from an email",
    "/to-data": "redirects to a data: address (data:text/html;base64,",
    "/to-ftp": "redirects to an ftp: address (ftp://127.0.0.1/pub/), which readers cannot open from an email",
    "/loop": "more than 10 redirects",
}


@pytest.fixture
def hostile():
    server, greeter = HostileServer(), HostileServer(greeting=b"SSH-2.0-OpenSSH_9.6\r\n")
    yield server, greeter
    server.stop()
    greeter.stop()


def issue_linking(project, urls: list[str]) -> None:
    project.issue("march-2021", "date: 2021-03\nsubject: S\nsections:\n  - title: T\n    body: |\n"
                  + "".join(f"      [link {n}]({url})\n" for n, url in enumerate(urls)))


def test_hostile_servers_are_findings_and_the_check_ends_in_time(project, hostile):
    server, greeter = hostile
    urls = [server.url(path) for path in HOSTILE] + [greeter.url("/"), server.url("/escape"), server.url("/ok")]
    issue_linking(project, urls)
    started = time.monotonic()
    result = project.run("check", "march-2021", "--links", "--timeout", "1")
    elapsed = time.monotonic() - started
    assert result.code == 1 and "Traceback" not in result.err and "internal error" not in result.err
    found = lines_of(result)
    for path, reason in HOSTILE.items():
        assert f"error link-broken: {server.url(path)}: {reason}" in found[server.url(path)]
    assert (f"error link-broken: {greeter.url('/')}: does not answer in HTTP: its first line is "
            "'SSH-2.0-OpenSSH_9.6'") in found[greeter.url("/")]
    assert server.url("/ok") not in found
    # a Location that would drive the terminal is shown escaped, never acted on
    assert "\x1b" not in result.out and "\x07" not in result.out and "\x9b" not in result.out
    assert f"redirects (for now) to {server.url('/ok')}?\\x1b]0;pwned\\x07" in found[server.url("/escape")]
    assert "root:" not in result.out  # the file: redirect was not followed
    assert result.out.strip().endswith(f"{len(HOSTILE) + 1} errors, 1 note in march-2021")
    # 16 addresses, 8 at a time: two rounds of at most a second each, and the check's second of grace
    assert elapsed < 2 * 1 + 1 + STARTUP, elapsed


def test_each_address_has_one_deadline_for_the_whole_fetch(project, hostile):
    """A byte a second answers every read in time: only a deadline for the whole fetch ends it."""
    server, _ = hostile
    issue_linking(project, [server.url("/drip")])
    started = time.monotonic()
    result = project.run("check", "march-2021", "--links", "--timeout", "1.5")
    elapsed = time.monotonic() - started
    assert f"error link-broken: {server.url('/drip')}: no answer within 1.5 s" in result.out
    assert result.code == 1 and elapsed < 1.5 + 1 + STARTUP, elapsed


def test_the_whole_check_is_bounded_and_nothing_left_blocks_the_exit(hostile):
    """A check cut short reports what has not answered, and the program ends at once all the same."""
    server, _ = hostile
    script = f"""
import time
from lacnews.checks.links import fetch_all
started = time.monotonic()
results, cut = fetch_all([{server.url('/stall')!r}, {server.url('/drip')!r}, {server.url('/ok')!r}],
                         timeout=30, concurrency=2, total=0.5)
for url in sorted(results):
    print(url in cut, results[url].error)
print(round(time.monotonic() - started, 1))
"""
    started = time.monotonic()
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=20,
                             env=lacnews_env(), cwd=REPO)
    elapsed = time.monotonic() - started
    lines = process.stdout.splitlines()
    assert process.returncode == 0, process.stderr
    assert "True no answer within 0.5 s, the time the whole check may take" in lines  # stall and drip
    assert "True not checked: the whole check stopped after 0.5 s" in lines  # /ok, never reached
    assert float(lines[-1]) < 1.5 and elapsed < 1.5 + STARTUP  # threads blocked on a stalled peer do not hold it


DAMAGE = {
    "not-json": "{not json",
    "a-list": "[1, 2]",
    "an-entry-not-a-result": '{"http://x/": 5}',
    "wrong-types": '{"http://x/": {"url": "http://x/", "status": "200", "error": null, "redirects": "none", '
                   '"https_works": null, "checked": 1e99}}',
    "nested-deep": "[" * 100000,
    "not-utf8": "\udcff",
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_link_cache_is_rebuilt_and_said_once(project, hostile, damage):
    server, _ = hostile
    issue_linking(project, [server.url("/ok"), server.url("/missing")])
    cache = project.root / "build" / ".cache" / "links.json"
    cache.parent.mkdir(parents=True)
    cache.write_text(damage, encoding="utf-8", errors="surrogateescape")
    first = project.run("check", "march-2021", "--links", "--timeout", "1")
    assert first.code == 1 and "Traceback" not in first.err and "internal error" not in first.err
    assert first.out.count("note link-cache: the link cache was damaged") == 1
    assert "build/.cache/links.json: note link-cache: the link cache was damaged (" in first.out
    assert f"{server.url('/missing')} answers 404" in first.out
    assert json.loads(cache.read_text())[server.url("/ok")]["status"] == 200  # rebuilt
    second = project.run("check", "march-2021", "--links", "--timeout", "1")
    assert "link-cache" not in second.out and f"{server.url('/missing')} answers 404" in second.out


def test_a_build_folder_that_cannot_be_written_does_not_fail_the_check(project, hostile):
    server, _ = hostile
    issue_linking(project, [server.url("/ok")])
    (project.root / "build").mkdir()
    (project.root / "build" / ".cache").write_text("a file where the cache folder should be")
    result = project.run("check", "march-2021", "--links", "--timeout", "1")
    assert result.code == 0 and "Traceback" not in result.err and "internal error" not in result.err
    assert "note link-cache: cannot save the link cache (" in result.out
    assert "the links were checked, and will be fetched again next time" in result.out
    assert result.out.strip().endswith("1 note in march-2021")


def test_links_go_through_the_proxy_the_environment_names(project, hostile):
    server, _ = hostile
    issue_linking(project, ["http://lacnews-proxy-test.invalid/page"])
    proxy = f"http://127.0.0.1:{server.port}"
    result = project.run("check", "march-2021", "--links", "--timeout", "1",
                         env={"http_proxy": proxy, "https_proxy": proxy, "no_proxy": ""})
    assert result.code == 0, result.output
    assert ("HEAD", "http://lacnews-proxy-test.invalid/page") in server.requests
    assert ("CONNECT", "lacnews-proxy-test.invalid:443") in server.requests  # is https there too? refused
    assert "link-https" not in result.out


def test_a_remote_image_that_is_gone_is_reported_and_local_pictures_are_not_fetched(project, server):
    import picture_files

    picture_files.write_logo(project.root / "images" / "logo.png")
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + f"images_url: {server}/pictures/\n")
    project.issue("march-2021", f"""\
        date: 2021-03
        subject: Images
        sections:
          - title: Images
            items:
              - title: Gone
                image: {{src: "{server}/gone.jpg", alt: A picture that is gone}}
              - title: Ours
                image: {{src: images/logo.png, alt: Our logo}}
    """)
    result = project.run("check", "march-2021", "--links", "--timeout", "2")
    assert result.code == 1, result.output
    assert re.search(rf"issues/march-2021\.yaml:7:\d+: error link-broken: {re.escape(server)}/gone\.jpg answers 404",
                     result.out), result.out
    assert {path for _, path in Handler.requests} == {"/gone.jpg"}  # the local picture is not a web address


@pytest.mark.parametrize("command", [("check", "march-2021", "--links"), ("add", "march-2021", "http://127.0.0.1:9/")])
@pytest.mark.parametrize("value", ["nan", "-NaN", "inf"])
def test_a_timeout_that_is_not_a_number_of_seconds_is_refused_before_anything_is_fetched(project, command, value):
    before = (project.root / "issues" / "march-2021.yaml").read_bytes()
    result = project.run(*command, "--timeout", value)
    assert result.code == 2 and "Traceback" not in result.output
    assert f"Invalid value for '--timeout': {value!r} is not a number of seconds: give one from 0.1 to 120" \
        in result.err
    assert "link-broken" not in result.out and "connect" not in result.output  # nothing blamed on a server
    assert (project.root / "issues" / "march-2021.yaml").read_bytes() == before
