"""Where kg's components leave their results on a Doc. Plain spans and strings only.

- `doc.spans["lac"]`: the tagger's PER/ORG/LOC/TIME words (written by the tokenizer).
- `doc.spans["kg_candidates"]`: every component's entity candidates; overlaps allowed.
  `span.label_` is the entity type, `span.kb_id_` the canonical name (quotes and spaces
  stripped, lexicon synonyms mapped), `span.id_` the rule that found it (`unit:branch`,
  `lexicon`, `pattern:quoted-mechanism` ...), so every entity can say why it is there.
- `doc.ents`: the entities the merger chose, no overlaps.
- `doc.spans["kg_nested"]`: names inside a chosen entity (the district in 某区卫健委, the
  community in 某社区党支部), kept for PART_OF relations.
"""
CANDIDATES = "kg_candidates"
NESTED = "kg_nested"


def add_candidate(doc, start_char: int, end_char: int, label: str, name: str, rule: str):
    """Add a candidate covering the tokens under [start_char, end_char); None if empty."""
    span = doc.char_span(start_char, end_char, label=label, alignment_mode="expand", kb_id=name, span_id=rule)
    if span is None or not len(span):
        return None
    group = doc.spans[CANDIDATES] if CANDIDATES in doc.spans else None
    if group is None:
        doc.spans[CANDIDATES] = [span]
    else:
        group.append(span)
    return span
