"""Write the parts of the guide (docs/) that are read from the code, so they cannot drift from it.

    python tools/docs_pages.py           # rewrite the generated parts in docs/
    python tools/docs_pages.py --check   # exit 1, naming each page, if one is out of date

A generated part of a page sits between two comments that name it:

    <!-- generated: rules -->
    ... written by this script ...
    <!-- end of generated: rules -->

Its name says what fills it: ``rules``, ``loading-rules``, ``link-rules`` and ``push-rules`` are tables of
lacnews/checks/registry.py (id, level, what it checks, and whether `check --fix` repairs it where the
registry says so); ``fields:Issue``, ``fields:Newsletter`` … are the fields of a class of
lacnews/base/schema.py with what its ``doc`` says. Everything outside those comments is written by hand.
tests/test_docs.py fails when a committed page is not what this script would write.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
sys.path.insert(0, str(REPO))  # the checkout's lacnews, as the tests use it

from lacnews.base import schema  # noqa: E402
from lacnews.checks import registry  # noqa: E402

REGION = re.compile(r"(<!-- generated: (?P<name>[\w:-]+) -->\n)(?P<body>.*?)(<!-- end of generated: (?P=name) -->)",
                    re.DOTALL)
# What Markdown would read inside inline HTML: written as entities there, so that *|UNSUB|* stays itself
MARKUP_ENTITIES = {"|": "&#124;", "*": "&#42;", "_": "&#95;", "`": "&#96;", "\\": "&#92;"}
SCHEMA_CLASSES = ("Newsletter", "Sender", "Contact", "Theme", "Mailchimp", "Issue", "Section", "Item", "Image",
                  "Quote", "Link")


def cell(text: str) -> str:
    """Return ``text`` fit for one cell of a Markdown table, as MkDocs and GitHub both read it: on one line,
    its pipes escaped, angle brackets outside `code` written as entities (so that <html lang> is shown, not
    taken for a tag), and code holding a pipe written as HTML (neither reads an escaped pipe inside `code`
    the same way)."""
    parts = " ".join(text.split()).split("`")
    for index, part in enumerate(parts):
        if index % 2 == 0:
            parts[index] = part.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
        elif "|" in part:
            escaped = html.escape(part, quote=False)
            parts[index] = "<code>" + "".join(MARKUP_ENTITIES.get(char, char) for char in escaped) + "</code>"
        else:
            parts[index] = f"`{part}`"
    return "".join(parts)


def fix_note(rule) -> str:
    """Return what the rules' table says of `check --fix` for ``rule``: the registry's own words, or yes."""
    fixable = getattr(rule, "fixable", False)  # a flag the registry may not have yet
    if not fixable:
        return ""
    return cell(fixable) if isinstance(fixable, str) else "yes"


def rules_table(rules) -> str:
    """Return a table of ``rules``: id, level, what it checks, and a column for `--fix` if any is fixable."""
    fixing = any(fix_note(rule) for rule in rules)
    head = "| rule | level | what it checks |" + (" `check --fix` |" if fixing else "")
    lines = [head, "|---|---|---|" + ("---|" if fixing else "")]
    for rule in rules:
        row = f"| `{rule.id}` | {rule.level} | {cell(rule.summary)} |"
        lines.append(row + (f" {fix_note(rule)} |" if fixing else ""))
    return "\n".join(lines) + "\n"


def annotation_kind(field: dataclasses.Field) -> str:
    """Return what the format table says of a field beside its name: required, markdown, or its default."""
    notes = []
    required = field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
    if required:
        notes.append("required")
    if re.search(r"\bMarkdown\b", str(field.type)):
        notes.append("markdown")
    if not required and field.default not in (None, dataclasses.MISSING, False, ""):
        notes.append(f"default `{field.default}`")
    return ", ".join(notes)


def fields_table(class_name: str) -> str:
    """Return a table of the fields of ``schema.<class_name>``: name, required/markdown/default, its doc."""
    lines = ["| field | | what it is |", "|---|---|---|"]
    for field in dataclasses.fields(getattr(schema, class_name)):
        if field.metadata.get("internal"):
            continue
        lines.append(f"| `{field.name}` | {annotation_kind(field)} | {cell(field.metadata.get('doc', ''))} |")
    return "\n".join(lines) + "\n"


def generated(name: str) -> str:
    """Return the text of the generated part ``name``."""
    tables = {"rules": registry.RULES, "loading-rules": registry.LOADING_RULES,
              "link-rules": registry.LINK_RULES, "push-rules": registry.PUSH_RULES,
              "spam-rules": registry.SPAM_RULES}
    if name in tables:
        return rules_table(tables[name])
    kind, _, class_name = name.partition(":")
    if kind == "fields" and class_name in SCHEMA_CLASSES:
        return fields_table(class_name)
    raise SystemExit(f"docs: no generator for '<!-- generated: {name} -->'; known: {', '.join(tables)}, "
                     f"{', '.join('fields:' + each for each in SCHEMA_CLASSES)}")


def regenerate(text: str) -> str:
    """Return a page's text with every generated part written afresh."""
    return REGION.sub(lambda match: match.group(1) + generated(match.group("name")) + match.group(4), text)


def out_of_date(docs: Path = DOCS) -> dict[Path, str]:
    """Return each page of ``docs`` whose generated parts differ from what they should be → its new text."""
    pages = {}
    for page in sorted(docs.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        fresh = regenerate(text)
        if fresh != text:
            pages[page] = fresh
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a page is out of date")
    args = parser.parse_args(argv)
    stale = out_of_date()
    for page, text in stale.items():
        name = page.relative_to(REPO)
        if args.check:
            print(f"{name} is out of date: run python tools/docs_pages.py")
        else:
            page.write_text(text, encoding="utf-8")
            print(f"wrote {name}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
