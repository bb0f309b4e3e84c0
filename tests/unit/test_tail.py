"""Lines of a followed stream: split as they complete, over-long ones cut, rotation restarts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kabar.errors import InputRejected
from kabar.ingest.tail import _split, follow_lines


def lines(chunks: list[bytes], *, max_bytes: int = 100, take_last: bool = True) -> list[tuple]:
    return list(_split(iter(chunks), max_bytes, take_last=take_last))


def test_a_line_split_across_chunks_comes_whole_and_numbered() -> None:
    assert lines([b'{"a"', b": 1}\n{", b'"b": 2}\r\n\n{"c": 3}']) == [
        (1, b'{"a": 1}\n'),
        (2, b'{"b": 2}\r\n'),
        (3, b"\n"),
        (4, b'{"c": 3}'),  # the last line of a stream that ended
    ]


def test_a_followed_file_waits_for_the_newline_of_its_last_line() -> None:
    assert lines([b"one\ntw"], take_last=False) == [(1, b"one\n")]


def test_an_over_long_line_is_cut_and_its_rest_skipped() -> None:
    found = lines([b"x" * 8, b"y" * 8, b"z" * 8 + b"\nok\n"], max_bytes=10)
    assert found == [(1, b"x" * 8 + b"yyy"), (2, b"ok\n")]
    assert len(found[0][1]) == 11  # over max_bytes: the reader rejects it as too large


def test_an_empty_chunk_restarts_the_count() -> None:
    assert lines([b"a\nb", b"", b"c\n"]) == [(1, b"a\n"), (1, b"c\n")]


def test_a_followed_file_is_read_again_when_replaced(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"1\n2\n")
    seen: list[tuple[int, bytes]] = []

    def rotate() -> None:
        if len(seen) == 2 and not (tmp_path / "old.jsonl").exists():
            os.rename(path, tmp_path / "old.jsonl")
            path.write_bytes(b"3\n")

    for item in follow_lines(
        str(path), max_bytes=100, stop=lambda: len(seen) >= 3, idle=rotate, poll=0.01
    ):
        seen.append(item)
    assert seen == [(1, b"1\n"), (2, b"2\n"), (1, b"3\n")]


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputRejected, match="no such file"):
        follow_lines(str(tmp_path / "absent.jsonl"), max_bytes=10, stop=lambda: True)
