"""The `kg` command as a user meets it: exit codes, one-line errors, outputs left intact."""
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample_page.txt"


@pytest.fixture
def runner():
    return CliRunner()


def one_line_error(result, *words):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("Error:")]
    assert len(errors) == 1, result.output
    for w in words:
        assert w in errors[0], errors[0]


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, result


def test_build_writes_every_format_and_a_summary(built_once):
    out, result = built_once
    for name in ("graph.graphml", "graph.gexf", "graph.json", "nodes.csv", "edges.csv", "graph.html"):
        assert (out / name).stat().st_size > 0, name
    assert "8 article(s)" in result.output
    assert "PERSON" in result.output and "IMPLEMENTS" in result.output


def test_format_option_limits_outputs(runner, tmp_path):
    result = runner.invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path), "-f", "graphml,csv", "-q"])
    assert result.exit_code == 0, result.output
    # and the analysis cache, kept in the output folder by default (kg/cache.py)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edges.csv", "graph.graphml", "kg-cache.sqlite", "nodes.csv"]


def test_bad_format_is_a_usage_error(runner, tmp_path):
    result = runner.invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path), "-f", "pdf"])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_missing_path(runner, tmp_path):
    one_line_error(runner.invoke(main, ["build", str(tmp_path / "nope.txt"), "-o", str(tmp_path)]), "nope.txt")


def test_folder_without_text_files(runner, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "picture.png").write_bytes(b"\x89PNG\r\n")
    one_line_error(runner.invoke(main, ["build", str(tmp_path / "in"), "-o", str(tmp_path / "out")]), "in")


@pytest.mark.parametrize(
    "name, content",
    [("empty.txt", b""), ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4), ("bad.txt", bytes([0x80, 0xFF, 0xFE, 0x81]) * 40), ("mixed.txt", "正常的中文新闻".encode() + b"\xff\x80\xff" * 20)],
)
def test_unreadable_single_file(runner, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    one_line_error(runner.invoke(main, ["build", str(path), "-o", str(tmp_path / "out")]), name)
    assert not (tmp_path / "out" / "graph.graphml").exists()


def test_bad_file_in_a_folder_is_skipped_and_reported(runner, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "page.txt")
    (folder / "empty.txt").write_bytes(b"")
    result = runner.invoke(main, ["build", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 3, result.output
    assert "empty.txt" in result.output and "Traceback" not in result.output
    assert (tmp_path / "out" / "graph.graphml").stat().st_size > 0


def test_unwritable_output_keeps_nothing_half_written(runner, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    one_line_error(runner.invoke(main, ["build", str(SAMPLE), "-o", str(blocker / "out")]))
    assert blocker.read_text() == "not a folder"


def test_failed_run_leaves_previous_output_untouched(runner, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", str(SAMPLE), "-o", str(out), "-q"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    one_line_error(runner.invoke(main, ["build", str(tmp_path / "missing.txt"), "-o", str(out)]))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_eval_command_prints_scores(runner, built_once):
    out, _ = built_once
    gold = ROOT.parent / "shared" / "eval" / "seed.gold.json"
    result = runner.invoke(main, ["eval", str(out / "graph.graphml"), str(gold)])
    assert result.exit_code == 0, result.output
    assert "ENTITIES" in result.output and "RELATIONS" in result.output and "articles matched 8/8" in result.output


def test_eval_bad_gold(runner, built_once, tmp_path):
    out, _ = built_once
    bad = tmp_path / "gold.json"
    bad.write_text("{not json")
    one_line_error(runner.invoke(main, ["eval", str(out / "graph.graphml"), str(bad)]), "gold.json")


def test_eval_reports_types_it_does_not_know(runner, built_once, tmp_path):
    """A gold file with its own entity type and relation is scored, not a crash: the unknown
    types get rows of their own, with nothing predicted."""
    out, _ = built_once
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({
        "articles": [],
        "entities": [{"name": "东湖", "types": ["LANDMARK"], "aliases": [], "required": True}],
        "relations": [{"heads": ["东湖"], "relation": "NEAR", "tails": ["东湖"], "required": True}],
    }), encoding="utf-8")
    result = runner.invoke(main, ["eval", str(out / "graph.graphml"), str(gold)])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.output.splitlines() if line.strip()}
    assert rows["LANDMARK"][-2:] == ["0", "1"] and rows["NEAR"][-2:] == ["0", "1"]


@pytest.mark.parametrize("args", [[], ["build"], ["eval"]])
def test_every_command_has_help(runner, args):
    result = runner.invoke(main, [*args, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output.splitlines()) > 5


def test_same_file_name_in_two_folders_gives_two_sets_of_articles(runner, tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(SAMPLE, tmp_path / folder / "page.txt")
    result = runner.invoke(main, ["build", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(tmp_path / "out"), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "2 file(s), 16 article(s)" in result.output
