"""Pack zips as therapists really make them, and as an attacker would: a Mac's "Compress",
encrypted entries, compression regulate can't read, damaged data, a pipe in the folder, a zip
that fails part-way, two processes adding at once. Each gets a sentence; nothing is lost, and
nothing is written where it should not be."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from regulate.domain.problems import PackError
from regulate.packs import archive
from tests.helpers import fuzz_examples
from tests.helpers import regulate as run

EX = "title: Look\nkind: grounding\nsteps:\n  - prompt: Look around the room.\n    for: 20\n"
MANIFEST = "name: Week 3\nsupport: Call me if you need to.\n"


def _zip(path: Path, entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return path


def test_a_zip_made_with_a_macs_compress_is_accepted(tmp_path: Path) -> None:
    made = _zip(tmp_path / "week3.zip", {
        "week3/pack.yaml": MANIFEST.encode(), "week3/look.yaml": EX.encode(),
        "__MACOSX/week3/._pack.yaml": b"\x00\x05\x16\x07resource fork",
        "__MACOSX/week3/._look.yaml": b"\x00\x05\x16\x07",
        "week3/.DS_Store": b"\x00\x00\x00\x01Bud1",
    })  # fmt: skip
    added = run("pack", "add", str(made))
    assert added.returncode == 0, added.stderr
    assert "Added 'Week 3'" in added.stdout
    checked = run("check", str(made))
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _damaged_crc(path: Path) -> Path:
    _zip(path, {"week3/pack.yaml": MANIFEST.encode(), "week3/look.yaml": EX.encode() * 50},
         method=zipfile.ZIP_STORED)  # fmt: skip
    data = bytearray(path.read_bytes())
    at = data.find(b"Look around the room.")
    data[at : at + 4] = b"XXXX"  # the stored bytes no longer match their CRC
    path.write_bytes(bytes(data))
    return path


def _unsupported(path: Path) -> Path:
    _zip(path, {"week3/pack.yaml": MANIFEST.encode(), "week3/look.yaml": EX.encode()})
    data = bytearray(path.read_bytes())
    # the compression method (offset 8 of each header) set to 99, AES, as some tools write
    for signature, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            data[at + offset : at + offset + 2] = (99).to_bytes(2, "little")
            start = at + 4
    path.write_bytes(bytes(data))
    return path


def _encrypted(path: Path) -> Path:
    _zip(path, {"week3/pack.yaml": MANIFEST.encode(), "week3/look.yaml": EX.encode()})
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            data[at + offset] |= 0x01  # the 'encrypted' flag, as a password-protected zip has
            start = at + 4
    path.write_bytes(bytes(data))
    return path


def _truncated(path: Path) -> Path:
    _zip(path, {"week3/pack.yaml": MANIFEST.encode(), "week3/look.yaml": EX.encode() * 100})
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (_damaged_crc, "damaged"),
        (_unsupported, "compression"),
        (_encrypted, "password"),
        (_truncated, "zip"),  # not recognised as a zip at all: said so
    ],
)
def test_a_zip_that_cannot_be_read_is_a_sentence_for_add_and_check(
    tmp_path: Path, make, said: str
) -> None:
    made = make(tmp_path / "week3.zip")
    for args in (("pack", "add", str(made)), ("check", str(made))):
        result = run(*args)
        assert result.returncode in (1, 2), (args, result.stdout, result.stderr)
        out = result.stdout + result.stderr
        assert said in out and "Traceback" not in out and "went wrong inside" not in out, out
    assert not (Path(os.environ["REGULATE_HOME"]) / "packs").exists() or not any(
        p.name == "week3" for p in (Path(os.environ["REGULATE_HOME"]) / "packs").iterdir()
    )


def test_a_pipe_anywhere_in_a_pack_never_holds_up_pack_zip(tmp_path: Path) -> None:
    pack = tmp_path / "week3"
    (pack / "voice").mkdir(parents=True)
    (pack / "pack.yaml").write_text(MANIFEST)
    (pack / "look.yaml").write_text(EX)
    os.mkfifo(pack / "voice" / "pipe")
    result = run("pack", "zip", str(pack), "-o", str(tmp_path / "w.zip"))
    assert result.returncode == 0, result.stderr
    names = zipfile.ZipFile(tmp_path / "w.zip").namelist()
    assert sorted(names) == ["week3/look.yaml", "week3/pack.yaml"]


def test_a_zip_that_fails_part_way_leaves_the_earlier_zip_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = tmp_path / "week3"
    pack.mkdir()
    (pack / "pack.yaml").write_text(MANIFEST)
    (pack / "look.yaml").write_text(EX)
    (pack / "more.yaml").write_text(EX.replace("Look", "More"))
    target = tmp_path / "week3.zip"
    archive.zip_pack(pack, target)
    before = target.read_bytes()
    (pack / "third.yaml").write_text(EX.replace("Look", "Third"))
    real = zipfile.ZipFile.writestr
    calls = {"n": 0}

    def full_disk(self, info, data, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(28, "No space left on device")
        return real(self, info, data, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full_disk)
    with pytest.raises(OSError):
        archive.zip_pack(pack, target)
    assert target.read_bytes() == before  # the earlier zip, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["week3", "week3.zip"]  # nothing left


def test_one_process_never_removes_another_processes_pack_being_added(tmp_path: Path) -> None:
    """While `pack add` asks "Replace it?", another regulate starts: the first one's staging
    folder must survive, and its "yes" must work."""
    pack = tmp_path / "week3"
    pack.mkdir()
    (pack / "pack.yaml").write_text(MANIFEST)
    (pack / "look.yaml").write_text(EX)
    assert run("pack", "add", str(pack)).returncode == 0
    (pack / "pack.yaml").write_text(MANIFEST.replace("Week 3", "Week 3, again"))
    asking = subprocess.Popen([sys.executable, "-m", "regulate", "pack", "add", str(pack)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert asking.stdout is not None and asking.stdin is not None
    seen = []
    reader = threading.Thread(target=lambda: seen.append(asking.stdout.read(40)), daemon=True)
    reader.start()
    packs = Path(os.environ["REGULATE_HOME"]) / "packs"
    for _ in range(200):  # until its staging folder exists (it is asking by then)
        if any(p.name.startswith(".new-") for p in packs.iterdir()):
            break
        threading.Event().wait(0.05)
    assert run("pack", "list").returncode == 0  # another regulate, meanwhile
    _out, err = asking.communicate("yes\n", timeout=60)
    assert asking.returncode == 0, err
    listed = run("pack", "list").stdout
    assert "Week 3, again" in listed


@settings(
    max_examples=fuzz_examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    entries=st.dictionaries(
        st.text(min_size=1, max_size=30).map(lambda s: "week3/" + s),
        st.binary(max_size=200),
        max_size=6,
    ),
    corrupt_at=st.integers(0, 2000),
)
@example(entries={"week3/.": b""}, corrupt_at=4)  # found by it: a file named as its folder
def test_any_zip_is_unpacked_into_its_folder_or_refused_with_a_sentence(
    tmp_path: Path, entries: dict[str, bytes], corrupt_at: int
) -> None:
    made = tmp_path / "hostile.zip"
    try:
        _zip(made, {"week3/pack.yaml": MANIFEST.encode(), **entries})
    except (ValueError, OSError, UnicodeEncodeError):
        return  # a name Python itself won't write into a zip
    data = bytearray(made.read_bytes())
    if corrupt_at < len(data):
        data[corrupt_at] ^= 0xFF
        made.write_bytes(bytes(data))
    into = tmp_path / "out"
    if into.exists():
        import shutil

        shutil.rmtree(into)
    into.mkdir()
    try:
        archive.unzip_defensively(made, into)
    except PackError as refused:
        assert "\n" not in str(refused) and str(refused).strip()
    for written in into.rglob("*"):  # nothing written outside the folder asked for
        assert written.resolve().is_relative_to(into.resolve())


def test_a_folder_that_is_not_a_pack_is_refused_before_anything_is_copied(tmp_path: Path) -> None:
    """Found by the options property test: `pack add /` copied the whole disk into the packs
    folder (and stopped for ever on a kernel file). A folder without pack.yaml is refused at
    once; one far larger than a pack is refused before copying."""
    import time

    started = time.monotonic()
    result = run("pack", "add", "/")
    assert time.monotonic() - started < 10
    assert result.returncode == 1 and "no pack.yaml" in result.stderr
    big = tmp_path / "big"
    big.mkdir()
    (big / "pack.yaml").write_text(MANIFEST)
    for n in range(archive.MAX_ENTRIES + 1):
        (big / f"extra-{n}.txt").write_text("x")
    result = run("pack", "add", str(big))
    assert result.returncode == 1 and "far more than a pack needs" in result.stderr
    packs = Path(os.environ["REGULATE_HOME"]) / "packs"
    assert not packs.exists() or not any(packs.iterdir())  # nothing copied, nothing left


@pytest.mark.parametrize("odd", ["week3/.", "week3/./", ".", "./.", "week3//."])
def test_an_entry_named_dot_is_refused_with_a_sentence_and_nothing_is_added(
    tmp_path: Path, odd: str
) -> None:
    """Found by the property test above: an entry 'week3/.' is the folder 'week3' written as a
    file, and `pack add` stopped with a traceback. Refused as a name that is both a file and a
    folder (a folder entry 'week3/./' is only the folder, and the pack is added)."""
    made = _zip(tmp_path / "odd.zip", {
        "week3/pack.yaml": MANIFEST.encode(), "week3/look.yaml": EX.encode(), odd: b"",
    })  # fmt: skip
    added = run("pack", "add", str(made))
    assert "Traceback" not in added.stderr
    packs = Path(os.environ["REGULATE_HOME"]) / "packs"
    if odd.endswith("/"):
        assert added.returncode == 0, added.stderr
        return
    assert added.returncode == 1
    said = added.stderr.strip()
    assert f"holds '{odd}' both as a file and as a folder" in said and "\n" not in said
    assert "Nothing was added." in said
    assert not packs.exists() or not any(packs.iterdir())  # nothing half-installed
