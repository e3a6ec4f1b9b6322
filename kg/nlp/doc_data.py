"""Where kg's components leave their results on a Doc. Plain spans and strings only.

- `doc.spans["kg_candidates"]`: every component's entity candidates; overlaps allowed.
  `span.label_` is the entity type, `span.kb_id_` the canonical name (quotes and spaces
  stripped, lexicon synonyms mapped), `span.id_` the rule that found it (`unit:branch`,
  `lexicon`, `pattern:quoted-mechanism` ...), so every entity can say why it is there.
- `doc.ents`: the entities the merger chose, no overlaps.
- `doc.spans["kg_nested"]`: names inside a chosen entity (the district in 某区卫健委, the
  community in 某社区党支部), kept for PART_OF relations.
- `doc.user_data["kg_surface"]`: the matched text of names whose tokens overhang them.
"""
CANDIDATES = "kg_candidates"
NESTED = "kg_nested"
SURFACE = "kg_surface"  # doc.user_data[SURFACE][(start, end, label)]: a name's text when its tokens overhang it


def surface(span) -> str:
    """The text a component matched for this span (may be narrower than the span's tokens)."""
    return span.doc.user_data.get(SURFACE, {}).get((span.start, span.end, span.label_), span.text)


def add_candidate(doc, start_char: int, end_char: int, label: str, name: str, rule: str, alignment: str = "expand"):
    """Add a candidate covering the tokens under [start_char, end_char); None if empty.

    Exact token boundaries first; else `alignment` ("contract": the tokens inside, falling back
    to "expand": the tokens around)."""
    span = doc.char_span(start_char, end_char, label=label, kb_id=name, span_id=rule)
    for mode in (alignment, "expand"):
        if span is not None and len(span):
            break
        span = doc.char_span(start_char, end_char, label=label, alignment_mode=mode, kb_id=name, span_id=rule)
    if span is None or not len(span):
        return None
    if (span.start_char, span.end_char) != (start_char, end_char):
        # the words do not fit the name exactly: keep the name as it was matched
        doc.user_data.setdefault(SURFACE, {})[(span.start, span.end, label)] = text_of(doc)[start_char:end_char]  # doc.text is rebuilt per call
    group = doc.spans[CANDIDATES] if CANDIDATES in doc.spans else None
    if group is None:
        doc.spans[CANDIDATES] = [span]
    else:
        group.append(span)
    return span



def tagged(doc, tag: str):
    """One-token spans of the words with this tagger tag, without walking every Token object
    (the tags are read as one array: the components run over every article)."""
    if not len(doc):
        return
    wanted = doc.vocab.strings.add(tag)
    for i in (doc.to_array("TAG") == wanted).nonzero()[0]:
        yield doc[int(i):int(i) + 1]


TEXT = "kg_text"


def text_of(doc) -> str:
    """`doc.text`, kept in user_data: spaCy rebuilds `doc.text` from every token on each call,
    and the components read it many times. Splitting tokens never changes the text."""
    text = doc.user_data.get(TEXT)
    if text is None:
        text = doc.user_data[TEXT] = doc.text
    return text


def token_offsets(doc):
    """(start, end) character offsets of every token, as two integer arrays."""
    import numpy as np

    if not len(doc):
        return np.zeros(0, dtype="int64"), np.zeros(0, dtype="int64")
    arr = doc.to_array(["IDX", "LENGTH"]).astype("int64")
    return arr[:, 0], arr[:, 0] + arr[:, 1]
