"""`lacnews check --links`: fetch every http(s) address of an issue and report the broken ones.

Addresses are checked eight at a time, HEAD first and GET where a server will not
answer HEAD, following redirects one hop at a time so that each is reported.
Results are kept for a day in build/.cache/links.json, so a second run is
instant. Nothing here runs without --links: the default check is offline.
"""

from __future__ import annotations

import concurrent.futures
import json
import socket
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from lacnews.content import LinkRef
from lacnews.findings import ERROR, NOTE, WARNING, Finding
from lacnews.progress import progress_bar
from lacnews.write import write_files

CACHE_SECONDS = 24 * 60 * 60
USER_AGENT = "lacnews-link-check/1 (+https://pypi.org/project/lacnews/)"
REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT = {301, 308}
MAX_HOPS = 10


@dataclass
class LinkResult:
    """What fetching one address found."""

    url: str
    status: int | None = None
    error: str | None = None
    redirects: list[tuple[int, str]] = field(default_factory=list)
    https_works: bool | None = None
    checked: float = 0.0

    @property
    def final_url(self) -> str:
        return self.redirects[-1][1] if self.redirects else self.url


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # each hop is followed by hand, so that it can be reported


_opener = urllib.request.build_opener(_NoRedirects)


def _request(url: str, method: str, timeout: float) -> tuple[int, str | None]:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with _opener.open(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)
            return response.status, response.headers.get("Location")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Location")


def fetch(url: str, timeout: float) -> LinkResult:
    """Fetch ``url`` (HEAD, then GET where HEAD is refused), following and recording redirects."""
    result = LinkResult(url, checked=time.time())
    current = url
    try:
        for _ in range(MAX_HOPS):
            status, location = _request(current, "HEAD", timeout)
            if status >= 400:
                status, location = _request(current, "GET", timeout)
            if status in REDIRECTS and location:
                current = urljoin(current, location)
                result.redirects.append((status, current))
                continue
            result.status = status
            break
        else:
            result.error = f"more than {MAX_HOPS} redirects"
    except (TimeoutError, socket.timeout):
        result.error = f"no answer within {timeout:g} s"
    except urllib.error.URLError as error:
        reason = error.reason
        result.error = f"no answer within {timeout:g} s" if isinstance(reason, (TimeoutError, socket.timeout)) \
            else f"cannot connect: {getattr(reason, 'strerror', None) or reason}"
    except (OSError, ValueError) as error:
        result.error = f"cannot connect: {error}"
    if url.startswith("http://") and result.status is not None and result.status < 400:
        secure = fetch("https://" + url[len("http://"):], timeout)
        result.https_works = secure.status is not None and secure.status < 400
    return result


class LinkCache:
    """Results of earlier checks, kept for a day in build/.cache/links.json."""

    def __init__(self, build_dir: Path):
        self.folder = build_dir / ".cache"
        self.path = self.folder / "links.json"
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = {}
        now = time.time()
        self.results = {url: LinkResult(**{**entry, "redirects": [tuple(r) for r in entry["redirects"]]})
                        for url, entry in stored.items() if now - entry.get("checked", 0) < CACHE_SECONDS}

    def save(self) -> None:
        write_files(self.folder, {"links.json": json.dumps({u: asdict(r) for u, r in self.results.items()},
                                                           indent=1)})


def check_links(links: list[LinkRef], build_dir: Path, slug: str, concurrency: int = 8,
                timeout: float = 10.0) -> list[Finding]:
    """Return findings for every http(s) address in ``links``, fetching those not in the cache."""
    cache = LinkCache(build_dir)
    addresses = list(dict.fromkeys(link.address for link in links
                                   if link.address.lower().startswith(("http://", "https://"))))
    missing = [url for url in addresses if url not in cache.results]
    if missing:
        with concurrent.futures.ThreadPoolExecutor(max_workers=concurrency) as pool, \
                progress_bar(len(missing), f"Checking {len(missing)} links of {slug}") as bar:
            for result in pool.map(lambda url: fetch(url, timeout), missing):
                cache.results[result.url] = result
                bar.update(1)
        cache.save()
    findings = []
    for link in links:
        result = cache.results.get(link.address)
        if result is None:
            continue
        place = link.at()
        for level, rule, message in _judge(result):
            findings.append(Finding(place, level, rule, message, slug))
    return findings


def _judge(result: LinkResult):
    if result.error:
        yield ERROR, "link-broken", f"{result.url}: {result.error}"
        return
    if result.status is not None and result.status >= 400:
        yield ERROR, "link-broken", f"{result.url} answers {result.status}: readers would find nothing there"
        return
    permanent = [location for code, location in result.redirects if code in PERMANENT]
    if permanent:
        yield WARNING, "link-moved", f"{result.url} has moved permanently to {result.final_url}: use the new address"
    elif result.redirects:
        yield NOTE, "link-redirect", f"{result.url} redirects (for now) to {result.final_url}"
    if result.https_works:
        yield WARNING, "link-https", (f"{result.url} also works as https://: use "
                                      f"https://{result.url[len('http://'):]}")
