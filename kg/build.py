"""The whole path, as an ordered list of stages (STAGES): ingest -> analyse -> extract -> resolve -> graph.

`build_graph(paths)` is the public entry point (also `kg.build_graph`); `run(paths)` gives
the graph with the pages read, the files skipped and the time each stage took. The expensive stage,
analysing article bodies with the spaCy pipeline, can run in several processes (`jobs`);
results come back in input order, so the graph is the same whatever `jobs` is.
"""
from __future__ import annotations

import logging
import os
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Callable, Iterable

import networkx as nx

from kg import graph as graph_mod
from kg import workers
from kg.cache import AnalysisCache
from kg.errors import InputError, KgError
from kg.extract import Extraction, extract_mentions, extract_page
from kg.gcpause import paused_gc
from kg.ingest import iter_input_files, read_page
from kg.ingest.dates import date_page
from kg.interrupt import ordered_results, raise_pending, worker_pool
from kg.parts import Part, article_parts
from kg.resolve import Resolution, resolve
from kg.schema import Article, Mention, Page

log = logging.getLogger("kg")

BATCH = workers.BATCH  # at most this many articles per worker task (kg/workers.py cuts them by characters)
AUTO_PARALLEL_CHARS = 100_000  # below this, starting worker processes costs more than it saves


@dataclass
class BuildResult:
    graph: nx.MultiDiGraph
    pages: list[Page]
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds

    @property
    def articles(self) -> list[Article]:
        return [a for p in self.pages for a in p.articles]


# -- analyse: the spaCy pipeline over article bodies ------------------------------------------
_worker_nlp = None


def _init_worker(threads: int = 1) -> None:
    global _worker_nlp
    from kg.nlp.pipeline import build_nlp

    _worker_nlp = build_nlp(threads=threads)
    _worker_nlp.tokenizer.tagger.tag(["。"])  # load the model in the initializer, before the first batch


def _auto_jobs() -> int:
    return min(os.cpu_count() or 1, 8)


def _analyse_batch(batch: list[Article]) -> list[list[Mention]]:
    if _worker_nlp is None:
        _init_worker()
    # tag all bodies of the batch in batched tagger calls, then run the components
    docs = _worker_nlp.pipe(_worker_nlp.tokenizer.pipe([a.body for a in batch]))
    return [extract_mentions(a, doc) for a, doc in zip(batch, docs)]


def analyse(articles: list[Article], jobs: int = 1, progress: Callable[[int], None] | None = None) -> list[list[Mention]]:
    """Mentions of every article, in order. `jobs` > 1 spreads batches over processes, cut by
    characters so that no worker waits for another (kg/workers.py)."""
    batches = workers.plan_batches(articles, jobs)
    out: list[list[Mention]] = []
    if jobs <= 1 or len(batches) <= 1:
        for b in batches:
            raise_pending()
            out.extend(_analyse_batch(b))
            if progress:
                progress(len(b))
        return out
    try:
        with worker_pool(jobs, initializer=_init_worker) as pool:
            for b, result in zip(batches, ordered_results(pool, _analyse_batch, batches)):
                out.extend(result)
                if progress:
                    progress(len(b))
    except BrokenProcessPool as exc:
        raise KgError("an analysis process stopped unexpectedly (out of memory?); try again with -j 1") from exc
    return out


# -- the rest ---------------------------------------------------------------------------------
def read_pages(files, on_skip: Callable[[str, str], None], cache: AnalysisCache | None = None, force_text: bool = False) -> list[Page]:
    pages = []
    for path in files:
        try:
            pages.append(cache.read_page(path, force_text=force_text) if cache is not None else read_page(path, force_text=force_text))
        except InputError as exc:
            on_skip(str(path), str(exc))
    unique_article_ids(pages)
    return pages


def unique_article_ids(pages: list[Page]) -> None:
    """Article ids come from file names; two folders may hold files with the same name."""
    seen: set[str] = set()
    for page in pages:
        suffix, n = "", 2
        while any(a.id + suffix in seen for a in page.articles):
            suffix, n = f"~{n}", n + 1
        for a in page.articles:
            a.id += suffix
        seen.update(a.id for a in page.articles)


def build_graph(paths: Iterable[str | os.PathLike] | str | os.PathLike, **options) -> nx.MultiDiGraph:
    """Read text files (or folders of them) and return the knowledge graph.

    The options are those of `run`; the graph's nodes and edges are described in kg.graph.
    """
    return run(paths, **options).graph


def run(
    paths: Iterable[str | os.PathLike] | str | os.PathLike,
    *,
    jobs: int = 1,
    article_mentions: bool = True,
    cooccurrence: bool = True,
    progress: Callable[[int], None] | None = None,
    on_articles: Callable[[int], None] | None = None,
    on_skip: Callable[[str, str], None] | None = None,
    date: str | None = None,
    cache: AnalysisCache | None = None,
    scheduler: str | None = None,
    on_message: Callable[[str], None] | None = None,
    force_text: bool = False,
) -> BuildResult:
    """Read text files (or folders of them) and build the knowledge graph, with what was read,
    what was skipped and how long each stage took.

    Parameters
    ----------
    paths : a path or a list of paths to `.txt` files or folders (searched recursively)
    jobs : processes for the analysis stage (1: in this process; 0: one per core when the
        text is long enough to pay for starting them)
    article_mentions, cooccurrence : add MENTIONS and CO_OCCURS edges
    progress : called with the number of articles (or parts of very long ones) analysed since the last call
    on_articles : called once with the number of articles (and parts) to analyse
    on_skip : called with (path, reason) for each file that cannot be read (default: a warning
        through logging), once all files are read; not called when the only input fails (the
        InputError says why)
    date : ISO date of the reports nothing else dates (`kg build --date`; see kg/ingest/dates.py)
    cache : an open kg.cache.AnalysisCache: pages analysed before are taken from it, new ones
        are analysed and stored in it
    scheduler : run the analysis on a Dask cluster instead (`jobs` is then not used): the
        address of its scheduler, or `local:N` for N worker processes here (see kg.distributed)
    on_message : called with a line about the Dask cluster (its dashboard; default: logging)
    force_text : read files that do not look like plain text (HTML, PDF, data) all the same

    Raises
    ------
    InputError : no readable text in any of the paths
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    state = _Build(
        paths=list(paths), jobs=jobs, progress=progress, on_articles=on_articles,
        report_skip=on_skip or (lambda path, why: log.warning("skipped: %s", why)),
        date=date, cache=cache, scheduler=scheduler, on_message=on_message, force_text=force_text,
        article_mentions=article_mentions, cooccurrence=cooccurrence,
    )
    timings: dict[str, float] = {}
    for name, stage in STAGES:
        t = time.perf_counter()
        if name == "analyse":
            stage(state)  # its objects are short-lived (Docs, spans): the collector frees them
        else:
            with paused_gc():  # objects that all live to the end of the run (kg.gcpause)
                stage(state)
        timings[name] = time.perf_counter() - t
    return BuildResult(state.graph, state.pages, state.skipped, timings)


@dataclass
class _Build:
    """What the stages of one run read and write (see STAGES)."""

    paths: list
    jobs: int
    progress: Callable[[int], None] | None
    on_articles: Callable[[int], None] | None
    report_skip: Callable[[str, str], None]
    date: str | None
    cache: AnalysisCache | None
    scheduler: str | None
    on_message: Callable[[str], None] | None
    force_text: bool
    article_mentions: bool
    cooccurrence: bool
    skipped: list[tuple[str, str]] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    todo: list[Article] = field(default_factory=list)  # the articles to analyse (not in the cache)
    parts: list[list[Part]] = field(default_factory=list)  # ... cut into bounded parts (kg.parts)
    per_article: list[list[Mention]] = field(default_factory=list)  # body mentions, by article
    extraction: Extraction = field(default_factory=Extraction)
    resolution: Resolution | None = None
    graph: nx.MultiDiGraph | None = None

    @property
    def articles(self) -> list[Article]:
        return [a for p in self.pages for a in p.articles]


def _ingest(b: _Build) -> None:
    files = iter_input_files(b.paths)
    b.pages = read_pages(files, lambda path, why: b.skipped.append((path, why)), b.cache, force_text=b.force_text)
    if not b.pages and len(b.skipped) == 1:
        raise InputError(b.skipped[0][1])  # one message for one failed input: the error itself
    for path, why in b.skipped:
        b.report_skip(path, why)
    if not b.pages:
        raise InputError(f"none of the {len(b.skipped)} files could be read")
    for page in b.pages:  # again: a cached page may have a new name, and --date fills in
        date_page(page, default=b.date)
    b.todo = b.cache.pending(b.pages) if b.cache is not None else b.articles
    # very long bodies are analysed in bounded parts (kg.parts); a cluster gets whole articles
    b.parts = [article_parts(a) for a in b.todo] if not b.scheduler else []
    if b.on_articles:
        b.on_articles(sum(map(len, b.parts)) if not b.scheduler else len(b.todo))


def _analyse(b: _Build) -> None:
    jobs = b.jobs
    if jobs <= 0:  # auto: every core, when there is enough text to pay for starting them
        jobs = _auto_jobs() if sum(len(a.body) for a in b.todo) > AUTO_PARALLEL_CHARS else 1
    if b.scheduler:
        from kg.distributed import analyse_on_cluster, without_files  # Dask, only when asked for

        # cached pages are never sent to the workers; a file that fails there is not cached
        skip = lambda path, why: (b.skipped.append((path, why)), b.report_skip(path, why))  # noqa: E731
        per_article, failed = analyse_on_cluster(b.todo, b.scheduler, progress=b.progress, on_message=b.on_message)
        b.pages, per_article = without_files(b.pages, b.todo, per_article, failed, skip)
    else:
        views = [part.view for ps in b.parts for part in ps]
        analysed = iter(analyse(views, jobs=jobs, progress=b.progress))
        # the mentions of an article's parts, moved back to the article's offsets and sentences
        per_article = [[m for part in ps for m in part.to_article(next(analysed))] for ps in b.parts]
    b.per_article = b.cache.combine(b.pages, per_article) if b.cache is not None else per_article


def _extract(b: _Build) -> None:
    first = 0
    for page in b.pages:
        b.extraction.extend(extract_page(page, b.per_article[first:first + len(page.articles)]))
        first += len(page.articles)


def _resolve(b: _Build) -> None:
    page_of = {a.id: p.path for p in b.pages for a in p.articles}
    b.resolution = resolve(b.extraction.mentions, page_of)


def _graph(b: _Build) -> None:
    ex = b.extraction
    b.graph = graph_mod.build(b.articles, b.resolution, ex.mentions, ex.relations, article_mentions=b.article_mentions, cooccurrence=b.cooccurrence)
    b.graph.graph["name"] = "kg"


# The path, in order; `run` times each stage (BuildResult.timings, `kg build --timings`).
STAGES: tuple[tuple[str, Callable[[_Build], None]], ...] = (
    ("ingest", _ingest),
    ("analyse", _analyse),
    ("extract", _extract),
    ("resolve", _resolve),
    ("graph", _graph),
)


__all__ = ["build_graph", "run", "BuildResult", "KgError"]
