"""`--jobs 2` builds exactly the graph `--jobs 1` builds (the analysis runs in worker processes)."""
import json
from concurrent.futures import ProcessPoolExecutor

import pytest
from click.testing import CliRunner

import kg.build
import kg.interrupt
from kg.cli import main

SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = ["建国", "海燕", "志强", "丽华", "文斌", "晓明", "春梅", "国栋"]
PLACES = ["青山镇", "河西街道", "东湖社区", "南岭村", "西城区", "北塘乡", "桃源县", "石门市"]
ORGS = ["青山镇人民政府", "河西街道办事处", "东湖社区居委会", "桃源县教育局", "石门市卫生健康委员会"]


def report(i: int) -> str:
    """A made-up short local report; names and places vary with i."""
    p1 = SURNAMES[i % 10] + GIVEN[i % 8]
    p2 = SURNAMES[(i + 3) % 10] + GIVEN[(i + 5) % 8]
    place, org = PLACES[i % 8], ORGS[i % 5]
    return (
        f"本报讯 {i % 28 + 1}日上午，{org}党委书记{p1}带队来到{place}，走访慰问困难群众，"
        f"并与{place}负责人{p2}座谈，了解春耕生产和防汛准备情况。\n"
        f"{p1}表示，要把群众的事当作自己的事，切实解决好急难愁盼问题。（记者 {p2}）"
    )


N_ARTICLES = 2 * kg.build.BATCH + 6  # three batches: the pool is used when jobs > 1


@pytest.fixture(scope="module")
def news_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("par") / "reports.txt"
    path.write_text("\n\n\n".join(report(i) for i in range(N_ARTICLES)) + "\n", encoding="utf-8")
    return path


def _snapshot(G):
    nodes = [(n, dict(d)) for n, d in G.nodes(data=True)]
    edges = [(u, v, k, dict(d)) for u, v, k, d in G.edges(keys=True, data=True)]
    return nodes, edges, dict(G.graph)


@pytest.fixture(scope="module")
def serial(news_file):
    return kg.build.run(news_file, jobs=1)


def test_input_needs_several_batches(serial):
    assert len(serial.articles) == N_ARTICLES
    assert len(serial.articles) > 2 * kg.build.BATCH


def test_jobs_2_gives_the_same_graph_as_jobs_1(serial, news_file, monkeypatch):
    pools = []

    class CountingPool(ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(kwargs.get("max_workers", args[0] if args else None))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(kg.interrupt, "ProcessPoolExecutor", CountingPool)  # kg.interrupt.worker_pool makes it
    parallel = kg.build.run(news_file, jobs=2)
    assert pools == [2], "the analysis did not run in a process pool"

    G1, G2 = serial.graph, parallel.graph
    assert G1.number_of_nodes() > N_ARTICLES  # entities were found, not only articles
    assert G1.number_of_edges() > 0
    nodes1, edges1, meta1 = _snapshot(G1)
    nodes2, edges2, meta2 = _snapshot(G2)
    assert meta1 == meta2
    assert nodes1 == nodes2  # same nodes, same attributes, same order
    assert edges1 == edges2  # same edges, keys and attributes, same order


def test_cli_build_with_jobs_2(news_file, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(news_file), "-o", str(out), "--jobs", "2", "-f", "json", "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    assert data  # a graph was written
