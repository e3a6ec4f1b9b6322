"""Platforms: named apps, systems and mini-programs (“X”平台, 健康码-type apps, 微信).

Vocabulary: `kg/data/nlp/platforms.tsv`; patterns: `kg/data/nlp/patterns/platforms.jsonl`.
"""
from spacy.language import Language

from kg.nlp.phrases import PhraseFinder
from kg.types import PLATFORM


class PlatformFinder(PhraseFinder):
    label = PLATFORM
    lexicon = "nlp/platforms.tsv"
    pattern_file = "nlp/patterns/platforms.jsonl"


@Language.factory("kg_platforms", assigns=["doc.spans"], default_config={})
def make_platform_finder(nlp: Language, name: str) -> PlatformFinder:
    return PlatformFinder()
