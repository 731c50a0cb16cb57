"""Helpers about the system regulate runs on: where its folders are, whether a process is alive,
the garbage collector at start-up, the fault log, and text made safe for a terminal."""
