"""Recordings as therapists have them: each format read, its length known, its step fitted.

tests/data holds one second of the same sweep as 16-bit WAV (the source), 24-bit WAV (as sox
writes it: WAVE_FORMAT_EXTENSIBLE), FLAC, MP3 (lame, 96 kb/s) and Ogg Vorbis (sox)."""

from __future__ import annotations

import array
import math
import shutil
import subprocess
import wave
from pathlib import Path

import pytest

from regulate.audio import decode
from regulate.audio.recordings import MAX_RECORDING_SECONDS, RecordingInfo, inspect
from regulate.loader import load_exercise
from tests.helpers import regulate

DATA = Path(__file__).parent / "data"


def _source() -> list[int]:
    with wave.open(str(DATA / "voice.wav"), "rb") as w:
        return list(array.array("h", w.readframes(w.getnframes())))


def _decoded(name: str) -> list[int]:
    buffer = decode(DATA / name, 1.0)
    assert (buffer.channels, buffer.width, buffer.rate) == (1, 2, 22050)
    return list(array.array("h", buffer.data))


def _best_lag(a: list[int], b: list[int], most: int) -> int:
    """The shift of b against a (codecs add silence before the sound) that matches them best."""
    window = a[4000:8000]

    def error(lag: int) -> float:
        return sum((x - y) ** 2 for x, y in zip(window, b[4000 + lag : 8000 + lag], strict=False))

    return min(range(most), key=error)


@pytest.mark.parametrize("name", ["voice.wav", "voice-24bit.wav", "voice.flac"])
def test_lossless_formats_decode_to_the_source_samples(name: str) -> None:
    source = _source()
    decoded = _decoded(name)
    assert len(decoded) == len(source)
    assert max(abs(x - y) for x, y in zip(source, decoded, strict=True)) <= 1  # 24 -> 16 bit


@pytest.mark.parametrize("name", ["voice.mp3", "voice.ogg"])
def test_lossy_formats_decode_to_the_source_within_the_codecs_tolerance(name: str) -> None:
    source = _source()
    decoded = _decoded(name)
    lag = _best_lag(source, decoded, 3000)
    aligned = decoded[lag : lag + len(source)]
    assert abs(len(decoded) - len(source)) < 0.1 * 22050  # the same second, give or take
    signal = math.sqrt(sum(x * x for x in source) / len(source))
    noise = math.sqrt(
        sum((x - y) ** 2 for x, y in zip(source, aligned, strict=False)) / len(source)
    )
    assert noise < 0.1 * signal  # better than 20 dB: the same voice


@pytest.mark.parametrize(
    "name", ["voice.wav", "voice-24bit.wav", "voice.flac", "voice.mp3", "voice.ogg"]
)
def test_every_format_knows_its_length(name: str) -> None:
    info = inspect(DATA / name)
    assert isinstance(info, RecordingInfo)
    assert abs(info.seconds - 1.0) < 0.07 and info.channels == 1 and info.rate == 22050


@pytest.mark.slow
def test_a_recording_longer_than_20_minutes_is_refused(tmp_path: Path) -> None:
    long = tmp_path / "long.flac"
    sox = shutil.which("sox")
    assert sox, "CI installs sox"
    subprocess.run([sox, "-n", "-r", "8000", "-c", "1", str(long), "synth",
                    str(MAX_RECORDING_SECONDS + 5), "sine", "200"], check=True)  # fmt: skip
    problem = inspect(long)
    assert problem == (
        "lasts 20:05; a recording may last at most 20 minutes (split a longer one across steps)"
    )


def _exercise(folder: Path, step: str) -> Path:
    (folder / "voice").mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "voice.mp3", folder / "voice" / "hello.mp3")
    path = folder / "ex.yaml"
    path.write_text(f"title: Voice\nkind: grounding\nsteps:\n  - prompt: Listen.\n{step}")
    return path


def test_for_recording_makes_the_step_exactly_as_long_as_its_recording(tmp_path: Path) -> None:
    loaded = load_exercise(_exercise(tmp_path, "    for: recording\n    audio: voice/hello.mp3\n"))
    assert loaded.problems == ()
    (step,) = loaded.value.steps
    info = inspect(tmp_path / "voice" / "hello.mp3")
    assert isinstance(info, RecordingInfo)
    assert step.seconds == max(1.0, info.seconds)


def test_for_recording_without_a_recording_says_what_it_needs(tmp_path: Path) -> None:
    loaded = load_exercise(_exercise(tmp_path, "    for: recording\n"))
    assert [p.message for p in loaded.problems] == [
        "'for: recording' needs an 'audio' recording in the same step"
    ]


def test_a_recording_longer_than_its_step_is_a_warning_with_both_lengths(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    (folder / "voice").mkdir(parents=True)
    sox = shutil.which("sox")
    assert sox, "CI installs sox"
    subprocess.run([sox, "-n", "-r", "22050", "-c", "1", str(folder / "voice" / "long.ogg"),
                    "synth", "95", "sine", "200"], check=True)  # fmt: skip
    path = folder / "ex.yaml"
    path.write_text("title: Voice\nkind: grounding\nsteps:\n  - prompt: Listen.\n"
                    "    for: 1m\n    audio: voice/long.ogg\n")  # fmt: skip
    loaded = load_exercise(path)
    assert [(p.severity, p.message) for p in loaded.problems] == [
        ("warning", "the recording lasts 1:35 but its step only 1:00, so its end won't be "
         "heard; 'for: recording' makes the step exactly as long as the recording"),
    ]  # fmt: skip
    out = regulate("check", str(folder))
    assert f"  {folder}/voice/long.ogg: 1:35, in step 1 of 'Voice' (1:00)" in out.stdout


class _Spy:
    """A player that keeps what it was asked to play."""

    notice = None

    def __init__(self) -> None:
        self.recordings: list[tuple[object, float]] = []

    def preload(self, exercise: object) -> None: ...
    def cue(self, sound: object, due: float | None = None) -> None: ...
    def stop_recording(self) -> None: ...
    def stop_all(self) -> None: ...
    def set_muted(self, muted: bool) -> None: ...

    def recording(self, sound: object, offset: float = 0.0) -> None:
        if sound is not None:
            self.recordings.append((sound, offset))


@pytest.mark.parametrize("speed", [1.0, 20.0])
def test_a_therapists_preview_says_how_each_recording_fits_and_a_sped_up_one_plays_none(
    tmp_path: Path, speed: float
) -> None:
    from regulate.core.practice import Practice
    from regulate.plain import describe
    from tests.clocks import FakeClock

    exercise = load_exercise(_exercise(tmp_path, "    for: 20\n    audio: voice/hello.mp3\n")).value
    lines = describe(exercise, speed)
    if speed != 1.0:  # the therapist's preview: how it fits, for authoring
        expected = "It has a recording (step 1: 0:01 in a 0:20 step)."
        expected += " In a preview at 20x speed it is not played."
    else:  # the client's: that it is there, never its authoring detail
        expected = "It has a recording."
        assert not any("0:20 step" in line for line in lines)
    assert expected in lines
    spy = _Spy()
    clock = FakeClock()
    practice = Practice(exercise, None, store=None, player=spy, clock=clock, speed=speed)
    practice.begin(None)
    clock.advance(0.5)
    practice.update()
    assert len(spy.recordings) == (1 if speed == 1.0 else 0)


def test_a_windows_path_and_a_name_differing_in_letter_case_are_errors_on_every_system(
    tmp_path: Path,
) -> None:
    loaded = load_exercise(_exercise(tmp_path, "    for: 20\n    audio: 'voice\\hello.mp3'\n"))
    assert [p.message for p in loaded.problems] == [
        "'audio' 'voice\\hello.mp3' uses '\\' between folders; write 'voice/hello.mp3' - '/' "
        "works on every computer"
    ]
    loaded = load_exercise(_exercise(tmp_path / "b", "    for: 20\n    audio: Voice/Hello.MP3\n"))
    assert [p.message for p in loaded.problems] == [
        "'audio' 'Voice/Hello.MP3' differs in letter case from the file 'voice/hello.mp3'; write "
        "it exactly as the file is named (some computers tell the two apart, so it would play "
        "on yours and not on your client's)"
    ]


@pytest.mark.parametrize("language", ["en", "es"])
async def test_the_clients_preview_never_shows_authoring_detail(
    tmp_path: Path, language: str
) -> None:
    """A recording longer than its step is the therapist's to fix (`check`, `play --speed`):
    the client's preview, in the app and in plain mode, says only that there is a recording."""
    from regulate import i18n
    from regulate.plain import describe
    from regulate.tui import screens
    from tests.helpers import make_wav
    from tests.tui_helpers import make_app, screen_text

    path = _exercise(tmp_path, "    for: 1\n    audio: voice/long.wav\n")
    make_wav(tmp_path / "voice" / "long.wav", seconds=3.0)
    exercise = load_exercise(path).value
    assert exercise is not None
    app, _clock, _store = make_app(tmp_path, exercise=exercise, language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, screens.PreviewScreen)
        shown = " ".join(screen_text(app).split())
    i18n.use(language)
    said = " ".join(describe(exercise, 1.0))
    therapist = " ".join(describe(exercise, 20.0))
    heard = {"en": "won't be heard", "es": "no se oirá"}[language]
    assert heard not in shown and heard not in said and "0:03" not in shown + said
    assert {"en": "It has a recording.", "es": "Tiene una grabación."}[language] in shown
    assert heard in therapist  # the therapist's sped-up preview still says it
