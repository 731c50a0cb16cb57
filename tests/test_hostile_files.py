"""Broken and hostile files: each gets one clear line, fast, and nothing is ever executed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from regulate.loader import load_exercise
from tests.conftest import lines


def _load(tmp_path: Path, data: bytes) -> list[str]:
    path = tmp_path / "ex.yaml"
    path.write_bytes(data)
    return lines(load_exercise(path, "ex.yaml"))


def test_python_tags_are_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    data = f"title: !!python/object/apply:os.system ['touch {marker}']\nkind: mixed\n".encode()
    got = _load(tmp_path, data)
    assert got == [
        "ex.yaml:1:8: error: the tag '!!python/object/apply:os.system' is not allowed; regulate "
        "reads plain YAML only (text, numbers, lists and mappings) and never runs anything from a file"
    ]
    assert not marker.exists()


@pytest.mark.parametrize("tag", ["!!python/name:os.system", "!custom", "!!binary", "!!set"])
def test_any_non_plain_tag_is_refused(tmp_path: Path, tag: str) -> None:
    got = _load(tmp_path, f"title: {tag} x\n".encode())
    assert len(got) == 1 and "is not allowed; regulate reads plain YAML only" in got[0]


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    rows = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    rows += [
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]"
        for i in range(9)
    ]
    start = time.perf_counter()
    got = _load(tmp_path, ("\n".join(rows) + "\n").encode())
    assert time.perf_counter() - start < 0.5
    assert len(got) == 1
    assert "the aliases in this file expand to more than 10,000 values" in got[0]


def test_modest_aliases_are_fine(tmp_path: Path) -> None:
    data = (
        b"title: T\nkind: breathing\nsteps:\n  - breathe: &gentle {inhale: 4, exhale: 6, cycles: 3}\n"
        b"  - breathe: *gentle\n"
    )
    path = tmp_path / "ex.yaml"
    path.write_bytes(data)
    loaded = load_exercise(path, "ex.yaml")
    assert loaded.problems == () and len(loaded.value.steps) == 2


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    assert _load(tmp_path, b"title: &a [*a]\n") == [
        "ex.yaml:1:12: error: the alias '*a' refers to the value it is part of"
    ]


@pytest.mark.parametrize("opener", [b"[", b"{a: ", b"- "])
def test_deep_nesting_is_refused_quickly(tmp_path: Path, opener: bytes) -> None:
    data = (
        b"title: " + opener * 200_000
        if opener != b"- "
        else b"title:\n" + opener * 200_000 + b"x\n"
    )
    start = time.perf_counter()
    got = _load(tmp_path, data)
    assert time.perf_counter() - start < 0.5
    assert len(got) == 1 and "nested more than 32 deep" in got[0]


def test_file_over_1_mib_is_refused_without_parsing(tmp_path: Path) -> None:
    start = time.perf_counter()
    got = _load(tmp_path, b"title: T\nabout: " + b"x" * (1024 * 1024) + b"\n")
    assert time.perf_counter() - start < 0.5
    assert got == [
        "ex.yaml:1:1: error: this file is 1.0 MiB; regulate reads files of at most 1 MiB "
        "(the limit that keeps the player quick)"
    ]


def test_non_utf8_bytes_name_their_line(tmp_path: Path) -> None:
    assert _load(tmp_path, b"title: T\nabout: caf\xe9\n") == [
        "ex.yaml:2:11: error: this file is not UTF-8 text (a byte here can't be read as UTF-8); "
        "save it as UTF-8 in your editor"
    ]


def test_utf8_with_bom_is_fine(tmp_path: Path) -> None:
    data = "\ufefftitle: Café\nkind: mixed\nsteps:\n  - {prompt: Look, for: 5}\n".encode()
    assert _load(tmp_path, data) == []


@pytest.mark.parametrize("data", [b"", b"\n\n", b"# only a comment\n"])
def test_empty_file(tmp_path: Path, data: bytes) -> None:
    assert _load(tmp_path, data) == [
        "ex.yaml:1:1: error: this file is empty; it needs at least the required keys"
    ]


def test_a_list_where_a_mapping_belongs(tmp_path: Path) -> None:
    assert _load(tmp_path, b"- title: T\n") == [
        "ex.yaml:1:1: error: an exercise file must be a mapping of keys such as title, kind and "
        "steps; this one is a list"
    ]


def test_yaml_syntax_error_points_at_the_place(tmp_path: Path) -> None:
    got = _load(tmp_path, b"title: T\nkind: [grounding\nsteps: 3\n")
    assert len(got) == 1
    assert got[0].startswith("ex.yaml:3:")
    assert "this is not valid YAML here: " in got[0]
    assert got[0].endswith("check the indentation, colons, quotes and brackets near this place")


def test_bad_indentation(tmp_path: Path) -> None:
    got = _load(tmp_path, b"title: T\n  kind: mixed\n")
    assert len(got) == 1 and got[0].startswith("ex.yaml:2:7: error: this is not valid YAML here")


def test_two_documents(tmp_path: Path) -> None:
    assert _load(tmp_path, b"title: T\n---\ntitle: U\n") == [
        "ex.yaml:2:1: error: this file holds more than one YAML document ('---'); "
        "put one exercise in each file"
    ]


def test_mapping_as_a_key(tmp_path: Path) -> None:
    assert _load(tmp_path, b"? [a]\n: b\n") == [
        "ex.yaml:1:3: error: a key must be a plain word, not a list or mapping"
    ]


def test_unreadable_file_and_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ex.yaml"
    folder.mkdir()
    assert lines(load_exercise(folder, "ex.yaml")) == [
        "ex.yaml:1:1: error: this is a folder, not a file"
    ]


def test_100k_character_line_is_refused_with_a_line_number(tmp_path: Path) -> None:
    data = b"title: T\nkind: mixed\nsteps:\n  - prompt: " + b"a" * 100_000 + b"\n    for: 5\n"
    assert _load(tmp_path, data) == [
        "ex.yaml:4:13: error: 'prompt' is 100,000 characters long; it may be at most 2,000 characters"
    ]


def test_very_many_problems_are_capped(tmp_path: Path) -> None:
    data = b"title: T\nkind: mixed\nsteps:\n" + b"  - {prompt: x, for: abc}\n" * 400
    got = _load(tmp_path, data)
    assert len(got) == 201
    assert got[-1].endswith("200 more problems in this file are not shown; fix these first")
