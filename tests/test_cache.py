"""Re-runs that only read what is new (kg/cache.py): the analysis of each file is kept by content
hash; a run with one new page analyses only that page and gives the same graph as a clean run; a
damaged or foreign cache is reported in one line, kept aside and rebuilt, never trusted."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import kg.build
from kg.build import run
from kg.cache import FILE_NAME, AnalysisCache
from kg.cli import main

DATED = Path(__file__).resolve().parent / "fixtures" / "dated"
PAGES = sorted(DATED.glob("*.txt"))


def snapshot(G):
    """Everything a user sees of the graph: nodes, edges, keys, attributes and their order."""
    return list(G.nodes(data=True)), list(G.edges(keys=True, data=True))


@pytest.fixture(scope="module")
def clean():
    return snapshot(run([DATED]).graph)


@pytest.fixture
def analysed(monkeypatch):
    """The ids of the articles handed to the tagger, run by run."""
    calls: list[list[str]] = []
    real = kg.build.analyse

    def spy(articles, **kw):
        calls.append([a.id for a in articles])
        return real(articles, **kw)

    monkeypatch.setattr(kg.build, "analyse", spy)
    return calls


def _build(folder, cache_dir, warnings=None):
    with AnalysisCache.open(cache_dir, warn=(warnings.append if warnings is not None else None)) as cache:
        G = run([folder], cache=cache).graph
        return G, (cache.hits, cache.misses)


def test_page_by_page_through_the_cache_gives_the_clean_graph(tmp_path, analysed):
    folder = tmp_path / "pages"
    folder.mkdir()
    for n, page in enumerate(PAGES, start=1):
        shutil.copy(page, folder / page.name)
        G, stats = _build(folder, tmp_path / "cache")
        assert stats == (n - 1, 1)
        assert analysed[-1] and all(i.startswith(page.stem) for i in analysed[-1]), analysed[-1]
    assert snapshot(G) == snapshot(run([folder]).graph)  # a clean run, without the cache
    _, stats = _build(folder, tmp_path / "cache")  # nothing new: nothing analysed
    assert stats == (len(PAGES), 0) and analysed[-1] == []


def test_a_changed_page_is_analysed_again(tmp_path, analysed):
    folder = tmp_path / "pages"
    shutil.copytree(DATED, folder)
    _build(folder, tmp_path)
    changed = folder / PAGES[1].name
    changed.write_text(changed.read_text(encoding="utf-8").replace("流调培训", "防汛培训"), encoding="utf-8")
    G, stats = _build(folder, tmp_path)
    assert stats == (len(PAGES) - 1, 1)
    assert snapshot(G) == snapshot(run([folder]).graph)


def test_a_renamed_file_is_found_by_content_and_dated_by_its_new_name(tmp_path, analysed):
    folder = tmp_path / "pages"
    shutil.copytree(DATED, folder)
    _build(folder, tmp_path)
    (folder / "news_20220512.txt").rename(folder / "news_20230512.txt")
    G, stats = _build(folder, tmp_path)
    assert stats == (len(PAGES), 0)
    assert snapshot(G) == snapshot(run([folder]).graph)
    assert G.nodes["news_20230512-1"]["date"] == "2023-05-12"


@pytest.mark.parametrize("damage", ["garbage", "foreign", "entry"])
def test_damaged_or_foreign_cache_is_reported_kept_aside_and_rebuilt(tmp_path, clean, damage):
    path = tmp_path / FILE_NAME
    if damage == "garbage":
        path.write_bytes(b"these are not the bytes of an SQLite database" * 50)
    elif damage == "foreign":
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE notes (text TEXT)")
            db.execute("INSERT INTO notes VALUES ('a file of the user')")
        db.close()
    else:
        _build(DATED, tmp_path)
        with sqlite3.connect(path) as db:
            db.execute("UPDATE analysis SET payload = substr(payload, 1, 40) || x'00ff00ff' || substr(payload, 45)")
        db.close()
    before = path.read_bytes()
    warnings: list[str] = []
    G, stats = _build(DATED, tmp_path, warnings)
    assert snapshot(G) == clean
    assert len(warnings) == 1 and FILE_NAME in warnings[0], warnings
    assert stats == (0, len(PAGES))
    if damage == "entry":
        assert "damaged entry" in warnings[0]
    else:  # the old file is kept, byte for byte, beside the new cache
        assert "damaged or not a kg cache" in warnings[0]
        assert (tmp_path / (FILE_NAME + ".damaged")).read_bytes() == before
    warnings.clear()
    _, stats = _build(DATED, tmp_path, warnings)  # rebuilt: trusted again, silently
    assert warnings == [] and stats == (len(PAGES), 0)


def test_another_kg_or_other_data_empties_the_cache(tmp_path, monkeypatch):
    _build(DATED, tmp_path)
    import kg.cache

    monkeypatch.setattr(kg.cache, "fingerprint", lambda: "another kg")
    _, stats = _build(DATED, tmp_path)
    assert stats == (0, len(PAGES))


def test_command_options(tmp_path):
    runner = CliRunner()
    out, elsewhere = tmp_path / "out", tmp_path / "cache"
    first = runner.invoke(main, ["build", str(DATED), "-o", str(out), "-f", "gexf"])
    assert first.exit_code == 0, first.output
    assert (out / FILE_NAME).is_file() and f"cache: 0 file(s) reused, {len(PAGES)} analysed" in first.output
    second = runner.invoke(main, ["build", str(DATED), "-o", str(out), "-f", "gexf"])
    assert f"cache: {len(PAGES)} file(s) reused, 0 analysed" in second.output
    moved = runner.invoke(main, ["build", str(DATED), "-o", str(tmp_path / "o2"), "-f", "json", "--cache", str(elsewhere)])
    assert moved.exit_code == 0 and (elsewhere / FILE_NAME).is_file() and not (tmp_path / "o2" / FILE_NAME).exists()
    bare = runner.invoke(main, ["build", str(DATED), "-o", str(tmp_path / "o3"), "-f", "json", "--no-cache"])
    assert bare.exit_code == 0 and "cache:" not in bare.output
    assert sorted(p.name for p in (tmp_path / "o3").iterdir()) == ["graph.json"]


def test_a_cache_that_cannot_be_written_does_not_stop_the_build(tmp_path, clean):
    warnings: list[str] = []
    with AnalysisCache.open(tmp_path, warn=warnings.append) as cache:
        cache.db.close()
        cache.db = sqlite3.connect(f"file:{tmp_path / FILE_NAME}?mode=ro", uri=True)  # as on a read-only disk
        G = run([DATED], cache=cache).graph
    assert snapshot(G) == clean
    assert len(warnings) == 1 and "cannot write" in warnings[0]
