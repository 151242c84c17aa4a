"""lacnews check: each rule on an issue that triggers it and one that does not, and the command."""

from __future__ import annotations

import json
import textwrap

import pytest
from conftest import MINIMAL_NEWSLETTER, copy_repo_project

from lacnews.base.project import Project
from lacnews.compose.issues import check_issue


def issue_with(body: str = "Fine words.", extra: str = "", date: str = "2021-03",
               subject: str = "Test news") -> str:
    return (f"date: {date}\nsubject: {subject}\n{extra}sections:\n  - title: First\n    body: |\n"
            + textwrap.indent(textwrap.dedent(body).strip() + "\n", "      "))


def findings(project, issue_text: str, slug: str = "march-2021", rule: str | None = None):
    project.issue(slug, issue_text)
    _, found = check_issue(Project(project.root), slug)
    return [f for f in found if rule is None or f.rule == rule]


CASES = [
    # rule, triggering body, clean body, what the message says
    ("merge-tag-unknown", "Hello *|FIRSTNAME|*.", "Hello *|FNAME|*, see *|ARCHIVE|*.", "*|FIRSTNAME|* is not"),
    ("merge-tag-broken", "Hello *|FNAME|, welcome.", "Hello *|FNAME|*, welcome.", "'*|FNAME|' is a broken merge tag"),
    ("merge-tag-broken", "Hello *|FNAME, the walks are back.", "Hello *|FNAME|*, the walks are back.",
     "'*|FNAME' is a broken merge tag"),
    ("merge-tag-broken", "Copyright *Community Catalysts CIC", "Hosted by Community Catalysts CIC, *truly*.",
     "'*Community': a stray asterisk"),
    ("stale-year", "Copyright © 2019 Test Trust.", "Copyright © 2021 Test Trust; founded in 2019.",
     "'Copyright © 2019' but this issue is dated March 2021"),
    ("link-text-empty", "See [](https://example.org/).", "See [the report](https://example.org/).", "no words"),
    ("link-text-vague", "Click [here](https://example.org/).", "Read [the annual report](https://example.org/).",
     "'here' say nothing out of context"),
    ("lost-link", "A new paper.\n\nRead the full paper", "A new paper.\n\n[Read the full paper](https://e.org/)",
     "'Read the full paper' reads like a link, but there is no address"),
    ("link-malformed", "[Mail us](mailto:cat-at-example)", "[Mail us](mailto:cat@example.org)",
     "'mailto:cat-at-example' is not a valid email link"),
    ("link-malformed", "[Call us](tel:call-me)", "[Call us](tel:+44 1234 567890)", "is not a valid phone link"),
    ("link-text-conflict", "[One](https://e.org/a) and [Two](https://e.org/a)",
     "[One](https://e.org/a) and [one](https://e.org/a/)", "is linked as 'Two' here and as 'One'"),
    ("image-http", "![A chart](http://e.org/chart.png)", "![A chart](https://e.org/chart.png)",
     "the image http://e.org/chart.png is on http://"),
    ("spelling", "The Coronaviurs pandemic.", "Our neighbourhood organisation does co-production in Kirklees.",
     "'Coronaviurs' is not in the British English dictionary; did you mean 'Coronavirus'?"),
    ("run-together", "CEO of Community CatalystsSian Lockwood.", "Kathryn from MacIntyre and YouTube.",
     "'CatalystsSian': a space is missing before the capital"),
    ("run-together", "It ended.The next one.", "It ended. The next one, e.g. this.", "missing after the full stop"),
    ("unrendered-markdown", "A [broken](link and **bold", "A **bold** [link](https://e.org/).", "'**' is Markdown"),
    ("doubled-word", "We went to the the shop.", "We had had enough.", "'the the': a word written twice"),
]


@pytest.mark.parametrize("rule, bad, good, message", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_content_rule_triggers_and_stays_quiet(project, rule, bad, good, message):
    project.write("words.txt", "Kirklees\n")
    found = findings(project, issue_with(bad), rule=rule)
    assert found, f"{rule} did not trigger on {bad!r}"
    assert message in found[0].message, found[0].message
    assert found[0].place.path.name == "march-2021.yaml" and found[0].place.line >= 6
    assert findings(project, issue_with(good), rule=rule) == [], good


def test_date_must_agree_with_the_slug(project):
    found = findings(project, issue_with(date="2020-06"), slug="may-2020", rule="date-slug")
    assert [(f.place.line, f.place.column, f.level) for f in found] == [(1, 7, "error")]
    assert "names a different month than the date 2020-06 (June 2020)" in found[0].message
    assert findings(project, issue_with(date="2020-05"), slug="may-2020", rule="date-slug") == []
    assert findings(project, issue_with(date="2020-06"), slug="summer-special", rule="date-slug") == []


def test_subject_naming_another_month_is_a_warning(project):
    found = findings(project, issue_with(subject="News – May 2019"), rule="stale-year")
    assert found and "the subject says 'May 2019' but the issue is dated March 2021" in found[0].message
    assert findings(project, issue_with(subject="News – March 2021"), rule="stale-year") == []


def test_audience_fields_from_newsletter_yaml_are_known(project):
    assert findings(project, issue_with("Dear *|COMPANY|*"), rule="merge-tag-unknown")
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + "merge_fields: [FNAME, COMPANY]\n")
    assert findings(project, issue_with("Dear *|COMPANY|*"), rule="merge-tag-unknown") == []
    assert findings(project, issue_with("Dear *|LNAME|*"), rule="merge-tag-unknown")  # not listed now


def test_image_wider_than_the_email(project):
    text = issue_with(extra="") + "    items:\n      - image: {src: 'https://e.org/i.png', alt: A chart, width: 900}\n"
    found = findings(project, text, rule="image-width")
    assert found and found[0].place.line == 8 and "width 900 is wider than the email" in found[0].message
    assert findings(project, text.replace("900", "560"), rule="image-width") == []


def test_empty_and_duplicate_sections(project):
    text = "date: 2021-03\nsubject: S\nsections:\n  - title: News\n    body: Hi.\n  - title: Empty\n  - title: news\n"
    assert [(f.rule, f.place.line) for f in findings(project, text) if f.rule in ("empty-section", "duplicate-title")] \
        == [("empty-section", 6), ("duplicate-title", 7), ("empty-section", 7)]


@pytest.mark.parametrize("html_bytes, rule", [(84 * 1024, "size-large"), (110 * 1024, "size-clip")])
def test_size_near_and_over_gmails_clip(project, html_bytes, rule):
    paragraph = "Words of the bulletin, written at length. " * 24
    count = html_bytes // (len(paragraph) + 60)
    body = "\n\n".join([paragraph] * count)
    found = findings(project, issue_with(body))
    assert [f.rule for f in found if f.rule.startswith("size")] == [rule]
    assert found[[f.rule for f in found].index(rule)].place.path.name == "email.html"


def test_accent_contrast(project):
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + "theme:\n  accent: '#88ccee'\n")
    found = findings(project, issue_with(), rule="contrast")
    assert len(found) == 1 and found[0].place.path.name == "newsletter.yaml" and found[0].place.line == 7
    assert found[0].message.startswith("theme.accent #88ccee is too light to read: the masthead 1.8:1 in light mode "
                                       "(4.5:1 needed); section headings 1.8:1")
    assert "a button's words on theme.accent 1.8:1 in dark mode" in found[0].message
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + "theme:\n  accent: '#1d5c7a'\n")
    assert findings(project, issue_with(), rule="contrast") == []


def test_each_theme_colour_is_checked_where_it_is_written(project):
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER
                  + "theme:\n  accent: '#1d5c7a'\n  brand: '#ffcc00'\n  link: '#aaaaaa'\n")
    found = {f.place.line: f.message for f in findings(project, issue_with(), rule="contrast")}
    assert set(found) == {8, 9}
    assert found[8].startswith("theme.brand #ffcc00 is too light to read: the masthead 1.5:1 in light mode")
    assert found[9].startswith("theme.link #aaaaaa is too light to read: links 2.3:1 in light mode")


def test_every_colour_pair_of_the_default_and_the_repositorys_palette_is_readable_in_both_schemes():
    from lacnews.base.colour import contrast
    from lacnews.base.palette import palette_of
    from lacnews.base.schema import Theme

    for theme in (Theme(), Theme(accent="#1d5c7a", brand="#6b2c91", link="#0b6e4f")):
        palette = palette_of(theme)
        for what, scheme, fore, back, needed in palette.pairs():
            assert contrast(fore, back) >= needed, (what, scheme, fore, back)


def test_a_contact_email_that_is_not_an_address_stops_the_issue_at_its_line(project):
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + "contacts:\n  - name: A\n    email: a@example.o\n")
    found = findings(project, issue_with())
    assert [(f.rule, f.level, f.place.line) for f in found] == [("contact-email", "error", 8)]
    assert "'a@example.o' is not an email address" in found[0].message


def test_contacts_phone_looks_like_a_uk_number(project):
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + "contacts:\n  - name: A\n    email: a@example.org\n"
                                                           "    phone: '12345'\n  - name: B\n"
                                                           "    email: b@example.org\n    phone: 07535 381638\n")
    found = findings(project, issue_with())
    assert [(f.rule, f.place.line) for f in found if f.rule.startswith("contact")] == [("contact-phone", 9)]


def test_output_rules_catch_a_template_that_drops_the_footer(project):
    project.write("templates/email.txt.j2", "{{ issue.subject }}\n")
    project.write("templates/email.html.j2", '{% extends "builtin/email.html.j2" %}{% block footer %}{% endblock %}')
    found = findings(project, issue_with())
    places = {(f.rule, f.place.path.name) for f in found if f.level == "error"}
    assert places == {("unsubscribe", "email.html"), ("unsubscribe", "email.txt"),
                      ("postal-address", "email.html"), ("postal-address", "email.txt")}


def test_a_file_that_does_not_load_is_reported_as_findings(project):
    found = findings(project, "date: 2021-03\nsubject: S\nsections:\n  - title: T\n    items:\n"
                              "      - image: {src: 'https://e.org/i.png'}\n")
    assert [(f.rule, f.level, f.place.line) for f in found] == [("image-alt", "error", 6)]


# the command


def test_the_seeds_defects_are_each_reported_at_their_line(tmp_path):
    """A May 2020 issue carrying exactly the defects of the bulletin that was sent."""
    lac = copy_repo_project(tmp_path / "seeded")
    issue = lac.root / "issues" / "may-2020.yaml"
    text = issue.read_text(encoding="utf-8")
    text = text.replace("through the Coronavirus pandemic", "through the Coronaviurs pandemic")
    text = text.replace("CEO of Community Catalysts, Sian Lockwood", "CEO of Community CatalystsSian Lockwood")
    text = text.replace('        # home page: address lost (Institute of Public Care, Oxford Brookes University)\n'
                        '        link: {text: Read the full paper, url: "https://ipc.brookes.ac.uk/"}\n', "")
    text = text.replace("          Coordination and community micro-enterprises.\n",
                        "          Coordination and community micro-enterprises.\n\n          Read the full paper\n")
    text = text.replace("      very difficult time #brightlightsinadarkworld\n",
                        "      very difficult time #brightlightsinadarkworld\n\n\n"
                        "      Copyright © 2019 *Community Catalysts CIC All rights reserved.\n")
    issue.write_text(text, encoding="utf-8")
    newsletter = lac.root / "newsletter.yaml"
    newsletter.write_text(newsletter.read_text(encoding="utf-8").replace("Haywra Street", "Haywra Streeet"),
                          encoding="utf-8")

    def line_of(path, words):
        return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if words in line)

    result = lac.run("check", "may-2020")
    assert result.code == 1
    expected = [
        (f"issues/may-2020.yaml:{line_of(issue, 'Read the full paper')}:11: warning lost-link:"),
        (f"issues/may-2020.yaml:{line_of(issue, 'Coronaviurs')}:", "warning spelling: 'Coronaviurs'"),
        (f"issues/may-2020.yaml:{line_of(issue, 'CatalystsSian')}:", "warning run-together: 'CatalystsSian'"),
        (f"issues/may-2020.yaml:{line_of(issue, '2019')}:7: warning stale-year: 'Copyright © 2019'"),
        (f"issues/may-2020.yaml:{line_of(issue, '2019')}:24: error merge-tag-broken: '*Community'"),
        (f"newsletter.yaml:{line_of(newsletter, 'Streeet')}:34: warning spelling: 'Streeet'"),
    ]
    for wanted in expected:
        parts = wanted if isinstance(wanted, tuple) else (wanted,)
        assert any(all(part in line for part in parts) for line in result.out.splitlines()), (wanted, result.out)
    assert result.out.rstrip().endswith("in may-2020")


def test_the_repositorys_own_issue_checks_clean(may_2020):
    project = may_2020.project
    result = project.run("check", "may-2020", "--strict")
    assert result.code == 0, result.out
    # only the notes that newsletter.yaml's website and sign-up links are http:// (the seed's own): not blocking
    *notes, last = result.out.strip().splitlines()
    assert last == "2 notes in may-2020" and all(": note link-http: http://" in note for note in notes), result.out


def test_json_output_matches_the_text_output(project):
    project.issue("march-2021", issue_with("Click [here](https://e.org/) for *|FOO|*."))
    text = project.run("check", "march-2021")
    as_json = project.run("check", "march-2021", "--format", "json")
    assert text.code == as_json.code == 1
    records = json.loads(as_json.out)
    lines = [line for line in text.out.splitlines() if not line.endswith("in march-2021")]
    assert [f"{r['path']}:{r['line']}:{r['column']}: {r['level']} {r['rule']}: {r['message']}" for r in records] \
        == lines
    assert {r["rule"] for r in records} >= {"link-text-vague", "merge-tag-unknown"}


def test_exit_codes_and_strict(project):
    project.issue("march-2021", issue_with("We went to the the shop."))
    assert project.run("check", "march-2021").code == 0  # a warning only
    strict = project.run("check", "march-2021", "--strict")
    assert strict.code == 1 and strict.out.strip().endswith("1 warning in march-2021")


def test_check_all_and_findings_sorted_by_file_and_line(project):
    project.issue("april-2021", issue_with("Hello *|NOPE|* and [here](https://e.org/).", date="2021-04"))
    result = project.run("check", "--all")
    assert "no problems in march-2021" in result.out and "1 error, 1 warning in april-2021" in result.out
    lines = [line for line in result.out.splitlines() if ": error " in line or ": warning " in line]
    keys = [(line.split(":")[0], int(line.split(":")[1])) for line in lines]
    assert keys == sorted(keys)
    assert project.run("check").code == 2  # nothing named: a usage error


def test_build_refuses_an_issue_with_errors_unless_forced(project):
    project.issue("march-2021", issue_with("Hello *|FIRSTNAME|*."))
    refused = project.run("build", "march-2021")
    assert refused.code == 1 and project.build_files() == []
    assert "error merge-tag-unknown" in refused.err and "1 error in march-2021" in refused.err
    assert "march-2021 was not built because of the errors above" in refused.err
    forced = project.run("build", "march-2021", "--force")
    assert forced.code == 0 and "1 error in march-2021" in forced.out
    assert "Hello *|FIRSTNAME|*." in project.built("march-2021")[1]


def test_build_prints_warnings_and_still_writes(project):
    project.issue("march-2021", issue_with("We went to the the shop."))
    result = project.run("build", "march-2021")
    assert result.code == 0 and "warning doubled-word" in result.err
    assert result.out.splitlines()[-1] == "1 warning in march-2021"


def test_a_link_in_the_text_and_a_button_to_the_same_page_is_the_ordinary_pattern(project):
    project.issue("march-2021", """\
        date: 2021-03
        subject: Blogs
        sections:
          - title: Useful blogs
            items:
              - title: Weathering the storm
                url: https://example.org/blog/storm
                body: Ann writes about [weathering the storm](https://example.org/blog/storm) in Derby.
                link: {text: Read Ann's blog, url: "https://example.org/blog/storm"}
        """)
    result = project.run("check", "march-2021")
    assert "link-text-conflict" not in result.out, result.out


def test_how_many_builds_failed_is_said_once_at_the_end():
    from lacnews.commands.build import failure_summary

    assert failure_summary(0, 3) is None
    assert failure_summary(1, 1) is None  # the issue's own error says it; the exit status is 1 all the same
    assert failure_summary(2, 3) == "2 of 3 issues failed to build"
    assert failure_summary(1, 1, every_issue=True) == "1 of 1 issues failed to build"
    assert failure_summary(1, 3, every_issue=True) == "1 of 3 issues failed to build; the others are built"


def test_each_issue_named_is_built_and_one_failing_does_not_stop_the_others(project):
    from lacnews.commands.build import Built, ChecksFailed, build_each

    project.issue("april-2021", issue_with("Hello *|FIRSTNAME|*.", date="2021-04"))
    outcome = dict(build_each(Project(project.root), ["april-2021", "march-2021", "no-such-issue"]))
    assert isinstance(outcome["april-2021"], ChecksFailed) and outcome["april-2021"].findings
    assert isinstance(outcome["march-2021"], Built)
    assert "no issue 'no-such-issue'" in outcome["no-such-issue"].format_message()
