"""Very long article bodies analysed in parts, so that work per article stays bounded.

Several steps of the analysis look, for each name, at the other names of the whole article (the
spaCy retokenizer moves the whole Doc on every split; the entity merger and the relation rules
compare names pairwise). That is fine for a report of a few thousand characters and quadratic for
a 1,000,000-character line: hours instead of a minute. A body longer than MAX_PART_CHARS is
therefore analysed as consecutive parts cut at sentence boundaries, each a view of the article
with the same id and source offsets; the mentions found in a part are then moved back to the
article's own offsets and sentence numbers. News reports are far shorter than a part; for longer
bodies the only difference is that the rules that fall back on the article's first acting body
use the part's.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from kg.schema import Article, BodySpan, Mention, Sentence

MAX_PART_CHARS = 20_000


@dataclass
class Part:
    view: Article  # the part as an article of its own (body, offsets and sentences of the part)
    char_offset: int  # where the part's body starts in the article's body
    sentence_offset: int  # index of the part's first sentence in the article

    def to_article(self, mentions: list[Mention]) -> list[Mention]:
        """The mentions found in the part, at the article's offsets and sentences."""
        if not (self.char_offset or self.sentence_offset):
            return mentions
        return [replace(m, span=BodySpan(m.sentence + self.sentence_offset, m.start + self.char_offset, m.end + self.char_offset)) if m.in_body else m
                for m in mentions]


def article_parts(article: Article, limit: int = MAX_PART_CHARS) -> list[Part]:
    """The article itself when its body is short; else views of at most about `limit` characters
    (a sentence is never split: sentences are at most kg.ingest.cuts.MAX_SENTENCE long)."""
    sentences = article.sentences
    if len(article.body) <= limit or len(sentences) < 2:
        return [Part(article, 0, 0)]
    firsts = [0]
    for i, s in enumerate(sentences):
        if i > firsts[-1] and s.end - sentences[firsts[-1]].start > limit:
            firsts.append(i)
    parts = []
    for k, first in enumerate(firsts):
        last = firsts[k + 1] if k + 1 < len(firsts) else len(sentences)
        start = 0 if k == 0 else sentences[first].start
        end = sentences[last].start if last < len(sentences) else len(article.body)
        view = replace(
            article,
            body=article.body[start:end],
            offsets=article.offsets[start:end],
            sentences=[Sentence(s.text, s.start - start, s.end - start, s.source_start, s.source_end) for s in sentences[first:last]],
        )
        parts.append(Part(view, start, first))
    return parts
