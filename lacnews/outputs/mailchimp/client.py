"""Mailchimp's Marketing API 3.0 within bounds: the one way lacnews talks to Mailchimp.

Every request goes through ``Client.call``, which first refuses any method and path outside ``ALLOWED``:
reading, making and editing a draft, its content, its test email and its checklist, and the File Manager.
A campaign's ``send``, ``schedule`` or ``replicate`` is not on the list, so no code path can reach it.

The API key is held by ``ApiKey``, which never shows it (not in ``repr``, not in an error) and hides it,
and its base64 form, in anything a server says back. The datacenter is the key's suffix (``-us6``),
checked to be letters and digits before it becomes a host name; requests go over https only, or, for
tests, to ``LACNEWS_MAILCHIMP_URL`` on 127.0.0.1 or ::1.

The connections are lacnews.base.network's, as every fetch's: through the proxy the environment names
(https_proxy), TLS with the certificate checked, Mailchimp's host judged as any address lacnews fetches
from (a public one, unless LACNEWS_ALLOW_PRIVATE_NETWORK=1; the test server, on this machine, is the one
exception). Each call has a deadline, within the whole push's; every step of the connection and every send
and read ends by it, and at most ``MAX_ANSWER`` bytes of an answer are read. At most ``CONNECTIONS``
connections are open at once, kept between calls while Mailchimp keeps them (Mailchimp answers 429 above
10). A 429, or a 503 to a request that changes nothing, is tried again a few times, as long as
``Retry-After`` says, within the deadline; a POST that failed is never repeated blindly: ``create`` looks
for what it may have made first.
"""

from __future__ import annotations

import base64
import email.utils
import http.client
import ipaddress
import json
import re
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlencode, urlsplit

from lacnews.base.errors import LacnewsError
from lacnews.base.network import (
    HEADER_BYTES,
    Connection,
    Deadline,
    PrivateAddress,
    Target,
    TooLong,
    Unfetchable,
    host_in_address,
    reason,
    shown,
)
from lacnews.base.private_network import ALLOW_VARIABLE, HOW_TO_ALLOW, private_allowed

CONNECTIONS = 3  # connections at once; Mailchimp allows 10 per account
PAGE = 1000  # Mailchimp's largest page of a list
CALL_SECONDS = 120.0  # Mailchimp's own limit for one call
MAX_ANSWER = 4 * 1024 * 1024  # the largest answer read: a page of 1000 campaigns' ids and titles is ~200 KB
RETRIES = 3  # of a 429 or 503
LONGEST_WAIT = 60.0  # the most a Retry-After is waited for
KEY_HELP = "Mailchimp: your profile → Extras → API keys"

_ID = r"[0-9A-Za-z]{1,40}"
ALLOWED = (
    ("GET", "/ping"),
    ("GET", "/lists"),
    ("GET", f"/lists/{_ID}/segments"),
    ("GET", "/campaigns"),
    ("POST", "/campaigns"),
    ("GET", f"/campaigns/{_ID}"),
    ("PATCH", f"/campaigns/{_ID}"),
    ("PUT", f"/campaigns/{_ID}/content"),
    ("POST", f"/campaigns/{_ID}/actions/test"),
    ("GET", f"/campaigns/{_ID}/send-checklist"),
    ("GET", "/file-manager/folders"),
    ("POST", "/file-manager/folders"),
    ("GET", "/file-manager/files"),
    ("POST", "/file-manager/files"),
)
_ALLOWED = tuple((method, re.compile(pattern)) for method, pattern in ALLOWED)
IDEMPOTENT = ("GET", "PUT", "PATCH")
_KEY = re.compile(r"([0-9a-f]{32})-([a-z]{2,4}[0-9]{1,3})")
Made = TypeVar("Made")


def is_allowed(method: str, path: str) -> bool:
    """Whether the client may send ``method`` to ``path`` (below /3.0, without the query)."""
    return any(method == allowed and pattern.fullmatch(path) for allowed, pattern in _ALLOWED)


def is_id(text: object) -> bool:
    """Whether ``text`` can be put in a path as an id: letters and digits only."""
    return isinstance(text, (str, int)) and re.fullmatch(_ID, str(text)) is not None


class MailchimpError(LacnewsError):
    """Something Mailchimp did not do, in one sentence saying what to do."""


class NotAllowed(Exception):
    """A request outside ``ALLOWED``: a fault in lacnews, never sent."""


class Refused(MailchimpError):
    """Mailchimp answered with an error status."""

    def __init__(self, message: str, status: int, said: str, fields: list[str]):
        super().__init__(message)
        self.status = status
        self.said = said  # Mailchimp's own words, cleaned and with the key hidden
        self.fields = fields


class NoAnswer(MailchimpError):
    """No complete answer: the request may or may not have been done."""


def may_have_happened(exc: MailchimpError) -> bool:
    """Whether a failed request may still have changed something in Mailchimp (so it is looked up first)."""
    return isinstance(exc, NoAnswer) or (isinstance(exc, Refused) and exc.status >= 500)


class ApiKey:
    """A Mailchimp API key: it goes into the Authorization header and nowhere else."""

    __slots__ = ("_secret", "datacenter")

    def __init__(self, text: str):
        found = _KEY.fullmatch(text.strip())
        if found is None:
            raise MailchimpError(
                "LACNEWS_MAILCHIMP_KEY is not a Mailchimp API key: one is 32 letters and digits, a hyphen and its "
                f"datacenter, such as …-us6; copy it again from {KEY_HELP}")
        self._secret = found.group()
        self.datacenter = found.group(2)

    def __repr__(self) -> str:
        return f"ApiKey(…-{self.datacenter})"

    __str__ = __repr__

    def __reduce__(self):
        raise TypeError("an API key is not copied")

    def authorization(self) -> str:
        return "Basic " + base64.b64encode(f"lacnews:{self._secret}".encode("ascii")).decode("ascii")

    def hide(self, text: str) -> str:
        """Return ``text`` with the key in any form it was sent in replaced."""
        forms = (self.authorization()[6:], base64.b64encode(self._secret.encode()).decode("ascii"),
                 self._secret, self._secret.split("-")[0])
        for form in forms:
            text = text.replace(form, "[API key]")
        return text


@dataclass(frozen=True)
class Endpoint:
    """Where the API is: https://<dc>.api.mailchimp.com/3.0, or a test server on this machine."""

    scheme: str
    host: str
    port: int
    prefix: str = "/3.0"
    test: bool = False  # LACNEWS_MAILCHIMP_URL, checked: the one address on this machine the client may reach

    def __str__(self) -> str:
        return f"{self.scheme}://{host_in_address(self.host)}{'' if self.port == 443 else f':{self.port}'}{self.prefix}/"

    @property
    def origin(self) -> Target:
        return Target(self.scheme, self.host, self.port, self.prefix)


def endpoint(key: ApiKey, test_url: str | None = None) -> Endpoint:
    """Return the API's address for ``key``; ``test_url`` (LACNEWS_MAILCHIMP_URL) only on 127.0.0.1 or ::1."""
    if not test_url:
        return Endpoint("https", f"{key.datacenter}.api.mailchimp.com", 443)
    refusal = MailchimpError("LACNEWS_MAILCHIMP_URL is for tests only, and may only be http://127.0.0.1:PORT/3.0/ "
                             "or http://[::1]:PORT/3.0/: unset it to reach Mailchimp")
    try:
        parts = urlsplit(test_url)
        port = parts.port
        host = ipaddress.ip_address(parts.hostname or "")
    except ValueError:
        raise refusal from None
    if (parts.scheme != "http" or not host.is_loopback or str(host) not in ("127.0.0.1", "::1") or port is None
            or parts.path.rstrip("/") != "/3.0" or parts.query or parts.fragment or parts.username is not None):
        raise refusal
    return Endpoint("http", str(host), port, test=True)


@dataclass
class Answer:
    status: int
    body: object  # parsed JSON, or None


class Client:
    """A bounded client of one account's API; use it in a ``with`` block, which closes its connections."""

    def __init__(self, key: ApiKey, where: Endpoint, seconds: float, call_seconds: float = CALL_SECONDS,
                 connections: int = CONNECTIONS, proxies: dict[str, str] | None = None):
        self._key = key
        self.where = where
        self.seconds = seconds
        self.deadline = Deadline(seconds)
        self.call_seconds = call_seconds
        self.backoff = 0.5  # the first wait after a 429 or 503 without Retry-After; doubled each time
        # the test server is on this machine: no proxy ever sees its plain-http requests, the key in them
        self._proxies = {} if where.test else urllib.request.getproxies() if proxies is None else proxies
        self._allow_private = where.test or private_allowed(None)
        self._slots = threading.BoundedSemaphore(connections)  # so at most this many connections are open
        self._idle: list[Connection] = []
        self._lock = threading.Lock()
        self.requests = 0
        self.sent_bytes = 0

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()

    def hide(self, text: str) -> str:
        return self._key.hide(text)

    def call(self, method: str, path: str, doing: str, query: dict | None = None, body: object = None):
        """Return Mailchimp's answer to one request (its JSON, or None), ``doing`` saying what it is for in a
        message; raise ``Refused`` or ``NoAnswer`` in one sentence."""
        if not is_allowed(method, path):
            raise NotAllowed(f"{method} {path}")
        target = f"{self.where.prefix}{path}" + (f"?{urlencode(query)}" if query else "")
        payload = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        for attempt in range(RETRIES + 1):
            answer, retry_after = self._send(method, target, payload, doing)
            busy = answer.status == 429 or (answer.status == 503 and method in IDEMPOTENT)
            if not busy or attempt == RETRIES:
                break
            wait = retry_after if retry_after is not None else self.backoff * 2 ** attempt
            if wait > min(LONGEST_WAIT, self._left() - 0.5):
                break
            time.sleep(wait)
        if not 200 <= answer.status < 300:  # a redirect is not done: http.client follows none, nor does lacnews
            raise self._refusal(answer, doing)
        return answer.body

    def create(self, path: str, doing: str, body: object, made: Callable[[object], Made],
               look_for: Callable[[], Made | None]) -> Made:
        """Return what a POST to ``path`` made (``made`` reads Mailchimp's answer). After a failure that may have
        made it anyway, ``look_for`` it first; only when it is not there is it asked for again, once."""
        for attempt in range(2):
            try:
                answer = self.call("POST", path, doing, body=body)
            except MailchimpError as exc:
                if attempt or not may_have_happened(exc):
                    raise
                try:
                    found = look_for()
                except MailchimpError:
                    raise exc from None
                if found is not None:
                    return found
                continue
            return made(answer)
        raise AssertionError("unreachable")

    def each(self, path: str, doing: str, key: str, query: dict, pages: int) -> Iterator[dict]:
        """Yield each item of a list Mailchimp gives a page at a time (``key`` in its answer), in the order ``query``
        sorts it, from at most ``pages`` pages; a page is asked for only when the one before is used up."""
        for page in range(pages):
            answer = self.call("GET", path, doing, {**query, "count": PAGE, "offset": page * PAGE})
            listed = answer.get(key) if isinstance(answer, dict) else None
            if not isinstance(listed, list):
                raise MailchimpError(f"Mailchimp's list of {key} was not what lacnews expects; try again")
            yield from (item for item in listed if isinstance(item, dict))
            total = answer.get("total_items")
            if len(listed) < PAGE or not isinstance(total, int) or (page + 1) * PAGE >= total:
                return

    def _left(self) -> float:
        return max(0.0, self.deadline.end - time.monotonic())

    def _send(self, method: str, target: str, payload: bytes | None, doing: str) -> tuple[Answer, float | None]:
        if self._left() <= 0:  # the whole push's time is up: nothing more is asked, least of all a POST
            raise self._no_answer(doing, TimeoutError("the push's deadline"))
        deadline = Deadline(min(self.call_seconds, self._left()))
        try:
            if not self._slots.acquire(timeout=deadline.left()):
                raise TimeoutError("no free connection")
        except TimeoutError as exc:
            raise self._no_answer(doing, exc) from None
        try:
            return self._exchange(method, target, payload, deadline, doing)
        finally:
            self._slots.release()

    def _exchange(self, method: str, target: str, payload: bytes | None, deadline: Deadline,
                  doing: str) -> tuple[Answer, float | None]:
        headers = {"Authorization": self._key.authorization(), "Accept": "application/json, application/problem+json"}
        if payload is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
        for fresh in (False, True):
            connection = None if fresh else self._take_idle()
            reused = connection is not None
            try:
                connection = connection or self._connect(deadline)
                with self._lock:
                    self.requests += 1
                    self.sent_bytes += len(payload or b"")
                response = connection.request(method, target, deadline, HEADER_BYTES + MAX_ANSWER, headers, payload)
                data = self._read(response)
            except BaseException as exc:
                if connection is not None:
                    connection.close()
                # A connection kept from an earlier call may have been closed by Mailchimp just as it was taken:
                # once, on a new one, for a request that changes nothing if done twice.
                if reused and method in IDEMPOTENT and isinstance(exc, (ConnectionError, http.client.HTTPException,
                                                                        Unfetchable)):
                    continue
                if isinstance(exc, Exception) and not isinstance(exc, MailchimpError):
                    raise self._no_answer(doing, exc) from None
                raise
            if response.will_close:
                connection.close()
            else:
                with self._lock:
                    self._idle.append(connection)
            return self._answer(response, data, doing), _retry_after(response.getheader("Retry-After"))
        raise self._no_answer(doing, ConnectionError())

    def _take_idle(self) -> Connection | None:
        """Return a connection kept from an earlier call that Mailchimp has not closed meanwhile, if there is one."""
        with self._lock:
            while self._idle:
                connection = self._idle.pop()
                if connection.reusable():
                    return connection
                connection.close()
        return None

    def _connect(self, deadline: Deadline) -> Connection:
        return Connection(self.where.origin, deadline, self._proxies, allow_private=self._allow_private)

    @staticmethod
    def _read(response: http.client.HTTPResponse) -> bytes:
        if response.length is not None and response.length > MAX_ANSWER:
            raise TooLong()
        return response.read()

    def _answer(self, response: http.client.HTTPResponse, data: bytes, doing: str) -> Answer:
        if not data.strip():
            return Answer(response.status, None)
        kind = response.headers.get_content_type()
        if kind not in ("application/json", "application/problem+json"):
            if response.status >= 400:
                return Answer(response.status, None)  # an HTML error page says nothing to show
            raise self._no_answer(doing, "not json")
        try:
            return Answer(response.status, json.loads(data.decode("utf-8")))
        except (UnicodeDecodeError, ValueError, RecursionError):
            if response.status >= 400:
                return Answer(response.status, None)
            raise self._no_answer(doing, "not json") from None

    def _no_answer(self, doing: str, cause: BaseException | str) -> MailchimpError:
        """Return the sentence for a call that got no answer it could read: ``cause`` is what was raised, or "not
        json"."""
        if isinstance(cause, PrivateAddress):  # nothing was sent; push has no option to allow it, the variable does
            where = str(cause).removesuffix(HOW_TO_ALLOW)
            return MailchimpError(f"lacnews did not connect to Mailchimp, while {doing}: {self.hide(where)}set "
                                  f"{ALLOW_VARIABLE}=1 if you mean lacnews to reach it")
        if isinstance(cause, TimeoutError):
            words = (f"Mailchimp did not answer in time (lacnews waits {self.seconds:g} s for a whole push, "
                     f"{min(self.seconds, self.call_seconds):g} s for one call)")
        elif isinstance(cause, TooLong):
            words = f"Mailchimp's answer was longer than the {MAX_ANSWER // 1024 // 1024} MB lacnews reads"
        elif cause == "not json":
            words = "Mailchimp's answer was not the JSON it sends"
        elif isinstance(cause, (http.client.IncompleteRead, http.client.RemoteDisconnected, ConnectionError)):
            words = "the connection to Mailchimp broke before its answer was complete"
        else:
            words = f"could not reach Mailchimp ({shown(self.hide(reason(cause)), 300)})"
        return NoAnswer(f"{words}, while {doing}; try again in a few minutes (give a longer --timeout on a slow "
                        "connection): what was done is found again, not done twice")

    def _refusal(self, answer: Answer, doing: str) -> Refused:
        problem = answer.body if isinstance(answer.body, dict) else {}
        title = self.said(problem.get("title"), 80)
        detail = self.said(problem.get("detail"), 300)
        errors = problem.get("errors") if isinstance(problem.get("errors"), list) else []
        fields, notes = [], []
        for error in errors[:5]:
            if isinstance(error, dict):
                field = self.said(error.get("field"), 60)
                fields.append(field)
                notes.append(f"{field + ': ' if field else ''}{self.said(error.get('message'), 160)}")
        said = "; ".join(part for part in (title, detail, "; ".join(notes)) if part)
        words = f" ({said})" if said else ""
        return Refused(f"Mailchimp refused {doing} with {answer.status}{words}: {_advice(answer.status, fields)}",
                       answer.status, said, fields)

    def said(self, value: object, limit: int) -> str:
        """Return what Mailchimp said in a field, fit to show: control characters escaped, the key hidden."""
        return shown(self.hide(value), limit).strip() if isinstance(value, str) else ""


# What an editor can do about each kind of refusal; what newsletter.yaml or the issue holds each field.
FIELD_SOURCES = {
    "settings.reply_to": "sender.email in newsletter.yaml",
    "settings.from_name": "sender.name in newsletter.yaml",
    "settings.subject_line": "the issue's subject",
    "settings.preview_text": "the issue's preheader",
    "settings.title": "the newsletter's name",
    "recipients.list_id": "mailchimp.audience in newsletter.yaml",
    "recipients.segment_opts": "mailchimp.segment or mailchimp.tag in newsletter.yaml",
}


def _advice(status: int, fields: list[str]) -> str:
    if 300 <= status < 400:
        return "Mailchimp's API answers no request with a redirect, and lacnews follows none; try again later"
    if status == 401:
        return (f"check LACNEWS_MAILCHIMP_KEY: copy the key again from {KEY_HELP} (a key that was revoked, or "
                "mistyped, or whose -us6 ending was changed, is refused)")
    if status == 403:
        return ("the key's user may not do this, or the account is paused or under review: ask the account's owner, "
                "or look in Mailchimp for a message about the account")
    if status == 404:
        return "it is not in this Mailchimp account: check the ids in newsletter.yaml (`lacnews push --audiences`)"
    if status == 429:
        return "Mailchimp is limiting requests to this account; wait a few minutes and push again"
    if status >= 500:
        return "Mailchimp had a problem of its own; try again in a few minutes (https://status.mailchimp.com)"
    named = [f"{field} is {FIELD_SOURCES[field]}" for field in fields if field in FIELD_SOURCES]
    return "fix what it names and push again" + (f" ({'; '.join(named)})" if named else "")


def _retry_after(value: str | None) -> float | None:
    """Return the seconds a Retry-After header asks for (a number, or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(min(int(value), 10 ** 6))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - time.time()) if when else None
