"""kg.text: the text rules every stage shares, and kg.vocab.rows, the one reader of data files."""
import re

from kg import vocab
from kg.text import (
    CLOSERS, FULL_STOPS, FULL_WIDTH_SENTENCE_END, HAN, HAN_ANY, PARAGRAPH_END, SENTENCE_END,
    has_person_name_shape, is_common_han, is_han, normalise_name, unquote,
)


def test_chinese_characters():
    assert is_han("中") and is_common_han("中")
    assert is_han("\u3400") and not is_common_han("\u3400")  # Extension A: rare, counted where text is measured
    assert is_han("\uf900") and not is_common_han("\uf900")  # a compatibility ideograph
    for ch in ("a", "1", "，", "　", "䷀"):  # the Yijing hexagram symbols are no characters
        assert not is_han(ch) and not is_common_han(ch)
    assert re.fullmatch(f"[{HAN}]+", "某某社区") and re.fullmatch(f"[{HAN_ANY}]+", "\u3400中\uf900")


def test_sentence_ends():
    assert set(FULL_STOPS) < set(SENTENCE_END) < set(PARAGRAPH_END)
    assert set(FULL_WIDTH_SENTENCE_END) < set(SENTENCE_END) and not any(ch.isascii() for ch in FULL_WIDTH_SENTENCE_END)
    assert "；" in SENTENCE_END and ";" in SENTENCE_END and "…" not in SENTENCE_END and "…" in PARAGRAPH_END
    assert "”" in CLOSERS and "）" in CLOSERS and '"' in CLOSERS


def test_names():
    assert unquote("“某某 平台”") == "某某平台"
    assert unquote("《某某》") == "《某某》"  # book-title marks stay in a name as found...
    assert normalise_name("《某某》（筹）") == "某某筹"  # ...but not when names are compared
    assert normalise_name(None) == ""


def test_person_name_shape():
    surnames = {"张", "王", "欧阳"}
    assert has_person_name_shape("张三", surnames) and has_person_name_shape("王小明", surnames)
    assert has_person_name_shape("欧阳小明", surnames) and has_person_name_shape("欧阳明", surnames)
    assert not has_person_name_shape("张小明明", surnames)  # four characters need a compound family name
    assert not has_person_name_shape("欧阳", surnames)  # a family name alone
    assert not has_person_name_shape("李四", surnames) and not has_person_name_shape("张", surnames)
    assert not has_person_name_shape("张3", surnames)
    assert not has_person_name_shape("张\u3400", surnames) and has_person_name_shape("张\u3400", surnames, rare_characters=True)


def test_rows_skip_comments_and_split_columns():
    table = vocab.rows("common/unit_suffixes.tsv")
    assert table is vocab.rows("common/unit_suffixes.tsv")  # one cache
    assert all(not row[0].startswith("#") and len(row) == 4 for row in table)
    assert "办事处" in vocab.unit_suffixes() and "办事处" in vocab.unit_line_suffixes()
    assert "厅" in vocab.unit_line_suffixes() and "厅" not in vocab.unit_suffixes()  # a unit line's ending only
