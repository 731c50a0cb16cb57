"""The command line: parse arguments and hand each command to the module that does the work.
One module per group of commands: playing, the therapist's authoring, the person's records,
handing packs over; `entry` is where every command starts and ends."""

from regulate.cli.entry import main

__all__ = ["main"]
