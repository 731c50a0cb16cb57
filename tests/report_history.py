"""A two-week history as a client might leave it, made through the History API: drops, a stop
in a scan area, a settle exercise chosen after a low moment, a rated-not-started day, a skipped
after-rating, and notes. Shared by the report's tests and for looking at the report by eye
(`python -m tests.report_history` writes it into $REGULATE_HOME)."""

from __future__ import annotations

import datetime as dt

from regulate.history import History

TITLES = {
    "notice-the-room": "Notice the room",
    "longer-out-breath": "Longer out-breath",
    "body-scan-with-choices": "Body scan with choices",
    "hands-and-feet": "Hands and feet",
    "resonance-breathing": "Resonance breathing",
    "five-senses": "5-4-3-2-1 senses",
}
TODAY = dt.date(2026, 12, 6)  # a Sunday: the history runs Monday 23 Nov to today


def fields(exercise_id: str) -> dict[str, object]:
    return {
        "pack_id": "starter", "pack_name": "Starter pack", "exercise_id": exercise_id,
        "exercise_title": TITLES.get(exercise_id, exercise_id), "exercise_sha256": "0" * 64,
        "planned_seconds": 600.0 if exercise_id == "body-scan-with-choices" else 180.0,
    }  # fmt: skip


def two_weeks(store: History, now: list[dt.datetime]) -> dict[str, int]:
    """Fill `store` (whose clock reads now[0]); returns the ids of the sessions tests name."""
    ids: dict[str, int] = {}

    def at(day: int, hour: int, minute: int = 0) -> None:
        month = 11 if day > 15 else 12
        now[0] = dt.datetime(2026, month, day, hour, minute, tzinfo=dt.UTC)

    def done(exercise: str, before: int | None, after: int | None, follows: int | None = None,
             **extra: object) -> int:  # fmt: skip
        sid = store.start(**fields(exercise), before=before, follows=follows)  # type: ignore[arg-type]
        played = 600.0 if exercise == "body-scan-with-choices" else 180.0
        store.finish(sid, outcome="completed", played_seconds=played, after=after, **extra)  # type: ignore[arg-type]
        return sid

    at(23, 9)
    done("notice-the-room", 5, 7)
    at(24, 20)
    ids["drop"] = sid = store.start(**fields("longer-out-breath"), before=6)  # type: ignore[arg-type]
    store.add_choice(sid, "look_around")
    store.add_choice(sid, "support")
    store.finish(sid, outcome="completed", played_seconds=180, after=3)
    at(25, 21)
    ids["scan_stop"] = sid = store.start(**fields("body-scan-with-choices"), before=4)  # type: ignore[arg-type]
    store.add_choice(sid, "skipped_area:Knees and thighs")
    store.finish(sid, outcome="stopped", played_seconds=70, stopped_at_step=2,
                 stopped_where="Shoulders", note="Tight in my shoulders, stopped there.")  # fmt: skip
    store.rate_after(sid, 3)
    at(26, 19)
    ids["low"] = sid = store.not_started(**fields("longer-out-breath"), before=2)  # type: ignore[arg-type]
    store.add_choice(sid, "settle")
    at(26, 19, 1)
    ids["settle_after_low"] = done("notice-the-room", 2, 4, follows=sid,
                                   note="Better with eyes open.")  # fmt: skip
    at(28, 10)
    done("hands-and-feet", 5, 6)
    at(29, 18)
    ids["not_started"] = store.not_started(**fields("five-senses"), before=4)  # type: ignore[arg-type]
    at(30, 8)
    done("longer-out-breath", 5, 5)
    at(1, 21, 40)
    ids["scan_drop"] = sid = store.start(**fields("body-scan-with-choices"), before=6)  # type: ignore[arg-type]
    store.add_choice(sid, "skipped_area:Neck")
    store.add_choice(sid, "settle")
    store.finish(sid, outcome="completed", played_seconds=600, after=3)
    at(1, 21, 52)
    ids["settle_after_drop"] = settle = store.start(
        **fields("notice-the-room"), before=3, follows=sid
    )  # type: ignore[arg-type]
    store.finish(settle, outcome="completed", played_seconds=120, after=5)
    at(2, 7)
    ids["continued"] = sid = store.start(**fields("longer-out-breath"), before=1)  # type: ignore[arg-type]
    store.add_choice(sid, "continued_low")
    store.finish(sid, outcome="completed", played_seconds=180, after=3)
    at(3, 20)
    ids["breath_stop"] = sid = store.start(**fields("resonance-breathing"), before=7)  # type: ignore[arg-type]
    store.finish(sid, outcome="stopped", played_seconds=95, after=5, stopped_at_step=2,
                 stopped_where="Breathing with the guide")  # fmt: skip
    at(4, 12)
    done("five-senses", 4, 6)
    at(5, 22)
    ids["no_after"] = done("longer-out-breath", 8, None)
    at(6, 8, 30)
    done("notice-the-room", 7, 8)
    return ids


if __name__ == "__main__":
    moment = [dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)]
    with History.open(now=lambda: moment[0]) as history:
        two_weeks(history, moment)
