"""lacnews preview, started as a user starts it and driven in Debian's Chromium."""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import TempProject, lacnews_command, lacnews_env

from lacnews.commands.preview.server import IDLE_SECONDS, MAX_CONNECTIONS
from lacnews.commands.preview.watcher import MAX_WATCHED

pytestmark = pytest.mark.browser


class RunningPreview:
    """`lacnews preview` in a subprocess, with the URL it printed."""

    def __init__(self, project: TempProject, *args: str):
        self.project = project
        self.process = subprocess.Popen(
            [*lacnews_command(), "preview", *args, "--no-open", "--port", "0"], cwd=project.root,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=lacnews_env())
        first_line = self.process.stdout.readline()
        match = re.search(r"at (http://(\[[0-9a-f:]+\]|[^/:\s]+):(\d+)/)(\S*)", first_line)
        assert match, first_line + self.process.stderr.read()
        self.base, self.url = match.group(1), match.group(1) + match.group(4)
        self.host, self.port = match.group(2), int(match.group(3))
        self.family = socket.AF_INET6 if self.host.startswith("[") else socket.AF_INET

    @property
    def authority(self) -> str:
        return f"{self.host}:{self.port}"

    def connect(self, timeout: float = 10) -> socket.socket:
        connection = socket.socket(self.family)
        connection.settimeout(timeout)
        connection.connect((self.host.strip("[]"), self.port))
        return connection

    def raw(self, request: bytes) -> tuple[int, dict[str, str], bytes]:
        """Send ``request`` exactly as written; return the status, headers and body of the answer."""
        with self.connect() as connection:
            connection.sendall(request)
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        return parse_response(answer)

    def fetch(self, path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
        """GET ``path`` with the Host header a browser sends (or ``host``), over HTTP/1.1."""
        return self.raw(f"GET {path} HTTP/1.1\r\nHost: {host or self.authority}\r\n"
                        "Connection: close\r\n\r\n".encode())

    def threads(self) -> int:
        """Return how many threads the preview process runs (Linux)."""
        return len(os.listdir(f"/proc/{self.process.pid}/task"))

    def idle_threads(self) -> int:
        """Return how many threads the preview runs once the last request's thread has ended."""
        count, steady_since = self.threads(), time.monotonic()
        while time.monotonic() - steady_since < 0.3:
            time.sleep(0.02)
            if self.threads() != count:
                count, steady_since = self.threads(), time.monotonic()
        return count

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path.lstrip("/"), timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def stop(self) -> tuple[int, str, str]:
        """Press Ctrl-C, as a user does, and return (exit code, stdout, stderr)."""
        self.process.send_signal(signal.SIGINT)
        try:
            out, err = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()  # and close its pipes, so one failure is not blamed on the next test
            out, err = self.process.communicate()
            pytest.fail(f"the preview did not stop within 10 s of Ctrl-C; it printed:\n{out}{err}")
        return self.process.returncode, out, err


def parse_response(answer: bytes) -> tuple[int, dict[str, str], bytes]:
    head, separator, body = answer.partition(b"\r\n\r\n")
    assert separator, f"no complete response head: {answer[:200]!r}"
    status_line, *header_lines = head.decode("iso-8859-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


@pytest.fixture
def preview(lac):
    running = RunningPreview(lac, "may-2020")
    yield running
    if running.process.poll() is None:
        code, _, err = running.stop()
        assert code == 0 and "Traceback" not in err, err


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900},
                                  permissions=["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()


def edit(project: TempProject, old: str, new: str) -> None:
    path = project.root / "issues" / "may-2020.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def wait_until(page, expression: str, timeout: float = 5) -> None:
    """Wait for a JavaScript expression to hold on ``page``.

    Not page.wait_for_function: it compiles its predicate with eval, which the preview's
    Content-Security-Policy forbids, as it forbids every script but the preview's own.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        time.sleep(0.05)


def email_frame(page):
    return page.frame_locator("#frame")


def built(project: TempProject, name: str) -> str:
    """Return the file ``name`` as `lacnews build may-2020` writes it (the preview writes nothing)."""
    result = project.run("build", "may-2020")
    assert result.code == 0, result.output
    return (project.root / "build" / "may-2020" / name).read_text(encoding="utf-8")


def test_preview_shows_the_issue_and_stops_cleanly_on_ctrl_c(preview, page, tmp_path):
    assert preview.url.endswith("/issue/may-2020/")
    page.goto(preview.url)
    frame = email_frame(page)
    frame.locator("h1").wait_for()
    assert frame.locator("h1").inner_text() == "Local Area Coordination in England and Wales"
    assert "Local Area Coordination Network update – May 2020" in page.locator("#subject").inner_text()
    # sample values instead of merge tags, for reading; the copy keeps the tags
    body = frame.locator("body").inner_text()
    assert "alex.taylor@example.org" in body and "*|EMAIL|*" not in body
    assert "KB of Gmail's 102.0 KB clip" in page.locator("#size-text").inner_text()
    page.screenshot(path=str(tmp_path / "preview-desktop.png"))
    code, out, err = preview.stop()
    assert code == 0 and "Traceback" not in err and "Stopped." in out


def test_phone_view_is_375_wide_with_no_sideways_scroll(preview, page, tmp_path):
    page.goto(preview.url)
    page.click("button[data-view=phone]")
    frame = page.frame(url=re.compile(r"/email"))
    email_frame(page).locator("h1").wait_for()
    assert frame.evaluate("window.innerWidth") == 375
    assert frame.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(tmp_path / "preview-phone.png"))


def test_text_view_shows_the_plain_text(preview, page, lac, tmp_path):
    page.goto(preview.url)
    page.click("button[data-view=text]")
    text_view = page.locator("#text")
    assert text_view.is_visible() and not page.locator("#frame").is_visible()
    from lacnews.text.mergetags import fill_merge_tags

    # as a reader sees it: the merge tags filled with the same samples as the HTML view
    expected = fill_merge_tags(built(lac, "email.txt"), subject="Local Area Coordination Network update – May 2020")
    assert text_view.inner_text().strip() == expected.strip()
    assert "*|" not in text_view.inner_text()
    frame_text = email_frame(page).locator("body").inner_text()
    for sample in re.findall(r"\S+@example\.\S+", text_view.inner_text()):
        assert sample.strip(".()") in frame_text  # the same sample address in both views
    edit(lac, "title: Useful blogs", "title: Useful blogs, *|FNAME|*")
    text_view.get_by_text("Useful blogs, ").first.wait_for(timeout=5000)  # refreshed with the tag filled
    assert "*|FNAME|*" not in text_view.inner_text()
    page.screenshot(path=str(tmp_path / "preview-text.png"))


@pytest.mark.parametrize("button, name", [("#copy-html", "email.html"), ("#copy-text", "email.txt")])
def test_copy_puts_the_exact_build_output_on_the_clipboard(preview, page, lac, button, name):
    page.goto(preview.url)
    page.click(button)
    page.locator("#status", has_text=re.compile("^Copied")).wait_for()
    expected = built(lac, name)
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert "*|UNSUB|*" in expected
    assert f"Copied {len(expected.encode()) / 1024:.1f} KB" in page.locator("#status").inner_text()


def test_download_links_serve_what_build_writes(preview, lac):
    for name in ("email.html", "email.txt"):
        status, body = preview.get(f"/issue/may-2020/{name}")
        assert status == 200
        assert body == built(lac, name)


def test_preview_writes_nothing_so_build_all_still_refuses_an_issue_with_errors(lac, page):
    lac.issue("june-2020", "date: 2020-06\nsubject: June news\nsections:\n  - title: T\n"
                           "    body: Hello *Community, the Streeet party is on.\n")
    running = RunningPreview(lac, "june-2020")
    try:
        page.goto(running.url)
        email_frame(page).locator("h1").wait_for()
        assert "merge-tag-broken" in page.locator("body").inner_text()  # the preview shows the error
    finally:
        code, _, err = running.stop()
    assert code == 0, err
    assert not (lac.root / "build").exists()
    result = lac.run("build", "--all")
    assert result.code == 1
    assert "failed: june-2020" in result.err and "merge-tag-broken" in result.err
    assert "1 of 2 issues failed to build" in result.err


def test_editing_words_txt_refreshes_the_page(preview, page, lac):
    page.goto(preview.url)
    email_frame(page).locator("h1").wait_for()
    words = lac.root / "words.txt"
    # a person's name (a place's, such as Kirklees, is known without words.txt)
    words.write_text(words.read_text(encoding="utf-8").replace("Crowther", ""), encoding="utf-8")
    page.locator("#findings").get_by_text("'Crowther' is not in the British English dictionary").first \
        .wait_for(timeout=5000)


def test_saving_the_issue_updates_the_page_without_a_reload_keeping_the_scroll(preview, page, lac):
    page.goto(preview.url)
    frame = email_frame(page)
    frame.locator("h1").wait_for()
    page.evaluate("window.notReloaded = true")
    page.frame(url=re.compile(r"/email")).evaluate("window.scrollTo(0, 900)")
    edit(lac, "title: Useful blogs", "title: Useful blogs and podcasts")
    frame.locator("text=Useful blogs and podcasts").wait_for(timeout=5000)
    wait_until(page, "document.getElementById('frame').contentWindow.scrollY > 0")
    assert page.evaluate("window.notReloaded") is True
    assert abs(page.frame(url=re.compile(r"/email")).evaluate("window.scrollY") - 900) < 5
    assert "Useful blogs and podcasts" in page.locator("#text").inner_text()


def test_a_broken_save_shows_the_error_over_the_last_good_render(preview, page, lac, tmp_path):
    page.goto(preview.url)
    email_frame(page).locator("h1").wait_for()
    edit(lac, "date: 2020-05", "date: 2020-15")
    error = page.locator("#error")
    error.wait_for(state="visible", timeout=5000)
    assert "issues/may-2020.yaml:8:7: date: '2020-15' has no month 15" in error.inner_text()
    assert email_frame(page).locator("h1").inner_text() == "Local Area Coordination in England and Wales"
    page.screenshot(path=str(tmp_path / "preview-error.png"))
    edit(lac, "date: 2020-15", "date: 2020-05")
    error.wait_for(state="hidden", timeout=5000)


def test_index_lists_issues_newest_first(lac, page):
    lac.issue("june-2020", "date: 2020-06\nsubject: June news\nsections:\n  - title: T\n")
    lac.issue("april-2020", "date: 2020-04\nsubject: April news\nsections:\n  - title: T\n")
    running = RunningPreview(lac)
    try:
        assert running.url == running.base
        page.goto(running.url)
        rows = page.locator("table.issues tbody tr").all_inner_texts()
        assert [row.split("\t")[0] for row in rows] == ["june-2020", "may-2020", "april-2020"]
        assert "June 2020" in rows[0] and "June news" in rows[0]
        page.click("text=may-2020")
        email_frame(page).locator("h1").wait_for()
    finally:
        running.stop()


@pytest.mark.parametrize("path", [
    "/build/../newsletter.yaml", "/build/%2e%2e/newsletter.yaml", "/build/may-2020/%2e%2e%2f%2e%2e%2fnewsletter.yaml",
    "/build/..%2fnewsletter.yaml", "//etc/passwd", "/%2fetc%2fpasswd", "/build/may-2020/", "/build/",
    "/newsletter.yaml", "/issues/may-2020.yaml", "/build/may-2020/.email.html.tmp", "/issue/..%2f..%2fx/",
])
def test_nothing_outside_the_preview_pages_and_build_folder_is_served(preview, path):
    import http.client
    connection = http.client.HTTPConnection(preview.base.split("//")[1].rstrip("/"), timeout=10)
    connection.request("GET", path)  # sent as written: no client-side normalisation
    response = connection.getresponse()
    body = response.read().decode()
    assert response.status == 404, path
    assert "York House" not in body and "root:" not in body


def test_unknown_issue_gets_a_helpful_404(preview):
    status, body = preview.get("/issue/june-2020/")
    assert status == 404
    assert "There is no issue <strong>june-2020</strong>" in body and 'href="/issue/may-2020/"' in body


def test_server_binds_to_this_machine_only(preview):
    assert preview.base.startswith("http://127.0.0.1:")


def test_a_hundred_concurrent_requests_while_rebuilding_get_whole_pages(preview, lac):
    saving = threading.Lock()  # one editor: a save at a time, each whole (an editor's save-by-rename)
    issue_file = lac.root / "issues" / "may-2020.yaml"

    def save_the_other_title():
        with saving:
            text = issue_file.read_text(encoding="utf-8")
            old, new = ("Useful blogs", "Useful reading") if "Useful blogs" in text else ("Useful reading",
                                                                                           "Useful blogs")
            saved = issue_file.with_name(".may-2020.yaml.saving")
            saved.write_text(text.replace(old, new), encoding="utf-8")
            os.replace(saved, issue_file)

    def fetch(index):
        if index % 10 == 0:
            save_the_other_title()
        path = ["/issue/may-2020/email.html", "/issue/may-2020/email", "/issue/may-2020/"][index % 3]
        return path, *preview.get(path)

    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(fetch, range(100)))
    for path, status, body in results:
        assert status == 200, path
        assert body.rstrip().endswith("</html>"), path
        if path != "/issue/may-2020/":
            assert ("Useful blogs" in body) != ("Useful reading" in body), path  # one version, not a mix


def test_host_other_than_this_machine_is_warned_about(lac):
    process = subprocess.Popen([*lacnews_command(), "preview", "may-2020", "--no-open", "--port", "0",
                                "--host", "0.0.0.0"], cwd=lac.root, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=lacnews_env())
    try:
        line = process.stdout.readline()
        match = re.search(r"Previewing may-2020 at (http://127\.0\.0\.1:\d+/issue/may-2020/)", line)
        assert match, line  # an address a browser can open, not http://0.0.0.0/
        with urllib.request.urlopen(match.group(1), timeout=10) as response:
            assert response.status == 200 and b"may-2020" in response.read()
        others = process.stdout.readline()
        if others.startswith("Others on your network:"):  # where this machine has a network address
            elsewhere = re.search(r"http://([0-9.]+):(\d+)/issue/may-2020/", others)
            assert elsewhere and elsewhere.group(1) != "0.0.0.0", others
            with urllib.request.urlopen(elsewhere.group(0), timeout=10) as response:
                assert response.status == 200
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=10)
    assert "warning: serving on 0.0.0.0: anyone who can reach this machine can read your unpublished issues" in err


def test_a_busy_port_is_a_clear_error(lac):
    import socket
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = lac.run("preview", "may-2020", "--no-open", "--port", str(port))
    assert result.code == 1 and "Traceback" not in result.err
    assert f"cannot serve on 127.0.0.1:{port}" in result.err and "choose another --port" in result.err


def test_save_to_refresh_is_quick(preview, page, lac):
    """The measured figure belongs to benchmarks/preview.py; here only that it arrives in seconds, not never."""
    page.goto(preview.url)
    email_frame(page).locator("h1").wait_for()
    started = time.monotonic()
    edit(lac, "title: Useful blogs", "title: Useful blogs today")
    email_frame(page).locator("text=Useful blogs today").wait_for(timeout=5000)
    assert time.monotonic() - started < 5


# trust: the preview runs beside the editor's browser and serves unpublished drafts


ROUTES = ["/", "/issue/may-2020/", "/issue/may-2020/email", "/issue/may-2020/email.html",
          "/issue/may-2020/email.txt", "/issue/may-2020/state", "/issue/may-2020/events",
          "/build/may-2020/email.html", "/issue/june-2020/", "/nothing-here"]


def test_requests_naming_another_host_are_refused_on_every_route(preview, lac):
    """DNS rebinding: a page on another site whose name now points at 127.0.0.1 reads nothing."""
    assert lac.run("build", "may-2020").code == 0  # so /build/ has a draft to protect
    stranger = preview.authority.replace("127.0.0.1", "rebind.example")
    for route in ROUTES:
        for host in (stranger, "127.0.0.1", f"127.0.0.1:{preview.port + 1}", "localhost.example:" + str(preview.port)):
            status, headers, body = preview.fetch(route, host=host)
            assert status == 421, (route, host)
            assert headers["content-type"] == "text/plain; charset=utf-8" and len(body) < 200, (route, host)
            assert b"Local Area Coordination" not in body and b"only to 127.0.0.1:" in body
        # an HTTP/1.1 request must say whom it is for; an absolute URL names another host just the same
        assert preview.raw(f"GET {route} HTTP/1.1\r\nConnection: close\r\n\r\n".encode())[0] == 421, route
        assert preview.raw(f"GET http://{stranger}{route} HTTP/1.1\r\nHost: {preview.authority}\r\n"
                           "\r\n".encode())[0] == 421, route
    # its own names are answered: the address it is bound to, and localhost
    for host in (preview.authority, f"localhost:{preview.port}", f"LOCALHOST:{preview.port}"):
        for route in ("/", "/issue/may-2020/", "/build/may-2020/email.html"):
            status, _, body = preview.fetch(route, host=host)
            assert status == 200 and body.rstrip().endswith(b"</html>"), (route, host)
    assert preview.raw(b"GET /issue/may-2020/state HTTP/1.0\r\n\r\n")[0] == 200  # HTTP/1.0 needs no Host


def issue_yaml(slug: str, subject: str) -> str:
    month, year = slug.split("-")
    number = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
              "october", "november", "december"].index(month) + 1
    return (f"date: {year}-{number:02d}\nsubject: {subject}\nsections:\n  - title: News\n"
            "    body: Hello from the network.\n")


def read_events(stream: socket.socket, until: bytes, timeout: float) -> bytes:
    """Read an event stream until ``until`` shows (or the timeout ends); return what came."""
    stream.settimeout(0.2)
    seen, deadline = b"", time.monotonic() + timeout
    while until not in seen and time.monotonic() < deadline:
        try:
            chunk = stream.recv(65536)
        except TimeoutError:
            continue
        if not chunk:
            break
        seen += chunk
    return seen


def test_a_crawler_opening_every_issue_does_not_make_the_preview_watch_them_all(lac):
    """What is watched stays bounded; the issue being written and the pages left open keep updating."""
    months = ["january", "february", "march", "april", "june", "july", "august", "september", "october",
              "november", "december"]
    crawled = [f"{month}-{year}" for year in (2021, 2022) for month in months][:MAX_WATCHED + 12]
    for slug in ["june-2020", *crawled]:
        lac.issue(slug, issue_yaml(slug, f"News for {slug}"))
    running = RunningPreview(lac, "may-2020")
    try:
        with running.connect() as stream:  # the editor has june-2020 open in a tab
            follow_while_crawled(lac, running, stream, crawled)
    finally:
        code, _, err = running.stop()
    assert code == 0 and "Traceback" not in err, err


def follow_while_crawled(lac: TempProject, running: RunningPreview, stream: socket.socket, crawled: list[str]):
    stream.sendall(f"GET /issue/june-2020/events HTTP/1.1\r\nHost: {running.authority}\r\n\r\n".encode())
    assert b"200 OK" in read_events(stream, b"\r\n\r\n", 10)
    for slug in crawled:  # a crawler, or a stranger, opens every issue
        assert running.fetch(f"/issue/{slug}/")[0] == 200
    last = json.loads(running.fetch(f"/issue/{crawled[-1]}/state")[2])["version"]

    # a change every issue shares is composed again only for what is watched, not for all it was shown
    words = lac.root / "words.txt"
    words.write_text(words.read_text(encoding="utf-8") + "Crawlington\n", encoding="utf-8")
    assert b"event: update" in read_events(stream, b"event: update", 10)  # the open page updates
    deadline = time.monotonic() + 10
    while json.loads(running.fetch("/issue/may-2020/state")[2])["version"] <= last:
        assert time.monotonic() < deadline, "the issue named on the command line did not rebuild"
        time.sleep(0.05)
    time.sleep(0.5)  # let every rebuild the change started finish
    lac.issue("may-2023", issue_yaml("may-2023", "Fresh"))  # composed now, after them all
    fresh = json.loads(running.fetch("/issue/may-2023/state")[2])["version"]
    rebuilt = fresh - last - 1  # versions count every composition
    assert 2 <= rebuilt <= 2 + MAX_WATCHED, rebuilt  # may-2020, june-2020 (open), the most recent few

    # the page left open and the issue named on the command line still follow their saves
    lac.issue("june-2020", issue_yaml("june-2020", "June news, revised"))
    assert b"June news, revised" in read_events(stream, b"June news, revised", 10)
    edit(lac, "title: Useful blogs", "title: Useful blogs revised")
    deadline = time.monotonic() + 10
    while "Useful blogs revised" not in running.get("/issue/may-2020/email.html")[1]:
        assert time.monotonic() < deadline, "may-2020 stopped following its saves"
        time.sleep(0.05)


def test_two_hundred_concurrent_clients_get_whole_answers_while_an_idle_one_is_dropped(preview):
    with preview.connect(timeout=IDLE_SECONDS + 5) as idle:  # connects, then sends nothing
        opened = time.monotonic()
        took = many_clients_at_once(preview, 200)
        assert idle.recv(1) == b""  # the server closes the idle connection...
        closed = time.monotonic() - opened
    assert took < IDLE_SECONDS - 1, f"200 concurrent clients took {took:.1f} s"  # not held up by the idle one
    assert IDLE_SECONDS - 0.5 < closed < IDLE_SECONDS + 2, closed  # ...after its idle timeout


def many_clients_at_once(preview: RunningPreview, count: int) -> float:
    """Let ``count`` clients ask for the preview's pages at the same moment; return how long all took."""
    paths = ["/issue/may-2020/", "/issue/may-2020/email", "/issue/may-2020/email.html", "/issue/may-2020/state"]
    start = threading.Barrier(count)

    def client(index):
        path = paths[index % len(paths)]
        start.wait()
        connection = http.client.HTTPConnection(preview.authority, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
            return path, response.status, int(response.headers["Content-Length"]), body
        finally:
            connection.close()

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
        results = list(pool.map(client, range(count)))
    took = time.monotonic() - started
    for path, status, length, body in results:
        assert status == 200 and len(body) == length, path  # every answer whole
        assert body.rstrip().endswith(b"</html>") if path != paths[3] else json.loads(body)["good_version"], path
    return took


def test_over_the_connection_bound_a_client_gets_a_quick_503_not_a_queue(preview):
    held = []
    try:
        for _ in range(MAX_CONNECTIONS):
            held.append(preview.connect())
        time.sleep(0.2)
        started = time.monotonic()
        status, headers, body = preview.fetch("/issue/may-2020/state")
        assert status == 503 and time.monotonic() - started < 1
        assert headers["retry-after"] == "1" and b"try again" in body
    finally:
        for connection in held:
            connection.close()
    deadline = time.monotonic() + 5
    while preview.fetch("/issue/may-2020/state")[0] != 200:  # the slots come back when the clients go
        assert time.monotonic() < deadline
        time.sleep(0.05)


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads in /proc (Linux)")
def test_an_event_stream_whose_page_went_away_ends_its_thread(preview):
    assert preview.fetch("/issue/may-2020/state")[0] == 200  # serving, and watching: its threads all started
    before = preview.idle_threads()
    streams = []
    for _ in range(20):
        stream = preview.connect()
        stream.sendall(f"GET /issue/may-2020/events HTTP/1.1\r\nHost: {preview.authority}\r\n\r\n".encode())
        head = read_events(stream, b"\r\n\r\n", 5)
        assert b"200 OK" in head and b"text/event-stream" in head
        streams.append(stream)
    assert preview.threads() >= before + 20
    for stream in streams:
        stream.close()
    deadline = time.monotonic() + 5
    while preview.threads() > before:
        assert time.monotonic() < deadline, f"{preview.threads() - before} streams still running"
        time.sleep(0.05)


BAD_REQUESTS = {
    "a path segment of 300 characters": (b"GET /build/" + b"a" * 300 + b"/email.html HTTP/1.1\r\n", 404),
    "an issue name of 300 characters": (b"GET /issue/" + b"a" * 300 + b"/ HTTP/1.1\r\n", 404),
    "a URL of 100 KB": (b"GET /issue/" + b"a" * 100_000 + b" HTTP/1.1\r\n", 414),
    "a request line without a path": (b"GET HTTP/1.1\r\n", 400),
    "a method alone": (b"GET\r\n", 400),
    "a stray %": (b"GET /issue/%zz/ HTTP/1.1\r\n", 400),
    "percent-encoding that is not UTF-8": (b"GET /issue/%ff%fe/ HTTP/1.1\r\n", 400),
    "an encoded NUL": (b"GET /build/may-2020/email.html%00.txt HTTP/1.1\r\n", 400),
    "a NUL byte": (b"GET /issue/may\x00-2020/ HTTP/1.1\r\n", 400),
    "POST": (b"POST /issue/may-2020/ HTTP/1.1\r\nContent-Length: 2\r\n\r\nhi", 405),
    "PUT": (b"PUT /build/may-2020/email.html HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 405),
    "DELETE": (b"DELETE /issue/may-2020/ HTTP/1.1\r\n", 405),
    "a bad version": (b"GET / HTTP/x.y\r\n", 400),
    "TLS spoken to plain HTTP": (b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + bytes(range(1, 100)) + b"\r\n", 400),
}


def test_bad_requests_get_a_clean_4xx_and_no_traceback(preview):
    for name, (request, expected) in BAD_REQUESTS.items():
        line, _, rest = request.partition(b"\r\n")  # the request line, then a Host, as a browser sends
        request = line + f"\r\nHost: {preview.authority}\r\n".encode() + (rest or b"\r\n")
        status, headers, body = preview.raw(request)
        assert status == expected, name
        assert headers["content-type"] in ("text/plain; charset=utf-8", "text/html; charset=utf-8"), name
        assert len(body) == int(headers["content-length"]) and b"Traceback" not in body, name
    assert preview.raw(b"POST / HTTP/1.1\r\nHost: " + preview.authority.encode() + b"\r\n\r\n")[1]["allow"] \
        == "GET, HEAD"
    assert preview.fetch("/issue/may-2020/state")[0] == 200  # and it serves on
    code, _, err = preview.stop()
    assert code == 0 and "Traceback" not in err and "lacnews preview:" not in err, err


def ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.skipif(not socket.has_ipv6 or not ipv6_loopback(), reason="this machine has no IPv6 loopback (::1)")
def test_preview_serves_on_ipv6_loopback(lac):
    running = RunningPreview(lac, "may-2020", "--host", "::1")
    try:
        assert running.url.startswith("http://[::1]:") and running.url.endswith("/issue/may-2020/")
        status, body = running.get("/issue/may-2020/email.html")  # Host: [::1]:PORT, as a browser sends
        assert status == 200 and "Local Area Coordination in England and Wales" in body
        assert running.fetch("/issue/may-2020/", host=f"localhost:{running.port}")[0] == 200
        assert running.fetch("/issue/may-2020/", host=f"127.0.0.1:{running.port}")[0] == 421  # not its address
        assert running.fetch("/issue/may-2020/", host=f"rebind.example:{running.port}")[0] == 421
    finally:
        code, _, err = running.stop()
    assert code == 0 and "Traceback" not in err and "warning" not in err, err


def test_pages_are_framed_only_by_the_preview_and_send_no_referrer(preview, page, lac):
    assert lac.run("build", "may-2020").code == 0
    routes = ("/", "/issue/may-2020/", "/issue/may-2020/email", "/issue/may-2020/email.html", "/nothing",
              "/build/may-2020/email.html")
    for route in routes:
        _, headers, _ = preview.fetch(route)
        assert headers["x-frame-options"] == "SAMEORIGIN", route
        assert "frame-ancestors 'self'" in headers["content-security-policy"], route
        assert headers["referrer-policy"] == "no-referrer", route
        assert headers["x-content-type-options"] == "nosniff", route
    # a page of another origin (localhost:PORT is not 127.0.0.1:PORT) cannot show the preview inside its own
    page.goto(f"http://localhost:{preview.port}/build/may-2020/email.html")
    page.evaluate("url => document.body.append(Object.assign(document.createElement('iframe'), {src: url}))",
                  preview.url + "email")
    page.wait_for_timeout(500)
    assert "Local Area Coordination" not in page.frames[1].evaluate("document.documentElement.innerHTML")


def test_text_from_the_issue_is_shown_as_text_and_runs_no_script(lac, page):
    attack = '<img src=x onerror="top.__xss=true;alert(1)">'
    lac.issue("june-2020", "date: 2020-06\n"
                           f"subject: '{attack}'\n"
                           "sections:\n"
                           "  - title: '<script>top.__xss=true</script>Events'\n"
                           f"    body: 'Hello <script>top.__xss=true</script> and {attack} there.'\n")
    dialogs, violations = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    running = RunningPreview(lac, "june-2020")
    try:
        page.goto(running.url)
        frame = email_frame(page)
        frame.locator("h1").wait_for()
        assert page.locator("#subject").inner_text() == attack  # the subject, as text
        shown = frame.locator("body").inner_text().replace("\u200b", "")  # long words carry break points
        assert attack in shown  # the email, as text
        assert "Hello <script>top.__xss=true</script> and" in shown
        page.click("button[data-view=text]")
        assert "<script>top.__xss=true</script>Events" in page.locator("#text").inner_text()
        # an error message quoting the issue is text too
        lac.issue("june-2020", f"date: '{attack}'\nsubject: June\nsections:\n  - title: T\n")
        page.locator("#error").wait_for(state="visible", timeout=5000)
        assert attack in page.locator("#error-text").inner_text()
        page.goto(running.base)  # the index of issues shows subjects too
        page.wait_for_timeout(300)
        assert page.evaluate("window.__xss") is None
        page.goto(running.url)
        page.locator("#error").wait_for(state="visible", timeout=5000)
        page.wait_for_timeout(300)  # time for an image to fail and its onerror to run, were it markup
        assert page.evaluate("window.__xss") is None
        assert page.frame(url=re.compile(r"/email")).evaluate("window.__xss") is None
    finally:
        code, _, err = running.stop()
    assert dialogs == [] and violations == []  # nothing even tried to run: it was all text
    assert code == 0 and "Traceback" not in err, err


def test_pictures_from_the_project_show_at_once_and_a_new_photo_replaces_the_old(tmp_path, page):
    import picture_files
    from test_pictures import IMAGES_URL, picture_project

    project = picture_project(tmp_path / "news")
    running = RunningPreview(project, "march-2021")
    try:
        page.goto(running.url)
        frame = email_frame(page)
        photo = frame.locator("img[alt='Neighbours sharing tea at the coffee morning']")
        photo.wait_for()
        wait_until(page, "[...document.getElementById('frame').contentDocument.images]"
                         ".every(image => image.complete && image.naturalWidth > 0)")
        first = photo.get_attribute("src")
        assert first.startswith("images/coffee-morning-")  # the preview's own copy: nothing uploaded yet
        status, headers, body = running.fetch(f"/issue/march-2021/{first}")
        assert status == 200 and headers["content-type"] == "image/jpeg" and body[:2] == b"\xff\xd8"
        # what Copy and Download give is the email as built: the pictures at their public address
        _, email = running.get("/issue/march-2021/email.html")
        assert f'src="{IMAGES_URL}{first[len("images/"):]}"' in email
        assert running.fetch("/issue/march-2021/images/../../newsletter.yaml")[0] == 404
        assert running.fetch("/issue/march-2021/images/not-there.jpg")[0] == 404
        # the photo is an input of its issue: replacing it refreshes the page with the new one
        picture_files.write_rotated(project.root / "images" / "coffee-morning.jpg", 3, 1600, 1200)
        wait_until(page, "!document.getElementById('frame').contentDocument.querySelector("
                         f"\"img[src='{first}']\")")
        assert photo.get_attribute("src") != first
    finally:
        code, _, err = running.stop()
        assert code == 0 and "Traceback" not in err, err


def test_a_missing_picture_is_reported_and_its_arrival_is_seen(tmp_path, page):
    import picture_files
    from test_pictures import picture_project

    project = picture_project(tmp_path / "news")
    (project.root / "images" / "badge.png").unlink()
    running = RunningPreview(project, "march-2021")
    try:
        page.goto(running.url)
        error = page.locator("#error")
        error.wait_for(state="visible", timeout=5000)
        assert "there is no picture images/badge.png" in error.inner_text()
        picture_files.write_transparent(project.root / "images" / "badge.png")
        error.wait_for(state="hidden", timeout=5000)
        email_frame(page).locator("img[alt=\"Volunteers' Week badge\"]").wait_for()
    finally:
        running.stop()


def test_errors_stand_out_in_red_above_the_warnings(lac, page, tmp_path):
    """Errors block the build: the preview shows them first, in a red box that says so; warnings after, in amber."""
    lac.issue("june-2020", "date: 2020-06\nsubject: June news\nsections:\n  - title: T\n"
                           "    body: Hello *Community, the Streeet party is on.\n")
    running = RunningPreview(lac, "june-2020")
    try:
        page.goto(running.url)
        email_frame(page).locator("h1").wait_for()
        errors, warnings = page.locator("#errors"), page.locator("#warnings")
        errors.wait_for(state="visible", timeout=5000)
        assert errors.locator("h2").inner_text() == "1 error — the build is blocked until it is fixed"
        assert [text.split(": ")[1].split()[0] for text in errors.locator("li").all_inner_texts()] == ["error"]
        assert "merge-tag-broken" in errors.inner_text()
        assert warnings.is_visible() and warnings.locator("h2").inner_text().endswith("warning" + "s" * (
            warnings.locator("li").count() != 1))
        assert all(": warning " in text for text in warnings.locator("li").all_inner_texts())
        assert "'Streeet'" in warnings.inner_text()
        above = errors.bounding_box()
        assert above["y"] + above["height"] <= warnings.bounding_box()["y"]  # errors first
        colours = page.evaluate("""() => ['errors', 'warnings'].map(id => {
            const style = getComputedStyle(document.getElementById(id));
            return [style.borderTopColor, style.backgroundColor, style.borderTopWidth];
        })""")
        assert colours[0] == ["rgb(180, 35, 24)", "rgb(255, 241, 240)", "2px"]  # red, as the build error's box
        assert colours[1][:2] == ["rgb(243, 209, 156)", "rgb(255, 247, 230)"]  # amber
        notes = page.locator("#notes")  # folded: nothing in them stops the build
        assert notes.locator("summary").inner_text().endswith("notes (click to read)")
        assert page.evaluate("document.getElementById('notes').open") is False
        page.screenshot(path=str(os.environ.get("LACNEWS_SCREENSHOT") or tmp_path / "preview-errors-and-warnings.png"))
        path = lac.root / "issues" / "june-2020.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("*Community", "Community"), encoding="utf-8")
        errors.wait_for(state="hidden", timeout=5000)
        assert warnings.is_visible() and "'Streeet'" in warnings.inner_text()
    finally:
        code, _, err = running.stop()
    assert code == 0, err
