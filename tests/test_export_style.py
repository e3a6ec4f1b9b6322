"""kg.export.style: colours, sizes, the seeded layout (timed at 2,000 and 6,000 nodes), node selection."""
from __future__ import annotations

import math
import time

import networkx as nx
import numpy as np
import pytest
from export_fixtures import generated_graph, small_graph

from kg import types
from kg.export import style


def test_type_colors_are_fixed_and_distinct():
    colors = [style.type_color(t) for t in types.NODE_TYPES]
    assert len(set(colors)) == len(colors)
    assert style.type_color("person") == types.NODE_TYPES["PERSON"].colour
    assert style.type_color("EVENT") == style.type_color("EVENT") not in colors
    assert style.type_color(None) == style.UNKNOWN_COLOR
    assert style.type_rgb("PERSON") == (0xE1, 0x57, 0x59)


def test_sizes_follow_mentions_then_degree():
    G = small_graph()
    sizes = style.node_sizes(G)
    assert all(style.MIN_SIZE <= s <= style.MAX_SIZE for s in sizes.values())
    assert sizes["OFFICE:青山街道办事处"] == style.MAX_SIZE  # most mentions
    assert sizes["OFFICE:青山街道办事处"] > sizes["PERSON:张伟"] > sizes["PERSON:李明"]
    cap = style.MIN_SIZE + (style.MAX_SIZE - style.MIN_SIZE) * style.ARTICLE_SIZE_SHARE
    assert sizes["sample_page-1"] <= cap + 1e-9
    empty = nx.MultiDiGraph()
    empty.add_node("x")
    assert style.node_sizes(empty) == {"x": style.MIN_SIZE}


def test_layout_is_deterministic_and_finite():
    G = small_graph()
    a = style.layout_positions(G)
    b = style.layout_positions(G)
    assert a == b
    assert set(a) == set(G.nodes)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in a.values())
    assert style.layout_positions(G, seed=1) != a
    assert style.layout_positions(nx.MultiDiGraph()) == {}


def test_layout_separates_nodes_and_keeps_neighbours_close():
    G = small_graph()
    pos = style.layout_positions(G)
    pts = np.array(list(pos.values()))
    d = np.sqrt(((pts[:, None] - pts[None]) ** 2).sum(-1))
    np.fill_diagonal(d, np.inf)
    assert d.min() > 10, "no two nodes on top of each other"
    idx = {n: i for i, n in enumerate(pos)}
    edge = np.mean([d[idx[u], idx[v]] for u, v in G.edges() if u != v])
    assert edge < np.mean(d[np.isfinite(d)]) * 1.2


def _einsum_repulsion(pos, picked):
    """The sampled repulsion as first written: two einsum calls over all (node, sample) deltas."""
    delta = pos[:, None, :] - picked[None, :, :]
    dist2 = np.einsum("ijk,ijk->ij", delta, delta)
    dist2[dist2 == 0] = np.inf
    np.maximum(dist2, 1e-4, out=dist2)
    return np.einsum("ijk,ij->ik", delta, 1.0 / dist2)


@pytest.mark.parametrize("n", [1, 2, 5, 1001, 2047, 2048, 2049, 2050, 4097, 5000, 6145])
def test_sampled_repulsion_equals_the_einsum_form_bit_for_bit(n):
    """The blocked repulsion gives the very numbers of the einsum form (the layout, and so every
    file's positions, stay the same), also for a node sampled itself, two nodes at one place, and
    a last block of one node (2049, 4097, 6145: numpy sums a single column pairwise)."""
    rng = np.random.default_rng(n)
    pos = rng.uniform(-40, 40, size=(n, 2))
    if n > 1:
        pos[1] = pos[0]
    idx = rng.choice(n, size=min(n, 200), replace=False)
    idx[0] = 0
    assert style._sampled_repulsion(pos, pos[idx]).tobytes() == _einsum_repulsion(pos, pos[idx]).tobytes()


def test_layout_handles_components_and_isolated_nodes():
    G = nx.MultiDiGraph()
    G.add_edges_from([("a", "b"), ("b", "c"), ("x", "y")])
    G.add_nodes_from(["lonely1", "lonely2"])
    pos = style.layout_positions(G)
    pts = np.array(list(pos.values()))
    d = np.sqrt(((pts[:, None] - pts[None]) ** 2).sum(-1))
    np.fill_diagonal(d, np.inf)
    assert d.min() > 50, "components and isolated nodes do not overlap"


@pytest.mark.parametrize("n_nodes", [2000, 6000])
def test_layout_time(n_nodes):
    G = generated_graph(n_nodes)
    start = time.perf_counter()
    pos = style.layout_positions(G)
    seconds = time.perf_counter() - start
    print(f"\nlayout of {n_nodes} nodes / {G.number_of_edges()} edges: {seconds:.2f} s")
    assert len(pos) == n_nodes
    assert len(set(pos.values())) > n_nodes * 0.99
    assert seconds < 30, "generous bound: measured about 1 s (2,000) and 2 s (6,000) on one core"


def test_select_top_nodes():
    G = generated_graph(600)
    keep = style.select_top_nodes(G, 200)
    assert len(keep) == 200
    assert keep == [n for n in G if n in set(keep)], "graph order is kept"
    articles = [n for n in keep if G.nodes[n]["type"] == "ARTICLE"]
    assert len(articles) <= 200 * 0.2
    imp = style.importance(G)
    entities = [n for n in G if G.nodes[n]["type"] != "ARTICLE"]
    kept_entities = [n for n in keep if G.nodes[n]["type"] != "ARTICLE"]
    dropped = set(entities) - set(kept_entities)
    assert min(imp[n] for n in kept_entities) >= max(imp[n] for n in dropped)
    assert style.select_top_nodes(G, 10_000) == list(G)
    small = small_graph()
    assert len(style.select_top_nodes(small, 5)) == 5
    with pytest.raises(ValueError):
        style.select_top_nodes(small, -1)
