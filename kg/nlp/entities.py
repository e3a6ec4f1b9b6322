"""Choose the entities: one non-overlapping set from all components' candidates.

Longer spans win (某某办事处某某专班 over 某某办事处); at equal length the rule that knows
more wins (a quoted unit over a pattern over the vocabulary over the tagger). Names inside a
chosen entity are kept in `doc.spans["kg_nested"]`.

Then short forms: an estate or village found once in full (某某小区, 某某村) is often named
again without its suffix; those bare names are added as the same community.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg import vocab
from kg.nlp.doc_data import CANDIDATES, NESTED, text_of, token_offsets
from kg.types import COMMUNITY, OFFICE, ORG, PLACE

RULE_PRIORITY = [
    ("unit:quoted", 10),
    ("pattern:quoted-platform", 9),
    ("pattern:", 8),
    ("unit:", 7),
    ("lexicon", 5),
    ("tagger:PER", 4),
    ("tagger:LOC", 3),
]
SHORT_FORM_SUFFIXES = vocab.words_for("common/unit_suffixes.tsv", "bare")


def priority(span: Span) -> int:
    rule = span.id_
    return next((p for prefix, p in RULE_PRIORITY if rule.startswith(prefix)), 0)


def choose(spans) -> tuple[list[Span], list[Span]]:
    ordered = sorted(spans, key=lambda s: (-(s.end_char - s.start_char), -priority(s), s.start_char))
    taken = [False] * (len(spans[0].doc) if spans else 0)
    chosen, nested = [], []
    for span in ordered:
        if any(taken[i] for i in range(span.start, span.end)):
            if span.label_ in (PLACE, COMMUNITY, OFFICE, ORG) and any(
                c.start <= span.start and span.end <= c.end and (c.start, c.end) != (span.start, span.end) for c in chosen
            ):
                nested.append(span)
            continue
        for i in range(span.start, span.end):
            taken[i] = True
        chosen.append(span)
    return sorted(chosen, key=lambda s: s.start), sorted(nested, key=lambda s: s.start)


def short_forms(doc: Doc, chosen: list[Span], nested: list[Span]) -> list[Span]:
    """Bare estate/village names (某某 for 某某小区) as more mentions of the community."""
    stems = []
    for span in chosen + nested:
        if span.label_ != COMMUNITY:
            continue
        name = span.kb_id_
        stem = next((name[: -len(s)] for s in SHORT_FORM_SUFFIXES if name.endswith(s)), None)
        if stem and len(stem) >= 2:
            stems.append((stem, name))
    if not stems:
        return []
    taken = set()
    for s in chosen:
        taken.update(range(s.start, s.end))
    starts, ends = token_offsets(doc)
    token_starts = {int(a): i for i, a in enumerate(starts)}
    token_ends = {int(b): i for i, b in enumerate(ends)}
    text = text_of(doc)
    extra = []
    for stem, name in stems:
        pos = 0
        while (pos := text.find(stem, pos)) >= 0:
            end = pos + len(stem)
            if pos in token_starts and (end in token_ends or end == len(text)):
                a, b = token_starts[pos], token_ends.get(end, len(doc) - 1) + 1
                if not any(i in taken for i in range(a, b)):
                    extra.append(Span(doc, a, b, label=COMMUNITY, kb_id=name, span_id="short-form"))
                    taken.update(range(a, b))
            pos = end
    return extra


class EntityMerger:
    def __call__(self, doc: Doc) -> Doc:
        candidates = list(doc.spans[CANDIDATES]) if CANDIDATES in doc.spans else []
        chosen, nested = choose(candidates)
        chosen = sorted(chosen + short_forms(doc, chosen, nested), key=lambda s: s.start)
        doc.ents = chosen
        doc.spans[NESTED] = nested
        return doc


@Language.factory("kg_entities", assigns=["doc.ents", "doc.spans"], default_config={})
def make_entity_merger(nlp: Language, name: str) -> EntityMerger:
    return EntityMerger()
