"""An issue sent one email per language (bilingual: separate): every consumer of the composed issue goes through
each edition — the checks (size, the unsubscribe link, the address), the build record, `list`, the preview and
the proofs — and ``Composed.emails`` is the one home of the emails."""

from __future__ import annotations

import ast
import re

import pytest
from conftest import REPO, TempProject

from lacnews.base.project import Project
from lacnews.compose import compose
from lacnews.compose.composed import Composed

SLUG = "june-2020"
NEWSLETTER = """\
name: {cy: Newyddion y Rhwydwaith, en: Network News}
languages: [cy, en]
bilingual: separate
site_url: https://example.org/news/
sender:
  name: Test Network
  organisation: Test Trust
  address: 1 High Street, York YO1 7HH, United Kingdom
"""
PARAGRAPH = "Words of the bulletin, written at length, about the network and its work this month. " * 12


def separate_issue(english_paragraphs: int, welsh: str = "Croeso i'r rhifyn hwn.") -> str:
    english = "\n\n".join([PARAGRAPH.strip()] * english_paragraphs)
    body = "\n".join("        " + line for line in english.splitlines())
    return (f"date: 2020-06\nsubject: {{cy: Newyddion Mehefin 2020, en: June 2020 news}}\nsections:\n"
            f"  - title: {{cy: Newyddion, en: News}}\n    body:\n      cy: {welsh}\n      en: |\n{body}\n")


@pytest.fixture
def separate(tmp_path) -> TempProject:
    project = TempProject(tmp_path / "news")
    project.write("newsletter.yaml", NEWSLETTER)
    project.issue(SLUG, separate_issue(2))
    return project


def test_the_english_email_over_gmails_clip_is_found_though_the_welsh_one_is_small(separate):
    separate.issue(SLUG, separate_issue(130))
    composed = compose(Project(separate.root), SLUG)
    sizes = {language: email.html_bytes for language, email in composed.emails.items()}
    assert list(sizes) == ["cy", "en"]
    assert 135 * 1024 < sizes["en"] < 150 * 1024 and sizes["cy"] < 12 * 1024, sizes
    clipped = [finding for finding in composed.findings if finding.rule == "size-clip"]
    assert len(clipped) == 1
    assert clipped[0].place.path == separate.root / "build" / SLUG / "en" / "email.html"
    assert re.match(r"en/email\.html is 1[34]\d\.\d KB: Gmail clips messages over 102 KB", clipped[0].message)
    assert not [finding for finding in composed.findings if finding.rule == "size-large"]
    # and build refuses it, naming the edition
    result = separate.run("build", SLUG)
    assert result.code == 1
    assert f"build/{SLUG}/en/email.html: error size-clip: en/email.html is" in result.err
    assert not (separate.root / "build" / SLUG).exists()


def test_each_edition_is_checked_for_the_unsubscribe_link_and_the_postal_address(separate):
    """An email that lost its footer (a project template's doing) is caught in the edition that lost it."""
    from lacnews.checks.registry import run_checks
    from lacnews.pipeline.render import Email

    project = Project(separate.root)
    composed = compose(project, SLUG)
    assert not [f for f in composed.findings if f.rule in ("unsubscribe", "postal-address")]
    english = composed.emails["en"]
    footless = Email(english.html.replace("*|UNSUB|*", "#").replace("1 High Street", "A street"), english.text)
    found = run_checks(project, composed.loaded, {**composed.emails, "en": footless}, composed.pictures)
    assert sorted((f.rule, str(f.place.path.relative_to(separate.root))) for f in found
                  if f.rule in ("unsubscribe", "postal-address")) == [
        ("postal-address", f"build/{SLUG}/en/email.html"), ("unsubscribe", f"build/{SLUG}/en/email.html")]


def test_every_edition_is_checked_and_the_largest_is_the_records_size(separate):
    separate.issue(SLUG, separate_issue(75))
    result = separate.run("build", SLUG)
    assert result.code == 0, result.output
    folder = separate.root / "build" / SLUG
    sizes = {language: len((folder / language / "email.html").read_bytes()) for language in ("cy", "en")}
    import json

    record = json.loads((folder / ".build.json").read_text(encoding="utf-8"))
    assert record["html_bytes"] == max(sizes.values()) == sizes["en"]
    large = [line for line in result.err.splitlines() if "size-large" in line]
    assert large and all(f"build/{SLUG}/en/email.html" in line for line in large)


def test_an_issue_sent_one_email_per_language_is_up_to_date_once_built(separate):
    assert separate.run("build", "--all").code == 0
    again = separate.run("build", "--all")
    assert again.code == 0 and "unchanged: 1 issue" in again.out, again.output
    listed = separate.run("list", "--format", "json")
    import json

    assert json.loads(listed.out)[0]["build"] == "up to date"


def test_the_preview_holds_each_edition(separate):
    from lacnews.commands.preview.watcher import Previewer

    state = Previewer(Project(separate.root)).state(SLUG)
    assert list(state.editions) == ["cy", "en"]
    welsh, english = state.edition("cy"), state.edition("en")
    assert welsh.subject == "Newyddion Mehefin 2020" and english.subject == "June 2020 news"
    assert b"Croeso i'r rhifyn hwn." in welsh.html and b"Words of the bulletin" not in welsh.html
    assert "Words of the bulletin" in english.text
    assert state.edition() is welsh and state.edition("fr") is welsh  # the first, for a language it has not
    described = state.as_json()
    assert [edition["language"] for edition in described["editions"]] == ["cy", "en"]
    assert described["html_bytes"] == max(welsh.html_bytes, english.html_bytes)


def test_a_proof_of_each_edition(separate):
    from lacnews.commands.send import make_proofs, write_emls

    proofs = make_proofs(Project(separate.root), SLUG, ["editor@example.org"], "proofs@example.org")
    assert list(proofs.messages) == ["cy", "en"]
    assert proofs.subjects == ["[Proof, Cymraeg] Newyddion Mehefin 2020", "[Proof, English] June 2020 news"]
    welsh = proofs.messages["cy"].get_body(("plain",)).get_content()
    assert "Croeso i'r rhifyn hwn." in welsh and "Words of the bulletin" not in welsh
    assert proofs.messages["en"]["Content-Language"] == "en"
    written = write_emls(proofs, separate.root / "proof.eml")
    assert [path.name for path in written] == ["proof.cy.eml", "proof.en.eml"]


def test_an_issue_sent_as_one_email_has_one_proof_named_as_before(lac):
    from lacnews.commands.send import make_proofs, write_emls

    proofs = make_proofs(Project(lac.root), "may-2020", ["editor@example.org"], None)
    assert list(proofs.messages) == [""] and proofs.subjects[0].startswith("[Proof] ")
    assert [path.name for path in write_emls(proofs, lac.root / "proof.eml")] == ["proof.eml"]


def test_composed_keeps_its_emails_in_one_place():
    """The email is ``Composed.emails`` alone: no second field, and no code reads an email as ``.email``."""
    from dataclasses import fields

    assert [f.name for f in fields(Composed)][:2] == ["loaded", "emails"]
    assert not hasattr(Composed, "email")
    readers = []
    for path in sorted((REPO / "lacnews").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "email" and isinstance(node.value, ast.Name) \
                    and node.value.id in ("composed", "shown", "built"):
                readers.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert readers == []
