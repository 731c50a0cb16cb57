"""Sound: the bundled cues, and real playback heard through ALSA's file plugin (no sound card:
with HOME holding an .asoundrc, simpleaudio's output is written to a WAV file we can read)."""

from __future__ import annotations

import contextlib
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
    import array

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


def test_silent_player_does_nothing_and_says_why() -> None:
    player = Silent("Sound is off for now")
    player.cue(None)
    player.stop_all()
    assert player.notice == "Sound is off for now"


# ---------------------------------------------------------------- heard through ALSA


def _hear(tmp_path: Path, code: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run code in a process whose ALSA default device writes to captured.wav."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / ".asoundrc").write_text(
        'pcm.!default {\n  type file\n  slave.pcm "null"\n'
        f'  file "{home / "captured.wav"}"\n  format "wav"\n}}\n'
    )
    env = {**os.environ, "HOME": str(home)}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, env=env, timeout=timeout)  # fmt: skip


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
    import array

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
def test_stop_cuts_the_sound_and_only_the_devices_own_queue_plays_out(tmp_path: Path) -> None:
    """The null sink swallows sound far faster than real time, so here the file plugin writes
    into a one-page pipe that this test drains at real-time pace: what arrives after stop is
    what a person would still hear. simpleaudio drains (does not drop) the device's queue on
    stop, so that queue (about 0.3 s through this plugin) still plays out: the stop itself is
    immediate, nothing new starts, and the recording is cut there."""
    import fcntl
    import threading
    import time

    long_voice = make_wav(tmp_path / "voice.wav", seconds=30, rate=44100)
    home = tmp_path / "home"
    home.mkdir()
    pipe = home / "captured.wav"
    os.mkfifo(pipe)
    arrivals: list[tuple[int, float]] = []
    done = threading.Event()

    def drain() -> None:
        # ALSA's file plugin may open and close the pipe more than once: keep reopening it
        while not done.is_set():
            with open(pipe, "rb", buffering=0) as stream:
                fcntl.fcntl(stream.fileno(), 1031, 4096)  # F_SETPIPE_SZ: the pipe holds ~20 ms
                while chunk := stream.read(441 * 2):  # 10 ms of sound, as a device takes it
                    arrivals.append((len(chunk), time.monotonic()))
                    time.sleep(0.01)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    result = _hear(
        tmp_path,
        f"""
        import time
        from pathlib import Path
        import simpleaudio
        from regulate.audio import Simpleaudio
        from regulate.model import Sound
        player = Simpleaudio(simpleaudio, 100)
        player.recording(Sound(path=Path({str(long_voice)!r})))
        time.sleep(1.0)
        playing = player._recording
        assert playing.is_playing()
        asked = time.monotonic()
        player.stop_all()
        print(time.monotonic() - asked, time.monotonic())
        """,
    )
    done.set()
    with contextlib.suppress(OSError):  # let a reader waiting to reopen the pipe finish
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
    reader.join(timeout=5)
    assert result.returncode == 0, result.stderr
    call_seconds, stopped_at = (float(x) for x in result.stdout.split())
    assert call_seconds < 0.1  # stopping is immediate: nothing waits
    tail = sum(n for n, at in arrivals if at > stopped_at) / (44100 * 2)
    assert tail < 0.5  # only the device's own queue plays out
    assert sum(n for n, _ in arrivals) < 3 * 44100 * 2  # about 1 s of 30 was heard


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
