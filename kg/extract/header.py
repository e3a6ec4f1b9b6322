"""Places a report's header names: the place its dateline was filed from (`本报济南讯`) and the
place its headline opens with (`济南：…`, `某县某镇：…`, a column tag before it allowed). Both say
where the report is (GUIDELINES.md §2: a dateline's 某地讯 is a required place); neither stands in a
sentence of the body, so their mentions have no span."""
from __future__ import annotations

import re

from kg import vocab
from kg.schema import Article, Mention, Origin
from kg.text import HAN
from kg.types import PLACE

# `【栏目】某地：标题`: a short name before a colon opening the headline
HEADLINE_LEAD = re.compile(rf"^(?:[【\[][^】\]]{{1,12}}[】\]])?\s*(?P<lead>[{HAN}]{{2,10}})\s*[:：]\s*\S")


def header_places(article: Article, body_mentions: list[Mention]) -> list[Mention]:
    """PLACE mentions of the dateline's place and the headline's leading place, when the body does
    not name them as they are written (the body's own mention is then the entity)."""
    named = {m.canonical for m in body_mentions}
    places = []
    if article.dateline_place:
        places.append(article.dateline_place)
    lead = HEADLINE_LEAD.match(article.headline or "")
    if lead:
        places.extend(_headline_places(lead["lead"], named))
    return [Mention(p, PLACE, article.id, p, Origin.HEADER) for p in dict.fromkeys(places) if p not in named]


def _headline_places(lead: str, named: set[str]) -> list[str]:
    """The places a headline's lead names: a chain of names each ending in a level of division
    (某县某镇), or a bare place the body writes with its level or before a body's name (济南 for
    济南市, 福清 for 福清某街道). Anything else before a colon (a person, a slogan) is not a place."""
    parts = vocab.level_links(lead, "division")
    if parts:
        return parts
    if any(name.startswith(lead) and len(name) > len(lead) for name in named):
        return [lead]
    return []
