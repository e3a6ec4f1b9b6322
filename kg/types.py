"""The types of the graph, in one place: every entity type and relation, with what the rest of kg
needs to know of it (its colour, whether it is symmetric, whether the gold scores it, ...).

nlp, extract, resolve, graph, export, evaluate and the CLI read this registry; none of them spells a
type's name. Adding a type is one line here (plus the rule that finds it, its data and its test):

>>> VEHICLE = entity_type("VEHICLE", "#17BECF", about="a vehicle")      # doctest: +SKIP
>>> CARRIES = relation_type("CARRIES", "#1F77B4", about="vehicle -> cargo")  # doctest: +SKIP

Names are plain strings (what the graph files and the gold spell), so a type read from a file that
kg does not know is still a string: exporters draw it with a colour of its own and `kg eval` reports
it as a row of its own (see `node_type` and `relation`).
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass

__all__ = [
    "NodeType", "RelationType", "entity_type", "relation_type", "node_type", "relation",
    "NODE_TYPES", "RELATIONS", "ORGANISATION", "entity_types", "scored_relations", "family_of", "canonical_relation",
]


@dataclass(frozen=True)
class NodeType:
    """A kind of node: an entity type, or the report itself (ARTICLE)."""

    name: str
    colour: str  # "#RRGGBB": the node colour in GEXF, GraphML (Gephi's r/g/b) and the page
    entity: bool = True  # a thing named in the text (False: the report node)
    scored: bool = True  # in the graph contract and the gold (shared/eval/README.md)
    # types of one family may be the same body named two ways (an office that is also read as an
    # organisation): resolution merges across a family; by default a type is its own family
    family: str = ""
    about: str = ""

    @property
    def family_name(self) -> str:
        return self.family or self.name


@dataclass(frozen=True)
class RelationType:
    """A kind of edge: a typed fact with its evidence, or a reading aid (MENTIONS, CO_OCCURS)."""

    name: str
    colour: str  # "#RRGGBB": the edge colour on the page and in GEXF
    symmetric: bool = False  # stored once, its ends in sorted order; scored in either direction
    scored: bool = True  # a fact of the graph contract, scored against the gold
    quiet: bool = False  # so many that the page opens without them on large graphs
    max_evidence: int = 10  # statements whose text an edge keeps (its weight counts all of them)
    aliases: tuple[str, ...] = ()  # names older graphs and gold files use for it
    about: str = ""


NODE_TYPES: dict[str, NodeType] = {}
RELATIONS: dict[str, RelationType] = {}

# colours for types nobody registered (a graph from elsewhere): stable per name
_EXTRA_COLOURS = ("#EDC948", "#FF9DA7", "#17BECF", "#BCBD22", "#8C564B", "#1F77B4", "#D62728", "#2CA02C")


def entity_type(name: str, colour: str, **info) -> str:
    """Register a node type; returns its name (the constant the code uses)."""
    NODE_TYPES[name] = NodeType(name, colour, **info)
    return name


def relation_type(name: str, colour: str, **info) -> str:
    """Register a relation; returns its name (the constant the code uses)."""
    RELATIONS[name] = RelationType(name, colour, **info)
    return name


def _unregistered_colour(name: str) -> str:
    return _EXTRA_COLOURS[zlib.crc32(name.encode("utf-8")) % len(_EXTRA_COLOURS)]


def node_type(name: str) -> NodeType:
    """The registered type of that name (case-insensitive), or a description of an unknown one
    (its own colour; not scored)."""
    key = name.upper()
    return NODE_TYPES.get(key) or NodeType(key, _unregistered_colour(key), scored=False)


def relation(name: str) -> RelationType:
    """The registered relation of that name or alias (case-insensitive), or a description of an
    unknown one (its own colour; not scored)."""
    key = canonical_relation(name)
    return RELATIONS.get(key) or RelationType(key, _unregistered_colour(key), scored=False)


def canonical_relation(name: str) -> str:
    """The registered name of a relation spelled by an alias (`LOCATED_IN` -> PART_OF)."""
    key = name.upper()
    if key in RELATIONS:
        return key
    return next((r.name for r in RELATIONS.values() if key in r.aliases), key)


def entity_types() -> tuple[str, ...]:
    """The entity types, in registry order (the order of legends and tables)."""
    return tuple(t.name for t in NODE_TYPES.values() if t.entity)


def scored_relations() -> tuple[str, ...]:
    return tuple(r.name for r in RELATIONS.values() if r.scored)


def family_of(name: str) -> str:
    return node_type(name).family_name


# -- the registry ----------------------------------------------------------------------------------
# Offices and other organisations are one family: a body a report names once as an office and once
# as an organisation is one body.
ORGANISATION = "organisation"

# Colours: Tableau 10, colour-blind friendly; types of the graph contract (shared/eval/README.md).
PERSON = entity_type("PERSON", "#E15759", about="a person named in a report or its byline")
OFFICE = entity_type("OFFICE", "#4E79A7", family=ORGANISATION, about="a public body: party and government organs, their offices, task forces")
ORG = entity_type("ORG", "#59A14F", family=ORGANISATION, about="any other organisation: firms, hospitals, outlets, volunteer teams")
COMMUNITY = entity_type("COMMUNITY", "#F28E2B", about="a community, village or estate")
PLACE = entity_type("PLACE", "#9C755F", about="an administrative place or a named site")
PLATFORM = entity_type("PLATFORM", "#B07AA1", about="an app, mini-program, hotline or account")
MEASURE = entity_type("MEASURE", "#76B7B2", about="a measure taken: testing, patrols, a campaign")
ARTICLE = entity_type("ARTICLE", "#9D9D9D", entity=False, scored=False, about="a report (its headline is the label)")

ROLE = relation_type("ROLE", "#C0392B", about="person -> office/org, with `title`")
AUTHORED = relation_type("AUTHORED", "#7F7F7F", about="person -> article")
PART_OF = relation_type("PART_OF", "#2E6DA4", aliases=("LOCATED_IN",), about="smaller -> larger")
IMPLEMENTS = relation_type("IMPLEMENTS", "#3D8B37", about="office/community -> measure")
USES = relation_type("USES", "#8E5B9F", about="office -> platform")
COOPERATES = relation_type("COOPERATES", "#E07B00", symmetric=True, about="body <-> body")
SUPPORTS = relation_type("SUPPORTS", "#8C564B", about="helper -> helped")
MENTIONS = relation_type("MENTIONS", "#CFCFCF", scored=False, quiet=True, about="article -> entity")
# co-occurrence edges are many and each sentence is already evidence of the facts in it: a few
# examples are enough
CO_OCCURS = relation_type("CO_OCCURS", "#D9D3A0", symmetric=True, scored=False, quiet=True, max_evidence=3,
                          about="entity <-> entity, weighted by shared sentences")
