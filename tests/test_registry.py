"""Every id a problem or a finding is raised with is known to the registry (lacnews.checks.registry).

The ids raised while an issue loads live in the steps below the checks (YAML reading, validation, Markdown,
pictures, templates), which cannot import the registry; so the source is read instead. A function or a
dataclass of lacnews with parameters (fields) named ``rule`` and ``message`` takes an id: every call of it that
passes a string there, a module's constant, or the parameter's default, is one. So is each tuple a function builds
where its docstring says ``(…, rule)`` is what it returns.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import REPO

from lacnews.checks.registry import (
    LINK_RULES,
    LOADING_RULES,
    PUSH_RULES,
    RULES,
    known_ids,
)

SKIPPED_FIRST = ("self", "cls")


def trees() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted((REPO / "lacnews").rglob("*.py"))}


def constants(tree: ast.Module) -> dict[str, str]:
    """Return the module's constants that are text: NAME = "text"."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            found.update({target.id: node.value.value for target in node.targets if isinstance(target, ast.Name)})
    return found


def rule_parameters(modules: dict[Path, ast.Module]) -> tuple[dict[str, set[int]], set[str]]:
    """Return each callable's name → the positions its ``rule`` parameter takes in a call, and the defaults given."""
    positions: dict[str, set[int]] = {}
    defaults: set[str] = set()
    for tree in modules.values():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                arguments = [*node.args.posonlyargs, *node.args.args]
                names = [argument.arg for argument in arguments]
                if {"rule", "message"} <= set(names):
                    skipped = 1 if names and names[0] in SKIPPED_FIRST else 0
                    positions.setdefault(node.name, set()).add(names.index("rule") - skipped)
                    given = node.args.defaults
                    default_of = dict(zip(names[len(names) - len(given):], given))
                    if isinstance(default_of.get("rule"), ast.Constant):
                        defaults.add(default_of["rule"].value)
            elif isinstance(node, ast.ClassDef):
                fields = [item for item in node.body if isinstance(item, ast.AnnAssign)
                          and isinstance(item.target, ast.Name)]
                names = [item.target.id for item in fields]
                if {"rule", "message"} <= set(names):
                    positions.setdefault(node.name, set()).add(names.index("rule"))
                    value = fields[names.index("rule")].value
                    if isinstance(value, ast.Constant):
                        defaults.add(value.value)
    return positions, defaults


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _text(node: ast.AST | None, known: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return known.get(node.id)
    return None


def raised_ids() -> dict[str, list[str]]:
    """Return every id lacnews's source raises a problem or a finding with → where."""
    modules = trees()
    positions, defaults = rule_parameters(modules)
    found: dict[str, list[str]] = {rule: ["a default"] for rule in defaults}
    for path, tree in modules.items():
        known = constants(tree)
        where = str(path.relative_to(REPO))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _callee(node) in positions:
                given = [keyword.value for keyword in node.keywords if keyword.arg == "rule"]
                given += [node.args[index] for index in positions[_callee(node)] if index < len(node.args)
                          and not any(isinstance(argument, ast.Starred) for argument in node.args[:index + 1])]
                for argument in given:
                    text = _text(argument, known)
                    if text is not None:
                        found.setdefault(text, []).append(f"{where}:{node.lineno}")
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                shape = re.search(r"``\(([^`]*\brule\b[^`]*)\)``", ast.get_docstring(node) or "")
                if shape is None:
                    continue
                parts = [part.strip() for part in shape.group(1).split(",")]
                index = parts.index("rule")
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Tuple) and len(inner.elts) == len(parts):
                        text = _text(inner.elts[index], known)
                        if text is not None:
                            found.setdefault(text, []).append(f"{where}:{inner.lineno}")
    return found


def test_every_id_raised_is_known_to_the_registry():
    unknown = {rule: places for rule, places in raised_ids().items() if rule not in known_ids()}
    assert unknown == {}, "add these to lacnews/checks/registry.py (then python tools/docs_pages.py)"


def test_the_source_is_read_for_ids_where_each_kind_of_problem_is_raised():
    """The reading finds what it must: ids in calls, constants, defaults and returned tuples, at every floor."""
    found = raised_ids()
    assert {"yaml", "characters", "encoding", "format", "date", "image-alt", "image-file", "image-address",
            "link-address", "markdown-heading", "contact-email", "duplicate-id", "layout", "template", "link-cache",
            "link-broken", "link-moved", "link-redirect", "link-https", "spelling"} <= set(found)


def test_the_registry_names_no_id_that_nothing_raises():
    raised = set(raised_ids())
    assert {each.id for each in (*LOADING_RULES, *LINK_RULES, *PUSH_RULES)} - raised == set()


def test_each_id_has_one_level_and_each_rule_one_entry():
    rules = [*RULES, *LINK_RULES, *PUSH_RULES]
    assert len({each.id for each in rules}) == len(rules)
    levels = {}
    for each in (*RULES, *LOADING_RULES, *LINK_RULES, *PUSH_RULES):
        assert levels.setdefault(each.id, each.level) == each.level, each.id
