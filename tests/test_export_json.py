"""Node-link JSON export: strict JSON, UTF-8 unescaped, evidence kept structured, round trip."""
from __future__ import annotations

import json

import networkx as nx
from export_fixtures import awkward_graph, small_graph

from kg.export import write_json


def _strict(text):
    def reject(name):
        raise ValueError(f"non-standard JSON constant {name}")

    return json.loads(text, parse_constant=reject)


def test_round_trip_keeps_lists_and_evidence(tmp_path):
    G = small_graph()
    path = tmp_path / "graph.json"
    write_json(G, path)
    raw = path.read_bytes()
    assert "张伟".encode() in raw and b"\\u" not in raw, "UTF-8, ensure_ascii=False"
    data = _strict(raw.decode("utf-8"))
    assert data["directed"] is True and data["multigraph"] is True
    H = nx.node_link_graph(data, edges="edges")
    assert list(H.nodes) == list(G.nodes)
    assert sorted(H.edges(keys=True)) == sorted(G.edges(keys=True))
    for n, d in G.nodes(data=True):
        assert H.nodes[n] == d, n
    for u, v, k, d in G.edges(keys=True, data=True):
        assert H.edges[u, v, k] == d
    ev = H.edges["PERSON:张伟", "OFFICE:青山街道办事处", "CO_OCCURS"]["evidence"]
    assert isinstance(ev, list) and isinstance(ev[0], dict)
    assert ev[1] == {"text": "青山街道与东湖区民政局共同推进养老服务。", "article": "sample_page-1",
                     "source": "data/pages/page1.txt", "start": 400, "end": 420}
    assert H.nodes["OFFICE:青山街道办事处"]["aliases"] == ["青山街道", "街道办"]
    assert H.nodes["sample_page-2"]["subheadline"] is None


def test_awkward_values_give_strict_json(tmp_path):
    G = awkward_graph()
    path = tmp_path / "graph.json"
    write_json(G, path)
    data = _strict(path.read_text(encoding="utf-8"))
    nodes = {n["id"]: n for n in data["nodes"]}
    weird = nodes['OFFICE:某某 "办事处" #1']
    assert weird["score"] is None and weird["rank"] is None  # NaN, inf -> null
    assert weird["mentions"] == 2 and weird["ratio"] == 0.5  # numpy -> Python
    assert weird["extra"] == {"来源": "网页", "n": 1}
    assert weird["aliases"] == ["某某办", None, 3]
    assert weird["note"] == "第一行\x0b第二行\x00", "JSON can carry any character: kept as is"
    assert nodes[42]["label"] is None
    assert nodes["<script>alert(1)</script>"]["label"] == "<script>alert('x')</script>"
    nan_edge = next(e for e in data["edges"] if e["key"] == "CO_OCCURS" and e["source"] == 'OFFICE:某某 "办事处" #1')
    assert nan_edge["weight"] is None
    assert data["graph"] == {"name": "测试图", "created": None}
