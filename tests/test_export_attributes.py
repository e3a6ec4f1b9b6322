"""kg.export.attributes: flattening values for XML, one type per key, plain ids, JSON safety."""
from __future__ import annotations

import json
import math

import networkx as nx
import numpy as np
import pytest
from export_fixtures import awkward_graph, small_graph

from kg.export.attributes import (
    clean_text,
    flatten_attributes,
    flatten_evidence,
    flatten_value,
    json_safe,
    nmtoken,
    xml_graph,
)

ALLOWED = (bool, int, float, str)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ([], None),
        ({}, None),
        (float("nan"), None),
        (float("inf"), None),
        (-math.inf, None),
        (np.float64("nan"), None),
        (3, 3),
        (np.int64(7), 7),
        (np.float32(0.5), 0.5),
        (np.bool_(True), True),
        (True, True),
        ("街道", "街道"),
        ("甲\x0b乙\x00丙\ufffe", "甲乙丙"),
        (["东城", "东城区"], "东城|东城区"),
        (["甲", None, 3, True], "甲|3|true"),
        ({"b", "a"}, "a|b"),
        (("x",), "x"),
        ({"来源": "网页", "n": 1}, '{"来源": "网页", "n": 1}'),
        ([{"a": 1}], '[{"a": 1}]'),
        ([[1, 2]], "[[1, 2]]"),
        (np.array([1, 2]), "1|2"),
        (b"bytes", "bytes"),
    ],
)
def test_flatten_value(value, expected):
    got = flatten_value(value)
    assert got == expected
    assert type(got) is type(expected)


def test_clean_text_keeps_tab_newline_and_astral():
    assert clean_text("a\tb\nc\rd\U0001f600\x1f") == "a\tb\nc\rd\U0001f600"


def test_nmtoken():
    assert nmtoken("Edge Weight") == "Edge_Weight"
    assert nmtoken('a"b#c') == "a_b_c"
    assert nmtoken("类型") == "类型"
    assert nmtoken("") == "_"


def test_flatten_evidence():
    ev = [
        {"text": "张伟任书记。", "article": "p-1", "source": "a.txt", "start": 1, "end": 7},
        {"text": "张伟\n主持会议。", "article": "p-2", "source": "a.txt", "start": 9, "end": 17},
    ]
    out = flatten_evidence(ev)
    assert out["evidence"] == "张伟任书记。 | 张伟 主持会议。"
    assert json.loads(out["evidence_json"]) == ev
    assert flatten_evidence([]) == {}
    assert flatten_evidence(None) == {}
    assert flatten_evidence("plain") == {"evidence": "plain"}


def _types(G):
    by_name = {}
    for _, d in G.nodes(data=True):
        for k, v in d.items():
            by_name.setdefault(k, set()).add(type(v))
    for *_, d in G.edges(data=True):
        for k, v in d.items():
            by_name.setdefault(k, set()).add(type(v))
    return by_name


def test_flatten_attributes_rules():
    G = awkward_graph()
    before = nx.to_dict_of_dicts(G)
    H = flatten_attributes(G)
    assert nx.to_dict_of_dicts(G) == before, "the input graph must not change"
    assert set(H.nodes) == set(G.nodes)
    assert H.number_of_edges() == G.number_of_edges()
    assert set(H.edges(keys=True)) == set(G.edges(keys=True))
    for name, types in _types(H).items():
        assert len(types) == 1, f"{name} has several types: {types}"
        assert types <= set(ALLOWED)
    weird = H.nodes['OFFICE:某某 "办事处" #1']
    assert weird["aliases"] == "某某办|3"
    assert "score" not in weird and "rank" not in weird and "empty" not in weird  # NaN, inf, ""
    assert weird["note"] == "第一行第二行"
    assert json.loads(weird["extra"]) == {"来源": "网页", "n": 1}
    assert weird["mentions"] == 2 and type(weird["mentions"]) is int
    assert weird["ratio"] == 0.5
    assert H.nodes["<script>alert(1)</script>"]["ratio"] == 1.0  # int + float -> float
    assert H.nodes[42] == {"type": "EVENT"}  # None label, None mentions, [] articles dropped
    # subheadline None dropped, lists joined
    assert "subheadline" not in H.nodes["sample_page-2"]
    assert H.nodes["sample_page-1"]["authors"] == "李明|王芳"
    # int and float weights in one attribute -> float everywhere
    assert {type(d["weight"]) for *_, d in H.edges(data=True) if "weight" in d} == {float}
    nan_edge = H.edges['OFFICE:某某 "办事处" #1', "PERSON:张伟", "CO_OCCURS"]
    assert "weight" not in nan_edge and "evidence" not in nan_edge
    role = H.edges['OFFICE:某某 "办事处" #1', "PERSON:张伟", "ROLE"]
    assert role["evidence"] == "某某办事处张伟任主任。"
    assert json.loads(role["evidence_json"])[0]["start"] == 5
    assert H.graph == {"name": "测试图"}


def test_mixed_types_become_one():
    G = nx.MultiDiGraph()
    G.add_node("a", v=1, w=True, s=1)
    G.add_node("b", v=2.5, w=3, s="x")
    G.add_node("c", big=2**70)
    H = flatten_attributes(G)
    assert H.nodes["a"]["v"] == 1.0 and type(H.nodes["a"]["v"]) is float
    assert H.nodes["a"]["w"] == 1 and type(H.nodes["a"]["w"]) is int
    assert H.nodes["a"]["s"] == "1" and H.nodes["b"]["s"] == "x"
    assert H.nodes["c"]["big"] == str(2**70)  # beyond a Java long: text


def test_xml_graph_ids_labels_style():
    G = awkward_graph()
    H = xml_graph(G)
    assert list(H.nodes) == [f"n{i}" for i in range(G.number_of_nodes())]
    assert sorted(k for *_, k in H.edges(keys=True)) == sorted(f"e{i}" for i in range(G.number_of_edges()))
    keys = [d["key"] for _, d in H.nodes(data=True)]
    assert keys == [clean_text(str(n)) for n in G.nodes]
    for _, d in H.nodes(data=True):
        assert isinstance(d["label"], str) and d["label"]
        assert all(type(d[c]) is int and 0 <= d[c] <= 255 for c in "rgb")
        assert all(type(d[c]) is float for c in ("size", "x", "y"))
    assert H.nodes["n17"]["label"] == "42"  # no label: the key
    for *_, d in H.edges(data=True):
        assert d["relation"] in d["label"]
    role = [d for *_, d in H.edges(data=True) if d.get("title") == "党工委书记"][0]
    assert role["label"] == "ROLE: 党工委书记"
    assert role["key"] == "ROLE"


def test_json_safe():
    value = {"w": float("inf"), "n": np.int64(3), "f": np.float32(1.5), "s": {"b", "a"}, 1: (2, float("nan")), "x": None}
    out = json_safe(value)
    assert out == {"w": None, "n": 3, "f": 1.5, "s": ["a", "b"], "1": [2, None], "x": None}
    json.dumps(out, allow_nan=False)


def test_small_graph_flattens_cleanly():
    H = flatten_attributes(small_graph())
    assert all(len(t) == 1 for t in _types(H).values())
