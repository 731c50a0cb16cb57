"""The report a client may bring to their therapist, and the other ways the history leaves this
machine: `build` gathers what a report holds, `terms` says it, `html` and `markdown` lay it out
(`chart` draws its SVG), and `formats` is the registry of every export the command line offers."""
