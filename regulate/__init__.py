"""regulate: short guided regulation exercises in the terminal."""

from __future__ import annotations

import sys
from pathlib import Path

__version__ = "0.1.0"


def package_folder() -> Path:
    """regulate's own folder, where the import system found the package (an installed wheel,
    an editable install or a checkout): its bundled files are read from here, never from a
    path worked out from a module's `__file__`. It is the folder `importlib.resources.files`
    gives for a package on disk (a test keeps the two the same), read from the package's
    import spec: importing importlib.resources itself, before the first screen, cost 0.5 MB
    (tempfile, shutil, zipfile and the compression modules come with it)."""
    spec = sys.modules["regulate"].__spec__
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations)))
