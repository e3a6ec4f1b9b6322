"""Make graph attributes safe for XML formats (GraphML, GEXF) and for JSON.

The graph built by :mod:`kg.graph` carries Python values an XML exporter cannot write as they are:
``None`` (an article without a sub-headline), lists (``aliases``, ``articles``, ``authors``),
dicts (the ``evidence`` of an edge), numpy numbers, ``NaN``/``inf``, strings holding characters
XML 1.0 forbids (``\\x0b`` from a PDF copy, ``\\x00`` ...), and one attribute holding ints on some
elements and floats on others. ``networkx.write_graphml`` raises on the first of these it meets,
after it has already truncated the output file; written naively, an int/float attribute becomes
two GraphML keys with one name and Gephi splits the column.

:func:`flatten_attributes` fixes all of that in one pass over a copy of the graph:

* ``None``, ``NaN``, ``inf``, empty strings and empty lists are dropped (absent = no value);
* lists of plain values are joined with ``|`` (``aliases`` as the scorer in ``shared/eval`` reads it);
* dicts, and lists holding dicts or lists, become JSON text (``ensure_ascii=False``);
* an ``evidence`` list of ``{"text": ..., "article": ...}`` dicts becomes ``evidence`` (the
  sentences joined with `` | ``, readable in Gephi's data laboratory) plus ``evidence_json`` (the
  full list as JSON, offsets included);
* numpy scalars become Python ``int``/``float``/``bool``; other objects become ``str``;
* characters XML 1.0 forbids are removed from every string and attribute name;
* every attribute name gets one type across all nodes and edges: ``int`` + ``float`` -> ``float``,
  ``bool`` + ``int`` -> ``int``, anything with ``str`` -> ``str``; ints beyond a Java ``long``
  become strings (Gephi parses ``long`` with Java).

:func:`xml_graph` builds on it the graph GraphML and GEXF actually write: plain node ids ``n0``,
``n1`` ... and edge keys ``e0``, ``e1`` ... (XML NMTOKENs, unique, as Gephi requires), the original
node key in ``key``, a ``label`` on every node, and the Gephi styling attributes ``r``, ``g``, ``b``
(ints), ``size``, ``x``, ``y`` (floats) from :mod:`kg.export.style`.

:func:`json_safe` does the JSON counterpart: it keeps lists and dicts (the evidence stays
structured) but turns numpy values into Python ones, sets and tuples into lists, and ``NaN``/``inf``
into ``null`` so that the file is strict JSON that any parser accepts.
"""
from __future__ import annotations

import contextlib
import functools
import json
import math
import numbers
import re
from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

__all__ = [
    "LIST_SEPARATOR",
    "EVIDENCE_SEPARATOR",
    "clean_text",
    "nmtoken",
    "flatten_value",
    "flatten_evidence",
    "flatten_attributes",
    "unify_types",
    "xml_graph",
    "xml_elements",
    "names_are_nmtokens",
    "place_elements",
    "XmlElements",
    "json_safe",
]

LIST_SEPARATOR = "|"
EVIDENCE_SEPARATOR = " | "

# XML 1.0 Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# NameChar (XML 1.0 5th ed.), the alphabet of an NMTOKEN
_NAME_CHARS = (
    ":A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
    "\\-.0-9\u00b7\u0300-\u036f\u203f-\u2040"
)
_NOT_NAME_CHAR = re.compile(f"[^{_NAME_CHARS}]")
_JAVA_LONG = 2**63 - 1


def clean_text(text: str) -> str:
    """Remove the characters XML 1.0 does not allow (``\\x00``-``\\x08``, ``\\x0b``, ``\\x0c``,
    ``\\x0e``-``\\x1f``, lone surrogates, ``\\ufffe``, ``\\uffff``).

    Examples
    --------
    >>> clean_text("第一\\x0b第二\\x00")
    '第一第二'
    """
    # str.isprintable() is False for every character XML forbids (control characters, surrogates
    # and the noncharacters U+FFFE/U+FFFF are not printable), and far cheaper than the regex: it
    # answers for almost every value of a graph (half a million strings for the benchmark corpus)
    return text if text.isprintable() else _XML_ILLEGAL.sub("", text)


def nmtoken(name: str) -> str:
    """Turn an attribute name into an XML NMTOKEN (what GraphML requires of ``attr.name``).

    Characters that may not appear in a name (spaces, quotes, ``#``, ``/`` ...) become ``_``.

    Examples
    --------
    >>> nmtoken("Edge Weight")
    'Edge_Weight'
    >>> nmtoken("类型")
    '类型'
    """
    token = _NOT_NAME_CHAR.sub("_", clean_text(str(name)))
    return token or "_"


# The exact types almost every value has. Testing them first skips isinstance() against the
# numbers and collections ABCs, which cost about a microsecond each and dominated flattening
# (3 of 11 s for the benchmark graph); the answers are the same.
_PLAIN = frozenset((str, int, float, bool, type(None)))


def _is_scalar(value: Any) -> bool:
    return type(value) in _PLAIN or isinstance(value, (str, bytes, numbers.Number))


def _number(value: numbers.Real) -> int | float | None:
    """A number of any numeric type as int or float; None for NaN and infinities (no format has them)."""
    if isinstance(value, numbers.Integral):
        return int(value)
    value = float(value)
    return value if math.isfinite(value) else None


def _scalar(value: Any) -> bool | int | float | str | None:
    """One plain value -> bool/int/float/str, or None when it carries no value."""
    t = type(value)
    if t is str:
        text = clean_text(value)
        return text if text != "" else None
    if t is int or t is bool:
        return value
    if t is float:
        return value if math.isfinite(value) else None
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if hasattr(value, "dtype") and hasattr(value, "item") and getattr(value, "shape", None) == ():
        value = value.item()  # numpy scalar (np.int64, np.float32, np.bool_, 0-d array)
        if isinstance(value, bool):
            return value
    if isinstance(value, numbers.Real):
        return _number(value)
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    text = clean_text(value if isinstance(value, str) else str(value))
    return text if text != "" else None


def _to_json_text(value: Any) -> str:
    return clean_text(json.dumps(json_safe(value), ensure_ascii=False, allow_nan=False, sort_keys=False))


def flatten_value(value: Any) -> bool | int | float | str | None:
    """Flatten one attribute value to a bool, int, float or str, or ``None`` (drop it).

    Parameters
    ----------
    value : object
        The value as stored on the node or edge.

    Returns
    -------
    bool, int, float, str or None
        ``None`` means: write no value for this attribute on this element.

    Examples
    --------
    >>> flatten_value(["东城", "东城区"])
    '东城|东城区'
    >>> flatten_value({"a": 1})
    '{"a": 1}'
    >>> flatten_value(float("nan")) is None
    True
    """
    t = type(value)
    if t is str or t is int or t is float or t is bool or value is None:
        return _scalar(value)
    if t is not list and t is not tuple and isinstance(value, Mapping):
        return _to_json_text(value) if value else None
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else list(value)
        if not items:
            return None
        if all(_is_scalar(v) for v in items):
            parts = [_scalar(v) for v in items]
            parts = [str(p).lower() if isinstance(p, bool) else str(p) for p in parts if p is not None]
            return LIST_SEPARATOR.join(parts) if parts else None
        return _to_json_text(items)
    if hasattr(value, "tolist") and getattr(value, "shape", ()) != ():  # numpy array
        return flatten_value(value.tolist())
    return _scalar(value)


_evidence_memo: dict[int, tuple[Any, dict[str, str]]] | None = None


@contextlib.contextmanager
def evidence_memo():
    """Within the block, :func:`flatten_evidence` gives each evidence list's result again instead of
    encoding it again: :func:`kg.export.write_all` flattens for GraphML/GEXF and for CSV, and the JSON
    of the evidence is most of that work. The graph must not change inside the block."""
    global _evidence_memo
    outer = _evidence_memo
    if outer is None:
        _evidence_memo = {}
    try:
        yield
    finally:
        _evidence_memo = outer


def flatten_evidence(evidence: Any) -> dict[str, str]:
    """Flatten an edge's ``evidence`` list into two strings.

    Returns
    -------
    dict
        ``{"evidence": sentences joined by " | ", "evidence_json": the full list as JSON}``; empty
        when there is no evidence. A value that is not a list of dicts is flattened like any other.

    Examples
    --------
    >>> flatten_evidence([{"text": "张三任主任。", "article": "p-1", "start": 3, "end": 9}])["evidence"]
    '张三任主任。'
    """
    if evidence is None:
        return {}
    memo = _evidence_memo
    if memo is None:
        return _flatten_evidence(evidence)
    hit = memo.get(id(evidence))
    if hit is not None and hit[0] is evidence:  # the object is kept in the memo: its id stays its own
        return hit[1]
    flat = memo[id(evidence)] = (evidence, _flatten_evidence(evidence))
    return flat[1]


def _flatten_evidence(evidence: Any) -> dict[str, str]:
    if isinstance(evidence, Mapping):
        evidence = [evidence]
    if isinstance(evidence, (list, tuple)) and all(type(e) is dict or isinstance(e, Mapping) for e in evidence):
        if not evidence:
            return {}
        texts = []
        for e in evidence:
            text = _scalar(e.get("text"))
            if text is not None:
                texts.append(" ".join(str(text).split()))
        out = {"evidence_json": _to_json_text(list(evidence))}
        if texts:
            out["evidence"] = EVIDENCE_SEPARATOR.join(texts)
        return out
    flat = flatten_value(evidence)
    return {} if flat is None else {"evidence": flat if isinstance(flat, str) else str(flat)}


@functools.lru_cache(maxsize=4096, typed=True)  # a few names on every node and edge
def _clean_name(key: Hashable) -> str:
    return clean_text(str(key))


def _flatten_dict(data: Mapping[Hashable, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = _clean_name(key)
        if not name:
            continue
        if name == "evidence":
            out.update(flatten_evidence(value))
            continue
        flat = flatten_value(value)
        if flat is not None:
            out[name] = flat
    return out


def common_type(types: set[type]) -> type:
    """One type for an attribute of several (networkx's rule: text over numbers, float over int)."""
    if len(types) == 1:
        return next(iter(types))
    if str in types:
        return str
    if float in types:
        return float
    return int  # {bool, int}


def _cast(value: Any, target: type) -> Any:
    if isinstance(value, target) and not (target is int and isinstance(value, bool)):
        return value
    if target is str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return repr(value) if isinstance(value, float) else str(value)
    return target(value)


def unify_types(dicts_by_domain: Mapping[str, list[dict[str, Any]]], *, joint: tuple[str, ...] = ("node", "edge")) -> dict[str, type]:
    """Give every attribute name one type, in place.

    Parameters
    ----------
    dicts_by_domain : mapping
        ``{"node": [attr dicts], "edge": [attr dicts], "graph": [attr dict]}`` of flattened values.
    joint : tuple of str
        Domains whose attributes share one type per name (nodes and edges by default, so that a
        ``weight`` or ``label`` means the same thing everywhere).

    Returns
    -------
    dict
        ``{name: type}`` for the joint domains.
    """
    seen: dict[str, set[type]] = defaultdict(set)
    big_ints: set[str] = set()
    for domain in joint:
        for d in dicts_by_domain.get(domain, ()):
            for k, v in d.items():
                seen[k].add(type(v))
                if type(v) is int and abs(v) > _JAVA_LONG:
                    big_ints.add(k)
    target = {k: common_type(ts) for k, ts in seen.items()}
    for k in big_ints:
        if target[k] is int:
            target[k] = str
    for domain in joint:
        for d in dicts_by_domain.get(domain, ()):
            for k, v in d.items():
                t = target[k]
                if type(v) is not t:
                    d[k] = _cast(v, t)
    for domain, dicts in dicts_by_domain.items():
        if domain in joint:
            continue
        for d in dicts:  # graph attributes: each value keeps its own type, big ints as text
            for k, v in list(d.items()):
                if type(v) is int and abs(v) > _JAVA_LONG:
                    d[k] = str(v)
    return target


def flatten_attributes(G: nx.Graph) -> nx.Graph:
    """Return a copy of ``G`` whose node, edge and graph attributes XML formats can write.

    Node keys and edge keys are kept; only attribute values change (see the module docstring for
    the rules). The input graph is not modified.

    Parameters
    ----------
    G : networkx.Graph
        Any networkx graph (the project passes a ``MultiDiGraph``).

    Returns
    -------
    networkx.Graph
        A graph of the same class with flattened attributes.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", aliases=["甲", "甲方"], subheadline=None, score=1)
    >>> G.add_node("b", score=2.5)
    >>> H = flatten_attributes(G)
    >>> H.nodes["a"]
    {'aliases': '甲|甲方', 'score': 1.0}
    """
    H = G.__class__()
    H.graph.update(_flatten_dict(G.graph))
    for n, data in G.nodes(data=True):
        H.add_node(n, **_flatten_dict(data))
    if G.is_multigraph():
        for u, v, k, data in G.edges(keys=True, data=True):
            H.add_edge(u, v, key=k, **_flatten_dict(data))
    else:
        for u, v, data in G.edges(data=True):
            H.add_edge(u, v, **_flatten_dict(data))
    node_dicts = [d for _, d in H.nodes(data=True)]
    edge_dicts = [d for *_, d in H.edges(data=True)]
    unify_types({"node": node_dicts, "edge": edge_dicts, "graph": [H.graph]})
    return H


# attributes that xml_graph() sets itself; a node or edge attribute of the same name is renamed
_STYLE_NODE_ATTRS = ("r", "g", "b", "size", "x", "y")


@dataclass
class XmlElements:
    """What GraphML and GEXF write, as plain lists (no networkx graph): see :func:`xml_elements`."""

    directed: bool
    graph: dict[str, Any]
    nodes: list[tuple[str, dict[str, Any]]]  # (id, attributes), in the order of G
    edges: list[tuple[str, str, str, dict[str, Any]]]  # (source id, target id, edge id, attributes)


def xml_elements(G: nx.Graph, positions: Mapping[Hashable, tuple[float, float]] | None = None, *, nmtoken_names: bool = False, flat: nx.Graph | None = None) -> XmlElements:
    """The nodes and edges of :func:`xml_graph` as lists, for the writers that stream them to a file.

    Building a networkx graph only to iterate over it again costs as much as writing a large file;
    the lists hold the same attribute dicts in the same order.
    """
    from kg.export import style  # local import: style imports this module

    if flat is None:
        flat = flatten_attributes(G)
    if positions is None:
        positions = style.layout_positions(G)
    sizes = style.node_sizes(G)
    ids = {n: f"n{i}" for i, n in enumerate(flat.nodes)}
    renamed: dict[str, str] = {}  # a few names on 70,000 elements: make each NMTOKEN once

    def rename(name: str) -> str:
        if not nmtoken_names:
            return name
        try:
            return renamed[name]
        except KeyError:
            renamed[name] = token = nmtoken(name)
            return token

    node_reserved = frozenset(_STYLE_NODE_ATTRS + ("key",))
    edge_reserved = frozenset(("key",))

    def _names(data: Mapping[str, Any], reserved: frozenset[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in data.items():
            name = rename(k)
            while name in reserved or name in out:
                name = f"{name}_"
            out[name] = v
        return out

    nodes: list[tuple[str, dict[str, Any]]] = []
    for n, data in flat.nodes(data=True):
        attrs = _names(data, node_reserved)
        attrs["key"] = clean_text(str(n)) or ids[n]
        label = attrs.get("label")
        if not isinstance(label, str) or not label.strip():
            attrs["label"] = attrs["key"]
        r, g, b = style.type_rgb(data.get("type"))
        x, y = positions.get(n, (0.0, 0.0))
        attrs.update(r=r, g=g, b=b, size=float(sizes.get(n, style.MIN_SIZE)), x=float(x), y=float(y))
        nodes.append((ids[n], attrs))
    edge_iter = flat.edges(keys=True, data=True) if flat.is_multigraph() else ((u, v, None, d) for u, v, d in flat.edges(data=True))
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    for i, (u, v, k, data) in enumerate(edge_iter):
        attrs = _names(data, edge_reserved)
        if k is not None:
            attrs["key"] = clean_text(str(k)) or str(k)
        if "label" not in attrs:
            rel = attrs.get("relation", attrs.get("key"))
            if rel is not None:
                title = attrs.get("title")
                attrs["label"] = f"{rel}: {title}" if isinstance(title, str) and title else str(rel)
        edges.append((ids[u], ids[v], f"e{i}", attrs))
    # a `label` or `key` added above may clash in type with an existing attribute of that name
    unify_types({"node": [d for _, d in nodes], "edge": [d for *_, d in edges]})
    return XmlElements(G.is_directed(), dict(flat.graph), nodes, edges)


def place_elements(el: XmlElements, flat: nx.Graph, positions: Mapping[Hashable, tuple[float, float]]) -> bool:
    """Set the nodes' ``x`` and ``y`` in ``el`` (made with other positions) to ``positions``, as
    :func:`xml_elements` would have set them; False, changing nothing, when it cannot (an edge
    attribute called ``x`` or ``y`` gave them another type than float)."""
    if el.nodes and not all(type(el.nodes[0][1].get(c)) is float for c in ("x", "y")):
        return False
    for (_, d), n in zip(el.nodes, flat.nodes, strict=True):
        x, y = positions.get(n, (0.0, 0.0))
        d["x"], d["y"] = float(x), float(y)
    return True


def names_are_nmtokens(flat: nx.Graph) -> bool:
    """Whether every node and edge attribute name of ``flat`` is already an XML NMTOKEN: then
    :func:`xml_elements` gives the same with and without ``nmtoken_names``, and GraphML and GEXF
    can share one (kg's own names always are)."""
    names: set[str] = set()
    for _, d in flat.nodes(data=True):
        names.update(d)
    for *_, d in flat.edges(data=True):
        names.update(d)
    return all(nmtoken(n) == n for n in names)


def xml_graph(G: nx.Graph, positions: Mapping[Hashable, tuple[float, float]] | None = None, *, nmtoken_names: bool = False, flat: nx.Graph | None = None) -> nx.MultiGraph:
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
    el = xml_elements(G, positions, nmtoken_names=nmtoken_names, flat=flat)
    H = nx.MultiDiGraph() if el.directed else nx.MultiGraph()
    H.graph.update(el.graph)
    H.add_nodes_from(el.nodes)
    H.add_edges_from(el.edges)  # add_edge(**attrs) would clash with `key`
    return H


def json_safe(value: Any) -> Any:
    """Turn a value into something :func:`json.dumps` writes as strict JSON.

    numpy scalars and arrays become Python numbers and lists, sets and tuples become lists (sets
    sorted), dict keys become strings, ``NaN`` and ``inf`` become ``None`` (``null``); strings are
    kept as they are (JSON can carry any character).

    Examples
    --------
    >>> json_safe({"w": float("inf"), "s": {"b", "a"}, 1: (2, 3)})
    {'w': None, 's': ['a', 'b'], '1': [2, 3]}
    """
    t = type(value)
    if t is str or t is int or t is bool or value is None:
        return value
    if t is float:
        return value if math.isfinite(value) else None
    if t is dict:
        return {k if type(k) is str else str(k): json_safe(v) for k, v in value.items()}
    if t is list or t is tuple:
        return [json_safe(v) for v in value]
    if isinstance(value, (str, bool)):
        return value
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return [json_safe(v) for v in sorted(value, key=str)]
    if hasattr(value, "tolist"):  # numpy scalar or array
        return json_safe(value.tolist())
    if isinstance(value, numbers.Real):
        return _number(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)
