"""What the HTML page needs beyond the drawing, computed once at export: groups, top lists, dates.

* **Quiet relations**: MENTIONS (article -> entity) and CO_OCCURS (same sentence) are most of the
  edges of a real corpus and turn the picture into one grey ball; once a graph is larger than a
  page (:data:`PAGE_NODES`) the page opens with them off (their checkboxes stay) and the layout is
  computed on the other relations (:func:`structure_positions`).
* **Groups**: Louvain communities (:func:`networkx.community.louvain_communities`, seeded, so the same
  graph gets the same groups) of the undirected entity graph with every relation between two
  entities, weighted, isolated entities left out: the way ``notebooks/explore.ipynb`` computes them.
* **Top entities per type**: by mentions, else by degree, for the lists beside the drawing.
* **Dates** for the timeline: an ARTICLE's ``date``; an entity's or an edge's ``dates`` (the distinct
  ISO dates of its evidence; a list, or a ``|``-joined string as in GraphML), else its
  ``first_seen``/``last_seen``. Anything that is not an ISO ``YYYY-MM-DD`` date is ignored, and an
  element without a date stays visible whatever the range.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from kg import types
from kg.export import style
from kg.types import ARTICLE

__all__ = [
    "PAGE_NODES",
    "GROUP_COLORS",
    "GROUP_SEED",
    "TOP_PER_TYPE",
    "quiet_relations",
    "structure_positions",
    "louvain_groups",
    "top_entities",
    "element_dates",
    "day_counts",
    "group_records",
]

# a newspaper page gives about 80-150 nodes (the sample page: 84); a graph bigger than a few pages
# is drawn without the quiet relations at first
PAGE_NODES = 300
GROUP_SEED = 1  # the notebook's seed
TOP_PER_TYPE = 10
# the biggest groups get a colour each (Tableau 20 without the greys); the others share GROUP_OTHER
GROUP_COLORS = (
    "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7",
    "#9C755F", "#A0CBE8", "#FFBE7D", "#8CD17D", "#B6992D", "#F1CE63", "#86BCB6", "#D37295",
    "#FABFD2", "#D4A6C8",
)
GROUP_OTHER = "#C8C8C8"
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def _is_article(data: Mapping[str, Any]) -> bool:
    return str(data.get("type", "")).upper() == ARTICLE


def _relation(key: Any, data: Mapping[str, Any]) -> str:
    rel = data.get("relation")
    return str(rel if rel not in (None, "") else key if key is not None else "RELATED")


def _edges(G: nx.Graph) -> Iterable[tuple[Hashable, Hashable, Any, Mapping[str, Any]]]:
    if G.is_multigraph():
        return G.edges(keys=True, data=True)
    return ((u, v, None, d) for u, v, d in G.edges(data=True))


def _weight(data: Mapping[str, Any]) -> float:
    try:
        w = float(data.get("weight", 1))
    except (TypeError, ValueError):
        return 1.0
    return w if w > 0 and w == w and w != float("inf") else 1.0


def quiet_relations(n_shown: int, relations: Iterable[str]) -> list[str]:
    """The relations the page opens with switched off: the quiet ones present, on graphs larger than a page."""
    present = set(relations)
    if n_shown <= PAGE_NODES:
        return []
    return [r.name for r in types.RELATIONS.values() if r.quiet and r.name in present]


def structure_positions(G: nx.Graph, hidden: Sequence[str], spacing: float = 120.0) -> dict[Hashable, tuple[float, float]]:
    """Positions for a page that opens without the ``hidden`` relations.

    The nodes joined by the other relations are laid out together (:func:`kg.export.style.layout_positions`);
    the rest, which the page hides at first, go on a grid below them, so they neither stretch nor
    crowd the picture the page opens on.
    """
    hidden_set = set(hidden)
    kept = [(u, v, {"weight": _weight(d)}) for u, v, k, d in _edges(G) if u != v and _relation(k, d) not in hidden_set]
    linked_set = {n for u, v, _d in kept for n in (u, v)}
    S = nx.MultiGraph()  # a plain graph: layout over nested subgraph views is several times slower
    S.add_nodes_from(n for n in G if n in linked_set)
    S.add_edges_from(kept)
    pos = dict(style.layout_positions(S, spacing=spacing)) if linked_set else {}
    rest = [n for n in G if n not in linked_set]
    if rest:
        step = spacing * 1.5
        if pos:
            xs = [p[0] for p in pos.values()]
            left, bottom = min(xs), min(p[1] for p in pos.values())
            cols = max(1, int((max(xs) - left) / step) + 1)
        else:
            left, bottom, cols = 0.0, 0.0, max(1, math.ceil(math.sqrt(len(rest))))
        top = bottom - 2 * step
        for k, n in enumerate(rest):
            pos[n] = (round(left + (k % cols) * step, 2), round(top - (k // cols) * step, 2))
    return pos


def louvain_groups(G: nx.Graph, nodes: Sequence[Hashable], *, seed: int = GROUP_SEED) -> list[list[Hashable]]:
    """Louvain communities of the entities among ``nodes``, biggest first (ties: first member in ``nodes``).

    The graph: entities (not articles) of ``nodes``; an undirected edge for each pair joined by any
    relation, weighted by the sum of the relations' weights; isolated entities belong to no group.
    """
    order = {n: i for i, n in enumerate(nodes)}
    H = nx.Graph()
    for n in nodes:
        if not _is_article(G.nodes[n]):
            H.add_node(order[n])
    for u, v, _k, d in _edges(G):
        if u == v or u not in order or v not in order:
            continue
        a, b = order[u], order[v]
        if a not in H or b not in H:
            continue
        w = _weight(d)
        if H.has_edge(a, b):
            H[a][b]["weight"] += w
        else:
            H.add_edge(a, b, weight=w)
    H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0])
    if H.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(H, weight="weight", seed=seed)
    ranked = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    return [[nodes[i] for i in c] for c in ranked]


def top_entities(G: nx.Graph, nodes: Sequence[Hashable], types: Iterable[str], per_type: int = TOP_PER_TYPE) -> list[dict[str, Any]]:
    """For each entity type, its ``per_type`` top nodes among ``nodes`` by mentions, else by degree.

    Returns ``[{"type", "by": "mentions" | "degree", "items": [[index in nodes, count], ...]}]``; the
    type is ranked by mentions when any of its nodes has them.
    """
    index = {n: i for i, n in enumerate(nodes)}
    by_type: dict[str, list[Hashable]] = {}
    for n in nodes:
        d = G.nodes[n]
        if _is_article(d):
            continue
        by_type.setdefault(str(d.get("type") or "UNKNOWN"), []).append(n)
    out = []
    for t in types:
        members = by_type.get(t)
        if not members:
            continue
        mentions = {n: _count(G.nodes[n].get("mentions")) for n in members}
        if any(m > 0 for m in mentions.values()):
            by, score = "mentions", mentions
        else:
            by, score = "degree", {n: G.degree(n) for n in members}
        ranked = sorted(members, key=lambda n: (-score[n], index[n]))[:per_type]
        out.append({"type": t, "by": by, "items": [[index[n], score[n]] for n in ranked]})
    return out


def _count(value: Any) -> int:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return 0
    return int(f) if f == f and f not in (float("inf"), float("-inf")) else 0


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    m = _ISO_DATE.match(str(value).strip())
    if not m:
        return None
    year, month, day = (int(x) for x in m.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return m.group(0)


def element_dates(data: Mapping[str, Any]) -> list[str]:
    """The sorted distinct ISO dates of a node or an edge (see the module docstring); ``[]`` if none.

    Examples
    --------
    >>> element_dates({"dates": "2020-02-12|2020-02-11", "first_seen": "2020-02-11"})
    ['2020-02-11', '2020-02-12']
    >>> element_dates({"type": "ARTICLE", "date": "2020-02-11"})
    ['2020-02-11']
    >>> element_dates({"type": "PERSON", "dates": ["2月11日"]})
    []
    """
    raw = data.get("dates")
    values: list[Any] = []
    if isinstance(raw, str):
        values = raw.split("|")
    elif isinstance(raw, (list, tuple, set, frozenset)):
        values = list(raw)
    found = {d for d in map(_iso, values) if d}
    if not found:
        found = {d for d in (_iso(data.get("first_seen")), _iso(data.get("last_seen"))) if d}
    if not found and _is_article(data):
        d = _iso(data.get("date"))
        if d:
            found = {d}
    return sorted(found)


def day_counts(dates: Sequence[str], node_days: Sequence[list[int]], node_is_article: Sequence[bool],
               edge_days: Sequence[list[int]]) -> list[list[int]]:
    """Per day of ``dates``: [reports, entities, relations] dated that day."""
    counts = [[0, 0, 0] for _ in dates]
    for days, is_article in zip(node_days, node_is_article, strict=True):
        for k in days:
            counts[k][0 if is_article else 1] += 1
    for days in edge_days:
        for k in days:
            counts[k][2] += 1
    return counts


def group_records(G: nx.Graph, groups: list[list[Hashable]], index: Mapping[Hashable, int],
                  importance: Mapping[Hashable, float]) -> list[dict[str, Any]]:
    """Legend records of the groups: colour, size, the most important member (its index and label), type mix."""
    out = []
    for g, members in enumerate(groups):
        lead = max(members, key=lambda n: (importance.get(n, 0.0), -index[n]))
        types = Counter(str(G.nodes[n].get("type") or "UNKNOWN") for n in members)
        out.append({
            "color": GROUP_COLORS[g] if g < len(GROUP_COLORS) else GROUP_OTHER,
            "size": len(members),
            "lead": index[lead],
            "types": [[t, c] for t, c in types.most_common()],
        })
    return out
