"""A fake Mailchimp Marketing API 3.0 on 127.0.0.1, for the tests of `lacnews push`.

It behaves as Mailchimp's documentation says (see /work/shared/README.md, "Facts for the Mailchimp push"):
Basic auth with any user name and the key, or Bearer; 401 "API Key Missing" without a key and "API Key
Invalid" (the wrong-datacenter text) for another key or a key of another datacenter; errors as
application/problem+json (type, title, status, detail, instance, and errors[] on validation); 204 for a test
email; 429 past 10 requests at once; free-plan test limits (12 per campaign, 24 a day, 6 addresses at
once); 10 MB per file; campaign statuses; the send checklist; audiences and their segments; ``fields``,
``count`` and ``offset``. Texts Mailchimp does not document (the limits' and checklist's words) are made up.
The campaign actions send, schedule and replicate work here as they would there, so a client that called
them would be caught: the fake records every request (method, path, query, headers, body).

Faults are scripted with ``fault(method, path pattern, kind, times=1, **options)``:

- ``answer``: a status with a body (bytes, a dict sent as problem+json, or none), a content type and headers
  (a 429 with or without a body or Retry-After, a 5xx empty or in HTML, a 403 with no body);
- ``echo_key``: a 401 whose detail repeats the Authorization header and the key, as a careless server might;
- ``stall_headers``: nothing at all for ``seconds`` (or until ``release_stalls``);
- ``stall_body``: the real answer's headers and half its body, then nothing;
- ``trickle``: the real answer a byte every ``interval`` seconds;
- ``drop_after``: the request is done, then the connection closed without an answer.

With ``tls`` (a server-side ssl.SSLContext) it speaks https, as Mailchimp does; ``connections`` counts the
connections it accepted (a client that keeps them alive opens few).
"""

from __future__ import annotations

import base64
import binascii
import io
import itertools
import json
import re
import ssl
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

KEY = "0123456789abcdef0123456789abcdef-us6"
AUDIENCE = "a1b2c3d4e5"
ERRORS_DOC = "https://mailchimp.com/developer/marketing/docs/errors/"
MAX_CONNECTIONS = 10
FREE_LIMITS = {"per_campaign": 12, "per_day": 24, "addresses": 6}
CAMPAIGN_ACTIONS = ("send", "schedule", "replicate", "test", "unschedule", "pause", "resume", "cancel-send")


@dataclass
class Request:
    """One request as the fake received it."""

    method: str
    path: str  # below /3.0, without the query
    query: dict
    headers: dict
    body: bytes

    @property
    def json(self):
        return json.loads(self.body) if self.body else None

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


@dataclass
class Fault:
    method: str
    pattern: re.Pattern
    kind: str
    times: int
    options: dict = field(default_factory=dict)


class Answer(Exception):
    """An answer to send: raised from deep in a route."""

    def __init__(self, status: int, body: object = None, content_type: str | None = None, headers: dict | None = None):
        self.status, self.body, self.content_type, self.headers = status, body, content_type, headers or {}


def problem(status: int, title: str, detail: str, errors: list | None = None) -> Answer:
    body = {"type": ERRORS_DOC, "title": title, "status": status, "detail": detail, "instance": str(uuid.uuid4())}
    if errors is not None:
        body["errors"] = errors
    return Answer(status, body, "application/problem+json; charset=utf-8")


def only(value, fields: str | None):
    """Return ``value`` with only the dotted ``fields`` (as Mailchimp's fields= parameter)."""
    if not fields:
        return value
    return _pick(value, [name.split(".") for name in fields.split(",") if name])


def _pick(value, paths):
    if any(not path for path in paths):
        return value
    if isinstance(value, list):
        return [_pick(item, paths) for item in value]
    if isinstance(value, dict):
        return {key: _pick(item, [path[1:] for path in paths if path[0] == key])
                for key, item in value.items() if any(path[0] == key for path in paths)}
    return value


class FakeMailchimp:
    """The fake API, serving at ``url`` until ``stop``."""

    def __init__(self, key: str = KEY, datacenter: str = "us6", limits: dict | None = None,
                 tls: ssl.SSLContext | None = None):
        self.key, self.datacenter = key, datacenter
        self.tls = tls
        self.limits = dict(limits or FREE_LIMITS)
        self.max_file_bytes = 10 * 1024 * 1024
        self.lists = {AUDIENCE: {"id": AUDIENCE, "web_id": 123, "name": "Local Area Coordination Network",
                                 "stats": {"member_count": 1234}},
                      "f6e5d4c3b2": {"id": "f6e5d4c3b2", "web_id": 456, "name": "Cymru", "stats": {"member_count": 56}}}
        self.segments = {AUDIENCE: [{"id": 3101, "name": "Wales", "type": "static", "member_count": 40},
                                    {"id": 3102, "name": "Coordinators", "type": "saved", "member_count": 12}]}
        self.campaigns: dict[str, dict] = {}
        self.contents: dict[str, dict] = {}
        self.tests: dict[str, list[list[str]]] = {}
        self.tests_today = 0
        self.folders: list[dict] = []
        self.files: list[dict] = []
        self.uploaded: dict[str, bytes] = {}  # file id → bytes
        self.requests: list[Request] = []
        self.faults: list[Fault] = []
        self.active = 0
        self.peak = 0
        self.connections = 0
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self.released = threading.Event()  # ends the stalls
        fake = self

        class Handler(_Handler):
            owner = fake

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.handle_error = _quiet_about_refused_handshakes(self.server.handle_error)
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/3.0/"

    def stop(self) -> None:
        self.stopping.set()
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def release_stalls(self) -> None:
        self.released.set()

    def fault(self, method: str, pattern: str, kind: str, times: int = 1, **options) -> None:
        self.faults.append(Fault(method, re.compile(pattern), kind, times, options))

    def set_status(self, campaign_id: str, status: str) -> None:
        self.campaigns[campaign_id]["status"] = status

    def calls(self, method: str | None = None, pattern: str = ".*") -> list[Request]:
        return [r for r in self.requests if (method is None or r.method == method) and re.fullmatch(pattern, r.path)]

    # the work of one request

    def _take_fault(self, method: str, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.times > 0 and fault.method == method and fault.pattern.fullmatch(path):
                    fault.times -= 1
                    return fault
        return None

    def authorize(self, header: str | None) -> None:
        if not header:
            raise problem(401, "API Key Missing", "Your request did not include an API key.")
        scheme, _, credentials = header.partition(" ")
        given = None
        if scheme == "Basic":
            try:
                given = base64.b64decode(credentials, validate=True).decode("utf-8").partition(":")[2]
            except (binascii.Error, UnicodeDecodeError):
                given = None
        elif scheme == "Bearer":
            given = credentials
        if given != self.key or self.key.rsplit("-", 1)[-1] != self.datacenter:
            raise problem(401, "API Key Invalid",
                          "Your API key may be invalid, or you've attempted to access the wrong datacenter.")

    def route(self, method: str, path: str, query: dict, body: object) -> Answer:
        parts = path.strip("/").split("/")
        count = min(int(query.get("count", 10)), 1000)
        offset = int(query.get("offset", 0))

        def page(name: str, items: list) -> Answer:
            return Answer(200, only({name: items[offset:offset + count], "total_items": len(items)},
                                    query.get("fields")))

        if (method, parts) == ("GET", ["ping"]):
            return Answer(200, {"health_status": "Everything's Chimpy!"})
        if (method, parts) == ("GET", ["lists"]):
            return page("lists", list(self.lists.values()))
        if method == "GET" and len(parts) == 3 and parts[0] == "lists" and parts[2] == "segments":
            self._list(parts[1])
            segments = [s for s in self.segments.get(parts[1], []) if s["type"] == query.get("type", s["type"])]
            return page("segments", segments)
        if parts[0] == "campaigns":
            return self._campaigns(method, parts[1:], query, body, page)
        if parts[:2] == ["file-manager", "folders"] and len(parts) == 2:
            if method == "GET":
                return page("folders", self.folders)
            if method == "POST":
                if not isinstance(body, dict) or not body.get("name"):
                    raise problem(400, "Invalid Resource", "The resource submitted could not be validated.",
                                  [{"field": "name", "message": "This value should not be blank."}])
                folder = {"id": next(self._ids), "name": body["name"], "file_count": 0}
                self.folders.append(folder)
                return Answer(200, folder)
        if parts[:2] == ["file-manager", "files"] and len(parts) == 2:
            if method == "GET":
                files = [f for f in self.files if f["type"] == query.get("type", f["type"])]
                if query.get("sort_dir") == "DESC":
                    files = files[::-1]
                return page("files", files)
            if method == "POST":
                return self._upload(body)
        raise problem(404, "Resource Not Found", "The requested resource could not be found.")

    def _list(self, list_id: str) -> dict:
        if list_id not in self.lists:
            raise problem(404, "Resource Not Found", "The requested resource could not be found.")
        return self.lists[list_id]

    def _campaign(self, campaign_id: str) -> dict:
        if campaign_id not in self.campaigns:
            raise problem(404, "Resource Not Found", "The requested resource could not be found.")
        return self.campaigns[campaign_id]

    def _campaigns(self, method: str, parts: list[str], query: dict, body: object, page) -> Answer:
        if not parts:
            if method == "GET":
                found = [c for c in self.campaigns.values()
                         if all(query.get(name, c[key]) == c[key] for name, key in (("status", "status"),
                                                                                    ("type", "type")))]
                if query.get("sort_dir") == "DESC":
                    found = found[::-1]
                return page("campaigns", found)
            if method == "POST":
                return Answer(200, self._new_campaign(body))
        campaign = self._campaign(parts[0])
        if len(parts) == 1:
            if method == "GET":
                return Answer(200, only(campaign, query.get("fields")))
            if method == "PATCH":
                self._editable(campaign)
                self._settings(body, campaign)
                return Answer(200, only(campaign, query.get("fields")))
        if parts[1:] == ["content"] and method == "PUT":
            self._editable(campaign)
            if not isinstance(body, dict):
                raise problem(400, "Bad Request", "We encountered an unspecified JSON parsing error.")
            self.contents[campaign["id"]] = {"html": body.get("html", ""), "plain_text": body.get("plain_text", "")}
            return Answer(200, only({**self.contents[campaign["id"]], "archive_html": body.get("html", "")},
                                    query.get("fields")))
        if parts[1:] == ["send-checklist"] and method == "GET":
            return Answer(200, self._checklist(campaign))
        if len(parts) == 3 and parts[1] == "actions" and parts[2] in CAMPAIGN_ACTIONS and method == "POST":
            return self._action(campaign, parts[2], body)
        raise problem(404, "Resource Not Found", "The requested resource could not be found.")

    def _new_campaign(self, body: object) -> dict:
        if not isinstance(body, dict) or body.get("type") not in ("regular", "plaintext", "absplit", "rss", "variate"):
            raise problem(400, "Invalid Resource", "The resource submitted could not be validated. For "
                          "field-specific details, see the 'errors' array.",
                          [{"field": "type", "message": "Data presented is not one of the accepted values."}])
        campaign_id = uuid.uuid4().hex[:10]
        campaign = {"id": campaign_id, "web_id": 1000 + next(self._ids), "type": body["type"],
                    "create_time": f"2020-06-01T10:{len(self.campaigns):02d}:00+00:00", "status": "save",
                    "emails_sent": 0, "content_type": "html", "recipients": {}, "settings": {}}
        self._settings(body, campaign)
        self.campaigns[campaign_id] = campaign
        return campaign

    def _settings(self, body: object, campaign: dict) -> None:
        if not isinstance(body, dict):
            raise problem(400, "Bad Request", "We encountered an unspecified JSON parsing error.")
        errors = []
        recipients = body.get("recipients")
        if isinstance(recipients, dict):
            if recipients.get("list_id") not in self.lists:
                errors.append({"field": "recipients.list_id", "message": "Invalid list ID."})
        settings = body.get("settings") if isinstance(body.get("settings"), dict) else {}
        reply_to = settings.get("reply_to")
        if reply_to is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", str(reply_to)):
            errors.append({"field": "settings.reply_to", "message": "This value should be a valid email address."})
        if errors:
            raise problem(400, "Invalid Resource", "The resource submitted could not be validated. For field-specific "
                          "details, see the 'errors' array.", errors)
        if isinstance(recipients, dict):
            campaign["recipients"] = {**recipients, "list_name": self.lists[recipients["list_id"]]["name"]}
        campaign["settings"].update(settings)

    @staticmethod
    def _editable(campaign: dict) -> None:
        if campaign["status"] != "save":
            raise problem(400, "Bad Request", f"This campaign cannot be edited because its status is "
                                              f"{campaign['status']}.")

    def _checklist(self, campaign: dict) -> dict:
        settings, content = campaign["settings"], self.contents.get(campaign["id"])
        items = [("success" if campaign["recipients"].get("list_id") else "error", "Audience",
                  "The campaign is for an audience." if campaign["recipients"] else "You need to choose an audience."),
                 ("success" if settings.get("subject_line") else "error", "Subject line", "Add a subject line."),
                 ("success" if settings.get("reply_to") else "error", "Reply-to address",
                  "Replies go to an address." if settings.get("reply_to") else "You need to add a reply-to address."),
                 ("success" if settings.get("preview_text") else "warning", "Preview text",
                  "Preview text." if settings.get("preview_text") else "Add preview text to say more in the inbox."),
                 ("success" if content and content["html"] else "error", "Content", "You need to add content.")]
        if content and "*|UNSUB|*" not in content["html"] and not settings.get("auto_footer"):
            items.append(("error", "Unsubscribe link", "Add an unsubscribe link (*|UNSUB|*) to your footer."))
        listed = [{"type": kind, "id": index, "heading": heading, "details": details}
                  for index, (kind, heading, details) in enumerate(items)]
        return {"is_ready": all(item["type"] != "error" for item in listed), "items": listed}

    def _action(self, campaign: dict, action: str, body: object) -> Answer:
        if action == "test":
            if not isinstance(body, dict) or not isinstance(body.get("test_emails"), list) \
                    or body.get("send_type") not in ("html", "plaintext"):
                raise problem(400, "Invalid Resource", "The resource submitted could not be validated.",
                              [{"field": "send_type", "message": "Data presented is not one of the accepted values."}])
            addresses = body["test_emails"]
            if len(addresses) > self.limits["addresses"]:
                raise problem(400, "Invalid Resource", f"You can send a test to at most {self.limits['addresses']} "
                                                       "addresses at once.")
            if len(self.tests.get(campaign["id"], [])) >= self.limits["per_campaign"]:
                raise problem(400, "Invalid Resource", "You have sent the most tests this campaign may have.")
            if self.tests_today >= self.limits["per_day"]:
                raise problem(400, "Invalid Resource", "You have sent the most tests this account may send today.")
            self.tests.setdefault(campaign["id"], []).append(addresses)
            self.tests_today += 1
            return Answer(204)
        if action == "replicate":
            copy = self._new_campaign({"type": campaign["type"], "recipients": {"list_id": AUDIENCE},
                                       "settings": dict(campaign["settings"])})
            return Answer(200, copy)
        campaign["status"] = {"send": "sent", "schedule": "schedule", "unschedule": "save", "pause": "paused",
                              "resume": "sending", "cancel-send": "canceled"}[action]
        return Answer(204)

    def _upload(self, body: object) -> Answer:
        if not isinstance(body, dict) or not isinstance(body.get("name"), str) or not body.get("file_data"):
            raise problem(400, "Invalid Resource", "The resource submitted could not be validated.",
                          [{"field": "file_data", "message": "This value should not be blank."}])
        try:
            data = base64.b64decode(body["file_data"], validate=True)
        except binascii.Error:
            raise problem(400, "Invalid Resource", "The resource submitted could not be validated.",
                          [{"field": "file_data", "message": "File data is not valid base64."}]) from None
        if len(data) > self.max_file_bytes:
            raise problem(400, "Invalid Resource", "The resource submitted could not be validated.",
                          [{"field": "file_data", "message": "File size cannot exceed 10MB."}])
        from PIL import Image

        with Image.open(io.BytesIO(data)) as picture:
            width, height = picture.size
        file_id = next(self._ids)
        extension = body["name"].rsplit(".", 1)[-1]
        hosted = {"id": file_id, "folder_id": body.get("folder_id", 0), "type": "image", "name": body["name"],
                  "full_size_url": f"https://mcusercontent.com/5f1e3d/images/{uuid.uuid4()}.{extension}",
                  "thumbnail_url": f"https://mcusercontent.com/5f1e3d/_thumbs/{file_id}.{extension}",
                  "size": len(data), "width": width, "height": height,
                  "created_at": "2020-06-01T10:00:00+00:00", "created_by": "Cat"}
        self.files.append(hosted)
        self.uploaded[str(file_id)] = data
        return Answer(200, hosted)


class _Handler(BaseHTTPRequestHandler):
    owner: FakeMailchimp
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def setup(self) -> None:
        with self.owner._lock:
            self.owner.connections += 1
        if self.owner.tls is not None:
            self.request.settimeout(10)
            self.request = self.owner.tls.wrap_socket(self.request, server_side=True)
            self.request.settimeout(None)
        super().setup()

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            if self.owner.tls is not None:
                self.request.close()  # the server closes the plain socket it accepted, which TLS took over

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self._serve()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def _serve(self) -> None:
        fake = self.owner
        with fake._lock:
            fake.active += 1
            fake.peak = max(fake.peak, fake.active)
            crowded = fake.active > MAX_CONNECTIONS
        try:
            self._answer(fake, crowded)
        finally:
            with fake._lock:
                fake.active -= 1

    def _answer(self, fake: FakeMailchimp, crowded: bool) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        path = parts.path[len("/3.0"):] if parts.path.startswith("/3.0/") else parts.path
        query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
        fake.requests.append(Request(self.command, path, query, dict(self.headers), raw))
        if crowded:
            self._send(problem(429, "Too Many Requests", "You have exceeded the limit of 10 simultaneous connections."))
            return
        fault = fake._take_fault(self.command, path)
        if fault and fault.kind == "stall_headers":
            fake.released.wait(fault.options.get("seconds", 30))
            self.close_connection = True
            return
        if fault and fault.kind == "answer":
            body = fault.options.get("body")
            self._send(Answer(fault.options["status"], body, fault.options.get("content_type"),
                              fault.options.get("headers")))
            return
        try:
            if fault and fault.kind == "echo_key":
                header = self.headers.get("Authorization") or ""
                raise problem(401, "API Key Invalid", f"Invalid credentials: {header} ({fake.key})")
            fake.authorize(self.headers.get("Authorization"))
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                raise problem(400, "Bad Request", "We encountered an unspecified JSON parsing error.") from None
            with fake._lock:
                answer = fake.route(self.command, path, query, body)
        except Answer as refusal:
            answer = refusal
        if fault and fault.kind == "drop_after":
            self.close_connection = True
            return
        self._send(answer, fault)

    def _send(self, answer: Answer, fault: Fault | None = None) -> None:
        body = answer.body
        content_type = answer.content_type
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode("utf-8")
            content_type = content_type or "application/json; charset=utf-8"
        body = body or b""
        self.send_response(answer.status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if fault and fault.kind == "stall_body":
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.owner.released.wait(fault.options.get("seconds", 30))
            self.close_connection = True
            return
        if fault and fault.kind == "trickle":
            for byte in body:
                if self.owner.stopping.wait(fault.options.get("interval", 0.2)):
                    break
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(body)


def _quiet_about_refused_handshakes(handle_error):
    """Return the server's handle_error, silent about a client that would not finish the TLS handshake (one that
    refuses the certificate, as it must when it does not trust it)."""

    def handle(request, address) -> None:
        if not isinstance(sys.exc_info()[1], (ssl.SSLError, ConnectionError, TimeoutError)):
            handle_error(request, address)

    return handle


def subprocess_code(call: str) -> str:
    """Return Python that runs ``call`` after importing the command line's ``cli`` and ``main``."""
    return "from lacnews.cli import cli, main; " + call


if __name__ == "__main__":  # run it by hand: python tests/fake_mailchimp.py
    fake = FakeMailchimp()
    print(f"LACNEWS_MAILCHIMP_URL={fake.url} LACNEWS_MAILCHIMP_KEY={KEY}")
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        fake.stop()
