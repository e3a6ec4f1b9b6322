"""The `kg` command: a thin layer over kg.build_graph, kg.export and kg.evaluate.

Expected failures (a missing file, an unwritable folder) become one `Error: …` line and exit
code 1; bad options exit 2 (Click's usage errors); a run that skipped unreadable files exits 3
after building the rest; Ctrl-C and SIGTERM stop it with one line and exit 130 and 143.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from kg.errors import KgError
from kg.export import FORMATS
from kg.types import ARTICLE

EXIT_SKIPPED = 3


class Progress:
    """A tqdm bar over articles on stderr, only when stderr is a terminal and not --quiet."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None

    def start(self, total: int) -> None:
        if self.enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="article", desc="analysing", file=sys.stderr, leave=False)

    def update(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def write(self, line: str) -> None:
        """A line on stderr that does not break the bar."""
        if self.bar is not None:
            self.bar.write(line, file=sys.stderr)
        else:
            click.echo(line, err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def parse_formats(ctx, param, value: str) -> tuple[str, ...]:
    chosen = tuple(f.strip().lower() for f in value.split(",") if f.strip())
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise click.BadParameter(f"choose from {', '.join(FORMATS)} (got {value!r})")
    return chosen


def parse_date(ctx, param, value: str | None) -> str | None:
    from kg.ingest.dates import parse_iso

    try:
        return parse_iso(value) if value is not None else None
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def parse_scheduler(ctx, param, value: str | None) -> str | None:
    from kg.distributed import local_workers  # no Dask import: only the spelling is checked

    try:
        if value is not None:
            local_workers(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


class KgGroup(click.Group):
    """Ctrl-C and SIGTERM stop any command with one line and exit 130 / 143 (kg.interrupt)."""

    def main(self, *args, **kwargs):
        from kg.interrupt import Interrupted, raise_pending, stop_on_signals

        with stop_on_signals():
            try:
                try:
                    return super().main(*args, **kwargs)
                finally:
                    raise_pending()  # a signal whose exception Python dropped on the way
            except Interrupted as exc:
                click.echo(f"Interrupted ({exc.name}): stopped; no file was left half-written", err=True)
                sys.exit(exc.exit_code)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """kg: knowledge graphs from Chinese local news.

    Reads news text (OCR'd newspaper pages, copied web reports), finds the people, offices,
    organisations, communities, places, platforms and measures, links them with typed
    relations that keep their evidence, and writes the graph for the browser and Gephi.
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help="Folder for the graph files (created if missing).")
@click.option("-f", "--format", "formats", default=",".join(FORMATS), show_default=True, callback=parse_formats,
              help="Comma-separated formats to write: graphml, gexf, json, csv (nodes.csv + edges.csv), html.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Processes for the analysis stage. Default: the number of CPU cores (at most 8) when there is enough text, else 1.")
@click.option("--scheduler", metavar="ADDRESS|local:N", callback=parse_scheduler,
              help="Run the analysis on a Dask cluster: its scheduler's address (tcp://host:8786), or local:N "
                   "to start N worker processes here. Needs: pip install 'kg[dask]'.")
@click.option("--max-html-nodes", type=click.IntRange(10), default=2000, show_default=True,
              help="The HTML page shows at most this many of the most important nodes; the other files keep all.")
@click.option("--mentions/--no-mentions", default=True, show_default=True, help="Add article -MENTIONS-> entity edges.")
@click.option("--cooccurrence/--no-cooccurrence", default=True, show_default=True,
              help="Add entity -CO_OCCURS- entity edges weighted by shared sentences.")
@click.option("--date", "default_date", metavar="YYYY-MM-DD", callback=parse_date,
              help="Date of the reports that no dateline, header, link, file or folder name dates.")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path), default=None,
              help="Folder of the analysis cache (kg-cache.sqlite). Default: the output folder.")
@click.option("--no-cache", is_flag=True, help="Analyse every file again, and neither read nor write the cache.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary; only the written files are listed.")
@click.option("--force-text", is_flag=True,
              help="Read files that do not look like plain text (HTML, XML, PDF, data without Chinese) as text all the same.")
def build(inputs, out_dir, formats, jobs, scheduler, max_html_nodes, mentions, cooccurrence, default_date, cache_dir, no_cache, quiet, force_text):
    """Build the graph from text files or folders of them (*.txt, searched recursively).

    Encodings are detected (UTF-8, GBK/GB18030, UTF-16). Files that cannot be read, or are
    not plain text (PDF, HTML, data; see --force-text), are skipped with a warning and the
    exit code is 3. Ctrl-C stops the run cleanly (exit 130; SIGTERM: 143).

    Example:

        kg build examples/sample_page.txt -o output/

        kg build pages/ -o output/ --scheduler local:4
    """
    from kg.build import run
    from kg.cache import open_cache
    from kg.export import FILES, write_all
    from kg.export.outdir import output_folder

    if jobs and scheduler:
        raise click.UsageError("--jobs and --scheduler do not go together: the cluster's workers do the analysis")

    progress = Progress(enabled=not quiet and sys.stderr.isatty())
    cache = None
    try:
        # the output folder is checked (and created) before the analysis, not after it
        with output_folder(out_dir, [name for f in formats for name in FILES[f]]):
            if not no_cache:
                cache = open_cache(list(inputs), cache_dir or out_dir, warn=lambda message: click.echo(f"warning: {message}", err=True))
            try:
                result = run(
                    list(inputs), jobs=jobs or 0, article_mentions=mentions, cooccurrence=cooccurrence,
                    progress=progress.update, on_articles=progress.start, force_text=force_text,
                    on_skip=lambda path, why: click.echo(f"warning: skipped {why}", err=True), date=default_date, cache=cache,
                    scheduler=scheduler, on_message=None if quiet else progress.write,
                )
            except BaseException:
                if cache is not None:
                    cache.discard_if_unused()  # so that a folder this run made is left empty, and removed
                raise
            progress.close()
            written = write_all(result.graph, out_dir, formats=formats, max_html_nodes=max_html_nodes)
    except KgError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        progress.close()
        if cache is not None:
            cache.close()
    if not quiet:
        click.echo(summary(result), err=True)
        if cache is not None:
            click.echo(f"  cache: {cache.hits} file(s) reused, {cache.misses} analysed ({cache.path})", err=True)
    for path in written:
        click.echo(str(path))
    if result.skipped:
        click.echo(f"warning: {len(result.skipped)} file(s) skipped; see the messages above", err=True)
        sys.exit(EXIT_SKIPPED)


def summary(result) -> str:
    G = result.graph
    types = Counter(d.get("type") for _, d in G.nodes(data=True))
    relations = Counter(d.get("relation") for _, _, d in G.edges(data=True))
    n_articles = types.pop(ARTICLE, 0)
    lines = [f"{len(result.pages)} file(s), {n_articles} article(s); {G.number_of_nodes()} nodes, {G.number_of_edges()} edges"]
    lines.append("  nodes: " + (", ".join(f"{t} {n}" for t, n in types.most_common()) or "no entities found"))
    lines.append("  edges: " + (", ".join(f"{r} {n}" for r, n in relations.most_common()) or "none"))
    return "\n".join(lines)


@main.command("eval")
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("gold", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures and errors as one JSON object.")
@click.option("--errors/--no-errors", default=True, show_default=True, help="List missed and false-positive items.")
def eval_cmd(graph, gold, as_json, errors):
    """Score a GraphML graph against a gold annotation (JSON): precision, recall and F1 per
    entity type and relation, and the errors.

    Example:

        kg eval output/graph.graphml my_page.gold.json
    """
    import json

    from kg.evaluate import evaluate, format_report, load_gold, load_graph

    try:
        report = evaluate(load_graph(graph), load_gold(gold))
    except KgError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(format_report(report, show_errors=errors))


if __name__ == "__main__":
    main()
