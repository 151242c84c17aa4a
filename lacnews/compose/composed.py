"""What composing an issue produces: the types every command and output stands on.

An issue loaded (``Loaded``) and its email (``Email``) live with the pipeline steps that make them,
below the checks; what composing adds to them, the findings and the editions, lives here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from lacnews.checks.findings import ERROR, WARNING, Finding, count
from lacnews.pipeline.inputs import Inputs
from lacnews.pipeline.pictures import Pictures
from lacnews.pipeline.render import Email
from lacnews.pipeline.validate import Loaded


@dataclass
class Composed:
    """Everything known about one issue, in memory: nothing has been written."""

    loaded: Loaded
    # The email by language, first first, where each language has one of its own (bilingual: separate); else
    # {"": the email}. Every consumer goes through them all: an edition left out is one nobody checked.
    emails: dict[str, Email]
    inputs: Inputs
    fingerprint: str  # of the inputs as they were read
    findings: list[Finding] = field(default_factory=list)
    pictures: Pictures = field(default_factory=lambda: Pictures([], None))
    # The page in the web archive with every language, where the rendering of its email made it too
    # (``lacnews.compose.render_emails``): CSS inlined, merge tags as they are, showing the email's pictures.
    page: str | None = None

    @property
    def slug(self) -> str:
        return self.loaded.slug

    @property
    def html_bytes(self) -> int:
        """The size of the largest email's HTML: the one nearest Gmail's clip."""
        return max(email.html_bytes for email in self.emails.values())

    def with_pictures_at(self, addresses: Mapping[str, str]) -> Composed:
        """Return the issue with its emails showing each picture whose address is a key of ``addresses`` from its
        value instead (where a host keeps it, or the preview serves it)."""
        return replace(self, emails={language: email.with_pictures_at(addresses)
                                     for language, email in self.emails.items()})

    @property
    def errors(self) -> int:
        return count(self.findings, ERROR)

    @property
    def warnings(self) -> int:
        return count(self.findings, WARNING)
