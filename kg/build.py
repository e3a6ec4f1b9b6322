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
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Iterable

import networkx as nx

from kg import graph as graph_mod
from kg import vocab, workers
from kg.cache import AnalysisCache
from kg.errors import InputError, KgError
from kg.extract.mentions import extract_mentions, unit_line_mention
from kg.extract.relations import extract_relations
from kg.ingest import iter_input_files, read_page
from kg.ingest.lexicon import lexicon
from kg.ingest.dates import date_page
from kg.resolve import resolve
from kg.schema import Article, Evidence, Mention, Page, Relation

log = logging.getLogger("kg")

BATCH = workers.BATCH  # at most this many articles per worker task (kg/workers.py cuts them)
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
    _worker_nlp.tokenizer.tagger.tag(["。"])  # load the model now: a pool may start before the pages are read


def _new_pool(jobs: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker)


def _auto_jobs() -> int:
    return min(os.cpu_count() or 1, 8)


def _analyse_batch(batch: list[Article]) -> list[list[Mention]]:
    if _worker_nlp is None:
        _init_worker()
    # tag all bodies of the batch in batched tagger calls, then run the components
    docs = _worker_nlp.pipe(_worker_nlp.tokenizer.pipe([a.body for a in batch]))
    return [extract_mentions(a, doc) for a, doc in zip(batch, docs)]


def analyse(articles: list[Article], jobs: int = 1, progress: Callable[[int], None] | None = None, pool: ProcessPoolExecutor | None = None) -> list[list[Mention]]:
    """Mentions of every article, in order. `jobs` > 1 spreads batches over processes (`pool`, a
    pool of `jobs` workers already started, is used and shut down)."""
    batches = workers.plan_batches(articles, jobs)
    out: list[list[Mention]] = []
    if jobs <= 1 or len(batches) <= 1:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        for b in batches:
            out.extend(_analyse_batch(b))
            if progress:
                progress(len(b))
        return out
    with pool or _new_pool(jobs) as pool:
        for b, result in zip(batches, pool.map(_analyse_batch, batches)):
            out.extend(result)
            if progress:
                progress(len(b))
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


def read_pages(files, on_skip: Callable[[str, str], None], cache: AnalysisCache | None = None) -> list[Page]:
    pages = []
    for path in files:
        try:
            pages.append(cache.read_page(path) if cache is not None else read_page(path))
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
) -> BuildResult:
    """Read text files (or folders of them) and build the knowledge graph, with what was read,
    what was skipped and how long each stage took.

    Parameters
    ----------
    paths : a path or a list of paths to `.txt` files or folders (searched recursively)
    jobs : processes for the analysis stage (1: in this process; 0: one per core when the
        text is long enough to pay for starting them)
    article_mentions, cooccurrence : add MENTIONS and CO_OCCURS edges
    progress : called with the number of articles analysed since the last call
    on_articles : called once with the number of articles found
    on_skip : called with (path, reason) for each file that cannot be read (default: a warning
        through logging)
    date : ISO date of the reports nothing else dates (`kg build --date`; see kg/ingest/dates.py)
    cache : an open kg.cache.AnalysisCache: pages analysed before are taken from it, new ones
        are analysed and stored in it

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
    early = workers.EarlyPool.start(files, jobs, _auto_jobs(), AUTO_PARALLEL_CHARS, _new_pool)
    report_skip = on_skip or (lambda path, why: log.warning("skipped: %s", why))
    try:
        pages = read_pages(files, lambda path, why: (skipped.append((path, why)), report_skip(path, why)), cache)
    except BaseException:
        early.close()
        raise
    if not pages:
        early.close()
        reason = skipped[0][1] if len(skipped) == 1 else f"none of the {len(skipped)} files could be read"
        raise InputError(reason)
    for page in pages:  # again: a cached page may have a new name, and --date fills in
        date_page(page, default=date)
    articles = [a for p in pages for a in p.articles]
    todo = cache.pending(pages) if cache is not None else articles
    timings["ingest"] = time.perf_counter() - t
    if on_articles:
        on_articles(len(todo))

    t = time.perf_counter()
    if jobs <= 0:  # auto: every core, when there is enough text to pay for starting them
        jobs = _auto_jobs() if sum(len(a.body) for a in todo) > AUTO_PARALLEL_CHARS else 1
    per_article = analyse(todo, jobs=jobs, progress=progress, pool=early.take(jobs))
    if cache is not None:
        per_article = cache.combine(pages, per_article)
    timings["analyse"] = time.perf_counter() - t

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
