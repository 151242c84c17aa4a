"""The guide (docs/, mkdocs.yml) holds to the code: its generated parts are current, it builds strictly with
every link and anchor leading somewhere, it documents every field and rule, and the release it describes builds.

Its examples are run by tests/test_docs_examples.py, its screenshots taken by tests/test_docs_screenshots.py.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import subprocess
import sys
import tarfile
import zipfile

import pytest
from conftest import REPO

import lacnews
from lacnews.base import schema
from lacnews.checks.registry import known_ids

DOCS = REPO / "docs"


def docs_pages():
    """The tool that writes the guide's generated parts, tools/docs_pages.py, as a module."""
    spec = importlib.util.spec_from_file_location("docs_pages", REPO / "tools" / "docs_pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_pages_are_what_the_code_says():
    stale = [str(page.relative_to(REPO)) for page in docs_pages().out_of_date()]
    assert stale == [], f"out of date: {stale}; run python tools/docs_pages.py and commit the pages"


def test_a_generated_part_is_rewritten_from_the_code_and_the_rest_kept():
    tool = docs_pages()
    page = "Prose.\n<!-- generated: rules -->\nold table\n<!-- end of generated: rules -->\nMore prose.\n"
    fresh = tool.regenerate(page)
    assert fresh.startswith("Prose.\n<!-- generated: rules -->\n| rule | level | what it checks |")
    assert fresh.endswith("<!-- end of generated: rules -->\nMore prose.\n") and "old table" not in fresh
    assert tool.regenerate(fresh) == fresh


def test_a_table_cell_shows_merge_tags_and_angle_brackets_as_written():
    cell = docs_pages().cell
    assert cell("the link `*|UNSUB|*` in\n  <html lang>") == (
        "the link <code>&#42;&#124;UNSUB&#124;&#42;</code> in &lt;html lang&gt;")
    assert cell("a | b `c`") == "a \\| b `c`"


def test_the_format_page_documents_every_field_of_every_class_of_the_schema():
    page = (DOCS / "format.md").read_text(encoding="utf-8")
    classes = [value for value in vars(schema).values()
               if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == schema.__name__]
    for cls in classes:
        assert f"<!-- generated: fields:{cls.__name__} -->" in page, f"format.md has no table of {cls.__name__}"
        for field in dataclasses.fields(cls):
            if not field.metadata.get("internal"):
                assert f"| `{field.name}` |" in page, f"{cls.__name__}.{field.name}"


def test_the_rules_page_names_every_id_a_finding_may_have():
    page = (DOCS / "rules.md").read_text(encoding="utf-8")
    missing = sorted(rule for rule in known_ids() if f"| `{rule}` |" not in page)
    assert missing == [], missing


def test_the_guide_builds_strictly_every_link_and_anchor_leading_somewhere(tmp_path):
    pytest.importorskip("mkdocs", reason="mkdocs is in the test extra: pip install -e '.[test]'")
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                           cwd=REPO, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    month = (tmp_path / "site" / "month" / "index.html").read_text(encoding="utf-8")
    assert 'src="../images/preview-desktop.png"' in month and "lacnews new july-2020" in month
    assert "<!-- run -->" in month  # the marks stay comments: the reader sees none of them


def test_the_guide_shows_the_readmes_two_commands_as_the_readme_does():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    install = (DOCS / "install.md").read_text(encoding="utf-8")
    commands = [line for line in readme.splitlines() if line.startswith("(dpkg -s ")]
    assert len(commands) == 2
    for command in commands:
        assert f"\n{command}\n" in install


def test_the_readme_fits_on_two_screens_and_its_links_lead_somewhere():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 60
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme):
        assert (REPO / target).exists(), target


def test_the_changelog_releases_this_version_in_keep_a_changelog_form():
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", changelog, re.MULTILINE)
    assert headings[0] == ("Unreleased", "")
    assert headings[1][0] == lacnews.__version__ and headings[1][1], headings[1]
    assert all(date for _, date in headings[1:])


def test_the_release_builds_a_wheel_and_an_sdist_holding_what_the_tests_need(tmp_path):
    """The developers' guide's release step: `python -m build` makes both, of this version."""
    pytest.importorskip("build", reason="build is in the test extra: pip install -e '.[test]'")
    made = subprocess.run([sys.executable, "-m", "build", "--outdir", str(tmp_path), str(REPO)],
                          capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stdout + made.stderr
    version = lacnews.__version__
    with zipfile.ZipFile(tmp_path / f"lacnews-{version}-py3-none-any.whl") as wheel:
        names = set(wheel.namelist())
    assert {"lacnews/__init__.py", "lacnews/templates/email.html.j2", "lacnews/locale/cy/LC_MESSAGES/lacnews.po",
            f"lacnews-{version}.dist-info/entry_points.txt"} <= names
    assert not any(name.startswith(("tests/", "docs/")) for name in names)
    with tarfile.open(tmp_path / f"lacnews-{version}.tar.gz") as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    assert {"tests/conftest.py", "tests/test_docs_examples.py", "tests/email-support/package-lock.json",
            "docs/month.md", "docs/images/preview-desktop.png", "mkdocs.yml", "newsletter.yaml",
            "issues/may-2020.yaml", "images/coffee-morning.jpg", "CHANGELOG.md", "tools/docs_pages.py",
            ".ci/run"} <= names
    assert not any("node_modules" in name or "__pycache__" in name for name in names)
