"""The knowledge graph: a networkx.MultiDiGraph following the contract in the README.

Nodes
    entity:  key `TYPE:label`; attributes `type`, `label`, `aliases` (list), `mentions` (int),
             `articles` (list of article ids)
    article: key = article id; `type="ARTICLE"`, `label` and `headline`, `subheadline`,
             `unit`, `source` (file), `authors` (list), `index` (position on the page), and for a
             dated report `date` (ISO) and `date_origin` (kg/ingest/dates.py)
Edges (key = relation name, so one edge per fact)
    `relation`, `weight` (times stated), `evidence` (list of {text, article, source, start,
    end}: the sentence and its character offsets in the source file), `article` (first
    article), `title` (ROLE only). COOPERATES and CO_OCCURS are symmetric and stored once.
Time (the contract of timelines: the page's date filter, GEXF's dynamic graph)
    entity nodes and edges read from dated reports carry `dates` (sorted distinct ISO dates of
    their reports: for an edge, of every statement, also those whose sentence is not kept as
    evidence), `first_seen` and `last_seen`. Undated elements have none of the three.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import combinations

import networkx as nx

from kg.resolve import Resolution
from kg.schema import Article, Evidence, Mention, Origin, Relation, Sentence
from kg import types
from kg.types import ARTICLE, CO_OCCURS, MENTIONS
from kg.text import SENTENCE_END

# co-occurrence pairs one sentence may give (all pairs of eight entities), and the longest evidence
# a pair quotes from its sentence: both bound the output of long lists (see add_cooccurrence)
MAX_PAIRS_PER_SENTENCE = 28
LIST_NEIGHBOURS = 2  # in a sentence naming more than eight entities, each pairs with the next two only
EVIDENCE_WINDOW = 80
_BREAK = re.compile(rf"[，,、：:{SENTENCE_END}\s]")


def evidence_dict(ev: Evidence) -> dict:
    return {"text": ev.text, "article": ev.article, "source": ev.source, "start": ev.source_start, "end": ev.source_end, "kind": ev.kind}


def add_fact(G: nx.MultiDiGraph, head: str, relation: str, tail: str, evidence: Sequence[Evidence] = (), title: str | None = None, weight: int = 1, date: str | None = None) -> None:
    """Add one statement of a fact. Its evidence pieces share a `fact` number on the edge, so a
    reader can tell the pieces of one statement (the sentence naming the body, the one saying
    what it did) from further statements; `date` is the date of the statement's report."""
    if head == tail:
        return
    kind = types.relation(relation)
    if kind.symmetric and tail < head:
        head, tail = tail, head
    if G.has_edge(head, tail, key=relation):
        data = G.edges[head, tail, relation]
        data["weight"] += weight
        if date:
            data.setdefault("dates", set()).add(date)
        known = [{k: v for k, v in e.items() if k != "fact"} for e in data["evidence"]]
        new = [evidence_dict(ev) for ev in evidence]
        facts = {e.get("fact", 0) for e in data["evidence"]}
        if new and not all(e in known for e in new) and len(facts) < kind.max_evidence:
            fact = max(facts, default=-1) + 1
            data["evidence"].extend({**e, "fact": fact} for e in new)
        if title and not data.get("title"):
            data["title"] = title
        return
    G.add_edge(
        head, tail, key=relation, relation=relation, weight=weight,
        evidence=[{**evidence_dict(ev), "fact": 0} for ev in evidence],
        article=evidence[0].article if evidence else None,
        title=title,
    )
    if date:
        G.edges[head, tail, relation]["dates"] = {date}


def build(
    articles: list[Article],
    resolution: Resolution,
    mentions: list[Mention],
    relations: list[Relation],
    *,
    article_mentions: bool = True,
    cooccurrence: bool = True,
) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph()
    date_of = {a.id: a.date for a in articles if a.date}
    for a in articles:
        G.add_node(
            a.id, type=ARTICLE, label=a.title, headline=a.headline or a.title, subheadline=a.subheadline,
            unit=a.unit, source=a.source, authors=[au.name for au in a.authors], index=a.index,
            source_name=a.source_name,
        )
        if a.date:
            G.nodes[a.id].update(date=a.date, date_origin=a.date_origin)
    key_of = resolution.key
    for e in resolution.entities:
        G.add_node(e.key, type=e.type, label=e.label, aliases=sorted(e.aliases), mentions=e.mentions, articles=sorted(e.articles))
        set_dates(G.nodes[e.key], {date_of[a] for a in e.articles if a in date_of})
    for r in relations:
        head = r.head if isinstance(r.head, str) else key_of.get(r.head)
        tail = r.tail if isinstance(r.tail, str) else key_of.get(r.tail)
        if head is None or tail is None:
            continue
        add_fact(G, head, r.relation, tail, r.evidence, title=r.title, date=date_of.get(r.evidence[0].article) if r.evidence else None)
    if article_mentions:
        counts = Counter((m.article, key_of[m]) for m in mentions if key_of.get(m) and m.origin not in (Origin.UNIT_LINE, Origin.BYLINE))
        for (article, key), n in sorted(counts.items()):
            add_fact(G, article, MENTIONS, key, (), weight=n, date=date_of.get(article))
    if cooccurrence:
        add_cooccurrence(G, articles, mentions, key_of, date_of)
    for *_, data in G.edges(data=True):
        set_dates(data, data.pop("dates", ()))
    return G


def set_dates(data: dict, dates) -> None:
    """`dates` (sorted ISO dates), `first_seen` and `last_seen`, or none of them when undated."""
    if dates:
        data["dates"] = sorted(dates)
        data["first_seen"], data["last_seen"] = data["dates"][0], data["dates"][-1]


def add_cooccurrence(G: nx.MultiDiGraph, articles: list[Article], mentions: list[Mention], key_of: dict[Mention, str], date_of: dict[str, str] | None = None) -> None:
    """Entities named in one sentence, weighted by the number of sentences they share.

    A sentence gives at most MAX_PAIRS_PER_SENTENCE pairs: all of them when it names up to eight
    entities, else each entity with the next LIST_NEIGHBOURS in the sentence (a notice listing 300
    estates would otherwise give 44,850 pairs). The evidence of a pair in a long sentence is the
    stretch of the sentence around the two names, with its own offsets.
    """
    first_at: dict[tuple[str, int], dict[str, Mention]] = {}
    for m in mentions:
        if key_of.get(m) and m.in_body:
            first_at.setdefault((m.article, m.sentence), {}).setdefault(key_of[m], m)
    by_id = {a.id: a for a in articles}
    for (article, i), named in sorted(first_at.items()):
        if len(named) < 2:
            continue
        art = by_id[article]
        s = art.sentences[i]
        for a, b in sentence_pairs(named):
            add_fact(G, a, CO_OCCURS, b, (pair_evidence(art, s, named[a], named[b]),), date=(date_of or {}).get(article))


def sentence_pairs(named: dict[str, Mention]) -> list[tuple[str, str]]:
    """The co-occurrence pairs of one sentence (see add_cooccurrence)."""
    if len(named) * (len(named) - 1) // 2 <= MAX_PAIRS_PER_SENTENCE:
        return list(combinations(sorted(named), 2))
    order = sorted(named, key=lambda k: (named[k].start, k))
    pairs: list[tuple[str, str]] = []
    for gap in range(1, LIST_NEIGHBOURS + 1):
        for j in range(len(order) - gap):
            if len(pairs) == MAX_PAIRS_PER_SENTENCE:
                return pairs
            pairs.append((order[j], order[j + gap]))
    return pairs


def pair_evidence(article: Article, s: Sentence, x: Mention, y: Mention) -> Evidence:
    """The sentence, or in a sentence longer than EVIDENCE_WINDOW the part of it around both names."""
    start, end = s.start, s.end
    lo, hi = max(start, min(x.start, y.start)), min(end, max(x.end, y.end))
    if end - start > EVIDENCE_WINDOW and lo < hi:
        room = max(0, EVIDENCE_WINDOW - (hi - lo)) // 2
        window_start, window_end = max(start, lo - room), min(end, hi + room)
        # begin after, and end at, a clause or list break where there is one: no half names
        breaks = [m.end() for m in _BREAK.finditer(article.body, window_start, lo)]
        start = breaks[0] if breaks else window_start
        after = _BREAK.search(article.body, hi, window_end)
        end = after.end() if after else window_end
    return Evidence(article.body[start:end], article.id, article.source, article.offsets[start], article.offsets[end - 1] + 1)
