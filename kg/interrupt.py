"""Stopping cleanly on Ctrl-C (SIGINT) and SIGTERM, whatever the run is doing.

Python's defaults are wrong for a tool with worker processes: SIGTERM kills the process at once
(its temporary files stay behind), and a terminal's Ctrl-C reaches every process of the group,
so each worker prints a KeyboardInterrupt traceback. Here:

* :func:`stop_on_signals` makes both signals raise :class:`Interrupted` in the main thread of
  the process that installed it; ``finally`` blocks (which remove temporary files) then run as
  the exception unwinds. A forked child that has not yet set up its own handling ignores
  SIGINT and dies on SIGTERM.
* :func:`init_worker` runs first in each worker: SIGINT is ignored there (the parent decides),
  SIGTERM kills it, and on Linux it dies with its parent, so no worker outlives a run.
* :func:`worker_pool` is a ProcessPoolExecutor that, when the block is left by an exception,
  terminates its workers instead of waiting for their work to finish.
* :func:`deferred` holds a signal back for the few statements that must not be cut in two
  (creating a temporary file and noting its name; renaming the finished files into place).
"""
from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

SIGNALS = (signal.SIGINT, signal.SIGTERM)
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


class Interrupted(BaseException):
    """The run was stopped by a signal. A BaseException, like KeyboardInterrupt, so that no
    `except Exception` on the way swallows it."""

    def __init__(self, signum: int):
        self.signum = signum
        self.name = signal.Signals(signum).name
        super().__init__(f"interrupted by {self.name}")

    @property
    def exit_code(self) -> int:
        return 128 + self.signum  # the shell's convention: 130 for SIGINT, 143 for SIGTERM


_owner_pid: int | None = None
_held: list[int] | None = None  # signals received inside `deferred`, or None outside it


def _handle(signum, frame) -> None:
    if os.getpid() != _owner_pid:
        # a forked child before init_worker ran: it is not this process's run to stop
        if signum == signal.SIGTERM:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
        return
    if _held is not None:
        _held.append(signum)
        return
    raise Interrupted(signum)


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise Interrupted (main thread only; elsewhere a no-op)."""
    global _owner_pid
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.getsignal(s) for s in SIGNALS}
    outer_owner = _owner_pid
    _owner_pid = os.getpid()
    for s in SIGNALS:
        signal.signal(s, _handle)
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler if handler is not None else signal.SIG_DFL)
        _owner_pid = outer_owner


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT/SIGTERM back until the block ends, then raise Interrupted for the first one."""
    global _held
    if _held is not None or os.getpid() != _owner_pid:
        yield  # nested, or no handler of ours in this process
        return
    _held = []
    try:
        yield
    finally:
        held, _held = _held, None
        if held:
            raise Interrupted(held[0])


def init_worker() -> None:
    """First thing in a worker process: ignore SIGINT, die on SIGTERM and with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent or parent == 1:  # the parent died before prctl took effect
            os._exit(1)


def _init_then(initializer, initargs) -> None:
    init_worker()
    if initializer is not None:
        initializer(*initargs)


@contextlib.contextmanager
def worker_pool(max_workers: int, initializer=None, initargs=(), mp_context=None) -> Iterator[ProcessPoolExecutor]:
    """A ProcessPoolExecutor whose workers run init_worker first, and which is torn down at once
    (pending work cancelled, workers terminated) when the block raises, Interrupted included."""
    pool = ProcessPoolExecutor(max_workers, mp_context=mp_context, initializer=_init_then, initargs=(initializer, initargs))
    try:
        yield pool
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and terminate the workers, waiting briefly for them to exit."""
    with deferred():
        # ProcessPoolExecutor has no public way to stop running work before Python 3.14
        # (terminate_workers); its process table is the documented-in-source `_processes`.
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for p in processes:
            with contextlib.suppress(Exception):
                p.terminate()
        for p in processes:
            with contextlib.suppress(Exception):
                p.join(timeout=5)
                if p.is_alive():
                    p.kill()
                    p.join(timeout=5)
