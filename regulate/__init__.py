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
    import spec: importing importlib.resources itself cost 0.45 MB on the first screen
    (zipfile and the compression modules come with it; Textual imports neither it nor
    importlib.metadata), and it would be imported before the first screen whatever is done
    lazily, since the locales and the starter pack's folder are read before it is drawn
    (benchmarks/README, 2026-12-06 evening)."""
    spec = sys.modules["regulate"].__spec__
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations)))
