"""Write output files atomically: a reader sees the old file or the new one, never half of one.

Every exporter writes into a temporary file in the *same folder* as the target (so that the final
:func:`os.replace` is a rename on one file system, which POSIX and Windows make atomic), flushes and
fsyncs it, and only then renames it over the target. If anything fails on the way the temporary
file is removed and the previous output, if any, stays exactly as it was.

Traps this module exists for:

* ``networkx.write_graphml`` opens the target itself and raises half-way on a bad value: the
  result is a 0-byte or truncated file that Gephi then refuses to open.
* :func:`tempfile.mkstemp` creates files with mode ``0600``; renamed as is, ``graph.html`` would not
  be readable by a web server or a colleague. :func:`_publish` gives the file the mode a plain
  ``open()`` would have given it (``0666`` minus the umask) or the mode of the file it replaces.
* Several files that belong together (``nodes.csv`` and ``edges.csv``, or everything
  :func:`kg.export.write_all` writes) are staged first and renamed together at the end, so a failure
  in the last format leaves every previous output untouched.

Errors from the operating system (unwritable folder, a file where a folder should be, disk full)
are raised as :class:`kg.errors.OutputError` with a one-line message; anything else (a bug in an
exporter) keeps its traceback, but the temporary files are removed all the same.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from kg.errors import OutputError
from kg.interrupt import deferred, raise_pending

__all__ = ["atomic_paths", "atomic_path", "ensure_folder", "output_error"]


def output_error(path: os.PathLike | str, exc: BaseException, action: str = "write") -> OutputError:
    """Build a one-line :class:`~kg.errors.OutputError` for ``path`` from an ``OSError``.

    Parameters
    ----------
    path : path-like
        The file or folder that could not be written.
    exc : BaseException
        The underlying error; its ``strerror`` (or text) is quoted.
    action : str
        What was attempted, e.g. ``"write"`` or ``"create folder"``.

    Returns
    -------
    OutputError
        The error to raise (``raise output_error(...) from exc``).
    """
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    reason = " ".join(str(reason).split())
    return OutputError(f"cannot {action} {path}: {reason}; choose a writable output folder")


def ensure_folder(folder: os.PathLike | str) -> Path:
    """Create ``folder`` (and its parents) if needed and return it as a :class:`~pathlib.Path`.

    Raises
    ------
    OutputError
        If the folder cannot be created or a file of that name is in the way.
    """
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:  # a plain file where the folder should be
        raise OutputError(f"cannot create folder {folder}: a file of that name exists; choose another output folder") from exc
    except OSError as exc:
        raise output_error(folder, exc, "create folder") from exc
    if not folder.is_dir():
        raise OutputError(f"cannot create folder {folder}: a file of that name exists; choose another output folder")
    return folder


def _umask() -> int:
    # os.umask can only be read by setting it; do it once, at import, in the main thread.
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _umask()


def _publish(tmp: Path, final: Path) -> None:
    """Give ``tmp`` the permissions of a normally created file, then rename it over ``final``."""
    try:
        mode = final.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_UMASK
    with contextlib.suppress(OSError):
        os.chmod(tmp, mode)
    os.replace(tmp, final)


def _remove(paths: Sequence[Path]) -> None:
    for p in paths:
        with contextlib.suppress(OSError):
            p.unlink()


@contextlib.contextmanager
def atomic_paths(targets: Sequence[os.PathLike | str]) -> Iterator[list[Path]]:
    """Stage several files and publish them together.

    Yields one temporary path per target, each in the target's folder. Write the contents there
    (by path: e.g. ``open(tmp, "w")`` or ``networkx.write_graphml(G, tmp)``). When the ``with``
    block ends normally every temporary file is checked to exist and be non-empty, then renamed
    over its target. If the block raises, every temporary file is deleted and no target is touched.

    Parameters
    ----------
    targets : sequence of path-like
        The final file names. Their folders are created if needed.

    Yields
    ------
    list of pathlib.Path
        Temporary paths, in the order of ``targets``.

    Raises
    ------
    OutputError
        If a folder cannot be created, a temporary file cannot be created or written, a target is
        a folder, or a writer produced an empty file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_paths([d / "a.txt", d / "b.txt"]) as (a, b):
    ...     _ = a.write_text("A", encoding="utf-8"); _ = b.write_text("B", encoding="utf-8")
    >>> sorted(p.name for p in d.iterdir())
    ['a.txt', 'b.txt']
    """
    finals = [Path(t) for t in targets]
    temps: list[Path] = []
    try:
        for final in finals:
            ensure_folder(final.parent)
            if final.is_dir():
                raise OutputError(f"cannot write {final}: it is a folder; choose another file name")
            # a signal between creating the file and noting its name would leave it behind
            with deferred():
                try:
                    fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
                except OSError as exc:
                    raise output_error(final, exc) from exc
                os.close(fd)
                temps.append(Path(name))
        try:
            yield list(temps)
        except OSError as exc:
            # the writer could not write its temporary file (disk full, quota, I/O error ...)
            raise output_error(finals[0] if len(finals) == 1 else finals[0].parent, exc) from exc
        for tmp, final in zip(temps, finals, strict=True):
            try:
                size = tmp.stat().st_size
                if size == 0:
                    raise OutputError(f"cannot write {final}: the writer produced an empty file; the previous file is kept")
                with open(tmp, "rb+") as fh:  # make the data durable before the rename
                    os.fsync(fh.fileno())
            except OSError as exc:
                raise output_error(final, exc) from exc
        raise_pending()  # a signal whose exception was dropped on the way stops the run here
        published = 0
        # the renames take milliseconds: a signal waits for them, so the files stay one set
        with deferred():
            try:
                for tmp, final in zip(temps, finals, strict=True):
                    _publish(tmp, final)
                    published += 1
            except OSError as exc:
                raise output_error(finals[published], exc) from exc
    finally:
        _remove([t for t in temps if t.exists()])


@contextlib.contextmanager
def atomic_path(target: os.PathLike | str) -> Iterator[Path]:
    """Stage one file; see :func:`atomic_paths`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("中文", encoding="utf-8")
    >>> target.read_text(encoding="utf-8")
    '中文'
    """
    with atomic_paths([target]) as (tmp,):
        yield tmp
