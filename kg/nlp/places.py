"""Places: the tagger's LOC words that end like a place name, or are short proper names.

A place keeps its administrative suffix in the surface form (某某市); the canonical name
drops 市/省/县 so 某某市 and 某某 are one node (see kg.resolve).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg import vocab
from kg.nlp.doc_data import add_candidate, tagged
from kg.nlp.tokenizer import LAC_PLACE
from kg.nlp.units import SLOGAN_ESTATE_SUFFIXES
from kg.types import COMMUNITY, PLACE
from kg.text import is_common_han


class PlaceFinder:
    def __init__(self):
        self.suffixes = vocab.words("nlp/place_suffixes.txt") | set(vocab.admin_levels("division"))
        self.stopwords = vocab.words("common/name_stopwords.txt")
        self.unit_suffixes = vocab.unit_suffixes()

    def is_place(self, text: str) -> bool:
        if len(text) < 2 or text in self.stopwords or not all(map(is_common_han, text)):
            return False
        if any(w in text[:-1] for w in ("社区", "街道", "小区")) or text[-1] == text[-2]:
            return False  # 某社区镇, 某街道市镇, 某市市: the tagger ran two words together
        if text.endswith(tuple(self.suffixes)):
            return text[:-1] not in self.stopwords
        if text.endswith(tuple(s for s in self.unit_suffixes if len(s) >= 2)):
            return False
        return len(text) == 2  # a bare two-character name (a city without 市)

    def community_suffix(self, text: str) -> str | None:
        """The community ending of a tagger place (某某社区, 某某小区), which makes it a community."""
        suffix = vocab.unit_suffix(text)
        return suffix if suffix and self.unit_suffixes[suffix].type == COMMUNITY else None

    def __call__(self, doc: Doc) -> Doc:
        # read the tagger's tags from the tokens: the unit finder may have split words since
        for span in tagged(doc, LAC_PLACE):
            suffix = self.community_suffix(span.text)
            if suffix in SLOGAN_ESTATE_SUFFIXES and len(span.text) == 4 and span.start > 0 and doc[span.start - 1].tag_ == "v":
                continue  # 共建幸福家园: a slogan
            if suffix is not None:
                # 某某社区 is where people live, not a place; a bare 小区 names nothing
                if len(span.text) >= len(suffix) + 2 and span.text[: -len(suffix)] not in self.stopwords:
                    add_candidate(doc, span.start_char, span.end_char, COMMUNITY, span.text, "tagger:LOC")
            elif self.is_place(span.text):
                add_candidate(doc, span.start_char, span.end_char, PLACE, span.text, "tagger:LOC")
        return doc


@Language.factory("kg_places", assigns=["doc.spans"], default_config={})
def make_place_finder(nlp: Language, name: str) -> PlaceFinder:
    return PlaceFinder()
