"""The built-in templates as Jinja compiles them, shipped with lacnews, so that an empty user cache costs no compiling.

Jinja turns a template into Python source (lexing, parsing, generating code) and Python turns that into bytecode,
which ``lacnews.pipeline.render`` keeps in the user's cache. With that cache empty (the first build after installing,
a fresh $XDG_CACHE_HOME) Jinja's part was most of the build's time spent on templates. ``template_code.json`` holds
the Python source Jinja makes of each built-in template, under a digest of everything that source depends on (Jinja's
version, the environment's options, the template's name, whether it is escaped, and its text), so that a miss in
the user's cache compiles it with Python alone. A template not there (a project's own, a built-in one changed since
the file was made, another Jinja) is compiled by Jinja as ever. The file is made, and proved current, by
tests/test_speed_templates.py (``LACNEWS_UPDATE_SEED=1`` remakes it).
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

SHIPPED = Path(__file__).with_name("template_code.json")


def template_digest(environment: jinja2.Environment, name: str, source: str) -> str:
    """Return the digest of what Jinja's code for template ``name`` of ``source`` depends on."""
    escaped = environment.autoescape(name) if callable(environment.autoescape) else environment.autoescape
    made_with = (jinja2.__version__, name, escaped, environment.block_start_string, environment.block_end_string,
                 environment.variable_start_string, environment.variable_end_string,
                 environment.comment_start_string, environment.comment_end_string,
                 environment.line_statement_prefix, environment.line_comment_prefix, environment.trim_blocks,
                 environment.lstrip_blocks, environment.newline_sequence, environment.keep_trailing_newline,
                 environment.optimized, sorted(environment.extensions))
    return hashlib.sha256(f"{made_with!r}\x00{source}".encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _shipped() -> dict[str, str]:
    try:
        shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return shipped.get("templates", {}) if isinstance(shipped, dict) else {}


class TemplateCodeCache(jinja2.BytecodeCache):
    """Jinja's bytecode kept in ``folder`` (none kept without one); on a miss, a built-in template's shipped code,
    compiled by Python and kept there for the next time."""

    def __init__(self, folder: Path | None):
        self.kept = jinja2.FileSystemBytecodeCache(str(folder)) if folder is not None else None

    def load_bytecode(self, bucket: Bucket) -> None:
        if self.kept is not None:
            self.kept.load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if self.kept is not None:
            self.kept.dump_bytecode(bucket)

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        bucket = super().get_bucket(environment, name, filename, source)
        if bucket.code is None:
            code = _shipped().get(template_digest(environment, name, source))
            if code is not None:
                # as Jinja compiles its own source: the template's file named, so that errors point into it
                bucket.code = compile(code, filename or "<template>", "exec")
                try:
                    self.dump_bytecode(bucket)
                except OSError:
                    pass  # kept next time, then: a cache costs time when lost, never correctness
        return bucket


def compiled_templates(environment: jinja2.Environment, names: list[str]) -> dict[str, str]:
    """Return Jinja's Python source of the templates ``names`` of ``environment``, by ``template_digest``: what
    ``template_code.json`` ships."""
    compiled = {}
    for name in names:
        source, filename, _ = environment.loader.get_source(environment, name)
        compiled[template_digest(environment, name, source)] = environment.compile(source, name, filename, raw=True)
    return dict(sorted(compiled.items()))
