"""What every screen shares: the too-small line, the footer, buttons whose labels are never markup,
support and sound on every screen, and esc's one meaning (back, never on)."""

from __future__ import annotations

from typing import TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from regulate import i18n
from regulate.i18n import N_, _
from regulate.tui.bindings import key_name
from regulate.tui.widgets.line import Line
from regulate.tui.widgets.line_cache import KeptLines

TOO_SMALL = N_("Please make the window a bit larger.")


# what still acts when the window is too small to show anything else: esc and ctrl+q, and
# space in an exercise (which goes on unseen, so it can be paused and carried on)
STILL_ACT = ("stop", "app.quit_now", "quit_now", "pause", "carry_on")
# two or three lines hold every screen's keys in English and Spanish; a longer language gets
# another (only the lines needed are shown)
NARROW_KEY_LINES = 4


ResultT = TypeVar("ResultT")
ChoiceT = TypeVar("ChoiceT", bound=str)


def literal(text: str) -> Static:
    return Static(text, markup=False)


def button(label: str, ident: str, variant: str = "default") -> Button:
    # compact: one line each, so three fit side by side at 50 columns
    return Button(Content(label), id=ident, variant=variant, compact=True)  # type: ignore[arg-type]


class KeysFooter(Footer, KeptLines):
    """Textual's footer, its keys' words in the person's language, rebuilt only when the keys
    it shows change (at start a screen's bindings change three times before the first frame;
    each rebuilt the footer's keys, and an exercise refreshes its keys every second)."""

    _shown: object = None

    def compose(self) -> ComposeResult:
        # Textual's own footer keys, each binding's description said in the person's language
        # (BINDINGS keep the English, marked for translation), in the screen's order
        screen = self.screen
        widgets = list(super().compose())
        if isinstance(screen, Base):
            widgets.sort(
                key=lambda w: screen.key_order(
                    getattr(w, "action", ""), getattr(w, "description", "")
                )
            )
        for widget in widgets:
            description = getattr(widget, "description", None)
            if isinstance(description, str) and description:
                widget.description = _(description)  # type: ignore[attr-defined]
            yield widget

    def _keys_shown(self) -> object:
        """What the footer would show: the screen's active keys, their words and whether they
        act, in the language spoken now."""
        return i18n.current(), tuple(
            (key, binding.description, binding.show, enabled)
            for key, (_node, binding, enabled, _tip) in self.screen.active_bindings.items()
        )

    async def recompose(self) -> None:
        # Textual's footer asks for this after every change of the screen's bindings; by the
        # time it runs, several such changes read as one
        if not self.is_attached:
            return  # its screen has gone meanwhile
        shown = self._keys_shown()
        if shown == self._shown:
            return
        self._shown = shown
        await super().recompose()


def footer() -> Footer:
    return KeysFooter(compact=True, show_command_palette=False)


# Support and sound on every screen, listed last: the footer shows a screen's own keys first
# (stop above all), and a narrow footer cuts from the end.
COMMON = [
    Binding("s", "app.support", N_("Support")),
    Binding("m", "app.toggle_sound", N_("Sound")),
]


class Base(Screen[ResultT], KeptLines):
    """What every screen shares: the too-small line, support, sound, and quitting at once.
    `ResultT` is what the screen gives back when it is dismissed."""

    _out_of_sight: bool | None = None  # whether it was last told the window is too small
    _key_lines = 1  # the lines the keys take at the foot of the screen

    too_small = TOO_SMALL  # the one line shown below 50x16 (a screen may say more)

    def compose_too_small(self) -> ComposeResult:
        yield Static(_(self.too_small), classes="too-small", markup=False)

    def compose_keys(self) -> ComposeResult:
        """The footer, and for a narrow window the same keys on two lines of their own (the
        footer's one line would cut them there)."""
        self.add_class("two-line-keys")
        with Vertical(classes="narrow-keys"):
            for _line in range(NARROW_KEY_LINES):
                yield Line(classes="narrow-key")
        yield footer()

    def key_order(self, action: str, description: str) -> int:
        """Where a key stands among those shown: the screen's own first, in its order (stop or
        back leads), then a widget's (Textual's footer would put the widget in focus first)."""
        own: dict[tuple[str, str], int] = {}
        for at, b in enumerate(self.BINDINGS):
            if isinstance(b, Binding):
                own.setdefault((b.action, b.description), at)
        return own.get((action, description), len(own))

    def key_texts(self) -> list[str]:
        """The keys the footer shows ('esc Stop'), in its order: the screen's own and those of
        the widget in focus (the rating's Enter), as they act now."""
        active = [
            (key, binding)
            for key, (_node, binding, enabled, _tip) in self.active_bindings.items()
            if binding.show and binding.description and enabled
        ]
        active.sort(key=lambda kb: self.key_order(kb[1].action, kb[1].description))
        return [f"{b.key_display or key_name(key)} {_(b.description)}" for key, b in active]

    def narrow_keys(self, keys: list[str] | None = None) -> list[str]:
        """The screen's keys (`keys`, if already read) as lines of at most 48 characters, in
        the footer's order."""
        lines, line = [], ""
        for key in self.key_texts() if keys is None else keys:
            joined = f"{line}  {key}" if line else key
            if len(joined) > 48 and line:
                lines.append(line)
                joined = key
            line = joined
        return [*lines, line][:NARROW_KEY_LINES]

    def refresh_keys(self) -> None:
        # the footer's one line where the keys fit on it; else lines of their own (a key that
        # appears, such as g while a guide shows, can make a line that fitted too long)
        keys = self.key_texts()
        wrap = len(" ".join(keys)) >= self.size.width
        self.set_class(wrap, "-keys-wrap")
        texts = self.narrow_keys(keys)
        self._key_lines = len(texts) if wrap or self.app.has_class("-narrow") else 1
        self.lift_toasts()
        for i, widget in enumerate(self.query(".narrow-key")):
            assert isinstance(widget, Line)
            widget.set(texts[i] if i < len(texts) else "")
            widget.display = i < len(texts)  # a third line only for a language that needs it

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Below the smallest size nothing is in sight, so no key acts unseen - but stop and
        leave always do."""
        if self.app.has_class("-too-small"):
            return action in STILL_ACT
        return True

    def on_screen_resume(self) -> None:
        self.keep_out_of_sight()

    def keep_out_of_sight(self) -> None:
        """While the window is too small (the app's class says so), what can't be seen can't
        take keys either."""
        small = self.app.has_class("-too-small")
        for page in self.query(".page"):
            page.disabled = small
        if self._out_of_sight == small:
            return  # unchanged: refreshing the bindings would rebuild the footer for nothing
        self._out_of_sight = small
        self.refresh_bindings()
        self.refresh_keys()  # the keys in sight say only what acts now

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_buttons)
        if self.has_class("two-line-keys"):
            self.call_after_refresh(self.refresh_keys)

    def lift_toasts(self) -> None:
        """A toast (a passing notice) stands above the keys and the buttons kept at a page's
        foot, never over them: stopping stays in sight, and so does the button Enter presses."""
        below = self._key_lines + sum(
            row.outer_size.height for row in self.query(".page > .buttons.-docked")
        )
        for rack in self.query("ToastRack"):  # Textual's, one a screen
            rack.styles.margin = (0, 0, below, 0)

    def fit_buttons(self, rounds: int = 2) -> None:
        """Buttons stacked where a row is too wide, then kept in sight; then once more, as the
        scroll bar a long page gains takes two columns from the row."""
        self.stack_buttons()

        def then() -> None:
            self.place_buttons()
            if rounds > 1:
                self.call_after_refresh(self.fit_buttons, rounds - 1)
            else:
                self.call_after_refresh(self.lift_toasts)

        self.call_after_refresh(then)

    def place_buttons(self) -> None:
        """Where a page's words run past the window (50x16, a long support text), its buttons
        stay at its foot, in sight, the words scrolling above them: the one Enter presses is
        never below the fold. Where all fits, they follow the words."""
        for page in self.query(".page").results(ScrollableContainer):
            for row in page.query_children(".buttons"):
                words = max(
                    (c.virtual_region_with_margin.bottom for c in page.children
                     if c is not row and c.display),
                    default=0,
                )  # fmt: skip
                # inline, the row stands a line below the words (its margin); `size` is the
                # page's room inside its padding
                needed = words + 1 + row.outer_size.height
                row.set_class(needed > page.size.height, "-docked")

    def stack_buttons(self) -> None:
        """A row of buttons too wide for the window (long words, a long settle title, Spanish
        at 50 columns) stands one under another rather than running off the edge."""
        for row in self.query(".buttons"):
            # each button as drawn once laid out (a compact button keeps a space either side
            # of its label), else as its label and spacing say
            wanted = sum(
                max(b.outer_size.width, len(str(b.label)) + b.styles.padding.width)
                + b.styles.margin.width
                for b in row.query(Button)
                if b.display
            )
            room = row.size.width or self.size.width
            row.set_class(wanted > room, "-stacked")


class Choices(Base[ChoiceT]):
    """A screen that ends with a choice among buttons: the first is focused, the arrows move
    between them (every choice within reach without Tab), and a pressed button dismisses the
    screen with its id (one of `ChoiceT`)."""

    BINDINGS = [
        Binding("left", "move(-1)", show=False),
        Binding("right", "move(1)", show=False),
    ]

    def action_move(self, step: int) -> None:
        buttons = [b for b in self.query(Button) if b.display and not b.disabled]
        if not buttons:
            return
        at = buttons.index(self.focused) if self.focused in buttons else -step
        buttons[(at + step) % len(buttons)].focus()

    def on_mount(self) -> None:
        # without scrolling to it: on a small window the words above the buttons (the title,
        # before -> after) come first, and each button's label names its key
        self.query(Button).first().focus(scroll_visible=False)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(cast(ChoiceT, event.button.id))
