"""lacnews's build speed beside MJML's, on the same email, measured side by side.

usage: python benchmarks/mjml.py [--runs N] [--issues COUNT]

MJML is the usual alternative; benchmarks/mjml/may-2020.mjml is the May 2020
bulletin written by hand in MJML, equivalent to `lacnews build may-2020` (same
text, links, sections, buttons, quotes, contacts, footer, 600px column, colours,
preheader, inlined CSS and @media dark-mode rules). MJML comes from
benchmarks/node_modules (`npm install --prefix benchmarks`, pinned in
benchmarks/package.json) and is run with `node` directly, never npx.

In this one run, as medians of N runs (default 5) after one dropped warm-up run
of each command, the lacnews and MJML runs taking turns:
  (a) one issue, whole process: `lacnews build may-2020` in a copy of the
      repository's project (build/ removed before each run, so every run builds)
      against `node .../mjml/bin/mjml may-2020.mjml -o out.html`; twice:
        cold user cache - a fresh, empty XDG_CACHE_HOME (and TMPDIR, where
                          Jinja keeps its bytecode cache) for every lacnews run,
                          the like-for-like case, as MJML keeps no cache;
        warm user cache - one XDG_CACHE_HOME and TMPDIR shared by all the runs.
      Target: lacnews / MJML <= 0.5.
  (b) COUNT issues (default 100), copies of may-2020 dated a month apart: a cold
      `lacnews build --all` (fresh build/ and fresh user caches each run; it also
      writes the plain text, runs the checks and builds the web archive) against
      ONE node process compiling the COUNT equivalent .mjml files
      (benchmarks/mjml/compile-many.js). Target: lacnews / MJML <= 0.5. Then
      `lacnews build --all` again with nothing changed. Target: <= 0.15 s.
  (c) for reference, MJML inside that one process: node start-up, loading
      mjml, its first compile, and the median of the later ones.
"Cold" means the user-level caches only: the OS file cache and Python's .pyc
files are warm (that is what the warm-up is for), as for any installed program;
the .pyc files are kept even where PYTHONDONTWRITEBYTECODE is set, in this
benchmark's temporary folder (PYTHONPYCACHEPREFIX), never in the repository.
"""

from __future__ import annotations

import argparse
import calendar
import json
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

from archive import issue_month  # noqa: E402  (the sibling benchmarks' helpers)

from build import copy_repo_project, lacnews  # noqa: E402

MJML_PACKAGE = BENCHMARKS / "node_modules" / "mjml"
MJML_CLI = MJML_PACKAGE / "bin" / "mjml"
MAY_2020_MJML = BENCHMARKS / "mjml" / "may-2020.mjml"
COMPILE_MANY = BENCHMARKS / "mjml" / "compile-many.js"
TARGET_RATIO = 0.5
TARGET_UNCHANGED_SECONDS = 0.15


# --- running and timing commands -------------------------------------------


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``command``; stop the benchmark with its output if it fails."""
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"`{' '.join(map(str, command))}` failed (exit {result.returncode}) in {cwd}:\n"
                 f"{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return result


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, str]:
    """Return the wall time of ``command`` in seconds and its standard output."""
    started = time.perf_counter()
    result = run(command, cwd, env)
    return time.perf_counter() - started, result.stdout


def user_cache_env(folder: Path) -> dict[str, str]:
    """This environment with the user-level caches (XDG_CACHE_HOME, the temp folder) inside ``folder``."""
    (folder / "xdg-cache").mkdir(parents=True, exist_ok=True)
    (folder / "tmp").mkdir(parents=True, exist_ok=True)
    temp = str(folder / "tmp")
    return {**os.environ, "XDG_CACHE_HOME": str(folder / "xdg-cache"), "TMPDIR": temp, "TMP": temp, "TEMP": temp}


def keep_python_bytecode(scratch: Path) -> None:
    """Let the lacnews runs keep their compiled bytecode (.pyc), as any installed Python program does.

    Some environments set PYTHONDONTWRITEBYTECODE, which would make every lacnews
    process compile its own modules from source; the .pyc files go to a folder of
    this benchmark's (PYTHONPYCACHEPREFIX), not into the repository.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")


def fresh_user_cache_env(scratch: Path) -> dict[str, str]:
    """An environment whose user-level caches are new, empty folders under ``scratch``."""
    return user_cache_env(Path(tempfile.mkdtemp(prefix="cache-", dir=scratch)))


def median_after_warmup(samples: list[float]) -> float:
    """The median of ``samples`` without the first, warm-up one."""
    return statistics.median(samples[1:])


# --- the projects both tools build -----------------------------------------


def require_mjml() -> str:
    """Return the path of node; exit with the install command if node or MJML is missing."""
    if not MJML_CLI.is_file():
        sys.exit("MJML is not installed for the benchmarks; install it (from the repository root) with:\n"
                 "    npm install --prefix benchmarks")
    node = shutil.which("node")
    if node is None:
        sys.exit("node is not on PATH; MJML needs Node.js")
    return node


def generated_issue(number: int) -> tuple[str, int, int]:
    """The slug, year and month of generated issue ``number`` (dated as in benchmarks/archive.py)."""
    year, month = issue_month(number)
    return f"issue-{number:03d}", year, month


def write_issue_copies(root: Path, count: int) -> None:
    """A lacnews project in ``root``: the repository's newsletter.yaml and words.txt, ``count`` copies of may-2020."""
    for name in ("newsletter.yaml", "words.txt"):
        shutil.copy(REPO / name, root / name)
    (root / "issues").mkdir()
    may_2020 = (REPO / "issues" / "may-2020.yaml").read_text(encoding="utf-8")
    assert "date: 2020-05\n" in may_2020 and "May 2020" in may_2020, "issues/may-2020.yaml changed: update this benchmark"
    for number in range(count):
        slug, year, month = generated_issue(number)
        issue = (may_2020.replace("date: 2020-05\n", f"date: {year}-{month:02d}\n")
                 .replace("May 2020", f"{calendar.month_name[month]} {year}"))
        (root / "issues" / f"{slug}.yaml").write_text(issue, encoding="utf-8")


def write_mjml_copies(folder: Path, count: int) -> None:
    """``count`` copies of may-2020.mjml in ``folder``, dated like the lacnews copies."""
    folder.mkdir()
    may_2020 = MAY_2020_MJML.read_text(encoding="utf-8")
    for number in range(count):
        slug, year, month = generated_issue(number)
        email = (may_2020.replace("May 2020", f"{calendar.month_name[month]} {year}")
                 .replace("Copyright © 2020", f"Copyright © {year}"))
        (folder / f"{slug}.mjml").write_text(email, encoding="utf-8")


# --- (a) one issue -----------------------------------------------------------


@dataclass
class Pair:
    """Median seconds of lacnews and of MJML measured in turns."""

    lacnews: float
    mjml: float

    @property
    def ratio(self) -> float:
        return self.lacnews / self.mjml


def time_one_issue(project: Path, scratch: Path, node: str, runs: int, cold_cache: bool) -> Pair:
    """`lacnews build may-2020` and the MJML command line, in turns, runs + 1 times each."""
    shared_env = None if cold_cache else user_cache_env(scratch / "shared-cache")
    build_may_2020 = [*lacnews(), "build", "may-2020"]
    compile_may_2020 = [node, str(MJML_CLI), str(MAY_2020_MJML), "-o", str(scratch / "out.html")]
    lacnews_times, mjml_times = [], []
    for _ in range(runs + 1):
        shutil.rmtree(project / "build", ignore_errors=True)
        env = shared_env or fresh_user_cache_env(scratch)
        lacnews_times.append(timed(build_may_2020, project, env)[0])
        mjml_times.append(timed(compile_may_2020, scratch)[0])
    assert (project / "build" / "may-2020" / "email.html").is_file() and (scratch / "out.html").is_file()
    return Pair(median_after_warmup(lacnews_times), median_after_warmup(mjml_times))


# --- (b) many issues, (c) MJML inside one process ----------------------------


@dataclass
class ManyIssues:
    """Medians of the COUNT-issue runs, and MJML's own timings inside its process (in ms)."""

    cold: Pair
    unchanged: float
    node_startup_ms: float
    require_mjml_ms: float
    first_compile_ms: float
    later_compile_ms: float


def time_many_issues(root: Path, node: str, runs: int, count: int) -> ManyIssues:
    """Cold and unchanged `lacnews build --all` and one compile-many.js process, in turns."""
    project, mjml_sources, mjml_outputs = root / "project", root / "mjml", root / "mjml-out"
    project.mkdir()
    write_issue_copies(project, count)
    write_mjml_copies(mjml_sources, count)
    build_all = [*lacnews(), "build", "--all"]
    compile_many = [node, str(COMPILE_MANY), str(mjml_sources), str(mjml_outputs)]
    cold, unchanged, mjml, reports = [], [], [], []
    # Each run's outputs are set aside (one rename) and removed after the last: removing hundreds of files
    # leaves the file system work to do (its journal, the disk's discards) that the next run would be timed in.
    set_aside = root / "set-aside"
    set_aside.mkdir()
    for run_number in range(runs + 1):
        if (project / "build").exists():
            (project / "build").rename(set_aside / f"build-{run_number}")
        env = fresh_user_cache_env(root)
        cold.append(timed(build_all, project, env)[0])
        unchanged.append(timed(build_all, project, env)[0])
        if mjml_outputs.exists():
            mjml_outputs.rename(set_aside / f"mjml-{run_number}")
        seconds, output = timed(compile_many, root)
        mjml.append(seconds)
        reports.append(json.loads(output))
    assert len(list((project / "build").glob("issue-*/email.html"))) == count, "lacnews did not build every issue"
    assert len(list(mjml_outputs.glob("*.html"))) == count, "MJML did not compile every file"
    shutil.rmtree(set_aside, ignore_errors=True)
    kept = reports[1:]
    return ManyIssues(
        cold=Pair(median_after_warmup(cold), median_after_warmup(mjml)),
        unchanged=median_after_warmup(unchanged),
        node_startup_ms=statistics.median(r["startupMs"] for r in kept),
        require_mjml_ms=statistics.median(r["requireMs"] for r in kept),
        first_compile_ms=statistics.median(r["files"][0]["ms"] for r in kept),
        later_compile_ms=statistics.median(f["ms"] for r in kept for f in r["files"][1:]),
    )


# --- MJML inside one process: first and later compiles, sections ----------


def compile_in_one_process(node: str, sources: Path, outputs: Path) -> dict:
    """Compile every .mjml file of ``sources`` (in name order) in one node process; return its report.

    The report (benchmarks/mjml/compile-many.js): ``startupMs``, ``requireMs``, and ``files``, each file's
    ``name`` and the ``ms`` to read, compile and write it.
    """
    shutil.rmtree(outputs, ignore_errors=True)
    return json.loads(run([node, str(COMPILE_MANY), str(sources), str(outputs)], BENCHMARKS).stdout)


def write_may_2020_copies(folder: Path, count: int) -> None:
    """``count`` copies of may-2020.mjml in ``folder``, named in the order compile-many.js compiles them."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        shutil.copy(MAY_2020_MJML, folder / f"copy-{number:03d}.mjml")


# One section as benchmarks/sections.py writes it in YAML, by hand in MJML: the heading, the Markdown body
# (emphasis, strong words, a link, a list), an item with its byline, a quote and its speaker, and a button.
SECTION_MJML = """\
      <mj-section mj-class="section">
        <mj-column>
          <mj-text>
            <h2 id="section-{n}-of-the-month">Section {n} of the month</h2>
            <p>Hello *|FNAME|*, this is section {n}, with <em>emphasis</em>, <strong>strong words</strong> and a
            <a href="https://example.org/reports/{n}">link to report {n}</a>.</p>
            <ul>
              <li>a first point about neighbourhood {n}</li>
              <li>a second point</li>
            </ul>
            <div class="item">
              <h3>Story {n}</h3>
              <p class="quote-by">Reporter {n}</p>
              <p>What happened in place {n}, in a paragraph of ordinary length for a newsletter.</p>
              <blockquote>
                <p>Words someone said about {n}</p>
              </blockquote>
              <p class="quote-by">— Speaker {n}</p>
            </div>
          </mj-text>
          <mj-button href="https://example.org/stories/{n}">Read story {n}</mj-button>
        </mj-column>
      </mj-section>
"""


def sections_mjml(sections: int) -> str:
    """may-2020.mjml with its sections replaced by ``sections`` generated ones, listed in its contents."""
    email = MAY_2020_MJML.read_text(encoding="utf-8")
    contents_start, contents_end = email.index("            <ul>\n"), email.index("            </ul>\n")
    first_section = email.index('      <mj-section mj-class="section">')
    wrapper_end = email.index("    </mj-wrapper>")
    contents = "".join(f'              <li><a href="#section-{n}-of-the-month">Section {n} of the month</a></li>\n'
                       for n in range(sections))
    return (email[:contents_start] + "            <ul>\n" + contents + email[contents_end:first_section]
            + "".join(SECTION_MJML.format(n=n) for n in range(sections)) + email[wrapper_end:])


def write_sections_copies(folder: Path, sizes: tuple[int, ...], runs: int) -> None:
    """A may-2020 copy to warm up on, then for each run an MJML file of each size of ``sizes``, in that order."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(MAY_2020_MJML, folder / "0-warm-up.mjml")
    for run_number in range(runs):
        for size in sizes:
            (folder / f"{run_number + 1}-{size:05d}.mjml").write_text(sections_mjml(size), encoding="utf-8")


def sections_per_size(report: dict) -> dict[int, list[float]]:
    """The compile times (ms) of each size in a report of ``write_sections_copies``'s folder."""
    times: dict[int, list[float]] = {}
    for compiled in report["files"][1:]:  # the first is the warm-up
        size = int(compiled["name"].split("-", 1)[1].split(".")[0])
        times.setdefault(size, []).append(compiled["ms"])
    return times


# --- `mjml -w`: save to compiled ----------------------------------------------


class MjmlWatch:
    """`mjml -w` on a copy of may-2020.mjml: each save waits until the output file holds the new words."""

    def __init__(self, node: str, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.source, self.output = folder / "may-2020.mjml", folder / "may-2020.html"
        self.original = MAY_2020_MJML.read_text(encoding="utf-8")
        self.source.write_text(self.original, encoding="utf-8")
        self.process = subprocess.Popen([node, str(MJML_CLI), "-w", str(self.source), "-o", str(self.output)],
                                        cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.process.stdout.readline()  # "Now watching file: ...": the watcher is set up

    def save_and_wait(self, title: str, timeout: float = 10.0) -> float:
        """Write ``title`` as a section's heading; return the seconds until MJML's output shows it."""
        assert "Podcasts from #socialcarefuture" in self.original, "may-2020.mjml changed: update this benchmark"
        started = time.perf_counter()
        self.source.write_text(self.original.replace("Podcasts from #socialcarefuture", title), encoding="utf-8")
        while time.perf_counter() - started < timeout:
            try:
                if title in self.output.read_text(encoding="utf-8"):
                    return time.perf_counter() - started
            except OSError:
                pass  # not written yet
            time.sleep(0.002)
        raise RuntimeError(f"`mjml -w` did not compile {self.source} within {timeout} s")

    def close(self) -> None:
        self.process.terminate()
        self.process.communicate(timeout=10)


def time_validate(node: str, runs: int) -> float:
    """The median seconds of `mjml --validate may-2020.mjml` (after one dropped run): MJML's `lacnews check`."""
    return median_after_warmup([timed([node, str(MJML_CLI), "--validate", str(MAY_2020_MJML)], BENCHMARKS)[0]
                                for _ in range(runs + 1)])


# --- report ------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:6.0f} ms"


def verdict(ratio: float, target: float) -> str:
    return f"{ratio:.2f} (target <= {target}: {'met' if ratio <= target else 'NOT met'})"


def print_report(runs: int, count: int, node: str, cold: Pair, warm: Pair, many: ManyIssues) -> None:
    mjml_version = json.loads((MJML_PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    node_version = run([node, "--version"], REPO).stdout.strip()
    print(f"lacnews ({' '.join(lacnews())}) beside MJML {mjml_version} (node {node_version}); "
          f"medians of {runs} runs, after 1 dropped warm-up run of each")
    print("load average at the end: " + ", ".join(f"{load:.2f}" for load in os.getloadavg())
          + f" on {os.cpu_count()} CPUs (other work on the machine slows both tools)")
    print("\n(a) one issue, may-2020, whole process")
    for label, pair in (("cold user cache (fresh for every run)", cold), ("warm user cache (shared by the runs)", warm)):
        print(f"    {label:40} lacnews {ms(pair.lacnews)}   mjml {ms(pair.mjml)}   "
              f"lacnews/mjml {verdict(pair.ratio, TARGET_RATIO)}")
    print(f"\n(b) {count} issues")
    rows = (
        ("lacnews build --all, cold (fresh build/ and user cache)", many.cold.lacnews,
         f"{many.cold.lacnews / count * 1000:.0f} ms an issue, with text, checks and web archive"),
        (f"one node process compiling {count} .mjml files", many.cold.mjml,
         f"{many.cold.mjml / count * 1000:.0f} ms an issue, HTML only"),
    )
    for label, seconds, note in rows:
        print(f"    {label:56} {seconds:6.2f} s   ({note})")
    print(f"    {'lacnews/mjml':56} {verdict(many.cold.ratio, TARGET_RATIO)}")
    unchanged_met = "met" if many.unchanged <= TARGET_UNCHANGED_SECONDS else "NOT met"
    print(f"    {'lacnews build --all, nothing changed':56} {many.unchanged:6.2f} s"
          f"   (target <= {TARGET_UNCHANGED_SECONDS} s: {unchanged_met})")
    print("\n(c) MJML inside that one node process, for reference")
    print(f"    node start-up {many.node_startup_ms:.0f} ms, require('mjml') {many.require_mjml_ms:.0f} ms, "
          f"first compile {many.first_compile_ms:.0f} ms, later compiles {many.later_compile_ms:.0f} ms each (median)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="measured runs of each command (default 5)")
    parser.add_argument("--issues", type=int, default=100, help="issues in the many-issue test (default 100)")
    options = parser.parse_args()
    node = require_mjml()
    with tempfile.TemporaryDirectory(prefix="lacnews-mjml-") as folder:
        scratch = Path(folder)
        keep_python_bytecode(scratch)
        (scratch / "one-issue").mkdir()
        one_issue = copy_repo_project(scratch / "one-issue")
        cold = time_one_issue(one_issue, scratch, node, options.runs, cold_cache=True)
        warm = time_one_issue(one_issue, scratch, node, options.runs, cold_cache=False)
        (scratch / "many").mkdir()
        many = time_many_issues(scratch / "many", node, options.runs, options.issues)
    print_report(options.runs, options.issues, node, cold, warm, many)


if __name__ == "__main__":
    main()
