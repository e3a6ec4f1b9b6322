"""A newspaper over time: a folder of pages from several dates gives dated nodes and edges, a GEXF
that is a dynamic graph Gephi's timeline can play (valid against the GEXF 1.3 grammar), and dates in
GraphML as plain attributes. The pages in tests/fixtures/dated were written for these tests: an
e-paper page under its dated header, a report whose dateline has no year (the file name gives it),
and a web report dated by its metadata line."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from export_fixtures import gexf_schema  # noqa: F401
from lxml import etree

from kg.build import run
from kg.export import write_all
from kg.export.gexf import GEXF_NS

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATED = FIXTURES / "dated"
NS = {"g": GEXF_NS}
XSI_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
DATES = ["2022-05-10", "2022-05-12", "2022-05-15"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    result = run([DATED])
    out = tmp_path_factory.mktemp("dated")
    write_all(result.graph, out, formats=("graphml", "gexf"))
    return result.graph, out


def _node_dates(G, n):
    d = G.nodes[n]
    return set(d["dates"]) if "dates" in d else ({d["date"]} if "date" in d else set())


def test_articles_nodes_and_edges_carry_their_dates(built):
    G, _ = built
    articles = {n: d for n, d in G.nodes(data=True) if d["type"] == "ARTICLE"}
    assert sorted({d["date"] for d in articles.values()}) == DATES
    assert {d["date_origin"] for d in articles.values()} == {"page", "text+filename", "text"}
    office = G.nodes["OFFICE:东湖区卫生健康局"]
    assert (office["dates"], office["first_seen"], office["last_seen"]) == (DATES[:2], DATES[0], DATES[1])
    # the community named on all three days
    assert G.nodes["COMMUNITY:青山社区"]["dates"] == DATES
    # a measure the office took on two days: the edge keeps both
    edge = G.edges["OFFICE:东湖区卫生健康局", "MEASURE:核酸检测", "IMPLEMENTS"]
    assert (edge["dates"], edge["first_seen"], edge["last_seen"]) == (DATES[:2], DATES[0], DATES[1])
    for u, v, k, d in G.edges(keys=True, data=True):
        assert d["dates"] == sorted(set(d["dates"])), (u, v, k)
        assert set(d["dates"]) <= _node_dates(G, u) & _node_dates(G, v), (u, v, k)


def test_undated_reports_add_no_dates(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("青山社区开展消杀\n本报讯 青山社区组织志愿者对辖区开展消杀。\n", encoding="utf-8")
    G = run([page]).graph
    for _, d in G.nodes(data=True):
        assert not {"date", "date_origin", "dates", "first_seen", "last_seen"} & set(d)
    for *_, d in G.edges(data=True):
        assert not {"dates", "first_seen", "last_seen"} & set(d)
    write_all(G, tmp_path / "out", formats=("gexf",))
    graph_el = etree.parse(str(tmp_path / "out" / "graph.gexf")).getroot().find("g:graph", NS)
    assert graph_el.get("mode") is None and graph_el.find(".//g:spells", NS) is None


def test_gexf_is_a_dynamic_graph_that_validates(built, gexf_schema):
    G, out = built
    doc = etree.parse(str(out / "graph.gexf"))
    root = doc.getroot()
    graph_el = root.find("g:graph", NS)
    assert (graph_el.get("mode"), graph_el.get("timeformat"), graph_el.get("timerepresentation")) == ("dynamic", "date", "timestamp")
    keys = {}
    for node in graph_el.iterfind("g:nodes/g:node", NS):
        key = node.find("g:attvalues/g:attvalue[@for='%s']" % _attr_id(root, "node", "key"), NS).get("value")
        keys[node.get("id")] = key
        spells = [s.get("timestamp") for s in node.iterfind("g:spells/g:spell", NS)]
        assert set(spells) == _node_dates(G, key), key
    edges = graph_el.findall("g:edges/g:edge", NS)
    assert len(edges) == G.number_of_edges()
    for edge in edges:
        u, v, rel = keys[edge.get("source")], keys[edge.get("target")], edge.get("kind")
        spells = [s.get("timestamp") for s in edge.iterfind("g:spells/g:spell", NS)]
        assert spells == G.edges[u, v, rel]["dates"]
    del root.attrib[XSI_LOCATION]  # a hint for XSD tools, unknown to RELAX NG
    assert gexf_schema.validate(doc), gexf_schema.error_log


def _attr_id(root, cls, title):
    return root.find(f".//g:attributes[@class='{cls}']/g:attribute[@title='{title}']", NS).get("id")


def test_graphml_keeps_dates_as_plain_attributes(built):
    G, out = built
    H = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    by_key = {d["key"]: d for _, d in H.nodes(data=True)}
    office = by_key["OFFICE:东湖区卫生健康局"]
    assert (office["dates"], office["first_seen"], office["last_seen"]) == ("2022-05-10|2022-05-12", DATES[0], DATES[1])
    article_dates = sorted(d["date"] for d in by_key.values() if d["type"] == "ARTICLE")
    assert article_dates == ["2022-05-10", "2022-05-10", "2022-05-12", "2022-05-15"]


def test_date_option_dates_the_undated_pages(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    page = tmp_path / "scan.txt"
    page.write_text("青山社区开展消杀\n本报讯 青山社区组织志愿者对辖区开展消杀。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(page), "-o", str(out), "-f", "graphml", "--date", "2022-05-20", "-q"])
    assert result.exit_code == 0, result.output
    H = nx.read_graphml(out / "graph.graphml", force_multigraph=True)
    article = next(d for _, d in H.nodes(data=True) if d["type"] == "ARTICLE")
    assert (article["date"], article["date_origin"]) == ("2022-05-20", "option")
    bad = CliRunner().invoke(main, ["build", str(page), "-o", str(out), "--date", "20/5/2022"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output and "Traceback" not in bad.output
