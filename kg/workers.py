"""How the analysis is cut into tasks for the worker processes, so that no core waits for another.

`kg.build.analyse` hands batches of articles to a process pool in order. With a fixed 32 articles
a batch, the 10% benchmark slice (146 articles) made five batches: one worker tagged three while
the other, done with two, sat idle for a fifth of the stage. Batches are therefore cut by
characters (the tagger's cost follows the text, not the number of articles), small enough that
every worker gets several, and no larger than the 32 articles that keep the tagger's batched calls
efficient. The results come back in input order, whatever the cut, so the graph does not depend
on it (tests/test_parallel.py, tests/test_analyse_identity.py).

Workers also start early: when the input files are large enough that the analysis will surely use
every core, the pool is started before the pages are read, and each worker builds its pipeline
and loads the model (about 0.3 s) on the core the reading leaves idle (:class:`EarlyPool`).
"""
from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import TypeVar

__all__ = ["BATCH", "BATCH_CHARS", "TASKS_PER_WORKER", "BYTES_PER_CHAR", "plan_batches", "EarlyPool"]

BATCH = 32  # at most this many articles a batch
BATCH_CHARS = 48_000  # about 32 articles of the benchmark corpus: at most this many characters a batch
TASKS_PER_WORKER = 8  # at least this many batches for each worker, when the text allows

T = TypeVar("T")


def plan_batches(articles: Sequence[T], jobs: int, size=lambda a: len(a.body)) -> list[list[T]]:
    """Consecutive batches of ``articles``, in order, for ``jobs`` processes.

    With one process, batches of :data:`BATCH` articles (the batch only paces the progress bar).
    With several, about ``jobs * TASKS_PER_WORKER`` batches of similar length in characters, each
    at most :data:`BATCH_CHARS` characters and :data:`BATCH` articles (one article may exceed it).

    Examples
    --------
    >>> [len(b) for b in plan_batches(["x" * 10] * 70, 1, size=len)]
    [32, 32, 6]
    >>> [len(b) for b in plan_batches(["x" * 10] * 70, 2, size=len)]
    [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]
    """
    if jobs <= 1:
        return [list(articles[i:i + BATCH]) for i in range(0, len(articles), BATCH)]
    total = sum(size(a) for a in articles)
    target = min(BATCH_CHARS, max(1, math.ceil(total / (jobs * TASKS_PER_WORKER))))
    batches: list[list[T]] = []
    batch: list[T] = []
    chars = 0
    for a in articles:
        batch.append(a)
        chars += size(a)
        if chars >= target or len(batch) >= BATCH:
            batches.append(batch)
            batch, chars = [], 0
    if batch:
        batches.append(batch)
    return batches


BYTES_PER_CHAR = 3  # UTF-8 Chinese; other encodings (2 bytes) only make the estimate cautious


class EarlyPool:
    """A worker pool started before the pages are read, handed to the analysis if it wants one.

    ``start(files, jobs, auto_jobs, min_chars, new_pool)`` starts ``new_pool(n)`` when the files
    hold more than ``min_chars`` characters by their size (``jobs`` > 1 given, or ``jobs`` <= 0 and
    ``auto_jobs`` > 1 cores), and makes every worker start (an empty task each, which runs the
    pool's initializer). :meth:`take` gives the pool to the analysis when it needs that many
    workers; :meth:`close` shuts down a pool nobody took (a cache that had every page, a text
    shorter than its size suggested, an error while reading).
    """

    def __init__(self, pool: Executor | None = None, workers: int = 0):
        self._pool = pool
        self.workers = workers

    @classmethod
    def start(cls, files: Sequence[os.PathLike | str], jobs: int, auto_jobs: int, min_chars: int,
              new_pool: Callable[[int], Executor]) -> "EarlyPool":
        n = jobs if jobs > 1 else auto_jobs if jobs <= 0 else 1
        if n <= 1:
            return cls()
        size = 0
        for f in files:
            try:
                size += Path(f).stat().st_size
            except OSError:
                pass  # reported when the file is read
        if size // BYTES_PER_CHAR <= min_chars:
            return cls()
        pool = new_pool(n)
        for _ in range(n):
            pool.submit(_started)
        return cls(pool, n)

    def take(self, workers: int) -> Executor | None:
        """The pool, if it has ``workers`` workers (it is the caller's to shut down then)."""
        pool, self._pool = self._pool, None
        if pool is not None and workers != self.workers:
            pool.shutdown(wait=False, cancel_futures=True)
            return None
        return pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def _started() -> None:
    """An empty task: a worker runs the pool's initializer (builds the pipeline) before its first task."""
