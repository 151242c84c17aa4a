"""Every speed target of issue 24 beside its figure, lacnews and MJML measured side by side in one run.

usage: python benchmarks/targets.py [--runs N] [--issues COUNT] [--saves N] [--only NAME,...]

Needs MJML (from the repository root: npm install --prefix benchmarks) and node.
Each row is measured with lacnews and MJML taking turns, so that other work on
the machine slows both alike; ratios are lacnews / MJML. Each measurement has one
home, which this script calls:
  all        `build --all` of COUNT (100) copies of may-2020, cold, against one node process
             compiling the COUNT equivalent .mjml files; and again with nothing changed
             (benchmarks/mjml.py: time_many_issues)
  sections   the cost per section at 10, 50, 200 and 800 sections, in process, split into
             load, render and checks, beside MJML's in one node process (benchmarks/sections.py)
  first      the first `lacnews.commands.build.build(project, "may-2020")` in a fresh Python
             process (its imports done) against the first mjml2html in a fresh node process
             (require('mjml') done), and the warm ones after it (benchmarks/build.py: first_and_warm;
             benchmarks/mjml.py: compile_in_one_process)
  preview    save to new email served: `lacnews preview` (its event stream, then the email)
             against `mjml -w` (its output file) (benchmarks/preview.py: PreviewSession;
             benchmarks/mjml.py: MjmlWatch)
  process    one `lacnews build may-2020` process against `node mjml`, with an empty user
             cache for every run and with a warm one; `lacnews check` against `mjml --validate`;
             the email's size and the peak memory (benchmarks/mjml.py: time_one_issue)
Python's .pyc files and the OS file cache are warm, as for any installed program
(see benchmarks/mjml.py); "cold" is about lacnews's user cache only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
sys.path.insert(0, str(BENCHMARKS))
sys.path.insert(0, str(REPO))

import build  # noqa: E402  (the sibling benchmarks: each measurement's home)
import mjml  # noqa: E402
import preview  # noqa: E402
import sections  # noqa: E402

GROUPS = ("all", "sections", "first", "preview", "process")


@dataclass
class Row:
    """One figure: lacnews's, the anchor's, and whether the target is met."""

    figure: str
    lacnews: str
    anchor: str
    ratio: str
    target: str
    met: bool | None  # None: a figure shown for reference, with no target of its own


def ratio_row(figure: str, ours: float, theirs: float, target: float, unit: str = "ms") -> Row:
    shown = (lambda seconds: f"{seconds * 1000:.0f} ms") if unit == "ms" else (lambda seconds: f"{seconds:.2f} s")
    return Row(figure, shown(ours), shown(theirs), f"{ours / theirs:.2f}x", f"<= {target}x", ours / theirs <= target)


# --- the measurements, each from its home ------------------------------------


def all_issues(scratch: Path, node: str, runs: int, count: int) -> list[Row]:
    many = mjml.time_many_issues(_folder(scratch / "many"), node, runs, count)
    return [
        ratio_row(f"`build --all`, {count} issues, cold (anchor: one `mjml` process over the same {count} files)",
                  many.cold.lacnews, many.cold.mjml, 0.5, unit="s"),
        Row("`build --all` again, nothing changed", f"{many.unchanged:.2f} s", "", "",
            f"<= {mjml.TARGET_UNCHANGED_SECONDS} s", many.unchanged <= mjml.TARGET_UNCHANGED_SECONDS),
    ]


def per_section(scratch: Path, runs: int) -> list[Row]:
    slugs = sections.make_project(scratch / "sections", sections.SIZES)
    splits = sections.time_sections(scratch / "sections", slugs, runs)
    anchor = sections.mjml_per_section(sections.SIZES, runs, scratch / "mjml-sections")
    largest, smallest = max(sections.SIZES), min(sections.SIZES)
    costs = {size: split.per_section() for size, split in splits.items()}
    flat = costs[largest] <= 1.5 and costs[largest] <= 1.2 * min(costs.values())
    big = splits[largest]
    loads = {size: split.per_section("load") for size, split in splits.items()}
    return [
        Row(f"cost per section at {' / '.join(map(str, sections.SIZES))} sections (in process)",
            " / ".join(f"{cost:.2f}" for cost in costs.values()) + " ms",
            "MJML " + " / ".join(f"{anchor[size]:.2f}" for size in sections.SIZES) + " ms", "",
            f"flat, <= 1.5 ms at {largest}", flat),
        Row(f"  of which load / render / checks at {largest} sections",
            " / ".join(f"{big.steps[step]:.0f}" for step in sections.STEPS) + f" ms of {big.total:.0f}", "", "",
            "", None),
        Row(f"  checks at {largest} sections", f"{big.steps['checks']:.0f} ms of {big.total:.0f}", "",
            f"{big.steps['checks'] / big.total:.2f}", "<= 1/3 of the total", big.steps["checks"] <= big.total / 3),
        Row(f"  load (YAML + validation) a section at {smallest} / {largest}",
            f"{loads[smallest]:.2f} / {loads[largest]:.2f} ms", "", f"{loads[largest] / loads[smallest]:.2f}",
            "linear (a section at the largest <= 1.2x at the smallest)", loads[largest] <= 1.2 * loads[smallest]),
    ]


def first_builds(scratch: Path, node: str, runs: int) -> list[Row]:
    project = build.copy_repo_project(_folder(scratch / "first"))
    env = mjml.user_cache_env(scratch / "first-cache")
    copies = scratch / "first-mjml"
    mjml.write_may_2020_copies(copies, 6)
    build.first_and_warm(project, 1, env)  # fills the user cache: the first build here is the first in its process
    ours_first, ours_warm, theirs_first, theirs_warm = [], [], [], []
    for _ in range(runs):
        ours = build.first_and_warm(project, 5, env)
        ours_first.append(ours["first"])
        ours_warm.append(statistics.median(ours["warm"]))
        report = mjml.compile_in_one_process(node, copies, scratch / "first-mjml-out")
        theirs_first.append(report["files"][0]["ms"] / 1000)
        theirs_warm.append(statistics.median(each["ms"] for each in report["files"][1:]) / 1000)
    median = statistics.median
    return [ratio_row("first `build.build()` in a fresh process (anchor: first `mjml2html`)",
                      median(ours_first), median(theirs_first), 1.0),
            ratio_row("warm `build.build()`, with checks and the record (anchor: warm `mjml2html`)",
                      median(ours_warm), median(theirs_warm), 0.7)]


def preview_saves(scratch: Path, node: str, saves: int) -> list[Row]:
    project = build.copy_repo_project(_folder(scratch / "preview"))
    session = preview.PreviewSession(project, mjml.user_cache_env(scratch / "preview-cache"))
    watch = mjml.MjmlWatch(node, scratch / "watch")
    ours, theirs = [], []
    try:
        for number in range(saves + 1):  # the first save of each warms it up
            for times, tool in ((ours, session), (theirs, watch)):
                time.sleep(0.3)
                seconds = tool.save_and_wait(f"Useful blogs, take {number}")
                if number:
                    times.append(seconds)
    finally:
        session.close()
        watch.close()
    return [ratio_row("preview: save -> new email served (anchor: `mjml -w`)",
                      statistics.median(ours), statistics.median(theirs), 0.33)]


def whole_process(scratch: Path, node: str, runs: int) -> list[Row]:
    project = build.copy_repo_project(_folder(scratch / "process"))
    cold = mjml.time_one_issue(project, scratch, node, runs, cold_cache=True)
    warm = mjml.time_one_issue(project, scratch, node, runs, cold_cache=False)
    env = mjml.user_cache_env(scratch / "shared-cache")
    checks, validations = [], []
    for _ in range(runs + 1):
        checks.append(mjml.timed([*build.lacnews(), "check", "may-2020"], project, env)[0])
        validations.append(mjml.timed([node, str(mjml.MJML_CLI), "--validate", str(mjml.MAY_2020_MJML)], scratch)[0])
    html = (project / "build" / "may-2020" / "email.html").stat().st_size
    theirs = (scratch / "out.html").stat().st_size
    rows = [ratio_row("a build with an empty user cache (anchor: `node mjml`)", cold.lacnews, cold.mjml, 0.5),
            held("`lacnews build may-2020`, warm user cache (anchor: `node mjml`)", warm.lacnews, warm.mjml,
                 HELD["build"]),
            held("`lacnews check may-2020` (anchor: `mjml --validate`)", mjml.median_after_warmup(checks),
                 mjml.median_after_warmup(validations), HELD["check"]),
            Row("held: email.html's size (anchor: MJML's)", f"{html / 1024:.1f} KB", f"{theirs / 1024:.1f} KB",
                f"{html / theirs:.2f}x", f"was {HELD['size']}x", None)]
    memory = peak_memory(project, scratch, node, env)
    if memory:
        rows.append(Row("held: peak memory of one build (anchor: `node mjml`)", f"{memory[0] / 1024:.0f} MB",
                        f"{memory[1] / 1024:.0f} MB", f"{memory[0] / memory[1]:.2f}x", f"was {HELD['memory']}x",
                        None))
    return rows


# What issue 24 measured ahead of MJML, to be kept: lacnews / MJML on its loaded machine. A ratio moves with the
# load (Python and node suffer it differently), so these are compared by eye, not judged.
HELD = {"build": 0.31, "check": 0.36, "size": 0.56, "memory": 0.37}


def held(figure: str, ours: float, theirs: float, was: float) -> Row:
    row = ratio_row(figure, ours, theirs, was)
    return Row(f"held: {figure}", row.lacnews, row.anchor, row.ratio, f"was {was}x", None)


def peak_memory(project: Path, scratch: Path, node: str, env: dict[str, str]) -> tuple[int, int] | None:
    """The peak resident memory (KB) of `lacnews build may-2020` and of `node mjml`, by GNU time; None without it."""
    gnu_time = shutil.which("time", path="/usr/bin")
    if gnu_time is None:
        return None

    def peak(command: list[str], cwd: Path) -> int:
        result = subprocess.run([gnu_time, "-f", "%M", *command], cwd=cwd, env=env, capture_output=True, text=True,
                                check=True)
        return int(result.stderr.strip().splitlines()[-1])

    ours = statistics.median(peak([*build.lacnews(), "build", "may-2020"], project) for _ in range(3))
    theirs = statistics.median(peak([node, str(mjml.MJML_CLI), str(mjml.MAY_2020_MJML), "-o",
                                     str(scratch / "out.html")], scratch) for _ in range(3))
    return ours, theirs


def _folder(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


# --- the table ----------------------------------------------------------------


def print_table(rows: list[Row], seconds: float) -> None:
    header = ("figure", "lacnews", "anchor", "ratio", "target", "")
    cells = [header] + [(row.figure, row.lacnews, row.anchor, row.ratio, row.target,
                         "" if row.met is None else ("met" if row.met else "NOT met")) for row in rows]
    widths = [max(len(cell[column]) for cell in cells) for column in range(len(header))]
    for number, cell in enumerate(cells):
        print("  ".join(text.ljust(width) if column in (0, 4, 5) else text.rjust(width)
                        for column, (text, width) in enumerate(zip(cell, widths))).rstrip())
        if number == 0:
            print("  ".join("-" * width for width in widths))
    judged = [row for row in rows if row.met is not None]
    print(f"\n{sum(row.met for row in judged)} of {len(judged)} targets met; measured in {seconds:.0f} s; load average "
          + ", ".join(f"{load:.2f}" for load in os.getloadavg()) + f" on {os.cpu_count()} CPUs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs of each comparison (default 5)")
    parser.add_argument("--issues", type=int, default=100, help="issues of the `build --all` comparison (default 100)")
    parser.add_argument("--saves", type=int, default=10, help="saves timed in the preview comparison (default 10)")
    parser.add_argument("--only", default=",".join(GROUPS), help=f"some of {','.join(GROUPS)} (default all)")
    options = parser.parse_args()
    groups = [group for group in options.only.split(",") if group]
    if unknown := set(groups) - set(GROUPS):
        parser.error(f"unknown group(s) {', '.join(sorted(unknown))}: the groups are {', '.join(GROUPS)}")
    node = mjml.require_mjml()
    started = time.perf_counter()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="lacnews-targets-") as folder:
        scratch = Path(folder)
        mjml.keep_python_bytecode(scratch)
        os.environ["XDG_CACHE_HOME"] = str(scratch / "in-process-cache")  # never the user's own
        print(f"lacnews ({' '.join(build.lacnews())}) beside MJML; medians of {options.runs} runs", flush=True)
        for group in groups:
            if group == "all":
                rows += all_issues(scratch, node, options.runs, options.issues)
            elif group == "sections":
                rows += per_section(scratch, options.runs)
            elif group == "first":
                rows += first_builds(scratch, node, options.runs)
            elif group == "preview":
                rows += preview_saves(scratch, node, options.saves)
            elif group == "process":
                rows += whole_process(scratch, node, options.runs)
            print(f"  {group}: done", file=sys.stderr, flush=True)
    print_table(rows, time.perf_counter() - started)


if __name__ == "__main__":
    main()
