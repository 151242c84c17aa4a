"""How long `lacnews build --all` takes over 100 generated issues, cold and with nothing changed.

usage: python benchmarks/archive.py [--issues N] [--runs R]

Generates a project of N issues (default 100) with a site_url, then measures,
as medians of R runs (default 3) in this one process run:
  - a cold `lacnews build --all` (build/ removed first), and the cost per issue;
  - `lacnews build --all` again with nothing changed (target: well under a second);
  - as a baseline, one `lacnews build` of a single issue, the same process start-up.
"""

from __future__ import annotations

import argparse
import calendar
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from build import lacnews  # noqa: E402  (the sibling benchmark's helper)

NEWSLETTER = """\
name: Benchmark Network News
description: A generated project for timing `lacnews build --all`.
site_url: https://news.example.org/archive/
sender:
  name: Benchmark Network
  organisation: Benchmark Trust
  address: 1 High Street, York YO1 7HH, United Kingdom
"""


def issue_month(number: int) -> tuple[int, int]:
    """The (year, month) of generated issue ``number``: one a month from January 2000."""
    return 2000 + number // 12, number % 12 + 1


def make_project(root: Path, count: int) -> list[str]:
    (root / "issues").mkdir(parents=True)
    (root / "newsletter.yaml").write_text(NEWSLETTER, encoding="utf-8")
    slugs = []
    for number in range(count):
        year, month = issue_month(number)
        slug = f"{calendar.month_name[month].lower()}-{year}"
        (root / "issues" / f"{slug}.yaml").write_text(f"""\
date: {year}-{month:02d}
subject: Benchmark news – {calendar.month_name[month]} {year}
preheader: Issue number {number}
sections:
  - title: News
    body: |
      Hello *|FNAME|*, this is issue number {number}, with *emphasis* and a
      [link to the report](https://example.org/{number}).
    items:
      - title: A story
        body: Something happened in {calendar.month_name[month]}.
        link: {{text: Read the whole story, url: "https://example.org/story/{number}"}}
  - title: Useful blogs
    layout: list
    items:
      - {{title: A blog, url: "https://blog.example.org/{number}", byline: Someone}}
""", encoding="utf-8")
        slugs.append(slug)
    return slugs


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        slugs = make_project(root, options.issues)
        cold, warm, single = [], [], []
        for _ in range(options.runs):
            shutil.rmtree(root / "build", ignore_errors=True)
            cold.append(timed([*lacnews(), "build", "--all"], root))
            warm.append(timed([*lacnews(), "build", "--all"], root))
            single.append(timed([*lacnews(), "build", slugs[0]], root))
        assert len(list((root / "build" / "site").glob("*/index.html"))) == options.issues
    cold_median, warm_median = statistics.median(cold), statistics.median(warm)
    print(f"medians of {options.runs} runs over {options.issues} generated issues; command: {' '.join(lacnews())}")
    print(f"build --all, cold:            {cold_median:6.2f} s  "
          f"({cold_median / options.issues * 1000:.0f} ms an issue, email + checks + archive page)")
    print(f"build --all, nothing changed: {warm_median:6.2f} s  (target: well under 1 s)")
    print(f"one `lacnews build` of one issue, for comparison: {statistics.median(single):.2f} s; "
          f"an unchanged --all of {options.issues} costs {warm_median / statistics.median(single):.2f}x that")


if __name__ == "__main__":
    main()
