"""`lacnews send`: a proof of an issue in your own inbox before it goes to Mailchimp.

The proof itself is an output (``lacnews.outputs.proof``); this module finds
who it is from and to, and delivers it. The SMTP server and its login come from
the command line or the LACNEWS_SMTP_* environment variables, never from
newsletter.yaml; the password never from the command line (other users of the
machine can read a command's arguments), and it is never printed.
"""

from __future__ import annotations

import base64
import os
import smtplib
import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from lacnews.base.errors import LacnewsError, Place
from lacnews.base.project import Project
from lacnews.base.write import write_named_file
from lacnews.compose import compose
from lacnews.compose.composed import Composed
from lacnews.console import PicturesShown
from lacnews.outputs.proof import header_problem, header_problems, proof_message
from lacnews.text.addresses import is_email_address
from lacnews.text.characters import printable
from lacnews.yaml.nodes import value_at
from lacnews.yaml.source import Source

SECURITY = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
SETTINGS_HELP = ("--smtp-host (required), --smtp-port, --smtp-user, --smtp-security (starttls, tls or none; "
                 "default starttls) and --from, or the environment variables LACNEWS_SMTP_HOST, _PORT, _USER, "
                 "_SECURITY and _FROM; the password only from LACNEWS_SMTP_PASSWORD or when asked")


class SendError(LacnewsError):
    """The proof could not be sent."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    user: str | None
    password: str | None = None

    def __str__(self) -> str:  # what may be shown: never the password
        login = f" as {self.user}" if self.user else ""
        return f"{self.host}:{self.port} ({self.security}){login}"


def smtp_settings(host: str | None, port: str | None, security: str | None, user: str | None,
                  password: str | None) -> SmtpSettings:
    """Return the SMTP settings given on the command line or in the LACNEWS_SMTP_* environment variables."""
    host = (host or "").strip()
    if not host:
        raise SendError(f"no SMTP server: give --smtp-host (or set LACNEWS_SMTP_HOST); the settings are "
                        f"{SETTINGS_HELP}")
    security = (security or "starttls").strip().lower()
    if security not in SECURITY:
        raise SendError(f"--smtp-security {security!r} (LACNEWS_SMTP_SECURITY): use starttls, tls or none")
    port_text = (port or "").strip()
    if port_text and not (len(port_text) <= 5 and port_text.isascii() and port_text.isdigit()
                          and 1 <= int(port_text) <= 65535):
        raise SendError(f"--smtp-port {port_text!r} (LACNEWS_SMTP_PORT) is not a port number: give one from 1 to "
                        f"65535, or leave it out for {DEFAULT_PORTS[security]}, the usual port for {security}")
    return SmtpSettings(host, int(port_text) if port_text else DEFAULT_PORTS[security], security,
                        user or None, password or None)


def _place(source: Source, *keys: str) -> Place:
    """Return where the field at ``keys`` (e.g. "sender", "name") is written, or the file if it is not found."""
    return source.place(value_at(source.root, *keys))


def _refuse(problem: str | None, place: Place | None = None) -> None:
    if problem:
        raise SendError(f"{place}: {problem}" if place else problem)


@dataclass
class Proofs:
    """The proofs of one issue, ready to send: one message, or one per language where each language has its own
    email (an editor proofs what every reader will get, and the edition nobody looked at is the one that goes
    wrong); and what the editor should know before sending them."""

    slug: str
    messages: dict[str, EmailMessage]  # by language; "" for the one email
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    to_sender: bool = False  # no recipient was named (a proof written to a file): addressed to the sender

    @property
    def subjects(self) -> list[str]:
        return [message["Subject"] for message in self.messages.values()]

    @property
    def addressed_to(self) -> str:
        return str(next(iter(self.messages.values()))["To"])


def make_proofs(project: Project, name: str, recipients: list[str], sender_address: str | None) -> Proofs:
    """Return the proofs of an issue, addressed to ``recipients`` (to the sender when there are none: a proof
    written to a file goes to nobody), their pictures where a reader's mail program will fetch them from
    (Mailchimp's addresses, once `lacnews push` has uploaded them).

    Whatever goes into a header (the addresses, the subject, the sender's name) is refused
    if it holds a line break, which would add headers of its own: before anything is sent.
    """
    for recipient in recipients:
        _refuse(header_problem(f"the address --to {recipient!r}", recipient))
        if not is_email_address(recipient):
            raise SendError(f"--to {recipient!r} is not an email address (name@example.org)")
    composed = compose(project, name)
    loaded = composed.loaded
    if sender_address:
        from_address, from_where = sender_address, "--from or LACNEWS_SMTP_FROM"
    else:
        from_address, from_where = loaded.newsletter.sender.email, "sender.email in newsletter.yaml"
    if not from_address:
        raise SendError("no address to send from: add sender.email to newsletter.yaml "
                        "(or give --from, or set LACNEWS_SMTP_FROM)")
    _refuse(header_problem(f"the address to send from ({from_where}, {from_address!r})", from_address))
    if not is_email_address(from_address):
        raise SendError(f"the address to send from ({from_where}), {from_address!r}, is not an email address "
                        "(name@example.org)")
    for header, problem in header_problems(loaded, list(composed.emails)):
        _refuse(problem, _place(loaded.source, "subject") if header == "subject"
                else _place(loaded.newsletter_source, "sender", "name"))
    composed, shown = _pictures_shown(project, composed)
    to = recipients or [from_address]
    proofs = Proofs(composed.slug, {language: proof_message(composed, to, from_address, language)
                                    for language in composed.emails}, to_sender=not recipients)
    if shown is not None:
        (proofs.warnings if shown.may_show_broken else proofs.notes).append(shown.note(proof=True))
    return proofs


def _pictures_shown(project: Project, composed: Composed) -> tuple[Composed, PicturesShown | None]:
    """Return the issue as the proofs show it, each picture from the project at the address Mailchimp keeps it
    at where `lacnews push` recorded one, and where its pictures are shown from."""
    from lacnews.outputs.mailchimp.record import as_pushed

    pictures = composed.pictures
    waiting = []
    if pictures.local and pictures.base is None:
        composed, waiting = as_pushed(project, composed) if composed.loaded.newsletter.mailchimp \
            else (composed, pictures.local)
    return composed, PicturesShown.of(project, composed, waiting)


def send_proofs(proofs: Proofs, settings: SmtpSettings) -> list[str]:
    """Send each proof through the SMTP server; return what was sent, a line each."""
    sent = []
    for message in proofs.messages.values():
        deliver(message, settings)
        sent.append(f"sent {message['Subject']!r} to {message['To']} through {settings}")
    return sent


def what_would_be_sent(proofs: Proofs, host: str | None, port: str | None, security: str | None,
            user: str | None) -> tuple[str, str | None]:
    """Return what would be sent (--dry-run), and a problem with the SMTP settings given, if any."""
    problem = None
    try:
        settings = smtp_settings(host, port, security, user, None)
    except LacnewsError as exc:
        settings, problem = None, exc.format_message()
    described = "\n\n".join(describe(message, settings) for message in proofs.messages.values())
    return f"{described}\ndry run: nothing was sent", problem if host else None


def settings_for_sending(host: str | None, port: str | None, security: str | None, user: str | None,
                         ask: Callable[[str], str] | None = None) -> SmtpSettings:
    """Return the SMTP settings to send with, the password from LACNEWS_SMTP_PASSWORD, or else from ``ask`` (a
    prompt that does not show what is typed, at a terminal) when there is a user to log in as."""
    password = os.environ.get("LACNEWS_SMTP_PASSWORD")
    settings = smtp_settings(host, port, security, user, password)
    if settings.user and password is None and ask is not None:
        settings = smtp_settings(host, port, security, user, ask(f"Password for {settings.user} at {settings.host}"))
    return settings


def _b64(text: str) -> str:
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def _login(client: smtplib.SMTP, user: str, password: str, where: str) -> None:
    """Log in; a user name or password beyond ASCII goes as UTF-8 (RFC 4616), which smtplib's login cannot send."""
    if user.isascii() and password.isascii():
        client.login(user, password)
        return
    client.ehlo_or_helo_if_needed()
    if not client.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
    offered = client.esmtp_features["auth"].upper().split()
    if "PLAIN" in offered:
        code, reply = client.docmd("AUTH", "PLAIN " + _b64(f"\0{user}\0{password}"))
    elif "LOGIN" in offered:
        code, reply = client.docmd("AUTH", "LOGIN " + _b64(user))
        if code == 334:
            code, reply = client.docmd(_b64(password))
    else:
        raise SendError(f"{where} offers only {', '.join(offered) or 'no'} logins, which cannot carry a user name "
                        "or password with letters beyond ASCII; the user name or password needs one that can "
                        "(PLAIN or LOGIN)")
    if code not in (235, 503):  # 503: already logged in, as smtplib's login counts it
        raise smtplib.SMTPAuthenticationError(code, reply)


def _printable(text: str | bytes) -> str:
    """Return a server's words fit to print: control characters escaped, at most 200 characters."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = text if len(text) <= 200 else text[:200] + "…"
    return printable(text)


def deliver(message: EmailMessage, settings: SmtpSettings, timeout: float = 30, total: float = 120) -> None:
    """Send ``message`` through the SMTP server; turn every failure into a clear SendError.

    Each exchange with the server has ``timeout`` seconds, and the whole conversation ``total``:
    a server that answers a byte at a time is left to its daemon thread, which cannot hold the
    program open.
    """
    where = f"the SMTP server {settings.host}:{settings.port}"
    outcome: list[BaseException | None] = []

    def converse() -> None:
        try:
            _converse(message, settings, timeout, where)
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=converse, name="lacnews-send", daemon=True)
    worker.start()
    worker.join(total)
    if not outcome:
        raise SendError(f"{where} did not finish within {total:g} s, so lacnews stopped waiting; the proof may "
                        "or may not have been sent: look in your inbox before sending it again")
    if outcome[0] is not None:
        raise outcome[0]


def _converse(message: EmailMessage, settings: SmtpSettings, timeout: float, where: str) -> None:
    try:
        if settings.security == "tls":
            client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=timeout,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
        with client:
            if settings.security == "starttls":
                client.ehlo()
                if not client.has_extn("starttls"):
                    raise SendError(
                        f"{where} does not offer STARTTLS, so the login and the proof would cross the network "
                        "unencrypted, and nothing was sent. For a relay on this machine give --smtp-security none "
                        "(LACNEWS_SMTP_SECURITY=none); for a server that encrypts from the start (usually port "
                        "465) give --smtp-security tls (LACNEWS_SMTP_SECURITY=tls)")
                client.starttls(context=ssl.create_default_context())
            if settings.user:
                _login(client, settings.user, settings.password or "", where)
            client.send_message(message)
    except smtplib.SMTPAuthenticationError:
        raise SendError(f"{where} refused the login for {settings.user!r}: check the user name (--smtp-user or "
                        "LACNEWS_SMTP_USER) and the password (LACNEWS_SMTP_PASSWORD)") from None
    except smtplib.SMTPNotSupportedError as exc:
        if "AUTH" in str(exc):
            raise SendError(f"{where} does not offer a login (SMTP AUTH): leave out --smtp-user (LACNEWS_SMTP_USER) "
                            "to send without one, or check the host and --smtp-security") from None
        raise SendError(f"{where} cannot take this message: {_printable(str(exc))}") from None
    except smtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(exc.recipients)
        raise SendError(f"{where} refused the address {refused}") from None
    except smtplib.SMTPSenderRefused as exc:
        raise SendError(f"{where} refused the sender {exc.sender}: {_printable(exc.smtp_error)}") from None
    except smtplib.SMTPResponseException as exc:
        raise SendError(f"{where} failed: it answered {exc.smtp_code} {_printable(exc.smtp_error)}") from None
    except smtplib.SMTPException as exc:
        raise SendError(f"{where} failed: {_printable(str(exc))}") from None
    except ssl.SSLError as exc:
        raise SendError(f"{where}: secure connection failed ({exc.reason}); check --smtp-security "
                        "(LACNEWS_SMTP_SECURITY): tls for a server that encrypts from the start, starttls for one "
                        "that upgrades") from None
    except socket.gaierror:
        raise SendError(f"cannot reach {where}: no such host") from None
    except (ConnectionError, TimeoutError, OSError) as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise SendError(f"cannot reach {where}: {reason}") from None


def describe(message: EmailMessage, settings: SmtpSettings | None) -> str:
    """Return what would be sent, for --dry-run."""
    parts = [part.get_content_type() for part in message.iter_parts()]
    lines = [f"From: {message['From']}", f"To: {message['To']}", f"Subject: {message['Subject']}",
             f"Parts: {', then '.join(parts)}; message size {len(message.as_bytes()) / 1024:.1f} KB",
             f"Server: {settings}" if settings else "Server: not set (--smtp-host or LACNEWS_SMTP_HOST)"]
    return "\n".join(lines)


def write_emls(proofs: Proofs, path: Path) -> list[Path]:
    """Write each proof as an .eml file (atomically): the one at ``path``, or one per language beside it
    (proof.cy.eml, proof.en.eml); each a regular file in a folder that exists, never through a link or over a
    device, a pipe or a socket."""
    written = []
    for language, message in proofs.messages.items():
        named = path.with_name(f"{path.stem}.{language}{path.suffix}") if language else path
        written.append(write_named_file(named, message.as_string()))
    return written
