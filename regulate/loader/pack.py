"""A pack folder: pack.yaml (homework, rating, support, language) and its exercise files."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from regulate import door
from regulate.domain.model import (
    DEFAULT_RATING,
    Exercise,
    Homework,
    Pack,
    RatingScale,
    Support,
)
from regulate.domain.phrases import says_the_safety_line
from regulate.domain.problems import START, Pos, Report
from regulate.i18n import N_, _
from regulate.loader.exercise import language_tag
from regulate.loader.files import Loaded, capped, load_exercise, read_bytes
from regulate.loader.grammar import (
    HOMEWORK_KEYS,
    ID,
    MAX_EXERCISES,
    MAX_ID_CHARS,
    MAX_TITLE,
    PACK_KEYS,
    PLACEHOLDER_MARK,
    RATING_KEYS,
    SUPPORT_KEYS,
    SUPPORT_REVIEW_DAYS,
    slugify,
)
from regulate.loader.reader import Reader
from regulate.loader.yamltree import Map, Node, Scalar, describe, parse
from regulate.system.textsafe import printable

NO_SUPPORT = N_(
    "this pack has no 'support'; a client who feels worse will see only a short "
    "general text - you might add a support block written for this client"
)


def load_pack(
    folder: Path,
    display: str | None = None,
    today: dt.date | None = None,
    default_id: str | None = None,
) -> Loaded:
    """Load a pack folder: its manifest and every exercise it names.

    `files` in the result counts the files read, for the summary line.
    """
    shown = display if display is not None else str(folder)
    report = Report(_join(shown, "pack.yaml"))
    r = Reader(report, folder)
    root = _manifest(folder, report)
    if root is None:
        return _exercises_alone(folder, shown, report)
    if not r.format_version(root):
        return Loaded(None, tuple(capped(report.problems, report.file)))
    keys = r.keys(root, PACK_KEYS)

    name = None
    if (node := r.required(keys, "name", root.pos, "pack.yaml")) is not None:
        name = r.text(node, "name", limit=MAX_TITLE)
    pack_id = _pack_id(keys["id"][1], r) if "id" in keys else None
    pack_id = pack_id or default_id or slugify(folder.resolve().name)
    author = r.text(keys["author"][1], "author", limit=200) if "author" in keys else None
    language = language_tag(keys["language"][1], r) if "language" in keys else None
    message = r.text(keys["message"][1], "message") if "message" in keys else None
    homework = _homework(keys["homework"][1], r) if "homework" in keys else None
    rating = _rating(keys["rating"][1], r) if "rating" in keys else DEFAULT_RATING
    support = _support(keys["support"][1], r, today) if "support" in keys else None
    if "support" not in keys:
        report.warning(root.pos, _(NO_SUPPORT), rule="no-support")

    files = _exercise_files(folder, keys.get("exercises"), r)
    settle = _settle(keys["settle"][1], files, r) if "settle" in keys else None

    exercises: list[Exercise] = []
    problems = capped(report.problems, report.file)
    for file_name, path in files:
        loaded = load_exercise(path, _join(shown, file_name), folder)
        problems.extend(loaded.problems)
        if loaded.value is not None:
            exercises.append(loaded.value)

    failed = any(p.severity == "error" for p in problems) or name is None
    pack = None
    if not failed:
        pack = Pack(
            id=pack_id, name=cast(str, name), exercises=tuple(exercises), author=author,
            language=language, message=message, homework=homework, rating=rating or DEFAULT_RATING,
            support=support, settle=settle, folder=folder, at=root.pos,
            where={k: v.pos for k, (_key, v) in keys.items()},
        )  # fmt: skip
    return Loaded(pack, tuple(problems), files=1 + len(files))


def _manifest(folder: Path, report: Report) -> Map | None:
    """pack.yaml as a mapping, or None (with what is wrong reported)."""
    data = read_bytes(folder / "pack.yaml", report)
    root = parse(data, report) if data is not None else None
    if root is not None and not isinstance(root, Map):
        report.error(
            root.pos,
            _(
                "pack.yaml must be a mapping of keys such as name, message and exercises; this "
                "one is {found}"
            ).format(found=describe(root)),
            rule="value-type",
        )
        return None
    return root


def _exercises_alone(folder: Path, shown: str, report: Report) -> Loaded:
    """pack.yaml can't be read: its exercises are still checked, so one broken quote does not
    hide every other mistake (taken as if 'exercises' listed them all)."""
    problems = capped(report.problems, report.file)
    files = _exercise_files(folder, None, Reader(Report(report.file), folder))
    for file_name, path in files:
        problems.extend(load_exercise(path, _join(shown, file_name), folder).problems)
    return Loaded(None, tuple(problems), files=1 + len(files))


def _pack_id(node: Node, r: Reader) -> str | None:
    if isinstance(node, Scalar) and ID.match(node.text) and len(node.text) <= MAX_ID_CHARS:
        return node.text
    r.report.error(
        node.pos,
        _(
            "'id' may hold lower-case letters, digits and '-' (such as week3-settling), at most "
            "{limit} of them; got {found}"
        ).format(limit=MAX_ID_CHARS, found=describe(node)),
        rule="pack-id",
    )
    return None


def _settle(node: Node, files: Sequence[tuple[str, Path]], r: Reader) -> str | None:
    """The exercise offered in a low moment: one of the pack's own files, by its file name."""
    listed = {file_name: path.stem for file_name, path in files}
    if isinstance(node, Scalar) and node.text in listed:
        return listed[node.text]
    r.report.error(
        node.pos,
        _(
            "'settle' must name one of this pack's exercise files, such as {example}; got {found}"
        ).format(example=next(iter(listed), "orienting.yaml"), found=describe(node)),
        rule="exercise-list",
    )
    return None


def _join(shown: str, name: str) -> str:
    return f"{shown.rstrip('/')}/{name}" if shown else name


def _exercise_files(
    folder: Path, listed: tuple[Scalar, Node] | None, r: Reader
) -> list[tuple[str, Path]]:
    """The (name, path) of each exercise, in the order shown; problems reported on the way."""
    on_disk = sorted(
        p.name for p in _safe_iterdir(folder) if p.suffix == ".yaml" and p.name != "pack.yaml"
    )
    if listed is None:
        return _every_file(folder, on_disk, r)
    items = r.list_of(listed[1], "exercises", 1, MAX_EXERCISES, _("exercise files"))
    if items is None:
        return []
    chosen = []
    seen: dict[str, Pos] = {}
    root = folder.resolve()
    named = {item.text for item in items if isinstance(item, Scalar)}
    unlisted = [name for name in on_disk if name not in named]
    for item in items:
        if not isinstance(item, Scalar) or item.value is None:
            r.report.error(
                item.pos,
                _("each entry under exercises must be a file name; got {found}").format(
                    found=describe(item)
                ),
                rule="exercise-list",
            )
            continue
        name = item.text
        if name in seen:
            r.report.error(
                item.pos,
                _("'{name}' is listed twice under exercises (first on line {line})").format(
                    name=printable(name), line=seen[name].line
                ),
                rule="exercise-list",
            )
            continue
        seen[name] = item.pos
        path = folder / name
        if _exercise_path_ok(name, path, root, item.pos, r, unlisted):
            chosen.append((name, path))
    for name in on_disk:
        if name not in seen:
            r.report.warning(
                listed[1].pos,
                _(
                    "'{name}' is in the pack folder but not listed under exercises, so clients "
                    "won't see it"
                ).format(name=printable(name)),
                rule="not-listed",
            )
    return chosen


def _every_file(folder: Path, on_disk: list[str], r: Reader) -> list[tuple[str, Path]]:
    """No 'exercises' list: every exercise file in the folder, in name order."""
    chosen = [(name, folder / name) for name in on_disk]
    if not chosen:
        r.report.error(
            START,
            _("this pack has no exercises; put exercise .yaml files beside pack.yaml"),
            rule="exercise-list",
        )
    elif len(chosen) > MAX_EXERCISES:
        r.report.error(
            START,
            _("this pack has {count} exercise files; a pack may have at most {most}").format(
                count=len(chosen), most=MAX_EXERCISES
            ),
            rule="exercise-list",
        )
        return []
    return chosen


def _exercise_path_ok(
    name: str, path: Path, root: Path, at: Pos, r: Reader, unlisted: list[str]
) -> bool:
    """A listed name that is an exercise file inside the pack folder; said if not (with the
    unlisted file it most likely means, for a misspelling)."""
    try:
        door.check_name(name)  # a NUL stops Python's own path calls (resolve, stat)
    except door.DoorRefused as refused:
        r.report.error(
            at,
            _("'{name}' can't be an exercise file: {why}").format(
                name=printable(name), why=refused.strerror
            ),
            rule="exercise-list",
        )
        return False
    shown = printable(name)  # a name is the therapist's text: said with no control in it
    if not name.endswith(".yaml") or name == "pack.yaml":
        r.report.error(
            at,
            _(
                "'{name}' can't be an exercise; exercises are .yaml files other than pack.yaml"
            ).format(name=shown),
            rule="exercise-list",
        )
    elif Path(name).is_absolute() or not path.resolve().is_relative_to(root):
        r.report.error(
            at,
            _("'{name}' leads outside the pack folder; keep exercises inside it").format(
                name=shown
            ),
            rule="exercise-list",
        )
    elif not path.is_file():
        said = _("'{name}' is listed under exercises but there is no such file").format(name=shown)
        close = difflib.get_close_matches(name, unlisted, n=1, cutoff=0.6)
        if close:
            said += _("; did you mean '{suggestion}' (in the folder, not listed)?").format(
                suggestion=printable(close[0])
            )
        r.report.error(at, said, rule="exercise-list")
    else:
        return True
    return False


def _safe_iterdir(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _homework(node: Node, r: Reader) -> Homework | None:
    mapping = r.mapping(node, "'homework'")
    if mapping is None:
        return None
    keys = r.keys(mapping, HOMEWORK_KEYS)
    times = per = None
    if (n := r.required(keys, "times", mapping.pos, "'homework'")) is not None:
        times = r.number(n, "times", 1, 20, unit="", whole=True)
    if (n := r.required(keys, "per", mapping.pos, "'homework'")) is not None:
        per = r.choice(n, "per", ("day", "week"))
    start = r.date(keys["from"][1], "from") if "from" in keys else None
    until = r.date(keys["until"][1], "until") if "until" in keys else None
    if start and until and until < start:
        r.report.error(
            keys["until"][1].pos,
            _("'until' ({until}) is before 'from' ({start})").format(
                until=until.isoformat(), start=start.isoformat()
            ),
            rule="date",
        )
        return None
    if times is None or per is None:
        return None
    return Homework(int(times), cast(Any, per), start, until)


def _rating(node: Node, r: Reader) -> RatingScale | None:
    mapping = r.mapping(node, "'rating'")
    if mapping is None:
        return None
    keys = r.keys(mapping, RATING_KEYS)
    texts: dict[str, str | None] = {}
    for name in ("question", "low", "mid", "high"):
        if name in keys:
            texts[name] = r.text(keys[name][1], name, limit=200)
    threshold = DEFAULT_RATING.threshold
    if "threshold" in keys:
        got = r.number(keys["threshold"][1], "threshold", 0, 9, unit="", whole=True)
        threshold = int(got) if got is not None else threshold
    d = DEFAULT_RATING
    return RatingScale(
        question=texts.get("question") or d.question,
        low=texts.get("low") or d.low,
        mid=texts.get("mid") or d.mid,
        high=texts.get("high") or d.high,
        threshold=threshold,
    )


def _support(node: Node, r: Reader, today: dt.date | None) -> Support | None:
    if isinstance(node, Scalar):
        text = r.text(node, "support")
        return Support(text) if text else None
    mapping = r.mapping(node, "'support'")
    if mapping is None:
        return None
    keys = r.keys(mapping, SUPPORT_KEYS)
    text = None
    if (n := r.required(keys, "text", mapping.pos, "'support'")) is not None:
        text = r.text(n, "text")
    before = r.text(keys["before"][1], "before") if "before" in keys else None
    after = r.text(keys["after"][1], "after") if "after" in keys else None
    contact = r.text(keys["contact"][1], "contact") if "contact" in keys else None
    emergency = r.text(keys["emergency"][1], "emergency") if "emergency" in keys else None
    reviewed = r.date(keys["reviewed"][1], "reviewed") if "reviewed" in keys else None
    if text and PLACEHOLDER_MARK in text:
        r.report.warning(
            keys["text"][1].pos,
            _(
                "the support text still holds the placeholder from 'regulate new'; write a few "
                "sentences for this client before you hand the pack over"
            ),
            rule="support-placeholder",
        )
    if text and emergency is None and not says_the_safety_line(text):
        r.report.warning(
            keys["text"][1].pos,  # said after the text's own warnings, at the text
            _(
                "this support has no 'emergency' line: your client will see regulate's general "
                "one ('regulate is not an emergency service...'); you might add one written for "
                "them, such as the number to call where they live"
            ),
            rule="no-emergency",
        )
    if reviewed is not None:
        age = ((today or dt.date.today()) - reviewed).days
        if age > SUPPORT_REVIEW_DAYS:
            r.report.warning(
                keys["reviewed"][1].pos,
                _(
                    "the support text was last reviewed on {reviewed}, more than 12 months ago; "
                    "you might read it through with the client and update the date"
                ).format(reviewed=reviewed.isoformat()),
                rule="support-review",
            )
    return Support(text, contact, emergency, reviewed, before, after) if text else None
