"""Inputs that used to take the machine down or mislead: each builds a graph or gives one clear
error, with no traceback, and the output stays in proportion to the input.

The inputs are generated here (tests/hostile_fixtures.py). The real command runs in a subprocess,
as a user runs it.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kg.ingest.cuts import MAX_SENTENCE

from hostile_fixtures import HTML_PAGE, PDF_BYTES, list_notice, long_line, repeated_markers, run_kg

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample_page.txt"


def built(result, out: Path) -> None:
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert any(p.stat().st_size > 0 for p in out.iterdir() if p.name.startswith("graph."))


def one_error(result, *words) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.stderr
    for w in words:
        assert w in lines[0], lines[0]
    return lines[0]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def evidence_lengths(out: Path) -> list[int]:
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    return [len(ev["text"]) for e in data["edges"] for ev in e.get("evidence") or []]


@pytest.mark.parametrize("n_chars", [
    300_000,  # about 18 s on a quiet 2-core machine
    pytest.param(1_000_000, marks=pytest.mark.slow),  # about 50 s: tagging a million characters takes that long
])
def test_a_very_long_line_without_punctuation_builds_a_graph_in_proportion(tmp_path, n_chars):
    src = write(tmp_path / "line.txt", long_line(n_chars))
    out = tmp_path / "out"
    result = run_kg("build", str(src), "-o", str(out), "-f", "graphml,json", "-q")
    built(result, out)
    # before: 15 GB of files from a 30,000-character line (the whole line quoted on every edge)
    assert (out / "graph.graphml").stat().st_size < 100 * src.stat().st_size
    assert max(evidence_lengths(out)) <= 2 * MAX_SENTENCE + 3  # a sentence, or two joined by " … "


def test_a_notice_listing_300_estates_gives_a_small_graph(tmp_path):
    src = write(tmp_path / "notice.txt", list_notice(300))
    out = tmp_path / "out"
    built(run_kg("build", str(src), "-o", str(out), "-q"), out)
    # before: 1.7 GB of files and 33,413 edges
    assert (out / "graph.graphml").stat().st_size < 1_000_000
    assert sum(p.stat().st_size for p in out.iterdir()) < 5_000_000
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert sum(1 for n in data["nodes"] if n.get("type") == "COMMUNITY") > 100  # the estates are there


def test_only_punctuation_is_one_clear_error(tmp_path):
    src = write(tmp_path / "punct.txt", "。，、！？……——“”《》（）\n" * 200)
    one_error(run_kg("build", str(src), "-o", str(tmp_path / "out"), "-q"), "punct.txt", "no Chinese text")
    assert not (tmp_path / "out").exists()


def test_repeated_markers_build_a_graph(tmp_path):
    src = write(tmp_path / "markers.txt", repeated_markers())
    out = tmp_path / "out"
    built(run_kg("build", str(src), "-o", str(out), "-f", "graphml", "-q"), out)


@pytest.mark.parametrize("name, data, words", [
    ("page.txt", HTML_PAGE.encode("utf-8"), ["page.txt", "HTML page", "--force-text"]),
    ("report.txt", PDF_BYTES, ["report.txt", "PDF document", "--force-text"]),
    ("table.txt", ("id,name,value\n" + "".join(f"{i},row{i},{i * 3}\n" for i in range(500))).encode(), ["no Chinese text"]),
])
def test_a_file_that_is_not_text_is_refused_and_earlier_output_kept(tmp_path, name, data, words):
    out = tmp_path / "out"
    built(run_kg("build", str(SAMPLE), "-o", str(out), "-f", "graphml", "-q"), out)
    before = (out / "graph.graphml").read_bytes()
    src = tmp_path / name
    src.write_bytes(data)
    one_error(run_kg("build", str(src), "-o", str(out), "-f", "graphml", "-q"), *words)
    assert (out / "graph.graphml").read_bytes() == before


def test_force_text_reads_an_html_page_anyway(tmp_path):
    src = write(tmp_path / "page.txt", HTML_PAGE)
    out = tmp_path / "out"
    built(run_kg("build", str(src), "-o", str(out), "-f", "graphml", "-q", "--force-text"), out)


def test_one_message_for_one_failed_input_among_good_ones(tmp_path):
    bad = tmp_path / "report.txt"
    bad.write_bytes(PDF_BYTES)
    result = run_kg("build", str(SAMPLE), str(bad), "-o", str(tmp_path / "out"), "-f", "graphml", "-q")
    assert result.returncode == 3, result.stderr
    assert result.stderr.count("report.txt") == 1, result.stderr


def test_the_same_file_by_two_paths_counts_once(tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(SAMPLE)
    once = tmp_path / "once"
    built(run_kg("build", str(SAMPLE), "-o", str(once), "-f", "json", "-q"), once)
    folder = tmp_path / "pages"  # a folder that holds the sample (by a link) and nothing else
    folder.mkdir()
    (folder / "sample.txt").symlink_to(SAMPLE)
    twice = tmp_path / "twice"
    relative = os.path.relpath(SAMPLE)
    built(run_kg("build", str(SAMPLE), relative, str(link), str(folder), "-o", str(twice), "-f", "json", "-q"), twice)
    assert (once / "graph.json").read_text(encoding="utf-8") == (twice / "graph.json").read_text(encoding="utf-8")


def test_symlinked_folders_are_followed_once_and_loops_cut(tmp_path):
    top = tmp_path / "pages"
    (top / "sub").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    write(elsewhere / "linked.txt", SAMPLE.read_text(encoding="utf-8"))
    (top / "sub" / "loop").symlink_to(top, target_is_directory=True)  # a loop back to the top
    (top / "linked").symlink_to(elsewhere, target_is_directory=True)  # a linked folder
    (top / "again").symlink_to(elsewhere, target_is_directory=True)  # the same folder again
    out = tmp_path / "out"
    result = run_kg("build", str(top), "-o", str(out), "-f", "json")
    built_json = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    assert "1 file(s), 8 article(s)" in result.stderr  # the linked file, once
    assert sum(1 for n in built_json["nodes"] if n.get("type") == "ARTICLE") == 8


def test_utf16_without_byte_order_mark_is_read(tmp_path):
    src = tmp_path / "utf16.txt"
    src.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("utf-16-le"))
    out = tmp_path / "out"
    result = run_kg("build", str(src), "-o", str(out), "-f", "json")
    assert result.returncode == 0, result.stderr
    assert "8 article(s)" in result.stderr


@pytest.mark.parametrize("make_target, words", [
    (lambda p: p.write_text("a file", encoding="utf-8"), ["a file of that name exists"]),
    (lambda p: (p.mkdir(), (p / "graph.graphml").mkdir()), ["graph.graphml", "is a folder"]),
])
def test_a_bad_output_folder_fails_before_the_analysis(tmp_path, make_target, words):
    out = tmp_path / "out"
    make_target(out)
    big = write(tmp_path / "line.txt", long_line(300_000))  # minutes of work if it were analysed first
    result = run_kg("build", str(big), "-o", str(out), "-q", timeout=60)
    one_error(result, *words)


def test_the_readme_exit_code_table_lists_the_codes_the_tool_uses():
    import re
    import signal

    from kg.cli import EXIT_SKIPPED

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| (\d+) \| ", readme, flags=re.MULTILINE)
    assert sorted(map(int, table)) == sorted({0, 1, 2, EXIT_SKIPPED, 128 + signal.SIGINT, 128 + signal.SIGTERM})
