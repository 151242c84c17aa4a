"""Inlining the CSS: premailer's result, whether it comes from premailer or from the user's cache."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, copy_repo_project

from lacnews.base.project import Project
from lacnews.compose import load
from lacnews.pipeline import inline
from lacnews.pipeline.render import Renderer


def premailer_reference(html: str) -> str:
    """Return what premailer itself makes of ``html`` with lacnews's options: the result to match."""
    import premailer

    transformed = premailer.Premailer(
        html, base_url=None, disable_link_rewrites=True, strip_important=False, keep_style_tags=False,
        remove_classes=False, allow_network=False, allow_loading_external_files=False, disable_validation=True,
        disable_basic_attributes=["width", "height"], cssutils_logging_level=logging.CRITICAL,
    ).transform()
    transformed = re.sub(r"^<!DOCTYPE[^>]*>", "", transformed.lstrip(), flags=re.IGNORECASE)
    return f"<!DOCTYPE html>\n{transformed.lstrip()}"


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty user cache folder, and no results remembered in this process."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(inline._Plan, "_memory", {})
    return tmp_path / "cache" / "lacnews" / "inline"


def raw_html(root: Path, slug: str) -> str:
    """Return an issue's HTML as the templates write it, before inlining."""
    project = Project(root)
    loaded = load(project, slug)
    renderer = Renderer(project)
    return renderer.html(renderer.context(loaded.newsletter, loaded.issue))


def repo_and_cases(tmp_path: Path) -> list[str]:
    documents = [raw_html(REPO, "may-2020")]
    for case in sorted((REPO / "tests" / "cases").iterdir()):
        folder = tmp_path / case.name
        (folder / "issues").mkdir(parents=True)
        shutil.copy(case / "newsletter.yaml", folder / "newsletter.yaml")
        shutil.copy(case / "issue.yaml", folder / "issues" / "golden.yaml")
        documents.append(raw_html(folder, "golden"))
    return documents


def test_from_premailer_and_from_the_cache_the_email_is_byte_for_byte_premailers(tmp_path, cache):
    documents = repo_and_cases(tmp_path)
    expected = [premailer_reference(document) for document in documents]
    assert [inline.inline_css(document) for document in documents] == expected  # cold: premailer runs
    assert list(cache.glob("*.json")), "nothing was kept for the next build"
    inline._Plan._memory.clear()  # as a new process finds it
    assert [inline.inline_css(document) for document in documents] == expected  # warm: from the cache


def build_reporting_premailer(root: Path, cache_home: Path) -> tuple[str, bool]:
    """Run `lacnews build may-2020` in a new process; return its output and whether premailer was imported."""
    script = ("import sys, lacnews.cli\n"
              "try:\n    lacnews.cli.cli(['build', 'may-2020'], prog_name='lacnews')\nexcept SystemExit:\n    pass\n"
              "print('premailer' in sys.modules, file=sys.stderr)\n")
    process = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=60,
                             env={**os.environ, "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(cache_home)})
    assert process.returncode == 0, process.stderr
    return process.stdout, process.stderr.strip().endswith("True")


def test_a_build_from_the_cache_does_not_import_premailer(tmp_path):
    project = copy_repo_project(tmp_path / "lac")
    first, imported_first = build_reporting_premailer(project.root, tmp_path / "cache")
    html = (project.root / "build" / "may-2020" / "email.html").read_bytes()
    again, imported_again = build_reporting_premailer(project.root, tmp_path / "cache")
    assert (imported_first, imported_again) == (True, False)
    assert first == again and (project.root / "build" / "may-2020" / "email.html").read_bytes() == html


def test_a_stylesheet_that_looks_at_siblings_always_goes_through_premailer(project, cache):
    project.write("templates/email.html.j2",
                  '{% extends "builtin/email.html.j2" %}{% block style %}{{ super() }}\n'
                  'p:first-child { color: #c00; }\n.cell + .cell { color: #0c0; }{% endblock %}')
    document = raw_html(project.root, "march-2021")
    assert inline.inline_css(document) == premailer_reference(document)
    assert not cache.exists() or not list(cache.glob("*.json"))  # nothing to replay


def test_a_damaged_cache_entry_is_ignored(tmp_path, cache):
    document = raw_html(REPO, "may-2020")
    expected = premailer_reference(document)
    assert inline.inline_css(document) == expected
    for entry in cache.glob("*.json"):
        entry.write_text('{"leftover": [1, 2, 3], "elements": "no"}', encoding="utf-8")
    inline._Plan._memory.clear()
    assert inline.inline_css(document) == expected
