"""GEXF 1.3 export: valid against the official RELAX NG grammar, viz for Gephi, typed parallel edges."""
from __future__ import annotations

import networkx as nx
import pytest
from export_fixtures import awkward_graph, generated_graph, gexf_schema, small_graph  # noqa: F401
from lxml import etree

from kg.export import write_gexf
from kg.export.attributes import xml_graph
from kg.export.gexf import GEXF_NS, VIZ_NS
from kg.export.style import layout_positions

NS = {"g": GEXF_NS, "viz": VIZ_NS}
XSI_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
GRAPHS = {"small": small_graph, "awkward": awkward_graph}


@pytest.fixture(scope="module", params=sorted(GRAPHS))
def written(request, tmp_path_factory):
    G = GRAPHS[request.param]()
    positions = layout_positions(G)
    path = tmp_path_factory.mktemp("gexf") / "graph.gexf"
    write_gexf(G, path, positions=positions)
    return G, positions, path


def _validate(schema, path):
    doc = etree.parse(str(path))
    root = doc.getroot()
    assert root.get(XSI_LOCATION), "the file keeps the usual schemaLocation hint"
    del root.attrib[XSI_LOCATION]  # a hint for XSD tools, unknown to RELAX NG
    assert schema.validate(doc), schema.error_log


def test_validates_against_gexf_13_relaxng(written, gexf_schema):
    _validate(gexf_schema, written[2])


def test_large_graph_validates(tmp_path, gexf_schema):
    G = generated_graph(2000)
    path = tmp_path / "graph.gexf"
    write_gexf(G, path)
    _validate(gexf_schema, path)


def test_header_and_graph(written):
    G, _, path = written
    root = etree.parse(str(path)).getroot()
    assert root.tag == f"{{{GEXF_NS}}}gexf" and root.get("version") == "1.3"
    graph = root.find("g:graph", NS)
    assert graph.get("defaultedgetype") == "directed"
    assert graph.get("name") is None
    assert int(graph.find("g:nodes", NS).get("count")) == G.number_of_nodes()
    assert int(graph.find("g:edges", NS).get("count")) == G.number_of_edges()


def test_viz_colour_size_position_on_every_node(written):
    G, positions, path = written
    expected = xml_graph(G, positions)
    root = etree.parse(str(path)).getroot()
    nodes = root.findall(".//g:node", NS)
    assert len(nodes) == G.number_of_nodes()
    for node in nodes:
        d = expected.nodes[node.get("id")]
        assert node.get("label") == d["label"]
        color = node.find("viz:color", NS)
        assert (int(color.get("r")), int(color.get("g")), int(color.get("b"))) == (d["r"], d["g"], d["b"])
        assert float(node.find("viz:size", NS).get("value")) == d["size"]
        pos = node.find("viz:position", NS)
        assert (float(pos.get("x")), float(pos.get("y"))) == (d["x"], d["y"])


def test_attributes_declared_once_with_one_type(written):
    _, _, path = written
    root = etree.parse(str(path)).getroot()
    for cls in ("node", "edge"):
        block = root.find(f".//g:attributes[@class='{cls}']", NS)
        titles = [a.get("title") for a in block.findall("g:attribute", NS)]
        assert len(titles) == len(set(titles))
        types = {a.get("title"): a.get("type") for a in block.findall("g:attribute", NS)}
        if cls == "node":
            assert {"type", "aliases", "key"} <= set(types) and "label" not in types
            assert types["mentions"] == "integer"
        else:
            assert types["relation"] == "string" and "weight" not in types  # weight is the edge's XML attribute


def test_edges_have_unique_ids_kind_and_weight(written):
    G, _, path = written
    root = etree.parse(str(path)).getroot()
    edges = root.findall(".//g:edge", NS)
    assert len({e.get("id") for e in edges}) == len(edges) == G.number_of_edges()
    assert sorted(e.get("kind") for e in edges) == sorted(d["relation"] for *_, d in G.edges(data=True))
    weights = [float(e.get("weight")) for e in edges if e.get("weight") is not None]
    assert weights and all(w > 0 for w in weights)


def test_networkx_reads_it_back(written):
    G, positions, path = written
    H = nx.read_gexf(path, version="1.3")
    assert isinstance(H, nx.MultiDiGraph), "parallel edges kept"
    assert H.number_of_nodes() == G.number_of_nodes()
    assert H.number_of_edges() == G.number_of_edges()
    expected = xml_graph(G, positions)
    for n, d in expected.nodes(data=True):
        got = H.nodes[n]
        assert got["label"] == d["label"]
        for name in ("type", "aliases", "headline", "mentions", "key", "memo"):
            if name in d:
                assert got[name] == d[name] and type(got[name]) is type(d[name])
    original_keys = sorted(str(k) for *_, k in G.edges(keys=True))
    assert sorted(k for *_, k in H.edges(keys=True)) == original_keys, "networkx_key restores the edge keys"
