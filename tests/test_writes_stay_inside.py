"""Nothing is written where it must not be: through a link, over something that is not a regular file, into a
folder nobody named, or outside the project.

`send --eml` is given a FIFO, a socket, a link to a file outside the project, a link to a FIFO (a stand-in
for /dev/null that cannot harm the machine), a folder that does not exist, and /dev/null itself with every
way of writing taken away first; `add` and `check --fix` an issues/ (and an images/) linked to a folder
outside; `check --links` a build/.cache linked outside. Each ends in a message, exit 1 where the command
fails, and nothing written anywhere.
"""

from __future__ import annotations

import io
import os
import socket
import stat
import tempfile
import threading
import time
from pathlib import Path

import pytest
from conftest import TempProject
from docx_files import newsletter_docx

from lacnews.base import cache, write
from lacnews.base.errors import LacnewsError
from lacnews.base.project import Project
from lacnews.commands.add import add_section

SEND = ("send", "may-2020", "--to", "editor@example.org")
PASTED_DAMAGE = '  - title: Pasted\n    body: "Hello\u200b there"\n'  # a zero-width space for --fix to take out


def tree(folder: Path) -> dict[str, bytes | str]:
    """Return every entry below ``folder``: a file's bytes, or what else it is."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        mode = os.lstat(path).st_mode
        found[str(path.relative_to(folder))] = (path.read_bytes() if stat.S_ISREG(mode) else
                                                f"link to {os.readlink(path)}" if stat.S_ISLNK(mode) else
                                                stat.filemode(mode)[0])
    return found


@pytest.fixture
def short_tmp():
    """A folder with a short path: a Unix socket's path must fit in about 100 bytes."""
    with tempfile.TemporaryDirectory(prefix="lac-") as folder:
        yield Path(folder)


# send --eml

def test_a_fifo_is_refused_and_left_as_it_is(lac, tmp_path):
    fifo = tmp_path / "proof.eml"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = lac.run(*SEND, "--eml", str(fifo))
    assert time.monotonic() - started < 60  # the pipe is never opened, so nothing waits for a reader
    assert result.code == 1 and "Traceback" not in result.output
    assert f"{fifo} is a named pipe (FIFO), not a regular file: lacnews writes only regular files" in result.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lac", "proof.eml"]  # no temporary file left


def test_a_socket_is_refused_and_left_as_it_is(lac, short_tmp):
    path = short_tmp / "proof.eml"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    try:
        result = lac.run(*SEND, "--eml", str(path))
        assert result.code == 1 and "Traceback" not in result.output
        assert f"{path} is a socket, not a regular file" in result.err
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
        assert [p.name for p in short_tmp.iterdir()] == ["proof.eml"]
    finally:
        listener.close()


def test_a_link_to_a_file_outside_is_not_written_through(lac, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "notes.txt").write_text("the editor's notes", encoding="utf-8")
    link = lac.root / "proof.eml"
    link.symlink_to(outside / "notes.txt")
    result = lac.run(*SEND, "--eml", "proof.eml")
    assert result.code == 1 and "Traceback" not in result.output
    assert f"proof.eml is a symbolic link (to {outside / 'notes.txt'}): lacnews does not write through links" \
        in result.err
    assert (outside / "notes.txt").read_text(encoding="utf-8") == "the editor's notes"
    assert link.is_symlink() and tree(outside) == {"notes.txt": b"the editor's notes"}


def test_a_link_to_a_fifo_stands_for_a_link_to_dev_null(lac, tmp_path):
    fifo = tmp_path / "device-stand-in"
    os.mkfifo(fifo)
    (tmp_path / "proof.eml").symlink_to(fifo)
    result = lac.run(*SEND, "--eml", str(tmp_path / "proof.eml"))
    assert result.code == 1 and "is a symbolic link" in result.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and (tmp_path / "proof.eml").is_symlink()


def test_a_folder_that_does_not_exist_is_not_made(lac, tmp_path):
    result = lac.run(*SEND, "--eml", str(tmp_path / "no" / "such" / "proof.eml"))
    assert result.code == 1 and "Traceback" not in result.output
    assert f"there is no folder {tmp_path / 'no' / 'such'}: lacnews writes only into a folder that exists" \
        in result.err
    assert not (tmp_path / "no").exists()


def test_a_file_where_the_folder_should_be_is_refused(lac, tmp_path):
    (tmp_path / "notes").write_text("x", encoding="utf-8")
    result = lac.run(*SEND, "--eml", str(tmp_path / "notes" / "proof.eml"))
    assert result.code == 1 and f"{tmp_path / 'notes'} is not a folder" in result.err


def test_a_device_node_of_the_test_s_own_is_refused_and_left_as_it_is(lac, tmp_path):
    """A second node for the null device, made in the test's folder: a harmless stand-in for /dev/null."""
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError, OSError):
        pytest.skip("making a device node needs root")
    result = lac.run(*SEND, "--eml", str(device))
    assert result.code == 1 and "Traceback" not in result.output
    assert f"{device} is a device, not a regular file: lacnews writes only regular files" in result.err
    assert stat.S_ISCHR(os.lstat(device).st_mode) and os.lstat(device).st_rdev == os.makedev(1, 3)


def test_dev_null_is_refused_before_anything_could_be_written(lac, monkeypatch):
    """Pointed at /dev/null itself, with every way of writing taken away first: a regression fails the test
    instead of replacing the machine's /dev/null (these tests may run as root)."""
    if not stat.S_ISCHR(os.stat("/dev/null").st_mode):
        pytest.skip("no /dev/null device here")
    from lacnews.commands.send import make_proofs, write_emls

    attempts: list[str] = []

    def forbidden(name):
        def refuse(*args, **kwargs):
            attempts.append(name)
            raise AssertionError(f"{name} was called for /dev/null")
        return refuse

    proofs = make_proofs(Project(lac.root), "may-2020", ["editor@example.org"], None)
    monkeypatch.setattr(write.tempfile, "mkstemp", forbidden("mkstemp"))
    monkeypatch.setattr(write.os, "replace", forbidden("os.replace"))
    monkeypatch.setattr(write.os, "rename", forbidden("os.rename"))
    with pytest.raises(write.WriteError) as refused:
        write_emls(proofs, Path("/dev/null"))
    assert refused.value.format_message() == ("/dev/null is a device, not a regular file: lacnews writes only "
                                              "regular files and leaves it as it is; name another file")
    assert attempts == []
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_an_ordinary_file_is_replaced_and_a_folder_named_through_a_link_is_the_editor_s(lac, tmp_path):
    real = tmp_path / "proofs"
    real.mkdir()
    (real / "proof.eml").write_text("an older proof", encoding="utf-8")
    (tmp_path / "linked").symlink_to(real)  # as /tmp is on macOS: the editor named the folder, link and all
    result = lac.run(*SEND, "--eml", str(tmp_path / "linked" / "proof.eml"))
    assert result.code == 0, result.output
    assert (real / "proof.eml").read_text(encoding="utf-8").startswith("Subject: [Proof]")
    assert sorted(p.name for p in real.iterdir()) == ["proof.eml"]


# issues/ and images/ linked outside the project

@pytest.fixture
def linked_issues(lac, tmp_path) -> tuple[TempProject, Path]:
    """The project with its issues/ moved outside and linked back: issues -> ../outside-issues."""
    outside = tmp_path / "outside-issues"
    (lac.root / "issues").rename(outside)
    with (outside / "may-2020.yaml").open("a", encoding="utf-8") as issue:
        issue.write(PASTED_DAMAGE)
    (lac.root / "issues").symlink_to(outside)
    return lac, outside


@pytest.mark.parametrize("name", ["may-2020", "issues/may-2020.yaml"])
def test_add_does_not_write_into_issues_linked_outside(linked_issues, tmp_path, name):
    lac, outside = linked_issues
    before, pictures = tree(outside), tree(lac.root / "images")
    result = lac.run("add", name, str(newsletter_docx(tmp_path / "york.docx")))
    assert result.code == 1 and "Traceback" not in result.output
    if name == "may-2020":
        assert f"issues is a symbolic link (to {outside}): lacnews writes only inside the project" in result.err
    else:  # named by a path that leads out through the link
        assert f"refusing to write to {outside}: it is outside {lac.root}" in result.err
    assert tree(outside) == before and tree(lac.root / "images") == pictures  # no picture copied either


def test_add_does_not_copy_pictures_into_images_linked_outside(lac, tmp_path):
    outside = tmp_path / "outside-images"
    (lac.root / "images").rename(outside)
    (lac.root / "images").symlink_to(outside)
    before, issue = tree(outside), (lac.root / "issues" / "may-2020.yaml").read_bytes()
    with pytest.raises(LacnewsError, match="images is a symbolic link"):
        add_section(Project(lac.root), "may-2020", str(newsletter_docx(tmp_path / "york.docx")))
    assert tree(outside) == before and (lac.root / "issues" / "may-2020.yaml").read_bytes() == issue


def test_check_fix_does_not_write_into_issues_linked_outside_and_says_so(linked_issues):
    lac, outside = linked_issues
    before = tree(outside)
    result = lac.run("check", "--fix", "may-2020")
    assert "Traceback" not in result.output
    assert f"not fixed: issues is a symbolic link (to {outside})" in result.out
    assert "warning invisible-character" in result.out  # still there, still said
    assert tree(outside) == before


def test_check_fix_named_by_a_path_through_the_link_does_not_write_outside(linked_issues):
    lac, outside = linked_issues
    before = tree(outside)
    result = lac.run("check", "--fix", "issues/may-2020.yaml")
    assert "Traceback" not in result.output
    assert f"{outside}: it is outside {lac.root}" in result.out
    assert tree(outside) == before


# build/.cache linked outside

def test_the_link_cache_is_not_written_through_a_link(project, tmp_path):
    outside = tmp_path / "outside-cache"
    outside.mkdir()
    (project.root / "build").mkdir()
    (project.root / "build" / ".cache").symlink_to(outside)
    project.issue("march-2021", "date: 2021-03\nsubject: S\nsections:\n  - title: T\n"
                                "    body: \"[a link](http://127.0.0.1:9/nothing-listens-here)\"\n")
    result = project.run("check", "march-2021", "--links", "--timeout", "2")
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert (f"note link-cache: cannot save the link cache (build/.cache is a symbolic link (to {outside})"
            in result.out)
    assert "error link-broken: http://127.0.0.1:9/nothing-listens-here" in result.out  # checked all the same
    assert list(outside.iterdir()) == []


# The writer itself

@pytest.mark.parametrize("kind", ["fifo", "socket", "link", "folder"])
def test_the_writer_replaces_only_regular_files(short_tmp, kind):
    folder = short_tmp / "build"
    folder.mkdir()
    target = folder / "email.html"
    listener = None
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "socket":
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(target))
    elif kind == "link":
        (short_tmp / "elsewhere.html").write_text("elsewhere", encoding="utf-8")
        target.symlink_to(short_tmp / "elsewhere.html")
    else:
        target.mkdir()
    try:
        before = tree(short_tmp)
        with pytest.raises(write.WriteError, match="email.html is"):
            write.write_files(folder, {"email.txt": "text", "email.html": "html"}, inside=short_tmp)
        assert tree(short_tmp) == before  # not even email.txt: every name is checked before anything is written
    finally:
        if listener is not None:
            listener.close()


def test_the_writer_refuses_names_that_lead_out(tmp_path):
    for name in ("../escape.html", "/etc/escape", "a/../../escape", "", "a//b", "./x"):
        with pytest.raises(write.WriteError, match="not a plain name"):
            write.write_files(tmp_path, {name: "x"}, inside=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_comparing_with_what_is_there_never_waits_on_a_pipe(tmp_path):
    folder = tmp_path / "build" / "site"
    folder.mkdir(parents=True)
    os.mkfifo(folder / "index.html")
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(_write_changed(folder, tmp_path)), daemon=True)
    worker.start()
    worker.join(20)
    assert outcome, "write_changed waited on the pipe"
    assert isinstance(outcome[0], write.WriteError) and "is a named pipe (FIFO)" in str(outcome[0])
    assert stat.S_ISFIFO(os.lstat(folder / "index.html").st_mode)


def _write_changed(folder: Path, inside: Path):
    try:
        return write.write_changed(folder, {"index.html": "<p>archive</p>"}, inside=inside)
    except write.WriteError as exc:
        return exc


def test_the_user_cache_neither_waits_on_a_pipe_nor_follows_a_link(tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    os.mkfifo(folder / "waiting.json")
    (tmp_path / "secret.json").write_text('{"read": "through a link"}', encoding="utf-8")
    (folder / "linked.json").symlink_to(tmp_path / "secret.json")
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(cache.read_json(folder, "waiting")), daemon=True)
    worker.start()
    worker.join(20)
    assert outcome == [None]
    assert cache.read_json(folder, "linked") is None
    cache.write_json(folder, "linked", {"written": "through a link"})
    cache.write_json(folder, "waiting", {"written": "over a pipe"})
    assert (tmp_path / "secret.json").read_text(encoding="utf-8") == '{"read": "through a link"}'
    assert (folder / "linked.json").is_symlink() and stat.S_ISFIFO(os.lstat(folder / "waiting.json").st_mode)
    cache.write_json(folder, "plain", {"a": 1})
    assert cache.read_json(folder, "plain") == {"a": 1}
    assert sorted(p.name for p in folder.iterdir()) == ["linked.json", "plain.json", "waiting.json"]


def test_pasted_text_added_to_a_project_whose_issue_is_outside_is_refused_before_reading(lac, tmp_path):
    """An issue named by a path outside the project: add refuses before it reads anything."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "june-2020.yaml").write_bytes((lac.root / "issues" / "may-2020.yaml").read_bytes())
    stdin = io.StringIO("never read\n")
    with pytest.raises(LacnewsError, match="it is outside"):
        add_section(Project(lac.root), str(outside / "june-2020.yaml"), "-", stdin=stdin)
    assert stdin.tell() == 0
