"""The voice tools check before they take: `record` and `voice add` find the pack, exercise and
step (and a microphone) before any count-in, ask before replacing a step's recording, keep a
take the pack could not take, and let two changes to one pack both land; the exercise file is
changed through a round-trip parser, so comments, quotes and flow style stay - and `pack zip`
renames a recording however it is written."""

from __future__ import annotations

import io
import threading
import wave
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from regulate import door
from regulate.audio import microphone, voice
from regulate.cli import main
from regulate.packs import voicing
from tests.helpers import fuzz_examples
from tests.voices import make_recording

LOOK = """\
# my notes for this client: keep it short
title: Look
kind: grounding
steps:
  - prompt: Look slowly around the room.   # the first thing they see
    for: 20s
  - {prompt: 'On one line.', for: 10}
  - prompt: "Look around once more."
    for: 10
"""


def _week(tmp_path: Path) -> Path:
    folder = tmp_path / "week2"
    folder.mkdir()
    (folder / "pack.yaml").write_text("id: week2\nname: Week 2\nsupport: Call me.\n")
    (folder / "look.yaml").write_text(LOOK)
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not p.name.startswith(".")}  # fmt: skip


def _samples(seconds: float = 2.0) -> Any:
    t = np.arange(int(seconds * voice.SPEECH_RATE)) / voice.SPEECH_RATE
    return (0.2 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


@pytest.fixture
def person(monkeypatch: pytest.MonkeyPatch) -> Any:
    """What the person types, one line at a time."""

    def types(*lines: str) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{x}\n" for x in lines)))

    return types


# ---------------------------------------------------------------- asking before replacing


@pytest.mark.parametrize(
    ("language", "asked"),
    [((), "already plays a recording. Replace it"), (("--language", "es"), "ya tiene una grab")],
)
def test_voice_add_asks_before_it_replaces_a_steps_recording(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], person: Any,
    language: tuple[str, ...], asked: str,
) -> None:  # fmt: skip
    folder = _week(tmp_path)
    memo = make_recording(tmp_path / "memo.wav", seconds=2.0, level_db=-20.0)
    add = [*language, "voice", "add", str(folder), "look", "1", str(memo)]
    assert main(add) == 0
    first = _files(folder)
    capsys.readouterr()
    person("")  # Enter: keep the one there
    assert main(add) == 0
    assert asked in capsys.readouterr().out and _files(folder) == first
    louder = make_recording(tmp_path / "louder.wav", seconds=3.0, level_db=-10.0)
    person("yes" if not language else "sí")
    assert main([*add[:-1], str(louder)]) == 0
    assert _files(folder)["voice/look-step1.mp3"] != first["voice/look-step1.mp3"]
    capsys.readouterr()
    person()  # --replace asks nothing: no input is needed
    assert main([*add, "--replace"]) == 0
    assert asked not in capsys.readouterr().out
    assert (folder / "look.yaml").read_text().count("audio:") == 1


# ---------------------------------------------------------------- record checks first


def _no_count_in(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The count-in's seconds, noted rather than waited for."""
    counted: list[str] = []
    monkeypatch.setattr("regulate.cli.voicing.time.sleep", lambda s: counted.append("tick"))
    return counted


def test_record_without_a_microphone_says_so_before_any_count_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _week(tmp_path)
    counted = _no_count_in(monkeypatch)

    def none() -> None:
        raise microphone.NoMicrophone

    monkeypatch.setattr(microphone, "probe", none)
    assert main(["record", str(folder), "look", "1", "--count-in", "3"]) == 1
    said = capsys.readouterr()
    assert said.err.startswith("No microphone could be opened")
    assert "3..." not in said.out and counted == []


@pytest.mark.parametrize(
    ("args", "said"),
    [(("nope", "1"), "no exercise 'nope'"), (("look", "9"), "there is no step 9")],
)
def test_record_checks_the_exercise_and_step_before_any_count_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, str], said: str,
) -> None:  # fmt: skip
    folder = _week(tmp_path)
    counted = _no_count_in(monkeypatch)
    monkeypatch.setattr(microphone, "probe", lambda: None)
    assert main(["record", str(folder), *args, "--count-in", "3"]) == 1
    out = capsys.readouterr()
    assert said in out.err and "3..." not in out.out and counted == []


def _a_take(monkeypatch: pytest.MonkeyPatch) -> microphone.Take:
    data = (_samples() * 32767).astype("<i2").tobytes()
    take = microphone.Take(data, 2.0, 0.2)
    monkeypatch.setattr(microphone, "probe", lambda: None)
    monkeypatch.setattr(microphone, "record", lambda *a, **k: take)
    _no_count_in(monkeypatch)
    return take


@pytest.mark.parametrize(
    ("language", "said"),
    [((), "Recording step 2 of 'Look', whose words are:"),
     (("--language", "es"), "Vas a grabar el paso 2 de 'Look', cuyas palabras son:")],
)  # fmt: skip
def test_record_says_which_steps_words_it_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    person: Any, language: tuple[str, ...], said: str,
) -> None:  # fmt: skip
    folder = _week(tmp_path)
    _a_take(monkeypatch)
    person("k")
    assert main([*language, "record", str(folder), "look", "2", "--count-in", "0"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == said and out[1] == "  On one line."
    assert "audio: voice/look-step2.mp3" in (folder / "look.yaml").read_text()


# ---------------------------------------------------------------- refused writes


@pytest.mark.parametrize("fault", ["mp3", "set-aside", "mp3-in-place", "exercise", "lock"])
def test_a_refused_write_is_a_sentence_the_pack_is_as_it_was_and_the_take_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    person: Any, fault: str,
) -> None:  # fmt: skip
    folder = _week(tmp_path)
    make_recording(tmp_path / "memo.wav", seconds=2.0, level_db=-20.0)
    assert main(["voice", "add", str(folder), "look", "1", str(tmp_path / "memo.wav")]) == 0
    before = _files(folder)
    take = _a_take(monkeypatch)
    real_replace, real_write = door.replace, door.write_text
    refused: list[Path] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    def once(path: Path) -> None:  # once: putting back may work
        if not refused:
            refused.append(path)
            refuse()

    if fault == "mp3":
        monkeypatch.setattr(voice, "write_mp3", refuse)
    elif fault == "exercise":

        def write_text(path: Path, *args: Any, **kwargs: Any) -> None:
            if path.name == "look.yaml":
                once(path)
            real_write(path, *args, **kwargs)

        monkeypatch.setattr(door, "write_text", write_text)
    else:
        which = {"set-aside": ".old", "mp3-in-place": "step1.mp3", "lock": "lock"}[fault]

        def replace(src: Path, dst: Path) -> None:
            if str(dst).endswith(which):
                once(dst)
            real_replace(src, dst)

        monkeypatch.setattr(door, "replace", replace)
    if fault == "lock":
        monkeypatch.setattr(door, "create", refuse)
    person("yes", "k")
    assert main(["record", str(folder), "look", "1", "--count-in", "0"]) == 1
    said = capsys.readouterr().err
    assert "could not be written into" in said and "the pack is as it was" in said
    assert "Traceback" not in said
    monkeypatch.undo()
    assert _files(folder) == before  # the step still plays its earlier recording
    assert not [p.name for p in folder.rglob(".*")]  # nothing half-made, nothing of ours
    kept = next(line for line in said.splitlines() if line.startswith("Your take is kept at"))
    path = Path(kept.removeprefix("Your take is kept at ").split(". Once")[0])
    with wave.open(str(path)) as heard:
        assert heard.readframes(heard.getnframes()) == take.samples
    assert f"regulate voice add {folder} look 1 {path}" in said


def test_a_take_that_cant_be_kept_either_is_said_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    person: Any,
) -> None:  # fmt: skip
    folder = _week(tmp_path)
    _a_take(monkeypatch)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(voice, "write_mp3", refuse)
    monkeypatch.setattr("regulate.cli.voicing._write_wav", refuse)
    person("k")
    assert main(["record", str(folder), "look", "1", "--count-in", "0"]) == 1
    said = capsys.readouterr().err
    assert "The take could not be kept either (No space left on device)." in said


# ---------------------------------------------------------------- two at once


def test_two_voice_tools_on_one_exercise_both_land(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second starts while the first is between reading the exercise and writing it back:
    it waits its turn (2 s at most here: without the lock it reads the old text at once, and
    the first's change is lost)."""
    folder = _week(tmp_path)
    real_find, real_write = voicing.find_step, voice.write_mp3
    second_read = threading.Event()
    errors: list[BaseException] = []

    def find(*args: Any) -> Any:
        found = real_find(*args)
        if threading.current_thread().name == "second":
            second_read.set()
        return found

    def second() -> None:
        try:
            voicing.place_recording(folder, "look", 3, _samples())
        except BaseException as exc:  # said by the test below
            errors.append(exc)

    other = threading.Thread(target=second, name="second")

    def write(samples: Any, path: Path) -> None:
        if threading.current_thread().name != "second" and not other.is_alive():
            other.start()
            second_read.wait(2.0)  # it never reads while the first holds the pack
        real_write(samples, path)

    monkeypatch.setattr(voicing, "find_step", find)
    monkeypatch.setattr(voice, "write_mp3", write)
    voicing.place_recording(folder, "look", 1, _samples())
    other.join(30)
    assert not errors
    data = yaml.safe_load((folder / "look.yaml").read_text())
    assert data["steps"][0]["audio"] == "voice/look-step1.mp3"
    assert data["steps"][2]["audio"] == "voice/look-step3.mp3"


# ---------------------------------------------------------------- the file as it was written


def test_a_recording_put_in_keeps_comments_quotes_and_flow_style(tmp_path: Path) -> None:
    folder = _week(tmp_path)
    for number in (1, 2, 3):
        voicing.place_recording(folder, "look", number, _samples())
    assert (folder / "look.yaml").read_text() == (
        "# my notes for this client: keep it short\n"
        "title: Look\n"
        "kind: grounding\n"
        "steps:\n"
        "  - prompt: Look slowly around the room.   # the first thing they see\n"
        "    audio: voice/look-step1.mp3\n"
        "    for: 20s\n"
        "  - {prompt: 'On one line.', audio: voice/look-step2.mp3, for: 10}\n"
        '  - prompt: "Look around once more."\n'
        "    audio: voice/look-step3.mp3\n"
        "    for: 10\n"
    )


def test_pack_zip_converts_a_recording_named_in_flow_style_or_quoted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "week2"
    (folder / "voice").mkdir(parents=True)
    (folder / "pack.yaml").write_text("id: week2\nname: Week 2\nsupport: Call me.\n")
    for name in ("a.wav", "b.wav", "c.wav"):
        make_recording(folder / "voice" / name, seconds=2.0, level_db=-20.0)
    (folder / "look.yaml").write_text(
        "title: Look\nkind: grounding\nsteps:\n"
        '  - {prompt: One., audio: "voice/a.wav", for: 10}\n'
        "  - prompt: Two.\n    audio: 'voice/b.wav'   # the second\n    for: 10\n"
        "  - {prompt: Three., audio: voice/c.wav, for: 10}\n"
    )
    assert main(["pack", "zip", str(folder), "-o", str(tmp_path / "w.zip")]) == 0
    with zipfile.ZipFile(tmp_path / "w.zip") as archive:
        text = archive.read("week2/look.yaml").decode()
        names = set(archive.namelist())
    assert '  - {prompt: One., audio: "voice/a.mp3", for: 10}\n' in text
    assert "    audio: 'voice/b.mp3'   # the second\n" in text
    assert "audio: voice/c.mp3" in text and ".wav" not in text
    assert {"week2/voice/a.mp3", "week2/voice/b.mp3", "week2/voice/c.mp3"} <= names
    assert not any(n.endswith(".wav") for n in names)
    assert main(["check", str(tmp_path / "w.zip")]) == 0


_VALUE = st.text(
    st.characters(min_codepoint=32, max_codepoint=0x24F, blacklist_categories=["Cc", "Cs"]),
    max_size=30,
)  # as a therapist types (control characters are refused by check before any tool runs)


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(
    texts=st.lists(_VALUE, min_size=1, max_size=4),
    flow=st.lists(st.booleans(), min_size=4, max_size=4),
    comment=_VALUE.filter(lambda c: "\n" not in c),
    number=st.integers(1, 4),
)
def test_any_exercise_takes_a_recording_with_nothing_else_changed(
    texts: list[str], flow: list[bool], comment: str, number: int
) -> None:
    steps = []
    for text, in_flow in zip(texts, flow, strict=False):
        said = yaml.safe_dump(text, default_style='"').strip()  # any text, safely quoted
        if in_flow:
            steps.append(f"  - {{prompt: {said}, for: 10}}\n")
        else:
            steps.append(f"  - prompt: {said}   # {comment}\n    for: 10\n")
    source = f"# {comment}\ntitle: T\nkind: grounding\nsteps:\n{''.join(steps)}"
    changed = voicing._with_audio(source, number, "voice/t-step1.mp3")
    if number > len(texts):
        assert changed is None
        return
    assert changed is not None
    before, after = yaml.safe_load(source), yaml.safe_load(changed)
    assert after["steps"][number - 1].pop("audio") == "voice/t-step1.mp3"
    assert after == before  # every other value as it was
    assert changed.count(f"# {comment}") == source.count(f"# {comment}")  # every comment kept
    renamed = voicing._renamed(changed, {"voice/t-step1.mp3": "voice/other.mp3"})
    assert yaml.safe_load(renamed)["steps"][number - 1]["audio"] == "voice/other.mp3"


def test_a_refused_write_and_the_kept_take_are_said_in_spanish_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    person: Any,
) -> None:  # fmt: skip
    folder = _week(tmp_path)
    _a_take(monkeypatch)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No queda espacio en el dispositivo")

    monkeypatch.setattr(voice, "write_mp3", refuse)
    person("k")
    assert main(["--language", "es", "record", str(folder), "look", "1", "--count-in", "0"]) == 1
    said = capsys.readouterr().err
    assert "no se ha podido escribir en" in said and "el paquete sigue como estaba" in said
    assert "Tu toma está guardada en " in said and "regulate voice add" in said
