"""A page's lines into articles: where each body starts and ends, and which lines stand between.

Three layouts occur in the wild and may mix on one page:
- newspaper pages: bodies open with a dateline (`本报讯`, `新华社北京3月5日电`) and usually close with a
  byline; headline and unit lines stand before the body or after the byline;
- web reports: title, metadata line (`2021-08-05 09:30 来源：某某网`), toolbar debris, body, footer
  (`责任编辑：某某`);
- plain article dumps with no markers at all, one article per block of text between two blank lines.

This module only finds bodies and collects the short lines between them (`Gap`s); kg.ingest.headers
decides which article each of those lines belongs to.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from kg.ingest.bylines import Dateline, Fields, is_person_name, parse_byline, parse_dateline, parse_fields, split_trailing_byline
from kg.ingest.clean import RawLine, ends_sentence, is_caption, is_debris, is_related_heading, is_summary, strip
from kg.ingest.headers import Candidate, Gap, is_unit_line
from kg.schema import Author

# A headline or unit line is short and does not end like running text.
HEADER_MAX_CHARS = 40
_RUNNING_TEXT_END = "，,、：:；;。…"
# Longer lines are never toolbars, metadata or bylines: skip those parsers (speed on large files).
_MAX_DEBRIS_CHARS = 80
_MAX_FIELDS_CHARS = 160
_MAX_BYLINE_CHARS = 60
_MAX_CAPTION_CHARS = 100
# At least this many lines in a row without a blank one are running text, not titles.
_MAX_HEADER_RUN = 3


class Kind(Enum):
    BLANK = "blank"
    DEBRIS = "debris"  # web toolbar or navigation: dropped
    RELATED = "related"  # `相关新闻`: ends the report; the list under it is dropped
    CAPTION = "caption"  # photo caption
    FIELDS = "fields"  # metadata line or footer: `来源：… 作者：…`, `责任编辑：…`
    BYLINE = "byline"  # a line that is only a byline
    START = "start"  # a line that opens a body with a dateline
    TEXT = "text"


@dataclass
class Line:
    raw: RawLine
    kind: Kind
    dateline: Dateline | None = None
    fields: Fields | None = None
    authors: list[Author] = field(default_factory=list)  # a byline line's, or a trailing byline's
    cut: int | None = None  # where a trailing byline begins in raw.text

    @property
    def text(self) -> str:
        return self.raw.text

    def body_span(self) -> tuple[int, int]:
        """The part of the line that is body text (after a dateline, before a trailing byline)."""
        start = self.dateline.body_start if self.dateline else 0
        return start, len(self.raw.text) if self.cut is None else self.cut


def classify(raw: RawLine) -> Line:
    """What one source line is. Order matters: metadata before bylines (`责任编辑：X` is both), and a
    dateline before a byline (`本报记者 X 报道` opens a body)."""
    text = raw.text
    stripped = strip(text)
    if not stripped:
        return Line(raw, Kind.BLANK)
    if is_summary(stripped):
        return Line(raw, Kind.DEBRIS)
    if len(stripped) <= _MAX_DEBRIS_CHARS:
        if is_related_heading(stripped):
            return Line(raw, Kind.RELATED)
        if is_debris(stripped):
            return Line(raw, Kind.DEBRIS)
    if len(stripped) <= _MAX_FIELDS_CHARS:
        fields = parse_fields(text, raw.start)
        if fields:
            return Line(raw, Kind.FIELDS, fields=fields)
    dateline = parse_dateline(text, raw.start)
    if dateline:
        line = Line(raw, Kind.START, dateline=dateline)
    elif len(stripped) <= _MAX_BYLINE_CHARS and (authors := parse_byline(text, raw.start)):
        return Line(raw, Kind.BYLINE, authors=authors)
    else:
        caption = len(stripped) <= _MAX_CAPTION_CHARS and is_caption(stripped)
        line = Line(raw, Kind.CAPTION if caption else Kind.TEXT)
    if line.kind is Kind.CAPTION:
        return line  # a photo credit (`▲…。记者 张三 摄`) does not end the report
    start, _ = line.body_span()
    trailing = split_trailing_byline(text[start:], raw.start + start)
    if trailing:
        line.cut, line.authors = start + trailing[0], trailing[1]
    return line


def signature(line: Line) -> list[Author] | None:
    """The authors of a line that is nothing but one to three person names (`张三`, `张三 李四`)."""
    text = strip(line.text)
    if line.kind is not Kind.TEXT or not text or len(text) > 14:
        return None
    names = text.split()
    if not 1 <= len(names) <= 3 or not all(is_person_name(n) for n in names):
        return None
    return parse_byline(line.text, line.raw.start, names_alone=True)


def is_header_like(line: Line) -> bool:
    """Short, and not ending like running text: a headline, subheadline, unit or banner line."""
    if line.kind is not Kind.TEXT:
        return False
    text = strip(line.text)
    return len(text.replace(" ", "")) <= HEADER_MAX_CHARS and text[-1] not in _RUNNING_TEXT_END


@dataclass
class Draft:
    """An article as found on the page, before its header lines are assigned."""

    pieces: list[Line | None] = field(default_factory=list)  # body lines in order; None: a blank line
    dateline: Dateline | None = None
    authors: list[Author] = field(default_factory=list)
    fields: list[Fields] = field(default_factory=list)

    def has_body_text(self) -> bool:
        """Has the body begun (a dateline alone on its line has no body text yet)?"""
        for piece in self.pieces:
            if piece is not None:
                start, end = piece.body_span()
                if strip(piece.text[start:end]):
                    return True
        return False


@dataclass
class Layout:
    """A page cut into bodies and the gaps around them; gaps[i] stands before drafts[i]."""

    drafts: list[Draft]
    gaps: list[Gap]
    banner: list[Line]  # captions and lines no article can take


class _Segmenter:
    """Walks the lines of one block of a page once, opening and closing bodies."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.body_like = _body_like_runs(lines)
        self.drafts: list[Draft] = []
        self.gaps: list[list[Line]] = []
        self.gap: list[Line] = []
        self.banner: list[Line] = []
        self.current: Draft | None = None
        self.pending_authors: list[Author] = []
        self.pending_fields: list[Fields] = []
        self.expect_body = False  # a metadata line or byline announced the body that follows
        self.in_related_list = False  # under a `相关新闻` heading: titles of other pages
        # the last line with anything on it: a name alone there signs the report above it
        self.last_line = max((i for i, l in enumerate(lines) if l.kind not in (Kind.BLANK, Kind.DEBRIS)), default=-1)

    @property
    def previous(self) -> Draft | None:
        return self.drafts[-1] if self.drafts and self.current is None else None

    def run(self) -> tuple[list[Draft], list[list[Line]], list[Line]]:
        for i, line in enumerate(self.lines):
            self.feed(i, line)
        self.close(detach=True)
        if self.previous:
            self.previous.authors.extend(self.pending_authors)
            self.previous.fields.extend(self.pending_fields)
        self.gaps.append(self.gap)
        return self.drafts, self.gaps, self.banner

    def feed(self, i: int, line: Line) -> None:
        kind = line.kind
        if kind is Kind.DEBRIS:
            return
        if kind is Kind.RELATED:
            self.close(detach=False)
            self.in_related_list = True
            return
        if kind is Kind.BLANK:
            if self.current:
                self.current.pieces.append(None)
        elif kind is Kind.START:
            self.open(line)
        elif kind is Kind.BYLINE:
            self.on_byline(line)
        elif kind is Kind.FIELDS:
            self.on_fields(line.fields)
        elif self.current and i == self.last_line and self.current.has_body_text() and (signed := signature(line)):
            self.current.authors.extend(signed)  # `…工作。` / `张三`: the writer's name closes the page
            self.close(detach=False)
        elif self.current:
            self.add_text(line)
        elif self.in_related_list:
            return
        elif kind is Kind.CAPTION:
            self.banner.append(line)
        elif self.body_like[i] and self.is_title_over_body(i, line):
            self.gap.append(line)
        elif self.body_like[i] or (self.expect_body and not is_header_like(line)):
            self.open(line)
        else:
            # a short line after a metadata line is the headline or unit line of the body that
            # follows, not its first line (`日期：… 版次：…` / `某某社区` / `headline` / body)
            self.gap.append(line)

    def is_title_over_body(self, i: int, line: Line) -> bool:
        """The first line of a page, short and not ending like a sentence, printed right over
        running text with no blank line between (web pages copied as text): the headline."""
        if self.drafts or self.gap or self.current or not is_header_like(line):
            return False
        following = self.lines[i + 1] if i + 1 < len(self.lines) else None
        return (
            following is not None and following.kind is Kind.TEXT and not is_header_like(following)
            and not any(l.kind is not Kind.BLANK for l in self.lines[:i])
        )

    def open(self, line: Line) -> None:
        self.close(detach=True)
        draft = Draft(dateline=line.dateline, authors=self.pending_authors, fields=self.pending_fields)
        if line.dateline:
            draft.authors = [*line.dateline.authors, *draft.authors]
        self.pending_authors, self.pending_fields, self.expect_body = [], [], False
        self.in_related_list = False
        self.gaps.append(self.gap)
        self.gap = []
        self.drafts.append(draft)
        self.current = draft
        self.add_text(line)

    def add_text(self, line: Line) -> None:
        assert self.current is not None
        self.current.pieces.append(line)
        if line.cut is not None:
            self.current.authors.extend(line.authors)
            self.close(detach=False)

    def close(self, detach: bool) -> None:
        """End the current body; when no byline or footer ended it, the short lines at its end
        belong to the gap (the headline of the next report, standing before its dateline)."""
        if self.current is None:
            return
        if not self.current.has_body_text():
            self._drop_current()
            return
        if detach:
            self.gap = _detach_trailing_headers(self.current.pieces) + self.gap
        self.current = None

    def _drop_current(self) -> None:
        """A dateline with no text under it is no article: its gap, byline and metadata go on to
        the next one."""
        draft = self.drafts.pop()
        self.gap = self.gaps.pop() + self.gap
        self.pending_authors = draft.authors + self.pending_authors
        self.pending_fields = draft.fields + self.pending_fields
        self.current = None

    def on_byline(self, line: Line) -> None:
        if self.current and not self.current.has_body_text():
            self.current.authors.extend(line.authors)  # `本报讯` / `记者 X` / body
        elif self.current:
            self.current.authors.extend(line.authors)
            self.close(detach=False)
        elif self.previous and not self.gap:
            self.previous.authors.extend(line.authors)  # a second byline line
        else:
            self.pending_authors.extend(line.authors)  # a byline under the next report's headline
            self.expect_body = True

    def on_fields(self, fields: Fields) -> None:
        if self.current and not self.current.has_body_text():
            self.current.fields.append(fields)
            return
        if self.current:
            self.close(detach=not fields.is_footer)
            if fields.is_footer:
                self.drafts[-1].fields.append(fields)
                return
        elif fields.is_footer and self.previous and not self.gap:
            self.previous.fields.append(fields)
            return
        self.pending_fields.append(fields)
        self.expect_body = True


def _body_like_runs(lines: list[Line]) -> list[bool]:
    """For each text line: is the run of text lines from it to the next blank one running text
    (a long line, a line ending like a sentence, or more lines than a title block has)?"""
    flags = [False] * len(lines)
    count, running = 0, False
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if line.kind is not Kind.TEXT:
            count, running = 0, False
            continue
        count += 1
        running = running or not is_header_like(line)
        flags[i] = running or count > _MAX_HEADER_RUN
    return flags


def _body_end_text(line: Line) -> str:
    start, end = line.body_span()
    return line.text[start:end]


def _detach_trailing_headers(pieces: list[Line | None]) -> list[Line]:
    """Take the title blocks off the end of a body: blocks of at most three short lines, separated
    by blank lines, that follow a finished sentence. They are returned in page order and removed
    from `pieces`."""
    cut = len(pieces)
    while True:
        end = cut
        while end and pieces[end - 1] is None:
            end -= 1
        start = end
        while start and pieces[start - 1] is not None:
            start -= 1
        block = [line for line in pieces[start:end] if line is not None]
        if not block or len(block) > _MAX_HEADER_RUN or not all(_detachable(line) for line in block):
            break
        cut = start
    before = [line for line in pieces[:cut] if line is not None]
    if cut == len(pieces) or not before or not ends_sentence(_body_end_text(before[-1])):
        return []
    detached = [line for line in pieces[cut:] if line is not None]
    del pieces[cut:]
    return detached


def _detachable(line: Line) -> bool:
    return is_header_like(line) and line.dateline is None and line.cut is None


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """Cut a page at runs of two or more blank lines when the file marks articles that way.

    Plain article dumps separate paragraphs by one blank line and articles by two; a file that puts
    two blank lines between all its paragraphs (some web copies do) has few single blank lines, and
    is not cut. A block with no running text (a lone title, a footer) joins a neighbour: titles the
    block below, footers and bylines the block above.
    """
    blocks: list[list[Line]] = [[]]
    singles = doubles = blanks = 0
    started = False  # the current block has a non-blank line
    for line in lines:
        if line.kind is Kind.BLANK:
            blanks += 1
        else:
            if blanks and started:
                singles += blanks == 1
                doubles += blanks >= 2
                if blanks >= 2:
                    blocks.append([])
            blanks, started = 0, True
        blocks[-1].append(line)
    if doubles == 0 or singles < doubles:
        return [lines]
    return _merge_blocks_without_body(blocks)


def _merge_blocks_without_body(blocks: list[list[Line]]) -> list[list[Line]]:
    merged: list[list[Line]] = []
    carry: list[Line] = []
    for block in blocks:
        block = carry + block
        carry = []
        if any(line.kind is Kind.START for line in block) or any(_body_like_runs(block)):
            merged.append(block)
        elif merged and not any(is_header_like(line) for line in block):
            merged[-1].extend(block)
        else:
            carry = block
    if carry:
        if merged:
            merged[-1].extend(carry)
        else:
            merged.append(carry)
    return merged


def _fallback(lines: list[Line]) -> Draft | None:
    """No body found: the whole block is one article with no headline (nothing is lost)."""
    draft = Draft()
    for line in lines:
        if line.kind in (Kind.TEXT, Kind.CAPTION, Kind.START):
            draft.pieces.append(line)
        elif line.kind is Kind.BLANK:
            draft.pieces.append(None)
        elif line.kind is Kind.BYLINE:
            draft.authors.extend(line.authors)
        elif line.kind is Kind.FIELDS and line.fields:
            draft.fields.append(line.fields)
    return draft if draft.has_body_text() else None


def _gap(lines: list[Line]) -> Gap:
    return Gap([Candidate(line.raw, is_unit_line(line.text), j) for j, line in enumerate(lines)])


def _join_continuations(
    drafts: list[Draft], gap_lines: list[list[Line]], walls: dict[int, int]
) -> tuple[list[Draft], list[list[Line]], dict[int, int]]:
    """A body that opens with no dateline and no line of its own before it (no headline, no unit
    line) continues the body above: a photo caption closed by its credit (`…。(记者 X 摄)`), a
    paragraph after a mid-text byline, a footer line. A new report announces itself with a title
    or a dateline; without either, cutting there only splits one report in two.

    Two blank lines (a block border) do separate untitled articles in plain dumps, so a border is
    crossed only on a page whose first report has a title: such a page titles all its reports."""
    if len(drafts) < 2:
        return drafts, gap_lines, walls
    titled_page = bool(gap_lines[0])
    kept, kept_gaps, kept_walls = [drafts[0]], [gap_lines[0]], {0: walls[0]} if 0 in walls else {}
    for i in range(1, len(drafts)):
        draft = drafts[i]
        if draft.dateline is None and not gap_lines[i] and (titled_page or i not in walls):
            previous = kept[-1]
            previous.pieces.extend([None, *draft.pieces])
            previous.authors.extend(draft.authors)
            previous.fields.extend(draft.fields)
            continue
        if i in walls:
            kept_walls[len(kept_gaps)] = walls[i]
        kept.append(draft)
        kept_gaps.append(gap_lines[i])
    last = len(drafts)
    if last in walls:
        kept_walls[len(kept_gaps)] = walls[last]
    kept_gaps.append(gap_lines[last])
    return kept, kept_gaps, kept_walls


def segment(lines: list[Line]) -> Layout:
    """Find the bodies of a page and the gaps of candidate title lines between them."""
    drafts: list[Draft] = []
    gap_lines: list[list[Line]] = []
    walls: dict[int, int] = {}  # gap joining two blocks -> its fixed split (nothing crosses a block border)
    banner: list[Line] = []
    for block in _blocks(lines):
        found, gaps, captions = _Segmenter(block).run()
        if not found:
            draft = _fallback(block)
            found, gaps = ([draft], [[], []]) if draft else ([], [[]])
        if gap_lines:
            joint = gap_lines.pop()
            walls[len(gap_lines)] = len(joint)
            gaps = [joint + gaps[0], *gaps[1:]]
        gap_lines.extend(gaps)
        drafts.extend(found)
        banner.extend(captions)
    drafts, gap_lines, walls = _join_continuations(drafts, gap_lines, walls)
    gaps = [_gap(g) for g in gap_lines]
    for index, split in walls.items():
        gaps[index].lo = gaps[index].hi = split
    gaps[0].lo = gaps[0].hi = 0
    gaps[-1].lo = gaps[-1].hi = len(gaps[-1].candidates)
    return Layout(drafts, gaps, banner)
