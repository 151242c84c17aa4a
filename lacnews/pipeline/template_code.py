"""The built-in templates as Jinja compiles them, shipped with lacnews, so that an empty user cache costs no compiling.

Jinja turns a template into Python source (lexing, parsing, generating code) and Python turns that into bytecode,
which ``lacnews.pipeline.render`` keeps in the user's cache. With that cache empty (the first build after installing,
a fresh $XDG_CACHE_HOME) both were most of the build's time spent on templates. ``compiled_templates/`` holds the
Python source Jinja makes of each built-in template, as a file named by a digest of everything that source depends
on (Jinja's version, the environment's options, the template's name, whether it is escaped, and its text). Being
Python files in the package, they are compiled to bytecode when lacnews is installed, as its modules are, and read
from Python's own cache of them (``__pycache__``): a miss in the user's cache neither compiles a template nor writes
one. A template not there (a project's own, a built-in one changed since the files were made, another Jinja) is
compiled by Jinja as ever and kept in the user's cache. The files are made, and proved current, by
tests/test_speed_templates.py (``LACNEWS_UPDATE_SEED=1`` makes them again).
"""

from __future__ import annotations

import hashlib
from importlib.machinery import SourceFileLoader
from pathlib import Path
from types import CodeType

import jinja2
from jinja2.bccache import Bucket

from lacnews.pipeline import variants

SHIPPED = Path(__file__).with_name("compiled_templates")


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


def shipped_file(digest: str) -> Path:
    """Return the file holding the code of the built-in template of ``digest`` (``template_digest``)."""
    return SHIPPED / f"t_{digest}.py"


def shipped_code(environment: jinja2.Environment, name: str, source: str, filename: str | None) -> CodeType | None:
    """Return the code shipped for template ``name`` of ``source``; None where none is."""
    return _shipped_code(template_digest(environment, name, source), filename)


def _shipped_code(digest: str, filename: str | None) -> CodeType | None:
    """Return the shipped code of the template of ``digest``, its bytecode read from Python's cache of the file
    (compiled now where there is none); None where none is shipped."""
    name = f"lacnews_template_{digest[:16]}"
    try:
        code = SourceFileLoader(name, str(shipped_file(digest))).get_code(name)
    # not shipped (a project's own), or unreadable: a damaged file, or Python's cache of it cut short (EOFError)
    except (OSError, ImportError, SyntaxError, ValueError, EOFError):
        return None
    # named after the template's file, as Jinja names its own compiling: its errors point into the template
    return _named(code, filename or "<template>")


def _named(code: CodeType, filename: str) -> CodeType:
    """Return ``code``, and the code of every function inside it, as written in ``filename``."""
    inner = tuple(_named(each, filename) if isinstance(each, CodeType) else each for each in code.co_consts)
    return code.replace(co_filename=filename, co_consts=inner)


class TemplateCodeCache(jinja2.BytecodeCache):
    """Jinja's bytecode kept in ``folder`` (none kept without one); a built-in template's from the code shipped
    with lacnews."""

    def __init__(self, folder: Path | None):
        self.kept = jinja2.FileSystemBytecodeCache(str(folder)) if folder is not None else None

    def load_bytecode(self, bucket: Bucket) -> None:
        if self.kept is not None:
            self.kept.load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if self.kept is not None:
            self.kept.dump_bytecode(bucket)

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None, source: str) -> Bucket:
        code = shipped_code(environment, name, source, filename)
        if code is None:
            return super().get_bucket(environment, name, filename, source)
        bucket = Bucket(environment, self.get_cache_key(name, filename), self.get_source_checksum(source))
        bucket.code = code
        return bucket


def compiled_templates(environment: jinja2.Environment, names: list[str]) -> dict[str, str]:
    """Return Jinja's Python source of the templates ``names`` of ``environment``, and of those rendering both ways
    (``lacnews.pipeline.variants``) as they do, by ``template_digest``: what ``compiled_templates/`` ships, a file
    for each."""
    compiled = {}
    for name in names:
        source, filename, _ = environment.loader.get_source(environment, name)
        compiled[template_digest(environment, name, source)] = environment.compile(source, name, filename, raw=True)
        both_ways = variants.both_ways(environment.parse(source, name, filename))
        if both_ways is not None:
            compiled[template_digest(environment, variants.both_ways_name(name), source)] = environment.compile(
                both_ways, name, filename, raw=True)
    return dict(sorted(compiled.items()))
