"""The door's guarantees, tried the way an unlucky disk or a hostile folder would: faults at
each step of a write, special files in place of files, links, caps, odd names."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regulate import door
from regulate.door import DoorRefused
from tests.helpers import fuzz_examples

FAULTS = {"ENOSPC": errno.ENOSPC, "EIO": errno.EIO, "EROFS": errno.EROFS}


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ------------------------------------------------------------ writes: whole or not at all


class _FailingWrites:
    """A file handle whose writes fail as a full or broken disk's do."""

    def __init__(self, handle: Any, code: int) -> None:
        self._handle, self._code = handle, code

    def write(self, data: bytes) -> int:
        raise OSError(self._code, os.strerror(self._code))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> _FailingWrites:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("step", ["open", "write", "fsync", "rename"])
def test_a_write_that_fails_at_any_step_leaves_the_old_file_and_nothing_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, fault: str
) -> None:
    target = tmp_path / "settings.json"
    target.write_bytes(b"the old settings")
    code = FAULTS[fault]

    def fail(*args: object, **kwargs: object) -> Any:
        raise OSError(code, os.strerror(code))

    if step == "open":
        monkeypatch.setattr(os, "open", fail)
    elif step == "write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(
            os, "fdopen", lambda fd, *a, **k: _FailingWrites(real_fdopen(fd, *a, **k), code)
        )
    elif step == "fsync":
        monkeypatch.setattr(os, "fsync", fail)
    else:
        monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(DoorRefused) as refused:
        door.write_text(target, "the new settings", private=True)
    monkeypatch.undo()
    assert target.read_bytes() == b"the old settings"
    assert _left(tmp_path) == ["settings.json"]  # no temporary file left behind
    assert refused.value.errno == code and refused.value.filename == str(target)
    assert (
        refused.value.strerror
        == {
            "ENOSPC": "the disk is full",
            "EIO": "the disk reported an error",
            "EROFS": "the disk can only be read, not written",
        }[fault]
    )


def test_a_streamed_write_is_put_in_place_only_when_it_ends_cleanly(tmp_path: Path) -> None:
    target = tmp_path / "pack.zip"
    target.write_bytes(b"an earlier zip")
    with pytest.raises(RuntimeError), door.writing(target, private=False) as out:
        out.write(b"half a zip")
        raise RuntimeError("a file of the pack vanished")
    assert target.read_bytes() == b"an earlier zip" and _left(tmp_path) == ["pack.zip"]
    with door.writing(target, private=False) as out:
        out.write(b"a whole zip")
    assert target.read_bytes() == b"a whole zip" and _left(tmp_path) == ["pack.zip"]


def test_personal_files_are_0600_whatever_the_file_before_was(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("a report anyone could read")
    target.chmod(0o644)
    door.write_text(target, "notes", private=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    log = tmp_path / "error.log"
    log.write_text("an old line\n")
    log.chmod(0o644)
    door.append_text(log, "a new line\n", private=True)
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert log.read_text() == "an old line\na new line\n"
    shared = tmp_path / "pack.yaml"
    door.write_text(shared, "id: x\n", private=False)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ------------------------------------------------------------ special files in place of files


@pytest.fixture
def specials(tmp_path: Path) -> Iterator[dict[str, Path]]:
    """A pipe, a device node (the null device's numbers, made here, never /dev's own), a
    folder, a link out of the folder and a dangling link - each where a file should be."""
    folder = tmp_path / "pack"
    folder.mkdir()
    outside = tmp_path / "secret.txt"
    outside.write_text("someone's private words")
    made = {
        "pipe": folder / "pipe.yaml",
        "device": folder / "device.yaml",
        "folder": folder / "folder.yaml",
        "link": folder / "link.yaml",
        "dangling": folder / "dangling.yaml",
    }
    os.mkfifo(made["pipe"])
    os.mknod(made["device"], stat.S_IFCHR | 0o600, os.makedev(1, 3))
    made["folder"].mkdir()
    made["link"].symlink_to(outside)
    made["dangling"].symlink_to(tmp_path / "gone.yaml")
    yield made


SAID = {
    "pipe": ("pipe", "it is a named pipe, not a file"),
    "device": ("device", "it is a device or socket, not a file"),
    "folder": ("folder", "it is a folder, not a file"),
    "link": (
        "link",
        "it is a link to somewhere outside its folder, and regulate does not follow it",
    ),
    "dangling": ("link", "it is a link to something that is not there"),
}


def test_reading_a_special_file_is_a_sentence_never_a_wait(specials: dict[str, Path]) -> None:
    for name, path in specials.items():
        with pytest.raises(DoorRefused) as refused:
            door.read_bytes(path, kind="pack")  # a pipe would wait for ever if opened plainly
        assert (refused.value.reason, refused.value.strerror) == SAID[name], name
        assert refused.value.filename == str(path)


def test_writing_never_replaces_a_special_file_nor_goes_through_a_link(
    specials: dict[str, Path], tmp_path: Path
) -> None:
    for name, path in specials.items():
        with pytest.raises(DoorRefused) as refused:
            door.write_text(path, "a session", private=True)
        expected = "link" if name in ("link", "dangling") else SAID[name][0]
        assert refused.value.reason == expected, name
        with pytest.raises(DoorRefused) as refused:
            door.append_text(path, "a fault\n", private=True)
        assert refused.value.reason == expected, name
    assert stat.S_ISFIFO(specials["pipe"].lstat().st_mode)
    assert stat.S_ISCHR(specials["device"].lstat().st_mode)
    assert specials["folder"].is_dir()
    assert (tmp_path / "secret.txt").read_text() == "someone's private words"
    assert not (tmp_path / "gone.yaml").exists()
    assert not [p for p in specials["pipe"].parent.iterdir() if p.name.endswith(".part")]


def test_a_link_within_its_folder_is_followed(tmp_path: Path) -> None:
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "calm.yaml").write_text("title: Calm\n")
    (tmp_path / "calm.yaml").symlink_to(tmp_path / "drafts" / "calm.yaml")
    assert door.read_text(tmp_path / "calm.yaml", kind="pack") == "title: Calm\n"


def test_without_o_nofollow_a_link_out_is_still_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "secret").write_text("private")
    (tmp_path / "in" / "a.yaml").symlink_to(tmp_path / "secret")
    monkeypatch.delattr(os, "O_NOFOLLOW", raising=False)  # as on Windows
    with pytest.raises(DoorRefused) as refused:
        door.read_bytes(tmp_path / "in" / "a.yaml", kind="pack")
    assert refused.value.reason == "link"
    with pytest.raises(DoorRefused):
        door.append_text(tmp_path / "in" / "a.yaml", "x", private=True)
    assert (tmp_path / "secret").read_text() == "private"


def test_an_unreadable_file_and_one_that_vanishes_are_sentences(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked, vanishing = tmp_path / "locked.yaml", tmp_path / "vanishing.yaml"
    locked.write_text("x")
    vanishing.write_text("x")
    real_open = os.open

    def opening(path: Any, flags: int, *args: Any) -> int:
        if Path(path) == locked:  # as root, chmod 000 is no bar: the refusal is made here
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        if Path(path) == vanishing:  # removed after it was listed, before it was opened
            os.unlink(vanishing)
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", opening)
    with pytest.raises(DoorRefused) as refused:
        door.read_bytes(locked, kind="pack")
    assert (refused.value.reason, refused.value.strerror) == (
        "system", "permission to use it was refused"
    )  # fmt: skip
    with pytest.raises(DoorRefused) as refused:
        door.read_bytes(vanishing, kind="pack")
    assert (refused.value.reason, refused.value.strerror) == (
        "missing", "there is no such file or folder"
    )  # fmt: skip


# ------------------------------------------------------------ size caps


def test_a_file_over_its_kinds_cap_is_refused_and_one_at_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b"x" * door.LIMITS["settings"])
    assert len(door.read_bytes(path, kind="settings")) == door.LIMITS["settings"]
    path.write_bytes(b"x" * (door.LIMITS["settings"] + 1))
    with pytest.raises(DoorRefused) as refused:
        door.read_bytes(path, kind="settings")
    assert refused.value.reason == "too-big"
    assert refused.value.strerror == (
        "it is larger than regulate reads for a file of its kind (64 KiB)"
    )


def test_a_file_that_grows_after_it_was_measured_is_not_read_past_its_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kept.json"
    path.write_bytes(b"x" * 5000)
    real_fstat = os.fstat

    class Small:
        def __init__(self, info: os.stat_result) -> None:
            self._info = info

        st_size = 10

        def __getattr__(self, name: str) -> Any:
            return getattr(self._info, name)

    monkeypatch.setattr(os, "fstat", lambda fd: Small(real_fstat(fd)))
    with pytest.raises(DoorRefused) as refused:
        door.read_bytes(path, kind="kept", limit=100)
    assert refused.value.reason == "too-big"


# ------------------------------------------------------------ names and what a command reads


def test_a_nul_in_a_name_is_a_sentence(tmp_path: Path) -> None:
    for act in (
        lambda p: door.read_bytes(p, kind="pack"),
        lambda p: door.write_text(p, "x", private=False),
        lambda p: door.make_folder(p, private=False),
        lambda p: door.append_text(p, "x", private=False),
    ):
        with pytest.raises(DoorRefused) as refused:
            act(tmp_path / "calm\0.yaml")
        assert refused.value.reason == "name"
        assert "NUL character (\\x00)" in str(refused.value)
    assert _left(tmp_path) == []


def test_a_file_the_command_is_reading_is_never_written_over(tmp_path: Path) -> None:
    exercise = tmp_path / "calm.yaml"
    exercise.write_text("title: Calm\n")
    same = tmp_path / "." / "calm.yaml"
    with pytest.raises(DoorRefused) as refused:
        door.write_bytes(same, b"PK zip", private=False, not_onto=[exercise])
    assert refused.value.reason == "protected"
    assert exercise.read_text() == "title: Calm\n"
    door.write_bytes(tmp_path / "pack.zip", b"PK zip", private=False, not_onto=[exercise])


NAMES = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="/\0"), min_size=1
).filter(lambda n: n not in (".", "..") and len(os.fsencode(n)) <= 255)


def test_a_name_of_the_longest_length_in_four_byte_letters_is_written(tmp_path: Path) -> None:
    name = "\U0001d11e" * 63  # 252 bytes: the temporary name beside it must still fit in 255
    door.write_text(tmp_path / name, "clef", private=True)
    assert door.read_text(tmp_path / name, kind="pack") == "clef"


@settings(
    max_examples=fuzz_examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(name=NAMES, data=st.binary(max_size=3000), private=st.booleans())
def test_any_name_and_contents_go_in_whole_and_come_back(
    tmp_path: Path, name: str, data: bytes, private: bool
) -> None:
    folder = tmp_path / "any"
    door.make_folder(folder, private=True)
    target = folder / name
    door.write_bytes(target, b"before", private=private)
    door.write_bytes(target, data, private=private)
    assert door.read_bytes(target, kind="pack") == data
    assert [p.name for p in folder.iterdir()] == [name]  # no temporary file left
    if private:
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    os.unlink(target)


@settings(
    max_examples=fuzz_examples(30),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(before=st.text(max_size=50), after=st.text(max_size=50))
def test_a_nul_anywhere_in_a_name_is_refused_before_the_disk_is_touched(
    tmp_path: Path, before: str, after: str
) -> None:
    path = tmp_path / f"{before}\0{after}".replace("/", "_")
    with pytest.raises(DoorRefused) as refused:
        door.write_text(path, "x", private=True)
    assert refused.value.reason == "name"


# ------------------------------------------------------------ a NUL in a pack's exercise list


def _nul_pack(folder: Path, listed: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "pack.yaml").write_text(
        f'id: nul\nname: Nul\nformat: 1\nexercises:\n  - "{listed}"\n', encoding="utf-8"
    )
    (folder / "calm.yaml").write_text(
        "title: Calm\nkind: grounding\nsteps:\n  - prompt: Notice.\n    for: 5s\n",
        encoding="utf-8",
    )
    return folder


@settings(
    max_examples=fuzz_examples(15),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    before=st.sampled_from(["calm", "", "a b", "ñ"]), after=st.sampled_from([".yaml", "", "x.yaml"])
)
def test_a_nul_in_an_exercise_name_is_a_sentence_in_check_and_pack_add(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], before: str, after: str
) -> None:
    """On Python 3.11 it stopped both commands (issue 35, item 8): ValueError from resolve()."""
    from regulate.cli import main

    pack = _nul_pack(tmp_path / "pack", f"{before}\\0{after}")
    capsys.readouterr()
    for command in (["check", str(pack)], ["pack", "add", str(pack)]):
        assert main(command) == 1
        out = capsys.readouterr()
        said = out.out + out.err
        assert "Something went wrong" not in said
        assert (
            f"error: '{before}\\x00{after}' can't be an exercise file: its name holds a NUL "
            "character (\\x00), which no file name can hold"
        ) in said
    assert not (paths_data() / "packs" / "nul").exists()


def paths_data() -> Path:
    from regulate.system.paths import data_dir

    return data_dir()
