"""How the graph looks when it opens: colours by type, sizes by importance, a precomputed layout.

Gephi (GraphML ``r``/``g``/``b``/``size``/``x``/``y``, GEXF ``viz:*``) and the HTML page use the same
colours, sizes and positions, so a node looks the same everywhere.

* Colours: one fixed colour per entity type and relation, from the registry (:mod:`kg.types`,
  colour-blind-friendly Tableau 10); a type nobody registered gets a colour chosen by a stable hash of
  its name, so it keeps its colour from run to run.
* Sizes: by ``mentions`` when the node has them, else by degree, on a square-root scale between
  :data:`MIN_SIZE` and :data:`MAX_SIZE`; articles (hubs by construction, they MENTION everything
  in them) at most :data:`ARTICLE_SIZE_SHARE` of the way up.
* Layout: :func:`layout_positions`, a force-directed (Fruchterman-Reingold) layout written with numpy
  and seeded, so the same graph always gets the same picture. networkx's ``spring_layout`` needs
  scipy beyond 500 nodes and is slow at 6,000; here every connected component is laid out on its own
  (exact repulsion up to :data:`EXACT_REPULSION_MAX` nodes, repulsion from a seeded random sample of
  nodes beyond that, O(n * sample) per iteration) and the components are packed in rows, largest
  first. About 0.8 s for 2,000 nodes and 2 s for 6,000 on one core.
* :func:`select_top_nodes` picks what the HTML page shows when the graph is too big for a browser.
"""
from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping

import networkx as nx
import numpy as np

from kg import types
from kg.types import ARTICLE

__all__ = [
    "MIN_SIZE",
    "MAX_SIZE",
    "EXACT_REPULSION_MAX",
    "type_color",
    "type_rgb",
    "relation_color",
    "importance",
    "node_sizes",
    "layout_positions",
    "select_top_nodes",
]

UNKNOWN_COLOR = "#C0C0C0"  # a node or edge with no type at all
MIN_SIZE = 10.0
MAX_SIZE = 50.0
ARTICLE_SIZE_SHARE = 0.4
EXACT_REPULSION_MAX = 1000
GRAVITY = 0.05
REPULSION_SAMPLE = 400
REPULSION_SAMPLE_HALVED_ABOVE = 4000  # components bigger than this sample half as many nodes


def type_color(node_type: object) -> str:
    """Hex colour (``#RRGGBB``) of an entity type.

    Examples
    --------
    >>> type_color("PERSON")
    '#E15759'
    >>> type_color("EVENT") == type_color("EVENT")
    True
    """
    if not isinstance(node_type, str) or not node_type:
        return UNKNOWN_COLOR
    return types.node_type(node_type).colour


def type_rgb(node_type: object) -> tuple[int, int, int]:
    """The colour of :func:`type_color` as three ints 0-255 (Gephi's GraphML ``r``, ``g``, ``b``)."""
    h = type_color(node_type).lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def relation_color(relation: object) -> str:
    """Hex colour of an edge relation (used by the HTML page)."""
    if not isinstance(relation, str) or not relation:
        return UNKNOWN_COLOR
    return types.relation(relation).colour


def _number(value: object) -> float | None:
    try:
        f = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def importance(G: nx.Graph) -> dict[Hashable, float]:
    """A node's weight for sizing and ranking: its ``mentions``, or its degree when it has none.

    Examples
    --------
    >>> G = nx.MultiDiGraph(); G.add_node("a", mentions=5); _ = G.add_edge("b", "c")
    >>> importance(G)
    {'a': 5.0, 'b': 1.0, 'c': 1.0}
    """
    out: dict[Hashable, float] = {}
    for n, data in G.nodes(data=True):
        m = _number(data.get("mentions"))
        out[n] = m if m is not None and m > 0 else float(G.degree(n))
    return out


def node_sizes(G: nx.Graph, min_size: float = MIN_SIZE, max_size: float = MAX_SIZE) -> dict[Hashable, float]:
    """Node sizes between ``min_size`` and ``max_size``, on a square-root scale of :func:`importance`.

    Returns
    -------
    dict
        ``{node: size}``, rounded to 0.01.
    """
    imp = importance(G)
    is_article = {n: str(G.nodes[n].get("type", "")).upper() == ARTICLE for n in G}
    # the scale is set by the entities; articles are hubs by construction and must not dominate
    top = max((v for n, v in imp.items() if not is_article[n]), default=0.0) or max(imp.values(), default=0.0)
    if top <= 0:
        return {n: float(min_size) for n in G}
    root = math.sqrt(top)
    sizes = {}
    for n, v in imp.items():
        share = min(1.0, math.sqrt(max(v, 0.0)) / root)
        if is_article[n]:
            share = min(share, ARTICLE_SIZE_SHARE)
        sizes[n] = round(min_size + (max_size - min_size) * share, 2)
    return sizes


# --------------------------------------------------------------------------------------- layout


REPULSION_BLOCK = 2048  # nodes whose sampled repulsion is computed together: their arrays stay in cache


def _sampled_repulsion(pos: np.ndarray, picked: np.ndarray) -> np.ndarray:
    """Sum over the sampled nodes of delta / |delta|^2, for every node: the (n, 2) repulsion.

    Written first as two einsum calls over an (n, sample, 2) array of deltas; this gives the same
    numbers to the last bit (the same products, and the sum over the sample taken in the same
    order, one sampled node after another) about five times faster: x and y apart in (sample,
    block) arrays that stay in the CPU cache, and the sum as a reduction over the first axis,
    which numpy runs as one vectorised addition per sampled node. (The layout was the longest
    single step of writing a corpus-sized graph.) tests/test_export_style.py compares the two."""
    n = len(pos)
    if n < 2:  # one column: numpy would sum it pairwise (see below); the einsum form instead
        delta = pos[:, None, :] - picked[None, :, :]
        dist2 = np.einsum("ijk,ijk->ij", delta, delta)
        dist2[dist2 == 0] = np.inf
        np.maximum(dist2, 1e-4, out=dist2)
        return np.einsum("ijk,ij->ik", delta, 1.0 / dist2)
    disp = np.empty_like(pos)
    px, py = pos[:, 0], pos[:, 1]
    sx, sy = picked[:, 0, None], picked[:, 1, None]
    starts = list(range(0, n, REPULSION_BLOCK))
    if n - starts[-1] == 1:
        # a block of one column is a contiguous 1-D reduction, which numpy sums pairwise (other
        # last bits); with two columns or more it adds one sampled node after another
        starts.pop()
    for lo, hi in zip(starts, starts[1:] + [n]):
        dx = px[None, lo:hi] - sx
        dy = py[None, lo:hi] - sy
        dist2 = dx * dx + dy * dy
        dist2[dist2 == 0] = np.inf  # the node itself, if sampled
        np.maximum(dist2, 1e-4, out=dist2)
        np.divide(1.0, dist2, out=dist2)
        dx *= dist2
        dy *= dist2
        disp[lo:hi, 0] = np.add.reduce(dx, axis=0)
        disp[lo:hi, 1] = np.add.reduce(dy, axis=0)
    return disp


def _fruchterman_reingold(n: int, src: np.ndarray, dst: np.ndarray, w: np.ndarray, rng: np.random.Generator, iterations: int) -> np.ndarray:
    """Lay out one connected component; the optimal edge length is 1. Returns an (n, 2) array."""
    if n == 1:
        return np.zeros((1, 2))
    side = math.sqrt(n)
    pos = rng.uniform(-side / 2, side / 2, size=(n, 2))
    exact = n <= EXACT_REPULSION_MAX
    # big components: a smaller sample per iteration is still an unbiased estimate of the repulsion
    sample = min(n, REPULSION_SAMPLE if n <= REPULSION_SAMPLE_HALVED_ABOVE else REPULSION_SAMPLE // 2)
    temperature = side / 4
    cool = temperature / (iterations + 1)
    wlog = 1.0 + np.log1p(np.maximum(w - 1.0, 0.0))  # heavy edges pull harder, but not linearly
    for _ in range(iterations):
        # repulsion k^2 / d, k = 1
        if exact:
            delta = pos[:, None, :] - pos[None, :, :]
            dist2 = np.einsum("ijk,ijk->ij", delta, delta)
            np.fill_diagonal(dist2, np.inf)
            np.maximum(dist2, 1e-4, out=dist2)
            disp = np.einsum("ijk,ij->ik", delta, 1.0 / dist2)
        else:
            idx = rng.choice(n, size=sample, replace=False)
            disp = _sampled_repulsion(pos, pos[idx]) * (n / sample)
        # attraction d^2 / k along edges
        if len(src):
            d = pos[src] - pos[dst]
            dist = np.sqrt(np.einsum("ij,ij->i", d, d)) + 1e-9
            f = d * (dist * wlog)[:, None]
            for axis in (0, 1):
                disp[:, axis] -= np.bincount(src, weights=f[:, axis], minlength=n)
                disp[:, axis] += np.bincount(dst, weights=f[:, axis], minlength=n)
        # weak gravity keeps leaves of huge hubs from drifting away
        disp -= pos * (GRAVITY / side)
        length = np.sqrt(np.einsum("ij,ij->i", disp, disp)) + 1e-9
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cool
    pos -= pos.mean(axis=0)
    return pos


def _landscape(pos: np.ndarray) -> np.ndarray:
    """Rotate a layout so that its long axis is horizontal (screens are wider than tall)."""
    centred = pos - pos.mean(axis=0)
    cov = centred.T @ centred
    vals, vecs = np.linalg.eigh(cov)  # ascending eigenvalues
    major = vecs[:, 1]
    if major[0] < 0 or (major[0] == 0 and major[1] < 0):
        major = -major  # a deterministic orientation
    rot = np.array([[major[0], major[1]], [-major[1], major[0]]])
    return centred @ rot.T


def _pack(blocks: list[np.ndarray], gap: float = 2.0) -> list[np.ndarray]:
    """Place laid-out components (largest first) in rows, left to right."""
    extents = [(b.max(axis=0) - b.min(axis=0)) if len(b) > 1 else np.zeros(2) for b in blocks]
    total_area = sum((e[0] + gap) * (e[1] + gap) for e in extents)
    row_width = max(math.sqrt(total_area) * 1.2, max((e[0] for e in extents), default=0.0))
    placed, x, y, row_height = [], 0.0, 0.0, 0.0
    for block, ext in zip(blocks, extents, strict=True):
        if x > 0 and x + ext[0] > row_width:
            x, y, row_height = 0.0, y - row_height - gap, 0.0
        lo = block.min(axis=0)
        placed.append(block - lo + np.array([x, y - ext[1]]))
        x += ext[0] + gap
        row_height = max(row_height, ext[1])
    return placed


def layout_positions(
    G: nx.Graph,
    *,
    seed: int = 42,
    iterations: int | None = None,
    spacing: float = 120.0,
) -> dict[Hashable, tuple[float, float]]:
    """Deterministic force-directed positions for every node of ``G``.

    Parameters
    ----------
    G : networkx.Graph
        Any graph; directions and parallel edges are merged (``weight`` summed) for the layout.
    seed : int
        Seed of the random start positions and repulsion samples: same graph, same seed, same layout.
    iterations : int, optional
        Force iterations per component; by default 100 for small graphs, fewer for big ones.
    spacing : float
        Length of an edge at rest, in output units (Gephi and vis-network units).

    Returns
    -------
    dict
        ``{node: (x, y)}`` with floats rounded to 0.01, centred on (0, 0); ``y`` grows upwards.

    Notes
    -----
    Measured on one core: about 0.8 s for 2,000 nodes and 4,000 edges, about 2 s for 6,000 nodes
    and 12,000 edges (``tests/test_export_style.py`` prints the timings). A single connected layout
    is rotated so that its long axis is horizontal.

    Examples
    --------
    >>> pos = layout_positions(nx.path_graph(3))
    >>> pos == layout_positions(nx.path_graph(3))
    True
    """
    nodes = list(G.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    if iterations is None:
        iterations = 300 if n <= 200 else 100 if n <= 1000 else 60 if n <= 4000 else 40
    index = {v: i for i, v in enumerate(nodes)}
    weights: dict[tuple[int, int], float] = {}
    for u, v, data in G.edges(data=True):
        i, j = index[u], index[v]
        if i == j:
            continue
        a, b = (i, j) if i < j else (j, i)
        w = _number(data.get("weight")) if isinstance(data, Mapping) else None
        weights[(a, b)] = weights.get((a, b), 0.0) + (w if w is not None and w > 0 else 1.0)
    U = nx.Graph()
    U.add_nodes_from(range(n))
    U.add_edges_from(weights)
    components = sorted((sorted(c) for c in nx.connected_components(U)), key=lambda c: (-len(c), c[0]))
    rng = np.random.default_rng(seed)
    singles = [c[0] for c in components if len(c) == 1]
    blocks: list[np.ndarray] = []
    members: list[list[int]] = []
    comp_of = {g: c for c, comp in enumerate(components) for g in comp}
    edges_of: dict[int, list[tuple[int, int, float]]] = {}
    for (a, b), w in weights.items():  # one pass over the edges, not one per component
        edges_of.setdefault(comp_of[a], []).append((a, b, w))
    for c, comp in enumerate(components):
        if len(comp) == 1:
            continue
        local = {g: k for k, g in enumerate(comp)}
        pairs = [(local[a], local[b], w) for a, b, w in edges_of.get(c, ())]
        src = np.array([p[0] for p in pairs], dtype=np.intp)
        dst = np.array([p[1] for p in pairs], dtype=np.intp)
        w = np.array([p[2] for p in pairs], dtype=float)
        blocks.append(_fruchterman_reingold(len(comp), src, dst, w, rng, iterations))
        members.append(comp)
    if singles:  # isolated nodes: a square grid, one edge length apart
        cols = max(1, math.ceil(math.sqrt(len(singles))))
        grid = np.array([(k % cols, -(k // cols)) for k in range(len(singles))], dtype=float) * 1.5
        blocks.append(grid)
        members.append(singles)
    if len(blocks) == 1 and len(members[0]) > 2:
        blocks[0] = _landscape(blocks[0])
    placed = _pack(blocks)
    out = np.zeros((n, 2))
    for block, comp in zip(placed, members, strict=True):
        out[comp] = block
    out -= (out.max(axis=0) + out.min(axis=0)) / 2
    out *= spacing
    return {nodes[i]: (round(float(out[i, 0]), 2), round(float(out[i, 1]), 2)) for i in range(n)}


# ------------------------------------------------------------------------------------ selection


def select_top_nodes(G: nx.Graph, max_nodes: int, *, article_share: float = 0.2, article_type: str = ARTICLE) -> list[Hashable]:
    """The ``max_nodes`` most important nodes, for views that cannot show everything.

    Entities are ranked by :func:`importance` (mentions, else degree), then degree, then label.
    Article nodes have a high degree (they MENTION everything in them) but say little in a picture,
    so at most ``article_share`` of the places go to articles (the best connected ones); places the
    entities do not fill go to further articles.

    Parameters
    ----------
    G : networkx.Graph
    max_nodes : int
        How many nodes to keep (all of them when the graph is not bigger).
    article_share : float
        Largest fraction of ``max_nodes`` given to ARTICLE nodes.

    Returns
    -------
    list
        Node keys, in the order of ``G``.
    """
    if max_nodes < 0:
        raise ValueError("max_nodes must be >= 0")
    if G.number_of_nodes() <= max_nodes:
        return list(G.nodes)
    imp = importance(G)
    degree = dict(G.degree())

    def rank(nodes: Iterable[Hashable]) -> list[Hashable]:
        return sorted(nodes, key=lambda v: (-imp[v], -degree[v], str(G.nodes[v].get("label", v)), str(v)))

    is_article = {v: str(G.nodes[v].get("type", "")).upper() == article_type for v in G}
    articles = rank(v for v in G if is_article[v])
    entities = rank(v for v in G if not is_article[v])
    n_articles = min(len(articles), int(max_nodes * article_share))
    n_entities = min(len(entities), max_nodes - n_articles)
    n_articles = min(len(articles), max_nodes - n_entities)
    keep = set(articles[:n_articles]) | set(entities[:n_entities])
    return [v for v in G if v in keep]
