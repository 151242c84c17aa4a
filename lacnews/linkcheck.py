"""`lacnews check --links`: fetch every http(s) address of an issue and report the broken ones.

Addresses are checked eight at a time, HEAD first and GET where a server will not
answer HEAD, following redirects one hop at a time so that each is reported.
Results are kept for a day in build/.cache/links.json, so a second run is
instant. Nothing here runs without --links: the default check is offline.

Every answer comes from a stranger, so every fetch is bounded: the --timeout
covers the whole of one address (its name lookup, every redirect, every byte
read), not each read; at most 64 KB of headers and 1 KB of a page are read; a
redirect is followed only to another http(s) address (never a file:, data: or
ftp: one); and the check as a whole ends after as many timeouts as it has
rounds of addresses, reporting what has not answered by then. The fetching
threads are daemons with sockets that give up at the deadline, so a peer that
stalls can hold neither the check nor the end of the program.
"""

from __future__ import annotations

import base64
import http.client
import io
import ipaddress
import json
import math
import queue
import re
import socket
import ssl
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from lacnews.content import LinkRef
from lacnews.errors import LacnewsError, Place
from lacnews.findings import ERROR, NOTE, WARNING, Finding
from lacnews.progress import progress_bar
from lacnews.write import write_files

CACHE_SECONDS = 24 * 60 * 60
USER_AGENT = "lacnews-link-check/1 (+https://pypi.org/project/lacnews/)"
REDIRECTS = {301, 302, 303, 307, 308}
PERMANENT = {301, 308}
MAX_HOPS = 10
HEADER_BYTES = 64 * 1024  # the most of an answer's status line and headers that is read
BODY_BYTES = 1024  # the most of a page that is read (GET only): enough to know it is there
GRACE = 1.0  # seconds the whole check may take beyond its rounds of timeouts
CACHE_BYTES = 8 * 1024 * 1024  # a links.json larger than this is not one lacnews wrote
SHOWN = 100  # the most characters of an address or a line from a server put in a message
WEB_SCHEMES = ("http", "https")


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


class _Broken(Exception):
    """Why an address is broken, in words for its finding."""


class _TooLong(Exception):
    """The server sent more than an answer's headers may hold."""


class _Deadline:
    """The moment a fetch must be over by."""

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        """Return the seconds left; raise TimeoutError when there are none."""
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError("deadline")
        return left


# Characters a terminal would act on rather than show: control characters (C0, DEL, C1) and the
# bidirectional overrides. Text from a server is shown with them escaped.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _shown(text: str, limit: int = SHOWN) -> str:
    """Return untrusted text fit for a message: control characters escaped, at most ``limit`` characters."""
    text = text if len(text) <= limit else text[:limit] + "…"
    return _UNSAFE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


class _Wire:
    """The connection http.client talks through: every send and read ends by the fetch's deadline,
    and an answer may not be longer than its headers and the little of the page that is read."""

    def __init__(self, sock: socket.socket, deadline: _Deadline):
        self.sock = sock
        self.deadline = deadline
        self.budget = HEADER_BYTES + BODY_BYTES + 1
        self.ended = False  # the server closed its side
        self.patient = True  # False: take only what has already arrived

    def sendall(self, data: bytes) -> None:
        self.sock.settimeout(self.deadline.left())
        self.sock.sendall(data)

    def makefile(self, *args, **kwargs) -> io.BufferedReader:
        return io.BufferedReader(_WireReader(self))

    def close(self) -> None:
        pass  # the socket is closed by the fetch that opened it, once the answer is read


class _WireReader(io.RawIOBase):
    def __init__(self, wire: _Wire):
        super().__init__()
        self.wire = wire

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int | None:
        wire = self.wire
        if wire.budget <= 0:
            raise _TooLong()
        wire.sock.settimeout(wire.deadline.left() if wire.patient else 0.0)
        try:
            count = wire.sock.recv_into(memoryview(buffer)[:wire.budget])
        except (BlockingIOError, ssl.SSLWantReadError):
            if wire.patient:
                raise
            return None  # nothing more has arrived
        wire.budget -= count
        wire.ended = wire.ended or count == 0
        return count


@dataclass(frozen=True)
class _Target:
    """An http(s) address taken apart for a request."""

    scheme: str
    host: str  # ASCII (IDNA for a name in another script)
    port: int
    path: str  # the request target: path and query, percent-encoded

    @classmethod
    def parse(cls, url: str) -> "_Target":
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            raise _Broken("is not an address that can be fetched") from None
        scheme = parts.scheme.lower()
        host = parts.hostname or ""
        if scheme not in WEB_SCHEMES or not host:
            raise _Broken("is not an address that can be fetched")
        try:
            host = host if host.isascii() else host.encode("idna").decode("ascii")
        except UnicodeError:
            raise _Broken(f"its host name {_shown(host)!r} is not a valid one") from None
        path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~-._")
        if parts.query:
            path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=~-._?")
        return cls(scheme, host, port or (443 if scheme == "https" else 80), path)

    @property
    def host_port(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    @property
    def absolute(self) -> str:
        usual = self.port == (443 if self.scheme == "https" else 80)
        return f"{self.scheme}://{self.host if usual and ':' not in self.host else self.host_port}{self.path}"


@dataclass(frozen=True)
class _Proxy:
    host: str
    port: int
    authorization: str | None  # the Proxy-Authorization header, from the proxy's address


def _proxy_for(target: _Target, proxies: dict[str, str]) -> _Proxy | None:
    """Return the proxy for ``target`` from http_proxy, https_proxy and no_proxy, as urllib reads them."""
    address = proxies.get(target.scheme)
    if not address or urllib.request.proxy_bypass(target.host):
        return None
    try:
        parts = urlsplit(address if "://" in address else "http://" + address)
        port = parts.port or 80
    except ValueError:
        parts, port = None, 0
    if parts is None or parts.scheme != "http" or not parts.hostname:
        raise _Broken(f"cannot use the proxy {_shown(address)!r} ({target.scheme}_proxy): "
                      "lacnews needs an http:// proxy")
    authorization = None
    if parts.username is not None:
        credentials = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode("utf-8")
        authorization = "Basic " + base64.b64encode(credentials).decode("ascii")
    return _Proxy(parts.hostname, port, authorization)


def _resolve(host: str, port: int, deadline: _Deadline) -> list:
    """Return the addresses of ``host``; the lookup, which has no timeout of its own, ends by the deadline."""
    try:
        ipaddress.ip_address(host)
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    except ValueError:
        pass
    found: list = []
    done = threading.Event()

    def look() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except (OSError, UnicodeError) as exc:
            found.append(exc)
        finally:
            done.set()

    threading.Thread(target=look, name="lacnews-lookup", daemon=True).start()
    if not done.wait(deadline.left()):
        raise TimeoutError("name lookup")
    if isinstance(found[0], Exception) or not found[0]:
        raise _Broken(f"cannot connect: there is no such host as {_shown(host)}")
    return found[0]


def _connect(host: str, port: int, deadline: _Deadline) -> socket.socket:
    reason = "no address"
    for family, kind, protocol, _, address in _resolve(host, port, deadline):
        sock = socket.socket(family, kind, protocol)
        try:
            sock.settimeout(deadline.left())
            sock.connect(address)
            return sock
        except OSError as exc:
            sock.close()
            if isinstance(exc, TimeoutError):
                raise
            reason = exc.strerror or str(exc)
    raise _Broken(f"cannot connect: {reason}")


_tls_context: ssl.SSLContext | None = None
_tls_lock = threading.Lock()


def _tls() -> ssl.SSLContext:
    global _tls_context
    with _tls_lock:
        if _tls_context is None:
            _tls_context = ssl.create_default_context()
        return _tls_context


def _tunnel(sock: socket.socket, target: _Target, proxy: _Proxy, deadline: _Deadline) -> None:
    """Ask an http proxy for a tunnel to ``target`` (CONNECT), for https through it."""
    wire = _Wire(sock, deadline)
    lines = [f"CONNECT {target.host_port} HTTP/1.1", f"Host: {target.host_port}", f"User-Agent: {USER_AGENT}"]
    if proxy.authorization:
        lines.append(f"Proxy-Authorization: {proxy.authorization}")
    wire.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("ascii"))
    answer = http.client.HTTPResponse(wire, method="CONNECT")
    answer.begin()
    if answer.status != 200:
        raise _Broken(f"the proxy {proxy.host}:{proxy.port} would not connect to it: it answered {answer.status}")


def _request(url: str, method: str, deadline: _Deadline, proxies: dict[str, str]) -> tuple[int, str | None]:
    """Send one request for ``url`` and return the status and the Location, within the deadline."""
    target = _Target.parse(url)
    proxy = _proxy_for(target, proxies)
    sock = _connect(proxy.host, proxy.port, deadline) if proxy else _connect(target.host, target.port, deadline)
    try:
        if proxy and target.scheme == "https":
            _tunnel(sock, target, proxy, deadline)
        if target.scheme == "https":
            sock.settimeout(deadline.left())  # the handshake, as a whole, ends by the deadline
            sock = _tls().wrap_socket(sock, server_hostname=target.host)
        wire = _Wire(sock, deadline)
        connection = http.client.HTTPConnection(target.host, target.port)
        connection.default_port = 443 if target.scheme == "https" else 80  # so Host: leaves out the usual port
        connection.sock = wire
        headers = {"User-Agent": USER_AGENT, "Accept": "*/*", "Connection": "close"}
        if proxy and target.scheme == "http":
            if proxy.authorization:
                headers["Proxy-Authorization"] = proxy.authorization
            connection.request(method, target.absolute, headers=headers)
        else:
            connection.request(method, target.path, headers=headers)
        response = connection.getresponse()
        if wire.ended:  # the server closed before the blank line that ends the headers
            raise _Broken("closed the connection in the middle of its answer")
        if method == "GET":
            _read_some(response, wire)
        return response.status, response.getheader("Location")
    finally:
        sock.close()


def _read_some(response: http.client.HTTPResponse, wire: _Wire) -> None:
    """Read at most BODY_BYTES of the page, and hold the server to the length it announced."""
    if response.chunked or response.length is None:
        response.read(BODY_BYTES)
        return
    announced = response.length
    wanted = min(announced, BODY_BYTES)
    body = response.fp.read(wanted) if wanted else b""
    if len(body) < wanted:
        raise _Broken(f"closed the connection in the middle of its answer: it announced {announced} bytes "
                      f"(Content-Length) and sent {len(body)}")
    if wanted == announced:
        wire.patient = False
        extra = response.fp.peek(1)  # only what has already arrived: a server that is done sends nothing more
        if extra:
            raise _Broken(f"sent more than the {announced} bytes it announced (Content-Length): "
                          "readers may see the page cut short")


def fetch(url: str, timeout: float, proxies: dict[str, str] | None = None,
          deadline: _Deadline | None = None) -> LinkResult:
    """Fetch ``url`` (HEAD, then GET where HEAD is refused), following and recording redirects.

    Everything, every redirect and the https:// probe of an http:// address included, ends
    within ``timeout`` seconds. Never raises: what goes wrong is the result's error.
    """
    proxies = urllib.request.getproxies() if proxies is None else proxies
    deadline = deadline or _Deadline(timeout)
    result = LinkResult(url, checked=time.time())
    current = url
    try:
        for _ in range(MAX_HOPS):
            status, location = _request(current, "HEAD", deadline, proxies)
            if status >= 400:
                status, location = _request(current, "GET", deadline, proxies)
            if status in REDIRECTS and location:
                current = _follow(current, location)
                result.redirects.append((status, current))
                continue
            result.status = status
            break
        else:
            result.error = f"more than {MAX_HOPS} redirects"
    except _Broken as exc:
        result.error = str(exc)
    except TimeoutError:
        result.error = f"no answer within {timeout:g} s"
    except Exception as exc:  # a stranger's answer must never stop the check
        result.error = _reason(exc)
    if url.lower().startswith("http://") and result.status is not None and result.status < 400:
        secure = fetch("https://" + url[len("http://"):], timeout, proxies, deadline)
        result.https_works = secure.status is not None and secure.status < 400
    return result


def _follow(current: str, location: str) -> str:
    """Return where a redirect leads; refuse anything but another http(s) address."""
    try:
        following = urljoin(current, location.strip())
        scheme = urlsplit(following).scheme.lower()
    except ValueError:
        raise _Broken(f"redirects to {_shown(location)!r}, which is not a valid address") from None
    if scheme not in WEB_SCHEMES:
        article = "an" if scheme[:1] in ("a", "e", "i", "o", "u") or scheme in ("ftp", "sftp", "smb") else "a"
        kind = f"{article} {_shown(scheme, 20)}: address" if scheme else "an address without http:// or https://"
        raise _Broken(f"redirects to {kind} ({_shown(following, 60)}), which readers cannot open from an email")
    try:
        _Target.parse(following)
    except _Broken:
        raise _Broken(f"redirects to {_shown(location)!r}, which is not a valid address") from None
    return following


def _reason(exc: Exception) -> str:
    """Return why a fetch failed, for a finding, from what was raised."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"its certificate is not valid: {_shown(str(exc.verify_message), 80)}"
    if isinstance(exc, ssl.SSLError):
        return f"the secure connection failed: {_shown(str(exc.reason or exc), 80)}"
    if isinstance(exc, (_TooLong, http.client.LineTooLong)):
        return f"its answer's headers are longer than {HEADER_BYTES // 1024} KB, more than lacnews reads"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "closed the connection without answering"
    if isinstance(exc, http.client.BadStatusLine):
        line = str(exc.args[0]).strip() if exc.args else ""
        return f"does not answer in HTTP: its first line is {_shown(line, 60)!r}"
    if isinstance(exc, http.client.IncompleteRead):
        return "closed the connection in the middle of its answer"
    if isinstance(exc, http.client.InvalidURL):
        return "is not an address that can be fetched"
    if isinstance(exc, http.client.HTTPException) or (isinstance(exc, ValueError)
                                                     and not isinstance(exc, UnicodeError)):
        return f"its answer is not valid HTTP ({_shown(str(exc), 60)})"
    if isinstance(exc, ConnectionError):
        return "the connection was broken in the middle of its answer"
    if isinstance(exc, OSError):
        return f"cannot connect: {_shown(exc.strerror or str(exc), 80)}"
    return f"could not be checked ({type(exc).__name__})"


def fetch_all(urls: list[str], timeout: float, concurrency: int, total: float | None = None,
              on_result=lambda result: None) -> tuple[dict[str, LinkResult], set[str]]:
    """Fetch ``urls``, ``concurrency`` at a time, and return every result and the addresses cut short.

    Each address has ``timeout`` seconds, so all are done within a timeout per round of
    ``concurrency``; ``total`` (that, and a second, unless given) bounds the whole. What has not
    answered by then is reported as not answering, and is left to its daemon thread.
    """
    total = total if total is not None else math.ceil(len(urls) / concurrency) * timeout + GRACE
    end = time.monotonic() + total
    proxies = urllib.request.getproxies()
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
                finished.put(fetch(url, timeout, proxies))
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


_FIELDS = {f.name for f in fields(LinkResult)}
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
    cannot be written leaves the check as it is: either is said once, as a note.
    """

    def __init__(self, build_dir: Path):
        self.folder = build_dir / ".cache"
        self.path = self.folder / "links.json"
        self.results: dict[str, LinkResult] = {}
        self.notes: list[str] = []
        self.damaged = False
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
        try:
            write_files(self.folder, {"links.json": json.dumps({u: asdict(r) for u, r in self.results.items()},
                                                               indent=1)})
        except (LacnewsError, OSError) as exc:
            reason = exc.format_message() if isinstance(exc, LacnewsError) else (exc.strerror or str(exc))
            self._note("unwritable", f"cannot save the link cache ({reason}): the links were checked, "
                                     "and will be fetched again next time")

    def findings(self, slug: str) -> list[Finding]:
        return [Finding(Place(self.path), NOTE, "link-cache", note, slug) for note in self.notes]


def check_links(links: list[LinkRef], build_dir: Path, slug: str, concurrency: int = 8,
                timeout: float = 10.0) -> list[Finding]:
    """Return findings for every http(s) address in ``links``, fetching those not in the cache."""
    cache = LinkCache(build_dir)
    addresses = list(dict.fromkeys(link.address for link in links
                                   if link.address.lower().startswith(("http://", "https://"))))
    missing = [url for url in addresses if url not in cache.results]
    fresh: dict[str, LinkResult] = {}
    if missing:
        with progress_bar(len(missing), f"Checking {len(missing)} links of {slug}") as bar:
            fresh, cut = fetch_all(missing, timeout, concurrency, on_result=lambda result: bar.update(1))
        cache.results.update({url: result for url, result in fresh.items() if url not in cut})
    if missing or cache.damaged:
        cache.save()
    findings = cache.findings(slug)
    for link in links:
        result = fresh.get(link.address) or cache.results.get(link.address)
        if result is None:
            continue
        place = link.at()
        for level, rule, message in _judge(result):
            findings.append(Finding(place, level, rule, message, slug))
    return findings


def _judge(result: LinkResult):
    if result.error:
        yield ERROR, "link-broken", f"{result.url}: {_shown(result.error, 300)}"
        return
    if result.status is not None and result.status >= 400:
        yield ERROR, "link-broken", f"{result.url} answers {result.status}: readers would find nothing there"
        return
    permanent = [location for code, location in result.redirects if code in PERMANENT]
    if permanent:
        yield WARNING, "link-moved", (f"{result.url} has moved permanently to {_shown(result.final_url, 300)}: "
                                      "use the new address")
    elif result.redirects:
        yield NOTE, "link-redirect", f"{result.url} redirects (for now) to {_shown(result.final_url, 300)}"
    if result.https_works:
        yield WARNING, "link-https", (f"{result.url} also works as https://: use "
                                      f"https://{result.url[len('http://'):]}")
