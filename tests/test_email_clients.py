"""Mail-client support: the built emails use nothing that Gmail or Outlook does not support.

Measured with caniemail.com's data through the npm package doiuse-email, pinned in
tests/email-support/package.json and run by tests/email-support/check.mjs (one node
process per email, every client group at once). May 2020 and the golden case that
uses every layout and field (tests/cases/every-field) are built and checked for
Gmail (`gmail.*`: webmail, iOS, Android, mobile webmail) and Outlook on Windows
(`outlook.windows`, `outlook.windows-mail`); Outlook for Mac and Outlook.com are
checked too, and reported for information only. Every feature that doiuse-email
reports as not supported fails the test, except those in PROGRESSIVE: progressive
enhancements whose absence hides no content and breaks no layout, each with its
reason. CSS inside Outlook's conditional comments (<!--[if mso]>) is a comment to an
HTML parser, so it is not checked: that is where Outlook-only rules belong.

NEEDS NODE AND NPM. The `doiuse_email` fixture runs `npm ci` in
`tests/email-support` once per session when its node_modules is missing (or holds
another version); without node or npm, or offline, the tests are skipped with the
reason, or fail under LACNEWS_REQUIRE_BROWSER=1, as the browser tests do.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import REPO, BuiltIssue, build_issue, copy_case

pytestmark = pytest.mark.node

EMAIL_SUPPORT = REPO / "tests" / "email-support"
CHECK = EMAIL_SUPPORT / "check.mjs"
NPM_CI = ["npm", "ci"]  # run inside tests/email-support, so npm reads the machine's own settings

# Client groups given to check.mjs, by name: the clients' globs. ASSERTED are the groups
# that must have no errors outside PROGRESSIVE; the others are reported, not asserted.
GROUPS = {
    "gmail": ("gmail.*",),
    "outlook": ("outlook.windows", "outlook.windows-mail"),
    "outlook-mac-and-com": ("outlook.macos", "outlook.com"),
}
ASSERTED = ("gmail", "outlook")
# What each group must resolve to, so that a doiuse-email that renamed or dropped a
# client cannot make a group check nothing and pass.
EXPECTED_CLIENTS = {
    "gmail": {"gmail.desktop-webmail", "gmail.ios", "gmail.android", "gmail.mobile-webmail"},
    "outlook": {"outlook.windows", "outlook.windows-mail"},
    "outlook-mac-and-com": {"outlook.macos", "outlook.outlook-com"},
}

# Features (doiuse-email's names, as in caniemail.com's data) that a client may lack:
# progressive enhancements whose absence hides no content and breaks no layout.
PROGRESSIVE = {
    "@media": "the phone rules of a layout that is already fluid: without them the email "
              "still fits a phone's width, only less finely",
    "Local anchors": "the contents list's in-page links: where unsupported they do nothing, "
                     "and the sections are below to scroll to",
    "role attribute": 'role="presentation" on layout tables, for screen readers; ignored elsewhere',
    "aria-label attribute": "a label for screen readers; ignored elsewhere, the visible text is there",
    "<body> element": "the body's attributes and styles; where the client replaces <body> with its "
                      "own element, the email's outer table still carries the layout and background",
    "border-radius": "rounded corners; square where unsupported",
    # The preheader is hidden four ways, each covering where another is dropped: display:none (Gmail's
    # apps and desktop webmail, Apple Mail, Yahoo), max-height:0 with overflow:hidden (Gmail's mobile
    # webmail), mso-hide:all (Outlook on Windows). Only the preheader uses them.
    "display:none": "the hidden preheader: where dropped, max-height:0 and overflow:hidden hide it",
    "overflow": "the hidden preheader: where dropped (Outlook on Windows), mso-hide:all hides it",
}


def email_support_installed() -> bool:
    """Whether tests/email-support/node_modules holds the doiuse-email that package.json pins."""
    pinned = json.loads((EMAIL_SUPPORT / "package.json").read_text(encoding="utf-8"))["dependencies"]["doiuse-email"]
    installed = EMAIL_SUPPORT / "node_modules" / "doiuse-email" / "package.json"
    return installed.exists() and json.loads(installed.read_text(encoding="utf-8"))["version"] == pinned


@pytest.fixture(scope="session")
def doiuse_email() -> Callable[[Path], dict]:
    """check.mjs, ready to run: `npm ci` in tests/email-support once per session when needed.

    Returns a function that checks one HTML file for every group of GROUPS and returns
    check.mjs's JSON.
    """
    required = os.environ.get("LACNEWS_REQUIRE_BROWSER") == "1"

    def unavailable(reason: str):
        if required:
            pytest.fail(f"LACNEWS_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)

    node = shutil.which("node")
    if node is None:
        unavailable("node is not installed, so mail-client support is not checked (apt-get install nodejs npm)")
    if not email_support_installed():
        if shutil.which("npm") is None:
            unavailable("npm is not installed, so mail-client support is not checked (apt-get install nodejs npm)")
        try:
            process = subprocess.run(NPM_CI, cwd=EMAIL_SUPPORT, capture_output=True, text=True, timeout=300)
        except subprocess.TimeoutExpired:
            process = None
        if process is None or process.returncode != 0 or not email_support_installed():
            said = "it timed out after 300 s" if process is None else \
                "\n".join((process.stdout + process.stderr).strip().splitlines()[-5:])
            unavailable(f"`{' '.join(NPM_CI)}` did not install doiuse-email (offline?), "
                        f"so mail-client support is not checked: {said}")

    def check(html: Path) -> dict:
        groups = [f"{name}={','.join(globs)}" for name, globs in GROUPS.items()]
        process = subprocess.run([node, str(CHECK), str(html), *groups],
                                 capture_output=True, text=True, timeout=60)
        assert process.returncode == 0, f"check.mjs failed on {html}:\n{process.stderr}"
        return json.loads(process.stdout)

    return check


@pytest.fixture(scope="module")
def every_field(tmp_path_factory) -> BuiltIssue:
    """The golden case with every layout and field (tests/cases/every-field), built."""
    return build_issue(copy_case("every-field", tmp_path_factory.mktemp("every-field"), "every-field"), "every-field")


def described(errors: dict[str, dict[str, int]]) -> list[str]:
    """One line per feature: its name, then how many times each client lacks it."""
    return [f"{feature}: " + ", ".join(f"{count} in {client}" for client, count in clients.items())
            for feature, clients in sorted(errors.items())]


def unexpected(report: dict) -> list[str]:
    """Each error of the asserted groups outside PROGRESSIVE, as `group: feature: N in client, ...`."""
    return [f"{name}: {line}" for name in ASSERTED
            for line in described({feature: clients for feature, clients in report["groups"][name]["errors"].items()
                                   if feature not in PROGRESSIVE})]


@pytest.mark.parametrize("issue", ["may-2020", "every-field"])
def test_gmail_and_outlook_support_everything_the_email_uses(issue, request, doiuse_email):
    built: BuiltIssue = request.getfixturevalue(issue.replace("-", "_"))
    report = doiuse_email(built.html_path)
    for name, expected in EXPECTED_CLIENTS.items():
        assert set(report["groups"][name]["clients"]) == expected, \
            f"doiuse-email {report['doiuse-email']} checks other clients than expected for {name}: " \
            f"{report['groups'][name]['clients']}"
    information = [f"{', '.join(GROUPS[name])}: {line}" for name in GROUPS if name not in ASSERTED
                   for line in described(report["groups"][name]["errors"])]
    # For information only: shown with `pytest -s`, and under a failure.
    print(f"{issue}, not asserted:", *(information or ["no errors"]), sep="\n  ")
    problems = unexpected(report)
    assert not problems, (
        f"{issue} ({built.html_path}) uses what these mail clients do not support, by caniemail.com's data "
        f"(doiuse-email {report['doiuse-email']}, data of {report['caniemail']}):\n  " + "\n  ".join(problems) +
        "\nMend the templates; or, if the feature is a progressive enhancement whose absence hides no content "
        "and breaks no layout, add it to PROGRESSIVE in tests/test_email_clients.py with its reason."
        "\nFor information, not asserted:\n  " + "\n  ".join(information or ["no errors"]))
