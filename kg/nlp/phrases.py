"""Entities found by vocabulary and by patterns, both kept as data.

A `PhraseFinder` matches a synonym table (`canonical<TAB>form|form`) as whole phrases and a
set of regex patterns (`kg/data/nlp/patterns/*.jsonl`, one `{id, label, pattern}` per line). A
pattern's named group `name` is the entity; `head` is appended when listed in `keep_head`
(“X”原则 -> X原则); `names` holds several quoted names in a row (“A”“B”平台).
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from kg import vocab
from kg.nlp.doc_data import add_candidate, text_of
from kg.text import unquote

QUOTED = re.compile(r"“([^“”]+)”")
NOUN_TAGS = frozenset({"n", "nz"})  # the tagger's common and other proper nouns (not places, bodies)


class PhraseFinder:
    """Candidates of one entity type from a synonym table and a pattern file (both under kg/data)."""

    def __init__(self, label: str, lexicon: str, patterns: str):
        self.label = label
        self.table = vocab.synonym_table(lexicon)
        self.form_re = vocab.alternation(self.table)
        self.patterns = vocab.patterns(patterns)

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        for m in self.form_re.finditer(text):
            if self.inside_a_noun(doc, m.start(), m.end()):
                continue  # 消毒液, 消毒柜: a thing named after the measure, one word to the tagger
            # a term the tagger split differently: the tokens inside it if any (限时|核酸|检测点
            # gives 核酸), else the tokens around it
            add_candidate(doc, m.start(), m.end(), self.label, self.table[m.group()], "lexicon", alignment="contract")
        for pat in self.patterns:
            for m in pat.regex.finditer(text):
                self.add_match(doc, pat, m)
        return doc

    @staticmethod
    def inside_a_noun(doc: Doc, start: int, end: int) -> bool:
        """Does [start, end) lie inside one longer word the tagger read as a common noun?"""
        if doc.char_span(start, end) is not None:
            return False
        around = doc.char_span(start, end, alignment_mode="expand")
        return around is not None and len(around) == 1 and around[0].tag_ in NOUN_TAGS

    def add_match(self, doc: Doc, pat, m: re.Match) -> None:
        groups = m.groupdict()
        if groups.get("names"):
            rest = unquote(groups.get("rest") or "")
            for q in QUOTED.finditer(groups["names"]):
                start = m.start("names") + q.start(1)
                name = unquote(q.group(1))
                if rest and q.end() == len(groups["names"].rstrip()):
                    # the last quoted name runs on to the head: “X”物联网监控系统平台
                    name_full = name + rest + groups["head"]
                    add_candidate(doc, start - 1, m.end(), pat.label, name_full, f"pattern:{pat.id}")
                else:
                    add_candidate(doc, start, start + len(q.group(1)), pat.label, self.canonical(name), f"pattern:{pat.id}")
            return
        # a pattern may name its entity in `name` or, in another branch, in `work` (开展X工作)
        group = "name" if groups.get("name") else "work"
        if not groups.get(group):
            return
        name = unquote(groups[group])
        end = m.end(group)
        if groups.get("head") and groups["head"] in pat.keep_head and not groups.get("mid"):
            name += groups["head"]
            end = m.end("head")
        if len(name) >= 2:
            add_candidate(doc, m.start(group), end, pat.label, self.canonical(name), f"pattern:{pat.id}")

    def canonical(self, name: str) -> str:
        return self.table.get(name, name)


# One factory, one instance per family in kg.nlp.pipeline (the spaCy way of configuring a component):
# - measures: named prevention and governance measures, working methods and mechanisms.
#   Vocabulary: `kg/data/nlp/measures.tsv` (public-health and grassroots-governance terms, with their sources);
#   patterns: `kg/data/nlp/patterns/measures.jsonl` (names that reports coin: “X”原则, “X行动”, numbered slogans,
#   采用X的工作机制, 设立X热线 ...).
# - platforms: named apps, systems and mini-programs (“X”平台, 健康码-type apps, 微信).
#   Vocabulary: `kg/data/nlp/platforms.tsv`; patterns: `kg/data/nlp/patterns/platforms.jsonl`.
@Language.factory("kg_phrases", assigns=["doc.spans"], default_config={"label": "", "lexicon": "", "patterns": ""})
def make_phrase_finder(nlp: Language, name: str, label: str, lexicon: str, patterns: str) -> PhraseFinder:
    return PhraseFinder(label, lexicon, patterns)
