"""GraphML export: schema-valid, readable by networkx, igraph, graphology-graphml and the scorer."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import networkx as nx
import pytest
from export_fixtures import SHARED, awkward_graph, generated_graph, graphml_schema, node_js, small_graph  # noqa: F401
from lxml import etree

from kg.export import write_graphml
from kg.export.attributes import xml_graph
from kg.export.style import layout_positions

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}
NMTOKEN = re.compile(r"^[\w.:\-\u00b7\u0300-\u036f\u203f-\u2040]+$")
GRAPHS = {"small": small_graph, "awkward": awkward_graph}
# key ids Gephi's GraphML importer maps to node/edge properties before looking at attr.name
GEPHI_MAGIC_IDS = {"label", "d3", "x", "y", "xpos", "ypos", "z", "size", "r", "g", "b", "color", "edgelabel", "d7", "weight", "Edge Weight", "id", "edgeid"}


@pytest.fixture(scope="module", params=sorted(GRAPHS))
def written(request, tmp_path_factory):
    G = GRAPHS[request.param]()
    positions = layout_positions(G)
    path = tmp_path_factory.mktemp("graphml") / "graph.graphml"
    write_graphml(G, path, positions=positions)
    return G, positions, path


def test_validates_against_graphml_xsd(written, graphml_schema):
    _, _, path = written
    doc = etree.parse(str(path))
    assert graphml_schema.validate(doc), graphml_schema.error_log


def test_large_graph_validates(tmp_path, graphml_schema):
    G = generated_graph(2000)
    path = tmp_path / "graph.graphml"
    write_graphml(G, path)
    assert graphml_schema.validate(etree.parse(str(path))), graphml_schema.error_log
    H = nx.read_graphml(path, force_multigraph=True)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())


def test_ids_are_plain_unique_nmtokens(written):
    G, _, path = written
    root = etree.parse(str(path)).getroot()
    node_ids = [n.get("id") for n in root.iterfind(".//g:node", NS)]
    edge_ids = [e.get("id") for e in root.iterfind(".//g:edge", NS)]
    assert node_ids == [f"n{i}" for i in range(G.number_of_nodes())]
    assert len(edge_ids) == G.number_of_edges() == len(set(edge_ids))
    assert all(re.fullmatch(r"e\d+", e) for e in edge_ids)
    for key in root.iterfind("g:key", NS):
        assert NMTOKEN.match(key.get("id")) and NMTOKEN.match(key.get("attr.name"))


def test_one_key_per_name_and_no_gephi_magic_ids(written):
    _, _, path = written
    root = etree.parse(str(path)).getroot()
    keys = [(k.get("for"), k.get("attr.name"), k.get("attr.type"), k.get("id")) for k in root.iterfind("g:key", NS)]
    names = [(f, n) for f, n, _, _ in keys]
    assert len(names) == len(set(names)), "an attribute split into two keys (Gephi splits the column)"
    for f, n, t, i in keys:
        assert i not in GEPHI_MAGIC_IDS, f"key id {i} would be read by Gephi as a built-in property"
        assert i == f"{f}_{n}"
        assert t in {"boolean", "int", "long", "float", "double", "string"}
    types = {(f, n): t for f, n, t, _ in keys}
    assert types["node", "label"] == "string"
    assert types["node", "r"] == types["node", "g"] == types["node", "b"] == "long"
    assert types["node", "x"] == types["node", "y"] == types["node", "size"] == "double"
    assert types["node", "mentions"] == "long"
    assert types["edge", "weight"] == "double", "ints and floats in one attribute: one double column"


def test_networkx_round_trip_keeps_every_value_and_type(written):
    G, positions, path = written
    expected = xml_graph(G, positions, nmtoken_names=True)
    H = nx.read_graphml(path, force_multigraph=True)
    assert list(H.nodes) == list(expected.nodes)
    for n, data in expected.nodes(data=True):
        got = H.nodes[n]
        assert got == data
        assert {k: type(v) for k, v in got.items()} == {k: type(v) for k, v in data.items()}
    assert H.number_of_edges() == G.number_of_edges()
    assert sorted(H.edges(keys=True)) == sorted(expected.edges(keys=True))
    for u, v, k, data in expected.edges(keys=True, data=True):
        got = H.edges[u, v, k]
        assert got == data
        assert {a: type(b) for a, b in got.items()} == {a: type(b) for a, b in data.items()}


def test_contract_names_for_the_scorer(written):
    G, _, path = written
    H = nx.read_graphml(path, force_multigraph=True)
    by_key = {d["key"]: d for _, d in H.nodes(data=True)}
    for n, d in G.nodes(data=True):
        got = by_key[str(n).replace("\x0b", "").replace("\x00", "")]
        if d.get("type"):
            assert got["type"] == d["type"]
        if d.get("label"):
            assert got["label"] == d["label"]
        if d.get("aliases"):
            assert got["aliases"] == "|".join(str(a) for a in d["aliases"] if a is not None)
        if d.get("headline"):
            assert got["headline"] == d["headline"]
        if isinstance(d.get("mentions"), int):
            assert got["mentions"] == d["mentions"] and type(got["mentions"]) is int
    relations = sorted(d["relation"] for *_, d in G.edges(data=True))
    assert sorted(d["relation"] for *_, d in H.edges(data=True)) == relations
    role = next(d for *_, d in H.edges(data=True) if d.get("title") == "党工委书记")
    assert role["evidence"] == "青山街道党工委书记张伟介绍，街道推行网格化管理。"
    ev = json.loads(role["evidence_json"])
    assert ev[0]["article"] == "sample_page-1" and ev[0]["start"] == 120


def test_parallel_edges_survive(written):
    G, _, path = written
    H = nx.read_graphml(path, force_multigraph=True)
    pair = [d["relation"] for u, v, d in H.edges(data=True)
            if H.nodes[u]["key"] == "PERSON:张伟" and H.nodes[v]["key"] == "OFFICE:青山街道办事处"]
    assert sorted(pair) == ["CO_OCCURS", "ROLE"]


def test_scorer_reads_the_file(written, tmp_path):
    G, _, path = written
    score = SHARED / "eval" / "score.py"
    gold = SHARED / "eval" / "seed.gold.json"
    if not score.is_file():
        pytest.fail(f"{score} is missing: the tests expect shared/ beside the repository", pytrace=False)
    out = subprocess.run([sys.executable, str(score), str(path), str(gold), "--json"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout)
    entity_types = {"PERSON", "OFFICE", "ORG", "COMMUNITY", "PLACE", "MEASURE", "PLATFORM"}
    n_entities = sum(1 for _, d in G.nodes(data=True) if str(d.get("type", "")).upper() in entity_types)
    assert figures["entities_predicted"] == n_entities
    assert figures["article_nodes"] == sum(1 for _, d in G.nodes(data=True) if d.get("type") == "ARTICLE")


def test_igraph_reads_the_file(written):
    try:
        import igraph
    except ImportError:
        pytest.fail("the Python package igraph is missing: run scripts/ci_deps.sh", pytrace=False)
    G, _, path = written
    g = igraph.Graph.Read_GraphML(str(path))
    assert (g.vcount(), g.ecount()) == (G.number_of_nodes(), G.number_of_edges())
    assert g.is_directed()
    labels = xml_graph(G).nodes(data="label")
    assert g.vs["label"] == [label for _, label in labels]
    assert g.vs["key"][0] == str(next(iter(G.nodes)))
    assert sorted(g.es["relation"]) == sorted(d["relation"] for *_, d in G.edges(data=True))
    assert all(isinstance(w, float) for w in g.es["weight"] if w == w)


def test_graphology_graphml_reads_the_file(written, node_js):
    node, js_dir = node_js
    G, _, path = written
    out = subprocess.run([node, str(js_dir / "read_graphml.js"), str(path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["order"] == G.number_of_nodes()
    assert summary["size"] == G.number_of_edges()
    assert summary["multi"] is True and summary["type"] == "directed"
    expected = xml_graph(G)
    for n, d in expected.nodes(data=True):
        got = summary["nodes"][n]
        assert got["label"] == d["label"]
        assert got["key"] == d["key"]
        assert got["color"] == f"#{d['r']:02x}{d['g']:02x}{d['b']:02x}"
        assert got["types"]["x"] == got["types"]["size"] == "number"
    assert sorted(e["relation"] for e in summary["edges"]) == sorted(d["relation"] for *_, d in G.edges(data=True))
    assert len({e["id"] for e in summary["edges"]}) == G.number_of_edges()
