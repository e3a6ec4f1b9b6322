"""Character-level normalisation of OCR and web text, keeping every character's source offset.

OCR pages wrap every dozen characters, put stray spaces inside numbers and dates (`5月 3日`,
`835篇 (条)`) and sometimes a blank line in the middle of a sentence; web copies add share
buttons and toolbars. We undo that here, but never rewrite a character: the cleaned text is a
subsequence of the source plus, at most, one space standing for a dropped line break, so that
`Mapped.offsets` can point every cleaned character back into the decoded file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from kg.ingest.lexicon import lexicon
from kg.text import CLOSERS, FULL_WIDTH_SENTENCE_END, PARAGRAPH_END, is_han

# Whitespace as OCR and web pages have it: ASCII, tabs, ideographic space U+3000, no-break space,
# and the zero-width characters that editors leave behind.
WHITESPACE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Punctuation a title keeps no space next to.
_TIGHT_PUNCT = set("，。、；：！？,;:!?（）()《》")
def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass
class Mapped:
    """Cleaned text with, for each character, its offset in the decoded source."""

    text: str = ""
    offsets: list[int] = field(default_factory=list)

    def __getitem__(self, key: slice) -> Mapped:
        return Mapped(self.text[key], self.offsets[key])


class Builder:
    """Accumulates a Mapped text piece by piece (a list and one join: no quadratic concatenation)."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self.offsets: list[int] = []
        self.last = ""  # the last character added

    def add(self, text: str, start: int) -> None:
        """Append `text`, which stands at `start` in the source."""
        if text:
            self._parts.append(text)
            self.offsets.extend(range(start, start + len(text)))
            self.last = text[-1]

    def extend(self, mapped: Mapped) -> None:
        if mapped.text:
            self._parts.append(mapped.text)
            self.offsets.extend(mapped.offsets)
            self.last = mapped.text[-1]

    def add_char(self, ch: str, at: int) -> None:
        """Append one character that stands for the source character at `at` (a space for a line break)."""
        self._parts.append(ch)
        self.offsets.append(at)
        self.last = ch

    def build(self) -> Mapped:
        return Mapped("".join(self._parts), self.offsets)


@dataclass(frozen=True)
class RawLine:
    """One line of the source, without its line break."""

    number: int  # 0-based line number
    start: int  # source offset of its first character
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def split_lines(text: str) -> list[RawLine]:
    """The source's lines with their offsets; CRLF, CR and LF all end a line."""
    lines, start = [], 0
    for number, brk in enumerate(_LINE_BREAK.finditer(text)):
        lines.append(RawLine(number, start, text[start : brk.start()]))
        start = brk.end()
    lines.append(RawLine(len(lines), start, text[start:]))
    return lines


def strip(text: str) -> str:
    """Strip all whitespace we know of (str.strip misses the zero-width ones)."""
    return WHITESPACE.sub(" ", text).strip()


def _clean(text: str, start: int, keep_space) -> Mapped:
    """Drop leading, trailing and inner whitespace runs, keeping one space where `keep_space(left, right)` says."""
    out = Builder()
    pos, gap = 0, -1  # gap: source offset of the whitespace run before the next piece
    for ws in WHITESPACE.finditer(text):
        _add_piece(out, text, pos, ws.start(), start, gap, keep_space)
        pos, gap = ws.end(), start + ws.start()
    _add_piece(out, text, pos, len(text), start, gap, keep_space)
    return out.build()


def _add_piece(out: Builder, text: str, a: int, b: int, start: int, gap: int, keep_space) -> None:
    if a >= b:
        return
    if out.last and keep_space(out.last, text[a]):
        out.add_char(" ", gap)
    out.add(text[a:b], start + a)


def _body_space(left: str, right: str) -> bool:
    """In running text a space only survives between two ASCII letters or digits (`COVID 19`)."""
    return _is_ascii_alnum(left) and _is_ascii_alnum(right)


def _title_space(left: str, right: str) -> bool:
    """A title keeps the space that separates its parts (`聚焦民生 温暖人心`), except next to
    punctuation and between a digit and a Chinese character (`5月 3日`)."""
    if left in _TIGHT_PUNCT or right in _TIGHT_PUNCT:
        return False
    if (left.isdigit() and is_han(right)) or (is_han(left) and right.isdigit()):
        return False
    return True


def clean_body(text: str, start: int) -> Mapped:
    """One line of running text: OCR spaces dropped (`5月 3日` -> `5月3日`, `835篇 (条)` -> `835篇(条)`)."""
    return _clean(text, start, _body_space)


def clean_title(text: str, start: int) -> Mapped:
    """One headline line: runs of spaces become one, spaces inside numbers and dates go."""
    return _clean(text, start, _title_space)


def ends_sentence(text: str) -> bool:
    """Does this line end a sentence (so that a blank line after it is a real paragraph break)?"""
    text = text.rstrip().rstrip(CLOSERS)
    return bool(text) and text[-1] in PARAGRAPH_END


def join_wrapped(builder: Builder, line: Mapped, break_at: int) -> None:
    """Append a hard-wrapped continuation line; a space stands for the line break only between two
    ASCII words (`COVID-` / `19` stays as OCR gave it), Chinese text joins directly."""
    if builder.last and line.text and _body_space(builder.last, line.text[0]):
        builder.add_char(" ", break_at)
    builder.extend(line)


@cache
def _debris_pattern() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in lexicon().debris)
    return re.compile(words, re.IGNORECASE)


# A breadcrumb: short parts joined by arrows (`首页 > 新闻中心 > 本地新闻`).
_BREADCRUMB = re.compile(r"[^>»＞→]{1,12}(?:[>»＞→][^>»＞→]{1,12})+")
# The counts a toolbar shows after its buttons: 参与评论()人, 阅读(1024), 点赞(3)次.
_TOOLBAR_COUNTS = re.compile(r"[(（]\s*\d*\s*[)）][人次条]?")
# Separators, brackets and arrows that web toolbars put between their buttons.
_TOOLBAR_SEPARATORS = re.compile(r"[\s|｜/>»«<·•:：,，、\[\]【】()（）<>《》\-—_=+*#~]+")


def is_debris(text: str) -> bool:
    """A line of web-page furniture: breadcrumbs, share buttons, font switches, toolbars.

    A line is debris when it is a breadcrumb, begins with a navigation prefix, or holds nothing but
    debris words and separators, among them a word of two or more characters or three one-character
    words (so a wrapped line that is just `大小` is not taken for the font switch).
    """
    text = strip(text)
    if not text or any(ch in text for ch in "，" + FULL_WIDTH_SENTENCE_END):  # toolbars hold no sentences
        return False
    bare = text.lstrip("【[(（<《 ")
    if _BREADCRUMB.fullmatch(text) or bare.startswith(lexicon().debris_prefixes):
        return True
    words = _debris_pattern().findall(text)
    if len(words) < 3 and all(len(word) < 2 for word in words):
        return False
    return not _TOOLBAR_SEPARATORS.sub("", _TOOLBAR_COUNTS.sub("", _debris_pattern().sub("", text)))


@cache
def _summary_key() -> re.Pattern[str]:
    keys = sorted((k for k, (kind, _) in lexicon().meta_keys.items() if kind == "summary"), key=len, reverse=True)
    return re.compile(rf"^[\s【\[]*(?:{'|'.join(map(re.escape, keys))})[】\]]?\s*[:：]")


def is_summary(text: str) -> bool:
    """`核心提示：…`: the editor's summary a site prints over a report, repeating its opening."""
    return bool(_summary_key().match(text))


def is_related_heading(text: str) -> bool:
    """`相关新闻`, `推荐阅读`…: the list of other reports a news site prints under this one."""
    return _TOOLBAR_SEPARATORS.sub("", text) in lexicon().related_headings


def is_caption(text: str) -> bool:
    """A photo caption (`图为…`, `▲…`)."""
    return strip(text).startswith(lexicon().caption_prefixes)


@dataclass(frozen=True)
class Piece:
    """A line's worth of body text before cleaning."""

    text: str
    start: int  # source offset of text[0]
    line_end: int  # source offset of the line break after it


def assemble(pieces: list[Piece | None]) -> Mapped:
    """Join body lines into cleaned text with `\\n` between paragraphs (None stands for a blank line).

    Hard wraps are joined. A blank line, or an indented line, starts a new paragraph only after a
    finished sentence: OCR often drops a blank line into the middle of one. Each `\\n` maps to the
    line break it replaces.
    """
    out = Builder()
    previous: Piece | None = None
    previous_text = ""
    blank = False
    for piece in pieces:
        if piece is None:
            blank = True
            continue
        line = clean_body(piece.text, piece.start)
        if not line.text:
            continue
        if previous is None:
            out.extend(line)
        elif (blank or _indented(piece.text)) and ends_sentence(previous_text):
            out.add_char("\n", previous.line_end)
            out.extend(line)
        else:
            join_wrapped(out, line, previous.line_end)
        previous, previous_text, blank = piece, line.text, False
    return out.build()


def _indented(text: str) -> bool:
    return text.startswith(("\u3000", "  ", "\t"))
