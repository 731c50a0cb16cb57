"""Names a package hands out only when first asked for (PEP 562), so that what the first
screen does not need is not imported before it is drawn."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from types import ModuleType


def lazy_names(package: str, where: Mapping[str, str]) -> Callable[[str], object]:
    """A module `__getattr__` giving each name in `where` from the submodule it names, and
    keeping it in the package, so that the next use is a plain attribute (frames use some)."""

    def getattr_(name: str) -> object:
        if name in where:
            value = getattr(importlib.import_module(f"{package}.{where[name]}"), name)
            setattr(sys.modules[package], name, value)
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return getattr_


def handed_out(package: ModuleType, name: str) -> bool:
    """Whether `package` has handed `name` out already (`lazy_names` keeps what it gives), so
    that something made from it can exist: asking without importing what the name is from."""
    return name in vars(package)
