"""Windows refuses to rename onto (or away) a file another program holds open - a sync tool, a
virus scanner, a second regulate - with PermissionError, for a moment or for as long as it
holds it (issue 37, item 4). Emulated here: the door tries again a few times, then says so in
one sentence, and the history, the pack folders and the settings lose nothing either way."""

from __future__ import annotations

import datetime as dt
import errno
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from regulate import door, settings
from regulate.cli import main
from regulate.door import writes
from regulate.history import History, HistoryError
from regulate.system import paths

PACK = "id: week3\nname: Week 3\nformat: 1\n"
EXERCISE = """\
title: {title}
kind: grounding
steps:
  - prompt: Notice your feet on the floor.
    for: 5s
"""


@dataclass
class HeldOpen:
    """How many more renames Windows refuses, and the pauses the door took between tries."""

    refusals: int = 0
    pauses: list[float] = field(default_factory=list)
    tried: int = 0


@pytest.fixture
def held_open(monkeypatch: pytest.MonkeyPatch) -> HeldOpen:
    held = HeldOpen()
    real_replace = os.replace
    monkeypatch.setattr(writes, "_WINDOWS", True)
    monkeypatch.setattr(writes, "_pause", held.pauses.append)  # no real sleep in a test

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        held.tried += 1
        if held.refusals:
            held.refusals -= 1
            raise PermissionError(errno.EACCES, "Access is denied", os.fspath(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    return held


BUSY = "another program is holding it open; close that program and try again"


def test_a_rename_held_for_a_moment_goes_through_after_short_pauses(
    held_open: HeldOpen, tmp_path: Path
) -> None:
    held_open.refusals = 3
    door.write_text(tmp_path / "a.txt", "whole", private=True)
    assert (tmp_path / "a.txt").read_text() == "whole"
    assert held_open.pauses == [0.05, 0.1, 0.2]


def test_settings_held_open_are_saved_once_let_go_and_kept_as_they_were_if_never(
    held_open: HeldOpen,
) -> None:
    assert settings.save(settings.Settings(volume=40))
    held_open.refusals = 4
    assert settings.save(settings.Settings(volume=60))
    assert settings.load().volume == 60
    held_open.refusals = 1000  # held for as long as regulate tries
    held_open.pauses.clear()
    assert settings.save(settings.Settings(volume=90)) is False
    assert settings.load().volume == 60
    assert [p.name for p in paths.config_dir().iterdir()] == [settings.FILE_NAME]
    assert sum(held_open.pauses) < 2  # gave up within two seconds, never hung


def _pack_folder(tmp_path: Path, title: str) -> Path:
    source = tmp_path / title.lower().replace(" ", "-")
    source.mkdir()
    (source / "pack.yaml").write_text(PACK, encoding="utf-8")
    (source / "calm.yaml").write_text(EXERCISE.format(title=title), encoding="utf-8")
    return source


def test_a_pack_replaced_while_its_folder_is_held_open(
    held_open: HeldOpen, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["pack", "add", str(_pack_folder(tmp_path, "First"))]) == 0
    home = paths.packs_dir() / "week3"
    # held a moment: the new pack is in place
    held_open.refusals = 2
    assert main(["pack", "add", "--replace", str(_pack_folder(tmp_path, "Second"))]) == 0
    assert "title: Second" in (home / "calm.yaml").read_text()
    # held throughout: one sentence, the pack as it was, nothing staged left behind
    capsys.readouterr()
    held_open.refusals = 1000
    assert main(["pack", "add", "--replace", str(_pack_folder(tmp_path, "Third"))]) == 1
    said = capsys.readouterr().err
    assert BUSY in said and "Traceback" not in said
    assert "title: Second" in (home / "calm.yaml").read_text()
    assert sorted(p.name for p in paths.packs_dir().iterdir()) == ["week3"]
    # and a remove held throughout leaves the pack where it is
    assert main(["pack", "remove", "week3", "--yes"]) == 1
    assert BUSY in capsys.readouterr().err
    assert (home / "calm.yaml").is_file()


def test_a_damaged_history_held_open_is_set_aside_once_let_go_and_never_lost(
    held_open: HeldOpen,
) -> None:
    folder = door.make_folder(paths.data_dir(), private=True)
    garbage = b"this is not sqlite " * 200
    history = folder / "history.sqlite3"
    history.write_bytes(garbage)
    held_open.refusals = 1000
    with pytest.raises(HistoryError) as refused:
        History.open(now=lambda: dt.datetime(2026, 11, 22, 9, 5, tzinfo=dt.UTC))
    assert BUSY in str(refused.value)
    assert history.read_bytes() == garbage  # not lost, not replaced
    assert not list(folder.glob("history.unreadable-*"))  # the reserved name let go again
    held_open.refusals = 2
    store = History.open(now=lambda: dt.datetime(2026, 11, 22, 9, 5, tzinfo=dt.UTC))
    (kept,) = folder.glob("history.unreadable-*.sqlite3")
    assert kept.read_bytes() == garbage
    assert store.notices[0].startswith("Your history file could not be read, so it was kept")
    store.close()
