"""`lacnews check --fix` repairs a block's own lines and nothing around it: the blank lines after a block (its
layout, or, under `|+`, the end of its value), a comment below it and every line ending stay byte for byte,
and a second --fix finds nothing left to change (found by an attacker: each blank line after a repaired `|`
block was doubled, and a `|+` block holding an invisible character was refused as reading differently).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import MINIMAL_NEWSLETTER
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from lacnews.cli import cli
from lacnews.text.pasterepair import repair_of

# Damaged lines of a body, each repaired a different way: taken out where written, or the block written again.
DAMAGED = {
    "invisible": ["On 12 March we beg\u200ban.", "Tea\u00a0and cake."],
    "bullets": ["What we did:", "\u2022\tcollected shopping", "\u2022\tmade calls"],
    "html": ["Coffee<br>mornings", "every week."],
}
HEAD = "date: 2021-03\nsubject: Pasted\nsections:\n  - title: One\n    body: "
NEXT = "  - title: Next\n    body: Hello\n"


def issue_file(kind: str, chomp: str, blank_lines: list[str], comment: bool, last: bool) -> tuple[str, str, str]:
    """Return an issue whose first section's body is a damaged block: the text before its lines (up to and with
    the `|`), its lines, and everything after them, each with LF line ends."""
    lines = "".join(f"\n      {line}" for line in DAMAGED[kind]) + "\n"
    after = "".join(f"{blank}\n" for blank in blank_lines) + ("  # Added by lacnews add\n" if comment else "")
    return HEAD + "|" + chomp, lines, after + ("" if last else NEXT)


def fix(root: Path) -> str:
    result = CliRunner().invoke(cli, ["check", "--fix", "march-2021", "--root", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


@pytest.fixture(scope="module")
def projects(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fix-blank-lines")


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(sorted(DAMAGED)), chomp=st.sampled_from(["", "-", "+"]),
       blank_lines=st.lists(st.sampled_from(["", "  ", "      "]), max_size=3), comment=st.booleans(),
       last=st.booleans(), newline=st.sampled_from(["\n", "\r\n"]))
def test_a_repair_changes_only_the_value_s_own_lines_and_a_second_fix_nothing(
        projects, kind, chomp, blank_lines, comment, last, newline):
    before, lines, after = (part.replace("\n", newline) for part in issue_file(kind, chomp, blank_lines, comment, last))
    original = before + lines + after
    note(repr(original))
    root = Path(tempfile.mkdtemp(dir=projects))
    try:
        (root / "issues").mkdir()
        (root / "newsletter.yaml").write_text(MINIMAL_NEWSLETTER, encoding="utf-8")
        path = root / "issues" / "march-2021.yaml"
        path.write_bytes(original.encode("utf-8"))
        value = yaml.safe_load(original)["sections"][0]["body"]
        out = fix(root)
        assert out.startswith("fixed ") and "march-2021.yaml:5:11: sections[0].body" in out, out
        assert "not fixed" not in out, out
        written = path.read_bytes().decode("utf-8")
        head = HEAD.replace("\n", newline)
        assert written.startswith(head) and written.endswith(after), written
        assert written.count("\n") == written.count("\r\n") if newline == "\r\n" else "\r" not in written
        issue = yaml.safe_load(written)
        assert issue["sections"][0]["body"] == repair_of(value).text
        assert issue == {**yaml.safe_load(original), "sections": [
            {"title": "One", "body": repair_of(value).text}, *yaml.safe_load(original)["sections"][1:]]}
        assert "fixed" not in fix(root)
        assert path.read_bytes().decode("utf-8") == written
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("blank_lines", [1, 2])
def test_the_blank_lines_after_a_block_with_an_invisible_character_stay_as_many(project, newline, blank_lines):
    text = ("date: 2021-03\nsubject: Pasted\nsections:\n  - title: One\n    body: |\n"
            "      On 12 March we beg\u200ban.\n" + "\n" * blank_lines + "  - title: Next\n    body: Hello\n")
    path = project.root / "issues" / "march-2021.yaml"
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    for _ in range(2):
        project.run("check", "--fix", "march-2021")
    assert path.read_bytes().decode("utf-8") == text.replace("\u200b", "").replace("\n", newline)


@pytest.mark.parametrize("chomp", ["+", "-"])
def test_a_block_that_keeps_or_strips_its_line_breaks_is_repaired(project, chomp):
    text = (f"date: 2021-03\nsubject: Pasted\nsections:\n  - title: One\n    body: |{chomp}\n"
            "      On 12 March we beg\u200ban.\n\n\n  - title: Next\n    body: Hello\n")
    path = project.root / "issues" / "march-2021.yaml"
    path.write_text(text, encoding="utf-8")
    result = project.run("check", "--fix", "march-2021")
    assert "fixed issues/march-2021.yaml:5:11: sections[0].body: invisible characters removed" in result.out
    assert "not fixed" not in result.out
    assert path.read_text(encoding="utf-8") == text.replace("\u200b", "")
