"""A report of nothing is not handed to a therapist: regulate says why, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from regulate.cli import main
from regulate.history import History


def _report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["report", *args])
    return code, capsys.readouterr().err


@pytest.mark.parametrize(
    ("language", "empty", "no_pack"),
    [("en", "There are no sessions to report yet, so no report was written.",
      "There is no pack with the id 'nosuch' among your packs or in your history"),
     ("es", "Todavía no hay sesiones para el informe, así que no se ha escrito ninguno.",
      "No hay ningún paquete con el id 'nosuch' entre tus paquetes ni en tu historial")],
)  # fmt: skip
def test_no_sessions_or_no_such_pack_is_said_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], language: str, empty: str, no_pack: str
) -> None:
    target = tmp_path / "r.html"
    code, said = _report(capsys, "--language", language, "-o", str(target))
    assert (code, said.strip()) == (1, empty)
    code, said = _report(capsys, "--language", language, "--pack", "nosuch", "-o", str(target))
    assert code == 1 and said.startswith(no_pack)
    assert not target.exists()


def test_a_pack_with_sessions_only_in_the_history_still_has_its_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a pack removed since: its sessions are kept, and so is the report of them
    with History.open() as store:
        session = store.start(
            pack_id="gone", pack_name="Gone", exercise_id="e", exercise_title="E",
            exercise_sha256="ab" * 32, planned_seconds=60.0, before=4,
        )  # fmt: skip
        store.finish(session, outcome="completed", played_seconds=60.0, after=6)
    target = tmp_path / "r.md"
    code, said = _report(capsys, "--pack", "gone", "--format", "md", "-o", str(target))
    assert code == 0 and "Gone" in target.read_text(encoding="utf-8")
    code, said = _report(capsys, "--since", "2999-01-01", "-o", str(tmp_path / "later.md"))
    assert code == 1 and "no sessions since 2999-01-01" in said
    assert not (tmp_path / "later.md").exists()
