"""The packs kept from the last start: a faster first screen, and never a pack shown other than
as its files now say."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from regulate import i18n
from regulate.loader import load_pack
from regulate.packs import cache as pack_cache
from regulate.packs.library import load_library
from regulate.system.paths import bundled, data_dir, packs_dir

PACK = """\
name: Week 3
id: week3
"""
EXERCISE = """\
title: Calm A
kind: grounding
steps:
  - prompt: Look around the room.
    for: 20s
  - breathe: {inhale: 4, exhale: 6, cycles: 3}
"""


def add_pack(name: str = "week3", exercise: str = EXERCISE) -> Path:
    folder = packs_dir() / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(PACK.replace("week3", name), encoding="utf-8")
    (folder / "calm.yaml").write_text(exercise, encoding="utf-8")
    return folder


@pytest.fixture
def keep_fresh_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are seconds old at most: keep them anyway, so what is tested is
    that the key sees every change, not the one-second wait that guards the clock's tick."""
    monkeypatch.setattr(pack_cache, "SETTLED_NS", -(10**12))


def titles(library: object) -> list[str]:
    return [e.title for p in library.packs for e in p.exercises]  # type: ignore[attr-defined]


@pytest.mark.parametrize("folder", ["exercises", "exercises-es"])
def test_a_kept_pack_is_the_pack_as_read_to_the_last_detail(folder: str) -> None:
    loaded = load_pack(bundled(folder), folder).value
    assert loaded is not None
    again = pack_cache.decode(json.loads(json.dumps(pack_cache.encode(loaded))))
    # repr shows every field, positions and int/float alike, which == does not compare
    assert repr(again) == repr(loaded)
    assert again == loaded


def test_a_therapists_pack_with_every_field_comes_back_whole(format_pack: Path) -> None:
    loaded = load_pack(format_pack, "pack").value
    assert loaded is not None
    assert loaded.homework is not None and loaded.support is not None
    again = pack_cache.decode(json.loads(json.dumps(pack_cache.encode(loaded))))
    assert repr(again) == repr(loaded)


def test_the_second_start_reads_no_yaml_and_shows_the_same_packs(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import json, sys
        from regulate.packs.library import load_library
        library = load_library()
        print(json.dumps(["yaml" in sys.modules, repr(library)]))
        """
    )
    env = {**os.environ, "REGULATE_HOME": str(tmp_path)}
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(2)
    ]
    assert runs[0][0] is True and runs[1][0] is False
    assert runs[0][1] == runs[1][1]
    assert (tmp_path / pack_cache.FILE_NAME).stat().st_mode & 0o777 == 0o600


@pytest.mark.usefixtures("keep_fresh_files")
def test_an_edited_exercise_shows_as_edited_even_with_its_old_times_and_size() -> None:
    folder = add_pack()
    assert "Calm A" in titles(load_library())
    calm = folder / "calm.yaml"
    before = calm.stat()
    calm.write_text(EXERCISE.replace("Calm A", "Calm B"), encoding="utf-8")
    os.utime(calm, ns=(before.st_atime_ns, before.st_mtime_ns))  # as an unpacked zip might
    assert calm.stat().st_size == before.st_size
    shown = titles(load_library())
    assert "Calm B" in shown and "Calm A" not in shown


@pytest.mark.usefixtures("keep_fresh_files")
def test_packs_added_and_removed_show_at_once() -> None:
    load_library()
    add_pack("week4")
    assert [p.id for p in load_library().packs][1:] == ["week4"]
    add_pack("week5")
    assert [p.id for p in load_library().packs][1:] == ["week4", "week5"]
    for path in sorted((packs_dir() / "week4").rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    (packs_dir() / "week4").rmdir()
    assert [p.id for p in load_library().packs][1:] == ["week5"]


@pytest.mark.usefixtures("keep_fresh_files")
def test_each_language_gets_its_own_starter_pack() -> None:
    english = titles(load_library(language="en"))
    i18n.use("es")
    spanish = titles(load_library(language="es"))
    i18n.use("en")
    assert "Notice the room" in english and "Notice the room" not in spanish
    assert titles(load_library(language="en")) == english


@pytest.mark.usefixtures("keep_fresh_files")
@pytest.mark.parametrize(
    "content",
    [
        b"\x00\xff not json at all",
        b"[]",
        b'{"key": 1, "packs": []}',
        b"",
    ],
)
def test_a_damaged_cache_is_read_past_and_mended(content: bytes) -> None:
    add_pack()
    expected = repr(load_library())
    cache = data_dir() / pack_cache.FILE_NAME
    cache.write_bytes(content)
    assert repr(load_library()) == expected
    assert json.loads(cache.read_text())["packs"][1]["id"] == "week3"  # written afresh


@pytest.mark.usefixtures("keep_fresh_files")
def test_a_cache_naming_anything_but_the_packs_is_refused() -> None:
    add_pack()
    load_library()
    cache = data_dir() / pack_cache.FILE_NAME
    kept = json.loads(cache.read_text())
    kept["packs"][1]["name"] = {"$": "PosixPath", "args": ["/etc/passwd"]}
    cache.write_text(json.dumps(kept))
    assert load_library().packs[1].name == "Week 3"
    kept["packs"][1]["name"] = {"$map": {"a": 1}, "extra": 2}
    cache.write_text(json.dumps(kept))
    assert load_library().packs[1].name == "Week 3"


def test_a_cache_that_is_a_pipe_never_holds_up_the_start() -> None:
    data_dir().mkdir(parents=True, exist_ok=True)
    os.mkfifo(data_dir() / pack_cache.FILE_NAME)
    assert "Notice the room" in titles(load_library())


@pytest.mark.usefixtures("keep_fresh_files")
def test_a_broken_pack_is_read_and_reported_at_every_start() -> None:
    folder = add_pack()
    (folder / "calm.yaml").write_text("title: [unclosed", encoding="utf-8")
    for _ in range(2):
        library = load_library()
        assert [f.name for f, _ in library.broken] == ["week3"]
    assert not (data_dir() / pack_cache.FILE_NAME).exists()


def test_files_changed_this_very_second_are_not_kept() -> None:
    add_pack()
    load_library()
    assert not (data_dir() / pack_cache.FILE_NAME).exists()


@pytest.mark.usefixtures("keep_fresh_files")
def test_a_link_inside_a_pack_means_reading_the_pack_each_time(tmp_path: Path) -> None:
    folder = add_pack()
    # a link within the pack's folder (one out of it is not followed: tests/test_door.py)
    (folder / "drafts").mkdir()
    outside = folder / "drafts" / "elsewhere.yaml"
    outside.write_text(EXERCISE, encoding="utf-8")
    (folder / "calm.yaml").unlink()
    (folder / "calm.yaml").symlink_to(outside)
    assert "Calm A" in titles(load_library())
    outside.write_text(EXERCISE.replace("Calm A", "Calm C"), encoding="utf-8")
    assert "Calm C" in titles(load_library())


def test_a_cache_that_cannot_be_written_still_starts() -> None:
    (data_dir() / pack_cache.FILE_NAME).mkdir(parents=True)  # in the way of the file
    for _ in range(2):
        assert "Notice the room" in titles(load_library())


@pytest.mark.usefixtures("keep_fresh_files")
@pytest.mark.parametrize("seconds", ['"abc"', "NaN", "-100", "1e300", "null"])
def test_a_cache_edited_by_hand_is_read_afresh_never_trusted(seconds: str) -> None:
    # found by an attacker: the packs inside the cache are not checked again when read, so a
    # step's seconds changed by hand (the key left as it was) stopped every start
    add_pack()
    first = load_library()
    kept = data_dir() / "packs-cache.json"
    text = kept.read_text(encoding="ascii")
    assert '"seconds":20.0' in text
    kept.write_text(text.replace('"seconds":20.0', f'"seconds":{seconds}', 1), encoding="ascii")
    again = load_library()
    week = next(p for p in again.packs if p.id == "week3")
    assert week.exercises[0].steps[0].seconds == 20.0
    assert [e.seconds for p in again.packs for e in p.exercises] == [
        e.seconds for p in first.packs for e in p.exercises
    ]
