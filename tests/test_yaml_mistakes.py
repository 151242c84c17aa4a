"""Twenty mistakes editors make in YAML, each explained at the line to change, with a fix that parses.

Each case is the May 2020 bulletin (or the minimal issue of conftest.py) with one
mistake made in it. `lacnews check` and `lacnews build` must name the line and
column the editor has to change (not the one or two lines below where YAML gave
up), show that line with a caret under the column, say what is wrong and how to
mend it; and the mended line, written as the message says, must then check
without errors.

Then what holds beyond the twenty: JSON stays JSON, a fix is told only if the
file then parses, Windows line endings, a 100 KB line, and a slip of one key on
any line of the bulletin (LACNEWS_SLIP_EXAMPLES=N draws N of them, 150 by default).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass

import pytest
from conftest import MINIMAL_ISSUE, REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lacnews.base.errors import InputError
from lacnews.yaml.source import read_source

MAY_2020 = (REPO / "issues" / "may-2020.yaml").read_text(encoding="utf-8")
SHOWN = {"\t": "→", "\u00a0": "·"}  # how an excerpt shows the characters one cannot see


@dataclass(frozen=True)
class Mistake:
    """A mistake made in an issue that builds: the text as it was, as mistyped, and as the message says to write it."""

    right: str
    wrong: str
    place: str  # line:column the message names, 1-based
    message: str  # the message after "line:column: ", first line
    mended: str | None = None  # the text as mended by following the message, when that is not ``right``
    rule: str = "yaml"
    shown: bool = True  # whether the line is shown under the message with a caret
    minimal: bool = False  # made in tests/conftest.py's minimal issue rather than in may-2020

    @property
    def slug(self) -> str:
        return "march-2021" if self.minimal else "may-2020"

    def texts(self) -> tuple[str, str]:
        """Return the issue as mistyped and as mended."""
        original = MINIMAL_ISSUE if self.minimal else MAY_2020
        assert original.count(self.right) == 1, f"{self.right!r} is not in the issue once"
        wrong = original.replace(self.right, self.wrong)
        return wrong, wrong.replace(self.wrong, self.mended if self.mended is not None else self.right)


MISTAKES = {
    "colon in an unquoted title": Mistake(
        "  - title: First section", "  - title: Zoom: how to join", "4:16",
        'the title "Zoom: how to join" has a colon followed by a space, which YAML reads as a new field; '
        'put the title in quotes: title: "Zoom: how to join"',
        mended='  - title: "Zoom: how to join"', minimal=True),
    "curly quotes": Mistake(
        '      - title: "Covid Considerations: Weathering the storm of Covid-19"',
        "      - title: “Covid Considerations: Weathering the storm of Covid-19”", "219:16",
        "the title is in curly quotes (“ ”), which YAML does not count as quotes, so its colon followed by a space "
        'reads as a new field; use straight quotes: title: "Covid Considerations: Weathering the storm of Covid-19"'),
    "a tab in the indentation": Mistake(
        "    recurring: true  # kept", "\trecurring: true  # kept", "74:1",
        "this line is indented with a tab (shown as → below), and YAML indents with spaces only; "
        "indent it with 4 spaces instead"),
    "a no-break space in the indentation": Mistake(
        "    id: lockdown-reflections", "   \u00a0id: lockdown-reflections", "171:4",
        "the indentation of this line holds a no-break space (U+00A0) (shown as · below), which YAML does not count "
        "as a space; replace it with an ordinary space"),
    "a missing dash in a list of lines": Mistake(
        "  - Observatory sightings", "  Observatory sightings", "14:3",
        "this line is among the items of a list but has no dash, so YAML does not read it as an item; "
        "start it with a dash: - Observatory sightings"),
    "a missing dash before an item": Mistake(
        "      - title: Kirklees", "        title: Kirklees", "133:9",
        "title comes a second time in this item (first at line 113), as if this line started a new item without "
        "its dash; start the new item with a dash: - title: Kirklees"),
    "a dash without its space": Mistake(
        "  - title: Useful blogs", "  -title: Useful blogs", "211:3",
        "the dash of '-title' has no space after it, so YAML does not read it as starting a list item; "
        "write - title: Useful blogs"),
    "a quote not closed": Mistake(
        '      - title: "Surviving the Pandemic: New challenges for Adult Social Care and the Social Care Market"',
        '      - title: "Surviving the Pandemic: New challenges for Adult Social Care and the Social Care Market',
        "76:16",
        'the quote " at the start of the title is not closed on its line, so YAML reads on to line 87; close it at '
        'the end of the line: title: "Surviving the Pandemic: New challenges for Adult … the Social Care Market"'),
    "an apostrophe in single quotes": Mistake(
        "      - title: It's high time we abandoned the language of vulnerability",
        "      - title: 'It's high time we abandoned the language of vulnerability'", "222:19",
        "the apostrophe in It's closes the single quotes that start the title, so YAML does not know what to do "
        "with the rest; put the title in double quotes: "
        "title: \"It's high time we abandoned the language of vulnerability\"",
        mended="      - title: \"It's high time we abandoned the language of vulnerability\""),
    "quotes around part of a title": Mistake(
        '      - title: "Covid Considerations: Weathering the storm of Covid-19"',
        '      - title: "Covid Considerations": Weathering the storm of Covid-19', "219:37",
        'the quotes around "Covid Considerations" close before the title ends, so YAML does not know what to do '
        "with the rest; put the whole of the title in single quotes: "
        "title: '\"Covid Considerations\": Weathering the storm of Covid-19'",
        mended="      - title: '\"Covid Considerations\": Weathering the storm of Covid-19'"),
    "a field indented too far": Mistake(
        "    id: resources", "     id: resources", "73:6",
        "id: is indented 5 spaces, more than title: on line 72, so YAML reads it as more of the title's text; "
        "indent it 4 spaces, like title:"),
    "an item indented to no level": Mistake(
        "  - title: Useful blogs", "   - title: Useful blogs", "211:4",
        "this item is indented 3 spaces, which lines up with nothing above it; indent it 2 spaces, "
        "like - title: on line 180"),
    "a text going on less indented": Mistake(
        "      online gatherings. It has been", "    online gatherings. It has been", "23:5",
        "this line goes on with the body (from line 21) but is indented 4 spaces, less than the 6 spaces of its "
        "first line, so YAML ends the body above it; indent it 6 spaces, like the lines above"),
    "a # inside { }": Mistake(
        '        link: {text: Read the full paper, url: "https://ipc.brookes.ac.uk/"}',
        '        link: {text: Read paper #3 in full, url: "https://ipc.brookes.ac.uk/"}', "87:33",
        "the # of #3 starts a comment, which hides the rest of the line, } included; put the text in quotes: "
        'link: {text: "Read paper #3 in full", url: "https://ipc.brookes.ac.uk/"}',
        mended='        link: {text: "Read paper #3 in full", url: "https://ipc.brookes.ac.uk/"}'),
    "a # starting a title": Mistake(
        '  - title: "Podcasts from #socialcarefuture"', "  - title: #socialcarefuture podcasts", "180:12",
        "sections[5].title: required, but empty; the # of #socialcarefuture starts a comment, so YAML reads no "
        'title here; put the title in quotes: title: "#socialcarefuture podcasts"',
        mended='  - title: "#socialcarefuture podcasts"', rule="format"),
    "a field written twice": Mistake(
        "    id: resources\n", "    title: Resources\n    id: resources\n", "73:5",
        "sections[1].title: this field is given twice (first at line 72); keep one", rule="format", shown=False),
    "a list under a field that has a value": Mistake(
        "    layout: list\n    items:\n      - title: The future",
        "    layout: list\n    items: see below\n      - title: The future", "215:12",
        "items: has both a value on its line (see below) and a list below it, and a field holds one or the other; "
        "delete 'see below' to give items the list: items:"),
    "a field without its colon": Mistake(
        "    body: >-\n      We're continuing", "    body >-\n      We're continuing", "109:9",
        "body has no colon after it, so YAML does not read it as a field; write body: >-"),
    "a colon without its space": Mistake(
        "        byline: Danny Buerkli", "        byline:Danny Buerkli", "217:15",
        "the colon after byline has no space after it, so YAML reads 'byline:Danny Buerkli' as text rather than a "
        "field; write byline: Danny Buerkli"),
    "a merge tag first in a value": Mistake(
        "subject: Local Area Coordination Network update – May 2020",
        "subject: *|FNAME|*, your Local Area Coordination update – May 2020", "9:10",
        "the subject starts with the merge tag *|FNAME|*, and YAML reads a * at the start of a value as a reference "
        "to another part of the file (an alias); put the subject in quotes: "
        'subject: "*|FNAME|*, your Local Area Coordination update – May 2020"',
        mended='subject: "*|FNAME|*, your Local Area Coordination update – May 2020"'),
}


def assert_shown(output: str, wrong_text: str, place: str) -> None:
    """Assert the output shows line ``place`` of the mistaken text, with a caret under its column."""
    number, column = map(int, place.split(":"))
    source = wrong_text.split("\n")[number - 1]
    lines = output.splitlines()
    gutter = f"{number:>6} | "
    index = next(i for i, line in enumerate(lines) if line.startswith(gutter))
    shown, caret = lines[index][len(gutter):], lines[index + 1]
    assert caret.startswith(" " * 6 + " | ") and caret.endswith("^") and caret.count("^") == 1, caret
    visible = "".join(SHOWN.get(character, character) for character in source)
    if len(source) <= 100:
        assert shown == visible
    else:  # a window of the line around the caret, "…" where it is cut
        assert "…" in (shown[0], shown[-1]) and shown.strip("…") in visible
    at = len(caret) - 1 - len(gutter)
    if column > len(source):  # just after the end of the line: where something is missing
        assert at == len(shown) and column == len(source) + 1
    else:
        assert shown[at] == visible[column - 1], f"the caret is under {shown[at:at + 1]!r}, not column {column}"


@pytest.fixture
def issue_project(request):
    """A mistake, and the project it is made in: the minimal one or a copy of the repository's."""
    mistake = request.param
    return mistake, request.getfixturevalue("project" if mistake.minimal else "lac")


@pytest.mark.parametrize("issue_project", list(MISTAKES.values()), ids=list(MISTAKES), indirect=True)
def test_check_names_the_line_to_change_and_a_fix_that_works(issue_project):
    mistake, project = issue_project
    wrong, mended = mistake.texts()
    project.issue(mistake.slug, wrong)
    project.issue("mended", mended)
    result = project.run("check", mistake.slug, "mended")
    assert result.code == 1
    assert "Traceback" not in result.output
    expected = f"issues/{mistake.slug}.yaml:{mistake.place}: error {mistake.rule}: {mistake.message}"
    assert expected in result.out.splitlines(), result.out
    assert f"1 error in {mistake.slug}" in result.out
    if mistake.shown:
        assert_shown(result.out, wrong, mistake.place)
    # the fix, made as the message says, leaves no error
    lines = result.out.splitlines()
    assert not [line for line in lines if line.startswith("issues/mended.yaml") and ": error " in line], result.out
    assert not [line for line in lines if line.endswith(" in mended") and "error" in line], result.out


@pytest.mark.parametrize("issue_project", list(MISTAKES.values()), ids=list(MISTAKES), indirect=True)
def test_build_refuses_with_the_same_message_and_writes_nothing(issue_project):
    mistake, project = issue_project
    wrong, _ = mistake.texts()
    project.issue(mistake.slug, wrong)
    result = project.run("build", mistake.slug)
    assert result.code == 1
    assert "Traceback" not in result.output
    assert f"issues/{mistake.slug}.yaml:{mistake.place}: {mistake.message}" in result.err.splitlines(), result.err
    if mistake.shown:
        assert_shown(result.err, wrong, mistake.place)
    assert result.err.rstrip().endswith("1 error; nothing was written.")
    assert project.build_files() == []


def test_check_as_json_stays_json_with_the_place_to_change(lac):
    lac.issue("may-2020", MISTAKES["a quote not closed"].texts()[0])
    result = lac.run("check", "may-2020", "--format", "json")
    assert result.code == 1
    [finding] = json.loads(result.out)
    assert (finding["path"], finding["line"], finding["column"], finding["rule"]) == \
        ("issues/may-2020.yaml", 76, 16, "yaml")
    assert finding["message"].startswith('the quote " at the start of the title is not closed on its line')


def test_no_fix_is_offered_where_it_would_not_make_the_file_parse(lac):
    # Two mistakes: indenting line 74 with spaces would leave the open quote of line 222, so no fix is told.
    text = MAY_2020.replace("    recurring: true  # kept", "\trecurring: true  # kept").replace(
        "      - title: It's high time", "      - title: \"It's high time")
    lac.issue("may-2020", text)
    result = lac.run("check", "may-2020")
    assert result.code == 1
    assert ("issues/may-2020.yaml:74:1: error yaml: this line is indented with a tab (shown as → below), "
            "and YAML indents with spaces only") in result.out.splitlines()
    assert "indent it" not in result.out


def test_of_two_mistakes_the_first_is_located_and_then_the_second_explained(lac):
    # The first is named, without the fix that alone would not make the file parse; mended, the second is explained.
    text = MAY_2020.replace("  - Observatory sightings", "  Observatory sightings").replace(
        "        byline: Danny Buerkli", "        byline:Danny Buerkli")
    lac.issue("may-2020", text)
    first = lac.run("check", "may-2020")
    assert ("issues/may-2020.yaml:14:3: error yaml: this line is among the items of a list but has no dash, so "
            "YAML does not read it as an item") in first.out.splitlines()
    assert "start it with a dash" not in first.out  # the file would still not parse
    lac.issue("may-2020", text.replace("  Observatory sightings", "  - Observatory sightings"))
    second = lac.run("check", "may-2020")
    assert "issues/may-2020.yaml:217:15: error yaml: the colon after byline has no space after it" in second.out
    assert "write byline: Danny Buerkli" in second.out


def test_a_file_with_windows_line_endings_is_explained_the_same(lac):
    wrong, _ = MISTAKES["a quote not closed"].texts()
    (lac.root / "issues" / "may-2020.yaml").write_bytes(wrong.replace("\n", "\r\n").encode("utf-8"))
    result = lac.run("check", "may-2020")
    assert "issues/may-2020.yaml:76:16: error yaml: the quote \" at the start of the title is not closed" in result.out
    assert "\r" not in result.out
    assert_shown(result.out, wrong, "76:16")


def test_a_long_line_is_shown_around_the_caret_and_read_in_linear_time(project):
    title = "Zoom: how to join " * 6000  # 108 KB on one line
    project.issue("march-2021", MINIMAL_ISSUE.replace("First section", title.strip()))
    started = time.monotonic()
    result = project.run("check", "march-2021")
    assert time.monotonic() - started < 20
    assert result.code == 1 and "Traceback" not in result.output
    assert "issues/march-2021.yaml:4:16: error yaml: the title" in result.out
    shown = next(line for line in result.out.splitlines() if line.startswith("     4 | "))
    assert len(shown) < 120 and shown.endswith("…")


# A slip of one key anywhere in the bulletin: whatever YAML makes of it, the message is located on a
# line of the file, shows that line as written, puts the caret in it, and nothing raises but InputError.
SLIPS = {
    "colon": lambda line: line.replace(" ", ": ", 1) if " " in line.strip() else line + ":",
    "one space less": lambda line: line[1:] if line.startswith(" ") else line,
    "one space more": lambda line: " " + line,
    "tab": lambda line: "\t" + line.lstrip(" "),
    "no-break space": lambda line: line.replace(" ", "\u00a0", 1),
    "quote": lambda line: line.replace(": ", ': "', 1) if ": " in line else '"' + line,
    "apostrophe": lambda line: line.replace(": ", ": '", 1) + "'s" if ": " in line else line + "'",
    "hash": lambda line: line.replace(": ", ": #", 1) if ": " in line else line.replace(" ", " #", 1),
    "no dash": lambda line: line.replace("- ", "  ", 1),
    "no space after dash": lambda line: line.replace("- ", "-", 1),
    "no colon": lambda line: line.replace(":", "", 1),
    "no space after colon": lambda line: line.replace(": ", ":", 1),
    "brace": lambda line: line.replace(": ", ": {", 1),
    "star": lambda line: line.replace(": ", ": *", 1),
}


@pytest.fixture(scope="module")
def slips_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("slips")


@settings(max_examples=int(os.environ.get("LACNEWS_SLIP_EXAMPLES", "150")), deadline=None, database=None,
          derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(number=st.integers(min_value=0, max_value=MAY_2020.count("\n") - 1), slip=st.sampled_from(sorted(SLIPS)))
def test_any_slip_is_located_on_a_line_of_the_file_as_written(slips_folder, number, slip):
    lines = MAY_2020.split("\n")
    lines[number] = SLIPS[slip](lines[number])
    text = "\n".join(lines)
    path = slips_folder / "may-2020.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        read_source(path)
    except InputError as error:
        for problem in error.problems:
            message = problem.message.split("\n")
            if len(message) == 1:
                continue  # a schema problem: located, without the line shown
            assert problem.place.line is not None and 1 <= problem.place.line <= len(lines)
            assert_shown("\n".join(message[1:]), text, f"{problem.place.line}:{problem.place.column}")


def test_a_file_of_too_many_values_is_told_so_and_of_its_aliases_only_when_it_has_some(tmp_path):
    """The limit on a file's values speaks of aliases (*name) only to a file that has them."""
    many = tmp_path / "many.yaml"
    many.write_text("date: 2021-03\nlist:\n" + "".join(f"  - {number}\n" for number in range(60_000)))
    with pytest.raises(InputError) as refused:
        read_source(many)
    message = refused.value.problems[0].message
    assert message == ("this file holds more than 50,000 values (fields, list items and texts), far more than an "
                       "issue needs: split it")
    aliased = tmp_path / "aliased.yaml"
    aliased.write_text("a: &a [" + ", ".join(["x"] * 600) + "]\n" + "".join(f"b{n}: *a\n" for n in range(100)))
    with pytest.raises(InputError) as refused:
        read_source(aliased)
    assert refused.value.problems[0].message.startswith("the aliases (*name) of this file repeat it to more than")
