"""The command line: parse arguments and hand each command to the module that does the work.
One module per group of commands: playing, the therapist's authoring, the person's records,
handing packs over; `entry` is where every command starts and ends."""

from __future__ import annotations

from collections.abc import Sequence

from regulate.system import collector


def main(argv: Sequence[str] | None = None) -> int:
    # before anything else is imported: start-up makes objects that live for the whole run
    collector.pause()
    from regulate.cli.entry import main as run

    try:
        return run(argv)
    finally:
        collector.settle()


__all__ = ["main"]
