"""The built-in templates' code shipped with lacnews (lacnews/pipeline/template_code.json): Jinja's own for the
templates as they are, so that a build with an empty user cache compiles none of them and writes the same bytes."""

from __future__ import annotations

import json
import os

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
    shipped = {"made_with": f"jinja2 {jinja2.__version__}",
               "templates": template_code.compiled_templates(environment, built_in_names(environment))}
    written = json.dumps(shipped, indent=0, sort_keys=True) + "\n"
    if UPDATE:
        template_code.SHIPPED.write_text(written, encoding="utf-8")
    assert template_code.SHIPPED.read_text(encoding="utf-8") == written, (
        "lacnews/pipeline/template_code.json is not Jinja's code for the built-in templates as they are now: remake "
        "it with LACNEWS_UPDATE_SEED=1 pytest tests/test_speed_templates.py")


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
    assert list((tmp_path / "jinja").iterdir()), "the bytecode was not kept for the next build"
    again = with_cache(kept_in(tmp_path / "jinja"))
    assert rendered(project.root, again) == expected


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
