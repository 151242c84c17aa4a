"""Inline the email's CSS with premailer — once per stylesheet, not once per build.

premailer's defaults are wrong for email in three ways measured here: they
strip ``!important`` from the @media rules they keep (the phone layout then
loses to the inlined desktop styles), a ``base_url`` rewrites
``href="*|UNSUB|*"`` into a broken address, and they fetch remote stylesheets.

premailer is also most of a build's time: importing it (cssutils, requests)
and parsing the stylesheet cost more than everything else together. Yet what
it does to an element depends only on the stylesheet and on where the element
stands: its tag, its classes and ids and those of its ancestors, and its own
style attribute — provided every selector is made of those alone (no
``:first-child``, ``[attr]``, ``+`` or ``~``). So each element is given a
signature, and what premailer did to each signature is kept in the user's
cache under a digest of the stylesheet and of premailer itself. A document
whose every signature is known is styled from the cache with lxml, exactly as
premailer would have styled it, and serialised the same way; any other
document goes through premailer, which teaches the cache its signatures.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import re
import sys
from pathlib import Path

from lxml import etree

from lacnews.base.cache import cache_dir, read_json, write_json
from lacnews.text.breaks import breakable
from lacnews.text.mergetags import HeldTags

DOCTYPE = "<!DOCTYPE html>"
# Bump when the options below change: the cached results are premailer's under these options.
OPTIONS_VERSION = "1"
SIMPLE_SELECTOR = re.compile(r"[A-Za-z0-9_\-.#>*,\s]*")
_LEADING_DOCTYPE = re.compile(r"^<!DOCTYPE[^>]*>", re.IGNORECASE)


def inline_css(html: str) -> str:
    """Return ``html`` with its <style> rules inlined and its @media rules kept in <style>, and break
    opportunities in its long words (``lacnews.text.breaks``)."""
    # lxml writes a link's address percent-encoded (a space in *|DATE:d/m Y|* becomes %20): merge tags
    # go through it as plain words of letters and digits and come back as they were written.
    held = HeldTags(html, ascii=True, html=True)
    stripped = held.text.strip()
    tree = etree.fromstring(stripped, etree.HTMLParser()).getroottree()
    style_elements = list(tree.iter("style"))
    plan = _Plan.for_stylesheets([e.text or "" for e in style_elements]) if _fast_path_possible(tree) else None
    if plan is None:
        _premailer(tree)
    else:
        signatures = {element: plan.signature(element) for element in tree.iter(etree.Element)}
        if not plan.apply(tree, signatures):
            before = {element: dict(element.attrib) for element in signatures}
            _premailer(tree)
            plan.learn(signatures, before, style_elements)
    breakable(tree, held.open)  # after styling: what premailer does to an element never depends on it
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


def _top_level_selectors(css: str) -> list[str]:
    """Return the selectors of the rules outside any @-block (premailer inlines those only)."""
    selectors, depth, start, index = [], 0, 0, 0
    while index < len(css):
        if css.startswith("/*", index):
            end = css.find("*/", index + 2)
            index = len(css) if end < 0 else end + 2
            continue
        char = css[index]
        if char == "{":
            if depth == 0:
                selectors.append(css[start:index].strip())
            depth += 1
        elif char == "}":
            depth = max(0, depth - 1)
            if depth == 0:
                start = index + 1
        elif char == ";" and depth == 0:
            start = index + 1  # an @import or @charset statement
        index += 1
    return selectors


def _premailer_identity() -> str:
    """Return what identifies the installed premailer and cssutils, without importing them."""
    parts = [f"lxml {etree.LXML_VERSION}", OPTIONS_VERSION]
    for package, files in (("premailer", ("premailer.py", "merge_style.py")), ("cssutils", ("__init__.py",))):
        spec = importlib.util.find_spec(package)
        folder = Path(spec.origin).parent if spec and spec.origin else None
        for name in files:
            try:
                info = (folder / name).stat() if folder else None
            except OSError:
                info = None
            parts.append(f"{package}/{name}:{info.st_size}:{info.st_mtime_ns}" if info else f"{package}/{name}:-")
    return "\n".join(parts)


class _Plan:
    """What premailer does to the elements of documents that share one stylesheet."""

    _memory: dict[str, dict] = {}  # per process, so a batch reads the cache file once
    _REMEMBERED = 16  # stylesheets; a preview session makes a new one at each edit of a template

    def __init__(self, key: str, uses_ids: bool, entry: dict):
        self.key = key
        self.uses_ids = uses_ids
        self.entry = entry  # {"leftover": [...], "elements": {signature: [[name, value], ...]}}

    @classmethod
    def for_stylesheets(cls, styles: list[str]) -> _Plan | None:
        # @media and other @-blocks stay in <style> as they are: only plain rules are inlined.
        selectors = [selector for css in styles for selector in _top_level_selectors(css)
                     if not selector.startswith("@")]
        if not all(SIMPLE_SELECTOR.fullmatch(selector) for selector in selectors):
            return None  # a selector that looks at siblings or attributes: premailer every time
        digest = hashlib.sha256(_premailer_identity().encode())
        for css in styles:
            digest.update(b"\x00" + css.encode("utf-8"))
        key = digest.hexdigest()
        entry = cls._memory.get(key)
        if entry is None:
            stored = read_json(cache_dir("inline"), key)
            entry = stored if _well_formed(stored, len(styles)) else {"leftover": None, "elements": {}}
            if len(cls._memory) >= cls._REMEMBERED:
                del cls._memory[next(iter(cls._memory))]  # the oldest
            cls._memory[key] = entry
        return cls(key, any("#" in selector for selector in selectors), entry)

    def signature(self, element) -> str:
        """Return what decides premailer's work on ``element``: where it stands, and its own style."""
        chain = []
        node = element
        while node is not None:
            part = f"{node.tag}.{node.get('class', '')}"
            chain.append(f"{part}#{node.get('id', '')}" if self.uses_ids else part)
            node = node.getparent()
        return "/".join(reversed(chain)) + "|" + element.get("style", "")

    def apply(self, tree, signatures: dict) -> bool:
        """Style ``tree`` from what is known; return False, changing nothing, if anything is not."""
        known = self.entry["elements"]
        styled = {element: signature for element, signature in signatures.items() if element.tag != "style"}
        if self.entry["leftover"] is None or any(signature not in known for signature in styled.values()):
            return False
        for element, leftover in zip(list(tree.iter("style")), self.entry["leftover"]):
            if leftover is None:
                element.getparent().remove(element)
            else:
                element.text = leftover
        for element, signature in styled.items():
            for name, value in known[signature]:
                element.set(name, value)
        return True

    def learn(self, signatures: dict, before: dict, style_elements: list) -> None:
        """Record what premailer did to each element, and keep it in the user's cache."""
        known = self.entry["elements"]
        for element, signature in signatures.items():
            if element.tag == "style":
                continue
            after = dict(element.attrib)
            if any(name not in after for name in before[element]):
                return  # premailer removed an attribute: not something to replay
            changes = [[name, value] for name, value in after.items() if before[element].get(name) != value]
            if known.setdefault(signature, changes) != changes:
                return  # the signature did not decide premailer's work after all: keep to premailer
        self.entry["leftover"] = [None if element.getparent() is None else element.text
                                  for element in style_elements]
        write_json(cache_dir("inline"), self.key, self.entry)


def _well_formed(stored: object, styles: int) -> bool:
    return (isinstance(stored, dict) and isinstance(stored.get("elements"), dict)
            and (stored.get("leftover") is None
                 or (isinstance(stored["leftover"], list) and len(stored["leftover"]) == styles)))
