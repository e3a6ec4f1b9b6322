"""The analysis on Dask (`kg build --scheduler`) against local processes, on one machine.

    python benchmarks/bench_dask.py                  # the first 10% of the corpus, 8 articles a file
    python benchmarks/bench_dask.py --pct 100 --per-file 8 --json out.json

Input: the first `--pct` % of the benchmark corpus (``<repo>/../shared/bench/msra_newswire.txt``),
cut at article boundaries as bench_pipeline.py does, split into files of `--per-file` articles (a
newspaper page holds about 8) in a temporary folder. Each measurement is `kg.build.run(folder)` in a
FRESH subprocess (model loading included, no export):

* ``local, 1 process, warm``: ``jobs=1``, the analysis in the main process, the pipeline loaded
  before the clock starts by a build of the sample page (timed apart): the speed of one core;
* ``local, 2 processes``: ``jobs=2``, a process pool (what ``kg build`` does on 2 cores);
* ``dask local:2, cold``: ``scheduler="local:2"``: starting the LocalCluster of 2 worker processes
  and loading the pipeline in each are in the time, as a user of ``--scheduler local:2`` pays them;
* ``dask, running cluster``: a LocalCluster of 2 workers started first and warmed by one build of
  the sample page, then the timed build reaches it by its address: what each build costs on a
  long-lived cluster, whose workers keep their pipeline.

``CPU s`` adds the user and system time of every process of the run (the client, the pool or the
workers): on a machine shared with other work, chars per CPU-second is the speed of one free core.
Every run prints a digest of the graph (nodes, edges, attributes, in order); they must be equal.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pipeline import DEFAULT_CORPUS, REPO, SAMPLE, cut_slice, machine  # noqa: E402

MODES = {
    "local1": "local, 1 process, warm",
    "local2": "local, 2 processes",
    "dask_cold": "dask local:2, cold",
    "dask_warm": "dask, running cluster",
}


def digest(G) -> str:
    nodes = [(n, dict(d)) for n, d in G.nodes(data=True)]
    edges = [(u, v, k, dict(d)) for u, v, k, d in G.edges(keys=True, data=True)]
    return hashlib.sha256(repr((nodes, edges, dict(G.graph))).encode()).hexdigest()[:16]


def cpu_seconds(pids=()) -> float:
    """User + system CPU seconds of this process, its reaped children, and the live processes `pids`."""
    import psutil

    t = os.times()
    live = sum(sum(psutil.Process(pid).cpu_times()[:2]) for pid in pids)
    return t.user + t.system + t.children_user + t.children_system + live


def child(mode: str, folder: str) -> dict:
    import kg.build

    cluster, load_s = None, 0.0
    if mode == "local1":  # the speed of one core: the pipeline loaded (and the tagger's session
        t = time.perf_counter()  # started) by a build of the sample page, reported apart
        kg.build.run(SAMPLE, jobs=1)
        load_s = time.perf_counter() - t
    if mode == "dask_warm":
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40)
        kg.build.run(SAMPLE, scheduler=cluster.scheduler_address)  # loads the pipeline on the workers
    options = {"local1": {"jobs": 1}, "local2": {"jobs": 2}, "dask_cold": {"scheduler": "local:2"},
               "dask_warm": {"scheduler": cluster.scheduler_address if cluster else None}}[mode]
    workers = []
    if cluster is not None:
        from distributed import Client

        with Client(cluster) as client:
            workers = list(client.run(os.getpid).values())
    cpu = cpu_seconds(workers)
    t = time.perf_counter()
    result = kg.build.run(folder, **options)
    run_s = time.perf_counter() - t
    cpu_s = cpu_seconds(workers) - cpu  # local2, dask_cold: their worker processes are reaped by now
    if cluster is not None:
        cluster.close()
    return {"run_s": run_s, "cpu_s": cpu_s, "load_s": load_s, "timings": result.timings, "articles": len(result.articles), "files": len(result.pages),
            "nodes": result.graph.number_of_nodes(), "edges": result.graph.number_of_edges(), "digest": digest(result.graph)}


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--_child":
        print(json.dumps(child(argv[1], argv[2])))
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--pct", type=float, default=10, help="percentage of the corpus")
    ap.add_argument("--per-file", type=int, default=8, help="articles per file")
    ap.add_argument("--modes", default=",".join(MODES), help="comma list of " + ", ".join(MODES))
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args(argv)

    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"corpus not found: {corpus} (see --corpus)", file=sys.stderr)
        return 2
    text = cut_slice(corpus.read_text(encoding="utf-8"), args.pct)
    articles = [a for a in text.split("\n\n\n") if a.strip()]
    info = machine()
    print(f"machine: nproc={info['nproc']} cpu={info['cpu']!r} ram={info['ram']} python={info['python']}")
    results = {"machine": info, "pct": args.pct, "chars": len(text), "runs": {}}
    with tempfile.TemporaryDirectory(prefix="kg-bench-dask-") as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for i in range(0, len(articles), args.per_file):
            (folder / f"page{i // args.per_file:05d}.txt").write_text("\n\n\n".join(articles[i:i + args.per_file]) + "\n", encoding="utf-8")
        n_files = len(list(folder.iterdir()))
        chars = sum(len(p.read_text(encoding="utf-8")) for p in folder.iterdir())
        results["files"], results["chars"] = n_files, chars
        print(f"input: first {args.pct:g}% of {corpus.name}: {chars:,} chars in {n_files} files of {args.per_file} articles")
        print(f"{'mode':<26}{'run() s':>9}{'analyse s':>11}{'analyse chars/s':>17}{'run() chars/s':>15}{'CPU s':>7}"
              f"{'chars/CPU-s':>13}  nodes   edges  digest")
        for mode in args.modes.split(","):
            proc = subprocess.run([sys.executable, __file__, "--_child", mode, str(folder)], capture_output=True, text=True, cwd=REPO)
            if proc.returncode != 0:
                print(f"{mode} failed:\n{proc.stderr[-3000:]}", file=sys.stderr)
                return 1
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            results["runs"][mode] = r
            a = r["timings"]["analyse"]
            print(f"{MODES[mode]:<26}{r['run_s']:9.2f}{a:11.2f}{chars / a:17,.0f}{chars / r['run_s']:15,.0f}"
                  f"{r['cpu_s']:7.1f}{chars / r['cpu_s']:13,.0f}"
                  f"  {r['nodes']:,} {r['edges']:,}  {r['digest']}", flush=True)
    digests = {r["digest"] for r in results["runs"].values()}
    if "local1" in results["runs"]:
        print(f"pipeline load + sample page build (local, 1 process): {results['runs']['local1']['load_s']:.2f} s")
    print("graphs identical:", len(digests) == 1)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0 if len(digests) == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
