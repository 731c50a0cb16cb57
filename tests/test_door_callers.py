"""The commands pass what they read to the door, so nothing they read is written over, and a
special file handed to them is a sentence (issue 35, item 1)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from regulate.cli import main
from regulate.history import History
from regulate.system.paths import data_dir


def test_a_report_is_never_written_over_the_history_it_reads(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with History.open() as store:  # a session to report: a report of none is never written
        kept = store.start(pack_id="p", pack_name="P", exercise_id="e", exercise_title="E",
                           exercise_sha256="ab" * 32, planned_seconds=60.0, before=5)  # fmt: skip
        store.finish(kept, outcome="completed", played_seconds=60.0, after=6)
    history = data_dir() / "history.sqlite3"
    before = history.read_bytes()
    capsys.readouterr()
    assert main(["report", "-o", str(history), "--force"]) == 1
    said = capsys.readouterr().err
    assert f"{history} is one of regulate's own files or folders" in said
    assert history.read_bytes() == before


def test_a_zip_is_never_written_over_a_file_of_the_pack_being_zipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack = tmp_path / "mine"
    assert main(["new", str(pack)]) == 0
    manifest = (pack / "pack.yaml").read_bytes()
    files = sorted(p.name for p in pack.iterdir())
    capsys.readouterr()
    for force in ((), ("--force",)):
        assert (
            main(["pack", "zip", str(pack), "--draft", "-o", str(pack / "pack.yaml"), *force]) == 1
        )
        assert "is inside the pack being zipped" in capsys.readouterr().err
    assert (pack / "pack.yaml").read_bytes() == manifest
    assert sorted(p.name for p in pack.iterdir()) == files  # nothing left beside them


def test_a_pipe_named_like_a_zip_is_a_sentence_not_a_wait(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipe = tmp_path / "pack.zip"
    os.mkfifo(pipe)  # opened plainly, reading it would wait for a writer for ever
    assert main(["pack", "add", str(pipe)]) == 1
    said = capsys.readouterr().err
    assert f"regulate could not use {pipe}: it is a named pipe, not a file." in said
    assert not (data_dir() / "packs").exists() or not any((data_dir() / "packs").iterdir())
