"""base.read.read_regular, the one way lacnews reads a file that may not be one: a pipe is never waited on, a
folder is told as such, a link is refused where asked, and a limit bounds the read."""

from __future__ import annotations

import os
import stat

import pytest

from lacnews.base.read import NotRegular, read_regular


def test_a_regular_file_is_read_whole_or_to_one_byte_past_its_limit(tmp_path):
    path = tmp_path / "words.txt"
    path.write_bytes(b"x" * 100)
    assert read_regular(path) == b"x" * 100
    assert read_regular(path, limit=10) == b"x" * 11  # one past: the caller tells the file too large


def test_a_pipe_is_not_waited_on_and_a_folder_is_told_by_its_mode(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(NotRegular):
        read_regular(pipe)  # no writer: a blocking open would wait for ever
    with pytest.raises(NotRegular) as folder:
        read_regular(tmp_path)
    assert stat.S_ISDIR(folder.value.mode)


def test_a_link_is_followed_only_where_asked(tmp_path):
    target = tmp_path / "target.json"
    target.write_bytes(b"{}")
    link = tmp_path / "entry.json"
    link.symlink_to(target)
    assert read_regular(link) == b"{}"
    with pytest.raises(OSError):
        read_regular(link, follow=False)
