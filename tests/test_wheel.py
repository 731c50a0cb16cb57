"""A wheel built from the repository carries the starter pack, the cues and the schemas,
and the installed code finds them there."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.helpers import REPO


@pytest.mark.slow
def test_wheel_contains_bundled_files_and_uses_them(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert build.returncode == 0, build.stdout[-2000:] + build.stderr[-2000:]
    (wheel,) = out.glob("regulate-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "regulate/exercises/pack.yaml",
        "regulate/exercises/notice-the-room.yaml",
        "regulate/sounds/bell.wav",
        "regulate/sounds/make_cues.py",
        "regulate/schema/pack.schema.json",
        "regulate/schema/exercise.schema.json",
        # the Spanish starter pack and the compiled catalogue the program reads
        "regulate/exercises-es/pack.yaml",
        "regulate/locale/es/LC_MESSAGES/regulate.mo",
    }
    assert expected <= names
    assert len([n for n in names if n.startswith("regulate/exercises/")]) == 9
    assert len([n for n in names if n.startswith("regulate/exercises-es/")]) == 9
    assert {
        f"regulate/sounds/{c}.wav" for c in ("bell", "chime", "soft", "inhale", "exhale")
    } <= names

    # unpacked (as an install would), the code finds the starter pack inside the package
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = "from regulate.system.paths import starter_pack; print(starter_pack())"
    where = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert Path(where.stdout.strip()) == site / "regulate" / "exercises"
    check = subprocess.run(
        [sys.executable, "-m", "regulate", "check", where.stdout.strip()],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert check.returncode == 0 and check.stdout.strip() == "No problems found in 9 files."

    # ...and speaks Spanish from the installed catalogue, with the Spanish starter pack
    code = (
        "from regulate import i18n; from regulate.system import paths; i18n.use('es'); "
        "print(i18n._('Breathe in')); print(paths.starter_pack('es'))"
    )
    spanish = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert spanish.stdout.split("\n")[:2] == ["Inhala", str(site / "regulate" / "exercises-es")]
