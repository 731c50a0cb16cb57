"""A recording's length is read before it is decoded, and decoding stops past the longest a
recording may be: a three-hour file costs no more memory than a three-minute one. The files
are silent FLAC at a low rate, made here with PyAV: three hours in a few hundred kilobytes."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest

from regulate.audio import voice
from regulate.audio.recordings import inspect

RATE = 1000  # Hz: read at this rate too, so that even a failing run stays small in memory


def _silent_flac(path: Path, seconds: int) -> Path:
    with av.open(str(path), "w") as out:
        stream: Any = out.add_stream("flac", rate=RATE, layout="mono")
        minute = np.zeros((1, RATE * 60), dtype=np.int16)
        for at in range(0, seconds * RATE, minute.shape[1]):
            frame = av.AudioFrame.from_ndarray(minute, format="s16", layout="mono")
            frame.sample_rate, frame.pts = RATE, at
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def _peak(work: Callable[[], object]) -> tuple[int, object]:
    """The most memory Python and numpy held at once while `work` ran, and its result (or the
    error it raised)."""
    tracemalloc.start()
    try:
        result: object = work()
    except Exception as exc:  # the refusal is the result here
        result = exc
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak, result


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("long")
    return {
        "three minutes": _silent_flac(folder / "short.flac", 3 * 60),
        "three hours": _silent_flac(folder / "long.flac", 3 * 60 * 60),
    }


def test_a_three_hour_file_is_refused_before_it_is_decoded(files: dict[str, Path]) -> None:
    assert files["three hours"].stat().st_size < 2_000_000  # small on disk, long in time
    short_peak, short = _peak(lambda: voice.read(files["three minutes"], RATE))
    long_peak, long = _peak(lambda: voice.read(files["three hours"], RATE))
    assert isinstance(short, np.ndarray) and short.size == 3 * 60 * RATE
    assert isinstance(long, voice.VoiceError)
    assert "lasts 3:00:00; a recording may last at most 20 minutes" in str(long)
    assert long_peak < short_peak  # decoded whole it would be 60 times the three minutes


def test_a_container_that_says_less_than_it_holds_is_decoded_no_further_than_the_limit(
    files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(voice, "probe_seconds", lambda path: 60.0)  # 'one minute', it says
    peak, result = _peak(lambda: voice.read(files["three hours"], RATE))
    assert isinstance(result, voice.VoiceError) and "at most 20 minutes" in str(result)
    whole = 3 * 60 * 60 * RATE * 4  # bytes of float samples, had it all been decoded
    assert peak < whole / 3


def test_check_reads_a_three_hour_file_s_length_without_decoding_it(
    files: dict[str, Path],
) -> None:
    peak, said = _peak(lambda: inspect(files["three hours"]))
    assert (
        said
        == "lasts 3:00:00; a recording may last at most 20 minutes (split a longer one across steps)"
    )
    assert peak < 1_000_000
