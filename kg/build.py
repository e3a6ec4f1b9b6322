"""The whole path, as an ordered list of stages: read -> analyse -> relate -> resolve -> graph.

`build_graph(paths)` is the public entry point (also `kg.build_graph`); `run(paths)` gives
the graph with the pages read, the files skipped and the time each stage took. The expensive stage,
analysing article bodies with the spaCy pipeline, can run in several processes (`jobs`);
results come back in input order, so the graph is the same whatever `jobs` is.
"""
from __future__ import annotations

import logging
import re
import os
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Callable, Iterable

import networkx as nx

from kg import graph as graph_mod
from kg import vocab, workers
from kg.cache import AnalysisCache
from kg.errors import InputError, KgError
from kg.extract.mentions import extract_mentions, unit_line_mention
from kg.gcpause import paused_gc
from kg.extract.relations import extract_relations
from kg.ingest import iter_input_files, read_page
from kg.ingest.dates import date_page
from kg.ingest.lexicon import lexicon
from kg.interrupt import ordered_results, raise_pending, worker_pool
from kg.parts import article_parts
from kg.resolve import resolve
from kg.schema import Article, Evidence, Mention, Page, Relation

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
def byline_mentions(article: Article, source_text: str) -> tuple[list[Mention], list[Relation]]:
    """People of the byline (AUTHORED) and the newspaper a byline names (ROLE). Editors and other
    staff of a footer are people of the graph, but not authors (GUIDELINES.md §5). The evidence is
    the byline itself, cut from the source text."""
    mentions, relations = [], []
    staff = lexicon().staff_roles
    outlets = [Mention(name, _source_type(name), article.id, -1, -1, -1, canonical=name, rule="outlet") for name in _outlets(article)]
    mentions.extend(outlets)
    for au in article.authors:
        a, b = (au.byline_start, au.byline_end) if au.byline_start >= 0 else (au.source_start, au.source_end)
        ev = (Evidence(source_text[a:b] if a >= 0 else au.name, article.id, article.source, a, b, kind="byline"),)
        person = Mention(au.name, "PERSON", article.id, -1, -1, -1, canonical=au.name, rule="byline")
        mentions.append(person)
        if au.role in staff:
            continue
        relations.append(Relation(person, "AUTHORED", article.id, ev, cue="byline"))
        if au.org:
            orgs = [Mention(name, "ORG", article.id, -1, -1, -1, canonical=name, rule="byline") for name in dict.fromkeys((*au.outlets, au.org))]
            mentions.extend(orgs)
            relations.append(Relation(person, "ROLE", orgs[-1], ev, title=au.role, cue="byline-org"))
        elif au.role == "记者" and len(outlets) == 1:
            # `某某网讯（记者 张三）`: the outlet of the dateline employs its reporter
            relations.append(Relation(person, "ROLE", outlets[0], ev, title=au.role, cue="outlet-reporter"))
    return mentions, relations


def _source_type(name: str) -> str:
    """A report's source is an outlet (ORG), unless its name is a public body's (`来源：某县委组织部`)."""
    suffix = vocab.unit_suffix(name)
    return "OFFICE" if suffix and vocab.unit_suffixes()[suffix].type == "OFFICE" else "ORG"


def _outlets(article: Article) -> list[str]:
    """The outlets a report names as its source (`来源：某某网`, `某某网讯`): `本报`, `本网` name
    no one; `甲网/乙客户端` are two."""
    if not article.source_name:
        return []
    names = [n.strip() for n in re.split(r"[/／、|]", article.source_name)]
    return [n for n in names if len(n) >= 2 and not n.startswith("本")]


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
    timings: dict[str, float] = {}
    skipped: list[tuple[str, str]] = []

    t = time.perf_counter()
    files = iter_input_files(list(paths))
    report_skip = on_skip or (lambda path, why: log.warning("skipped: %s", why))
    with paused_gc():  # pages and cached analyses: many objects that all live on (kg.gcpause)
        pages = read_pages(files, lambda path, why: skipped.append((path, why)), cache, force_text=force_text)
    if not pages and len(skipped) == 1:
        raise InputError(skipped[0][1])  # one message for one failed input: the error itself
    for path, why in skipped:
        report_skip(path, why)
    if not pages:
        raise InputError(f"none of the {len(skipped)} files could be read")
    for page in pages:  # again: a cached page may have a new name, and --date fills in
        date_page(page, default=date)
    articles = [a for p in pages for a in p.articles]
    todo = cache.pending(pages) if cache is not None else articles
    # very long bodies are analysed in bounded parts (kg.parts); a cluster gets whole articles
    parts = [article_parts(a) for a in todo] if not scheduler else []
    views = [part.view for ps in parts for part in ps]
    timings["ingest"] = time.perf_counter() - t
    if on_articles:
        on_articles(len(views) if not scheduler else len(todo))

    t = time.perf_counter()
    if jobs <= 0:  # auto: every core, when there is enough text to pay for starting them
        jobs = _auto_jobs() if sum(len(a.body) for a in todo) > AUTO_PARALLEL_CHARS else 1
    if scheduler:
        from kg.distributed import analyse_on_cluster, without_files  # Dask, only when asked for

        # cached pages are never sent to the workers; a file that fails there is not cached
        skip = lambda path, why: (skipped.append((path, why)), report_skip(path, why))  # noqa: E731
        per_article, failed = analyse_on_cluster(todo, scheduler, progress=progress, on_message=on_message)
        pages, per_article = without_files(pages, todo, per_article, failed, skip)
        articles = [a for p in pages for a in p.articles]
    else:
        analysed = iter(analyse(views, jobs=jobs, progress=progress))
        # the mentions of an article's parts, moved back to the article's offsets and sentences
        per_article = [[m for part in ps for m in part.to_article(next(analysed))] for ps in parts]
    if cache is not None:
        per_article = cache.combine(pages, per_article)
    timings["analyse"] = time.perf_counter() - t
    with paused_gc():  # kg.gcpause: the objects of these stages live until the end of the run
        return _relate_resolve_graph(pages, articles, per_article, skipped, timings, article_mentions, cooccurrence)


def _relate_resolve_graph(pages, articles, per_article, skipped, timings, article_mentions, cooccurrence) -> BuildResult:
    """run()'s last three stages: extract (relations, bylines), resolve, graph."""
    t = time.perf_counter()
    page_of = {a.id: p.path for p in pages for a in p.articles}
    mentions: list[Mention] = []
    relations: list[Relation] = []
    first = 0
    for page in pages:
        page_articles = list(zip(page.articles, per_article[first:first + len(page.articles)]))
        first += len(page.articles)
        page_places = [m for _, ms in page_articles for m in ms if m.label == "PLACE"]
        for article, ms in page_articles:
            unit = unit_line_mention(article)
            extra, byline_rel = byline_mentions(article, page.text)
            mentions.extend(ms)
            mentions.extend(extra)
            if unit is not None:
                mentions.append(unit)
            relations.extend(extract_relations(article, ms, unit, page_places))
            relations.extend(byline_rel)
    timings["extract"] = time.perf_counter() - t

    t = time.perf_counter()
    entities = resolve(mentions, page_of)
    timings["resolve"] = time.perf_counter() - t

    t = time.perf_counter()
    G = graph_mod.build(articles, entities, mentions, relations, article_mentions=article_mentions, cooccurrence=cooccurrence)
    G.graph["name"] = "kg"
    timings["graph"] = time.perf_counter() - t
    return BuildResult(G, pages, skipped, timings)


__all__ = ["build_graph", "run", "BuildResult", "KgError"]
