"""The type registry (kg/types.py): one line adds a type or a relation to every stage after the
rules, every exporter and `kg eval`; no other module spells a type's name."""
from __future__ import annotations

import ast
import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from export_fixtures import gexf_schema, graphml_schema  # noqa: F401
from lxml import etree

from kg import graph as graph_mod
from kg import types
from kg.cli import main
from kg.export import FORMATS, write_all
from kg.ingest import read_page
from kg.resolve import resolve
from kg.schema import BodySpan, Evidence, Mention, Relation
from kg.types import PERSON

ROOT = Path(__file__).resolve().parents[1]
# LAC's own tag set is spelled in the LAC tokenizer: its `ORG` is Baidu's tag, not kg's type.
SPELLED_HERE = {ROOT / "kg" / "types.py", ROOT / "kg" / "nlp" / "tokenizer.py"}


def _docstrings(tree: ast.AST) -> set[int]:
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        id(node.body[0].value) for node in ast.walk(tree)
        if isinstance(node, kinds) and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
    }


def test_no_type_name_is_spelled_outside_the_registry():
    names = set(types.NODE_TYPES) | set(types.RELATIONS) | {a for r in types.RELATIONS.values() for a in r.aliases}
    found = []
    for path in sorted((ROOT / "kg").rglob("*.py")):
        if path in SPELLED_HERE:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        found += [
            f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and node.value in names and id(node) not in docs
        ]
    assert not found, "type names spelled outside kg/types.py (use its constants):\n" + "\n".join(found)


@pytest.fixture
def registry(monkeypatch):
    """The registry as it is, restored after the test."""
    monkeypatch.setattr(types, "NODE_TYPES", dict(types.NODE_TYPES))
    monkeypatch.setattr(types, "RELATIONS", dict(types.RELATIONS))
    return types


PAGE = "江城日报讯 司机王小明驾驶江城一号运送物资。\n"


def _graph_with_a_vehicle(tmp_path: Path) -> nx.MultiDiGraph:
    """A one-report page whose rules (here written by hand) found a vehicle and what it did."""
    src = tmp_path / "page.txt"
    src.write_text(PAGE, encoding="utf-8")
    page = read_page(src)
    (article,) = page.articles
    body = article.body

    def mention(name, typ):
        start = body.index(name)
        return Mention(name, typ, article.id, name, span=BodySpan(0, start, start + len(name)))

    driver, vehicle = mention("王小明", PERSON), mention("江城一号", "VEHICLE")
    s = article.sentences[0]
    evidence = (Evidence(s.text, article.id, article.source, s.source_start, s.source_end),)
    relations = [Relation(driver, "DRIVES", vehicle, evidence)]
    resolution = resolve([driver, vehicle], {article.id: page.path})
    return graph_mod.build(page.articles, resolution, [driver, vehicle], relations)


def test_an_extra_type_and_relation_reach_every_format_and_the_scorer(registry, tmp_path, graphml_schema, gexf_schema):
    registry.entity_type("VEHICLE", "#123456", about="a vehicle")  # the one line each needs
    registry.relation_type("DRIVES", "#654321", about="person -> vehicle")
    G = _graph_with_a_vehicle(tmp_path)
    out = tmp_path / "out"
    write_all(G, out, FORMATS)

    graphml = nx.read_graphml(out / "graph.graphml")
    assert graphml_schema.validate(etree.parse(str(out / "graph.graphml")))
    vehicle = next(d for _, d in graphml.nodes(data=True) if d.get("type") == "VEHICLE")
    assert (vehicle["r"], vehicle["g"], vehicle["b"]) == (0x12, 0x34, 0x56)  # its registered colour in Gephi
    assert [d["relation"] for *_, d in graphml.edges(data=True) if d["relation"] == "DRIVES"] == ["DRIVES"]

    gexf = etree.parse(str(out / "graph.gexf"))
    del gexf.getroot().attrib["{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"]  # a hint for XSD tools only
    assert gexf_schema.validate(gexf), gexf_schema.error_log
    colours = {(c.get("r"), c.get("g"), c.get("b")) for c in gexf.iter("{*}color")}
    assert ("18", "52", "86") in colours

    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert any(n["type"] == "VEHICLE" for n in data["nodes"])
    assert any(e["relation"] == "DRIVES" for e in data["edges" if "edges" in data else "links"])

    with open(out / "nodes.csv", encoding="utf-8-sig", newline="") as f:
        assert any(row["type"] == "VEHICLE" for row in csv.DictReader(f))
    with open(out / "edges.csv", encoding="utf-8-sig", newline="") as f:
        assert any(row["relation"] == "DRIVES" for row in csv.DictReader(f))

    page = (out / "graph.html").read_text(encoding="utf-8")
    assert "VEHICLE" in page and "#123456" in page.upper() and "#654321" in page.upper()

    # scored by `kg eval` like the contract's own types, each with a row of its own
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({
        "articles": [],
        "entities": [
            {"name": "王小明", "types": ["PERSON"], "aliases": [], "required": True},
            {"name": "江城一号", "types": ["VEHICLE"], "aliases": [], "required": True},
        ],
        "relations": [{"heads": ["王小明"], "relation": "DRIVES", "tails": ["江城一号"], "required": True}],
    }, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(out / "graph.graphml"), str(gold), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["entity_types"]["VEHICLE"]["recall"] == 1.0
    assert report["entity_types"]["VEHICLE"]["precision"] == 1.0
    assert report["relation_types"]["DRIVES"]["recall"] == 1.0
    assert report["relation_types"]["DRIVES"]["precision"] == 1.0


def test_types_nobody_registered_are_drawn_and_reported_not_a_crash(tmp_path):
    G = nx.MultiDiGraph()
    G.add_node("EVENT:某会", type="EVENT", label="某会")
    G.add_node("PERSON:王小明", type="PERSON", label="王小明")
    G.add_edge("PERSON:王小明", "EVENT:某会", key="ATTENDS", relation="ATTENDS", weight=1)
    write_all(G, tmp_path / "out", FORMATS)
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({
        "articles": [],
        "entities": [{"name": "某会", "types": ["EVENT"], "aliases": [], "required": True}],
        "relations": [{"heads": ["王小明"], "relation": "ATTENDS", "tails": ["某会"], "required": True}],
    }, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(tmp_path / "out" / "graph.graphml"), str(gold), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["entity_types"]["EVENT"]["required"] == 1 and report["entity_types"]["EVENT"]["recall"] == 0.0
    assert report["relation_types"]["ATTENDS"]["required"] == 1


def test_symmetric_relations_are_stored_once_in_name_order():
    G = nx.MultiDiGraph()
    graph_mod.add_fact(G, "b", types.COOPERATES, "a")
    graph_mod.add_fact(G, "a", types.COOPERATES, "b")
    assert list(G.edges(keys=True, data="weight")) == [("a", "b", types.COOPERATES, 2)]
