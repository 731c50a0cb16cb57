"""Every kind of problem `regulate check` can report, by rule id: JSON output carries the id,
`--strict=RULE,...` treats only those warnings as errors, and docs/rules.md is written from this
table (`python -m regulate.loader.rules --write`), so the list a therapist reads cannot drift."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from regulate.domain.problems import Severity


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    summary: str
    example: str  # a line of YAML (or a file) that breaks it


RULES: tuple[Rule, ...] = (
    # -- the file itself
    Rule("file", "error", "the file can't be read: a folder, too big, empty, or an odd name",
         "a 3 MiB exercise file"),
    Rule("encoding", "error", "the file is not UTF-8 text", "a file saved as Latin-1"),
    Rule("yaml-syntax", "error",
         "the YAML itself is broken: an unclosed quote, a missing ':', tabs, '---' twice",
         'prompt: "Notice the room'),
    Rule("control-character", "error", "text holds an escape, bell or other control character",
         'prompt: "\\e[31mNotice"'),
    Rule("format-version", "error", "'format' names a version this regulate does not read",
         "format: 2"),
    Rule("zip", "error",
         "a pack zip 'regulate pack add' would refuse: not a zip, no pack.yaml, entries "
         "leading outside, links, names twice, too big", "a zip made by a Mac's Compress with "
         "a name twice"),
    # -- shape
    Rule("value-type", "error", "a value of the wrong kind: text where a list belongs, and so on",
         "steps: breathe"),
    Rule("unknown-key", "error", "a key the format does not have (often a typo)", "exale: 6"),
    Rule("duplicate-key", "error", "the same key twice in one mapping", "title: twice"),
    Rule("missing-key", "error", "a required key is missing", "an exercise with no 'steps'"),
    Rule("step-kind", "error",
         "a step with none, or more than one, of prompt, breathe, scan and check_in",
         "- prompt: Look\n  breathe: ..."),
    Rule("text-length", "error", "text that is empty or longer than allowed", "title: ''"),
    Rule("number-range", "error", "a number outside its range, or too many or too few items",
         "exhale: 40"),
    Rule("duration", "error", "a duration that is not 1 s to 1 h in an accepted form",
         "for: 2 hours"),
    Rule("too-long", "error", "an exercise over 3 hours, or a step over 1 hour",
         "cycles: 2000"),
    Rule("date", "error", "a date that is not YYYY-MM-DD, or 'until' before 'from'",
         "from: 20/11/2026"),
    Rule("choice", "error", "a value that is not one of the words allowed there",
         "kind: breath"),
    Rule("language", "error", "a 'language' that is not a language tag such as es, es-MX or en",
         "language: Spanish"),
    Rule("language-unknown", "warning",
         "a 'language' the program does not speak yet: its own words stay in the person's "
         "language", "language: fr"),
    Rule("pack-id", "error", "an id with characters other than a-z, 0-9 and '-'", "id: Week 3"),
    Rule("exercise-list", "error",
         "a problem with the list under 'exercises' or 'settle', or no exercises at all",
         "exercises: [missing.yaml]"),
    # -- sounds and paths
    Rule("audio", "error", "a cue or recording that can't be played",
         "audio: voice/intro.m4a"),
    Rule("path", "error",
         "a path that is absolute, uses '\\', leads outside the pack, differs in letter case "
         "or names nothing", "audio: ../intro.wav"),
    # -- care (warnings)
    Rule("no-support", "warning", "the pack has no 'support' text written for this client",
         "a pack.yaml without support"),
    Rule("support-placeholder", "warning", "the support text still holds the 'regulate new' "
         "placeholder", "text: (write a few sentences here)"),
    Rule("no-emergency", "warning", "the support has no 'emergency' line of its own (regulate's "
         "general one is shown instead)", "support: with text and no emergency"),
    Rule("support-review", "warning", "the support text was last reviewed over 12 months ago",
         "reviewed: 2024-01-10"),
    Rule("long-hold", "warning", "a breath hold or pause over 4 seconds", "hold: 7"),
    Rule("closing-moment", "warning",
         "an exercise over 3 minutes whose last step is not a prompt", "ends on a breathe step"),
    Rule("eyes-closed", "warning", "'close your eyes' ('cierra los ojos') with no eyes-open "
         "choice in the same text", "prompt: Close your eyes."),
    Rule("promises-safety", "warning", "a promise of safety only the person can judge "
         "('you are safe', 'you are okay now', 'estás a salvo', 'todo está bien')",
         "prompt: You are okay now."),
    Rule("promises-calm", "warning", "a promise of a feeling that may not come ('this will calm "
         "you down', 'you'll feel better'; 'esto te calmará', 'te sentirás mejor')",
         "prompt: This will calm you down."),
    Rule("commands-feeling", "warning", "'just relax', 'relax your shoulders', 'calm down' "
         "('relájate', 'cálmate') and the like command a feeling", "prompt: Relax your shoulders."),
    Rule("you-should", "warning", "'you should', 'you must' ('deberías', 'debes', 'tienes que') "
         "command where it could invite", "prompt: You must keep going."),
    Rule("deep-breathing", "warning", "deep or full breaths ('breathe deeply', 'take a deep "
         "breath', 'fill your lungs'; 'respira hondo', 'toma aire profundamente') can bring on "
         "dizziness or panic", "prompt: Take a deep breath."),
    Rule("dont-move", "warning", "'don't move', 'keep still' ('no te muevas', 'quédate quieto') "
         "command stillness", "prompt: You must keep still."),
    Rule("clear-mind", "warning", "'let go of all thoughts', 'clear your mind' ('deja ir los "
         "pensamientos', 'mente en blanco') ask for what no one can do on request",
         "prompt: Let go of all thoughts."),
    Rule("settle-gentle", "warning", "the pack's 'settle' exercise, offered after a hard moment, "
         "has breath work, holds or a body scan rather than grounding", "settle: breathing.yaml"),
    Rule("template-words", "warning", "words 'regulate new' left to be replaced: 'Your name', "
         "the example's title, description or steps; 'regulate pack zip' refuses them without "
         "--draft", "author: Your name"),
    Rule("recording-converted", "warning",
         "a recording in a phone's format (M4A, Opus, WebM, AMR): it plays where the voice extra "
         "is installed, and 'regulate pack zip' converts it", "audio: voice-memo.m4a"),
    Rule("loudness", "warning",
         "a recording far louder or quieter than the pack's others, or clipped (cut flat at "
         "full scale); shown where the voice extra is installed", "a whispered recording"),
    Rule("leading-silence", "warning",
         "a recording that starts with over 2 seconds of silence", "a memo started early"),
    Rule("recording-longer", "warning", "a recording longer than its step, so its end is cut",
         "a 2:10 recording in a 2:00 step"),
    Rule("region-placeholder", "warning",
         "braces other than {region} in a scan's text, shown as written", "text: Notice {area}"),
    Rule("not-listed", "warning",
         "an exercise file in the folder that 'exercises' does not list", "spare.yaml"),
    Rule("direction-mark", "warning",
         "a direction mark (U+202A-202E, U+2066-2069) that could reorder what is shown",
         'title: "Look \\u202e"'),
    Rule("more-problems", "error", "a note that a very broken file has more problems than shown",
         "a file with over 50 problems"),
)  # fmt: skip

BY_ID = {rule.id: rule for rule in RULES}
WARNING_IDS = tuple(rule.id for rule in RULES if rule.severity == "warning")


def markdown() -> str:
    lines = [
        "# The rules of `regulate check`",
        "",
        "<!-- written by `python -m regulate.loader.rules --write`; "
        "edit regulate/loader/rules.py instead -->",
        "",
        "Each problem `regulate check` reports belongs to one rule. `--format json` gives the "
        "rule of each problem, and the text output names it at the end of the line, as "
        "`[long-hold]`. Warnings change the exit code only with `--strict`; "
        "`--strict=long-hold,eyes-closed` does so for those rules alone.",
        "",
        "| rule | kind | what it catches | for example |",
        "| --- | --- | --- | --- |",
    ]
    for rule in RULES:
        example = rule.example.replace("\n", " ").replace("|", "\\|")
        lines.append(f"| `{rule.id}` | {rule.severity} | {rule.summary} | `{example}` |")
    return "\n".join(lines) + "\n"


DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"

if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    if "--write" in sys.argv:
        from regulate import door

        door.write_text(DOC, markdown(), private=False)
        print(f"wrote {DOC}")
    else:
        print(markdown(), end="")
