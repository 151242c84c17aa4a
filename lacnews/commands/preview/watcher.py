"""The issues being previewed: composed in memory, watched, and composed again when their inputs change.

Changes are found by polling the inputs' modification times every 50 ms: no
dependency, it sees an editor's save-by-rename as well as an in-place write, and
a stat of a dozen files costs nothing. What is watched is bounded: the issues
composed before the server started serving (the one named on the command line),
every issue with a page open, and at most ``MAX_WATCHED`` (8) others, the most
recently viewed. Nothing is written: the preview is never taken for a build.
"""

from __future__ import annotations

import html
import itertools
import threading
import time
from collections import Counter, OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from lacnews.base import layout
from lacnews.base.errors import LacnewsError
from lacnews.base.languages import languages_of
from lacnews.base.project import Project
from lacnews.checks.findings import LEVEL_ORDER
from lacnews.compose import compose
from lacnews.compose.composed import Composed
from lacnews.console import log
from lacnews.pipeline.inputs import Inputs, shared_inputs, stat_snapshot
from lacnews.text.mergetags import fill_merge_tags

POLL_SECONDS = 0.05
SETTLE_SECONDS = 0.02  # an editor may write a file in several pieces
MAX_WATCHED = 8  # recently viewed issues kept composed and watched, beyond the pinned and open ones


@dataclass(frozen=True)
class EditionPreview:
    """One email of the issue (the one, or one language's) as a reader sees it."""

    language: str  # "" for the issue's one email
    subject: str
    html: bytes  # merge tags filled in, links opening a new tab, the pictures from the preview's memory
    text: str  # the text part, merge tags filled as in the HTML
    html_bytes: int  # of the email as built, for Gmail's clip
    text_bytes: int


@dataclass
class IssueState:
    """The newest composition of one issue: the last good one, and the error of the last save if it failed."""

    slug: str
    version: int = 0
    good_version: int = 0
    composed: Composed | None = None
    findings: list[dict[str, str]] = field(default_factory=list)  # each one's level and line, errors first
    editions: dict[str, EditionPreview] = field(default_factory=dict)  # by language, first first; "" for one email
    error: str | None = None
    build_seconds: float = 0.0
    inputs_seen: dict[Path, tuple[int, int]] = field(default_factory=dict)  # as they were when composed
    referenced: tuple[Path, ...] = ()  # the local files the issue names, as last read: watched too

    def edition(self, language: str | None = None) -> EditionPreview | None:
        """Return the email in ``language`` as a reader sees it (the first when None or not one of them); None
        before the issue first composes."""
        found = self.editions.get(language) if language is not None else None
        return found or next(iter(self.editions.values()), None)

    def as_json(self) -> dict:
        first = self.edition()
        return {
            "slug": self.slug,
            "version": self.version,
            "good_version": self.good_version,
            "error": self.error,
            "findings": self.findings,
            # the largest email's: Gmail clips each on its own
            "html_bytes": max((edition.html_bytes for edition in self.editions.values()), default=0),
            "text_bytes": max((edition.text_bytes for edition in self.editions.values()), default=0),
            "subject": first.subject if first else "",
            "editions": [{"language": edition.language, "subject": edition.subject, "html_bytes": edition.html_bytes,
                          "text_bytes": edition.text_bytes} for edition in self.editions.values()],
            "build_ms": round(self.build_seconds * 1000, 1),
        }


@dataclass
class Previewer:
    """Composes the issues being previewed, in memory, and again when their inputs change.

    ``states`` holds the watched issues, least recently viewed first; see the
    module's docstring for which stay. Versions come from one counter, so an
    issue forgotten and composed again never repeats a version a page has seen.
    """

    project: Project
    states: OrderedDict[str, IssueState] = field(default_factory=OrderedDict)
    pinned: set[str] = field(default_factory=set)
    open_pages: Counter[str] = field(default_factory=Counter)
    changed: threading.Condition = field(default_factory=threading.Condition)
    build_lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)
    versions: itertools.count = field(default_factory=lambda: itertools.count(1))

    def state(self, slug: str) -> IssueState:
        """Return the state of ``slug``, building it first if it is not watched yet."""
        with self.changed:
            known = self.states.get(slug)
            if known is not None:
                self.states.move_to_end(slug)
                return known
        return self.rebuild(slug)

    def watched(self) -> list[str]:
        with self.changed:
            return list(self.states)

    def pin_watched(self) -> None:
        """Keep watching the issues composed so far (the one named on the command line) for good."""
        with self.changed:
            self.pinned.update(self.states)

    @contextmanager
    def page_open(self, slug: str):
        """Keep ``slug`` watched while a page of it is open (its event stream)."""
        with self.changed:
            self.open_pages[slug] += 1
        try:
            yield
        finally:
            with self.changed:
                self.open_pages[slug] -= 1
                if not self.open_pages[slug]:
                    del self.open_pages[slug]

    def rebuild(self, slug: str, only_if_watched: bool = False) -> IssueState | None:
        """Compose ``slug`` and publish the outcome to every waiting page; nothing is written."""
        with self.build_lock:
            started = time.perf_counter()
            inputs_seen = stat_snapshot((self.project.slug_path(slug), *shared_inputs(self.project)))
            named = None
            try:
                composed, error = compose(self.project, slug), None
            except LacnewsError as exc:
                composed, error = None, exc.format_message()
                named = getattr(exc, "inputs", None)  # a missing picture: watch for it to arrive
            except Exception as exc:  # a bug, not the editor's: say so on the page, keep serving
                composed, error = None, f"lacnews could not compose {slug}: {type(exc).__name__}: {exc}"
                log(f"lacnews preview: {error}")
            seconds = time.perf_counter() - started
            with self.changed:
                if only_if_watched and slug not in self.states:
                    return None  # forgotten while it was being composed
                state = self.states.setdefault(slug, IssueState(slug))
                if not only_if_watched:
                    self.states.move_to_end(slug)  # viewed just now
                last_good = composed if composed is not None else state.composed
                if composed is not None or named is not None:
                    state.referenced = (composed.inputs if composed is not None else named).referenced
                elif last_good is not None:
                    state.referenced = last_good.inputs.referenced
                state.inputs_seen = {**inputs_seen, **stat_snapshot(state.referenced)}
                state.version = next(self.versions)
                state.error = error
                state.build_seconds = seconds
                if composed is not None:
                    state.composed = composed
                    state.findings = [{"level": finding.level, "text": str(finding)}
                                      for finding in sorted(composed.findings, key=lambda f: LEVEL_ORDER[f.level])]
                    state.good_version = state.version
                    state.editions = _editions(composed)
                self._forget_least_recent()
                self.changed.notify_all()
                return state

    def _forget_least_recent(self) -> None:
        """Stop watching the least recently viewed issues beyond ``MAX_WATCHED`` (caller holds ``changed``)."""
        forgettable = [slug for slug in self.states if slug not in self.pinned and not self.open_pages[slug]]
        for slug in forgettable[:max(0, len(forgettable) - MAX_WATCHED)]:
            del self.states[slug]

    def wait_for_change(self, slug: str, version: int, timeout: float) -> IssueState | None:
        """Return the state of ``slug`` once its version passes ``version`` (or the timeout ends)."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while not self.stopping.is_set():
                state = self.states.get(slug)
                remaining = deadline - time.monotonic()
                if (state and state.version != version) or remaining <= 0:
                    return state
                self.changed.wait(min(remaining, 0.5))
            return self.states.get(slug)

    def inputs(self) -> tuple[dict[Path, str | None], dict[Path, tuple[int, int]]]:
        """Return every input of the watched issues, with the issue it belongs to (None: all of them),
        and how each was when its issue was composed."""
        with self.changed:
            states = list(self.states.values())
        shared = shared_inputs(self.project)
        owners: dict[Path, str | None] = dict.fromkeys(shared)
        composed_with: dict[Path, tuple[int, int]] = {}
        for state in states:
            for path in Inputs(self.project.slug_path(state.slug), shared, state.referenced).paths:
                owners[path] = None if path in owners and owners[path] != state.slug else state.slug
            composed_with.update(state.inputs_seen)
        return owners, composed_with

    def watch(self) -> None:
        """Compose watched issues again whenever one of their inputs changes, until stopped."""
        seen, complaint = {}, None
        while True:
            try:
                seen = self._poll(seen)
            except Exception as exc:  # keep watching: one bad poll must not end live reload
                if f"{exc}" != complaint:
                    complaint = f"{exc}"
                    log(f"lacnews preview: watching for changes failed: {type(exc).__name__}: {exc}")
            if self.stopping.wait(POLL_SECONDS):
                return

    def _poll(self, seen: dict) -> dict:
        """Rebuild the issues whose inputs changed since ``seen``; return the inputs' state now.

        An input not seen before belongs to an issue just composed: it changed if it is not as it
        was when that composition began, so a newly viewed issue is not composed twice.
        """
        owners, composed_with = self.inputs()
        baseline = {**composed_with, **seen}
        now = stat_snapshot(owners)
        if all(baseline.get(path) == value for path, value in now.items()):
            return now
        time.sleep(SETTLE_SECONDS)
        now = stat_snapshot(owners)
        # a path only in ``seen`` belonged to an issue no longer watched: not a change to act on
        changed = {path for path in now if now[path] != baseline.get(path)}
        if any(owners[path] is None for path in changed):
            affected = self.watched()  # newsletter.yaml, words.txt or a template: every issue
        else:
            affected = list(dict.fromkeys(owners[path] for path in changed))
        for slug in affected:
            self.rebuild(slug, only_if_watched=True)
        return now


def _subject_of(document: str) -> str:
    start, end = document.find("<title>"), document.find("</title>")
    return html.unescape(document[start + 7:end]) if 0 <= start < end else ""


def _editions(composed: Composed) -> dict[str, EditionPreview]:
    """Return each email of the issue as a reader sees it: merge tags filled in, links opening a new tab, and the
    pictures from the project shown at once, from memory, before anything is uploaded."""
    pictures = composed.pictures
    # the frame is /issue/<slug>/email, so images/<name> is the preview's own copy
    shown = composed.with_pictures_at({pictures.url(picture.prepared): layout.picture_file(picture.prepared.name)
                                       for picture in pictures.local})
    editions = {}
    for language, email in shown.emails.items():
        subject = _subject_of(email.html)
        filled = fill_merge_tags(email.html, subject=subject, escape=html.escape)
        filled = filled.replace("<head>", '<head>\n<base target="_blank">', 1)
        built = composed.emails[language]
        # the text part has no lang marks: its stand-ins are in the language it opens with
        words = language or (languages_of(composed.loaded.newsletter, composed.loaded.issue)
                             or [composed.loaded.newsletter.language])[0]
        editions[language] = EditionPreview(language, subject, filled.encode("utf-8"),
                                            fill_merge_tags(email.text, subject=subject, language=words),
                                            built.html_bytes,
                                            built.text_bytes)
    return editions
