"""`lacnews check --links`: fetch every http(s) address of an issue and report the broken ones.

Addresses are checked eight at a time, HEAD first and GET where a server will not
answer HEAD, following redirects one hop at a time so that each is reported.
Results are kept for a day in build/.cache/links.json, so a second run is
instant. Nothing here runs without --links: the default check is offline.

Every answer comes from a stranger, so every fetch is bounded: the --timeout
covers the whole of one address (its name lookup, every redirect, every byte
read), not each read; at most 64 KB of headers and 1 KB of a page are read; a
redirect is followed only to another http(s) address (never a file:, data: or
ftp: one); only public addresses are fetched, after every redirect and lookup,
unless the editor allows private ones (lacnews.base.private_network; a refusal is
never cached, so allowing it takes effect at once); and the check as a whole
ends after as many timeouts as it has
rounds of addresses, reporting what has not answered by then. The fetching
threads are daemons with sockets that give up at the deadline, so a peer that
stalls can hold neither the check nor the end of the program. The bounded
connection itself (deadline, byte budget, proxies, redirects checked hop by hop)
is lacnews.base.fetch's, shared with `lacnews add`.
"""

from __future__ import annotations

import http.client
import json
import math
import queue
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from lacnews.base import layout
from lacnews.base.errors import LacnewsError, Place
from lacnews.base.fetch import (
    HEADER_BYTES,
    REDIRECTS,
    Deadline,
    PrivateAddress,
    Unfetchable,
    Wire,
    exchange,
    follow,
    read_announced,
    reason,
    redirected_to_private,
    shown,
)
from lacnews.base.network import NO_SUCH_HOST
from lacnews.base.private_network import private_allowed
from lacnews.base.progress import Progress, no_progress
from lacnews.base.write import WriteError, check_steps, refuse_to_replace, write_files
from lacnews.checks.findings import Finding
from lacnews.checks.registry import level_of
from lacnews.pipeline.content import LinkRef

CACHE_SECONDS = 24 * 60 * 60
USER_AGENT = "lacnews-link-check/1 (+https://pypi.org/project/lacnews/)"
PERMANENT = {301, 308}
MAX_HOPS = 10
BODY_BYTES = 1024  # the most of a page that is read (GET only): enough to know it is there
GRACE = 1.0  # seconds the whole check may take beyond its rounds of timeouts
CACHE_BYTES = 8 * 1024 * 1024  # a links.json larger than this is not one lacnews wrote


@dataclass
class LinkResult:
    """What fetching one address found."""

    url: str
    status: int | None = None
    error: str | None = None
    redirects: list[tuple[int, str]] = field(default_factory=list)
    https_works: bool | None = None
    checked: float = 0.0
    refused: bool = False  # a private address not allowed: never kept, so that allowing it takes effect at once

    @property
    def final_url(self) -> str:
        return self.redirects[-1][1] if self.redirects else self.url


def _request(url: str, method: str, deadline: Deadline, proxies: dict[str, str],
             allow_private: bool) -> tuple[int, str | None]:
    """Send one request for ``url`` and return the status and the Location, within the deadline."""
    with exchange(url, method, deadline, proxies, user_agent=USER_AGENT, budget=HEADER_BYTES + BODY_BYTES + 1,
                  allow_private=allow_private) as (response, wire):
        if method == "GET":
            _read_some(response, wire)
        return response.status, response.getheader("Location")


def _read_some(response: http.client.HTTPResponse, wire: Wire) -> None:
    """Read at most BODY_BYTES of the page, and hold the server to the length it announced."""
    if response.chunked or response.length is None:
        response.read(BODY_BYTES)
        return
    read_announced(response, wire, BODY_BYTES, ": readers may see the page cut short")


def fetch(url: str, timeout: float, proxies: dict[str, str] | None = None,
          deadline: Deadline | None = None, allow_private: bool | None = None) -> LinkResult:
    """Fetch ``url`` (HEAD, then GET where HEAD is refused), following and recording redirects.

    Everything, every redirect and the https:// probe of an http:// address included, ends
    within ``timeout`` seconds. An address that is not a public one is an error, unless
    ``allow_private`` (None: as the environment says). Never raises: what goes wrong is the
    result's error.
    """
    proxies = urllib.request.getproxies() if proxies is None else proxies
    allow_private = private_allowed(allow_private)
    deadline = deadline or Deadline(timeout)
    result = LinkResult(url, checked=time.time())
    current = url
    try:
        for _ in range(MAX_HOPS):
            status, location = _request(current, "HEAD", deadline, proxies, allow_private)
            if status >= 400:
                status, location = _request(current, "GET", deadline, proxies, allow_private)
            if status in REDIRECTS and location:
                current = follow(current, location)
                result.redirects.append((status, current))
                continue
            result.status = status
            break
        else:
            result.error = f"more than {MAX_HOPS} redirects"
    except PrivateAddress as exc:
        result.error = str(redirected_to_private(exc, current) if result.redirects else exc)
        result.refused = True
    except Unfetchable as exc:
        result.error = str(exc)
    except TimeoutError:
        result.error = f"no answer within {timeout:g} s"
    except Exception as exc:  # a stranger's answer must never stop the check
        result.error = reason(exc)
    if url.lower().startswith("http://") and result.status is not None and result.status < 400:
        secure = fetch("https://" + url[len("http://"):], timeout, proxies, deadline, allow_private)
        result.https_works = secure.status is not None and secure.status < 400
    return result


def fetch_all(urls: list[str], timeout: float, concurrency: int, total: float | None = None,
              on_result=lambda result: None,
              allow_private: bool | None = None) -> tuple[dict[str, LinkResult], set[str]]:
    """Fetch ``urls``, ``concurrency`` at a time, and return every result and the addresses cut short.

    Each address has ``timeout`` seconds, so all are done within a timeout per round of
    ``concurrency``; ``total`` (that, and a second, unless given) bounds the whole. What has not
    answered by then is reported as not answering, and is left to its daemon thread.
    """
    total = total if total is not None else math.ceil(len(urls) / concurrency) * timeout + GRACE
    end = time.monotonic() + total
    proxies = urllib.request.getproxies()
    allow_private = private_allowed(allow_private)  # read here, once: the threads are given the answer
    waiting: queue.SimpleQueue[str] = queue.SimpleQueue()
    for url in urls:
        waiting.put(url)
    finished: queue.SimpleQueue[LinkResult] = queue.SimpleQueue()
    started: set[str] = set()

    def work() -> None:
        while time.monotonic() < end:
            try:
                url = waiting.get_nowait()
            except queue.Empty:
                return
            started.add(url)
            try:
                finished.put(fetch(url, timeout, proxies, allow_private=allow_private))
            except BaseException as exc:  # fetch never raises; this is so that the check never waits for it
                finished.put(LinkResult(url, error=f"could not be checked ({type(exc).__name__})",
                                        checked=time.time()))

    for _ in range(min(concurrency, len(urls))):
        threading.Thread(target=work, name="lacnews-link-check", daemon=True).start()
    results: dict[str, LinkResult] = {}
    while len(results) < len(urls):
        try:
            result = finished.get(timeout=max(0.0, end - time.monotonic()))
        except queue.Empty:
            break
        results[result.url] = result
        on_result(result)
    cut = {url for url in urls if url not in results}
    for url in cut:
        error = (f"no answer within {total:g} s, the time the whole check may take" if url in started
                 else f"not checked: the whole check stopped after {total:g} s")
        results[url] = LinkResult(url, error=error, checked=time.time())
    return results, cut


_FIELDS = {f.name for f in fields(LinkResult)} - {"refused"}
_told: set[tuple[str, str]] = set()  # what the user has been told about a cache, once per run


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _from_json(url, entry) -> LinkResult | None:
    """Return the cached result ``entry`` for ``url``, or None if it is not one lacnews wrote."""
    if not isinstance(url, str) or not isinstance(entry, dict) or set(entry) != _FIELDS or entry["url"] != url:
        return None
    status, error, redirects = entry["status"], entry["error"], entry["redirects"]
    https_works, checked = entry["https_works"], entry["checked"]
    if not (status is None or (_is_int(status) and 100 <= status <= 999)):
        return None
    if not (error is None or isinstance(error, str)) or not (https_works is None or isinstance(https_works, bool)):
        return None
    if not (_is_int(checked) or isinstance(checked, float)) or not math.isfinite(checked):
        return None
    if not isinstance(redirects, list) or len(redirects) > MAX_HOPS or not all(
            isinstance(hop, list) and len(hop) == 2 and _is_int(hop[0]) and isinstance(hop[1], str)
            for hop in redirects):
        return None
    return LinkResult(url, status, error, [(code, location) for code, location in redirects], https_works,
                      float(checked))


class LinkCache:
    """Results of earlier checks, kept for a day in build/.cache/links.json.

    A damaged file (not JSON, or not what lacnews writes) is rebuilt, and a folder that
    cannot be written leaves the check as it is: either is said once, as a note. A cache
    reached through a symbolic link (build/.cache linked to a folder elsewhere), or that is
    not a regular file, is neither read nor written: the project's writes stay in the project.
    """

    def __init__(self, build_dir: Path):
        self.project_root = build_dir.parent
        self.folder = layout.link_cache_dir(build_dir)
        self.path = self.folder / layout.LINK_CACHE
        self.results: dict[str, LinkResult] = {}
        self.notes: list[str] = []
        self.damaged = False
        self.usable = True
        try:
            check_steps(self.project_root, self.folder)
            refuse_to_replace(self.path)
        except WriteError as exc:
            self.usable = False
            self._note("unwritable", f"cannot save the link cache ({exc.format_message()}), nor read it: the links "
                                     "were checked, and will be fetched again next time")
            return
        try:
            if self.path.stat().st_size > CACHE_BYTES:
                return self._damage(f"it is larger than {CACHE_BYTES // (1024 * 1024)} MB")
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, NotADirectoryError):
            return
        except OSError as exc:
            return self._damage(f"it cannot be read: {exc.strerror or exc}")
        except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested beyond reason
            return self._damage("it is not JSON")
        if not isinstance(stored, dict):
            return self._damage("it does not hold a result per address")
        now = time.time()
        bad = 0
        for url, entry in stored.items():
            result = _from_json(url, entry)
            if result is None:
                bad += 1
            elif 0 <= now - result.checked < CACHE_SECONDS:
                self.results[url] = result
        if bad:
            self._damage(f"{bad} of its {len(stored)} entries are not results lacnews wrote")

    def _damage(self, why: str) -> None:
        self.damaged = True
        self._note("damaged", f"the link cache was damaged ({why}): it is rebuilt, and those links fetched again")

    def _note(self, kind: str, message: str) -> None:
        if (str(self.path), kind) not in _told:
            _told.add((str(self.path), kind))
            self.notes.append(message)

    def save(self) -> None:
        """Write the results; a build folder that cannot be written is a note, not a failure."""
        if not self.usable:
            return
        try:
            kept = {url: {name: value for name, value in asdict(result).items() if name in _FIELDS}
                    for url, result in self.results.items()}
            write_files(self.folder, {layout.LINK_CACHE: json.dumps(kept, indent=1)}, inside=self.project_root)
        except (LacnewsError, OSError) as exc:
            reason = exc.format_message() if isinstance(exc, LacnewsError) else (exc.strerror or str(exc))
            self._note("unwritable", f"cannot save the link cache ({reason}): the links were checked, "
                                     "and will be fetched again next time")

    def findings(self, slug: str) -> list[Finding]:
        return [Finding(Place(self.path), level_of("link-cache"), "link-cache", note, slug) for note in self.notes]


def check_links(links: list[LinkRef], build_dir: Path, slug: str, concurrency: int = 8,
                timeout: float = 10.0, allow_private: bool | None = None,
                progress: Progress = no_progress) -> list[Finding]:
    """Return findings for every http(s) address in ``links``, fetching those not in the cache; an address
    that is not a public one is refused unless ``allow_private`` (None: as the environment says). ``progress``
    makes the bar shown while fetching (see lacnews.console.progress_bar)."""
    cache = LinkCache(build_dir)
    addresses = list(dict.fromkeys(link.address for link in links
                                   if link.address.lower().startswith(("http://", "https://"))))
    missing = [url for url in addresses if url not in cache.results]
    fresh: dict[str, LinkResult] = {}
    offline = False
    if missing:
        with progress(len(missing), f"Checking {len(missing)} links of {slug}") as bar:
            fresh, cut = fetch_all(missing, timeout, concurrency, on_result=lambda result: bar.update(1),
                                   allow_private=allow_private)
        # no host at all could be looked up: the machine is offline, not every link broken; kept for no day
        offline = len(fresh) >= 2 and all(_lookup_failed(result) for result in fresh.values())
        cache.results.update({url: result for url, result in fresh.items()
                              if url not in cut and not result.refused and not offline})
    if missing or cache.damaged:
        cache.save()
    findings = cache.findings(slug)
    for link in links:
        result = fresh.get(link.address) or cache.results.get(link.address)
        if result is None:
            continue
        place = link.at()
        offline_for = slug if offline and link.address in fresh else None
        for level, rule, message in _judge(result, offline_for):
            findings.append(Finding(place, level, rule, message, slug))
    return findings


def _lookup_failed(result: LinkResult) -> bool:
    return bool(result.error) and result.error.startswith(NO_SUCH_HOST)


def _found(rule: str, message: str) -> tuple[str, str, str]:
    return level_of(rule), rule, message


def _judge(result: LinkResult, offline_for: str | None = None):
    """Yield (level, rule, message) for what fetching an address found; with ``offline_for`` (the issue's slug),
    no host of the issue's links could be looked up: the machine, not the link, is at fault."""
    if result.error and offline_for:
        yield _found("link-broken", f"{result.url}: its host could not be looked up, nor any other link's: this "
                                    f"machine seems to be offline; run `lacnews check --links {offline_for}` again "
                                    "once it is online")
        return
    if result.error:
        yield _found("link-broken", f"{result.url}: {shown(result.error, 300)}")
        return
    if result.status is not None and result.status >= 400:
        yield _found("link-broken", f"{result.url} answers {result.status}: readers would find nothing there")
        return
    permanent = [location for code, location in result.redirects if code in PERMANENT]
    if permanent:
        yield _found("link-moved", f"{result.url} has moved permanently to {shown(result.final_url, 300)}: "
                                   "use the new address")
    elif result.redirects:
        yield _found("link-redirect", f"{result.url} redirects (for now) to {shown(result.final_url, 300)}")
    if result.https_works:
        yield _found("link-https", f"{result.url} also works as https://: use https://{result.url[len('http://'):]}")
