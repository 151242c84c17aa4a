"""The built-in templates' code shipped with lacnews (lacnews/pipeline/compiled_templates/): Jinja's own for the
templates as they are, so that a build with an empty user cache compiles none of them and writes the same bytes."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
from conftest import REPO, copy_repo_project

from lacnews.base.project import Project
from lacnews.compose import load
from lacnews.pipeline import render, template_code

UPDATE = os.environ.get("LACNEWS_UPDATE_SEED") == "1"


def built_in_names(environment: jinja2.Environment) -> list[str]:
    """The built-in templates by their own names (not again as builtin/..., which a project's template extends)."""
    return [name for name in environment.list_templates() if not name.startswith(f"{render.BUILTIN_PREFIX}/")]


def test_the_shipped_code_is_jinjas_for_the_built_in_templates_as_they_are():
    """Remake it with LACNEWS_UPDATE_SEED=1 pytest tests/test_speed_templates.py after changing a built-in template."""
    environment = render._make_environment(None)
    expected = template_code.compiled_templates(environment, built_in_names(environment))
    if UPDATE:
        template_code.SHIPPED.mkdir(exist_ok=True)
        for stale in template_code.SHIPPED.glob("t_*.py"):
            if stale.stem[len("t_"):] not in expected:
                stale.unlink()
        for digest, code in expected.items():
            template_code.shipped_file(digest).write_text(code, encoding="utf-8")
    shipped = {path.stem[len("t_"):]: path.read_text(encoding="utf-8") for path in template_code.SHIPPED.glob("t_*.py")}
    assert shipped == expected, (
        "lacnews/pipeline/compiled_templates/ is not Jinja's code for the built-in templates as they are now: make it "
        "again with LACNEWS_UPDATE_SEED=1 pytest tests/test_speed_templates.py")


def rendered(root, environment: jinja2.Environment) -> tuple[str, str]:
    """Return may-2020's HTML (before inlining) and text, rendered through ``environment``."""
    project = Project(root)
    loaded = load(project, "may-2020")
    renderer = render.Renderer(project)
    renderer.env = environment
    context = renderer.context(loaded.newsletter, loaded.issue)
    return renderer.html(context), renderer.text(context)


def counting_compiles(environment: jinja2.Environment) -> list[str]:
    """Record the name of each template Jinja itself compiles in ``environment``."""
    compiled: list[str] = []
    compile_template = environment.compile
    environment.compile = lambda source, name=None, *rest, **options: (
        compiled.append(name), compile_template(source, name, *rest, **options))[1]
    return compiled


def kept_in(folder):
    folder.mkdir(exist_ok=True)
    return template_code.TemplateCodeCache(folder)


def with_cache(cache: jinja2.BytecodeCache | None, project_templates=None) -> jinja2.Environment:
    environment = render._make_environment(project_templates)
    environment.bytecode_cache = cache
    return environment


def test_an_empty_cache_compiles_no_built_in_template_and_renders_the_same_bytes(tmp_path):
    project = copy_repo_project(tmp_path / "lac")
    expected = rendered(project.root, with_cache(None))  # Jinja compiles every template itself
    first = with_cache(kept_in(tmp_path / "jinja"))
    compiled = counting_compiles(first)
    assert rendered(project.root, first) == expected
    assert compiled == []
    # Python's own cache of the shipped files serves them: nothing needs keeping in the user's
    assert not list((tmp_path / "jinja").iterdir())
    again = with_cache(kept_in(tmp_path / "jinja"))
    assert rendered(project.root, again) == expected


def test_a_shipped_template_is_read_from_pythons_bytecode_cache_not_compiled(tmp_path, monkeypatch):
    """The shipped files are compiled by Python once, as lacnews's modules are (by pip, at install): a build reads
    their bytecode, and compiles nothing."""
    monkeypatch.setattr("sys.dont_write_bytecode", False)  # as pip's install leaves it: PYTHONDONTWRITEBYTECODE aside
    environment = with_cache(kept_in(tmp_path / "jinja"))
    environment.get_template("email.html.j2")  # Python's cache of the file made, where it was not yet
    compiles = []
    real_compile = compile
    monkeypatch.setattr("builtins.compile", lambda *args, **kwargs: (compiles.append(args[1]),
                                                                    real_compile(*args, **kwargs))[1])
    again = with_cache(kept_in(tmp_path / "jinja"))
    again.get_template("email.html.j2")
    assert compiles == []


def test_a_projects_own_template_is_compiled_by_jinja(tmp_path):
    project = copy_repo_project(tmp_path / "lac")
    project.write("templates/email.txt.j2", '{% extends "builtin/email.txt.j2" %}\n')
    environment = with_cache(kept_in(tmp_path / "jinja"), project.root / "templates")
    compiled = counting_compiles(environment)
    plain = rendered(project.root, with_cache(None, project.root / "templates"))
    assert rendered(project.root, environment) == plain
    # the project's own is compiled; the built-in one it extends (loaded by its own name) comes from the shipped code
    assert compiled == ["email.txt.j2"]


def test_a_fault_in_a_built_in_template_is_told_at_its_line(tmp_path):
    environment = with_cache(kept_in(tmp_path / "jinja"))
    template = environment.get_template("email.txt.j2")
    assert template.filename == str(REPO / "templates" / "email.txt.j2")
    code = environment.bytecode_cache.get_bucket(environment, "email.txt.j2", template.filename,
                                                 (REPO / "templates" / "email.txt.j2").read_text(encoding="utf-8"))
    assert code.code is not None and code.code.co_filename == template.filename


def test_python_s_cache_of_a_shipped_template_cut_short_costs_time_not_the_build(tmp_path, monkeypatch):
    """A damaged bytecode file of a shipped template (its header whole, its body cut short) is passed over: Jinja
    compiles the template itself, and the bytes are the same."""
    import importlib.util

    monkeypatch.setattr("sys.dont_write_bytecode", False)
    monkeypatch.setenv("PYTHONPYCACHEPREFIX", str(tmp_path / "pycache"))
    monkeypatch.setattr("sys.pycache_prefix", str(tmp_path / "pycache"))
    project = copy_repo_project(tmp_path / "lac")
    expected = rendered(project.root, with_cache(None))
    environment = with_cache(kept_in(tmp_path / "jinja"))
    environment.get_template("email.html.j2")  # Python's cache of each file used made, in this test's folder
    cached = [importlib.util.cache_from_source(str(path)) for path in template_code.SHIPPED.glob("t_*.py")]
    damaged = [Path(each) for each in cached if Path(each).is_file()]
    assert damaged, "no bytecode was written to damage"
    for each in damaged:
        data = each.read_bytes()
        each.write_bytes(data[:16 + (len(data) - 16) // 2])
    assert rendered(project.root, with_cache(kept_in(tmp_path / "jinja-again"))) == expected
