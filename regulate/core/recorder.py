"""One play of an exercise, kept in the history: started the moment the exercise starts (with
the before-rating), checkpointed now and then, finished on completion or stop.

Every write happens on a thread of its own, in order, so a history that another program holds
locked never stops the clock or a key: the values are taken when things happen and written
when the file is free. A busy file is waited for; a file that can't be written at all becomes
one sentence, and the exercise carries on.
"""

from __future__ import annotations

import json
import os
import queue
import threading
import time
import weakref
from collections.abc import Callable

from regulate.domain.model import Exercise, Pack
from regulate.history import History, HistoryBusy, HistoryError, HistoryNewer, Outcome, Place
from regulate.history.kept import keep, start_columns
from regulate.history.rows import choice_known, utc_stamp
from regulate.i18n import N_, _
from regulate.timeline import Timeline

CHECKPOINT_SECONDS = 15.0
RETRY_SECONDS = 0.25
WRITER_BUSY_SECONDS = 0.5  # SQLite's own wait per try: the writer retries, and says so early

Write = Callable[[History, int | None], int | None]

WAITING = N_(
    "Your history is busy (another program is using it). This session will be saved as soon as "
    "it is free; the exercise carries on."
)


KEPT_ASIDE = N_(
    "This session is kept aside and will be added to your history the next time regulate starts."
)
KEPT_FOR_NEWER = N_(
    "This session is kept aside beside it, and the newer regulate will add it to your history "
    "when it next starts."
)
NOT_KEPT = N_("It could not be kept aside either, so this session will not be in your history.")

WRITER_FAILED = N_(
    "This session could not be saved to your history because of a fault in regulate. The "
    "exercise carries on; please tell whoever set up regulate."
)


class _Writer(threading.Thread):
    """Writes a session's changes in order, through a connection of its own, after the
    writes of the session before it in this run (`follows`)."""

    def __init__(
        self,
        place: Place,
        on_problem: Callable[[str], None],
        keep_aside: Callable[[int | None], bool],
        follows: _Writer | None = None,
    ) -> None:
        super().__init__(name="regulate-history-writer", daemon=True)
        self.place = place
        self.follows = follows
        self.on_problem = on_problem
        self.keep_aside = keep_aside
        self.jobs: queue.Queue[Write | None] = queue.Queue()
        self.store: History | None = None
        self.session_id: int | None = None
        self.failed = False
        self.ended = False  # sent its end (None): takes no more

    def run(self) -> None:
        if self.follows is not None:
            # the session before this one is written first, so a settle exercise begun the
            # moment the first ended never lands before it (on this thread: nothing waits)
            self.follows.jobs.join()
            self.follows = None
        while True:
            job = self.jobs.get()
            try:
                if job is None:
                    if self.store is not None:
                        self.store.close()  # in this thread: SQLite's connections are per thread
                    self._forget()
                    return
                if not self.failed:
                    self._do(job)
                else:  # the history refused: the session kept aside, as it is now
                    self.keep_aside(self.session_id)
            finally:
                self.jobs.task_done()

    def _forget(self) -> None:
        """All written and ended: nothing is left for a next writer to wait for. Kept as its
        history's last writer, it would hold that history (the map's key) for ever, and with
        it whatever the session's callbacks reach: a whole app, in the tests' one process."""
        with _last_writer_lock:
            if _last_writer.get(self.place) is self:
                del _last_writer[self.place]

    def _open(self) -> History:
        if self.store is None:
            self.store = History(self.place.path, self.place.now, WRITER_BUSY_SECONDS)
        return self.store

    def _do(self, job: Write) -> None:
        told = False
        while True:
            try:
                result = job(self._open(), self.session_id)
            except HistoryBusy:
                if self.failed:  # kept aside by close(): written in by the next start, not here
                    return
                if not told:
                    self.on_problem(_(WAITING))
                    told = True
                time.sleep(RETRY_SECONDS)
                continue
            except HistoryError as exc:
                # can't be written at all (read-only, full disk): said once, then left alone
                self._fail(str(exc), newer=isinstance(exc, HistoryNewer))
                return
            except Exception:
                # anything else (a fault of regulate's own): the writer never dies silently,
                # which would leave the person told only that the history 'was busy'
                self._fail(_(WRITER_FAILED))
                return
            if result is not None:
                self.session_id = result
            return

    def _fail(self, why: str, *, newer: bool = False) -> None:
        self.failed = True
        kept = self.keep_aside(self.session_id)
        said = _(NOT_KEPT) if not kept else _(KEPT_FOR_NEWER) if newer else _(KEPT_ASIDE)
        self.on_problem(f"{why} {said}")


# the last writer of each history in this process, for the next session's writer to follow
_last_writer: weakref.WeakKeyDictionary[Place, _Writer] = weakref.WeakKeyDictionary()
_last_writer_lock = threading.Lock()


class Recorder:
    def __init__(
        self,
        store: Place | None,  # an open History, or where one is (see history/place.py)
        pack: Pack | None,
        exercise: Exercise,
        *,
        follows: Recorder | None = None,
    ) -> None:
        self.store = store
        self.pack = pack
        self.exercise = exercise
        self.follows = follows  # the session a settle exercise was chosen after
        self.choices: list[str] = []  # what the person chose along the way (rows.CHOICES)
        self.kept_aside = False  # the history was busy at the end: kept for the next start
        self.problems: list[str] = []  # sentences to show, in order, when the history can't keep up
        self.before: int | None = None
        self.after: int | None = None
        self.outcome: Outcome | None = None
        self._last_checkpoint = 0.0
        self._writer: _Writer | None = None
        self._lock = threading.Lock()
        self._row: dict[str, object] = {}  # the session as far as it got, should the disk refuse
        self._kept_name = ""

    @property
    def problem(self) -> str | None:
        with self._lock:
            return self.problems[-1] if self.problems else None

    def _note_problem(self, text: str) -> None:
        with self._lock:
            if text not in self.problems:
                self.problems.append(text)

    def take_problems(self) -> list[str]:
        """Sentences not yet shown; each is given once."""
        with self._lock:
            taken, self.problems = self.problems, []
        return taken

    @property
    def pack_id(self) -> str:
        if self.pack is not None:
            return self.pack.id
        # a lone exercise file belongs to no pack: it is recorded under its file name
        return self.exercise.source.name if self.exercise.source else self.exercise.id

    @property
    def pack_name(self) -> str:
        return self.pack.name if self.pack is not None else self.pack_id

    def _submit(self, job: Write) -> None:
        if self._writer is not None and not self._writer.ended:
            self._writer.jobs.put(job)

    def start(
        self, before: int | None, speed: float, planned_seconds: float, *, begun: bool = True
    ) -> None:
        self.before = before
        if self.store is None:
            return
        with _last_writer_lock:
            follows = _last_writer.get(self.store)
            self._writer = _Writer(self.store, self._note_problem, self._keep_aside, follows)
            _last_writer[self.store] = self._writer
        self._writer.start()
        moment = self.store.now()
        fields: dict[str, object] = {
            "pack_id": self.pack_id,
            "pack_name": self.pack_name,
            "exercise_id": self.exercise.id,
            "exercise_title": self.exercise.title,
            "exercise_sha256": self.exercise.sha256,
            "planned_seconds": planned_seconds,
            "before": before,
            "preview": speed != 1.0,
            "speed": speed,
            "moment": moment,
        }
        with self._lock:
            self._row = start_columns(
                moment, {**fields, "outcome": None if begun else "not_started"}
            )
            self._kept_name = f"{int(moment.timestamp() * 1000)}-{os.getpid()}"
        before_me = self.follows

        def begin(store: History, _: int | None) -> int:
            # the writer before this one has finished (writers follow each other), so the
            # session this one follows has its id by now
            follows = None if before_me is None else before_me.session_id
            with self._lock:
                self._row["follows"] = follows
            write = store.start if begun else store.not_started
            return write(**fields, follows=follows)  # type: ignore[arg-type]

        self._submit(begin)

    def not_started(self, before: int | None, speed: float, planned_seconds: float) -> None:
        """A before-rating given, and then the exercise not started: one row, already ended."""
        self.start(before, speed, planned_seconds, begun=False)
        self.outcome = "not_started"

    def checkpoint(self, timeline: Timeline) -> None:
        """Note progress now and then, so a killed process still shows how far it got."""
        played = timeline.played_seconds
        if self.outcome is not None or played - self._last_checkpoint < CHECKPOINT_SECONDS:
            return
        self._last_checkpoint = played
        step = timeline.current_step + 1
        self._remember(played_seconds=played, stopped_at_step=step)

        def write(store: History, session: int | None) -> None:
            if session is not None:
                store.checkpoint(session, played, step)

        self._submit(write)

    @property
    def session_id(self) -> int | None:
        """This session's row, once the writer has made it."""
        return None if self._writer is None else self._writer.session_id

    def choose(self, choice: str) -> None:
        """Keep one thing the person chose along the way (history/rows.py's CHOICES, or a
        skipped scan area), once."""
        if not choice_known(choice) or choice in self.choices:
            return
        self.choices.append(choice)
        self._remember(choices=json.dumps(self.choices))

        def write(store: History, session: int | None) -> None:
            if session is not None:
                store.add_choice(session, choice)

        self._submit(write)

    def finish(
        self, timeline: Timeline, outcome: Outcome, *, stopped_where: str | None = None
    ) -> None:
        if self.outcome is not None:
            return
        self.outcome = outcome
        values = {
            "outcome": outcome,
            "played_seconds": round(timeline.played_seconds, 3),
            "stopped_at_step": timeline.current_step + 1 if outcome == "stopped" else None,
            "steps_skipped": timeline.steps_skipped,
            "holds_skipped": timeline.holds_skipped,
            "stopped_where": stopped_where if outcome == "stopped" else None,
        }
        ended = utc_stamp(self.store.now()) if self.store is not None else None
        self._remember(**{**values, "holds_skipped": int(timeline.holds_skipped)}, ended_utc=ended)

        def write(store: History, session: int | None) -> None:
            if session is not None:
                store.finish(session, **values)  # type: ignore[arg-type]

        self._submit(write)

    def rate_after(self, after: int | None, note: str | None = None) -> None:
        self.after = after
        self._remember(after_rating=after, **({"note": note} if note else {}))

        def write(store: History, session: int | None) -> None:
            if session is not None:
                store.rate_after(session, after, note)

        self._submit(write)

    def _remember(self, **columns: object) -> None:
        with self._lock:
            if self._row:
                self._row.update(columns)

    def _keep_aside(self, session_id: int | None) -> bool:
        """The session as it is now, written beside the history for the next start to take
        in (the writer's thread calls this once the history has refused a write)."""
        if self.store is None:
            return False
        with self._lock:
            row = dict(self._row)
        return row != {} and keep(self.store.kept_folder, self._kept_name, session_id, row)

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait (at most `timeout` seconds) until everything asked is written; True if it was."""
        writer = self._writer
        if writer is None:
            return True
        deadline = time.monotonic() + timeout
        while writer.jobs.unfinished_tasks:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.005)
        return True

    def close(self, timeout: float = 5.0) -> bool:
        """Write what is left (waiting at most `timeout`), then end the writer. If the history
        is still busy then, the session as it is now is kept aside for the next start to take
        in (said by `kept_aside`); the writer writes nothing more. Closed again (a signal while
        the app was leaving), the writer is not sent a second end it would never take (a
        second close once waited its whole timeout for it)."""
        done = self.flush(timeout)
        writer = self._writer
        if writer is None:
            return done
        if done:
            if not writer.ended:
                writer.ended = True
                writer.jobs.put(None)
            writer.join(timeout=1.0)
        else:
            writer.failed = True  # any job still queued keeps the session aside instead
            self.kept_aside = self._keep_aside(writer.session_id)
        return done
