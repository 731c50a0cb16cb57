"""Fault injection at the writes: each write point is made to fail the ways a disk, SQLite or
regulate itself can fail, and the person must be told in a sentence, keep every rating the
disk would take, and never be left with a file half-written.

The property for the history writer: whatever one write raises, the writer goes on to the
end of its queue (never a thread that dies and leaves 'the history is busy' for ever), the
person gets one plain sentence, and nothing raises into the exercise.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regulate import settings as settings_module
from regulate.core.practice import Practice
from regulate.history import History, HistoryBusy, HistoryError
from regulate.loader import load_exercise
from regulate.system.paths import starter_pack
from tests.clocks import FakeClock
from tests.helpers import fuzz_examples

FAULTS: dict[str, Callable[[], BaseException]] = {
    "disk full": lambda: sqlite3.OperationalError("database or disk is full"),
    "input/output error": lambda: sqlite3.OperationalError("disk I/O error"),
    "read-only": lambda: sqlite3.OperationalError("attempt to write a readonly database"),
    "corrupt": lambda: sqlite3.DatabaseError("database disk image is malformed"),
    "no space (OSError)": lambda: OSError(errno.ENOSPC, "No space left on device"),
    "regulate's own fault": lambda: ValueError("a bug of ours"),
    "a value out of range": lambda: OverflowError("date value out of range"),
}
WRITES = ("start", "checkpoint", "finish", "rate_after")


def _exercise():
    loaded = load_exercise(starter_pack() / "feet-on-the-floor.yaml")
    assert loaded.value is not None
    return loaded.value


def _failing(write: str, fault: str) -> Callable[..., object]:
    def failing(self: History, *args: object, **kwargs: object) -> object:
        raw = FAULTS[fault]()
        if isinstance(raw, sqlite3.Error):
            from regulate.history.errors import plain_error

            raise plain_error(raw, self.path) from raw
        raise raw

    return failing


def _play_through(store: History, clock: FakeClock) -> Practice:
    practice = Practice(_exercise(), None, store=store, clock=clock)
    practice.begin(6)
    for _ in range(200):
        clock.advance(1.0)
        practice.update()
    practice.rate_after(4, "a note")
    return practice


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("fault", FAULTS)
def test_a_failing_history_write_is_said_in_a_sentence_and_never_stops_the_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: str, fault: str
) -> None:
    store = History.open(tmp_path / "history.sqlite3")
    real = getattr(History, write)
    monkeypatch.setattr(History, write, _failing(write, fault))
    practice = _play_through(store, FakeClock())
    assert practice.recorder.flush(timeout=10), "the writer stopped: its queue never ended"
    problems = practice.recorder.take_problems()
    assert len(problems) == 1 and "\n" not in problems[0] and "Traceback" not in problems[0]
    assert not problems[0].startswith(("ValueError", "OverflowError", "OSError"))
    monkeypatch.setattr(History, write, real)
    if write != "start":
        # the writes before the failing one are kept: the before-rating above all
        assert [s.before_rating for s in store.sessions()] == [6]


def test_a_busy_history_is_waited_for_and_everything_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = History.open(tmp_path / "history.sqlite3")
    real = History.finish
    tries = {"n": 0}

    def busy_twice(self: History, *args: object, **kwargs: object) -> None:
        tries["n"] += 1
        if tries["n"] <= 2:
            raise HistoryBusy("busy")
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(History, "finish", busy_twice)
    monkeypatch.setattr("regulate.core.recorder.RETRY_SECONDS", 0.01)
    practice = _play_through(store, FakeClock())
    assert practice.recorder.flush(timeout=10)
    (session,) = store.sessions()
    assert (session.outcome, session.before_rating, session.after_rating, session.note) == (
        "completed", 6, 4, "a note"
    )  # fmt: skip


@settings(max_examples=fuzz_examples(40), deadline=None)
@given(fails_at=st.integers(0, 3), kind=st.sampled_from(sorted(FAULTS)))
def test_settings_are_written_whole_or_not_at_all(
    tmp_path_factory: pytest.TempPathFactory, fails_at: int, kind: str
) -> None:
    """A settings write that fails at any of its steps leaves the earlier settings file
    exactly as it was (written beside it and renamed into place), and says False."""
    home = tmp_path_factory.mktemp("settings")
    os.environ["REGULATE_HOME"] = str(home)
    try:
        assert settings_module.save(settings_module.Settings(sound=True, volume=40))
        before = settings_module._path().read_bytes()
        steps = ["open", "fsync", "dumps", "replace"]
        target = steps[fails_at]
        error = OSError(errno.ENOSPC, "No space left on device")

        def fail(*args: object, **kwargs: object) -> object:
            raise error

        import json

        patches = {
            "open": (os, "open"),
            "fsync": (os, "fsync"),
            "dumps": (json, "dumps"),
            "replace": (os, "replace"),
        }
        owner, name = patches[target]
        real = getattr(owner, name)
        setattr(owner, name, fail)
        try:
            saved = settings_module.save(settings_module.Settings(sound=False, volume=90))
        finally:
            setattr(owner, name, real)
        assert saved is False
        assert settings_module._path().read_bytes() == before
        assert settings_module.load().volume == 40
        # nothing half-written left behind
        assert [p.name for p in home.iterdir()] == [settings_module.FILE_NAME]
    finally:
        os.environ.pop("REGULATE_HOME", None)


def test_a_history_that_cannot_be_opened_is_one_sentence(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "history.sqlite3").mkdir()  # a folder where the file should be
    with pytest.raises(HistoryError) as caught:
        History.open(folder / "history.sqlite3")
    assert "\n" not in str(caught.value) and "history" in str(caught.value).lower()


# ---------------------------------------------------------------- kept for the next start


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("fault", FAULTS)
def test_a_session_the_disk_refused_is_in_the_history_at_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write: str, fault: str
) -> None:
    """Whichever write fails, and however, the ratings and the note given after it are not
    lost: the person is told the session is kept aside, and the next start writes it in."""
    path = tmp_path / "history.sqlite3"
    store = History.open(path)
    monkeypatch.setattr(History, write, _failing(write, fault))
    practice = _play_through(store, FakeClock())
    assert practice.recorder.close(timeout=10)
    (problem,) = practice.recorder.take_problems()
    assert "kept aside and will be added to your history" in problem
    monkeypatch.undo()  # the disk has room again
    later = History.open(path)
    (session,) = later.sessions()
    assert (session.outcome, session.before_rating, session.after_rating, session.note) == (
        "completed", 6, 4, "a note"
    )  # fmt: skip
    assert later.notices == ["A session that could not be saved last time is now in your history."]
    assert list(later.kept_folder.iterdir()) == []  # taken in: never added twice
    assert History.open(path).sessions() == [session]


def test_a_session_refused_and_then_killed_keeps_its_before_rating(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history refuses the very first write, and the process is killed mid-exercise: the
    before-rating was kept aside the moment the disk refused it."""
    path = tmp_path / "history.sqlite3"
    store = History.open(path)
    monkeypatch.setattr(History, "start", _failing("start", "disk full"))
    practice = Practice(_exercise(), None, store=store, clock=FakeClock())
    practice.begin(7)
    assert practice.recorder.flush(timeout=10)
    monkeypatch.undo()
    # killed here: nothing more is written, no close
    (session,) = History.open(path).sessions()
    assert session.before_rating == 7 and session.outcome != "completed"


def test_where_nothing_can_be_kept_the_person_is_told_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.sqlite3"
    store = History.open(path)
    monkeypatch.setattr(History, "finish", _failing("finish", "disk full"))
    real_replace = os.replace

    def refuse(source: object, target: object) -> None:
        if "kept-sessions" in str(target):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", refuse)
    practice = _play_through(store, FakeClock())
    assert practice.recorder.close(timeout=10)
    (problem,) = practice.recorder.take_problems()
    assert "could not be kept aside either" in problem
    assert not any((tmp_path / "kept-sessions").glob("*.json"))  # nothing half-written


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(
    content=st.one_of(
        st.binary(max_size=300),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(st.text(max_size=12), inner, max_size=4)
            ),
            max_leaves=12,
        ).map(lambda value: json.dumps(value).encode()),
        st.fixed_dictionaries(
            {
                "session_id": st.none() | st.integers(),
                "row": st.dictionaries(
                    st.sampled_from(
                        [
                            "pack_id",
                            "before_rating",
                            "note",
                            "id",
                            "started_utc",
                            "utc_offset_minutes",
                            "outcome",
                            "speed",
                        ]
                    ),
                    st.none() | st.integers() | st.text(max_size=8) | st.floats(),
                    max_size=8,
                ),
            },
        ).map(lambda value: json.dumps(value).encode()),
    )
)
def test_a_damaged_or_hostile_kept_file_never_stops_a_start(
    tmp_path_factory: pytest.TempPathFactory, content: bytes
) -> None:
    """Whatever a kept file holds (damage, hand edits, someone else's JSON), opening the
    history answers, adds nothing it can't vouch for, and sets the file aside, said once."""
    folder = tmp_path_factory.mktemp("kept")
    History.open(folder / "history.sqlite3").close()
    (folder / "kept-sessions").mkdir()
    kept = folder / "kept-sessions" / "1-2.json"
    kept.write_bytes(content)
    store = History.open(folder / "history.sqlite3")
    for session in store.sessions():  # only a whole session with every field it needs
        assert session.pack_id and session.started_utc
    aside = folder / "kept-sessions" / "set-aside" / "1-2.json"
    if store.sessions():
        assert not kept.exists() and not aside.exists()
    else:
        assert aside.read_bytes() == content and not kept.exists()
        assert any("set aside" in notice for notice in store.notices)


# ---------------------------------------------------------------- the other writes


DISK_FAULTS = {
    "full": errno.ENOSPC,
    "input/output": errno.EIO,
    "read-only": errno.EROFS,
    "no permission": errno.EACCES,
}
CHANGES = [("os", "replace"), ("shutil", "copyfile"), ("os", "mkdir"), ("os", "unlink"),
           ("os", "open"), ("os", "fsync")]  # fmt: skip


def _fail_at(monkeypatch: pytest.MonkeyPatch, nth: int, code: int) -> list[str]:
    """Every change to the disk counted; the nth fails with `code`. Returns what was called."""
    import shutil

    owners = {"os": os, "shutil": shutil}
    calls: list[str] = []
    for owner, name in CHANGES:
        real = getattr(owners[owner], name)

        def change(*args: object, _real: Callable[..., object] = real, _name: str = name,
                   **kwargs: object) -> object:  # fmt: skip
            flags = args[1] if _name == "open" and len(args) > 1 else os.O_WRONLY
            if not isinstance(flags, int) or not flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
                return _real(*args, **kwargs)  # reading is not a change
            calls.append(_name)
            if len(calls) == nth:
                raise OSError(code, os.strerror(code))
            return _real(*args, **kwargs)

        monkeypatch.setattr(owners[owner], name, change)
    return calls


def _pack_folder(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(f"id: week3\nname: {name}\nsupport: Call me.\n")
    for n in range(3):
        (folder / f"look{n}.yaml").write_text(
            f"title: Look {n}\nkind: grounding\nsteps:\n  - prompt: Look around.\n    for: 20\n"
        )
    return folder


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@settings(max_examples=fuzz_examples(80), deadline=None)
@given(
    command=st.sampled_from(["pack add", "pack remove", "pack zip", "report"]),
    nth=st.integers(1, 25),
    fault=st.sampled_from(sorted(DISK_FAULTS)),
)
def test_a_write_the_disk_refuses_at_any_step_is_a_sentence_and_leaves_things_as_they_were(
    tmp_path_factory: pytest.TempPathFactory, command: str, nth: int, fault: str
) -> None:
    """pack add (replacing), pack remove, pack zip and report, with their nth change to the
    disk failing: either it got through whole, or it said why in a sentence and everything
    is as it was before - the old pack in place, the earlier zip or report unchanged, nothing
    half-made beside them."""
    import contextlib
    import io

    from regulate.cli.entry import main
    from regulate.system.paths import packs_dir

    work = tmp_path_factory.mktemp("faults")
    os.environ["REGULATE_HOME"] = str(work / "home")
    old = _pack_folder(work / "old", "Old name")
    new = _pack_folder(work / "new", "New name")
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        assert main(["pack", "add", str(old)]) == 0
        assert main(["pack", "zip", str(old), "-o", str(work / "week3.zip")]) == 0
    (work / "report.md").write_text("An earlier report.\n")
    argv = {
        "pack add": ["pack", "add", str(new), "--replace"],
        "pack remove": ["pack", "remove", "week3", "--yes"],
        "pack zip": ["pack", "zip", str(new), "-o", str(work / "week3.zip"), "--force"],
        "report": ["report", "--format", "md", "-o", str(work / "report.md"), "--force"],
    }[command]
    before = {"packs": _snapshot(packs_dir()), "work": _snapshot(work / "home"),
              "zip": (work / "week3.zip").read_bytes(),
              "report": (work / "report.md").read_bytes()}  # fmt: skip
    said = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        calls = _fail_at(patch, nth, DISK_FAULTS[fault])
        with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
            code = main(argv)
    text = said.getvalue()
    assert "Traceback" not in text and "Errno" not in text
    from regulate.packs.library import load_library

    load_library()  # the next start clears what a cleaning-up the disk refused left behind
    leftovers = [p.name for p in work.rglob(".*")]
    assert leftovers == [], leftovers  # nothing half-made left beside anything
    after = {"packs": _snapshot(packs_dir()), "work": _snapshot(work / "home"),
             "zip": (work / "week3.zip").read_bytes(),
             "report": (work / "report.md").read_bytes()}  # fmt: skip
    if code == 0:  # the fault never came, or fell on a write it can do without: all done
        done = {
            "pack add": lambda: b"New name" in after["packs"]["week3/pack.yaml"],
            "pack remove": lambda: not any(k.startswith("week3/") for k in after["packs"]),
            "pack zip": lambda: after["zip"] != before["zip"],
            "report": lambda: after["report"].startswith(b"#"),
        }[command]
        assert done(), (calls, text)
        return
    assert text.strip(), calls  # a sentence
    assert after["zip"] == before["zip"] and after["report"] == before["report"]
    assert after["packs"] == before["packs"], (calls, text)


@pytest.mark.parametrize("nth", [1, 2, 3])
@pytest.mark.parametrize("fault", sorted(DISK_FAULTS))
def test_a_pack_cache_the_disk_refuses_costs_only_a_slower_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nth: int, fault: str
) -> None:
    """The packs kept for the next start are a convenience: a write of them refused at any
    step leaves the packs read as they are, no part-file behind, and the next start whole."""
    from regulate.packs import cache
    from regulate.packs.library import load_library

    monkeypatch.setenv("REGULATE_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(cache, "_settled", lambda wanted, now: True)
    with pytest.MonkeyPatch.context() as patch:
        calls = _fail_at(patch, nth, DISK_FAULTS[fault])
        first = load_library()
    assert calls, "the cache was never written"
    assert first.packs and not first.broken
    assert [p.name for p in cache.location().parent.glob(".*")] == []
    assert load_library().packs == first.packs
