"""Forked worker processes (lacnews.base.workers): each result as it finishes, and whatever ends the work early
(an error, a worker killed, the reader gone) leaves no worker running; Ctrl-C reaches a worker as it reaches the
command."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

import pytest

from lacnews.base.errors import LacnewsError
from lacnews.base.workers import in_workers


def _square(number: int) -> int:
    return number * number


# The other jobs last far longer than a test waits: a worker left on one is seen running.
LONG = 30


def _fails_at_three(number: int) -> int:
    if number == 3:
        raise RuntimeError("a bug in a job")
    time.sleep(LONG)
    return number


def _killed_at_three(number: int) -> int:
    if number == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(LONG)
    return number


def _quick_at_three(number: int) -> int:
    if number != 3:
        time.sleep(LONG)
    return number


def _interrupted(number: int) -> int:
    os.kill(os.getpid(), signal.SIGINT)
    return number


def _no_worker_left() -> bool:
    deadline = time.monotonic() + 5
    while multiprocessing.active_children():  # each ended one is collected by the asking
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_every_result_comes_back_once():
    assert sorted(in_workers(_square, range(20), 2)) == [number * number for number in range(20)]
    assert _no_worker_left()


def test_an_error_in_a_job_is_raised_and_stops_every_worker():
    with pytest.raises(RuntimeError, match="a bug in a job"):
        list(in_workers(_fails_at_three, [3, 1, 2, 4], 2))
    assert _no_worker_left()


def test_a_worker_killed_is_told_as_such_and_the_others_stopped():
    with pytest.raises(LacnewsError, match="a worker process stopped before finishing its work"):
        list(in_workers(_killed_at_three, [3, 1, 2, 4], 2))
    assert _no_worker_left()


def test_a_reader_that_stops_reading_stops_the_workers():
    results = in_workers(_quick_at_three, [3, 1, 2, 4], 2)
    assert next(results) == 3
    results.close()
    assert _no_worker_left()


def test_ctrl_c_stops_a_worker_unless_the_command_was_started_with_it_ignored():
    with pytest.raises(LacnewsError):  # at its default, Ctrl-C ends the worker where it is
        list(in_workers(_interrupted, range(4), 2))
    assert _no_worker_left()
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert sorted(in_workers(_interrupted, range(4), 2)) == [0, 1, 2, 3]
    finally:
        signal.signal(signal.SIGINT, before)
    assert _no_worker_left()
