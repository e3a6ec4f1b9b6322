"""Cutting over-long text at safe points, so that no stage sees an unbounded piece.

A sentence is the unit of evidence and of co-occurrence, and the tagger's unit of work: one
300,000-character line without final punctuation (a pasted table, a list notice naming hundreds
of estates, OCR that lost its full stops) would otherwise be one sentence whose evidence is copied
onto every edge it yields. Real sentences of news are far shorter (on the development set the
longest is under 250 characters; in 2 M characters of newswire one in a thousand passes 230), so a
limit above that changes nothing on ordinary text.

Where a piece must be cut, the cut goes after clause punctuation (，、：; …) or at whitespace, the
last such point in the second half of the window; failing that, at a change between Chinese and
other characters (a number, a Latin word); failing that, at the limit itself. Pieces concatenate
back to the text exactly, so offsets stay right.
"""
from __future__ import annotations

import re

from kg.text import CLOSING_BRACKETS, CLOSING_QUOTES, HAN

MAX_SENTENCE = 300  # characters; see the module docstring for why this is safe

# After clause punctuation (with the closing quotes/brackets that follow it), or a run of whitespace.
_CLAUSE_END = re.compile(rf"[，,、：:；;…—)）】\]》」』”’]+[{re.escape(CLOSING_QUOTES + CLOSING_BRACKETS)}]*|\s+")
_SCRIPT_CHANGE = re.compile(f"(?<=[{HAN}])(?=[^{HAN}])|(?<=[^{HAN}])(?=[{HAN}])")


def cut_point(text: str, start: int, stop: int, limit: int) -> int:
    """Where to end the piece of text[start:stop] that begins at `start`: at most `limit`
    characters on, at the last safe point of the window's second half (see the module docstring)."""
    end = start + limit
    if end >= stop:
        return stop
    low = start + limit // 2
    best = -1
    for m in _CLAUSE_END.finditer(text, low, end):
        best = m.end()
    if best > start:
        return best
    for m in _SCRIPT_CHANGE.finditer(text, low, end):
        best = m.start()
    return best if best > start else end


def cut_spans(text: str, start: int, end: int, limit: int = MAX_SENTENCE) -> list[tuple[int, int]]:
    """Cut text[start:end] into consecutive spans of at most `limit` characters, at safe points."""
    if limit < 2:
        raise ValueError("limit must be at least 2")
    spans = []
    while end - start > limit:
        cut = cut_point(text, start, end, limit)
        spans.append((start, cut))
        start = cut
    if end > start:
        spans.append((start, end))
    return spans
