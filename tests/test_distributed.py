"""`--scheduler`: the analysis on a Dask cluster gives the graph a local build gives, even when a
worker dies mid-run; a file that fails on a worker is skipped and named; Dask is never loaded by
a default build.

The clusters are LocalClusters of 2 single-threaded worker processes (the CI machine has 2
cores): one started by `--scheduler local:2`, one started here and reached by its address.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster, WorkerPlugin

import kg.build
import kg.distributed
from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample_page.txt"
BENCH = ROOT.parent / "shared" / "bench" / "msra_newswire.txt"
FILES, ARTICLES_PER_FILE = 6, 4  # a small split of the benchmark corpus: about 30k characters


def snapshot(G):
    nodes = [(n, dict(d)) for n, d in G.nodes(data=True)]
    edges = [(u, v, k, dict(d)) for u, v, k, d in G.edges(keys=True, data=True)]
    return nodes, edges, dict(G.graph)


def test_default_build_does_not_import_dask(tmp_path):
    code = (
        "import sys\n"
        "from kg.cli import main\n"
        f"try:\n    main(['build', {str(SAMPLE)!r}, '-o', {str(tmp_path)!r}, '-f', 'json', '-q'])\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        "print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert (tmp_path / "graph.json").stat().st_size > 0
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout + out.stderr


def test_local_2_builds_the_same_graph_as_a_local_build(tmp_path):
    runner = CliRunner()
    local = runner.invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path / "local"), "-f", "json,graphml", "--jobs", "1"])
    dask = runner.invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path / "dask"), "-f", "json,graphml", "--scheduler", "local:2"])
    assert local.exit_code == 0, local.output
    assert dask.exit_code == 0, dask.output
    assert "started a local cluster of 2 worker process(es); dashboard http://" in dask.output
    assert "8 article(s)" in dask.output
    for name in ("graph.json", "graph.graphml"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    data = json.loads((tmp_path / "dask" / "graph.json").read_text(encoding="utf-8"))
    assert len(data["nodes"]) > 50 and len(data["edges"]) > 100  # a real graph, not two empty ones


@pytest.mark.parametrize("value", ["local:0", "local:two", "local:"])
def test_bad_local_cluster_size_is_a_usage_error(value, tmp_path):
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path), "--scheduler", value])
    assert result.exit_code == 2 and "--scheduler" in result.output and "Traceback" not in result.output


def test_jobs_and_scheduler_together_are_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path), "-j", "2", "--scheduler", "local:2"])
    assert result.exit_code == 2 and "--jobs and --scheduler" in result.output


def test_unreachable_scheduler_is_one_error_line(tmp_path):
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1, result.output
    assert [ln for ln in result.output.splitlines() if ln.startswith("Error:")] == [
        ln for ln in result.output.splitlines() if ln.strip()]
    assert "tcp://127.0.0.1:9" in result.output
    # the output folder may hold the analysis cache, but no graph file was written
    assert not list((tmp_path / "out").glob("graph.*")) and not list((tmp_path / "out").glob("*.csv"))


def test_missing_dask_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # what `import distributed` does when it is not installed
    result = CliRunner().invoke(main, ["build", str(SAMPLE), "-o", str(tmp_path), "--scheduler", "local:1"])
    assert result.exit_code == 1, result.output
    assert "Error:" in result.output and "pip install 'kg[dask]'" in result.output and "Traceback" not in result.output


# -- on a cluster started here, reached by its address ----------------------------------------
@pytest.fixture(scope="module")
def cluster():
    import dask

    # a task is given up when a second worker dies running it (Dask's default: the fourth); a test
    # fails instead of hanging if the nannies could not bring any worker back
    with dask.config.set({"distributed.scheduler.allowed-failures": 1, "distributed.scheduler.no-workers-timeout": "60s"}):
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40) as c:
            yield c


@pytest.fixture(scope="module")
def client(cluster):
    with Client(cluster.scheduler_address) as c:
        yield c


@pytest.fixture(scope="module")
def bench_split(tmp_path_factory):
    """The first articles of the benchmark corpus, a few to a file."""
    articles = BENCH.read_text(encoding="utf-8").split("\n\n\n")[:FILES * ARTICLES_PER_FILE]
    folder = tmp_path_factory.mktemp("bench_split")
    for i in range(FILES):
        part = articles[i * ARTICLES_PER_FILE:(i + 1) * ARTICLES_PER_FILE]
        (folder / f"part{i:02d}.txt").write_text("\n\n\n".join(part) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def local_bench(bench_split):
    return kg.build.run(bench_split, jobs=1)


def test_bench_split_on_a_cluster_gives_the_local_graph(cluster, bench_split, local_bench, monkeypatch):
    # the local path must not be the one that runs
    monkeypatch.setattr(kg.build, "analyse", lambda *a, **k: pytest.fail("analysed locally"))
    steps = []
    result = kg.build.run(bench_split, scheduler=cluster.scheduler_address, progress=steps.append)
    assert len(local_bench.pages) == FILES and len(local_bench.articles) >= FILES * ARTICLES_PER_FILE
    assert local_bench.graph.number_of_nodes() > 200
    assert snapshot(result.graph) == snapshot(local_bench.graph)
    assert sum(steps) == len(local_bench.articles) and len(steps) > 1  # progress while tasks run
    assert result.skipped == []


class KillOnSecondTask(WorkerPlugin):
    """SIGKILLs the first worker that starts its second analysis task (only one worker, once:
    the flag file is created atomically), as an out-of-memory kill would."""

    def __init__(self, flag: str):
        self.flag = flag
        self.started = 0

    def transition(self, key, start, finish, **kwargs):
        if finish == "executing" and "_analyse_parts" in str(key):
            self.started += 1
            if self.started == 2:
                try:
                    os.close(os.open(self.flag, os.O_CREAT | os.O_EXCL))
                except FileExistsError:
                    return
                os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_killed_mid_run_does_not_change_the_graph(cluster, client, bench_split, local_bench, tmp_path, monkeypatch):
    monkeypatch.setattr(kg.distributed, "ARTICLES_PER_TASK", ARTICLES_PER_FILE)  # one task per file: 6 tasks
    pids = set(client.run(os.getpid).values())
    flag = tmp_path / "killed"
    client.register_plugin(KillOnSecondTask(str(flag)), name="kill-on-second-task")
    try:
        result = kg.build.run(bench_split, scheduler=cluster.scheduler_address)
    finally:
        client.unregister_worker_plugin("kill-on-second-task")
    assert flag.exists(), "no worker was killed"
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the dead worker
    assert set(client.run(os.getpid).values()) != pids
    assert result.skipped == []
    assert snapshot(result.graph) == snapshot(local_bench.graph)


class FailOnFile(WorkerPlugin):
    """Makes the pipeline raise on the workers for the articles of one file."""

    def __init__(self, name: str):
        self.name = name

    def setup(self, worker):
        import kg.build

        self.original = original = kg.build._analyse_batch
        name = self.name

        def failing(batch):
            if any(Path(a.source).name == name for a in batch):
                raise RuntimeError("the pipeline broke on this text")
            return original(batch)

        kg.build._analyse_batch = failing

    def teardown(self, worker):
        import kg.build

        kg.build._analyse_batch = self.original


def test_a_file_failing_on_a_worker_is_skipped_and_named(cluster, client, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "page.txt")
    shutil.copy(SAMPLE, folder / "broken.txt")
    client.register_plugin(FailOnFile("broken.txt"), name="fail-on-file")
    try:
        result = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "dask"), "-f", "json",
                                           "--scheduler", cluster.scheduler_address])
    finally:
        client.unregister_worker_plugin("fail-on-file")
    assert result.exit_code == 3, result.output
    warnings = [ln for ln in result.output.splitlines() if ln.startswith("warning: skipped")]
    assert len(warnings) == 1 and "broken.txt" in warnings[0] and "the pipeline broke on this text" in warnings[0]
    assert "Traceback" not in result.output
    # the rest is the graph of the good file alone, as a local build makes it
    (folder / "broken.txt").unlink()
    local = CliRunner().invoke(main, ["build", str(folder), "-o", str(tmp_path / "local"), "-f", "json", "-j", "1"])
    assert local.exit_code == 0, local.output
    assert (tmp_path / "dask" / "graph.json").read_bytes() == (tmp_path / "local" / "graph.json").read_bytes()


class KillOnFile(WorkerPlugin):
    """Makes the workers die (SIGKILL) whenever they analyse one file, as a crash in the tagger would."""

    def __init__(self, name: str):
        self.name = name

    def setup(self, worker):
        import kg.build

        self.original = original = kg.build._analyse_batch
        name = self.name

        def dying(batch):
            if any(Path(a.source).name == name for a in batch):
                os.kill(os.getpid(), signal.SIGKILL)
            return original(batch)

        kg.build._analyse_batch = dying

    def teardown(self, worker):
        import kg.build

        kg.build._analyse_batch = self.original


def test_a_file_that_kills_every_worker_is_skipped_and_named(cluster, client, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt", "deadly.txt"):  # 8 articles each: c and deadly share a task
        shutil.copy(SAMPLE, folder / name)
    client.register_plugin(KillOnFile("deadly.txt"), name="kill-on-file")
    try:
        result = kg.build.run(folder, scheduler=cluster.scheduler_address, on_skip=lambda path, why: None)
    finally:
        client.unregister_worker_plugin("kill-on-file")
    assert [Path(path).name for path, _ in result.skipped] == ["deadly.txt"]
    assert "died" in result.skipped[0][1]
    assert [Path(p.path).name for p in result.pages] == ["a.txt", "b.txt", "c.txt"]  # c, in deadly's task, was run again
    assert {d["type"] for _, d in result.graph.nodes(data=True)} >= {"ARTICLE", "PERSON", "OFFICE"}
    # last in this module: a worker killed while it starts is not always brought back by its nanny
