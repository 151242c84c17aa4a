"""`check --links` on a machine that cannot look any name up (offline): each link says the machine seems
offline and how to check again, rather than calling every link broken, and nothing is kept in the day's cache
(found by a new user following the guide offline). The resolver is a stub: no address is ever connected to."""

from __future__ import annotations

import json
import socket

from conftest import copy_repo_project


def test_offline_links_say_the_machine_seems_offline_and_are_not_kept(tmp_path, monkeypatch):
    from lacnews.base.project import Project
    from lacnews.compose.issues import check_issue

    def no_lookup(host, port, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    def no_connection(*args, **kwargs):
        raise AssertionError("a connection was tried")

    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    monkeypatch.setattr(socket, "create_connection", no_connection)
    monkeypatch.setattr(socket.socket, "connect", no_connection)
    lac = copy_repo_project(tmp_path / "lac")
    _, findings = check_issue(Project(lac.root), "may-2020", links=True, timeout=5)
    broken = [finding for finding in findings if finding.rule == "link-broken"]
    assert len(broken) >= 2
    assert all("could not be looked up, nor any other link's: this machine seems to be offline; run "
               "`lacnews check --links may-2020` again once it is online" in finding.message for finding in broken)
    cache = lac.root / "build" / ".cache" / "links.json"
    kept = json.loads(cache.read_text(encoding="utf-8")) if cache.exists() else {}
    assert not any(entry.get("error") for entry in kept.values()), kept


def test_one_unknown_host_among_answering_links_is_still_a_broken_link(tmp_path, monkeypatch):
    from lacnews.checks.links import LinkResult, _lookup_failed

    assert _lookup_failed(LinkResult("https://nowhere.invalid/", error="cannot connect: there is no such host as "
                                                                       "nowhere.invalid"))
    assert not _lookup_failed(LinkResult("https://example.org/", status=404))
