"""The spaCy pipeline: LAC as tokenizer, then one component per entity family, then the merger."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

# importing the modules registers their factories
from kg.nlp import entities, measures, people, places, platforms, tokenizer, units  # noqa: F401

COMPONENTS = ("kg_units", "kg_platforms", "kg_measures", "kg_people", "kg_places", "kg_entities")


def build_nlp(threads: int = 1) -> Language:
    """A blank Chinese pipeline with the LAC tokenizer and kg's entity components."""
    config = {"nlp": {"tokenizer": {"@tokenizers": "kg.LACTokenizer.v1", "threads": threads}}}
    nlp = spacy.blank("zh", config=config)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


@lru_cache(maxsize=2)
def get_nlp(threads: int = 1) -> Language:
    return build_nlp(threads)
