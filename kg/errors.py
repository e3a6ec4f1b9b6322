"""Errors the tool expects and explains: the CLI turns each into one line and a non-zero exit."""


class KgError(Exception):
    """Base class: input or output the tool cannot handle, with a message that says what to do."""


class InputError(KgError):
    """A path that does not exist, holds no text files, or cannot be read or decoded."""


class OutputError(KgError):
    """An output folder or file that cannot be written."""
