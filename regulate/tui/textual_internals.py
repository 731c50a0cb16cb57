"""Where regulate reaches past Textual's public API: all of it is here, and nowhere else.

A closed terminal (tui/hangup.py) needs the driver's writes dropped once the terminal has gone,
and Textual has no public way to reach its driver's output or its SIGCONT handler
(`hang_up_safe`, `driver_of`).

One shortcut keeps the first screen's memory within its budget: Textual's `key_to_character`
searches Unicode's name table for a key's name ('escape', 'enter'), which brings about 0.4 MB of
that table into memory the first time a screen with a focused widget works out its keys
(`answer_named_keys`).

Two shortcuts keep breathing cheaper than Textual's own one-line floor: widgets around the
guide keep their drawn lines between frames (`KeptLines`), and the guide keeps its finished
lines from breath to breath (`FinishedLines`). Textual has no public way to do either, so each
use of its internals below says the Textual version it was read from.

A new Textual can change what these rely on, and a change in how it marks widgets for redrawing
would show stale frames rather than fail. So `check()`, run when this module is first imported
(at start-up, before the first screen), allows the shortcuts only on a version listed in
`TESTED`; on any other, every widget here takes Textual's own path: a correct frame before a
fast one. To add a version: read the uses below against its source, run the TUI tests on it
(`.ci/run` does, for the lowest and newest accepted), and add it to `TESTED`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

import textual
from textual.containers import Vertical
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.app import App
    from textual.driver import Driver

# the Textual versions the uses below were read from and the TUI tests passed on
TESTED = frozenset({"8.0.0", "8.2.8"})


class _Found:
    """What the start-up check found: whether the shortcuts may be taken."""

    fast = False


def installed() -> str:
    """The installed Textual's version. `textual.__version__` asks importlib.metadata, which
    brings 1.2 MB of modules (email, csv, zipfile) into memory before the first screen; the
    name of the installed package's record beside it says the same."""
    if "__version__" in vars(textual):  # already asked for (or set, as a test does)
        return str(vars(textual)["__version__"])
    site = Path(textual.__file__).resolve().parent.parent
    records = list(site.glob("textual-*.dist-info"))
    if len(records) == 1:
        return records[0].name.removeprefix("textual-").removesuffix(".dist-info")
    return str(textual.__version__)  # none, or more than one: ask importlib.metadata


def check(version: str | None = None) -> bool:
    """Whether the installed Textual (or `version`) is one the shortcuts were tested with;
    every widget here follows the answer from then on."""
    _Found.fast = (installed() if version is None else version) in TESTED
    return _Found.fast


def fast() -> bool:
    """Whether the shortcuts are taken (the start-up check found a tested Textual)."""
    return _Found.fast


# What textual.keys.key_to_character (Textual 8.0.0-8.2.8) answers for each name of a key that is
# not a character of its own (textual.keys.Keys without modifiers), each found by searching
# Unicode's names (escape is ESC's alias, tab CHARACTER TABULATION's): a test keeps it equal.
NAMED_KEYS: dict[str, str | None] = {
    "backspace": "\x08", "ctrl-at": None, "delete": "\x7f", "down": None, "end": None,
    "enter": None, "escape": "\x1b", "home": None, "insert": None, "left": None,
    "pagedown": None, "pageup": None, "return": None, "right": None, "space": " ",
    "tab": "\t", "up": None,
    **{f"f{n}": None for n in range(1, 25)},
}  # fmt: skip


def answer_named_keys() -> bool:
    """On a tested Textual, the screen's binding chain (Screen._binding_chain asks
    `textual.screen.key_to_character` of every key bound around a focused widget) is answered
    for these names from the table above rather than by searching Unicode's name table; any
    other key is Textual's own answer. True when the shortcut is taken."""
    import textual.keys
    import textual.screen

    original = textual.keys.key_to_character
    if not _Found.fast or vars(textual.screen).get("key_to_character") is not original:
        return False

    def key_to_character(key: str) -> str | None:
        if key in NAMED_KEYS:
            return NAMED_KEYS[key]
        answer: str | None = original(key)
        return answer

    vars(textual.screen)["key_to_character"] = key_to_character  # the name the screen calls
    return True


check()
answer_named_keys()


class KeptLines(Widget):
    """A widget whose own lines - a container's background, a page's padding, a screen's
    ground - are drawn once and kept while its size, the stylesheet and the app's filters stay
    the same and nothing marks it for redrawing. Textual draws again, whole, every widget that
    stands beside one that changed (it asks whether the container overlaps, not the widget),
    so while breathing the screen, the page, its two groups and the footer were drawn afresh
    eight times a second around a guide that alone had changed: a fifth of each frame.

    Named after the Textual class it joins (`class KeysFooter(Footer, KeptLines)`): Textual
    reads a widget's CSS from its first base alone."""

    _kept: tuple[object, list[Strip]] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        # Widget.render_lines (Textual 8.0.0-8.2.8) is called by the compositor for every
        # widget it redraws; overriding it is the only way to skip Textual's drawing.
        if not _Found.fast:
            return super().render_lines(crop)
        # Its colours are not in the key: they blend over its ancestors' backgrounds, and
        # when a colour or opacity of a widget changes Textual refreshes its children too
        # (which lets their lines go, in _set_dirty). Asking for the blended colours cost a
        # third of drawing the widget, every frame.
        app = self.app
        # App._css_update_count (Textual 8.0.0-8.2.8): counts changes of the stylesheet (a
        # theme, dark or light); there is no public version number of the stylesheet.
        key = (crop, self.outer_size, app._css_update_count, tuple(app.get_line_filters()))
        kept = self._kept
        if kept is not None and kept[0] == key:
            return kept[1]
        strips = super().render_lines(crop)
        self._kept = (key, strips)
        return strips

    def _set_dirty(self, *regions: Region) -> None:
        # Widget._set_dirty (Textual 8.0.0-8.2.8): every mark for redrawing, of a part or the
        # whole, comes through it - refresh() and also Textual's own calls (a resize, a screen
        # beneath another, styles reset), which a public refresh() override would miss
        self._kept = None
        super()._set_dirty(*regions)

    def notify_style_update(self) -> None:
        self._kept = None
        super().notify_style_update()


class KeptVertical(Vertical, KeptLines):
    """A Vertical container whose own lines are kept (see KeptLines)."""


class FinishedLines(Widget):
    """A widget whose lines are its text in its own colours and nothing else, each finished
    once - its text in its colours, the app's filters applied, cut to the part asked for - and
    kept by what it shows. Textual's pipeline (Widget.render_lines and its styles cache) made
    each line anew for every frame, four strips a row, which cost more than the rest of a
    frame on this side of the compositor. The strip itself comes from the public Line API,
    `render_line`; a test compares every kept line with Textual's own.

    A subclass says what each line shows (`shown_lines`) and lets the kept lines go when its
    colours may have changed (`forget_finished`)."""

    _finished: dict[tuple[str, int, int, int], Strip]
    _filters: tuple[object, ...] = ()  # the app's line filters the lines were made with
    _plain: bool | None = None  # no padding, border, tint or opacity: see `_is_plain`

    def shown_lines(self) -> Sequence[str] | None:
        """The text each line shows now; None when Textual's own way must draw them."""
        return None

    def forget_finished(self) -> None:
        self._plain = None
        if hasattr(self, "_finished"):
            self._finished.clear()

    def _is_plain(self) -> bool:
        """Whether a line is the widget's own text in its colours, nothing added around or over
        it: what Textual's styles cache (8.0.0-8.2.8) would add otherwise - padding, border,
        outline, opacity, tint, hatch - is then nothing."""
        if self._plain is None:
            styles = self.styles
            self._plain = (
                not any(styles.padding)
                and not styles.border
                and not styles.outline
                and styles.opacity == 1
                and styles.text_opacity == 1
                and not styles.tint.a
                and not styles.background_tint.a
                and (not styles.has_rule("hatch") or styles.hatch == "none")
                and all(node.styles.opacity == 1 for node in self.ancestors)
            )
        return self._plain

    def render_lines(self, crop: Region) -> list[Strip]:
        # Widget.render_lines (Textual 8.0.0-8.2.8), as for KeptLines above; on an untested
        # Textual, or for anything styled around the text, Textual's own way.
        lines = self.shown_lines() if _Found.fast else None
        if lines is None or not self._is_plain():
            return super().render_lines(crop)
        app = self.app
        width = self.outer_size.width
        x1, x2 = crop.column_span
        filters = tuple(app.get_line_filters())
        try:
            finished = self._finished
        except AttributeError:
            finished = self._finished = {}
        if filters != self._filters or len(finished) > 2048:
            finished.clear()
            self._filters = filters
        strips = []
        for y in crop.line_range:
            text = lines[y] if y < len(lines) else ""
            key = (text, width, x1, x2)
            strip = finished.get(key)
            if strip is None:
                strip = self.render_line(y)
                if filters:
                    background = self.background_colors[1]
                    for line_filter in filters:
                        strip = strip.apply_filter(line_filter, background)
                if (x1, x2) != (0, width):
                    strip = strip.crop(x1, x2)
                finished[key] = strip
            strips.append(strip)
        return strips


# ------------------------------------------------------------ a terminal that goes away


class _Output(Protocol):
    gone: bool

    def isatty(self) -> bool: ...


def driver_of(app: App[Any]) -> Driver | None:
    """The driver the app runs on. App._driver (Textual 8.2.8): no public name for it."""
    return getattr(app, "_driver", None)


def hang_up_safe(chosen: type[Driver], output: Callable[[IO[str]], _Output]) -> type[Driver]:
    """Textual's POSIX driver with its output wrapped in `output` (an object that drops text
    once the terminal has gone), queueing nothing for a terminal that has gone, and not resuming
    on the SIGCONT that follows a hang-up. Any other driver (Windows, headless) as it is.

    Read from Textual 8.2.8's LinuxDriver: __init__ sets `_file` (sys.__stderr__), which
    start_application_mode hands to its WriterThread; `exit_event` ends the input thread;
    `_sigcont_application` is its SIGCONT handler. On a Textual without them, its own driver."""
    try:
        from textual.drivers.linux_driver import LinuxDriver
    except ImportError:  # Windows: no termios
        return chosen
    if not issubclass(chosen, LinuxDriver) or not hasattr(chosen, "_sigcont_application"):
        return chosen

    class HangUpSafeDriver(chosen):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.output = output(self._file)  # type: ignore[has-type]
            self._file = self.output

        def write(self, data: str) -> None:
            if not self.output.gone:  # nothing queued for a terminal that has gone
                super().write(data)

        def hang_up(self) -> bool:
            """After SIGHUP: whether the terminal has gone (a hung-up terminal no longer
            answers as one: the kernel cuts it off before it signals). A SIGHUP sent by hand
            leaves a live terminal, restored on the way out as after ctrl+q."""
            if self.output.isatty():
                return False
            self.output.gone = True
            self.exit_event.set()  # its input thread would spin on the end of input
            return True

        def _sigcont_application(self, *args: object) -> None:
            # Textual resumes application mode on SIGCONT (after ctrl+z, fg); the SIGCONT that
            # follows a hang-up would start new threads writing to the dead terminal
            if not self.output.gone:
                super()._sigcont_application(*args)

    return HangUpSafeDriver
