"""The 40 real reports of ../shared/eval/dev, built and scored with the shared scorer.

They are the development set of extraction (GUIDELINES.md says what their gold expects). The
bars below are today's figures rounded down: a change that makes kg worse on reports it was not
written for fails here. The texts belong to their publishers and are read from ../shared only.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from evidence_checks import unfaithful_evidence, unnamed_ends
from kg.build import run
from kg.export import write_all

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    assert (DEV / "gold.json").exists(), f"{DEV} is missing: tests need shared/ beside the repository"
    out = tmp_path_factory.mktemp("dev")
    result = run(DEV / "news")
    write_all(result.graph, out, formats=("graphml",))
    return result, out / "graph.graphml"


@pytest.fixture(scope="module")
def score(built):
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(built[1]), str(DEV / "gold.json"), "--json"], capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout)


def fraction(text):
    found, total = map(int, text.split("/"))
    return found / total


def test_entities_hold_their_bar(score):
    assert score["entity_f1"] >= 0.93
    assert score["entity_precision"] >= 0.95
    # every type: three in four found (GUIDELINES.md's required entities)
    assert {t: r for t, r in score["recall_by_type"].items() if fraction(r) < 0.75} == {}


def test_relations_hold_their_bar(score):
    assert score["relation_f1"] >= 0.86
    assert score["relation_precision"] >= 0.90
    assert fraction(score["recall_by_relation"]["ROLE"]) >= 0.85
    assert fraction(score["recall_by_relation"]["PART_OF"]) >= 0.8
    assert fraction(score["recall_by_relation"]["IMPLEMENTS"]) >= 0.7


def test_bylines_name_only_authors(score):
    tp, predicted = map(int, score["precision_by_relation"]["AUTHORED"].split("/"))
    assert tp == predicted  # an editor or a stray name is never an author
    assert fraction(score["recall_by_relation"]["AUTHORED"]) >= 0.95


def test_one_article_per_report(score):
    # 40 files, one report each: captions and footers do not open reports of their own
    assert score["article_nodes"] == 40
    assert score["articles_matched"] == "40/40"


def test_one_node_per_thing(score):
    assert score["duplicate_nodes"] <= 2


def test_scored_edges_quote_both_ends(built):
    assert unnamed_ends(built[0].graph) == []


def test_evidence_is_the_source_text_at_its_offsets(built):
    result = built[0]
    assert unfaithful_evidence(result.graph, {p.path: p.text for p in result.pages}) == []


def test_no_proper_name_of_the_gold_in_the_code_or_data():
    """kg learns rules, not the development set's strings: no person, body, community or place
    named in its gold appears in kg/ (general vocabulary such as 派出所 may)."""
    gold = json.loads((DEV / "gold.json").read_text(encoding="utf-8"))
    generic = {"派出所", "公安局", "卫健局", "卫生院", "居委会", "村委会", "党总支", "工作队", "交警大队", "司法所"}
    names = {
        form
        for e in gold["entities"]
        if e["required"] and e["types"][0] in ("PERSON", "OFFICE", "ORG", "COMMUNITY", "PLACE")
        for form in [e["name"], *e["aliases"]]
        if form not in generic and (len(form) >= 3 or (len(form) == 2 and e["types"][0] == "PERSON"))
    }
    hits = []
    for path in (ROOT / "kg").rglob("*"):
        if path.is_file() and path.suffix not in (".pyc", ".onnx", ".png"):
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            hits += [f"{path.relative_to(ROOT)}: {n}" for n in names if n in text]
    assert hits == []
