"""Golden cases: tests/cases/<name>/{newsletter.yaml, issue.yaml} built and compared with expected.html/.txt.

After an intended change to the output, regenerate the expected files with
    LACNEWS_UPDATE_GOLDEN=1 pytest tests/test_golden.py
and read the diff before committing it.
"""

from __future__ import annotations

import os
import re

import pytest
from conftest import CASES, copy_case

from lacnews.base.project import Project
from lacnews.compose import compose

UPDATE = os.environ.get("LACNEWS_UPDATE_GOLDEN") == "1"


def insignificant_whitespace_removed(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"[ \t]+", " ", html)).strip()


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_golden_case(case, tmp_path):
    folder = CASES / case
    project = Project(copy_case(case, tmp_path, "golden").root)
    rendered = compose(project, "golden").emails[""]
    expected_html, expected_text = folder / "expected.html", folder / "expected.txt"
    if UPDATE:
        expected_html.write_text(rendered.html, encoding="utf-8")
        expected_text.write_text(rendered.text, encoding="utf-8")
    assert expected_html.exists(), f"no expected output yet: run LACNEWS_UPDATE_GOLDEN=1 pytest {__file__}"
    assert insignificant_whitespace_removed(rendered.html) == \
        insignificant_whitespace_removed(expected_html.read_text(encoding="utf-8"))
    assert rendered.text == expected_text.read_text(encoding="utf-8")
