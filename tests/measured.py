"""Run lacnews as a user does, in a process of its own, and measure what the run cost: its time and its peak
memory (the child's own, so one heavy run does not hide behind another).

The child's address space is capped (``MEMORY_CAP``) so that code without bounds fails the test quickly
with a MemoryError rather than filling the machine.
"""

from __future__ import annotations

import re
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from conftest import lacnews_env

MEMORY_CAP = 3 * 1024 * 1024 * 1024
# The peak is read from /proc/self/status (VmHWM: this process's own memory), not getrusage: Linux counts
# in ru_maxrss the memory of the process that started this one, at the moment it did.
RUN = """\
import gc, re, resource, sys
from lacnews.cli import cli
gc.disable()  # as lacnews.cli.main does
try:
    cli(sys.argv[1:], prog_name="lacnews")
finally:
    try:
        with open("/proc/self/status") as status:
            peak = int(re.search(r"VmHWM:\\s*([0-9]+) kB", status.read()).group(1))
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stderr.write(f"\\npeak-kb={peak}\\n")
"""


@dataclass
class Measured:
    code: int
    out: str
    err: str
    seconds: float
    peak_mb: float

    @property
    def output(self) -> str:
        return self.out + self.err


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_measured(*args: str, cwd: Path, timeout: float = 120) -> Measured:
    """Run ``lacnews ARGS`` in ``cwd``; return what it printed, how long it took and its peak memory."""
    started = time.monotonic()
    process = subprocess.run([sys.executable, "-c", RUN, *args], cwd=cwd, capture_output=True, text=True,
                             env=lacnews_env(), timeout=timeout, preexec_fn=_cap_memory)
    seconds = time.monotonic() - started
    peak = re.search(r"\npeak-kb=([0-9]+)\n\Z", process.stderr)
    err = process.stderr[:peak.start()] if peak else process.stderr
    return Measured(process.returncode, process.stdout, err, seconds, int(peak.group(1)) / 1024 if peak else -1.0)
