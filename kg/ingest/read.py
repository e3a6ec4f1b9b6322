"""Files in, decoded text out.

Chinese users save text as UTF-8 (with or without BOM), as GB18030/GBK (the Windows default for
simplified Chinese) or as UTF-16 (Notepad's "Unicode"). We decode exactly and say clearly when we
cannot, because every offset the tool reports later points into the decoded text.
"""
from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

from charset_normalizer import from_bytes

from kg.errors import InputError
from kg.ingest.sniff import not_plain_text, signature_kind
from kg.text import HAN, HAN_EXT_A

# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# More control characters than this share of the text means it is not text at all.
_MAX_CONTROL_SHARE = 0.02
_RESAVE_HINT = "re-save it as UTF-8 (or GB18030) and try again"
# Private Use Area: where GB18030 puts byte pairs that are no GBK character.
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_MAX_PRIVATE_USE_SHARE = 0.001
_MAX_SINGLE_BYTE_HIGH_SHARE = 0.3
# Characters of ordinary Chinese text: CJK ideographs and punctuation, full-width forms, ASCII
# printables and whitespace, general punctuation (— … “ ”).
_TEXT_CHAR = re.compile(rf"[{HAN}{HAN_EXT_A}\u3000-\u303f\uff00-\uffef\u2000-\u206f\x20-\x7e\t\n\r\u00b7]")
_MIN_UTF16_TEXT_SHARE = 0.95
_FORCE_HINT = "--force-text reads it anyway"
# C0 and C1 control characters, without tab, line feed, vertical tab, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def iter_input_files(paths: list[str | Path]) -> list[Path]:
    """The text files named by `paths`: files as given, folders searched recursively for `*.txt`
    (any case: `.TXT` is common on Windows), following symbolic links to folders once each (a
    link back up the tree is not followed again).

    The result is sorted within each folder and names each file once, however many paths lead to
    it (relative and absolute, a link, a folder and a file inside it): mentions are counted once.
    """
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{path}: does not exist")
        if path.is_dir():
            found = _text_files_under(path)
            if not found:
                raise InputError(f"{path}: folder holds no .txt files")
            files.extend(found)
        else:
            files.append(path)
    unique: dict[tuple, Path] = {}
    for path in files:
        unique.setdefault(_identity(path), path)
    return list(unique.values())


def _identity(path: Path) -> tuple:
    """The same file has the same device and inode whatever the path to it."""
    try:
        st = path.stat()
        return (st.st_dev, st.st_ino)
    except OSError:
        return (os.path.realpath(path),)


def _text_files_under(folder: Path) -> list[Path]:
    seen_folders = {_identity(folder)}
    found = []
    for root, dirs, names in os.walk(folder, followlinks=True):
        kept = []
        for d in sorted(dirs):
            key = _identity(Path(root, d))
            if key not in seen_folders:  # a loop, or a folder already reached by another link
                seen_folders.add(key)
                kept.append(d)
        dirs[:] = kept
        found.extend(Path(root, n) for n in names if n.lower().endswith(".txt") and Path(root, n).is_file())
    return sorted(found)


def read_text(path: str | Path, force_text: bool = False) -> tuple[str, str]:
    """Decode one file; return (text, encoding name).

    Order: a byte-order mark decides; then UTF-16 without a mark when the file has NUL bytes and
    decodes cleanly as such; then strict UTF-8; then GB18030, preferred over a detector's
    guesses such as Big5 or CP949 because this tool reads simplified Chinese and GB18030 decodes
    every GBK/GB2312 file (unless the result is full of Private Use Area characters, the sign of
    Big5 or broken UTF-8 read as GB18030); then charset-normalizer's best guess. Raises InputError (one line,
    starting with the path) for an unreadable, empty, binary or undecodable file, and, unless
    `force_text`, for one that is not plain Chinese text (kg.ingest.sniff: PDF, Office, HTML, data).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot be read ({err.strerror or err})") from err
    if not force_text and (kind := signature_kind(data)):
        raise InputError(f"{path}: is {kind}, not plain text; {_FORCE_HINT}")
    text, encoding = _decode(path, data)
    if not text.strip():
        raise InputError(f"{path}: is empty")
    if _looks_binary(text):
        raise InputError(f"{path}: is a binary file, not text")
    if not force_text and (why := not_plain_text(text)):
        raise InputError(f"{path}: {why}; {_FORCE_HINT}")
    return text, encoding


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as err:
                raise InputError(f"{path}: is not valid {encoding} at byte {err.start}; {_RESAVE_HINT}") from err
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16:
            return utf16
        raise InputError(f"{path}: is a binary file, not text (it holds NUL bytes and no UTF-16 byte-order mark)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if not _private_use_heavy(text):
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = None
        if text is not None and _plausible_guess(data, text):
            return text, best.encoding
    raise InputError(f"{path}: cannot be decoded as UTF-8, GB18030 or any encoding we recognise; {_RESAVE_HINT}")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a byte-order mark: NUL bytes are the high bytes of ASCII characters.
    Accepted when one byte order decodes strictly into text that is almost all Chinese, ASCII and
    common punctuation (the wrong order gives unassigned or rare characters)."""
    if len(data) % 2:
        return None
    best = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = len(_TEXT_CHAR.findall(text)) / max(1, len(text))
        if share >= _MIN_UTF16_TEXT_SHARE and (best is None or share > best[0]):
            best = (share, text, encoding)
    return (best[1], best[2]) if best else None


def _private_use_heavy(text: str) -> bool:
    """GB18030 decodes Big5 or corrupted UTF-8 without error, but into Private Use Area characters,
    which real GBK text almost never holds: more than a trace means the guess is wrong."""
    return len(_PRIVATE_USE.findall(text)) > _MAX_PRIVATE_USE_SHARE * max(1, len(text))


def _plausible_guess(data: bytes, text: str) -> bool:
    """A detector's single-byte guess (one character per byte, like cp1125) decodes any bytes at all;
    accept it only for mostly-ASCII files (a Latin-1 note), not for a file full of high bytes."""
    if len(text) != len(data):
        return True  # a multi-byte codec (Big5, Shift-JIS, EUC-KR...) that decoded strictly
    high = sum(1 for byte in data if byte >= 0x80)
    return high <= _MAX_SINGLE_BYTE_HIGH_SHARE * len(data)


def _looks_binary(text: str) -> bool:
    """True when control characters (other than tab, newlines, form feed) are more than a trace."""
    return len(_CONTROL.findall(text)) > _MAX_CONTROL_SHARE * len(text)
