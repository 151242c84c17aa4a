"""What the inbox's spam filters make of the issue: SpamAssassin's local rules, run on the proof.

Where SpamAssassin is installed (Debian's ``spamassassin``), `lacnews check` hands it the message
`lacnews send` would send (``lacnews.pipeline.message``) and reports each rule that adds points as a
warning. It runs through SpamAssassin's Perl library, as ``spamassassin --local --test-mode`` would:
offline (no DNS lists, no network), with a home and state folder of its own made for the run and
removed after it, and an empty preferences file it is told not to replace: no user's settings or
learned state are read, and nothing is written into anyone's home. The site's own configuration
(/etc/spamassassin) is kept: it loads the plugins the rules need. It runs in a process group of its
own, stopped as a whole at the end, within a time limit and a limit on what it may print.

It costs about a second, so it is no rule of a build: `check` calls ``spam_findings`` with the
composed issue (``spam_findings_of`` with several, SpamAssassin then started once for them all). Each
message's result is kept in the user's cache for the day, under a digest of the message (without its
date, Message-ID and part boundary) and of the installed SpamAssassin and its rules, so checking an
unchanged issue again costs nothing.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import selectors
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from lacnews.base import layout
from lacnews.base.cache import cache_dir, read_json, write_json
from lacnews.base.errors import Place
from lacnews.base.i18n import language_name
from lacnews.base.project import Project
from lacnews.checks.findings import NOTE, WARNING, Finding
from lacnews.pipeline.message import header_problems, proof_message
from lacnews.pipeline.render import Email
from lacnews.pipeline.validate import Loaded
from lacnews.yaml.nodes import value_at

SPAMASSASSIN = "spamassassin"
SPAM_SECONDS = 60  # the whole run, all editions: a second or two as a rule, far more on a busy machine
SPAM_THRESHOLD = 5.0  # SpamAssassin's default required_score: a message scoring this much is spam
MAX_REPORT_BYTES = 32 * 1024 * 1024  # what SpamAssassin may print back, its reports: read no further
SPAM_SCORE = "spam-score"  # a rule that adds points
SPAM_CHECK = "spam-check"  # the filters could not be consulted
CACHE_VERSION = 1  # part of every cache key: raise it when what is kept changes
INSTALL = ("install SpamAssassin to have it consulted (Debian and Ubuntu: `sudo apt-get install spamassassin`; "
           "macOS: `brew install spamassassin`)")
# Where SpamAssassin's rules and settings live, for the cache key: an update of the rules misses the cache.
RULE_FOLDERS = ("/etc/spamassassin", "/etc/mail/spamassassin", "/usr/share/spamassassin", "/var/lib/spamassassin")
AREA = re.compile(r"^(?:BODY|RAW|URI|HEADER|FULL|META|RBL|TEXT): ")  # where a rule looks, before its description
SUMMARY_LINE = re.compile(r"^\s*-?\d+(?:\.\d+)?\s+(?P<rule>[A-Z0-9_]+)\s+(?P<description>.*)$")

# What to change, for the rules an editor's newsletter is likeliest to trip; the others say it in their own words.
ADVICE = (
    (re.compile(r"^(HTML_FONT_LOW_CONTRAST|FONT_INVIS|HTML_TEXT_INVISIBLE|T_HTML_TEXT_INVISIBLE|TINY_FONT)"),
     ("text is hidden by colouring it like its background or making it tiny: hide a preheader with "
      "display:none (as the built-in template does), and give every text a colour that stands out")),
    (re.compile(r"^SUBJ_"),
     "reword the issue's subject: ordinary capitals, no run of !!! or $$$"),
    (re.compile(r"^UPPERCASE_"),
     "much of the text is in capitals: write it in ordinary case"),
    (re.compile(r"^HTML_IMAGE_(ONLY|RATIO)"),
     "the email is mostly pictures and little text: add words (say what the pictures say), or show fewer"),
    (re.compile(r"^HTML_SHORT_LINK_IMG"),
     "a linked picture with almost no text around it: add a sentence saying where the link goes"),
    (re.compile(r"^HTML_OBFUSCATE|^MIXED_ES|^TVD_"),
     "letters written as codes or mixed alphabets look like hiding words from filters: type the text plainly"),
)
GENERAL_ADVICE = "reword the words it matches"


@dataclass(frozen=True)
class Hit:
    """One of SpamAssassin's rules that matched a message."""

    rule: str
    points: float
    description: str


def spam_findings(project: Project, loaded: Loaded, emails: dict[str, Email]) -> list[Finding]:
    """Return a warning for each of SpamAssassin's local rules that adds points to the proof of each edition in
    ``emails`` (by language, as composed); a note when SpamAssassin is not installed or cannot say."""
    return spam_findings_of(project, [(loaded, emails)])[0]


def spam_findings_of(project: Project, issues: list[tuple[Loaded, dict[str, Email]]]) -> list[list[Finding]]:
    """Return ``spam_findings`` of each issue (loaded, and its emails by language), SpamAssassin run once for all
    those whose result is not kept: `check --all` pays its start-up once."""
    results: list[list[Finding]] = [[] for _ in issues]
    program = shutil.which(SPAMASSASSIN)
    scored = []  # (issue's index, the issue, the edition's language, the message)
    if program is None:
        return [[_not_consulted(loaded, f"SpamAssassin is not installed; {INSTALL}")] for loaded, _ in issues]
    for index, (loaded, emails) in enumerate(issues):
        problems = header_problems(loaded, list(emails))
        if problems:
            results[index].append(_not_consulted(loaded, problems[0][1]))
        else:
            scored += [(index, loaded, language, message)
                       for language, message in scored_messages(loaded, emails).items()]
    if not scored:
        return results
    try:
        reports = _reports(program, [message for *_, message in scored])
    except SpamCheckFailed as exc:
        for index in dict.fromkeys(index for index, *_ in scored):
            results[index].append(_not_consulted(issues[index][0], str(exc)))
        return results
    for (index, loaded, language, _), hits in zip(scored, reports):
        total = sum(hit.points for hit in hits)
        results[index] += [Finding(_place(project, loaded, hit, language), WARNING, SPAM_SCORE,
                                   _message(hit, total, language), loaded.slug)
                           for hit in hits if round(hit.points, 1) > 0]
    return results


def _not_consulted(loaded: Loaded, why: str) -> Finding:
    return Finding(Place(loaded.source.path), NOTE, SPAM_CHECK, f"the spam filters were not consulted: {why}",
                   loaded.slug)


def scored_messages(loaded: Loaded, emails: dict[str, Email]) -> dict[str, EmailMessage]:
    """Return the proof of each edition as `lacnews send` makes it, sent by the newsletter's sender to itself as
    an editor proofs, under the subject subscribers will see: a [Proof] mark would hide an all-capitals one."""
    sender = loaded.newsletter.sender.email or "newsletter@example.org"
    return {language: proof_message(loaded, email, [sender], sender, language, marked=False)
            for language, email in emails.items()}


class SpamCheckFailed(Exception):
    """SpamAssassin did not give a report lacnews could read, and why."""


def _reports(program: str, messages: list[EmailMessage]) -> list[list[Hit]]:
    """Return the rules each message matches: from the cache, SpamAssassin run once for the others."""
    folder = cache_dir("spam")
    installed = _installed(program)
    written = [message.as_bytes() for message in messages]  # once: it fixes the boundary between the parts
    keys = [_cache_key(installed, message, whole) for message, whole in zip(messages, written)]
    known = {key: read_json(folder, key) for key in keys}
    missing = {key: whole for key, whole in zip(keys, written) if not _well_formed(known[key])}
    if missing:
        for key, report in zip(missing, _run(program, list(missing.values()))):
            known[key] = [[hit.rule, hit.points, hit.description] for hit in report]
            write_json(folder, key, known[key])
    return [[Hit(rule, points, description) for rule, points, description in known[key]] for key in keys]


def _well_formed(known: object) -> bool:
    return isinstance(known, list) and all(
        isinstance(hit, list) and len(hit) == 3 and isinstance(hit[0], str) and isinstance(hit[1], (int, float))
        and not isinstance(hit[1], bool) and isinstance(hit[2], str) for hit in known)


def _installed(program: str) -> bytes:
    """Return what identifies the installed SpamAssassin and its rules: an update of either misses the cache."""
    digest = hashlib.sha256(f"spam {CACHE_VERSION}\x00{datetime.date.today()}\x00".encode())
    for path in (Path(program).resolve(), *_rule_files()):
        try:
            status = path.stat()
        except OSError:
            continue
        digest.update(f"{path}\x00{status.st_mtime_ns}\x00{status.st_size}\x00".encode())
    return digest.digest()


def _cache_key(installed: bytes, message: EmailMessage, written: bytes) -> str:
    """Return the cache key of ``message`` (``written``, as its bytes) scored by the SpamAssassin ``installed``
    names: without what differs each time a proof is made, its date, Message-ID and the boundary between its parts."""
    whole = written.replace((message.get_boundary() or "").encode() or b"\x00", b"boundary")
    head, _, body = whole.partition(b"\n\n")
    kept = [line for line in head.split(b"\n") if not line.lower().startswith((b"date:", b"message-id:"))]
    return hashlib.sha256(installed + b"\n".join(kept) + b"\n\n" + body).hexdigest()


def _rule_files() -> Iterable[Path]:
    """Yield the folders and files of SpamAssassin's rules and settings, two levels down: what an update
    changes."""
    for top in map(Path, RULE_FOLDERS):
        if not top.is_dir():
            continue
        yield top
        for first in _entries(top):
            yield first
            if first.is_dir() and not first.is_symlink():
                yield from _entries(first)


def _entries(folder: Path) -> list[Path]:
    try:
        return sorted(Path(entry.path) for _, entry in zip(range(200), os.scandir(folder)))
    except OSError:
        return []


# SpamAssassin run through its library rather than its `spamassassin` script: the script cannot be told where to keep
# its state, and the library then makes ~/.spamassassin (with a .sawritetest file) in the home the password database
# names, whatever $HOME says. home_dir_for_helpers is the first state folder it tries; userstate_dir the folder for
# the rest. The settings are the script's --local --test-mode --nocreate-prefs --prefspath; only the reports are
# printed, not the messages.
DRIVER = r"""
use strict;
use warnings;
eval { require Mail::SpamAssassin; 1 } or die "its Perl library, Mail::SpamAssassin, cannot be loaded by $^X\n";
my ($home, $settings, @paths) = @ARGV;
my $spamassassin = Mail::SpamAssassin->new({
    local_tests_only => 1, dont_copy_prefs => 1, require_rules => 1, userprefs_filename => "$home/user_prefs",
    home_dir_for_helpers => $home, userstate_dir => "$home/.spamassassin", post_config_text => $settings,
});
$spamassassin->{conf}->{$_} = 0 for qw(use_auto_welcomelist use_auto_whitelist bayes_auto_learn);
for my $path (@paths) {
    open(my $file, '<:raw', $path) or die "cannot read $path: $!\n";
    my $message = $spamassassin->parse(do { local $/; <$file> });
    my $status = $spamassassin->check($message);
    print $status->get_report() or die "cannot write its report: $!\n";
    $status->finish();
    $message->finish();
}
$spamassassin->finish();
close(STDOUT) or die "cannot write its report: $!\n";
"""
SAID_BYTES = 64 * 1024  # what is kept of what SpamAssassin writes to stderr: its last line is all a note shows
CLOSE_SECONDS = 1.0  # once SpamAssassin has exited, how long its output may stay open (held by a program it started)
READ_BYTES = 64 * 1024


@dataclass
class _Ran:
    """What SpamAssassin printed, the end of what it said on stderr, its exit status, and whether its output stayed
    open after it exited."""

    printed: bytes
    said: bytes
    status: int | None
    held_open: bool


def _run(program: str, messages: list[bytes]) -> list[list[Hit]]:
    """Run SpamAssassin once on every message, offline, in a home of its own; return each one's hits."""
    marker = hashlib.sha256(os.urandom(16)).hexdigest()[:24]
    start, end = f"LACNEWS-SPAM-REPORT-{marker}", f"LACNEWS-SPAM-END-{marker}"
    with tempfile.TemporaryDirectory(prefix="lacnews-spam-") as home:
        Path(home, "user_prefs").write_text("", encoding="utf-8")
        paths = []
        for number, message in enumerate(messages):
            path = Path(home, f"proof-{number}.eml")
            path.write_bytes(message)
            paths.append(str(path))
        settings = ["clear_report_template", f"report {start}", "report _TESTSSCORES(,)_", "report _SUMMARY_",
                    f"report {end}", "report_wrap_width 1000", "use_bayes 0", "bayes_auto_learn 0"]
        command = [_perl(program), "-e", DRIVER, "--", home, "\n".join(settings) + "\n", *paths]
        # Nothing of the user's: their home's settings, their locale (the rules' descriptions in English), Perl's
        # own search path.
        environment = {"PATH": os.environ.get("PATH", os.defpath), "HOME": home, "LC_ALL": "C", "LANG": "C",
                       "TMPDIR": home}
        ran = _output_of(program, command, environment, home)
    reports = _read_reports(ran.printed.decode("utf-8", "replace"), start, end)
    if len(reports) != len(messages):
        if ran.held_open:
            raise SpamCheckFailed("SpamAssassin exited, but a program it started kept its output open; both were "
                                  "stopped. Check that `spamassassin --lint` passes")
        from lacnews.base.network import shown  # here only: the network's module is a tenth of a check's start

        said = ran.said.decode("utf-8", "replace").strip().splitlines()
        why = f" (it said: {shown(said[-1], 200)})" if said else f" (exit status {ran.status})"
        raise SpamCheckFailed(f"SpamAssassin gave no report lacnews could read{why}; check that `spamassassin "
                              "--lint` passes")
    return reports


def _perl(program: str) -> str:
    """Return the Perl that runs ``program``, the `spamassassin` script (its #! line): the one its library was
    installed for; else the first on PATH."""
    try:
        with open(program, "rb") as script:
            first = script.readline(1000).decode("utf-8", "replace")
    except OSError:
        first = ""
    named = first.removeprefix("#!").split()[:1] if first.startswith("#!") else []
    if named and os.path.isabs(named[0]) and os.path.basename(named[0]).startswith("perl"):
        return named[0]
    return shutil.which("perl") or "perl"


def _output_of(program: str, command: list[str], environment: dict[str, str], folder: str) -> _Ran:
    """Run ``command`` in a process group of its own, reading at most MAX_REPORT_BYTES of what it prints, within
    SPAM_SECONDS; the whole group is stopped at the end, whatever happened."""
    deadline = time.monotonic() + SPAM_SECONDS
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=environment, cwd=folder, start_new_session=True)
    except OSError as exc:
        raise SpamCheckFailed(f"SpamAssassin ({program}) could not be started: {exc.strerror or exc}") from None
    printed, said = bytearray(), bytearray()
    exited_at = None
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ, printed)
            selector.register(process.stderr, selectors.EVENT_READ, said)
            while selector.get_map():
                now = time.monotonic()
                if exited_at is None and _has_exited(process):
                    exited_at = now
                if exited_at is not None and now >= min(exited_at + CLOSE_SECONDS, deadline):
                    return _Ran(bytes(printed), bytes(said), process.wait(), held_open=True)
                if now >= deadline:
                    raise SpamCheckFailed(f"SpamAssassin took more than {SPAM_SECONDS} s and was stopped; run "
                                          "`lacnews check` again when the machine is less busy")
                for key, _ in selector.select(timeout=min(0.1, deadline - now)):
                    chunk = os.read(key.fd, READ_BYTES)
                    if not chunk:
                        selector.unregister(key.fileobj)
                    key.data.extend(chunk)
                    if len(said) > SAID_BYTES:
                        del said[:-SAID_BYTES]
                    if len(printed) > MAX_REPORT_BYTES:
                        raise SpamCheckFailed(f"SpamAssassin printed more than {MAX_REPORT_BYTES // 2 ** 20} MB and "
                                              "was stopped; check that `spamassassin --lint` passes")
        return _Ran(bytes(printed), bytes(said), process.wait(), held_open=False)
    finally:
        _stop(process)


def _has_exited(process: subprocess.Popen) -> bool:
    """Return whether ``process`` has exited, leaving it unreaped where the system allows: its id, and with it its
    group's, is then not given to another process before `_stop` kills the group."""
    if hasattr(os, "waitid"):
        try:
            return os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
        except ChildProcessError:
            return True
    return process.poll() is not None


def _stop(process: subprocess.Popen) -> None:
    """Kill ``process``'s group: SpamAssassin and anything it started and left running."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()
    for pipe in (process.stdout, process.stderr):
        if pipe is not None:
            pipe.close()


def _read_reports(output: str, start: str, end: str) -> list[list[Hit]]:
    """Return the hits of each report between the markers in ``output``, in the order of the messages."""
    reports = []
    for block in re.findall(rf"^{re.escape(start)}\n(.*?)^{re.escape(end)}$", output, re.MULTILINE | re.DOTALL):
        lines = block.split("\n")
        scores = {}
        for pair in filter(None, lines[0].split(",")):
            rule, _, points = pair.partition("=")
            try:
                scores[rule.strip()] = float(points)
            except ValueError:
                continue
        descriptions: dict[str, str] = {}
        last = None
        for line in lines[1:]:
            found = SUMMARY_LINE.match(line)
            if found and found.group("rule") in scores:
                last = found.group("rule")
                descriptions[last] = found.group("description").strip()
            elif last and line.strip() and not line.strip().startswith("["):
                descriptions[last] += " " + line.strip()
        reports.append([Hit(rule, points, descriptions.get(rule, "")) for rule, points in scores.items()])
    return reports


def _place(project: Project, loaded: Loaded, hit: Hit, language: str) -> Place:
    """Return where to change what ``hit`` objects to: the issue's subject for a rule about the subject, else the
    email as a build writes it."""
    if hit.rule.startswith("SUBJ") or hit.description.startswith("Subject"):
        node = value_at(loaded.source.root, "subject")
        if node is not None:
            return loaded.source.place(node)
    return Place(layout.email_path(project, loaded.slug, language))


def _message(hit: Hit, total: float, language: str) -> str:
    edition = f"the {language_name(language, 'en')} edition: " if language else ""
    description = AREA.sub("", hit.description).rstrip(".") or "no description"
    advice = next((words for pattern, words in ADVICE if pattern.search(hit.rule)), GENERAL_ADVICE)
    return (f"{edition}SpamAssassin's rule {hit.rule} adds {hit.points:.1f} points ({description}): {advice} "
            f"({total:.1f} points in all; {SPAM_THRESHOLD:.0f} marks it spam, and a strict inbox counts each point)")
