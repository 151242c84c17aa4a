"""Bad input, through the lacnews command: a located message, exit 1, no traceback, nothing written."""

from __future__ import annotations

import pytest

GOOD_SECTIONS = "sections:\n  - title: One\n"


def assert_refused(project, result, *messages: str) -> None:
    assert result.code == 1, result.output
    assert "Traceback" not in result.output
    for message in messages:
        assert message in result.err, f"{message!r} not in:\n{result.err}"
    assert project.build_files() == []


CASES = {
    "yaml-syntax": (
        "date: 2021-03\nsubject: [unclosed\nsections: x\n",
        ['issues/bad.yaml:2:10: the subject starts with [, which YAML reads as the start of a list; '
         'put the subject in quotes: subject: "[unclosed"']),
    "yaml-tab": (
        "date: 2021-03\nsubject: S\nsections:\n\t- title: One\n",
        ["issues/bad.yaml:4:1: this line is indented with a tab", "YAML indents with spaces only; "
         "indent it with 2 spaces instead"]),
    "misspelt-field": (
        "date: 2021-03\nsubjet: S\n" + GOOD_SECTIONS,
        ["issues/bad.yaml:2:1: subjet: unknown field; did you mean 'subject'?",
         "issues/bad.yaml:1:1: subject: required field is missing"]),
    "unknown-field": (
        "date: 2021-03\nsubject: S\ncolour: red\n" + GOOD_SECTIONS,
        ["issues/bad.yaml:3:1: colour: unknown field; the fields here are: date, subject, sections"]),
    "nested-misspelling": (
        "date: 2021-03\nsubject: S\nsections:\n  - title: One\n    itmes: []\n",
        ["issues/bad.yaml:5:5: sections[0].itmes: unknown field; did you mean 'items'?"]),
    "missing-section-title": (
        "date: 2021-03\nsubject: S\nsections:\n  - title: One\n  - body: no title\n",
        ["issues/bad.yaml:5:5: sections[1].title: required field is missing"]),
    "empty-required": (
        "date: 2021-03\nsubject:\n" + GOOD_SECTIONS,
        ["issues/bad.yaml:2:9: subject: required, but empty"]),
    "wrong-type-list": (
        "date: 2021-03\nsubject: S\nsections:\n  - title: One\n    items: none\n",
        ["issues/bad.yaml:5:12: sections[0].items: expected a list (each entry on a line starting with '- '), found text"]),
    "wrong-type-text": (
        "date: 2021-03\nsubject: [a, b]\n" + GOOD_SECTIONS,
        ["issues/bad.yaml:2:10: subject: expected text, found a list"]),
    "wrong-type-number": (
        "date: 2021-03\nsubject: S\nsections:\n  - title: One\n    items:\n"
        "      - image: {src: 'https://e.org/i.png', alt: I, width: wide}\n",
        ["issues/bad.yaml:6:60: sections[0].items[0].image.width: expected a whole number of pixels from 1 to 10000, found 'wide'"]),
    "bad-date": (
        "date: May 2020\nsubject: S\n" + GOOD_SECTIONS,
        ["issues/bad.yaml:1:7: date: 'May 2020' is not a date: write YYYY-MM (2020-05) or YYYY-MM-DD (2020-05-11)"]),
    "bad-month": (
        "date: 2020-13\nsubject: S\n" + GOOD_SECTIONS,
        ["issues/bad.yaml:1:7: date: '2020-13' has no month 13: months run from 01 to 12"]),
    "bad-day": (
        "date: 2021-02-30\nsubject: S\n" + GOOD_SECTIONS,
        ["issues/bad.yaml:1:7: date: '2021-02-30' is not a day of February 2021"]),
    "bad-link-scheme": (
        "date: 2021-03\nsubject: S\nsections:\n  - title: One\n    items:\n"
        "      - title: X\n        url: javascript:alert(1)\n",
        ["issues/bad.yaml:7:14: sections[0].items[0].url: the address 'javascript:alert(1)' is not allowed: "
         "it must start with https://, http://, mailto:, tel: or a merge tag such as *|ARCHIVE|*"]),
    "relative-link": (
        "date: 2021-03\nsubject: S\nsections:\n  - title: One\n    items:\n"
        "      - link: {text: Go, url: ../secret.html}\n",
        ["issues/bad.yaml:6:31: sections[0].items[0].link.url: the address '../secret.html' is not allowed"]),
    "bad-link-in-markdown": (
        "date: 2021-03\nsubject: S\nsections:\n  - title: One\n    body: |\n"
        "      Fine text.\n\n      Then [a trap](data:text/html,hi) here.\n",
        ["issues/bad.yaml:8:21: sections[0].body: the address 'data:text/html,hi' is not allowed"]),
    "heading-in-markdown": (
        "date: 2021-03\nsubject: S\nsections:\n  - title: One\n    body: |\n      ## Sub heading\n\n      Text.\n",
        ["issues/bad.yaml:6:7: sections[0].body: headings are not allowed in a body"]),
    "image-without-alt": (
        "date: 2021-03\nsubject: S\nsections:\n  - title: One\n    items:\n"
        "      - image: {src: 'https://e.org/i.png'}\n",
        ["issues/bad.yaml:6:16: sections[0].items[0].image.alt: an image needs alt text saying what it shows"]),
    "image-in-markdown-without-alt": (
        "date: 2021-03\nsubject: S\nsections:\n  - title: One\n    body: See ![](https://e.org/i.png)\n",
        ["issues/bad.yaml:5:17: sections[0].body: an image needs alt text"]),
    "unknown-layout": (
        "date: 2021-03\nsubject: S\nsections:\n  - title: One\n    layout: cards\n",
        ["issues/bad.yaml:5:13: sections[0].layout: unknown layout 'cards'; the layouts are list, standard "
         "(a project adds one with templates/sections/cards.html.j2 and cards.txt.j2)"]),
    "duplicate-ids": (
        "date: 2021-03\nsubject: S\nsections:\n  - title: One\n    id: news\n  - title: Two\n    id: news\n",
        ["issues/bad.yaml:7:9: sections[1].id: 'news' is already the id of sections[0]; ids must be unique"]),
    "duplicate-key": (
        "date: 2021-03\nsubject: S\nsubject: T\n" + GOOD_SECTIONS,
        ["issues/bad.yaml:3:1: subject: this field is given twice"]),
    "no-sections": (
        "date: 2021-03\nsubject: S\nsections: []\n",
        ["issues/bad.yaml:3:11: sections: an issue needs at least one section"]),
    "empty-file": (
        "",
        ["issues/bad.yaml: the file is empty: it needs at least date, subject, sections"]),
    "only-comments": (
        "# to do\n",
        ["issues/bad.yaml: the file is empty: it needs at least date, subject, sections"]),
    "not-a-mapping": (
        "- just\n- a list\n",
        ["issues/bad.yaml:1:1: expected a set of fields (name: value), found a list"]),
    "list-as-a-key": (
        "date: 2021-03\nsubject: S\n[a, b]: c\n" + GOOD_SECTIONS,
        ["issues/bad.yaml:3:1: a field's name must be a word, not a list"]),
    "field-twice": (
        "date: 2021-03\nsubject: S\nsubject: T\n" + GOOD_SECTIONS,
        ["issues/bad.yaml:3:1: subject: this field is given twice (first at line 2); keep one"]),
    "nul-escape": (
        'date: 2021-03\nsubject: "Hi \\0 there"\n' + GOOD_SECTIONS,
        ["issues/bad.yaml:2:10: this text holds U+0000 NULL (character 4 of the text), which no e-mail "
         "or web page can show: remove it"]),
    "bell-escape": (
        'date: 2021-03\nsubject: S\nsections:\n  - title: "a\\ab"\n',
        ["issues/bad.yaml:4:12: this text holds U+0007 BELL"]),
    "lone-surrogate": (
        'date: 2021-03\nsubject: S\nsections:\n  - title: "\\udc80"\n',
        ["issues/bad.yaml:4:12: this text holds U+DC80 a lone surrogate"]),
    "arabic-digits-in-a-date": (
        "date: ٢٠٢٠-٠٥\nsubject: S\n" + GOOD_SECTIONS,
        ["issues/bad.yaml:1:7: date: '٢٠٢٠-٠٥' is not a date"]),
    "arabic-digits-in-a-width": (
        "date: 2021-03\nsubject: S\nsections:\n  - title: T\n    items:\n      - image: {src: 'https://e.org/a.png', "
        "alt: A, width: ٣٠٠}\n",
        ["issues/bad.yaml:6:60: sections[0].items[0].image.width: expected a whole number of pixels"]),
    "nested-ten-thousand-deep": (
        "date: 2021-03\nsubject: S\nsections: " + "[" * 10_000 + "]" * 10_000 + "\n",
        ["issues/bad.yaml:3:", "nest more than 24 deep here"]),
    "address-without-words": (
        "date: 2021-03\nsubject: S\nsections:\n  - title: T\n    items:\n      - url: https://example.org/\n",
        ["issues/bad.yaml:6:14: sections[0].items[0].url: an address needs words to click: give the item a title"]),
    "alias-inside-itself": (
        "date: 2021-03\nsubject: S\nsections: &s\n  - title: a\n    items: *s\n",
        ["issues/bad.yaml:3:11: an alias (*name) refers to the list or set of fields it is inside"]),
}


def billion_laughs() -> str:
    """4.5 KB of YAML whose aliases would expand to 13 GB."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    previous = "a"
    for name in "bcdefghij":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join(lines) + "\n"


def test_aliases_that_would_expand_to_gigabytes_are_refused_at_once(project):
    import time

    project.issue("bad", billion_laughs())
    started = time.monotonic()
    result = project.run("build", "bad")
    assert time.monotonic() - started < 10
    assert_refused(project, result, "issues/bad.yaml:4:4: the aliases (*name) of this file repeat it to more "
                                    "than 2,000 values or 256 KB of text (4 times what is written, at most)")


def test_aliases_may_repeat_a_part_a_few_times(project):
    project.issue("march-2021", """\
        date: 2021-03
        subject: S
        sections:
          - title: Blogs
            items: &blogs
              - {title: One, url: "https://example.org/1"}
              - {title: Two, url: "https://example.org/2"}
          - title: The same blogs again
            items: *blogs
        """)
    assert project.run("build", "march-2021").code == 0


def test_a_file_over_two_megabytes_is_refused_before_it_is_read_further(project):
    project.issue("bad", "date: 2021-03\nsubject: S\nsections:\n  - title: T\n    body: " + "x" * (2 * 1024 * 1024)
                  + "\n")
    assert_refused(project, project.run("build", "bad"), "issues/bad.yaml: the file is larger than 2 MB")


def test_an_issue_name_too_long_for_a_folder_is_refused(project):
    name = "a" * 300
    assert_refused(project, project.run("build", name),
                   "an issue name may have at most 80 characters; this one has 300")


def test_words_txt_that_is_not_utf8_is_located(project):
    (project.root / "words.txt").write_bytes(b"Kirklees\ncaf\xe9\n")
    assert_refused(project, project.run("build", "march-2021"),
                   "words.txt:2:4: the file is not UTF-8 (byte 0xe9 cannot be read)")


@pytest.mark.parametrize("case", list(CASES))
def test_bad_issue_is_refused_with_a_located_message(project, case):
    text, messages = CASES[case]
    project.issue("bad", text)
    result = project.run("build", "bad")
    assert_refused(project, result, *messages)
    assert result.err.rstrip().endswith("; nothing was written.")


def test_all_problems_in_a_file_are_reported_together(project):
    project.issue("bad", "date: 2021-99\nsubjet: S\nsections:\n  - title: One\n    layot: list\n")
    result = project.run("build", "bad")
    assert_refused(project, result, "issues/bad.yaml:1:7: date:", "issues/bad.yaml:2:1: subjet:",
                   "issues/bad.yaml:5:5: sections[0].layot: unknown field; did you mean 'layout'?",
                   "4 errors; nothing was written.")


def test_file_that_is_not_utf8(project):
    (project.root / "issues" / "latin.yaml").write_bytes(b"date: 2021-03\nsubject: Caf\xe9\n")
    result = project.run("build", "latin")
    assert_refused(project, result, "issues/latin.yaml:2:13: the file is not UTF-8 (byte 0xe9 cannot be read); "
                                    "save it as UTF-8 in your editor")


def test_unknown_issue_lists_the_ones_that_exist(project):
    result = project.run("build", "june-2021")
    assert_refused(project, result, "no issue 'june-2021' in issues/; the issues are: march-2021")


@pytest.mark.parametrize("name", ["../x", "/etc/passwd", "May 2020", "may_2020", "-x-"])
def test_a_name_that_is_not_a_slug_is_refused_before_any_file_is_touched(project, name):
    result = project.run("build", "--", name)
    assert_refused(project, result, f"{name!r} is not an issue name: an issue is named by a slug of "
                                    "lower-case letters, digits and hyphens, such as may-2020")


def test_bad_newsletter_yaml_is_located_too(project):
    project.write("newsletter.yaml", "name: N\nsender:\n  name: S\n  organisation: O\n"
                                     "theme:\n  accent: blue\ncontacts:\n  - name: A\n    email: not-an-address\n")
    result = project.run("build", "march-2021")
    assert_refused(project, result,
                   "newsletter.yaml:3:3: sender.address: required field is missing",
                   "newsletter.yaml:6:11: theme.accent: 'blue' is not a colour; write it as #1d5c7a (in quotes)",
                   "newsletter.yaml:9:12: contacts[0].email: 'not-an-address' is not an email address")


def test_no_project_here(tmp_path):
    from conftest import run_lacnews
    result = run_lacnews("build", "may-2020", cwd=tmp_path)
    assert result.code == 1 and "Traceback" not in result.output
    assert "no newsletter.yaml in" in result.err and "give --root DIR" in result.err


def test_a_failed_build_leaves_the_last_good_build_untouched(project):
    assert project.run("build", "march-2021").code == 0
    html_before, text_before = project.built("march-2021")
    project.issue("march-2021", "date: 2021-03\nsubject: S\nsections:\n  - title: One\n    layout: nope\n")
    result = project.run("build", "march-2021")
    assert result.code == 1
    assert project.built("march-2021") == (html_before, text_before)
    left = sorted(p.name for p in (project.root / "build" / "march-2021").iterdir())
    assert left == [".build.json", "email.html", "email.txt"]  # no half-written temporary file


def test_one_bad_issue_does_not_stop_the_others(project):
    project.issue("bad", "date: nope\n")
    result = project.run("build", "bad", "march-2021")
    assert result.code == 1
    assert "issues/bad.yaml:1:7: date:" in result.err
    assert "1 of 2 issues failed to build" in result.err
    assert "build/march-2021/email.html" in result.out
    assert (project.root / "build" / "march-2021" / "email.html").exists()


def test_template_syntax_error_names_the_template(project):
    project.write("templates/sections/standard.html.j2", "{% if section.body %}unclosed\n")
    result = project.run("build", "march-2021")
    assert result.code == 1 and "Traceback" not in result.output
    assert "templates/sections/standard.html.j2:" in result.err and "template syntax error" in result.err
    assert project.build_files() == []


def test_one_error_for_an_issue_stopped_by_its_check_errors():
    """build and push refuse an issue with check errors through one class, which crosses processes whole."""
    import pickle
    import re
    from pathlib import Path

    import lacnews
    from lacnews.checks.findings import ChecksFailed

    pushed = pickle.loads(pickle.dumps(ChecksFailed("june-2020", [], verb="push")))
    assert (pushed.slug, pushed.verb) == ("june-2020", "push")
    assert str(pushed) == "june-2020 was not pushed because of the errors above: fix them, or push anyway with --force"
    assert str(ChecksFailed("may-2020", [])).startswith("may-2020 was not built because")
    package = Path(lacnews.__file__).parent
    homes = [path.relative_to(package).as_posix() for path in sorted(package.rglob("*.py"))
             if re.search(r"anyway with --force|^class \w+\(LacnewsError\):\n\s+\"\"\"The issue composes",
                          path.read_text(encoding="utf-8"), re.MULTILINE)]
    assert homes == ["checks/findings.py"]
