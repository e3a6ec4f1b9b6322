"""nodes.csv / edges.csv: UTF-8 with BOM for Excel, fixed leading columns, lists joined with |."""
from __future__ import annotations

import csv
import json

from export_fixtures import awkward_graph, small_graph

from kg.export import write_csv
from kg.export.csv import EDGE_COLUMNS, NODE_COLUMNS


def _read(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return reader.fieldnames, list(reader)


def test_bom_and_crlf(tmp_path):
    nodes, edges = write_csv(small_graph(), tmp_path)
    for path in (nodes, edges):
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so that Excel reads Chinese"
        assert raw.count(b"\r\n") >= 2
        raw.decode("utf-8-sig")


def test_nodes_table(tmp_path):
    G = small_graph()
    nodes, _ = write_csv(G, tmp_path)
    columns, rows = _read(nodes)
    assert tuple(columns[: len(NODE_COLUMNS)]) == NODE_COLUMNS
    assert [r["id"] for r in rows] == list(G.nodes)
    office = next(r for r in rows if r["id"] == "OFFICE:青山街道办事处")
    assert office["label"] == "青山街道办事处" and office["type"] == "OFFICE"
    assert office["aliases"] == "青山街道|街道办"
    assert office["mentions"] == "6"
    assert office["articles"] == "sample_page-1|sample_page-2"
    article = next(r for r in rows if r["id"] == "sample_page-1")
    assert article["headline"] == "青山街道推行“网格+服务”"
    assert article["authors"] == "李明|王芳"
    assert next(r for r in rows if r["id"] == "sample_page-2")["subheadline"] == ""


def test_edges_table(tmp_path):
    G = small_graph()
    _, edges = write_csv(G, tmp_path)
    columns, rows = _read(edges)
    assert tuple(columns[: len(EDGE_COLUMNS)]) == EDGE_COLUMNS
    assert len(rows) == G.number_of_edges()
    co = next(r for r in rows if r["source"] == "PERSON:张伟" and r["key"] == "CO_OCCURS")
    assert co["target"] == "OFFICE:青山街道办事处" and co["relation"] == "CO_OCCURS"
    assert co["weight"] == "1.5"
    assert co["evidence"] == "青山街道党工委书记张伟介绍，街道推行网格化管理。 | 青山街道与东湖区民政局共同推进养老服务。"
    assert [e["start"] for e in json.loads(co["evidence_json"])] == [120, 400]
    role = next(r for r in rows if r["key"] == "ROLE" and r["source"] == "PERSON:张伟")
    assert role["title"] == "党工委书记" and role["weight"] == "1"


def test_awkward_values(tmp_path):
    G = awkward_graph()
    nodes, edges = write_csv(G, tmp_path)
    columns, rows = _read(nodes)
    assert len(rows) == G.number_of_nodes()
    weird = next(r for r in rows if r["id"] == 'OFFICE:某某 "办事处" #1')
    assert weird["score"] == "" and "rank" not in columns  # NaN; inf was its only value
    assert weird["aliases"] == "某某办|3"
    assert weird["memo"] == "换行\r\n制表\t尾空格  ", "quoted multi-line cells survive"
    assert json.loads(weird["extra"]) == {"来源": "网页", "n": 1}
    assert weird["flag"] == "true"
    assert next(r for r in rows if r["id"] == "42")["label"] == ""
    assert columns[len(NODE_COLUMNS):] == sorted(columns[len(NODE_COLUMNS):])
    _, erows = _read(edges)
    assert len(erows) == G.number_of_edges()
