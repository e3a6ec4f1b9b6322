"""Load the domain vocabulary shipped in kg/data (word lists, suffix tables, regex patterns).

Files are named by their path under kg/data (`common/surnames.txt`, `nlp/measures.tsv`). Every
file starts with `#` comment lines that say where its words come from; those lines are skipped
by `rows`, the one reader of data files, which caches each file once per process.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.text import HAN


@lru_cache(maxsize=None)
def rows(path: str) -> tuple[tuple[str, ...], ...]:
    """The lines of the data file `path` (under kg/data, e.g. `common/surnames.txt`) that are
    neither blank nor `#` comments, stripped and split on tabs into columns. Every loader of kg
    (this module's tables, the ingest vocabulary) reads its files here, once per process."""
    text = resources.files("kg.data").joinpath(path).read_text(encoding="utf-8")
    lines = (raw.strip() for raw in text.splitlines())
    return tuple(tuple(ln.split("\t")) for ln in lines if ln and not ln.startswith("#"))


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """A word list: one or more whitespace-separated words per line."""
    return frozenset(w for row in rows(name) for column in row for w in column.split())


@dataclass(frozen=True)
class UnitSuffix:
    suffix: str
    type: str  # OFFICE, ORG, COMMUNITY
    kind: str  # organ, branch, team, community, facility


@lru_cache(maxsize=None)
def unit_suffixes() -> dict[str, UnitSuffix]:
    """The endings by which names of bodies are found (`name` in common/unit_suffixes.tsv)."""
    out = {}
    for suffix, typ, kind, uses in rows("common/unit_suffixes.tsv"):
        if "name" in uses.split(","):
            out[suffix] = UnitSuffix(suffix, typ, kind)
    return out


def unit_line_suffixes() -> frozenset[str]:
    """The endings of a report's unit line (`unit-line` in common/unit_suffixes.tsv)."""
    return frozenset(words_for("common/unit_suffixes.tsv", "unit-line"))


@lru_cache(maxsize=None)
def _suffix_last_chars() -> frozenset[str]:
    return frozenset(s[-1] for s in unit_suffixes())


MAX_SUFFIX_CHARS = 8


def unit_suffix(text: str, end: int | None = None) -> str | None:
    """The longest unit suffix that `text[:end]` ends with (某某办事处 -> 办事处), or None."""
    end = len(text) if end is None else end
    if end <= 0 or text[end - 1] not in _suffix_last_chars():
        return None
    table = unit_suffixes()
    for n in range(min(MAX_SUFFIX_CHARS, end), 0, -1):
        if text[end - n:end] in table:
            return text[end - n:end]
    return None


@lru_cache(maxsize=None)
def ordered_words(name: str) -> tuple[str, ...]:
    """A list of one word a line, in the order of the file (where the first that applies wins)."""
    return tuple(row[0] for row in rows(name))


@lru_cache(maxsize=None)
def words_for(name: str, use: str) -> tuple[str, ...]:
    """The words (first column) of a table whose last column lists `use` among its comma-separated
    uses, longest first (in the order of the file among equals)."""
    return tuple(sorted((row[0] for row in rows(name) if use in row[-1].split(",")), key=len, reverse=True))


@lru_cache(maxsize=None)
def synonym_table(name: str) -> dict[str, str]:
    """canonical<TAB>form|form... -> {form: canonical} (the canonical maps to itself)."""
    table = {}
    for canonical, *columns in rows(name):
        forms = "\t".join(columns)
        table[canonical] = canonical
        for form in filter(None, forms.split("|")):
            table.setdefault(form, canonical)
    return table


@lru_cache(maxsize=None)
def mapping(name: str) -> dict[str, str]:
    """key<TAB>value, one pair per line."""
    return {key: "\t".join(value) for key, *value in rows(name)}


@dataclass(frozen=True)
class Pattern:
    id: str
    label: str
    regex: re.Pattern
    keep_head: tuple[str, ...] = ()


@lru_cache(maxsize=None)
def patterns(name: str) -> tuple[Pattern, ...]:
    out = []
    for row in rows(name):
        d = json.loads("\t".join(row))  # one JSON object a line; a tab in it is only white space
        out.append(Pattern(d["id"], d["label"], re.compile(d["pattern"]), tuple(d.get("keep_head", ()))))
    return tuple(out)


def alternation(forms) -> re.Pattern:
    """One regex matching any of `forms`, longest first."""
    return re.compile("|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)))


def admin_levels(use: str) -> tuple[str, ...]:
    """The endings of common/admin_levels.tsv marked with `use` (division, relative, dropped …),
    longest first."""
    return words_for("common/admin_levels.tsv", use)


@lru_cache(maxsize=1)
def _admin_ranks() -> tuple[tuple[str, int], ...]:
    ranked = [(ending, int(rank)) for ending, rank, _ in rows("common/admin_levels.tsv") if rank != "-"]
    return tuple(sorted(ranked, key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=1 << 16)  # asked for every body of every sentence: 87,000 times for the benchmark corpus
def admin_ending(name: str) -> str | None:
    """The level ending a name ends in (data/common/admin_levels.tsv, longest first): 某某地区 -> 地区;
    None for names that end in no level, and for a bare level word (社区), which names no one."""
    for ending, _ in _admin_ranks():
        if name.endswith(ending):
            return ending if len(name) > len(ending) else None
    return None


@lru_cache(maxsize=1 << 16)
def admin_rank(name: str) -> int:
    """How high a place or local body stands (省 6 … 社区/村 2, 小区 1), by its level ending
    (admin_ending); 0 for names that end in no level or are a bare level word (社区, 村)."""
    ending = admin_ending(name)
    return dict(_admin_ranks())[ending] if ending else 0


@lru_cache(maxsize=None)
def _level_link(use: str | None) -> re.Pattern:
    endings = admin_levels(use) if use else tuple(ending for ending, _ in _admin_ranks())
    return re.compile(rf"[{HAN}]{{2,8}}?(?:{'|'.join(map(re.escape, endings))})")


def level_links(name: str, use: str | None = None) -> list[str]:
    """`某区某街道某社区` -> [某区, 某街道, 某社区]: the links of a name written as a chain, each a name
    that ends in a level of common/admin_levels.tsv (those marked `use`, else every ranked one);
    [] when the name is not wholly such a chain."""
    links = _level_link(use).findall(name)
    return links if links and "".join(links) == name else []
