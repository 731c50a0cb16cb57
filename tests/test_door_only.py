"""No module but the door (regulate/door/) writes, renames or opens files by itself (issue 35): each
module is parsed and every call that would is named with its file and line."""

from __future__ import annotations

import ast
from pathlib import Path

import regulate

PACKAGE = Path(regulate.__file__).parent
THE_DOOR = PACKAGE / "door"

# `module.name` calls that write, rename or open files
BANNED_CALLS = {
    ("os", "replace"),
    ("os", "rename"),
    ("os", "renames"),
    ("os", "open"),
    ("tempfile", "mkstemp"),
    ("tempfile", "NamedTemporaryFile"),
    ("shutil", "move"),
    ("shutil", "copy"),
    ("shutil", "copy2"),
    ("shutil", "copyfile"),
    ("shutil", "copyfileobj"),
    ("shutil", "copytree"),
}
# methods that write or rename through a pathlib.Path, whatever the receiver is called
BANNED_METHODS = {"write_text", "write_bytes", "rename", "replace", "touch"}
WRITE_MODES = set("wax+")
# The history's SQLite connection writes its own file (and -wal, -shm): the one exception.
# Its creation goes through the door (door.create); sqlite3.connect is not a call listed here.
# `os.open(os.devnull, ...)` is no file of anyone's: standing in for a closed stream.
ALLOWED_DEVNULL = True


def _dotted(node: ast.expr) -> tuple[str, str] | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return node.value.id, node.attr
    return None


def _mode(call: ast.Call, position: int) -> str | None:
    """The mode given to an open() call, when it is written in the source."""
    for keyword in call.keywords:
        if keyword.arg == "mode" and isinstance(keyword.value, ast.Constant):
            return str(keyword.value.value)
    if len(call.args) > position and isinstance(call.args[position], ast.Constant):
        return str(call.args[position].value)  # type: ignore[attr-defined]
    return None


def _devnull(call: ast.Call) -> bool:
    return bool(call.args) and _dotted(call.args[0]) == ("os", "devnull")


def _door_handles(tree: ast.Module) -> set[str]:
    """Names bound by `with door.writing(...) as name`: a handle the door gave, which a library
    (wave, av, zipfile) may then write into."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                call = item.context_expr
                if (
                    isinstance(call, ast.Call)
                    and _dotted(call.func) in {("door", "writing"), ("door", "reading")}
                    and item.optional_vars is not None
                ):
                    names.add(ast.unparse(item.optional_vars))
    return names


def offences(source: str, filename: str) -> list[str]:
    """Every call in `source` that writes, renames or opens a file by itself, as 'file:line:
    what'."""
    tree = ast.parse(source, filename)
    handles = _door_handles(tree)
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        what = None
        dotted = _dotted(func)
        if dotted in BANNED_CALLS and not (ALLOWED_DEVNULL and _devnull(node)):
            what = f"{dotted[0]}.{dotted[1]}"
        elif isinstance(func, ast.Name) and func.id == "open":
            mode = _mode(node, 1)
            if mode is not None and WRITE_MODES & set(mode) and not _devnull(node):
                what = f"open(..., {mode!r})"
        elif dotted is not None and dotted[0] == "door":
            continue  # through the door: the right way
        elif isinstance(func, ast.Attribute) and func.attr == "open":
            # Path.open("w"), wave.open(path, "wb"), av.open(path, "w"): a mode that writes
            receiver = _dotted(func)
            position = 0 if receiver is None or receiver[0] not in {"wave", "av", "io"} else 1
            mode = _mode(node, position)
            on_handle = bool(node.args) and ast.unparse(node.args[0]) in handles
            if mode is not None and WRITE_MODES & set(mode) and not on_handle:
                what = f"{ast.unparse(func)}(..., {mode!r})"
        elif isinstance(func, ast.Attribute) and func.attr in BANNED_METHODS:
            # Path.rename/replace take one place and nothing else: str.replace("a", "b"),
            # datetime's replace(tzinfo=...) and dataclasses.replace(x, a=1) are not moves
            moves = func.attr not in {"rename", "replace"} or (
                len(node.args) == 1 and not node.keywords
            )
            if moves:
                what = f".{func.attr}()"
        if what:
            found.append((node.lineno, f"{filename}:{node.lineno}: {what}"))
    return [said for _line, said in sorted(found)]


def test_no_module_but_the_door_writes_renames_or_opens_files_itself() -> None:
    found: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.is_relative_to(THE_DOOR):
            continue
        shown = path.relative_to(PACKAGE.parent).as_posix()
        found += offences(path.read_text(encoding="utf-8"), shown)
    assert found == [], "write through regulate.door instead:\n" + "\n".join(found)


PLANTED = """\
import os, shutil, tempfile
from pathlib import Path

def save(path: Path, text: str) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)
    with open(path, "a") as log:
        log.write(text)
    fd, name = tempfile.mkstemp()
    shutil.copyfile(name, path)
    path.rename(path.with_suffix(".old"))
    with path.open("wb") as out:
        out.write(b"")
    os.close(os.open(path, os.O_CREAT))
    wave.open(str(path), "wb")
"""


def test_a_planted_offender_is_named_with_its_file_and_line() -> None:
    assert offences(PLANTED, "regulate/planted.py") == [
        "regulate/planted.py:6: .write_text()",
        "regulate/planted.py:7: os.replace",
        "regulate/planted.py:8: open(..., 'a')",
        "regulate/planted.py:10: tempfile.mkstemp",
        "regulate/planted.py:11: shutil.copyfile",
        "regulate/planted.py:12: .rename()",
        "regulate/planted.py:13: path.open(..., 'wb')",
        "regulate/planted.py:15: os.open",
        "regulate/planted.py:16: wave.open(..., 'wb')",
    ]


def test_reading_and_text_replacing_are_not_offences() -> None:
    harmless = """\
import dataclasses, os
text = "a-b".replace("-", " ")
with open("x", encoding="utf-8") as f:
    pass
y = dataclasses.replace(obj, a=1)
sys_out = open(os.devnull, "w")
moment = moment.replace(tzinfo=None)
door.write_text(path, "x", private=True)
with door.writing(path, private=False) as handle, wave.open(handle, "wb") as out:
    pass
"""
    assert offences(harmless, "regulate/fine.py") == []
