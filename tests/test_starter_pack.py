"""The bundled starter pack: clean under check, and true to docs/CONTENT.md's brief."""

from __future__ import annotations

from regulate.domain.model import Breathe, CheckIn, Prompt, Scan
from regulate.loader import load_pack
from regulate.system.paths import starter_pack


def _pack():
    loaded = load_pack(starter_pack(), "exercises")
    assert [str(p) for p in loaded.problems] == []  # no error and no warning
    return loaded.value


def test_eight_exercises_with_the_briefed_totals() -> None:
    pack = _pack()
    totals = {e.id: (e.kind, e.seconds) for e in pack.exercises}
    assert totals == {
        "notice-the-room": ("grounding", 120),
        "five-senses": ("grounding", 180),
        "feet-on-the-floor": ("grounding", 90),
        "longer-out-breath": ("breathing", 180),
        "resonance-breathing": ("breathing", 300),
        "sigh-and-settle": ("breathing", 120),
        "hands-and-feet": ("body_scan", 240),
        "body-scan-with-choices": ("body_scan", 630),  # 10:00-12:00 in the brief
    }


def test_settle_support_and_rating_labels() -> None:
    pack = _pack()
    assert pack.settle == "notice-the-room"
    assert pack.rating.low.startswith("Not calm at all") and pack.rating.high.startswith(
        "Completely"
    )
    assert pack.rating.mid.startswith("Partly calm")
    text = " ".join(pack.support.text.split())
    assert "local emergency number" in text and not any(ch.isdigit() for ch in text)


def test_every_exercise_ends_with_looking_around_and_has_no_holds() -> None:
    for exercise in _pack().exercises:
        last = exercise.steps[-1]
        assert isinstance(last, Prompt), exercise.id
        assert "look" in last.text.lower(), exercise.id
        assert not exercise.has_holds, exercise.id


def test_breathing_numbers_match_the_brief() -> None:
    exercises = {e.id: e for e in _pack().exercises}
    longer = [s for s in exercises["longer-out-breath"].steps if isinstance(s, Breathe)]
    assert [(s.inhale, s.exhale, s.cycles) for s in longer] == [(4, 6, 15)]
    resonance = exercises["resonance-breathing"].steps
    assert [type(s) for s in resonance] == [Prompt, Breathe, CheckIn, Breathe, Prompt]
    assert all(s.inhale == 5.5 and s.exhale == 5.5 for s in resonance if isinstance(s, Breathe))


def test_breath_and_body_exercises_offer_the_room_as_an_alternative() -> None:
    for exercise in _pack().exercises:
        if exercise.kind in ("breathing", "body_scan"):
            assert (exercise.about and "o to notice the room" in exercise.about) or "sounds" in (
                exercise.about or ""
            ), exercise.id
    body = {e.id: e for e in _pack().exercises}["body-scan-with-choices"]
    regions = [r for s in body.steps if isinstance(s, Scan) for r in s.regions]
    # up to the shoulders: the neck, the head and the torso are left to a therapist's copy
    assert regions[-1] == "shoulders" and len(regions) == 7
    assert not {"chest", "belly", "pelvis", "face", "neck", "head"} & set(regions)
    assert "the chair or floor holding you up" in regions and "seat" not in " ".join(regions)
    assert any(isinstance(s, CheckIn) for s in body.steps)
