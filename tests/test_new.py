"""lacnews new: next month's issue started from the last one, never overwriting one."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_new_starts_june_from_may_keeping_the_recurring_sections(lac):
    result = lac.run("new", "june-2020")
    assert result.code == 0, result.err
    assert "wrote issues/june-2020.yaml from may-2020" in result.out
    assert "kept: Useful blogs" in result.out
    text = (lac.root / "issues" / "june-2020.yaml").read_text(encoding="utf-8")
    assert "date: 2020-06\n" in text
    assert "subject: Local Area Coordination Network update – June 2020\n" in text
    assert "#   lacnews preview june-2020" in text  # guidance for the editor
    may = (lac.root / "issues" / "may-2020.yaml").read_text(encoding="utf-8")
    blogs = may[may.index("  - title: Useful blogs"):]
    assert blogs.strip() in text  # copied exactly as written, comments and all
    assert "title: Weathering the storm - podcast" not in text  # not recurring: left behind
    assert "title: This month's news" in text  # the example section
    # it composes at once, and cannot be sent by mistake while the example's words are there
    refused = lac.run("build", "june-2020")
    assert refused.code == 1
    at = text.index("The section's opening text.")
    line, column = text[:at].count("\n") + 1, at - text.rindex("\n", 0, at)
    assert f"issues/june-2020.yaml:{line}:{column}: error placeholder: sections[2].body: 'The section's opening " \
           "text.' is the example section's text from `lacnews new`" in refused.err, refused.err
    assert "error placeholder: sections[2].items[0].body: 'What happened, in a paragraph or two.'" in refused.err
    assert not (lac.root / "build" / "june-2020").exists()
    (lac.root / "issues" / "june-2020.yaml").write_text(
        text.replace("The section's opening text.", "Our news.").replace("What happened, in a paragraph or two.",
                                                                       "A coffee morning."), encoding="utf-8")
    built = lac.run("build", "june-2020")
    # notes only: the repository's newsletter.yaml links its website on http:// (link-http)
    assert built.code == 0 and "2 notes in june-2020" in built.out, built.output
    html, _ = lac.built("june-2020")
    assert "June 2020" in html and "Valuable not vulnerable" in html


def test_new_refuses_to_overwrite_or_guess(lac):
    assert lac.run("new", "june-2020").code == 0
    again = lac.run("new", "june-2020")
    assert again.code == 1 and "issues/june-2020.yaml already exists: lacnews new never overwrites an issue" \
        in again.err
    assert lac.run("new", "../june").code == 1
    undated = lac.run("new", "summer-special")
    assert undated.code == 1 and "give the issue's date with --date YYYY-MM" in undated.err
    assert not (lac.root / "issues" / "summer-special.yaml").exists()
    unknown = lac.run("new", "july-2020", "--from", "april-2019")
    assert unknown.code == 1 and "no issue 'april-2019'" in unknown.err


def test_new_with_date_and_from(lac):
    lac.run("new", "june-2020")
    result = lac.run("new", "summer-special", "--date", "2020-08-15", "--from", "may-2020")
    assert result.code == 0, result.err
    text = (lac.root / "issues" / "summer-special.yaml").read_text(encoding="utf-8")
    assert "date: 2020-08-15\n" in text and "started from may-2020" in text
    assert lac.run("build", "--force", "summer-special").code == 0


def test_new_in_an_empty_project(project):
    (project.root / "issues" / "march-2021.yaml").unlink()
    result = project.run("new", "april-2021")
    assert result.code == 0, result.err
    text = (project.root / "issues" / "april-2021.yaml").read_text(encoding="utf-8")
    assert "subject: Test Network News – April 2021" in text
    assert project.run("build", "--force", "april-2021").code == 0


def test_paths_in_messages_are_relative(lac):
    assert not Path(lac.run("new", "june-2020").out.split()[1]).is_absolute()


@pytest.mark.parametrize("sections", [
    # flow style, as a YAML-savvy editor may write it
    "sections: [{title: Regular, recurring: true, body: 'Every month, *|FNAME|*'}, {title: Once, body: x}]\n",
    # an alias to a list written in a section that is not kept
    "sections:\n  - title: Once\n    body: x\n    items: &blogs\n      - title: A blog\n"
    "        url: https://example.org/\n  - title: Regular\n    recurring: true\n    items: *blogs\n",
])
def test_new_builds_whatever_the_last_issue_looked_like(project, sections):
    project.issue("march-2021", "date: 2021-03\nsubject: Test Network News – March 2021\n" + sections)
    assert project.run("build", "march-2021").code == 0
    result = project.run("new", "april-2021")
    assert result.code == 0, result.output
    assert "kept: Regular" in result.out
    built = project.run("build", "--force", "april-2021")  # past the example section's stand-in text
    assert built.code == 0, built.output
    html, _ = project.built("april-2021")
    assert "Regular" in html and "This month" in html
