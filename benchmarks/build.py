"""How long `lacnews build may-2020` takes, beside the floor it cannot beat.

usage: python benchmarks/build.py [--runs N]

Prints medians of N runs (default 7), all measured in this one process run:
  - the whole `lacnews build may-2020` process, and beside it a bare process
    importing the libraries every build needs (click, jinja2, yaml, markdown_it, lxml);
  - `lacnews --help`, and as its floor `python -c "import click"`;
  - the in-process build of may-2020, split into its steps
    (load, render, inline, text, check, write), cold (first) and warm (median).
Targets: --help ≤ 1.2× its floor; the first in-process build ≤ 100 ms.
benchmarks/mjml.py compares the whole process with MJML's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def lacnews() -> list[str]:
    """Return the lacnews command as an installed user runs it: the script beside this Python.

    A version manager's shim found first on PATH (pyenv's is a shell script) would add its own start-up.
    """
    beside = Path(sys.executable).parent / "lacnews"
    script = str(beside) if beside.is_file() else shutil.which("lacnews")
    return [script] if script else [sys.executable, "-m", "lacnews"]


def copy_repo_project(root: Path) -> Path:
    """Copy the repository's own project (newsletter.yaml, words.txt, issues/) into ``root``."""
    for name in ("newsletter.yaml", "words.txt"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "issues", root / "issues")
    return root


def time_process(command: list[str], cwd: Path, runs: int) -> float:
    """Return the median wall time of ``command`` in seconds."""
    times = []
    for _ in range(runs + 1):  # the first run warms the file cache and is dropped
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def time_steps(project_root: Path, runs: int) -> tuple[dict[str, float], dict[str, float]]:
    """Return (cold, warm median) seconds per step of the in-process build."""
    sys.path.insert(0, str(REPO))
    from lacnews.base.project import Project
    from lacnews.base.write import write_files
    from lacnews.checks.registry import run_checks
    from lacnews.compose import load
    from lacnews.pipeline.inline import inline_css
    from lacnews.pipeline.render import Email, Renderer
    from lacnews.text.markdown import parsed_once

    project = Project(project_root)
    samples: list[dict[str, float]] = []
    for _ in range(runs + 1):
        step: dict[str, float] = {}
        with parsed_once():
            start = time.perf_counter()
            loaded = load(project, "may-2020")
            step["load"] = time.perf_counter() - start

            start = time.perf_counter()
            renderer = Renderer(project)
            renderer.check_layouts(loaded.issue, loaded.source)
            context = renderer.context(loaded.newsletter, loaded.issue)
            html = renderer.html(context)
            step["render"] = time.perf_counter() - start

            start = time.perf_counter()
            html = inline_css(html)
            step["inline"] = time.perf_counter() - start

            start = time.perf_counter()
            text = renderer.text(context)
            step["text"] = time.perf_counter() - start

            start = time.perf_counter()
            run_checks(project, loaded, {"": Email(html, text)})
            step["check"] = time.perf_counter() - start

        start = time.perf_counter()
        write_files(project.build_dir / "may-2020", {"email.html": html, "email.txt": text}, inside=project.root)
        step["write"] = time.perf_counter() - start
        step["total"] = sum(step.values())
        samples.append(step)
    cold = samples[0]
    warm = {name: statistics.median(s[name] for s in samples[1:]) for name in cold}
    return cold, warm


# A fresh process: import what `build` needs, then build may-2020 once (the first build in the process), then
# ``warm`` times more; print the seconds as JSON. ``lacnews.commands.build.build`` is the plain function behind
# `lacnews build`, as another program would call it.
FIRST_BUILD = """\
import json, sys, time
from pathlib import Path
started = time.perf_counter()
from lacnews.base.project import Project
from lacnews.commands.build import build
# a build's modules, as require('mjml') loads MJML's: lacnews.commands.build imports them only when a build runs,
# so that `build --all` with nothing to build does without them
import lacnews.compose.composition, lacnews.outputs.archive_page, lacnews.outputs.email_files
imported = time.perf_counter()
project = Project(Path(sys.argv[1]))
times = []
for _ in range(int(sys.argv[2]) + 1):
    begin = time.perf_counter()
    build(project, "may-2020")
    times.append(time.perf_counter() - begin)
print(json.dumps({"import": imported - started, "first": times[0], "warm": times[1:]}))
"""


def first_and_warm(project_root: Path, warm: int, env: dict[str, str] | None = None) -> dict:
    """Run ``FIRST_BUILD`` in a new Python process; return its seconds: ``import``, ``first``, ``warm`` (a list)."""
    result = subprocess.run([sys.executable, "-c", FIRST_BUILD, str(project_root), str(warm)], cwd=project_root,
                            env={**(env or os.environ), "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        raise SystemExit(f"the in-process build failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        root = copy_repo_project(Path(folder))
        python = sys.executable
        build_time = time_process([*lacnews(), "build", "may-2020"], root, runs)
        build_floor = time_process([python, "-c", "import click, jinja2, yaml, markdown_it, lxml.etree"], root, runs)
        help_time = time_process([*lacnews(), "--help"], root, runs)
        help_floor = time_process([python, "-c", "import click"], root, runs)
        cold, warm = time_steps(root, runs)

    ms = lambda seconds: f"{seconds * 1000:7.1f} ms"  # noqa: E731
    print(f"medians of {runs} runs; command: {' '.join(lacnews())}")
    print(f"lacnews build may-2020 process  {ms(build_time)}   floor (import click, jinja2, yaml, markdown_it, "
          f"lxml) {ms(build_floor)}   ratio {build_time / build_floor:.2f}x")
    print(f"lacnews --help process          {ms(help_time)}   floor (import click) "
          f"{ms(help_floor)}   ratio {help_time / help_floor:.2f}x (target <= 1.2x)")
    print("in-process build of may-2020    " + "  ".join(f"{name} {ms(warm[name]).strip()}" for name in warm))
    print("  first build in the process    " + "  ".join(f"{name} {ms(cold[name]).strip()}" for name in cold)
          + "   (target total <= 100 ms)")


if __name__ == "__main__":
    main()
