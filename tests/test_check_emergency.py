"""check warns when a pack's support has no emergency line of its own (issue 36 item 3): the
client then sees regulate's general line, and the therapist is told so."""

from __future__ import annotations

from pathlib import Path

import pytest

from regulate.cli import main
from regulate.system.paths import starter_pack

EXERCISE = "title: One\nkind: grounding\nsteps:\n  - prompt: Look around.\n    for: 20s\n"


def _pack(folder: Path, support: str) -> Path:
    folder.mkdir()
    (folder / "pack.yaml").write_text(f"name: Mine\nsupport:\n{support}", encoding="utf-8")
    (folder / "one.yaml").write_text(EXERCISE, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "this support has no 'emergency' line"),
        ("es", "este apoyo no tiene línea 'emergency'"),
    ],
)
def test_support_without_an_emergency_line_is_warned_in_both_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], language: str, said: str
) -> None:
    folder = _pack(tmp_path / "p", "  text: Put your feet on the floor.\n")
    assert main(["--language", language, "check", str(folder)]) == 0
    out = capsys.readouterr().out
    assert said in out and "[no-emergency]" in out
    assert main(["check", "--strict=no-emergency", str(folder)]) == 1


def test_no_warning_with_an_emergency_line_or_the_safety_line_in_the_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    own = _pack(tmp_path / "own", "  text: Words.\n  emergency: Call 112.\n")
    said = _pack(
        tmp_path / "said",
        "  text: Words. regulate is not an emergency service. If you are in danger, contact "
        "your local emergency number.\n",
    )
    for folder in (own, said, starter_pack("en"), starter_pack("es")):
        assert main(["check", "--strict=no-emergency", str(folder)]) == 0, folder
    assert "no-emergency" not in capsys.readouterr().out
