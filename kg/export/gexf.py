"""GEXF 1.3: Gephi's native format, with colours, sizes, positions and typed parallel edges.

Open ``graph.gexf`` in Gephi (File > Open) to get the graph coloured by entity type, sized by
mentions and laid out, with every attribute in the data laboratory. GEXF is the better choice for
Gephi than GraphML: parallel edges (a ROLE and a CO_OCCURS between the same two nodes) are kept
apart because each edge has ``kind`` = its relation, which Gephi 0.10 reads as the edge type.

Traps:

* networkx writes GEXF 1.2draft with a ``name`` attribute on ``<graph>`` that 1.2draft does not
  define, turns lists into "dynamic" values, renames an attribute called ``key`` and cannot write
  ``kind``; its 1.3 writer puts ``xsi`` in a wrong namespace. This module writes GEXF 1.3 itself,
  in one pass, one node or edge at a time (:mod:`kg.export.xmlstream`): ``viz:color`` (r, g, b, a), ``viz:size``, ``viz:position``, one ``<attribute>`` per flattened
  attribute with a single declared type (``integer``/``long``, ``double``, ``boolean``, ``string``).
* The file validates against the official RELAX NG grammar (``shared/schemas/gexf/1.3``) once the
  ``xsi:schemaLocation`` hint is removed; the official XSDs reject the standard ``viz:`` elements and
  are not used.
* Values are flattened like GraphML (:func:`kg.export.attributes.flatten_attributes`): lists joined
  with ``|``, dicts as JSON, ``None``/``NaN``/``inf`` dropped, XML-illegal characters removed.
* Dates (kg/graph.py: ``date`` of an article, ``dates`` of entities and edges) make the graph
  **dynamic**: ``mode="dynamic"``, ``timeformat="date"``, ``timerepresentation="timestamp"`` and one
  ``<spell timestamp="2022-05-10"/>`` per date on each dated node and edge, which Gephi's
  timeline plays (its importer reads spells with timestamps only when the graph says
  ``timerepresentation="timestamp"``). Undated elements get no spell: Gephi keeps them at every
  time. A graph without any date stays static, as before.
* Node ids are ``n0`` ... and edge ids ``e0`` ..., as in the GraphML file; the original node key is
  the ``key`` attribute, the name is the node ``label``. The original edge key is written as
  ``networkx_key``: an edge attribute called ``key`` makes ``networkx.read_gexf`` fail, while
  ``networkx_key`` becomes the edge key again when networkx reads the file.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Hashable, Mapping
from typing import Any

import networkx as nx

from kg.export.atomic import atomic_path
from kg.export.attributes import XmlElements, xml_elements
from kg.export.xmlstream import ChunkWriter, attr, text

__all__ = ["write_gexf", "render_gexf", "GEXF_NS", "VIZ_NS"]

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"

_INT32 = 2**31 - 1
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# node attributes that go into viz: elements or the label, not into <attvalues>
_NODE_VIZ = ("label", "r", "g", "b", "size", "x", "y")
# edge attributes that become XML attributes of <edge>
_EDGE_XML = ("label", "weight")


def _gexf_type(values: list[Any]) -> str:
    kinds = {type(v) for v in values}
    if kinds == {bool}:
        return "boolean"
    if kinds == {int}:
        return "integer" if all(-_INT32 - 1 <= v <= _INT32 for v in values) else "long"
    if kinds <= {int, float}:
        return "double"
    return "string"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _declare(cls: str, dicts: list[dict[str, Any]], skip: tuple[str, ...]) -> tuple[str, dict[str, str]]:
    """The ``<attributes class=cls>`` block (empty when there is nothing to declare) and
    ``{name: attribute id}``."""
    values: dict[str, list[Any]] = {}
    for d in dicts:
        for k, v in d.items():
            if k not in skip:
                values.setdefault(k, []).append(v)
    ids: dict[str, str] = {}
    if not values:
        return "", ids
    lines = [f'    <attributes class="{cls}">\n']
    for i, (name, vals) in enumerate(values.items()):
        ids[name] = str(i)
        lines.append(f'      <attribute id="{i}" title="{attr(name)}" type="{_gexf_type(vals)}"/>\n')
    lines.append("    </attributes>\n")
    return "".join(lines), ids


def _attvalues(out: list[str], data: Mapping[str, Any], ids: Mapping[str, str]) -> None:
    items = [(ids[k], v) for k, v in data.items() if k in ids]
    if not items:
        return
    out.append("        <attvalues>\n")
    for attr_id, v in items:
        out.append(f'          <attvalue for="{attr_id}" value="{attr(v) if type(v) is str else _text(v)}"/>\n')
    out.append("        </attvalues>\n")


def _timestamps(data: Mapping[str, Any]) -> list[str]:
    """The ISO dates an element exists at: an entity's or edge's `dates` (flattened to `a|b`), an
    article's `date`."""
    dates = data.get("dates") or data.get("date")
    if not isinstance(dates, str) or not dates:
        return []
    return [d for d in dates.split("|") if _is_iso_date(d)]


def _is_iso_date(text: str) -> bool:
    """An xsd:date the grammar accepts (2022-05-10), not merely its shape."""
    try:
        return _ISO_DATE.fullmatch(text) is not None and _dt.date.fromisoformat(text) is not None
    except ValueError:
        return False


def _spells(out: list[str], dates: list[str]) -> None:
    if dates:
        out.append("        <spells>\n")
        out.extend(f'          <spell timestamp="{d}"/>\n' for d in dates)
        out.append("        </spells>\n")


def _with_networkx_key(d: dict[str, Any]) -> dict[str, Any]:
    """An edge's attributes with ``key`` written as ``networkx_key``, last (as ``d["networkx_key"] =
    d.pop("key")`` would leave them): networkx's GEXF reader takes ``networkx_key`` as the
    multigraph key, and an attribute called ``key`` breaks it."""
    if "key" not in d:
        return d
    out = {k: v for k, v in d.items() if k != "key"}
    out["networkx_key"] = d["key"]
    return out


def render_gexf(G: nx.Graph, path: os.PathLike | str, positions: Mapping[Hashable, tuple[float, float]] | None = None, flat: nx.Graph | None = None, elements: XmlElements | None = None) -> None:
    """Write GEXF 1.3 to ``path`` directly (no temporary file): for :func:`kg.export.write_all`.

    ``elements`` is ``xml_elements(G, positions, flat=flat)`` when the caller has it (not modified).

    The file is written in one pass, one node or edge at a time (:mod:`kg.export.xmlstream`);
    ``tests/test_export_identity.py`` checks it holds what the element-tree writer wrote before.
    """
    el = elements if elements is not None else xml_elements(G, positions, flat=flat)  # not modified
    edges = [(u, v, i, _with_networkx_key(d)) for u, v, i, d in el.edges]
    node_block, node_ids = _declare("node", [d for _, d in el.nodes], _NODE_VIZ)
    edge_block, edge_ids = _declare("edge", [d for *_, d in edges], _EDGE_XML)
    graph_attrs = {"defaultedgetype": "directed" if el.directed else "undirected"}
    if any(_timestamps(d) for _, d in el.nodes) or any(_timestamps(d) for *_, d in edges):
        graph_attrs.update(mode="dynamic", timeformat="date", timerepresentation="timestamp")
    with ChunkWriter(path) as out:
        out.write("<?xml version='1.0' encoding='UTF-8'?>\n")
        out.write(f'<gexf xmlns="{GEXF_NS}" xmlns:viz="{VIZ_NS}" xmlns:xsi="{XSI_NS}" xsi:schemaLocation="{SCHEMA_LOCATION}" version="1.3">\n')
        out.write(f'  <meta lastmodifieddate="{_dt.date.today().isoformat()}">\n')
        out.write("    <creator>kg (knowledge graphs from Chinese local news)</creator>\n")
        name = el.graph.get("name")
        if isinstance(name, str) and name:
            out.write(f"    <description>{text(name)}</description>\n")
        out.write("  </meta>\n")
        out.write("  <graph " + " ".join(f'{k}="{v}"' for k, v in graph_attrs.items()) + ">\n")
        out.write(node_block)
        out.write(edge_block)
        piece: list[str] = []
        out.write(f'    <nodes count="{len(el.nodes)}">\n')
        for node_id, d in el.nodes:
            piece.append(f'      <node id="{node_id}" label="{attr(str(d["label"]))}">\n')
            _attvalues(piece, d, node_ids)
            piece.append(
                f'        <viz:color r="{d["r"]}" g="{d["g"]}" b="{d["b"]}" a="1.0"/>\n'
                f'        <viz:position x="{d["x"]!r}" y="{d["y"]!r}" z="0.0"/>\n'
                f'        <viz:size value="{d["size"]!r}"/>\n'
            )
            _spells(piece, _timestamps(d))
            piece.append("      </node>\n")
            out.write("".join(piece))
            piece.clear()
        out.write(f'    </nodes>\n    <edges count="{len(edges)}">\n')
        for source, target, edge_id, d in edges:
            piece.append(f'      <edge id="{edge_id}" source="{source}" target="{target}"')
            if "label" in d:
                piece.append(f' label="{attr(str(d["label"]))}"')
            weight = d.get("weight")
            if isinstance(weight, (int, float)) and not isinstance(weight, bool):
                piece.append(f' weight="{float(weight)!r}"')
            relation = d.get("relation")
            if isinstance(relation, str) and relation.strip():
                piece.append(f' kind="{attr(relation)}"')
            piece.append(">\n")
            _attvalues(piece, d, edge_ids)
            _spells(piece, _timestamps(d))
            piece.append("      </edge>\n")
            out.write("".join(piece))
            piece.clear()
        out.write("    </edges>\n  </graph>\n</gexf>\n")


def write_gexf(G: nx.Graph, path: os.PathLike | str, *, positions: Mapping[Hashable, tuple[float, float]] | None = None) -> None:
    """Write the whole graph as GEXF 1.3 for Gephi.

    Parameters
    ----------
    G : networkx.Graph
        The knowledge graph (a ``MultiDiGraph`` from :mod:`kg.graph`); it is not modified.
    path : path-like
        The file to write, usually ``graph.gexf``; its folder is created if needed.
    positions : mapping, optional
        ``{node: (x, y)}``; by default :func:`kg.export.style.layout_positions` (seeded).

    Raises
    ------
    kg.errors.OutputError
        If the file cannot be written; a previous file of that name is left as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("PERSON:张三", type="PERSON", label="张三", aliases=["老张"])
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "graph.gexf"
    >>> write_gexf(G, out)
    >>> H = nx.read_gexf(out, version="1.3")
    >>> H.nodes["n0"]["label"], H.nodes["n0"]["aliases"]
    ('张三', '老张')
    """
    with atomic_path(path) as tmp:
        render_gexf(G, tmp, positions)
