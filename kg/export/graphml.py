"""GraphML: the full graph for Gephi, igraph, Gephi Lite (graphology) and the scorer in ``shared/eval``.

GraphML is the exchange format every graph tool reads; it is the file the project is scored on
(``shared/eval/score.py`` reads node ``type``, ``label``, ``aliases``, ``headline`` and edge
``relation``), so those names are kept exactly. It holds the whole graph, however big; only the HTML
page is cut down.

Traps, measured against Gephi 0.10's GraphML importer and networkx 3:

* A ``MultiDiGraph`` written plainly gives every edge its key as id (``id="ROLE"`` many times, or
  ``id="0"``): Gephi keeps only the first edge per id. Edges here get unique ids ``e0``, ``e1`` ...
  (the original key is kept in the ``key`` attribute, the relation in ``relation``). Gephi's
  processor still merges parallel edges of one pair and one edge *type* (by its import report's
  edge merge strategy, unless that is set not to merge), and GraphML gives edges no type; the GEXF
  export keeps them apart with ``kind`` = relation.
* Gephi looks GraphML keys up by their *id* before their name, and networkx numbers key ids ``d0``,
  ``d1`` ...: the key that happens to be ``d3`` on nodes, or ``d7`` on edges, is taken as the label
  (yEd's defaults), so ``mentions`` could become every node's label. Key ids here are
  ``node_<name>``, ``edge_<name>``, ``graph_<name>``.
* One attribute with ints on some elements and floats on others becomes two keys with one name
  and Gephi splits the column; ``None``, lists, dicts, ``NaN`` and control characters make networkx
  raise half-way and leave a truncated or empty file. :func:`kg.export.attributes.flatten_attributes`
  fixes the values, each attribute gets one declared type, and the file is written into a
  temporary file and renamed only when complete (:mod:`kg.export.atomic`).
* networkx's writer builds an lxml element per ``<data>`` (about 900,000 of them for the benchmark
  corpus) and its key ids needed a second pass; the file is now written once, one node or edge at
  a time (:mod:`kg.export.xmlstream`), with the same elements, attributes and texts.
* Node and edge ids and ``attr.name`` must be XML NMTOKENs (no spaces, quotes, ``#``): ids are
  ``n0`` ... and ``e0`` ..., the node's key is in ``key`` and its name in ``label``; attribute names
  are made NMTOKENs.
* Gephi takes ``label``, the colour from integer ``r``, ``g``, ``b``, ``size`` and the position from
  ``x``, ``y``; they are set from :mod:`kg.export.style`, so the file opens coloured and laid out.
* Gephi drops edges of weight 0; kg's weights are counts, so this does not arise.

Reading the file back with ``networkx.read_graphml(path, force_multigraph=True)`` gives every node,
edge and attribute with its type (int, float, bool, str).
"""
from __future__ import annotations

import os
from collections.abc import Hashable, Mapping

import networkx as nx

from kg.export.atomic import atomic_path
from kg.export.attributes import XmlElements, common_type, xml_elements
from kg.export.xmlstream import ChunkWriter, attr, text

__all__ = ["write_graphml", "render_graphml"]

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{GRAPHML_NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
# GraphML's attr.type of each flattened value type (the Java-like names Gephi and igraph read)
_ATTR_TYPE = {bool: "boolean", int: "long", float: "double", str: "string"}


def _declare_keys(scoped: list[tuple[str, list[dict]]]) -> tuple[list[tuple[str, str, str, str]], dict[tuple[str, str], str]]:
    """``<key>`` declarations ``(id, for, attr.name, attr.type)`` and ``{(for, name): key id}``.

    The file lists the keys as networkx's writer did (last declared first), with the ids
    ``<for>_<attr.name>``: Gephi looks keys up by id before name, and networkx's ``d0``, ``d1`` ...
    would land on ids it reads as the label or a position.
    """
    types: dict[tuple[str, str], set[type]] = {}
    for scope, dicts in scoped:
        for d in dicts:
            for k, v in d.items():
                types.setdefault((scope, k), set()).add(type(v))
    keys: list[tuple[str, str, str, str]] = []
    ids: dict[tuple[str, str], str] = {}
    taken: set[str] = set()
    for scope, name in reversed(list(types)):
        base = f"{scope}_{name}"
        key_id, i = base, 1
        while key_id in taken:
            i += 1
            key_id = f"{base}_{i}"
        taken.add(key_id)
        ids[scope, name] = key_id
        keys.append((key_id, scope, name, _ATTR_TYPE[common_type(types[scope, name])]))
    return keys, ids


def _data(out: list[str], d: dict, scope: str, ids: dict[tuple[str, str], str], indent: str) -> None:
    # str(value), as networkx writes it: True/False for booleans, repr for floats (no escaping needed)
    for k, v in d.items():
        out.append(f'{indent}<data key="{ids[scope, k]}">{text(v) if type(v) is str else str(v)}</data>\n')


def render_graphml(G: nx.Graph, path: os.PathLike | str, positions: Mapping[Hashable, tuple[float, float]] | None = None, flat: nx.Graph | None = None, elements: XmlElements | None = None) -> None:
    """Write GraphML to ``path`` directly (no temporary file): for :func:`kg.export.write_all`.

    The file is written in one pass, one node or edge at a time, with the elements, attributes
    and texts networkx's ``write_graphml_lxml(..., infer_numeric_types=True)`` wrote before
    (``tests/test_export_identity.py`` compares them).

    Parameters
    ----------
    G : networkx.Graph
    path : path-like
    positions : mapping, optional
        Precomputed ``{node: (x, y)}``; computed with :func:`kg.export.style.layout_positions` if omitted.
    flat : networkx.Graph, optional
        ``flatten_attributes(G)`` when the caller already has it.
    elements : XmlElements, optional
        ``xml_elements(G, positions, nmtoken_names=True, flat=flat)`` when the caller has it (or
        the same without renaming, when every attribute name is already an NMTOKEN: see
        :func:`kg.export.attributes.names_are_nmtokens`); it is not modified.
    """
    el = elements if elements is not None else xml_elements(G, positions, nmtoken_names=True, flat=flat)
    graph_data = {k: v for k, v in el.graph.items() if k not in ("node_default", "edge_default")}
    graph_id = graph_data.pop("id", None)
    keys, ids = _declare_keys([("graph", [graph_data]), ("node", [d for _, d in el.nodes]), ("edge", [d for *_, d in el.edges])])
    with ChunkWriter(path) as out:
        out.write("<?xml version='1.0' encoding='UTF-8'?>\n")
        out.write(f'<graphml xmlns="{GRAPHML_NS}" xmlns:xsi="{XSI_NS}" xsi:schemaLocation="{SCHEMA_LOCATION}">\n')
        for key_id, scope, name, attr_type in keys:
            out.write(f'  <key id="{attr(key_id)}" for="{scope}" attr.name="{attr(name)}" attr.type="{attr_type}"/>\n')
        edge_default = "directed" if el.directed else "undirected"
        id_attr = f' id="{attr(str(graph_id))}"' if graph_id is not None else ""
        out.write(f'  <graph edgedefault="{edge_default}"{id_attr}>\n')
        piece: list[str] = []
        _data(piece, graph_data, "graph", ids, "    ")
        for node_id, d in el.nodes:
            piece.append(f'    <node id="{node_id}">\n')
            _data(piece, d, "node", ids, "      ")
            piece.append("    </node>\n")
            out.write("".join(piece))
            piece.clear()
        for source, target, edge_id, d in el.edges:
            piece.append(f'    <edge source="{source}" target="{target}" id="{edge_id}">\n')
            _data(piece, d, "edge", ids, "      ")
            piece.append("    </edge>\n")
            out.write("".join(piece))
            piece.clear()
        out.write("  </graph>\n</graphml>\n")


def write_graphml(G: nx.Graph, path: os.PathLike | str, *, positions: Mapping[Hashable, tuple[float, float]] | None = None) -> None:
    """Write the whole graph as GraphML for Gephi, igraph and Gephi Lite.

    Parameters
    ----------
    G : networkx.Graph
        The knowledge graph (a ``MultiDiGraph`` from :mod:`kg.graph`); it is not modified.
    path : path-like
        The file to write, usually ``graph.graphml``; its folder is created if needed.
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
    >>> G.add_edge("PERSON:张三", "OFFICE:某办事处", key="ROLE", relation="ROLE", title="主任", weight=1)
    'ROLE'
    >>> G.add_edge("PERSON:张三", "OFFICE:某办事处", key="CO_OCCURS", relation="CO_OCCURS", weight=2.5)
    'CO_OCCURS'
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "graph.graphml"
    >>> write_graphml(G, out)
    >>> H = nx.read_graphml(out, force_multigraph=True)
    >>> sorted(d["relation"] for *_, d in H.edges(data=True)), H.nodes["n0"]["key"]
    (['CO_OCCURS', 'ROLE'], 'PERSON:张三')
    """
    with atomic_path(path) as tmp:
        render_graphml(G, tmp, positions)
