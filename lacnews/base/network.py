"""lacnews's one way onto the network: a connection within bounds — by a deadline, within a size, http(s) only.

Every fetch stands on ``Connection``: `check --links` and `lacnews add URL` through lacnews.base.fetch, and
`lacnews push` (lacnews.outputs.mailchimp.client). A connection goes to one origin, straight or through the
proxy the environment names (a CONNECT tunnel for https), speaks TLS with the certificate checked, and ends
every step by a ``Deadline`` — the name lookup (which has no timeout of its own), the connect, the handshake
however a server paces it, each send and read — reading no more of an answer than its budget of bytes. Only
public addresses are connected to unless private ones are allowed (lacnews.base.private_network): each
address the name is found at is judged, and the socket connects to that very address. Through a proxy the
proxy looks the name up, so only an address or a name for this computer written in the address itself can
be judged. A connection carries one request after another (``Connection.request``), each with its own
deadline and budget, while the server keeps it open; ``exchange`` is one request on a connection of its own.
What goes wrong is an ``Unfetchable`` with the reason in words, or an exception that ``reason`` turns into
words.
"""

from __future__ import annotations

import base64
import http.client
import io
import ipaddress
import math
import re
import select
import socket
import ssl
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TypeVar
from urllib.parse import quote, unquote, urlsplit

from lacnews import __version__
from lacnews.base.private_network import first_refusal, refusal, written_kind

WEB_SCHEMES = ("http", "https")
HEADER_BYTES = 64 * 1024  # the most of an answer's status line and headers that is read
SHOWN = 100  # the most characters of an address or a line from a server put in a message
USER_AGENT = f"lacnews/{__version__} (+https://pypi.org/project/lacnews/)"
Result = TypeVar("Result")

NO_SUCH_HOST = "cannot connect: there is no such host as"  # its name looked up, and no address found


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


def in_time(work: Callable[[], Result], seconds: float, name: str) -> Result:
    """Return what ``work`` returns (or raise what it raises), run in a daemon thread; raise TimeoutError when it
    is not done within ``seconds``, leaving it to end on its own. For what no socket timeout can end."""
    outcome: list = []
    done = threading.Event()

    def run() -> None:
        try:
            outcome.append((True, work()))
        except BaseException as exc:  # handed to the caller, in its thread
            outcome.append((False, exc))
        finally:
            done.set()

    threading.Thread(target=run, name=name, daemon=True).start()
    if not done.wait(seconds):
        raise TimeoutError(name)
    finished, value = outcome[0]
    if finished:
        return value
    raise value


# Characters a terminal would act on rather than show: control characters (C0, DEL, C1) and the
# bidirectional overrides. Text from a server is shown with them escaped.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(text: str, limit: int = SHOWN) -> str:
    """Return untrusted text fit for a message: control characters escaped, at most ``limit`` characters."""
    text = text if len(text) <= limit else text[:limit] + "…"
    return _UNSAFE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


class Wire:
    """The connection http.client talks through: every send and read ends by the request's deadline,
    and no more than ``budget`` bytes of the answer are read."""

    def __init__(self, sock: socket.socket, deadline: Deadline, budget: int):
        self.sock = sock
        self.arm(deadline, budget)
        self.ended = False  # the server closed its side

    def arm(self, deadline: Deadline, budget: int) -> None:
        """Bound the next request and its answer."""
        self.deadline = deadline
        self.budget = budget
        self.patient = True  # False: take only what has already arrived

    def sendall(self, data: bytes) -> None:
        self.sock.settimeout(self.deadline.left())
        self.sock.sendall(data)

    def makefile(self, *args, **kwargs) -> io.BufferedReader:
        return io.BufferedReader(_WireReader(self))

    def close(self) -> None:
        pass  # the socket is closed by the Connection that opened it


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


def host_in_address(host: str) -> str:
    """Return ``host`` as an address or a Host header writes it: an IPv6 address in brackets (::1 → [::1])."""
    return f"[{host}]" if ":" in host else host


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
        return f"{host_in_address(self.host)}:{self.port}"

    @property
    def usual_port(self) -> int:
        return 443 if self.scheme == "https" else 80

    @property
    def absolute(self) -> str:
        usual = self.port == self.usual_port
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
    try:
        found = in_time(lambda: socket.getaddrinfo(host, port, type=socket.SOCK_STREAM), deadline.left(),
                        "lacnews-lookup")
    except TimeoutError:
        raise TimeoutError("name lookup") from None
    except (OSError, UnicodeError):
        found = []
    if not found:
        raise Unfetchable(f"{NO_SUCH_HOST} {shown(host)}")
    return found


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
            # headers and body go in separate sends: without this, the body of a request on a kept connection waits
            # for the server's delayed ACK of its headers (40 ms on Linux)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
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


def _handshake(sock: socket.socket, host: str, deadline: Deadline) -> ssl.SSLSocket:
    """Return ``sock`` speaking TLS with ``host``, its certificate checked; the handshake ends by the deadline
    however a server paces it (a socket timeout would wait for each byte anew)."""
    secure = _tls().wrap_socket(sock, server_hostname=host, do_handshake_on_connect=False)
    try:
        secure.setblocking(False)
        while True:
            try:
                secure.do_handshake()
                return secure
            except ssl.SSLWantReadError:
                ready = select.select([secure], [], [], deadline.left())[0]
            except ssl.SSLWantWriteError:
                ready = select.select([], [secure], [], deadline.left())[1]
            if not ready:
                raise TimeoutError("TLS handshake")
    except BaseException:
        secure.close()
        raise


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


class Connection:
    """A connection to the origin of ``target`` (its scheme, host and port), straight or through the proxy
    ``proxies`` names for it, opened by the deadline; it carries one request after another while the server
    keeps it open. Unless ``allow_private``, an address that is not a public one is refused (PrivateAddress)
    before any connection is made; the proxy the environment names is the editor's own, and is not judged."""

    def __init__(self, target: Target, deadline: Deadline, proxies: dict[str, str], *,
                 user_agent: str = USER_AGENT, allow_private: bool = False):
        self.target = target
        self.user_agent = user_agent
        self.proxy = proxy_for(target, proxies)
        if self.proxy:  # which looks the name up itself: only what the address shows can be judged
            kind = None if allow_private else written_kind(target.host)
            if kind:
                raise PrivateAddress(refusal(target.host, target.host, kind))
            sock = _connect(self.proxy.host, self.proxy.port, deadline, allow_private=True)
        else:
            sock = _connect(target.host, target.port, deadline, allow_private)
        try:
            if self.proxy and target.scheme == "https":
                _tunnel(sock, target, self.proxy, deadline, user_agent)
            if target.scheme == "https":
                sock = _handshake(sock, target.host, deadline)
        except BaseException:
            sock.close()
            raise
        self.sock = sock
        self.wire = Wire(sock, deadline, HEADER_BYTES)
        self.http = http.client.HTTPConnection(target.host, target.port)
        self.http.default_port = target.usual_port  # so Host: leaves out the usual port
        self.http.auto_open = 0  # never a connection of its own, outside the deadline
        self.http.sock = self.wire

    def request(self, method: str, path: str, deadline: Deadline, budget: int, headers: dict[str, str] | None = None,
                body: bytes | None = None) -> http.client.HTTPResponse:
        """Send one request for ``path`` and return its answer, headers read; every send and read of it ends by
        ``deadline``, and at most ``budget`` bytes of the answer (headers and body) are read. Read the body
        before the next request."""
        self.wire.arm(deadline, budget)
        headers = {"User-Agent": self.user_agent, **(headers or {})}
        if self.proxy and self.target.scheme == "http":  # a forward proxy is asked for the whole address
            if self.proxy.authorization:
                headers["Proxy-Authorization"] = self.proxy.authorization
            path = replace(self.target, path=path).absolute
        self.http.request(method, path, body=body, headers=headers)
        response = self.http.getresponse()
        if self.wire.ended:  # the server closed before the blank line that ends the headers
            raise Unfetchable("closed the connection in the middle of its answer")
        return response

    def reusable(self) -> bool:
        """Whether another request may go on this connection: nothing has arrived on it unasked, not even its
        end (a server that closed an idle connection)."""
        pending = isinstance(self.sock, ssl.SSLSocket) and self.sock.pending()
        try:
            return not pending and not select.select([self.sock], [], [], 0)[0]
        except (OSError, ValueError):
            return False

    def close(self) -> None:
        self.sock.close()


@contextmanager
def exchange(url: str, method: str, deadline: Deadline, proxies: dict[str, str], *, user_agent: str,
             budget: int, accept: str = "*/*",
             allow_private: bool = False) -> Iterator[tuple[http.client.HTTPResponse, Wire]]:
    """Send one request for ``url`` on a connection of its own and yield its answer, headers read, and the wire
    it arrives on; the connection is closed when the block ends. Bounds and judging as ``Connection``'s."""
    target = Target.parse(url)
    connection = Connection(target, deadline, proxies, user_agent=user_agent, allow_private=allow_private)
    try:
        yield connection.request(method, target.path, deadline, budget,
                                 {"Accept": accept, "Connection": "close"}), connection.wire
    finally:
        connection.close()


def read_announced(response: http.client.HTTPResponse, wire: Wire, at_most: int, more_means: str = "") -> bytes:
    """Return the first ``at_most`` bytes of an answer that announced its length (Content-Length), refusing one
    that sends less; when that is all of it, refusing one that sends more, with ``more_means`` said after."""
    announced = response.length or 0
    wanted = min(announced, at_most)
    body = response.fp.read(wanted) if wanted else b""
    if len(body) < wanted:
        raise Unfetchable(f"closed the connection in the middle of its answer: it announced {announced:,} bytes "
                          f"(Content-Length) and sent {len(body):,}")
    if wanted == announced:
        wire.patient = False
        if response.fp.peek(1):  # only what has already arrived: a server that is done sends nothing more
            raise Unfetchable(f"sent more than the {announced:,} bytes it announced (Content-Length){more_means}")
    return body


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
