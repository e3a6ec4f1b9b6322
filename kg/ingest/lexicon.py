"""The ingest vocabulary, read once from `kg/data/ingest/`.

Why data files: the words that mark debris, bylines, datelines and office names are domain
knowledge that grows with every new paper or site we meet; keeping them out of the code lets
them be reviewed and extended without touching the logic (shared/STYLE.md, "Vocabulary is data").
Each file starts with `#` comment lines that say where its words come from.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg import vocab


def _longest_first(words) -> tuple[str, ...]:
    """Longest first, so that alternations and prefix tests prefer the longer word."""
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def _words(name: str) -> tuple[str, ...]:
    """One word a line, longest first."""
    return _longest_first(row[0] for row in vocab.rows(name))


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in words)


@dataclass(frozen=True)
class Role:
    role: str
    pre: bool  # may stand before the names (记者 张三)
    post: bool  # may stand after them (张三 摄)


@dataclass(frozen=True)
class Lexicon:
    debris: tuple[str, ...]
    debris_prefixes: tuple[str, ...]
    caption_prefixes: tuple[str, ...]
    related_headings: frozenset[str]
    office_suffixes: tuple[str, ...]
    unit_verbs: tuple[str, ...]
    media_suffixes: tuple[str, ...]
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    roles: dict[str, Role]
    staff_roles: frozenset[str]  # roles (Author.role) of people who handled a report but did not write it
    meta_keys: dict[str, tuple[str, str]]  # key -> (field, role)

    @property
    def media_pattern(self) -> str:
        return _alternation(self.media_suffixes)

    @property
    def meta_key_pattern(self) -> str:
        return _alternation(tuple(sorted(self.meta_keys, key=lambda w: (-len(w), w))))


@cache
def lexicon() -> Lexicon:
    """The ingest vocabulary (cached: read once per process)."""
    surnames = set(vocab.words("common/surnames.txt"))  # shared with the nlp stage
    roles = {
        row[0]: Role(row[1], row[2] in ("pre", "both"), row[2] in ("post", "both"))
        for row in vocab.rows("ingest/byline_roles.txt")
    }
    staff = frozenset(row[1] for row in vocab.rows("ingest/byline_roles.txt") if row[3:4] == ("staff",))
    return Lexicon(
        debris=_words("ingest/debris.txt"),
        debris_prefixes=_words("ingest/debris_prefixes.txt"),
        caption_prefixes=_words("ingest/caption_prefixes.txt"),
        related_headings=frozenset(_words("ingest/related_headings.txt")),
        office_suffixes=_longest_first(vocab.unit_line_suffixes()),  # the unit table's `unit-line` rows
        unit_verbs=_words("ingest/unit_verbs.txt"),
        media_suffixes=_words("ingest/media_suffixes.txt"),
        surnames=frozenset(s for s in surnames if len(s) == 1),
        compound_surnames=frozenset(s for s in surnames if len(s) == 2),
        roles=roles,
        staff_roles=staff,
        meta_keys={row[0]: (row[1], row[2] if len(row) > 2 else "") for row in vocab.rows("ingest/meta_keys.txt")},
    )
