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
from typing import Any

import pytest

from regulate import audio as audio_module
from regulate.audio import (
    CRASH_PRONE,
    NO_DEVICE,
    NOT_INSTALLED,
    Buffer,
    Silent,
    crash_prone,
    cue_path,
    decode,
    scaled,
)
from regulate.domain.model import BUNDLED_CUES, Sound
from tests.helpers import REPO, make_wav
from tests.sound_harness import RATE, RealtimeEar, build_shim, capture_sound, hear_a_stop

pytestmark = pytest.mark.sound


@pytest.fixture(autouse=True)
def _simpleaudio_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are of the simpleaudio player (the `audio` extra), chosen as a person would
    choose it; the miniaudio player that comes with regulate: tests/test_miniaudio.py."""
    monkeypatch.setenv("REGULATE_SOUND_LIBRARY", "simpleaudio")


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
    from regulate.domain.model import Sound

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
        from regulate.domain.model import Sound
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
        from regulate.domain.model import Sound
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
    # the voice really was playing until then (0.9 s or more of its first second handed over;
    # a machine busy with other work can hand a little less)
    assert heard.loud_before >= 0.8 * RATE

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
    # simpleaudio chosen but not installed: regulate plays through miniaudio, which comes with
    # it; with no sound device here, that is said once, and never 'install the audio extra'
    assert NOT_INSTALLED not in result.stdout
    assert result.stdout.count(NO_DEVICE) == 1
    assert "That is the end of the exercise." in result.stdout and "\a" not in result.stdout


def _fake_simpleaudio(folder: Path, compiled: bytes) -> Path:
    """A simpleaudio that must never be loaded: importing it would end the process."""
    package = folder / "simpleaudio"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("import os\nos._exit(99)\n")
    (package / "_simpleaudio.cpython-313-x86_64-linux-gnu.so").write_bytes(compiled)
    return package


def test_a_simpleaudio_that_frees_without_the_gil_is_refused_on_3_12_and_later(
    tmp_path: Path,
) -> None:
    unpatched = _fake_simpleaudio(tmp_path / "a", b"\x7fELF...PyMem_Malloc\0PyMem_Free\0...")
    patched = _fake_simpleaudio(tmp_path / "b", b"\x7fELF...PyMem_RawMalloc\0PyMem_RawFree\0...")
    empty = tmp_path / "c" / "simpleaudio"
    empty.mkdir(parents=True)
    assert crash_prone(unpatched, (3, 12)) and crash_prone(unpatched, (3, 14))
    assert not crash_prone(unpatched, (3, 11))  # 3.11 tolerates it
    assert not crash_prone(patched, (3, 13))
    assert crash_prone(empty, (3, 13))  # nothing to vouch for it


def test_a_crash_prone_simpleaudio_is_never_loaded_and_one_line_says_what_to_install(
    tmp_path: Path,
) -> None:
    _fake_simpleaudio(tmp_path, b"\x7fELF...PyMem_Free\0...")
    code = (
        "import sys\n"
        "import regulate.audio as audio\n"
        "audio.crash_prone.__defaults__ = ((3, 13),)  # as on Python 3.13, whatever runs this\n"
        "from regulate.cli import main\n"
        f"raise SystemExit(main(['play', '--plain', '--sound', '--speed', '100', {str(REPO / 'exercises' / 'feet-on-the-floor.yaml')!r}]))\n"
    )
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{REPO}"}
    result = subprocess.run(
        [sys.executable, "-c", code], input="\n\n\n", capture_output=True, text=True,
        timeout=60, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr  # 99 had the fake been imported
    # refused, and miniaudio plays instead (here, with no device, one line says so)
    assert result.stdout.count(NO_DEVICE) == 1 and CRASH_PRONE not in result.stdout
    assert "That is the end of the exercise." in result.stdout


@needs_sound
def test_the_simpleaudio_installed_here_is_safe_on_this_python() -> None:
    """CI installs the audio extra on 3.11, 3.13 and 3.14: the build it gets must pass the guard
    (else sound would be silently off where it should play)."""
    folder = audio_module.simpleaudio_folder()
    assert folder is not None
    assert not crash_prone(folder)


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


def _ramp_voice(path: Path, frames: int) -> list[int]:
    """A 'voice' whose every sample is different and never zero: where a captured stretch came
    from in it can be read off each sample."""
    half = frames // 2
    samples = [i - half + (i >= half) for i in range(frames)]
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(array.array("h", samples).tobytes())
    return samples


def _runs(samples: list[int]) -> list[list[int]]:
    """The stretches of sound between silences."""
    runs: list[list[int]] = []
    current: list[int] = []
    for sample in [*samples, 0]:
        if sample:
            current.append(sample)
        elif current:
            runs.append(current)
            current = []
    return runs


VOICE_PRACTICE = """
import sys, time
from pathlib import Path
from typing import Any
from regulate.audio import make_player, Silent
from regulate.core.practice import Practice
from regulate.loader import load_exercise
exercise = load_exercise(Path(sys.argv[1])).value
player = make_player(True, volume=100)
assert player.notice is None, player.notice
practice = Practice(exercise, None, store=None, player=Silent() if {late_sound} else player)
started = time.monotonic()
practice.begin(None)
def run_until(seconds):
    while not practice.over and time.monotonic() - started < seconds:
        practice.update()
        time.sleep(0.005)
run_until(0.6)
if {late_sound}:
    before = practice.timeline.position_now()
    practice.use_player(player)  # m pressed mid-step
    print(before, practice.timeline.position_now())
else:
    practice.command("pause")
    time.sleep(0.5)
    practice.command("pause")
run_until(30)
time.sleep(0.4)
"""


def _voice_pack(tmp_path: Path) -> tuple[Path, list[int]]:
    folder = tmp_path / "pack"
    voice = _ramp_voice(folder / "voice" / "ramp.wav", int(1.4 * RATE))
    (folder / "ex.yaml").write_text(
        "title: Voice\nkind: grounding\nrating: false\ncues: {start: none, step: none, end: none}\n"
        "steps:\n  - prompt: Listen.\n    for: 2\n    audio: voice/ramp.wav\n"
    )
    return folder / "ex.yaml", voice


@needs_sound
def test_a_paused_recording_resumes_where_it_was_nothing_lost(tmp_path: Path) -> None:
    exercise, voice = _voice_pack(tmp_path)

    with RealtimeEar(tmp_path / "home") as ear:
        result = subprocess.run(
            [sys.executable, "-c", VOICE_PRACTICE.format(late_sound=False), str(exercise)],
            capture_output=True, text=True, timeout=60,
            env={**os.environ, "HOME": str(ear.home)},
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    index = {sample: i for i, sample in enumerate(voice)}
    runs = [[index[s] for s in run] for run in _runs(ear.samples())]
    assert len(runs) == 2, [(r[0], r[-1]) for r in runs]  # before the pause, and after it
    first, second = runs
    # each stretch is the voice itself, in order
    assert first == list(range(first[0], first[-1] + 1))
    assert second == list(range(second[0], second[-1] + 1))
    # from its start, up to the pause; then on from there to its very end: nothing lost
    assert first[0] == 0 and second[-1] == len(voice) - 1
    # (the resume is taken from the clock when the pause acted; on a busy machine the device may
    # be a few ms behind the clock then: a gap under 10 ms is not heard in speech)
    assert second[0] <= first[-1] + 1 + 0.01 * RATE
    # it resumes from the moment of the pause (0.6 s in), so all that is heard twice is what the
    # device already held when it came (at most its 0.1 s queue and the 0.1 s chunk in flight)
    assert abs(second[0] - 0.6 * RATE) < 0.03 * RATE
    assert first[-1] + 1 - second[0] <= 0.2 * RATE


@needs_sound
def test_sound_turned_on_mid_step_starts_the_recording_at_that_moment(tmp_path: Path) -> None:
    exercise, voice = _voice_pack(tmp_path)

    with RealtimeEar(tmp_path / "home") as ear:
        result = subprocess.run(
            [sys.executable, "-c", VOICE_PRACTICE.format(late_sound=True), str(exercise)],
            capture_output=True, text=True, timeout=60,
            env={**os.environ, "HOME": str(ear.home)},
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    pressed, returned = (float(word) for word in result.stdout.split()[-2:])
    index = {sample: i for i, sample in enumerate(voice)}
    runs = [[index[s] for s in run] for run in _runs(ear.samples())]
    assert len(runs) == 1
    (heard,) = runs
    assert heard == list(range(heard[0], len(voice)))  # from there to the end, in order
    # the step's own moment: between the key press and its return (which a busy machine may
    # stretch to several ms), give or take 5 ms
    assert pressed * RATE - 0.005 * RATE <= heard[0] <= returned * RATE + 0.005 * RATE


class _UnpluggedDevice:
    """A device as miniaudio gives one, whose thread says it stopped (unplugged)."""

    def __init__(self) -> None:
        self.running = False
        self.stop_callback: Any = None
        self.callback_generator: Any = None
        self.closed = False
        self._device = object()

    def start(self, generator: Any) -> None:
        self.callback_generator, self.running = generator, True

    def close(self) -> None:
        self.closed = True


def test_a_device_that_says_it_stopped_leaves_the_player_silent_with_one_line() -> None:
    from regulate.audio.mixer import DEVICE_GONE, Miniaudio

    device = _UnpluggedDevice()
    player = Miniaudio(device)
    player.cue(Sound("chime"))
    assert len(player._voices) == 1
    device.stop_callback()  # miniaudio's thread: the device went away
    assert player.notice == DEVICE_GONE
    player.cue(Sound("bell"))
    assert player._voices == []  # nothing queued for a device that is gone
    later = Miniaudio(device)  # sound turned off and on again: still the same device
    assert later.notice == DEVICE_GONE
    later.close()
    assert device.closed  # an unplugged device closes as usual (it is not stalled)


def test_a_recording_in_a_folder_called_tilde_is_its_own_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sound library expands a leading '~' itself: a pack in a folder called '~', opened
    by a relative path, must still read its own recording, not one in the home folder."""
    from regulate.audio.mixer import decode_for_device
    from regulate.audio.recordings import RecordingInfo, inspect

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    make_wav(tmp_path / "~" / "voice.wav", seconds=1.5)
    relative = Path("~") / "voice.wav"
    info = inspect(relative)
    assert isinstance(info, RecordingInfo) and info.seconds == pytest.approx(1.5, abs=0.01)
    assert len(decode_for_device(relative, 1.0).data) == pytest.approx(2 * 1.5 * 44100, rel=0.01)
