"""The analysis stage on a Dask cluster: `kg build --scheduler ADDRESS` or `--scheduler local:N`.

The build is a map over articles (tag, find entities) and a reduce (relations, resolution, the
graph). This module runs the map on Dask distributed workers instead of local processes:

* the client reads and splits the files as a local build does (a few million characters a
  second, a small part of the work), then sends tasks of up to `ARTICLES_PER_TASK` articles,
  each task holding whole files or a slice of one file;
* each worker process loads the tagger and the spaCy pipeline once (the same cached pipeline
  the local processes use, `kg.build._analyse_batch`) and sends back each article's mentions,
  plain dataclasses, never spaCy Docs;
* relations need the places of the whole page and resolution needs every mention, so both stay
  in the client, unchanged: the graph is the one a local build makes, in the same order.

A file whose analysis raises on a worker is skipped and named like a file that cannot be read.
A worker that dies mid-run has its tasks run again elsewhere by the Dask scheduler (up to its
`distributed.scheduler.allowed-failures`, 3 by default). When Dask gives a task up, each of its
files is run again alone on the cluster, after the rest: a file that still kills its workers is
skipped, the others (which were only queued on the same workers) are not.

Dask is imported only inside the functions below, so a build without `--scheduler` never loads
it, and a missing Dask is one clear error.
"""
from __future__ import annotations

import logging
import re
import threading
from collections import deque
from contextlib import contextmanager
from typing import Callable, Iterator

from kg.errors import KgError
from kg.schema import Article, Mention, Page

log = logging.getLogger("kg")

ARTICLES_PER_TASK = 32  # as the local batches: the tagger batches the sentences of a task
TASKS_PER_THREAD = 4  # tasks in flight per worker thread: enough to keep workers busy, without
# the whole corpus waiting in the scheduler's memory
WORKERS_TIMEOUT_S = 60  # how long to wait for a first worker on a scheduler that has none
DIED = "every Dask worker that ran it died (a crash, or out of memory); see the workers' logs"
INSTALL_HINT = "install it with: pip install 'kg[dask]'"
_LOCAL = re.compile(r"local:(\d+)")


class SchedulerError(KgError):
    """A Dask scheduler that cannot be used: not installed, unreachable, no workers, no kg."""


def local_workers(spec: str) -> int | None:
    """N for `local:N`, None for the address of a running scheduler.

    Raises ValueError for `local:` followed by anything but a positive number.
    """
    if not spec.startswith("local:"):
        return None
    match = _LOCAL.fullmatch(spec)
    if not match or int(match.group(1)) < 1:
        raise ValueError(f"local:N needs a number of workers of 1 or more (got {spec!r})")
    return int(match.group(1))


# -- on the workers ---------------------------------------------------------------------------
_pipeline_lock = threading.Lock()  # one pipeline per worker process, used by one thread at a time


def _load_pipeline() -> None:
    from kg import build

    with _pipeline_lock:
        if build._worker_nlp is None:
            build._init_worker(threads=1)


async def _warm_up() -> str:
    """Run on each worker when the build starts: load the pipeline before the first task
    (off the event loop, so the worker keeps answering the scheduler) and say which kg it runs."""
    import asyncio

    import kg

    await asyncio.to_thread(_load_pipeline)
    return kg.__version__


Part = tuple[int, list[Article]]  # (index of its first article in the build's list, articles of one file)
Outcome = list[list[Mention]] | str  # each article's mentions, or why the analysis failed


def _analyse_parts(parts: list[Part]) -> list[Outcome]:
    """A task, on a worker: for each part, its articles' mentions or why it failed."""
    from kg import build

    _load_pipeline()
    with _pipeline_lock:
        try:
            mentions = build._analyse_batch([a for _, part in parts for a in part])
        except Exception:  # noqa: BLE001 - find the file that failed, below
            mentions = None
        if mentions is not None:
            bounds = [0]
            for _, part in parts:
                bounds.append(bounds[-1] + len(part))
            return [mentions[a:b] for a, b in zip(bounds, bounds[1:])]
        out: list[Outcome] = []
        for _, part in parts:
            try:
                out.append(build._analyse_batch(part))
            except Exception as exc:  # noqa: BLE001 - reported as a skipped file
                out.append(f"{type(exc).__name__}: {exc}")
        return out


# -- on the client ----------------------------------------------------------------------------
def plan_tasks(articles: list[Article], per_task: int) -> list[list[Part]]:
    """Tasks of at most `per_task` articles, in order, each part from one file: small files share
    a task, a big file is cut into several."""
    tasks: list[list[Part]] = []
    current: list[Part] = []
    size = 0
    start = 0
    while start < len(articles):
        end = start + 1
        while end < len(articles) and end - start < per_task and articles[end].source == articles[start].source:
            end += 1
        if size + end - start > per_task:
            tasks.append(current)
            current, size = [], 0
        current.append((start, articles[start:end]))
        size += end - start
        start = end
    if current:
        tasks.append(current)
    return tasks


@contextmanager
def connect(spec: str, on_message: Callable[[str], None] | None = None) -> Iterator:
    """A `distributed.Client` for `spec` (an address, or `local:N` to start a LocalCluster of N
    single-threaded worker processes on this machine), closed on leaving."""
    say = on_message or log.info
    try:
        import warnings

        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise SchedulerError(f"--scheduler needs Dask distributed ({exc}); {INSTALL_HINT}") from None
    n = local_workers(spec)
    cluster = None
    try:
        if n is not None:
            with warnings.catch_warnings():
                # a dashboard port already taken: Dask picks a free one, and we print it
                warnings.simplefilter("ignore", UserWarning)
                cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                       dashboard_address="127.0.0.1:8787", silence_logs=logging.ERROR)
            client = Client(cluster)
            say(f"Dask: started a local cluster of {n} worker process(es); dashboard {client.dashboard_link}")
        else:
            client = Client(spec)
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        where = f"a local cluster of {n} workers" if n is not None else f"the Dask scheduler at {spec}"
        raise SchedulerError(f"cannot use {where}: {exc}") from None
    try:
        if n is None:
            if not client.nthreads():
                say(f"Dask: waiting up to {WORKERS_TIMEOUT_S} s for a worker to join {spec}")
                try:
                    client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)
                except TimeoutError:
                    raise SchedulerError(f"no Dask worker joined the scheduler at {spec} within {WORKERS_TIMEOUT_S} s; "
                                         f"start some with: dask worker {spec} --nthreads 1") from None
            threads = client.nthreads()
            say(f"Dask: {spec}, {len(threads)} worker(s), {sum(threads.values())} thread(s); dashboard {client.dashboard_link}")
            if max(threads.values()) > 1:
                say("Dask: each worker analyses one task at a time (one pipeline per worker); "
                    "start workers with --nthreads 1 and one worker per core to use every core")
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def check_workers(client) -> None:
    """Load the pipeline on every worker now, and make sure they run this version of kg."""
    import kg

    try:
        versions = client.run(_warm_up)
    except Exception as exc:  # noqa: BLE001 - whatever the workers raise, the fix is the same
        raise SchedulerError(f"the Dask workers cannot load kg's pipeline ({type(exc).__name__}: {exc}); "
                             f"install kg on every worker: pip install 'kg[dask]'") from None
    other = {w: v for w, v in versions.items() if v != kg.__version__}
    if other:
        worker, version = next(iter(other.items()))
        raise SchedulerError(f"the Dask worker {worker} runs kg {version}, this machine kg {kg.__version__}; "
                             f"install the same kg on every worker")


def analyse_on_cluster(
    articles: list[Article],
    scheduler: str,
    *,
    progress: Callable[[int], None] | None = None,
    on_message: Callable[[str], None] | None = None,
) -> tuple[list[list[Mention]], dict[str, str]]:
    """The mentions of every article, in order (as `kg.build.analyse` gives them), analysed on
    the Dask cluster `scheduler`, and the files whose analysis failed (path -> why; their
    articles get no mentions: `without_files` leaves them out).

    Raises
    ------
    SchedulerError : Dask is not installed, the scheduler cannot be reached, or its workers
        cannot run kg
    """
    outcomes: dict[int, tuple[list[Article], Outcome]] = {}  # first article of a part -> the part, its outcome
    tasks: dict = {}  # future key -> its parts
    with connect(scheduler, on_message) as client:
        from concurrent.futures import CancelledError

        from distributed import KilledWorker, as_completed  # connect() said it if Dask is missing
        from distributed.comm.core import CommClosedError

        check_workers(client)
        threads = max(1, sum(client.nthreads().values()))
        # smaller tasks when there are too few articles to keep every worker busy
        queue = deque(plan_tasks(articles, min(ARTICLES_PER_TASK, max(1, -(-len(articles) // threads)))))
        in_flight = max(TASKS_PER_THREAD * threads, 2)
        futures = as_completed(loop=client.loop)  # not the default client's loop, when there are two
        suspects: list[Part] = []

        def done(task: list[Part], results: list[Outcome]) -> None:
            outcomes.update((first, (part, outcome)) for (first, part), outcome in zip(task, results))
            if progress:
                progress(sum(len(part) for _, part in task))

        def submit() -> None:
            task = queue.popleft()
            future = client.submit(_analyse_parts, task, pure=False)
            tasks[future.key] = task
            futures.add(future)

        while queue and len(tasks) < in_flight:
            submit()
        for future in futures:
            task = tasks.pop(future.key)
            try:
                results = future.result()
            except (CommClosedError, OSError) as exc:
                raise SchedulerError(f"lost the Dask scheduler at {scheduler}: {exc}") from None
            except CancelledError as exc:
                raise SchedulerError(f"the Dask scheduler at {scheduler} cancelled the analysis ({exc})") from None
            except KilledWorker:
                # the task of a file that kills its workers, or one queued behind it on them
                suspects.extend(task)
                results = None
            except Exception as exc:  # noqa: BLE001 - a task Dask could not run: skip its files
                results = [f"{type(exc).__name__}: {exc}"] * len(task)
            future.release()
            if results is not None:
                done(task, results)
            while queue and len(tasks) < in_flight:
                submit()
        # each file of those tasks again, alone on the cluster: only a file that kills its
        # workers by itself fails
        for part in suspects:
            try:
                results = client.submit(_analyse_parts, [part], pure=False).result()
            except KilledWorker:
                results = [DIED]
            except (CommClosedError, OSError, CancelledError) as exc:
                raise SchedulerError(f"lost the Dask scheduler at {scheduler}: {exc}") from None
            except Exception as exc:  # noqa: BLE001
                results = [f"{type(exc).__name__}: {exc}"]
            done([part], results)

    per_article: list[list[Mention]] = []
    failed: dict[str, str] = {}
    for first in sorted(outcomes):
        part, outcome = outcomes[first]
        if isinstance(outcome, str):
            failed.setdefault(part[0].source, outcome)
            per_article.extend([] for _ in part)
        else:
            per_article.extend(outcome)
    return per_article, failed


def without_files(
    pages: list[Page],
    articles: list[Article],
    per_article: list[list[Mention]],
    failed: dict[str, str],
    on_skip: Callable[[str, str], None] | None = None,
) -> tuple[list[Page], list[list[Mention]]]:
    """The pages less the files in `failed`, and the mentions of the `articles` analysed (one list
    each, in order) less theirs; each failed file is given to `on_skip(path, reason)`, in input order.

    Raises
    ------
    KgError : every file failed
    """
    if not failed:
        return pages, per_article
    for page in pages:
        if page.path in failed and on_skip:
            on_skip(page.path, f"{page.path}: analysis failed on a Dask worker ({failed[page.path]})")
    kept = [p for p in pages if p.path not in failed]
    if not kept:
        raise KgError(f"the analysis of every file failed on the Dask workers, first: {next(iter(failed.values()))}")
    return kept, [m for a, m in zip(articles, per_article) if a.source not in failed]
