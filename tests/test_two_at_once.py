"""Two regulates at once, for every command that writes, in a loop: two windows, or a report
made while an exercise is kept. Nothing is lost, and neither removes what the other made."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from regulate.paths import starter_pack

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
                stdin=f"{who}\n{round_}\nround {round_} window {who}\n",
            )
            for who in (3, 7)
        ]
        for child in both:
            code, _, err = _finish(child)
            assert code == 0 and "Traceback" not in err, err
    out = subprocess.run([sys.executable, "-m", "regulate", "history", "--format", "json",
                          "--include-previews"], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    sessions = json.loads(out)
    kept = sorted((s["before_rating"], s["after_rating"], s["note"]) for s in sessions)
    wanted = sorted((who, r, f"round {r} window {who}") for r in range(5) for who in (3, 7))
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
    listed = subprocess.run([sys.executable, "-m", "regulate", "pack", "list"],
                            capture_output=True, text=True, check=True).stdout  # fmt: skip
    for round_ in range(4):
        assert f"Pack one{round_}" in listed and f"Pack two{round_}" in listed


def test_a_report_made_while_a_session_is_kept_loses_nothing(tmp_path: Path) -> None:
    exercise = str(starter_pack() / "feet-on-the-floor.yaml")
    for round_ in range(3):
        playing = _start("play", exercise, "--plain", "--no-sound", "--speed", "100",
                         stdin=f"4\n{round_}\n\n")  # fmt: skip
        reporting = _start("report", "-o", str(tmp_path / f"r{round_}.md"), "--format", "md",
                           "--include-previews")  # fmt: skip
        for child in (playing, reporting):
            code, _, err = _finish(child)
            assert code == 0 and "Traceback" not in err, err
        assert (tmp_path / f"r{round_}.md").stat().st_size > 0
    out = subprocess.run([sys.executable, "-m", "regulate", "history", "--format", "json",
                          "--include-previews"], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    assert sorted(s["after_rating"] for s in json.loads(out)) == [0, 1, 2]
