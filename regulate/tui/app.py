"""The Textual app: its first screen, the person's settings (sound, colours, motion, language),
the window's size, support from anywhere, and leaving at once. The path through an exercise is
the core's session script, driven by the app's `AppDriver` (driver.py), which knows the app only
as the `FrontEnd` of seam.py; the screens are given what they show and pass keys on."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.driver import Driver
from textual.keys import KEY_DISPLAY_ALIASES
from textual.screen import Screen
from textual.worker import Worker

from regulate import i18n, settings
from regulate.audio.silence import CuePlayer, Silent
from regulate.domain.model import Exercise, Pack
from regulate.i18n import N_, _
from regulate.packs.library import Library, load_library
from regulate.system import collector
from regulate.tui import hangup, messages, screens
from regulate.tui.app_history import HistoryReading, OpenHistory
from regulate.tui.app_size import WindowSize
from regulate.tui.bindings import KEY_WORDS, key_name
from regulate.tui.driver import AppDriver
from regulate.tui.themes import OWN_THEMES, RENAMED, THEMES

if TYPE_CHECKING:
    from regulate.core.practice import Practice
    from regulate.history import History, Place

QUIT_SAVE_SECONDS = 2.0  # how long leaving waits for a busy history to take the last write


LEFT_KEPT = N_("You left regulate during an exercise. Your session is kept, as stopped.")


class RegulateApp(HistoryReading, WindowSize):
    CSS_PATH = "regulate.tcss"
    TITLE = "regulate"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        # typed by the person: a line after the screen closes says an exercise under way is kept
        Binding("ctrl+q", "quit_now(True)", "Quit", priority=True, show=False),
        Binding("ctrl+c", "quit_now(True)", "Quit", priority=True, show=False),
    ]

    def __init__(
        self,
        library: Library,
        store: History | None,
        prefs: settings.Settings,
        *,
        clock: Callable[[], float] = time.monotonic,
        pack: Pack | None = None,
        exercise: Exercise | None = None,
        speed: float = 1.0,
        sound: bool | None = None,
        reduced_motion: bool | None = None,
        notices: tuple[str, ...] = (),
        save_settings: bool = True,
        exit_watchdog: bool = False,
        today: Callable[[], dt.date] = dt.date.today,
        language: str | None = None,
        open_store: OpenHistory | None = None,
        place: Callable[[], Place] | None = None,
    ) -> None:
        super().__init__()
        self.language_override = language  # --language: this run only, not saved
        self.library = library
        self.store = store  # None until the opener has it (run_app's), or if it can't be had
        self._open_store = open_store  # run_app's: opened off the event loop, after the first paint
        self._place: Place | None = store
        self._place_of = place  # run_app's: found when first needed (SQLite's not read before)
        self._opening = False  # the opener's thread is at work
        self.prefs = prefs
        self.clock = clock
        self.start_pack = pack
        self.start_exercise = exercise
        self.speed = speed
        self.sound_override = sound
        self.reduced_override = reduced_motion
        self.notices = notices
        self.told: set[str] = set()  # sound notices already shown this run
        self.told_playing: set[str] = set()  # ...and shown in an exercise
        self.save_settings = save_settings
        # SIGHUP and SIGTERM; only the real program arms the watchdog: it ends the whole
        # process (a test runner too)
        self.leaving = hangup.Leaving(self, watchdog=exit_watchdog)
        self.today = today  # the person's local date (tests fix it)
        self.cues: CuePlayer = Silent()  # until sound is set up, after the first screen
        self.driver = AppDriver(self, self)  # mypy checks the app is the driver's FrontEnd
        i18n.use(self.person_language)  # the first screens speak the person's language

    # ------------------------------------------------------------ settings

    @property
    def sound_on(self) -> bool:
        if self.sound_override is not None:
            return self.sound_override
        return bool(self.prefs.sound)

    @property
    def reduced_motion(self) -> bool:
        if self.reduced_override:
            return True
        return self.prefs.reduced_motion or self.animation_level == "none"

    @property
    def guide_shape(self) -> bool:
        """The breathing guide as the round shape (else the one-line bar), as last chosen."""
        return not self.prefs.breath_bar

    @property
    def starter(self) -> Pack | None:
        """The starter pack: its support text and settle exercise stand in for a pack's own."""
        packs = self.library.packs
        return packs[0] if packs else None

    @property
    def person_language(self) -> str:
        """The person's own language: --language, the setting, the system, then English."""
        return i18n.choose(None, self.language_override or self.prefs.language or None)

    def speak_for(self, pack: Pack | None, exercise: Exercise | None = None) -> bool:
        """Speak the pack's language while it is in use (docs/FORMAT.md, Language), else the
        person's; True when the language changed."""
        written = pack.language if pack is not None else exercise.language if exercise else None
        before = i18n.current()
        return i18n.use(i18n.choose(written, self.person_language)) != before

    def _store_prefs(self, prefs: settings.Settings) -> None:
        self.prefs = prefs
        if self.save_settings:
            settings.save(prefs)

    # ------------------------------------------------------------ the driver's

    @property
    def playing(self) -> Practice | None:
        """The exercise under way, if one is."""
        return self.driver.playing

    def open_exercise(self, pack: Pack | None, exercise: Exercise) -> None:
        self.driver.open_exercise(pack, exercise)

    def tick(self) -> None:
        self.driver.tick()

    def say(self, text: str, seconds: float) -> None:
        self.driver.say(text, seconds)

    @property
    def sound_heard(self) -> bool:
        """Whether sound can be heard now (on, and a device to play it)."""
        return not isinstance(self.cues, Silent)

    def action_home(self) -> None:
        """esc on a screen after the exercise: home. In the exercise itself it stops it first
        (the stopped screen follows)."""
        self.driver.home()

    @on(messages.OpenExercise)
    def _exercise_chosen(self, message: messages.OpenExercise) -> None:
        self.open_exercise(message.pack, message.exercise)

    @on(Worker.StateChanged)
    def _worker_changed(self, event: Worker.StateChanged) -> None:
        self.driver.worker_changed(event)

    @on(messages.PracticeCommand)
    def _command(self, message: messages.PracticeCommand) -> None:
        self.driver.command(message.command)

    @on(messages.AnswerCheckIn)
    def _answer(self, message: messages.AnswerCheckIn) -> None:
        self.driver.answer_check_in(message.answer)

    @on(messages.StopPractice)
    def _stop_asked(self) -> None:
        self.driver.stop_playing()

    @on(messages.GuideChosen)
    def _guide_chosen(self, message: messages.GuideChosen) -> None:
        """Kept for next time, as every look a person chooses is."""
        self._store_prefs(self.prefs.with_(breath_bar=not message.shape))

    # ------------------------------------------------------------ start

    def get_key_display(self, binding: Binding) -> str:
        """The footer names 'space' in the person's language ('espacio'), and a letter or a
        key Textual has a short name for ('esc', '←') as Textual does, without asking Unicode's
        name tables first as Textual would: that lookup reads some 600 KB of them into memory
        for a footer of letters."""
        key = binding.key
        if key in KEY_WORDS:
            return key_name(key)
        if binding.key_display is None and (
            key in KEY_DISPLAY_ALIASES or (len(key) == 1 and key.isalnum())
        ):
            return KEY_DISPLAY_ALIASES.get(key, key)
        return super().get_key_display(binding)

    def bell(self) -> None:
        """Never: no sound that was not asked for (Textual rings it on some refusals)."""

    def on_mount(self) -> None:
        for theme in OWN_THEMES:
            self.register_theme(theme)
        chosen = RENAMED.get(self.prefs.theme or "", self.prefs.theme)
        if chosen in self.available_themes:
            self.theme = chosen
        self._check_size(self.size.width, self.size.height)
        self.leaving.install()
        for notice in self.notices:
            self.notify(notice, timeout=12, markup=False)
        # the sound device is opened once the first screen is drawn: probing it can take
        # longer than drawing, and nothing plays before an exercise starts
        self.call_after_refresh(self._first_screen_drawn)
        if self.prefs.sound is None and self.sound_override is None:
            self.push_screen(screens.SoundQuestion(), self._sound_answered)
        else:
            self._open_first()

    def _player(self, on: bool) -> CuePlayer:
        # the sound modules are read only now, after the first screen, and with sound off
        # never (make_player would give silence)
        if not on:
            return Silent()
        from regulate.audio.player import make_player

        return make_player(on, self.prefs.volume)

    def _first_screen_drawn(self) -> None:
        collector.settle()  # the entry point held it back while starting
        if self._open_store is not None:
            opener, self._open_store = self._open_store, None
            self._opening = True
            self._open_history(opener)
        self._open_sound()

    def _open_sound(self) -> None:
        if self.prefs.sound is not None or self.sound_override is not None:
            self.cues = self._player(self.sound_on)  # else the answer does

    def _sound_answered(self, yes: object) -> None:
        if yes is None:  # "Not now": silent this time, asked again next start
            self._open_first()
            return
        self._store_prefs(self.prefs.with_(sound=bool(yes)))
        self.cues = self._player(self.sound_on)
        if yes and self.cues.notice:  # asked for just now: say at once if it can't be had
            self.told.add(self.cues.notice)
            self.notify(self.cues.notice, timeout=10, markup=False)
        self._open_first()

    def get_default_screen(self) -> Screen[Any]:
        """Home is the first screen itself (not pushed over an empty one): one screen to
        compose and draw before a person sees anything."""
        packs = self.listed_packs()
        if self.start_pack is not None and all(p.id != self.start_pack.id for p in packs):
            packs = (self.start_pack, *packs)
        # opened on the first: the one named, else the therapist's (homework running now,
        # else the one added last) - the order plain mode reads them in too
        opened = self.start_pack or (packs[0] if packs else None)
        return screens.Home(
            packs, opened.id if opened is not None else None, today=self.today,
            practised=self.practised(packs), speak_for=self.speak_for,
        )  # fmt: skip

    def listed_packs(self) -> tuple[Pack, ...]:
        """The person's packs in the order every front end lists them (core/shelf.py)."""
        from regulate.core.shelf import added_at, opening_order

        return tuple(opening_order(self.library.packs, self.today(), added_at))

    def _open_first(self) -> None:
        if self.start_exercise is not None:
            self.open_exercise(self.start_pack, self.start_exercise)

    def get_driver_class(self) -> type[Driver]:
        """Textual's own driver, made safe against a terminal that goes away (hangup.py)."""
        return hangup.driver_class(super().get_driver_class())

    def on_unmount(self) -> None:
        self.leaving.restore()

    # ------------------------------------------------------------ keys everywhere

    def action_support(self) -> None:
        if isinstance(self.screen, screens.SupportScreen):
            return
        practice = self.playing
        pack = practice.pack if practice is not None else None
        if pack is None and isinstance(self.screen, screens.Home):
            pack = self.screen.pack
        if practice is not None:
            practice.open_support()  # the exercise, and the voice, wait while support is read

        def closed(_: object) -> None:
            if practice is not None:
                self.driver.react(practice.close_support())

        from regulate.core.practice import support_for

        support = support_for(pack, self.starter)
        self.push_screen(screens.SupportScreen(support, "asked"), closed)

    def action_toggle_sound(self) -> None:
        on = not self.sound_on
        self.sound_override = None
        self._store_prefs(self.prefs.with_(sound=on))
        self.cues.stop_all()
        self.cues = self._player(on)
        if self.playing is not None and not self.playing.over:
            self.playing.use_player(self.cues)
        if on and self.cues.notice:  # asked for, but it can't be had: say so, not "on"
            self.told.add(self.cues.notice)
            self.say(self.cues.notice, 6)
        else:
            self.say(_("Sound on.") if on else _("Sound off."), 3)

    def action_next_theme(self) -> None:
        names = [t for t in THEMES if t in self.available_themes]
        current = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(current + 1) % len(names)]
        self._store_prefs(self.prefs.with_(theme=self.theme))
        self.notify(_("Colours: {name}.").format(name=_(THEMES[self.theme])), timeout=3)

    def action_toggle_reduced_motion(self) -> None:
        on = not self.prefs.reduced_motion
        self.reduced_override = None
        self._store_prefs(self.prefs.with_(reduced_motion=on))
        self.notify(
            _("Reduced motion on: the breathing guide is text and nothing moves.")
            if on
            else _("Reduced motion off."),
            timeout=4,
        )

    def action_next_language(self) -> None:
        """The home screen's language key: the next language the program speaks, kept in the
        settings; the starter pack follows it."""
        spoken = [code for code in i18n.languages() if code != i18n.PSEUDO]
        now = self.person_language
        chosen = spoken[(spoken.index(now) + 1) % len(spoken)] if now in spoken else spoken[0]
        self.language_override = None
        self._store_prefs(self.prefs.with_(language=chosen))
        i18n.use(chosen)
        self.library = load_library(language=chosen)
        home = self.screen
        if not isinstance(home, screens.Home):
            return
        pack = self.library.get(home.pack.id) if home.pack else None
        packs = self.listed_packs()
        home.use_packs(packs, pack, self.practised(packs))  # the starter pack in its language
        said = _("Language: {name}.").format(name=i18n.name_of(chosen))
        if pack is not None and pack.language and i18n.current() != chosen:
            said += " " + _(
                "This pack is written in {name}, so while it is open regulate speaks {name}."
            ).format(name=i18n.name_of(i18n.current()))
        self.notify(said, timeout=5, markup=False)

    def action_history(self) -> None:
        # enough for half a year of weeks in the chart; None while the history is still opened
        sessions = None if self.history_reading else self.recent_sessions(limit=2000)
        self.push_screen(screens.HistoryScreen(self.today(), sessions))

    def action_quit_now(self, typed: bool = False) -> None:
        """Leave at once, from anywhere; an exercise under way is kept as stopped. Left with
        ctrl+q or Ctrl+C (`typed`, not a signal from a terminal that may be gone), one line
        printed once the screen has closed says so."""
        under_way = self.playing is not None and not self.playing.over
        said = Text(_(LEFT_KEPT)) if typed and under_way else None  # Text: never markup
        self.leave(0, message=said)

    def leave(
        self, code: int, save_seconds: float = QUIT_SAVE_SECONDS, message: Text | None = None
    ) -> None:
        """ctrl+q, or a signal (128 + its number): the session kept, then the app ends."""
        self.driver.close(timeout=save_seconds)
        self.cues.stop_all()
        self.exit(code, message=message)
