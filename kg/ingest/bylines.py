"""Who wrote a report, for which paper or site, and when: bylines, datelines and metadata lines.

Chinese reports name their authors in many places: a dateline (`某某网8月5日讯(记者 张三 通讯员 李四)`),
a byline line (`本报记者 张三 李四`, `某某时报 张三 文/图`), the tail of the last body line
(`…工作。记者 张三`), a web metadata line (`2021-08-05 09:30 来源:某某网 作者:张三`) and a footer
(`责任编辑:李四`). The parsers here only accept text that is *entirely* such a construct, so that a
body sentence is never mistaken for a byline, and a token counts as a person only when it looks like
a Chinese name (2-4 characters, a known family name, no office or media suffix).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

from kg.ingest.clean import is_debris
from kg.ingest.lexicon import lexicon
from kg.text import CLOSERS, FULL_STOPS, FULL_WIDTH_SENTENCE_END, HAN, PARAGRAPH_END, has_person_name_shape, is_han
from kg.schema import Author

# Bullets that lead a byline or dateline on newspaper pages (`■本报记者 张三`, `□ 本报讯`).
_BULLETS = "■□●◆◇★☆▲△"
# Between byline tokens: spaces, enumeration commas, colons, brackets and bullets.
_SEPARATOR_CHARS = rf"\s\u200b\u3000\xa0、，,;；|:：()（）【】\[\]〔〕<>《》_·•{_BULLETS}"
_SEPARATORS = re.compile(rf"[{_SEPARATOR_CHARS}]+")
# No byline word is this long (a role glued to a long compound name, `本报特约记者欧阳某某`, is 10):
# a longer run without separators is running text (a quick test, bylines are looked for on every line).
_LONGEST_BYLINE_WORD = re.compile(rf"[^{_SEPARATOR_CHARS}]{{13,}}")
_FULL_DATE = re.compile(
    r"(?<!\d)(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?"
    r"(?:\s*(?:星期|周)[一二三四五六日天])?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
)
_FOUR_DIGITS = re.compile(r"\d{4}")
_MONTH_DAY = r"\d{1,2}\s*月\s*\d{1,2}\s*日"
_YEAR = r"\d{4}\s*年\s*"
_EDITOR_ROLES = ("责任编辑", "编辑")
# What follows the last sentence-final punctuation (and its closing quotes) of a line.
_END, _CLOSE = re.escape(PARAGRAPH_END), re.escape(CLOSERS)
_AFTER_LAST_SENTENCE = re.compile(rf"[{_END}][{_CLOSE}]*([^{_END}]*)$")
# After a dateline or a byline: punctuation the body does not start with.
_LEAD_PUNCT = re.compile(r"[\s\u3000:：，,、]*")


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # source offset
    stop: int | None = None  # source offset of its end, when spaces stand inside it (`刘 惠`)

    @property
    def end(self) -> int:
        return self.start + len(self.text) if self.stop is None else self.stop


def iso_date(year: str | int, month: str | int, day: str | int) -> str | None:
    """`2020-02-11`, or None when the numbers are no calendar date."""
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def find_full_date(text: str) -> str | None:
    """The first full date (year, month, day) in `text`, as ISO."""
    for match in _FULL_DATE.finditer(text):
        found = iso_date(*match.groups()[:3])
        if found:
            return found
    return None


@cache
def _suffix_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Compiled tests for how office and media names end: (long suffixes, one-character ones, media)."""
    lex = lexicon()
    suffixes = lex.office_suffixes + lex.media_suffixes

    def ending(words) -> re.Pattern[str]:
        return re.compile("(?:" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + ")$")

    return (
        ending(s for s in suffixes if len(s) >= 2),
        ending(s for s in suffixes if len(s) == 1),
        ending(lex.media_suffixes),
    )


def is_person_name(token: str) -> bool:
    """A Chinese personal name: 2-4 Chinese characters beginning with a family name and ending with
    no office or media suffix (so `经开区`, `新华社` or `卫健委` are never people)."""
    lex = lexicon()
    if not has_person_name_shape(token, lex.surnames | lex.compound_surnames, rare_characters=True):
        # bylines also take four characters after a one-character family name
        if not (len(token) == 4 and token[0] in lex.surnames and all(map(is_han, token))):
            return False
    long_suffix, short_suffix, _ = _suffix_patterns()
    if long_suffix.search(token):
        return False
    # A two-character name may end like an office (李科); a longer token ending so is an office.
    return len(token) == 2 or not short_suffix.search(token)


def _is_office_name(token: str) -> bool:
    return len(token) >= 4 and all(is_han(ch) for ch in token) and bool(_suffix_patterns()[0].search(token))


def is_media_name(token: str) -> bool:
    """A newspaper, site or agency (`某某时报`, `某某网`, `新华社`)."""
    return len(token) >= 3 and all(is_han(ch) for ch in token) and bool(_suffix_patterns()[2].search(token))


@cache
def _glued_roles() -> re.Pattern[str]:
    """Role words of two or more characters, which OCR often glues to a name (`记者王某`)."""
    words = sorted((w for w in lexicon().roles if len(w) >= 2 and "/" not in w), key=lambda w: (-len(w), w))
    return re.compile("(" + "|".join(re.escape(w) for w in words) + ")")


def _tokens(text: str, start: int) -> list[Token]:
    """Split byline text into tokens, cutting role words off glued names and joining names that
    OCR or typesetting spaced out (`记 者 王 五` is `记者 王五`)."""
    tokens = []
    pos = 0
    for sep in [*_SEPARATORS.finditer(text), None]:
        end = sep.start() if sep else len(text)
        if end > pos:
            tokens.extend(_unglue(text[pos:end], start + pos))
        if sep:
            pos = sep.end()
    return _join_spaced(tokens)


def _join_spaced(tokens: list[Token]) -> list[Token]:
    """Two one-character tokens in a row that make a role word or a two-character name are one
    token: newspapers space out short words to fill the column (`记 者`, `刘 惠`)."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        a = tokens[i]
        b = tokens[i + 1] if i + 1 < len(tokens) else None
        if b is not None and len(a.text) == len(b.text) == 1 and is_han(a.text) and is_han(b.text):
            joined = a.text + b.text
            if joined in lexicon().roles or is_person_name(joined):
                out.append(Token(joined, a.start, b.end))
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def _unglue(chunk: str, start: int) -> list[Token]:
    if chunk in lexicon().roles or _role_inside_media_suffix(chunk):
        return [Token(chunk, start)]
    tokens, pos = [], 0
    for piece in _glued_roles().split(chunk):
        # `记者/张三`: a slash between a role and its name separates them
        lead = len(piece) - len(piece.lstrip("/"))
        bare = piece.strip("/")
        if bare:
            at = start + pos + lead
            names = split_glued_names(bare) if bare not in lexicon().roles else None
            if names:
                tokens.extend(Token(n, at + k) for n, k in names)
            else:
                tokens.append(Token(bare, at))
        pos += len(piece)
    return tokens


def _role_inside_media_suffix(chunk: str) -> bool:
    """`某某记者站`: an outlet whose kind of name holds a role word is one word, not a role glued on."""
    media = _suffix_patterns()[2].search(chunk) if is_media_name(chunk) else None
    role = _glued_roles().search(chunk) if media else None
    return role is not None and role.start() >= media.start()


def split_glued_names(chunk: str) -> list[tuple[str, int]] | None:
    """Names written without a separator (`通讯员张三李四`): the way to cut `chunk` into two or more
    personal names, each a family name and one or two given characters, as (name, offset) pairs;
    None when `chunk` is one name or no such cut exists. Three-character names are tried first, as
    they are the most common; a cut must use every character."""
    if len(chunk) < 4 or len(chunk) > 12 or is_person_name(chunk) and len(chunk) <= 3:
        return None

    @cache
    def cut(i: int) -> tuple[tuple[str, int], ...] | None:
        if i == len(chunk):
            return ()
        for size in (3, 2):
            name = chunk[i:i + size]
            if len(name) == size and is_person_name(name):
                rest = cut(i + size)
                if rest is not None:
                    return ((name, i), *rest)
        return None

    found = cut(0)
    return list(found) if found and len(found) >= 2 else None


@dataclass
class _BylineState:
    """Walks byline tokens left to right, collecting authors."""

    authors: list[Author] = field(default_factory=list)
    role: str | None = None  # the role word in force
    org: str | None = None  # the newspaper named before the names
    outlets: list[str] = field(default_factory=list)  # every outlet named together (`甲网、乙报记者`)
    pending: list[int] = field(default_factory=list)  # authors with no role word yet
    marked: bool = False  # a role word or a newspaper was seen

    def add_outlet(self, name: str) -> None:
        if self.org is None or (self.authors and self.authors[-1].org == self.org):
            self.outlets = []  # a new outlet after names: another group of the byline
        self.outlets.append(name)
        self.org, self.role, self.marked = name, None, True

    def add_name(self, token: Token) -> None:
        author = Author(token.text, self.role or "", self.org, token.start, token.end, outlets=tuple(self.outlets))
        if self.role is None:
            self.pending.append(len(self.authors))
        self.authors.append(author)

    def apply_post_role(self, role: str) -> None:
        """A role after the names (`张三 摄`, `某某时报 张三 文/图`) applies to those that have none."""
        for i in self.pending:
            self.authors[i] = replace(self.authors[i], role=_post_role(role, self.authors[i].org))
        self.pending.clear()

    def finish(self) -> list[Author]:
        self.apply_post_role("")
        seen, unique = set(), []
        for author in self.authors:
            if (author.name, author.role) not in seen:
                seen.add((author.name, author.role))
                unique.append(author)
        return unique


def _post_role(role: str, org: str | None) -> str:
    """The role of names that had no role word before them. Staff named with their newspaper are
    its reporters (`某某时报 张三 文/图`); otherwise `文/图` makes an author, `摄` a photographer."""
    if org and role in ("", "作者"):
        return "记者"
    return role or "作者"


def _is_byline_aside(text: str) -> bool:
    """Words a byline carries besides names and roles: where the reporter wrote from (发自某地),
    who gave the photos (受访者供图), the date."""
    return (
        (text.startswith("发自") and len(text) <= 8)
        or (text.endswith("供图") and len(text) <= 6)
        or bool(_FULL_DATE.fullmatch(text))
    )


def _names_outlet(token: Token, following: Token | None) -> bool:
    """`某某记者 张三` opening a byline: the word glued before 记者 is the outlet, even one whose name
    ends in no media suffix (a news app, a channel)."""
    return (
        following is not None
        and 2 <= len(token.text) <= 10
        and all(is_han(ch) for ch in token.text)
        and lexicon().roles.get(following.text, None) is not None
        and lexicon().roles[following.text].role == "记者"
        and not is_person_name(token.text)
    )


def _dotted_outlet(text: str, start: int, token: Token, following: Token | None) -> bool:
    """`新某某·某某日报记者 张三`: a name joined by a middle dot to a newspaper's is an outlet of
    the same group (a news app, a brand), whatever its ending."""
    return (
        following is not None
        and is_media_name(following.text)
        and text[token.end - start:following.start - start].strip() in ("·", "・", "•")
        and all(is_han(ch) for ch in token.text)
    )


def _is_role(token: Token) -> bool:
    return token.text in lexicon().roles


def parse_byline(text: str, start: int = 0, names_alone: bool = False) -> list[Author] | None:
    """The authors of a text that is nothing but a byline, else None.

    `记者 张三 李四`, `本报记者 张三 通讯员 李四`, `记者 张三 文/图`, `文/图 张三`, `张三 摄`,
    `某某时报 张三 李四 文/图`, `责任编辑：王五`. A byline needs at least one name and a role word
    or a newspaper; every token must be one of those. `start` is the source offset of `text`.
    `names_alone`: the brackets after a dateline (`本报讯（张三）`) make names a byline without a
    role word, and an office there (`（某某镇人民政府：张三）`) is the writer's employer, not a name.
    So do brackets around the whole text: names alone closing a report (`…工作。（张三 李四）`).
    """
    names_alone = names_alone or _PAREN_BYLINE.fullmatch(text.strip()) is not None
    if _LONGEST_BYLINE_WORD.search(text) or any(ch in text for ch in FULL_STOPS):
        return None
    # a date and time closing the line (`| 【记者 张三】 | 2021-06-01 20:10:00`) is no byline word;
    # blanked, so that every offset stays where it was
    text = _FULL_DATE.sub(lambda m: " " * len(m.group()), text)
    tokens = _tokens(text, start)
    if not tokens:
        return None
    state = _BylineState()
    roles = lexicon().roles
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if _is_role(token):
            role = roles[token.text]
            state.marked = True
            followed_by_name = following is not None and not _is_role(following)
            if role.pre and (followed_by_name or not role.post):
                state.apply_post_role("")
                state.role = role.role
            else:
                state.apply_post_role(role.role)
        elif is_person_name(token.text):
            state.add_name(token)
        elif token.text.endswith("摄") and is_person_name(token.text[:-1]):
            state.add_name(Token(token.text[:-1], token.start))
            state.apply_post_role(roles["摄"].role)
            state.marked = True
        elif is_media_name(token.text) or (i == 0 and (_names_outlet(token, following) or _dotted_outlet(text, start, token, following))):
            state.apply_post_role("")
            state.add_outlet(token.text)
        elif names_alone and i == 0 and _is_office_name(token.text):
            state.marked = True
        elif _is_byline_aside(token.text):
            continue  # `（记者 张三 发自某地）`, `受访者供图`, a date closing the line
        else:
            return None
    if not state.authors or not (state.marked or names_alone):
        return None
    end = start + len(text.rstrip())
    begin = start + len(text) - len(text.lstrip())
    return [replace(a, byline_start=begin, byline_end=end) for a in state.finish()]


def split_trailing_byline(text: str, start: int = 0) -> tuple[int, list[Author]] | None:
    """A byline at the end of a body line (`…宣传工作。记者 张三`, `…工作。(记者 张三 文/图)`).

    Returns (where the byline begins in `text`, its authors), or None. The byline must follow the
    last sentence-final punctuation (with its closing quotes) of the line.
    """
    match = _AFTER_LAST_SENTENCE.search(text)
    if not match or not match[1].strip():
        return None
    cut, tail = match.start(1), match[1]
    authors = parse_byline(tail, start + cut)
    return (cut, authors) if authors else None


@cache
def _pre_roles() -> tuple[str, ...]:
    return tuple(word for word, role in lexicon().roles.items() if role.pre)


@dataclass
class Dateline:
    """The opening of a report: `本报讯`, `新华社北京3月5日电(记者 X)`, `本报记者 X 报道`."""

    body_start: int  # where the body begins in the line
    source_name: str | None = None  # `新华社`, `某某网`; None for 本报 (this paper)
    date: str | None = None  # ISO, only when the dateline gives the year
    place: str | None = None  # where it was filed: `本报济南讯`, `新华社北京3月5日电`
    authors: list[Author] = field(default_factory=list)


@cache
def _dateline_pattern() -> re.Pattern[str]:
    media = lexicon().media_pattern
    return re.compile(
        rf"^[\s{_BULLETS}【\[]*据?"
        rf"(?P<src>本报|(?:[{HAN}·]{{1,10}}(?:{media})/)?[{HAN}·]{{0,10}}(?:{media}))"
        rf"(?:(?P<place>[{HAN}]{{0,8}}?)\s*(?P<date>(?:{_YEAR})?{_MONTH_DAY})?)?"
        rf"\s*(?P<kind>讯|电|消息)[】\]]?"
    )


_PAREN_BYLINE = re.compile(r"\s*[（(【\[〔]\s*(?P<inner>[^（）()【】\[\]〔〕]{1,80}?)\s*[）)】\]〕]")


def parse_dateline(text: str, start: int = 0) -> Dateline | None:
    """The dateline or reporter opening a body line, else None.

    Accepted: `<paper>讯`, `<site><M>月<D>日讯`, `<agency><place><M>月<D>日电`, `<site>消息`, each
    optionally followed by a bracketed or bare byline; and `本报记者 张三 报道`. A `电` dateline needs
    its date, so that words like `电话` at the start of a line are not datelines.
    """
    match = _dateline_pattern().match(text)
    # `电` needs its date (so that `电话` opens no dateline), and a place without a date only goes
    # with `讯` (`本报济南讯`), not with words that merely begin like a paper (`本报告…消息`)
    place_alone = match is not None and match["place"] and not match["date"]
    if match and (match["kind"] != "电" or match["date"]) and not (place_alone and (match["kind"] != "讯" or not 2 <= len(match["place"]) <= 6)):
        return _finish_dateline(text, start, match)
    return _channel_dateline(text, start) or _unknown_outlet_dateline(text, start) or _dated_opening(text) or _reporter_opening(text, start)


# `时间：2021-10-26针对…`: a web page's date field run into the first line of the body
DATE_FIELD_OPENING = re.compile(r"^\s*(?:发布)?(?:时间|日期)\s*[:：]\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s*")


def _dated_opening(text: str) -> Dateline | None:
    match = DATE_FIELD_OPENING.match(text)
    if not match or match.end() >= len(text.rstrip()):
        return None
    return Dateline(match.end(), date=iso_date(*match.groups()))


# `某某讯(记者 张三)`, `某某报道(通讯员 李四)`: an outlet whose name ends in no media suffix opens a
# report only when a bracketed byline follows at once.
_UNKNOWN_OUTLET = re.compile(rf"^[\s{_BULLETS}【\[]*(?P<src>[{HAN}·/]{{2,12}}?)(?P<kind>讯|报道|消息)(?=\s*[（(【\[〔])")


# `某某在线某省频道报道：`, `某某网某市频道讯`: a site's regional channel, named after the site.
CHANNEL = "频道"
_CHANNEL_OUTLET = re.compile(rf"^[\s{_BULLETS}【\[]*(?P<name>[{HAN}·]{{4,14}}){CHANNEL}(?P<kind>讯|报道|消息)\s*[:：]?")


def _channel_dateline(text: str, start: int) -> Dateline | None:
    match = _CHANNEL_OUTLET.match(text)
    if not match:
        return None
    name = match["name"]
    # the channel is a place of two to four characters; the site is what stands before it
    sites = [name[:cut] for cut in range(len(name) - 2, len(name) - 5, -1) if cut >= 2 and is_media_name(name[:cut])]
    if not sites:
        return None
    rest = match.end()
    line = Dateline(rest, sites[0], place=name[len(sites[0]):])
    bracketed = leading_byline(text[rest:], start + rest)
    if bracketed:
        line.authors, line.body_start = bracketed[0], rest + bracketed[1]
    line.body_start = _LEAD_PUNCT.match(text, line.body_start).end()
    return line


def _unknown_outlet_dateline(text: str, start: int) -> Dateline | None:
    match = _UNKNOWN_OUTLET.match(text)
    if not match:
        return None
    bracketed = leading_byline(text[match.end():], start + match.end())
    if not bracketed:
        return None
    body_start = _LEAD_PUNCT.match(text, match.end() + bracketed[1]).end()
    return Dateline(body_start, match["src"], authors=bracketed[0])


def _finish_dateline(text: str, start: int, match: re.Match[str]) -> Dateline:
    source = match["src"]
    place = match["place"] or ""
    if place.endswith(CHANNEL):
        place = place[: -len(CHANNEL)]  # 某某网江南频道讯: the channel of a region
    line = Dateline(match.end(), None if source.startswith("本报") else source, place=place or None)
    if match["date"]:
        numbers = re.findall(r"\d+", match["date"])
        if len(numbers) == 3:
            line.date = iso_date(*numbers)
    rest = match.end()
    bracketed = leading_byline(text[rest:], start + rest)
    if bracketed:
        line.authors, line.body_start = bracketed[0], rest + bracketed[1]
    elif bare := _bare_byline(text, rest, start) or _reporter_reports(text, rest, start):
        line.authors, line.body_start = bare
    line.body_start = _LEAD_PUNCT.match(text, line.body_start).end()
    return line


def leading_byline(text: str, start: int = 0) -> tuple[list[Author], int] | None:
    """A bracketed byline opening `text` (`（记者 张三 通讯员 李四）近日…`): its authors (offsets from
    `start`, the source offset of `text`) and where in `text` the body after it begins."""
    paren = _PAREN_BYLINE.match(text)
    authors = parse_byline(paren["inner"], start + paren.start("inner"), names_alone=True) if paren else None
    return (authors, _LEAD_PUNCT.match(text, paren.end()).end()) if authors else None


def _bare_byline(text: str, pos: int, start: int) -> tuple[list[Author], int] | None:
    """`本报讯 记者 张三 通讯员 李四 近日，…`: the longest run of whitespace-separated tokens after
    the dateline that is a byline beginning with a role word. Only whitespace-delimited words count,
    so a name is never cut out of the first words of the body."""
    words = list(re.finditer(r"\S+", text[pos:]))
    best = None
    for n in range(1, min(len(words), 12) + 1):
        span = text[pos + words[0].start() : pos + words[n - 1].end()]
        if not span.startswith(tuple(lexicon().roles)):
            break
        authors = parse_byline(span, start + pos + words[0].start())
        if authors:
            best = (authors, pos + words[n - 1].end())
    return best


# `记者张三报道：` after a dateline, the names glued to the role and to 报道
_REPORTS = re.compile(rf"\s*(?P<byline>(?:本报)?记者\s*[{HAN}、\s]{{2,16}}?)\s*报道\s*[:：，,]")


def _reporter_reports(text: str, pos: int, start: int) -> tuple[list[Author], int] | None:
    match = _REPORTS.match(text, pos)
    authors = parse_byline(match["byline"], start + match.start("byline")) if match else None
    return (authors, match.end()) if authors else None


def _reporter_opening(text: str, start: int) -> Dateline | None:
    """`本报记者 张三 通讯员 李四 报道` at the start of a body line."""
    if not text.lstrip(" \t\u3000" + _BULLETS).startswith(_pre_roles()) or "报道" not in text:
        return None
    match = re.match(rf"^[\s{_BULLETS}]*(.{{2,60}}?报道)(?=[\s:：，,]|$)", text)
    if not match:
        return None
    authors = parse_byline(match[1], start + match.start(1))
    if not authors:
        return None
    return Dateline(_LEAD_PUNCT.match(text, match.end()).end(), authors=authors)


@dataclass
class Fields:
    """What a metadata line or a footer says (`来源：某某网 作者：张三 责任编辑：李四 2020-02-11`)."""

    source_name: str | None = None
    date: str | None = None
    authors: list[Author] = field(default_factory=list)
    editor: str | None = None

    @property
    def is_footer(self) -> bool:
        """Footers (`责任编辑：X`, `来源：X`) follow a body; a dated metadata line heads the next one."""
        return self.date is None and all(a.role in _EDITOR_ROLES for a in self.authors)


@cache
def _field_key_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?P<key>{lexicon().meta_key_pattern})\s*[:：]\s*")


def parse_fields(text: str, start: int = 0) -> Fields | None:
    """The fields of a line that is entirely metadata (dates, `key：value` pairs), else None."""
    if ":" not in text and "：" not in text and not _FOUR_DIGITS.search(text):
        return None
    keys = list(_field_key_pattern().finditer(text))
    head_end = keys[0].start() if keys else len(text)
    head = text[:head_end]
    head_date = find_full_date(head)
    rest = _FULL_DATE.sub("", head).strip(" \t\u3000【】[]()（）|")
    if rest and is_debris(rest):
        rest = ""  # `放大字体 缩小字体 发布日期：…`: the site's toolbar before the fields
    # `2015-09-28 某某网 责任编辑：X`; an e-paper's header `某某日报 2013年07月17日 星期三`; the
    # site's toolbar may follow the outlet (`2017-09-04 06:15 某某网 参与评论()人`)
    outlet = rest if head_date and is_media_name(rest) else None
    first = rest.split(maxsplit=1)[0] if rest else ""
    if head_date and outlet is None and is_media_name(first) and is_debris(rest[len(first):]):
        outlet = rest = first
    if (rest and outlet is None) or (not keys and not head_date):
        return None
    fields = Fields(date=head_date, source_name=outlet)
    for i, key in enumerate(keys):
        value_end = keys[i + 1].start() if i + 1 < len(keys) else len(text)
        value = text[key.end() : value_end]
        if not _read_field(fields, key["key"], value, start + key.end()):
            return None
    fields.date = fields.date or find_full_date(text)  # `来源：某某网 | 2021-08-05`
    return fields


def _read_field(fields: Fields, key: str, value: str, start: int) -> bool:
    """Store one `key：value`; False when the value is not what the key promises (then the line is text)."""
    kind, role = lexicon().meta_keys[key]
    bare = value.strip(" \t\u3000【】[]()（）|")
    if not bare or len(bare) > 40 or any(ch in bare for ch in FULL_WIDTH_SENTENCE_END):
        return False
    if kind == "date":
        fields.date = find_full_date(bare)
        # `日期：[2024年02月05日] -- 某某报 -- 版次：[B23]`: an e-paper names its paper beside the date
        outlets = [w for w in re.split(rf"[{_SEPARATOR_CHARS}\-—]+", _FULL_DATE.sub(" ", bare)) if is_media_name(w)]
        if outlets:
            fields.source_name = fields.source_name or outlets[0]
        return fields.date is not None
    if kind == "source":
        outlet, *names = bare.split()
        fields.source_name = outlet
        if names and is_media_name(outlet):
            at = value.index(outlet) + len(outlet)
            _read_names(fields, value[at:], start + at, lexicon().meta_keys["作者"][1], False)
    elif kind in ("author", "editor"):
        return _read_names(fields, value, start, role, kind == "editor")
    return True


def _is_name_after_key(token: str) -> bool:
    return (
        2 <= len(token) <= 3 and all(is_han(ch) for ch in token) and token not in lexicon().roles
        and not _suffix_patterns()[0].search(token) and not is_media_name(token)
    )


def _read_names(fields: Fields, value: str, start: int, role: str, editor: bool) -> bool:
    # Sites append staff codes to editors' names (`张三 SN123`, `张三_NB5678`): not part of the name.
    tokens = [t for t in _tokens(value, start) if not t.text.isascii()]
    if not tokens:
        return False
    # after `作者：`/`责任编辑：` a short word of Chinese characters is a name even when its family
    # name is rare (如 某甲): the key says it is a person
    if not all(is_person_name(t.text) or _is_name_after_key(t.text) for t in tokens):
        # `作者：某某网` names a site, not a person.
        if not editor and len(tokens) == 1 and is_media_name(tokens[0].text):
            fields.source_name = fields.source_name or tokens[0].text
            return True
        return False
    fields.authors.extend(Author(t.text, role, None, t.start, t.end, byline_start=tokens[0].start, byline_end=tokens[-1].end) for t in tokens)
    if editor:
        fields.editor = fields.editor or tokens[0].text
    return True
