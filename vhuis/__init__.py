"""vhuis: the command-line tool of a Veiligheidshuis (safety house)."""

__version__ = "0.1.0"
