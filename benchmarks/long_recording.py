"""A 20-minute MP3 recording: how long until it is playing, and the player's peak memory while it
plays (heard at real-time pace through ALSA's file plugin, as in tests/sound_harness.py).

Needs lame to make the MP3 (apt-get install lame)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.sound_harness import RealtimeEar

RUNNER = """
import json, resource, sys, time
from pathlib import Path
from regulate.audio import make_player
from regulate.domain.model import Sound
player = make_player(True, volume=70)
assert player.notice is None, player.notice
asked = time.perf_counter()
player.recording(Sound(path=Path(sys.argv[1])))
ready = time.perf_counter() - asked
time.sleep(float(sys.argv[2]))
rec = player._recording
# simpleaudio's recording says whether it sounds; miniaudio's voice, how far the device took it
playing = rec.sounding() if hasattr(rec, "sounding") else not rec.done and rec.at > 0
assert playing, "the recording was not playing"
player.stop_all()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"ready": ready, "peak_mb": peak}))
"""


def measure(play_seconds: float = 30.0) -> dict[str, float]:
    lame, sox = shutil.which("lame"), shutil.which("sox")
    if not (lame and sox):
        raise SystemExit("long_recording.py needs lame and sox (apt-get install lame sox)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        wav, mp3 = folder / "voice.wav", folder / "voice.mp3"
        subprocess.run([sox, "-n", "-r", "44100", "-c", "2", str(wav), "synth", "1200",
                        "pinknoise", "gain", "-12"], check=True)  # fmt: skip
        subprocess.run([lame, "--quiet", "-b", "128", str(wav), str(mp3)], check=True)
        wav.unlink()
        with RealtimeEar(folder / "home") as ear:
            result = subprocess.run(
                [sys.executable, "-c", RUNNER, str(mp3), str(play_seconds)],
                capture_output=True, text=True, check=True,
                env={**os.environ, "HOME": str(ear.home)},
            )  # fmt: skip
    figures = json.loads(result.stdout)
    return {
        "long_recording_ready_seconds": figures["ready"],
        "long_recording_peak_mb": figures["peak_mb"],
    }


if __name__ == "__main__":
    for key, value in measure(float(sys.argv[1]) if len(sys.argv) > 1 else 30.0).items():
        print(f"{key}: {value:.3f}")
