"""The output folder, checked before any analysis: a run that cannot write should say so at once,
not after minutes of work.

:func:`output_folder` creates the folder if needed, checks that it is a folder, that a file can be
created in it and that none of the files to write is a folder; if the run then fails or is
interrupted, a folder it created (and left empty) is removed again.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from kg.errors import OutputError
from kg.export.atomic import ensure_folder, output_error


def check_output_folder(folder: os.PathLike | str, names: Sequence[str] = ()) -> list[Path]:
    """Create `folder` if needed and check it can take `names`; return the folders this created
    (deepest first). Raises OutputError with a one-line reason."""
    folder = Path(folder)
    missing = []
    probe = folder
    while not probe.exists() and not probe.is_symlink() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    ensure_folder(folder)
    try:
        # an anonymous file where the system has them (O_TMPFILE): nothing to clean up, ever
        with tempfile.TemporaryFile(dir=folder, prefix=".kg-check."):
            pass
    except OSError as exc:
        _remove_empty(missing)
        raise output_error(folder, exc) from exc
    for name in names:
        if (folder / name).is_dir():
            raise OutputError(f"cannot write {folder / name}: it is a folder; choose another output folder")
    return missing


@contextlib.contextmanager
def output_folder(folder: os.PathLike | str, names: Sequence[str] = ()) -> Iterator[Path]:
    """check_output_folder, then the block; if the block raises, folders created here that are
    still empty are removed."""
    created = check_output_folder(folder, names)
    try:
        yield Path(folder)
    except BaseException:
        _remove_empty(created)
        raise


def _remove_empty(folders: list[Path]) -> None:
    for f in folders:  # deepest first
        try:
            f.rmdir()
        except OSError:
            return
