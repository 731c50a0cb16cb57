"""Property-based: random and mutated documents never make the loader raise, and every
rejection names a line."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regulate.loader import load_exercise, load_pack
from regulate.timeline import Timeline
from tests.clocks import FakeClock
from tests.helpers import FORMAT_EXERCISE, FORMAT_PACK, fuzz_examples

# REGULATE_FUZZ_EXAMPLES: an exact count, for the long run on demand
EXAMPLES = int(os.environ.get("REGULATE_FUZZ_EXAMPLES", "0") or 0) or fuzz_examples(300)
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10, 5000), st.floats(allow_nan=True),
    st.text(max_size=30), st.sampled_from(["4", "20s", "1m30s", "bell", "a.wav", "{region}", "..", "prompt"]),
)  # fmt: skip
_keys = st.one_of(
    st.sampled_from(["title", "kind", "steps", "prompt", "for", "breathe", "inhale", "exhale", "hold",
                     "pause", "cycles", "scan", "regions", "each", "text", "check_in", "cues", "audio",
                     "cue", "format", "tags", "rating", "about", "start"]),
    st.text(max_size=8),
)  # fmt: skip
_documents = st.recursive(
    _scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5), st.dictionaries(_keys, children, max_size=6)
    ),
    max_leaves=40,
)


def _mutations(source: str) -> st.SearchStrategy[bytes]:
    data = source.encode()

    @st.composite
    def mutate(draw: st.DrawFn) -> bytes:
        out = bytearray(data)
        for _ in range(draw(st.integers(1, 6))):
            op = draw(st.sampled_from(["delete", "insert", "flip", "dup"]))
            at = draw(st.integers(0, max(len(out) - 1, 0)))
            if op == "delete":
                del out[at : at + draw(st.integers(1, 20))]
            elif op == "insert":
                out[at:at] = draw(
                    st.one_of(
                        st.binary(min_size=1, max_size=8),
                        st.sampled_from(
                            [b":", b"- ", b"\n", b"&a ", b"*a", b"!!python/name:x ", b"[", b"{"]
                        ),
                    )
                )
            elif op == "flip" and out:
                out[at] = draw(st.integers(0, 255))
            else:
                line_start = out.rfind(b"\n", 0, at) + 1
                line_end = out.find(b"\n", at)
                out[line_start:line_start] = out[
                    line_start : line_end + 1 if line_end >= 0 else len(out)
                ]
        return bytes(out)

    return mutate()


def _assert_clean(loaded) -> None:
    for problem in loaded.problems:
        assert problem.line >= 1 and problem.col >= 1 and problem.message
    if loaded.value is None:
        assert any(p.severity == "error" for p in loaded.problems)
        return
    # what loads must also play: through the timeline, to the end, on a fake clock
    exercises = loaded.value.exercises if hasattr(loaded.value, "exercises") else (loaded.value,)
    for exercise in exercises:
        _play_through(exercise)


def _play_through(exercise) -> None:
    clock = FakeClock()
    timeline = Timeline(exercise, clock, speed=100)
    timeline.start()
    for _ in range(10_000):
        if timeline.status == "finished":
            break
        if timeline.status == "check_in":
            timeline.answer_check_in("continue")
        wait = timeline.seconds_to_next_boundary()
        clock.advance(min(1.0, wait if wait is not None else 1.0) + 1e-6)
        timeline.update()
    assert timeline.status == "finished"
    assert abs(timeline.played_seconds - exercise.seconds) < 1e-3 * max(1.0, exercise.seconds)


@SETTINGS
@given(_documents)
def test_random_documents(tmp_path: Path, document: object) -> None:
    path = tmp_path / "ex.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True))
    _assert_clean(load_exercise(path))


@SETTINGS
@given(_mutations(FORMAT_EXERCISE))
def test_mutated_exercises(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "ex.yaml"
    path.write_bytes(data)
    _assert_clean(load_exercise(path))


_words = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40
)
_step = st.one_of(
    st.builds(lambda t, s: {"prompt": t, "for": s}, _words, st.integers(1, 60)),
    st.builds(
        lambda i, h, e, p, c: {"breathe": {"inhale": i, "hold": h, "exhale": e, "pause": p, "cycles": c}},
        st.floats(1, 15), st.floats(0, 15), st.floats(1, 20), st.floats(0, 15), st.integers(1, 5),
    ),
    st.builds(lambda q: {"check_in": q}, _words),
    st.builds(lambda r, e: {"scan": {"regions": r, "each": e}},
              st.lists(_words, min_size=1, max_size=4), st.integers(1, 30)),
)  # fmt: skip


@SETTINGS
@given(
    st.lists(_step, min_size=1, max_size=8), st.sampled_from(["grounding", "breathing", "mixed"])
)
def test_generated_valid_exercises_load_and_play(tmp_path: Path, steps: list, kind: str) -> None:
    path = tmp_path / "ex.yaml"
    path.write_text(
        yaml.safe_dump({"title": "Generated", "kind": kind, "steps": steps}, allow_unicode=True)
    )
    loaded = load_exercise(path)
    _assert_clean(loaded)
    # made from valid parts, it loads unless a text is only spaces
    texts_ok = all(str(v).strip() for step in steps for v in _texts(step))
    assert (loaded.value is not None) == texts_ok, [str(p) for p in loaded.problems]


def _texts(step: dict) -> list[str]:
    if "prompt" in step:
        return [step["prompt"]]
    if "check_in" in step:
        return [step["check_in"]]
    if "scan" in step:
        return list(step["scan"]["regions"])
    return []


@SETTINGS
@given(_mutations(FORMAT_PACK))
def test_mutated_manifests(tmp_path: Path, data: bytes) -> None:
    folder = tmp_path / "p"
    folder.mkdir(exist_ok=True)
    (folder / "pack.yaml").write_bytes(data)
    (folder / "orienting.yaml").write_text(
        FORMAT_EXERCISE.replace("    audio: voice/intro.wav\n", "")
    )
    _assert_clean(load_pack(folder))
