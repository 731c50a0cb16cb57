"""Files that are not what their names say: a named pipe where a pack file or the settings
should be, a settings file nested past any sense. Each gets a sentence or the defaults, never
a hang or a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from regulate import settings
from regulate.system.paths import starter_pack
from regulate.system.textsafe import has_bidi_controls
from tests.helpers import lines
from tests.helpers import regulate as _run


def test_a_named_pipe_in_a_pack_is_refused_not_waited_on(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: P\nsupport: Call me.\n")
    os.mkfifo(pack / "x.yaml")
    os.mkfifo(pack / "voice.mp3")
    (pack / "y.yaml").write_text(
        "title: T\nkind: grounding\nsteps:\n  - prompt: a\n    for: 5\n    audio: voice.mp3\n"
    )
    result = _run("check", str(pack), home=tmp_path / "home")
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == [
        f"{pack}/x.yaml:1:1: error: this file can't be read (it is a named pipe, not a file)"
        "  [file]",
        f"{pack}/y.yaml:6:12: error: 'audio' names 'voice.mp3', but it is not a plain file  [path]",
    ]


def test_a_named_pipe_as_the_settings_file_never_holds_up_start(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    os.mkfifo(home / "settings.json")
    result = _run("play", "--plain", "--no-sound", "--speed", "100",
                  str(starter_pack() / "feet-on-the-floor.yaml"), home=home, stdin="\n\n\n")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "That is the end of the exercise." in result.stdout


def test_settings_nested_past_any_sense_fall_back_to_the_defaults(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("REGULATE_HOME", str(tmp_path))
    (tmp_path / "settings.json").write_text("[" * 100_000 + "]" * 100_000)
    assert settings.load() == settings.Settings()


def test_regulate_home_on_a_file_or_a_dangling_link_gets_its_own_sentence(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("mine")
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "gone")
    for home, what in ((afile, "a file, not a folder"),
                       (dangling, "a link to something that is not there")):  # fmt: skip
        result = _run("history", home=home)
        assert result.returncode == 2
        assert result.stderr.startswith(f"REGULATE_HOME is set to {home}, which is {what}.")
        assert "You could point it at a folder" in result.stderr  # an invitation
        spanish = _run("--language", "es", "history", home=home)
        assert "Puedes hacer que apunte a una carpeta" in spanish.stderr
        assert "Something went wrong" not in result.stderr
    assert afile.read_text() == "mine" and not (tmp_path / "gone").exists()


def test_paths_that_cannot_be_used_are_named_in_a_sentence(tmp_path: Path) -> None:
    home = tmp_path / "home"
    afile = tmp_path / "afile"
    afile.write_text("mine")
    cases = [
        (("schema", "--write", str(afile)),
         f"--write takes a folder, and {afile} is a file; nothing was written."),
        (("new", "/dev/null/x"), "regulate could not use /dev/null/x: part of the path is a file, not a folder."),
        (("pack", "zip", str(starter_pack()), "-o", str(tmp_path)),
         f"{tmp_path} is a folder, so nothing was written there; you could give -o the name of a "
         "file inside it."),
    ]  # fmt: skip
    for args, sentence in cases:
        result = _run(*args, home=home)
        assert result.returncode in (1, 2), result
        assert result.stderr.startswith(sentence), result.stderr
        assert "Traceback" not in result.stderr and "Something went wrong" not in result.stderr
    assert afile.read_text() == "mine"


@pytest.mark.slow  # seconds of its own: a real process playing into a pipe that closes
def test_output_to_a_closed_pipe_keeps_the_session_as_stopped(tmp_path: Path) -> None:
    home = tmp_path / "home"
    child = subprocess.Popen(
        [sys.executable, "-m", "regulate", "play", "--plain", "--no-sound", "--speed", "10",
         str(starter_pack() / "feet-on-the-floor.yaml")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "REGULATE_HOME": str(home)},
    )  # fmt: skip
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write("4\n")
    child.stdin.flush()
    while (line := child.stdout.readline()) and not line.startswith("Starting"):
        pass
    assert line.startswith("Starting")
    child.stdout.close()  # as `| head` does once it has its lines
    assert child.wait(timeout=20) == 0
    errors = child.stderr.read()
    assert "Traceback" not in errors and "Exception ignored" not in errors
    out = _run("history", "--format", "json", "--include-previews", home=home).stdout
    import json

    (session,) = json.loads(out)
    assert (session["outcome"], session["before_rating"]) == ("stopped", 4)


def test_the_history_is_kept_private_each_time_it_is_opened(tmp_path: Path) -> None:
    from regulate.history import History

    home = tmp_path / "home"
    History.open(home / "history.sqlite3").close()
    (home / "history.sqlite3").chmod(0o644)  # a copy or an editor widened it
    home.chmod(0o755)
    History.open(home / "history.sqlite3").close()
    assert (home / "history.sqlite3").stat().st_mode & 0o777 == 0o600
    assert home.stat().st_mode & 0o777 == 0o700


def test_a_history_file_that_is_a_link_is_refused_not_written_through(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.sqlite3"
    elsewhere.write_bytes(b"")
    home = tmp_path / "home"
    home.mkdir()
    (home / "history.sqlite3").symlink_to(elsewhere)
    result = _run("history", home=home)
    assert result.returncode == 1
    assert "is a link to somewhere else, so regulate won't write through it" in (
        result.stdout + result.stderr
    )
    assert elsewhere.read_bytes() == b""


def test_an_exercise_file_named_in_another_encoding_is_refused_by_check_and_pack_add(
    tmp_path: Path,
) -> None:
    pack = tmp_path / "latin"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: Latin\nsupport: Call me.\n")
    with open(os.fsencode(pack) + b"/caf\xe9.yaml", "wb") as handle:
        handle.write(b"title: T\nkind: grounding\nsteps:\n  - prompt: a\n    for: 5\n")
    home = tmp_path / "home"
    check = _run("check", str(pack), home=home)
    assert check.returncode == 1
    assert (
        "error: this file's name (caf\ufffd.yaml) has characters that can't be shown as text; "
        "rename it with plain letters, such as cafe.yaml"
    ) in check.stdout
    added = _run("pack", "add", str(pack), home=home)
    assert added.returncode == 1 and "Traceback" not in added.stderr
    assert not (home / "packs" / "latin").exists()


def test_packs_handed_over_never_hide_behind_the_starter_and_remove_takes_only_ids(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    pack = tmp_path / "mine"
    pack.mkdir()
    (pack / "pack.yaml").write_text("name: Mine\nid: starter\nsupport: Call me.\n")
    (pack / "a.yaml").write_text("title: A\nkind: grounding\nsteps:\n  - prompt: a\n    for: 5\n")
    added = _run("pack", "add", str(pack), home=home)
    assert added.returncode == 1
    assert "This pack's id is 'starter', which is the bundled starter pack's" in added.stderr
    assert not (home / "packs" / "starter").exists()
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "pack.yaml").write_text("name: V\n")
    for path in ("../../victim", str(victim)):
        removed = _run("pack", "remove", path, "--yes", home=home)
        assert removed.returncode == 1 and "There is no added pack with the id" in removed.stderr
    assert (victim / "pack.yaml").exists()


def test_new_with_a_name_yaml_would_misread_writes_a_pack_that_passes_its_own_check(
    tmp_path: Path,
) -> None:
    for name in ("[week 3]", "a: b", "# notes"):
        made = _run("new", name, cwd=tmp_path)
        assert made.returncode == 0, made.stderr
        check = _run("check", name, cwd=tmp_path)
        assert check.returncode == 0 and "0 errors" in check.stdout, check.stdout


def test_history_dates_are_the_days_as_lived_and_any_date_is_a_date(tmp_path: Path) -> None:
    home = tmp_path / "home"
    # lived at 23:30 on the 20th in New York (already the 21st in UTC), read back in UTC
    write = (
        "import datetime as dt\nfrom regulate.history import History\n"
        "store = History.open(now=lambda: dt.datetime(2026, 11, 21, 4, 30, tzinfo=dt.UTC))\n"
        "store.finish(store.start(pack_id='p', pack_name='P', exercise_id='e', "
        "exercise_title='E', exercise_sha256='ab' * 32, planned_seconds=60, before=3), "
        "outcome='completed', played_seconds=60)\n"
    )
    subprocess.run([sys.executable, "-c", write], check=True, timeout=30,
                   env={**os.environ, "REGULATE_HOME": str(home), "TZ": "EST+5"})  # fmt: skip
    for since, count in (("2026-11-20", 1), ("2026-11-21", 0), ("0001-01-01", 1)):
        result = _run("history", "--format", "json", "--since", since, home=home)
        assert result.returncode == 0, result.stderr
        assert len(__import__("json").loads(result.stdout)) == count, since


def test_without_a_terminal_that_can_draw_it_the_full_screen_says_so_in_one_line(
    tmp_path: Path,
) -> None:
    import pty

    home = tmp_path / "home"
    result = _run(home=home)  # stdin and stdout are pipes here
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("regulate's full screen needs a terminal, and this is not one.")
    assert "regulate --plain" in result.stderr and "\x1b" not in result.stderr
    controller, terminal = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "regulate"], stdin=terminal, stdout=terminal,
                             stderr=terminal,
                             env={**os.environ, "REGULATE_HOME": str(home), "TERM": "dumb"})  # fmt: skip
    os.close(terminal)
    assert child.wait(timeout=30) == 2
    said = os.read(controller, 4096).decode()
    os.close(controller)
    assert said.startswith("regulate's full screen needs a terminal that can draw it")
    assert "\x1b" not in said


def test_direction_marks_in_pack_text_are_shown_inert_and_the_therapist_is_told(
    pack_dir,
) -> None:
    loaded = pack_dir(
        {
            "pack.yaml": 'name: "Week \\u202e 3"\n',
            "look.yaml": 'title: "Look"\nkind: grounding\nsteps:\n'
            '  - prompt: "Look around \\u2066the room\\u2069."\n    for: 20s\n',
        }
    )
    assert loaded.value is not None  # the format allows them: the pack still loads
    said = "\n".join(lines(loaded))
    assert "direction mark (U+202E)" in said and "direction mark (U+2066)" in said
    pack = loaded.value
    prompt = pack.exercises[0].steps[0]
    shown = f"{pack.name} {prompt!r}"
    assert not has_bidi_controls(shown)  # nothing on any screen can obey it
    assert pack.name == "Week \\u202e 3"


def test_a_history_held_locked_is_busy_not_broken(tmp_path: Path) -> None:
    import sqlite3

    import pytest

    from regulate.history import History, HistoryBusy

    path = tmp_path / "history.sqlite3"
    with History(path) as store:
        store.finish(store.start(pack_id="p", pack_name="P", exercise_id="e",
                                 exercise_title="E", exercise_sha256="ab" * 32,
                                 planned_seconds=60, before=3),
                     outcome="completed", played_seconds=60, after=6)  # fmt: skip
    holder = sqlite3.connect(path, isolation_level=None)  # another program, holding it
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE sessions SET note = note")
    try:
        with pytest.raises(HistoryBusy) as busy:
            History(path, busy_timeout=0.2).sessions()
        assert "busy" in str(busy.value) and "Nothing has been changed or lost" in str(busy.value)
    finally:
        holder.rollback()
        holder.close()
    # the file stayed where it was, whole: nothing set aside as unreadable
    assert not list(tmp_path.glob("*unreadable*"))
    with History(path) as store:
        assert [(s.before_rating, s.after_rating) for s in store.sessions()] == [(3, 6)]


def test_a_recording_path_with_a_null_or_an_escape_is_an_error_not_a_crash(tmp_path: Path) -> None:
    """Found by the property test of `check /`: a NUL in an audio path stopped Python's own
    path calls, and check fell over. Now the control-character rule says it, once per path."""
    path = tmp_path / "ex.yaml"
    path.write_text(
        'title: T\nkind: grounding\nsteps:\n  - prompt: x\n    for: 10\n    audio: "voice/a\\0b.wav"\n'
        '  - prompt: y\n    for: 10\n    audio: "voice/\\x1b[31m.wav"\n', encoding="utf-8",
    )  # fmt: skip
    result = _run("check", str(path), home=tmp_path / "home")
    assert result.returncode == 1, result.stderr
    assert result.stdout.count("[control-character]") == 2 and "went wrong" not in result.stderr


def test_regulate_home_on_a_file_is_said_wholly_in_spanish(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("mine")
    result = _run("--language", "es", "history", home=afile)
    assert result.returncode == 2
    assert f"REGULATE_HOME apunta a {afile}, que es un archivo, no una carpeta." in result.stderr
