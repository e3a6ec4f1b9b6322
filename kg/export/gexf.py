"""GEXF 1.3: Gephi's native format, with colours, sizes, positions and typed parallel edges.

Open ``graph.gexf`` in Gephi (File > Open) to get the graph coloured by entity type, sized by
mentions and laid out, with every attribute in the data laboratory. GEXF is the better choice for
Gephi than GraphML: parallel edges (a ROLE and a CO_OCCURS between the same two nodes) are kept
apart because each edge has ``kind`` = its relation, which Gephi 0.10 reads as the edge type.

Traps:

* networkx writes GEXF 1.2draft with a ``name`` attribute on ``<graph>`` that 1.2draft does not
  define, turns lists into "dynamic" values, renames an attribute called ``key`` and cannot write
  ``kind``; its 1.3 writer puts ``xsi`` in a wrong namespace. This module writes GEXF 1.3 itself with
  lxml: ``viz:color`` (r, g, b, a), ``viz:size``, ``viz:position``, one ``<attribute>`` per flattened
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
from lxml import etree

from kg.export.atomic import atomic_path
from kg.export.attributes import xml_graph

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


def _declare(graph_el: etree._Element, cls: str, dicts: list[dict[str, Any]], skip: tuple[str, ...]) -> dict[str, str]:
    """Write ``<attributes class=cls>`` and return ``{name: attribute id}``."""
    values: dict[str, list[Any]] = {}
    for d in dicts:
        for k, v in d.items():
            if k not in skip:
                values.setdefault(k, []).append(v)
    ids: dict[str, str] = {}
    if not values:
        return ids
    attrs_el = etree.SubElement(graph_el, f"{{{GEXF_NS}}}attributes", {"class": cls})
    for i, (name, vals) in enumerate(values.items()):
        ids[name] = str(i)
        etree.SubElement(attrs_el, f"{{{GEXF_NS}}}attribute", {"id": str(i), "title": name, "type": _gexf_type(vals)})
    return ids


def _attvalues(parent: etree._Element, data: Mapping[str, Any], ids: Mapping[str, str]) -> None:
    items = [(ids[k], v) for k, v in data.items() if k in ids]
    if not items:
        return
    el = etree.SubElement(parent, f"{{{GEXF_NS}}}attvalues")
    for attr_id, v in items:
        etree.SubElement(el, f"{{{GEXF_NS}}}attvalue", {"for": attr_id, "value": _text(v)})


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


def _spells(parent: etree._Element, dates: list[str]) -> None:
    if dates:
        spells = etree.SubElement(parent, f"{{{GEXF_NS}}}spells")
        for d in dates:
            etree.SubElement(spells, f"{{{GEXF_NS}}}spell", {"timestamp": d})


def render_gexf(G: nx.Graph, path: os.PathLike | str, positions: Mapping[Hashable, tuple[float, float]] | None = None, flat: nx.Graph | None = None) -> None:
    """Write GEXF 1.3 to ``path`` directly (no temporary file): for :func:`kg.export.write_all`."""
    H = xml_graph(G, positions, flat=flat)
    nsmap = {None: GEXF_NS, "viz": VIZ_NS, "xsi": XSI_NS}
    root = etree.Element(f"{{{GEXF_NS}}}gexf", nsmap=nsmap)
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    root.set("version", "1.3")
    meta = etree.SubElement(root, f"{{{GEXF_NS}}}meta", {"lastmodifieddate": _dt.date.today().isoformat()})
    etree.SubElement(meta, f"{{{GEXF_NS}}}creator").text = "kg (knowledge graphs from Chinese local news)"
    name = H.graph.get("name")
    if isinstance(name, str) and name:
        etree.SubElement(meta, f"{{{GEXF_NS}}}description").text = name
    graph_attrs = {"defaultedgetype": "directed" if G.is_directed() else "undirected"}
    if any(_timestamps(d) for _, d in H.nodes(data=True)) or any(_timestamps(d) for *_, d in H.edges(data=True)):
        graph_attrs.update(mode="dynamic", timeformat="date", timerepresentation="timestamp")
    graph_el = etree.SubElement(root, f"{{{GEXF_NS}}}graph", graph_attrs)

    for *_, d in H.edges(data=True):
        if "key" in d:  # networkx's GEXF reader takes `networkx_key` as the multigraph key; `key` breaks it
            d["networkx_key"] = d.pop("key")
    node_ids = _declare(graph_el, "node", [d for _, d in H.nodes(data=True)], _NODE_VIZ)
    edge_ids = _declare(graph_el, "edge", [d for *_, d in H.edges(data=True)], _EDGE_XML)

    nodes_el = etree.SubElement(graph_el, f"{{{GEXF_NS}}}nodes", {"count": str(H.number_of_nodes())})
    for n, d in H.nodes(data=True):
        node_el = etree.SubElement(nodes_el, f"{{{GEXF_NS}}}node", {"id": n, "label": str(d["label"])})
        _attvalues(node_el, d, node_ids)
        etree.SubElement(node_el, f"{{{VIZ_NS}}}color", {"r": str(d["r"]), "g": str(d["g"]), "b": str(d["b"]), "a": "1.0"})
        etree.SubElement(node_el, f"{{{VIZ_NS}}}position", {"x": repr(d["x"]), "y": repr(d["y"]), "z": "0.0"})
        etree.SubElement(node_el, f"{{{VIZ_NS}}}size", {"value": repr(d["size"])})
        _spells(node_el, _timestamps(d))

    edges_el = etree.SubElement(graph_el, f"{{{GEXF_NS}}}edges", {"count": str(H.number_of_edges())})
    for u, v, k, d in H.edges(keys=True, data=True):
        attrs = {"id": k, "source": u, "target": v}
        if "label" in d:
            attrs["label"] = str(d["label"])
        weight = d.get("weight")
        if isinstance(weight, (int, float)) and not isinstance(weight, bool):
            attrs["weight"] = repr(float(weight))
        relation = d.get("relation")
        if isinstance(relation, str) and relation.strip():
            attrs["kind"] = relation
        edge_el = etree.SubElement(edges_el, f"{{{GEXF_NS}}}edge", attrs)
        _attvalues(edge_el, d, edge_ids)
        _spells(edge_el, _timestamps(d))

    etree.ElementTree(root).write(os.fspath(path), encoding="utf-8", xml_declaration=True, pretty_print=True)


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
