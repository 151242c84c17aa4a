"""Whether the time per section stays flat as an issue grows, split into load, render and checks.

usage: python benchmarks/sections.py [--runs N] [--sizes 10,50,200,800] [--no-mjml]

Generates issues of 10, 50, 200 and 800 sections (each a Markdown body with a
list, an item with a byline, a quote and a button), composes each in this
process (``lacnews.compose.compose``: load, render, checks; nothing written)
after one warm-up, and prints the median of N runs (default 3) per section:
the whole composition, and its steps
  load    YAML composed into nodes and validated into the issue (read_source, validate)
  render  the email's HTML, its CSS inlined, and its text
  checks  every rule of `lacnews check`.
Beside it, with MJML installed (npm install --prefix benchmarks), the same
sections written by hand in MJML compiled in one node process, per section.
Targets (issue 24): flat, at most 1.5 ms a section at 800; the checks at most a
third of the whole at 800; the load linear in the size of the file.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
SIZES = (10, 50, 200, 800)
STEPS = {"load": "load", "render": "render_emails", "checks": "run_checks"}  # step: its function in compose

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


def make_project(root: Path, sizes: tuple[int, ...]) -> dict[int, str]:
    """A project in ``root`` with one issue of each size; return their slugs by size."""
    (root / "issues").mkdir(parents=True)
    (root / "newsletter.yaml").write_text(NEWSLETTER, encoding="utf-8")
    (root / "words.txt").write_text("", encoding="utf-8")
    return {size: make_issue(root, size) for size in sizes}


@dataclass
class Split:
    """Median milliseconds of one size's composition, whole and by step."""

    sections: int
    total: float
    steps: dict[str, float]

    def per_section(self, step: str | None = None) -> float:
        return (self.total if step is None else self.steps[step]) / self.sections


@contextmanager
def timed_steps(into: dict[str, float]) -> Iterator[None]:
    """Add the seconds each step of ``lacnews.compose.compose`` takes to ``into`` while inside this block."""
    import lacnews.compose.composition as composing

    originals = {name: getattr(composing, name) for name in STEPS.values()}

    def timing(step: str, function):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                into[step] = into.get(step, 0.0) + time.perf_counter() - started
        return timed

    for step, name in STEPS.items():
        setattr(composing, name, timing(step, originals[name]))
    try:
        yield
    finally:
        for name, function in originals.items():
            setattr(composing, name, function)


def time_sections(root: Path, slugs: dict[int, str], runs: int) -> dict[int, Split]:
    """Compose each issue ``runs`` times after a warm-up; return the median times by size."""
    from lacnews.base.project import Project
    from lacnews.compose import compose
    from lacnews.pipeline.render import forget_rendered_texts
    from lacnews.text import markdown

    project = Project(root)
    compose(project, slugs[min(slugs)])  # warm-up: imports, templates, dictionary
    splits = {}
    for size, slug in slugs.items():
        totals, samples = [], []
        for _ in range(runs):
            # every run parses its Markdown, as one build does: the process keeps recent texts' tokens, which would
            # make a small issue composed again look cheaper than a large one; and renders each text, which the
            # filters' memory of recent texts would otherwise spare it
            markdown._parse.cache_clear()
            forget_rendered_texts()
            steps: dict[str, float] = {}
            with timed_steps(steps):
                started = time.perf_counter()
                compose(project, slug)
                totals.append(time.perf_counter() - started)
            samples.append(steps)
        splits[size] = Split(size, statistics.median(totals) * 1000,
                             {step: statistics.median(sample[step] for sample in samples) * 1000 for step in STEPS})
    return splits


def mjml_per_section(sizes: tuple[int, ...], runs: int, scratch: Path) -> dict[int, float] | None:
    """MJML's median milliseconds per section at each size, in one node process; None without MJML."""
    import mjml

    if not mjml.MJML_CLI.is_file():
        return None
    node = mjml.require_mjml()
    mjml.write_sections_copies(scratch / "mjml-sections", sizes, runs)
    report = mjml.compile_in_one_process(node, scratch / "mjml-sections", scratch / "mjml-sections-out")
    return {size: statistics.median(times) / size for size, times in mjml.sections_per_size(report).items()}


def print_report(splits: dict[int, Split], mjml: dict[int, float] | None) -> None:
    print(f"{'sections':>8}  {'ms/section':>10}  {'load':>6}  {'render':>6}  {'checks':>6}  {'MJML ms/section':>15}")
    for size, split in splits.items():
        anchor = f"{mjml[size]:15.2f}" if mjml else f"{'-':>15}"
        print(f"{size:>8}  {split.per_section():10.2f}  " + "  ".join(f"{split.per_section(step):6.2f}"
                                                              for step in STEPS) + f"  {anchor}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--no-mjml", action="store_true", help="lacnews alone")
    options = parser.parse_args()
    sizes = tuple(int(size) for size in options.sizes.split(","))
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(BENCHMARKS))
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        slugs = make_project(scratch / "project", sizes)
        splits = time_sections(scratch / "project", slugs, options.runs)
        anchor = None if options.no_mjml else mjml_per_section(sizes, options.runs, scratch)
    print_report(splits, anchor)


if __name__ == "__main__":
    main()
