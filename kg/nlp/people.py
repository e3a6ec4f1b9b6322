"""People: the tagger's person names, kept only when they look like a Chinese name.

LAC tags many things PER that are not people: one-character place abbreviations (郑, 汉),
pieces of unit names it cut wrongly (某核酸采样队), common words. A kept name has 2-4
characters, starts with a known surname (data/common/surnames.txt), holds no digit or
punctuation, and does not end like a unit, a title or a place.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg import vocab
from kg.nlp.doc_data import add_candidate, tagged
from kg.nlp.tokenizer import LAC_PERSON
from kg.types import PERSON
from kg.text import has_person_name_shape, is_common_han

NAME_END_TAGS = frozenset({"v", "vn", "n", "nz", "a"})  # what the tagger calls a name's cut-off last character


class PersonFinder:
    def __init__(self):
        self.surnames = vocab.words("common/surnames.txt")
        self.titles = vocab.words("common/titles.txt")
        self.unit_suffixes = vocab.unit_suffixes()
        self.speech_verbs = vocab.words("nlp/speech_verbs.txt")
        self.before_speech = vocab.words("nlp/before_speech.txt")
        self.context = vocab.words("nlp/person_context.txt") | self.speech_verbs | self.titles
        self.person_verbs = vocab.words("nlp/person_verbs.txt")

    def looks_like_name(self, name: str) -> bool:
        # a tagger name may also be a compound family name alone (欧阳), as people are called
        if not (has_person_name_shape(name, self.surnames) or (len(name) == 2 and name in self.surnames)):
            return False
        if name.endswith(tuple(self.titles)):
            return False
        if len(name) >= 3 and name.endswith(tuple(s for s in self.unit_suffixes if len(s) >= 2)):
            return False
        return True

    def has_person_context(self, doc: Doc, span) -> bool:
        """Two-character names are often common words (商超, 高铁): keep them next to a title,
        a role, a speech verb, or in a list of other names."""
        prev = doc[span.start - 1] if span.start > 0 else None
        nxt = doc[span.end] if span.end < len(doc) else None
        for tok, other in ((prev, span.start - 2), (nxt, span.end + 1)):
            if tok is None:
                continue
            if tok.text in self.context or tok.text.endswith(tuple(self.titles)):
                return True
            # `40多岁的X`, `信息员X`, `X被安排`: described, titled or acted on like a person
            if tok is prev and (tok.text == "的" or (len(tok.text) >= 2 and tok.text[-1] in "员长者")):
                return True
            if tok is nxt and tok.text in self.person_verbs:
                return True
            if tok.text in ("、", "和", "与", "及") and 0 <= other < len(doc) and doc[other].tag_ == LAC_PERSON:
                return True
        return False

    def whole_given_name(self, doc: Doc, span):
        """`魏某|立|说`: the tagger cut a three-character name after two and read the last character
        as a word of its own; a content word of one character between a name and its speech verb
        is the end of the name."""
        if len(span.text) != 2 or span.end + 2 >= len(doc):
            return span
        last, verb, after = doc[span.end], doc[span.end + 1], doc[span.end + 2]
        # the words are quoted or reported after a mark (X说，“…”), not run on (立说立行)
        if (len(last.text) == 1 and last.tag_ in NAME_END_TAGS and is_common_han(last.text) and last.text not in self.before_speech
                and verb.text in self.speech_verbs and after.tag_ == "w"):
            return doc[span.start:span.end + 1]
        return span

    def __call__(self, doc: Doc) -> Doc:
        # read the tagger's tags from the tokens: the unit finder may have split words since
        for span in tagged(doc, LAC_PERSON):
            span = self.whole_given_name(doc, span)
            if not self.looks_like_name(span.text):
                continue
            if len(span.text) == 2 and not self.has_person_context(doc, span):
                continue
            add_candidate(doc, span.start_char, span.end_char, PERSON, span.text, "tagger:PER")
        return doc


@Language.factory("kg_people", assigns=["doc.spans"], default_config={})
def make_person_finder(nlp: Language, name: str) -> PersonFinder:
    return PersonFinder()
