"""Pages and articles: the ingest stage put together (clean -> segment -> assign headers -> sentences)."""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from pathlib import Path

from kg.ingest.bylines import DATE_FIELD_OPENING, leading_byline
from kg.ingest.clean import Mapped, Piece, RawLine, assemble, clean_body, clean_title, split_lines
from kg.ingest.dates import date_page
from kg.ingest.headers import Affinity, Candidate, Roles, assign, is_dashed
from kg.ingest.lexicon import lexicon
from kg.ingest.read import read_text
from kg.ingest.segment import Draft, Layout, classify, segment
from kg.ingest.sentences import split_sentences
from kg.schema import Article, Author, Page
from kg.text import HAN

# Page.encoding of text handed over in memory rather than read from a file.
IN_MEMORY = "unicode"


def read_page(path: str | Path, force_text: bool = False) -> Page:
    """Read, decode, clean and segment one file (raises kg.errors.InputError for unreadable files,
    and for files that are not plain text unless `force_text`)."""
    text, encoding = read_text(path, force_text=force_text)
    page = parse_page(text, str(path))
    page.encoding = encoding
    return page


def parse_page(text: str, path: str = "<text>") -> Page:
    """Segment text already in memory (notebooks, tests) into articles and sentences."""
    layout = segment([classify(raw) for raw in split_lines(text)])
    bodies = [_body(draft) for draft in layout.drafts]
    roles = _roles(layout, [body for body, _ in bodies])
    stem = article_stem(path)
    articles = [
        _article(draft, body, authors, role, index, path, stem)
        for index, (draft, (body, authors), role) in enumerate(zip(layout.drafts, bodies, roles), start=1)
    ]
    page = Page(path=path, encoding=IN_MEMORY, text=text, articles=articles, banner=_banner(layout, roles))
    date_page(page)
    return page


def article_stem(path: str) -> str:
    """The ASCII part of article ids: the file stem reduced to [A-Za-z0-9_-], or `page`."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", Path(path).stem).strip("_")
    return stem if re.search(r"[A-Za-z0-9]", stem) else "page"


def _body(draft: Draft) -> tuple[Mapped, list[Author]]:
    """The cleaned body, and the authors of a dateline byline that OCR wrapped onto the next line."""
    body = _joined_lines(draft)
    if draft.dateline and not draft.dateline.authors:
        return _cut_leading_byline(body)
    return body, []


def _cut_leading_byline(body: Mapped) -> tuple[Mapped, list[Author]]:
    """`本报讯（记者 张三 通讯` / `员 李四）近日…`: the byline is read from the joined body and cut off it."""
    found = leading_byline(body.text)
    if not found:
        return body, []
    authors, end = found
    at = body.offsets
    return body[end:], [
        replace(
            a,
            source_start=at[a.source_start], source_end=at[a.source_end - 1] + 1,
            byline_start=at[a.byline_start], byline_end=at[a.byline_end - 1] + 1,
        )
        for a in authors
    ]


def _joined_lines(draft: Draft) -> Mapped:
    pieces: list[Piece | None] = []
    for line in draft.pieces:
        if line is None:
            pieces.append(None)
        else:
            start, end = line.body_span()
            pieces.append(Piece(line.text[start:end], line.raw.start + start, line.raw.end))
    return assemble(pieces)


def _roles(layout: Layout, bodies: list[Mapped]) -> list[Roles]:
    """Who takes which title line (kg.ingest.headers); nothing to decide on pages without any."""
    if not any(gap.candidates for gap in layout.gaps):
        return [Roles() for _ in bodies]
    return assign(layout.gaps, Affinity([body.text for body in bodies]))


def _title(candidate: Candidate | None) -> str | None:
    if candidate is None:
        return None
    line = candidate.line
    text = clean_title(line.text, line.start).text
    text = text.lstrip("—–-－― ") if is_dashed(text) else text
    # A title copied from a browser tab ends with the site: `青山区开展消防检查_青山网`, `… - 某某网`.
    site = _site_suffix().search(text)
    return text[: site.start()] if site and site.start() > 0 else text


@cache
def _site_suffix() -> re.Pattern[str]:
    return re.compile(rf"\s*[_|｜\-－—–]+\s*[{HAN}]{{1,12}}(?:{lexicon().media_pattern})$")


def _unit(candidate: Candidate | None) -> tuple[str | None, int, int]:
    """The unit line's text and its source offsets (start, end)."""
    if candidate is None:
        return None, -1, -1
    mapped = clean_body(candidate.line.text, candidate.line.start)
    if not mapped.text:
        return None, -1, -1
    return mapped.text, mapped.offsets[0], mapped.offsets[-1] + 1


def _article(
    draft: Draft, body: Mapped, wrapped_byline: list[Author], roles: Roles, index: int, path: str, stem: str
) -> Article:
    fields = draft.fields
    dateline = draft.dateline
    unit, unit_start, unit_end = _unit(roles.unit)
    return Article(
        id=f"{stem}-{index}",
        source=path,
        index=index,
        body=body.text,
        offsets=body.offsets,
        headline=_title(roles.headline),
        subheadline=_title(roles.subheadline),
        unit=unit,
        unit_source_start=unit_start,
        unit_source_end=unit_end,
        authors=_merge_authors(wrapped_byline + draft.authors + [a for f in fields for a in f.authors]),
        date=_first(f.date for f in fields) or (dateline.date if dateline else None),
        source_name=_first(f.source_name for f in fields) or (dateline.source_name if dateline else None),
        dateline_place=dateline.place if dateline else None,
        editor=_first(f.editor for f in fields),
        sentences=split_sentences(body.text, body.offsets),
        lead=_lead(draft),
    )


def _lead(draft: Draft) -> str:
    """The first characters of the report as printed: its dateline, then its body."""
    first = next((line for line in draft.pieces if line is not None), None)
    if first is None:
        return ""
    line = first.text
    if first.dateline and first.dateline.authors and line.lstrip(" \t\u3000■□●◆◇★☆▲△").startswith(tuple(lexicon().roles)):
        line = line[first.dateline.body_start:]  # `记者 张三 报道 本报某地讯 …`: the report opens after its byline
    text = clean_body(line, first.raw.start).text.strip()
    return text[DATE_FIELD_OPENING.match(text).end():][:40] if DATE_FIELD_OPENING.match(text) else text[:40]


def _first(values) -> str | None:
    return next((v for v in values if v), None)


def _merge_authors(authors: list[Author]) -> list[Author]:
    """One entry per person, in order of first mention; a specific role (记者, 通讯员) wins over the
    generic `作者` of a metadata line."""
    merged: dict[str, Author] = {}
    for author in authors:
        known = merged.get(author.name)
        if known is None or (known.role == "作者" and author.role != "作者"):
            merged[author.name] = author
    return list(merged.values())


def _banner(layout: Layout, roles: list[Roles]) -> list[str]:
    """Lines between bodies that no article took, and captions, in page order."""
    taken = {c.line.number for r in roles for c in r.taken}
    lines: list[RawLine] = [c.line for gap in layout.gaps for c in gap.candidates if c.line.number not in taken]
    lines += [line.raw for line in layout.banner]
    return [clean_title(line.text, line.start).text for line in sorted(lines, key=lambda l: l.number)]
