"""regulate: short guided regulation exercises in the terminal."""

__version__ = "0.1.0"
