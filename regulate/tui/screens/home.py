"""Home: the packs, their exercises and the homework."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from regulate import i18n
from regulate.core import shelf
from regulate.domain import phrases
from regulate.domain.model import Pack
from regulate.i18n import N_, _
from regulate.tui import messages
from regulate.tui.screens.base import (
    COMMON,
    TOO_SMALL,
    Base,
    literal,
)

# the days each pack with homework was practised (a pack not named: none); None while the
# history is still being opened
Practised = Mapping[str, list[dt.date]]


class Home(Base[None]):
    """The first screen. Given the packs, the person's calendar (`today`: the screen lasts the
    whole run), the days practised (the app gives them again when the history has more to
    say: `use_practice`), and `speak_for`, which asks the app to speak a pack's language while
    it is highlighted (True when the language changed)."""

    BINDINGS = [
        Binding("escape", "app.quit_now", N_("Quit")),
        # named in the footer: what Enter and Tab do here is not otherwise said
        # (Enter is the screen's before the list's, so the footer can say it)
        Binding("enter", "open", N_("Open"), priority=True),
        Binding("tab", "other_list", N_("Other list")),
        Binding("h", "app.history", N_("History")),
        *COMMON,
        Binding("t", "app.next_theme", N_("Colours")),
        Binding("r", "app.toggle_reduced_motion", N_("Reduced motion")),
        Binding("l", "app.next_language", N_("Language")),
    ]

    def __init__(
        self,
        packs: tuple[Pack, ...],
        selected: str | None = None,
        *,
        today: Callable[[], dt.date],
        practised: Practised | None,
        speak_for: Callable[[Pack | None], bool],
    ) -> None:
        super().__init__()
        self.packs = packs
        self.today = today
        self.practised = practised
        self.speak_for = speak_for
        self.pack = next((p for p in packs if p.id == selected), packs[0] if packs else None)
        self._spoken = i18n.current()

    def compose(self) -> ComposeResult:
        yield from self.compose_too_small()
        with Vertical(classes="page"):
            yield Static("regulate", classes="title decor")
            if len(self.packs) > 1:
                yield OptionList(
                    *[Option(Content(p.name), id=p.id) for p in self.packs],
                    id="packs",
                    markup=False,
                )
            yield literal("").add_class("pack-name")
            yield literal("").add_class("message")
            yield literal("").add_class("plan")
            yield OptionList(id="exercises", markup=False)
            yield literal(_(phrases.STOPPING_IS_FINE)).add_class("hint", "decor")
        yield from self.compose_keys()

    def _speak(self) -> None:
        """The screen's own words in the language now spoken (a pack of another language was
        highlighted, or the person chose one)."""
        self._spoken = i18n.current()
        self.refresh_bindings()
        self.refresh_keys()
        self.query_one(".hint", Static).update(_(phrases.STOPPING_IS_FINE))
        self.query_one(".too-small", Static).update(_(TOO_SMALL))

    def on_mount(self) -> None:
        if not self.query("#exercises"):
            return  # the app is closing before the screen was built (a signal at start)
        self.refresh_keys()
        if self.query("#packs") and self.pack in self.packs:
            # the pack opened on is the one highlighted (the therapist's, when there is one)
            self.query_one("#packs", OptionList).highlighted = self.packs.index(self.pack)
        self.show_pack(self.pack)
        self.query_one("#exercises", OptionList).focus()

    def show_pack(self, pack: Pack | None) -> None:
        self.pack = pack
        if self.speak_for(pack) or self._spoken != i18n.current():
            self._speak()
        exercises = self.query_one("#exercises", OptionList)
        exercises.clear_options()
        if pack is None:
            return
        words = shelf.pack_words(pack, self._days(pack), self.today())
        self.query_one(".pack-name", Static).update(Content(words.heading))
        self.query_one(".message", Static).update(Content(words.message or ""))
        self.query_one(".message", Static).display = bool(words.message)
        self._show_plan(words)
        for exercise in pack.exercises:
            exercises.add_option(Option(Content(shelf.exercise_label(exercise)), id=exercise.id))
        if pack.exercises:
            exercises.highlighted = 0

    def _show_plan(self, words: shelf.PackWords) -> None:
        plan = self.query_one(".plan", Static)
        plan.update(Content(words.plan or ""))
        plan.display = words.plan is not None

    def use_practice(self, practised: Practised | None) -> None:
        """The homework line again, with the days practised as the history has them now (it
        is open, or a session has reached it)."""
        self.practised = practised
        if self.pack is not None and self.query(".plan"):
            self._show_plan(shelf.pack_words(self.pack, self._days(self.pack), self.today()))

    def _days(self, pack: Pack) -> list[dt.date] | None:
        """The days a pack was practised; None while the history is still being opened."""
        if pack.homework is None:
            return []
        return None if self.practised is None else self.practised.get(pack.id, [])

    def use_packs(
        self, packs: tuple[Pack, ...], pack: Pack | None, practised: Practised | None
    ) -> None:
        """The packs again (after a change of language the starter pack is another one)."""
        self.packs = packs
        self.practised = practised
        if self.query("#packs"):
            listed = self.query_one("#packs", OptionList)
            at = listed.highlighted
            listed.clear_options()
            listed.add_options([Option(Content(p.name), id=p.id) for p in packs])
            listed.highlighted = at
        self.show_pack(pack or (packs[0] if packs else None))

    @on(OptionList.OptionHighlighted, "#packs")
    def pack_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        chosen = next((p for p in self.packs if p.id == event.option.id), None)
        if chosen is not None and chosen is not self.pack:
            self.show_pack(chosen)

    @on(OptionList.OptionSelected, "#exercises")
    def exercise_selected(self, event: OptionList.OptionSelected) -> None:
        if self.pack is not None and event.option.id:
            exercise = self.pack.exercise(event.option.id)
            if exercise is not None:
                self.post_message(messages.OpenExercise(self.pack, exercise))

    @on(OptionList.OptionSelected, "#packs")
    def pack_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#exercises", OptionList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "other_list":  # Tab moves between two lists only when there are two
            return len(self.packs) > 1 and super().check_action(action, parameters)
        return super().check_action(action, parameters)

    def action_other_list(self) -> None:
        self.focus_next()

    def action_open(self) -> None:
        if self.query("#packs") and self.query_one("#packs", OptionList).has_focus:
            self.query_one("#exercises", OptionList).focus()  # the pack is open: its exercises
            return
        options = self.query_one("#exercises", OptionList)
        if options.highlighted is not None and self.pack is not None:
            option = options.get_option_at_index(options.highlighted)
            exercise = self.pack.exercise(option.id or "")
            if exercise is not None:
                self.post_message(messages.OpenExercise(self.pack, exercise))
