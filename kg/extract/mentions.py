"""Mentions: the entities of one article's Doc, placed in its sentences."""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

from kg import vocab
from kg.nlp.doc_data import NESTED, surface
from kg.schema import Article, BodySpan, Mention, Origin
from kg.types import COMMUNITY, OFFICE, PLACE

# Names nested in a chosen entity that are entities in their own right: the district in
# 某区卫健委, the community in 某社区党支部.
NESTED_TYPES = (PLACE, COMMUNITY)


def is_named_unit_part(span) -> bool:
    """A community inside a unit's name, or a place that ends like one (某某市 in 某某市医院);
    a bare two-character word inside a name is the unit's own name, not a place."""
    if span.label_ == COMMUNITY:
        return True
    return any(span.text.endswith(s) for s in vocab.admin_levels("division"))


def sentence_index(article: Article, offset: int) -> int:
    starts = [s.start for s in article.sentences]
    return max(0, bisect_right(starts, offset) - 1)


def extract_mentions(article: Article, doc: Doc) -> list[Mention]:
    """One Mention per entity of the Doc, plus nested places and communities."""
    out = []
    ends = {e.end_char for e in doc.ents}
    # a name that ends where its container ends is the container named another way
    nested = [s for s in doc.spans.get(NESTED, []) if s.label_ in NESTED_TYPES and is_named_unit_part(s) and s.end_char not in ends]
    nested_ids = {id(s) for s in nested}
    for span in sorted(list(doc.ents) + nested, key=lambda s: (s.start_char, -s.end_char)):
        out.append(
            Mention(
                text=surface(span),
                type=span.label_,
                article=article.id,
                canonical=span.kb_id_ or span.text,
                origin=Origin.NESTED if id(span) in nested_ids else Origin.BODY,
                span=BodySpan(sentence_index(article, span.start_char), span.start_char, span.end_char),
                rule=span.id_,
            )
        )
    return out


def unit_line_chain(article: Article) -> list[Mention]:
    """The places and bodies of a unit line written as a chain (`某区某街道某社区`), highest first,
    without the last (the unit itself), when every link ends in a level of local government."""
    name = (article.unit or "").strip()
    links = vocab.level_links(name)
    if len(links) < 2:
        return []
    out = []
    for link in links[:-1]:
        suffix = vocab.unit_suffix(link)
        out.append(Mention(link, vocab.unit_suffixes()[suffix].type if suffix else PLACE, article.id, link, Origin.UNIT_LINE))
    return out


def unit_line_mention(article: Article) -> Mention | None:
    """The unit printed with the report (its acting office) as a mention of that office."""
    if not article.unit:
        return None
    table = vocab.unit_suffixes()
    name = article.unit.strip()
    suffix = vocab.unit_suffix(name)
    label = table[suffix].type if suffix else OFFICE
    return Mention(text=name, type=label, article=article.id, canonical=name, origin=Origin.UNIT_LINE)
