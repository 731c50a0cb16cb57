"""Run inside a real terminal by the benchmarks.

    probe.py regulate | minimal       start, leave as soon as the first screen is ready
    probe.py regulate-stay | minimal-stay     start and stay (first paint is read off the screen)
    probe.py line RATE                a minimal app redrawing one line RATE times a second

`regulate` runs the real app on the starter pack; `minimal` is a Textual app with a Header, a
Static and a Footer, the yardstick for start-up; `line` is the yardstick for a breathing frame."""

from __future__ import annotations

import sys


async def _leave_when_ready(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    pilot.app.exit()


def _line(rate: float) -> None:
    """The cheapest honest animation: one line of blocks, redrawn from the clock."""
    import time

    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class OneLine(App[None]):
        BINDINGS = [("ctrl+q", "quit", "Quit")]  # noqa: RUF012

        def compose(self) -> ComposeResult:
            yield Static(id="line")

        def on_mount(self) -> None:
            self.set_interval(1 / rate, self.tick)

        def tick(self) -> None:
            width = int(40 * (time.monotonic() % 4) / 4)
            self.query_one(Static).update("in " + "█" * width)

    OneLine().run()


def main() -> None:
    which = sys.argv[1]
    if which == "line":
        _line(float(sys.argv[2]))
        return
    if which == "minimal-stay":
        from textual.app import App
        from textual.widgets import Footer, Header, Static

        class Staying(App[None]):
            BINDINGS = [("ctrl+q", "quit", "Quit")]  # noqa: RUF012

            def compose(self):  # type: ignore[no-untyped-def]
                yield Header()
                yield Static("Hello")
                yield Footer()

        Staying().run()
        return
    if which == "minimal":
        from textual.app import App
        from textual.widgets import Footer, Header, Static

        class Minimal(App[None]):
            def compose(self):  # type: ignore[no-untyped-def]
                yield Header()
                yield Static("Hello")
                yield Footer()

        Minimal().run(auto_pilot=_leave_when_ready)
        return
    if which == "regulate-cli":
        from regulate.cli import main as regulate

        regulate([])
        return
    # as the entry point does first (regulate.cli.main): the collector held back while starting
    from regulate.system import collector

    collector.pause()
    from regulate.tui.run import run_app

    if which == "regulate-stay":
        run_app(sound=False)
        return
    run_app(sound=False, auto_pilot=_leave_when_ready)


if __name__ == "__main__":
    main()
