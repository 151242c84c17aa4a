"""lacnews send: a proof delivered to a real SMTP server (aiosmtpd on 127.0.0.1), --eml, --dry-run, and its errors."""

from __future__ import annotations

import email
import email.policy
import os
import socket
import subprocess
import sys
import time

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(tmp_path):
    """A real SMTP server (aiosmtpd) on 127.0.0.1, delivering into a Maildir."""
    port = free_port()
    maildir = tmp_path / "maildir"
    server = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                               "-c", "aiosmtpd.handlers.Mailbox", str(maildir)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.05)
    yield port, maildir
    server.terminate()
    server.wait(timeout=10)


def smtp_env(port: int, **extra) -> dict:
    return {"LACNEWS_SMTP_HOST": "127.0.0.1", "LACNEWS_SMTP_PORT": str(port), "LACNEWS_SMTP_SECURITY": "none",
            **extra}


@pytest.fixture
def sending(lac):
    config = lac.root / "newsletter.yaml"
    config.write_text(config.read_text().replace("  organisation: Community Catalysts CIC\n",
                                                 "  organisation: Community Catalysts CIC\n"
                                                 "  email: cat@lacnetwork.org\n"))
    return lac


def test_send_delivers_a_proof_to_a_real_smtp_server(sending, smtp_server):
    port, maildir = smtp_server
    result = sending.run("send", "may-2020", "--to", "editor@example.org", "--to", "second@example.org",
                         env=smtp_env(port))
    assert result.code == 0, result.err
    assert "sent '[Proof] Local Area Coordination Network update – May 2020' to editor@example.org" in result.out
    (received,) = list((maildir / "new").iterdir())
    message = email.message_from_bytes(received.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "[Proof] Local Area Coordination Network update – May 2020"
    assert message["From"] == "Local Area Coordination Network <cat@lacnetwork.org>"
    assert message["To"] == "editor@example.org, second@example.org"
    assert message["X-RcptTo"] == "editor@example.org, second@example.org"
    assert message.get_content_type() == "multipart/alternative"
    text_part, html_part = message.iter_parts()
    assert text_part.get_content_type() == "text/plain" and html_part.get_content_type() == "text/html"
    text, html = text_part.get_content(), html_part.get_content()
    assert "*|" not in text and "*|" not in html  # merge tags filled as subscribers will see them
    assert "This email was sent to alex.taylor@example.org" in text
    assert 'href="#"' in html and "alex.taylor@example.org" in html
    assert "Jennie Cox, Senior Coordinator at City of York Council" in text and "Kirklees" in html


def test_a_refused_login_is_a_clear_error(sending):
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    class Refuse:
        def __call__(self, server, session, envelope, mechanism, auth_data):
            return AuthResult(success=False, handled=False)

    class Sink:
        async def handle_DATA(self, server, session, envelope):
            return "250 OK"

    port = free_port()
    controller = Controller(Sink(), hostname="127.0.0.1", port=port, authenticator=Refuse(),
                            auth_require_tls=False)
    controller.start()
    try:
        result = sending.run("send", "may-2020", "--to", "editor@example.org",
                             env=smtp_env(port, LACNEWS_SMTP_USER="cat", LACNEWS_SMTP_PASSWORD="s3cret-pw"))
    finally:
        controller.stop()
    assert result.code == 1 and "Traceback" not in result.err
    assert f"the SMTP server 127.0.0.1:{port} refused the login for 'cat': check LACNEWS_SMTP_USER and " \
           "LACNEWS_SMTP_PASSWORD" in result.err
    assert "s3cret-pw" not in result.output


def test_unreachable_server_missing_settings_and_bad_address(sending):
    port = free_port()
    unreachable = sending.run("send", "may-2020", "--to", "editor@example.org", env=smtp_env(port))
    assert unreachable.code == 1 and f"cannot reach the SMTP server 127.0.0.1:{port}" in unreachable.err
    env = {key: "" for key in os.environ if key.startswith("LACNEWS_SMTP_")}
    unset = sending.run("send", "may-2020", "--to", "editor@example.org", env={**env, "LACNEWS_SMTP_HOST": ""})
    assert unset.code == 1 and "no SMTP server: set LACNEWS_SMTP_HOST" in unset.err
    bad = sending.run("send", "may-2020", "--to", "not-an-address", env=smtp_env(port))
    assert bad.code == 1 and "--to 'not-an-address' is not an email address" in bad.err
    assert "Traceback" not in unreachable.err + unset.err + bad.err


def test_eml_and_dry_run(sending, tmp_path):
    eml = tmp_path / "proof.eml"
    written = sending.run("send", "may-2020", "--to", "editor@example.org", "--eml", str(eml))
    assert written.code == 0, written.err
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["Subject"].startswith("[Proof] ") and message.is_multipart()
    dry = sending.run("send", "may-2020", "--to", "editor@example.org", "--dry-run",
                      env=smtp_env(2525, LACNEWS_SMTP_USER="cat", LACNEWS_SMTP_PASSWORD="s3cret-pw"))
    assert dry.code == 0
    assert "To: editor@example.org" in dry.out and "Parts: text/plain, then text/html" in dry.out
    assert "Server: 127.0.0.1:2525 (none) as cat" in dry.out and "dry run: nothing was sent" in dry.out
    assert "s3cret-pw" not in dry.output


def test_send_needs_a_from_address(lac):
    result = lac.run("send", "may-2020", "--to", "editor@example.org", "--dry-run")
    assert result.code == 1 and "add sender.email to newsletter.yaml" in result.err
