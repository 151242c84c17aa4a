"""Whether the time per section stays flat as an issue grows: 10 to 1,000 sections.

usage: python benchmarks/sections.py [--runs N]

Generates issues of 10, 30, 100, 300 and 1,000 sections (each a Markdown body,
an item with a byline, a quote and a button), composes each in this process
(validate, render, inline, text, checks; nothing written) after one warm-up,
and prints the median time of N runs (default 3) and the time per section.
Flat means the last column stays about the same from the top row to the bottom.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SIZES = (10, 30, 100, 300, 1000)

NEWSLETTER = """\
name: Benchmark Network News
sender:
  name: Benchmark Network
  organisation: Benchmark Trust
  address: 1 High Street, York YO1 7HH, United Kingdom
"""

SECTION = """\
  - title: Section {n} of the month
    body: |
      Hello *|FNAME|*, this is section {n}, with *emphasis*, **strong words** and a
      [link to report {n}](https://example.org/reports/{n}).

      * a first point about neighbourhood {n}
      * a second point
    items:
      - title: Story {n}
        byline: Reporter {n}
        body: What happened in place {n}, in a paragraph of ordinary length for a newsletter.
        quote: {{text: "Words someone said about {n}", by: "Speaker {n}"}}
        link: {{text: Read story {n}, url: "https://example.org/stories/{n}"}}
"""


def make_issue(root: Path, sections: int) -> str:
    slug = f"size-{sections}"
    body = "".join(SECTION.format(n=n) for n in range(sections))
    (root / "issues" / f"{slug}.yaml").write_text(
        f"date: 2021-03\nsubject: Benchmark news, {sections} sections\nsections:\n{body}", encoding="utf-8")
    return slug


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from lacnews.base.project import Project
    from lacnews.compose import compose

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "issues").mkdir()
        (root / "newsletter.yaml").write_text(NEWSLETTER, encoding="utf-8")
        (root / "words.txt").write_text("", encoding="utf-8")
        project = Project(root)
        slugs = {size: make_issue(root, size) for size in SIZES}
        compose(project, slugs[SIZES[0]])  # warm-up: imports, templates, dictionary
        print(f"{'sections':>8}  {'median ms':>10}  {'ms/section':>10}")
        for size in SIZES:
            times = []
            for _ in range(options.runs):
                started = time.perf_counter()
                compose(project, slugs[size])
                times.append(time.perf_counter() - started)
            median = statistics.median(times) * 1000
            print(f"{size:>8}  {median:>10.1f}  {median / size:>10.2f}")


if __name__ == "__main__":
    main()
