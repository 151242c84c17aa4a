"""Messages that lead to the fix (issue 22, point 4): a finding `check --fix` can repair says so, the registry
knows which rules those are, paste damage is told once per kind per text with its count, and `--fix` with
nothing to repair says so. Driven as an editor drives lacnews: the command, on a project in a folder."""

from __future__ import annotations

import json
import re

from conftest import MINIMAL_NEWSLETTER

from lacnews.checks.registry import RULES, fixable_ids
from lacnews.commands.check.fix import REPAIRED_RULES

FIX = "`lacnews check --fix march-2021`"

# One piece of each kind of damage `check --fix` repairs, each in its own section, and the rule that finds it.
DAMAGED = {
    "paste-html": "Coffee mornings<br>are back on <b>Tuesdays</b>.",
    "paste-bullets": "We have:\n\u2022\tone thing\n\u2022\tanother thing",
    "invisible-character": "Coffee\u00a0mornings are back.",
}


def issue_with_bodies(*bodies: str, date: str = "2021-03") -> str:
    sections = "".join(f"  - title: Section {number}\n    body: |\n"
                       + "".join(f"      {line}\n" for line in body.split("\n"))
                       for number, body in enumerate(bodies, 1))
    return f"date: {date}\nsubject: Test news\nsections:\n{sections}"


def findings_of(result) -> list[tuple[str, str]]:
    """Return (rule, message) for each finding line of `check`'s output."""
    return re.findall(r"^\S+:\d+:\d+: (?:error|warning|note) (\S+): (.*)$", result.out, re.MULTILINE)


def test_the_registry_knows_the_fixable_rules_as_the_fix_repairs_them():
    assert fixable_ids() == REPAIRED_RULES
    assert set(DAMAGED) <= REPAIRED_RULES
    assert all(isinstance(rule.fixable, bool) for rule in RULES)  # a column of the rules' table


def test_each_fixable_finding_names_the_fix_and_the_fix_clears_it(project):
    """Each paste repair's rule is triggered, its message names `check --fix`, and after `check --fix` none of
    them is left: the flag is what the fix really repairs."""
    project.issue("march-2021", issue_with_bodies(*DAMAGED.values()))
    before = project.run("check", "march-2021")
    found = findings_of(before)
    assert {rule for rule, _ in found} >= set(DAMAGED), before.out
    for rule, message in found:
        if rule in fixable_ids():
            assert FIX in message, (rule, message)
    fixed = project.run("check", "--fix", "march-2021")
    assert fixed.code == 0, fixed.output
    assert fixed.out.count("fixed issues/march-2021.yaml:") == 3
    assert not {rule for rule, _ in findings_of(fixed)} & set(DAMAGED), fixed.out
    again = project.run("check", "--fix", "march-2021")
    assert again.code == 0 and "nothing to fix in march-2021" in again.out and "fixed" not in again.out


def test_no_other_rule_claims_the_fix(project):
    """Findings of rules --fix does not repair never send the editor to it."""
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + "website: http://example.org/\n")
    project.issue("march-2021", issue_with_bodies(
        "Hello *|FIRSTNAME|* and *|FNAME|, see [here](https://e.org/a) and [there](https://e.org/a).",
        "We went to the the shop.ended.The Coronaviurs. Read the full paper",
        "Copyright © 2019 Test Trust. Posted Oct 28, 2016.", date="2021-03") + "    items:\n      - title: ''\n")
    result = project.run("check", "march-2021")
    found = findings_of(result)
    assert len({rule for rule, _ in found}) >= 8, result.out
    for rule, message in found:
        if rule not in fixable_ids():
            assert "check --fix" not in message, (rule, message)


def test_twelve_pasted_bullets_are_one_finding_with_their_count(project):
    bullets = "Our partners:\n" + "\n".join(f"\u2022\tpartner number {n}" for n in range(12))
    spaces = " ".join(f"word\u00a0{n}" for n in range(5))
    project.issue("march-2021", issue_with_bodies("Fine words.", "More words.", bullets, spaces))
    result = project.run("check", "march-2021")
    lines = [line for line in result.out.splitlines() if " paste-bullets: " in line]
    assert lines == ["issues/march-2021.yaml:13:7: warning paste-bullets: sections[2].body: 12 bullets pasted from a "
                     "word processor ('•'), on lines 13-24: the list will merge into one paragraph; "
                     f"{FIX} makes them a Markdown list; by hand, start each line with '- '"], result.out
    invisible = [line for line in result.out.splitlines() if " invisible-character: " in line]
    assert len(invisible) == 1 and "sections[3].body: 5 invisible characters pasted with the text (U+00A0 " \
        "NO-BREAK SPACE ×5), on line 27" in invisible[0], result.out
    assert f"{FIX} takes them out, a no-break space made a plain one" in invisible[0]


def test_pasted_html_on_several_lines_is_one_error(project):
    project.issue("march-2021", issue_with_bodies("<p>One</p>\n<p>Two</p>\n<p>Three</p>"))
    result = project.run("check", "march-2021")
    lines = [line for line in result.out.splitlines() if " paste-html: " in line]
    assert lines == ["issues/march-2021.yaml:6:7: error paste-html: sections[0].body: pasted HTML (<p> first), on "
                     "lines 6-8: the email would show the tags as they are; "
                     f"{FIX} turns it into Markdown; by hand, write it in Markdown: a blank line between "
                     "paragraphs, [words](address) for a link"], result.out


def test_damage_the_fix_cannot_repair_says_so_and_how_to_mend_it(project):
    project.issue("march-2021", issue_with_bodies(
        '**Read** <a href="https://example.org/x">the first</p><p>and the second</a>'))
    result = project.run("check", "march-2021")
    line = next(line for line in result.out.splitlines() if " paste-html: " in line)
    assert f"{FIX} cannot repair it without losing something (the link to https://example.org/x would be " \
           "lost): fix it by hand (write it in Markdown" in line, line
    fixed = project.run("check", "--fix", "march-2021")
    assert "not fixed: the link to https://example.org/x would be lost; fix it by hand" in fixed.out


def test_fix_with_nothing_to_repair_says_so_also_beside_json(project):
    result = project.run("check", "--fix", "march-2021")
    assert result.code == 0 and result.out.splitlines()[0] == "nothing to fix in march-2021", result.out
    as_json = project.run("check", "--fix", "--format", "json", "march-2021")
    assert json.loads(as_json.out) == [] and "nothing to fix in march-2021" in as_json.err
