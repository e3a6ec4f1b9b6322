"""The extract stage: from the analysed articles of a page to its mentions and typed relations.

`extract_page(page, body_mentions)` is the entry point: the nlp stage gives the mentions found in
each article's body; this stage adds the unit line and the byline as mentions of their own and
runs the relation rules (kg/extract/relations.py), each relation with the text that states it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.extract.byline import byline_mentions
from kg.extract.header import header_places
from kg.extract.mentions import extract_mentions, unit_line_chain, unit_line_mention
from kg.extract.relations import extract_relations
from kg.schema import Mention, Page, Relation
from kg.types import PLACE

__all__ = ["Extraction", "extract_page", "extract_mentions"]


@dataclass
class Extraction:
    mentions: list[Mention] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def extend(self, other: "Extraction") -> None:
        self.mentions.extend(other.mentions)
        self.relations.extend(other.relations)


def extract_page(page: Page, body_mentions: Sequence[list[Mention]]) -> Extraction:
    """The mentions and relations of one page; `body_mentions[i]` are the mentions the nlp stage
    found in the body of `page.articles[i]`."""
    out = Extraction()
    # the places the whole page names: `援郑` in one report is read by the place another names
    page_places = [m for ms in body_mentions for m in ms if m.type == PLACE]
    for article, ms in zip(page.articles, body_mentions, strict=True):
        unit = unit_line_mention(article)
        chain = unit_line_chain(article) if unit is not None else []
        people, byline_relations = byline_mentions(article, page.text)
        out.mentions.extend(ms)
        out.mentions.extend(header_places(article, ms))
        out.mentions.extend(people)
        if unit is not None:
            out.mentions.append(unit)
        out.mentions.extend(chain)
        out.relations.extend(extract_relations(article, ms, unit, page_places, chain))
        out.relations.extend(byline_relations)
    return out
