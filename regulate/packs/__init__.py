"""A person's packs: `library` (the packs they have, with `cache` keeping them from one start to
the next), `folders` (a new pack to edit, adding and removing one), `archive` (a pack as a zip,
made and unpacked defensively) and `check` (every problem in packs, folders and zips)."""
