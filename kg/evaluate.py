"""Score a graph against a hand-made gold file, so users can measure kg on their own pages.

The gold format is the one of `shared/eval/seed.gold.json`: `articles` (id, headline,
optional subheadline, authors), `entities` (name, types, aliases, required) and `relations`
(heads, relation, tails, required). Names match after stripping quotes, brackets and spaces;
an entity matched by two nodes counts once, the second node as a false positive; optional
gold items are neither required nor penalised.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.errors import InputError
from kg.text import normalise_name as normalise
from kg import types
from kg.types import ARTICLE

def norm(text) -> str:
    """Names compare without quotes, brackets and spaces (as shared/eval/score.py does)."""
    return normalise(str(text or ""))


@dataclass
class PRF:
    tp: int = 0  # predictions that are right
    predicted: int = 0
    found: int = 0  # required gold items found
    required: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 3), "recall": round(self.recall, 3), "f1": round(self.f1, 3),
                "predicted": self.predicted, "required": self.required}


@dataclass
class Report:
    entities: PRF
    entity_types: dict[str, PRF]
    relations: PRF
    relation_types: dict[str, PRF]
    articles_matched: int
    articles_total: int
    missed_entities: list[str] = field(default_factory=list)
    false_entities: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    missed_relations: list[str] = field(default_factory=list)
    false_relations: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "entities": self.entities.as_dict(),
            "entity_types": {t: p.as_dict() for t, p in self.entity_types.items()},
            "relations": self.relations.as_dict(),
            "relation_types": {t: p.as_dict() for t, p in self.relation_types.items()},
            "articles_matched": f"{self.articles_matched}/{self.articles_total}",
            "missed_entities": self.missed_entities, "false_entities": self.false_entities,
            "duplicates": self.duplicates, "missed_relations": self.missed_relations,
            "false_relations": self.false_relations,
        }


def load_gold(path: str | Path) -> dict:
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: gold file does not exist") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a JSON gold file ({exc.__class__.__name__})") from None
    if not isinstance(gold, dict) or "entities" not in gold:
        raise InputError(f"{path}: a gold file needs an 'entities' list (see the README's evaluation section)")
    return gold


def load_graph(path: str | Path) -> nx.Graph:
    try:
        return nx.read_graphml(path)
    except FileNotFoundError:
        raise InputError(f"{path}: graph file does not exist") from None
    except Exception as exc:  # networkx raises many kinds for a bad file
        raise InputError(f"{path}: not a readable GraphML file ({exc.__class__.__name__})") from None


def evaluate(G: nx.Graph, gold: dict) -> Report:
    gold_entities = gold["entities"]
    by_form: dict[str, int] = {}
    for i, e in enumerate(gold_entities):
        for form in (e["name"], *e.get("aliases", [])):
            by_form.setdefault(norm(form), i)

    by_type = {t.name: PRF() for t in types.NODE_TYPES.values() if t.scored}
    total = PRF()
    node_gold: dict[str, int] = {}
    matched: dict[int, str] = {}
    report_false, report_dup = [], []
    for n, d in G.nodes(data=True):
        ptype = str(d.get("type", "")).upper()
        if ptype not in by_type:
            continue
        total.predicted += 1
        by_type[ptype].predicted += 1
        names = [norm(d.get("label", n)), *(norm(a) for a in str(d.get("aliases", "") or "").split("|"))]
        hit = next((by_form[x] for x in names if x in by_form), None)
        if hit is None or ptype not in gold_entities[hit]["types"]:
            report_false.append(f"{d.get('label', n)} [{ptype}]")
            continue
        node_gold[n] = hit
        if hit in matched:
            report_dup.append(f"{d.get('label', n)} = {gold_entities[hit]['name']}")
            continue
        matched[hit] = n
        total.tp += 1
        by_type[ptype].tp += 1
    missed = []
    for i, e in enumerate(gold_entities):
        if not e.get("required", True):
            continue
        t = e["types"][0]
        total.required += 1
        by_type.setdefault(t, PRF()).required += 1  # a type kg does not know: reported, never found
        if i in matched:
            total.found += 1
            by_type[t].found += 1
        else:
            missed.append(f"{e['name']} [{t}]")

    articles = gold.get("articles", [])
    node_article: dict[str, str] = {}
    for n, d in G.nodes(data=True):
        if str(d.get("type", "")).upper() != ARTICLE:
            continue
        heads = {norm(d.get("headline")), norm(d.get("label"))} - {""}
        for a in articles:
            targets = {norm(a.get("headline")), norm(a.get("subheadline"))} - {""}
            if any(t in h or h in t for t in targets for h in heads):
                node_article[n] = a["id"]
                break

    def gold_name(n):
        if n in node_gold:
            return gold_entities[node_gold[n]]["name"]
        return node_article.get(n)

    relations = gold.get("relations", [])
    rel_total = PRF()
    rel_types = {r: PRF() for r in types.scored_relations()}
    found: set[int] = set()
    false_rel = []
    for u, v, d in G.edges(data=True):
        rel = str(d.get("relation", "")).upper()
        rel = types.canonical_relation(rel)
        if rel not in rel_types:
            continue
        rel_total.predicted += 1
        rel_types[rel].predicted += 1
        hu, hv = gold_name(u), gold_name(v)
        ok = False
        for i, r in enumerate(relations):
            if r["relation"] != rel or hu is None or hv is None:
                continue
            if (hu in r["heads"] and hv in r["tails"]) or (types.relation(rel).symmetric and hv in r["heads"] and hu in r["tails"]):
                ok = True
                found.add(i)
        if ok:
            rel_total.tp += 1
            rel_types[rel].tp += 1
        else:
            false_rel.append(f"{G.nodes[u].get('label', u)} -{rel}-> {G.nodes[v].get('label', v)}")
    missed_rel = []
    for i, r in enumerate(relations):
        if not r.get("required", True):
            continue
        rel_total.required += 1
        rel_types.setdefault(r["relation"], PRF()).required += 1  # a relation kg does not know
        if i in found:
            rel_total.found += 1
            rel_types[r["relation"]].found += 1
        else:
            missed_rel.append(f"{'|'.join(r['heads'][:2])} -{r['relation']}-> {'|'.join(r['tails'][:2])}")

    return Report(total, by_type, rel_total, rel_types, len(set(node_article.values())), len(articles),
                  missed, report_false, report_dup, missed_rel, false_rel)


def format_report(report: Report, show_errors: bool = True) -> str:
    lines = [f"{'':12}{'precision':>10}{'recall':>8}{'f1':>7}{'pred':>6}{'gold':>6}"]

    def row(name, p: PRF):
        lines.append(f"{name:12}{p.precision:10.3f}{p.recall:8.3f}{p.f1:7.3f}{p.predicted:6d}{p.required:6d}")

    row("ENTITIES", report.entities)
    for t, p in report.entity_types.items():
        if p.predicted or p.required:
            row("  " + t, p)
    row("RELATIONS", report.relations)
    for t, p in report.relation_types.items():
        if p.predicted or p.required:
            row("  " + t, p)
    lines.append(f"articles matched {report.articles_matched}/{report.articles_total}")
    if show_errors:
        for title, items in (("missed entities", report.missed_entities), ("false-positive entities", report.false_entities),
                             ("duplicate nodes", report.duplicates), ("missed relations", report.missed_relations),
                             ("false-positive relations", report.false_relations)):
            lines.append(f"{title} ({len(items)}):")
            lines.extend("  " + x for x in items)
    return "\n".join(lines)
