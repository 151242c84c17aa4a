"""The email and the issue's page in the web archive from one rendering and one inlining.

The page is the email but for what the built-in email template writes under ``{% if web %}`` (the archive's
address for "View this email in your browser", no unsubscribe links, "Published by" for "This email was sent
by"). Rendered and inlined apart, that was a second rendering and a second inlining of the whole issue for a few
lines. Instead, the template is read once more with each such ``if`` made to write both of its ways, the email's
then the page's, between marks: private-use characters, which no text means anything by (and which keep the document
in two bytes a character, where a mark beyond them would make it four).
What comes of the rendering goes through inlining as one document, where each element's styles depend only on the
element and those around it above (``lacnews.pipeline.inline``), and the words' break opportunities end at a mark
(``lacnews.text.breaks``); ``split`` then keeps one way of each for the email, the other for the page.

Where anything might make that differ from rendering each apart, nothing is split and each is rendered as ever:
a template that tests ``web`` other than as a whole ``if`` (an ``elif``, an ``if`` inside another, ``web`` in an
expression, an ``if`` whose way sets a variable or defines a macro, which the other way would then see), a
project's own templates, and any mark not where the template wrote it (an editor's text holding one, an attribute
lxml rewrote). tests/test_variants.py proves the email and the page the same as rendered apart.
"""

from __future__ import annotations

from jinja2 import nodes

EMAIL, PAGE, END = "\uf8f0", "\uf8f1", "\uf8f2"  # before the email's way, the page's, and after both
MARKS = EMAIL + PAGE + END
MARK = "lacnews_variant_mark"  # the context's name of what writes a mark (``Marks``)
WEB = "web"


class Marks:
    """Writes the marks of one rendering, counting them: a mark the rendering holds beyond that count came from
    elsewhere (an editor's text), and the rendering is not split."""

    def __init__(self) -> None:
        self.written = 0

    def __call__(self, mark: str) -> str:
        self.written += 1
        return mark


def both_ways_name(name: str) -> str:
    """Return what template ``name`` rendering both ways is known by, beside ``name`` itself: with the marks it
    writes, so that code made with others is not taken for it."""
    return f"{name} (both ways, {MARKS.encode('unicode_escape').decode()})"


def both_ways(template: nodes.Template) -> nodes.Template | None:
    """Return ``template`` (Jinja's tree of it) with each ``{% if web %}`` and ``{% if not web %}`` writing both of
    its ways between marks; None where ``web`` is read in any other way, or not at all."""
    changed = 0

    def rewrite(node: nodes.Node) -> None:
        """Rewrite the ``if``s of ``node``'s bodies, and of theirs, in place."""
        nonlocal changed
        for field, value in node.iter_fields():
            if not isinstance(value, list):
                continue  # an expression: an if's test, a loop's list (one reading web is found below)
            rewritten = []
            for each in value:
                ways = _ways(each) if isinstance(each, nodes.If) else None
                if ways is None:
                    if isinstance(each, nodes.Node):
                        rewrite(each)
                    rewritten.append(each)
                else:  # its ways as they are: an if on web inside one is found below, as web still read
                    rewritten += [_mark(EMAIL), *ways[0], _mark(PAGE), *ways[1], _mark(END)]
                    changed += 1
            setattr(node, field, rewritten)

    rewrite(template)
    still_read = any(name.name == WEB for name in template.find_all(nodes.Name))
    return template if changed and not still_read else None


# What a way may not hold: written both ways, each would be done, and what follows would see the page's way's
# (a variable set, a macro or block defined, names imported).
_DONE_BOTH_WAYS = (nodes.Assign, nodes.AssignBlock, nodes.Macro, nodes.Block, nodes.Import, nodes.FromImport,
                   nodes.Extends)


def _ways(node: nodes.If) -> tuple[list[nodes.Node], list[nodes.Node]] | None:
    """Return the email's and the page's way of an ``{% if web %}`` or ``{% if not web %}`` without ``elif``, and
    where neither way does what would outlast it (``_DONE_BOTH_WAYS``)."""
    if node.elif_:
        return None
    test = node.test
    if isinstance(test, nodes.Name) and test.name == WEB:
        ways = node.else_, node.body
    elif isinstance(test, nodes.Not) and isinstance(test.node, nodes.Name) and test.node.name == WEB:
        ways = node.body, node.else_
    else:
        return None
    outlasting = any(isinstance(statement, _DONE_BOTH_WAYS) or next(statement.find_all(_DONE_BOTH_WAYS), None)
                     for way in ways for statement in way)
    return None if outlasting else ways


def _mark(mark: str) -> nodes.Output:
    return nodes.Output([nodes.Call(nodes.Name(MARK, "load"), [nodes.Const(mark)], [], None, None)])


def split(text: str, written: int) -> tuple[str, str] | None:
    """Return the email's and the page's ways of ``text``, rendered both ways (``both_ways``) with ``written``
    marks; None where its marks are not all and only those, in their order."""
    if written % 3 or sum(text.count(mark) for mark in MARKS) != written:
        return None
    email, page = [], []
    start = 0
    # Found in order, as many as the text holds: each mark of the text is one of these, so all are in order.
    for _ in range(written // 3):
        opening = text.find(EMAIL, start)
        middle = text.find(PAGE, opening + 1) if opening >= 0 else -1
        closing = text.find(END, middle + 1) if middle >= 0 else -1
        if closing < 0:
            return None
        before = text[start:opening]
        email += (before, text[opening + 1:middle])
        page += (before, text[middle + 1:closing])
        start = closing + 1
    email.append(text[start:])
    page.append(text[start:])
    return "".join(email), "".join(page)
