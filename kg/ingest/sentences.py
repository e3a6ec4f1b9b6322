"""Sentences of a cleaned article body, with offsets into the body and into the source file.

Every later stage cites a sentence as its evidence, so a sentence must map back to the exact
characters of the file it came from. A sentence longer than `kg.ingest.cuts.MAX_SENTENCE` is cut
at safe points into several, so that evidence, co-occurrence and tagging stay bounded.
"""
from __future__ import annotations

import re

from kg.ingest.cuts import MAX_SENTENCE, cut_spans
from kg.schema import Sentence
from kg.text import CLOSING_BRACKETS, CLOSING_QUOTES, SENTENCE_END

# A sentence runs up to its final punctuation (full-width or ASCII, repeated as in `？！`), with the
# closing quotes and brackets that follow it (`。”` belongs to the sentence it closes), or to a
# paragraph break. ASCII quotes are symmetric: see _attach_ascii_quote.
_END, _CLOSE = re.escape(SENTENCE_END), re.escape(CLOSING_QUOTES + CLOSING_BRACKETS)
_SENTENCE = re.compile(rf"[^{_END}\n]*(?:[{_END}]+[{_CLOSE}]*|\n|$)")
_EDGE_SPACE = " \t\n"


def split_sentences(body: str, offsets: list[int]) -> list[Sentence]:
    """Split `body` on 。！？!?；; and paragraph breaks; `offsets[i]` is the source offset of body[i]."""
    sentences: list[Sentence] = []
    for match in _SENTENCE.finditer(body):
        start, end = match.span()
        end = _attach_ascii_quote(body, start, end)
        if sentences and start < sentences[-1].end:
            start = sentences[-1].end
        for piece_start, piece_end in cut_spans(body, start, end, MAX_SENTENCE):
            _append(sentences, body, offsets, piece_start, piece_end)
    return sentences


def _append(sentences: list[Sentence], body: str, offsets: list[int], start: int, end: int) -> None:
    while start < end and body[start] in _EDGE_SPACE:
        start += 1
    while end > start and body[end - 1] in _EDGE_SPACE:
        end -= 1
    if start < end:
        sentences.append(Sentence(body[start:end], start, end, offsets[start], offsets[end - 1] + 1))


def _attach_ascii_quote(body: str, start: int, end: int) -> int:
    """A straight quote right after the final punctuation closes the sentence when the sentence
    opened one (`他说:"好。"`): then it belongs to it, not to the next sentence."""
    if end < len(body) and body[end] in "\"'" and body[start:end].count(body[end]) % 2 == 1:
        return end + 1
    return end
