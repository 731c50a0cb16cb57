"""Where `regulate report -o` writes, and what: the name's ending chooses the format when
--format is left out, a name and a --format that disagree are said to, and none of regulate's
own files or folders is ever written over, --force or not."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regulate.cli import main
from regulate.cli.destinations import refuse_own, report_format
from regulate.history import History, HistoryPlace
from regulate.system import faults
from regulate.system.paths import config_dir, data_dir
from tests.helpers import fuzz_examples


@pytest.fixture(autouse=True)
def _one_session() -> None:
    with History.open() as store:  # a report of no session is never written
        kept = store.start(pack_id="p", pack_name="P", exercise_id="e", exercise_title="E",
                           exercise_sha256="ab" * 32, planned_seconds=60.0, before=5)  # fmt: skip
        store.finish(kept, outcome="completed", played_seconds=60.0, after=6)


@pytest.mark.parametrize(
    ("name", "starts"),
    [("r.md", "# "), ("R.MD", "# "), ("r.markdown", "# "), ("r.html", "<!doctype html>"),
     ("r.htm", "<!doctype html>"), ("r.txt", "<!doctype html>"), ("r", "<!doctype html>")],
)  # fmt: skip
def test_without_format_the_names_ending_chooses_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, starts: str
) -> None:
    assert main(["report", "-o", str(tmp_path / name)]) == 0
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(starts)


def test_a_name_that_contradicts_format_is_said_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "r.html"
    assert main(["report", "--format", "md", "-o", str(target)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"The name {target} ends in .html, which is HTML, and --format asks for Markdown, so "
        "nothing was written; you could leave --format out, or give a name that ends in .md."
    )
    assert not target.exists()
    # agreeing, or a name with no known ending, is written as --format asks
    assert main(["report", "--format", "md", "-o", str(tmp_path / "r.md")]) == 0
    assert main(["report", "--format", "md", "-o", str(tmp_path / "r.txt")]) == 0
    assert (tmp_path / "r.txt").read_text(encoding="utf-8").startswith("# ")
    assert main(["--language", "es", "report", "--format", "html", "-o", "x.md"]) == 2
    assert "termina en .md, que es Markdown" in capsys.readouterr().err


@given(name=st.text(min_size=1, max_size=30), asked=st.sampled_from([None, "html", "md"]))
def test_any_name_gives_one_format_or_one_sentence(name: str, asked: str | None) -> None:
    chosen, said = report_format(asked, name)
    assert chosen in ("html", "md")
    if asked is None:
        assert said is None  # left out, it is never a contradiction
    elif said is not None:
        assert chosen == asked and "--format" in said
        assert not name.lower().endswith(f".{asked}")


def _owns() -> list[Path]:
    history = HistoryPlace.default()
    return [config_dir() / "settings.json", history.path, Path(f"{history.path}-wal"),
            faults.log_path(), data_dir() / "packs-cache.json", history.kept_folder / "x.md",
            data_dir() / "packs" / "mine" / "pack.yaml", data_dir()]  # fmt: skip


@pytest.mark.parametrize("which", range(8))
def test_regulates_own_files_are_never_written_over_even_with_force(
    capsys: pytest.CaptureFixture[str], which: int
) -> None:
    target = _owns()[which]
    if target.name == "settings.json":
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("{}")
    before = target.read_bytes() if target.is_file() else None
    capsys.readouterr()
    assert main(["report", "-o", str(target), "--force"]) == 1
    said = capsys.readouterr().err.strip()
    assert said.startswith(f"{target} is one of regulate's own files or folders, or inside one")
    assert said.endswith("you could choose another name with -o.")
    assert (target.read_bytes() if target.is_file() else None) == before


def test_a_way_round_to_an_own_file_is_refused_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    history = HistoryPlace.default().path
    before = history.read_bytes()
    roundabout = history.parent / ".." / history.parent.name / history.name
    assert main(["report", "-o", str(roundabout), "--force"]) == 1
    os.link(history, tmp_path / "alias.html")
    assert main(["report", "-o", str(tmp_path / "alias.html"), "--force"]) == 1
    assert history.read_bytes() == before
    assert main(["pack", "zip", "anything", "-o", str(history)]) == 2  # no pack: said first
    pack = tmp_path / "mine"
    assert main(["new", str(pack)]) == 0
    assert main(["pack", "zip", str(pack), "--draft", "-o", str(faults.log_path())]) == 1
    assert "is one of regulate's own files" in capsys.readouterr().err
    assert not faults.log_path().exists()


def test_a_new_name_beside_regulates_files_is_written(capsys: pytest.CaptureFixture[str]) -> None:
    # REGULATE_HOME may be the very folder a person works in: only regulate's own names are kept
    target = data_dir() / "report-for-dr-rivera.md"
    assert refuse_own(target) is None
    assert main(["report", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("# ")


@settings(max_examples=fuzz_examples(50), deadline=None)
@given(name=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_refusing_own_places_reads_any_name_without_failing(name: str) -> None:
    said = refuse_own(Path(name))
    assert said is None or "regulate's own files" in said
