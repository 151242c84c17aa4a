"""Explain a YAML mistake where the editor made it: the line to change, the likely cause, a fix that parses.

By the kind of mistake: a syntax error, explained from the text around where PyYAML stopped (``syntax``,
finding causes in fields, quotes and brackets, and indentation: ``fields``, ``quotes``, ``indentation``);
a mistake YAML reads without complaint, found from the nodes (``accepted``). All stand on ``lines``: the
file as lines, and the choice of a fix, offered only once the file, so mended, parses.

Every scan reads a bounded stretch of lines once, without regular expressions,
and at most ``MAX_TRIES`` mended copies of a file are parsed to check fixes.
"""

from lacnews.yaml.hints.accepted import structure_hints, value_hint
from lacnews.yaml.hints.lines import Document, Hint, Tries, excerpt
from lacnews.yaml.hints.syntax import RecordingLoader, explain_syntax_error

__all__ = ["Document", "Hint", "RecordingLoader", "Tries", "excerpt", "explain_syntax_error", "structure_hints",
           "value_hint"]
