"""One valid and at least one invalid case for each rule of an exercise file (docs/FORMAT.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from regulate.domain.durations import minutes_seconds
from regulate.domain.model import Breathe, CheckIn, Prompt, Scan, Sound
from regulate.loader import load_exercise, load_pack, parse_duration
from regulate.system.paths import install_command
from tests.helpers import lines, make_wav

TODAY = dt.date(2026, 11, 22)

MINIMAL = """\
title: Short
kind: grounding
steps:
  - prompt: Look slowly around the room.
    for: 20s
"""


def test_the_format_examples_load_with_every_value_in_place(format_pack: Path) -> None:
    loaded = load_pack(format_pack, "week3-settling", today=TODAY)
    # docs/FORMAT.md's own example lasts 4:05 and ends on a scan: the care warning is right to fire
    assert lines(loaded) == [
        "week3-settling/orienting.yaml:27:5: warning: this exercise lasts 4:05 and its last step "
        "is not a prompt; a closing moment of looking around the room, eyes open, is expected"
    ]
    pack = loaded.value
    assert pack.id == "week3-settling" and pack.name == "Week 3 - settling practice"
    assert pack.homework.times == 1 and pack.homework.per == "day"
    assert pack.homework.start == dt.date(2026, 11, 20)
    assert pack.rating.threshold == 2 and pack.rating.mid == "Partly calm"
    assert pack.support.contact == "Dr. Rivera, 555-0100, weekdays 9-17"
    assert pack.settle == "orienting"
    orienting, breathing = pack.exercises
    assert [type(s) for s in orienting.steps] == [Prompt, Prompt, Breathe, CheckIn, Scan]
    assert orienting.steps[1].audio == Sound(path=(format_pack / "voice/intro.wav").resolve())
    assert orienting.steps[0].cue == Sound("chime")
    # 30 + 20 + 6 x 10 + 0 + 9 x 15
    assert orienting.seconds == 245
    # for: 2m over a 10 s cycle is 12 whole cycles
    assert breathing.steps[1].cycles == 12 and breathing.seconds == 10 + 120 + 15
    assert orienting.where["title"].line == 2 and orienting.steps[2].where["exhale"].line == 22


def test_minimal_exercise_loads(exercise_file) -> None:
    loaded = exercise_file(MINIMAL)
    assert loaded.problems == ()
    assert loaded.value.title == "Short" and loaded.value.seconds == 20
    assert loaded.value.id == "ex" and len(loaded.value.sha256) == 64


def test_required_keys_are_named(exercise_file) -> None:
    assert lines(exercise_file("about: hi\n")) == [
        "ex.yaml:1:1: error: an exercise needs 'title', which is missing",
        "ex.yaml:1:1: error: an exercise needs 'kind', which is missing",
        "ex.yaml:1:1: error: an exercise needs 'steps', which is missing",
    ]


def test_unknown_key_suggests_the_closest(exercise_file) -> None:
    got = lines(exercise_file(MINIMAL + "tittle: x\n"))
    assert got == ["ex.yaml:6:1: error: unknown key 'tittle'; did you mean 'title'?"]


def test_unknown_key_inside_breathe_suggests_exhale(exercise_file) -> None:
    got = lines(
        exercise_file(
            """\
            title: T
            kind: breathing
            steps:
              - breathe:
                  inhale: 4
                  exale: 6
                  cycles: 3
            """
        )
    )
    assert got == ["ex.yaml:6:7: error: unknown key 'exale'; did you mean 'exhale'?"]


def test_unknown_key_with_nothing_close_lists_the_keys(exercise_file) -> None:
    got = lines(exercise_file(MINIMAL + "zzz: 1\n"))
    assert got[0].startswith("ex.yaml:6:1: error: unknown key 'zzz'; the keys here are: format")


def test_repeated_key_is_an_error(exercise_file) -> None:
    got = lines(exercise_file(MINIMAL + "title: Again\n"))
    assert got == ["ex.yaml:6:1: error: the key 'title' is given twice (first on line 1); keep one"]


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("''", "'title' is empty; write a few words here"),
        ("x" * 81, "'title' is 81 characters long; it may be at most 80 characters"),
        ("[a, b]", "'title' must be text; got a list"),
    ],
)
def test_title_is_1_to_80_characters(exercise_file, title: str, message: str) -> None:
    got = lines(exercise_file(MINIMAL.replace("title: Short", f"title: {title}")))
    assert got == [f"ex.yaml:1:8: error: {message}"]


def test_title_that_yaml_reads_as_a_number_is_still_text(exercise_file) -> None:
    loaded = exercise_file(MINIMAL.replace("title: Short", "title: 2024"))
    assert loaded.value.title == "2024"


def test_kind_must_be_one_of_four(exercise_file) -> None:
    got = lines(exercise_file(MINIMAL.replace("grounding", "breathng")))
    assert got == [
        "ex.yaml:2:7: error: 'kind' must be one of grounding | breathing | body_scan | mixed; "
        "got 'breathng'; did you mean 'breathing'?"
    ]
    for kind in ("grounding", "breathing", "body_scan", "mixed"):
        assert exercise_file(MINIMAL.replace("grounding", kind)).value.kind == kind


def test_format_newer_than_known_says_so(exercise_file) -> None:
    got = lines(exercise_file("format: 2\n" + MINIMAL))
    assert got == [
        "ex.yaml:1:9: error: this file was made for a newer version of regulate (format 2); "
        "this version reads format 1 - updating regulate will read it"
    ]
    assert exercise_file("format: 1\n" + MINIMAL).problems == ()
    assert "'format' must be 1" in lines(exercise_file("format: one\n" + MINIMAL))[0]


def test_tags_and_rating(exercise_file) -> None:
    ok = exercise_file(MINIMAL + "tags: [short, eyes-open]\nrating: false\n").value
    assert ok.tags == ("short", "eyes-open") and ok.rating is False
    got = lines(exercise_file(MINIMAL + "rating: maybe\n"))
    assert got == ["ex.yaml:6:9: error: 'rating' must be true or false; got 'maybe'"]
    got = lines(exercise_file(MINIMAL + "tags: short\n"))
    assert got == ["ex.yaml:6:7: error: 'tags' must be a list of tags; got 'short'"]


def test_steps_must_be_a_list_of_1_to_500(exercise_file) -> None:
    got = lines(exercise_file("title: T\nkind: mixed\nsteps: []\n"))
    assert got == ["ex.yaml:3:8: error: 'steps' has 0 steps; it may have 1 to 500"]
    many = "title: T\nkind: mixed\nsteps:\n" + "  - {prompt: Look, for: 1}\n" * 501
    assert lines(exercise_file(many)) == [
        "ex.yaml:4:3: error: 'steps' has 501 steps; it may have 1 to 500"
    ]
    assert exercise_file(many.replace("  - {prompt: Look, for: 1}\n", "", 1)).value is not None


def test_step_needs_exactly_one_kind(exercise_file) -> None:
    got = lines(exercise_file("title: T\nkind: mixed\nsteps:\n  - for: 3\n"))
    assert got == ["ex.yaml:4:5: error: this step needs one of prompt, breathe, scan or check_in"]
    got = lines(
        exercise_file("title: T\nkind: mixed\nsteps:\n  - prompt: a\n    check_in: b\n    for: 3\n")
    )
    assert got == [
        "ex.yaml:5:5: error: a step has exactly one of prompt, breathe, scan or check_in; "
        "this one has 'prompt' and 'check_in' - start a new step with '- '"
    ]
    got = lines(exercise_file("title: T\nkind: mixed\nsteps:\n  - promt: a\n    for: 3\n"))
    assert got == ["ex.yaml:4:5: error: unknown key 'promt'; did you mean 'prompt'?"]
    got = lines(exercise_file("title: T\nkind: mixed\nsteps:\n  - just text\n"))
    assert got == [
        "ex.yaml:4:5: error: each step must be a mapping with one of prompt, breathe, scan or "
        "check_in; got 'just text'"
    ]


def test_key_beside_the_wrong_step_kind(exercise_file) -> None:
    got = lines(exercise_file("title: T\nkind: mixed\nsteps:\n  - check_in: Go on?\n    for: 10\n"))
    assert got == [
        "ex.yaml:5:5: error: 'for' does not belong in a check_in step; "
        "beside 'check_in' a step may have: cue"
    ]


def test_prompt_needs_for(exercise_file) -> None:
    got = lines(exercise_file("title: T\nkind: mixed\nsteps:\n  - prompt: Look around.\n"))
    assert got == ["ex.yaml:4:5: error: a prompt step needs 'for', which is missing"]


@pytest.mark.parametrize(
    ("written", "seconds"),
    [("20", 20), ("7.5", 7.5), ("20s", 20), ("2m", 120), ("1m30s", 90), ("1.5m", 90),
     ("'45'", 45), ("3600", 3600), ("1", 1)],
)  # fmt: skip
def test_durations_accepted(exercise_file, written: str, seconds: float) -> None:
    loaded = exercise_file(
        f"title: T\nkind: mixed\nsteps:\n  - prompt: Look.\n    for: {written}\n"
    )
    assert loaded.problems == () and loaded.value.steps[0].seconds == seconds


@pytest.mark.parametrize(
    "written", ["abc", "0", "0.5s", "61m", "-5", "2h", "1m 30x", "true", "[1]"]
)
def test_durations_refused_quote_what_was_written(exercise_file, written: str) -> None:
    got = lines(
        exercise_file(f"title: T\nkind: mixed\nsteps:\n  - prompt: Look.\n    for: {written}\n")
    )
    assert len(got) == 1
    assert got[0].startswith(
        "ex.yaml:5:10: error: 'for' must be a duration from 1 second to 1 hour"
    )
    assert "'20s', '2m', '1m30s', '1.5m'" in got[0]
    assert got[0].endswith("got a list") or f"got '{written}'" in got[0]


def test_parse_duration_edges() -> None:
    assert parse_duration("") is None and parse_duration(None) is None
    assert parse_duration(True) is None and parse_duration(float("inf")) is None


def test_breathe_numbers_and_ranges(exercise_file) -> None:
    def breathe(body: str) -> list[str]:
        return lines(exercise_file(f"title: T\nkind: breathing\nsteps:\n  - breathe: {{{body}}}\n"))

    assert breathe("inhale: 4, exhale: 6, cycles: 3") == []
    assert breathe("inhale: 5.5, exhale: 5.5, cycles: 3") == []
    assert breathe("inhale: 4, exhale: six, cycles: 3") == [
        "ex.yaml:4:34: error: 'exhale' must be a number of seconds from 1 to 20; got 'six'"
    ]
    assert breathe("inhale: 16, exhale: 6, cycles: 3") == [
        "ex.yaml:4:23: error: 'inhale' must be a number of seconds from 1 to 15; got '16'"
    ]
    assert breathe("inhale: 4, exhale: 6, hold: 16, cycles: 3") == [
        "ex.yaml:4:43: error: 'hold' must be a number of seconds from 0 to 15; got '16'"
    ]
    assert breathe("inhale: 4, exhale: 6, cycles: 0") == [
        "ex.yaml:4:45: error: 'cycles' must be a whole number from 1 to 200; got '0'"
    ]
    assert breathe("inhale: 4, exhale: 6, cycles: 2.5") == [
        "ex.yaml:4:45: error: 'cycles' must be a whole number from 1 to 200; got '2.5'"
    ]
    assert breathe("inhale: 4, exhale: 6") == [
        "ex.yaml:4:14: error: 'breathe' needs 'cycles' (how many breaths) or 'for' (how long); "
        "neither is given"
    ]
    assert breathe("inhale: 4, exhale: 6, cycles: 3, for: 1m") == [
        "ex.yaml:4:48: error: 'breathe' takes either 'cycles' or 'for', not both; "
        "keep the one you mean"
    ]
    assert breathe("exhale: 6, cycles: 3") == [
        "ex.yaml:4:14: error: 'breathe' needs 'inhale', which is missing"
    ]


def test_breathe_for_rounds_up_to_whole_cycles(exercise_file) -> None:
    def step(body: str) -> Breathe:
        text = f"title: T\nkind: breathing\nsteps:\n  - breathe: {{{body}}}\n"
        return exercise_file(text).value.steps[0]

    assert step("inhale: 4, exhale: 6, for: 60").cycles == 6  # exact: no extra cycle
    assert step("inhale: 4, exhale: 6, for: 61").cycles == 7
    assert step("inhale: 4, exhale: 6, for: 61").seconds == 70
    assert step("inhale: 5.5, exhale: 5.5, for: 5m").cycles == 28  # 300 / 11 = 27.3
    assert step("inhale: 4, hold: 4, exhale: 4, pause: 4, for: 1m").seconds == 64


def test_long_holds_warn_and_holds_are_known(exercise_file) -> None:
    loaded = exercise_file(
        "title: T\nkind: breathing\nsteps:\n  - breathe: {inhale: 4, hold: 7, exhale: 8, "
        "pause: 4, cycles: 2}\n"
    )
    assert lines(loaded) == [
        "ex.yaml:4:32: warning: a hold of 7 seconds is long; holding the breath is hard for some "
        "people - the player always offers to skip holds, and 4 seconds or less is gentler"
    ]
    assert loaded.value.has_holds and loaded.value.seconds == 2 * 23


def test_scan_regions_each_and_text(exercise_file) -> None:
    loaded = exercise_file(
        "title: T\nkind: body_scan\nsteps:\n  - scan: {regions: [feet, hands], each: 15s, "
        "text: 'Notice your {region}.'}\n"
    )
    scan = loaded.value.steps[0]
    assert scan.seconds == 30 and scan.region_text("hands") == "Notice your hands."
    got = lines(
        exercise_file("title: T\nkind: body_scan\nsteps:\n  - scan: {regions: [], each: 5}\n")
    )
    assert got == ["ex.yaml:4:21: error: 'regions' has 0 regions; it may have 1 to 40"]
    many = ", ".join(f"r{i}" for i in range(41))
    got = lines(
        exercise_file(
            f"title: T\nkind: body_scan\nsteps:\n  - scan: {{regions: [{many}], each: 5}}\n"
        )
    )
    assert got == ["ex.yaml:4:21: error: 'regions' has 41 regions; it may have 1 to 40"]
    got = lines(
        exercise_file("title: T\nkind: body_scan\nsteps:\n  - scan: {regions: [a], text: x}\n")
    )
    assert got == ["ex.yaml:4:11: error: 'scan' needs 'each', which is missing"]
    got = lines(
        exercise_file(
            "title: T\nkind: body_scan\nsteps:\n  - scan: {regions: [a], each: 5, "
            "text: 'Notice {regoin}'}\n"
        )
    )
    assert got == [
        "ex.yaml:4:49: warning: '{regoin}' will be shown as written; only {region} is replaced "
        "by the region's name"
    ]


def test_step_and_exercise_length_limits(exercise_file) -> None:
    got = lines(
        exercise_file(
            "title: T\nkind: breathing\nsteps:\n  - breathe: {inhale: 10, exhale: 20, cycles: 200}\n"
        )
    )
    assert got == [
        "ex.yaml:4:14: error: this breathing step lasts 1:40:00; a step may last at most 1 hour"
    ]
    four_hours = (
        "title: T\nkind: mixed\nsteps:\n"
        + "  - {prompt: Look, for: 1h}\n".replace("1h", "60m") * 4
        + "  - {prompt: Look around, for: 10}\n"
    )
    got = lines(exercise_file(four_hours))
    assert got == [
        "ex.yaml:4:3: error: this exercise lasts 4:00:10 in all; an exercise may last at most 3 hours"
    ]


def test_check_in_waits_for_the_person(exercise_file) -> None:
    loaded = exercise_file(MINIMAL + "  - check_in: Would you like to keep going?\n    cue: soft\n")
    check_in = loaded.value.steps[1]
    assert isinstance(check_in, CheckIn) and check_in.seconds == 0 and check_in.cue == Sound("soft")
    assert loaded.value.seconds == 20


def test_text_is_kept_literally(exercise_file) -> None:
    text = "[bold]Look[/] at *this* [@click=app.quit]x[/] <b>"
    loaded = exercise_file(f"title: T\nkind: mixed\nsteps:\n  - prompt: '{text}'\n    for: 5\n")
    assert loaded.value.steps[0].text == text


def test_text_over_2000_characters(exercise_file) -> None:
    got = lines(
        exercise_file(f"title: T\nkind: mixed\nsteps:\n  - prompt: {'a' * 2001}\n    for: 5\n")
    )
    assert got == [
        "ex.yaml:4:13: error: 'prompt' is 2,001 characters long; it may be at most 2,000 characters"
    ]


@pytest.mark.parametrize(
    ("escape", "name"),
    [("\\e", "escape"), ("\\a", "bell"), ("\\x9b", "control"), ("\\r", "control")],
)
def test_control_characters_are_errors_naming_their_line(
    exercise_file, escape: str, name: str
) -> None:
    got = lines(exercise_file(MINIMAL + f'about: "Red {escape}[31m text"\n'))
    assert len(got) == 1
    article = "an" if name[0] in "aeiou" else "a"
    assert got[0].startswith(f"ex.yaml:6:13: error: this text holds {article} {name} character (U+")


def test_raw_control_character_is_an_error_at_its_place(tmp_path: Path) -> None:
    path = tmp_path / "ex.yaml"
    path.write_bytes(MINIMAL.encode() + b"about: |\n  fine\n  bad \x1b[31m here\n")
    got = lines(load_exercise(path, "ex.yaml"))
    assert got == [
        "ex.yaml:8:7: error: this text holds an escape character (U+001B); text may hold letters, "
        "newlines and tabs, but not control characters"
    ]


def test_newlines_and_tabs_are_fine(exercise_file) -> None:
    loaded = exercise_file(MINIMAL + 'about: "one\\ttwo\\nthree"\n')
    assert loaded.value.about == "one\ttwo\nthree"


@pytest.mark.parametrize(
    ("phrase", "start"),
    [("You are safe here.", "'You are safe' promises safety"),
     ("Just relax.", "'Just relax' commands a feeling"),
     ("You should feel better.", "'You should' commands"),
     ("Breathe deeply now.", "'Breathe deeply' asks for deep or full breaths"),
     ("Don't move.", "'Don't move' commands stillness"),
     ("Close your eyes.", "'Close your eyes' with no eyes-open choice")],
)  # fmt: skip
def test_wording_that_commands_or_promises_warns(exercise_file, phrase: str, start: str) -> None:
    got = lines(
        exercise_file(f"title: T\nkind: mixed\nsteps:\n  - prompt: Look. {phrase}\n    for: 5\n")
    )
    assert len(got) == 1
    assert got[0].startswith(f"ex.yaml:4:19: warning: {start}")


def test_inviting_wording_does_not_warn(exercise_file) -> None:
    text = (
        "You can keep your eyes open, or close your eyes if that is comfortable. "
        "Breathe gently, not deeply. Moving is always fine."
    )
    assert (
        exercise_file(f"title: T\nkind: mixed\nsteps:\n  - prompt: {text}\n    for: 5\n").problems
        == ()
    )


def test_wording_warning_points_into_a_block_of_text(exercise_file) -> None:
    got = lines(exercise_file(MINIMAL + "about: |\n  A first line.\n  Then just relax.\n"))
    assert got[0].startswith("ex.yaml:8:8: warning: 'just relax'")


def test_long_exercise_ending_without_a_prompt_warns(exercise_file) -> None:
    text = "title: T\nkind: breathing\nsteps:\n  - breathe: {inhale: 4, exhale: 6, cycles: 19}\n"
    assert lines(exercise_file(text)) == [
        "ex.yaml:4:5: warning: this exercise lasts 3:10 and its last step is not a prompt; "
        "a closing moment of looking around the room, eyes open, is expected"
    ]
    assert exercise_file(text.replace("19", "18")).problems == ()  # exactly 3:00 is fine
    closing = text + "  - prompt: Look slowly around the room, eyes open.\n    for: 10\n"
    assert exercise_file(closing).problems == ()


def test_cues_bundled_none_and_files(exercise_file, tmp_path: Path) -> None:
    make_wav(tmp_path / "voice" / "in.wav")
    loaded = exercise_file(
        MINIMAL + "cues: {start: none, step: soft, breath: voice/in.wav, end: exhale}\n"
    )
    cues = loaded.value.cues
    assert cues.start is None and cues.step == Sound("soft") and cues.end == Sound("exhale")
    assert cues.breath == Sound(path=(tmp_path / "voice/in.wav").resolve())
    assert loaded.value.steps[0].cue == Sound("soft")  # the exercise's step cue reaches each step
    got = lines(exercise_file(MINIMAL + "cues: {start: gong}\n"))
    assert got == [
        "ex.yaml:6:15: error: 'start' must be a bundled cue (bell, chime, soft, inhale, exhale), "
        "none, or a recording in the pack folder (WAV, FLAC, MP3 or Ogg Vorbis); got 'gong'"
    ]
    assert "did you mean 'bell'?" in lines(exercise_file(MINIMAL + "cues: {end: bel}\n"))[0]


def test_step_cue_overrides_the_exercise_cue(exercise_file) -> None:
    loaded = exercise_file(MINIMAL + "  - prompt: Again.\n    for: 5\n    cue: none\n")
    assert loaded.value.steps[0].cue == Sound("chime") and loaded.value.steps[1].cue is None


def test_audio_must_be_a_playable_wav_inside_the_folder(
    exercise_file, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from regulate.audio import voice

    make_wav(tmp_path / "ok.wav")
    (tmp_path / "fake.wav").write_bytes(b"not a wav at all")
    outside = make_wav(tmp_path.parent / f"{tmp_path.name}-outside.wav")
    (tmp_path / "link.wav").symlink_to(outside)

    def audio(value: str) -> list[str]:
        return lines(exercise_file(MINIMAL + f"    audio: {value}\n"))

    assert audio("ok.wav") == []
    assert audio("missing.wav") == [
        "ex.yaml:6:12: error: 'audio' names 'missing.wav', but there is no such file"
    ]
    assert audio("../x.wav") == [
        "ex.yaml:6:12: error: 'audio' '../x.wav' leads outside the pack folder; keep audio files "
        "inside the folder and name them from there"
    ]
    assert audio("link.wav")[0].startswith("ex.yaml:6:12: error: 'audio' 'link.wav' leads outside")
    assert audio(str(outside))[0].startswith(
        "ex.yaml:6:12: error: 'audio' must be a path inside the pack folder"
    )
    assert audio("fake.wav")[0].startswith(
        "ex.yaml:6:12: error: 'audio' 'fake.wav' can't be read as WAV audio (it may be damaged, "
        "or another kind of file renamed); recordings may be WAV, FLAC, MP3 or Ogg Vorbis"
    )
    (tmp_path / "memo.m4a").write_bytes(b"\0\0\0\x20ftypM4A ")
    # where the voice extra is installed, a phone's format is read through it (this one is
    # not sound at all); on a client's plain install the sentence says how to convert it
    assert audio("memo.m4a") == [
        "ex.yaml:6:12: error: 'audio' 'memo.m4a' can't be read as sound (it may be damaged)"
    ]
    monkeypatch.setattr(voice, "available", lambda: False)
    assert audio("memo.m4a") == [
        "ex.yaml:6:12: error: 'audio' 'memo.m4a' is an M4A file, which regulate can't play; "
        "recordings may be WAV, FLAC, MP3 or Ogg Vorbis: convert it with your phone's or "
        "computer's audio app (for example Audacity: File > Export > Export as MP3), or: "
        "ffmpeg -i memo.m4a memo.mp3; regulate can convert it itself once its voice extra is "
        f"installed: {install_command('voice')}, then 'regulate pack zip' converts every "
        "recording so each client can play it"
    ]
    monkeypatch.undo()
    assert audio("[1, 2]") == [
        "ex.yaml:6:12: error: 'audio' must be a recording in the pack folder, such as "
        "voice/intro.mp3; got a list"
    ]


def test_audio_over_50_mib_is_refused(exercise_file, tmp_path: Path) -> None:
    big = make_wav(tmp_path / "big.wav")
    with big.open("r+b") as handle:
        handle.truncate(51 * 1024 * 1024)
    got = lines(exercise_file(MINIMAL + "    audio: big.wav\n"))
    assert got == [
        "ex.yaml:6:12: error: 'audio' 'big.wav' is 51 MiB; a recording may be at most 50 MiB"
    ]


def test_fmt_seconds_never_understates() -> None:
    assert minutes_seconds(0, "up") == "0:00" and minutes_seconds(90, "up") == "1:30"
    assert (
        minutes_seconds(89.2, "up") == "1:30" and minutes_seconds(3 * 3600 + 5, "up") == "3:00:05"
    )


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("''", "must name a recording file inside the pack folder, such as voice/intro.wav; "
               "got '', which names no file"),
        (".", "must name a recording file inside the pack folder, such as voice/intro.wav; "
              "got '.', which names no file"),
        ("./", "must name a recording file inside the pack folder, such as voice/intro.wav; "
               "got './', which names no file"),
        ("./.", "must name a recording file inside the pack folder, such as voice/intro.wav; "
                "got './.', which names no file"),
        ("..", "'..' leads outside the pack folder; keep audio files inside the folder and "
               "name them from there"),
        ("voice/.", "'voice/.' has a '.' or '/' too many; write it as 'voice'"),
        ("./voice/in.wav", "'./voice/in.wav' has a '.' or '/' too many; write it as "
                           "'voice/in.wav'"),
    ],
)  # fmt: skip
def test_an_audio_path_naming_no_file_is_a_sentence_and_the_exercise_is_refused(
    exercise_file, tmp_path: Path, written: str, said: str
) -> None:
    """Found by test_hostile_surfaces: `audio: .` (the pack folder itself) stopped the loader
    with a ValueError; './voice/in.wav' was said to differ in letter case from its own file."""
    make_wav(tmp_path / "voice" / "in.wav")
    loaded = exercise_file(MINIMAL + f"    audio: {written}\n")
    assert lines(loaded) == [f"ex.yaml:6:12: error: 'audio' {said}"]
    assert loaded.value is None and loaded.problems[0].rule == "path"


@pytest.mark.parametrize("written", ["''", ".", "./", "./.", "..", "a/."])
def test_an_exercises_or_settle_entry_naming_no_file_is_a_sentence(pack_dir, written: str) -> None:
    """The pack's own paths, given the same odd names: each a sentence, never a traceback."""
    one = MINIMAL
    got = lines(pack_dir({"pack.yaml": f"name: X\nexercises: [{written}]\n", "a.yaml": one}))
    assert any("can't be an exercise" in line or "leads outside" in line for line in got)
    got = lines(pack_dir({"pack.yaml": f"name: X\nsettle: {written}\n", "a.yaml": one}))
    assert any("'settle' must name one of this pack's exercise files" in line for line in got)
