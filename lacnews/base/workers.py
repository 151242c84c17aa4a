"""Work shared among forked worker processes: each job's result as it finishes, and no worker left behind.

concurrent.futures runs the workers, not multiprocessing.Pool, whose own thread woke at each finished job and
polled until the result was collected: a third of a core, beside workers that have every core busy. Forked, the
workers start with what the caller made ready before them, shared rather than copied.

A worker takes Ctrl-C as the command does (a build in one process stops where it is; one started with Ctrl-C
ignored goes on). Whatever ends the work early (Ctrl-C, an error, the reader of the results gone) stops every
worker before it is passed on: the command's process ends without waiting on them (``os._exit``), and a worker
still holding a job would otherwise go on, then wait for more for ever.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import ForkContext, ForkProcess
from typing import TypeVar

from lacnews.base.errors import LacnewsError

Job = TypeVar("Job")
Result = TypeVar("Result")


class _ForkKeepingProcesses(ForkContext):
    """The fork context, keeping each process it starts: ProcessPoolExecutor can stop its workers only from
    Python 3.14 on (``terminate_workers``)."""

    def __init__(self) -> None:
        super().__init__()
        self.started: list[ForkProcess] = []

    def Process(self, *args, **kwargs) -> ForkProcess:  # noqa: N802 (the context's own name)
        process = ForkProcess(*args, **kwargs)
        self.started.append(process)
        return process


def can_fork() -> bool:
    """Whether worker processes can be forked here (not on Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def in_workers(function: Callable[[Job], Result], jobs: Iterable[Job], workers: int) -> Iterator[Result]:
    """Yield ``function(job)`` for each of ``jobs`` as it finishes, in ``workers`` forked processes; raise
    ``LacnewsError`` where a worker ended without finishing its job (killed, out of memory)."""
    context = _ForkKeepingProcesses()
    # a worker inherits Ctrl-C ignored, but not the command's own handler, which would only raise inside it
    on_interrupt = signal.SIG_IGN if signal.getsignal(signal.SIGINT) is signal.SIG_IGN else signal.SIG_DFL
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=signal.signal,
                               initargs=(signal.SIGINT, on_interrupt))
    try:
        for future in as_completed([pool.submit(function, job) for job in jobs]):
            yield future.result()
    except BrokenProcessPool:
        _stop(pool, context)
        raise LacnewsError("a worker process stopped before finishing its work (killed, or out of memory?): "
                           "run the command again; what it left half-written is cleared then") from None
    except BaseException:
        _stop(pool, context)
        raise
    pool.shutdown()


def _stop(pool: ProcessPoolExecutor, context: _ForkKeepingProcesses) -> None:
    pool.shutdown(wait=False, cancel_futures=True)
    for process in context.started:
        if process.is_alive():
            process.terminate()
