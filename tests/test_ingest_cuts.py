"""Over-long sentences are cut at safe points, with offsets that still point at their text."""
from kg.graph import MAX_PAIRS_PER_SENTENCE, sentence_pairs
from kg.ingest.cuts import MAX_SENTENCE, cut_spans
from kg.ingest.page import parse_page
from kg.nlp.tokenizer import MAX_CHUNK, split_chunks
from kg.schema import BodySpan, Mention


def test_spans_concatenate_to_the_text_and_respect_the_limit():
    text = "甲" * 1000 + "，" + "乙" * 57 + " abc 123 " + "丙" * 2000
    spans = cut_spans(text, 0, len(text), 300)
    assert "".join(text[a:b] for a, b in spans) == text
    assert all(0 < b - a <= 300 for a, b in spans)
    assert all(spans[k][1] == spans[k + 1][0] for k in range(len(spans) - 1))


def test_cut_prefers_clause_punctuation_then_a_change_of_script():
    clause = "某某社区开展核酸检测" * 20  # 200 characters without punctuation
    text = clause + "，" + clause
    (a, b), *_ = cut_spans(text, 0, len(text), 300)
    assert text[a:b].endswith("，")
    mixed = "字" * 250 + "2022" + "字" * 250
    (a, b), *_ = cut_spans(mixed, 0, len(mixed), 300)
    assert b in (250, 254)  # before or after the number, not inside it or a word


def test_a_long_line_becomes_bounded_sentences_with_exact_offsets():
    line = "、".join(f"幸福{i}小区" for i in range(400)) + "。"
    text = "通告\n" + line + "\n"
    page = parse_page(text)
    sentences = [s for a in page.articles for s in a.sentences]
    assert len(sentences) > 1
    assert max(len(s.text) for s in sentences) <= MAX_SENTENCE
    for s in sentences:
        assert text[s.source_start:s.source_end].replace("\n", "") == s.text  # the wrap is joined
    names = "".join(s.text for s in sentences)
    assert "幸福123小区" in names and "幸福399小区" in names  # no name was cut at a 、


def test_tagger_chunks_are_bounded_and_exact():
    text = "字" * 5000 + "。短句。" + "，".join(["很长的一句话没有句号"] * 100)
    chunks = split_chunks(text)
    assert "".join(chunks) == text
    assert max(map(len, chunks)) <= MAX_CHUNK


def test_a_sentence_gives_a_bounded_number_of_cooccurrence_pairs():
    def named(n):
        return {f"COMMUNITY:{i}": Mention(str(i), "COMMUNITY", "a", str(i), span=BodySpan(0, i * 5, i * 5 + 4)) for i in range(n)}

    assert len(sentence_pairs(named(8))) == 28  # ordinary sentences keep every pair
    many = sentence_pairs(named(300))
    assert len(many) == MAX_PAIRS_PER_SENTENCE
    assert ("COMMUNITY:0", "COMMUNITY:1") in many  # neighbours first
    assert len(set(many)) == len(many)
