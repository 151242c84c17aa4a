"""Fetch from strangers: redirects followed hop by hop, and a web page read within bounds.

Two commands fetch from addresses an editor or a page gives: `check --links` asks whether each address
answers (lacnews.checks.links), and `lacnews add URL` reads an article's page (``fetch_page``). Each request
is one ``exchange`` on a connection of lacnews.base.network's (one deadline for all of it, a budget of bytes,
the proxy the environment names, public addresses only unless private ones are allowed). A redirect is
followed only to another http(s) address, each hop checked again (``follow``).

``fetch_page`` adds what reading a page needs: at most PAGE_REDIRECTS redirects, HTML only, at most
PAGE_BYTES read (more is refused, not cut), the server held to the length it announces, and the
whole of it done by the deadline or given up.
"""

from __future__ import annotations

import codecs
import http.client
import re
import time
import urllib.request
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lacnews.base.errors import LacnewsError
from lacnews.base.network import (
    HEADER_BYTES,
    USER_AGENT,
    WEB_SCHEMES,
    Deadline,
    PrivateAddress,
    Target,
    TooLong,
    Unfetchable,
    Wire,
    exchange,
    in_time,
    read_announced,
    reason,
    shown,
)
from lacnews.base.private_network import private_allowed

REDIRECTS = {301, 302, 303, 307, 308}
PAGE_BYTES = 2 * 1024 * 1024  # the most of a page ``fetch_page`` reads: an article's HTML is a fraction of it
PAGE_REDIRECTS = 5
PAGE_TYPES = ("text/html", "application/xhtml+xml")
PAGE_TIMEOUT = 10.0


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
    try:
        # Every step ends by the deadline; the thread makes sure the whole does, whatever a server does.
        return in_time(lambda: _read_page(url, deadline, max_bytes, proxies, allow_private),
                       max(0.0, deadline.end - time.monotonic()) + 0.25, "lacnews-fetch")
    except TimeoutError:
        raise FetchError(_no_answer(url, timeout)) from None
    except Exception as exc:  # a stranger's answer, in words
        raise FetchError(f"{shown(url)}: {reason(exc)}") from None


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
            body = read_announced(response, wire, announced)
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
