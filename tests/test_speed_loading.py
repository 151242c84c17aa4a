"""Loading an issue costs time linear in the size of its file, with a small constant: one walk over the nodes for a
sound file, and what a file's problems are told the same as ever."""

from __future__ import annotations

import gc
import statistics
import time
from pathlib import Path

import pytest
import yaml

from lacnews.base.errors import InputError
from lacnews.yaml import source

SECTION = """\
  - title: Section {n} of the month
    body: |
      Hello *|FNAME|*, this is section {n}, with *emphasis* and a [link](https://example.org/{n}).

      * a first point about neighbourhood {n}
    items:
      - title: Story {n}
        byline: Reporter {n}
        body: What happened in place {n}.
        quote: {{text: "Words someone said about {n}", by: "Speaker {n}"}}
        link: {{text: Read story {n}, url: "https://example.org/stories/{n}"}}
"""


def issue_file(folder: Path, sections: int) -> Path:
    path = folder / f"size-{sections}.yaml"
    path.write_text("date: 2021-03\nsubject: Sizes\nsections:\n" + "".join(SECTION.format(n=n) for n in range(sections)),
                    encoding="utf-8")
    return path


def test_a_sound_file_is_walked_once(tmp_path, monkeypatch):
    walks = []
    walk = source.walk
    monkeypatch.setattr(source, "walk", lambda *args, **kwargs: walks.append(args) or walk(*args, **kwargs))
    source.read_source(issue_file(tmp_path, 20))
    assert len(walks) == 1


def separately(path: Path) -> str:
    """The messages of the checks of a file's nodes, each run over the whole file in turn, as before one walk."""
    text = path.read_text(encoding="utf-8")
    root = yaml.compose(text, Loader=source.FAST_LOADER)
    try:
        source._check_expansion(path, root)
        source._check_keys(path, text, root)
        source._check_characters(path, root)
    except InputError as error:
        return error.format_message()
    return ""


@pytest.mark.parametrize("written", [
    'a: &a ["x", "x", "x", "x", "x", "x", "x", "x"]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n'
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c]\n",
    "date: 2021-03\n[a, b]: x\n? {c: d}\n: y\nsubject: \"bell \\x07\"\n",
    'date: 2021-03\nsubject: "bell \\x07"\nsections: [{title: "nul \\0"}]\n',
    "date: 2021-03\n" + "".join(f"k{n}: [{n}]\n" for n in range(30)).replace("k3:", "[k3]:"),
])
def test_a_files_problems_are_told_as_each_check_tells_them(tmp_path, written):
    path = tmp_path / "issue.yaml"
    path.write_text(written, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        source.read_source(path)
    assert raised.value.format_message() == separately(path)


def seconds_a_section(path: Path, sections: int) -> float:
    times = []
    for _ in range(3):
        gc.collect()
        started = time.process_time()
        source.read_source(path)
        times.append(time.process_time() - started)
    return statistics.median(times) / sections


def test_reading_a_file_costs_the_same_a_section_whatever_its_size(tmp_path):
    small, large = issue_file(tmp_path, 100), issue_file(tmp_path, 800)
    source.read_source(small)  # warm: imports, regular expressions
    assert seconds_a_section(large, 800) <= 1.6 * seconds_a_section(small, 100)
