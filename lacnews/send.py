"""`lacnews send`: a proof of an issue in your own inbox before it goes to Mailchimp.

The proof itself is an output (``lacnews.outputs.proof``); this module finds
who it is from and to, and delivers it. The SMTP server and its login come from
LACNEWS_SMTP_* environment variables, never from newsletter.yaml, and the
password is never printed.
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from lacnews.addresses import is_email_address
from lacnews.compose import compose
from lacnews.errors import LacnewsError
from lacnews.outputs.proof import proof_message
from lacnews.project import Project
from lacnews.write import write_files

SECURITY = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
ENVIRONMENT_HELP = ("LACNEWS_SMTP_HOST (required), LACNEWS_SMTP_PORT, LACNEWS_SMTP_USER, LACNEWS_SMTP_PASSWORD, "
                    "LACNEWS_SMTP_SECURITY (starttls, tls or none; default starttls) and LACNEWS_SMTP_FROM")


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


def smtp_settings(environ=os.environ) -> SmtpSettings:
    """Return the SMTP settings from the LACNEWS_SMTP_* environment variables."""
    host = environ.get("LACNEWS_SMTP_HOST", "").strip()
    if not host:
        raise SendError(f"no SMTP server: set LACNEWS_SMTP_HOST (the settings are {ENVIRONMENT_HELP})")
    security = environ.get("LACNEWS_SMTP_SECURITY", "starttls").strip().lower()
    if security not in SECURITY:
        raise SendError(f"LACNEWS_SMTP_SECURITY={security!r}: use starttls, tls or none")
    port_text = environ.get("LACNEWS_SMTP_PORT", "").strip()
    if port_text and not port_text.isdigit():
        raise SendError(f"LACNEWS_SMTP_PORT={port_text!r} is not a port number")
    return SmtpSettings(host, int(port_text) if port_text else DEFAULT_PORTS[security], security,
                        environ.get("LACNEWS_SMTP_USER") or None, environ.get("LACNEWS_SMTP_PASSWORD") or None)


def make_proof(project: Project, name: str, recipients: list[str], sender_address: str | None) -> EmailMessage:
    """Return the proof of an issue, addressed to ``recipients``."""
    for recipient in recipients:
        if not is_email_address(recipient):
            raise SendError(f"--to {recipient!r} is not an email address (name@example.org)")
    composed = compose(project, name)
    from_address = sender_address or composed.loaded.newsletter.sender.email
    if not from_address:
        raise SendError("no address to send from: add sender.email to newsletter.yaml "
                        "(or set LACNEWS_SMTP_FROM)")
    if not is_email_address(from_address):
        raise SendError(f"the address to send from, {from_address!r}, is not an email address")
    return proof_message(composed, recipients, from_address)


def deliver(message: EmailMessage, settings: SmtpSettings, timeout: float = 30) -> None:
    """Send ``message`` through the SMTP server; turn every failure into a clear SendError."""
    where = f"the SMTP server {settings.host}:{settings.port}"
    try:
        if settings.security == "tls":
            client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=timeout,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
        with client:
            if settings.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if settings.user:
                client.login(settings.user, settings.password or "")
            client.send_message(message)
    except smtplib.SMTPAuthenticationError:
        raise SendError(f"{where} refused the login for {settings.user!r}: check LACNEWS_SMTP_USER and "
                        "LACNEWS_SMTP_PASSWORD") from None
    except smtplib.SMTPNotSupportedError as exc:
        raise SendError(f"{where} does not support {exc}; try LACNEWS_SMTP_SECURITY=tls or none") from None
    except smtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(exc.recipients)
        raise SendError(f"{where} refused the address {refused}") from None
    except smtplib.SMTPSenderRefused as exc:
        raise SendError(f"{where} refused the sender {exc.sender}: {exc.smtp_error.decode(errors='replace')}") \
            from None
    except smtplib.SMTPException as exc:
        raise SendError(f"{where} failed: {exc}") from None
    except ssl.SSLError as exc:
        raise SendError(f"{where}: secure connection failed ({exc.reason}); check LACNEWS_SMTP_SECURITY") \
            from None
    except socket.gaierror:
        raise SendError(f"cannot reach {where}: no such host") from None
    except (ConnectionError, TimeoutError, OSError) as exc:
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise SendError(f"cannot reach {where}: {reason}") from None


def describe(message: EmailMessage, settings: SmtpSettings | None) -> str:
    """Return what would be sent, for --dry-run."""
    parts = [part.get_content_type() for part in message.iter_parts()]
    lines = [f"From: {message['From']}", f"To: {message['To']}", f"Subject: {message['Subject']}",
             f"Parts: {', then '.join(parts)} ({len(message.as_bytes()) / 1024:.1f} KB)",
             f"Server: {settings}" if settings else "Server: not set (LACNEWS_SMTP_HOST)"]
    return "\n".join(lines)


def write_eml(message: EmailMessage, path: Path) -> Path:
    """Write the message as an .eml file (atomically)."""
    path = path.resolve()
    return write_files(path.parent, {path.name: message.as_string()})[0]
