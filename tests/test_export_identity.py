"""The streaming GraphML and GEXF writers write what the element-tree writers wrote before.

``export_reference.py`` keeps the writers of kg 0.1.0 (networkx's ``write_graphml_lxml`` with a
second lxml pass renaming key ids; GEXF built as one lxml tree). Both files are parsed, blank text
between elements dropped, and compared in canonical XML (C14N): the same elements, attributes,
texts and order, whatever the indentation or quoting.
"""
from __future__ import annotations

import networkx as nx
import pytest
from corpus_slices import SAMPLE, bench_slice
from export_fixtures import awkward_graph, generated_graph, small_graph
from export_reference import old_render_gexf, old_render_graphml
from lxml import etree

import kg
from kg.export.attributes import flatten_attributes
from kg.export.gexf import render_gexf
from kg.export.graphml import render_graphml
from kg.export.style import layout_positions


def _canonical(path) -> bytes:
    tree = etree.parse(str(path), etree.XMLParser(remove_blank_text=True, huge_tree=True))
    return etree.tostring(tree, method="c14n")


GRAPHS = {
    "small": lambda tmp: small_graph(),
    "awkward": lambda tmp: awkward_graph(),
    "generated": lambda tmp: generated_graph(600),
    "undirected": lambda tmp: nx.MultiGraph(small_graph()),
    "sample page": lambda tmp: kg.build_graph(SAMPLE),
    "benchmark slice": lambda tmp: kg.build_graph(bench_slice(tmp)),
}


@pytest.fixture(scope="module", params=list(GRAPHS))
def graph(request, tmp_path_factory):
    return GRAPHS[request.param](tmp_path_factory.mktemp("slice"))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_streaming_writer_writes_what_the_tree_writer_wrote(graph, fmt, tmp_path):
    new, old = {"graphml": (render_graphml, old_render_graphml), "gexf": (render_gexf, old_render_gexf)}[fmt]
    positions = layout_positions(graph)
    flat = flatten_attributes(graph)
    new(graph, tmp_path / f"new.{fmt}", positions, flat)
    old(graph, tmp_path / f"old.{fmt}", positions, flat)
    got, expected = _canonical(tmp_path / f"new.{fmt}"), _canonical(tmp_path / f"old.{fmt}")
    assert graph.number_of_edges() > 0 and got.count(b"<edge ") == graph.number_of_edges()
    assert got == expected


def test_write_all_writes_what_the_tree_writers_wrote(graph, tmp_path):
    """write_all shares one set of elements between GraphML and GEXF (and may fork): same files."""
    from kg.export import write_all

    written = {p.suffix: p for p in write_all(graph, tmp_path / "all", formats=("graphml", "gexf", "csv"))}
    positions = layout_positions(graph)
    flat = flatten_attributes(graph)
    old_render_graphml(graph, tmp_path / "old.graphml", positions, flat)
    old_render_gexf(graph, tmp_path / "old.gexf", positions, flat)
    assert _canonical(written[".graphml"]) == _canonical(tmp_path / "old.graphml")
    assert _canonical(written[".gexf"]) == _canonical(tmp_path / "old.gexf")


def test_elements_placed_after_the_layout_equal_elements_made_with_it():
    """write_all prepares GraphML's and GEXF's elements while the layout is computed elsewhere."""
    from kg.export.attributes import place_elements, xml_elements

    G = awkward_graph()
    flat, positions = flatten_attributes(G), layout_positions(G)
    early = xml_elements(G, {}, flat=flat)
    assert early != xml_elements(G, positions, flat=flat)
    assert place_elements(early, flat, positions)
    assert early == xml_elements(G, positions, flat=flat)
