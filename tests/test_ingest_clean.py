"""Cleaning OCR and web text: spaces, hard wraps, toolbar debris, sentences, and the offsets back."""
from __future__ import annotations

import re

import pytest

from kg.ingest.clean import Piece, assemble, clean_body, clean_title, is_debris, split_lines
from kg.ingest.sentences import split_sentences


def _pieces(text: str) -> list[Piece | None]:
    """Body lines as the segmenter hands them over (None for a blank line)."""
    return [None if not line.text.strip() else Piece(line.text, line.start, line.end) for line in split_lines(text)]


def _maps_back(source: str, text: str, offsets: list[int]) -> bool:
    """Every cleaned character is the source character at its offset (a space or `\\n` stands
    for whitespace there)."""
    return len(text) == len(offsets) and all(
        source[at] == ch or (ch in " \n" and source[at].isspace()) for ch, at in zip(text, offsets)
    )


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("5月 3日以来", "5月3日以来"),
        ("共推出稿件835篇 (条)，", "共推出稿件835篇(条)，"),
        ("有 67栋楼 7000多户", "有67栋楼7000多户"),
        ("  \u3000\u3000居民\t20000余人 ", "居民20000余人"),
        ("检测 COVID 19 样本", "检测COVID 19样本"),
        ("求助信息 50条,已办结 50条:其中", "求助信息50条,已办结50条:其中"),
    ],
)
def test_body_lines_lose_ocr_spaces(raw, cleaned):
    line = clean_body(raw, 100)
    assert line.text == cleaned
    assert _maps_back(" " * 100 + raw, line.text, line.offsets)


@pytest.mark.parametrize(
    "raw, cleaned",
    [
        ("聚焦民生  温暖人心", "聚焦民生 温暖人心"),
        ("“小课堂”办出 大成效", "“小课堂”办出 大成效"),
        ("5月 3日起 全面恢复", "5月3日起 全面恢复"),
        ("\u3000战疫情 ， 我们在行动\t", "战疫情，我们在行动"),
    ],
)
def test_titles_keep_the_space_between_their_parts(raw, cleaned):
    assert clean_title(raw, 0).text == cleaned


def test_hard_wraps_are_joined_and_paragraphs_kept():
    source = "近日，青山区卫健委\n组织医生上门随访。\n\n随访中，医生为群众\n测量血压。\n"
    body = assemble(_pieces(source))
    assert body.text == "近日，青山区卫健委组织医生上门随访。\n随访中，医生为群众测量血压。"
    assert _maps_back(source, body.text, body.offsets)


def test_a_blank_line_inside_a_sentence_does_not_break_it():
    source = "监督人员通过在线视频\n\n要求企业开展巡查。\n\n第二段。"
    assert assemble(_pieces(source)).text == "监督人员通过在线视频要求企业开展巡查。\n第二段。"


def test_an_indented_line_after_a_sentence_starts_a_paragraph():
    source = "\u3000\u3000第一段说完了。\n\u3000\u3000第二段开始，\n接着说。"
    assert assemble(_pieces(source)).text == "第一段说完了。\n第二段开始，接着说。"


def test_a_space_stands_for_a_line_break_only_between_ascii_words():
    source = "the vaccine\nworks，疫苗\n有效"
    body = assemble(_pieces(source))
    assert body.text == "the vaccine works，疫苗有效"
    assert _maps_back(source, body.text, body.offsets)


def test_line_endings_crlf_cr_lf():
    lines = split_lines("一\r\n二\r三\n四")
    assert [line.text for line in lines] == ["一", "二", "三", "四"]
    assert [line.start for line in lines] == [0, 3, 5, 7]


@pytest.mark.parametrize(
    "line",
    [
        "关注",
        "分享到： 微博 微信 QQ空间",
        "【字体：大 中 小】",
        "打印 | 关闭窗口",
        "返回顶部",
        "当前位置：首页 > 新闻 > 本地",
        "首页 > 新闻中心 > 本地新闻",
        "上一篇：青山区召开防汛工作会议",
        "扫一扫 手机看",
    ],
)
def test_web_debris_lines(line):
    assert is_debris(line)


@pytest.mark.parametrize("line", ["关注民生 服务群众", "中", "大小", "微信群里收到通知，马上行动。", "小区关注度提高"])
def test_text_is_not_debris(line):
    assert not is_debris(line)


# --- sentences -----------------------------------------------------------------------------------


def test_sentences_split_on_full_width_and_ascii_ends_with_quotes_attached():
    body = "“请戴好口罩。”工作人员说。你好吗?很好!第一;第二；\n标题行\n他说:\"好。\"然后走了"
    texts = [s.text for s in split_sentences(body, list(range(len(body))))]
    assert texts == ["“请戴好口罩。”", "工作人员说。", "你好吗?", "很好!", "第一;", "第二；", "标题行", '他说:"好。"', "然后走了"]


def test_sentences_keep_offsets_into_body_and_source():
    source = "本报讯 近日，青山区\n卫健委组织随访。\n\n“很方便！”居民说。"
    body = assemble(_pieces(source[4:]))  # as if the dateline were cut off
    body.offsets[:] = [at + 4 for at in body.offsets]
    sentences = split_sentences(body.text, body.offsets)
    assert [s.text for s in sentences] == ["近日，青山区卫健委组织随访。", "“很方便！”", "居民说。"]
    for s in sentences:
        assert body.text[s.start : s.end] == s.text
        assert re.sub(r"\s", "", source[s.source_start : s.source_end]) == s.text


def test_no_empty_sentences():
    assert split_sentences("", []) == []
    body = "。。\n\n好。"
    assert [s.text for s in split_sentences(body, list(range(len(body))))] == ["。。", "好。"]
