"""The shape of the code: modules in layers, each importing only from layers below it, no circles.

The layers are the README's map for contributors: a new output goes in
lacnews/outputs/ and imports nothing above the composition step.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

LAYERS = [
    # what every step shares: errors and places, limits, rules about addresses and dates, files
    {"lacnews", "lacnews.__init__", "lacnews.errors"},
    {"lacnews.limits", "lacnews.addresses", "lacnews.dates", "lacnews.placeholders", "lacnews.breaks", "lacnews.fetch", "lacnews.private_network",
     "lacnews.yamlhints",
     "lacnews.languages", "lacnews.i18n",
     "lacnews.cache", "lacnews.progress", "lacnews.write", "lacnews.colour"},
    {"lacnews.project", "lacnews.yamlsource", "lacnews.schema", "lacnews.markdown", "lacnews.findings"},
    {"lacnews.palette", "lacnews.htmltext"},
    # the pipeline's steps
    {"lacnews.validate", "lacnews.plaintext", "lacnews.spelling", "lacnews.inputs", "lacnews.inline", "lacnews.pictures",
     "lacnews.pastedamage",
     "lacnews.samples"},
    {"lacnews.content", "lacnews.render"},
    {"lacnews.composed"},
    {"lacnews.checks", "lacnews.linkcheck"},
    {"lacnews.compose"},
    # what `lacnews add` reads: a section from a Word document, a web article or pasted text
    {"lacnews.imports", "lacnews.imports.__init__"},
    {"lacnews.imports.docx", "lacnews.imports.article", "lacnews.imports.pasted"},
    # outputs, each a leaf of the composed issue
    {"lacnews.records", "lacnews.outputs", "lacnews.outputs.__init__", "lacnews.outputs.email_files",
     "lacnews.outputs.archive_page", "lacnews.outputs.proof"},
    {"lacnews.outputs.site"},
    # the commands' work
    {"lacnews.checking", "lacnews.build", "lacnews.send", "lacnews.previewer", "lacnews.fix"},
    {"lacnews.listing"},
    {"lacnews.new", "lacnews.preview", "lacnews.add"},
    {"lacnews.cli"},
    {"lacnews.__main__"},
]
OUTPUTS = "lacnews.outputs."


def modules() -> dict[str, Path]:
    return {".".join(path.relative_to(REPO).with_suffix("").parts): path
            for path in (REPO / "lacnews").rglob("*.py")}


def imports(path: Path, known: set[str]) -> set[str]:
    """Return the lacnews modules ``path`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {name for name in names if name in known}
    return found


def rank(module: str) -> int:
    for number, layer in enumerate(LAYERS):
        if module in layer:
            return number
    raise AssertionError(f"{module} is in no layer: add it to LAYERS in {__file__} (and the README's map)")


def test_every_module_imports_only_from_layers_below_it():
    found = modules()
    known = set(found) | {"lacnews"}
    upward = []
    for module, path in sorted(found.items()):
        for imported in sorted(imports(path, known) - {module, "lacnews"}):
            if rank(imported) >= rank(module):
                upward.append(f"{module} imports {imported}")
    assert upward == []


def test_no_output_imports_another_output():
    found = modules()
    crossing = [f"{module} imports {imported}" for module, path in found.items() if module.startswith(OUTPUTS)
                for imported in imports(path, set(found)) if imported.startswith(OUTPUTS) and imported != module]
    assert crossing == []
