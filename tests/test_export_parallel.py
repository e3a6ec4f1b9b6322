"""write_all on two cores: a forked process writes part of the formats; the files are the same."""
import kg.export as export
from kg.errors import OutputError
from export_fixtures import generated_graph


def test_parallel_write_all_gives_the_same_files(tmp_path, monkeypatch):
    G = generated_graph(3000, edges_per_node=2.5)
    assert G.number_of_edges() >= export.PARALLEL_MIN_EDGES
    assert export._parallel_worth_it(G, list(export.FORMATS))
    parallel = export.write_all(G, tmp_path / "parallel")
    monkeypatch.setattr(export, "PARALLEL_MIN_EDGES", 10**9)
    assert not export._parallel_worth_it(G, list(export.FORMATS))
    serial = export.write_all(G, tmp_path / "serial")
    assert [p.name for p in parallel] == [p.name for p in serial]
    for a, b in zip(parallel, serial):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert not [p for p in (tmp_path / "parallel").iterdir() if p not in parallel]  # no temp files left


def test_a_failure_in_the_forked_writer_keeps_old_outputs(tmp_path, monkeypatch):
    G = generated_graph(3000, edges_per_node=2.5)
    out = tmp_path / "out"
    export.write_all(G, out, formats=("graphml", "csv"))
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def broken(*args, **kwargs):
        raise OutputError("disk full")

    monkeypatch.setattr(export, "render_graphml", broken)
    try:
        export.write_all(generated_graph(3000, seed=2, edges_per_node=2.5), out, formats=("graphml", "csv"))
    except OutputError as exc:
        assert "disk full" in str(exc)
    else:
        raise AssertionError("the failure in the forked writer was lost")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
