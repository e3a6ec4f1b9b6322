"""The knowledge graph: a networkx.MultiDiGraph following the contract in the README.

Nodes
    entity:  key `TYPE:label`; attributes `type`, `label`, `aliases` (list), `mentions` (int),
             `articles` (list of article ids)
    article: key = article id; `type="ARTICLE"`, `label` and `headline`, `subheadline`,
             `unit`, `source` (file), `date`, `authors` (list), `index` (position on the page)
Edges (key = relation name, so one edge per fact)
    `relation`, `weight` (times stated), `evidence` (list of {text, article, source, start,
    end}: the sentence and its character offsets in the source file), `article` (first
    article), `title` (ROLE only). COOPERATES and CO_OCCURS are symmetric and stored once.
"""
from __future__ import annotations

import re
from collections import Counter
from itertools import combinations

import networkx as nx

from kg.schema import ARTICLE, Article, Entity, Evidence, Mention, Relation, Sentence

SYMMETRIC = ("COOPERATES", "CO_OCCURS")
# sentences kept per edge; the weight still counts every statement. Co-occurrence edges are many
# and each sentence is already evidence of the facts in it: a few examples are enough.
MAX_EVIDENCE = {"CO_OCCURS": 3}
MAX_EVIDENCE_DEFAULT = 10
# co-occurrence pairs one sentence may give (all pairs of eight entities), and the longest evidence
# a pair quotes from its sentence: both bound the output of long lists (see add_cooccurrence)
MAX_PAIRS_PER_SENTENCE = 28
LIST_NEIGHBOURS = 2  # in a sentence naming more than eight entities, each pairs with the next two only
EVIDENCE_WINDOW = 80
_BREAK = re.compile(r"[，,、；;：:。！？!?\s]")


def evidence_dict(ev: Evidence) -> dict:
    return {"text": ev.text, "article": ev.article, "source": ev.source, "start": ev.source_start, "end": ev.source_end}


def add_fact(G: nx.MultiDiGraph, head: str, relation: str, tail: str, ev: Evidence | None, title: str | None = None, weight: int = 1) -> None:
    if head == tail:
        return
    if relation in SYMMETRIC and tail < head:
        head, tail = tail, head
    if G.has_edge(head, tail, key=relation):
        data = G.edges[head, tail, relation]
        data["weight"] += weight
        if ev is not None and len(data["evidence"]) < MAX_EVIDENCE.get(relation, MAX_EVIDENCE_DEFAULT) and evidence_dict(ev) not in data["evidence"]:
            data["evidence"].append(evidence_dict(ev))
        if title and not data.get("title"):
            data["title"] = title
        return
    G.add_edge(
        head, tail, key=relation, relation=relation, weight=weight,
        evidence=[evidence_dict(ev)] if ev is not None else [],
        article=ev.article if ev is not None else None,
        title=title,
    )


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
    for a in articles:
        G.add_node(
            a.id, type=ARTICLE, label=a.title, headline=a.headline or a.title, subheadline=a.subheadline,
            unit=a.unit, source=a.source, date=a.date, authors=[au.name for au in a.authors], index=a.index,
            source_name=a.source_name,
        )
    for e in entities:
        G.add_node(e.key, type=e.type, label=e.label, aliases=sorted(e.aliases), mentions=e.mentions, articles=sorted(e.articles))
    for r in relations:
        head, tail = endpoint(r.head), endpoint(r.tail)
        if head is None or tail is None:
            continue
        add_fact(G, head, r.relation, tail, r.evidence, title=r.title)
    if article_mentions:
        counts = Counter((m.article, m.key) for m in mentions if m.key and m.rule not in ("unit-line", "byline"))
        for (article, key), n in sorted(counts.items()):
            add_fact(G, article, "MENTIONS", key, None, weight=n)
    if cooccurrence:
        add_cooccurrence(G, articles, mentions)
    return G


def add_cooccurrence(G: nx.MultiDiGraph, articles: list[Article], mentions: list[Mention]) -> None:
    """Entities named in one sentence, weighted by the number of sentences they share.

    A sentence gives at most MAX_PAIRS_PER_SENTENCE pairs: all of them when it names up to eight
    entities, else each entity with the next LIST_NEIGHBOURS in the sentence (a notice listing 300
    estates would otherwise give 44,850 pairs). The evidence of a pair in a long sentence is the
    stretch of the sentence around the two names, with its own offsets.
    """
    first_at: dict[tuple[str, int], dict[str, Mention]] = {}
    for m in mentions:
        if m.key and m.sentence >= 0:
            first_at.setdefault((m.article, m.sentence), {}).setdefault(m.key, m)
    by_id = {a.id: a for a in articles}
    for (article, i), named in sorted(first_at.items()):
        if len(named) < 2:
            continue
        art = by_id[article]
        s = art.sentences[i]
        for a, b in sentence_pairs(named):
            add_fact(G, a, "CO_OCCURS", b, pair_evidence(art, s, named[a], named[b]))


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
