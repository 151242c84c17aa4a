"""What composing an issue produces: the types every command and output stands on.

An issue loaded (``Loaded``) and its email (``Email``) live with the pipeline steps that make them,
below the checks; what composing adds to them, the findings and the editions, lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lacnews.checks.findings import ERROR, WARNING, Finding
from lacnews.pipeline.inputs import Inputs
from lacnews.pipeline.pictures import Pictures
from lacnews.pipeline.render import Email
from lacnews.pipeline.validate import Loaded


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
