"""The people and outlets of a report's byline and source line, and the facts they state:
who wrote the report (AUTHORED) and for which outlet (ROLE). The evidence is the byline itself,
cut from the source text."""
from __future__ import annotations

import re

from kg import vocab
from kg.ingest.lexicon import lexicon
from kg.schema import Article, Evidence, Mention, Origin, Relation
from kg.types import AUTHORED, OFFICE, ORG, PERSON, ROLE


def byline_mentions(article: Article, source_text: str) -> tuple[list[Mention], list[Relation]]:
    """People of the byline (AUTHORED) and the newspaper a byline names (ROLE). Editors and other
    staff of a footer are people of the graph, but not authors (GUIDELINES.md §5). The evidence is
    the byline itself, cut from the source text."""
    mentions, relations = [], []
    staff = lexicon().staff_roles
    outlets = [Mention(name, _source_type(name), article.id, name, Origin.SOURCE) for name in _outlets(article)]
    mentions.extend(outlets)
    for au in article.authors:
        a, b = (au.byline_start, au.byline_end) if au.byline_start >= 0 else (au.source_start, au.source_end)
        ev = (Evidence(source_text[a:b] if a >= 0 else au.name, article.id, article.source, a, b, kind="byline"),)
        person = Mention(au.name, PERSON, article.id, au.name, Origin.BYLINE)
        mentions.append(person)
        if au.role in staff:
            continue
        relations.append(Relation(person, AUTHORED, article.id, ev, cue="byline"))
        if au.org:
            orgs = [Mention(name, ORG, article.id, name, Origin.BYLINE) for name in dict.fromkeys((*au.outlets, au.org))]
            mentions.extend(orgs)
            relations.append(Relation(person, ROLE, orgs[-1], ev, title=au.role, cue="byline-org"))
        elif au.role == "记者" and outlets:
            # `某某网讯（记者 张三）`: the outlet of the dateline employs its reporter; of outlets
            # named together (`甲网/甲新闻客户端讯`), the first, whose products the others are
            relations.append(Relation(person, ROLE, outlets[0], ev, title=au.role, cue="outlet-reporter"))
    return mentions, relations


def _source_type(name: str) -> str:
    """A report's source is an outlet (ORG), unless its name is a public body's (`来源：某县委组织部`)."""
    suffix = vocab.unit_suffix(name)
    return OFFICE if suffix and vocab.unit_suffixes()[suffix].type == OFFICE else ORG


def _outlets(article: Article) -> list[str]:
    """The outlets a report names as its source (`来源：某某网`, `某某网讯`): `本报`, `本网` name
    no one; `甲网/乙客户端` are two."""
    if not article.source_name:
        return []
    names = [n.strip() for n in re.split(r"[/／、|]", article.source_name)]
    return [n for n in names if len(n) >= 2 and not n.startswith("本")]
