"""The bundled sample page end to end, scored against its gold with the shared scorer.

These are the regression bars of the project: if a change makes the sample worse than the bar,
this fails.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from evidence_checks import unfaithful_evidence, unnamed_ends

from kg.build import run
from kg.evaluate import evaluate, load_gold
from kg.export import write_all

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample_page.txt"
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "eval" / "seed.gold.json"
SCORER = SHARED / "eval" / "score.py"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    result = run(SAMPLE)
    write_all(result.graph, out, formats=("graphml",))
    return result, out / "graph.graphml"


@pytest.fixture(scope="module")
def score(built):
    _, graphml = built
    assert SCORER.exists(), f"{SCORER} is missing: tests need shared/ beside the repository"
    proc = subprocess.run([sys.executable, str(SCORER), str(graphml), str(GOLD), "--json"], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def test_articles_headlines_units_and_authors(built):
    result, _ = built
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["articles"]
    articles = result.articles
    assert [a.headline for a in articles] == [g["headline"] for g in gold]
    assert [a.unit for a in articles] == [g["unit"] for g in gold]
    assert [[au.name for au in a.authors] for a in articles] == [g["authors"] for g in gold]


def test_all_articles_matched(score):
    assert score["articles_matched"] == "8/8"


def test_entity_quality_bar(score):
    assert score["entity_f1"] >= 0.90
    assert score["duplicate_nodes"] == 0
    for typ, frac in score["recall_by_type"].items():
        found, total = map(int, frac.split("/"))
        assert found / total >= 0.85, (typ, frac)
    assert score["recall_by_type"]["PERSON"] == "9/9"


def test_relation_quality_bar(score):
    assert score["relation_f1"] >= 0.80


def test_own_evaluator_agrees_with_the_shared_scorer(built, score):
    _, graphml = built
    import networkx as nx

    report = evaluate(nx.read_graphml(graphml), load_gold(GOLD))
    assert round(report.entities.f1, 3) == score["entity_f1"]
    assert round(report.relations.f1, 3) == score["relation_f1"]


def test_scored_edges_quote_both_ends(built):
    assert unnamed_ends(built[0].graph) == []


def test_evidence_is_the_source_text_at_its_offsets(built):
    result = built[0]
    assert unfaithful_evidence(result.graph, {p.path: p.text for p in result.pages}) == []


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_other_encodings_build_the_same_graph(built, tmp_path, encoding):
    path = tmp_path / "sample_page.txt"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").encode(encoding))
    G = run(path).graph
    ref = built[0].graph
    assert sorted(G.nodes) == sorted(ref.nodes)
    assert sorted(G.edges(keys=True)) == sorted(ref.edges(keys=True))
