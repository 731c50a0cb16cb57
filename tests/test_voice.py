"""The therapist's voice from any phone or microphone, at one gentle loudness: recordings made
here with PyAV as phones make them (AAC in M4A, Opus in .opus/.ogg/.webm, AMR in 3GP), taken
through check, pack zip, voice add and record, and a client's install without the extra."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import numpy as np
import pytest

from regulate.audio import voice
from regulate.audio.recordings import RecordingInfo, inspect
from regulate.system.paths import install_command
from tests.helpers import Ran, regulate
from tests.voices import make_recording, voice_samples

PHONES = [".m4a", ".opus", ".ogg", ".webm", ".3gp"]


def _regulate(*args: str, cwd: Path, without_extra: bool = False, stdin: str = "") -> Ran:
    """`regulate ARGS` in this process; `without_extra`: as a client's plain install runs it,
    without the voice extra (PyAV can't be imported)."""
    if not without_extra:
        return regulate(*args, cwd=cwd, stdin=stdin)
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(sys.modules, "av", None)
        return regulate(*args, cwd=cwd, stdin=stdin)


def _pack(folder: Path, recordings: dict[str, float]) -> Path:
    """A pack with one exercise whose steps play the recordings (name: level in dBFS)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pack.yaml").write_text("id: week2\nname: Week 2\nsupport: Call me.\n")
    steps = ""
    for name, level in recordings.items():
        make_recording(folder / name, seconds=4.0, level_db=level)
        steps += f"  - prompt: Listen along.\n    for: 20\n    audio: {name}\n"
    (folder / "voice.yaml").write_text(f"title: With my voice\nkind: grounding\nsteps:\n{steps}")
    return folder


def test_loudness_is_bs1770s() -> None:
    """The standard's own calibration: a 997 Hz sine at -20 dBFS reads -23.0 LUFS."""
    for rate in (48000, 22050):
        t = np.arange(rate * 5) / rate
        sine = (0.1 * np.sin(2 * np.pi * 997 * t)).astype(np.float32)
        assert voice.loudness(sine, rate) == pytest.approx(-23.01, abs=0.1)
    assert voice.loudness(np.zeros(22050 * 3, dtype=np.float32)) == float("-inf")
    # silence between the words doesn't lower it: the gates leave it out
    words = voice_samples(4.0, 22050, -12.0, silence=0.0)
    spaced = voice_samples(4.0, 22050, -12.0, silence=6.0)
    assert voice.loudness(spaced) == pytest.approx(voice.loudness(words), abs=0.5)


@pytest.mark.parametrize("suffix", PHONES)
def test_a_phones_recording_is_read_and_its_length_known(tmp_path: Path, suffix: str) -> None:
    if suffix == ".3gp":  # newer PyAV wheels decode AMR but no longer encode it: made once
        path = tmp_path / "memo.3gp"
        path.write_bytes((Path(__file__).parent / "data" / "voice-memo.3gp").read_bytes())
    else:
        path = make_recording(tmp_path / f"memo{suffix}", seconds=4.0, silence=1.0)
    info = inspect(path)
    assert isinstance(info, RecordingInfo) and info.convert
    assert info.seconds == pytest.approx(6.0, abs=0.15)
    assert voice.read(path).size / voice.SPEECH_RATE == pytest.approx(6.0, abs=0.15)


def test_two_recordings_20_db_apart_end_within_2_db_trimmed_and_never_clipped(
    tmp_path: Path,
) -> None:
    quiet = voice.read(make_recording(tmp_path / "whisper.m4a", level_db=-30.0, silence=2.0))
    loud = voice.read(make_recording(tmp_path / "near.opus", level_db=-10.0, silence=2.0))
    assert voice.loudness(loud) - voice.loudness(quiet) == pytest.approx(20, abs=1)
    made = [voice.prepare(quiet), voice.prepare(loud)]
    assert abs(made[0].lufs - made[1].lufs) <= 2.0
    for prepared in made:
        assert abs(prepared.lufs - voice.TARGET_LUFS) <= 1.0
        assert float(np.abs(prepared.samples).max()) <= voice.CEILING + 1e-6
        # two seconds of silence before and after: trimmed to what is kept as a breath
        assert prepared.samples.size / voice.SPEECH_RATE == pytest.approx(4.0 + 0.9, abs=0.3)
    very_loud = voice.prepare(
        voice_samples(4.0, 22050, -0.1, silence=0.5) * 0
        + np.sign(voice_samples(4.0, 22050, -0.1, silence=0.5)) * 0.98
    )
    assert float(np.abs(very_loud.samples).max()) <= voice.CEILING + 1e-6


def test_pack_zip_gives_only_what_every_install_plays_at_one_loudness(tmp_path: Path) -> None:
    """Done, as the issue says it: an AAC .m4a and an Opus voice note 20 dB apart go into a
    pack; the zip holds only MP3s, within 2 dB of each other; check of that zip passes where
    the extra is not installed; the therapist's own files are untouched."""
    folder = _pack(tmp_path / "week2", {"memo.m4a": -10.0, "note.opus": -30.0, "old.wav": -20.0})
    own = {p.name: p.read_bytes() for p in folder.iterdir()}
    zipped = _regulate("pack", "zip", "week2", "-o", "week2.zip", cwd=tmp_path)
    assert zipped.returncode == 0, zipped.stderr
    assert (
        "memo.m4a -> memo.mp3" in zipped.stdout and "Your own files are unchanged" in zipped.stdout
    )
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == own
    with zipfile.ZipFile(tmp_path / "week2.zip") as archive:
        names = sorted(archive.namelist())
        exercise = archive.read("week2/voice.yaml").decode()
        archive.extractall(tmp_path / "out")
    assert names == ["week2/memo.mp3", "week2/note.mp3", "week2/old.mp3", "week2/pack.yaml",
                     "week2/voice.yaml"]  # fmt: skip
    assert "audio: memo.mp3" in exercise and ".m4a" not in exercise and ".opus" not in exercise
    levels = [voice.loudness(voice.read(tmp_path / "out" / "week2" / n)) for n in
              ("memo.mp3", "note.mp3", "old.mp3")]  # fmt: skip
    assert max(levels) - min(levels) <= 2.0
    client = _regulate("check", "week2.zip", cwd=tmp_path, without_extra=True)
    assert client.returncode == 0 and "No problems found" in client.stdout, client.stdout
    added = _regulate("pack", "add", "week2.zip", cwd=tmp_path, without_extra=True)
    assert added.returncode == 0, added.stderr


@pytest.mark.slow
def test_five_minutes_of_voice_is_a_few_megabytes(tmp_path: Path) -> None:
    folder = tmp_path / "long"
    folder.mkdir()
    (folder / "pack.yaml").write_text("id: long\nname: Long\nsupport: Call me.\n")
    make_recording(folder / "talk.m4a", seconds=300.0, silence=0.5)
    (folder / "talk.yaml").write_text(
        "title: Talk\nkind: grounding\nsteps:\n  - prompt: Listen.\n    for: 310\n"
        "    audio: talk.m4a\n"
    )
    assert _regulate("pack", "zip", "long", "-o", "long.zip", cwd=tmp_path).returncode == 0
    with zipfile.ZipFile(tmp_path / "long.zip") as archive:
        size = archive.getinfo("long/talk.mp3").file_size
    assert size <= 3 * 1024 * 1024  # 64 kb/s mono: about 2.4 MB


def test_check_with_and_without_the_extra(tmp_path: Path) -> None:
    _pack(tmp_path / "week2", {"memo.m4a": -10.0, "note.ogg": -34.0})
    make_recording(tmp_path / "week2" / "late.wav", level_db=-12.0, silence=3.0)
    exercise = tmp_path / "week2" / "voice.yaml"
    exercise.write_text(
        exercise.read_text() + "  - prompt: Late.\n    for: 20\n    audio: late.wav\n"
    )
    therapist = _regulate("check", "week2", cwd=tmp_path)
    assert therapist.returncode == 0, therapist.stdout
    out = therapist.stdout
    assert out.count("[recording-converted]") == 2  # the M4A and the Opus voice note
    assert "'note.ogg' is" in out and "quieter than the pack's other recordings" in out
    assert "'late.wav' starts with 3 seconds of silence" in out
    assert "week2/memo.m4a: 0:06, in step 1 of 'With my voice' (0:20); loudness" in out
    notes = _regulate("check", "week2", "--format", "json", cwd=tmp_path).stdout
    assert '"rule": "recording"' in notes and "LUFS" in notes
    client = _regulate("check", "week2", cwd=tmp_path, without_extra=True)
    assert client.returncode == 1
    assert client.stdout.count(install_command("voice")) == 2  # both named, with the way


def test_voice_add_puts_a_recording_into_a_step_and_never_leaves_a_half_change(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "week2"
    folder.mkdir()
    (folder / "pack.yaml").write_text("id: week2\nname: Week 2\nsupport: Call me.\n")
    (folder / "look.yaml").write_text(
        textwrap.dedent("""\
        title: Look
        kind: grounding
        steps:
          - prompt: |
              Look around.
              Slowly.
            for: 20
          - {prompt: On one line., for: 10}
    """)
    )
    memo = make_recording(tmp_path / "memo.m4a", level_db=-30.0)
    put = _regulate("voice", "add", "week2", "look", "1", str(memo), cwd=tmp_path)
    assert put.returncode == 0, put.stderr
    assert "Step 1 of 'Look' now plays voice/look-step1.mp3" in put.stdout
    assert (folder / "voice" / "look-step1.mp3").is_file()
    checked = _regulate("check", "week2", cwd=tmp_path, without_extra=True)
    assert checked.returncode == 0 and "voice/look-step1.mp3: 0:05" in checked.stdout
    again = _regulate("voice", "add", "week2", "look.yaml", "1", str(memo), "--replace",
                      cwd=tmp_path)  # fmt: skip
    assert "instead" in again.stdout  # replaced, not added twice
    assert (folder / "look.yaml").read_text().count("audio:") == 1
    before = {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    for args, said in [
        (("look", "3", str(memo)), "there is no step 3"),
        (("nope", "1", str(memo)), "no exercise 'nope'"),
        (("look", "1", "/dev/zero"), "not a file"),  # a device: said by the door
        (("look", "1", str(folder / "pack.yaml")), "can't be read as sound"),
    ]:
        refused = _regulate("voice", "add", "week2", *args, "--replace", cwd=tmp_path)
        assert refused.returncode == 1 and said in refused.stderr, refused.stderr
        assert {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    # a step written on one line takes its recording on that line, in the same style
    flow = _regulate("voice", "add", "week2", "look", "2", str(memo), cwd=tmp_path)
    assert flow.returncode == 0, flow.stderr
    text = (folder / "look.yaml").read_text()
    assert "  - {prompt: On one line., audio: voice/look-step2.mp3, for: 10}\n" in text
    assert "  - prompt: |\n      Look around.\n      Slowly.\n" in text  # the rest as it was


def _microphone(tmp_path: Path) -> Path:
    """Two seconds of voice as a microphone hears it, for ALSA's file plugin's `infile`; quiet
    after it, as the plugin over "null" hands capture over faster than real time, and a file
    that ran out before --seconds ended the take with an error under load."""
    heard_voice = voice_samples(2.0, voice.SPEECH_RATE, -24.0, silence=0.3)
    microphone = tmp_path / "microphone.raw"
    quiet = np.zeros(int(10 * voice.SPEECH_RATE), dtype="<i2").tobytes()
    microphone.write_bytes((heard_voice * 32767).astype("<i2").tobytes() + quiet)
    return microphone


def _record(tmp_path: Path, env: dict[str, str], typed: str) -> tuple[int, str, str]:
    """`regulate record week2 look 1` for 2.5 seconds; `typed` once the take is over (typed at
    once, a line ended the take before half a second was heard on a busy machine)."""
    person = subprocess.Popen(
        [sys.executable, "-m", "regulate", "record", "week2", "look", "1", "--seconds", "2.5",
         "--count-in", "0"],
        cwd=tmp_path, env={**env, "PYTHONUNBUFFERED": "1"}, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert person.stdout is not None and person.stdin is not None
    said = []
    for line in person.stdout:
        said.append(line)
        if "Recorded" in line:
            break
    person.stdin.write(typed)
    person.stdin.flush()
    rest, err = person.communicate(timeout=60)
    return person.returncode, "".join(said) + rest, err


def _week2(tmp_path: Path) -> Path:
    folder = tmp_path / "week2"
    folder.mkdir()
    (folder / "pack.yaml").write_text("id: week2\nname: Week 2\nsupport: Call me.\n")
    (folder / "look.yaml").write_text(
        "title: Look\nkind: grounding\nrating: false\ncues: {start: none, step: none, end: none}\n"
        "steps:\n  - prompt: Look around.\n    for: 3\n"
    )
    return folder


@pytest.mark.sound
def test_a_recording_made_at_the_microphone_lands_in_the_pack_and_plays(tmp_path: Path) -> None:
    """The microphone is ALSA's file plugin reading a voice from a file (`infile`); the step
    then plays it, heard at real-time pace through the same plugin."""
    from tests.sound_harness import RealtimeEar

    folder = _week2(tmp_path)
    microphone = _microphone(tmp_path)
    home = tmp_path / "mic-home"
    home.mkdir()
    (home / ".asoundrc").write_text(
        f'pcm.!default {{\n  type file\n  slave.pcm "null"\n  file "/dev/null"\n'
        f'  infile "{microphone}"\n  format "raw"\n}}\n'
    )
    code, out, err = _record(tmp_path, {**os.environ, "HOME": str(home)}, "k\n")
    assert code == 0, (out, err)
    assert "Recorded 2 seconds" in out or "Recorded 3 seconds" in out
    assert "Step 1 of 'Look' now plays voice/look-step1.mp3" in out
    ear = RealtimeEar(tmp_path / "ear")
    with ear:
        played = subprocess.run(
            [sys.executable, "-m", "regulate", "play", str(folder / "look.yaml"), "--plain",
             "--sound"], input="\n", env={**os.environ, "HOME": str(ear.home),
             "REGULATE_SOUND_LIBRARY": "miniaudio"}, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert played.returncode == 0, played.stderr
    loud = [s for s in ear.samples() if abs(s) > 300]
    assert len(loud) > 0.5 * 44100  # the recorded voice, heard


def test_without_a_microphone_record_says_so_and_changes_nothing(tmp_path: Path) -> None:
    _pack(tmp_path / "week2", {"memo.m4a": -20.0})
    home = tmp_path / "home"
    home.mkdir()
    (home / ".asoundrc").write_text("pcm.!default {\n  type hw\n  card 7\n}\n")
    before = sorted(p.name for p in (tmp_path / "week2").iterdir())
    person = subprocess.run(
        [sys.executable, "-m", "regulate", "record", "week2", "voice", "1", "--count-in", "0"],
        cwd=tmp_path, env={**os.environ, "HOME": str(home)}, input="\n", capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip
    assert person.returncode == 1
    assert person.stderr.startswith("No microphone could be opened")
    assert "ALSA" not in person.stderr
    assert sorted(p.name for p in (tmp_path / "week2").iterdir()) == before


def test_a_pack_handed_over_with_a_phones_recording_says_to_make_it_with_pack_zip(
    tmp_path: Path,
) -> None:
    """FORMAT: a pack as handed to a client holds only the four formats, even where the
    extra is installed; a phone's format there says to make the pack with pack zip."""
    _pack(tmp_path / "week2", {"memo.m4a": -20.0})
    with zipfile.ZipFile(tmp_path / "raw.zip", "w") as archive:
        for path in (tmp_path / "week2").iterdir():
            archive.write(path, f"week2/{path.name}")
    for args in (("check", "raw.zip"), ("pack", "add", "week2"), ("pack", "add", "raw.zip")):
        refused = _regulate(*args, cwd=tmp_path)
        assert refused.returncode == 1, (args, refused.stdout)
        assert "make the pack with 'regulate pack zip'" in refused.stdout + refused.stderr


@pytest.mark.sound
def test_a_take_listened_back_is_heard_and_leaving_keeps_nothing(tmp_path: Path) -> None:
    """`l` plays the take back through the default device; q then leaves the pack as it was.
    The microphone is a file (ALSA's file plugin, `infile`) and the speaker is heard at
    real-time pace (the harness's ear), two halves of one device (ALSA's asym plugin)."""
    from tests.sound_harness import RealtimeEar

    folder = _week2(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    microphone = _microphone(tmp_path)
    ear = RealtimeEar(tmp_path / "home")
    (ear.home / ".asoundrc").write_text(
        f"pcm.!default {{\n  type asym\n"
        f'  playback.pcm {{ type file\n slave.pcm "null"\n file "{ear.pipe}"\n format "raw" }}\n'
        f'  capture.pcm {{ type file\n slave.pcm "null"\n file "/dev/null"\n'
        f'    infile "{microphone}"\n format "raw" }}\n}}\n'
    )
    env = {**os.environ, "HOME": str(ear.home), "REGULATE_SOUND_LIBRARY": "miniaudio"}
    with ear:
        code, out, err = _record(tmp_path, env, "l\nq\n")  # listen back, then leave
    assert code == 0, (out, err)
    assert "(at most 2.5 seconds)" in out
    assert "k keeps it, r records again, q leaves without keeping:" in out  # asked again
    assert "Nothing was kept; the pack is as it was." in out
    loud = [s for s in ear.samples() if abs(s) > 300]
    assert len(loud) > 0.5 * 44100, len(loud)  # the take, heard back
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
