"""The therapist's handover, as a therapist runs it (in-process, `main(argv)`): a pack straight
from `regulate new` is refused by `pack zip` with the file and line of each template word
(`--draft` passes), every warning is shown, recordings no step plays stay out of the zip, and
`pack add` of a draft says so - in English and Spanish."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regulate.cli import main
from regulate.packs.leftovers import leftovers
from tests.helpers import REPO, fuzz_examples, make_wav

EX = (
    "title: Look\nkind: grounding\nsteps:\n  - prompt: Look slowly around the room.\n    for: 20s\n"
)


def _new(tmp_path: Path, *language: str) -> Path:
    assert main([*language, "new", str(tmp_path / "p")]) == 0
    return tmp_path / "p"


def _filled_in(folder: Path) -> None:
    """The blank pack written in as a therapist would: own support text, name and example."""
    manifest = (folder / "pack.yaml").read_text()
    manifest = manifest.replace("author: Your name", "author: Dr Rivera")
    manifest = manifest.replace("author: Tu nombre", "author: Dra. Rivera")
    manifest = "\n".join(
        "    Call me on 555 0100 in the afternoons; you did nothing wrong." if "TODO:" in line
        else line
        for line in manifest.splitlines()
    )  # fmt: skip
    (folder / "pack.yaml").write_text(manifest + "\n")
    (folder / "example.yaml").write_text(EX)


@pytest.mark.parametrize(
    ("language", "refused", "draft", "where"),
    [
        ((), "still holds words from 'regulate new'", "--draft", "line"),
        (("--language", "es"), "aún tiene palabras de 'regulate new'", "--draft", "línea"),
    ],
)
def test_pack_zip_refuses_the_templates_words_and_says_where_unless_a_draft(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], language: tuple[str, ...], refused: str,
    draft: str, where: str,
) -> None:  # fmt: skip
    folder = _new(tmp_path, *language)
    capsys.readouterr()
    target = tmp_path / "p.zip"
    assert main([*language, "pack", "zip", str(folder), "-o", str(target)]) == 1
    said = capsys.readouterr().err
    assert refused in said and draft in said and not target.exists()
    # each template word by file and line: the author's line and the example's title
    author = next(n for n, x in enumerate((folder / "pack.yaml").read_text().splitlines(), 1)
                  if x.startswith("author:"))  # fmt: skip
    assert f"{folder}/pack.yaml {where} {author}" in said
    assert f"{folder}/example.yaml {where} " in said
    # every warning is shown too, each with its rule
    assert "[template-words]" in said and "[support-placeholder]" in said
    assert main([*language, "pack", "zip", str(folder), "-o", str(target), "--draft"]) == 0
    assert target.is_file()
    # filled in, it zips without a word about drafts
    _filled_in(folder)
    capsys.readouterr()
    assert main([*language, "pack", "zip", str(folder), "-o", str(target), "--force"]) == 0
    out = capsys.readouterr()
    assert "regulate new" not in out.out + out.err


def test_pack_zip_shows_every_warning_check_would_and_summarises_many(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "pack.yaml").write_text("name: P\nsupport: Call me.\n")
    texts = [f"Take a deep breath, number {n}." for n in range(14)]
    steps = "".join(f"  - prompt: {text}\n    for: 5s\n" for text in texts)
    (folder / "a.yaml").write_text(f"title: A\nkind: grounding\nsteps:\n{steps}")
    assert main(["pack", "zip", str(folder), "-o", str(tmp_path / "p.zip")]) == 0
    said = capsys.readouterr().err.splitlines()
    shown = [line for line in said if line.endswith("[deep-breathing]")]
    assert len(shown) == 10 and shown[0].startswith(f"{folder}/a.yaml:4:")
    assert f"...and 4 more warnings; 'regulate check {folder}' shows them all." in said


def test_pack_zip_leaves_out_recordings_no_step_plays_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from regulate.audio import voice

    monkeypatch.setattr(voice, "available", lambda: False)  # zipped as they are
    folder = tmp_path / "p"
    (folder / "voice").mkdir(parents=True)
    (folder / "pack.yaml").write_text("name: P\nsupport: Call me.\n")
    (folder / "a.yaml").write_text(EX + "    audio: voice/used.wav\n")
    make_wav(folder / "voice" / "used.wav")
    make_wav(folder / "voice" / "take-2-old.wav")
    (folder / "voice" / "notes.txt").write_text("kept: not a recording")
    target = tmp_path / "p.zip"
    assert main(["pack", "zip", str(folder), "-o", str(target)]) == 0
    out = capsys.readouterr().out
    assert "Left out 1 recording that no step or cue plays: voice/take-2-old.wav" in out
    names = set(zipfile.ZipFile(target).namelist())
    assert names == {"p/pack.yaml", "p/a.yaml", "p/voice/used.wav", "p/voice/notes.txt"}
    assert (folder / "voice" / "take-2-old.wav").is_file()  # the therapist's own files stay


@pytest.mark.parametrize(
    ("language", "said"),
    [((), "This pack looks like a draft"), (("--language", "es"), "parece un borrador")],
)
def test_pack_add_of_a_draft_says_so_to_the_person_adding_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], language: tuple[str, ...], said: str
) -> None:
    folder = _new(tmp_path, *language)
    assert main(["pack", "zip", str(folder), "-o", str(tmp_path / "p.zip"), "--draft"]) == 0
    capsys.readouterr()
    assert main([*language, "pack", "add", str(tmp_path / "p.zip")]) == 0
    out = capsys.readouterr().out
    assert said in out and "example.yaml" in out
    _filled_in(folder)
    assert main(["pack", "zip", str(folder), "-o", str(tmp_path / "q.zip")]) == 0
    capsys.readouterr()
    assert main([*language, "pack", "add", "--replace", str(tmp_path / "q.zip")]) == 0
    assert said not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("language", "warning", "error"),
    [((), ": warning: ", ": error: "), (("--language", "es"), ": aviso: ", ": error: ")],
)
def test_check_says_warning_and_error_in_the_persons_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], language: tuple[str, ...], warning: str,
    error: str,
) -> None:  # fmt: skip
    (tmp_path / "a.yaml").write_text(EX.replace("Look slowly", "Relax your shoulders. Look"))
    (tmp_path / "b.yaml").write_text(EX.replace("20s", "soon"))
    assert main([*language, "check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"a.yaml:4:13{warning}" in out and f"b.yaml:5:10{error}" in out
    if language:
        assert ": warning: " not in out


def test_the_templates_settle_is_grounding_and_a_breathing_settle_is_warned(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _new(tmp_path)
    assert main(["check", str(folder)]) == 0
    assert "[settle-gentle]" not in capsys.readouterr().out
    (folder / "pack.yaml").write_text(
        (folder / "pack.yaml").read_text().replace("settle: settle.yaml", "settle: example.yaml")
    )
    assert main(["check", str(folder)]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.endswith("[settle-gentle]"))
    assert "breath work, a body scan" in line and "grounding" in line


def test_a_settle_with_holds_is_warned_as_holds(tmp_path: Path) -> None:
    from regulate.packs.check import check

    (tmp_path / "pack.yaml").write_text("name: P\nsupport: Call me.\nsettle: box.yaml\n")
    (tmp_path / "box.yaml").write_text(
        "title: Box\nkind: breathing\nsteps:\n"
        "  - breathe: {inhale: 4, hold: 4, exhale: 4, pause: 4, cycles: 4}\n"
    )
    (problem,) = [p for p in check([str(tmp_path)]).problems if p.rule == "settle-gentle"]
    assert (problem.line, problem.col) == (3, 9) and "breath holds" in problem.message


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ((), "The areas, in order: feet, lower legs, knees and thighs, the chair or floor "
             "holding you up, hands, arms and shoulders."),
        (("--language", "es"), "Las zonas, en orden: los pies, la parte baja de las piernas, "
                               "las rodillas y los muslos, la silla o el suelo que te sostiene, "
                               "las manos, los brazos y los hombros."),
    ],
)  # fmt: skip
def test_a_scans_preview_lists_its_areas_before_it_starts(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    language: tuple[str, ...], said: str,
) -> None:  # fmt: skip
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("q\n"))
    folder = "exercises-es" if language else "exercises"
    scan = str(REPO / folder / "body-scan-with-choices.yaml")
    main([*language, "play", scan, "--plain", "--speed", "100"])
    out = capsys.readouterr().out.splitlines()
    assert said in out
    assert out.index(said) < min(i for i, x in enumerate(out) if "0 =" in x)  # before rating


# ---------------------------------------------------------------- the detector itself

_TEMPLATE_LINES = [
    "author: Your name",
    "title: An example to change",
    "  Shown before starting. Say what the exercise asks, and that stopping is always fine.",
    "    TODO: write a few sentences for this client",
    'author: "Tu nombre"',
    "title: Un ejemplo para cambiar",
]


@settings(max_examples=fuzz_examples(200), suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_the_template_words_detector_reads_any_text_without_failing(text: str) -> None:
    for found in leftovers(text):
        assert 1 <= found.at.line <= max(1, len(text.splitlines()))
        assert found.said()


@settings(max_examples=fuzz_examples(150))
@given(
    before=st.lists(st.text(st.characters(blacklist_categories=["Cs"]), max_size=40), max_size=8),
    after=st.lists(st.text(st.characters(blacklist_categories=["Cs"]), max_size=40), max_size=8),
    leftover=st.sampled_from(_TEMPLATE_LINES),
    commented=st.booleans(),
)
def test_a_template_line_is_found_at_its_line_and_a_commented_one_never(
    before: list[str], after: list[str], leftover: str, commented: bool
) -> None:
    def clean(lines: list[str]) -> list[str]:  # lines that hold no template word themselves
        return [
            x.replace("\r", " ").replace("\n", " ").replace("\x0b", " ").replace("\x0c", " ")
            .replace("\x1c", " ").replace("\x1d", " ").replace("\x1e", " ").replace("\x85", " ")
            .replace("\u2028", " ").replace("\u2029", " ")
            for x in lines
            if not leftovers(x)
        ]  # fmt: skip

    head, tail = clean(before), clean(after)
    line = f"# {leftover.strip()}" if commented else leftover
    text = "\n".join([*head, line, *tail])
    at = [found.at.line for found in leftovers(text)]
    if commented:
        assert len(head) + 1 not in at
    else:
        assert len(head) + 1 in at


def test_a_name_that_only_starts_like_the_template_is_a_name() -> None:
    assert leftovers("author: Your name's colleague, Dr Lee\n") == []
    assert leftovers("# author: Your name\nauthor: Dr Lee\n") == []
    assert [f.at.line for f in leftovers("name: x\nauthor: 'Your name'  # me\n")] == [2]


# ---------------------------------------------------------------- sentences that say what is so


def test_check_of_a_missing_path_says_only_that(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path / "nowhere")]) == 2
    said = capsys.readouterr()
    assert said.out == "" and "there is no file or folder at" in said.err


@pytest.mark.parametrize(
    ("strict", "said"),
    [
        ("--strict", "; with --strict, warnings count as errors"),
        ("--strict=long-hold", "; with --strict, warnings of long-hold count as errors"),
    ],
)
def test_check_strict_says_the_warnings_count_as_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], strict: str, said: str
) -> None:
    (tmp_path / "a.yaml").write_text(EX.replace("prompt: Look", "prompt: Just relax. Look"))
    (tmp_path / "b.yaml").write_text(
        "title: B\nkind: breathing\nsteps:\n  - breathe: {inhale: 4, hold: 7, exhale: 8, cycles: 4}\n"
    )
    assert main(["check", strict, str(tmp_path)]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == f"0 errors, 2 warnings in 2 files{said}"
    assert main(["check", str(tmp_path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "0 errors, 2 warnings in 2 files"


def test_a_truncated_zip_is_called_damaged_with_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "pack.yaml").write_text("name: P\nsupport: Call me.\n")
    (folder / "a.yaml").write_text(EX)
    assert main(["pack", "zip", str(folder), "-o", str(tmp_path / "p.zip")]) == 0
    whole = (tmp_path / "p.zip").read_bytes()
    (tmp_path / "cut.zip").write_bytes(whole[: len(whole) // 2])
    (tmp_path / "note.zip").write_text("not a zip at all")
    capsys.readouterr()
    assert main(["pack", "add", str(tmp_path / "cut.zip")]) == 1
    said = capsys.readouterr().err
    assert "is a zip that is damaged or incomplete" in said and "download it again" in said
    assert "neither" not in said
    assert main(["check", str(tmp_path / "cut.zip")]) == 1
    assert "damaged or incomplete" in capsys.readouterr().out
    assert main(["pack", "add", str(tmp_path / "note.zip")]) == 1
    assert "is not a zip file" in capsys.readouterr().err


def test_the_voice_extras_hint_matches_how_regulate_was_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from importlib import metadata

    from regulate.system.paths import install_command

    class Installed:
        def __init__(self, text: str | None) -> None:
            self.text = text

        def read_text(self, name: str) -> str | None:
            return self.text if name == "direct_url.json" else None

    checkout = '{"dir_info": {"editable": true}, "url": "file:///home/me/regulate%20src"}'
    monkeypatch.setattr(metadata, "distribution", lambda name: Installed(checkout))
    assert install_command("voice") == "pip install '.[voice]' (in /home/me/regulate src)"
    for other in (None, '{"archive_info": {}, "url": "https://x/r.whl"}', "{broken"):
        monkeypatch.setattr(metadata, "distribution", lambda name, t=other: Installed(t))
        assert install_command("voice") == "pip install 'regulate[voice]'"


def test_a_system_error_with_no_file_is_still_a_whole_sentence(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import errno

    from regulate.cli.entry import _cannot_use

    assert _cannot_use(OSError(errno.EINVAL, "Invalid argument")) == 1
    said = capsys.readouterr().err
    assert "could not use:" not in said
    assert said.startswith("regulate could not finish: the system said 'Invalid argument'.")


@pytest.mark.parametrize("template", ["blank", "starter"])
@pytest.mark.parametrize("refused", [1, 2, 3, 4])
def test_regulate_new_refused_part_way_leaves_nothing_half_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    template: str, refused: int,
) -> None:  # fmt: skip
    from regulate import door

    real = door.write_text
    calls: list[Path] = []

    def write_text(path: Path, *args: object, **kwargs: object) -> None:
        calls.append(path)
        if len(calls) == refused:
            raise OSError(28, "No space left on device", str(path))
        real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(door, "write_text", write_text)
    assert main(["new", str(tmp_path / "p"), "--from", template]) == 1
    said = capsys.readouterr().err
    assert said.startswith(f"The new pack could not be written in '{tmp_path / 'p'}'")
    assert "(No space left on device); nothing was left there." in said
    assert not (tmp_path / "p").exists()
    monkeypatch.undo()
    assert main(["new", str(tmp_path / "p"), "--from", template]) == 0  # and it can be tried again


def test_the_sentences_that_say_what_is_so_in_spanish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    es = ["--language", "es"]
    (tmp_path / "a.yaml").write_text(EX.replace("prompt: Look", "prompt: Just relax. Look"))
    assert main([*es, "check", "--strict", str(tmp_path / "a.yaml")]) == 1
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == "0 errores, 1 aviso en 1 archivo; con --strict, los avisos cuentan como errores"
    (tmp_path / "cut.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    assert main([*es, "pack", "add", str(tmp_path / "cut.zip")]) == 1
    assert "es un zip dañado o incompleto" in capsys.readouterr().err
    assert main([*es, "check", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().out == ""


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes are POSIX's")
@pytest.mark.parametrize("listed", [True, False])
def test_pack_add_refuses_a_pipe_among_the_exercises_as_check_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], listed: bool
) -> None:
    import os

    folder = tmp_path / "p"
    folder.mkdir()
    exercises = "exercises: [a.yaml]\n" if listed else ""
    (folder / "pack.yaml").write_text(f"name: P\nsupport: Ask me.\n{exercises}")
    (folder / "a.yaml").write_text(EX)
    os.mkfifo(folder / "extra.yaml")
    said = "p/extra.yaml:1:1: error: this file can't be read (it is a named pipe, not a file)"
    assert main(["check", str(folder)]) == 1
    assert said in capsys.readouterr().out
    # without the list, the pipe would be an exercise left behind without a word
    assert main(["pack", "add", str(folder)]) == 1
    err = capsys.readouterr().err
    assert said in err and "This pack has problems, so it was not added." in err
    assert main(["pack", "list"]) == 0
    assert "(p)" not in capsys.readouterr().out
