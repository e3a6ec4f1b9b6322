"""Node-link JSON: the complete graph for programs (Python, JavaScript, jq), evidence kept structured.

``graph.json`` is ``networkx.node_link_data(G, edges="edges")`` written as UTF-8 with
``ensure_ascii=False`` (Chinese stays readable) and ``allow_nan=False`` (strict JSON). Unlike the
XML formats nothing is flattened: ``aliases``, ``articles`` and ``authors`` stay lists and
``evidence`` stays a list of ``{"text", "article", "source", "start", "end"}`` dicts, with offsets
into the source file. ``None`` is written as ``null``. Read it back with
``networkx.node_link_graph(json.load(f), edges="edges")``.

Traps: ``NaN``/``inf`` are not JSON (``json.dumps`` writes a bare ``NaN`` most parsers reject) and
numpy numbers are not serialisable; :func:`kg.export.attributes.json_safe` turns the former into
``null`` and the latter into Python numbers. Node keys are kept as they are (``"id"`` in the file).
The ``edges="edges"`` argument is explicit because networkx is changing the default from ``links``.
"""
from __future__ import annotations

import json
import os

import networkx as nx

from kg.export.atomic import atomic_path
from kg.export.attributes import json_safe

__all__ = ["write_json", "render_json", "graph_to_json_data"]


def graph_to_json_data(G: nx.Graph) -> dict:
    """The node-link dict of ``G``, made strict-JSON safe (see :func:`kg.export.attributes.json_safe`)."""
    return json_safe(nx.node_link_data(G, edges="edges"))


def render_json(G: nx.Graph, path: os.PathLike | str) -> None:
    """Write node-link JSON to ``path`` directly (no temporary file): for :func:`kg.export.write_all`."""
    data = nx.node_link_data(G, edges="edges")
    try:  # the usual graph is plain JSON already: skip the slow recursive clean-up
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):  # NaN/inf, numpy numbers, sets
        text = json.dumps(json_safe(data), ensure_ascii=False, allow_nan=False)
    # one line, no indent: json.dumps then runs its C encoder (the indented form is pure Python
    # and several times slower on a big graph); `python -m json.tool` pretty-prints it.
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.write("\n")


def write_json(G: nx.Graph, path: os.PathLike | str) -> None:
    """Write the whole graph as node-link JSON (UTF-8), evidence kept as lists of dicts.

    Parameters
    ----------
    G : networkx.Graph
        The knowledge graph; it is not modified.
    path : path-like
        The file to write, usually ``graph.json``; its folder is created if needed.

    Raises
    ------
    kg.errors.OutputError
        If the file cannot be written; a previous file of that name is left as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="ROLE", evidence=[{"text": "张三任主任。", "article": "p-1"}])
    'ROLE'
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "graph.json"
    >>> write_json(G, out)
    >>> H = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="edges")
    >>> H.edges["a", "b", "ROLE"]["evidence"][0]["text"]
    '张三任主任。'
    """
    with atomic_path(path) as tmp:
        render_json(G, tmp)
