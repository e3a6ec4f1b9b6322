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
from concurrent.futures import TimeoutError as FutureTimeout

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
# Every signal received. Python drops an exception raised where it cannot propagate (a __del__, an
# os.fork hook: "Exception ignored in ..."); raise_pending raises it again at the next check.
_received: list[int] = []


def _handle(signum, frame) -> None:
    if os.getpid() != _owner_pid:
        # a forked child before init_worker ran: it is not this process's run to stop
        if signum == signal.SIGTERM:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
        return
    _received.append(signum)
    if _held is not None:
        _held.append(signum)
        return
    raise Interrupted(signum)


def raise_pending() -> None:
    """Raise Interrupted if a signal came (and its exception may have been dropped on the way)."""
    if _received and os.getpid() == _owner_pid and _held is None:
        raise Interrupted(_received[0])


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
    _received.clear()
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
        # Start the workers now, with signals held: with the fork start method all of them are
        # forked on the first submit, and a signal that lands in os.fork's hooks would be dropped.
        with deferred():
            pool.submit(os.getpid)
        yield pool
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def ordered_results(pool: ProcessPoolExecutor, fn, items) -> Iterator:
    """Like pool.map(fn, items), but checking for signals while it waits (see raise_pending)."""
    futures = [pool.submit(fn, item) for item in items]
    for future in futures:
        while True:
            try:
                result = future.result(timeout=0.2)
                break
            except FutureTimeout:
                raise_pending()
        yield result


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and terminate the workers, waiting briefly for them to exit."""
    with deferred():
        # ProcessPoolExecutor has no public way to stop running work before Python 3.14
        # (terminate_workers); its process table is the documented-in-source `_processes`.
        processes = list((getattr(pool, "_processes", None) or {}).values())
        manager = getattr(pool, "_executor_manager_thread", None)
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
        # let the pool's manager thread see its workers gone and close its pipes before the
        # interpreter's exit hook writes to them (else "Exception ignored … Bad file descriptor")
        if manager is not None:
            manager.join(timeout=5)
