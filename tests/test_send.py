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
from hostile_servers import HostileServer


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
    """The repository's project, whose newsletter.yaml shows a complete sender block: proofs come from it."""
    assert "  email: cat@lacnetwork.org\n" in (lac.root / "newsletter.yaml").read_text(encoding="utf-8")
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
    assert "You are receiving this email at alex.taylor@example.org" in text
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
    assert f"the SMTP server 127.0.0.1:{port} refused the login for 'cat': check the user name (--smtp-user " \
           "or LACNEWS_SMTP_USER) and the password (LACNEWS_SMTP_PASSWORD)" in result.err
    assert "s3cret-pw" not in result.output


def test_unreachable_server_missing_settings_and_bad_address(sending):
    port = free_port()
    unreachable = sending.run("send", "may-2020", "--to", "editor@example.org", env=smtp_env(port))
    assert unreachable.code == 1 and f"cannot reach the SMTP server 127.0.0.1:{port}" in unreachable.err
    env = {key: "" for key in os.environ if key.startswith("LACNEWS_SMTP_")}
    unset = sending.run("send", "may-2020", "--to", "editor@example.org", env={**env, "LACNEWS_SMTP_HOST": ""})
    assert unset.code == 1 and "no SMTP server: give --smtp-host (or set LACNEWS_SMTP_HOST)" in unset.err
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


def test_a_subject_written_as_markup_is_text_in_the_proof(sending, tmp_path):
    issue = sending.root / "issues" / "may-2020.yaml"
    text = issue.read_text(encoding="utf-8")
    text = text.replace("subject: Local Area Coordination Network update – May 2020",
                        "subject: '<img src=x onerror=alert(1)> & news'", 1)
    text = text.replace("title: Useful blogs", "title: Useful blogs on *|MC:SUBJECT|*", 1)
    issue.write_text(text, encoding="utf-8")
    eml = tmp_path / "proof.eml"
    written = sending.run("send", "may-2020", "--to", "editor@example.org", "--eml", str(eml))
    assert written.code == 0, written.err
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    html = message.get_body(("html",)).get_content()
    assert "<img src=x" not in html
    assert "Useful blogs on &lt;img src=x onerror=alert(1)&gt; &amp; news" in html
    assert message["Subject"] == "[Proof] <img src=x onerror=alert(1)> & news"  # a header is not HTML


def test_send_needs_a_from_address(lac):
    config = lac.root / "newsletter.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("\n  email: cat@lacnetwork.org\n", "\n"),
                      encoding="utf-8")
    result = lac.run("send", "may-2020", "--to", "editor@example.org", "--dry-run")
    assert result.code == 1 and "add sender.email to newsletter.yaml" in result.err


# --- What goes into a header, the login, the port and STARTTLS: refused clearly, or done properly ---

class Recorder:
    """An aiosmtpd handler that keeps every session and message it is given."""

    def __init__(self):
        self.sessions = 0
        self.messages: list = []  # (envelope recipients, message bytes)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 OK"


class Credentials:
    """An aiosmtpd authenticator that lets in exactly one login, compared byte for byte as UTF-8."""

    def __init__(self, user: str, password: str):
        self.expected = (user.encode("utf-8"), password.encode("utf-8"))
        self.given: list = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult

        self.given.append((mechanism, auth_data.login, auth_data.password))
        return AuthResult(success=(auth_data.login, auth_data.password) == self.expected, handled=False)


def start_sink(**options):
    from aiosmtpd.controller import Controller

    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    return controller, recorder


@pytest.fixture
def sink():
    controller, recorder = start_sink()
    yield controller.port, recorder
    controller.stop()


INJECTION = "\r\nBcc: victim@example.org"


def test_an_injected_subject_is_refused_and_nothing_arrives(sending, sink):
    port, recorder = sink
    issue = sending.root / "issues" / "may-2020.yaml"
    original = issue.read_text()
    subject_line = next(line for line in original.splitlines() if line.startswith("subject:"))
    issue.write_text(original.replace(subject_line, 'subject: "Proof test\\r\\nBcc: victim@example.org"'))
    refused = sending.run("send", "may-2020", "--to", "editor@example.org", env=smtp_env(port))
    assert refused.code == 1 and "Traceback" not in refused.err and "internal error" not in refused.err
    line = original.splitlines().index(subject_line) + 1
    assert (f"issues/may-2020.yaml:{line}:10: the subject contains a line break, which would let it add "
            "e-mail headers; remove it") in refused.err
    assert recorder.sessions == 0 and recorder.messages == []  # refused before connecting
    eml = sending.run("send", "may-2020", "--to", "editor@example.org", "--eml", str(sending.root / "proof.eml"))
    assert eml.code == 1 and "the subject contains a line break" in eml.err
    assert not (sending.root / "proof.eml").exists()  # nothing half-written
    # once the subject is one line again, the proof arrives with exactly one Subject and no Bcc
    issue.write_text(original.replace(subject_line, 'subject: "Proof test Bcc: victim@example.org"'))
    sent = sending.run("send", "may-2020", "--to", "editor@example.org", env=smtp_env(port))
    assert sent.code == 0, sent.err
    ((recipients, raw),) = recorder.messages
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert recipients == ["editor@example.org"]
    assert message.get_all("Subject") == ["[Proof] Proof test Bcc: victim@example.org"]
    assert message.get_all("Bcc") is None


def test_a_line_break_in_any_header_is_refused_before_connecting(sending, sink):
    port, recorder = sink
    to = sending.run("send", "may-2020", "--to", "editor@example.org" + INJECTION, env=smtp_env(port))
    assert ("the address --to 'editor@example.org\\r\\nBcc: victim@example.org' contains a line break, which "
            "would let it add e-mail headers; remove it") in to.err
    sender = sending.run("send", "may-2020", "--to", "editor@example.org",
                         env=smtp_env(port, LACNEWS_SMTP_FROM="cat@lacnetwork.org\nBcc: victim@example.org"))
    assert ("the address to send from (--from or LACNEWS_SMTP_FROM, 'cat@lacnetwork.org\\nBcc: victim@example.org') "
            "contains a line break") in sender.err
    config = sending.root / "newsletter.yaml"
    config.write_text(config.read_text().replace("  name: Local Area Coordination Network\n",
                                                 '  name: "Local Area Coordination\\nBcc: victim@example.org"\n'))
    name = sending.run("send", "may-2020", "--to", "editor@example.org", env=smtp_env(port))
    assert ("newsletter.yaml:12:9: the sender's name (sender.name) contains a line break, which would let it add "
            "e-mail headers; remove it") in name.err
    config.write_text(config.read_text().replace('\\nBcc: victim@example.org"', '\\tTab"'))
    tab = sending.run("send", "may-2020", "--to", "editor@example.org", env=smtp_env(port))
    assert "the sender's name (sender.name) contains a control character (U+0009)" in tab.err
    for result in (to, sender, name, tab):
        assert result.code == 1 and "Traceback" not in result.err and "internal error" not in result.err
    assert recorder.sessions == 0 and recorder.messages == []


def test_a_malformed_from_address_is_refused(sending, sink):
    port, recorder = sink
    result = sending.run("send", "may-2020", "--to", "editor@example.org",
                         env=smtp_env(port, LACNEWS_SMTP_FROM="cat at lacnetwork.org"))
    assert result.code == 1 and "Traceback" not in result.err
    assert ("the address to send from (--from or LACNEWS_SMTP_FROM), 'cat at lacnetwork.org', is not an email address "
            "(name@example.org)") in result.err
    assert recorder.sessions == 0


@pytest.mark.parametrize("port", ["65561", "0", "-1", "25x", "99999999999999999999", "٣", "²"])
def test_a_port_out_of_range_is_refused(sending, sink, port):
    _, recorder = sink
    result = sending.run("send", "may-2020", "--to", "editor@example.org", env=smtp_env(port))
    assert result.code == 1 and "Traceback" not in result.err and "internal error" not in result.err
    assert (f"--smtp-port {port!r} (LACNEWS_SMTP_PORT) is not a port number: give one from 1 to 65535, or leave "
            "it out for 25, the usual port for none") in result.err
    assert recorder.sessions == 0


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN"])
def test_a_login_beyond_ascii_goes_as_utf8(sending, mechanism):
    credentials = Credentials("brân", "pässwörd")
    controller, recorder = start_sink(authenticator=credentials, auth_require_tls=False,
                                      auth_exclude_mechanism=[m for m in ("PLAIN", "LOGIN") if m != mechanism])
    try:
        good = sending.run("send", "may-2020", "--to", "editor@example.org",
                           env=smtp_env(controller.port, LACNEWS_SMTP_USER="brân", LACNEWS_SMTP_PASSWORD="pässwörd"))
        bad = sending.run("send", "may-2020", "--to", "editor@example.org",
                          env=smtp_env(controller.port, LACNEWS_SMTP_USER="brân", LACNEWS_SMTP_PASSWORD="pässwort"))
    finally:
        controller.stop()
    assert good.code == 0, good.err
    assert f"through 127.0.0.1:{controller.port} (none) as brân" in good.out
    assert credentials.given[0] == (mechanism, "brân".encode("utf-8"), "pässwörd".encode("utf-8"))
    assert len(recorder.messages) == 1  # only the proof sent with the right password
    assert bad.code == 1 and "Traceback" not in bad.err
    assert f"the SMTP server 127.0.0.1:{controller.port} refused the login for 'brân'" in bad.err
    assert "pässwort" not in bad.output and "pässwörd" not in good.output


def test_a_server_without_starttls_is_said_so(sending, sink):
    port, recorder = sink
    result = sending.run("send", "may-2020", "--to", "editor@example.org",
                         env=smtp_env(port, LACNEWS_SMTP_SECURITY="starttls"))
    assert result.code == 1 and "Traceback" not in result.err
    assert (f"the SMTP server 127.0.0.1:{port} does not offer STARTTLS, so the login and the proof would cross "
            "the network unencrypted, and nothing was sent. For a relay on this machine give --smtp-security none "
            "(LACNEWS_SMTP_SECURITY=none); for a server that encrypts from the start (usually port 465) give "
            "--smtp-security tls (LACNEWS_SMTP_SECURITY=tls)") in result.err
    assert recorder.messages == []


def test_the_server_can_be_given_on_the_command_line(sending, sink):
    port, recorder = sink
    cleared = {key: "" for key in os.environ if key.startswith("LACNEWS_SMTP_")}
    result = sending.run("send", "may-2020", "--to", "editor@example.org", "--smtp-host", "127.0.0.1",
                         "--smtp-port", str(port), "--smtp-security", "none", "--from", "proofs@lacnetwork.org",
                         env=cleared)
    assert result.code == 0, result.output
    assert f"through 127.0.0.1:{port} (none)" in result.out
    assert len(recorder.messages) == 1
    recipients, content = recorder.messages[0]
    assert recipients == ["editor@example.org"] and b"From: Local Area Coordination Network <proofs@lacnetwork.org>" \
        in content


def test_a_server_answering_a_byte_at_a_time_is_given_up_on(tmp_path):
    """Every byte comes within the per-read timeout; the whole conversation still ends in time."""
    from email.message import EmailMessage

    from lacnews.commands.send import SendError, SmtpSettings, deliver

    server = HostileServer(greeting=b"220 " + b"slow " * 100 + b"\r\n", pace=0.2)
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = "Proof", "cat@lacnetwork.org", "editor@example.org"
    message.set_content("Hello")
    started = time.monotonic()
    try:
        with pytest.raises(SendError) as refused:
            deliver(message, SmtpSettings("127.0.0.1", server.port, "none", None), timeout=1, total=1)
    finally:
        server.stop()
    assert time.monotonic() - started < 2
    assert (f"the SMTP server 127.0.0.1:{server.port} did not finish within 1 s, so lacnews stopped waiting; the "
            "proof may or may not have been sent") in str(refused.value)


# The steps of `lacnews send` as plain functions: the CLI prints what they return.

def test_the_dry_run_says_what_would_be_sent_and_what_is_wrong_with_the_settings(sending):
    from lacnews.base.project import Project
    from lacnews.commands.send import make_proofs, what_would_be_sent

    proofs = make_proofs(Project(sending.root), "may-2020", ["editor@example.org"], None)
    described, problem = what_would_be_sent(proofs, "127.0.0.1", "2525", "none", "cat")
    assert "Server: 127.0.0.1:2525 (none) as cat" in described and described.endswith("dry run: nothing was sent")
    assert problem is None
    described, problem = what_would_be_sent(proofs, "127.0.0.1", "99999", "none", None)
    assert "Server: not set" in described and "is not a port number" in problem
    assert what_would_be_sent(proofs, None, None, None, None)[1] is None  # no server given: nothing to complain of yet


def test_the_password_comes_from_the_environment_or_is_asked_for_once(monkeypatch):
    from lacnews.commands.send import settings_for_sending

    asked = []

    def ask(question: str) -> str:
        asked.append(question)
        return "typed-pw"

    monkeypatch.setenv("LACNEWS_SMTP_PASSWORD", "env-pw")
    assert settings_for_sending("smtp.example.org", None, None, "cat", ask).password == "env-pw" and asked == []
    monkeypatch.delenv("LACNEWS_SMTP_PASSWORD")
    settings = settings_for_sending("smtp.example.org", None, None, "cat", ask)
    assert settings.password == "typed-pw" and asked == ["Password for cat at smtp.example.org"]
    assert "typed-pw" not in str(settings)
    assert settings_for_sending("smtp.example.org", None, None, "cat", None).password is None  # not at a terminal
    assert settings_for_sending("smtp.example.org", None, None, None, ask).password is None and len(asked) == 1
