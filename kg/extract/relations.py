"""Typed relations between the mentions of one article, each with the sentence that says so.

- ROLE        person -> body: `单位 + 职务 + 姓名` (某局副局长某某), `姓名 + 代表 + 单位`,
              `某某是/担任/成了…某队的队长` (the person the sentence opens with)
- PART_OF     smaller -> larger: `某办事处某小区` (adjacent units), `某社区党支部` (branch ->
              its community), `某小区是某办事处辖区…`, `某社区…辖区有甲小区` (the area's list),
              a task force -> the report's own office,
              an office -> the district its name starts with
- IMPLEMENTS  acting body -> measure; USES acting body -> platform. The acting body is the
              subject of the sentence (该社区: the one of that level named before), else the last
              subject in the paragraph, else the unit the report is printed under or the body it
              is about (its evidence then quotes where that body was named); no one where the
              sentence is about people at large or the report about many bodies
- COOPERATES  `与某某联合`, `会同某某`, `协同某某`, `某局联合某社区`
- SUPPORTS    helper -> helped: a team named 援X (援鄂医疗队) -> the place X stands for;
              `支援某某`, `帮扶某某`
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from kg import vocab
from kg.vocab import admin_rank
from kg.schema import Article, Evidence, Mention, Origin, Relation
from kg.types import COMMUNITY, COOPERATES, IMPLEMENTS, MEASURE, OFFICE, ORG, PART_OF, PERSON, PLACE, PLATFORM, ROLE, SUPPORTS, USES
from kg.text import HAN, is_common_han

ORGANISATIONS = (OFFICE, ORG)  # the family of kg.types.ORGANISATION
CHAIN_TYPES = (PLACE, OFFICE, COMMUNITY)
ACTOR_TYPES = (OFFICE, ORG, COMMUNITY)
# what may stand between a clause start and its subject: a date, times and set phrases (近日，X…)
_LEADS = "|".join(map(re.escape, sorted(vocab.words("extract/clause_leads.txt"), key=len, reverse=True)))
CLAUSE_LEAD = re.compile(rf"^(?:[\d０-９]+月[\d０-９]+日(?:[上下]午|晚|以来)?|{_LEADS})?[，,\s]*$")


def only_lead(text: str) -> bool:
    """Is `text`, written between a clause's start and a name, nothing but a lead (近日，, a date)?"""
    return CLAUSE_LEAD.match(text.strip("“”\"")) is not None
# the words of cooperation, by where they stand (data/extract/cooperation_cues.tsv)
COOPERATE_BEFORE = vocab.words_for("extract/cooperation_cues.tsv", "before")
COOPERATE_ALONE = vocab.words_for("extract/cooperation_cues.tsv", "alone")
COOPERATE_AFTER = vocab.words_for("extract/cooperation_cues.tsv", "after")
JOINT_VERBS = vocab.words_for("extract/cooperation_cues.tsv", "between")
SUPPORT_CUES = vocab.words_for("extract/support_cues.txt", "named")  # 支援某某
JURISDICTION = re.compile(r"^(?:是|位于|属于|隶属)?$")
HOLDING = vocab.alternation(vocab.words("extract/holding_verbs.txt"))  # 某某是/担任/成了…某队的队长
TITLE_ENDS = ("，", ",", "。", "）", ")", "；", "、", "")  # a title ends its clause
EXAMPLE = ("以", "为例")  # 以某社区为例
VILLAGE_GROUP = re.compile(r"^[一二三四五六七八九十\d]{1,3}组")  # 某村二组: a group of the village
# Of the weight of the bodies a report names (1 as a clause's subject, 0.25 otherwise, 3 more in the
# headline), what its main body holds at least: on the development set 0.4 kept 40 of the 46 right
# relations to a report's body and dropped 6 of its 13 wrong ones; 0.5 dropped 11 right ones
DOMINANT_SHARE = 0.4
# a clause that is only a lead (据介绍，) and a subject that is people, not a body (广大志愿者…)
LEAD_CLAUSE = re.compile(rf"(?:{_LEADS})[，,]")
PEOPLE_SUBJECT = re.compile(rf"(?:广大|全体|各级|众多|许多)?(?:{vocab.alternation(vocab.words('extract/staff_nouns.txt')).pattern})")
# 该社区, 该县: "this community", the one of that level named last (data/extract/referring_levels.txt)
REFERRING = re.compile(f"该({vocab.alternation(vocab.words('extract/referring_levels.txt')).pattern})")
AGE = re.compile(r"[\d０-９]+岁的$")  # 60岁的某某: an age describes the person
# 某社区…，辖区有甲小区和乙村 / 某街道下辖甲、乙社区: what a body's area holds, listed after the cue
HOLDS = vocab.alternation(vocab.words("extract/jurisdiction_cues.txt"))
TITLE_LEAD_WORDS = vocab.words("extract/title_lead_words.txt")  # 了|社区书记某某
FOUNDING = vocab.alternation(vocab.words("extract/founding_verbs.txt"))  # 某局|成立|某队
PARTNER_UNITS = vocab.alternation(vocab.words("extract/partner_units.txt"))  # 某社区|包联单位|某局
STAFF_AFTER = vocab.alternation(vocab.words("extract/staff_nouns.txt"))  # 某社区的|网格员
# the id of the unit line printed over the report among the pieces of a fact (sentences are 0, 1, ...)
UNIT_LINE = -1


# Party and residents' organs that may stand before a title (党委书记, 村委会主任)
TITLE_ORGANS = vocab.words_for("common/organs.tsv", "title")


# The level words a title may open with, and how the names of bodies of that level end.
IMPLIED_LEVELS = {level: tuple(endings.split("|")) for level, endings in vocab.rows("extract/implied_levels.tsv")}


@lru_cache(maxsize=1)
def implied_title_pattern() -> re.Pattern:
    titles = "|".join(re.escape(t) for t in sorted(vocab.words("common/titles.txt"), key=len, reverse=True))
    organs = "|".join(TITLE_ORGANS)
    levels = "|".join(sorted(IMPLIED_LEVELS, key=len, reverse=True))
    one = f"(?:(?:{organs})?(?:{titles}))"
    return re.compile(f"(?P<level>{levels})(?:{one}(?:(?:、|兼|和){one})*|(?:{titles}))$")


@lru_cache(maxsize=1)
def support_cues() -> dict[str, str]:
    """Helping verb -> `sent` or `visit` (data/extract/support_cues.txt)."""
    return {row[0]: row[1] for row in vocab.rows("extract/support_cues.txt")}


@lru_cache(maxsize=1)
def support_pattern() -> re.Pattern:
    cues = sorted(support_cues(), key=len, reverse=True)
    return re.compile("|".join(re.escape(c) for c in cues))


@lru_cache(maxsize=1)
def title_pattern() -> re.Pattern:
    """One or more titles, each maybe with a party organ before it, joined by 、/兼/和:
    副局长, 党委书记、主任, 党支部书记兼村委会主任; a former office too (原第一书记)."""
    titles = "|".join(re.escape(t) for t in sorted(vocab.words("common/titles.txt"), key=len, reverse=True))
    organs = "|".join(TITLE_ORGANS)
    one = f"(?:原?(?:{organs})?(?:{titles}))"
    return re.compile(f"{one}(?:(?:、|兼|和|及){one})*")


class ArticleRelations:
    """Finds the relations of one article; `run()` returns them."""

    def __init__(self, article: Article, mentions: list[Mention], unit: Mention | None, page_places: list[Mention],
                 unit_chain: list[Mention] = ()):
        self.article = article
        self.body = article.body
        self.mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
        # indexes, so that the rules stay linear in the mentions of a long article
        self.by_sentence: dict[int, list[Mention]] = defaultdict(list)
        self.by_start: dict[int, list[Mention]] = defaultdict(list)
        self.by_end: dict[int, list[Mention]] = defaultdict(list)
        for m in self.mentions:
            if m.in_body:
                self.by_sentence[m.sentence].append(m)
                self.by_start[m.start].append(m)
                self.by_end[m.end].append(m)
        self.subjects: dict[int, bool] = {}  # id(mention) -> is_subject
        self.unit = unit
        self.unit_chain = list(unit_chain)  # the places and bodies above the unit on its line
        self.page_places = page_places
        self.title_re = title_pattern()
        self.suffixes = vocab.unit_suffixes()
        self.unlinked = vocab.words("extract/measure_principles.txt") | vocab.words("extract/platform_channels.txt")
        self.support_re = support_pattern()
        self.implied_title_re = implied_title_pattern()
        self.out: list[Relation] = []

    # -- evidence ---------------------------------------------------------------------------
    def evidence(self, *sentence_ids: int) -> tuple[Evidence, ...]:
        """The pieces that state a fact: the unit line printed over the report (UNIT_LINE) and the
        sentences, each with its own source offsets."""
        a = self.article
        pieces = []
        if any(i < 0 for i in sentence_ids) and self.unit is not None and a.unit_source_start >= 0:
            pieces.append(Evidence(a.unit, a.id, a.source, a.unit_source_start, a.unit_source_end, kind="unit-line"))
        for i in sorted(set(i for i in sentence_ids if i >= 0)):
            s = a.sentences[i]
            pieces.append(Evidence(s.text, a.id, a.source, s.source_start, s.source_end))
        return tuple(pieces)

    def add(self, head, relation, tail, *sentence_ids: int, title=None, cue=""):
        if isinstance(head, Mention) and isinstance(tail, Mention) and head.canonical == tail.canonical:
            return
        self.out.append(Relation(head, relation, tail, self.evidence(*sentence_ids), title=title, cue=cue))

    def piece(self, m: Mention) -> int:
        """The piece of text that names `m`: its sentence, or the unit line."""
        return m.sentence if m.in_body else UNIT_LINE

    def between(self, a: Mention, b: Mention) -> str:
        return self.body[a.end:b.start]

    def in_sentence(self, i: int) -> list[Mention]:
        return list(self.by_sentence.get(i, ()))

    # -- relations --------------------------------------------------------------------------
    def run(self) -> list[Relation]:
        self.first_subject = self.main_body()
        for i, sentence in enumerate(self.article.sentences):
            ms = self.in_sentence(i)
            outer = [m for m in ms if m.origin is not Origin.NESTED]  # names not inside another name
            self.roles(outer, i)
            self.implied_roles(ms, i)
            self.stated_roles(outer, i)
            self.part_of(ms, outer, i)
            self.founded_teams(outer, i)
            self.cooperation(ms, outer, i)
            self.support(ms, i)
            self.support_by_verb(outer, i)
            self.partner_units(outer, i)
            self.holdings(outer, i)
        self.units_in_names()
        self.task_forces()
        # 某区某街道某社区 printed as the unit line: each link lies in the one before it
        links = [*self.unit_chain, self.unit] if self.unit_chain else []
        for higher, lower in zip(links, links[1:]):
            self.add(lower, PART_OF, higher, UNIT_LINE, cue="unit-line-chain")
        self.measures()
        return self.out

    def roles(self, ms: list[Mention], i: int) -> None:
        for a, b in zip(ms, ms[1:]):
            gap = self.between(a, b)
            # 某局副局长某某, 某社区党委书记、主任某某; 某村二组护林员某某 (a village group between)
            title = VILLAGE_GROUP.sub("", gap, count=1) if a.type == COMMUNITY else gap
            if a.type in ACTOR_TYPES and b.type == PERSON and self.title_re.fullmatch(title):
                self.add(b, ROLE, a, i, title=title, cue="unit-title-name")
            # 某某代表某局
            if a.type == PERSON and b.type in ORGANISATIONS and gap in ("代表",):
                self.add(a, ROLE, b, i, cue="name-represents-unit")
            # 某某，某医院副院长。 (apposition)
            if a.type == PERSON and b.type in ORGANISATIONS and gap in ("，", ",", "（", "(", "、", "是"):
                after = self.title_re.match(self.body, b.end)
                if after and after.end() > b.end and self.body[after.end():after.end() + 1] in (*TITLE_ENDS, "表示", "说"):
                    self.add(a, ROLE, b, i, title=after.group(), cue="name-unit-title")

    def stated_roles(self, outer: list[Mention], i: int) -> None:
        """`某某是甲局派驻乙村的党总支第一书记`, `某某…还成了某队的队长`: the person a sentence opens
        with holds the title written right after a body (的 between them or not), when a verb of
        holding (是, 担任, 成了) comes between the two and no other person does."""
        sent = self.article.sentences[i]
        people = [m for m in outer if m.type == PERSON]
        if not people or not only_lead(AGE.sub("", self.body[sent.start:people[0].start])):
            return
        person = people[0]
        for cue in HOLDING.finditer(self.body, person.end, sent.end):
            if any(m.start < cue.start() for m in people[1:]):
                return  # another person is the subject by now
            for b in outer:
                if b.start < cue.end() or b.type not in ACTOR_TYPES:
                    continue
                at = b.end + (1 if self.body.startswith("的", b.end) else 0)
                title = self.title_re.match(self.body, at)
                if title and title.end() > at and self.body[title.end():title.end() + 1] in TITLE_ENDS:
                    self.add(person, ROLE, b, i, title=title.group(), cue="person-holds-title")
                    return

    def implied_roles(self, ms: list[Mention], i: int) -> None:
        """`社区书记某某`, `村干部某某`, `县委副书记、县长某某`: a title that names the level of its body
        (社区, 村, 街道, 县委 …) but not the body; the body is the nearest one of that level named
        before, in this sentence or the one before it in the paragraph (the evidence quotes both)."""
        sent = self.article.sentences[i]
        for p in ms:
            if p.type != PERSON or p.origin is Origin.NESTED:
                continue
            window = self.body[max(sent.start, p.start - 20):p.start]
            hit = self.implied_title_re.search(window)
            if not hit:
                continue
            at = p.start - len(window) + hit.start()
            before = self.body[at - 1] if at > sent.start else ""
            if before and is_common_han(before) and before not in TITLE_LEAD_WORDS:
                continue  # 某某社区书记: the body is written, and the adjacent rule reads it
            body = self.nearest_body(hit["level"], at, i)
            if body is not None:
                title = hit.group()[len(hit["level"]):] or hit.group()
                self.add(p, ROLE, body, body.sentence, i, title=title, cue="implied-body-title")

    def nearest_body(self, level: str, before: int, i: int) -> Mention | None:
        endings = IMPLIED_LEVELS[level]
        first = i - 1 if i > 0 and "\n" not in self.body[self.article.sentences[i - 1].end:self.article.sentences[i].start + 1] else i
        candidates = [m for k in range(first, i + 1) for m in self.by_sentence.get(k, ())]
        for m in reversed(candidates):
            if self.of_level(m, endings, before):
                return m
        # further back: the one body of that level the report names (its community, its village)
        earlier = [m for m in self.mentions if self.of_level(m, endings, before)]
        if len({m.canonical or m.text for m in earlier}) == 1:
            return earlier[-1]
        return None

    def of_level(self, m: Mention, endings: tuple[str, ...], before: int) -> bool:
        if m.end > before or m.type not in CHAIN_TYPES or m.origin is Origin.NESTED:
            return False
        name = m.canonical or m.text
        # a place or local body of that level (某县, 某社区), or the level's committee (某县委)
        return name.endswith(endings) and (admin_rank(name) > 0 or m.type == OFFICE)

    def part_of(self, ms: list[Mention], outer: list[Mention], i: int) -> None:
        for a, b in zip(outer, outer[1:]):
            gap = self.between(a, b)
            if a.type in ORGANISATIONS and b.type in ACTOR_TYPES and gap == "" and self.kind(a) == "organ":
                self.add(b, PART_OF, a, i, cue="adjacent-units")
            if a.type == COMMUNITY and b.type in ORGANISATIONS and JURISDICTION.match(gap) and self.body.startswith("辖区", b.end):
                self.add(a, PART_OF, b, i, cue="jurisdiction")
            # 某社区的某志愿队: a body's own team
            if gap == "的" and a.type in ACTOR_TYPES and b.type in ORGANISATIONS and self.kind(b) == "team":
                self.add(b, PART_OF, a, i, cue="team-of-body")
        # 某区某街道某社区某小区, written together (as separate names or inside one long name): each
        # lies in the higher one written right before it
        ends = {}
        for m in ms:
            if m.type in CHAIN_TYPES:
                ends.setdefault(m.end, []).append(m)
        for b in ms:
            if b.type not in CHAIN_TYPES or (b.type == OFFICE and self.kind(b) == "team"):
                continue
            rank_b = admin_rank(b.canonical or b.text)
            for a in ends.get(b.start, []):
                rank_a = admin_rank(a.canonical or a.text)
                if rank_b and rank_a and rank_a > rank_b:
                    self.add(b, PART_OF, a, i, cue="admin-chain")
        for m in ms:
            # 某社区党支部: the branch belongs to the community inside its name
            if m.type in ORGANISATIONS and self.kind(m) == "branch":
                for c in ms:
                    if c.type == COMMUNITY and m.start <= c.start and c.end <= m.end and c is not m:
                        self.add(m, PART_OF, c, i, cue="branch-of-community")

    def units_in_names(self) -> None:
        """An office whose name starts with a district or city belongs to it (某区卫健委 -> 某区);
        one whose name holds a community (某镇某社区党支部) belongs to that community instead."""
        for m in self.mentions:
            if m.type not in ORGANISATIONS or not m.in_body:
                continue
            inside = [p for p in self.by_sentence.get(m.sentence, ()) if p.type in (PLACE, COMMUNITY) and m.start <= p.start and p.end <= m.end and p is not m]
            inner = [p for p in inside if p.type == PLACE]
            if inner and inside[-1].type == PLACE:
                self.add(m, PART_OF, inner[-1], m.sentence, cue="place-in-name")

    def founded_teams(self, outer: list[Mention], i: int) -> None:
        """`某局成立某突击队`, `某社区组建了某志愿服务队`: a team set up by the body named right before
        the verb, in one clause, is part of it."""
        sent = self.article.sentences[i]
        for verb in FOUNDING.finditer(self.body, sent.start, sent.end):
            clause = self.clause_of(verb.start(), i)
            founders = [m for m in outer if m.type in ORGANISATIONS and clause[0] <= m.start and m.end <= verb.start()]
            if not founders:
                continue
            for team in outer:
                if team.type in ORGANISATIONS and verb.end() <= team.start and team.end <= clause[1] and self.kind(team) == "team":
                    self.add(team, PART_OF, founders[-1], i, cue="founded-team")

    def partner_units(self, outer: list[Mention], i: int) -> None:
        """`某社区包联单位甲局、乙所`: the units listed after the noun support the community before it."""
        sent = self.article.sentences[i]
        for noun in PARTNER_UNITS.finditer(self.body, sent.start, sent.end):
            helped = [m for m in outer if m.type in (COMMUNITY, *ORGANISATIONS) and m.end <= noun.start() and self.body[m.end:noun.start()] in ("", "的")]
            if not helped:
                continue
            pos = noun.end()
            for m in outer:
                if m.start < pos:
                    continue
                if m.start > pos or m.type not in ORGANISATIONS:
                    break  # the list ends where something else is written
                self.add(m, SUPPORTS, helped[-1], i, cue="partner-unit")
                pos = m.end + (1 if self.body[m.end:m.end + 1] in ("、", "和", "及", "与") else 0)

    def holdings(self, outer: list[Mention], i: int) -> None:
        """`某社区是…社区，辖区有甲小区和乙村`, `某街道下辖甲、乙社区`: the places listed after the cue
        lie in the body the sentence opens with (the last link of a chain such as 某市某社区)."""
        sent = self.article.sentences[i]
        for cue in HOLDS.finditer(self.body, sent.start, sent.end):
            holders = [m for m in outer if m.end <= cue.start() and m.type in CHAIN_TYPES and admin_rank(m.canonical or m.text) > 1]
            listed = [m for m in outer if m.start >= cue.end() and m.type == COMMUNITY]
            if not holders or not listed or self.body[cue.end():listed[0].start].strip("：:") != "":
                continue
            holder = holders[0]
            # of a chain written together (某市某社区), the last link holds the list
            while nxt := [n for n in self.by_start.get(holder.end, ()) if n.type in CHAIN_TYPES and n.origin is not Origin.NESTED]:
                holder = nxt[0]
            rank = admin_rank(holder.canonical or holder.text)
            for m in [listed[0], *self.listed_after(listed)]:
                if admin_rank(m.canonical or m.text) < rank:
                    self.add(m, PART_OF, holder, i, cue="jurisdiction-holds")

    def task_forces(self) -> None:
        """A task force without a place in its name belongs to the office the report is about."""
        if self.unit is None or self.kind(self.unit) != "organ":
            return
        for m in self.mentions:
            if m.type == OFFICE and self.kind(m) == "team" and m.in_body and not self.has_place(m):
                self.add(m, PART_OF, self.unit, m.sentence, UNIT_LINE, cue="task-force-of-unit")

    def cooperation(self, ms: list[Mention], outer: list[Mention], i: int) -> None:
        # 某局、某局联合…: bodies listed together, then a cooperation verb
        for a, b in zip(outer, outer[1:]):
            if a.type in ORGANISATIONS and b.type in ORGANISATIONS and self.between(a, b) in ("、", "和", "与", "及"):
                if any(self.body.startswith(c, b.end) for c in COOPERATE_AFTER):
                    self.add(a, COOPERATES, b, i, cue="joint-subjects")
            # 某局联合某中心…, 某委会同某局…, 某局联合某社区…: one body acts together with the next
            if a.type in ACTOR_TYPES and b.type in ACTOR_TYPES and self.between(a, b) in JOINT_VERBS:
                self.add(a, COOPERATES, b, i, cue="joint-verb")
        for j, m in enumerate(ms):
            if m.type not in ORGANISATIONS:
                continue
            before = self.body[max(0, m.start - 2):m.start]
            after = self.body[m.end:m.end + 2]
            if any(before.endswith(c) for c in COOPERATE_BEFORE) and (
                any(after.startswith(c) for c in COOPERATE_AFTER) or before.endswith(COOPERATE_ALONE)
            ):
                actor = self.subject_before(ms[:j], i)
                if actor is not None:
                    self.add(actor, COOPERATES, m, i, *([UNIT_LINE] if actor is self.unit else []), cue="cooperation")

    def support(self, ms: list[Mention], i: int) -> None:
        for m in ms:
            if m.type not in ORGANISATIONS:
                continue
            hit = re.search(rf"援([{HAN}])(?=[{HAN}]{{2,}}$)", m.canonical or m.text)
            if hit:
                place = self.place_for_abbreviation(hit.group(1))
                if place is not None:
                    self.add(m, SUPPORTS, place, i, place.sentence, cue="aid-team-name")
        for j, m in enumerate(ms):
            if m.type in ACTOR_TYPES + (PLACE,) and self.body[max(0, m.start - 4):m.start].endswith(SUPPORT_CUES):
                actor = self.subject_before(ms[:j], i)
                if actor is not None and actor is not m:
                    self.add(actor, SUPPORTS, m, i, cue="support-verb")

    def support_by_verb(self, outer: list[Mention], i: int) -> None:
        """`某局下沉到某社区`, `某队来到甲社区、乙社区`, `某公司为某社区捐赠`: a body, team or firm
        named before a helping verb supports the communities named after it, in one clause."""
        sent = self.article.sentences[i]
        for cue in self.support_re.finditer(self.body, sent.start, sent.end):
            if PARTNER_UNITS.match(self.body, cue.start()):
                continue  # `某社区包联单位某局`: the noun, read by partner_units
            clause = self.clause_of(cue.start(), i)
            # a cadre sent down (某某被安排下沉到某社区) helps in person; a visit is a body's
            kinds = ORGANISATIONS + (PERSON,) if support_cues()[cue.group()] == "sent" else ORGANISATIONS
            helpers = [m for m in outer if m.type in kinds and clause[0] <= m.start and m.end <= cue.start()]
            if len(cue.group()) == 1 and not any(m.end == cue.start() for m in helpers):
                continue  # a one-character verb (驻) only right after its helper: 某局驻某村, not 移驻
            if not helpers:
                # `某局成立某队，协助某社区…`: a clause without a subject continues the sentence's
                helpers = [m for m in outer if m.type in ORGANISATIONS and m.end <= clause[0] and self.is_subject(m)][:1]
            helped = [m for m in outer if self.can_be_helped(m) and cue.end() <= m.start and m.end <= clause[1]]
            donee = [m for m in outer if self.can_be_helped(m) and clause[0] <= m.start and m.end <= cue.start()
                     and self.body[max(clause[0], m.start - 1):m.start] == "为"]
            if not helpers:
                continue
            helper = helpers[-1]
            targets = donee if donee and donee[0].start > helper.end else self.deepest(helped[:1]) + self.listed_after(helped)
            for giver in [*self.listed_before(helpers), helper]:
                for target in targets:
                    if target.start >= helper.end:
                        self.add(giver, SUPPORTS, target, i, cue="support-verb")

    def can_be_helped(self, m: Mention) -> bool:
        """Communities, and the offices that serve one (某社区服务中心, 某村党支部)."""
        if m.type == COMMUNITY:
            return True
        name = m.canonical or m.text
        return m.type == OFFICE and ("社区" in name or "村" in name) and admin_rank(name) == 0

    def deepest(self, first: list[Mention]) -> list[Mention]:
        """Of a chain written together (某街道某社区), the last and smallest."""
        if not first:
            return []
        m = first[0]
        while True:
            nxt = [n for n in self.by_start.get(m.end, ()) if self.can_be_helped(n)]
            if not nxt:
                return [m]
            m = nxt[0]

    def listed_before(self, ms: list[Mention]) -> list[Mention]:
        """The names listed right before the last (甲局、乙所负责同志…)."""
        out = []
        for a, b in reversed(list(zip(ms, ms[1:]))):
            if self.between(a, b) not in ("、", "和", "及", "与"):
                break
            out.insert(0, a)
        return out

    def listed_after(self, ms: list[Mention]) -> list[Mention]:
        """The names listed right after the first (甲社区、乙社区和丙社区)."""
        out = []
        for a, b in zip(ms, ms[1:]):
            if self.between(a, b) not in ("、", "和", "及", "与", "，", ","):
                break
            out.append(b)
        return out

    def clause_of(self, pos: int, i: int) -> tuple[int, int]:
        sent = self.article.sentences[i]
        start = max([sent.start] + [self.body.rfind(c, sent.start, pos) + 1 for c in "，,；;：:"])
        ends = [e for e in (self.body.find(c, pos, sent.end) for c in "，,；;") if e >= 0]
        return start, min(ends) if ends else sent.end

    def place_for_abbreviation(self, char: str) -> Mention | None:
        """援鄂, 援郑: the one-character name of a place named on the page (and in this article)."""
        province = vocab.mapping("extract/province_abbreviations.tsv").get(char)
        starts = (char, province) if province else (char,)
        names = [p.canonical or p.text for p in self.page_places if (p.canonical or p.text).startswith(starts)]
        if not names:
            return None
        # evidence must name the place: use where this article names it
        ours = [m for m in self.mentions if m.type == PLACE and m.in_body and (m.canonical or m.text) in names]
        ours.sort(key=lambda m: not (m.canonical or m.text).startswith(char))
        return ours[0] if ours else None

    # -- acting bodies and measures ---------------------------------------------------------
    def can_act(self, m: Mention) -> bool:
        """Bodies act; so do towns, streets, districts and cities named as the subject (某镇在…,
        GUIDELINES.md §4: a 镇, 乡 or 区 when it acts)."""
        return m.type in ACTOR_TYPES or (m.type == PLACE and admin_rank(m.canonical or m.text) >= 3)

    def is_subject(self, m: Mention) -> bool:
        """A body that opens its clause (`近日，某办事处组织…`) is what the clause is about."""
        known = self.subjects.get(id(m))
        if known is None:
            known = self.subjects[id(m)] = self._is_subject(m)
        return known

    def _is_subject(self, m: Mention) -> bool:
        if not self.can_act(m) or not m.in_body or m.origin is Origin.NESTED:
            return False
        sent = self.article.sentences[m.sentence]
        clause_start = max(self.body.rfind(c, sent.start, m.start) for c in "，,；;：:") + 1
        clause_start = max(clause_start, sent.start)
        lead = self.body[clause_start:m.start]
        if lead.endswith(EXAMPLE[0]) and self.body.startswith(EXAMPLE[1], m.end):
            lead = lead[: -len(EXAMPLE[0])]  # 以某社区为例，…: the example is what the sentence goes on about
        if not only_lead(lead):
            # allow a chain of units (某办事处某村党总支): the lead is another unit
            prev = [p for p in self.by_end.get(m.start, ()) if self.can_act(p)]
            if not prev or not self.is_subject(prev[-1]):
                return False
        return self.acts_after(m)

    def acts_after(self, m: Mention) -> bool:
        """Does what follows `m` leave it the subject? 某局的部署 does not; 某局与某委联合…, 某局书记
        某某在…, 某社区的网格员… (a body acting through its staff) do, and so does a list of bodies
        whose last one does (甲村、乙村的党员干部…)."""
        after = self.body[m.end:m.end + 1]
        if after in ("、", "及"):
            listed = [n for n in self.by_start.get(m.end + 1, ()) if self.can_act(n) and n.origin is not Origin.NESTED]
            return bool(listed) and self.acts_after(listed[0])
        return after != "的" or bool(STAFF_AFTER.match(self.body, m.end + 1))

    def main_body(self) -> Mention | None:
        """The body the report is about, when no unit line names it: the one its headline names,
        else the one it names most often as the subject of a clause (first named on a tie); none
        when that one holds less than DOMINANT_SHARE of the weight of all bodies named."""
        headline = self.article.headline or ""
        score: dict[str, float] = {}
        first: dict[str, Mention] = {}
        for m in self.mentions:
            if not self.can_act(m) or not m.in_body or m.origin is Origin.NESTED:
                continue
            if m.type == PLACE and (admin_rank(m.canonical or m.text) >= 5 or not self.is_subject(m)):
                continue  # a town or district counts where it acts; a city is only the setting
            name = m.canonical or m.text
            first.setdefault(name, m)
            score[name] = score.get(name, 0) + (1.0 if self.is_subject(m) else 0.25)
        for name in score:
            if len(name) >= 3 and name in headline:
                score[name] += 3
        if not score:
            return None
        best = max(score, key=lambda n: (score[n], -first[n].start))
        # a report about many bodies (a long national report, pages of short items run together)
        # is about none of them: the body, with its own organs (某街道 with 某街道党工委), must hold
        # DOMINANT_SHARE of the weight
        family = sum(w for name, w in score.items() if name.startswith(best) or best.startswith(name))
        if score[best] < 1 or family < DOMINANT_SHARE * sum(score.values()):
            return None
        return first[best]

    def subject_before(self, ms: list[Mention], i: int):
        subjects = [m for m in ms if self.is_subject(m)]
        if subjects:
            return subjects[-1]
        return self.default_actor(i)

    def default_actor(self, i: int):
        return self.unit or self.first_subject

    def measures(self) -> None:
        actor = None
        for i, sentence in enumerate(self.article.sentences):
            if i > 0 and "\n" in self.body[self.article.sentences[i - 1].end:sentence.start + 1]:
                actor = None  # a new paragraph
            ms = self.in_sentence(i)
            referred = self.referred_subjects(i)
            people_act = self.people_open(i)  # 广大志愿者…开展…: no body is the subject
            if people_act:
                actor = None
            for m in ms:
                while referred and referred[0][0] < m.start:
                    actor = referred.pop(0)[1]
                if self.is_subject(m):
                    actor = m
                if m.type not in (MEASURE, PLATFORM) or m.canonical in self.unlinked:
                    continue
                doer = actor or (None if people_act else self.default_actor(i))
                if doer is None:
                    continue
                relation = IMPLEMENTS if m.type == MEASURE else USES
                ids = [i] if self.piece(doer) == i else [self.piece(doer), i]
                self.add(doer, relation, m, *ids, cue="acting-body" if actor else "report-body")

    def people_open(self, i: int) -> bool:
        """Does the sentence open with people who are no body (据介绍，广大志愿者…; 全体党员…)?
        Then what they do is theirs, not the report's body's."""
        sent = self.article.sentences[i]
        lead_end = sent.start
        while (hit := LEAD_CLAUSE.match(self.body, lead_end, sent.end)) is not None and hit.end() > lead_end:
            lead_end = hit.end()  # 据介绍，… : skip whole lead clauses
        return bool(PEOPLE_SUBJECT.match(self.body, lead_end, self.clause_of(lead_end, i)[1]))

    def referred_subjects(self, i: int) -> list[tuple[int, Mention]]:
        """`同时，该社区还开展…`, `该县取消…`: 该 and a level word open a clause about the body of that
        level named before it (the last one that was a subject, else the last one); (where the
        clause starts, that body), in the sentence's order."""
        sent = self.article.sentences[i]
        out = []
        for hit in REFERRING.finditer(self.body, sent.start, sent.end):
            if not only_lead(self.body[self.clause_of(hit.start(), i)[0]:hit.start()]):
                continue
            level = hit.group(1)
            named = [m for m in self.mentions if m.in_body and m.end <= hit.start() and self.can_act(m)
                     and m.origin is not Origin.NESTED and m.text.endswith(level)
                     and vocab.admin_ending(m.text) in (level, None)]  # 该区 is no 某地区
            if named:  # the last that was the subject of its clause, else the last named
                out.append((hit.start(), ([m for m in named if self.is_subject(m)] or named)[-1]))
        return out

    # -- helpers ----------------------------------------------------------------------------
    def kind(self, m: Mention) -> str | None:
        suffix = vocab.unit_suffix(m.canonical or m.text)
        return self.suffixes[suffix].kind if suffix else None

    def has_place(self, m: Mention) -> bool:
        return any(p.type == PLACE and m.start <= p.start and p.end <= m.end for p in self.by_sentence.get(m.sentence, ()))


def extract_relations(article: Article, mentions: list[Mention], unit: Mention | None, page_places: list[Mention],
                      unit_chain: list[Mention] = ()) -> list[Relation]:
    return ArticleRelations(article, mentions, unit, page_places, unit_chain).run()
