"""Fetch from strangers within bounds: by one deadline, within a size, over http(s) only.

Two commands fetch: `check --links` asks whether each address answers (lacnews.checks.links), and
`lacnews add URL` reads an article's page (``fetch_page``). Both stand on ``exchange``: one request
through a connection whose every send and read ends by the fetch's ``Deadline`` (its name lookup
too, which has no timeout of its own), with a budget of bytes beyond which nothing more is read,
through the proxy the environment names. A redirect is followed only to another http(s) address,
each hop checked again (``follow``). Only public addresses are connected to unless the editor allows
private ones (lacnews.base.private_network): each address the name is found at is judged, and the socket
connects to that very address. Through a proxy the proxy looks the name up, so only an address or a
name for this computer written in the address itself can be judged. What goes wrong is an
``Unfetchable`` with the reason in words, or an exception that ``reason`` turns into words.

``fetch_page`` adds what reading a page needs: at most PAGE_REDIRECTS redirects, HTML only, at most
PAGE_BYTES read (more is refused, not cut), the server held to the length it announces, and the
whole of it, TLS handshake included, done by the deadline or given up.
"""

from __future__ import annotations

import base64
import codecs
import http.client
import io
import ipaddress
import math
import re
import socket
import ssl
import threading
import time
import urllib.request
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urljoin, urlsplit

from lacnews import __version__
from lacnews.base.errors import LacnewsError
from lacnews.base.private_network import (
    first_refusal,
    private_allowed,
    refusal,
    written_kind,
)

WEB_SCHEMES = ("http", "https")
REDIRECTS = {301, 302, 303, 307, 308}
HEADER_BYTES = 64 * 1024  # the most of an answer's status line and headers that is read
SHOWN = 100  # the most characters of an address or a line from a server put in a message
PAGE_BYTES = 2 * 1024 * 1024  # the most of a page ``fetch_page`` reads: an article's HTML is a fraction of it
PAGE_REDIRECTS = 5
PAGE_TYPES = ("text/html", "application/xhtml+xml")
PAGE_TIMEOUT = 10.0
USER_AGENT = f"lacnews/{__version__} (+https://pypi.org/project/lacnews/)"


class Unfetchable(Exception):
    """Why an address cannot be fetched, in words for a message."""


class PrivateAddress(Unfetchable):
    """The address is not on the public internet, and fetching from such addresses was not allowed."""


class TooLong(Exception):
    """The server sent more than the fetch reads."""


class Deadline:
    """The moment a fetch must be over by."""

    def __init__(self, seconds: float):
        if not (math.isfinite(seconds) and seconds > 0):  # nan would pass every comparison and end nothing
            raise ValueError(f"a fetch needs a positive number of seconds, not {seconds!r}")
        self.seconds = seconds
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


def shown(text: str, limit: int = SHOWN) -> str:
    """Return untrusted text fit for a message: control characters escaped, at most ``limit`` characters."""
    text = text if len(text) <= limit else text[:limit] + "…"
    return _UNSAFE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


class Wire:
    """The connection http.client talks through: every send and read ends by the fetch's deadline,
    and no more than ``budget`` bytes of the answer are read."""

    def __init__(self, sock: socket.socket, deadline: Deadline, budget: int):
        self.sock = sock
        self.deadline = deadline
        self.budget = budget
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
    def __init__(self, wire: Wire):
        super().__init__()
        self.wire = wire

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int | None:
        wire = self.wire
        if wire.budget <= 0:
            raise TooLong()
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
class Target:
    """An http(s) address taken apart for a request."""

    scheme: str
    host: str  # ASCII (IDNA for a name in another script)
    port: int
    path: str  # the request target: path and query, percent-encoded

    @classmethod
    def parse(cls, url: str) -> "Target":
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError:
            raise Unfetchable("is not an address that can be fetched") from None
        scheme = parts.scheme.lower()
        host = parts.hostname or ""
        if scheme not in WEB_SCHEMES or not host:
            raise Unfetchable("is not an address that can be fetched")
        try:
            host = host if host.isascii() else host.encode("idna").decode("ascii")
        except UnicodeError:
            raise Unfetchable(f"its host name {shown(host)!r} is not a valid one") from None
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
class Proxy:
    host: str
    port: int
    authorization: str | None  # the Proxy-Authorization header, from the proxy's address


def proxy_for(target: Target, proxies: dict[str, str]) -> Proxy | None:
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
        raise Unfetchable(f"cannot use the proxy {shown(address)!r} ({target.scheme}_proxy): "
                          "lacnews needs an http:// proxy")
    authorization = None
    if parts.username is not None:
        credentials = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode("utf-8")
        authorization = "Basic " + base64.b64encode(credentials).decode("ascii")
    return Proxy(parts.hostname, port, authorization)


def _resolve(host: str, port: int, deadline: Deadline) -> list:
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
        raise Unfetchable(f"cannot connect: there is no such host as {shown(host)}")
    return found[0]


def _connect(host: str, port: int, deadline: Deadline, allow_private: bool) -> socket.socket:
    """Connect to ``host``: to each address its lookup found, in turn, every one judged before the first try."""
    why = "no address"
    found = _resolve(host, port, deadline)
    refused = None if allow_private else first_refusal(host, [address[0] for *_, address in found])
    if refused:
        raise PrivateAddress(refused)
    for family, kind, protocol, _, address in found:
        sock = socket.socket(family, kind, protocol)
        try:
            sock.settimeout(deadline.left())
            sock.connect(address)
            return sock
        except OSError as exc:
            sock.close()
            if isinstance(exc, TimeoutError):
                raise
            why = exc.strerror or str(exc)
    raise Unfetchable(f"cannot connect: {why}")


_tls_context: ssl.SSLContext | None = None
_tls_lock = threading.Lock()


def _tls() -> ssl.SSLContext:
    global _tls_context
    with _tls_lock:
        if _tls_context is None:
            _tls_context = ssl.create_default_context()
        return _tls_context


def _tunnel(sock: socket.socket, target: Target, proxy: Proxy, deadline: Deadline, user_agent: str) -> None:
    """Ask an http proxy for a tunnel to ``target`` (CONNECT), for https through it."""
    wire = Wire(sock, deadline, HEADER_BYTES)
    lines = [f"CONNECT {target.host_port} HTTP/1.1", f"Host: {target.host_port}", f"User-Agent: {user_agent}"]
    if proxy.authorization:
        lines.append(f"Proxy-Authorization: {proxy.authorization}")
    wire.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("ascii"))
    answer = http.client.HTTPResponse(wire, method="CONNECT")
    answer.begin()
    if answer.status != 200:
        raise Unfetchable(f"the proxy {proxy.host}:{proxy.port} would not connect to it: it answered {answer.status}")


@contextmanager
def exchange(url: str, method: str, deadline: Deadline, proxies: dict[str, str], *, user_agent: str,
             budget: int, accept: str = "*/*",
             allow_private: bool = False) -> Iterator[tuple[http.client.HTTPResponse, Wire]]:
    """Send one request for ``url`` and yield its answer, headers read, and the wire it arrives on.

    At most ``budget`` bytes of the answer (headers and page) are read, all by the deadline; the
    connection is closed when the block ends. Unless ``allow_private``, an address that is not a
    public one is refused (PrivateAddress) before any connection is made; the proxy the
    environment names is the editor's own, and is not judged.
    """
    target = Target.parse(url)
    proxy = proxy_for(target, proxies)
    if proxy:  # which looks the name up itself: only what the address shows can be judged
        kind = None if allow_private else written_kind(target.host)
        if kind:
            raise PrivateAddress(refusal(target.host, target.host, kind))
        sock = _connect(proxy.host, proxy.port, deadline, allow_private=True)
    else:
        sock = _connect(target.host, target.port, deadline, allow_private)
    try:
        if proxy and target.scheme == "https":
            _tunnel(sock, target, proxy, deadline, user_agent)
        if target.scheme == "https":
            sock.settimeout(deadline.left())  # each step of the handshake ends by the deadline
            sock = _tls().wrap_socket(sock, server_hostname=target.host)
        wire = Wire(sock, deadline, budget)
        connection = http.client.HTTPConnection(target.host, target.port)
        connection.default_port = 443 if target.scheme == "https" else 80  # so Host: leaves out the usual port
        connection.sock = wire
        headers = {"User-Agent": user_agent, "Accept": accept, "Connection": "close"}
        if proxy and target.scheme == "http":
            if proxy.authorization:
                headers["Proxy-Authorization"] = proxy.authorization
            connection.request(method, target.absolute, headers=headers)
        else:
            connection.request(method, target.path, headers=headers)
        response = connection.getresponse()
        if wire.ended:  # the server closed before the blank line that ends the headers
            raise Unfetchable("closed the connection in the middle of its answer")
        yield response, wire
    finally:
        sock.close()


def follow(current: str, location: str) -> str:
    """Return where a redirect leads; refuse anything but another http(s) address."""
    try:
        following = urljoin(current, location.strip())
        scheme = urlsplit(following).scheme.lower()
    except ValueError:
        raise Unfetchable(f"redirects to {shown(location)!r}, which is not a valid address") from None
    if scheme not in WEB_SCHEMES:
        article = "an" if scheme[:1] in ("a", "e", "i", "o", "u") or scheme in ("ftp", "sftp", "smb") else "a"
        kind = f"{article} {shown(scheme, 20)}: address" if scheme else "an address without http:// or https://"
        raise Unfetchable(f"redirects to {kind} ({shown(following, 60)}), which readers cannot open from an email")
    try:
        Target.parse(following)
    except Unfetchable:
        raise Unfetchable(f"redirects to {shown(location)!r}, which is not a valid address") from None
    return following


def redirected_to_private(exc: PrivateAddress, where: str) -> PrivateAddress:
    """Return the refusal of a private address reached by a redirect, saying where the redirect led."""
    return PrivateAddress(f"redirects to {shown(where, 80)}, and {exc}")


def reason(exc: Exception) -> str:
    """Return why a fetch failed, in words, from what was raised."""
    if isinstance(exc, Unfetchable):
        return str(exc)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"its certificate is not valid: {shown(str(exc.verify_message), 80)}"
    if isinstance(exc, ssl.SSLError):
        return f"the secure connection failed: {shown(str(exc.reason or exc), 80)}"
    if isinstance(exc, (TooLong, http.client.LineTooLong)):
        return f"its answer's headers are longer than {HEADER_BYTES // 1024} KB, more than lacnews reads"
    if isinstance(exc, http.client.RemoteDisconnected):
        return "closed the connection without answering"
    if isinstance(exc, http.client.BadStatusLine):
        line = str(exc.args[0]).strip() if exc.args else ""
        return f"does not answer in HTTP: its first line is {shown(line, 60)!r}"
    if isinstance(exc, http.client.IncompleteRead):
        return "closed the connection in the middle of its answer"
    if isinstance(exc, http.client.InvalidURL):
        return "is not an address that can be fetched"
    if isinstance(exc, http.client.HTTPException) or (isinstance(exc, ValueError)
                                                     and not isinstance(exc, UnicodeError)):
        return f"its answer is not valid HTTP ({shown(str(exc), 60)})"
    if isinstance(exc, ConnectionError):
        return "the connection was broken in the middle of its answer"
    if isinstance(exc, OSError):
        return f"cannot connect: {shown(exc.strerror or str(exc), 80)}"
    return f"could not be checked ({type(exc).__name__})"


# Reading a page

class FetchError(LacnewsError):
    """A page that could not be read, and why."""


@dataclass(frozen=True)
class Page:
    """A web page as it was read: where it ended up, and its HTML."""

    url: str  # the address asked for
    final_url: str  # after redirects
    content_type: str
    charset: str | None  # as the Content-Type header declares it
    body: bytes
    redirects: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Return the page decoded as its BOM, its header or its <meta charset> says, else UTF-8."""
        return decode_html(self.body, self.charset)


def fetch_page(url: str, timeout: float = PAGE_TIMEOUT, max_bytes: int = PAGE_BYTES,
               proxies: dict[str, str] | None = None, allow_private: bool | None = None) -> Page:
    """Return the HTML page at ``url``, everything (redirects, handshakes, every byte) within ``timeout`` s.

    Raises ``FetchError`` saying why for anything but an http(s) address answering with an HTML page
    of at most ``max_bytes`` in time, from a public address unless ``allow_private`` (None: as the
    environment says).
    """
    allow_private = private_allowed(allow_private)
    try:
        Target.parse(url)
    except Unfetchable:
        raise FetchError(f"{shown(url)}: lacnews reads web pages from http:// and https:// addresses only") \
            from None
    proxies = urllib.request.getproxies() if proxies is None else proxies
    deadline = Deadline(timeout)
    outcome: list = []
    done = threading.Event()

    def work() -> None:
        try:
            outcome.append(_read_page(url, deadline, max_bytes, proxies, allow_private))
        except TimeoutError:
            outcome.append(FetchError(_no_answer(url, timeout)))
        except Exception as exc:  # a stranger's answer, in words
            outcome.append(FetchError(f"{shown(url)}: {reason(exc)}"))
        finally:
            done.set()

    # Each read ends by the deadline; the thread is there for what a socket timeout cannot end, such as a TLS
    # handshake that a server drips a byte at a time. Left behind, it ends at its next read.
    threading.Thread(target=work, name="lacnews-fetch", daemon=True).start()
    if not done.wait(max(0.0, deadline.end - time.monotonic()) + 0.25):
        raise FetchError(_no_answer(url, timeout))
    if isinstance(outcome[0], FetchError):
        raise outcome[0]
    return outcome[0]


def _no_answer(url: str, timeout: float) -> str:
    return (f"{shown(url)}: no complete answer within {timeout:g} s; the server may be slow or down "
            "(try again, or give a longer --timeout)")


def _read_page(url: str, deadline: Deadline, max_bytes: int, proxies: dict[str, str], allow_private: bool) -> Page:
    redirects: list[str] = []
    try:
        return _follow_to_page(url, deadline, max_bytes, proxies, allow_private, redirects)
    except PrivateAddress as exc:
        raise (redirected_to_private(exc, redirects[-1]) if redirects else exc) from None


def _follow_to_page(url: str, deadline: Deadline, max_bytes: int, proxies: dict[str, str], allow_private: bool,
                    redirects: list[str]) -> Page:
    """Return the page at ``url``, appending to ``redirects`` each address it redirects to."""
    current = url
    while True:
        with exchange(current, "GET", deadline, proxies, user_agent=USER_AGENT, budget=HEADER_BYTES + 2 * max_bytes,
                      accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                      allow_private=allow_private) as (response, wire):
            location = response.getheader("Location")
            if response.status in REDIRECTS and location:
                following = follow(current, location)
                if following in redirects or following == url:
                    raise Unfetchable(f"redirects in a loop (back to {shown(following, 60)})")
                if len(redirects) == PAGE_REDIRECTS:
                    raise Unfetchable(f"redirects more than {PAGE_REDIRECTS} times")
                redirects.append(following)
                current = following
                continue
            if response.status >= 400:
                words = f" {shown(response.reason, 40)}" if response.reason else ""
                raise Unfetchable(f"answers {response.status}{words}: there is no page there to read")
            if not 200 <= response.status < 300:
                raise Unfetchable(f"answers {response.status}, not a page")
            declared = response.getheader("Content-Type")
            content_type = response.headers.get_content_type() if declared else ""
            if declared and content_type not in PAGE_TYPES:
                raise Unfetchable(_not_html(content_type))
            body = _read_body(response, wire, max_bytes)
            if not declared:
                if not _looks_like_html(body):
                    raise Unfetchable("does not say what it sent (no Content-Type), and it does not look like "
                                      "a web page")
                content_type = "text/html"
            charset = response.headers.get_content_charset() if declared else None
            return Page(url, current, content_type, charset, body, redirects)


def _not_html(content_type: str) -> str:
    kinds = {"application/pdf": "a PDF document", "application/json": "JSON data",
             "text/plain": "plain text", "application/xml": "XML data", "text/xml": "XML data"}
    kind = kinds.get(content_type) or (f"a picture ({shown(content_type, 40)})" if content_type.startswith("image/")
                                       else f"{shown(content_type, 60)}")
    return (f"is {kind}, not a web page: lacnews reads articles' pages (text/html); give the address of "
            "the page that links to it, or link to it yourself")


def _read_body(response: http.client.HTTPResponse, wire: Wire, max_bytes: int) -> bytes:
    """Return the page, at most ``max_bytes``, holding the server to the length it announced."""
    too_large = (f"the page is larger than {max_bytes // 1024 / 1024:g} MB, more than lacnews reads "
                 "from a web page")
    announced = response.length
    try:
        if response.chunked or announced is None:
            body = response.read(max_bytes + 1)
        else:
            if announced > max_bytes:
                raise Unfetchable(f"{too_large} (it announces {announced:,} bytes)")
            body = response.fp.read(announced) if announced else b""
            if len(body) < announced:
                raise Unfetchable(f"closed the connection in the middle of its answer: it announced {announced:,} "
                                  f"bytes (Content-Length) and sent {len(body):,}")
            wire.patient = False
            if response.fp.peek(1):  # only what has already arrived: a server that is done sends nothing more
                raise Unfetchable(f"sent more than the {announced:,} bytes it announced (Content-Length)")
    except TooLong:
        raise Unfetchable(too_large) from None
    if len(body) > max_bytes:
        raise Unfetchable(too_large)
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding in ("gzip", "x-gzip", "deflate"):
        return _inflate(body, max_bytes, too_large)
    if encoding not in ("identity", ""):
        raise Unfetchable(f"sent its page encoded as {shown(encoding, 20)!r}, which lacnews cannot read")
    return body


def _inflate(body: bytes, max_bytes: int, too_large: str) -> bytes:
    """Return a gzip or deflate page uncompressed, reading no more than ``max_bytes`` of it."""
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib, by its header
    try:
        page = inflater.decompress(body, max_bytes + 1)
    except zlib.error:
        try:
            page = zlib.decompressobj(-zlib.MAX_WBITS).decompress(body, max_bytes + 1)  # raw deflate
        except zlib.error:
            raise Unfetchable("sent a compressed page that cannot be uncompressed") from None
    if len(page) > max_bytes or inflater.unconsumed_tail:
        raise Unfetchable(too_large)
    return page


def _looks_like_html(body: bytes) -> bool:
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta", b"<title", b"<!--"))


# Decoding: the encodings web pages use (the WHATWG Encoding standard's, as Python names them). A label
# outside them (x-user-defined, a typo, Python's own unicode_escape or rot13) is taken for UTF-8.
WEB_ENCODINGS = {
    "utf-8", "utf-16-le", "utf-16-be", "utf-16", "cp866", "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-5",
    "iso8859-6", "iso8859-7", "iso8859-8", "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-15",
    "iso8859-16", "koi8-r", "koi8-u", "mac-roman", "cp874", "cp1250", "cp1251", "cp1252", "cp1253", "cp1254",
    "cp1255", "cp1256", "cp1257", "cp1258", "gbk", "gb2312", "gb18030", "big5", "big5hkscs", "euc_jp",
    "iso2022_jp", "shift_jis", "cp932", "euc_kr", "cp949",
}
_AS_WINDOWS_1252 = {"iso8859-1", "ascii", "latin-1"}  # as browsers read them: the C1 range is Windows-1252's
_META_CHARSET = re.compile(rb"<meta[^>]{0,512}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{1,40})", re.IGNORECASE)


def web_encoding(label: str | None) -> str | None:
    """Return the Python codec of an encoding label a page declares, or None if it is not a web encoding."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    if name in _AS_WINDOWS_1252:
        return "cp1252"
    return name if name in WEB_ENCODINGS else None


def decode_html(body: bytes, declared: str | None) -> str:
    """Return ``body`` decoded by its BOM, else ``declared``, else its <meta charset> (in its first KB),
    else UTF-8; bytes that do not decode become U+FFFD."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if body.startswith(bom):
            return body[len(bom):].decode(codec, errors="replace")
    codec = web_encoding(declared)
    if codec is None:
        found = _META_CHARSET.search(body[:1024])
        codec = web_encoding(found.group(1).decode("ascii")) if found else None
        if codec in ("utf-16", "utf-16-le", "utf-16-be"):  # a page that can say so in ASCII is not UTF-16
            codec = "utf-8"
    return body.decode(codec or "utf-8", errors="replace")
