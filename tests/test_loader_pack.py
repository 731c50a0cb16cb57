"""The manifest, pack.yaml: each rule of docs/FORMAT.md with a valid and an invalid case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from regulate.domain.model import DEFAULT_RATING
from regulate.loader import load_pack
from tests.helpers import lines

EX = (
    "title: Look\nkind: grounding\nsteps:\n  - prompt: Look slowly around the room.\n    for: 20s\n"
)
SUPPORT = "support: Talk to someone you trust.\n"


def test_minimal_pack_defaults(pack_dir) -> None:
    loaded = pack_dir(
        {"pack.yaml": "name: Mine\n" + SUPPORT, "b.yaml": EX, "a.yaml": EX}, "My Pack!"
    )
    assert lines(loaded) == []
    pack = loaded.value
    assert pack.id == "my-pack"  # the folder name, slugified
    assert [e.id for e in pack.exercises] == ["a", "b"]  # every *.yaml by file name
    assert pack.rating == DEFAULT_RATING and pack.homework is None
    assert pack.support.text == "Talk to someone you trust." and loaded.files == 3


def test_name_is_required(pack_dir) -> None:
    assert lines(pack_dir({"pack.yaml": "author: Me\n" + SUPPORT, "a.yaml": EX})) == [
        "week3-settling/pack.yaml:1:1: error: pack.yaml needs 'name', which is missing"
    ]


def test_missing_manifest(pack_dir, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    assert lines(load_pack(folder, "p")) == [
        "p/pack.yaml:1:1: error: this file can't be read (there is no such file or folder)"
    ]


def test_id_must_be_a_slug(pack_dir) -> None:
    got = lines(pack_dir({"pack.yaml": "name: X\nid: Week 3\n" + SUPPORT, "a.yaml": EX}))
    assert got == [
        "week3-settling/pack.yaml:2:5: error: 'id' may hold lower-case letters, digits and '-' "
        "(such as week3-settling), at most 64 of them; got 'Week 3'"
    ]
    assert pack_dir({"pack.yaml": "name: X\nid: wk-3\n" + SUPPORT, "a.yaml": EX}).value.id == "wk-3"


def test_exercises_listed_must_exist_and_order_is_kept(pack_dir) -> None:
    loaded = pack_dir(
        {
            "pack.yaml": "name: X\nexercises: [b.yaml, a.yaml]\n" + SUPPORT,
            "a.yaml": EX,
            "b.yaml": EX,
        }
    )
    assert [e.id for e in loaded.value.exercises] == ["b", "a"]
    got = lines(
        pack_dir(
            {
                "pack.yaml": "name: X\n" + SUPPORT + "exercises:\n  - a.yaml\n  - missing.yaml\n",
                "a.yaml": EX,
            },
            "other",
        )
    )
    assert got == [
        "other/pack.yaml:5:5: error: 'missing.yaml' is listed under exercises but there is no such file"
    ]


def test_exercise_listed_twice_outside_or_not_yaml(pack_dir) -> None:
    got = lines(
        pack_dir(
            {
                "pack.yaml": "name: X\n"
                + SUPPORT
                + "exercises: [a.yaml, a.yaml, ../a.yaml, notes.txt]\n",
                "a.yaml": EX,
            }
        )
    )
    assert got == [
        "week3-settling/pack.yaml:3:21: error: 'a.yaml' is listed twice under exercises (first on line 3)",
        "week3-settling/pack.yaml:3:29: error: '../a.yaml' leads outside the pack folder; keep exercises inside it",
        "week3-settling/pack.yaml:3:40: error: 'notes.txt' can't be an exercise; exercises are .yaml files other than pack.yaml",
    ]


def test_unlisted_exercise_file_warns(pack_dir) -> None:
    got = lines(
        pack_dir(
            {"pack.yaml": "name: X\nexercises: [a.yaml]\n" + SUPPORT, "a.yaml": EX, "b.yaml": EX}
        )
    )
    assert got == [
        "week3-settling/pack.yaml:2:12: warning: 'b.yaml' is in the pack folder but not listed under "
        "exercises, so clients won't see it"
    ]


def test_pack_without_exercises(pack_dir) -> None:
    assert lines(pack_dir({"pack.yaml": "name: X\n" + SUPPORT})) == [
        "week3-settling/pack.yaml:1:1: error: this pack has no exercises; put exercise .yaml files beside pack.yaml"
    ]


def test_more_than_200_exercises(pack_dir) -> None:
    files = {f"e{i:03}.yaml": EX for i in range(201)}
    got = lines(pack_dir({"pack.yaml": "name: X\n" + SUPPORT, **files}))
    assert got == [
        "week3-settling/pack.yaml:1:1: error: this pack has 201 exercise files; a pack may have at most 200"
    ]


def test_errors_in_every_file_are_all_reported(pack_dir) -> None:
    bad = EX.replace("for: 20s", "for: soon")
    got = lines(
        pack_dir({"pack.yaml": "name: X\nauthr: me\n" + SUPPORT, "a.yaml": bad, "b.yaml": bad})
    )
    assert [g.split(": error")[0] for g in got] == [
        "week3-settling/pack.yaml:2:1",
        "week3-settling/a.yaml:5:10",
        "week3-settling/b.yaml:5:10",
    ]
    assert "did you mean 'author'?" in got[0]


def test_homework_rules(pack_dir) -> None:
    def homework(text: str) -> list[str]:
        return lines(pack_dir({"pack.yaml": "name: X\n" + SUPPORT + text, "a.yaml": EX}))

    assert homework("homework: {times: 2, per: week, from: 2026-11-20, until: 2026-12-04}\n") == []
    assert homework("homework: {per: week}\n") == [
        "week3-settling/pack.yaml:3:11: error: 'homework' needs 'times', which is missing"
    ]
    assert homework("homework: {times: 21, per: day}\n") == [
        "week3-settling/pack.yaml:3:19: error: 'times' must be a whole number from 1 to 20; got '21'"
    ]
    assert homework("homework: {times: 1, per: month}\n") == [
        "week3-settling/pack.yaml:3:27: error: 'per' must be one of day | week; got 'month'"
    ]
    assert homework("homework: {times: 1, per: day, from: 20/11/2026}\n") == [
        "week3-settling/pack.yaml:3:38: error: 'from' must be a date written as YYYY-MM-DD, such as "
        "2026-11-20; got '20/11/2026'"
    ]
    assert homework("homework: {times: 1, per: day, from: 2026-11-20, until: 2026-11-01}\n") == [
        "week3-settling/pack.yaml:3:57: error: 'until' (2026-11-01) is before 'from' (2026-11-20)"
    ]


def test_rating_overrides_and_threshold(pack_dir) -> None:
    loaded = pack_dir(
        {
            "pack.yaml": "name: X\n"
            + SUPPORT
            + "rating: {question: How settled?, low: Not at all, high: Very, threshold: 3}\n",
            "a.yaml": EX,
        }
    )
    rating = loaded.value.rating
    assert (rating.question, rating.low, rating.high, rating.threshold) == (
        "How settled?",
        "Not at all",
        "Very",
        3,
    )
    assert rating.mid == DEFAULT_RATING.mid
    got = lines(
        pack_dir({"pack.yaml": "name: X\n" + SUPPORT + "rating: {threshold: 10}\n", "a.yaml": EX})
    )
    assert got == [
        "week3-settling/pack.yaml:3:21: error: 'threshold' must be a whole number from 0 to 9; got '10'"
    ]


def test_support_forms_and_warnings(pack_dir) -> None:
    today = dt.date(2026, 11, 22)
    loaded = pack_dir(
        {
            "pack.yaml": "name: X\nsupport:\n  text: Call me.\n  reviewed: 2026-01-01\n"
            "  emergency: Call 112.\n",
            "a.yaml": EX,
        }
    )
    assert lines(loaded) == [] and loaded.value.support.reviewed == dt.date(2026, 1, 1)
    folder = loaded.value.folder
    (folder / "pack.yaml").write_text(
        "name: X\nsupport:\n  text: Call me.\n  reviewed: 2025-10-01\n  emergency: Call 112.\n"
    )
    assert lines(load_pack(folder, "p", today=today)) == [
        "p/pack.yaml:4:13: warning: the support text was last reviewed on 2025-10-01, more than 12 "
        "months ago; you might read it through with the client and update the date"
    ]
    (folder / "pack.yaml").write_text("name: X\n")
    assert lines(load_pack(folder, "p")) == [
        "p/pack.yaml:1:1: warning: this pack has no 'support'; a client who feels worse will see "
        "only a short general text - you might add a support block written for this client"
    ]
    (folder / "pack.yaml").write_text("name: X\nsupport:\n  contact: me\n")
    assert lines(load_pack(folder, "p")) == [
        "p/pack.yaml:3:3: error: 'support' needs 'text', which is missing"
    ]
    # words for one moment: before (a low rating before starting) and after (it felt harder)
    (folder / "pack.yaml").write_text(
        "name: X\nsupport:\n  text: Call me.\n  before: Start where you are.\n"
        "  after: It felt harder.\n"
    )
    support = load_pack(folder, "p").value.support
    assert (support.before, support.after) == ("Start where you are.", "It felt harder.")
    (folder / "pack.yaml").write_text(
        "name: X\nsupport:\n  text: Call me.\n  before: [1]\n  afer: x\n  emergency: Call 112.\n"
    )
    assert lines(load_pack(folder, "p")) == [
        "p/pack.yaml:4:11: error: 'before' must be text; got a list",
        "p/pack.yaml:5:3: error: unknown key 'afer'; did you mean 'after'?",
    ]


def test_settle_names_an_exercise(pack_dir) -> None:
    loaded = pack_dir({"pack.yaml": "name: X\n" + SUPPORT + "settle: a.yaml\n", "a.yaml": EX})
    assert loaded.value.settle == "a" and loaded.value.exercise("a") is not None
    got = lines(pack_dir({"pack.yaml": "name: X\n" + SUPPORT + "settle: b.yaml\n", "a.yaml": EX}))
    assert got == [
        "week3-settling/pack.yaml:3:9: error: 'settle' must name one of this pack's exercise "
        "files, such as a.yaml; got 'b.yaml'"
    ]


def test_newer_format_stops_reading_the_pack(pack_dir) -> None:
    got = lines(pack_dir({"pack.yaml": "format: 3\nname: X\nweird: key\n", "a.yaml": EX}))
    assert got == [
        "week3-settling/pack.yaml:1:9: error: this file was made for a newer version of regulate "
        "(format 3); this version reads format 1 - updating regulate will read it"
    ]


def test_manifest_that_is_a_list(pack_dir) -> None:
    assert lines(pack_dir({"pack.yaml": "- name: X\n", "a.yaml": EX})) == [
        "week3-settling/pack.yaml:1:1: error: pack.yaml must be a mapping of keys such as name, "
        "message and exercises; this one is a list"
    ]


def test_a_misspelled_listed_name_suggests_the_unlisted_file_and_check_reads_it(
    tmp_path: Path,
) -> None:
    """pack.yaml lists 'breathing-46.yaml' but the file is 'breathing-4-6.yaml': the listing
    error names the real file, and `check` still checks the real file's own mistakes."""
    from regulate.packs.check import check

    folder = tmp_path / "week3"
    folder.mkdir()
    (folder / "pack.yaml").write_text("name: X\nexercises: [breathing-46.yaml]\n" + SUPPORT)
    (folder / "breathing-4-6.yaml").write_text(
        "title: B\nkind: breathing\nsteps:\n  - breathe: {inhale: 4, exale: 6, cycles: 3}\n"
    )
    result = check([str(folder)])
    said = [str(p) for p in result.problems]
    assert any(
        "'breathing-46.yaml' is listed under exercises but there is no such file; did you mean "
        "'breathing-4-6.yaml' (in the folder, not listed)?" in line
        for line in said
    )
    assert any("breathing-4-6.yaml:4:26: error: unknown key 'exale'" in line for line in said)


def test_a_mistyped_recording_path_gets_a_suggestion(tmp_path: Path) -> None:
    from tests.helpers import make_wav

    make_wav(tmp_path / "voice" / "intro.wav")
    (tmp_path / "ex.yaml").write_text(
        "title: V\nkind: grounding\nsteps:\n  - prompt: Hi.\n    for: 5\n    audio: voice/intor.wav\n"
    )
    from regulate.loader import load_exercise

    (problem,) = load_exercise(tmp_path / "ex.yaml", "ex.yaml").problems
    assert str(problem).endswith(
        "'audio' names 'voice/intor.wav', but there is no such file; did you mean "
        "'voice/intro.wav'?"
    )
