"""Where `report` and `pack zip` may write, as an attacker tried it: never over a copy regulate
kept aside (an unreadable history, a kept session set aside), never inside the pack being
zipped, never over an existing file without --force, and never into regulate's own folders by
default name either - said in a sentence that fits whether the person named the place or not."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regulate.cli.destinations import refuse_destination, refuse_own
from regulate.history import History, HistoryPlace
from regulate.system.paths import data_dir, packs_dir
from tests.helpers import fuzz_examples, make_wav, regulate

PACK = "id: pk\nname: P\nsupport: Call me on 555 0100 in the afternoons.\n"
EX = (
    "title: Look\nkind: grounding\nsteps:\n  - prompt: Look slowly around the room.\n    for: 20s\n"
)


def _pack(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "pack.yaml").write_text(PACK)
    (folder / "look.yaml").write_text(EX)
    return folder


def _unreadable_history() -> Path:
    """A history of random bytes, opened: regulate keeps it aside and starts a new one."""
    history = HistoryPlace.default().path
    history.parent.mkdir(parents=True, exist_ok=True)
    history.write_bytes(os.urandom(4096))
    assert regulate("history").returncode == 0
    (kept,) = history.parent.glob("history.unreadable-*.sqlite3")
    return kept


def _everything_under(folder: Path) -> list[Path]:
    return [folder / here / name for here, dirs, files in os.walk(folder) for name in dirs + files]


def test_the_kept_copy_of_an_unreadable_history_is_never_written_over(tmp_path: Path) -> None:
    kept = _unreadable_history()
    before = kept.read_bytes()
    _pack(tmp_path / "pk")
    for companion in ("", "-wal", "-shm"):
        target = str(kept) + companion
        report = regulate("report", "-o", target, "--force", "--format", "md")
        assert report.returncode == 1
        assert "is one of regulate's own files or folders" in report.stderr
        for force in ((), ("--force",)):
            zipped = regulate("pack", "zip", str(tmp_path / "pk"), "-o", target, *force)
            assert zipped.returncode == 1 and "regulate's own" in zipped.stderr
    assert kept.read_bytes() == before
    assert not Path(f"{kept}-wal").exists() and not Path(f"{kept}-shm").exists()


def test_everything_regulate_made_in_its_folder_is_refused(tmp_path: Path) -> None:
    """Not a list of names: whatever regulate leaves in its data folder - a history kept aside,
    a kept session set aside, the history itself, its settings - is refused."""
    _unreadable_history()
    kept = HistoryPlace.default().kept_folder
    kept.mkdir(exist_ok=True)
    (kept / "2026-01-01-broken.json").write_text("{not json")
    with History.open() as store:  # reading the kept sessions sets the broken one aside
        store.sessions(limit=1)
    assert any("set-aside" in str(path) for path in _everything_under(kept))
    made = _everything_under(data_dir())
    assert len(made) >= 5, made
    for path in made:
        assert refuse_own(path) is not None, path


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(
    stem=st.sampled_from(["history", "settings", "error", "packs-cache", ".history", ".settings"]),
    rest=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\0"),
                 max_size=20),
)  # fmt: skip
def test_any_name_regulate_makes_from_its_own_is_refused(stem: str, rest: str) -> None:
    # history.unreadable-<date>.sqlite3, its -wal, .settings.json.<random>.part: each begins so
    assert refuse_own(data_dir() / f"{stem}.{rest}") is not None


@settings(max_examples=fuzz_examples(60), deadline=None)
@given(name=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30),
       given_=st.booleans(), force=st.booleans())  # fmt: skip
def test_any_destination_gets_none_or_one_sentence(
    tmp_path_factory: pytest.TempPathFactory, name: str, given_: bool, force: bool
) -> None:
    said = refuse_destination(Path(name), given=name if given_ else None, force=force)
    assert said is None or (said.endswith(".") and "\n" not in said and "\x1b" not in said)


def test_pack_zip_never_writes_over_a_file_in_the_pack_it_zips(tmp_path: Path) -> None:
    pack = _pack(tmp_path / "mypack")
    take = make_wav(pack / "old-take.wav")
    before = take.read_bytes()
    for force in ((), ("--force",)):
        zipped = regulate("pack", "zip", str(pack), "-o", str(take), *force)
        assert zipped.returncode == 1
        assert "is inside the pack being zipped" in zipped.stderr
        assert "You could give -o a name outside the pack's folder." in zipped.stderr
    assert take.read_bytes() == before
    # nor a new name there: it would go into the pack's next zip
    assert regulate("pack", "zip", str(pack), "-o", str(pack / "new.zip")).returncode == 1
    assert not (pack / "new.zip").exists()
    # from inside the pack, by default name: the folder they are in is said, and a way out
    inside = regulate("pack", "zip", ".", cwd=pack)
    assert inside.returncode == 1 and not (pack / "pk.zip").exists()
    assert inside.stderr.strip().endswith(
        "The folder you are in is the pack's own folder, so pk.zip was not written there: it "
        "would go into the pack's next zip. You could give -o a name outside it, such as "
        "-o ../pk.zip."
    )
    assert regulate("pack", "zip", ".", "-o", "../pk.zip", cwd=pack).returncode == 0


def test_pack_zip_replaces_an_existing_file_only_with_force(tmp_path: Path) -> None:
    _pack(tmp_path / "mypack")
    notes = tmp_path / "notes.txt"
    notes.write_text("precious\n")
    zipped = regulate("pack", "zip", "mypack", "-o", "notes.txt", cwd=tmp_path)
    assert zipped.returncode == 1 and notes.read_text() == "precious\n"
    assert zipped.stderr.strip() == (
        "There is already a file at notes.txt, so nothing was written; you could add --force "
        "to replace it, or choose another name with -o."
    )
    assert (
        regulate("pack", "zip", "mypack", "-o", "notes.txt", "--force", cwd=tmp_path).returncode
        == 0
    )
    assert notes.read_bytes().startswith(b"PK")
    # the default name too: a zip made before is kept until --force
    assert regulate("pack", "zip", "mypack", cwd=tmp_path).returncode == 0
    first = (tmp_path / "pk.zip").read_bytes()
    (tmp_path / "mypack" / "look.yaml").write_text(EX.replace("slowly", "gently"))
    again = regulate("pack", "zip", "mypack", cwd=tmp_path)
    assert again.returncode == 1 and "There is already a file at pk.zip" in again.stderr
    assert (tmp_path / "pk.zip").read_bytes() == first
    assert regulate("pack", "zip", "mypack", "--force", cwd=tmp_path).returncode == 0
    assert (tmp_path / "pk.zip").read_bytes() != first
    es = regulate("--language", "es", "pack", "zip", "mypack", cwd=tmp_path)
    assert es.returncode == 1 and "--force" in es.stderr and "There is" not in es.stderr


@pytest.mark.parametrize("language", [(), ("--language", "es")])
def test_pack_zip_by_default_name_never_writes_into_regulates_own_folders(
    tmp_path: Path, language: tuple[str, ...]
) -> None:
    pack = _pack(tmp_path / "pk")
    assert regulate("pack", "add", str(pack)).returncode == 0
    installed = packs_dir() / "pk"
    kept = HistoryPlace.default().kept_folder
    kept.mkdir(parents=True)
    for where, what in ((installed, "."), (kept, str(pack))):
        before = sorted(p.name for p in where.iterdir())
        zipped = regulate(*language, "pack", "zip", what, cwd=where)
        assert zipped.returncode == 1
        assert sorted(p.name for p in where.iterdir()) == before
        said = zipped.stderr.strip().splitlines()[-1]
        assert "pk.zip" in said and "-o" in said
        # the person named nothing: they are not told to choose another name
        assert "another name" not in said and "otro nombre" not in said
        if not language:
            assert said.startswith("The folder you are in is one of regulate's own")
            assert said.endswith("you could give -o a place of your own.")


def test_report_says_a_folder_is_a_folder_at_once(tmp_path: Path) -> None:
    with History.open() as store:
        kept = store.start(pack_id="p", pack_name="P", exercise_id="e", exercise_title="E",
                           exercise_sha256="ab" * 32, planned_seconds=60.0, before=5)  # fmt: skip
        store.finish(kept, outcome="completed", played_seconds=60.0, after=6)
    (tmp_path / "somefolder").mkdir()
    for force in ((), ("--force",)):
        said = regulate("report", "-o", "somefolder", *force, cwd=tmp_path)
        assert said.returncode == 1 and "--force" not in said.stderr
        assert said.stderr.strip() == (
            "somefolder is a folder, so nothing was written there; you could give -o the name "
            "of a file inside it."
        )
    # a trailing slash names a folder: no file called `newdir` is made
    slash = regulate("report", "-o", "newdir/", cwd=tmp_path)
    assert slash.returncode == 1 and "ends in a slash" in slash.stderr
    assert not (tmp_path / "newdir").exists()


def test_paths_with_a_newline_are_shown_escaped(tmp_path: Path) -> None:
    with History.open() as store:
        kept = store.start(pack_id="p", pack_name="P", exercise_id="e", exercise_title="E",
                           exercise_sha256="ab" * 32, planned_seconds=60.0, before=5)  # fmt: skip
        store.finish(kept, outcome="completed", played_seconds=60.0, after=6)
    report = regulate("report", "-o", "a\nb.md", cwd=tmp_path)
    assert report.returncode == 0 and "Your report is in a\\x0ab.md." in report.stdout
    _pack(tmp_path / "pk")
    zipped = regulate("pack", "zip", "pk", "-o", "z\nq.zip", cwd=tmp_path)
    assert zipped.returncode == 0 and zipped.stdout.startswith("Wrote z\\x0aq.zip (")


def test_without_regulate_home_everything_in_its_own_folders_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the platform's folders are regulate's alone: any name there, not only the ones it makes
    assert refuse_own(data_dir() / "report-for-dr-rivera.md") is None  # REGULATE_HOME: theirs
    monkeypatch.delenv("REGULATE_HOME")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert data_dir().is_relative_to(tmp_path)
    for target in (data_dir() / "report-for-dr-rivera.md", tmp_path / "config" / "regulate" / "x"):
        assert refuse_own(target) is not None
    assert refuse_own(tmp_path / "report.md") is None
