"""Crashes and misleading messages (issue 19), each ended as the rule says: a located message and exit 1, or
the right result.

- a list or a set of fields written as a field's name (``body: {cy: Croeso, [a]: x}``), in an issue or in
  newsletter.yaml: `build`, `check`, `list`, `build --all` and the preview each say where, and `list` and
  `--all` carry on with the other issues; and a property: a name of any kind (lists, sets of fields,
  numbers, null, true, dates, aliases, tags) anywhere in either file builds or is refused at a line and column;
- a build record (build/<issue>/.build.json, build/site/.site.json) of the wrong shape is taken for none: the
  issue is built again, with a note;
- raw control characters (NUL, DEL, ...) are reported at their line and column, saying what to do;
- `bilingual: separate` without site_url is a warning that says what to add; a language given twice in
  other capitals (en-gb, en-GB) or with _ (en_GB) is refused;
- a size in pixels says the range it must be in: too large, 0, a thousand digits.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import (
    MINIMAL_ISSUE,
    MINIMAL_NEWSLETTER,
    TempProject,
    lacnews_command,
    lacnews_env,
)
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lacnews.cli import cli

# a located message as lacnews prints it: file:line:column: then words
LOCATED = re.compile(r"(?:issues/[a-z0-9-]+|newsletter)\.yaml:\d+:\d+: \S")

BAD_KEY_ISSUE = """\
date: 2020-07
subject: A test issue
sections:
  - title: Hello
    body: {cy: Croeso, [a]: x}
"""


def assert_no_crash(result) -> None:
    assert "internal error" not in result.output and "Traceback" not in result.output, result.output


def as_build_says(output: str) -> str:
    """Return what `check` printed without the level and rule it puts after the place, as `build` says it."""
    return re.sub(r"(\.yaml:\d+:\d+): (?:error|warning|note) [a-z-]+: ", r"\1: ", output)


# --- a name that is not a word ----------------------------------------------------------------------------


def test_a_list_as_a_language_in_an_issue_is_located_by_every_command_and_the_others_carry_on(lac):
    lac.issue("bad-key", BAD_KEY_ISSUE)
    where = "issues/bad-key.yaml:5:24: a field's name must be a word, not a list: YAML reads [a] before the colon"

    for command in (("build", "bad-key"), ("check", "bad-key")):
        result = lac.run(*command)
        assert_no_crash(result)
        assert result.code == 1 and where in as_build_says(result.output), result.output
        assert "put the text in quotes" in result.output
    assert not (lac.root / "build" / "bad-key").exists()

    listed = lac.run("list")
    assert_no_crash(listed)
    assert listed.code == 0, listed.output
    rows = {line.split()[0]: line for line in listed.out.splitlines()[1:]}
    assert set(rows) == {"may-2020", "bad-key"}
    assert "this issue has errors" in rows["bad-key"] and "1 error" in rows["bad-key"]
    assert "Local Area Coordination Network update – May 2020" in rows["may-2020"]

    everything = lac.run("build", "--all")
    assert_no_crash(everything)
    assert everything.code == 1 and where in everything.err, everything.output
    assert "1 of 2 issues failed to build; the others are built" in everything.err
    assert "built may-2020" in everything.out
    assert (lac.root / "build" / "may-2020" / "email.html").is_file()
    assert (lac.root / "build" / "site" / "may-2020" / "index.html").is_file()


def test_a_list_as_a_language_in_newsletter_yaml_is_located_by_every_command(lac):
    config = lac.root / "newsletter.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("share_text: {en: Please share this update with colleagues,",
                                   "share_text: {[en]: x, en: Please share this update with colleagues,"),
                      encoding="utf-8")
    for command in (("build", "may-2020"), ("check", "may-2020"), ("build", "--all")):
        result = lac.run(*command)
        assert_no_crash(result)
        assert result.code == 1, result.output
        assert "newsletter.yaml:10:14: a field's name must be a word, not a list" in as_build_says(result.output)
    listed = lac.run("list")  # newsletter.yaml is every issue's: named once, not blamed on each issue
    assert_no_crash(listed)
    assert listed.code == 1 and "newsletter.yaml:10:14: a field's name must be a word, not a list" in listed.err
    assert "this issue has errors" not in listed.out
    assert not (lac.root / "build" / "may-2020").exists()


@pytest.mark.parametrize("written, where, kind", [
    ("    body: {cy: Croeso, {a: b}: x}\n", "5:24", "a set of fields"),
    ("    ? [a, b]\n    : x\n", "5:7", "a list"),
    ("    ? - a\n      - b\n    : x\n", "5:7", "a list"),
    ("    body: &both [cy, en]\n    *both : x\n", "6:5", "a list"),
    ("    body: {cy: Croeso, en: Welcome, ? [a] : x}\n", "5:39", "a list"),
    ("    body: &both {cy: Croeso}\n    items: [{title: T, *both : x}]\n", "6:24", "a set of fields"),
], ids=["mapping", "explicit-list", "block-list", "alias-to-a-list", "flow-explicit", "flow-alias"])
def test_every_kind_of_name_that_is_not_a_word_is_located(project, written, where, kind):
    project.issue("bad-key", "date: 2021-03\nsubject: S\nsections:\n  - title: One\n" + written)
    result = project.run("check", "bad-key")
    assert_no_crash(result)
    assert result.code == 1, result.output
    assert f"issues/bad-key.yaml:{where}: error yaml: a field's name must be a word, not {kind}" in result.out


def test_many_names_that_are_not_words_get_the_first_ones_and_a_count(project):
    project.issue("march-2021", MINIMAL_ISSUE + "".join(f"    [a{number}]: x\n" for number in range(30)))
    result = project.run("check", "march-2021")
    assert result.code == 1 and result.out.count("a field's name must be a word, not a list") == 20, result.output
    assert "issues/march-2021.yaml:26:5: error yaml: 10 more names that are not words from here on" in result.out


def test_the_preview_shows_where_the_name_is_wrong_and_lists_the_other_issues(lac):
    lac.issue("bad-key", BAD_KEY_ISSUE)
    process = subprocess.Popen([*lacnews_command(), "preview", "--no-open", "--port", "0"], cwd=lac.root,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=lacnews_env())
    try:
        first_line = process.stdout.readline()
        found = re.search(r"at (http://127\.0\.0\.1:\d+/)", first_line)
        assert found, first_line
        base = found.group(1)

        def page(path: str) -> str:
            with urllib.request.urlopen(base + path, timeout=30) as answer:
                return answer.read().decode("utf-8")

        index = page("")
        assert "/issue/may-2020/" in index and "/issue/bad-key/" in index
        shown = page("issue/bad-key/")
        # the page carries the issue's state as JSON, where ' is written \u0027
        assert "bad-key.yaml:5:24: a field\\u0027s name must be a word, not a list" in shown, shown[-2000:]
        assert "internal error" not in index + shown
        assert "Local Area Coordination" in page("issue/may-2020/")
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stdout.close()
        process.stderr.close()


# The property: a name of any kind, anywhere, in the issue or in newsletter.yaml.

SCALAR_NAMES = ["1", "-3.5", "0x1F", "0o17", "1_000", ".inf", ".NaN", "~", "null", "Null", "''", '""', "true",
                "No", "off", "y", "2020-01-01", "2001-12-14 21:59:43.10 -5", "cy", "en", "EN", "en-gb", "en_GB",
                "title", "sections", "body", "<<", "=", "!!binary aGk=", "!!int 3", "!odd word", "!!null ''",
                "'[a]'", '"{b}"', "'*|FNAME|*'", '"\\x00"', '"\\t"', "é", "🙂"]


def _names(depth: int = 2) -> st.SearchStrategy[str]:
    scalars = st.sampled_from(SCALAR_NAMES)
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
            st.lists(st.tuples(inner, inner), max_size=2).map(
                lambda pairs: "{" + ", ".join(f"{key}: {value}" for key, value in pairs) + "}")),
        max_leaves=5)


# Where a name is written: (file, the file with {block} a line of fields at the place, or {flow} a field in a
# set of fields written on one line, and the indentation of the block).
NEWSLETTER = MINIMAL_NEWSLETTER + "share_text: {en: Please share, cy: Rhannwch{flow}}\nsocial:\n  twitter: ex\n"
ISSUE = """\
date: 2021-03
subject: S
languages: [en, cy]
sections:
  - title: One
    body: {en: Hello, cy: Helo{flow}}
    items:
      - title: Item
        image: {src: "https://example.org/a.png", alt: A picture{flow}}
"""
PLACES = [
    ("issue", ISSUE.replace("sections:", "{block}sections:"), ""),
    ("issue", ISSUE.replace("    items:", "{block}    items:"), "    "),
    ("issue", ISSUE + "{block}", "        "),
    ("issue-flow-body", ISSUE, ""),
    ("newsletter", NEWSLETTER.replace("sender:", "{block}sender:"), ""),
    ("newsletter", NEWSLETTER.replace("  organisation:", "{block}  organisation:"), "  "),
    ("newsletter", NEWSLETTER + "{block}", "  "),
    ("newsletter-flow", NEWSLETTER, ""),
]


def _written(template: str, indent: str, name: str, value: str, explicit: bool, flow: bool) -> str:
    if flow:
        field = f", ? {name} : {value}" if explicit else f", {name}: {value}"
        return template.replace("{flow}", field, 1).replace("{flow}", "").replace("{block}", "")
    block = f"{indent}? {name}\n{indent}: {value}\n" if explicit else f"{indent}{name}: {value}\n"
    return template.replace("{block}", block).replace("{flow}", "")


@pytest.fixture(scope="module")
def odd_names_project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("odd-names")
    (root / "issues").mkdir()
    return root


@settings(max_examples=60, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(place=st.sampled_from(PLACES), name=_names(), value=st.sampled_from(["x", "[a]", "{en: a, cy: b}", "''"]),
       explicit=st.booleans())
@example(place=PLACES[3], name="[a]", value="x", explicit=False)
@example(place=PLACES[7], name="{a: b}", value="x", explicit=False)
@example(place=PLACES[0], name="2020-01-01", value="x", explicit=True)
def test_a_name_of_any_kind_anywhere_builds_or_is_located(odd_names_project, place, name, value, explicit):
    root = odd_names_project
    which, template, indent = place
    flow = which.endswith("flow") or which.endswith("flow-body")
    text = _written(template, indent, name, value, explicit, flow)
    issue_text = text if which.startswith("issue") else ISSUE.replace("{flow}", "")
    newsletter_text = text if which.startswith("newsletter") else NEWSLETTER.replace("{flow}", "")
    (root / "newsletter.yaml").write_text(newsletter_text, encoding="utf-8")
    (root / "issues" / "march-2021.yaml").write_text(issue_text, encoding="utf-8")
    shutil.rmtree(root / "build", ignore_errors=True)
    runner = CliRunner()
    built = runner.invoke(cli, ["build", "march-2021", "--root", str(root)])
    assert "internal error" not in built.output, built.output
    assert built.exception is None or isinstance(built.exception, SystemExit), built.output
    assert built.exit_code == 0 or (built.exit_code == 1 and LOCATED.search(built.output)), built.output
    listed = runner.invoke(cli, ["list", "--root", str(root)])
    assert "internal error" not in listed.output, listed.output
    if which.startswith("newsletter") and built.exit_code == 1:  # the newsletter's mistake, named once
        assert listed.exit_code == 1 and LOCATED.search(listed.output), listed.output
    else:
        assert listed.exit_code == 0 and "march-2021" in listed.output, listed.output


# --- build records of the wrong shape ---------------------------------------------------------------------


RECORD_DAMAGE = {
    "date-a-number": ("date", 5),
    "date-not-a-date": ("date", "2020-13"),
    "subject-null": ("subject", None),
    "sections-text": ("sections", "seven"),
    "errors-true": ("errors", True),
    "errors-negative": ("errors", -1),
    "languages-a-list": ("languages", [1]),
    "languages-of-numbers": ("languages", {"cy": 5}),
    "language-subject-a-list": ("languages", {"cy": {"subject": [1], "preheader": "", "date_shown": "x"}}),
    "another-issue": ("slug", "june-2020"),
    "slug-null": ("slug", None),
    "referenced-outside": ("referenced", ["../../etc/passwd"]),
    "referenced-numbers": ("referenced", [1]),
    "no-languages": ("languages", "(deleted)"),
}


@pytest.fixture(scope="module")
def built_lac(tmp_path_factory) -> TempProject:
    """The repository's project after `lacnews build --all`: each test copies it, so it is built once."""
    from conftest import copy_repo_project

    project = copy_repo_project(tmp_path_factory.mktemp("built") / "lac")
    result = project.run("build", "--all")
    assert result.code == 0, result.output
    return project


def _copy(built: TempProject, tmp_path: Path) -> TempProject:
    root = tmp_path / "lac"
    shutil.copytree(built.root, root, symlinks=True)
    return TempProject(root)


@pytest.mark.parametrize("name", list(RECORD_DAMAGE))
def test_a_build_record_of_the_wrong_shape_is_taken_for_none(built_lac, tmp_path, name):
    lac = _copy(built_lac, tmp_path)
    path = lac.root / "build" / "may-2020" / ".build.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    field, value = RECORD_DAMAGE[name]
    if value == "(deleted)":
        del record[field]
    else:
        record[field] = value  # the fingerprint is kept: the record still says it is current
    path.write_text(json.dumps(record), encoding="utf-8")

    listed = lac.run("list")
    assert_no_crash(listed)
    assert listed.code == 0 and re.search(r"may-2020 .* not built", listed.out), listed.output

    result = lac.run("build", "--all")
    assert_no_crash(result)
    assert result.code == 0, result.output
    assert "built may-2020" in result.out
    assert "note: build/may-2020/.build.json could not be read, so may-2020 was built again" in result.err
    rebuilt = json.loads(path.read_text(encoding="utf-8"))
    assert rebuilt["slug"] == "may-2020" and rebuilt["date"] == "2020-05" and rebuilt["errors"] == 0
    index = (lac.root / "build" / "site" / "index.html").read_text(encoding="utf-8")
    assert index.count('href="may-2020/index.html"') == 1


@pytest.mark.parametrize("damage", [{"files": [1]}, {"files": "index.html"}, {"files": ["../../outside"]},
                                    {"notes": "a note"}, {"notes": [3]}, {"fingerprint": None}, [1, 2]],
                         ids=["files-numbers", "files-text", "files-outside", "notes-text", "notes-numbers",
                              "fingerprint-null", "a-list"])
def test_an_archive_record_of_the_wrong_shape_is_taken_for_none(built_lac, tmp_path, damage):
    lac = _copy(built_lac, tmp_path)
    path = lac.root / "build" / "site" / ".site.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**record, **damage} if isinstance(damage, dict) else damage), encoding="utf-8")
    result = lac.run("build", "--all")
    assert_no_crash(result)
    assert result.code == 0 and "build/site/index.html" in result.out, result.output
    assert json.loads(path.read_text(encoding="utf-8"))["files"] == record["files"]


def test_a_record_nested_past_the_parser_is_taken_for_none(built_lac, tmp_path):
    lac = _copy(built_lac, tmp_path)
    (lac.root / "build" / "may-2020" / ".build.json").write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    (lac.root / "build" / "site" / ".site.json").write_text("{\"a\":" * 200_000 + "1" + "}" * 200_000,
                                                            encoding="utf-8")
    result = lac.run("build", "--all")
    assert_no_crash(result)
    assert result.code == 0 and "built may-2020" in result.out, result.output


# --- raw control characters -------------------------------------------------------------------------------


@pytest.mark.parametrize("character, name", [("\x00", "U+0000 NULL"), ("\x7f", "U+007F DELETE"),
                                             ("\x07", "U+0007 BELL"), ("\x1b", "U+001B ESCAPE"),
                                             ("\x1f", "U+001F a control character"), ("\x81", "U+0081 a control character"),
                                             ("\ufffe", "U+FFFE a non-character")])
def test_a_raw_control_character_is_reported_at_its_line_and_column(project, character, name):
    project.issue("march-2021", MINIMAL_ISSUE.replace("First section", f"First{character} section"))
    for command in ("check", "build"):
        result = project.run(command, "march-2021")
        assert_no_crash(result)
        assert result.code == 1, result.output
        assert f"issues/march-2021.yaml:4:17: this line holds {name}" in as_build_says(result.output), result.output
        assert "delete it" in result.output and "position" not in result.output
    assert project.build_files() == []


def test_a_file_full_of_control_characters_gets_the_first_ones_and_a_count(project):
    project.issue("march-2021", MINIMAL_ISSUE.replace("first section.", "first section." + "\x00" * 50_000))
    started = time.perf_counter()
    result = project.run("check", "march-2021")
    assert time.perf_counter() - started < 20
    assert result.code == 1 and result.out.count("this line holds U+0000 NULL") == 20, result.output
    assert ("issues/march-2021.yaml:5:74: error characters: 49,980 more such characters from here on: delete them "
            "all") in result.out


def test_control_characters_in_newsletter_yaml_are_located_too(project):
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER.replace("Test Trust", "Test\x00Trust"))
    result = project.run("build", "march-2021")
    assert result.code == 1 and "newsletter.yaml:4:21: this line holds U+0000 NULL" in result.err, result.output


# --- languages --------------------------------------------------------------------------------------------


BILINGUAL = """\
date: 2021-03
languages: [cy, en]
bilingual: separate
subject: {cy: Newyddion, en: News}
sections:
  - title: {cy: Un, en: One}
    body: {cy: Helo *|FNAME|*, en: Hello *|FNAME|*}
"""


def test_separate_editions_without_site_url_are_a_warning_saying_what_to_add(project):
    project.issue("march-2021", BILINGUAL)
    result = project.run("check", "march-2021")
    assert result.code == 0, result.output
    assert ("issues/march-2021.yaml:3:12: warning edition-links: bilingual: separate makes one email per "
            "language (cy, en)") in result.out
    assert "add site_url: https://example.org/newsletter/" in result.out
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + "site_url: https://news.example.org/\n")
    assert "edition-links" not in project.run("check", "march-2021").out


def test_separate_editions_set_in_newsletter_yaml_are_warned_about_there(project):
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + "languages: [cy, en]\nbilingual: separate\n")
    project.issue("march-2021", BILINGUAL.replace("languages: [cy, en]\nbilingual: separate\n", ""))
    result = project.run("check", "march-2021")
    assert "newsletter.yaml:7:12: warning edition-links" in result.out, result.output


@pytest.mark.parametrize("languages, column, written", [("[cy, en-gb, en-GB]", 24, "en-GB is given twice (as en-gb)"),
                                                         ("[cy, en-GB, en_GB]", 24, "en_GB is given twice (as en-GB)"),
                                                         ("[cy, en, EN]", 21, "EN is given twice (as en)"),
                                                         ("[cy, en, cy]", 21, "cy is given twice, first at")])
def test_a_language_given_twice_in_other_capitals_is_refused(project, languages, column, written):
    project.issue("march-2021", BILINGUAL.replace("[cy, en]", languages).replace("bilingual: separate\n", ""))
    result = project.run("build", "march-2021")
    assert_no_crash(result)
    assert result.code == 1, result.output
    assert f"issues/march-2021.yaml:2:{column}: languages: {written}" in result.err
    assert "keep one" in result.err
    assert project.build_files() == []


def test_a_language_given_twice_in_newsletter_yaml_is_refused(project):
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + "languages: [en-GB, cy, en-gb]\n")
    result = project.run("build", "march-2021")
    assert result.code == 1 and "newsletter.yaml:6:24: languages: en-gb is given twice (as en-GB)" in result.err


# --- sizes in pixels --------------------------------------------------------------------------------------


PICTURE = "    items:\n      - image: {{src: 'https://e.org/i.png', alt: A chart, width: {width}}}\n"


@pytest.mark.parametrize("width, message", [
    ("100000", "100000 is out of range: give a whole number of pixels from 1 to 10000"),
    ("0", "0 is out of range: give a whole number of pixels from 1 to 10000"),
    ("00000", "00000 is out of range: give a whole number of pixels from 1 to 10000"),
    ("9" * 5000, "9" * 40 + "… is out of range: give a whole number of pixels from 1 to 10000"),
    ("-5", "expected a whole number of pixels from 1 to 10000, found '-5'"),
    ("12.5", "expected a whole number of pixels from 1 to 10000, found '12.5'"),
], ids=["100000", "0", "00000", "5000-digits", "negative", "fraction"])
def test_a_width_out_of_range_says_the_range(project, width, message):
    project.issue("march-2021", MINIMAL_ISSUE + PICTURE.format(width=width))
    result = project.run("build", "march-2021")
    assert_no_crash(result)
    assert result.code == 1, result.output
    assert f"issues/march-2021.yaml:7:66: sections[0].items[0].image.width: {message}" in result.err
    assert project.build_files() == []


def test_widths_in_range_are_taken(project):
    project.issue("march-2021", MINIMAL_ISSUE + PICTURE.format(width="0300"))
    result = project.run("build", "march-2021")
    assert result.code == 0, result.output
    assert re.search(r'<img[^>]*width="300"', project.built("march-2021")[0])


@pytest.mark.parametrize("width", ["0", "39", "537", "100000"])
def test_a_logo_width_out_of_range_says_the_range(project, width):
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + f"theme:\n  logo_width: {width}\n")
    result = project.run("build", "march-2021")
    assert result.code == 1, result.output
    assert (f"newsletter.yaml:7:15: theme.logo_width: {width} is out of range: give a whole number of pixels "
            "from 40 to 536") in result.err
