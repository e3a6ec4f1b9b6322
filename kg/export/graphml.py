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
  fixes the values, the file is written with ``infer_numeric_types=True`` into a temporary file and
  renamed only when complete (:mod:`kg.export.atomic`).
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

import io
import os
from collections.abc import Hashable, Mapping

import networkx as nx
from lxml import etree

from kg.export.atomic import atomic_path
from kg.export.attributes import xml_graph

__all__ = ["write_graphml", "render_graphml"]

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"


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


def render_graphml(G: nx.Graph, path: os.PathLike | str, positions: Mapping[Hashable, tuple[float, float]] | None = None, flat: nx.Graph | None = None) -> None:
    """Write GraphML to ``path`` directly (no temporary file): for :func:`kg.export.write_all`.

    Parameters
    ----------
    G : networkx.Graph
    path : path-like
    positions : mapping, optional
        Precomputed ``{node: (x, y)}``; computed with :func:`kg.export.style.layout_positions` if omitted.
    """
    H = xml_graph(G, positions, nmtoken_names=True, flat=flat)
    buf = io.BytesIO()
    nx.write_graphml_lxml(H, buf, encoding="utf-8", prettyprint=False, infer_numeric_types=True)
    tree = etree.parse(io.BytesIO(buf.getvalue()), etree.XMLParser(huge_tree=True))
    _rename_key_ids(tree)
    etree.indent(tree, space="  ")
    tree.write(os.fspath(path), encoding="utf-8", xml_declaration=True)


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
