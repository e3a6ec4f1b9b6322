"""Export the knowledge graph: GraphML and GEXF for Gephi, node-link JSON, CSV tables, an HTML page.

=============  ==================  ============================================================
format         file                for
=============  ==================  ============================================================
``graphml``    ``graph.graphml``   Gephi, igraph, Gephi Lite; the file ``shared/eval`` scores
``gexf``       ``graph.gexf``      Gephi (native: colours, sizes, positions, typed parallel edges)
``json``       ``graph.json``      programs: node-link JSON, evidence kept as lists of dicts
``csv``        ``nodes.csv``,      Excel (UTF-8 with BOM), pandas, Gephi's spreadsheet import
               ``edges.csv``
``html``       ``graph.html``      a browser, offline: search, filters, evidence panel
=============  ==================  ============================================================

Every file is written to a temporary file beside it and renamed when complete
(:mod:`kg.export.atomic`); :func:`write_all` renames all of them together at the end, so a failure
leaves every previous output untouched. Failures to write raise :class:`kg.errors.OutputError`.
Each module's docstring lists the traps of its format.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from dataclasses import dataclass
from collections.abc import Callable, Iterable
from pathlib import Path

import networkx as nx

from kg.export.atomic import atomic_paths, ensure_folder
from kg.export.attributes import XmlElements, evidence_memo, flatten_attributes, names_are_nmtokens, place_elements, xml_elements
from kg.export.csv import render_csv, write_csv
from kg.export.gexf import render_gexf, write_gexf
from kg.export.graphml import render_graphml, write_graphml
from kg.export.html import render_html, write_html
from kg.export.json import render_json, write_json
from kg.export.style import layout_positions
from kg.gcpause import paused_gc
from kg.interrupt import worker_pool

__all__ = [
    "FORMATS",
    "FILES",
    "write_all",
    "write_graphml",
    "write_gexf",
    "write_json",
    "write_csv",
    "write_html",
    "flatten_attributes",
    "layout_positions",
]



@dataclass(frozen=True)
class Format:
    """One output format: its files, the function that writes them, and what it needs."""

    name: str
    files: tuple[str, ...]
    render: Callable[["_Job"], None]  # writes every file of the format to its temporary path
    layout: bool = False  # needs the node positions
    in_child: bool = False  # on two cores, written by the process that computes the layout


def _graphml(job: "_Job") -> None:
    render_graphml(job.G, job.tmp["graph.graphml"], job.positions, job.flat, job.xml(nmtoken_names=True))


def _gexf(job: "_Job") -> None:
    render_gexf(job.G, job.tmp["graph.gexf"], job.positions, job.flat, job.xml(nmtoken_names=False))


def _json(job: "_Job") -> None:
    render_json(job.G, job.tmp["graph.json"])


def _csv(job: "_Job") -> None:
    render_csv(job.G, job.tmp["nodes.csv"], job.tmp["edges.csv"])


def _html(job: "_Job") -> None:
    render_html(job.G, job.tmp["graph.html"], max_nodes=job.max_html_nodes, title=job.title, positions=job.positions)


# The formats, in the order they are written and listed (the table above); the CLI reads them here.
REGISTRY: dict[str, Format] = {f.name: f for f in (
    Format("graphml", ("graph.graphml",), _graphml, layout=True),
    Format("gexf", ("graph.gexf",), _gexf, layout=True),
    # JSON needs neither the flattened graph nor the evidence memo: on two cores the layout's
    # process writes it too, once the layout is done (kg.export.style._sampled_repulsion)
    Format("json", ("graph.json",), _json, in_child=True),
    Format("csv", ("nodes.csv", "edges.csv"), _csv),
    # the page is the slowest to write: on two cores the layout's process writes it (see below)
    Format("html", ("graph.html",), _html, layout=True, in_child=True),
)}
FORMATS: tuple[str, ...] = tuple(REGISTRY)
FILES: dict[str, tuple[str, ...]] = {name: f.files for name, f in REGISTRY.items()}


def _formats(formats: Iterable[str] | str) -> list[str]:
    if isinstance(formats, str):
        formats = formats.split(",")
    out: list[str] = []
    for f in formats:
        name = f.strip().lower()
        if not name:
            continue
        if name not in FILES:
            raise ValueError(f"unknown export format {f!r}; choose from {', '.join(FORMATS)}")
        if name not in out:
            out.append(name)
    if not out:
        raise ValueError(f"no export format given; choose from {', '.join(FORMATS)}")
    return out


# On two cores write_all forks one process that computes the layout and then writes the formats
# marked `in_child` (the page, JSON), while this process flattens the attributes, writes the formats
# that need no layout (CSV) and prepares the elements of GraphML and GEXF; then, with the positions
# back from the child, it writes GraphML and GEXF. The layout so runs beside the rest. For the
# 12,000-node benchmark graph, measured with JSON still here: about 2.0 CPU seconds in the child
# (layout 1.05, HTML 0.96) against 3.6 here (flatten 0.72, JSON 0.31, CSV 0.62, elements 0.34,
# GraphML 0.96, GEXF 0.63). CSV shares the evidence memo with GraphML/GEXF and stays here.
PARALLEL_MIN_EDGES = 5000  # below this, starting a process costs more than it saves
_FORKED_JOB = None


@dataclass
class _Job:
    G: nx.Graph
    tmp: dict
    positions: dict | None
    flat: nx.Graph | None
    max_html_nodes: int
    title: str | None
    shared: XmlElements | None = None
    shared_placed: bool = False  # the shared elements hold self.positions

    def xml(self, nmtoken_names: bool) -> XmlElements | None:
        """The elements GraphML and GEXF both write, computed once when both are written and
        every attribute name is an NMTOKEN already (else each writer makes its own). Asked for
        before the layout is known, they are made with every node at (0, 0) and placed later."""
        if self.flat is None or (nmtoken_names and not names_are_nmtokens(self.flat)):
            return None
        if self.shared is None:
            self.shared = xml_elements(self.G, self.positions if self.positions is not None else {}, flat=self.flat)
            self.shared_placed = self.positions is not None
        if not self.shared_placed and self.positions is not None:
            if not place_elements(self.shared, self.flat, self.positions):
                self.shared = xml_elements(self.G, self.positions, flat=self.flat)
            self.shared_placed = True
        return self.shared

    def render(self, f: str) -> None:
        REGISTRY[f].render(self)


def _layout_forked() -> dict:
    """In the forked process: the layout, kept there for its formats and sent back for the others."""
    _FORKED_JOB.positions = layout_positions(_FORKED_JOB.G)
    return _FORKED_JOB.positions


def _render_forked(formats: list[str]) -> None:
    for f in formats:
        _FORKED_JOB.render(f)


def _parallel_worth_it(G: nx.Graph, chosen: list[str]) -> bool:
    return (
        (os.cpu_count() or 1) > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and G.number_of_edges() >= PARALLEL_MIN_EDGES
        and (any(REGISTRY[f].layout for f in chosen) or any(REGISTRY[f].in_child for f in chosen))
        and any(not REGISTRY[f].in_child for f in chosen)
    )


def _write_on_two_cores(job: _Job, chosen: list[str], flatten: bool) -> None:
    """The layout and the formats written `in_child` in a forked process, the rest here.

    The graph reaches the child by fork (copy-on-write), not by pickling; only the positions
    (a few hundred kB) come back. gc.freeze() keeps the child's garbage collector from touching,
    and so copying, every page of the graph.
    """
    global _FORKED_JOB
    _FORKED_JOB = job
    child = [f for f in chosen if REGISTRY[f].in_child]
    own = [f for f in chosen if not REGISTRY[f].in_child]
    gc.freeze()
    try:
        # kg.interrupt's pool: a Ctrl-C while writing terminates the child at once
        with worker_pool(1, mp_context=multiprocessing.get_context("fork")) as pool:
            layout = pool.submit(_layout_forked) if any(REGISTRY[f].layout for f in chosen) else None
            written = pool.submit(_render_forked, child)  # runs in the child after the layout
            if flatten:
                job.flat = flatten_attributes(job.G)
            for f in own:  # first what needs no layout, while the child computes it
                if not REGISTRY[f].layout:
                    job.render(f)
            if layout is not None and not layout.done():
                job.xml(nmtoken_names=False)  # GraphML's and GEXF's elements, placed when the layout comes
            if layout is not None:
                job.positions = layout.result()
            for f in own:
                if REGISTRY[f].layout:
                    job.render(f)
            written.result()
    finally:
        _FORKED_JOB = None
        gc.unfreeze()


def write_all(
    G: nx.Graph,
    out_dir: os.PathLike | str,
    formats: Iterable[str] | str = FORMATS,
    max_html_nodes: int = 2000,
    *,
    title: str | None = None,
) -> list[Path]:
    """Write the graph in several formats into ``out_dir``, all or nothing.

    The layout is computed once and shared by GraphML, GEXF and the HTML page. Every file is first
    written to a temporary file in ``out_dir``; only when all of them are complete are they renamed
    to their final names, so if anything fails no previous output is changed.

    Parameters
    ----------
    G : networkx.Graph
        The knowledge graph (a ``MultiDiGraph`` from :mod:`kg.graph`); it is not modified.
    out_dir : path-like
        The output folder; created if needed.
    formats : iterable of str or str
        Any of ``"graphml"``, ``"gexf"``, ``"json"``, ``"csv"``, ``"html"`` (a comma-separated string
        is accepted too). Default: all.
    max_html_nodes : int
        Most nodes drawn in ``graph.html``; the other formats hold the whole graph.
    title : str, optional
        Title of the HTML page.

    Returns
    -------
    list of pathlib.Path
        The files written, in the order of ``formats`` (``graph.graphml``, ``graph.gexf``,
        ``graph.json``, ``nodes.csv``, ``edges.csv``, ``graph.html``).

    Raises
    ------
    kg.errors.OutputError
        If ``out_dir`` or a file in it cannot be written.
    ValueError
        For an unknown format name.

    Examples
    --------
    >>> import tempfile
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("PERSON:张三", "OFFICE:某办事处", key="ROLE", relation="ROLE", weight=1)
    'ROLE'
    >>> [p.name for p in write_all(G, tempfile.mkdtemp(), formats=("graphml", "csv"))]
    ['graph.graphml', 'nodes.csv', 'edges.csv']
    """
    chosen = _formats(formats)
    folder = ensure_folder(out_dir)
    targets = [folder / name for f in chosen for name in FILES[f]]
    flatten = {"graphml", "gexf"} <= set(chosen)  # GraphML and GEXF write the same flattened graph
    # paused_gc: the flattened copies and elements live until the files are written (kg.gcpause)
    with atomic_paths(targets) as temps, evidence_memo(), paused_gc():
        tmp = dict(zip((t.name for t in targets), temps, strict=True))
        job = _Job(G, tmp, None, None, max_html_nodes, title)
        if _parallel_worth_it(G, chosen):
            _write_on_two_cores(job, chosen, flatten)
        else:
            if any(REGISTRY[f].layout for f in chosen):
                job.positions = layout_positions(G)
            if flatten:
                job.flat = flatten_attributes(G)
            for f in chosen:
                job.render(f)
    return targets

