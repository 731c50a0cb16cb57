"""The choices of docs/format-choices.md, one test each where the other tests don't cover it."""

from __future__ import annotations

from pathlib import Path

import pytest

from regulate.loader import load_pack
from tests.helpers import lines


@pytest.mark.parametrize(
    ("written", "seconds"), [("1m 30s", 90), ("1:30", 90), ("1m30", 90), ("2.5", 2.5)]
)
def test_more_duration_forms(exercise_file, written: str, seconds: float) -> None:
    loaded = exercise_file(
        f"title: T\nkind: mixed\nsteps:\n  - prompt: Look.\n    for: {written}\n"
    )
    assert loaded.problems == () and loaded.value.steps[0].seconds == seconds


def test_hours_are_not_a_form(exercise_file) -> None:
    got = lines(exercise_file("title: T\nkind: mixed\nsteps:\n  - prompt: Look.\n    for: 1h\n"))
    assert len(got) == 1 and "got '1h'" in got[0]


def test_block_text_keeps_or_folds_line_breaks(exercise_file) -> None:
    kept = exercise_file(
        "title: T\nkind: mixed\nabout: |\n  one\n  two\nsteps:\n  - {prompt: x, for: 1}\n"
    )
    folded = exercise_file(
        "title: T\nkind: mixed\nabout: >\n  one\n  two\n\n  three\nsteps:\n  - {prompt: x, for: 1}\n"
    )
    assert kept.value.about == "one\ntwo"
    assert folded.value.about == "one two\nthree"


def test_curly_apostrophes_are_matched(exercise_file) -> None:
    got = lines(
        exercise_file("title: T\nkind: mixed\nsteps:\n  - prompt: Don\u2019t move.\n    for: 5\n")
    )
    assert len(got) == 1 and "commands stillness" in got[0]


def test_listed_exercises_may_sit_in_subfolders(pack_dir) -> None:
    ex = "title: Look\nkind: grounding\nsteps:\n  - prompt: Look slowly around the room.\n    for: 20s\n"
    loaded = pack_dir(
        {
            "pack.yaml": "name: X\nsupport: Ask.\nexercises: [week1/look.yaml]\n",
            "week1/look.yaml": ex,
        }
    )
    assert lines(loaded) == [] and [e.id for e in loaded.value.exercises] == ["look"]


def test_rating_fields_left_out_keep_the_standard_labels(pack_dir) -> None:
    loaded = pack_dir({"pack.yaml": "name: X\nsupport: Ask.\nrating: {low: Not at all}\n",
                       "a.yaml": "title: A\nkind: mixed\nsteps:\n  - {prompt: x, for: 1}\n"})  # fmt: skip
    rating = loaded.value.rating
    assert rating.low == "Not at all" and rating.question == "How calm do you feel right now?"
    assert rating.threshold == 2


def test_hidden_folders_are_skipped_by_check(tmp_path: Path) -> None:
    from regulate.packs.check import check

    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "junk.yaml").write_text("not: [valid")
    (tmp_path / "ok.yaml").write_text("title: A\nkind: mixed\nsteps:\n  - {prompt: x, for: 1}\n")
    result = check([str(tmp_path)])
    assert result.files == 1 and result.problems == ()


def test_pack_id_from_an_odd_folder_name(tmp_path: Path) -> None:
    folder = tmp_path / "Week 3!"
    folder.mkdir()
    (folder / "pack.yaml").write_text("name: X\nsupport: Ask.\n")
    (folder / "a.yaml").write_text("title: A\nkind: mixed\nsteps:\n  - {prompt: x, for: 1}\n")
    assert load_pack(folder).value.id == "week-3"
