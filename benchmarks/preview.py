"""Save-to-refresh latency of `lacnews preview`, beside one `lacnews build` of the same issue.

usage: python benchmarks/preview.py [--saves N]

Starts `lacnews preview may-2020` on a copy of the repository's project, opens it
in Debian's Chromium (Playwright), and N times (default 10) writes a new title
into issues/may-2020.yaml and waits until the page's email shows it. Prints the
median, fastest and slowest of those, and the median time of a whole
`lacnews build may-2020` process. Target: the median within 300 ms.
"""

from __future__ import annotations

import argparse
import http.client
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from build import copy_repo_project, lacnews, time_process  # noqa: E402  (the sibling benchmark's helpers)


class PreviewSession:
    """`lacnews preview may-2020` on a project, followed as its page follows it, without a browser: the page's
    event stream says a new version is ready, and the email is then fetched as the page's frame fetches it."""

    def __init__(self, root: Path, env: dict[str, str] | None = None):
        self.issue = root / "issues" / "may-2020.yaml"
        self.original = self.issue.read_text(encoding="utf-8")
        assert "title: Useful blogs" in self.original, "issues/may-2020.yaml changed: update this benchmark"
        self.server = subprocess.Popen([*lacnews(), "preview", "may-2020", "--no-open", "--port", "0"], cwd=root,
                                       env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        address = urlsplit(re.search(r"(http://\S+)", self.server.stdout.readline()).group(1))
        self.host, self.port = address.hostname, address.port
        self.events = http.client.HTTPConnection(self.host, self.port, timeout=30)
        self.events.request("GET", "/issue/may-2020/events")
        self.stream = self.events.getresponse()
        assert self.stream.status == 200, f"the preview's event stream answered {self.stream.status}"
        self.email("")  # composed once before any save is timed

    def email(self, title: str) -> bool:
        """Fetch the email as the preview serves it; return whether it shows ``title``."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        connection.request("GET", "/issue/may-2020/email.html")
        body = connection.getresponse().read().decode("utf-8")
        connection.close()
        return title in body

    def save_and_wait(self, title: str, timeout: float = 10.0) -> float:
        """Write ``title`` as a section's title; return the seconds until the preview serves an email showing it."""
        started = time.perf_counter()
        self.issue.write_text(self.original.replace("title: Useful blogs", f"title: {title}"), encoding="utf-8")
        while time.perf_counter() - started < timeout:
            line = self.stream.readline()
            if line.startswith(b"event: update") and self.email(title):
                return time.perf_counter() - started
        raise RuntimeError(f"the preview did not serve the new email within {timeout} s")

    def close(self) -> None:
        self.events.close()
        self.server.send_signal(signal.SIGINT)
        self.server.communicate(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=10)
    saves = parser.parse_args().saves
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        root = copy_repo_project(Path(folder))
        build_time = time_process([*lacnews(), "build", "may-2020"], root, 5)
        server = subprocess.Popen([*lacnews(), "preview", "may-2020", "--no-open", "--port", "0"], cwd=root,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        url = re.search(r"(http://\S+)", server.stdout.readline()).group(1)
        issue = root / "issues" / "may-2020.yaml"
        original = issue.read_text(encoding="utf-8")
        latencies = []
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", headless=True,
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                          "--disable-component-update", "--disable-sync", "--no-first-run"])
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(url)
                page.frame_locator("#frame").locator("h1").wait_for()
                for number in range(saves + 1):  # the first save warms the server's caches
                    title = f"Useful blogs, take {number}"
                    time.sleep(0.3)
                    started = time.perf_counter()
                    issue.write_text(original.replace("title: Useful blogs", f"title: {title}"), encoding="utf-8")
                    page.wait_for_function(
                        "title => document.getElementById('frame').contentDocument?.body?.innerText.includes(title)",
                        arg=title, polling=5, timeout=10_000)
                    if number:
                        latencies.append(time.perf_counter() - started)
                browser.close()
        finally:
            server.send_signal(signal.SIGINT)
            server.communicate(timeout=10)

    ms = lambda seconds: f"{seconds * 1000:.0f} ms"  # noqa: E731
    print(f"save to refreshed page, {saves} saves: median {ms(statistics.median(latencies))}, "
          f"fastest {ms(min(latencies))}, slowest {ms(max(latencies))} (target: median <= 300 ms)")
    print(f"one `lacnews build may-2020` process (median of 5): {ms(build_time)}; "
          f"ratio refresh/build {statistics.median(latencies) / build_time:.2f}")


if __name__ == "__main__":
    main()
