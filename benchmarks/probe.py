"""Run inside a real terminal by the benchmarks: start an app, leave as soon as its first
screen is ready. `regulate` runs the real app on the starter pack; `minimal` is a Textual app
with a Header, a Static and a Footer, the yardstick for start-up."""

from __future__ import annotations

import sys


async def _leave_when_ready(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    pilot.app.exit()


def main() -> None:
    which = sys.argv[1]
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
    from regulate.tui.app import run_app

    run_app(sound=False, auto_pilot=_leave_when_ready)


if __name__ == "__main__":
    main()
