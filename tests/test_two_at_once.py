"""Two regulates at once, for every command that writes, in a loop: two windows, or a report
made while an exercise is kept. Nothing is lost, and neither removes what the other made."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from regulate.history import History
from regulate.system.paths import starter_pack
from tests.helpers import regulate

pytestmark = pytest.mark.slow  # real processes at once, in loops: seconds each

EX = "title: Look\nkind: grounding\nsteps:\n  - prompt: Look around the room.\n    for: 20\n"


def _start(*args: str, stdin: str = "", cwd: Path | None = None) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, "-m", "regulate", *args], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             cwd=cwd)  # fmt: skip
    assert child.stdin is not None
    child.stdin.write(stdin)
    child.stdin.close()
    child.stdin = None  # all it will be told is written; communicate() only reads
    return child


def _checked(*args: str) -> str:
    """What `regulate ARGS`, run once more after the windows are done, prints."""
    done = regulate(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _finish(child: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = child.communicate(timeout=120)
    return child.returncode, out, err


def test_two_sessions_at_once_keep_every_rating() -> None:
    exercise = str(starter_pack() / "feet-on-the-floor.yaml")
    for round_ in range(5):
        both = [
            _start(
                "play",
                exercise,
                "--plain",
                "--no-sound",
                "--speed",
                "100",
                # ratings that ask nothing between the after-rating and the note (a drop of
                # 3 or more, or to a low rating, would offer the settle exercise first)
                stdin=f"{who}\n{round_ + 5}\nround {round_} window {who}\n",
            )
            for who in (3, 7)
        ]
        for child in both:
            code, _, err = _finish(child)
            assert code == 0 and "Traceback" not in err, err
    out = _checked("history", "--format", "json", "--include-previews")
    sessions = json.loads(out)
    kept = sorted((s["before_rating"], s["after_rating"], s["note"]) for s in sessions)
    wanted = sorted((who, r + 5, f"round {r} window {who}") for r in range(5) for who in (3, 7))
    assert kept == wanted
    assert all(s["outcome"] == "completed" for s in sessions)


def test_two_packs_added_at_once_are_both_kept_and_a_listing_meanwhile_removes_nothing(
    tmp_path: Path,
) -> None:
    for round_ in range(4):
        folders = []
        for name in (f"one{round_}", f"two{round_}"):
            folder = tmp_path / name
            folder.mkdir()
            (folder / "pack.yaml").write_text(f"name: Pack {name}\nsupport: Call me.\n")
            (folder / "look.yaml").write_text(EX)
            folders.append(folder)
        running = [_start("pack", "add", str(f)) for f in folders]
        running.append(_start("pack", "list"))  # reads the packs folder meanwhile
        for child in running:
            code, _, err = _finish(child)
            assert code == 0 and "Traceback" not in err, err
    listed = _checked("pack", "list")
    for round_ in range(4):
        assert f"Pack one{round_}" in listed and f"Pack two{round_}" in listed


def test_a_report_made_while_a_session_is_kept_loses_nothing(tmp_path: Path) -> None:
    exercise = str(starter_pack() / "feet-on-the-floor.yaml")
    with History.open() as store:  # an earlier session: a report of none is not written at all
        earlier = store.start(pack_id="p", pack_name="P", exercise_id="e", exercise_title="E",
                              exercise_sha256="ab" * 32, planned_seconds=60.0, before=5)  # fmt: skip
        store.finish(earlier, outcome="completed", played_seconds=60.0, after=9)
    for round_ in range(3):
        playing = _start("play", exercise, "--plain", "--no-sound", "--speed", "100",
                         stdin=f"4\n{round_}\n\n")  # fmt: skip
        reporting = _start("report", "-o", str(tmp_path / f"r{round_}.md"), "--format", "md",
                           "--include-previews")  # fmt: skip
        for child in (playing, reporting):
            code, _, err = _finish(child)
            assert code == 0 and "Traceback" not in err, err
        assert (tmp_path / f"r{round_}.md").stat().st_size > 0
    out = _checked("history", "--format", "json", "--include-previews")
    assert sorted(s["after_rating"] for s in json.loads(out)) == [0, 1, 2, 9]


def _history() -> list[dict[str, object]]:
    out = _checked("history", "--format", "json", "--include-previews")
    return list(json.loads(out))


def test_forget_while_a_session_is_kept_removes_only_what_it_was_asked(tmp_path: Path) -> None:
    """Two windows: one forgets another pack's sessions while the other keeps a session of
    its own, and then both forget at once: only what was named goes."""
    week = tmp_path / "week1"
    week.mkdir()
    (week / "pack.yaml").write_text("id: week1\nname: Week 1\nsupport: Call me.\n")
    (week / "look.yaml").write_text(EX)
    assert regulate("pack", "add", str(week)).returncode == 0
    exercise = str(starter_pack() / "feet-on-the-floor.yaml")
    for round_ in range(3):
        children = [
            _start(
                "play",
                "week1",
                "--plain",
                "--no-sound",
                "--speed",
                "100",
                stdin=f"1\n8\n{round_}\n\n",
            ),
            _start(
                "play",
                exercise,
                "--plain",
                "--no-sound",
                "--speed",
                "100",
                stdin=f"6\n{round_}\nround {round_}\n",
            ),
        ]
        for child in children:
            code, _, err = _finish(child)
            assert code == 0 and "Traceback" not in err, err
        assert any(s["pack_id"] == "week1" for s in _history())  # there to be forgotten
        forgetting = [_start("forget", "--pack", "week1", "--yes") for _ in range(2)]
        playing = _start("play", exercise, "--plain", "--no-sound", "--speed", "100",
                         stdin=f"5\n{round_}\n\n")  # fmt: skip
        for child in [*forgetting, playing]:
            code, _, err = _finish(child)
            assert code == 0 and "Traceback" not in err, err
    sessions = _history()
    assert {s["pack_id"] for s in sessions} == {"starter"}
    assert sorted((s["before_rating"], s["after_rating"]) for s in sessions) == sorted(
        [(6, r) for r in range(3)] + [(5, r) for r in range(3)]
    )


def test_the_same_pack_removed_twice_at_once_goes_once_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "week3"
    folder.mkdir()
    (folder / "pack.yaml").write_text("id: week3\nname: Week 3\nsupport: Call me.\n")
    (folder / "look.yaml").write_text(EX)
    for _round in range(4):
        added = regulate("pack", "add", str(folder))
        assert added.returncode == 0, added.stderr
        running = [_start("pack", "remove", "week3", "--yes") for _ in range(2)]
        running.append(_start("pack", "list"))
        results = [_finish(child) for child in running]
        for code, _out, err in results:
            assert "Traceback" not in err and (code == 0 or "no added pack" in err), err
        assert sum(code == 0 for code, _, _ in results[:2]) >= 1
        listed = _checked("pack", "list")
        assert "Week 3" not in listed


def test_settings_written_by_two_first_starts_at_once_are_always_whole() -> None:
    """Two windows opened for the first time, one with --sound and one with --no-sound: the
    settings file is always one of the two answers, whole."""
    from regulate import settings

    exercise = str(starter_pack() / "feet-on-the-floor.yaml")
    for _round in range(4):
        settings._path().unlink(missing_ok=True)
        both = [
            _start("play", exercise, "--plain", sound, "--speed", "100", stdin="\n" * 20)
            for sound in ("--sound", "--no-sound")
        ]
        for child in both:
            code, _, err = _finish(child)
            assert code == 0 and "Traceback" not in err, err
        assert json.loads(settings._path().read_text())["sound"] in (True, False)


def test_the_same_pack_zipped_twice_at_once_onto_one_file_is_whole(tmp_path: Path) -> None:
    """Two windows zip the pack onto the same file: the zip is always one whole zip (never a
    mixture), and no part-file is left beside it."""
    import zipfile

    folder = tmp_path / "week3"
    folder.mkdir()
    (folder / "pack.yaml").write_text("id: week3\nname: Week 3\nsupport: Call me.\n")
    for n in range(20):
        (folder / f"look{n}.yaml").write_text(EX.replace("Look", f"Look {n}"))
    for _round in range(4):
        both = [_start("pack", "zip", str(folder), "-o", str(tmp_path / "week3.zip"), "--force")
                for _ in range(2)]  # fmt: skip
        for child in both:
            code, _, err = _finish(child)
            assert code == 0 and "Traceback" not in err, err
        with zipfile.ZipFile(tmp_path / "week3.zip") as archive:
            assert archive.testzip() is None and len(archive.namelist()) == 21
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_one_step_given_a_recording_from_two_windows_at_once_is_never_broken(
    tmp_path: Path,
) -> None:
    from regulate.loader import load_exercise
    from tests.voices import make_recording

    folder = tmp_path / "week3"
    folder.mkdir()
    (folder / "pack.yaml").write_text("id: week3\nname: Week 3\nsupport: Call me.\n")
    (folder / "look.yaml").write_text(EX)
    memos = [make_recording(tmp_path / f"memo{n}.m4a", level_db=-10.0 - 10 * n) for n in range(2)]
    for _round in range(3):
        both = [_start("voice", "add", str(folder), "look", "1", str(memo), "--replace")
                for memo in memos]  # fmt: skip
        for child in both:
            code, _, err = _finish(child)
            assert code == 0 and "Traceback" not in err, err
        loaded = load_exercise(folder / "look.yaml", "look.yaml", folder=folder)
        assert loaded.value is not None, loaded.problems  # the exercise always whole
        assert (folder / "look.yaml").read_text().count("audio:") == 1
        assert (folder / "voice" / "look-step1.mp3").is_file()
        assert [p.name for p in folder.rglob(".*")] == []  # nothing of either left half-made


def test_two_steps_given_recordings_from_two_windows_at_once_both_land(tmp_path: Path) -> None:
    """Two `voice add` on one exercise (steps 1 and 2) at once: each reads the exercise as the
    other left it, so neither change is lost."""
    import yaml

    from tests.voices import make_recording

    folder = tmp_path / "week3"
    folder.mkdir()
    (folder / "pack.yaml").write_text("id: week3\nname: Week 3\nsupport: Call me.\n")
    two = EX + "  - prompt: Once more.\n    for: 10s\n"
    memo = make_recording(tmp_path / "memo.m4a", level_db=-20.0)
    for _round in range(3):
        (folder / "look.yaml").write_text(two)
        both = [_start("voice", "add", str(folder), "look", step, str(memo), "--replace")
                for step in ("1", "2")]  # fmt: skip
        for child in both:
            code, _, err = _finish(child)
            assert code == 0 and "Traceback" not in err, err
        steps = yaml.safe_load((folder / "look.yaml").read_text())["steps"]
        assert [step.get("audio") for step in steps] == [
            "voice/look-step1.mp3",
            "voice/look-step2.mp3",
        ]


def test_a_pack_removed_by_another_window_after_the_question_is_a_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The moment the loop above finds now and then, made to happen every time: this window
    has asked and is about to remove the pack when the other window's remove gets there
    first."""
    from regulate.cli.entry import main
    from regulate.packs import folders

    folder = tmp_path / "week3"
    folder.mkdir()
    (folder / "pack.yaml").write_text("id: week3\nname: Week 3\nsupport: Call me.\n")
    (folder / "look.yaml").write_text(EX)
    assert main(["pack", "add", str(folder)]) == 0
    first = folders.remove

    def the_other_window_first(pack_id: str) -> None:
        first(pack_id)  # the other window
        first(pack_id)  # this one, a moment later

    monkeypatch.setattr(folders, "remove", the_other_window_first)
    capsys.readouterr()
    assert main(["pack", "remove", "week3", "--yes"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "There is no added pack with the id 'week3'."
    assert not (Path(os.environ["REGULATE_HOME"]) / "error.log").exists()
