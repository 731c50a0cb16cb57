"""Every example in docs/writing-packs.md is a complete file, loaded here: the guide can't
show a therapist something regulate would refuse."""

from __future__ import annotations

import re
from pathlib import Path

from regulate.packs.check import check
from tests.helpers import REPO, make_wav

GUIDE = REPO / "docs" / "writing-packs.md"


def _examples() -> dict[str, str]:
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.S)
    files = {}
    for block in blocks:
        first, _, rest = block.partition("\n")
        assert first.startswith("# file: "), f"a YAML example without '# file:': {first!r}"
        files[first.removeprefix("# file: ").strip()] = rest
    return files


def test_the_guide_has_examples_of_everything() -> None:
    text = "".join(_examples().values())
    for key in ("homework:", "support:", "settle:", "rating:", "- prompt:", "- breathe:",
                "- check_in:", "- scan:", "audio:", "cues:"):  # fmt: skip
        assert key in text, key


def test_every_example_loads_without_problems(tmp_path: Path) -> None:
    for name, text in _examples().items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    make_wav(tmp_path / "voice-example" / "voice" / "welcome.wav")
    result = check([str(tmp_path)])
    assert [str(p) for p in result.problems] == []
    assert result.files == len(_examples())
