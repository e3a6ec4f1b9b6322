"""Measures: named prevention and governance measures, working methods and mechanisms.

Vocabulary: `kg/data/nlp/measures.tsv` (public-health and grassroots-governance terms,
with their sources). Patterns: `kg/data/nlp/patterns/measures.jsonl` (names that reports coin:
“X”原则, “X行动”, numbered slogans, 采用X的工作机制, 设立X热线 ...).
"""
from spacy.language import Language

from kg.nlp.phrases import PhraseFinder
from kg.types import MEASURE


class MeasureFinder(PhraseFinder):
    label = MEASURE
    lexicon = "nlp/measures.tsv"
    pattern_file = "nlp/patterns/measures.jsonl"


@Language.factory("kg_measures", assigns=["doc.spans"], default_config={})
def make_measure_finder(nlp: Language, name: str) -> MeasureFinder:
    return MeasureFinder()
