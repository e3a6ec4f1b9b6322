"""Dates of reports (kg/ingest/dates.py): from the report's lines, datelines without a year, e-paper
headers, links, file and folder names and the `--date` option; each keeps where it was read."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.ingest import parse_page, read_page
from kg.ingest.dates import date_page, parse_iso

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "dev" / "news"
NAME_DATE = re.compile(r"_(\d{4})(\d{2})(\d{2})\.txt$")
# Reports whose own dateline gives another day than their file name (the file name is the day the
# site published it): the dateline's day wins, its year taken from the file name.
DATELINE_DAY = {"d29": "2017-06-26"}


def _dev_files() -> list[Path]:
    files = sorted(DEV.glob("*.txt"))
    if not files:
        pytest.fail(f"{DEV} is missing: the tests expect shared/ beside the repository", pytrace=False)
    return files


def test_every_dated_dev_report_gets_its_date():
    """The file names of the development set carry the date of their page (`_20200214`), or
    `undated` / a month only (`_202007`) where the page gives none: every report of a dated file
    gets that date, and no report of an undated file gets one."""
    dated = 0
    for path in _dev_files():
        page = read_page(path)
        match = NAME_DATE.search(path.name)
        expected = DATELINE_DAY.get(path.name[:3]) or (("-".join(match.groups())) if match else None)
        got = [(a.date, a.date_origin) for a in page.articles]
        assert all(d == expected for d, _ in got), (path.name, got)
        if expected:
            dated += 1
            assert all(o for _, o in got), (path.name, got)
    assert dated >= 30


def test_dev_dates_come_from_the_text_where_it_gives_them():
    """Most dated pages print their date (metadata lines, e-paper headers, datelines): it is read
    from the text, not taken from the file name (19 of the 32 dated pages today)."""
    origins = [a.date_origin for path in _dev_files() for a in read_page(path).articles[:1]]
    from_text = sum(1 for o in origins if o and (o.startswith("text") or o == "page"))
    assert from_text >= 18, origins


EPAPER = """某某日报 2022年5月10日 星期二 第3版 要闻

城关街道开展消杀
本报讯 (记者 张明) 近日，城关街道组织志愿者对辖区小区开展消杀。

东风社区推行网格化管理
本报讯 东风社区将辖区划为八个网格，每格配一名网格员。
"""


def test_epaper_header_dates_every_report_of_the_page():
    page = parse_page(EPAPER, "scan_p3.txt")
    assert [(a.date, a.date_origin) for a in page.articles] == [("2022-05-10", "page")] * 2


def test_dateline_without_year_takes_the_year_of_the_folder(tmp_path):
    folder = tmp_path / "2021" / "pages"
    folder.mkdir(parents=True)
    path = folder / "p1.txt"
    path.write_text("东风社区开展排查\n某某网3月5日讯 东风社区组织网格员入户排查。\n", encoding="utf-8")
    (article,) = read_page(path).articles
    assert (article.date, article.date_origin) == ("2021-03-05", "text+folder")


def test_dateline_year_is_the_one_nearest_the_reference_date():
    """A report of 12月31日 in a file of 2 January belongs to the year before."""
    page = parse_page("某某网12月31日讯 东风社区组织志愿者走访独居老人。\n", "news_20230102.txt")
    assert (page.articles[0].date, page.articles[0].date_origin) == ("2022-12-31", "text+filename")


@pytest.mark.parametrize("name, expected", [
    ("2022-05-10.txt", "2022-05-10"),
    ("xinwen_20220510_p2.txt", "2022-05-10"),
    ("2022_5_9 社区.txt", "2022-05-09"),
    ("2022年5月10日.txt", "2022-05-10"),
    ("scan_12345678.txt", None),  # no year a newspaper could have
    ("report_20221340.txt", None),  # no calendar date
])
def test_file_name_dates(name, expected):
    page = parse_page("东风社区组织志愿者走访独居老人。\n", name)
    assert page.articles[0].date == expected
    assert page.articles[0].date_origin == ("filename" if expected else None)


def test_folder_dates(tmp_path):
    for folder, expected in [("2022-05-10", "2022-05-10"), ("2022/05/11", "2022-05-11")]:
        path = tmp_path / folder / "page.txt"
        path.parent.mkdir(parents=True)
        path.write_text("东风社区组织志愿者走访独居老人。\n", encoding="utf-8")
        assert [(a.date, a.date_origin) for a in read_page(path).articles] == [(expected, "folder")]


def test_link_date_over_file_name():
    text = "东风社区开展排查\n东风社区组织网格员入户排查。\n原文链接：http://www.example.cn/content/2022-05/08/content_1.htm\n"
    page = parse_page(text, "saved_20220510.txt")
    assert (page.articles[0].date, page.articles[0].date_origin) == ("2022-05-08", "url")


def test_event_dates_in_the_body_are_not_report_dates():
    page = parse_page("东风社区自2022年4月24日起组织网格员入户排查。\n", "page.txt")
    assert page.articles[0].date is None and page.articles[0].date_origin is None


def test_option_dates_only_what_nothing_else_dates_and_is_idempotent():
    page = parse_page(EPAPER.split("\n", 1)[1] + "\n某某网5月9日讯 东风社区组织消杀。\n", "scan.txt")
    assert [a.date for a in page.articles] == [None, None, None]
    date_page(page, default="2022-05-10")
    assert [(a.date, a.date_origin) for a in page.articles] == [
        ("2022-05-10", "option"), ("2022-05-10", "option"), ("2022-05-09", "text+option")]
    date_page(page, default="2023-06-01")  # a second run with another option recomputes
    assert [a.date for a in page.articles] == ["2023-06-01", "2023-06-01", "2023-05-09"]
    date_page(page)
    assert [a.date for a in page.articles] == [None, None, None]


def test_own_metadata_line_wins_over_file_name():
    page = parse_page("东风社区开展排查\n2020-02-11 16:52 来源：某某网\n东风社区组织网格员入户排查。\n", "p_20200301.txt")
    assert (page.articles[0].date, page.articles[0].date_origin) == ("2020-02-11", "text")


def test_parse_iso_option():
    assert parse_iso("2022-05-10") == "2022-05-10"
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        parse_iso("10/5/2022")
