"""Re-runs through the analysis cache: the benchmark corpus split into 100 files, built once, one
file changed, built again; the second build's graph must be identical to a clean build's.

    python benchmarks/bench_cache.py                   # 100 files, prints a table, --json to save
    python benchmarks/bench_cache.py --files 20 --json out.json

Steps, each a fresh `kg build` process (what a user runs), default jobs, the five default formats:

1. **first**: `kg build corpus/ -o out/` with an empty cache (the cache is written as it goes);
2. one file is changed (a sentence appended to the middle file of the folder);
3. **second**: the same command again: 99 files come from the cache, one is analysed;
4. **clean**: `kg build corpus/ -o clean/ --no-cache`, to compare with.

Each process reports its own stage times through `kg.build.run`'s timings (a small driver does what
`kg build` does and prints them). Identical graph: the GraphML and JSON files of the second and the
clean build are compared byte for byte. The corpus is written to a temporary folder, never into
the repository (the corpus may not be copied, see its README).
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "bench" / "msra_newswire.txt"

# What `kg build` does (kg/cli.py), with the time of each part printed as JSON.
DRIVER = r"""
import json, sys, time
t0 = time.perf_counter()
from kg.build import run
from kg.cache import open_cache
from kg.export import write_all
inputs, out, use_cache = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
t1 = time.perf_counter()
cache = open_cache([inputs], out, warn=lambda m: print("warning:", m, file=sys.stderr)) if use_cache else None
result = run([inputs], jobs=0, cache=cache)
t2 = time.perf_counter()
write_all(result.graph, out)
t3 = time.perf_counter()
stats = {"hits": cache.hits, "misses": cache.misses} if cache else {}
if cache:
    cache.close()
print(json.dumps({"import_s": t1 - t0, "run_s": t2 - t1, "write_s": t3 - t2, "stages": result.timings,
                  "nodes": result.graph.number_of_nodes(), "edges": result.graph.number_of_edges(), **stats}))
"""


def split_corpus(corpus: Path, folder: Path, n_files: int) -> list[Path]:
    """Cut the corpus at article boundaries (two blank lines) into n files of about equal article count."""
    articles = [a for a in re.split(r"\n\s*\n\s*\n", corpus.read_text(encoding="utf-8")) if a.strip()]
    per = -(-len(articles) // n_files)
    folder.mkdir(parents=True)
    paths = []
    for i in range(n_files):
        chunk = articles[i * per:(i + 1) * per]
        if chunk:
            path = folder / f"part{i:03d}.txt"
            path.write_text("\n\n\n".join(chunk) + "\n", encoding="utf-8")
            paths.append(path)
    return paths


def build(inputs: Path, out: Path, use_cache: bool) -> dict:
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", DRIVER, str(inputs), str(out), "1" if use_cache else "0"],
                          capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        sys.exit(f"build failed:\n{proc.stderr}")
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    report["wall_s"] = wall
    report["warnings"] = [line for line in proc.stderr.splitlines() if line.startswith("warning:")]
    for line in report["warnings"]:
        print(line, file=sys.stderr)
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    if not args.corpus.is_file():
        sys.exit(f"Error: {args.corpus} is missing (see shared/bench/README.md)")
    with tempfile.TemporaryDirectory(prefix="kg-bench-cache-") as tmp:
        tmp = Path(tmp)
        files = split_corpus(args.corpus, tmp / "corpus", args.files)
        chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
        first = build(tmp / "corpus", tmp / "out", True)
        changed = files[len(files) // 2]
        changed.write_text(changed.read_text(encoding="utf-8") + "\n\n\n东风社区组织志愿者开展消杀。\n", encoding="utf-8")
        second = build(tmp / "corpus", tmp / "out", True)
        clean = build(tmp / "corpus", tmp / "clean", False)
        identical = {name: (tmp / "out" / name).read_bytes() == (tmp / "clean" / name).read_bytes()
                     for name in ("graph.graphml", "graph.json")}
        cache_mib = (tmp / "out" / "kg-cache.sqlite").stat().st_size / 2**20
    figures = {
        "files": len(files), "chars": chars,
        "first": first, "second": second, "clean": clean, "identical": identical, "cache_mib": round(cache_mib, 1),
        "speedup_end_to_end": first["wall_s"] / second["wall_s"],
        "speedup_run": first["run_s"] / second["run_s"],
    }
    print(f"{len(files)} files, {chars:,} characters; cache file {cache_mib:.1f} MiB")
    print("| build | files from cache / analysed | process s | run() s | analyse s | write_all s | nodes | edges |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in (("first (empty cache)", first), ("second (1 file changed)", second), ("clean (--no-cache)", clean)):
        cached = f"{r.get('hits', '–')} / {r.get('misses', len(files))}"
        print(f"| {name} | {cached} | {r['wall_s']:.2f} | {r['run_s']:.2f} | {r['stages']['analyse']:.2f} | {r['write_s']:.2f} | {r['nodes']:,} | {r['edges']:,} |")
    print(f"speed-up of the second build: run() {figures['speedup_run']:.1f}x, whole process {figures['speedup_end_to_end']:.1f}x")
    print(f"second build == clean build: {identical}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
