"""Every surface regulate reads from outside, tried with one generator of hostile values
(tests/hostile.py): a pack, an exercise, a kept session, the settings, a history row, a
recording, a typed line, a path. Each case must end in a result or a sentence - never a
traceback, never a hang - within a time budget (Hypothesis' deadline) and a memory budget
(tracemalloc's peak). README's robustness table lists these tests."""

from __future__ import annotations

import contextlib
import json
import signal
import sqlite3
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from regulate import settings as regulate_settings
from regulate.cli import main
from regulate.history import History
from regulate.loader import load_exercise, load_pack
from regulate.packs.check import check
from regulate.plain.questions import parse_rating
from tests.helpers import fuzz_examples
from tests.hostile import (
    SPECIAL_FILES,
    YAML_FORMS,
    alias_bomb,
    deep_json,
    deep_yaml,
    hostile_bytes,
    hostile_text,
    hostile_values,
    make_special,
    to_json,
)

MEMORY_BUDGET = 64 * 1024 * 1024  # bytes allocated at the peak of one case
TIME_BUDGET_MS = 5000  # one case, on a loaded two-core machine
CASES = settings(
    max_examples=fuzz_examples(60),  # ten times as many with REGULATE_FUZZ_SCALE=10
    deadline=TIME_BUDGET_MS,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@contextlib.contextmanager
def budget() -> Iterator[None]:
    """The case's memory, measured; and an alarm should it ever wait on something."""

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError("a hostile value made regulate wait")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    tracemalloc.start()
    try:
        yield
        _, peak = tracemalloc.get_traced_memory()
        assert peak < MEMORY_BUDGET, f"{peak / 2**20:.0f} MiB at the peak"
    finally:
        tracemalloc.stop()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _no_raw_controls(text: str) -> None:
    assert not any(ord(c) < 32 and c not in "\n\t" for c in text), repr(text)


def _yaml_value(value: object) -> str:
    """A value as it could be written in YAML: raw forms unquoted, the rest as flow JSON."""
    if isinstance(value, str) and value in YAML_FORMS:
        return value
    return to_json(value).replace("NaN", ".nan").replace("Infinity", ".inf")


PACK_PLACES = ["name", "id", "author", "message", "language", "settle", "exercises",
               "homework", "homework.times", "homework.per", "homework.from", "homework.until",
               "rating", "rating.threshold", "rating.low", "support", "support.text",
               "support.reviewed", "support.emergency"]  # fmt: skip
EXERCISE_PLACES = ["title", "kind", "about", "steps", "steps.0.prompt", "steps.0.for",
                   "steps.1.breathe.inhale", "steps.1.breathe.cycles", "steps.1.breathe.hold",
                   "steps.2.scan.regions", "steps.2.scan.each", "steps.0.audio", "steps.0.cue",
                   "tags", "language"]  # fmt: skip

PACK = {
    "name": "Hostile", "author": "A", "message": "Hello.", "exercises": ["one.yaml"],
    "homework": {"times": 1, "per": "day"}, "rating": {"threshold": 2},
    "support": {"text": "Words.", "emergency": "Call your local emergency number."},
}  # fmt: skip
EXERCISE = {
    "title": "One", "kind": "mixed", "about": "About.",
    "steps": [{"prompt": "Look around.", "for": 20},
              {"breathe": {"inhale": 4, "exhale": 6, "cycles": 3}},
              {"scan": {"regions": ["hands"], "each": 10}}],
}  # fmt: skip


def _placed(document: dict[str, Any], place: str, raw: str) -> str:
    """The document as YAML with `raw` (already YAML text) at `place`."""
    marker = "@@HOSTILE@@"
    document = json.loads(json.dumps(document))
    target: Any = document
    *parents, last = place.split(".")
    for part in parents:
        target = target[int(part)] if part.isdigit() else target.setdefault(part, {})
        if not isinstance(target, dict | list):
            return json.dumps(document)
    if isinstance(target, list):
        target[int(last)] = marker
    else:
        target[last] = marker
    return json.dumps(document, indent=1).replace(json.dumps(marker), raw)


def _loaded_cleanly(loaded: Any) -> None:
    for problem in loaded.problems:
        assert problem.line >= 1
        _no_raw_controls(problem.message)


@given(place=st.sampled_from(PACK_PLACES), value=hostile_values())
@example(place="exercises", value=["\x08"])  # found by it: the name said back with its control
@CASES
def test_a_pack(tmp_path_factory: pytest.TempPathFactory, place: str, value: object) -> None:
    folder = tmp_path_factory.mktemp("pack")
    (folder / "pack.yaml").write_text(_placed(PACK, place, _yaml_value(value)), encoding="utf-8")
    (folder / "one.yaml").write_text(json.dumps(EXERCISE), encoding="utf-8")
    with budget():
        _loaded_cleanly(load_pack(folder))


@given(place=st.sampled_from(EXERCISE_PLACES), value=hostile_values())
@example(place="steps.0.audio", value="")  # found by it: the pack folder, not a file
@example(place="steps.0.audio", value="./.")
@CASES
def test_an_exercise(tmp_path_factory: pytest.TempPathFactory, place: str, value: object) -> None:
    path = tmp_path_factory.mktemp("ex") / "one.yaml"
    path.write_text(_placed(EXERCISE, place, _yaml_value(value)), encoding="utf-8")
    with budget():
        _loaded_cleanly(load_exercise(path))


@pytest.mark.parametrize(
    "text",
    [deep_yaml(30_000), deep_yaml(100), alias_bomb(), "a: " + "b" * 2_000_000 + "\n",
     "\ufeff" + json.dumps(EXERCISE), json.dumps(EXERCISE).replace("One", "One\x00two")],
    ids=["nesting 30,000 deep", "nesting 100 deep", "alias bomb", "2 MB line", "BOM", "NUL"],
)  # fmt: skip
def test_a_whole_document_past_any_sense(tmp_path: Path, text: str) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "pack.yaml").write_text(text, encoding="utf-8")
    with budget():
        _loaded_cleanly(load_exercise(path))
        _loaded_cleanly(load_pack(tmp_path))


@given(value=st.one_of(hostile_values(), st.sampled_from([deep_json(30_000), "x" * 5000])))
@CASES
def test_the_settings(tmp_path_factory: pytest.TempPathFactory, value: object) -> None:
    folder = tmp_path_factory.mktemp("settings")
    text = value if isinstance(value, str) and value.startswith("[") else to_json(value)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REGULATE_HOME", str(folder))
        (folder / "settings.json").write_text(text, encoding="utf-8")
        with budget():
            prefs = regulate_settings.load()
    assert 0 <= prefs.volume <= 100


@given(
    value=hostile_values(),
    column=st.sampled_from(
        [
            "pack_id",
            "pack_name",
            "exercise_id",
            "exercise_title",
            "started_utc",
            "local_day",
            "ended_utc",
            "planned_seconds",
            "played_seconds",
            "utc_offset_minutes",
            "note",
            "speed",
            "stopped_at_step",
            "steps_skipped",
            "choices",
            "follows",
            "stopped_where",
            "pid",
        ]
    ),
)
@settings(CASES, max_examples=fuzz_examples(20))  # each case runs five commands
def test_a_history_row_written_by_hand(
    tmp_path_factory: pytest.TempPathFactory, capsys: pytest.CaptureFixture[str],
    value: object, column: str,
) -> None:  # fmt: skip
    folder = tmp_path_factory.mktemp("history")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REGULATE_HOME", str(folder))
        with History.open() as store:
            session = store.start(
                pack_id="p", pack_name="P", exercise_id="e", exercise_title="E",
                exercise_sha256="ab" * 32, planned_seconds=60.0, before=4,
            )  # fmt: skip
            store.finish(session, outcome="completed", played_seconds=60.0, after=6)
        db = sqlite3.connect(folder / "history.sqlite3")
        stored = value if isinstance(value, str | int | float | type(None)) else to_json(value)
        if isinstance(stored, int) and not -(2**63) <= stored < 2**63:
            stored = str(stored)
        with contextlib.suppress(sqlite3.IntegrityError), db:
            db.execute(f"UPDATE sessions SET {column} = ?", (stored,))
        db.close()
        capsys.readouterr()
        with budget():
            for argv in (["history"], ["history", "--format", "csv"],
                         ["history", "--format", "json"],
                         ["report", "-o", str(folder / "r.html")],
                         ["report", "--format", "md", "-o", str(folder / "r.md")]):  # fmt: skip
                assert main(argv) in (0, 1)
        out, err = capsys.readouterr()
    assert "Traceback" not in err and "Something went wrong" not in err, err
    _no_raw_controls(out.replace("\r", ""))


@given(data=hostile_bytes(), suffix=st.sampled_from([".mp3", ".wav", ".flac", ".ogg"]))
@settings(CASES, max_examples=fuzz_examples(30))
def test_a_recording(tmp_path_factory: pytest.TempPathFactory, data: bytes, suffix: str) -> None:
    folder = tmp_path_factory.mktemp("rec")
    (folder / f"voice{suffix}").write_bytes(data)
    exercise = {**EXERCISE, "steps": [{"prompt": "Look.", "for": 20, "audio": f"voice{suffix}"}]}
    (folder / "one.yaml").write_text(json.dumps(exercise), encoding="utf-8")
    with budget():
        result = check([str(folder / "one.yaml")])
    for problem in result.problems:
        _no_raw_controls(problem.message)


@given(line=hostile_text(5000))
@settings(max_examples=fuzz_examples(300), deadline=TIME_BUDGET_MS)
def test_a_typed_line(line: str) -> None:
    rating = parse_rating(line)
    assert rating is None or 0 <= rating <= 10


def _commands(path: Path) -> list[list[str]]:
    return [["check", str(path)], ["pack", "add", str(path)],
            ["play", str(path), "--plain", "--no-sound"], ["schema", "--write", str(path)]]  # fmt: skip


@pytest.mark.parametrize("kind", SPECIAL_FILES)
def test_a_path_that_is_not_a_regular_file(
    tmp_path: Path, kind: str, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    for name in ("one.yaml", "pack.zip"):
        path = make_special(kind, tmp_path / kind / name, tmp_path / "outside")
        for argv in _commands(path):
            with budget():
                try:
                    code = main(argv)
                except SystemExit as exit:  # argparse's own refusals
                    code = exit.code  # type: ignore[assignment]
            out, err = capsys.readouterr()
            assert code in (0, 1, 2), (argv, code)
            assert "Traceback" not in err and "Something went wrong" not in err, (argv, err)
            assert "not yours" not in out + err  # a link out of the folder is never read
    assert (tmp_path / "outside").exists() or kind not in ("link-out",)


def test_special_files_in_a_pack_folder_are_refused_not_waited_on(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "pack.yaml").write_text(
        json.dumps({**PACK, "exercises": [f"{k}.yaml" for k in SPECIAL_FILES]})
    )
    for kind in SPECIAL_FILES:
        make_special(kind, folder / f"{kind}.yaml", tmp_path / "outside")
    with budget():
        loaded = load_pack(folder)
    assert loaded.value is None or len(loaded.value.exercises) <= 1
    _loaded_cleanly(loaded)


SURFACES: dict[str, Callable[..., object]] = {
    "pack (YAML)": test_a_pack,
    "exercise (YAML)": test_an_exercise,
    "whole documents": test_a_whole_document_past_any_sense,
    "settings (JSON)": test_the_settings,
    "history rows": test_a_history_row_written_by_hand,
    "recordings": test_a_recording,
    "typed lines": test_a_typed_line,
    "paths": test_a_path_that_is_not_a_regular_file,
}


def test_exercise_names_listed_twice_or_not_at_all_are_said_without_their_controls(
    tmp_path: Path,
) -> None:
    """A file name is the therapist's (or a zip's) text: in every sentence about the exercise
    list it is said with its control characters shown, never sent to the terminal."""
    red = "\x1b[31mred.yaml"
    (tmp_path / red).write_text(json.dumps(EXERCISE), encoding="utf-8")
    (tmp_path / "lost\x07.yaml").write_text(json.dumps(EXERCISE), encoding="utf-8")
    listed = [red, red, "gone\x1b.yaml", "nota\x08yaml", "led\x07.yaml"]
    (tmp_path / "pack.yaml").write_text(
        _placed(PACK, "exercises", json.dumps(listed)), encoding="utf-8"
    )
    said = [p.message for p in load_pack(tmp_path).problems]
    assert any("listed twice" in m for m in said), said
    assert any("not listed under exercises" in m for m in said), said
    assert any("no such file" in m for m in said), said
    assert any("exercises are .yaml files" in m for m in said), said
    for message in said:
        _no_raw_controls(message)
