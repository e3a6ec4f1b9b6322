"""``nodes.csv`` and ``edges.csv``: the graph as two tables, for Excel, pandas and Gephi's spreadsheet import.

Both files are UTF-8 **with a byte-order mark** (``utf-8-sig``): without it Excel on Windows reads
a CSV in the ANSI code page and shows Chinese as mojibake; pandas, Python's ``csv`` with
``encoding="utf-8-sig"`` and Gephi read the BOM fine. Lines end with CRLF (RFC 4180, what Excel
writes); fields holding commas, quotes or line breaks are quoted.

``nodes.csv`` columns: ``id`` (the node key), ``label``, ``type``, ``aliases``, ``mentions``,
``articles``, the article fields (``headline``, ``subheadline``, ``unit``, ``source``, ``date``,
``authors``, ``index``), then any other attribute in alphabetical order.

``edges.csv`` columns: ``source``, ``target`` (node keys), ``key``, ``relation``, ``weight``,
``title``, ``article``, ``headline``, ``evidence`` (the sentences joined with `` | ``),
``evidence_json`` (the full evidence with offsets), then any other attribute.

Gephi's spreadsheet importer recognises ``id``/``label`` and ``source``/``target``/``weight``.
Lists are joined with ``|``; dicts are JSON; ``None``/``NaN``/``inf`` are empty cells. Values are
written as they are: a cell starting with ``=`` would be taken by Excel as a formula, which news
text does not do in practice.
"""
from __future__ import annotations

import csv as _csv
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from kg.export.atomic import atomic_paths
from kg.export.attributes import flatten_evidence, flatten_value

__all__ = ["write_csv", "render_csv", "NODE_COLUMNS", "EDGE_COLUMNS", "ENCODING"]

ENCODING = "utf-8-sig"
NODE_COLUMNS = ("id", "label", "type", "aliases", "mentions", "articles", "headline", "subheadline", "unit", "source", "date", "authors", "index")
EDGE_COLUMNS = ("source", "target", "key", "relation", "weight", "title", "article", "headline", "evidence", "evidence_json")


def _cell(value: Any) -> str:
    flat = flatten_value(value)
    if flat is None:
        return ""
    if isinstance(flat, bool):
        return "true" if flat else "false"
    return repr(flat) if isinstance(flat, float) else str(flat)


def _rows(records: Iterable[Mapping[str, Any]], fixed: tuple[str, ...]) -> tuple[list[str], list[dict[str, str]]]:
    rows: list[dict[str, str]] = []
    extra: set[str] = set()
    for rec in records:
        row: dict[str, str] = {}
        for k, v in rec.items():
            if k == "evidence" and not isinstance(v, str):
                row.update(flatten_evidence(v))
                continue
            cell = _cell(v)
            if cell != "":
                row[k] = cell
        extra.update(k for k in row if k not in fixed)
        rows.append(row)
    return list(fixed) + sorted(extra), rows


def _write(path: os.PathLike | str, columns: list[str], rows: list[dict[str, str]]) -> None:
    # csv.writer with the rows laid out here: DictWriter's per-row Python generator cost more than
    # the writing itself; the file is the same (every key of a row is one of the columns)
    with open(path, "w", encoding=ENCODING, newline="") as fh:
        writer = _csv.writer(fh, lineterminator="\r\n")
        writer.writerow(columns)
        writer.writerows([row.get(c, "") for c in columns] for row in rows)


def _node_records(G: nx.Graph) -> Iterable[dict[str, Any]]:
    for n, data in G.nodes(data=True):
        rec = {str(k): v for k, v in data.items() if str(k) != "id"}
        yield {"id": n, **rec}


def _edge_records(G: nx.Graph) -> Iterable[dict[str, Any]]:
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else ((u, v, None, d) for u, v, d in G.edges(data=True))
    for u, v, k, data in edges:
        rec = {str(key): val for key, val in data.items() if str(key) not in ("source", "target", "key")}
        yield {"source": u, "target": v, "key": k, **rec}


def render_csv(G: nx.Graph, nodes_path: os.PathLike | str, edges_path: os.PathLike | str) -> None:
    """Write the two tables to the given paths directly (no temporary files): for :func:`kg.export.write_all`."""
    _write(nodes_path, *_rows(_node_records(G), NODE_COLUMNS))
    _write(edges_path, *_rows(_edge_records(G), EDGE_COLUMNS))


def write_csv(G: nx.Graph, folder: os.PathLike | str) -> list[Path]:
    """Write ``nodes.csv`` and ``edges.csv`` (UTF-8 with BOM, for Excel) into ``folder``.

    The two files are published together: if either cannot be written, neither previous file is
    replaced.

    Parameters
    ----------
    G : networkx.Graph
        The knowledge graph; it is not modified.
    folder : path-like
        The output folder; created if needed.

    Returns
    -------
    list of pathlib.Path
        ``[folder / "nodes.csv", folder / "edges.csv"]``.

    Raises
    ------
    kg.errors.OutputError
        If the folder or a file cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("PERSON:张三", type="PERSON", label="张三", aliases=["老张", "张主任"])
    >>> nodes, edges = write_csv(G, tempfile.mkdtemp())
    >>> nodes.read_text(encoding="utf-8-sig").splitlines()[1]
    'PERSON:张三,张三,PERSON,老张|张主任,,,,,,,,,'
    """
    folder = Path(folder)
    targets = [folder / "nodes.csv", folder / "edges.csv"]
    with atomic_paths(targets) as (nodes_tmp, edges_tmp):
        render_csv(G, nodes_tmp, edges_tmp)
    return targets
