"""Old dates left from an old article (issue 22, point 5): `check` warns of dates long before the issue's in
titles and text (stale-date), stricter in titles than in running text, once per stale article, and keeps
quiet where the editor marked a date as meant with `# lacnews: allow stale-date`."""

from __future__ import annotations

import re
import time

from hypothesis import given
from hypothesis import strategies as st

from lacnews.checks.dates import _date_pattern, _dates_in

# As the editor of issue 22 had it: a partner's 2016 article pasted into the July 2020 issue.
OLD_ARTICLE = """\
date: 2020-07
subject: Local Area Coordination Network update – July 2020
sections:
  - title: News from our partners
    items:
      - title: Thurrock's new Local Area Coordinators – October 2016
        body: |
          Posted Oct 28, 2016 by the Thurrock team.

          Thurrock Council has welcomed three new Local Area Coordinators.
"""


def stale(result) -> list[str]:
    return [line for line in result.out.splitlines() if " stale-date: " in line]


def test_an_old_articles_dates_are_warned_about(project):
    project.issue("july-2020", OLD_ARTICLE)
    result = project.run("check", "july-2020")
    assert result.code == 0, result.output  # a warning: the editor decides
    assert stale(result) == [
        "issues/july-2020.yaml:6:57: warning stale-date: sections[0].items[0].title: 'October 2016' is 3 years and "
        "9 months before this issue (July 2020): a date left from an old article? Update or remove it; if it is "
        "meant, put `# lacnews: allow stale-date` at the end of its line",
        "issues/july-2020.yaml:8:18: warning stale-date: sections[0].items[0].body: 'Oct 28, 2016' is 3 years and "
        "9 months before this issue (July 2020): a date left from an old article? Update or remove it; if it is "
        "meant, put `# lacnews: allow stale-date` after the `|` that opens it",
    ], result.out
    assert project.run("check", "--strict", "july-2020").code == 1


def test_a_date_meant_is_kept_with_a_comment(project):
    text = OLD_ARTICLE.replace("October 2016", "October 2016  # lacnews: allow stale-date") \
        .replace("body: |", "body: |  # lacnews: allow stale-date")
    project.issue("july-2020", text)
    result = project.run("check", "--strict", "july-2020")
    assert result.code == 0 and stale(result) == [], result.out
    # the comment names the rule it keeps quiet: another rule's name keeps nothing
    project.issue("july-2020", OLD_ARTICLE.replace("October 2016", "October 2016  # lacnews: allow spelling"))
    assert len(stale(project.run("check", "july-2020"))) == 2



def test_check_fix_keeps_the_comment_after_a_blocks_bar(project):
    # --fix writes the block again (its pasted bullets made a list): the editor's marker stays after the `|`
    text = OLD_ARTICLE.replace("body: |", "body: |  # lacnews: allow stale-date") \
        + "          \u2022 one\n          \u2022 two\n"
    project.issue("july-2020", text)
    assert project.run("check", "--fix", "july-2020").code == 0
    written = (project.root / "issues" / "july-2020.yaml").read_text(encoding="utf-8")
    assert "body: |  # lacnews: allow stale-date\n" in written and "- one" in written, written
    assert [line for line in stale(project.run("check", "july-2020")) if ".body:" in line] == []

def written_forms():
    return ["Oct 28, 2016", "28 October 2016", "28th of October 2016", "October 28th 2016", "28/10/2016",
            "28.10.2016", "2016-10-28", "10/28/2016"]


def test_every_way_of_writing_a_day_is_read_in_running_text(project):
    bodies = "".join(f"      Seen on {form}.\n\n" for form in written_forms())
    project.issue("july-2020", f"date: 2020-07\nsubject: S\nsections:\n  - title: T\n    body: |\n{bodies}")
    found = stale(project.run("check", "july-2020"))
    assert [re.search(r"'([^']+)' is 3 years", line).group(1) for line in found] == written_forms()


def test_titles_are_held_stricter_than_running_text(project):
    """In a title a month or a year alone dates the story; in the text they tell history ("founded in 1998"),
    and only a whole day more than a year before is an old article's date line."""
    project.issue("july-2020", """\
        date: 2020-07
        subject: S
        sections:
          - title: Annual review 2016
            body: |
              The project was founded in 1998. In October 2016 the council began, and in
              2018 it grew. On 3 March 2020 lockdown came; on 12 June 2019 we met.
          - title: Since 2010, together
          - title: Annual report 2019/20
          - title: Founded in 1998
          - title: Plans for 2021
          - title: Webinar, 15 September 2020
          - title: What we learnt in January 2020
          - title: Spring 2019 round-up
        """)
    found = stale(project.run("check", "july-2020"))
    quoted = [re.search(r": '([^']+)' is", line).group(1) for line in found]
    assert quoted == ["2016", "12 June 2019"], found


def test_an_items_own_old_date_is_one_finding_for_the_article(project):
    project.issue("july-2020", OLD_ARTICLE.replace("    items:\n", "    items:\n      - title: Fresh\n"
                                                  "        date: 2020-06-30\n")
                  .replace("– October 2016\n", "– October 2016\n        date: 2016-10-28\n"))
    found = stale(project.run("check", "july-2020"))
    assert found == ["issues/july-2020.yaml:9:15: warning stale-date: sections[0].items[1].date: the item is dated "
                     "28 October 2016, 3 years and 9 months before this issue (July 2020): is the article still "
                     "news? If it is, put `# lacnews: allow stale-date` at the end of its line"], found


def test_copyright_and_the_subjects_month_stay_stale_years(project):
    project.issue("july-2020", """\
        date: 2020-07
        subject: News – May 2016
        sections:
          - title: Thanks
            body: Copyright © 2016 Test Trust.
        """)
    result = project.run("check", "july-2020")
    assert stale(result) == [] and result.out.count(" stale-year: ") == 2, result.out


def test_welsh_month_names_are_read_in_a_welsh_issue(project):
    project.write("newsletter.yaml", project.root.joinpath("newsletter.yaml").read_text() + "languages: [cy, en]\n")
    project.issue("july-2020", """\
        date: 2020-07
        subject: {cy: Newyddion, en: News}
        sections:
          - title: {cy: Newyddion Hydref 2016, en: News October 2016}
        """)
    found = stale(project.run("check", "july-2020"))
    assert [re.search(r": '([^']+)' is", line).group(1) for line in found] == ["Hydref 2016", "October 2016"], found


def test_the_repositorys_issues_and_examples_have_no_stale_date(lac):
    import shutil

    from conftest import REPO, copy_case

    for slug in ("june-2020", "cymru-mehefin-2020"):
        shutil.copy(REPO / "issues" / f"{slug}.yaml", lac.root / "issues" / f"{slug}.yaml")
    result = lac.run("check", "--all")
    assert result.code == 0 and " stale-" not in result.out, result.out
    for case, slug in (("every-field", "april-2021"), ("minimal", "march-2021")):
        case_project = copy_case(case, lac.root.parent / case, slug)
        checked = case_project.run("check", slug)
        assert " stale-" not in checked.out, checked.out


# Reading dates: one pass, whatever the text

PATTERN = _date_pattern(("en-GB", "cy"))


@given(st.text(st.sampled_from("0123456789 /.-,Oct Mai ofth\u2013\n"), max_size=200))
def test_every_date_read_is_written_where_it_is_said_to_be(text):
    for written in _dates_in(text, PATTERN):
        assert text[written.start:written.start + len(written.text)] == written.text
        assert 1900 <= written.year <= 2099 and (written.month is None or 1 <= written.month <= 12)


def test_reading_dates_is_linear_on_a_100_kb_token():
    for token in ("1 " * 50_000, "2016-" * 20_000, "Oct " * 25_000, "28/10/" * 17_000, "1" * 100_000,
                  "2016 " * 20_000):
        started = time.perf_counter()
        list(_dates_in(token, PATTERN))
        assert time.perf_counter() - started < 1.0, token[:20]


def test_a_title_of_many_years_is_read_in_time_linear_in_its_length():
    """Each year alone was checked for a history word ("since") by a search from the title's beginning."""
    from lacnews.checks.dates import _stale

    now = 2020 * 12 + 6

    def seconds(years: int) -> float:
        title = "Look back " + "2001 " * years
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            reported = sum(_stale(written, title, True, now, None, None) for written in _dates_in(title, PATTERN))
            best = min(best, time.perf_counter() - started)
        assert reported == years
        return best

    small, large = seconds(3000), seconds(12000)
    assert large / small < 8 and large < 1, (small, large)


def test_impossible_days_are_not_dates_and_history_words_are_whole_words(project):
    """A day not in the calendar has no age to tell: it is a slip or a reference number, not an old article's date
    line. A year after "best" is not one after "est." (established)."""
    project.issue("july-2020", """\
        date: 2020-07
        subject: S
        sections:
          - title: Our best 2016 moments
          - title: Established   in   1998
            body: |
              Seen 31/02/2016, 2016-02-31, 30 February 2016, February 30, 2016, 02/30/2016, 31/04/2016 and
              29/02/2019; posted 29/02/2016.
        """)
    found = stale(project.run("check", "july-2020"))
    assert [re.search(r": '([^']+)' is", line).group(1) for line in found] == ["2016", "29/02/2016"], found
