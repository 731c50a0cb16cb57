"""Keep the translation catalogues in step with the code (docs/translating.md).

python tools/catalogues.py update     # gather every marked sentence; add new ones to each .po
python tools/catalogues.py compile    # write the .mo files the program reads
python tools/catalogues.py new LANG   # start a catalogue for a new language

tests/test_translations.py fails when a catalogue is missing a sentence, holds an untranslated
or fuzzy one, or its .mo is older than its .po.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "regulate" / "locale"
POT = LOCALE / "regulate.pot"


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


def extract() -> None:
    pybabel("extract", "-F", "babel.cfg", "-k", "N_", "--no-location", "--sort-output",
            "--omit-header", "-o", str(POT), ".")  # fmt: skip


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "update":
        extract()
        # lines wrapped at 100, as the catalogues are written (Babel's own 76 rewraps them all)
        pybabel("update", "-i", str(POT), "-d", str(LOCALE), "-D", "regulate", "-w", "100",
                "--no-fuzzy-matching", "--ignore-obsolete")  # fmt: skip
    elif command == "compile":
        pybabel("compile", "-d", str(LOCALE), "-D", "regulate", "--statistics")
    elif command == "new" and len(argv) == 2:
        extract()
        pybabel("init", "-i", str(POT), "-d", str(LOCALE), "-D", "regulate", "-l", argv[1])
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
