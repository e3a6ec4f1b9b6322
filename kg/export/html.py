"""One self-contained HTML page to explore the graph in a browser, offline.

``graph.html`` draws the graph with vis-network (the library pyvis uses), with a legend of
colours by entity type, checkboxes to filter by type and by relation, a search box (name or alias)
that focuses a node, and a panel that shows a node's type, aliases, mentions and its relations
grouped by type with their evidence sentences and article headlines; clicking a node highlights its
neighbourhood, *Reset view* clears it. For a corpus (see :mod:`kg.export.page_views` for what is
computed here): a graph larger than a page opens without MENTIONS and CO_OCCURS, laid out on the
other relations; a node's 1- or 2-step neighbourhood can be shown alone, with *Back*; the top
entities of each type are listed; Louvain groups can colour the nodes and be shown alone; a
date range filters what is drawn when the graph has dates; labels are placed by importance and
zoom so that they do not overlap.

Why the page is generated here rather than by ``pyvis.Network.write_html``:

* pyvis's ``cdn_resources="in_line"`` still links Bootstrap (and tom-select, for its menus) from a
  CDN, so the page breaks offline and leaks requests; here vis-network's JavaScript is read from the copy bundled
  with pyvis (``pyvis/lib/vis-9.1.2/vis-network.min.js``) and inlined, nothing else is needed, and a
  ``Content-Security-Policy`` forbids any request;
* pyvis writes with the locale's encoding; this file is written as UTF-8 and says so;
* pyvis's template inserts labels as HTML; here every text from the graph goes through
  ``textContent`` or :func:`html.escape`, and the embedded JSON escapes ``<``, ``>`` and ``&``, so a
  label like ``<script>`` shows as text;
* pyvis lays the graph out with physics in the browser, which keeps a page of thousands of nodes
  busy long after it opens; here the positions come from :func:`kg.export.style.layout_positions`
  and physics is off, so the page is usable as soon as it is drawn (a 5,000-node page with 21,000
  edges: about 2 s in headless Chromium, see BENCHMARKS.md).

Text uses a CJK font stack (Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC ...).
A graph bigger than ``max_nodes`` is cut to its most important nodes
(:func:`kg.export.style.select_top_nodes`: by mentions, else degree; at most a fifth articles) and
the page says so in a visible notice; the other formats always hold the whole graph.
"""
from __future__ import annotations

import html as _html
import json
import os
import re
from collections import Counter
from collections.abc import Hashable, Mapping
from importlib import resources
from typing import Any

import networkx as nx

from kg.errors import OutputError
from kg.export import page_views as views
from kg.export import style
from kg.export.atomic import atomic_path
from kg.export.attributes import json_safe
from kg import types as kg_types
from kg.types import ARTICLE

__all__ = ["write_html", "render_html", "page_data", "DEFAULT_TITLE", "MAX_EVIDENCE_PER_EDGE"]

DEFAULT_TITLE = "Knowledge graph"
MAX_EVIDENCE_PER_EDGE = 20
VIS_JS = ("pyvis", "lib/vis-9.1.2/vis-network.min.js")
_ARTICLE_FIELDS = ("headline", "subheadline", "unit", "date", "authors", "source")
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN
        return None
    s = str(value).strip()
    return s or None


def _str_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return [str(v) for v in items if v is not None and str(v).strip()]
    return [str(value)]


def _number(value: Any) -> float | int | None:
    value = json_safe(value)
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _evidence(value: Any) -> list[list[str | None]]:
    if isinstance(value, Mapping):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return []
    out = []
    for ev in value:
        if isinstance(ev, Mapping):
            text = _text(ev.get("text"))
            if text:
                out.append([" ".join(text.split()), _text(ev.get("article"))])
        elif _text(ev):
            out.append([_text(ev), None])
    # a sentence that names the body of several statements (the body, then what it did) is shown once
    return [item for i, item in enumerate(out) if item not in out[:i]]


def _induced(G: nx.Graph, keep: list) -> nx.Graph:
    """G's subgraph on `keep`, its nodes and edges in G's order. (networkx's subgraph view lists a
    node set smaller than half the graph in the set's order, which changes with PYTHONHASHSEED: the
    page of a large graph would differ from run to run.)"""
    kept = set(keep)
    sub = G.__class__()
    sub.graph.update(G.graph)
    sub.add_nodes_from((n, d) for n, d in G.nodes(data=True) if n in kept)
    if G.is_multigraph():
        sub.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if u in kept and v in kept)
    else:
        sub.add_edges_from((u, v, d) for u, v, d in G.edges(data=True) if u in kept and v in kept)
    return sub


def page_data(
    G: nx.Graph,
    max_nodes: int = 2000,
    title: str | None = None,
    positions: Mapping[Hashable, tuple[float, float]] | None = None,
) -> dict[str, Any]:
    """The data the page embeds: the nodes and edges shown, legend entries, article headlines.

    Parameters
    ----------
    G : networkx.Graph
    max_nodes : int
        Most nodes to show; beyond it :func:`kg.export.style.select_top_nodes` picks them.
    title : str, optional
    positions : mapping, optional
        ``{node: (x, y)}`` for at least the shown nodes; computed on the shown subgraph if omitted.

    Returns
    -------
    dict
        ``meta`` (counts, ``truncated``), ``types`` and ``relations`` (name, colour, count),
        ``articles`` (article id -> headline, for every ARTICLE node of ``G``), ``nodes`` and ``edges``
        (compact records, see ``templates/graph.js``).
    """
    keep = style.select_top_nodes(G, max_nodes)
    sub = _induced(G, keep)
    shown_relations = {_text(d.get("relation")) or _text(k) or "RELATED" for _u, _v, k, d in _edge_iter(sub)}
    quiet = views.quiet_relations(len(keep), shown_relations)
    if quiet:  # the page opens without them: lay out what it shows
        positions = views.structure_positions(sub, quiet)
    elif positions is None or any(n not in positions for n in keep):
        positions = style.layout_positions(sub)
    sizes = style.node_sizes(G, min_size=8.0, max_size=32.0)
    index = {n: i for i, n in enumerate(keep)}

    articles: dict[str, str] = {}
    for n, d in G.nodes(data=True):
        if str(d.get("type", "")).upper() == ARTICLE:
            articles[str(n)] = _text(d.get("headline")) or _text(d.get("label")) or str(n)

    groups = views.louvain_groups(G, keep)
    group_of = {n: g for g, members in enumerate(groups) for n in members}
    all_dates: set[str] = set()
    node_dates: list[list[str]] = []
    nodes = []
    for n in keep:
        d = G.nodes[n]
        ntype = _text(d.get("type")) or "UNKNOWN"
        x, y = positions[n]
        rec: dict[str, Any] = {
            "k": str(n),
            "l": _text(d.get("label")) or _text(d.get("headline")) or str(n),
            "t": ntype,
            "x": x,
            "y": y,
            "s": sizes[n],
        }
        aliases = [a for a in _str_list(d.get("aliases")) if a != rec["l"]]
        if aliases:
            rec["a"] = aliases
        mentions = _number(d.get("mentions"))
        if mentions is not None:
            rec["m"] = mentions
        arts = _str_list(d.get("articles"))
        if arts:
            rec["arts"] = arts
        if ntype.upper() == ARTICLE:
            art = {}
            for f in _ARTICLE_FIELDS:
                v = _str_list(d.get(f)) if f == "authors" else _text(d.get(f))
                if v:
                    art[f] = v
            rec["art"] = art
        if n in group_of:
            rec["g"] = group_of[n]
        dates = views.element_dates(d)
        node_dates.append(dates)
        all_dates.update(dates)
        nodes.append(rec)

    edges = []
    edge_dates: list[list[str]] = []
    for u, v, k, d in _edge_iter(sub):
        relation = _text(d.get("relation")) or _text(k) or "RELATED"
        ev = _evidence(d.get("evidence"))
        rec = {"f": index[u], "t": index[v], "r": relation}
        title_ = _text(d.get("title"))
        if title_:
            rec["ti"] = title_
        weight = _number(d.get("weight"))
        if weight is not None:
            rec["w"] = weight
        if ev:
            rec["ev"] = ev[:MAX_EVIDENCE_PER_EDGE]
            rec["n"] = len(ev)
        dates = views.element_dates(d)
        edge_dates.append(dates)
        all_dates.update(dates)
        edges.append(rec)

    # dates as indices into one sorted list: the page filters by comparing small integers
    day_list = sorted(all_dates)
    day_index = {day: i for i, day in enumerate(day_list)}
    node_days = [[day_index[x] for x in ds] for ds in node_dates]
    edge_days = [[day_index[x] for x in ds] for ds in edge_dates]
    for rec, days in zip(nodes, node_days, strict=True):
        if days:
            rec["d"] = days
    for rec, days in zip(edges, edge_days, strict=True):
        if days:
            rec["d"] = days

    type_counts = Counter(n["t"] for n in nodes)
    rel_counts = Counter(e["r"] for e in edges)
    known_types = [t for t in kg_types.NODE_TYPES if t in type_counts]
    types = known_types + sorted(t for t in type_counts if t not in kg_types.NODE_TYPES)
    known_rels = [r for r in kg_types.RELATIONS if r in rel_counts]
    relations = known_rels + sorted(r for r in rel_counts if r not in kg_types.RELATIONS)
    return json_safe(
        {
            "meta": {
                "title": title or DEFAULT_TITLE,
                "directed": G.is_directed(),
                "totalNodes": G.number_of_nodes(),
                "totalEdges": G.number_of_edges(),
                "shownNodes": len(nodes),
                "shownEdges": len(edges),
                "truncated": len(nodes) < G.number_of_nodes(),
                "maxNodes": max_nodes,
                "quiet": quiet,
            },
            "types": [{"name": t, "color": style.type_color(t), "count": type_counts[t]} for t in types],
            "relations": [{"name": r, "color": style.relation_color(r), "count": rel_counts[r]} for r in relations],
            "articles": articles,
            "nodes": nodes,
            "edges": edges,
            "groups": views.group_records(G, groups, index, style.importance(G)),
            "top": views.top_entities(G, keep, types),
            "dates": day_list,
            "days": views.day_counts(
                day_list, node_days, [n["t"].upper() == ARTICLE for n in nodes], edge_days
            ),
        }
    )


def _edge_iter(G: nx.Graph):
    if G.is_multigraph():
        return G.edges(keys=True, data=True)
    return ((u, v, None, d) for u, v, d in G.edges(data=True))


def _script_json(data: Any) -> str:
    """JSON safe inside ``<script type="application/json">``: no ``</script>``, no ``<!--``."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _resource(package: str, name: str) -> str:
    try:
        return (resources.files(package) / name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError) as exc:
        raise OutputError(f"cannot read {package}/{name}: {exc}; reinstall kg and pyvis>=0.3.2") from exc


def _template(name: str) -> str:
    return _resource("kg.export", f"templates/{name}")


def _fmt(n: int) -> str:
    return f"{n:,}"


def render_html(G: nx.Graph, path: os.PathLike | str, **page_options) -> None:
    """Write the page to ``path`` directly (no temporary file): for :func:`kg.export.write_all`.
    ``page_options`` are those of :func:`write_html` (``max_nodes``, ``title``, ``positions``)."""
    data = page_data(G, **page_options)
    meta = data["meta"]
    esc = _html.escape
    stats = f"{_fmt(meta['shownNodes'])} nodes · {_fmt(meta['shownEdges'])} edges"
    notice = ""
    if meta["truncated"]:
        notice = (
            '<p id="kg-notice" class="kg-notice" role="status">'
            + esc(
                f"Showing the {_fmt(meta['shownNodes'])} most important of {_fmt(meta['totalNodes'])} nodes "
                f"(ranked by mentions, else degree; at most a fifth are articles) and the "
                f"{_fmt(meta['shownEdges'])} edges between them, of {_fmt(meta['totalEdges'])}. "
                "The GraphML, GEXF, JSON and CSV exports hold the whole graph."
            )
            + "</p>"
        )
        stats += f" (of {_fmt(meta['totalNodes'])} nodes)"
    try:
        from importlib.metadata import version

        kg_version = version("kg")
    except Exception:  # not installed as a distribution (running from a checkout)
        kg_version = "dev"
    values = {
        "title": esc(meta["title"]),
        "version": esc(kg_version),
        "stats": esc(stats),
        "notice": notice,
        "css": _template("graph.css"),
        "data": _script_json(data),
        "vis_js": _resource(*VIS_JS).replace("</script", "<\\/script"),
        "app_js": _template("graph.js").replace("</script", "<\\/script"),
    }
    page = _PLACEHOLDER.sub(lambda m: values[m.group(1)], _template("graph.html"))
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(page)


def write_html(
    G: nx.Graph,
    path: os.PathLike | str,
    max_nodes: int = 2000,
    title: str | None = None,
    *,
    positions: Mapping[Hashable, tuple[float, float]] | None = None,
) -> None:
    """Write an interactive, self-contained HTML page of the graph (UTF-8, works offline).

    Parameters
    ----------
    G : networkx.Graph
        The knowledge graph; it is not modified.
    path : path-like
        The file to write, usually ``graph.html``; its folder is created if needed.
    max_nodes : int
        Most nodes drawn (default 2,000, which opens in a few seconds); a bigger graph is cut to its
        most important nodes and the page shows a notice saying so.
    title : str, optional
        Page title (default ``"Knowledge graph"``); escaped.
    positions : mapping, optional
        ``{node: (x, y)}`` (e.g. shared with the GraphML export); computed for the shown nodes if
        omitted.

    Raises
    ------
    kg.errors.OutputError
        If the file cannot be written; a previous file of that name is left as it was.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("PERSON:张三", type="PERSON", label="张三")
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "graph.html"
    >>> write_html(G, out, title="示例")
    >>> "<title>示例</title>" in out.read_text(encoding="utf-8")
    True
    """
    with atomic_path(path) as tmp:
        render_html(G, tmp, max_nodes=max_nodes, title=title, positions=positions)
