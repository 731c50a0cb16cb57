"""Sound: the bundled cues, and real playback heard through ALSA's file plugin (no sound card:
with HOME holding an .asoundrc, simpleaudio's output is written to a WAV file we can read)."""

from __future__ import annotations

import array
import math
import os
import subprocess
import sys
import textwrap
import wave
from pathlib import Path

import pytest

from regulate.audio import Buffer, Silent, cue_path, decode, scaled
from regulate.model import BUNDLED_CUES
from tests.conftest import REPO, make_wav
from tests.sound_harness import RATE, build_shim, capture_sound, hear_a_stop

try:
    import simpleaudio  # noqa: F401

    HAVE_SIMPLEAUDIO = True
except ImportError:
    HAVE_SIMPLEAUDIO = False

if not HAVE_SIMPLEAUDIO and os.environ.get("CI"):
    pytest.fail("CI installs the audio extra: simpleaudio must be importable", pytrace=False)
needs_sound = pytest.mark.skipif(
    not HAVE_SIMPLEAUDIO,
    reason="the audio extra is not installed here (libasound2-dev, then pip install '.[audio]')",
)


def _samples(path: Path) -> tuple[list[int], wave._wave_params]:
    with wave.open(str(path), "rb") as w:
        params = w.getparams()
        data = array.array("h")
        data.frombytes(w.readframes(w.getnframes()))
    return list(data), params


def _rms(values: list[int]) -> float:
    return math.sqrt(sum(v * v for v in values) / max(1, len(values)))


def test_every_bundled_cue_exists_and_is_gentle() -> None:
    levels = {}
    for name in BUNDLED_CUES:
        samples, params = _samples(cue_path(name))
        assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 44100)
        assert 0.4 <= len(samples) / 44100 <= 2.5
        first_5ms = samples[: 44100 // 200]
        assert max(abs(s) for s in first_5ms) < 0.1 * max(abs(s) for s in samples), name  # no click
        assert max(abs(s) for s in samples) < 0.4 * 32768, name  # well below full scale
        levels[name] = _rms(samples)
    loudest, quietest = max(levels.values()), min(levels.values())
    assert loudest / quietest < 1.15, levels  # no cue louder than the others


def test_the_script_regenerates_the_cues_exactly(tmp_path: Path) -> None:
    script = REPO / "sounds" / "make_cues.py"
    code = (
        "import importlib.util, sys, pathlib\n"
        f"spec = importlib.util.spec_from_file_location('m', {str(script)!r})\n"
        "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
        f"for n in m.CUES: m.write(n, pathlib.Path({str(tmp_path)!r}))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    for name in BUNDLED_CUES:
        assert (tmp_path / f"{name}.wav").read_bytes() == cue_path(name).read_bytes(), name


def test_volume_scales_the_samples(tmp_path: Path) -> None:
    import array

    values = [1000, -2000, 32767, -32768, 7, -7, 12345]
    data = array.array("h", values).tobytes()
    for volume in (0.0, 0.37, 0.5, 0.99):
        out = array.array("h")
        out.frombytes(scaled(data, 2, volume))
        assert all(abs(o - v * volume) <= 1 for o, v in zip(out, values, strict=True)), volume
    assert scaled(bytes([128, 228, 28]), 1, 0.5) == bytes([128, 178, 78])
    assert scaled(data, 2, 1.0) == data


def test_24_bit_files_play_as_16_bit(tmp_path: Path) -> None:
    path = tmp_path / "deep.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(3)
        w.setframerate(8000)
        w.writeframes(bytes([0x11, 0x34, 0x12, 0x22, 0xCC, 0xED]))  # 0x123411, 0xEDCC22
    buffer = decode(path, 1.0)
    assert (buffer.width, buffer.data) == (2, bytes([0x34, 0x12, 0xCC, 0xED]))


class _Handed:
    """A stand-in for simpleaudio that keeps what it was handed (it reads from that object)."""

    def __init__(self) -> None:
        self.handed: list[bytearray] = []
        self.stopped = 0

    def play_buffer(self, data: bytearray, *_: int) -> _Handed:
        self.handed.append(data)
        return self

    def is_playing(self) -> bool:
        return True

    def stop(self) -> None:
        self.stopped += 1

    def stop_all(self) -> None:
        pass


def test_stop_silences_what_is_playing_and_the_next_cue_still_sounds() -> None:
    from regulate.audio import Simpleaudio
    from regulate.model import Sound

    backend = _Handed()
    player = Simpleaudio(backend, 100)
    player.cue(Sound("bell"))
    player.stop_all()
    assert backend.stopped == 1 and not any(backend.handed[0])  # nothing left to hear
    player.cue(Sound("bell"))  # a fresh copy: the bell rings again, whole
    assert bytes(backend.handed[1]) == decode(cue_path("bell"), 1.0).data


def test_silent_player_does_nothing_and_says_why() -> None:
    player = Silent("Sound is off for now")
    player.cue(None)
    player.stop_all()
    assert player.notice == "Sound is off for now"


# ---------------------------------------------------------------- heard through ALSA


def _hear(
    tmp_path: Path, code: str, timeout: float = 60, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run code in a process whose ALSA default device writes to captured.wav."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    capture_sound(home, home / "captured.wav")
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env={**os.environ, **(env or {}), "HOME": str(home)}, timeout=timeout)  # fmt: skip


def _captured(tmp_path: Path) -> Path:
    return tmp_path / "home" / "captured.wav"


@needs_sound
@pytest.mark.parametrize("volume", [100, 40])
def test_a_cue_is_played_as_it_is_at_the_volume_set(tmp_path: Path, volume: int) -> None:
    result = _hear(
        tmp_path,
        f"""
        from regulate.audio import make_player
        from regulate.model import Sound
        player = make_player(True, volume={volume})
        assert player.notice is None, player.notice
        player.cue(Sound("chime"))
        import simpleaudio, time
        time.sleep(0.5)
        """,
    )
    assert result.returncode == 0, result.stderr
    played, params = _samples(_captured(tmp_path))
    cue, _ = _samples(cue_path("chime"))
    assert all(abs(p - s * volume / 100) <= 1 for p, s in zip(played, cue, strict=False))
    expected_bytes = scaled(array.array("h", cue).tobytes(), 2, volume / 100)
    expected = list(array.array("h", expected_bytes))
    assert (params.nchannels, params.framerate) == (1, 44100)
    assert played[: len(expected)] == expected
    assert result.stderr == ""  # nothing from ALSA reaches the terminal


@needs_sound
def test_muted_plays_nothing(tmp_path: Path) -> None:
    result = _hear(
        tmp_path,
        """
        import time
        from regulate.audio import make_player
        from regulate.model import Sound
        player = make_player(True)
        player.set_muted(True)
        player.cue(Sound("bell"))
        player.recording(Sound("chime"))
        time.sleep(0.3)
        """,
    )
    assert result.returncode == 0, result.stderr
    captured = _captured(tmp_path)
    # the device check at start plays 64 frames of silence; nothing else may follow
    samples, _ = _samples(captured) if captured.exists() else ([], None)
    assert all(s == 0 for s in samples) and len(samples) <= 64


@needs_sound
def test_stop_silences_the_sound_within_the_devices_own_queue(tmp_path: Path) -> None:
    """A person presses stop in the middle of a long recording: from that moment only silence
    reaches the device, so all they can still hear is what the device already holds, and
    simpleaudio gives it a queue of 100 ms. (How it is heard: tests/sound_harness.py.)"""
    shim = build_shim(tmp_path)
    if shim is None:
        if os.environ.get("CI"):
            pytest.fail("CI installs gcc: the stop test needs it", pytrace=False)
        pytest.skip("no C compiler here to build the ALSA hand-over logger (apt install gcc)")
    heard = hear_a_stop(tmp_path, shim)
    assert heard.call_seconds < 0.05  # stopping is immediate: nothing waits (0.5 ms here)
    assert heard.loud_before > 0.9 * RATE  # the voice really was playing until then

    # simpleaudio writes one more chunk after its stop flag is raised, then lets the device's
    # queue play out: that chunk, and anything else handed over after the stop, is silence
    assert heard.handed_after, "nothing was handed over after the stop: the test saw nothing"
    assert [loud for _, loud in heard.handed_after] == [0] * len(heard.handed_after)
    # and the device's own queue, all that can still sound, is at most 100 ms
    assert heard.queue_seconds <= 0.1

    # as heard through this harness: its own hold-ups (the file plugin keeps back one queue's
    # worth before writing, the pipe holds a page, the null sink takes a whole chunk at once)
    # put 0.11-0.25 s of sound after the stop (benchmarks/stop_tail.py); a sound card has
    # only its queue
    assert heard.heard_after_seconds < 0.3
    assert heard.heard_seconds < 3  # about 1 s of 30 was heard


@needs_sound
def test_a_steps_recording_starts_with_its_step(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    make_wav(folder / "voice" / "hello.wav", seconds=0.5, rate=22050)
    (folder / "ex.yaml").write_text(
        "title: Voice\nkind: grounding\nrating: false\ncues: {start: none, step: none, end: none}\n"
        "steps:\n  - prompt: First.\n    for: 2\n  - prompt: Second, with a voice.\n    for: 2\n"
        "    audio: voice/hello.wav\n"
    )
    result = _hear(
        tmp_path,
        f"""
        import time
        from pathlib import Path
        from regulate.audio import make_player
        from regulate.loader import load_exercise
        from regulate.timeline import Timeline
        exercise = load_exercise(Path({str(folder / "ex.yaml")!r})).value
        player = make_player(True, volume=100)
        player.preload(exercise)
        timeline = Timeline(exercise, time.monotonic, speed=4)
        started = None
        events = timeline.start()
        while timeline.status != "finished":
            for e in events:
                if e.audio is not None:
                    player.recording(e.audio)
                    started = time.monotonic() - e.due
                    print("recording", e.segment.text, round(started, 4))
            time.sleep(min(0.02, timeline.seconds_to_next_boundary() or 0.02))
            events = timeline.update()
        time.sleep(0.3)
        """,
    )
    assert result.returncode == 0, result.stderr
    label, text, late = (
        result.stdout.split(" ", 1)[0],
        result.stdout,
        float(result.stdout.split()[-1]),
    )
    assert label == "recording" and "Second, with a voice." in text and late < 0.03
    played, params = _samples(_captured(tmp_path))
    voice, _ = _samples(folder / "voice" / "hello.wav")
    assert params.framerate == 22050 and played[: len(voice)] == voice


def test_without_simpleaudio_the_exercise_runs_silently_with_one_line(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['simpleaudio'] = None\n"
        "from regulate.cli import main\n"
        f"sys.argv = ['regulate', 'play', '--plain', '--sound', '--speed', '100', {str(REPO / 'exercises' / 'feet-on-the-floor.yaml')!r}]\n"
        "raise SystemExit(main(sys.argv[1:]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], input="\n\n\n", capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    notices = [line for line in result.stdout.splitlines() if line.startswith("Sound is off")]
    assert notices == [
        "Sound is off for now: the sound package is not installed, so the exercise runs silently."
    ]
    assert "That is the end of the exercise." in result.stdout and "\a" not in result.stdout


@needs_sound
def test_without_a_device_the_exercise_runs_silently_with_one_line(tmp_path: Path) -> None:
    home = tmp_path / "nodevice"
    home.mkdir()
    (home / ".asoundrc").write_text("pcm.!default { type hw card 7 }\n")
    result = subprocess.run(
        [sys.executable, "-m", "regulate", "play", "--plain", "--sound", "--speed", "100",
         str(REPO / "exercises" / "feet-on-the-floor.yaml")],
        input="\n\n\n", capture_output=True, text=True, timeout=60,
        env={**os.environ, "HOME": str(home)},
    )  # fmt: skip
    assert result.returncode == 0
    assert "Sound is off for now: no sound device could be opened" in result.stdout
    assert "ALSA" not in result.stderr and "Traceback" not in result.stderr


def test_buffer_knows_its_length() -> None:
    assert Buffer(b"\x00" * 88200, 1, 2, 44100).seconds == 1.0
