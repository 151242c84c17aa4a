"""What composing an issue produces: the types every command and output stands on.

They live below the pipeline and the checks alike, so that neither has to
import the other to know what an issue, an email or a finding is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lacnews.base.schema import Issue, Newsletter
from lacnews.checks.findings import ERROR, WARNING, Finding
from lacnews.pipeline.inputs import Inputs
from lacnews.pipeline.pictures import Pictures
from lacnews.yaml.source import Source


@dataclass(frozen=True)
class Loaded:
    """An issue and its newsletter, validated, with the sources that locate every value."""

    newsletter: Newsletter
    issue: Issue
    source: Source
    newsletter_source: Source

    @property
    def slug(self) -> str:
        return self.issue.slug


@dataclass(frozen=True)
class Email:
    """The email as it goes to the mailing tool: HTML with its CSS inlined, and plain text."""

    html: str
    text: str

    @property
    def html_bytes(self) -> int:
        return len(self.html.encode("utf-8"))

    @property
    def text_bytes(self) -> int:
        return len(self.text.encode("utf-8"))


@dataclass
class Composed:
    """Everything known about one issue, in memory: nothing has been written."""

    loaded: Loaded
    email: Email
    inputs: Inputs
    fingerprint: str  # of the inputs as they were read
    findings: list[Finding] = field(default_factory=list)
    pictures: Pictures = field(default_factory=lambda: Pictures([], None))
    # by language, where each language has an email of its own (bilingual: separate); else {"": email}
    emails: dict[str, Email] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        return self.loaded.slug

    @property
    def errors(self) -> int:
        return sum(f.level == ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.level == WARNING for f in self.findings)
