"""Offices, organisations and communities, found by how Chinese names of bodies are built.

A body's name is a prefix (place, field of work, proper name) plus a suffix that says what it
is: 某区卫生健康委员会, 某某办事处, 某社区党支部, 某某小区. The suffixes and their kinds live in
`kg/data/common/unit_suffixes.tsv`. The right edge of a name is the suffix; the left edge is
found by walking left over the tagger's words while they can be part of a name (nouns,
proper names, places) and stopping at the first word that cannot (verbs, prepositions,
numbers, punctuation, deictic words such as 辖区/各). A greedy regex would take
`监督员与辖区办事处`; word boundaries give nothing there, which is right.

The tagger often glues two units into one word (`某某办事处某某村`); such words are cut after
an inner organ or community suffix, so each unit is found on its own and the extractor can
link the smaller to the larger (PART_OF).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from kg import vocab
from kg.vocab import admin_rank
from kg.nlp.doc_data import add_candidate, text_of, token_offsets
from kg.nlp.tokenizer import LAC_ORG, LAC_PERSON, LAC_PLACE, LAC_TIME

from kg.text import HAN

# Tagger tags (LAC) that cannot be part of a name.
STOP_TAGS = frozenset({"w", "p", "c", "u", "xc", "d", "r", "m", "q", LAC_TIME, "t", "f", "ad", LAC_PERSON, "a", "vd"})
# Tags of words that glue units together and may be cut after an inner suffix.
NAME_TAGS = frozenset({LAC_ORG, LAC_PLACE, "nz", "n"})
# Inner suffixes after which a glued word is cut (a complete unit stands before them).
SPLIT_KINDS = frozenset({"organ", "community"})
MAX_PIECES_LEFT = 6
# The disease's official name in early 2020 holds a 的, where the left walk stops; task forces
# were named after it (…感染的肺炎疫情防控领导小组).
OFFICIAL_DISEASE_NAME = "新型冠状病毒感染的"
# Slogans build homes too (建设美丽家园, 共建幸福家园): a verb, two characters and 家园 name no estate.
SLOGAN_ESTATE_SUFFIXES = vocab.words_for("common/unit_suffixes.tsv", "slogan")
# Departments merged in the 2018 reform are named `甲和乙局` (文化和旅游局); the tagger cuts them
# before 和 and tags the rest a conjunction.
MERGED_DEPARTMENT = re.compile(f"^和[{HAN}]{{1,6}}[局厅委办]$")
# Party committees whose departments carry their name (某县委组织部, 某县委宣传部).
PARTY_COMMITTEES = frozenset(vocab.words_for("common/organs.tsv", "committee"))
MAX_NAME_CHARS = 20
COMMUNITY_RANK = 2  # 社区, 村 (data/common/admin_levels.tsv)
STREET_RANK = 3  # 街道, 镇, 乡


@dataclass
class TaggedWord:
    start: int
    end: int
    tag: str
    text: str


def inner_cuts(text: str, suffix_re, link_re) -> list[int]:
    """Where a glued word holds a complete unit before more name (某某办事处|某某村), or a
    word that joins two bodies (某街道|联合|某委)."""
    table = vocab.unit_suffixes()
    cuts, last = set(), 0
    for m in suffix_re.finditer(text):
        rest = text[m.end():]
        # 某县委宣传部: a committee's own department (a bare suffix after it) is not a second unit
        own_department = m.group() in PARTY_COMMITTEES and rest in table
        if table[m.group()].kind in SPLIT_KINDS and m.start() - last >= 2 and len(rest) >= 2 and not own_department:
            cuts.add(m.end())
            last = m.end()
    for m in link_re.finditer(text):
        if m.start() >= 2 and len(text) - m.end() >= 2:
            cuts.update((m.start(), m.end()))
    return sorted(cuts)


def places_before_unit(text: str) -> list[tuple[int, int]]:
    """The places a word glues before a community or a street (某区|某社区, 某县|某镇|某村, 某市某区|
    某街道), as (start, end) offsets; [] unless the word is wholly places of higher levels and then
    one community, village, street, town or township."""
    links = vocab.level_links(text)
    if len(links) < 2 or not COMMUNITY_RANK <= admin_rank(links[-1]) <= STREET_RANK or min(map(admin_rank, links[:-1])) <= admin_rank(links[-1]):
        return []
    spans, start = [], 0
    for link in links[:-1]:
        spans.append((start, start + len(link)))
        start += len(link)
    return spans


def split_glued_units(doc: Doc, suffix_re, link_re, committee_title_re) -> None:
    """Split the tagger's words that glue two units, so each unit gets its own tokens."""
    if not len(doc):
        return
    strings = doc.vocab.strings
    name_tags = {strings.add(t) for t in NAME_TAGS}
    arr = doc.to_array(["TAG", "LENGTH"]).tolist()  # plain ints: iterating numpy rows is slow
    candidates = [i for i, (tag, n) in enumerate(arr) if n > 4 and tag in name_tags]
    splits = []
    places: set[tuple[int, int]] = set()  # (token, offset) where a place cut off a lower unit starts
    for i in candidates:
        tok = doc[i]
        cuts = set(inner_cuts(tok.text, suffix_re, link_re))
        bounds = [0, *sorted(cuts), len(tok.text)]
        for a, b in zip(bounds, bounds[1:]):
            for start, end in places_before_unit(tok.text[a:b]):
                cuts.update((a + start, a + end))
                places.add((i, a + start))
        cuts.discard(0)
        if cuts:
            splits.append((tok, sorted(cuts)))
    # `县委书记`, `党委副书记`: a committee glued to the title of its member; the committee is the
    # end of a body's name (青山|县委|书记)
    noun = strings.add("n")
    split_at = {tok.i for tok, _ in splits}
    for i, (tag, n) in enumerate(arr):
        if tag == noun and 3 <= n <= 8 and i not in split_at and (hit := committee_title_re.fullmatch(doc[i].text)):
            splits.append((doc[i], [hit.end(1)]))
    if not splits:
        return
    with doc.retokenize() as retokenizer:
        for tok, cuts in splits:
            bounds = [0, *cuts, len(tok.text)]
            orths = [tok.text[a:b] for a, b in zip(bounds, bounds[1:])]
            heads = [(tok, i) for i in range(len(orths))]
            # the places cut off a community's name are places (某区|某社区), whatever the word was
            tags = [LAC_PLACE if (tok.i, a) in places else tok.tag_ for a in bounds[:-1]]
            retokenizer.split(tok, orths, heads=heads, attrs={"TAG": tags, "POS": [tok.pos_] * len(orths)})


def pieces_of(doc: Doc) -> list[TaggedWord]:
    text = text_of(doc)
    starts, ends = token_offsets(doc)
    tags = doc.to_array("TAG").tolist() if len(doc) else []
    strings = doc.vocab.strings
    return [TaggedWord(a, b, strings[t], text[a:b]) for a, b, t in zip(starts.tolist(), ends.tolist(), tags)]


class UnitFinder:
    def __init__(self):
        self.table = vocab.unit_suffixes()
        self.suffix_re = vocab.alternation(self.table)
        self.link_re = vocab.alternation(vocab.words("nlp/link_words.txt"))
        self.generic_heads = frozenset(s for s, info in self.table.items() if info.kind in ("community", "organ"))
        self.stopwords = vocab.words("common/name_stopwords.txt")
        self.inner_verbs = vocab.words("nlp/name_verbs.txt")
        self.venue_words = tuple(sorted(vocab.words("nlp/venue_words.txt"), key=len, reverse=True))
        self.name_directions = vocab.words("nlp/name_directions.txt")
        self.measure_words = frozenset(vocab.synonym_table("nlp/measures.tsv"))
        self.titles = vocab.words("common/titles.txt")
        self.title_organs = vocab.words_for("common/organs.tsv", "title")
        # only the committees of a level (县委书记); 党委书记 after a body's name is its title
        committees = "|".join(vocab.words_for("common/organs.tsv", "of-level"))
        titles = "|".join(re.escape(t) for t in sorted(self.titles, key=len, reverse=True))
        self.committee_title_re = re.compile(f"({committees})(?:{titles})")
        teams = "|".join(sorted((re.escape(k) for k, v in self.table.items() if v.kind in ("team", "facility") and len(k) >= 2), key=len, reverse=True))
        # “某某”志愿服务队 and the like; a 的 after the quote makes a description, not a name
        # (“某某”单位之一的某学校)
        self.quoted_brand_re = re.compile(rf"“[^“”\n]{{2,12}}”(?:(?!的)[{HAN}]){{0,14}}?(?:{teams})")

    def can_extend(self, piece: TaggedWord, kind: str, suffix: str = "") -> bool:
        """May `piece` stand at the left of a unit name of this kind?"""
        text = piece.text
        if not text.strip() or text in self.stopwords or text in self.titles:
            return False
        if kind == "community":
            # where people live is named by its own words: a measure (封堵), a verb (驻) or the
            # town or district it lies in (某镇|某村) stands outside the name
            if text in self.measure_words or piece.tag == "v" or admin_rank(text) >= 3:
                return False
        if piece.tag in ("v",):
            return text in self.inner_verbs or text in self.measure_words
        if piece.tag in STOP_TAGS and piece.tag != "a":
            return False
        inner = vocab.unit_suffix(text)
        if inner is not None and len(text) > len(inner):
            inner_kind = self.table[inner].kind
            # 某社区党支部 keeps its community; 某办事处某小区 is two units; 某县委|组织部 is the
            # committee's department; 某某家园|社区 is a community named after its estate
            if kind == "organ" and suffix.endswith("部") and inner in PARTY_COMMITTEES:
                return True
            if kind == "community" and admin_rank(text) == 1:
                return True
            # 某村|疫情防控工作领导小组, 某社区|党群服务中心: a community's own organ keeps it too
            return kind in ("branch", "organ") and inner_kind == "community"
        if piece.tag == "a":
            # proper names of estates and teams use adjectives (阳光小区, 平安志愿队)
            return kind in ("community", "team") and len(text) == 2
        return True

    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        split_glued_units(doc, self.suffix_re, self.link_re, self.committee_title_re)
        pieces = pieces_of(doc)
        for i, piece in enumerate(pieces):
            suffix = vocab.unit_suffix(text, piece.end)
            if suffix is None:
                continue
            info = self.table[suffix]
            s = piece.end - len(suffix)
            # first piece of the name: the one holding the suffix's first character
            j = i
            while j > 0 and pieces[j].start > s:
                j -= 1
            if pieces[j].tag in ("w",):
                continue
            # single-character suffixes (局, 委, 村, 苑) only end names the tagger saw as names
            if len(suffix) == 1 and not (pieces[j].tag in (LAC_ORG, LAC_PLACE, "nz") or pieces[j].text == suffix or MERGED_DEPARTMENT.match(pieces[j].text)):
                continue
            start = pieces[j].start
            k = j
            while k > 0 and j - k < MAX_PIECES_LEFT and self.can_extend(pieces[k - 1], info.kind, suffix):
                if piece.end - pieces[k - 1].start > MAX_NAME_CHARS:
                    break
                k -= 1
                start = pieces[k].start
            if info.kind == "community" and k >= 2 and self.opens_name(pieces[k - 2], pieces[k - 1], pieces[k]):
                k -= 1  # 某市|后|某某社区: the direction word opens the community's name
                start = pieces[k].start
            if (info.kind == "community" and k >= 2 and pieces[k - 1].tag == "v" and len(pieces[k - 1].text) <= 2
                    and pieces[k - 2].text in ("、", "和", "及", "与")):
                # 甲社区、乙社区和丙丁营社区: in a list, what stands after the comma is the name,
                # even where the tagger read its first word as a verb
                k -= 1
                start = pieces[k].start
            if k == j and start == s and j > 0 and info.kind == "organ" and suffix not in self.title_organs and self.is_organ_name(pieces[j - 1]):
                # 某市人民政府|新闻办: a bare kind of office right after an organ is that organ's office
                # (a party organ there opens a title instead: 某办事处|党工委书记)
                k = j - 1
                start = pieces[k].start
            if text.startswith("肺炎", start) and text.endswith(OFFICIAL_DISEASE_NAME, 0, start):
                start -= len(OFFICIAL_DISEASE_NAME)  # the official name and the task force: one name
                # and the place whose task force it is, written before the name (某市新型冠状病毒…指挥部)
                while k > 0 and pieces[k].start > start:
                    k -= 1
                if k > 0 and pieces[k].start == start and pieces[k - 1].tag == LAC_PLACE and admin_rank(pieces[k - 1].text) >= 3:
                    k -= 1
                    start = pieces[k].start
            name = text[start:piece.end]
            head = name[: len(name) - len(suffix)]
            if text.startswith(self.venue_words, piece.end):
                continue  # 某委停车场: a place named after the body, not the body acting
            if suffix in SLOGAN_ESTATE_SUFFIXES and piece.end - start == 4 and k > 0 and pieces[k - 1].tag == "v":
                continue  # 建设美丽家园, 共建幸福家园: a slogan, not an estate
            rule = f"unit:{info.kind}"
            if info.kind == "branch" and head in self.generic_heads:
                # 在某某村，村党支部书记…: a branch named by its kind only is no name (GUIDELINES §1:
                # names are verbatim); the title names the community's body (kg.extract.relations)
                continue
            elif not self.is_name_head(head, info, suffix):
                continue
            add_candidate(doc, start, piece.end, info.type, name, rule)
        self.quoted_units(doc)
        return doc

    def opens_name(self, place: TaggedWord, direction: TaggedWord, first: TaggedWord) -> bool:
        """Does `direction` (后, 东, …), read by the tagger as a localizer between a place and the
        proper name that opens a community's name, belong to that name? (某市|后|某某|社区)"""
        return (
            direction.tag == "f" and direction.text in self.name_directions
            and place.tag == LAC_PLACE and admin_rank(place.text) >= 2
            and first.tag == LAC_PLACE and first.start == direction.end and direction.start == place.end
        )

    def is_organ_name(self, piece: TaggedWord) -> bool:
        """A whole organ's name in one word (某市人民政府), not a bare kind of body."""
        inner = vocab.unit_suffix(piece.text)
        return inner is not None and len(piece.text) > len(inner) + 1 and self.table[inner].kind == "organ"

    def is_name_head(self, head: str, info, suffix: str = "") -> bool:
        head = head.strip()
        if head in PARTY_COMMITTEES and suffix.endswith("部"):
            return True  # 县委宣传部, 市委组织部: functional offices (GUIDELINES.md §3)
        if not head or head in self.stopwords or head in self.generic_heads:
            return False  # 社区党委, 街道办事处: a kind of body, not the name of one
        if info.kind in ("community",) and len(head) < 2:
            return False
        return not any(ch in head for ch in "，。、；：“”‘’（）()《》0123456789")

    def quoted_units(self, doc: Doc) -> None:
        """A unit named in quotes: 组建“某某志愿服务队”; or whose name opens with a quoted brand:
        “某某”志愿服务队, “某某”新时代文明实践志愿服务队 (the quotes are part of the name)."""
        text = text_of(doc)
        for m in self.quoted_brand_re.finditer(text):
            suffix = vocab.unit_suffix(m.group())
            if suffix and self.table[suffix].kind in ("team", "facility"):
                info = self.table[suffix]
                add_candidate(doc, m.start(), m.end(), info.type, m.group(), f"unit:quoted-{info.kind}")
        pos = 0
        while True:
            a = text.find("“", pos)
            if a < 0:
                return
            b = text.find("”", a + 1)
            if b < 0:
                return
            inner = text[a + 1:b]
            pos = b + 1
            if 3 <= len(inner) <= 16:
                suffix = vocab.unit_suffix(inner)
                if suffix and len(inner) > len(suffix) + 1 and self.table[suffix].kind in ("team", "organ", "facility"):
                    info = self.table[suffix]
                    add_candidate(doc, a + 1, b, info.type, inner, f"unit:quoted-{info.kind}")


@Language.factory("kg_units", assigns=["doc.spans"], default_config={})
def make_unit_finder(nlp: Language, name: str) -> UnitFinder:
    return UnitFinder()
