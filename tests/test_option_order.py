"""The display options (--plain, --sound, --no-sound, --reduced-motion, --language) mean the
same before or after the command: `regulate --plain play starter` is plain mode, as
`regulate play starter --plain` is."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from regulate.cli.parser import build_parser
from tests.helpers import fuzz_examples, regulate

# each option as typed, and what it leaves in the arguments
OPTIONS: dict[str, tuple[list[str], dict[str, object]]] = {
    "plain": (["--plain"], {"plain": True}),
    "sound": (["--sound"], {"sound": True}),
    "no-sound": (["--no-sound"], {"sound": False}),
    "reduced-motion": (["--reduced-motion"], {"reduced_motion": True}),
    "language": (["--language", "es"], {"language": "es"}),
}
UNSET = {"plain": False, "sound": None, "reduced_motion": None, "language": None}


@st.composite
def typed(draw: st.DrawFn) -> tuple[list[str], dict[str, object]]:
    """Some of the options (one of --sound and --no-sound at most), each before or after
    the command, in any order."""
    names = draw(st.lists(st.sampled_from(sorted(OPTIONS)), unique=True))
    if "sound" in names and "no-sound" in names:
        names.remove(draw(st.sampled_from(["sound", "no-sound"])))
    before: list[str] = []
    after: list[str] = []
    expected = dict(UNSET)
    for name in draw(st.permutations(names)):
        words, means = OPTIONS[name]
        (before if draw(st.booleans()) else after).extend(words)
        expected.update(means)
    command = draw(st.sampled_from([["play", "starter"], ["play", "some/pack/x.yaml"]]))
    return [*before, *command, *after], expected


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(typed())
def test_every_display_option_means_the_same_before_or_after_the_command(
    case: tuple[list[str], dict[str, object]],
) -> None:
    argv, expected = case
    args = build_parser().parse_args(argv)
    assert {name: getattr(args, name) for name in expected} == expected, argv


@settings(max_examples=fuzz_examples(50), deadline=None)
@given(st.lists(st.sampled_from(["--plain", "--no-sound", "--reduced-motion"]), unique=True))
def test_the_home_takes_them_too(words: list[str]) -> None:
    args = build_parser().parse_args(words)
    assert args.plain is ("--plain" in words)
    assert args.sound is (False if "--no-sound" in words else None)


def test_plain_given_before_play_is_plain_mode() -> None:
    """Once, `regulate --plain play starter` opened the full screen (and without a terminal,
    refused): now it reads the starter pack out, line by line."""
    result = regulate("--plain", "--no-sound", "play", "starter", stdin="q\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Starter pack - from regulate")
    assert "No exercise chosen. That is fine." in result.stdout
