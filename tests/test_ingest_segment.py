"""Pages into articles: bodies, headlines, units, bylines, datelines, metadata and the page banner."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.ingest import parse_page, read_page
from kg.ingest.bylines import parse_byline, parse_dateline, parse_fields
from kg.ingest.headers import is_unit_line
from kg.ingest.page import article_stem

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample_page.txt"
FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

# The hand-made gold of the sample page (shared/eval/seed.gold.json), articles A..H in page order.
SAMPLE_GOLD = [
    ("经开区疫情防控宣传专班", "聚焦群众关切 解决“急难愁盼”", None, "今年以来，经开区疫情防控宣传专班", ["王赛华"]),
    ("经开区消防救援大队", "远程指导、智慧监管 拓宽消防管理思路", None, "为做好疫情防控期间消防监督管理工作", ["王赛华"]),
    ("九龙办事处", "“速度与激情”的流调队伍", None, "在九龙办事处，有这样一群人", ["王赛华"]),
    ("明湖办事处", "“化大放小 控小放大”贴心服务暖人心", None, "“我们按楼长通知的时间段下来做核酸", ["王赛华"]),
    ("经开区纪检监察工委", "“疫”不容辞显担当 监督防控“两手抓”", None, "“如果没有什么必要出门的事情", ["王赛华"]),
    (None, "经开人民感谢你们", "经开区欢送信阳市援郑核酸采样队", "5月12日上午9时，经开区在经开第八大街管委会停车场", ["王赛华", "李洪永", "杨勇"]),
    ("潮河办事处", "居家隔离不隔爱 温暖守护不间断", None, "近日，经开区潮河办事处", ["王赛华"]),
    ("祥云办事处", "探索实践“五专管理、多元联动”防疫模式", None, "在疫情防控期间，祥云办事处祥符卢村党总支", ["王赛华"]),
]
SAMPLE_BANNER = "精准防控、精细服务 疫情防控有力度更有温度"


def _no_space(text: str) -> str:
    return re.sub(r"\s", "", text)


def _assert_sentences_map_back(page) -> None:
    for article in page.articles:
        assert len(article.offsets) == len(article.body)
        assert article.sentences, article.id
        for s in article.sentences:
            assert article.body[s.start : s.end] == s.text
            assert _no_space(page.text[s.source_start : s.source_end]) == _no_space(s.text)


def _authors(article) -> list[tuple[str, str, str | None]]:
    return [(a.name, a.role, a.org) for a in article.authors]


# --- the sample page -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    return read_page(SAMPLE)


def test_sample_has_the_eight_gold_articles(sample):
    assert len(sample.articles) == len(SAMPLE_GOLD)
    for article, (unit, headline, subheadline, starts_with, authors) in zip(sample.articles, SAMPLE_GOLD):
        assert (article.unit, article.headline, article.subheadline) == (unit, headline, subheadline)
        assert _no_space(article.body).startswith(starts_with)
        assert [a.name for a in article.authors] == authors


def test_sample_banner_belongs_to_no_article(sample):
    assert sample.banner == [SAMPLE_BANNER]


def test_sample_byline_naming_a_newspaper(sample):
    authors = sample.articles[5].authors
    assert _authors(sample.articles[5]) == [("王赛华", "记者", None), ("李洪永", "记者", "经开时报"), ("杨勇", "记者", "经开时报")]
    assert all(sample.text[a.source_start : a.source_end] == a.name for a in authors)


def test_sample_bodies_are_clean(sample):
    bodies = [a.body for a in sample.articles]
    assert "5月3日以来" in bodies[4] and "5月 3日" not in bodies[4]
    assert "835篇(条)" in bodies[0]
    assert not any("本报讯" in b or "记者王赛华" in _no_space(b) or "文/图" in b for b in bodies)
    assert "\n" in bodies[0]  # paragraphs kept


def test_sample_sentences_map_back_to_the_file(sample):
    _assert_sentences_map_back(sample)


def test_sample_ids_are_stable_and_ascii(sample):
    assert [a.id for a in sample.articles] == [f"sample_page-{i}" for i in range(1, 9)]
    assert [a.index for a in sample.articles] == list(range(1, 9))
    assert all(a.source == str(SAMPLE) for a in sample.articles)
    assert read_page(SAMPLE).articles[3].id == sample.articles[3].id


# --- other layouts -------------------------------------------------------------------------------


def test_web_report_with_metadata_debris_and_footer():
    page = read_page(FIXTURES / "web_report.txt")
    assert len(page.articles) == 1
    article = page.articles[0]
    assert article.headline == "青山区多措并举保障夏季用电安全"
    assert _authors(article) == [("赵明远", "记者", None), ("钱晓燕", "通讯员", None), ("周文博", "责任编辑", None)]
    assert (article.source_name, article.date, article.editor) == ("青山网", "2021-08-05", "周文博")
    assert article.body.startswith("连日来,青山区持续高温")
    everything = article.body + "".join(page.banner) + (article.headline or "")
    assert not any(word in everything for word in ("分享", "QQ空间", "字体", "返回顶部", "首页", "责任编辑"))
    assert [s.text for s in article.sentences][-2:] == ["居民用电遇到问题怎么办?", "可拨打24小时服务热线,工作人员将在30分钟内到达现场!"]
    _assert_sentences_map_back(page)


def test_web_report_without_dateline_starts_after_the_metadata_line():
    text = (
        "青山区开展夏季消防安全检查\r\n"
        "——排查隐患 120处，已全部整改\r\n"
        "发布时间：2022年07月15日 10:20  来源：青山区人民政府网  编辑：孙建业\r\n"
        "分享到：微信 微博\r\n"
        "\r\n"
        "\u3000\u30007月14日，青山区消防救援大队联合区应急管理局，对辖区商场、学校开展消防安全检查。\r\n"
        "\u3000\u3000检查中发现的隐患已全部整改到位。\r\n"
    )
    page = parse_page(text, "web/2022-07-15 青山区.txt")
    article = page.articles[0]
    assert (article.headline, article.subheadline) == ("青山区开展夏季消防安全检查", "排查隐患120处，已全部整改")
    assert (article.date, article.source_name, article.editor) == ("2022-07-15", "青山区人民政府网", "孙建业")
    assert article.body == "7月14日，青山区消防救援大队联合区应急管理局，对辖区商场、学校开展消防安全检查。\n检查中发现的隐患已全部整改到位。"
    assert article.id == "2022-07-15-1"
    _assert_sentences_map_back(page)


def test_web_copy_with_site_in_title_original_title_and_related_news():
    text = (
        "青山区开展夏季消防安全检查_青山网\n"
        "原标题：青山区开展夏季消防安全检查\n"
        "来源：青山网 | 2022-07-15 10:20\n"
        "\u3000\u30007月14日，青山区消防救援大队对辖区商场开展消防安全检查。\n"
        "\u3000\u3000检查中发现的隐患已全部整改到位。\n"
        "【责任编辑：孙建业 SN2231】\n"
        "相关新闻\n"
        "青山区召开消防安全工作会议\n"
        "青山区消防救援大队开展安全检查培训\n"
    )
    page = parse_page(text)
    assert len(page.articles) == 1
    article = page.articles[0]
    assert (article.headline, article.subheadline) == ("青山区开展夏季消防安全检查", None)
    assert (article.date, article.source_name, article.editor) == ("2022-07-15", "青山网", "孙建业")
    assert article.body.endswith("检查中发现的隐患已全部整改到位。")
    assert page.banner == []


def test_newspaper_page_with_headlines_before_the_bodies():
    page = read_page(FIXTURES / "headlines_before.txt")
    got = [(a.unit, a.headline, [x[:2] for x in _authors(a)]) for a in page.articles]
    assert got == [
        ("河西街道", "老旧小区加装电梯 居民上下楼不再难", [("韩雪梅", "记者"), ("方志强", "通讯员")]),
        ("石桥镇卫生院", "乡村医生上门随访 慢病管理送到家", [("陶晓明", "记者")]),
        (None, "“小课堂”办出大成效", [("韩雪梅", "记者"), ("彭丽君", "通讯员")]),
    ]
    assert page.articles[0].body.startswith("近日,河西街道翠柳小区3号楼")
    assert "顾秀兰高兴地说。" in page.articles[0].body  # a blank line inside the name did not cut it
    assert page.banner == []
    _assert_sentences_map_back(page)


def test_page_with_bylines_ending_the_last_body_line_and_titles_after():
    page = read_page(FIXTURES / "headlines_after.txt")
    got = [(a.unit, a.headline, _authors(a)) for a in page.articles]
    assert got == [
        ("东湖区退役军人事务局", "送医上门暖兵心", [("林海燕", "记者", None), ("贺春生", "通讯员", None)]),
        ("白沙街道团工委", "“七彩暑假”课堂开讲啦", [("林海燕", "记者", None), ("严志诚", "摄影", "东湖日报")]),
        ("东湖区应急管理局", "防汛演练筑牢安全防线", [("贺春生", "通讯员", None)]),
    ]
    assert page.banner == ["凝心聚力谋发展 携手奋进新征程", "▲志愿者为孩子们讲解安全知识。"]
    assert page.articles[0].body.endswith("退役老兵石德顺说。")
    assert page.articles[2].body.startswith("7月20日,东湖区应急管理局")
    _assert_sentences_map_back(page)


def test_dateline_with_agency_place_and_date():
    page = parse_page("新华社北京2021年3月5日电（记者 张晓明 王立新）十三届全国人大四次会议5日上午开幕。\n")
    article = page.articles[0]
    assert (article.source_name, article.date) == ("新华社", "2021-03-05")
    assert _authors(article) == [("张晓明", "记者", None), ("王立新", "记者", None)]
    assert article.body == "十三届全国人大四次会议5日上午开幕。"


def test_dateline_byline_wrapped_over_two_lines():
    text = "本报讯（记者 韩雪梅 通讯\n员 方志强）近日，河西街道翠柳小区\n电梯投入使用。\n"
    article = parse_page(text).articles[0]
    assert article.body == "近日，河西街道翠柳小区电梯投入使用。"
    assert [(a.name, a.role, text[a.source_start : a.source_end]) for a in article.authors] == [
        ("韩雪梅", "记者", "韩雪梅"),
        ("方志强", "通讯员", "方志强"),
    ]


@pytest.mark.parametrize("titles_first", [True, False])
def test_titles_the_bodies_say_nothing_about_follow_the_page_layout(titles_first):
    # No word of these titles occurs in any body, and the middle report has no title: only the
    # layout of the page (titles above the first body, or below the last) can place them.
    bodies = [
        "本报讯 今天上午，甲乙两地的代表在会议室开会。\n记者 张晓明",
        "本报讯 中午，戊己两地的代表在食堂交流。\n记者 王立新",
        "本报讯 下午，丙丁两地的代表参加培训。\n记者 李红",
    ]
    titles = ["风雨同舟", None, "砥砺前行"]
    blocks = [b if t is None else f"{t}\n{b}" if titles_first else f"{b}\n\n{t}" for t, b in zip(titles, bodies)]
    page = parse_page("\n\n".join(blocks))
    assert [a.headline for a in page.articles] == titles
    assert page.banner == []


def test_dateline_without_a_year_gives_no_date():
    page = parse_page("东湖网2月11日讯(记者 林海燕 通讯员 贺春生)近日,东湖区启动春耕备耕工作。")
    article = page.articles[0]
    assert (article.source_name, article.date) == ("东湖网", None)
    assert [a.role for a in article.authors] == ["记者", "通讯员"]


# --- plain dumps and odd input -------------------------------------------------------------------


def _paragraph(n: int) -> str:
    return f"第{n}段说的是一件事，这件事很长，" + "内容继续展开。" * 20


def test_plain_dump_is_cut_at_double_blank_lines():
    articles = ["\n\n".join(_paragraph(3 * a + p) for p in range(3)) for a in range(4)]
    page = parse_page("\n\n\n".join(articles) + "\n")
    assert len(page.articles) == 4
    assert all(a.body.count("\n") == 2 and a.headline is None for a in page.articles)


def test_double_blank_lines_everywhere_are_not_article_breaks():
    page = parse_page("\n\n\n".join(_paragraph(p) for p in range(5)))
    assert len(page.articles) == 1
    assert page.articles[0].body.count("\n") == 4


def test_text_without_structure_is_one_article_without_headline():
    page = parse_page("今天天气很好。我们去公园散步。\n公园里人很多。")
    assert len(page.articles) == 1
    assert page.articles[0].headline is None
    assert [s.text for s in page.articles[0].sentences] == ["今天天气很好。", "我们去公园散步。", "公园里人很多。"]


@pytest.mark.parametrize("text", ["居家隔离不隔爱 温暖守护不间断", "居家隔离不隔爱\n", "本报讯", "记者 张晓明", "", " \n\u3000\n"])
def test_odd_input_does_not_crash(text):
    page = parse_page(text)
    for article in page.articles:
        assert article.body
    _assert_sentences_map_back(page)


@pytest.mark.parametrize("old, new", [("\n", "\r\n"), (" ", "\t"), (" ", "\u3000")])
def test_line_endings_tabs_and_ideographic_spaces_change_nothing(sample, old, new):
    page = parse_page(SAMPLE.read_text(encoding="utf-8").replace(old, new), str(SAMPLE))
    assert [(a.headline, a.unit, a.body) for a in page.articles] == [(a.headline, a.unit, a.body) for a in sample.articles]
    _assert_sentences_map_back(page)


@pytest.mark.parametrize(
    "path, stem",
    [
        ("pages/sample page.txt", "sample_page"),
        ("经开时报 2022-05-16.txt", "2022-05-16"),
        ("经开时报.txt", "page"),
        ("<text>", "text"),
    ],
)
def test_article_ids_use_an_ascii_stem(path, stem):
    assert article_stem(path) == stem


# --- bylines, datelines, metadata, unit lines ----------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("记者 张晓明", [("张晓明", "记者", None)]),
        ("本报记者 张晓明 李红 通讯员 王立新", [("张晓明", "记者", None), ("李红", "记者", None), ("王立新", "通讯员", None)]),
        ("记者张晓明、李红", [("张晓明", "记者", None), ("李红", "记者", None)]),
        ("记者 张晓明 文/图", [("张晓明", "记者", None)]),
        ("文/图 欧阳立新", [("欧阳立新", "作者", None)]),
        ("张晓明 摄", [("张晓明", "摄影", None)]),
        ("东湖日报 张晓明 李红 文/图", [("张晓明", "记者", "东湖日报"), ("李红", "记者", "东湖日报")]),
        ("新华社记者 张晓明", [("张晓明", "记者", "新华社")]),
        ("（通讯员 王立新）", [("王立新", "通讯员", None)]),
        ("■本报记者 张晓明", [("张晓明", "记者", None)]),
    ],
)
def test_bylines(text, expected):
    assert [(a.name, a.role, a.org) for a in parse_byline(text)] == expected


@pytest.mark.parametrize("text", ["记者 东湖区", "记者 卫健委", "张晓明 李红", "居家隔离不隔爱 温暖守护不间断", "记者来到现场。"])
def test_not_bylines(text):
    assert parse_byline(text) is None


@pytest.mark.parametrize(
    "text, body",
    [
        ("本报讯 今年以来，", "今年以来，"),
        ("本报讯“我们按通知", "“我们按通知"),
        ("本报讯（记者 张晓明 通讯员 王立新）近日，", "近日，"),
        ("本报讯 记者 张晓明 通讯员 王立新 近日，", "近日，"),
        ("东湖网8月5日讯(记者 张晓明)连日来,", "连日来,"),
        ("央视网消息（记者 李红）：近日，", "近日，"),
        ("据新华社北京5月11日电 近日，", "近日，"),
        ("本报记者 张晓明 报道 近日，", "近日，"),
    ],
)
def test_datelines(text, body):
    line = parse_dateline(text)
    assert text[line.body_start :] == body


@pytest.mark.parametrize("text", ["电话每天要打上几百个。", "通讯员表示，", "记者了解到，", "新华社报道称"])
def test_not_datelines(text):
    assert parse_dateline(text) is None


def test_metadata_line_and_footers():
    meta = parse_fields("2020-02-11 16:52 来源:东湖网 作者:张晓明 李红")
    assert (meta.date, meta.source_name, [a.name for a in meta.authors]) == ("2020-02-11", "东湖网", ["张晓明", "李红"])
    assert not meta.is_footer
    footer = parse_fields("（责任编辑：王立新）")
    assert (footer.editor, footer.is_footer) == ("王立新", True)
    assert parse_fields("来源：东湖区融媒体中心").source_name == "东湖区融媒体中心"
    assert parse_fields("时间：5月3日至5月10日，地点：社区广场。") is None


@pytest.mark.parametrize("text", ["潮河办事处", "东湖区退役军人事务局", "白沙街道团工委", "石桥镇卫生院", "东湖区疫情防控指挥部"])
def test_unit_lines(text):
    assert is_unit_line(text)


@pytest.mark.parametrize("text", ["经开区欢送信阳市援郑核酸采样队", "守护美丽社区", "送医上门暖兵心", "东湖区 卫健委 联合 行动", "张晓明"])
def test_not_unit_lines(text):
    assert not is_unit_line(text)
