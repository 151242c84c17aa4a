"""How long `lacnews check may-2020` (offline) takes beside `lacnews build may-2020`.

usage: python benchmarks/check.py [--runs N]

Prints medians of N runs (default 7) of both whole processes, measured in this
one run, and their ratio; and the in-process time of the checks alone. Target:
the checks do not double the time of a build (check / build well under 2).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO))

from build import copy_repo_project, lacnews, time_process  # noqa: E402  (the sibling benchmark's helpers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        root = copy_repo_project(Path(folder))
        build_time = time_process([*lacnews(), "build", "may-2020"], root, runs)
        check_time = time_process([*lacnews(), "check", "may-2020"], root, runs)

        from lacnews.base.project import Project
        from lacnews.checks.registry import run_checks
        from lacnews.compose import compose
        project = Project(root)
        composed = compose(project, "may-2020")
        samples = []
        for _ in range(runs + 1):
            started = time.perf_counter()
            run_checks(project, composed.loaded, composed.emails)
            samples.append(time.perf_counter() - started)

    print(f"medians of {runs} runs; command: {' '.join(lacnews())}")
    print(f"lacnews build may-2020 process {build_time * 1000:7.1f} ms (renders, checks, writes)")
    print(f"lacnews check may-2020 process {check_time * 1000:7.1f} ms (renders, checks)   "
          f"ratio check/build {check_time / build_time:.2f}")
    print(f"the checks alone, in process: first {samples[0] * 1000:.1f} ms, "
          f"then median {statistics.median(samples[1:]) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
