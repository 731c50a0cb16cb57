"""What the tests share: running regulate's commands (`cli`), and making files and counting
cases (`files`). A test module imports from here, never from another test module or from
conftest (which holds only fixtures)."""

from tests.helpers.cli import Ran, regulate, regulate_process
from tests.helpers.files import REPO, fuzz_examples, lines, make_wav

__all__ = ["REPO", "Ran", "fuzz_examples", "lines", "make_wav", "regulate", "regulate_process"]
