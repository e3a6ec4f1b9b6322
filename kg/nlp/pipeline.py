"""The spaCy pipeline: LAC as tokenizer, then one component per entity family, then the merger."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

# importing the modules registers their factories
from kg.nlp import entities, people, phrases, places, tokenizer, units  # noqa: F401
from kg.types import MEASURE, PLATFORM

# (name, factory, config), in order: phrase finders are one factory configured per entity family
COMPONENTS = (
    ("kg_units", "kg_units", {}),
    ("kg_platforms", "kg_phrases", {"label": PLATFORM, "lexicon": "nlp/platforms.tsv", "patterns": "nlp/patterns/platforms.jsonl"}),
    ("kg_measures", "kg_phrases", {"label": MEASURE, "lexicon": "nlp/measures.tsv", "patterns": "nlp/patterns/measures.jsonl"}),
    ("kg_people", "kg_people", {}),
    ("kg_places", "kg_places", {}),
    ("kg_entities", "kg_entities", {}),
)


def build_nlp(threads: int = 1) -> Language:
    """A blank Chinese pipeline with the LAC tokenizer and kg's entity components."""
    config = {"nlp": {"tokenizer": {"@tokenizers": "kg.LACTokenizer.v1", "threads": threads}}}
    nlp = spacy.blank("zh", config=config)
    # No lexical attributes (like_num, shape, is_stop ...): spaCy computes them with a dozen Python
    # calls for every new word (half the cost of building the Docs), and kg's components read only the
    # tags, offsets and text (tests/test_analyse_identity.py compares with them computed).
    nlp.vocab.lex_attr_getters = {}
    for name, factory, config in COMPONENTS:
        nlp.add_pipe(factory, name=name, config=config)
    return nlp


@lru_cache(maxsize=2)
def get_nlp(threads: int = 1) -> Language:
    return build_nlp(threads)
