"""The kiosk worker's told file survives a kill mid-write."""

from __future__ import annotations

from pathlib import Path

from mocks.chaos.worker import read_told


def test_a_torn_last_line_is_ignored_and_whole_lines_are_kept(tmp_path: Path) -> None:
    told = tmp_path / "told.jsonl"
    told.write_text('{"key": "a", "citizen": 0}\n{"key": "b", "citiz', encoding="utf-8")
    assert read_told(told) == [{"key": "a", "citizen": 0}]


def test_no_file_yet_means_nobody_was_told(tmp_path: Path) -> None:
    assert read_told(tmp_path / "told.jsonl") == []
