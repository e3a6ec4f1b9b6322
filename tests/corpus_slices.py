"""Inputs of the identity tests: the sample page and a slice of the benchmark corpus.

The corpus (``../shared/bench/msra_newswire.txt``) belongs to its publishers: it is read from
shared/, cut into a temporary folder, and never copied into the repository.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample_page.txt"
BENCH = ROOT.parent / "shared" / "bench" / "msra_newswire.txt"
ARTICLE_SEP = re.compile(r"\n\s*\n\s*\n")


def bench_slice(folder: Path, chars: int = 60_000, skip: int = 0) -> Path:
    """The articles of the benchmark corpus from about character ``skip`` on, about ``chars``
    characters of them, in one file in ``folder``."""
    if not BENCH.is_file():
        pytest.fail(f"{BENCH} is missing: the tests expect shared/ beside the repository", pytrace=False)
    text = BENCH.read_text(encoding="utf-8")
    articles = ARTICLE_SEP.split(text[skip:skip + 2 * chars + 10_000])
    if skip:
        articles = articles[1:]  # the first piece starts mid-article
    picked, size = [], 0
    for a in articles[:-1]:  # the last piece may end mid-article
        if size >= chars:
            break
        picked.append(a.strip())
        size += len(a)
    path = folder / f"bench_{skip}_{chars}.txt"
    path.write_text("\n\n\n".join(picked) + "\n", encoding="utf-8")
    return path
