"""Sound through miniaudio, the player that comes with regulate (no C compiler, no extra): heard
at real-time pace through ALSA's file plugin (tests/sound_harness.py's RealtimeEar), the way a
sound card takes it."""

from __future__ import annotations

import array
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from regulate.audio import cue_path
from regulate.audio.samples import decode_cue
from tests.helpers import make_wav
from tests.sound_harness import RealtimeEar

pytestmark = pytest.mark.sound

RATE = 44100


def _run(tmp_path: Path, code: str) -> tuple[subprocess.CompletedProcess[str], RealtimeEar]:
    ear = RealtimeEar(tmp_path / "home")
    env = {**os.environ, "HOME": str(ear.home), "REGULATE_SOUND_LIBRARY": "miniaudio"}
    with ear:
        result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env,
                                capture_output=True, text=True, timeout=60)  # fmt: skip
    return result, ear


def _loud(ear: RealtimeEar) -> list[int]:
    samples = ear.samples()
    first = next((i for i, s in enumerate(samples) if s), len(samples))
    return samples[first:]


@pytest.mark.parametrize("volume", [100, 40])
def test_a_cue_is_heard_as_it_is_at_the_volume_set(tmp_path: Path, volume: int) -> None:
    result, ear = _run(tmp_path, f"""
        import time
        from regulate.audio import make_player
        from regulate.domain.model import Sound
        player = make_player(True, volume={volume})
        assert type(player).__name__ == "Miniaudio", (type(player), player.notice)
        player.cue(Sound("chime"))
        time.sleep(2.5)
    """)  # fmt: skip
    assert result.returncode == 0, result.stderr
    cue = decode_cue(cue_path("chime"), volume / 100)
    expected = list(array.array("h", cue.data))
    heard = _loud(ear)
    # the cue, sample for sample, from its first sound (its own first samples may be zero)
    start = next(i for i, s in enumerate(expected) if s)
    assert heard[: len(expected) - start] == expected[start:]
    assert result.stderr == ""  # nothing from ALSA reaches the terminal


def test_a_recording_at_another_rate_is_heard_whole(tmp_path: Path) -> None:
    voice = make_wav(tmp_path / "voice.wav", seconds=0.5, rate=22050)
    result, ear = _run(tmp_path, f"""
        import time
        from pathlib import Path
        from regulate.audio import make_player
        from regulate.domain.model import Sound
        player = make_player(True, volume=100)
        player.recording(Sound(path=Path({str(voice)!r})))
        time.sleep(1.0)
    """)  # fmt: skip
    assert result.returncode == 0, result.stderr
    heard = _loud(ear)
    loud = [s for s in heard if abs(s) > 200]
    # half a second of voice, played at the device's 44.1 kHz: about 22,050 samples of it
    assert len(heard) >= 0.45 * RATE and 0.4 * RATE <= len(loud) <= 0.55 * RATE


def test_a_stop_is_silent_within_100_ms(tmp_path: Path) -> None:
    voice = make_wav(tmp_path / "long.wav", seconds=20, rate=44100)
    result, ear = _run(tmp_path, f"""
        import time
        from pathlib import Path
        from regulate.audio import make_player
        from regulate.domain.model import Sound
        player = make_player(True, volume=100)
        player.recording(Sound(path=Path({str(voice)!r})))
        time.sleep(1.0)
        asked = time.monotonic()
        player.stop_all()
        print(time.monotonic() - asked, asked)
        time.sleep(0.8)
    """)  # fmt: skip
    assert result.returncode == 0, result.stderr
    call, asked = (float(x) for x in result.stdout.split())
    assert call < 0.01  # stopping waits for nothing
    after = [chunk for chunk, at in ear.arrivals if at > asked]
    loud_after = sum(
        1 for chunk in after for s in array.array("h", chunk[: len(chunk) // 2 * 2]) if s
    )
    # what follows the stop through this harness: the device's 20 ms buffer and one callback,
    # and what the harness itself holds back (ALSA's file plugin keeps a period, the pipe a
    # page: about 0.1 s - the simpleaudio player is heard for 0.11-0.25 s after a stop here).
    # 0.14 s was heard in the runs that set this bound.
    assert loud_after / RATE < 0.2
    before = [chunk for chunk, at in ear.arrivals if at <= asked]
    assert sum(len(c) for c in before) // 2 >= 0.8 * RATE  # it really was playing


def test_plain_mode_with_sound_reaches_the_device_with_nothing_compiled(tmp_path: Path) -> None:
    """The README's first command installs no extra: `play --plain --sound` still sounds."""
    exercise = tmp_path / "short.yaml"
    exercise.write_text(
        "title: Short\nkind: grounding\nrating: false\ncues: {start: bell, step: chime, end: bell}\n"
        "steps:\n  - prompt: Look around.\n    for: 1\n  - prompt: And again.\n    for: 1\n"
    )
    ear = RealtimeEar(tmp_path / "home")
    env = {**os.environ, "HOME": str(ear.home), "REGULATE_SOUND_LIBRARY": "miniaudio"}
    with ear:
        result = subprocess.run(
            [sys.executable, "-m", "regulate", "play", str(exercise), "--plain", "--sound"],
            input="\n\n", env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Sound is off" not in result.stdout and "isn't available" not in result.stdout
    loud = [s for s in ear.samples() if abs(s) > 200]
    assert len(loud) > 0.3 * RATE  # the bells and the chime were heard


def test_a_device_that_stops_taking_sound_ends_in_silence_and_one_line(tmp_path: Path) -> None:
    """Headphones unplugged, a Bluetooth speaker out of range: the device stops asking for
    sound mid-exercise. The exercise goes on silently to its end, says so once, keeps the
    session, and the program still exits (closing a stalled device would wait for ever)."""
    exercise = tmp_path / "steps.yaml"
    exercise.write_text(
        "title: Steps\nkind: grounding\nrating: false\n"
        "cues: {start: bell, step: chime, end: bell}\nsteps:\n"
        + "".join(f"  - prompt: Step {n}.\n    for: 2\n" for n in range(1, 5))
    )
    ear = RealtimeEar(tmp_path / "home")
    env = {**os.environ, "HOME": str(ear.home), "REGULATE_SOUND_LIBRARY": "miniaudio"}
    with ear:
        person = subprocess.Popen(
            [sys.executable, "-m", "regulate", "play", str(exercise), "--plain", "--sound"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
            text=True,
        )  # fmt: skip
        assert person.stdin is not None
        person.stdin.write("\n")  # start
        person.stdin.flush()
        time.sleep(1.5)
        heard_before = len(ear.arrivals)
        ear.stall()
        try:
            out, err = person.communicate("\n", timeout=30)
        finally:
            person.kill()
    assert person.returncode == 0, err
    assert heard_before > 0  # it was sounding
    assert out.count("The sound device stopped answering") == 1
    assert "Step 4." in out  # the exercise went on to its end
    assert err == ""
    history = subprocess.run(
        [sys.executable, "-m", "regulate", "history", "--format", "json"],
        env=env, capture_output=True, text=True, timeout=30,
    )  # fmt: skip
    assert '"completed"' in history.stdout
