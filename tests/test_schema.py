"""The JSON Schemas agree with the loader: valid documents pass both, invalid ones fail both."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from regulate.loader import load_exercise, load_pack
from regulate.system.paths import schema_file, starter_pack
from tests.helpers import FORMAT_BREATHING, FORMAT_EXERCISE, FORMAT_PACK, make_wav

EX = (
    "title: Look\nkind: grounding\nsteps:\n  - prompt: Look slowly around the room.\n    for: 20s\n"
)


def _as_json(value: Any) -> Any:
    """What an editor's YAML 1.2 reading gives: dates stay text."""
    if isinstance(value, dict):
        return {str(k): _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(schema_file(kind).read_text()))


def _schema_ok(kind: str, text: str) -> bool:
    return _validator(kind).is_valid(_as_json(yaml.safe_load(text)))


def _loader_ok(kind: str, text: str, tmp_path: Path) -> bool:
    folder = tmp_path / "p"
    folder.mkdir(exist_ok=True)
    make_wav(folder / "voice" / "intro.wav")
    if kind == "exercise":
        (folder / "e.yaml").write_text(text)
        return load_exercise(folder / "e.yaml").value is not None
    (folder / "pack.yaml").write_text(text)
    for name in ("orienting.yaml", "breathing-4-6.yaml", "a.yaml"):
        (folder / name).write_text(EX)
    return load_pack(folder).value is not None


def test_the_schemas_are_valid_json_schema() -> None:
    for kind in ("pack", "exercise"):
        jsonschema.Draft202012Validator.check_schema(json.loads(schema_file(kind).read_text()))


VALID = [
    ("pack", FORMAT_PACK),
    ("exercise", FORMAT_EXERCISE),
    ("exercise", FORMAT_BREATHING),
    ("exercise", EX),
    ("pack", "name: X\nsupport: Ask me.\n"),
    (
        "exercise",
        "title: T\nkind: breathing\nsteps:\n  - breathe: {inhale: 5.5, exhale: 5.5, for: 1.5m}\n",
    ),
    (
        "exercise",
        "title: T\nkind: body_scan\nsteps:\n  - scan: {regions: [feet], each: 10}\n    cue: none\n",
    ),
]


@pytest.mark.parametrize(("kind", "text"), VALID)
def test_valid_documents_pass_both(kind: str, text: str, tmp_path: Path) -> None:
    assert _schema_ok(kind, text)
    assert _loader_ok(kind, text, tmp_path)


def test_every_starter_file_passes_its_schema() -> None:
    files = sorted(starter_pack().glob("*.yaml"))
    assert len(files) == 9
    for path in files:
        kind = "pack" if path.name == "pack.yaml" else "exercise"
        errors = list(_validator(kind).iter_errors(_as_json(yaml.safe_load(path.read_text()))))
        assert errors == [], (path.name, [e.message for e in errors])


def _steps(body: str) -> str:
    return "title: T\nkind: mixed\nsteps:\n" + textwrap.indent(textwrap.dedent(body), "  ")


INVALID = [
    ("exercise", EX + "tittle: x\n"),  # unknown key
    ("exercise", "kind: mixed\nsteps:\n  - {prompt: a, for: 3}\n"),  # no title
    ("exercise", EX.replace("grounding", "calm")),
    ("exercise", EX.replace("Look", "x" * 81, 1)),
    ("exercise", "format: 2\n" + EX),
    ("exercise", EX + "tags: short\n"),
    ("exercise", EX + "rating: 3\n"),
    ("exercise", EX + "cues: {start: gong}\n"),
    ("exercise", EX + "cues: {bell: start}\n"),
    ("exercise", "title: T\nkind: mixed\nsteps: []\n"),
    ("exercise", "title: T\nkind: mixed\nsteps:\n" + "  - {prompt: a, for: 1}\n" * 501),
    ("exercise", _steps("- {prompt: a}\n")),
    ("exercise", _steps("- {prompt: a, for: 3, check_in: b}\n")),
    ("exercise", _steps("- {check_in: b, for: 3}\n")),
    ("exercise", _steps("- {prompt: a, for: 0}\n")),
    ("exercise", _steps("- {prompt: a, for: 3601}\n")),
    ("exercise", _steps("- {prompt: a, for: soon}\n")),
    ("exercise", _steps("- {prompt: a, for: 3, audio: a.m4a}\n")),
    ("exercise", _steps("- {prompt: a, for: 3, audio: /etc/x.wav}\n")),
    ("exercise", _steps('- {prompt: "a\\e[31m", for: 3}\n')),
    ("exercise", _steps("- breathe: {inhale: 4, exhale: 6}\n")),
    ("exercise", _steps("- breathe: {inhale: 4, exhale: 6, cycles: 3, for: 30}\n")),
    ("exercise", _steps("- breathe: {inhale: 0, exhale: 6, cycles: 3}\n")),
    ("exercise", _steps("- breathe: {inhale: 4, exhale: 21, cycles: 3}\n")),
    ("exercise", _steps("- breathe: {inhale: 4, exhale: 6, hold: 16, cycles: 3}\n")),
    ("exercise", _steps("- breathe: {inhale: 4, exhale: 6, cycles: 201}\n")),
    ("exercise", _steps("- breathe: {inhale: 4, exale: 6, cycles: 3}\n")),
    ("exercise", _steps("- scan: {regions: [], each: 5}\n")),
    ("exercise", _steps("- scan: {regions: [a]}\n")),
    ("pack", "author: me\n"),
    ("pack", "name: X\nid: Week 3\n"),
    ("pack", "name: X\nformat: 2\n"),
    ("pack", "name: X\nhomework: {times: 0, per: day}\n"),
    ("pack", "name: X\nhomework: {times: 1, per: month}\n"),
    ("pack", "name: X\nhomework: {times: 1}\n"),
    ("pack", "name: X\nhomework: {times: 1, per: day, from: soon}\n"),
    ("pack", "name: X\nrating: {threshold: 10}\n"),
    ("pack", "name: X\nrating: {scale: 5}\n"),
    ("pack", "name: X\nsupport: {contact: me}\n"),
    ("pack", "name: X\nexercises: [a.yaml, a.yaml]\n"),
    ("pack", "name: X\nexercises: [pack.yaml]\n"),
    ("pack", "name: X\nexercises: []\n"),
    ("pack", "name: X\nsettle: a.txt\n"),
    ("pack", "name: X\nmesage: hi\n"),
]


@pytest.mark.parametrize(("kind", "text"), INVALID)
def test_invalid_documents_fail_both(kind: str, text: str, tmp_path: Path) -> None:
    assert not _schema_ok(kind, text)
    assert not _loader_ok(kind, text, tmp_path)


@pytest.mark.parametrize(
    "written", ["20", "7.5", "20s", "2m", "1m30s", "1.5m", "1:30", "0:30", "'1:30'", "'0:30'"]
)
def test_check_and_the_schema_accept_every_duration_form_alike(
    written: str, tmp_path: Path
) -> None:
    text = f"title: T\nkind: grounding\nsteps:\n  - prompt: a\n    for: {written}\n"
    assert _loader_ok("exercise", text, tmp_path)
    assert _schema_ok("exercise", text)
    # an editor reading YAML 1.2 sees 1:30 as text, never as 90: the schema takes that too
    as_text = {"title": "T", "kind": "grounding",
               "steps": [{"prompt": "a", "for": written.strip("'")}]}  # fmt: skip
    if not written.replace(".", "").isdigit():
        assert _validator("exercise").is_valid(as_text)


def test_a_clock_time_is_minutes_and_seconds(tmp_path: Path) -> None:
    for written, seconds in (("1:30", 90), ("0:30", 30), ("'1:30'", 90), ("'0:05'", 5)):
        path = tmp_path / "e.yaml"
        path.write_text(f"title: T\nkind: grounding\nsteps:\n  - prompt: a\n    for: {written}\n")
        assert load_exercise(path).value.steps[0].seconds == seconds
