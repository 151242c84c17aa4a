"""lacnews preview, started as a user starts it and driven in Debian's Chromium."""

from __future__ import annotations

import concurrent.futures
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from conftest import TempProject, lacnews_command, lacnews_env

pytestmark = pytest.mark.browser


class RunningPreview:
    """`lacnews preview` in a subprocess, with the URL it printed."""

    def __init__(self, project: TempProject, *args: str):
        self.project = project
        self.process = subprocess.Popen(
            [*lacnews_command(), "preview", *args, "--no-open", "--port", "0"], cwd=project.root,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=lacnews_env())
        first_line = self.process.stdout.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+/)(\S*)", first_line)
        assert match, first_line + self.process.stderr.read()
        self.base, self.url = match.group(1), match.group(1) + match.group(2)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path.lstrip("/"), timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def stop(self) -> tuple[int, str, str]:
        """Press Ctrl-C, as a user does, and return (exit code, stdout, stderr)."""
        self.process.send_signal(signal.SIGINT)
        out, err = self.process.communicate(timeout=10)
        return self.process.returncode, out, err


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
    assert text_view.inner_text().strip() == built(lac, "email.txt").strip()
    page.screenshot(path=str(tmp_path / "preview-text.png"))


@pytest.mark.parametrize("button, name", [("#copy-html", "email.html"), ("#copy-text", "email.txt")])
def test_copy_puts_the_exact_build_output_on_the_clipboard(preview, page, lac, button, name):
    page.goto(preview.url)
    page.click(button)
    page.wait_for_function("document.getElementById('status').textContent.startsWith('Copied')")
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
    words.write_text(words.read_text(encoding="utf-8").replace("Kirklees", ""), encoding="utf-8")
    page.locator("#findings").get_by_text("'Kirklees' is not in the British English dictionary").first \
        .wait_for(timeout=5000)


def test_saving_the_issue_updates_the_page_without_a_reload_keeping_the_scroll(preview, page, lac):
    page.goto(preview.url)
    frame = email_frame(page)
    frame.locator("h1").wait_for()
    page.evaluate("window.notReloaded = true")
    page.frame(url=re.compile(r"/email")).evaluate("window.scrollTo(0, 900)")
    edit(lac, "title: Useful blogs", "title: Useful blogs and podcasts")
    frame.locator("text=Useful blogs and podcasts").wait_for(timeout=5000)
    page.wait_for_function("document.getElementById('frame').contentWindow.scrollY > 0")
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
    def fetch(index):
        if index % 10 == 0:
            edit(lac, "Useful blogs" if index % 20 == 0 else "Useful reading", "Useful reading"
                 if index % 20 == 0 else "Useful blogs")
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
        assert "Previewing may-2020 at http://0.0.0.0:" in process.stdout.readline()
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
