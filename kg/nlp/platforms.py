"""Platforms: named apps, systems and mini-programs (“X”平台, 健康码-type apps, 微信).

Vocabulary: `kg/data/lexicons/platforms.tsv`; patterns: `kg/data/patterns/platforms.jsonl`.
"""
from spacy.language import Language

from kg.nlp.phrases import PhraseFinder
from kg.types import PLATFORM


class PlatformFinder(PhraseFinder):
    label = PLATFORM
    lexicon = "platforms.tsv"
    pattern_file = "platforms.jsonl"


@Language.factory("kg_platforms", assigns=["doc.spans"], default_config={})
def make_platform_finder(nlp: Language, name: str) -> PlatformFinder:
    return PlatformFinder()
