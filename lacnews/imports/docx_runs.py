"""A Word document's text as a reader sees it, before mammoth converts it: hidden text taken out, and merge
tags that Word split across runs put back together.

Word keeps a paragraph's text in runs, one for each change of formatting. Text marked hidden (Font,
Hidden: ``<w:vanish/>`` on the run, or in its character style or its paragraph's style) is not printed
and not seen, so it is not imported: its runs lose their text, keeping only the field codes mammoth
reads links from. A merge tag typed as ``*|UN`` and then ``SUB|*`` in bold is two runs, which would come
out as ``*|UN<strong>SUB|*</strong>``, a tag no mailing tool fills; the whole tag moves into the run it
starts in, so it reaches the email byte for byte.

The XML was counted and bounded as it was read (lacnews.imports.docx_package), so it is parsed whole
here, by lxml with entities and the network off; each pass is linear in the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from lacnews.imports.docx_package import WORD
from lacnews.text.mergetags import MERGE_TAG

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
ALTERNATE_CONTENT = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
# What a run holds besides text that a merge tag cannot run across: a tab, a break, a picture, a field.
BREAKS = ("tab", "ptab", "br", "cr", "drawing", "pict", "object", "sym", "noBreakHyphen", "softHyphen",
          "footnoteReference", "endnoteReference", "commentReference", "fldChar", "instrText", "delText")
KEPT_WHEN_HIDDEN = ("rPr", "fldChar", "instrText")  # mammoth reads a hyperlink field's address from these
FALSE = ("0", "false", "off")


@dataclass
class Cleaned:
    """One part after the passes: its XML, and what was taken out or put together."""

    xml: bytes
    hidden: list[str] = field(default_factory=list)  # the hidden text taken out, a piece a run
    joined: list[str] = field(default_factory=list)  # the merge tags put back together


@dataclass
class Styles:
    """Which styles hide their text, by style id; a paragraph without a style has the default one."""

    paragraph: dict[str, bool | None] = field(default_factory=dict)  # None: the style does not say
    character: dict[str, bool | None] = field(default_factory=dict)
    default_paragraph: str | None = None
    document_default: bool = False


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def read_styles(xml: bytes | None) -> Styles:
    """Return which of a document's styles hide their text (styles.xml's bytes, or None if it has none)."""
    styles = Styles()
    if not xml:
        return styles
    root = etree.fromstring(xml, _parser())
    w = _namespace(root)
    own: dict[tuple[str, str], bool | None] = {}
    based_on: dict[tuple[str, str], str] = {}
    for style in root.iter(f"{{{w}}}style"):
        kind, style_id = style.get(f"{{{w}}}type", "paragraph"), style.get(f"{{{w}}}styleId")
        if style_id is None or kind not in ("paragraph", "character"):
            continue
        own[kind, style_id] = _vanish(style.find(f"{{{w}}}rPr"), w)
        parent = style.find(f"{{{w}}}basedOn")
        if parent is not None and parent.get(f"{{{w}}}val"):
            based_on[kind, style_id] = parent.get(f"{{{w}}}val")
        if kind == "paragraph" and style.get(f"{{{w}}}default") in ("1", "true", "on"):
            styles.default_paragraph = style_id
    resolved: dict[tuple[str, str], bool | None] = {}
    for start in own:
        chain = []  # from this style up its basedOn chain, to one already resolved, a loop, or the top
        key: tuple[str, str] | None = start
        while key in own and key not in resolved and key not in chain:
            chain.append(key)
            key = (key[0], based_on[key]) if key in based_on else None
        value = resolved.get(key) if key is not None else None
        for link in reversed(chain):  # the nearest style that says wins
            value = own[link] if own[link] is not None else value
            resolved[link] = value
    for (kind, style_id), value in resolved.items():
        (styles.paragraph if kind == "paragraph" else styles.character)[style_id] = value
    defaults = root.find(f"{{{w}}}docDefaults/{{{w}}}rPrDefault/{{{w}}}rPr")
    styles.document_default = bool(_vanish(defaults, w))
    return styles


def clean_part(xml: bytes, styles: Styles) -> Cleaned:
    """Return the part (the document, its footnotes or endnotes) without its hidden text, each merge tag
    whole in one run; the bytes are the part's own where neither pass changed anything."""
    root = etree.fromstring(xml, _parser())
    w = _namespace(root)
    cleaned = Cleaned(xml)
    paragraph_hidden: dict[etree._Element, bool] = {}
    for run in list(root.iter(f"{{{w}}}r")):
        if _hidden(run, w, styles, paragraph_hidden):
            cleaned.hidden.append("".join(text.text or "" for text in run.iter(f"{{{w}}}t")))
            for child in list(run):
                if etree.QName(child).localname not in KEPT_WHEN_HIDDEN:
                    run.remove(child)
    for paragraph in root.iter(f"{{{w}}}p"):
        for pieces in _text_pieces(paragraph, w):
            cleaned.joined += _join_merge_tags(pieces)
    if cleaned.hidden or cleaned.joined:
        cleaned.xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    cleaned.hidden = [text for text in cleaned.hidden if text.strip()]
    return cleaned


def _namespace(root: etree._Element) -> str:
    namespace = etree.QName(root).namespace
    return namespace if namespace in WORD else WORD[0]


def _vanish(properties: etree._Element | None, w: str) -> bool | None:
    """Return whether run properties hide the text: True, False, or None where they do not say."""
    if properties is None:
        return None
    for name in ("vanish", "specVanish"):
        setting = properties.find(f"{{{w}}}{name}")
        if setting is not None:
            return setting.get(f"{{{w}}}val", "true").lower() not in FALSE
    return None


def _hidden(run: etree._Element, w: str, styles: Styles, paragraph_hidden: dict) -> bool:
    """Return whether Word hides a run: as its own properties say, else as its paragraph's style and its
    character style say together (hidden is a toggle: hidden in both is shown)."""
    properties = run.find(f"{{{w}}}rPr")
    direct = _vanish(properties, w)
    if direct is not None:
        return direct
    paragraph = next(run.iterancestors(f"{{{w}}}p"), None)
    if paragraph not in paragraph_hidden:
        style = paragraph.find(f"{{{w}}}pPr/{{{w}}}pStyle") if paragraph is not None else None
        style_id = style.get(f"{{{w}}}val") if style is not None else styles.default_paragraph
        by_style = styles.paragraph.get(style_id)
        paragraph_hidden[paragraph] = styles.document_default if by_style is None else by_style
    character = properties.find(f"{{{w}}}rStyle") if properties is not None else None
    by_character = bool(styles.character.get(character.get(f"{{{w}}}val"))) if character is not None else False
    return paragraph_hidden[paragraph] != by_character


def _text_pieces(paragraph: etree._Element, w: str) -> list[list[etree._Element]]:
    """Return the paragraph's w:t elements in reading order, in groups with no break between them; a
    paragraph inside it (a text box's) is a paragraph of its own."""
    groups: list[list[etree._Element]] = [[]]
    breaks = {f"{{{w}}}{name}" for name in BREAKS} | {ALTERNATE_CONTENT}
    stack = list(reversed(paragraph))
    while stack:
        element = stack.pop()
        if element.tag == f"{{{w}}}t":
            groups[-1].append(element)
        elif element.tag in breaks or element.tag == f"{{{w}}}p":
            if groups[-1]:
                groups.append([])
        else:
            stack.extend(reversed(element))
    return [group for group in groups if len(group) > 1]


def _join_merge_tags(pieces: list[etree._Element]) -> list[str]:
    """Move each merge tag that spans several pieces of text into the piece it starts in; return the tags.

    Piece i holds ``whole[starts[i]:ends[i]]``; a tag moves the boundaries it crosses to its end, so the
    text reads the same in the same order, and the pieces it took from keep only what follows it."""
    texts = [piece.text or "" for piece in pieces]
    whole = "".join(texts)
    starts, ends, position = [], [], 0
    for text in texts:
        starts.append(position)
        position += len(text)
        ends.append(position)
    joined = []
    first = 0
    for match in MERGE_TAG.finditer(whole):
        while ends[first] <= match.start():
            first += 1
        if ends[first] >= match.end():
            continue  # within one piece already
        joined.append(match.group(0))
        ends[first] = match.end()
        following = first + 1
        while following < len(pieces) and starts[following] < match.end():
            starts[following] = min(match.end(), ends[following])
            ends[following] = max(ends[following], starts[following])
            following += 1
    if joined:
        for index, piece in enumerate(pieces):
            new = whole[starts[index]:ends[index]]
            if new != texts[index]:
                piece.text = new
                piece.set(XML_SPACE, "preserve")
    return joined
