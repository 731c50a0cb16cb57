"""The one door to the file system: every read of outside data and every write goes through here.

The guarantees are decided once, in this package, rather than at each call site:

- reads: a regular file only (a pipe, a device, a socket or a folder in its place is a sentence,
  never a wait: the file is opened non-blocking and checked on the open handle); a link is not
  followed out of the folder it is in; at most `limit` bytes per kind of file, checked before
  reading and while reading;
- writes: whole or not at all (a temporary file beside the target, written, flushed to the disk,
  renamed onto the target, and the folder flushed); 0600 for personal data; never through a
  link; never onto anything that is not a regular file; never onto a file the command is reading
  (`not_onto`);
- names: a NUL character in a name is a sentence, not a crash;
- Windows: a rename refused while another program holds the target open is tried again a few
  times, then said in a sentence.

Every refusal is a `DoorRefused`: an OSError (so existing `except OSError` keeps working) whose
`strerror` is one plain sentence and whose `filename` is the path. The platform differences
(O_NOFOLLOW, O_NONBLOCK, fchmod, folder fsync) live here and nowhere else. `reads`, `writes`
and `refusals` hold the three parts; import from `regulate.door` itself.
"""

from regulate.door.reads import LIMITS, inspect, read_bytes, read_text, reading
from regulate.door.refusals import DoorRefused, MiB, check_name
from regulate.door.writes import (
    append_text,
    copy,
    create,
    make_folder,
    move_aside,
    replace,
    write_bytes,
    write_text,
    writing,
)

__all__ = [
    "LIMITS",
    "DoorRefused",
    "MiB",
    "append_text",
    "check_name",
    "copy",
    "create",
    "inspect",
    "make_folder",
    "move_aside",
    "read_bytes",
    "read_text",
    "reading",
    "replace",
    "write_bytes",
    "write_text",
    "writing",
]
