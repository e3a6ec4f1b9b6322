"""The data that flows between the stages, as small typed dataclasses.

ingest  -> Page / Article / Sentence / Author
nlp     -> spaCy Docs (see kg/nlp/doc_data.py)
extract -> Mention / Relation (with Evidence)
resolve -> Entity (one per real thing)
graph   -> networkx.MultiDiGraph (see kg/graph.py for the node and edge attributes)

Offsets: every `start`/`end` named `source_*` is a character offset into the *decoded*
text of the source file (what `kg.ingest.read.read_text` returns), so a user can cut the
evidence out of the original file. Plain `start`/`end` are offsets into the cleaned
article body (`Article.body`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

# The types of entities and relations are registered in kg/types.py.


@dataclass(frozen=True)
class Author:
    """A person named in a byline (记者 X, 通讯员 Y, 责任编辑:Z, 文/图)."""

    name: str
    role: str = "记者"  # 记者, 通讯员, 责任编辑, 作者, 摄影 ...
    org: str | None = None  # a newspaper named in the byline (`某某时报 X Y 文/图`)
    source_start: int = -1
    source_end: int = -1
    byline_start: int = -1  # the whole byline or metadata field that names the person
    byline_end: int = -1
    outlets: tuple[str, ...] = ()  # all outlets the byline names for the person (`甲网·乙报记者`)


@dataclass
class Sentence:
    text: str
    start: int  # offset in Article.body
    end: int
    source_start: int  # offset in the decoded source file
    source_end: int


@dataclass
class Article:
    """One report: its headline and unit lines, its body, its byline."""

    id: str  # stable and ASCII, e.g. "sample_page-3"
    source: str  # path of the file it came from
    index: int  # position on the page, from 1
    body: str  # cleaned text: hard wraps joined, OCR spaces dropped
    # body[i] came from source character offsets[i]
    offsets: list[int] = field(default_factory=list, repr=False)
    headline: str | None = None
    subheadline: str | None = None
    unit: str | None = None  # the unit line printed with the report (the acting office)
    unit_source_start: int = -1  # where the unit line stands in the source file
    unit_source_end: int = -1
    authors: list[Author] = field(default_factory=list)
    date: str | None = None  # ISO date (2020-02-11), see kg/ingest/dates.py
    date_origin: str | None = None  # where the date was read: text, page, url, filename, folder, option
    source_name: str | None = None  # 来源: / the newspaper or site of a dateline
    dateline_place: str | None = None  # where the dateline says it was filed (本报济南讯 -> 济南)
    editor: str | None = None  # 责任编辑
    sentences: list[Sentence] = field(default_factory=list)

    lead: str = ""  # the opening of the report as printed, its dateline included (本报讯 近日，…)

    @property
    def title(self) -> str:
        """The headline; an untitled report is called by its first 15 characters as printed
        (GUIDELINES.md §9)."""
        return self.headline or self.subheadline or (self.lead or self.body)[:15]


@dataclass
class Page:
    """One input file."""

    path: str
    encoding: str
    text: str  # decoded source text
    articles: list[Article] = field(default_factory=list)
    banner: list[str] = field(default_factory=list)  # lines that belong to no article


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: the sentence, its article and its place in the source file."""

    text: str
    article: str  # Article.id
    source: str  # file path
    source_start: int
    source_end: int
    kind: str = "sentence"  # what the text is: a sentence, the unit line over a report, a byline


class Origin(str, Enum):
    """Where a mention was read. Only body mentions have a place in the body's sentences."""

    BODY = "body"  # a name in a sentence of the body, found by the pipeline
    NESTED = "nested"  # a place or community inside a longer name of the body (某区 in 某区卫健委)
    UNIT_LINE = "unit-line"  # the unit printed over the report
    BYLINE = "byline"  # a person of the byline, or the outlet it names for them
    SOURCE = "source"  # an outlet the report names as its source (来源：某某网, 某某网讯)
    HEADER = "header"  # a place its dateline or headline names (本报济南讯, 济南：…)


@dataclass(frozen=True)
class BodySpan:
    """Where a mention stands in its article: the sentence and the characters of Article.body."""

    sentence: int  # index into Article.sentences
    start: int
    end: int


@dataclass(frozen=True, eq=False)  # one mention is one occurrence: two equal texts are two mentions
class Mention:
    """One occurrence of an entity: in a sentence of the body, or in the unit line or byline."""

    text: str
    type: str  # an entity type of kg.types
    article: str
    canonical: str  # the name as the lexicon writes it (synonym mapped, quotes stripped)
    origin: Origin = Origin.BODY
    span: BodySpan | None = None  # None for mentions outside the body (unit line, byline, source)
    rule: str = ""  # the rule that found it (span.id_), for explaining the graph

    @property
    def in_body(self) -> bool:
        return self.span is not None

    # the place in the body, for mentions that have one (in_body); asked for very often by the
    # relation rules, hence no check of their own (a mention outside the body has no span)
    @property
    def sentence(self) -> int:
        return self.span.sentence  # type: ignore[union-attr]

    @property
    def start(self) -> int:
        return self.span.start  # type: ignore[union-attr]

    @property
    def end(self) -> int:
        return self.span.end  # type: ignore[union-attr]


@dataclass
class Relation:
    """A typed, directed fact between two mentions (or a mention and an article id).

    `evidence` holds every piece of text that states it, each the exact (cleaned) source text at
    its offsets: one sentence, or the sentence naming the body and the one saying what it did, or
    the unit line printed over the report and the sentence."""

    head: "Mention | str"
    relation: str
    tail: "Mention | str"
    evidence: tuple[Evidence, ...]
    title: str | None = None  # for ROLE
    cue: str = ""  # the rule that found it


@dataclass
class Entity:
    """One node per real thing, after resolution."""

    key: str  # the node key: TYPE:label
    label: str  # the name the graph shows
    type: str
    aliases: set[str] = field(default_factory=set)
    mentions: int = 0
    articles: set[str] = field(default_factory=set)
