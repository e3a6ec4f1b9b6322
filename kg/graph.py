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

from collections import Counter
from collections.abc import Sequence
from itertools import combinations

import networkx as nx

from kg.schema import ARTICLE, Article, Entity, Evidence, Mention, Relation

SYMMETRIC = ("COOPERATES", "CO_OCCURS")
# sentences kept per edge; the weight still counts every statement. Co-occurrence edges are many
# and each sentence is already evidence of the facts in it: a few examples are enough.
MAX_EVIDENCE = {"CO_OCCURS": 3}
MAX_EVIDENCE_DEFAULT = 10


def evidence_dict(ev: Evidence) -> dict:
    return {"text": ev.text, "article": ev.article, "source": ev.source, "start": ev.source_start, "end": ev.source_end, "kind": ev.kind}


def add_fact(G: nx.MultiDiGraph, head: str, relation: str, tail: str, evidence: Sequence[Evidence] = (), title: str | None = None, weight: int = 1, date: str | None = None) -> None:
    """Add one statement of a fact. Its evidence pieces share a `fact` number on the edge, so a
    reader can tell the pieces of one statement (the sentence naming the body, the one saying
    what it did) from further statements; `date` is the date of the statement's report."""
    if head == tail:
        return
    if relation in SYMMETRIC and tail < head:
        head, tail = tail, head
    if G.has_edge(head, tail, key=relation):
        data = G.edges[head, tail, relation]
        data["weight"] += weight
        if date:
            data.setdefault("dates", set()).add(date)
        known = [{k: v for k, v in e.items() if k != "fact"} for e in data["evidence"]]
        new = [evidence_dict(ev) for ev in evidence]
        facts = {e.get("fact", 0) for e in data["evidence"]}
        if new and not all(e in known for e in new) and len(facts) < MAX_EVIDENCE.get(relation, MAX_EVIDENCE_DEFAULT):
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


def endpoint(x: Mention | str) -> str | None:
    return x if isinstance(x, str) else x.key


def build(
    articles: list[Article],
    entities: list[Entity],
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
    for e in entities:
        G.add_node(e.key, type=e.type, label=e.label, aliases=sorted(e.aliases), mentions=e.mentions, articles=sorted(e.articles))
        set_dates(G.nodes[e.key], {date_of[a] for a in e.articles if a in date_of})
    for r in relations:
        head, tail = endpoint(r.head), endpoint(r.tail)
        if head is None or tail is None:
            continue
        add_fact(G, head, r.relation, tail, r.evidence, title=r.title, date=date_of.get(r.evidence[0].article) if r.evidence else None)
    if article_mentions:
        counts = Counter((m.article, m.key) for m in mentions if m.key and m.rule not in ("unit-line", "byline"))
        for (article, key), n in sorted(counts.items()):
            add_fact(G, article, "MENTIONS", key, (), weight=n, date=date_of.get(article))
    if cooccurrence:
        add_cooccurrence(G, articles, mentions, date_of)
    for *_, data in G.edges(data=True):
        set_dates(data, data.pop("dates", ()))
    return G


def set_dates(data: dict, dates) -> None:
    """`dates` (sorted ISO dates), `first_seen` and `last_seen`, or none of them when undated."""
    if dates:
        data["dates"] = sorted(dates)
        data["first_seen"], data["last_seen"] = data["dates"][0], data["dates"][-1]


def add_cooccurrence(G: nx.MultiDiGraph, articles: list[Article], mentions: list[Mention], date_of: dict[str, str] | None = None) -> None:
    """Entities named in one sentence, weighted by the number of sentences they share."""
    by_sentence: dict[tuple[str, int], set[str]] = {}
    for m in mentions:
        if m.key and m.sentence >= 0:
            by_sentence.setdefault((m.article, m.sentence), set()).add(m.key)
    sentences = {a.id: a for a in articles}
    for (article, i), keys in sorted(by_sentence.items()):
        if len(keys) < 2:
            continue
        s = sentences[article].sentences[i]
        ev = Evidence(s.text, article, sentences[article].source, s.source_start, s.source_end)
        for a, b in combinations(sorted(keys), 2):
            add_fact(G, a, "CO_OCCURS", b, (ev,), date=(date_of or {}).get(article))
