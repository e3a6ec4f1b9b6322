"""Checks every graph's evidence must pass, shared by the sample and the development-set tests."""
import re
from collections import defaultdict

from kg.text import normalise_name as normalise

SCORED = ("ROLE", "PART_OF", "IMPLEMENTS", "USES", "COOPERATES", "SUPPORTS")
_SPACE = re.compile(r"\s+")


def statements(data):
    """The evidence pieces of one edge grouped by the statement (`fact`) they belong to."""
    groups = defaultdict(list)
    for ev in data["evidence"]:
        groups[(ev["article"], ev.get("fact", 0))].append(ev)
    return list(groups.values())


def unnamed_ends(G):
    """Scored edges with a statement whose evidence does not name both ends (a byline or the unit
    line printed over the report ties its ends by itself)."""
    bad = []
    for u, v, k, d in G.edges(keys=True, data=True):
        if k not in SCORED:
            continue
        for pieces in statements(d):
            if any(ev.get("kind") in ("byline", "unit-line") for ev in pieces):
                continue
            text = normalise("".join(ev["text"] for ev in pieces))
            for node in (u, v):
                names = [G.nodes[node]["label"], *G.nodes[node].get("aliases", [])]
                if not any(normalise(n) in text for n in names):
                    bad.append((k, u, v, [ev["text"] for ev in pieces]))
    return bad


def unfaithful_evidence(G, source_texts):
    """Evidence whose text is not the source text at its offsets (whitespace aside: the cleaner
    joins hard wraps and drops OCR spaces)."""
    bad = []
    for u, v, k, d in G.edges(keys=True, data=True):
        for ev in d.get("evidence", []):
            if ev["start"] < 0:
                continue
            source = source_texts[ev["source"]][ev["start"]:ev["end"]]
            if _SPACE.sub("", source) != _SPACE.sub("", ev["text"]):
                bad.append((k, ev["text"], source))
    return bad
