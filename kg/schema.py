"""The data that flows between the stages, as small typed dataclasses.

ingest  -> Page / Article / Sentence / Author
nlp     -> spaCy Docs (see kg/nlp/extensions.py)
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

# Entity types of the graph contract (shared/eval/README.md).
ENTITY_TYPES = ("PERSON", "OFFICE", "ORG", "COMMUNITY", "PLACE", "PLATFORM", "MEASURE")
ARTICLE = "ARTICLE"

# Relations of the graph contract and their direction.
RELATIONS = (
    "ROLE",  # person -> office/org, with `title`
    "AUTHORED",  # person -> article
    "PART_OF",  # smaller -> larger
    "IMPLEMENTS",  # office/community -> measure
    "USES",  # office -> platform
    "COOPERATES",  # body <-> body (stored once, symmetric)
    "SUPPORTS",  # helper -> helped
    "MENTIONS",  # article -> entity
    "CO_OCCURS",  # entity <-> entity, weighted by shared sentences
)


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


@dataclass
class Mention:
    """One occurrence of an entity in a sentence."""

    text: str
    label: str  # one of ENTITY_TYPES
    article: str
    sentence: int  # index into Article.sentences
    start: int  # offset in Article.body
    end: int
    canonical: str | None = None  # normalised name (lexicon synonym mapped, quotes stripped)
    rule: str = ""  # the rule that found it (span.id_), for explaining the graph
    key: str | None = None  # the resolved entity's key, filled by kg.resolve
    canonical_full: str | None = None  # canonical with relative names completed (市X -> 某市X)


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

    key: str
    label: str
    type: str
    aliases: set[str] = field(default_factory=set)
    mentions: int = 0
    articles: set[str] = field(default_factory=set)
