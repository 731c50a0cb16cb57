"""Every command's options tried as an attacker or an unlucky person would: empty, blank, huge,
odd and control characters. The property: an answer in bounded time, a sentence and an exit
status, never a traceback, never a write outside the folder the command was asked to use."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regulate.cli import main
from regulate.history import History
from tests.helpers import Ran, fuzz_examples, regulate

ODD = st.one_of(
    st.sampled_from(["", " ", "\t", "\n", "-", "--", "..", "/", "\x00x", "\x1b[31m", "é", "[/]"]),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=400),
)

COMMANDS = [
    lambda v: ["history", "--pack", v],
    lambda v: ["history", "--since", v],
    lambda v: ["report", "--pack", v, "-o", "-"],
    lambda v: ["report", "--name", v, "-o", "-"],
    lambda v: ["forget", "--pack", v, "--yes"],
    lambda v: ["forget", "--before", v, "--yes"],
    # inside the test's own folder: `check /` would read whatever the machine holds at that
    # moment (it found the NUL-in-a-path crash that way; test_hostile_files keeps that case)
    lambda v: ["check", v.lstrip("/") or "."],
    lambda v: ["pack", "remove", v, "--yes"],
    lambda v: ["pack", "add", v],
    lambda v: ["play", v, "--plain", "--no-sound"],
    lambda v: ["play", "starter", "--plain", "--speed", v],
    lambda v: ["voice", "add", v.lstrip("/") or ".", "look", "1", "memo.m4a"],
    lambda v: ["voice", "add", ".", v, "1", "memo.m4a"],
    lambda v: ["voice", "add", ".", "look", v, "memo.m4a"],
    lambda v: ["voice", "add", ".", "look", "1", v],
    lambda v: ["record", ".", "look", "1", "--count-in", "0", "--seconds", v],
    lambda v: ["record", ".", v, "1", "--count-in", "0", "--seconds", "1"],
]


def _files(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")}


@settings(
    max_examples=fuzz_examples(120),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(which=st.integers(0, len(COMMANDS) - 1), value=ODD)
def test_any_option_value_gets_a_sentence_and_a_status(
    which: int,
    value: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if "\x00" in value:
        value = value.replace("\x00", "")  # the system itself refuses NUL in an argument
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", open(os.devnull, encoding="utf-8"))  # noqa: SIM115
    before = _files(tmp_path)
    argv = COMMANDS[which](value)
    try:
        code = main(argv)
    except SystemExit as leaving:  # argparse's refusal, with its sentence
        code = leaving.code if isinstance(leaving.code, int) else 2
    out, err = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in out + err and "Something went wrong inside" not in err, (argv, err)
    if code != 0:
        assert (out + err).strip(), f"{argv}: a refusal must say why"
    assert "\x1b" not in out + err  # nothing typed reaches the terminal as a control
    # nothing written in the folder the command ran in (a report went to the screen)
    assert _files(tmp_path) == before


def test_a_report_onto_an_existing_file_asks_for_force_and_is_always_private(
    tmp_path: Path,
) -> None:
    def run(*args: str) -> Ran:
        return regulate(*args, cwd=tmp_path)

    with History.open() as store:  # a session to report: a report of none is never written
        kept = store.start(pack_id="p", pack_name="P", exercise_id="e", exercise_title="E",
                           exercise_sha256="ab" * 32, planned_seconds=60.0, before=5)  # fmt: skip
        store.finish(kept, outcome="completed", played_seconds=60.0, after=6)
    existing = tmp_path / "mine.html"
    existing.write_text("my own notes, not a report")
    existing.chmod(0o644)
    refused = run("report", "-o", "mine.html", "--with-notes")
    assert refused.returncode == 1 and "--force" in refused.stderr
    assert existing.read_text() == "my own notes, not a report"
    replaced = run("report", "-o", "mine.html", "--with-notes", "--force")
    assert replaced.returncode == 0, replaced.stderr
    assert "<html" in existing.read_text().lower()
    assert stat.S_IMODE(existing.stat().st_mode) == 0o600  # notes inside: this user's alone
    # the default name never replaces an earlier report of the same day
    first, second = run("report"), run("report")
    assert first.returncode == second.returncode == 0
    reports = sorted(p.name for p in tmp_path.glob("regulate-report-*.html"))
    assert len(reports) == 2 and any(name.endswith("-2.html") for name in reports)
    assert not list(tmp_path.glob(".*"))  # nothing half-written left


@pytest.mark.slow  # seconds of its own: a real process for each command and stream
def test_closed_standard_streams_never_crash_a_command(tmp_path: Path) -> None:
    def run(args: list[str], **streams: int) -> subprocess.CompletedProcess[bytes]:
        code = (
            "import os, sys\n"
            + "".join(f"os.close({fd})\n" for fd in streams.values())
            + f"from regulate.cli import main; sys.exit(main({args!r}))\n"
        )
        return subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60,
                              cwd=tmp_path)  # fmt: skip

    # the streams are closed before Python sets them up, as `>&-` and `<&-` do
    def closed(args: list[str], fd: int) -> int:
        shell = f"{sys.executable} -m regulate {' '.join(args)} {fd}>&-"
        return subprocess.run(["bash", "-c", shell], cwd=tmp_path, timeout=120, input=b"\n",
                              capture_output=True).returncode  # fmt: skip

    assert closed(["history"], 1) == 1  # nothing could be said: the status says so
    assert closed(["forget", "--all"], 0) == 0  # no answer: nothing deleted
    exercise = Path(__file__).resolve().parents[1] / "exercises" / "feet-on-the-floor.yaml"
    assert closed(["play", str(exercise), "--plain", "--no-sound", "--speed", "50"], 0) == 0
    assert closed(["play", str(exercise), "--plain", "--no-sound", "--speed", "50"], 1) == 1
    out = regulate("history", "--include-previews", "--format", "json", cwd=tmp_path).stdout
    # no input at all: nothing is started for no one; no output: the session is still kept
    assert out.count('"outcome": "completed"') == 1 and out.count('"outcome"') == 1


@pytest.mark.parametrize("which", ["stdout", "stderr"])
def test_a_terminal_gone_before_the_last_flush_leaves_nothing_for_python_to_complain_of(
    which: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A closed window makes every write fail with EIO; what was still buffered when regulate
    finished used to fail again in Python's own flush at exit, which wrote 'Exception ignored
    on flushing sys.stdout' as the last thing a hung-up plain mode said (Python 3.13). The
    stream is pointed at nothing instead, so that flush has nowhere to fail."""
    import errno
    import io

    from regulate.cli import entry

    class Gone(io.TextIOWrapper):
        failing = True

        def flush(self) -> None:
            if self.failing:
                raise OSError(errno.EIO, "Input/output error")
            super().flush()

    held = (tmp_path / "held").open("wb")
    gone = Gone(held, encoding="utf-8")
    gone.write("still buffered")
    monkeypatch.setattr(sys, which, gone)
    entry._flush_or_let_go()  # no exception: the stream is let go
    assert os.path.samestat(os.fstat(gone.fileno()), os.stat(os.devnull))
    monkeypatch.undo()
    gone.failing = False
    gone.close()
