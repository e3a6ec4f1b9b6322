"""How the analysis is cut into tasks for the worker processes, so that no core waits for another.

`kg.build.analyse` hands batches of articles to a process pool in order. With a fixed 32 articles
a batch, the 10% benchmark slice (146 articles) made five batches: one worker tagged three while
the other, done with two, sat idle for a fifth of the stage. Batches are therefore cut by
characters (the tagger's cost follows the text, not the number of articles), small enough that
every worker gets several, and no larger than the 32 articles that keep the tagger's batched calls
efficient. The results come back in input order, whatever the cut, so the graph does not depend
on it (tests/test_parallel.py, tests/test_analyse_identity.py).

"""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeVar

__all__ = ["BATCH", "BATCH_CHARS", "TAIL_CHARS", "TASKS_PER_WORKER", "plan_batches"]

BATCH = 32  # at most this many articles a batch
BATCH_CHARS = 48_000  # about 32 articles of the benchmark corpus: at most this many characters a batch
TASKS_PER_WORKER = 8  # at least this many batches for each worker, when the text allows
TAIL_CHARS = 12_000  # the smallest batches at the end of a large input (see plan_batches)

T = TypeVar("T")


def plan_batches(articles: Sequence[T], jobs: int, size=lambda a: len(a.body)) -> list[list[T]]:
    """Consecutive batches of ``articles``, in order, for ``jobs`` processes.

    With one process, batches of :data:`BATCH` articles (the batch only paces the progress bar).
    With several, about ``jobs * TASKS_PER_WORKER`` batches of similar length in characters, each
    at most :data:`BATCH_CHARS` characters and :data:`BATCH` articles (one article may exceed it);
    on a large input the last ones shrink towards :data:`TAIL_CHARS` (a share of what is left).

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
    first = target = min(BATCH_CHARS, max(1, math.ceil(total / (jobs * TASKS_PER_WORKER))))
    remaining = total
    batches: list[list[T]] = []
    batch: list[T] = []
    chars = 0
    for a in articles:
        batch.append(a)
        chars += size(a)
        if chars >= target or len(batch) >= BATCH:
            batches.append(batch)
            remaining -= chars
            batch, chars = [], 0
            # the last batches get smaller (a share of what is left, down to TAIL_CHARS), so that
            # the worker that finishes first waits less for the other's last batch: with batches
            # of BATCH_CHARS to the end, one core idled for half a batch (~0.45 s) on average
            target = min(first, max(TAIL_CHARS, math.ceil(remaining / (jobs * TASKS_PER_WORKER))))
    if batch:
        batches.append(batch)
    return batches
