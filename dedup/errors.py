"""The one exception users see: its message is a single line naming the file and the problem."""


class DedupError(Exception):
    """A user-facing error; the CLI prints it as one line and exits 1."""
