"""What kg counts as Chinese text: characters, sentence ends, names. Each rule is written once here
and every stage (ingest, nlp, extract, resolve, graph) uses it.

Character classes are strings of regex ranges (`HAN`), to be put inside `[...]` by the patterns
that need them; the predicates (`is_han`) test one character.
"""
from __future__ import annotations

import re
from collections.abc import Collection

# -- Chinese characters ------------------------------------------------------------------------
# The CJK Unified Ideographs block: the characters of names and words in running text. Patterns
# that read names (bodies, places, people) count only these.
HAN = "\u4e00-\u9fff"
# Rare characters (Extension A: old and rare given-name characters) and the compatibility
# ideographs that legacy encodings bring along. Counted where text is measured or cleaned (is this
# file Chinese, is this line a byline or a headline), not where names are found.
HAN_EXT_A = "\u3400-\u4dbf"
HAN_COMPAT = "\uf900-\ufaff"
HAN_ANY = HAN_EXT_A + HAN + HAN_COMPAT
_HAN_ANY = re.compile(f"[{HAN_ANY}]")


def is_han(ch: str) -> bool:
    """`ch` is a Chinese character of any block (rare and compatibility ideographs included)."""
    return bool(_HAN_ANY.match(ch))


def is_common_han(ch: str) -> bool:
    """`ch` is a Chinese character of the CJK Unified Ideographs block (`HAN`)."""
    return "\u4e00" <= ch <= "\u9fff"


# -- Punctuation -------------------------------------------------------------------------------
# Stops that end a sentence, full-width and ASCII.
FULL_STOPS = "。！？!?"
# What ends a sentence: a stop, or a semicolon (list items are written as sentences).
SENTENCE_END = FULL_STOPS + "；;"
# The full-width sentence ends only: a value or a line that holds one is running text (ASCII `;`
# and `?` also separate names and stand in links, so they prove nothing).
FULL_WIDTH_SENTENCE_END = "。！？；"
# A line that ends with one of these ends its paragraph: a sentence end, or an ellipsis.
PARAGRAPH_END = SENTENCE_END + "…"
# What closes a sentence after its end: quotes (full-width and corner), brackets, and ASCII quotes.
CLOSING_QUOTES = "”’」』"
CLOSING_BRACKETS = "）)】]》"
ASCII_QUOTES = "\"'"
CLOSERS = CLOSING_QUOTES + CLOSING_BRACKETS + ASCII_QUOTES

# -- Names -------------------------------------------------------------------------------------
# Quotes and white space are not part of a name (“某某”平台 -> 某某平台).
_QUOTES_AND_SPACE = re.compile(r"[\s“”\"'‘’「」『』]")
# For matching, neither are brackets, book-title marks and middle dots (《某某》, 某某（筹）, 某·某).
_NAME_NOISE = re.compile(r"[\s“”\"'‘’「」『』《》()（）·・]")


def unquote(text: str) -> str:
    """`text` without quotes and white space: the name a pattern found, as it is written."""
    return _QUOTES_AND_SPACE.sub("", text)


def normalise_name(text: str | None) -> str:
    """The form by which two mentions of a name are compared: without quotes, white space,
    brackets, book-title marks and middle dots."""
    return _NAME_NOISE.sub("", text or "")


def has_person_name_shape(name: str, surnames: Collection[str], rare_characters: bool = False) -> bool:
    """`name` is built like a Chinese personal name: a family name from `surnames` (one character,
    or a compound of two such as 欧阳) and a given name of one or two characters, all Chinese
    characters (`rare_characters`: of any block, else of the common block only).

    Only the shape: whether the name ends like a title, an office or a newspaper is for the caller,
    which knows those words."""
    if not 2 <= len(name) <= 4 or not all(map(is_han if rare_characters else is_common_han, name)):
        return False
    return (len(name) <= 3 and name[0] in surnames) or (len(name) >= 3 and name[:2] in surnames)
