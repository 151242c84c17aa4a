"""One home per idea: merge tags live in lacnews/text/mergetags.py, invisible characters and bullets in
lacnews/text/characters.py, and a second definition anywhere else in lacnews/ fails here.

The scans read the source as written (string literals, not docstrings or comments), so that a copy of a
pattern, a vocabulary or a table made for one module's convenience is caught the day it is written. The
end-to-end test is the drift the tables ended: `lacnews add -` kept a left-to-right mark that `lacnews
check` then reported.
"""

from __future__ import annotations

import ast
import re
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, lacnews_command, lacnews_env

from lacnews.text.characters import BULLET_KINDS, INVISIBLE
from lacnews.text.mergetags import (
    CONDITIONALS,
    DEFAULT_AUDIENCE_FIELDS,
    MAILCHIMP_PREFIXES,
    MAILCHIMP_TAGS,
)

PACKAGE = REPO / "lacnews"
MERGE_TAGS_HOME = PACKAGE / "text" / "mergetags.py"
CHARACTERS_HOME = PACKAGE / "text" / "characters.py"


def literals(path: Path) -> list[tuple[int, str]]:
    """Return the string literals of a module with their lines, leaving out docstrings (prose, not tables)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def modules_but(home: Path) -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if path != home)


def where(path: Path, line: int) -> str:
    return f"{path.relative_to(REPO)}:{line}"


# Merge tags

# How a merge tag's ends are written in a regular expression: "\*\|" and "\|\*", in any escaping.
TAG_ENDS = ("\\*\\|", "\\|\\*", "[*]\\|", "\\|[*]", "[*][|]", "[|][*]")


def test_no_second_merge_tag_pattern():
    found = [where(path, line) for path in modules_but(MERGE_TAGS_HOME) for line, text in literals(path)
             if any(end in text for end in TAG_ENDS)]
    assert found == [], "a merge-tag regular expression outside lacnews/text/mergetags.py"


def collections_of_strings(path: Path) -> list[tuple[int, set[str]]]:
    """Return the strings of each set, list, tuple or dictionary (its keys) written in a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        elements = node.keys if isinstance(node, ast.Dict) else node.elts \
            if isinstance(node, (ast.Set, ast.List, ast.Tuple)) else None
        if elements:
            found.append((node.lineno, {element.value for element in elements
                                        if isinstance(element, ast.Constant) and isinstance(element.value, str)}))
    return found


def test_no_second_merge_tag_vocabulary():
    """Two tag names ("UNSUB", "IF:") in one collection outside mergetags.py are a list of tags growing again."""
    names = MAILCHIMP_TAGS | set(MAILCHIMP_PREFIXES) | set(DEFAULT_AUDIENCE_FIELDS) | set(CONDITIONALS)
    found = [where(path, line) for path in modules_but(MERGE_TAGS_HOME)
             for line, strings in collections_of_strings(path) if len(strings & names) >= 2]
    assert found == [], "merge-tag names listed outside lacnews/text/mergetags.py"


def test_one_way_of_holding_tags_through_a_parser():
    """Holding tags away from a parser is mergetags.HeldTags: no module makes stand-ins of its own."""
    found = [where(path, number) for path in modules_but(MERGE_TAGS_HOME)
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if any(mark in line.upper() for mark in ("PRIVATE_USE", "0XE000", "0XF8FF", "LACNEWSTAG"))]
    assert found == []


# Invisible characters and bullets

def test_no_second_table_of_invisible_characters_or_bullets():
    """Two of the table's invisible characters, the unshowable ones, or two bullets in one literal are a table."""
    glyphs = {glyph for glyph in BULLET_KINDS if not glyph.isascii()}
    found = []
    for path in modules_but(CHARACTERS_HOME):
        for line, text in literals(path):
            if len(set(text) & set(INVISIBLE)) >= 2 or "\ufffe" in text or "\ud800" in text:
                found.append(f"{where(path, line)}: invisible or unshowable characters")
            if len(set(text) & glyphs) >= 2:
                found.append(f"{where(path, line)}: bullets")
            if text in ("Zs", "Cf"):
                found.append(f"{where(path, line)}: a rule of what is invisible")
    assert found == [], "a table of characters outside lacnews/text/characters.py"


PASTED = ("News from the mosque\n"
          "Our \u200eimam and the\u00a0volunteers, a soft\u00adhyphen, zero\u200bwidth, a figure\u2007space, "
          "a word\u2060joiner and a byte-order\ufeffmark.\n")


def test_what_add_writes_check_does_not_call_paste_damage_and_fix_leaves_alone(project):
    """`lacnews add -` cleans pasted text of exactly the characters `check` reports: none is left behind."""
    added = subprocess.run([*lacnews_command(), "add", "march-2021", "-"], cwd=project.root, input=PASTED.encode(),
                           capture_output=True, env=lacnews_env(), timeout=120)
    assert added.returncode == 0, added.stderr.decode()
    written = (project.root / "issues" / "march-2021.yaml").read_text(encoding="utf-8")
    assert not set(written) & set(INVISIBLE)
    assert ("Our imam and the volunteers, a softhyphen, zerowidth, a figure space, a wordjoiner and a "
            "byte-ordermark.") in " ".join(written.split())  # add wraps the paragraph over lines

    checked = project.run("check", "march-2021")
    assert "invisible-character" not in checked.out and "paste-" not in checked.out, checked.out
    fixed = project.run("check", "--fix", "march-2021")
    assert "fixed" not in fixed.out, fixed.out
    assert (project.root / "issues" / "march-2021.yaml").read_text(encoding="utf-8") == written


@pytest.mark.parametrize("character", sorted(INVISIBLE))
def test_each_invisible_character_is_found_by_check_and_cleaned_by_add(character):
    from lacnews.imports.pasted import read_pasted
    from lacnews.text.pastedamage import damage
    from lacnews.text.pasterepair import repaired

    text = f"Title\nSome{character}words"
    assert [found.kind for found in damage(text.split("\n")[1])] == ["invisible"]
    assert character not in (read_pasted(text).body or "")
    assert repaired(text.split("\n")[1]) == (read_pasted(text).body or "")


# The editor's YAML

EDIT_HOME = PACKAGE / "yaml" / "edit.py"
NODES_HOME = PACKAGE / "yaml" / "nodes.py"
DUMPS = re.compile(r"\byaml\.(?:dump|safe_dump|dump_all|serialize|serialize_all|emit)\b")
# A walk of its own: pairs flattened into children, a node's children pushed on a stack, a field found by name.
WALKS = re.compile(r"for \w+ in \w+\.value for \w+ in pair|\.extend\(\w+\.value\)|\b\w+\.value == key\b")


def test_one_writer_and_one_walk_of_the_editors_yaml():
    """lacnews writes the editor's files through lacnews.yaml.edit, never by dumping YAML again, and walks their
    nodes with lacnews.yaml.nodes (walk, value_at, plain)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        found += [f"{where(path, text.count(chr(10), 0, match.start()) + 1)}: writes YAML"
                  for match in DUMPS.finditer(text) if path != EDIT_HOME]
        found += [f"{where(path, text.count(chr(10), 0, match.start()) + 1)}: walks nodes"
                  for match in WALKS.finditer(text) if path != NODES_HOME]
    assert found == []
