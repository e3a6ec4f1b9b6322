"""Which headline and unit lines belong to which article, decided by what they say.

On a newspaper page the headline and the unit line (the acting office) of a report may stand before
its body or after its byline, and the same page may mix both; a page banner may stand between two
reports. Position alone cannot tell, so each line is scored against the bodies it could belong to
(share of its character bigrams that occur in the body, weighted by how rare they are on the page)
and the lines of every gap between two bodies are split between the report above and the report
below so that the whole page scores best, each report taking at most one unit, one headline and one
subheadline. What no report takes goes to the page banner.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from kg.ingest.clean import RawLine, strip
from kg.ingest.lexicon import lexicon
from kg.text import HAN, HAN_EXT_A, is_han

# An article with a headline is worth this much more than one without: every report has a headline,
# so a line is given to the report that lacks one unless the bodies clearly say otherwise.
HEADLINE_BONUS = 0.5
# A second title line is a subheadline only when it clearly speaks of this report (its rare words are
# in this body and not in the others) or is printed as one (`——…`); otherwise it is a page banner.
SUBHEADLINE_MIN_SCORE = 0.3
SUBHEADLINE_MIN_MARGIN = 0.15
# When the bodies cannot tell, a line goes the way the page leans: a page whose first body has titles
# above it prints titles before bodies, one whose last body has titles below prints them after.
TIE_BREAK = 1e-3
# Only the lines nearest to a body can be its headline, unit or subheadline.
MAX_SIDE_LINES = 4
# A subheadline is compared with the articles printed near it (a newspaper page holds a dozen or
# so), which also keeps the cost linear on files that hold thousands of articles.
MARGIN_NEIGHBOURS = 10
UNIT_MAX_CHARS = 20
_DASHES = "—–-－―"
_HAN_RUN = re.compile(f"[{HAN_EXT_A}{HAN}]+")


def bigrams(text: str) -> set[str]:
    """Pairs of adjacent Chinese characters (the unit of comparison: Chinese has no spaces)."""
    runs = _HAN_RUN.findall(text)
    return {run[i : i + 2] for run in runs for i in range(len(run) - 1)}


@cache
def _unit_verbs() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in lexicon().unit_verbs))


def is_unit_line(text: str) -> bool:
    """A short line that is just an office name: Chinese characters only, ending with an office
    suffix (办事处, 街道, 专班, 大队, 管委会 …) and holding no verb or function word."""
    text = strip(text).replace(" ", "")
    if not 3 <= len(text) <= UNIT_MAX_CHARS or not all(is_han(ch) or ch == "·" for ch in text):
        return False
    if not any(text.endswith(suffix) for suffix in lexicon().office_suffixes):
        return False
    return not _unit_verbs().search(text)


def is_dashed(text: str) -> bool:
    """A subheadline printed as one: `——某某区多措并举…`."""
    return strip(text)[:1] in _DASHES


@dataclass(frozen=True)
class Candidate:
    """A line standing between two bodies that may be a headline, subheadline or unit line."""

    line: RawLine
    unit: bool  # looks like an office name
    gap_index: int  # position among the candidate lines of its gap


@dataclass
class Roles:
    """What one article takes from the lines around it."""

    unit: Candidate | None = None
    headline: Candidate | None = None
    subheadline: Candidate | None = None
    score: float = 0.0

    @property
    def taken(self) -> list[Candidate]:
        return [c for c in (self.unit, self.headline, self.subheadline) if c is not None]


@dataclass
class Gap:
    """The candidate lines between two bodies (or before the first, or after the last).

    `lo`..`hi` bound where the gap may be split: lines before the split go to the article above,
    lines after it to the article below (at the top of a page everything goes below, at the end
    everything goes above, and a hard article separator fixes the split).
    """

    candidates: list[Candidate]
    lo: int = 0
    hi: int | None = None  # None: the last line

    def splits(self) -> list[int]:
        """The useful splits: lines beyond MAX_SIDE_LINES from either body cannot be taken anyway."""
        hi = len(self.candidates) if self.hi is None else self.hi
        pairs = {c.gap_index for c in self.candidates if self._paired(c)}
        near = [k for k in range(self.lo, hi + 1) if k <= MAX_SIDE_LINES or k >= len(self.candidates) - MAX_SIDE_LINES]
        # A unit line and the headline printed right after it are never split apart.
        return [k for k in near if k - 1 not in pairs] or [self.lo]

    def _paired(self, candidate: Candidate) -> bool:
        i = candidate.gap_index
        return candidate.unit and i + 1 < len(self.candidates) and not self.candidates[i + 1].unit


@dataclass
class Affinity:
    """How strongly a line speaks of each article body on the page."""

    bodies: list[str]
    _grams: list[set[str]] = field(init=False)
    _df: Counter = field(init=False)
    _cache: dict[tuple[int, int], float] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self._grams = [bigrams(body) for body in self.bodies]
        self._df = Counter(g for grams in self._grams for g in grams)

    def _weight(self, gram: str) -> float:
        """Rare bigrams say more: weight log(1 + N / df), a bigram in no body counting as in one."""
        return math.log(1 + len(self.bodies) / max(self._df[gram], 1))

    def score(self, line: RawLine, article: int) -> float:
        """Weighted share of the line's bigrams found in the article's body, 0..1."""
        key = (line.number, article)
        if key not in self._cache:
            grams = bigrams(line.text)
            total = sum(self._weight(g) for g in grams)
            found = sum(self._weight(g) for g in grams & self._grams[article])
            self._cache[key] = found / total if total else 0.0
        return self._cache[key]

    def margin(self, line: RawLine, article: int) -> float:
        """How much better the line fits this article than the best other one nearby."""
        near = range(max(0, article - MARGIN_NEIGHBOURS), min(len(self.bodies), article + MARGIN_NEIGHBOURS + 1))
        others = [self.score(line, other) for other in near if other != article]
        return self.score(line, article) - max(others, default=0.0)


def side_roles(side: list[Candidate], article: int, affinity: Affinity) -> Roles:
    """Roles on one side of a body, in page order: the first unit line is the unit; the line printed
    right after it (else the first other line) the headline; the next line the subheadline when it
    clearly belongs here."""
    roles = Roles()
    units = [c for c in side if c.unit]
    if units:
        roles.unit = units[0]
    titles = [c for c in side if c is not roles.unit]
    if titles:
        after_unit = [c for c in titles if roles.unit and c.gap_index == roles.unit.gap_index + 1]
        roles.headline = after_unit[0] if after_unit else titles[0]
        following = [c for c in titles if c.gap_index == roles.headline.gap_index + 1]
        if following and _is_subheadline(following[0], article, affinity):
            roles.subheadline = following[0]
    roles.score = sum(affinity.score(c.line, article) for c in roles.taken)
    if roles.headline:
        roles.score += HEADLINE_BONUS
    return roles


def _is_subheadline(candidate: Candidate, article: int, affinity: Affinity) -> bool:
    if is_dashed(candidate.line.text):
        return True
    return (
        affinity.score(candidate.line, article) >= SUBHEADLINE_MIN_SCORE
        and affinity.margin(candidate.line, article) >= SUBHEADLINE_MIN_MARGIN
    )


def article_roles(before: list[Candidate], after: list[Candidate], article: int, affinity: Affinity) -> Roles:
    """Combine the lines above the body and below it: one side gives the headline (the better one
    when both could); the other side may still give the unit."""
    first = side_roles(before, article, affinity)
    second = side_roles(after, article, affinity)
    if first.headline and second.headline:
        return first if first.score >= second.score else second
    main, other = (first, second) if first.headline or (first.unit and not second.unit) else (second, first)
    if main.unit is None and other.unit is not None:
        main.unit = other.unit
        main.score += affinity.score(other.unit.line, article)
    return main


def _page_lean(gaps: list[Gap]) -> int:
    """+1 when titles stand after bodies on this page, -1 when before, 0 when it does not show."""
    before, after = bool(gaps[0].candidates), bool(gaps[-1].candidates)
    return int(after) - int(before)


def assign(gaps: list[Gap], affinity: Affinity) -> list[Roles]:
    """Split every gap so that the page scores best (dynamic programming over the gaps).

    `gaps[i]` stands before article i and `gaps[-1]` after the last one (len(gaps) == articles + 1).
    Cost: articles x (splits per gap)^2, and a gap has at most 2 * MAX_SIDE_LINES + 2 useful splits.
    """
    lean = _page_lean(gaps)
    scores = {k: 0.0 for k in gaps[0].splits()}  # best page score so far, by the split of the last gap
    back: list[dict[int, tuple[int, Roles]]] = []  # back[i][k2] = (split of gap i, roles of article i)
    for i in range(len(gaps) - 1):  # article i, between gaps[i] (above it) and gaps[i + 1] (below it)
        above, below = gaps[i].candidates, gaps[i + 1].candidates
        step_scores: dict[int, float] = {}
        step_back: dict[int, tuple[int, Roles]] = {}
        for k2 in gaps[i + 1].splits():
            after = below[:k2][:MAX_SIDE_LINES]
            tie_break = TIE_BREAK * lean * (2 * k2 - len(below))
            for k, score in scores.items():
                roles = article_roles(above[k:][-MAX_SIDE_LINES:], after, i, affinity)
                total = score + roles.score + tie_break
                if k2 not in step_scores or total > step_scores[k2]:
                    step_scores[k2] = total
                    step_back[k2] = (k, roles)
        scores = step_scores
        back.append(step_back)
    split = max(scores, key=scores.__getitem__)
    chosen: list[Roles] = []
    for step_back in reversed(back):
        split, roles = step_back[split]
        chosen.append(roles)
    return chosen[::-1]
