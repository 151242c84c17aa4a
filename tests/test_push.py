"""lacnews push against a fake Mailchimp on 127.0.0.1 (tests/fake_mailchimp.py): the draft as built, made once
and updated after, pictures hosted once per content, nothing sent, the key never shown, and every fault ending
in one sentence within the deadline."""

from __future__ import annotations

import ast
import base64
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import fake_mailchimp
import pytest
from click.testing import CliRunner
from conftest import REPO, copy_repo_project, lacnews_env
from fake_mailchimp import AUDIENCE, KEY, FakeMailchimp
from hypothesis import given, settings
from hypothesis import strategies as st
from picture_files import write_logo, write_photo

NEWSLETTER_NAME = "Local Area Coordination in England and Wales"
KEY_FORMS = (KEY, KEY.split("-")[0], base64.b64encode(f"lacnews:{KEY}".encode()).decode(),
             base64.b64encode(KEY.encode()).decode())


@pytest.fixture
def cli():
    from lacnews.cli import cli as group

    return group


@pytest.fixture
def fake():
    server = FakeMailchimp()
    yield server
    server.stop()


def mailchimp_project(root: Path, issues=("june-2020",), extra: str = "") -> Path:
    """A copy of the repository's project whose pictures Mailchimp hosts: no images_url, a logo, mailchimp:."""
    project = copy_repo_project(root, issues).root
    write_logo(project / "images" / "network-logo.png")
    text = (project / "newsletter.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^# Where the pictures of an issue.*", "", text)
    text = text.replace('theme:\n  accent: "#1d5c7a"\n',
                        'theme:\n  accent: "#1d5c7a"\n'
                        '  logo: {src: images/network-logo.png, alt: Local Area Coordination Network}\n'
                        f"mailchimp:\n  audience: {AUDIENCE}\n{extra}")
    (project / "newsletter.yaml").write_text(text, encoding="utf-8")
    return project


@pytest.fixture
def news(tmp_path) -> Path:
    return mailchimp_project(tmp_path / "news")


def push(cli, project: Path, fake: FakeMailchimp, *args: str, env: dict | None = None):
    """Run `lacnews push` as a user does (with the key in the environment); return click's result."""
    environment = {"LACNEWS_MAILCHIMP_KEY": KEY, "LACNEWS_MAILCHIMP_URL": fake.url, **(env or {})}
    return CliRunner().invoke(cli, ["push", *args, "--root", str(project)], env=environment)


def since(fake: FakeMailchimp, start: int) -> list[str]:
    return [str(request) for request in fake.requests[start:]]


def built_with_images_url(tmp_path: Path, project: Path, slug: str, folder: str = "") -> tuple[str, str, str]:
    """Build ``slug`` in a copy of ``project`` whose pictures are served from an images_url; return its email.html,
    email.txt and that address."""
    copy = tmp_path / "with-images-url"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("build", "mailchimp.json"))
    address = "https://pictures.example.org/news/"
    text = (copy / "newsletter.yaml").read_text(encoding="utf-8")
    (copy / "newsletter.yaml").write_text(re.sub(r"(?m)^mailchimp:\n  audience: \w+\n", "", text)
                                          + f"images_url: {address}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "lacnews", "build", slug], cwd=copy, capture_output=True,
                            text=True, env=lacnews_env())
    assert result.returncode == 0, result.stdout + result.stderr
    out = copy / "build" / slug / folder
    return (out / "email.html").read_text(encoding="utf-8"), (out / "email.txt").read_text(encoding="utf-8"), address


# A first push, and the next ones

def test_a_first_push_makes_one_draft_holding_the_email_as_built(cli, fake, news, tmp_path):
    result = push(cli, news, fake, "june-2020", "--test", "me@example.org")
    assert result.exit_code == 0, result.output
    made = fake.calls("POST", "/campaigns")
    assert len(made) == 1 and len(fake.campaigns) == 1
    campaign = next(iter(fake.campaigns.values()))
    body = made[0].json
    assert body["type"] == "regular" and body["recipients"] == {"list_id": AUDIENCE}
    assert body["settings"] == {
        "subject_line": "Local Area Coordination Network update – June 2020",
        "preview_text": "Volunteers' Week, coffee mornings online for now, and working alongside community hubs",
        "title": f"{NEWSLETTER_NAME} – june-2020", "from_name": "Local Area Coordination Network",
        "reply_to": "cat@lacnetwork.org", "auto_footer": False, "inline_css": False}
    assert campaign["status"] == "save"

    # the pictures: four (three of the issue and the logo), each uploaded once, named by content, in one folder
    uploads = [request.json for request in fake.calls("POST", "/file-manager/files")]
    assert sorted(upload["name"][:-17] for upload in uploads) == ["badge", "coffee-morning", "network-logo",
                                                                   "partner-logo"]
    assert [folder["name"] for folder in fake.folders] == [NEWSLETTER_NAME]
    assert {upload["folder_id"] for upload in uploads} == {fake.folders[0]["id"]}
    prepared = news / "build" / "june-2020" / "images"
    for upload in uploads:
        assert base64.b64decode(upload["file_data"]) == (prepared / upload["name"]).read_bytes()

    # the content: what build writes but the pictures' addresses, and the text as built, merge tags and all
    content = fake.calls("PUT", r"/campaigns/\w+/content")[0]
    assert b"%7C" not in content.body and b"*|UNSUB|*" in content.body
    html, text, images_url = built_with_images_url(tmp_path, news, "june-2020")
    pushed = content.json
    assert pushed["plain_text"] == text
    hosted = {file["full_size_url"]: file["name"] for file in fake.files}
    assert re.sub(r'src="(https://mcusercontent\.com/[^"]+)"', lambda m: f'src="{images_url}{hosted[m.group(1)]}"',
                  pushed["html"]) == html
    assert pushed["html"].count("https://mcusercontent.com/") == 4
    # build/june-2020/ is the email as pushed, for an editor who pastes
    assert (news / "build" / "june-2020" / "email.html").read_text(encoding="utf-8") == pushed["html"]
    assert (news / "build" / "june-2020" / "email.txt").read_text(encoding="utf-8") == text

    # one test email, and no other action
    assert fake.tests == {campaign["id"]: [["me@example.org"]]}
    actions = [request.path for request in fake.requests if "/actions/" in request.path]
    assert actions == [f"/campaigns/{campaign['id']}/actions/test"]
    assert fake.calls("POST", r"/campaigns/\w+/actions/test")[0].json == {"test_emails": ["me@example.org"],
                                                                       "send_type": "html"}
    assert f"made the draft “{NEWSLETTER_NAME} – june-2020” (campaign {campaign['id']})" in result.output
    assert "Mailchimp sent its test email to me@example.org" in result.output
    assert f"https://us6.admin.mailchimp.com/campaigns/edit?id={campaign['web_id']}" in result.output
    record = json.loads((news / "mailchimp.json").read_text(encoding="utf-8"))
    assert record["campaigns"] == {"june-2020": campaign["id"]} and len(record["pictures"]) == 4
    assert fake.peak <= 3  # requests at once


def test_a_second_push_updates_the_same_draft_and_a_changed_picture_is_one_upload(cli, fake, news):
    assert push(cli, news, fake, "june-2020").exit_code == 0
    campaign_id = next(iter(fake.campaigns))
    start = len(fake.requests)
    second = push(cli, news, fake, "june-2020")
    assert second.exit_code == 0, second.output
    assert since(fake, start) == [f"GET /campaigns/{campaign_id}", f"PATCH /campaigns/{campaign_id}",
                                  f"PUT /campaigns/{campaign_id}/content",
                                  f"GET /campaigns/{campaign_id}/send-checklist"]
    assert "4 pictures already in Mailchimp: not uploaded again" in second.output
    assert f"updated the draft “{NEWSLETTER_NAME} – june-2020” (campaign {campaign_id})" in second.output

    write_photo(news / "images" / "coffee-morning.jpg", seed=7)
    start = len(fake.requests)
    third = push(cli, news, fake, "june-2020")
    assert third.exit_code == 0, third.output
    uploads = fake.calls("POST", "/file-manager/files")[4:]
    assert [upload.json["name"][:14] for upload in uploads] == ["coffee-morning"]
    assert not any(request.startswith("POST /campaigns") for request in since(fake, start))
    html = fake.contents[campaign_id]["html"]
    coffee = [file["full_size_url"] for file in fake.files if file["name"].startswith("coffee-morning")]
    assert coffee[1] in html and coffee[0] not in html


def test_a_lost_record_is_found_again_by_title_and_by_picture_names(cli, fake, news):
    assert push(cli, news, fake, "june-2020").exit_code == 0
    record = json.loads((news / "mailchimp.json").read_text(encoding="utf-8"))
    (news / "mailchimp.json").unlink()
    start = len(fake.requests)
    result = push(cli, news, fake, "june-2020")
    assert result.exit_code == 0, result.output
    assert not [request for request in since(fake, start) if request.startswith("POST")]
    assert len(fake.campaigns) == 1 and len(fake.files) == 4
    found = json.loads((news / "mailchimp.json").read_text(encoding="utf-8"))
    assert (found["campaigns"], found["pictures"]) == (record["campaigns"], record["pictures"])


def test_lists_are_read_a_page_at_a_time_and_no_further_than_needed(fake, monkeypatch):
    import lacnews.outputs.mailchimp.client as client_module
    from lacnews.outputs.mailchimp.client import ApiKey, Client, endpoint
    from lacnews.outputs.mailchimp.files import with_names

    monkeypatch.setattr(client_module, "PAGE", 2)
    fake.files = [{"id": number, "type": "image", "name": f"picture-{number}.png", "folder_id": 0,
                   "full_size_url": f"https://mcusercontent.com/5f1e3d/images/{number}.png"} for number in range(5)]
    key = ApiKey(KEY)
    with Client(key, endpoint(key, fake.url), 5) as client:
        assert set(with_names(client, {"picture-3.png", "picture-2.png"})) == {"picture-3.png", "picture-2.png"}
        assert [request.query["offset"] for request in fake.requests] == ["0", "2"]  # newest first: found by then
        fake.requests.clear()
        assert with_names(client, {"picture-9.png"}) == {}
        assert [request.query["offset"] for request in fake.requests] == ["0", "2", "4"]  # to the end, not past it


def test_a_record_that_cannot_be_read_is_refused_before_any_request_and_kept(cli, fake, news):
    (news / "mailchimp.json").write_text('{"campaigns": {"june-2020": "abc",}}\n', encoding="utf-8")
    result = push(cli, news, fake, "june-2020")
    assert result.exit_code == 1
    assert "mailchimp.json:1:35: is not valid JSON" in result.output and "Traceback" not in result.output
    assert fake.requests == []
    assert (news / "mailchimp.json").read_text(encoding="utf-8") == '{"campaigns": {"june-2020": "abc",}}\n'


def test_bilingual_separate_makes_one_draft_per_language_and_welsh_round_trips(cli, fake, tmp_path):
    project = mailchimp_project(tmp_path / "cymru", ("cymru-mehefin-2020",))
    issue = project / "issues" / "cymru-mehefin-2020.yaml"
    issue.write_text(issue.read_text(encoding="utf-8").replace("languages: [cy, en]\n",
                                                               "languages: [cy, en]\nbilingual: separate\n"),
                     encoding="utf-8")
    result = push(cli, project, fake, "cymru-mehefin-2020")
    assert result.exit_code == 0, result.output
    made = {request.json["settings"]["title"]: request.json["settings"] for request in fake.calls("POST", "/campaigns")}
    cy = made["Cydlynu Ardal Leol yng Nghymru a Lloegr – cymru-mehefin-2020 (cy)"]
    en = made[f"{NEWSLETTER_NAME} – cymru-mehefin-2020 (en)"]
    assert (cy["subject_line"], cy["preview_text"]) == ("Diweddariad Rhwydwaith Cydlynu Ardal Leol – Mehefin 2020",
                                                        "Wythnos Gwirfoddolwyr, a boreau coffi ar y we")
    assert (en["subject_line"], en["preview_text"]) == ("Local Area Coordination Network update – June 2020",
                                                        "Volunteers’ Week, and coffee mornings on the web")
    record = json.loads((project / "mailchimp.json").read_text(encoding="utf-8"))["campaigns"]
    assert set(record) == {"cymru-mehefin-2020/cy", "cymru-mehefin-2020/en"}
    for language in ("cy", "en"):
        content = fake.contents[record[f"cymru-mehefin-2020/{language}"]]
        folder = project / "build" / "cymru-mehefin-2020" / language
        assert content["html"] == (folder / "email.html").read_text(encoding="utf-8")
        assert content["plain_text"] == (folder / "email.txt").read_text(encoding="utf-8")
    welsh = fake.contents[record["cymru-mehefin-2020/cy"]]
    assert "Croeso i ddiweddariad mis Mehefin, *|FNAME|*." in welsh["plain_text"]
    assert "Diolch i’n gwirfoddolwyr" in welsh["html"]
    raw = [request.body for request in fake.calls("PUT", r"/campaigns/\w+/content")]
    assert any("Diolch i’n gwirfoddolwyr".encode("utf-8") in body for body in raw)

    start = len(fake.requests)
    assert push(cli, project, fake, "cymru-mehefin-2020").exit_code == 0
    assert not [request for request in since(fake, start) if request.startswith("POST")]


def test_bilingual_together_is_one_draft(cli, fake, tmp_path):
    project = mailchimp_project(tmp_path / "cymru", ("cymru-mehefin-2020",))
    result = push(cli, project, fake, "cymru-mehefin-2020")
    assert result.exit_code == 0, result.output
    [made] = fake.calls("POST", "/campaigns")
    assert made.json["settings"]["subject_line"] == ("Diweddariad Rhwydwaith Cydlynu Ardal Leol – Mehefin 2020 / "
                                                     "Local Area Coordination Network update – June 2020")
    assert made.json["settings"]["preview_text"] == ("Wythnos Gwirfoddolwyr, a boreau coffi ar y we / "
                                                     "Volunteers’ Week, and coffee mornings on the web")


# Never sending, never changing what is no longer a draft

def test_a_campaign_sent_between_two_pushes_is_left_alone_and_new_starts_another(cli, fake, news):
    assert push(cli, news, fake, "june-2020").exit_code == 0
    campaign_id = next(iter(fake.campaigns))
    content = dict(fake.contents[campaign_id])
    fake.set_status(campaign_id, "sent")
    start = len(fake.requests)
    refused = push(cli, news, fake, "june-2020")
    assert refused.exit_code == 1
    assert (f"the campaign “{NEWSLETTER_NAME} – june-2020” ({campaign_id}) has been sent in Mailchimp, so lacnews "
            "leaves it as it is; to push june-2020 again as a new draft, run `lacnews push june-2020 --new`"
            in refused.output)
    assert since(fake, start) == [f"GET /campaigns/{campaign_id}"]
    assert fake.contents[campaign_id] == content

    again = push(cli, news, fake, "june-2020", "--new")
    assert again.exit_code == 0, again.output
    assert len(fake.campaigns) == 2 and fake.campaigns[campaign_id]["status"] == "sent"
    new_id = [identifier for identifier in fake.campaigns if identifier != campaign_id][0]
    assert json.loads((news / "mailchimp.json").read_text(encoding="utf-8"))["campaigns"] == {"june-2020": new_id}


@pytest.mark.parametrize("path", [
    "/campaigns/abc123/actions/send", "/campaigns/abc123/actions/schedule", "/campaigns/abc123/actions/replicate",
    "/campaigns/abc123/actions/test/../send", "/campaigns/abc123%2Factions%2Fsend", "/campaigns/abc123/actions/Send",
    "/campaigns/abc123/actions/test/", "/campaigns/abc123/actions/test\n", "/campaigns/../campaigns/x/actions/send",
    "/lists/a1b2c3d4e5/members", "/campaigns/abc123/content/../actions/send"])
def test_the_client_cannot_reach_any_action_but_test(fake, path):
    from lacnews.outputs.mailchimp.client import (
        ApiKey,
        Client,
        NotAllowed,
        endpoint,
        is_allowed,
    )

    key = ApiKey(KEY)
    with Client(key, endpoint(key, fake.url), 5) as client:
        for method in ("POST", "PUT", "PATCH", "GET", "DELETE"):
            with pytest.raises(NotAllowed):
                client.call(method, path, "testing")
        assert is_allowed("POST", "/campaigns/abc123/actions/test")
    assert fake.requests == []


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.just("abc123"), st.text(alphabet="ab12%/.\n", max_size=12)))
def test_the_only_action_allowed_is_the_test_email(campaign_id):
    from lacnews.outputs.mailchimp.client import is_allowed

    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        for action in ("send", "schedule", "replicate", "test", "unschedule", "pause", "resume", "cancel-send",
                       "Test", "test/..", "test/", "", "send?test"):
            expected = (method == "POST" and action == "test"
                        and re.fullmatch(r"[0-9A-Za-z]{1,40}", campaign_id) is not None)
            assert is_allowed(method, f"/campaigns/{campaign_id}/actions/{action}") == expected, (method, action)


def test_what_is_made_is_looked_for_before_it_is_asked_for_again_and_lists_are_paged_in_one_place():
    """A POST that makes something goes only through Client.create, which looks before it asks again; the test
    email, which cannot be looked for, is asked for once (campaigns.send_test). Lists are read a page at a time only
    by Client.each."""
    posts, pages = [], []
    for path in sorted((REPO / "lacnews").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "call"
                    and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value == "POST"):
                posts.append(path.name)
            if isinstance(node, ast.Constant) and node.value == "offset":
                pages.append(path.name)
    assert sorted(posts) == ["campaigns.py", "client.py"], posts
    assert pages == ["client.py"]


# The key

def test_the_key_is_never_shown_written_or_kept(cli, fake, news, user_cache):
    fake.fault("GET", "/file-manager/files", "echo_key")
    refused = push(cli, news, fake, "june-2020")
    assert refused.exit_code == 1
    assert "Mailchimp refused looking for pictures uploaded before with 401" in refused.output
    assert "check LACNEWS_MAILCHIMP_KEY" in refused.output and "[API key]" in refused.output
    good = push(cli, news, fake, "june-2020")
    assert good.exit_code == 0
    for form in KEY_FORMS:
        assert form not in refused.output + good.output
        for folder in (news, user_cache):
            for path in folder.rglob("*"):
                if path.is_file():
                    assert form.encode() not in path.read_bytes(), path
    # it went as Basic auth, with any user name, and nowhere else in the requests
    assert {request.headers["Authorization"] for request in fake.requests} == {f"Basic {KEY_FORMS[2]}"}
    for request in fake.requests:
        for form in KEY_FORMS:
            assert form.encode() not in request.body and form not in request.path + str(request.query)


def test_the_key_is_not_in_a_debug_traceback(fake, news):
    code = fake_mailchimp.subprocess_code(
        "import lacnews.outputs.mailchimp.campaigns as campaigns; "
        "campaigns.checklist = lambda client, campaign_id, title: 1 / 0; main()")
    result = subprocess.run([sys.executable, "-c", code, "--debug", "push", "june-2020"], cwd=news,
                            capture_output=True, text=True, timeout=60,
                            env=lacnews_env({"LACNEWS_MAILCHIMP_KEY": KEY, "LACNEWS_MAILCHIMP_URL": fake.url}))
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "ZeroDivisionError" in result.stderr
    for form in KEY_FORMS:
        assert form not in result.stdout + result.stderr


def test_without_a_key_the_message_names_the_variable(cli, fake, news):
    result = CliRunner().invoke(cli, ["push", "june-2020", "--root", str(news)],
                                env={"LACNEWS_MAILCHIMP_KEY": "", "LACNEWS_MAILCHIMP_URL": fake.url})
    assert result.exit_code == 1
    assert "no Mailchimp API key: set LACNEWS_MAILCHIMP_KEY" in result.output and fake.requests == []


def test_at_a_terminal_the_key_is_asked_for_and_not_echoed(fake, news):
    import fcntl
    import pty
    import select
    import termios

    def controlling_terminal():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    main_end, terminal = pty.openpty()
    code = fake_mailchimp.subprocess_code("main()")
    process = subprocess.Popen([sys.executable, "-c", code, "push", "--audiences"], stdin=terminal, stdout=terminal,
                               stderr=terminal, cwd=news, preexec_fn=controlling_terminal,
                               env=lacnews_env({"LACNEWS_MAILCHIMP_KEY": "", "LACNEWS_MAILCHIMP_URL": fake.url}))
    os.close(terminal)
    seen = b""
    answered = False
    ends = time.monotonic() + 30
    while time.monotonic() < ends:
        ready, _, _ = select.select([main_end], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(main_end, 4096)
            except OSError:  # the program ended and closed the terminal
                break
            if not chunk:
                break
            seen += chunk
        if not answered and b"Mailchimp API key (not shown):" in seen:
            os.write(main_end, KEY.encode() + b"\n")
            answered = True
        if process.poll() is not None and not ready:
            break
    process.wait(timeout=10)
    os.close(main_end)
    assert process.returncode == 0, seen
    assert b"The API key works" in seen and KEY.encode() not in seen
    assert [str(request) for request in fake.requests][:2] == ["GET /ping", "GET /lists"]


@pytest.mark.parametrize("key, words", [
    ("0123456789abcdef0123456789abcdef-us6.evil.example", "is not a Mailchimp API key"),
    ("0123456789abcdef0123456789abcdef", "is not a Mailchimp API key"),
    ("0123456789abcdef0123456789abcdef-us7", "Mailchimp refused looking for pictures uploaded before with 401 "
                                             "(API Key Invalid; Your API key may be invalid, or you've attempted to "
                                             "access the wrong datacenter.)")])
def test_a_key_of_another_datacenter_or_shape_is_explained(cli, fake, news, key, words):
    result = push(cli, news, fake, "june-2020", env={"LACNEWS_MAILCHIMP_KEY": key})
    assert result.exit_code == 1 and words in result.output, result.output
    assert key not in result.output


@pytest.mark.parametrize("url", ["https://127.0.0.1:{port}/3.0/", "http://localhost:{port}/3.0/",
                                 "http://127.0.0.2:{port}/3.0/", "http://example.org:{port}/3.0/",
                                 "http://127.0.0.1:{port}/4.0/", "http://user@127.0.0.1:{port}/3.0/",
                                 "http://127.0.0.1/3.0/", "http://[::2]:{port}/3.0/"])
def test_the_test_address_is_only_this_machine(cli, fake, news, url):
    result = push(cli, news, fake, "june-2020",
                  env={"LACNEWS_MAILCHIMP_URL": url.format(port=fake.server.server_address[1])})
    assert result.exit_code == 1 and "LACNEWS_MAILCHIMP_URL is for tests only" in result.output
    assert fake.requests == []


def test_https_is_spoken_to_mailchimp_never_plain_http(fake):
    from lacnews.outputs.mailchimp.client import ApiKey, Client, Endpoint, NoAnswer

    with Client(ApiKey(KEY), Endpoint("https", "127.0.0.1", fake.server.server_address[1]), 3) as client:
        with pytest.raises(NoAnswer) as refused:
            client.call("GET", "/ping", "checking the API key")
    assert refused.value.format_message().startswith("could not reach Mailchimp (")
    assert fake.requests == []  # the plain-HTTP server heard a TLS handshake, not a request with the key


def test_the_datacenter_becomes_the_host_only_once_checked():
    from lacnews.outputs.mailchimp.client import ApiKey, endpoint

    assert str(endpoint(ApiKey(KEY))) == "https://us6.api.mailchimp.com/3.0/"
    assert str(endpoint(ApiKey(KEY), "http://[::1]:8080/3.0/")) == "http://[::1]:8080/3.0/"
    assert repr(ApiKey(KEY)) == "ApiKey(…-us6)" and KEY not in f"{ApiKey(KEY)}"


# Faults

@pytest.mark.parametrize("kind, options", [("stall_headers", {"seconds": 30}), ("stall_body", {"seconds": 30}),
                                           ("trickle", {"interval": 0.3})])
def test_a_stalled_server_ends_in_one_sentence_within_the_deadline(cli, fake, news, kind, options):
    fake.fault("GET", "/file-manager/files", kind, **options)
    started = time.monotonic()
    result = push(cli, news, fake, "june-2020", "--timeout", "1")
    took = time.monotonic() - started
    assert result.exit_code == 1
    assert took < 2.5, took  # the deadline, and composing the issue (well under a second here)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines[-1].startswith("Mailchimp did not answer in time (lacnews waits 1 s for a whole push"), lines
    assert lines[-1].endswith("what was done is found again, not done twice")
    assert not (news / "mailchimp.json").exists() and not (news / "build" / "june-2020").exists()
    assert fake.campaigns == {} and fake.files == []


@pytest.mark.parametrize("status, body, headers", [
    (429, {"title": "Too Many Requests", "status": 429, "detail": "Slow down."}, {"Retry-After": "0"}),
    (429, None, {}),
    (503, b"<html><body><h1>Service Unavailable</h1></body></html>", {}),
], ids=["429-body-retry-after", "429-bare", "503-html"])
def test_busy_answers_are_tried_again_within_bounds(cli, fake, news, status, body, headers):
    content_type = "application/problem+json" if isinstance(body, dict) else ("text/html" if body else None)
    fake.fault("GET", "/file-manager/files", "answer", status=status, body=body, headers=headers,
               content_type=content_type)
    result = push(cli, news, fake, "june-2020")
    assert result.exit_code == 0, result.output
    assert [str(request) for request in fake.requests[:2]] == ["GET /file-manager/files"] * 2


def test_busy_too_long_gives_up_in_a_sentence(cli, fake, news):
    fake.fault("GET", "/file-manager/files", "answer", times=10, status=429, body=None, headers={"Retry-After": "0"})
    result = push(cli, news, fake, "june-2020")
    assert result.exit_code == 1
    assert len(fake.calls("GET", "/file-manager/files")) == 4  # the first, and three more
    assert ("Mailchimp refused looking for pictures uploaded before with 429: Mailchimp is limiting requests "
            "to this account; wait a few minutes and push again") in result.output


@pytest.mark.parametrize("status, body, content_type, words", [
    (500, None, None, "with 500: Mailchimp had a problem of its own; try again in a few minutes"),
    (502, b"<html><h1>Bad Gateway</h1>" + b"x" * 5000 + b"</html>", "text/html", "with 502: Mailchimp had a problem"),
    (403, None, None, "with 403: the key's user may not do this"),
], ids=["500-empty", "502-html", "403-empty"])
def test_errors_without_a_useful_body_still_say_what_to_do(cli, fake, news, status, body, content_type, words):
    fake.fault("PUT", r"/campaigns/\w+/content", "answer", status=status, body=body, content_type=content_type)
    result = push(cli, news, fake, "june-2020")
    assert result.exit_code == 1
    assert f"Mailchimp refused putting the email into “{NEWSLETTER_NAME} – june-2020” {words}" in result.output
    assert "<html>" not in result.output and "Traceback" not in result.output
    assert len(fake.calls("PUT", r"/campaigns/\w+/content")) == 1  # not tried again: a 5xx to a change
    # what was made is kept: the next push updates the same draft
    assert push(cli, news, fake, "june-2020").exit_code == 0
    assert len(fake.campaigns) == 1 and len(fake.files) == 4


def test_a_refused_setting_names_where_to_fix_it(cli, fake, news):
    fake.fault("POST", "/campaigns", "answer", status=400, content_type="application/problem+json", body={
        "type": fake_mailchimp.ERRORS_DOC, "title": "Invalid Resource", "status": 400,
        "detail": "The resource submitted could not be validated.",
        "errors": [{"field": "settings.reply_to", "message": "This value should be a valid email address."}]})
    result = push(cli, news, fake, "june-2020")
    assert result.exit_code == 1
    assert ("(Invalid Resource; The resource submitted could not be validated.; settings.reply_to: This value should "
            "be a valid email address.): fix what it names and push again (settings.reply_to is sender.email in "
            "newsletter.yaml)") in result.output


@pytest.mark.parametrize("path, kind", [("/campaigns", "drop_after"), ("/campaigns", "answer"),
                                        ("/file-manager/files", "drop_after")])
def test_a_post_that_failed_is_looked_up_before_it_is_made_again(cli, fake, news, path, kind):
    fake.fault("POST", path, kind, status=503, body=None)
    result = push(cli, news, fake, "june-2020")
    assert result.exit_code == 0, result.output
    assert len(fake.campaigns) == 1 and len(fake.files) == 4
    posts = fake.calls("POST", path)
    if kind == "drop_after":  # done, then no answer: found, not made twice
        assert len(posts) == (1 if path == "/campaigns" else 4)
    else:  # refused before it was done: looked for, then asked again
        assert len(posts) == 2
    lookups = "/campaigns" if path == "/campaigns" else "/file-manager/files"
    assert len(fake.calls("GET", lookups)) == 2  # the first lookup, and the one after the failure


def test_a_picture_over_mailchimp_s_limit(cli, fake, news, monkeypatch):
    fake.max_file_bytes = 20_000  # the fake's limit lowered, so that a real picture passes it
    result = push(cli, news, fake, "june-2020")
    assert result.exit_code == 1
    assert "file_data: File size cannot exceed 10MB." in result.output
    assert "Mailchimp refused uploading the picture" in result.output
    saved = json.loads((news / "mailchimp.json").read_text(encoding="utf-8"))["pictures"]
    assert len(saved) == len(fake.files) < 4  # what was uploaded is kept, not uploaded again

    import lacnews.outputs.mailchimp.files as files

    monkeypatch.setattr(files, "MAX_UPLOAD", 1000)
    start = len(fake.requests)
    refused = push(cli, news, fake, "june-2020")
    assert refused.exit_code == 1 and since(fake, start) == []
    assert re.search(r"newsletter\.yaml:\d+:\d+: the picture network-logo-\w{12}\.png is 0\.0 MB as prepared, over "
                     r"the 0 MB Mailchimp takes for one file", refused.output), refused.output


def test_the_fake_answers_429_past_ten_requests_at_once(fake):
    fake.fault("GET", "/ping", "stall_headers", times=10, seconds=20)
    answers: list[int] = []

    def ask():
        connection = http.client.HTTPConnection("127.0.0.1", fake.server.server_address[1], timeout=20)
        try:
            connection.request("GET", "/3.0/ping", headers={"Authorization": f"Bearer {KEY}"})
            answers.append(connection.getresponse().status)
        except (http.client.RemoteDisconnected, ConnectionError):
            answers.append(0)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(10)]
    for thread in threads:
        thread.start()
    waited = time.monotonic() + 10
    while fake.active < 10 and time.monotonic() < waited:
        time.sleep(0.01)
    ask()
    fake.release_stalls()
    for thread in threads:
        thread.join()
    assert answers[0] == 429 and fake.peak == 11


# Test emails, the checklist, the audiences

def test_test_emails_and_their_limits(cli, fake, news):
    addresses = [f"me{number}@example.org" for number in range(7)]
    result = push(cli, news, fake, "june-2020", *[f"--test={address}" for address in addresses])
    assert result.exit_code == 1
    assert ("Mailchimp did not send the test email of “Local Area Coordination in England and Wales – june-2020” "
            "(Invalid Resource; You can send a test to at most 6 addresses at once.): Mailchimp allows 12 test "
            "emails per campaign and 24 a day, to at most 6 addresses at once, on free plans (70, 200 and 20 on "
            "paid plans)") in result.output
    fake.limits["per_campaign"] = 1
    assert push(cli, news, fake, "june-2020", "--test", "me@example.org").exit_code == 0
    again = push(cli, news, fake, "june-2020", "--test", "me@example.org")
    assert again.exit_code == 1 and "You have sent the most tests this campaign may have." in again.output
    assert len(fake.calls("POST", r"/campaigns/\w+/actions/test")) == 3
    start = len(fake.requests)
    many = push(cli, news, fake, "june-2020", *[f"--test=me{number}@example.org" for number in range(21)])
    assert many.exit_code == 1 and "at most 20 addresses at once" in many.output and since(fake, start) == []
    wrong = push(cli, news, fake, "june-2020", "--test", "me at example.org")
    assert wrong.exit_code == 1 and "--test 'me at example.org' is not an email address" in wrong.output


def test_the_checklist_is_shown_as_findings(cli, fake, news):
    text = (news / "newsletter.yaml").read_text(encoding="utf-8")
    (news / "newsletter.yaml").write_text(re.sub(r"(?m)^  email: cat@lacnetwork.org\n", "", text), encoding="utf-8")
    result = push(cli, news, fake, "june-2020")
    assert result.exit_code == 0, result.output
    assert "reply_to" not in fake.calls("POST", "/campaigns")[0].json["settings"]
    assert re.search(r"issues/june-2020\.yaml: error mailchimp-checklist: Mailchimp's checklist of “[^”]+”: "
                     r"Reply-to address: You need to add a reply-to address\.", result.output), result.output


def test_audiences_checks_the_key_and_lists_the_ids(cli, fake):
    result = CliRunner().invoke(cli, ["push", "--audiences"],
                                env={"LACNEWS_MAILCHIMP_KEY": KEY, "LACNEWS_MAILCHIMP_URL": fake.url})
    assert result.exit_code == 0, result.output
    assert f"  {AUDIENCE}  Local Area Coordination Network  (1,234 contacts)" in result.output
    assert f"mailchimp:\n  audience: {AUDIENCE}" in result.output
    assert "      segment: 3102  Coordinators\n" in result.output and "      tag:  Wales\n" in result.output
    assert [str(request) for request in fake.requests] == ["GET /ping", "GET /lists", f"GET /lists/{AUDIENCE}/segments",
                                                           "GET /lists/f6e5d4c3b2/segments"]


def test_a_newsletter_without_mailchimp_settings_is_told_what_to_add(cli, fake, news):
    text = (news / "newsletter.yaml").read_text(encoding="utf-8")
    (news / "newsletter.yaml").write_text(text.replace(f"mailchimp:\n  audience: {AUDIENCE}\n", ""), encoding="utf-8")
    result = push(cli, news, fake, "june-2020")
    assert result.exit_code == 1
    assert "say which Mailchimp audience the drafts are for" in result.output and "--audiences" in result.output
    assert fake.requests == []


def test_a_tag_or_segment_narrows_the_audience(cli, fake, tmp_path):
    tagged = mailchimp_project(tmp_path / "tagged", extra="  tag: Wales\n")
    assert push(cli, tagged, fake, "june-2020").exit_code == 0
    segment = fake.calls("POST", "/campaigns")[0].json["recipients"]["segment_opts"]
    assert segment["conditions"][0]["value"] == 3101
    saved = mailchimp_project(tmp_path / "saved", extra="  segment: '3102'\n")
    assert push(cli, saved, fake, "june-2020", "--new").exit_code == 0
    assert fake.calls("POST", "/campaigns")[-1].json["recipients"]["segment_opts"] == {"saved_segment_id": 3102}


def test_check_errors_stop_the_push_unless_forced(cli, fake, news):
    issue = news / "issues" / "june-2020.yaml"
    issue.write_text(issue.read_text(encoding="utf-8").replace("Welcome to the June update.",
                                                               "Welcome to the June update, *|NOTATAG|*."),
                     encoding="utf-8")
    refused = push(cli, news, fake, "june-2020")
    assert refused.exit_code == 1 and "merge-tag-unknown" in refused.output
    assert "june-2020 was not pushed because of the errors above: fix them, or push anyway with --force" \
        in refused.output
    assert fake.requests == []
    forced = push(cli, news, fake, "june-2020", "--force")
    assert forced.exit_code == 0 and "*|NOTATAG|*" in next(iter(fake.contents.values()))["html"]


def test_with_images_url_the_pictures_stay_where_the_editor_serves_them(cli, fake, news):
    text = (news / "newsletter.yaml").read_text(encoding="utf-8")
    (news / "newsletter.yaml").write_text(text + "images_url: https://pictures.example.org/news/\n", encoding="utf-8")
    result = push(cli, news, fake, "june-2020")
    assert result.exit_code == 0, result.output
    assert fake.files == [] and "https://pictures.example.org/news/badge-" in next(iter(fake.contents.values()))["html"]
    assert re.search(r"note: upload the 4 pictures in \S*build/june-2020/images/ \(\d+ KB\) to "
                     r"https://pictures\.example\.org/news/ before sending", result.output), result.output


# Paste and push send the same email

def test_a_build_after_a_push_writes_the_email_as_pushed(cli, fake, news):
    assert push(cli, news, fake, "june-2020").exit_code == 0
    pushed = next(iter(fake.contents.values()))
    shutil.rmtree(news / "build")
    built = CliRunner().invoke(cli, ["build", "june-2020", "--root", str(news)])
    assert built.exit_code == 0, built.output
    assert (news / "build" / "june-2020" / "email.html").read_text(encoding="utf-8") == pushed["html"]
    assert (news / "build" / "june-2020" / "email.txt").read_text(encoding="utf-8") == pushed["plain_text"]
    assert pushed["html"].count("https://mcusercontent.com/") == 4 and 'src="images/' not in pushed["html"]


def test_a_first_and_second_push_as_a_user_runs_them(fake, news, capsys):
    """The figures of the closing note: requests, connections, time and bytes of a first and a second push."""
    code = fake_mailchimp.subprocess_code("main()")
    figures = []
    for args in (["push", "june-2020", "--test", "me@example.org"], ["push", "june-2020"]):
        start, connections = len(fake.requests), fake.connections
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-c", code, *args], cwd=news, capture_output=True, text=True,
                                timeout=60, env=lacnews_env({"LACNEWS_MAILCHIMP_KEY": KEY,
                                                             "LACNEWS_MAILCHIMP_URL": fake.url}))
        took = time.monotonic() - started
        assert result.returncode == 0, result.stdout + result.stderr
        uploaded = sum(len(request.body) for request in fake.calls("POST", "/file-manager/files")
                       if request in fake.requests[start:])
        figures.append((len(fake.requests) - start, fake.connections - connections, took, uploaded))
    assert figures[0][0] == 12 and figures[1][0] == 4 and figures[1][3] == 0
    assert figures[0][1] <= 3 and figures[1][1] == 1  # connections kept for the next request
    with capsys.disabled():
        for (requests, connections, took, uploaded), which in zip(figures, ("first", "second")):
            print(f"\n{which} push: {requests} requests on {connections} connection{'s' if connections > 1 else ''}, "
                  f"{took:.2f} s (a new process), {uploaded:,} bytes uploaded")


def test_a_mistake_in_newsletter_yaml_is_shown_before_the_key_is_asked_for(tmp_path, monkeypatch):
    """A new user with no key set and a broken mailchimp: block was asked for the key first; the mistake comes
    first now, and no key is needed to see it."""
    from click.testing import CliRunner

    from lacnews.cli import cli as group

    root = mailchimp_project(tmp_path)
    config = root / "newsletter.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("mailchimp:\n", "mailchimp:\n  - list\n", 1)
                      if "mailchimp:\n" in config.read_text(encoding="utf-8")
                      else config.read_text(encoding="utf-8") + "mailchimp:\n  - list\n", encoding="utf-8")
    monkeypatch.delenv("LACNEWS_MAILCHIMP_KEY", raising=False)
    result = CliRunner().invoke(group, ["push", "june-2020", "--root", str(root)])
    assert result.exit_code == 1
    assert "newsletter.yaml:" in result.output and "mailchimp" in result.output
    assert "API key" not in result.output


# Found by an attack on push (a hostile server, a record edited by hand)

def test_nothing_is_asked_once_the_push_s_deadline_has_passed(cli, fake, tmp_path):
    """A POST that stalls past the whole push's deadline ends the push: no lookup, no campaign, no test email."""
    project = mailchimp_project(tmp_path)
    fake.fault("POST", r"/campaigns$", "stall_headers", seconds=30)
    started = time.monotonic()
    result = push(cli, project, fake, "june-2020", "--timeout", "3", "--test", "me@example.org")
    assert result.exit_code == 1, result.output
    assert time.monotonic() - started < 6
    last = fake.requests[-1]
    assert (last.method, last.path) == ("POST", "/campaigns"), since(fake, 0)
    assert fake.tests == {} and fake.campaigns == {}
    assert json.loads((project / "mailchimp.json").read_text(encoding="utf-8")).get("campaigns", {}) == {}


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_no_success(cli, fake, tmp_path, status):
    project = mailchimp_project(tmp_path)
    fake.fault("PUT", r"/campaigns/\w+/content", "answer", status=status,
               headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    result = push(cli, project, fake, "june-2020")
    assert result.exit_code == 1, result.output
    assert "redirect" in result.output and "Traceback" not in result.output


def test_a_recorded_campaign_of_another_title_is_left_alone(cli, fake, tmp_path):
    """Two issues' ids swapped in mailchimp.json (a bad merge, a copied project) change neither's draft."""
    project = mailchimp_project(tmp_path, issues=("may-2020", "june-2020"))
    assert push(cli, project, fake, "may-2020", "--force").exit_code == 0
    assert push(cli, project, fake, "june-2020").exit_code == 0
    path = project / "mailchimp.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["campaigns"]["may-2020"], record["campaigns"]["june-2020"] = (record["campaigns"]["june-2020"],
                                                                           record["campaigns"]["may-2020"])
    path.write_text(json.dumps(record), encoding="utf-8")
    result = push(cli, project, fake, "may-2020", "--force")
    assert result.exit_code == 0, result.output
    assert "is titled" in result.output
    titles = sorted(campaign["settings"]["title"] for campaign in fake.campaigns.values())
    assert titles == [f"{NEWSLETTER_NAME} – june-2020", f"{NEWSLETTER_NAME} – may-2020"]


def test_a_record_that_is_a_pipe_is_refused_at_once(cli, fake, tmp_path):
    project = mailchimp_project(tmp_path)
    os.mkfifo(project / "mailchimp.json")
    result = push(cli, project, fake, "june-2020", "--timeout", "3")
    assert result.exit_code == 1 and "not a regular file" in result.output
