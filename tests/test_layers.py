"""The shape of the code: folders are the floors, each importing only from the floors below it, no circles.

A newcomer reads the architecture in lacnews/'s folder names, bottom to top:
base/ (errors, limits, the project and its format, files, fetching) -> text/ (Markdown, plain text,
paste damage, spelling, merge tags, characters) -> yaml/ (the editor's files with their places) ->
pipeline/ (inputs -> validate -> content -> pictures -> render -> inline) -> checks/ -> compose.py
(the one step every command stands on) -> imports/ (what `add` reads) -> outputs/ (leaves of a
composed issue) -> console.py (what is printed) -> commands/ (one module per verb) -> cli.py.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

FLOORS = [
    ("lacnews", "lacnews.__init__"),
    ("lacnews.base",),
    ("lacnews.text",),
    ("lacnews.yaml",),
    ("lacnews.pipeline",),
    ("lacnews.checks",),
    ("lacnews.compose", "lacnews.compose.composed"),
    ("lacnews.imports",),
    ("lacnews.outputs",),
    ("lacnews.console",),
    ("lacnews.commands",),
    ("lacnews.cli",),
    ("lacnews.__main__",),
]
# A floor's modules may import each other (without circles); these are leaves that import no sibling.
LEAVES = ("lacnews.outputs.", "lacnews.commands.")


def modules() -> dict[str, Path]:
    found = {}
    for path in (REPO / "lacnews").rglob("*.py"):
        if path.parent.name == "compiled_templates":
            continue  # Jinja's code for the built-in templates, shipped as Python files: data, not lacnews's modules
        parts = path.relative_to(REPO).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imports(path: Path, known: set[str]) -> set[str]:
    """Return the lacnews modules ``path`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        # `from lacnews.text import markdown` imports the module lacnews.text.markdown, not the package
        found |= {next(name for name in names if name in known)} if any(name in known for name in names) else set()
        found |= {name for name in names[:-1] if name in known}
    return found


def floor(module: str) -> int:
    """Return the floor of ``module``: that of the longest folder or module name it is, or lies inside."""
    matches = [(len(prefix), number) for number, prefixes in enumerate(FLOORS) for prefix in prefixes
               if module == prefix or (module.startswith(prefix + ".") and prefix != "lacnews")]
    if matches:
        return max(matches)[1]
    raise AssertionError(f"{module} is on no floor: put it in one of lacnews's folders (see {__file__})")


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {module: imports(path, known) - {module} for module, path in found.items()}


def test_every_module_imports_only_from_its_floor_or_below():
    upward = [f"{module} imports {imported}" for module, imported_set in sorted(graph().items())
              for imported in sorted(imported_set) if floor(imported) > floor(module)]
    assert upward == []


def test_no_import_circles():
    edges = graph()
    circles, done, path = [], set(), []

    def visit(module: str) -> None:
        if module in path:
            circles.append(" -> ".join(path[path.index(module):] + [module]))
            return
        if module in done:
            return
        path.append(module)
        for imported in sorted(edges.get(module, ())):
            visit(imported)
        path.pop()
        done.add(module)

    for module in sorted(edges):
        visit(module)
    assert circles == []


def test_outputs_and_commands_are_leaves():
    """An output never imports another output, and a command never imports another command: what two
    of them share lives on a floor below."""
    crossing = []
    for module, imported_set in sorted(graph().items()):
        for leaf in LEAVES:
            if module.startswith(leaf):
                own = leaf + module[len(leaf):].split(".")[0]
                crossing += [f"{module} imports {imported}" for imported in sorted(imported_set)
                             if imported.startswith(leaf) and not (imported == own or imported.startswith(own + "."))]
    assert crossing == []


def test_no_module_grows_past_600_lines():
    long = {module: n for module, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 600}
    assert long == {}


def test_only_the_command_line_and_the_console_print():
    """The commands return what happened; lacnews.cli and lacnews.console say it (an error shows itself, as
    click's exceptions do)."""
    printing = []
    for module, path in sorted(modules().items()):
        if module in ("lacnews.cli", "lacnews.console"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = ast.unparse(node.func)
                if name in ("print", "click.echo", "click.secho", "sys.stdout.write", "sys.stderr.write") and not (
                        module == "lacnews.base.errors"):
                    printing.append(f"{module}:{node.lineno}: {name}")
    assert printing == []
