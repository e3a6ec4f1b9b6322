"""The GraphML and GEXF writers as they were before they streamed (kg 0.1.0, main of 2026-11-30).

Kept only as the reference of tests/test_export_identity.py: the streaming writers in kg/export must
write files that parse to the same elements, attributes and texts as these did. Do not use them
elsewhere: they build the whole document in memory and GraphML is written twice.
"""
from __future__ import annotations

import datetime as _dt
import io
import os
import re
from collections.abc import Hashable, Mapping
from typing import Any

import networkx as nx
from lxml import etree

from kg.export.attributes import clean_text, flatten_attributes, nmtoken, unify_types

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
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

_STYLE_NODE_ATTRS = ("r", "g", "b", "size", "x", "y")


def old_xml_graph(G: nx.Graph, positions: Mapping[Hashable, tuple[float, float]] | None = None, *, nmtoken_names: bool = False, flat: nx.Graph | None = None) -> nx.MultiGraph:
    """The graph GraphML and GEXF write: flattened, with plain ids, labels and Gephi styling.

    Parameters
    ----------
    G : networkx.Graph
        The knowledge graph (any networkx graph).
    positions : mapping, optional
        ``{node: (x, y)}`` from :func:`kg.export.style.layout_positions`; computed when omitted.
    nmtoken_names : bool
        Make every attribute name an XML NMTOKEN (GraphML's ``attr.name`` must be one).
    flat : networkx.Graph, optional
        ``flatten_attributes(G)`` when the caller already has it (GraphML and GEXF share one).

    Returns
    -------
    networkx.MultiDiGraph or networkx.MultiGraph
        Directed as ``G`` is. Nodes ``n0`` ... ``n{N-1}`` in the order of ``G``, each with ``key`` (the original key as
        text), ``label`` (the label, or the key when there is none), ``r``, ``g``, ``b`` (ints),
        ``size``, ``x``, ``y`` (floats) and the flattened attributes; edges keyed ``e0`` ...
        ``e{M-1}`` with ``key`` (the original edge key, when it is not ``None``), ``label`` (the
        relation, plus the title for ROLE) and the flattened attributes.
    """
    from kg.export import style  # local import: style imports this module

    if flat is None:
        flat = flatten_attributes(G)
    if positions is None:
        positions = style.layout_positions(G)
    sizes = style.node_sizes(G)
    ids = {n: f"n{i}" for i, n in enumerate(flat.nodes)}
    H = nx.MultiDiGraph() if G.is_directed() else nx.MultiGraph()
    H.graph.update(flat.graph)
    rename = nmtoken if nmtoken_names else (lambda s: s)

    def _names(data: Mapping[str, Any], reserved: tuple[str, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in data.items():
            name = rename(k)
            while name in reserved or name in out:
                name = f"{name}_"
            out[name] = v
        return out

    for n, data in flat.nodes(data=True):
        attrs = _names(data, _STYLE_NODE_ATTRS + ("key",))
        attrs["key"] = clean_text(str(n)) or ids[n]
        if not isinstance(attrs.get("label"), str) or not attrs.get("label", "").strip():
            attrs["label"] = attrs["key"]
        r, g, b = style.type_rgb(data.get("type"))
        x, y = positions.get(n, (0.0, 0.0))
        attrs.update(r=r, g=g, b=b, size=float(sizes.get(n, style.MIN_SIZE)), x=float(x), y=float(y))
        H.add_node(ids[n], **attrs)
    edges = flat.edges(keys=True, data=True) if flat.is_multigraph() else ((u, v, None, d) for u, v, d in flat.edges(data=True))
    for i, (u, v, k, data) in enumerate(edges):
        attrs = _names(data, ("key",))
        if k is not None:
            attrs["key"] = clean_text(str(k)) or str(k)
        if "label" not in attrs:
            rel = attrs.get("relation", attrs.get("key"))
            if rel is not None:
                title = attrs.get("title")
                attrs["label"] = f"{rel}: {title}" if isinstance(title, str) and title else str(rel)
        H.add_edges_from([(ids[u], ids[v], f"e{i}", attrs)])  # add_edge(**attrs) would clash with `key`
    # a `label` or `key` added above may clash in type with an existing attribute of that name
    unify_types({"node": [d for _, d in H.nodes(data=True)], "edge": [d for *_, d in H.edges(data=True)]})
    return H


def _rename_key_ids(tree: etree._ElementTree) -> None:
    """Give every ``<key>`` the id ``<for>_<attr.name>`` and update the ``<data key=...>`` that use it."""
    root = tree.getroot()
    new_ids: dict[str, str] = {}
    taken: set[str] = set()
    for key in root.iterfind(f"{{{GRAPHML_NS}}}key"):
        base = f"{key.get('for', 'all')}_{key.get('attr.name', key.get('id'))}"
        new, i = base, 1
        while new in taken:
            i += 1
            new = f"{base}_{i}"
        taken.add(new)
        new_ids[key.get("id")] = new
        key.set("id", new)
    for data in root.iter(f"{{{GRAPHML_NS}}}data"):
        data.set("key", new_ids[data.get("key")])


def old_render_graphml(G: nx.Graph, path, positions=None, flat=None) -> None:
    H = old_xml_graph(G, positions, nmtoken_names=True, flat=flat)
    buf = io.BytesIO()
    nx.write_graphml_lxml(H, buf, encoding="utf-8", prettyprint=False, infer_numeric_types=True)
    tree = etree.parse(io.BytesIO(buf.getvalue()), etree.XMLParser(huge_tree=True))
    _rename_key_ids(tree)
    etree.indent(tree, space="  ")
    tree.write(os.fspath(path), encoding="utf-8", xml_declaration=True)


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


def _spells(parent: etree._Element, dates: list[str]) -> None:
    if dates:
        spells = etree.SubElement(parent, f"{{{GEXF_NS}}}spells")
        for d in dates:
            etree.SubElement(spells, f"{{{GEXF_NS}}}spell", {"timestamp": d})


def old_render_gexf(G: nx.Graph, path: os.PathLike | str, positions: Mapping[Hashable, tuple[float, float]] | None = None, flat: nx.Graph | None = None) -> None:
    """Write GEXF 1.3 to ``path`` directly (no temporary file): for :func:`kg.export.write_all`."""
    H = old_xml_graph(G, positions, flat=flat)
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


