"""What the tests share: running regulate's commands (`cli`), making files and counting cases
(`files`), the examples of docs/FORMAT.md (`format_examples`), a player that keeps what it was
asked (`players`), waiting on a condition (`waiting`). A test module imports from here, never from another test module or from
conftest (which holds only fixtures)."""

from tests.helpers.cli import Ran, regulate, regulate_process
from tests.helpers.files import REPO, fuzz_examples, lines, make_wav
from tests.helpers.format_examples import FORMAT_BREATHING, FORMAT_EXERCISE, FORMAT_PACK
from tests.helpers.players import LoggingPlayer
from tests.helpers.waiting import wait_until

__all__ = [
    "FORMAT_BREATHING",
    "FORMAT_EXERCISE",
    "FORMAT_PACK",
    "REPO",
    "LoggingPlayer",
    "Ran",
    "fuzz_examples",
    "lines",
    "make_wav",
    "regulate",
    "regulate_process",
    "wait_until",
]
