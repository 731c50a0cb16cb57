"""`regulate check` and `regulate schema` as a therapist runs them: a real subprocess."""

from __future__ import annotations

import json
import os
import tempfile
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import REPO, fuzz_examples
from tests.helpers import regulate as run

EX = (
    "title: Look\nkind: grounding\nsteps:\n  - prompt: Look slowly around the room.\n    for: 20s\n"
)


def test_starter_pack_is_clean() -> None:
    result = run("check", str(REPO / "exercises"))
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == "No problems found in 9 files."


def test_errors_exit_1_with_lines_and_a_summary(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(EX)
    (tmp_path / "bad.yaml").write_text(
        EX.replace("20s", "soon").replace("Look slowly", "Just relax. Look")
    )
    result = run("check", ".", cwd=tmp_path)
    assert result.returncode == 1
    out = result.stdout.splitlines()
    assert out[0].startswith("bad.yaml:4:13: warning: 'Just relax' commands a feeling")
    # each problem's line, with a caret under the column, as compilers show it
    assert out[1:3] == [f"  4 | {EX.splitlines()[3].replace('Look slowly', 'Just relax. Look')}",
                        "    |             ^"]  # fmt: skip
    assert out[3].startswith("bad.yaml:5:10: error: 'for' must be a duration")
    assert out[4:6] == ["  5 |     for: soon", "    |          ^"]
    assert out[-1] == "1 error, 1 warning in 2 files"
    assert result.stderr == ""


def test_warnings_alone_exit_0_unless_strict(tmp_path: Path) -> None:
    (tmp_path / "w.yaml").write_text(EX.replace("Look slowly", "Just relax. Look"))
    assert run("check", str(tmp_path / "w.yaml")).returncode == 0
    strict = run("check", "--strict", str(tmp_path / "w.yaml"))
    assert (
        strict.returncode == 1
        and strict.stdout.splitlines()[-1]
        == "0 errors, 1 warning in 1 file; with --strict, warnings count as errors"
    )


def test_strict_can_be_narrowed_to_the_rules_a_therapist_cares_about(tmp_path: Path) -> None:
    (tmp_path / "w.yaml").write_text(EX.replace("Look slowly", "Just relax. Look"))
    out = run("check", str(tmp_path / "w.yaml")).stdout
    assert "  [commands-feeling]" in out.splitlines()[0]  # the rule is named beside the problem
    for narrowed, code in (
        ("commands-feeling", 1),
        ("long-hold", 0),
        ("long-hold,commands-feeling", 1),
    ):
        assert run("check", f"--strict={narrowed}", str(tmp_path / "w.yaml")).returncode == code
    wrong = run("check", "--strict=comands-feeling", str(tmp_path / "w.yaml"))
    assert wrong.returncode == 2 and "comands-feeling is not one" in wrong.stderr
    assert "commands-feeling" in wrong.stderr and "Traceback" not in wrong.stderr


def test_missing_path_exits_2_with_a_sentence(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert (
        result.stderr.strip()
        == f"regulate check: there is no file or folder at '{tmp_path / 'nope'}'"
    )
    assert "Traceback" not in result.stderr


def test_json_format(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(EX.replace("20s", "soon"))
    result = run("check", "--format", "json", "bad.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert json.loads(result.stdout) == [
        {
            "file": "bad.yaml", "line": 5, "column": 10, "severity": "error",
            "message": "'for' must be a duration from 1 second to 1 hour, written as a number of "
            "seconds (20, 7.5), '20s', '2m', '1m30s', '1.5m', or a clock time m:ss (1:30, "
            "0:30); got 'soon'", "rule": "duration",
        }
    ]  # fmt: skip
    assert json.loads(run("check", "--format", "json", str(REPO / "exercises")).stdout) == []


def test_folder_of_packs_and_lone_files(tmp_path: Path) -> None:
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "pack.yaml").write_text("name: P\nsupport: Ask me.\n")
        (tmp_path / name / "a.yaml").write_text(EX)
    (tmp_path / "two" / "b.yaml").write_text("title: [\n")
    (tmp_path / "loose.yaml").write_text(EX)
    result = run("check", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("two/b.yaml:2:1: error: this is not valid YAML")
    assert result.stdout.splitlines()[-1] == "1 error, 0 warnings in 6 files"
    # naming pack.yaml itself checks its pack
    assert (
        run("check", "one/pack.yaml", cwd=tmp_path).stdout.strip()
        == "No problems found in 2 files."
    )


COMMANDS = [[], ["check"], ["schema"], ["play"], ["history"], ["report"], ["forget"], ["new"],
            ["pack"], ["pack", "zip"], ["pack", "add"], ["pack", "list"], ["pack", "remove"]]  # fmt: skip


@pytest.mark.parametrize("args", [[*c, flag] for c in COMMANDS for flag in ("--help", "--version")])
def test_help_and_version_everywhere(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 0 and result.stdout.strip()
    if "--version" in args:
        assert result.stdout.strip() == "regulate 0.1.0"


def test_schema_prints_each_kind_and_writes_files(tmp_path: Path) -> None:
    pack = json.loads(run("schema", "pack").stdout)
    exercise = json.loads(run("schema", "exercise").stdout)
    assert pack["title"].startswith("regulate pack") and "steps" in exercise["properties"]
    assert json.loads(run("schema").stdout) == {"pack": pack, "exercise": exercise}
    assert run("schema", "--write", str(tmp_path)).returncode == 0
    assert json.loads((tmp_path / "exercise.schema.json").read_text()) == exercise


def test_data_and_settings_live_in_the_user_folders_unless_regulate_home(monkeypatch) -> None:
    import platformdirs

    from regulate.system import paths

    monkeypatch.delenv("REGULATE_HOME", raising=False)
    assert paths.data_dir() == platformdirs.user_data_path("regulate", appauthor=False)
    assert paths.config_dir() == platformdirs.user_config_path("regulate", appauthor=False)
    monkeypatch.setenv("REGULATE_HOME", "/somewhere/portable")
    assert paths.data_dir() == paths.config_dir() == Path("/somewhere/portable")


SYNTAX = [
    # (what the therapist wrote, the first line check prints, its source line, the caret)
    ('title: "Breathe\nkind: grounding\nsteps: []\n',
     'ex.yaml:1:8: error: this quote is never closed; add the closing " where the text ends',
     '  1 | title: "Breathe', "    |        ^"),
    ("title: T\nkind: grounding\nsteps:\n\t- prompt: a\n",
     "ex.yaml:4:1: error: tabs can't indent YAML; use spaces (most editors can turn tabs "
     "into spaces)", "  4 |  - prompt: a", "    | ^"),
    ("title: T\nkind: grounding\nsteps:\n  - prompt: a\n    exhale 5\n    for: 3\n",
     "ex.yaml:5:5: error: a ':' seems to be missing after 'exhale'",
     "  5 |     exhale 5", "    |     ^"),
    ("title: [a, b\nkind: grounding\n",
     "ex.yaml:1:8: error: this '[' is never closed with ']'", "  1 | title: [a, b", "    |        ^"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "first", "source", "caret"), SYNTAX)
def test_yaml_mistakes_are_shown_where_they_start_in_plain_words(
    tmp_path: Path, text: str, first: str, source: str, caret: str
) -> None:
    (tmp_path / "ex.yaml").write_text(text)
    out = run("check", "ex.yaml", cwd=tmp_path).stdout.splitlines()
    assert out[:3] == [f"{first}  [yaml-syntax]", source, caret]
    assert "while scanning" not in "\n".join(out) and "token" not in "\n".join(out)


BROKEN = {
    "pack.yaml": "name: P\nid: Week 3\nexercises: [a.yaml, a.yaml, ../x.yaml, gone.yaml, b.yaml, c.yaml, d.yaml]\n"
    "settle: nowhere.yaml\nhomework: {times: 99, from: 2026-11-20, until: 2026-11-01}\n",
    "a.yaml": "title: ''\nkind: breath\nexale: 6\nsteps:\n  - prompt: Close your eyes. You are safe."
    " Just relax, you should breathe deeply and don't move.\n    for: 2 hours\n    audio: C:\\\\x.wav\n"
    "  - breathe: {inhale: 4, hold: 7, exhale: 40}\n  - scan: [a]\n    text: Notice {area}\n"
    '  - prompt: "\\e \\u202e"\n    breathe: {cycles: 2}\n  - 3\n',
    "b.yaml": "title: [\n",
    "c.yaml": "title: T\ntitle: U\nkind: grounding\nsteps:\n  - prompt: p\n    for: 5\n"
    "    audio: voice/Intro.WAV\n  - prompt: q\n    for: 5\n    audio: ../out.wav\n",
    "d.yaml": "\xe9".encode("latin-1").decode("latin-1"),
    "spare.yaml": "title: S\nkind: grounding\nsteps:\n  - breathe: {cycles: 60, hold: 6}\n",
}


def test_every_problem_names_a_documented_rule_of_its_own_severity(tmp_path: Path) -> None:
    from regulate.loader.rules import BY_ID, RULES, markdown

    pack = tmp_path / "p"
    (pack / "voice").mkdir(parents=True)
    (pack / "voice" / "intro.wav").write_bytes(b"")
    for name, text in BROKEN.items():
        (pack / name).write_text(text, encoding="latin-1" if name == "d.yaml" else "utf-8")
    (tmp_path / "newer.yaml").write_text("format: 9\ntitle: T\n")
    out = run("check", "--format", "json", str(pack), str(tmp_path / "newer.yaml")).stdout
    problems = json.loads(out)
    assert len(problems) >= 36, problems
    for problem in problems:
        rule = BY_ID[problem["rule"]]  # every problem belongs to a known rule...
        assert rule.severity == problem["severity"] or rule.id == "more-problems", problem
    # ...and the broken pack above touches most of them: a rule no check reports is dead
    seen = {p["rule"] for p in problems}
    assert len(seen) >= 27, sorted(set(BY_ID) - seen)
    source = "".join(f.read_text() for f in (REPO / "regulate").rglob("*.py"))
    for rule in RULES:
        assert f'"{rule.id}"' in source.replace(f'Rule("{rule.id}"', ""), rule.id
    # the therapist's list of rules is the table itself
    assert (REPO / "docs" / "rules.md").read_text(encoding="utf-8") == markdown()


def test_a_broken_pack_yaml_hides_no_other_files_problems(tmp_path: Path) -> None:
    (tmp_path / "pack.yaml").write_text('name: "Week 3\nsupport: Call me.\n')
    (tmp_path / "a.yaml").write_text(EX.replace("20s", "soon"))
    (tmp_path / "b.yaml").write_text(EX.replace("Look slowly", "Just relax. Look"))
    out = run("check", ".", cwd=tmp_path).stdout.splitlines()
    assert out[0].startswith("./pack.yaml:1:7: error: this quote is never closed")
    assert any(line.startswith("./a.yaml:5:10: error: 'for' must be a duration") for line in out)
    assert any(line.startswith("./b.yaml:4:13: warning: 'Just relax'") for line in out)
    assert out[-1] == "2 errors, 1 warning in 3 files"


def test_check_reads_a_pack_zip_as_pack_add_would(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "week3.zip", "w") as archive:
        archive.writestr("week3/pack.yaml", "name: Week 3\nsupport: Call me.\n")
        archive.writestr("week3/a.yaml", EX.replace("20s", "soon"))
    out = run("check", "week3.zip", cwd=tmp_path).stdout.splitlines()
    assert out[0].startswith("week3.zip/week3/a.yaml:5:10: error: 'for' must be a duration")
    assert out[1:3] == ["  5 |     for: soon", "    |          ^"]  # the line, from inside the zip
    assert out[-1] == "1 error, 0 warnings in 2 files"
    with zipfile.ZipFile(tmp_path / "twice.zip", "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        archive.writestr("p/pack.yaml", "name: P\n")
        archive.writestr("p/pack.yaml", "name: Q\n")
    refused = run("check", "twice.zip", cwd=tmp_path)
    assert refused.returncode == 1 and "holds 'p/pack.yaml' twice" in refused.stdout
    assert "'regulate pack add' would refuse it too." in refused.stdout
    (tmp_path / "empty.zip").write_text("not a zip")
    assert "'empty.zip' is not a zip file." in run("check", "empty.zip", cwd=tmp_path).stdout
    assert not list(Path(tempfile.gettempdir()).glob("regulate-check-*"))  # nothing left behind


def _pack(folder: Path) -> Path:
    folder.mkdir()
    (folder / "pack.yaml").write_text("name: P\nsupport: Ask me.\n")
    (folder / "a.yaml").write_text(EX)
    return folder


def test_check_with_no_path_checks_the_pack_folder_it_is_run_in(tmp_path: Path) -> None:
    pack = _pack(tmp_path / "week3")
    inside = run("check", cwd=pack)
    assert inside.returncode == 0, inside.stderr
    assert inside.stdout.strip() == "No problems found in 2 files."
    (pack / "b.yaml").write_text("title: [\n")
    broken = run("check", cwd=pack)
    assert broken.returncode == 1 and "b.yaml:2:1: error: this is not valid YAML" in broken.stdout


def test_check_with_no_path_outside_a_pack_says_what_to_type(tmp_path: Path) -> None:
    _pack(tmp_path / "week3")
    outside = run("check", cwd=tmp_path)
    assert outside.returncode == 2 and outside.stdout == ""
    assert outside.stderr.startswith("There is no pack.yaml here, so this folder is not a pack.")
    assert "You could type regulate check followed by a pack's folder" in outside.stderr
    assert "usage:" not in outside.stderr  # a sentence, not argparse's complaint
    spanish = run("--language", "es", "check", cwd=tmp_path)
    assert spanish.stderr.startswith("Aquí no hay ningún pack.yaml"), spanish.stderr


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX's")


@needs_fifo
def test_check_of_a_pipe_says_plainly_it_is_no_pack_and_checks_the_rest(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo")
    alone = run("check", "fifo", cwd=tmp_path)
    assert alone.returncode == 2
    assert alone.stdout == ""  # never "No problems found in 0 files"
    assert alone.stderr.strip() == (
        "regulate check: 'fifo' is neither a file nor a folder (it is a pipe, a device or the "
        "like), so it holds no pack; you might give a pack's folder or an exercise file."
    )
    _pack(tmp_path / "week3")
    both = run("check", "week3", "fifo", cwd=tmp_path)
    assert both.returncode == 2
    assert both.stdout.strip() == "No problems found in 2 files."
    assert "'fifo' is neither a file nor a folder" in both.stderr


@needs_fifo
@settings(max_examples=fuzz_examples(25), deadline=None)
@given(name=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\0"),
                    min_size=1, max_size=30).filter(lambda n: n not in (".", "..")))  # fmt: skip
def test_a_pipe_of_any_name_is_never_called_a_clean_pack(name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        try:
            os.mkfifo(Path(folder) / name)
        except OSError:  # a name this file system refuses (too long in bytes)
            return
        result = run("check", name, cwd=Path(folder))
    assert result.returncode == 2
    assert "No problems found" not in result.stdout
    if name.strip():
        assert "is neither a file nor a folder" in result.stderr
    else:  # a name of spaces alone is taken as no name at all, before any file is looked at
        assert "an empty value says nothing here" in result.stderr


@needs_fifo
def test_a_pipe_named_with_spaces_alone_is_a_sentence_not_a_check(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / " ")
    result = run("check", " ", cwd=tmp_path)
    assert result.returncode == 2 and result.stdout == ""
    assert "an empty value says nothing here" in result.stderr


def test_an_empty_folder_is_said_to_hold_nothing_to_check(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a pack\n")
    result = run("check", str(tmp_path))
    assert result.returncode == 0
    assert result.stdout.strip() == (
        "No pack or exercise files were found there, so there was nothing to check."
    )
    assert "0 files" not in result.stdout


def test_an_audio_path_naming_the_pack_folder_is_a_line_of_check(tmp_path: Path) -> None:
    """Found by test_hostile_surfaces: `audio: .` stopped `regulate check` with a traceback."""
    (tmp_path / "one.yaml").write_text(EX + "    audio: .\n")
    result = run("check", ".", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.splitlines()[0] == (
        "one.yaml:6:12: error: 'audio' must name a recording file inside the pack folder, "
        "such as voice/intro.wav; got '.', which names no file  [path]"
    )
