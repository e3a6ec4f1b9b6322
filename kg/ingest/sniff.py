"""Is this file plain Chinese text? Checks beyond NUL bytes, so that a PDF, a saved web page or a
data file named `.txt` is refused with its reason instead of being read as news.

- a known file signature (PDF, Office documents, archives, images, audio...): the `filetype`
  package reads the magic numbers;
- markup: an HTML or XML declaration at the start, or tags making up much of the text;
- data: text that holds almost no Chinese (a CSV export, a log, an English page).

Each test returns a reason (one phrase) or None; `--force-text` (`force_text=True`) skips them.
"""
from __future__ import annotations

import re

import filetype

from kg.text import HAN_ANY

# A document whose tags are more than this share of its characters is markup, not prose.
_MAX_TAG_SHARE = 0.2
_MIN_TAGS = 5
# Chinese news is mostly Chinese characters (over 60% on the development set); under this share of
# the non-space characters, the file is data or another language, and there is nothing to read.
_MIN_CHINESE_SHARE = 0.1

_MARKUP_START = re.compile(r"\s*(?:<\?xml\b|<!doctype\s+html\b|<html\b|<svg\b|<rss\b)", re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]{0,2000})?/?>|<!--.{0,2000}?-->", re.DOTALL)
_CHINESE = re.compile(f"[{HAN_ANY}]")
_SPACE = re.compile(r"\s")

_KIND_NAMES = {
    "pdf": "a PDF document", "doc": "a Word document", "docx": "a Word document", "odt": "an OpenDocument text",
    "xls": "an Excel workbook", "xlsx": "an Excel workbook", "ods": "an OpenDocument spreadsheet",
    "ppt": "a PowerPoint file", "pptx": "a PowerPoint file", "odp": "an OpenDocument presentation",
    "rtf": "an RTF document", "ps": "a PostScript file", "epub": "an EPUB book",
}


def signature_kind(data: bytes) -> str | None:
    """'a PDF document', 'a PNG file' ... when the bytes start with a known signature."""
    kind = filetype.guess(data[:8192])
    if kind is None:
        return None
    return _KIND_NAMES.get(kind.extension, f"a {kind.extension.upper()} file (binary)")


def markup_kind(text: str) -> str | None:
    """'an HTML page' or 'an XML file' when tags dominate the text or it declares itself so."""
    head = text[:4096]
    declared = _MARKUP_START.match(head)
    tags = 0
    tagged = 0
    if not declared:
        for m in _TAG.finditer(text):
            tags += 1
            tagged += m.end() - m.start()
        if tags < _MIN_TAGS or tagged <= _MAX_TAG_SHARE * len(text):
            return None
    return "an XML file" if re.match(r"\s*<\?xml\b", head) and not re.search(r"<html\b", head, re.IGNORECASE) else "an HTML page"


def chinese_share(text: str) -> float:
    visible = len(text) - len(_SPACE.findall(text))
    # characters matched = characters removed: no list of a million one-character strings
    return (len(text) - len(_CHINESE.sub("", text))) / visible if visible else 0.0


def not_plain_text(text: str) -> str | None:
    """Why this decoded file is not Chinese plain text (markup, data), or None when it is;
    signature_kind looks at the bytes before decoding."""
    kind = markup_kind(text)
    if kind:
        return f"is {kind} (tags, not plain text)"
    if chinese_share(text) < _MIN_CHINESE_SHARE:
        return "holds almost no Chinese text (data, or another language)"
    return None
