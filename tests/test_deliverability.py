"""The inbox's spam filters consulted (issue 22, point 9): where SpamAssassin is installed, `check` runs its local
rules on the message `lacnews send` would send and reports each rule that adds points; the repository's issues
score nothing; where it is missing, a note says how to install it. It never runs in a build.

The real SpamAssassin (Debian's spamassassin, which the README's test command installs) scores the issues; a
stand-in program on PATH shows how it is run (offline, in a home of its own, within a time limit) and how its
report is read.
"""

from __future__ import annotations

import email
import os
import pwd
import re
import shutil
import stat
import subprocess
import time
import tracemalloc
from email import policy
from pathlib import Path

import pytest
from conftest import MINIMAL_NEWSLETTER, TempProject, copy_repo_project, lacnews_command, lacnews_env
from hypothesis import given, settings
from hypothesis import strategies as st

from lacnews.base.project import Project
from lacnews.checks import deliverability
from lacnews.checks.deliverability import (
    scored_messages,
    spam_findings,
    spam_findings_of,
)
from lacnews.compose import compose

REAL = shutil.which("spamassassin")
needs_spamassassin = pytest.mark.skipif(
    REAL is None and os.environ.get("LACNEWS_REQUIRE_BROWSER") != "1",
    reason="SpamAssassin is not installed (apt-get install spamassassin, as the README's test command does)")

SPAMMY = """\
date: 2021-03
subject: FREE MONEY CLICK HERE NOW
sections:
  - title: You have been selected
    body: |
      You have been selected to receive a cash prize of $1,000,000.00 USD.
      Buy Viagra and cialis online, cheap meds. Lose weight fast, guaranteed.
"""


def findings_of(root: Path, slug: str):
    project = Project(root)
    composed = compose(project, slug)
    return spam_findings(project, composed.loaded, composed.emails)


def fresh_cache(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


# The real SpamAssassin

@needs_spamassassin
def test_the_repositorys_issues_score_nothing(tmp_path):
    """may-2020 and the examples: the preheader hidden with display:none (not as text in the page's colour, which
    scored 1.7) and nothing else a rule counts."""
    slugs = ("may-2020", "june-2020", "cymru-mehefin-2020")
    project = Project(copy_repo_project(tmp_path / "lac", issues=slugs).root)
    composed = [compose(project, slug) for slug in slugs]
    assert spam_findings_of(project, [(each.loaded, each.emails) for each in composed]) == [[], [], []]


@needs_spamassassin
def test_an_issue_that_reads_like_spam_gets_a_warning_for_each_rule_that_adds_points(tmp_path):
    project = TempProject(tmp_path / "news")
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER + "  email: news@example.org\n")
    project.issue("march-2021", SPAMMY)
    findings = findings_of(project.root, "march-2021")
    by_rule = {finding.message.split("rule ", 1)[1].split(" ", 1)[0]: finding for finding in findings}
    assert {"SUBJ_ALL_CAPS", "US_DOLLARS_3", "DRUGS_ERECTILE", "DIET_1"} <= set(by_rule), [str(f) for f in findings]
    assert all(finding.rule == "spam-score" and finding.level == "warning" for finding in findings)
    subject = by_rule["SUBJ_ALL_CAPS"]
    assert str(subject.place) == f"{project.root}/issues/march-2021.yaml:2:10"
    assert subject.message.startswith("SpamAssassin's rule SUBJ_ALL_CAPS adds 0.5 points (Subject is all capitals): "
                                      "reword the issue's subject: ordinary capitals")
    assert "points in all; 5 marks it spam" in subject.message
    assert by_rule["US_DOLLARS_3"].place.path == project.root / "build" / "march-2021" / "email.html"
    assert "HTML_MESSAGE" not in by_rule  # 0.001 points: a rule's note, not a finding


@needs_spamassassin
def test_spamassassin_writes_nothing_into_the_users_home(tmp_path, monkeypatch):
    fresh_cache(monkeypatch, tmp_path)  # so that SpamAssassin really runs
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    project = TempProject(tmp_path / "news")
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER)
    project.issue("march-2021", SPAMMY)
    assert findings_of(project.root, "march-2021")
    assert list(home.iterdir()) == []


@needs_spamassassin
def test_check_reports_the_rules_and_build_never_asks(tmp_path):
    """As an editor meets it: `lacnews check` shows the warnings; `lacnews build` does not run SpamAssassin."""
    project = TempProject(tmp_path / "news")
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER)
    project.issue("march-2021", SPAMMY)
    checked = project.run("check", "march-2021")
    assert "issues/march-2021.yaml:2:10: warning spam-score: SpamAssassin's rule SUBJ_ALL_CAPS" in checked.out, (
        checked.output)
    assert checked.code == 0  # warnings: --strict would fail
    assert project.run("check", "--strict", "march-2021").code == 1
    recorded = tmp_path / "ran"
    fake = stand_in(tmp_path / "bin", f'echo ran >> "{recorded}"\n')
    built = project.run("build", "march-2021", env={"PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"})
    assert built.code == 0 and not recorded.exists(), built.output


def test_the_message_scored_is_the_proof_send_writes(tmp_path):
    """One home for the message: what `send --eml` writes is what the filters score, but for the [Proof] mark (an
    all-capitals subject would hide behind it)."""
    project = copy_repo_project(tmp_path / "lac")
    written = tmp_path / "proof.eml"
    sent = project.run("send", "may-2020", "--to", "cat@lacnetwork.org", "--eml", str(written))
    assert sent.code == 0, sent.output
    proof = email.message_from_bytes(written.read_bytes(), policy=policy.default)
    composed = compose(Project(project.root), "may-2020")
    scored = email.message_from_bytes(scored_messages(composed.loaded, composed.emails)[""].as_bytes(),
                                      policy=policy.default)
    assert proof["Subject"] == f"[Proof] {scored['Subject']}"
    assert (proof["From"], proof["To"]) == (scored["From"], scored["To"]) == (
        "Local Area Coordination Network <cat@lacnetwork.org>", "cat@lacnetwork.org")
    for kind in ("plain", "html"):
        assert proof.get_body((kind,)).get_content() == scored.get_body((kind,)).get_content()


# How it is run, and how its report is read: a stand-in on PATH

def stand_in(folder: Path, script: str) -> Path:
    """Put in ``folder`` a program named spamassassin (whose presence says SpamAssassin is installed) and a perl that
    runs the shell ``script`` in place of lacnews's Perl, with $code (that Perl), $home, $settings (SpamAssassin's
    settings, a line each) and the messages' paths as its arguments; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("spamassassin", "exit 0\n"),
                       ("perl", 'code=$2; home=$4; settings=$5; shift 5\n' + script)):
        program = folder / name
        program.write_text("#!/bin/sh\n" + text, encoding="utf-8")
        program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return folder


# A report as SpamAssassin gives it for each message named: its markers (found among the settings), the rules and
# scores, then a summary whose long description goes on over a second line and whose hit shows its words.
REPORTING = r"""
start=; end=
while IFS= read -r line; do
  case "$line" in
    "report LACNEWS-SPAM-REPORT-"*) start="${line#report }" ;;
    "report LACNEWS-SPAM-END-"*) end="${line#report }" ;;
  esac
done <<SETTINGS
$settings
SETTINGS
for path in "$@"; do
  echo "$start"
  echo "LONG_RULE=1.2,NICE_RULE=-0.5,NOTE_RULE=0.001"
  echo " 1.2 LONG_RULE              BODY: A description long enough"
  echo "                            to go on over a second line"
  echo "                            [words: FREE MONEY]"
  echo "-0.5 NICE_RULE              A rule that takes points away"
  echo " 0.0 NOTE_RULE              A rule's note"
  echo ""
  echo "$end"
done
"""


def spammy_project(root: Path) -> Project:
    project = TempProject(root)
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER)
    project.issue("march-2021", SPAMMY)
    return Project(root)


def test_each_rule_that_adds_points_is_a_finding_with_its_whole_description(tmp_path, monkeypatch):
    fresh_cache(monkeypatch, tmp_path)
    monkeypatch.setenv("PATH", str(stand_in(tmp_path / "bin", REPORTING)))
    project = spammy_project(tmp_path / "news")
    [finding] = findings_of(project.root, "march-2021")
    assert finding.message == (
        "SpamAssassin's rule LONG_RULE adds 1.2 points (A description long enough to go on over a second line): "
        "reword the words it matches (0.7 points in all; 5 marks it spam, and a strict inbox counts each point)")


def test_spamassassin_runs_offline_in_a_home_of_its_own_with_nothing_of_the_users(tmp_path, monkeypatch):
    fresh_cache(monkeypatch, tmp_path)
    log = tmp_path / "log"
    script = f"""
echo "home=$HOME" > "{log}"
echo "given=$home" >> "{log}"
env | sort >> "{log}"
printf '%s\\n' "$settings" | sed 's/^/setting=/' >> "{log}"
printf '%s\\n' "$code" > "{tmp_path / 'code'}"
""" + REPORTING
    monkeypatch.setenv("PATH", f"{stand_in(tmp_path / 'bin', script)}{os.pathsep}/usr/bin:/bin")
    monkeypatch.setenv("SPAMASSASSIN_SECRET", "of the user")
    project = spammy_project(tmp_path / "news")
    assert findings_of(project.root, "march-2021")
    lines = log.read_text(encoding="utf-8").splitlines()
    home = lines[0].removeprefix("home=")
    assert lines[1] == f"given={home}"
    settings = {line.removeprefix("setting=") for line in lines if line.startswith("setting=")}
    variables = {line.split("=", 1)[0] for line in lines[2:] if "=" in line and not line.startswith("setting=")}
    assert home != os.path.expanduser("~") and not Path(home).exists()  # made for the run, removed after it
    assert {"use_bayes 0", "bayes_auto_learn 0"} <= settings
    assert variables <= {"PATH", "HOME", "LC_ALL", "LANG", "TMPDIR", "PWD", "SHLVL", "_"}, variables
    code = (tmp_path / "code").read_text(encoding="utf-8")
    for option in ("local_tests_only => 1", "dont_copy_prefs => 1", 'userprefs_filename => "$home/user_prefs"',
                   "home_dir_for_helpers => $home", 'userstate_dir => "$home/.spamassassin"'):
        assert option in code


def test_the_result_is_kept_for_the_day_and_asked_again_when_the_issue_changes(tmp_path, monkeypatch):
    fresh_cache(monkeypatch, tmp_path)
    runs = tmp_path / "runs"
    monkeypatch.setenv("PATH", str(stand_in(tmp_path / "bin", f'echo "$#" >> "{runs}"\n' + REPORTING)))
    project = spammy_project(tmp_path / "news")
    first = findings_of(project.root, "march-2021")
    assert findings_of(project.root, "march-2021") == first
    assert len(runs.read_text().split()) == 1
    (project.root / "issues" / "march-2021.yaml").write_text(SPAMMY.replace("cheap meds", "cheap pills"),
                                                              encoding="utf-8")
    findings_of(project.root, "march-2021")
    assert len(runs.read_text().split()) == 2


def test_several_issues_start_spamassassin_once_for_the_messages_not_kept(tmp_path, monkeypatch):
    fresh_cache(monkeypatch, tmp_path)
    runs = tmp_path / "runs"
    monkeypatch.setenv("PATH", str(stand_in(tmp_path / "bin", f'echo "$*" >> "{runs}"\n' + REPORTING)))
    project = spammy_project(tmp_path / "news")
    for month in ("april", "may"):
        (project.root / "issues" / f"{month}-2021.yaml").write_text(SPAMMY.replace("FREE", month.upper()),
                                                                     encoding="utf-8")
    findings_of(project.root, "march-2021")
    composed = [compose(project, slug) for slug in ("march-2021", "april-2021", "may-2021")]
    results = spam_findings_of(project, [(each.loaded, each.emails) for each in composed])
    assert [[finding.issue for finding in findings] for findings in results] == [
        ["march-2021"], ["april-2021"], ["may-2021"]]
    first, second = runs.read_text().splitlines()
    assert first.count(".eml") == 1 and second.count(".eml") == 2  # march-2021's was kept


def test_without_spamassassin_a_note_says_it_was_not_consulted_and_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    project = spammy_project(tmp_path / "news")
    [note] = findings_of(project.root, "march-2021")
    assert (note.level, note.rule) == ("note", "spam-check")
    assert note.message == ("the spam filters were not consulted: SpamAssassin is not installed; install SpamAssassin "
                            "to have it consulted (Debian and Ubuntu: `sudo apt-get install spamassassin`; macOS: "
                            "`brew install spamassassin`)")


def alive(pid: int) -> bool:
    """Return whether process ``pid`` still runs (a zombie, killed and awaiting its reaper, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the system
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return state not in ("Z", "X")


def gone_soon(pid: int) -> bool:
    """Return whether process ``pid`` stops within two seconds (a killed process takes a moment to go)."""
    deadline = time.monotonic() + 2
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not alive(pid)


def test_a_spamassassin_that_hangs_is_stopped_at_the_time_limit_with_what_it_started(tmp_path, monkeypatch):
    fresh_cache(monkeypatch, tmp_path)
    started = tmp_path / "started"
    monkeypatch.setenv("PATH", f"{stand_in(tmp_path / 'bin', f'sleep 60 & echo $! > {started}; exec sleep 60')}"
                               f"{os.pathsep}/usr/bin:/bin")
    monkeypatch.setattr(deliverability, "SPAM_SECONDS", 1)
    project = spammy_project(tmp_path / "news")
    [note] = findings_of(project.root, "march-2021")
    assert note.message == ("the spam filters were not consulted: SpamAssassin took more than 1 s and was stopped; "
                            "run `lacnews check` again when the machine is less busy")
    assert gone_soon(int(started.read_text()))


def test_a_spamassassin_that_exits_leaving_its_output_open_is_told_apart_at_once(tmp_path, monkeypatch):
    """A program it started and left running holds its output: lacnews does not wait out the time limit for the
    end of that output, nor blame the time, and stops the program."""
    fresh_cache(monkeypatch, tmp_path)
    started = tmp_path / "started"
    monkeypatch.setenv("PATH", f"{stand_in(tmp_path / 'bin', f'sleep 60 & echo $! > {started}; exit 0')}"
                               f"{os.pathsep}/usr/bin:/bin")
    monkeypatch.setattr(deliverability, "SPAM_SECONDS", 20)
    project = spammy_project(tmp_path / "news")
    began = time.monotonic()
    [note] = findings_of(project.root, "march-2021")
    assert time.monotonic() - began < 5
    assert note.message == ("the spam filters were not consulted: SpamAssassin exited, but a program it started kept "
                            "its output open; both were stopped. Check that `spamassassin --lint` passes")
    assert gone_soon(int(started.read_text()))


def test_a_whole_report_is_read_though_a_program_spamassassin_started_keeps_its_output_open(tmp_path, monkeypatch):
    fresh_cache(monkeypatch, tmp_path)
    started = tmp_path / "started"
    monkeypatch.setenv("PATH", f"{stand_in(tmp_path / 'bin', f'sleep 60 & echo $! > {started}' + REPORTING)}"
                               f"{os.pathsep}/usr/bin:/bin")
    project = spammy_project(tmp_path / "news")
    began = time.monotonic()
    [finding] = findings_of(project.root, "march-2021")
    assert time.monotonic() - began < 5 and "rule LONG_RULE adds 1.2 points" in finding.message
    assert gone_soon(int(started.read_text()))


@pytest.mark.parametrize("limit", [2 ** 20, 4 * 2 ** 20])
def test_what_spamassassin_prints_is_read_up_to_the_limit_and_no_further(tmp_path, monkeypatch, limit):
    """Memory follows the limit, not what is printed: endless output is stopped at MAX_REPORT_BYTES."""
    fresh_cache(monkeypatch, tmp_path)
    monkeypatch.setenv("PATH", f"{stand_in(tmp_path / 'bin', 'exec cat /dev/zero')}{os.pathsep}/usr/bin:/bin")
    monkeypatch.setattr(deliverability, "MAX_REPORT_BYTES", limit)
    monkeypatch.setattr(deliverability, "SPAM_SECONDS", 20)
    project = spammy_project(tmp_path / "news")
    composed = compose(project, "march-2021")
    tracemalloc.start()
    try:
        began = time.monotonic()
        [note] = spam_findings(project, composed.loaded, composed.emails)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert note.message == (f"the spam filters were not consulted: SpamAssassin printed more than {limit // 2 ** 20} "
                            "MB and was stopped; check that `spamassassin --lint` passes")
    assert time.monotonic() - began < 5
    assert peak < 2 * limit + 2 ** 20, peak


def test_a_report_that_cannot_be_read_is_a_note_saying_what_spamassassin_said(tmp_path, monkeypatch):
    fresh_cache(monkeypatch, tmp_path)
    monkeypatch.setenv("PATH", f"{stand_in(tmp_path / 'bin', 'echo config: cannot read rules >&2; exit 2')}"
                               f"{os.pathsep}/usr/bin:/bin")
    project = spammy_project(tmp_path / "news")
    [note] = findings_of(project.root, "march-2021")
    assert note.message == ("the spam filters were not consulted: SpamAssassin gave no report lacnews could read (it "
                            "said: config: cannot read rules); check that `spamassassin --lint` passes")


def test_what_spamassassin_said_is_shown_with_its_control_characters_escaped(tmp_path):
    """A terminal never acts on what SpamAssassin wrote on stderr: `lacnews check` shows its escapes as text."""
    project = TempProject(tmp_path / "news")
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER)
    project.issue("march-2021", SPAMMY)
    fake = stand_in(tmp_path / "bin", r"printf 'first\n\033]0;owned\007\033[2Jrules\r\n' >&2; exit 2" + "\n")
    checked = project.run("check", "march-2021", env={"PATH": f"{fake}{os.pathsep}{os.environ['PATH']}",
                                                      "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert ("spam-check: the spam filters were not consulted: SpamAssassin gave no report lacnews could read (it "
            "said: \\x1b]0;owned\\x07\\x1b[2Jrules)") in checked.output, checked.output
    assert "\x1b" not in checked.output and "\x07" not in checked.output


def test_each_edition_of_an_issue_sent_one_email_per_language_is_scored(tmp_path, monkeypatch):
    fresh_cache(monkeypatch, tmp_path)
    monkeypatch.setenv("PATH", str(stand_in(tmp_path / "bin", REPORTING)))
    project = copy_repo_project(tmp_path / "lac", issues=("cymru-mehefin-2020",))
    written = project.root / "issues" / "cymru-mehefin-2020.yaml"
    written.write_text(written.read_text(encoding="utf-8").replace("languages: [cy, en]\n",
                                                                   "languages: [cy, en]\nbilingual: separate\n"),
                       encoding="utf-8")
    composed = compose(Project(project.root), "cymru-mehefin-2020")
    assert list(composed.emails) == ["cy", "en"]
    findings = spam_findings(Project(project.root), composed.loaded, composed.emails)
    assert [finding.message.split(":", 1)[0] for finding in findings] == ["the Welsh edition", "the English edition"]
    assert [finding.place.path.relative_to(project.root).as_posix() for finding in findings] == [
        "build/cymru-mehefin-2020/cy/email.html", "build/cymru-mehefin-2020/en/email.html"]


# What must hold for every message: an editor's words never pass for SpamAssassin's report

EDITOR_LINES = st.lists(st.one_of(
    st.text(max_size=80).map(lambda text: text.replace("\n", " ")),
    st.sampled_from(["LACNEWS-SPAM-REPORT-000000000000000000000000", "LACNEWS-SPAM-END-000000000000000000000000",
                     "FAKE_RULE=9.9,OTHER=3", " 9.9 FAKE_RULE              BODY: made up by the editor", ""])),
    max_size=12)


@settings(max_examples=150, deadline=None, database=None, derandomize=True)
@given(EDITOR_LINES, st.lists(st.tuples(st.from_regex(r"[A-Z][A-Z0-9_]{0,20}", fullmatch=True),
                                        st.integers(-50, 50)), max_size=5, unique_by=lambda pair: pair[0]))
def test_only_spamassassins_report_is_read_whatever_the_message_says(lines, rules):
    start, end = "LACNEWS-SPAM-REPORT-abcdefabcdefabcdefabcdef", "LACNEWS-SPAM-END-abcdefabcdefabcdefabcdef"
    report = [start, ",".join(f"{rule}={points / 10}" for rule, points in rules)]
    report += [f"{points / 10:4.1f} {rule:<22} A description of {rule}" for rule, points in rules]
    output = "\n".join([*lines, *report, "", end, ""])
    [hits] = deliverability._read_reports(output, start, end)
    assert [(hit.rule, hit.points, hit.description) for hit in hits] == [
        (rule, points / 10, f"A description of {rule}") for rule, points in rules]


@needs_spamassassin
def test_a_preheader_hidden_as_text_in_the_pages_colour_is_told_and_how_to_hide_it(tmp_path):
    """The issue's finding: may-2020 with its preheader hidden the old way (1px text in the page's colour, in a
    project's own template) scores HTML_FONT_LOW_CONTRAST, and the warning says to hide it with display:none."""
    from conftest import REPO

    project = copy_repo_project(tmp_path / "lac")
    template = (REPO / "templates" / "email.html.j2").read_text(encoding="utf-8")
    hidden = ".preheader { display: none; max-height: 0; overflow: hidden; mso-hide: all; }"
    assert hidden in template
    project.write("templates/email.html.j2", template.replace(
        hidden, ".preheader { color: {{ palette.page }}; font-size: 1px; line-height: 1px; mso-hide: all; }"))
    findings = findings_of(project.root, "may-2020")
    contrast = [finding for finding in findings if "rule HTML_FONT_LOW_CONTRAST " in finding.message]
    assert len(contrast) == 1, [str(finding) for finding in findings]
    assert "hide a preheader with display:none (as the built-in template does)" in contrast[0].message


# Where SpamAssassin keeps its state: the folder lacnews gives it, never the home the password database names

def strace_works() -> bool:
    if shutil.which("strace") is None:
        return False
    return subprocess.run(["strace", "-f", "-o", os.devnull, "true"], capture_output=True, check=False).returncode == 0


@needs_spamassassin
@pytest.mark.skipif(not strace_works(), reason="strace is not installed or may not trace here")
def test_spamassassin_writes_only_into_the_folder_lacnews_gives_it(tmp_path):
    """SpamAssassin looks for a writable state folder in the home the password database names (not $HOME), making
    ~/.spamassassin and a .sawritetest file there; run through its library, it is given lacnews's own folder first.
    Traced as the editor runs `lacnews check`: everything written under a .spamassassin folder is inside that one."""
    project = TempProject(tmp_path / "news")
    project.write("newsletter.yaml", MINIMAL_NEWSLETTER)
    project.issue("march-2021", SPAMMY)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    trace = tmp_path / "trace"
    checked = subprocess.run(
        ["strace", "-f", "-e", "trace=%file", "-o", str(trace), *lacnews_command(), "check", "march-2021"],
        cwd=project.root, capture_output=True, text=True, timeout=120, check=False,
        env=lacnews_env({"XDG_CACHE_HOME": str(tmp_path / "cache"), "TMPDIR": str(temporary)}))
    assert "spam-score: SpamAssassin's rule SUBJ_ALL_CAPS" in checked.stdout, checked.stdout + checked.stderr
    traced = trace.read_text(encoding="utf-8", errors="replace")
    password_home = pwd.getpwuid(os.geteuid()).pw_dir.rstrip("/")
    assert f'"{password_home}/.spamassassin' not in traced
    # what is written (lacnews itself only reads the rules' folders, the debian-spamd user's among them, for its cache)
    written = [line for line in traced.splitlines()
               if "/.spamassassin" in line and re.search(r"\b(mkdir|unlink|rename)|O_CREAT|O_WRONLY|O_RDWR", line)]
    folders = {Path(re.search(r'"([^"]*)/\.spamassassin[/"]', line).group(1)).parent for line in written}
    assert folders == {temporary}, written
    assert re.search(rf'"{re.escape(str(temporary))}/lacnews-spam-[^/"]+/\.spamassassin/\.sawritetest', traced)
