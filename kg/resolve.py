"""Resolution: one entity per real thing, however many ways the news names it.

Rules, in order (each is safe on its own; none merges two bodies that only share a suffix):
1. Surface forms are normalised: quotes and spaces stripped; lexicon synonyms already mapped.
2. Relative names are completed from context: 市纪委监委 on a page about 某某市 is
   某某市纪委监委 (both forms kept as aliases).
3. Places drop their administrative suffix for matching: 某某市 = 某某.
4. Bodies match when they are equal after removing leading place names and disease
   qualifiers (某某区新冠肺炎疫情防控指挥部 = 疫情防控指挥部 on the same page), but only if what
   remains is more than a bare suffix (某某办事处 and 另某办事处 stay apart).
5. Within one article, a shorter name that ends a longer one of the same family is the same
   body (流调专班 in an article that named 某某信息流调专班), when it is more than the bare suffix.
6. Platforms: a name that extends another by a slogan (“某某 一帮到底”) is the same platform.
Across pages only identical canonical names merge: 疫情防控指挥部 in two cities are two bodies.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from kg import vocab
from kg.vocab import admin_rank
from kg.schema import Entity, Mention, Origin
from kg.text import HAN, normalise_name
from kg.types import COMMUNITY, MEASURE, OFFICE, ORGANISATION, PERSON, PLACE, PLATFORM, family_of

MAX_PLACE_CHARS = 12


def is_misspelling(rare: str, usual: str) -> bool:
    """`rare` is `usual` with one given-name character changed, or two swapped."""
    if len(rare) != len(usual) or len(rare) < 3 or rare[0] != usual[0]:
        return False
    diff = [i for i, (a, b) in enumerate(zip(rare, usual)) if a != b]
    return len(diff) == 1 or (len(diff) == 2 and sorted(rare) == sorted(usual))


@dataclass
class Resolution:
    entities: list[Entity]
    key: dict[Mention, str]  # mention -> the key of its entity (the graph node)


class UnionFind:
    def __init__(self):
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class Resolver:
    def __init__(self):
        self.name: dict[Mention, str] = {}  # each mention's name, normalised (rule 1)
        self.full: dict[Mention, str] = {}  # ... with a relative name completed (rule 2: 市X -> 某市X)
        self.keys: dict[Mention, str] = {}  # each mention's entity (its node key): the answer
        self.families: dict[str, str] = {}  # type -> its family (kg.types)
        self.short_names: dict[int, str] = {}  # id(mention) -> its name without the places before it
        self.generic_areas = vocab.words("common/name_stopwords.txt")  # 辖区, 全县, 城区: no place's name
        self.homes: dict[str, str | None] = {}  # page -> the district, county or city it is about
        self.page_places: dict[int, frozenset[str]] = {}  # id(mention) -> places named on its page
        self.full_suffix = vocab.mapping("resolve/unit_suffix_synonyms.tsv")
        self.short_suffix = sorted(self.full_suffix, key=len, reverse=True)
        self.qualifiers = vocab.ordered_words("resolve/disease_qualifiers.txt")  # 新冠肺炎 …
        self.campaign_tails = vocab.ordered_words("resolve/campaign_tails.txt")  # 专项行动, 活动 …
        # the levels of local government (data/common/admin_levels.tsv), by what is done with them
        levels = vocab.admin_levels
        self.admin_suffix = re.compile(f"(?<=[{HAN}]{{2}})(?:{'|'.join(levels('dropped'))})$")  # 某市区: the city proper
        self.relative_levels = levels("relative")
        self.relative = re.compile(f"^({'|'.join(self.relative_levels)})(?=[{HAN}]{{2,}})")
        self.unit_place_prefix = re.compile(f"^([{HAN}]{{2,3}}?(?:{'|'.join(self.relative_levels)}))(?=[{HAN}]{{2,}})")
        self.levels_in_body_names = levels("in-body-name")
        self.office_levels = levels("office")
        # A body of a town, street or community (某街道, 某社区党委, 某村) has a name of its own without the
        # places above it; a district's functional office (某区疫情防控指挥部) does not.
        self.leading_level = re.compile(f"[{HAN}]{{2,6}}?(?:{'|'.join(levels('above-community'))})")
        organs = "|".join(vocab.words_for("common/organs.tsv", "community"))
        self.community_name = re.compile(f"[{HAN}]{{2,8}}(?:社区|村)(?:[{HAN}]{{0,3}}(?:{organs}))?")
        self.local_name = re.compile(f"[{HAN}]{{2,}}(?:{'|'.join(levels('local'))})")

    def family(self, typ: str) -> str:
        """kg.types.family_of, remembered: asked for every mention several times."""
        family = self.families.get(typ)
        if family is None:
            family = self.families[typ] = family_of(typ)
        return family

    def standard_suffix(self, name: str) -> str:
        """某某街道 -> 某某街道办事处: one spelling of the body's kind for matching."""
        for short in self.short_suffix:
            if name.endswith(short) and len(name) > len(short) + 1:
                return name[: -len(short)] + self.full_suffix[short]
        return name

    def suffix_of(self, name: str) -> str:
        return vocab.unit_suffix(name) or ""

    def match_key(self, m: Mention) -> str:
        name = self.full[m]
        if m.type == PLACE:
            return self.admin_suffix.sub("", name)
        return name

    def core(self, name: str, places: set[str]) -> str:
        """The name without leading place names and disease qualifiers."""
        core = name
        changed = True
        while changed:
            changed = False
            for k in range(min(len(core) - 1, MAX_PLACE_CHARS), 1, -1):  # longest place first
                if core[:k] in places:
                    core, changed = core[k:], True
                    break
            for q in self.qualifiers:
                if core.startswith(q):
                    core, changed = core[len(q):], True
        if len(core) <= len(self.suffix_of(core)) + 1:
            core = name  # only the suffix is left: the place is what tells bodies apart
        return self.standard_suffix(core)

    def bare_core(self, name: str, places: set[str]) -> str:
        """The name as written without the places before it (no suffix respelt): 某区某街道 -> 某街道.
        Places are those named on the page, and any leading name that ends in a level of local
        government (某某区, 某某街道) before a community's name."""
        core = name
        changed = True
        while changed:
            changed = False
            for k in range(min(len(core) - 1, MAX_PLACE_CHARS), 1, -1):
                if core[:k] in places and len(core) - k > len(self.suffix_of(core[k:])) + 1:
                    core, changed = core[k:], True
                    break
            lead = self.leading_level.match(core)
            if not changed and lead and self.community_name.fullmatch(core[lead.end():]):
                core, changed = core[lead.end():], True
        return core

    def complete(self, m: Mention, cities: dict[str, str]) -> str:
        name = normalise_name(self.name[m] or m.text)
        hit = self.relative.match(name)
        if hit and self.family(m.type) == ORGANISATION and hit.group(1) in cities:
            return cities[hit.group(1)] + name[1:]
        return name

    def resolve(self, mentions: list[Mention], page_of: dict[str, str]) -> Resolution:
        """The entities, and which one each mention names."""
        self.name = {m: normalise_name(m.canonical or m.text) for m in mentions}
        by_page: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions:
            by_page[page_of[m.article]].append(m)
        for page, page_mentions in by_page.items():
            self.complete_page(page, page_mentions)
        uf = UnionFind()
        index = {id(m): i for i, m in enumerate(mentions)}
        self.merge_across_pages(mentions, page_of, uf)
        for page_mentions in by_page.values():
            self.merge_page(page_mentions, uf, index)
        groups: dict[int, list[Mention]] = defaultdict(list)
        for i, m in enumerate(mentions):
            groups[uf.find(i)].append(m)
        return Resolution(self.entities(groups.values()), self.keys)

    def merge_across_pages(self, mentions: list[Mention], page_of: dict[str, str], uf: UnionFind) -> None:
        """Rules 1-3 everywhere, with the place of each page in mind.

        Equal names merge, except a local name that says nothing of where it is (城关镇, 人民医院,
        社会事业局): it merges only with the same name on pages about the same district or county
        (its page's home), or on pages that name none. A short form on a page about a district is
        the full body another page names with that district (社会事业局 on a page about 东区 is
        东区社会事业局)."""
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, m in enumerate(mentions):
            groups[(self.family(m.type), self.match_key(m))].append(i)
        for members in groups.values():
            homes = defaultdict(list)
            for i in members:
                m = mentions[i]
                homes[self.home_of(m, page_of) if self.needs_home(m) else None].append(i)
            placed = [h for h in homes if h is not None]
            if len(placed) <= 1:
                for i in members[1:]:
                    uf.union(members[0], i)  # one place, or none said: the same body
                continue
            for home in placed:  # two places: the same name means two bodies; unplaced stay apart
                for i in homes[home][1:]:
                    uf.union(homes[home][0], i)
        # short forms: 社会事业局 on a page about 东区 -> 东区社会事业局 named on any page
        full: dict[tuple[str, str], int] = {}
        for i, m in enumerate(mentions):
            if self.family(m.type) == ORGANISATION:
                full.setdefault((self.family(m.type), self.full[m]), i)
        for i, m in enumerate(mentions):
            if self.family(m.type) != ORGANISATION or not self.needs_home(m):
                continue
            home = self.home_of(m, page_of)
            if home is None:
                continue
            for prefix in (home, self.admin_suffix.sub("", home)):
                j = full.get((self.family(m.type), prefix + self.full[m]))
                if j is not None:
                    uf.union(j, i)
                    break

    def needs_home(self, m: Mention) -> bool:
        """A body, community or town whose name has no place of its own and is more than a bare
        kind of body (派出所 and 居委会 are generic: the gold keeps them optional and whole)."""
        if self.family(m.type) not in (ORGANISATION, COMMUNITY) and not (m.type == PLACE and admin_rank(self.full[m]) == 3):
            return False
        name = self.full[m]
        if m.type != PLACE and len(name) <= len(self.suffix_of(name)) + 1:
            return False
        # a county, district, city or province at the front says where (甲县城关镇); a town does not
        # the proper prefixes of the name looked up in the page's places (a set), not every place
        # of the page tried as a prefix: a file of a thousand reports names thousands of places
        named = self.page_places.get(id(m), ())
        return not any(name[:k] in named and admin_rank(name[:k]) >= 4 for k in range(1, len(name)))

    def home_of(self, m: Mention, page_of: dict[str, str]) -> str | None:
        return self.homes.get(page_of[m.article])

    def complete_page(self, page: str, ms: list[Mention]) -> None:
        cities: dict[str, str] = {}
        counts = Counter(self.name[m] for m in ms if m.type == PLACE)
        # a bare place (某某) written with its level inside a body's name (某某市医院) is 某某市
        bare = {name for name in counts if not self.admin_suffix.search(name)}
        for m in ms:
            if self.family(m.type) == ORGANISATION:
                name = self.name[m]
                for k in range(2, min(6, len(name) - 1)):
                    if name[k] in self.levels_in_body_names and name[:k] in bare:
                        counts[name[: k + 1]] += 1
        for name, _ in counts.most_common():
            for level in self.relative_levels:
                if name.endswith(level) and level not in cities and len(name) >= 2 and name not in self.generic_areas:
                    cities[level] = name
        # levels no place names: take them from the bodies' names (某某镇党委 -> 某某镇)
        prefixes = Counter(hit.group(1) for m in ms if self.family(m.type) == ORGANISATION and (hit := self.unit_place_prefix.match(self.name[m])))
        for name, _ in prefixes.most_common():
            cities.setdefault(name[-1], name)
        for m in ms:
            self.full[m] = self.complete(m, cities)
        # the page's home: the district or county it is most about, else its city
        self.homes[page] = cities.get("区") or cities.get("县") or cities.get("市")
        named = frozenset(c for c in counts if len(c) >= 2)
        for m in ms:
            self.page_places[id(m)] = named

    def merge_page(self, ms: list[Mention], uf: UnionFind, index: dict[int, int]) -> None:
        places = {self.name[m] for m in ms if m.type == PLACE} | {self.admin_suffix.sub("", self.name[m]) for m in ms if m.type == PLACE}
        # streets and towns are written before their communities too (某街道某社区)
        places |= {self.name[m] for m in ms if m.type == OFFICE and admin_rank(self.name[m]) >= 3}
        organisations = [m for m in ms if self.family(m.type) == ORGANISATION]
        by_core: dict[tuple[str, str], int] = {}
        # a community written with the places above it (某市某镇某村) is the community (某村)
        for m in organisations + [m for m in ms if m.type == COMMUNITY]:
            c = (self.family(m.type), self.core(self.full[m], places))
            if m.type == COMMUNITY:
                c = (c[0], self.bare_core(self.full[m], places))
            short = self.bare_core(self.full[m], places)
            if short != self.full[m] and self.local_name.search(short):
                self.short_names[id(m)] = short
            if c in by_core:
                uf.union(by_core[c], index[id(m)])
            else:
                by_core[c] = index[id(m)]
        # rule 5: short forms within an article
        by_article: dict[str, list[Mention]] = defaultdict(list)
        for m in organisations:
            by_article[m.article].append(m)
        for group in by_article.values():
            first: dict[str, Mention] = {}
            for m in group:
                first.setdefault(self.full[m], m)
            for name, m in first.items():
                if len(name) <= len(self.suffix_of(name)) + 1:
                    continue
                longer = [n for n in first if n != name and n.endswith(name)]
                if len(longer) == 1:
                    uf.union(index[id(first[longer[0]])], index[id(m)])
        # rule 5b: a community named by its bare name in the article that names it in full
        # (某某家园 for 某某家园社区, 某某 for 某某村)
        communities: dict[str, dict[str, Mention]] = defaultdict(dict)
        for m in ms:
            if m.type == COMMUNITY:
                communities[m.article].setdefault(self.full[m], m)
        for names in communities.values():
            for name, m in names.items():
                longer = [n for n in names if n != name and n.startswith(name) and vocab.unit_suffix(n) and len(n) - len(name) == len(vocab.unit_suffix(n))]
                if len(longer) == 1:
                    uf.union(index[id(names[longer[0]])], index[id(m)])
        # rule 5c: a street, town or township named bare (某某) where its office is named (某某街道)
        offices = {self.full[m]: m for m in ms if m.type == OFFICE}
        for m in ms:
            if m.type == PLACE and len(self.full[m]) >= 2:
                for level in self.office_levels:
                    office = offices.get(self.full[m] + level)
                    if office is not None:
                        uf.union(index[id(office)], index[id(m)])
                        break
        # rule 5d: a measure and the campaign named after it (某某活动, 某某志愿服务行动)
        measures = {self.name[m]: m for m in ms if m.type == MEASURE}
        for name, m in measures.items():
            for tail in self.campaign_tails:
                base = measures.get(name[: -len(tail)]) if name.endswith(tail) and len(name) > len(tail) + 1 else None
                if base is not None:
                    uf.union(index[id(base)], index[id(m)])
                    break
        # rule 5e: a name misspelt in a report that spells it otherwise more often (张晓明 ×5,
        # 张小明 ×1; 李荣爱 / 李爱荣): same family name, same length, one character changed or two
        # swapped
        people: dict[str, Counter] = defaultdict(Counter)
        first_person: dict[tuple[str, str], Mention] = {}
        for m in ms:
            if m.type == PERSON:
                people[m.article][self.name[m]] += 1
                first_person.setdefault((m.article, self.name[m]), m)
        for article, counts in people.items():
            for rare, n in counts.items():
                for usual, k in counts.most_common():
                    # once against again and again; a middle character (the generation name that
                    # relatives share is the middle one, so two relatives differ in the last) may
                    # be miswritten more than once
                    often_enough = k >= 2 and (n == 1 or (n < k and rare[-1] == usual[-1]))
                    if often_enough and usual != rare and is_misspelling(rare, usual):
                        uf.union(index[id(first_person[(article, usual)])], index[id(first_person[(article, rare)])])
                        break
        # rule 6: platform slogans
        platforms: dict[str, Mention] = {}
        for m in ms:
            if m.type == PLATFORM:
                platforms.setdefault(self.name[m], m)
        for name, m in platforms.items():
            for other, o in platforms.items():
                if len(other) >= 2 and name != other and name.startswith(other):
                    uf.union(index[id(o)], index[id(m)])

    def entities(self, groups) -> list[Entity]:
        out = []
        used: set[str] = set()
        for ms in groups:
            forms = Counter(self.full[m] for m in ms)
            types = Counter(m.type for m in ms)
            typ = types.most_common(1)[0][0]
            if OFFICE in types and PLACE in types:
                typ = OFFICE  # a street or town named bare and as its office: the office acts
            # a body or community is named by its own name; the places written before it (某区某
            # 街道) are where it lies, and the prefixed forms stay as aliases (GUIDELINES.md §1)
            short = Counter(self.short_names[id(m)] for m in ms if id(m) in self.short_names)
            if self.family(typ) in (ORGANISATION, COMMUNITY) and short:
                label = max(short, key=lambda f: (short[f], -len(f)))
            elif self.family(typ) == ORGANISATION:
                label = max(forms, key=lambda f: (len(f), forms[f]))
            else:
                label = max(forms, key=lambda f: (forms[f], len(f)))
            key = f"{typ}:{label}"
            n = 2
            while key in used:
                key, n = f"{typ}:{label}#{n}", n + 1
            used.add(key)
            aliases = {normalise_name(m.text) for m in ms} | set(forms) | {self.name[m] for m in ms}
            aliases.discard(label)
            aliases.discard("")
            counted = [m for m in ms if m.origin not in (Origin.UNIT_LINE, Origin.NESTED)]
            ent = Entity(key=key, label=label, type=typ, aliases=aliases, mentions=len(counted) or len(ms), articles={m.article for m in ms})
            for m in ms:
                self.keys[m] = key
            out.append(ent)
        return out


def resolve(mentions: list[Mention], page_of: dict[str, str]) -> Resolution:
    """Resolve mentions into entities. `page_of` maps article id -> page."""
    return Resolver().resolve(mentions, page_of)
