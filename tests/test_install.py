"""The installed (non-editable) package builds a project that has no templates of its own."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import MINIMAL_ISSUE, MINIMAL_NEWSLETTER, REPO


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """lacnews built as a wheel and installed into a folder of its own, away from the checkout."""
    wheels = tmp_path_factory.mktemp("wheels")
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(REPO)],
                   check=True, capture_output=True, timeout=300)
    wheel = next(wheels.glob("lacnews-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True, timeout=300)
    return target


def test_the_wheel_ships_the_built_in_templates(installed):
    shipped = sorted(p.relative_to(installed / "lacnews" / "templates").as_posix()
                     for p in (installed / "lacnews" / "templates").rglob("*.j2"))
    in_repo = sorted(p.relative_to(REPO / "templates").as_posix() for p in (REPO / "templates").rglob("*.j2"))
    assert shipped == in_repo and "sections/list.html.j2" in shipped


def test_installed_lacnews_builds_a_project_without_templates(installed, tmp_path):
    (tmp_path / "issues").mkdir()
    (tmp_path / "newsletter.yaml").write_text(MINIMAL_NEWSLETTER, encoding="utf-8")
    (tmp_path / "issues" / "march-2021.yaml").write_text(MINIMAL_ISSUE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(installed)}
    where = subprocess.run([sys.executable, "-c", "import lacnews; print(lacnews.__file__)"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, check=True)
    assert where.stdout.startswith(str(installed))  # not the checkout
    result = subprocess.run([sys.executable, "-m", "lacnews", "build", "march-2021"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "build" / "march-2021" / "email.html").read_text(encoding="utf-8")
    text = (tmp_path / "build" / "march-2021" / "email.txt").read_text(encoding="utf-8")
    assert "Hello *|FNAME|*, this is the first section." in html and "*|UNSUB|*" in html
    assert "Copyright © 2021 Test Trust" in text
