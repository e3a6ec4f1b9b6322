"""When each report was published: one ISO date per article, and where it was read.

Local news gives the date in many places, and often only in part:

- the report's own lines: a metadata line (`2020-02-11 16:52 来源:某某网`), a key
  (`发布时间:2020-02-11`), a dateline with its year (`新华社北京2020年3月5日电`);
- a dateline without its year (`某某网3月5日讯`): the year comes from the page, the file, the folder or
  `--date`, choosing the year that puts the day closest to that date (a report of 12月31日 in a
  folder of 2023-01-02 is of 2022);
- the header of an e-paper page (`某某日报 2022年5月10日 星期二 第3版`): every report of the page;
- a link to the report (`http://…/2022-05/10/content_1.htm`, `/20220510/`);
- the file name (`2022-05-10.txt`, `xinwen_20220510.txt`) or a folder (`2022-05-10/3.txt`,
  `2022/05/10/3.txt`; a folder `2022/` gives only the year, for datelines);
- `kg build --date YYYY-MM-DD`, for reports nothing else dates.

The most specific source wins, in that order. `Article.date_origin` keeps which it was: `text`,
`text+page` (the day from the dateline, the year from the page; likewise `text+url`,
`text+filename`, `text+folder`, `text+option`), `page`, `url`, `filename`, `folder` or `option`.
Event dates in the body (`从4月24日起`) are never taken: they say when something happened, not when
the report was written.

`date_page` is idempotent: it keeps the dates the report's own lines give and recomputes the
others, so it can run again with another `--date` or on a page read from the cache under a new name.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from kg import vocab
from kg.ingest.bylines import iso_date
from kg.ingest.clean import split_lines
from kg.ingest.lexicon import lexicon
from kg.schema import Article, Page
from kg.text import FULL_WIDTH_SENTENCE_END

TEXT, PAGE, URL, FILENAME, FOLDER, OPTION = "text", "page", "url", "filename", "folder", "option"
# Years a news date can have: wider would take phone numbers and ids in file names for dates.
FIRST_YEAR, LAST_YEAR = 1900, 2099
_YEAR = r"(?:19|20)\d\d"
# A full date in running text: 2022-05-10, 2022/5/10, 2022.05.10, 2022年5月10日 (OCR spaces allowed).
_FULL_DATE = re.compile(rf"(?<!\d)({_YEAR})\s*[-/.年]\s*(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})(?!\d)")
# In names and links the separators may be missing or `_`: 20220510, 2022_05_10, 2022-05/10.
_NAME_DATE = re.compile(rf"(?<!\d)({_YEAR})[-_./年]?(0[1-9]|1[0-2]|[1-9](?=\D))[-_./月]?(0[1-9]|[12]\d|3[01]|[1-9](?!\d))日?(?!\d)")
_NAME_YEAR = re.compile(rf"(?<!\d)({_YEAR})(?:[-_./年]?(?:0[1-9]|1[0-2]))?(?!\d)")
_URL = re.compile(r"(?:https?://|www\.)[\w\-./%?=&#~:+]+", re.I)
# A dateline's month and day, just before 讯/电/消息 (`某某网3月5日讯`, `新华社北京3月5日电`).
_DATELINE_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:讯|电|消息)")
_EDITION = re.compile(r"第\s*[\d一二三四五六七八九十]+\s*版|(?<![\dA-Za-z])[A-Z]?\d{1,3}\s*版(?!权)")
# A line with the punctuation of running text is no metadata line (headlines seldom spell a year).
_SENTENCE_PUNCT = re.compile(f"[{FULL_WIDTH_SENTENCE_END}]")
_MAX_META_LINE = 100


@dataclass(frozen=True)
class Found:
    date: str  # ISO
    origin: str


def date_page(page: Page, default: str | None = None) -> None:
    """Set `date` and `date_origin` of every article of `page`; `default` is the `--date` option."""
    if not page.articles:
        return
    meta, headers, urls = _page_lines(page)
    from_name = _from_name(page.path)
    from_folder = _from_folder(page.path)
    option = Found(default, OPTION) if default else None
    path_year = _year_from_path(page.path)
    bounds = [_body_span(a) for a in page.articles]
    for i, article in enumerate(page.articles):
        start, end = bounds[i]
        prev_end = bounds[i - 1][1] if i else 0
        next_start = bounds[i + 1][0] if i + 1 < len(page.articles) else len(page.text) + 1
        own = _own_date(article) or _in_region(meta, prev_end, start) or _key_at_body_start(article)
        if own is None and i + 1 == len(page.articles):
            own = _in_region(meta, end, next_start)  # a footer after the last report
        header = _header_for(headers, start)
        link = _in_region(urls, prev_end, start) or _in_region(urls, end, next_start)
        fallbacks = [header, link, from_name, from_folder, option]
        found = own or _from_dateline(page.text, article, start, [*fallbacks, path_year])
        found = found or next((f for f in fallbacks if f), None)
        article.date, article.date_origin = (found.date, found.origin) if found else (None, None)


def parse_iso(text: str) -> str:
    """`--date`: the ISO date, or ValueError with a message for the user."""
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise ValueError(f"{text!r} is not a date; give it as YYYY-MM-DD (for example 2022-05-10)") from None


# -- the report's own lines ------------------------------------------------------------------
def _own_date(article: Article) -> Found | None:
    """The date ingest read from the report's dateline or metadata lines (origin `text`)."""
    if article.date and article.date_origin in (None, TEXT):
        return Found(article.date, TEXT)
    return None


def _key_at_body_start(article: Article) -> Found | None:
    """`时间:2021-10-26` glued to the first words of the body."""
    head = _date_key().match(article.body)
    match = _FULL_DATE.match(article.body, head.end()) if head else None
    found = iso_date(*match.groups()) if match else None
    return Found(found, TEXT) if found else None


@cache
def _date_key() -> re.Pattern[str]:
    """The metadata keys that announce a date (发布时间, 日期 …), from data/ingest/meta_keys.txt."""
    keys = sorted((k for k, (kind, _) in lexicon().meta_keys.items() if kind == "date"), key=len, reverse=True)
    return re.compile(rf"^\s*(?:{'|'.join(map(re.escape, keys))})\s*[:：]\s*")


def _page_lines(page: Page) -> tuple[list[tuple[int, Found]], list[tuple[int, Found]], list[tuple[int, Found]]]:
    """Dates of the lines outside every body, with their offsets: (metadata lines, page headers, links)."""
    spans = sorted(_body_span(a) for a in page.articles)
    starts = [s for s, _ in spans]
    meta, headers, urls = [], [], []
    for line in split_lines(page.text):
        text = line.text.strip()
        if not text or _inside_body(line.start, line.end, spans, starts):
            continue
        for link in _URL.finditer(text):
            if found := _first_name_date(link.group()):
                urls.append((line.start, Found(found, URL)))
                break
        text = _URL.sub(" ", text)
        full = _first_full_date(text)
        if full is None:
            continue
        if _is_page_header(text):
            headers.append((line.start, Found(full, PAGE)))
        elif len(text) <= _MAX_META_LINE and not _SENTENCE_PUNCT.search(text):
            meta.append((line.start, Found(full, TEXT)))
    return meta, headers, urls


def _body_span(article: Article) -> tuple[int, int]:
    """Where the report's body lies in the source (from its first to its last character)."""
    if not article.offsets:
        return (0, 0)
    return article.offsets[0], article.offsets[-1] + 1


def _inside_body(start: int, end: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Does the line [start, end) reach into a body? (A dateline line starts before its body.)"""
    i = bisect_right(starts, end - 1) - 1
    return i >= 0 and spans[i][1] > start


def _in_region(found: list[tuple[int, Found]], lo: int, hi: int) -> Found | None:
    return next((f for at, f in found if lo <= at < hi), None)


def _header_for(headers: list[tuple[int, Found]], at: int) -> Found | None:
    """The page header above the report (a file may hold several pages), else the first one."""
    above = [f for pos, f in headers if pos <= at]
    return above[-1] if above else (headers[0][1] if headers else None)


@cache
def _page_markers() -> tuple[str, ...]:
    return tuple(vocab.words("ingest/page_markers.txt"))


def _is_page_header(text: str) -> bool:
    return any(m in text for m in _page_markers()) or bool(_EDITION.search(text))


def _first_full_date(text: str) -> str | None:
    for match in _FULL_DATE.finditer(text):
        if found := iso_date(*match.groups()):
            return found
    return None


def _first_name_date(text: str) -> str | None:
    for match in _NAME_DATE.finditer(text):
        if found := iso_date(*match.groups()):
            return found
    return None


# -- datelines without their year ------------------------------------------------------------
def _from_dateline(text: str, article: Article, body_start: int, references: list[Found | None]) -> Found | None:
    """`某某网3月5日讯` on the body's first line (or alone on the line before): the month and day,
    with the year of the first reference, the one that puts the day nearest to the reference's date."""
    month_day = _dateline_month_day(text, body_start)
    reference = next((r for r in references if r), None)
    if month_day is None or reference is None:
        return None
    month, day = month_day
    ref_year = int(reference.date[:4])
    if len(reference.date) == 4:  # a year alone
        found = iso_date(ref_year, month, day)
    else:
        ref = date.fromisoformat(reference.date)
        options = [d for y in (ref_year - 1, ref_year, ref_year + 1) if (d := iso_date(y, month, day))]
        found = min(options, key=lambda d: abs((date.fromisoformat(d) - ref).days), default=None)
    return Found(found, f"{TEXT}+{reference.origin}") if found else None


def _dateline_month_day(text: str, body_start: int) -> tuple[int, int] | None:
    line_start = text.rfind("\n", 0, body_start) + 1
    candidates = [text[line_start:body_start]]
    if not candidates[0].strip():  # a dateline alone on its line
        prev_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
        candidates.append(text[prev_start:line_start])
    for candidate in candidates:
        match = _DATELINE_DAY.search(candidate)
        if match:
            return int(match.group(1)), int(match.group(2))
    return None


# -- file and folder names -------------------------------------------------------------------
def _from_name(path: str) -> Found | None:
    found = _first_name_date(Path(path).stem)
    return Found(found, FILENAME) if found else None


def _from_folder(path: str) -> Found | None:
    """A folder named by its date (`2022-05-10/`), or nested year/month/day folders (`2022/05/10/`)."""
    parents = [p.name for p in Path(path).parents if p.name][:4]
    for name in parents:
        if found := _first_name_date(name):
            return Found(found, FOLDER)
    if len(parents) >= 3:
        day, month, year = parents[:3]
        if re.fullmatch(_YEAR, year) and month.isdigit() and day.isdigit():
            if found := iso_date(year, month, day):
                return Found(found, FOLDER)
    return None


def _year_from_path(path: str) -> Found | None:
    """A year alone in the file name or a folder (`2022/`, `报纸_202007`), for datelines only."""
    p = Path(path)
    for name, origin in [(p.stem, FILENAME)] + [(q.name, FOLDER) for q in list(p.parents)[:4]]:
        match = _NAME_YEAR.search(name)
        if match and FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
            return Found(match.group(1), origin)
    return None
