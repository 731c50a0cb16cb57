"""Killed between any two steps of a write: every command that changes a file is run in a
process that kills itself (SIGKILL: no clean-up, no finally) right after its Nth change to
the file system, for N = 1, 2, ... until the command gets through whole. After each kill, the
next start must find every file either as it was or as it was asked to become - never half -
and must clear up what the dead process left, so that the same command then works."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from regulate.system.paths import packs_dir
from tests.helpers import regulate as _regulate

pytestmark = pytest.mark.terminal  # processes of their own: with the slower tests

EX = "title: Look\nkind: grounding\nsteps:\n  - prompt: Look slowly around the room.\n    for: 20\n"

# each change a write makes to the file system is one of these; rmtree's own unlinks and rmdirs
# count one by one, so a kill can land in the middle of a removal too
KILLER = """
import os, shutil, signal, sys
n, count = int(sys.argv[1]), [0]

def counted(owner, name):
    real = getattr(owner, name)
    def change(*args, **kwargs):
        result = real(*args, **kwargs)
        count[0] += 1
        if count[0] == n:
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    setattr(owner, name, change)

for owner, name in [(os, "replace"), (os, "rename"), (os, "unlink"), (os, "rmdir"),
                    (os, "mkdir"), (os, "link"), (shutil, "copyfile"), (os, "fsync")]:
    counted(owner, name)
from regulate.cli.entry import main
sys.exit(main({argv!r}))
"""


def _pack(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text(f"id: week3\nname: {name}\nsupport: Call me.\n")
    (folder / "look.yaml").write_text(EX)
    (folder / "again.yaml").write_text(EX.replace("Look", "Again"))
    return folder


def _kill_at_every_step(
    argv: list[str], check: Callable[[bool], None], cwd: Path, before: Callable[[], None]
) -> int:
    """Run `argv` killed after its 1st, 2nd, ... change; `check(finished)` after each.
    Returns how many kills it took until the command got through."""
    for n in range(1, 60):
        before()
        code = textwrap.dedent(KILLER.format(argv=argv))
        result = subprocess.run([sys.executable, "-c", code, str(n)], capture_output=True,
                                input="\n" * 40,
                                text=True, timeout=60, cwd=cwd)  # fmt: skip
        finished = result.returncode != -9
        if finished:
            assert result.returncode == 0, result.stderr
        check(finished)
        if finished:
            return n
    raise AssertionError("the command never finished")


def _listed_name() -> str | None:
    listing = _regulate("pack", "list")  # the next start: puts back or clears up what it finds
    assert listing.returncode == 0 and "Traceback" not in listing.stderr
    for line in listing.stdout.splitlines():
        if line.split()[:1] == ["week3"]:
            return " ".join(line.split()[1:3])
    return None


def _no_leftovers() -> None:
    root = packs_dir()
    left = [p.name for p in root.iterdir() if p.name.startswith(".")] if root.is_dir() else []
    assert left == [], left


def test_pack_add_replacing_a_pack_killed_at_any_step(tmp_path: Path) -> None:
    old, new = _pack(tmp_path / "old", "Old name"), _pack(tmp_path / "new", "New name")
    assert _regulate("pack", "add", str(old)).returncode == 0

    def check(finished: bool) -> None:
        name = _listed_name()
        assert name == "New name" if finished else name in ("Old name", "New name")
        _no_leftovers()
        home = packs_dir() / "week3"
        assert sorted(p.name for p in home.iterdir()) == ["again.yaml", "look.yaml", "pack.yaml"]

    def back_to_old() -> None:
        assert _regulate("pack", "add", str(old), "--replace").returncode == 0

    steps = _kill_at_every_step(
        ["pack", "add", str(new), "--replace"], check, tmp_path, back_to_old
    )
    assert steps > 5  # it really was caught at many points


def test_pack_remove_killed_at_any_step(tmp_path: Path) -> None:
    pack = _pack(tmp_path / "p", "Week three")

    def check(finished: bool) -> None:
        name = _listed_name()
        assert name is None if finished else name in (None, "Week three")
        _no_leftovers()
        if name is not None:  # still there: whole
            assert (packs_dir() / "week3" / "look.yaml").read_text() == EX

    def added() -> None:
        if _listed_name() is None:
            assert _regulate("pack", "add", str(pack)).returncode == 0

    steps = _kill_at_every_step(["pack", "remove", "week3", "--yes"], check, tmp_path, added)
    assert steps > 3


def test_pack_zip_onto_an_earlier_zip_killed_at_any_step(tmp_path: Path) -> None:
    _pack(tmp_path / "old", "Old name")
    _pack(tmp_path / "new", "New name")
    target = tmp_path / "week3.zip"

    def earlier() -> None:
        target.unlink(missing_ok=True)
        assert _regulate("pack", "zip", "old", "-o", str(target), cwd=tmp_path).returncode == 0

    def check(finished: bool) -> None:
        with zipfile.ZipFile(target) as archive:  # always a whole zip, old or new
            assert archive.testzip() is None
            manifest = next(n for n in archive.namelist() if n.endswith("pack.yaml"))
            text = archive.read(manifest).decode()
        assert ("New name" if finished else "name") in text
        assert _regulate("check", str(target)).returncode == 0

    argv = ["pack", "zip", "new", "-o", str(target), "--force"]
    steps = _kill_at_every_step(argv, check, tmp_path, earlier)
    assert steps > 2


def test_report_onto_an_earlier_report_killed_at_any_step(tmp_path: Path) -> None:
    target, reference = tmp_path / "report.md", tmp_path / "reference.md"
    played = _regulate("play", "exercises/feet-on-the-floor.yaml", "--plain", "--speed", "100",
                       stdin="5\n" + "\n" * 30, cwd=Path(__file__).parents[1])  # fmt: skip
    assert played.returncode == 0, played.stderr
    options = ["--format", "md", "--include-previews"]
    assert _regulate("report", *options, "-o", str(reference)).returncode == 0
    whole = reference.read_text().splitlines()
    earlier_text = "An earlier report, kept until the new one is whole.\n"

    def earlier() -> None:
        target.write_text(earlier_text)

    def check(finished: bool) -> None:
        text = target.read_text()
        if not finished and text == earlier_text:
            return
        lines = text.splitlines()  # the new report, whole: as long as one made in peace
        assert (len(lines), lines[0], lines[-1]) == (len(whole), whole[0], whole[-1])

    steps = _kill_at_every_step(["report", *options, "-o", str(target), "--force"], check,
                                tmp_path, earlier)  # fmt: skip
    assert steps > 2


def test_the_first_start_s_settings_killed_at_any_step_are_none_or_whole(tmp_path: Path) -> None:
    from regulate import settings

    path = settings._path()
    argv = ["play", str(Path(__file__).parents[1] / "exercises" / "feet-on-the-floor.yaml"),
            "--plain", "--no-sound", "--speed", "100"]  # fmt: skip

    def first_start() -> None:
        path.unlink(missing_ok=True)

    def check(finished: bool) -> None:
        if finished or path.exists():
            assert json.loads(path.read_text())["sound"] is False  # whole, and what was said
        listing = _regulate("pack", "list")
        assert listing.returncode == 0 and listing.stderr == ""

    assert _kill_at_every_step(argv, check, tmp_path, first_start) >= 2  # killed at least once
