"""kg.export.atomic and kg.export.write_all: all-or-nothing writes, OutputError, no temp files left."""
from __future__ import annotations

import os
import stat

import pytest
from export_fixtures import awkward_graph, gexf_schema, graphml_schema, small_graph  # noqa: F401

import kg.export
from kg.errors import OutputError
from kg.export import write_all, write_csv, write_gexf, write_graphml, write_html, write_json
from kg.export.atomic import atomic_path, atomic_paths

ALL_FILES = ["graph.graphml", "graph.gexf", "graph.json", "nodes.csv", "edges.csv", "graph.html"]


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_atomic_path_writes_and_leaves_no_temp(tmp_path):
    target = tmp_path / "out.txt"
    with atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and tmp != target
        tmp.write_text("新内容", encoding="utf-8")
        assert not target.exists()
    assert target.read_text(encoding="utf-8") == "新内容"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_published_file_is_not_private(tmp_path):
    target = tmp_path / "out.txt"
    with atomic_path(target) as tmp:
        tmp.write_text("x", encoding="utf-8")
    mode = stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask
    os.chmod(target, 0o640)
    with atomic_path(target) as tmp:
        tmp.write_text("y", encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640, "the mode of the replaced file is kept"


def test_error_keeps_previous_file_and_removes_temp(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise RuntimeError("writer crashed")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_empty_output_is_refused(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(OutputError, match="empty"):
        with atomic_path(target):
            pass
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_os_error_inside_writer_becomes_output_error(tmp_path):
    with pytest.raises(OutputError) as err:
        with atomic_path(tmp_path / "out.txt"):
            raise OSError(28, "No space left on device")
    assert "No space left on device" in str(err.value)
    assert "\n" not in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_group_is_all_or_nothing(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("old a", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_paths([a, b]) as (ta, tb):
            ta.write_text("new a", encoding="utf-8")
            raise RuntimeError("second writer crashed")
    assert a.read_text(encoding="utf-8") == "old a" and not b.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


@pytest.mark.parametrize(
    "writer",
    [write_graphml, write_gexf, write_json, write_html],
    ids=["graphml", "gexf", "json", "html"],
)
def test_unwritable_destination_raises_output_error(tmp_path, writer):
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(OutputError) as err:
        writer(small_graph(), blocker / "sub" / "graph.out")
    message = str(err.value)
    assert "\n" not in message and str(blocker) in message
    with pytest.raises(OutputError, match="is a folder"):
        writer(small_graph(), tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["file"]


def test_write_csv_and_all_into_a_file_raise_output_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError):
        write_csv(small_graph(), blocker)
    with pytest.raises(OutputError):
        write_all(small_graph(), blocker)
    with pytest.raises(OutputError):
        write_all(small_graph(), blocker / "out")


def test_failure_mid_write_leaves_no_truncated_file(tmp_path, monkeypatch):
    """The writer streams into its file and fails half-way through the nodes: the old file survives."""
    target = tmp_path / "graph.graphml"
    target.write_text("<graphml>old</graphml>", encoding="utf-8")
    real_data = kg.export.graphml._data
    written = []

    def failing_on_third_node(out, d, scope, ids, indent):
        if scope == "node":
            written.append(d)
            if len(written) == 3:
                raise TypeError("cannot write this value")
        real_data(out, d, scope, ids, indent)

    monkeypatch.setattr(kg.export.xmlstream.ChunkWriter, "CHUNK", 1)  # every piece reaches the disk
    monkeypatch.setattr(kg.export.graphml, "_data", failing_on_third_node)
    with pytest.raises(TypeError):
        write_graphml(small_graph(), target)
    assert len(written) == 3
    assert target.read_text(encoding="utf-8") == "<graphml>old</graphml>"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.graphml"]


def test_write_all_writes_every_format(tmp_path):
    out = tmp_path / "new" / "folder"
    files = write_all(awkward_graph(), out)
    assert [p.name for p in files] == ALL_FILES
    assert all(p.parent == out and p.stat().st_size > 0 for p in files)
    assert sorted(p.name for p in out.iterdir()) == sorted(ALL_FILES), "no temporary file left"


def test_write_all_formats_subset_and_names(tmp_path):
    files = write_all(small_graph(), tmp_path, formats="json, csv")
    assert [p.name for p in files] == ["graph.json", "nodes.csv", "edges.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edges.csv", "graph.json", "nodes.csv"]
    with pytest.raises(ValueError, match="unknown export format"):
        write_all(small_graph(), tmp_path, formats=("graphml", "svg"))
    with pytest.raises(ValueError):
        write_all(small_graph(), tmp_path, formats=())


def test_write_all_failure_leaves_previous_outputs_untouched(tmp_path, monkeypatch):
    write_all(small_graph(), tmp_path)
    before = _snapshot(tmp_path)

    def broken(*args, **kwargs):
        raise OSError(13, "Permission denied")

    monkeypatch.setattr(kg.export, "render_html", broken)
    bigger = awkward_graph()
    with pytest.raises(OutputError, match="Permission denied"):
        write_all(bigger, tmp_path)
    assert _snapshot(tmp_path) == before, "graphml/gexf/json/csv written before the failure were not published"


def test_write_all_does_not_modify_the_graph(tmp_path):
    G = awkward_graph()
    nodes = {n: dict(d) for n, d in G.nodes(data=True)}
    edges = {(u, v, k): dict(d) for u, v, k, d in G.edges(keys=True, data=True)}
    write_all(G, tmp_path)
    assert {n: dict(d) for n, d in G.nodes(data=True)}.keys() == nodes.keys()
    for n, d in G.nodes(data=True):
        assert d.keys() == nodes[n].keys()
        for k, v in d.items():
            assert v is nodes[n][k]
    assert {(u, v, k) for u, v, k in G.edges(keys=True)} == set(edges)
    for u, v, k, d in G.edges(keys=True, data=True):
        assert d == edges[u, v, k] or d.keys() == edges[u, v, k].keys()  # NaN != NaN


@pytest.mark.parametrize("kind", ["DiGraph", "Graph", "empty"])
def test_write_all_accepts_other_graphs(tmp_path, kind, graphml_schema, gexf_schema):
    import networkx as nx
    from lxml import etree

    if kind == "empty":
        G = nx.MultiDiGraph()
    else:
        G = getattr(nx, kind)()
        G.add_node("PERSON:张伟", type="PERSON", label="张伟", aliases=["张书记"], mentions=2)
        G.add_edge("PERSON:张伟", "OFFICE:青山街道办事处", relation="ROLE", weight=1, evidence=[{"text": "张伟任书记。", "article": "p-1"}])
    files = write_all(G, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(ALL_FILES)
    assert all(p.stat().st_size > 0 for p in files)
    assert graphml_schema.validate(etree.parse(str(tmp_path / "graph.graphml"))), graphml_schema.error_log
    gexf = etree.parse(str(tmp_path / "graph.gexf"))
    del gexf.getroot().attrib["{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"]
    assert gexf_schema.validate(gexf), gexf_schema.error_log
    H = nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True)
    assert H.number_of_nodes() == G.number_of_nodes() and H.number_of_edges() == G.number_of_edges()
    assert H.is_directed() == G.is_directed()
