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

from kg import vocab
from kg.vocab import admin_rank
from kg.schema import Entity, Mention

FAMILY = {"OFFICE": "UNIT", "ORG": "UNIT"}
QUALIFIERS = ("新型冠状病毒肺炎", "新型冠状病毒", "新冠肺炎", "新冠病毒", "新冠")
ADMIN_SUFFIX = re.compile(r"(?<=[一-龥]{2})(?:市区|城区|市|省|县)$")  # 某市区: the city proper
CAMPAIGN_TAILS = ("志愿服务活动", "志愿服务行动", "专项行动", "活动", "行动", "工作")
RELATIVE = re.compile(r"^(市|区|县|省|镇|乡)(?=[一-龥]{2,})")
MAX_PLACE_CHARS = 12
LEVELS = ("市", "区", "县", "省", "镇", "乡")
UNIT_PLACE_PREFIX = re.compile(r"^([一-龥]{2,3}?[市区县省镇乡])(?=[一-龥]{2,})")
# A body of a town, street or community (某街道, 某社区党委, 某村) has a name of its own without the
# places above it; a district's functional office (某区疫情防控指挥部) does not.
LEADING_LEVEL = re.compile(r"[一-龥]{2,6}?(?:省|市|区|县|镇|乡|街道)")
COMMUNITY_NAME = re.compile(r"[一-龥]{2,8}(?:社区|村)(?:[一-龥]{0,3}(?:党委|党总支|党支部|支部|居委会|村委会))?")
LOCAL_NAME = re.compile(r"[一-龥]{2,}(?:社区|村|街道|镇|乡|小区)")
_STRIP = re.compile(r"[\s“”\"'‘’「」『』《》()（）·・]")


def normalise(text: str) -> str:
    return _STRIP.sub("", text or "")


def is_misspelling(rare: str, usual: str) -> bool:
    """`rare` is `usual` with one given-name character changed, or two swapped."""
    if len(rare) != len(usual) or len(rare) < 3 or rare[0] != usual[0]:
        return False
    diff = [i for i, (a, b) in enumerate(zip(rare, usual)) if a != b]
    return len(diff) == 1 or (len(diff) == 2 and sorted(rare) == sorted(usual))


def family(label: str) -> str:
    return FAMILY.get(label, label)


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
        self.short_names: dict[int, str] = {}  # id(mention) -> its name without the places before it
        self.generic_areas = vocab.words("name_stopwords.txt")  # 辖区, 全县, 城区: no place's name
        self.homes: dict[str, str | None] = {}  # page -> the district, county or city it is about
        self.page_places: dict[int, frozenset[str]] = {}  # id(mention) -> places named on its page
        self.full_suffix = vocab.mapping("unit_suffix_synonyms.tsv")
        self.short_suffix = sorted(self.full_suffix, key=len, reverse=True)

    def standard_suffix(self, name: str) -> str:
        """某某街道 -> 某某街道办事处: one spelling of the body's kind for matching."""
        for short in self.short_suffix:
            if name.endswith(short) and len(name) > len(short) + 1:
                return name[: -len(short)] + self.full_suffix[short]
        return name

    def suffix_of(self, name: str) -> str:
        return vocab.unit_suffix(name) or ""

    def match_key(self, m: Mention) -> str:
        name = m.canonical_full
        if m.label == "PLACE":
            return ADMIN_SUFFIX.sub("", name)
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
            for q in QUALIFIERS:
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
            lead = LEADING_LEVEL.match(core)
            if not changed and lead and COMMUNITY_NAME.fullmatch(core[lead.end():]):
                core, changed = core[lead.end():], True
        return core

    def complete(self, m: Mention, cities: dict[str, str]) -> str:
        name = normalise(m.canonical or m.text)
        hit = RELATIVE.match(name)
        if hit and m.label in ("OFFICE", "ORG") and hit.group(1) in cities:
            return cities[hit.group(1)] + name[1:]
        return name

    def resolve(self, mentions: list[Mention], page_of: dict[str, str]) -> list[Entity]:
        """Give each mention a `key`; return the entities."""
        for m in mentions:
            m.canonical = normalise(m.canonical or m.text)
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
        return self.entities(groups.values())

    def merge_across_pages(self, mentions: list[Mention], page_of: dict[str, str], uf: UnionFind) -> None:
        """Rules 1-3 everywhere, with the place of each page in mind.

        Equal names merge, except a local name that says nothing of where it is (城关镇, 人民医院,
        社会事业局): it merges only with the same name on pages about the same district or county
        (its page's home), or on pages that name none. A short form on a page about a district is
        the full body another page names with that district (社会事业局 on a page about 东区 is
        东区社会事业局)."""
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, m in enumerate(mentions):
            groups[(family(m.label), self.match_key(m))].append(i)
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
            if family(m.label) == "UNIT":
                full.setdefault((family(m.label), m.canonical_full), i)
        for i, m in enumerate(mentions):
            if family(m.label) != "UNIT" or not self.needs_home(m):
                continue
            home = self.home_of(m, page_of)
            if home is None:
                continue
            for prefix in (home, ADMIN_SUFFIX.sub("", home)):
                j = full.get((family(m.label), prefix + m.canonical_full))
                if j is not None:
                    uf.union(j, i)
                    break

    def needs_home(self, m: Mention) -> bool:
        """A body, community or town whose name has no place of its own and is more than a bare
        kind of body (派出所 and 居委会 are generic: the gold keeps them optional and whole)."""
        if family(m.label) not in ("UNIT", "COMMUNITY") and not (m.label == "PLACE" and admin_rank(m.canonical_full) == 3):
            return False
        name = m.canonical_full
        if m.label != "PLACE" and len(name) <= len(self.suffix_of(name)) + 1:
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
        counts = Counter(m.canonical for m in ms if m.label == "PLACE")
        # a bare place (某某) written with its level inside a body's name (某某市医院) is 某某市
        bare = {name for name in counts if not ADMIN_SUFFIX.search(name)}
        for m in ms:
            if family(m.label) == "UNIT":
                name = m.canonical
                for k in range(2, min(6, len(name) - 1)):
                    if name[k] in "市县区" and name[:k] in bare:
                        counts[name[: k + 1]] += 1
        for name, _ in counts.most_common():
            for level in LEVELS:
                if name.endswith(level) and level not in cities and len(name) >= 2 and name not in self.generic_areas:
                    cities[level] = name
        # levels no place names: take them from the bodies' names (某某镇党委 -> 某某镇)
        prefixes = Counter(hit.group(1) for m in ms if family(m.label) == "UNIT" and (hit := UNIT_PLACE_PREFIX.match(m.canonical)))
        for name, _ in prefixes.most_common():
            cities.setdefault(name[-1], name)
        for m in ms:
            m.canonical_full = self.complete(m, cities)
        # the page's home: the district or county it is most about, else its city
        self.homes[page] = cities.get("区") or cities.get("县") or cities.get("市")
        named = frozenset(c for c in counts if len(c) >= 2)
        for m in ms:
            self.page_places[id(m)] = named

    def merge_page(self, ms: list[Mention], uf: UnionFind, index: dict[int, int]) -> None:
        places = {m.canonical for m in ms if m.label == "PLACE"} | {ADMIN_SUFFIX.sub("", m.canonical) for m in ms if m.label == "PLACE"}
        # streets and towns are written before their communities too (某街道某社区)
        places |= {m.canonical for m in ms if m.label == "OFFICE" and admin_rank(m.canonical) >= 3}
        units = [m for m in ms if family(m.label) == "UNIT"]
        by_core: dict[tuple[str, str], int] = {}
        # a community written with the places above it (某市某镇某村) is the community (某村)
        for m in units + [m for m in ms if m.label == "COMMUNITY"]:
            c = (family(m.label), self.core(m.canonical_full, places))
            if m.label == "COMMUNITY":
                c = (c[0], self.bare_core(m.canonical_full, places))
            short = self.bare_core(m.canonical_full, places)
            if short != m.canonical_full and LOCAL_NAME.search(short):
                self.short_names[id(m)] = short
            if c in by_core:
                uf.union(by_core[c], index[id(m)])
            else:
                by_core[c] = index[id(m)]
        # rule 5: short forms within an article
        by_article: dict[str, list[Mention]] = defaultdict(list)
        for m in units:
            by_article[m.article].append(m)
        for group in by_article.values():
            first: dict[str, Mention] = {}
            for m in group:
                first.setdefault(m.canonical_full, m)
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
            if m.label == "COMMUNITY":
                communities[m.article].setdefault(m.canonical_full, m)
        for names in communities.values():
            for name, m in names.items():
                longer = [n for n in names if n != name and n.startswith(name) and vocab.unit_suffix(n) and len(n) - len(name) == len(vocab.unit_suffix(n))]
                if len(longer) == 1:
                    uf.union(index[id(names[longer[0]])], index[id(m)])
        # rule 5c: a street, town or township named bare (某某) where its office is named (某某街道)
        offices = {m.canonical_full: m for m in ms if m.label == "OFFICE"}
        for m in ms:
            if m.label == "PLACE" and len(m.canonical_full) >= 2:
                for level in ("街道", "镇", "乡"):
                    office = offices.get(m.canonical_full + level)
                    if office is not None:
                        uf.union(index[id(office)], index[id(m)])
                        break
        # rule 5d: a measure and the campaign named after it (某某活动, 某某志愿服务行动)
        measures = {m.canonical: m for m in ms if m.label == "MEASURE"}
        for name, m in measures.items():
            for tail in CAMPAIGN_TAILS:
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
            if m.label == "PERSON":
                people[m.article][m.canonical] += 1
                first_person.setdefault((m.article, m.canonical), m)
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
            if m.label == "PLATFORM":
                platforms.setdefault(m.canonical, m)
        for name, m in platforms.items():
            for other, o in platforms.items():
                if len(other) >= 2 and name != other and name.startswith(other):
                    uf.union(index[id(o)], index[id(m)])

    def entities(self, groups) -> list[Entity]:
        out = []
        used: set[str] = set()
        for ms in groups:
            forms = Counter(m.canonical_full for m in ms)
            types = Counter(m.label for m in ms)
            typ = types.most_common(1)[0][0]
            if "OFFICE" in types and "PLACE" in types:
                typ = "OFFICE"  # a street or town named bare and as its office: the office acts
            # a body or community is named by its own name; the places written before it (某区某
            # 街道) are where it lies, and the prefixed forms stay as aliases (GUIDELINES.md §1)
            short = Counter(self.short_names[id(m)] for m in ms if id(m) in self.short_names)
            if family(typ) in ("UNIT", "COMMUNITY") and short:
                label = max(short, key=lambda f: (short[f], -len(f)))
            elif family(typ) == "UNIT":
                label = max(forms, key=lambda f: (len(f), forms[f]))
            else:
                label = max(forms, key=lambda f: (forms[f], len(f)))
            key = f"{typ}:{label}"
            n = 2
            while key in used:
                key, n = f"{typ}:{label}#{n}", n + 1
            used.add(key)
            aliases = {normalise(m.text) for m in ms} | set(forms) | {m.canonical for m in ms}
            aliases.discard(label)
            aliases.discard("")
            counted = [m for m in ms if m.rule not in ("unit-line", "nested")]
            ent = Entity(key=key, label=label, type=typ, aliases=aliases, mentions=len(counted) or len(ms), articles={m.article for m in ms})
            for m in ms:
                m.key = key
            out.append(ent)
        return out


def resolve(mentions: list[Mention], page_of: dict[str, str]) -> list[Entity]:
    """Resolve mentions into entities; sets `Mention.key`. `page_of` maps article id -> page."""
    return Resolver().resolve(mentions, page_of)
