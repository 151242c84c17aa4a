"""Inline the email's CSS with premailer — once per stylesheet, not once per build.

premailer's defaults are wrong for email in three ways measured here: they
strip ``!important`` from the @media rules they keep (the phone layout then
loses to the inlined desktop styles), a ``base_url`` rewrites
``href="*|UNSUB|*"`` into a broken address, and they fetch remote stylesheets.

premailer is also most of a build's time: importing it (cssutils, requests)
and parsing the stylesheet cost more than everything else together. Yet what
it does to an element depends only on the stylesheet, on which of its rules
match the element, and on the element's tag and the attributes premailer
writes (style, align, valign, bgcolor) — provided every selector is made of
tags, classes and ids joined by descendant and child combinators (no
``:first-child``, ``[attr]``, ``+`` or ``~``). lacnews matches such selectors
itself, in one walk down the document, and gives each element a key of those
things; what premailer did to each key is kept in the user's cache under a
digest of the stylesheet and of premailer itself. A document whose every key
is known is styled from the cache with lxml, exactly as premailer would have
styled it, and serialised the same way; any other document goes through
premailer, which teaches the cache its keys.

The built-in templates' stylesheet with the default colours is known before
any build: ``inline_seed.json`` holds premailer's work on it, made by premailer
from a corpus of issues (``LACNEWS_UPDATE_SEED=1 pytest tests/test_inline.py``)
and proved current against the installed premailer by that test. It is used
only where premailer, cssutils, cssselect and lxml are the versions it was made
with, so an empty user cache costs no import of premailer either.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from lacnews.base.cache import cache_dir, read_json, write_json
from lacnews.pipeline import variants
from lacnews.text.breaks import breakable
from lacnews.text.mergetags import HeldTags

DOCTYPE = "<!DOCTYPE html>"
# Bump when the options below or the keys change: the cached results are premailer's under these options.
OPTIONS_VERSION = "2"
SEED = Path(__file__).with_name("inline_seed.json")
_LEADING_DOCTYPE = re.compile(r"^<!DOCTYPE[^>]*>", re.IGNORECASE)


def inline_css(html: str) -> str:
    """Return ``html`` with its <style> rules inlined and its @media rules kept in <style>, and break
    opportunities in its long words (``lacnews.text.breaks``)."""
    return _inlined(html)  # never None: that is for marks alone


def inline_both_ways(html: str) -> str | None:
    """Return ``html`` rendered both ways (``lacnews.pipeline.variants``) inlined as ``inline_css`` inlines, each
    word ending at a mark; None, inlining nothing, where premailer alone could style it: its rules may then look at
    an element's siblings, among which the other way's elements would be."""
    return _inlined(html, variants.MARKS)


def _inlined(html: str, marks: str = "") -> str | None:
    # lxml writes a link's address percent-encoded (a space in *|DATE:d/m Y|* becomes %20): merge tags
    # go through it as plain words of letters and digits and come back as they were written.
    held = HeldTags(html, ascii=True, html=True)
    stripped = held.text.strip()
    tree = etree.fromstring(stripped, etree.HTMLParser()).getroottree()
    style_elements = list(tree.iter("style"))
    plan = _Plan.for_stylesheets([e.text or "" for e in style_elements]) if _fast_path_possible(tree) else None
    if plan is None:
        if marks:
            return None
        _premailer(tree)
    elif not plan.replay(tree):
        keys = plan.matcher.keys(tree.getroot())
        before = {element: dict(element.attrib) for element in keys}
        _premailer(tree)
        if plan.learn(keys, before, style_elements):
            write_json(cache_dir("inline"), plan.key, plan.entry)
    breakable(tree, held.open, marks)  # after styling: what premailer does to an element never depends on it
    root = tree if stripped.startswith(tree.docinfo.doctype) else tree.getroot()
    transformed = etree.tostring(root, method="html", pretty_print=True, encoding="utf-8").decode("utf-8")
    # lxml writes the old HTML 4 doctype it was given none of; mail clients want the plain one.
    return held.restore(f"{DOCTYPE}\n{_LEADING_DOCTYPE.sub('', transformed.lstrip()).lstrip()}")


def _premailer(tree) -> None:
    """Inline ``tree``'s CSS in place with premailer."""
    # premailer imports requests at its top but calls it only to fetch remote stylesheets, which
    # is turned off here: let the import be a lazy one, costing nothing unless it is ever used.
    _import_lazily("requests")
    import premailer  # only on a cache miss: it is most of a build's time

    premailer.Premailer(
        base_url=None,
        disable_link_rewrites=True,
        strip_important=False,
        keep_style_tags=False,
        remove_classes=False,
        allow_network=False,
        allow_loading_external_files=False,
        disable_validation=True,
        # Outlook sizes images by their width attribute: keep the pixels we wrote.
        disable_basic_attributes=["width", "height"],
        cssutils_logging_level=logging.CRITICAL,
        cache_css_parsing=True,
    ).transform(tree.getroot())


def _import_lazily(name: str) -> None:
    """Make the first ``import name`` cheap: the module runs when one of its attributes is first read."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


def _fast_path_possible(tree) -> bool:
    """Whether premailer's work on ``tree`` can be replayed: a head, and style elements it reads as they are."""
    if tree.getroot() is None or tree.find(".//head") is None:
        return False
    return all(not element.attrib for element in tree.iter("style"))


# --- which rules match an element -------------------------------------------

_IDENT = "-?[A-Za-z_][A-Za-z0-9_-]*"
_COMPOUND = re.compile(f"({_IDENT}|\\*)?((?:[.#]{_IDENT})*)")
_NAME = re.compile(f"([.#])({_IDENT})")
_COMBINATOR = re.compile("[ \t\n\r\f]*(>)[ \t\n\r\f]*|[ \t\n\r\f]+")
_CSS_SPACE = " \t\n\r\f"
_XPATH_SPACE = re.compile("[ \t\n\r]+")  # what cssselect's class test (normalize-space) splits a class list at
# premailer writes these from the final style; their values before decide whether a write shows as a change.
_WRITTEN = ("style", "align", "valign", "bgcolor")
_NONE_WRITTEN = "\x00" * len(_WRITTEN)  # the key's end for an element with none of them


@dataclass(frozen=True)
class _Compound:
    """One step of a selector: a tag (None for any) and the classes and ids the element must have."""

    tag: str | None
    classes: frozenset[str]
    ids: frozenset[str]

    def matches(self, tag: str, classes: frozenset[str], element_id: str | None) -> bool:
        return ((self.tag is None or self.tag == tag) and self.classes <= classes
                and all(name == element_id for name in self.ids))


Selector = tuple[tuple[str, _Compound], ...]  # each step with the combinator before it: "", " " or ">"


def _parse_selector(text: str) -> Selector | None:
    """Return the steps of ``text``, or None where it is not tags, classes and ids joined by " " and ">"."""
    text = text.strip(_CSS_SPACE)
    steps: list[tuple[str, _Compound]] = []
    position, combinator = 0, ""
    while True:
        step = _COMPOUND.match(text, position)
        if step is None or step.end() == position:
            return None
        names = _NAME.findall(step.group(2))
        tag = step.group(1)
        steps.append((combinator, _Compound(None if tag in (None, "*") else tag,
                                            frozenset(name for mark, name in names if mark == "."),
                                            frozenset(name for mark, name in names if mark == "#"))))
        position = step.end()
        if position == len(text):
            return tuple(steps)
        between = _COMBINATOR.match(text, position)
        if between is None or between.end() == position:
            return None
        combinator, position = (">" if between.group(1) else " "), between.end()


_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_CSS_MARK = re.compile("[{};]")


def _top_level_selectors(css: str) -> list[str]:
    """Return the selectors of the rules outside any @-block (premailer inlines those only), comments left out."""
    css = _CSS_COMMENT.sub(" ", css)
    selectors, depth, start = [], 0, 0
    for mark in _CSS_MARK.finditer(css):
        if mark.group() == "{":
            if depth == 0:
                selectors.append(css[start:mark.start()].strip())
            depth += 1
        elif mark.group() == "}":
            depth = max(0, depth - 1)
            if depth == 0:
                start = mark.end()
        elif depth == 0:
            start = mark.end()  # after an @import or @charset statement
    return selectors


class _Matcher:
    """Which selectors of a stylesheet match each element of a document.

    One walk down the document: an element's matches follow from what its parent left open and from its own
    tag, classes and id, so each such step is worked out once and remembered for every later element (and
    document) that takes it. What is left open is the selectors matched up to a step, waiting for a
    descendant (``" "``) or a child (``">"``) to match the next.
    """

    def __init__(self, selectors: list[Selector]):
        self.selectors = selectors
        self.uses_ids = any(compound.ids for selector in selectors for _, compound in selector)
        self._open: list[tuple[frozenset, frozenset]] = [(frozenset(), frozenset())]  # by number: (descendant, child)
        self._numbers: dict[tuple[frozenset, frozenset], int] = {self._open[0]: 0}
        self._steps: dict[tuple, tuple[str, int]] = {}

    def keys(self, root) -> dict:
        """Return the key of every element of the document at ``root`` but its style elements."""
        keys = {}
        stack = [(root, 0)]
        while stack:
            element, state = stack.pop()
            if not isinstance(element.tag, str) or element.tag == "style":  # a comment or processing instruction;
                continue  # the stylesheet
            keys[element], inner = self.key_of(self.kind(element, state))
            stack.extend((child, inner) for child in element)
        return keys

    def kind(self, element, state: int) -> tuple:
        """Return what an element's key is made of: what its parent left open, its tag, class and id, and the
        attributes premailer writes (only the first four for an element without attributes, as most are)."""
        attrib = element.attrib
        if not attrib:
            return state, element.tag, None, None
        get = attrib.get
        return (state, element.tag, get("class"), get("id") if self.uses_ids else None, *map(get, _WRITTEN))

    def _step(self, state: int, tag: str, class_list: str | None, element_id: str | None) -> tuple[str, int]:
        """Return the element's tag and matched selectors (its key's start), and what it leaves open."""
        descendant, child = self._open[state]
        classes = frozenset(_XPATH_SPACE.split(class_list.strip(" \t\r\n"))) if class_list else frozenset()
        matched, opened = [], []
        for number, selector in enumerate(self.selectors):
            for index, (combinator, compound) in enumerate(selector):
                if not compound.matches(tag, classes, element_id):
                    continue
                if index and (number, index) not in (descendant if combinator == " " else child):
                    continue
                if index == len(selector) - 1:
                    matched.append(number)
                else:
                    opened.append((number, index + 1))
        inner = (descendant | {each for each in opened if self.selectors[each[0]][each[1]][0] == " "},
                 frozenset(each for each in opened if self.selectors[each[0]][each[1]][0] == ">"))
        number = self._numbers.get(inner)
        if number is None:
            number = self._numbers[inner] = len(self._open)
            self._open.append(inner)
        return f"{tag} {','.join(map(str, sorted(set(matched))))}", number

    def key_of(self, kind: tuple) -> tuple[str, int]:
        """Return the key of an element of ``kind`` (``kind``), and what it leaves open."""
        state, tag, class_list, element_id, *written = kind
        step = self._steps.get((state, tag, class_list, element_id))
        if step is None:
            step = self._steps[(state, tag, class_list, element_id)] = self._step(state, tag, class_list, element_id)
        matched, inner = step
        if not written:
            return matched + _NONE_WRITTEN, inner
        return "\x00".join((matched, *("" if value is None else "=" + value for value in written))), inner



def _matcher_for(styles: list[str]) -> _Matcher | None:
    """Return the matcher of the rules premailer inlines, or None where a selector is beyond it."""
    selectors = []
    for css in styles:
        for text in _top_level_selectors(css):
            if text.startswith("@"):
                continue  # @media and other @-blocks stay in <style> as they are
            for part in text.split(","):
                selector = _parse_selector(part)
                if selector is None:
                    return None  # a selector that looks at siblings or attributes: premailer every time
                if "*" not in part:  # premailer leaves out every rule with a * in its selector
                    selectors.append(selector)
    return _Matcher(selectors)


# --- what premailer did, by key ---------------------------------------------


@lru_cache(maxsize=1)
def _premailer_files() -> tuple[tuple[str, Path | None], ...]:
    """Return the files of premailer and cssutils whose state identifies them: found once a process."""
    files = []
    for package, names in (("premailer", ("premailer.py", "merge_style.py")), ("cssutils", ("__init__.py",))):
        spec = importlib.util.find_spec(package)
        folder = Path(spec.origin).parent if spec and spec.origin else None
        files += [(f"{package}/{name}", folder / name if folder else None) for name in names]
    return tuple(files)


def _premailer_identity() -> str:
    """Return what identifies the installed premailer and cssutils, without importing them: their files as they are
    now (a preview that runs on sees them upgraded)."""
    parts = [f"lxml {etree.LXML_VERSION}", OPTIONS_VERSION]
    for name, path in _premailer_files():
        try:
            info = path.stat() if path else None
        except OSError:
            info = None
        parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}" if info else f"{name}:-")
    return "\n".join(parts)


@lru_cache(maxsize=1)
def seed_identity() -> str:
    """Return the releases of premailer, cssutils, cssselect and lxml installed, to their minor version (from their
    dist-info folders, importing none of them), and of the options: the seed is premailer's work under these.

    A bug-fix release (lxml 6.2.0 to 6.2.1) does not change how premailer inlines, and the tests prove the seed
    against whatever is installed where they run; a new minor release asks for the seed to be made again."""
    parts = [f"options {OPTIONS_VERSION}", f"lxml {'.'.join(map(str, etree.LXML_VERSION[:2]))}"]
    for package in ("premailer", "cssutils", "cssselect"):
        spec = importlib.util.find_spec(package)
        versions = []
        if spec is not None and spec.origin:
            folder = Path(spec.origin).parent.parent
            try:
                versions = [name[len(package) + 1:-len(".dist-info")] for name in os.listdir(folder)
                            if name.startswith(f"{package}-") and name.endswith(".dist-info")]
            except OSError:
                versions = []
        parts.append(f"{package} {'.'.join(versions[0].split('.')[:2]) if len(versions) == 1 else '?'}")
    return ", ".join(parts)


def styles_digest(styles: list[str]) -> str:
    """Return the digest of a document's stylesheets, by which the seed knows them."""
    digest = hashlib.sha256()
    for css in styles:
        digest.update(b"\x00" + css.encode("utf-8"))
    return digest.hexdigest()


@lru_cache(maxsize=2)
def _seed(path: Path) -> dict:
    """Return the stylesheets of the seed at ``path``, read once a process; none where it was made under other
    versions."""
    try:
        seed = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(seed, dict) or seed.get("made_with") != seed_identity():
        return {}
    return seed.get("stylesheets") or {}


def _seeded(digest: str) -> dict | None:
    """Return the seed's entry for the stylesheets of ``digest``, where the seed was made under these versions."""
    entry = _seed(SEED).get(digest)
    return {"leftover": entry["leftover"], "elements": dict(entry["elements"])} if entry else None


class _Plan:
    """What premailer does to the elements of documents that share one stylesheet."""

    _memory: dict[str, _Plan] = {}  # per process, so a batch reads the cache file once
    _REMEMBERED = 16  # stylesheets; a preview session makes a new one at each edit of a template

    def __init__(self, key: str, matcher: _Matcher, entry: dict):
        self.key = key
        self.matcher = matcher
        self.entry = entry  # {"leftover": [...], "elements": {key: [[name, value], ...]}}
        self._kinds: dict[tuple, tuple[list, int]] = {}  # by an element's kind (_Matcher.kind): its work, what it opens

    @classmethod
    def for_stylesheets(cls, styles: list[str]) -> _Plan | None:
        digest = styles_digest(styles)
        key = hashlib.sha256(f"{_premailer_identity()}\x00{digest}".encode()).hexdigest()
        plan = cls._memory.get(key)
        if plan is not None:
            return plan
        matcher = _matcher_for(styles)
        if matcher is None:
            return None
        stored = read_json(cache_dir("inline"), key)
        entry = stored if _well_formed(stored, len(styles)) else None
        entry = entry or _seeded(digest) or {"leftover": None, "elements": {}}
        if len(cls._memory) >= cls._REMEMBERED:
            del cls._memory[next(iter(cls._memory))]  # the oldest
        plan = cls._memory[key] = cls(key, matcher, entry)
        return plan

    def replay(self, tree) -> bool:
        """Style ``tree`` from what is known, in one walk down it; return False, changing nothing, if anything is
        not. An element's work is found by what its key is made of, each such kind worked out once and
        remembered: most elements of a document are of a kind seen before, in it or in an earlier one."""
        if self.entry["leftover"] is None:
            return False
        known, kinds, matcher = self.entry["elements"], self._kinds, self.matcher
        work = []
        stack = [(tree.getroot(), 0)]
        while stack:
            element, state = stack.pop()
            if not isinstance(element.tag, str) or element.tag == "style":  # a comment or processing instruction;
                continue  # the stylesheet
            kind = matcher.kind(element, state)
            styled = kinds.get(kind)
            if styled is None:
                key, inner = matcher.key_of(kind)
                changes = known.get(key)
                if changes is None:
                    return False
                styled = kinds[kind] = (changes, inner)
            changes, inner = styled
            if changes:
                work.append((element, changes))
            stack.extend((child, inner) for child in element)
        for element, leftover in zip(list(tree.iter("style")), self.entry["leftover"]):
            if leftover is None:
                element.getparent().remove(element)
            else:
                element.text = leftover
        for element, changes in work:
            for name, value in changes:
                element.set(name, value)
        return True

    def learn(self, keys: dict, before: dict, style_elements: list) -> bool:
        """Record what premailer did to each element; return whether it could be (premailer's work was one for
        each key)."""
        known = self.entry["elements"]
        for element, key in keys.items():
            after = dict(element.attrib)
            if any(name not in after for name in before[element]):
                return False  # premailer removed an attribute: not something to replay
            changes = [[name, value] for name, value in after.items() if before[element].get(name) != value]
            if known.setdefault(key, changes) != changes:
                return False  # the key did not decide premailer's work after all: keep to premailer
        self.entry["leftover"] = [None if element.getparent() is None else element.text
                                  for element in style_elements]
        return True


def _well_formed(stored: object, styles: int) -> bool:
    return (isinstance(stored, dict) and isinstance(stored.get("elements"), dict)
            and (stored.get("leftover") is None
                 or (isinstance(stored["leftover"], list) and len(stored["leftover"]) == styles)))


def learned(documents: list[str]) -> dict[str, dict]:
    """Return premailer's work on ``documents`` by the digest of their stylesheets, as the seed keeps it: what
    ``lacnews.pipeline.inline`` knows from the start. Raise ``ValueError`` for a document beyond replaying."""
    plans: dict[str, _Plan] = {}
    for document in documents:
        tree = etree.fromstring(HeldTags(document, ascii=True, html=True).text.strip(), etree.HTMLParser()).getroottree()
        style_elements = list(tree.iter("style"))
        styles = [element.text or "" for element in style_elements]
        matcher = _matcher_for(styles) if _fast_path_possible(tree) else None
        if matcher is None:
            raise ValueError("a document whose stylesheet premailer's work cannot be replayed from")
        digest = styles_digest(styles)
        plan = plans.setdefault(digest, _Plan(digest, matcher, {"leftover": None, "elements": {}}))
        keys = plan.matcher.keys(tree.getroot())
        before = {element: dict(element.attrib) for element in keys}
        _premailer(tree)
        if not plan.learn(keys, before, style_elements):
            raise ValueError("premailer's work on an element is not decided by its key")
    return {digest: {"leftover": plan.entry["leftover"], "elements": dict(sorted(plan.entry["elements"].items()))}
            for digest, plan in sorted(plans.items())}
