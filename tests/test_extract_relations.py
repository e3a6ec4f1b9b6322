"""Relations with evidence, on a report written for this test (names and places made up)."""
import pytest

from kg.text import normalise_name as normalise

from kg.build import build_graph
from kg.ingest import parse_page

REPORT = """本报讯 近日，东湖街道办事处青石村党支部组织党员志愿者开展入户排查，对居家隔离人员上门服务。
东湖街道办事处党工委书记刘春华介绍，青石村已实行网格化管理。

东湖街道办事处与市卫健委联合成立3个督导组，开展“清零行动”。
援鄂医疗队队员说，感谢江城人民。江城市红星医院副院长马建国参加了活动。
记者 周小川
"""


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    path = tmp_path_factory.mktemp("rel") / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return build_graph(path)


def edges(G, relation):
    return {(G.nodes[u]["label"], G.nodes[v]["label"]): d for u, v, k, d in G.edges(keys=True, data=True) if k == relation}


def test_role_from_unit_title_name(graph):
    roles = edges(graph, "ROLE")
    assert ("刘春华", "东湖街道办事处") in roles
    assert roles[("刘春华", "东湖街道办事处")]["title"].endswith("书记")
    assert ("马建国", "江城市红星医院") in roles


def test_part_of_from_adjacent_units_and_branch(graph):
    part_of = edges(graph, "PART_OF")
    assert ("青石村党支部", "东湖街道办事处") in part_of
    assert ("青石村党支部", "青石村") in part_of


def test_implements_from_the_acting_body(graph):
    impl = edges(graph, "IMPLEMENTS")
    assert ("青石村党支部", "排查") in impl  # 入户排查 is a form of 排查 (GUIDELINES.md §7)
    assert ("东湖街道办事处", "清零行动") in impl


def test_cooperation_with_completed_relative_name(graph):
    coop = {frozenset(k) for k in edges(graph, "COOPERATES")}
    assert frozenset({"东湖街道办事处", "江城市卫健委"}) in coop


def test_authored_from_the_byline(graph):
    authored = edges(graph, "AUTHORED")
    assert any(u == "周小川" for u, _ in authored)


def test_every_scored_edge_quotes_both_ends(graph):
    for u, v, k, d in graph.edges(keys=True, data=True):
        if k in ("AUTHORED", "MENTIONS", "CO_OCCURS"):
            continue
        assert d["evidence"], (u, k, v)
        for ev in d["evidence"]:
            for node in (u, v):
                names = [graph.nodes[node]["label"], *graph.nodes[node].get("aliases", [])]
                assert any(normalise(n) in normalise(ev["text"]) for n in names), (k, names, ev["text"])
            # offsets point back into the source file
            assert 0 <= ev["start"] < ev["end"]


FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures" / "reports"


@pytest.fixture(scope="module")
def town():
    return build_graph(FIXTURES / "town_report.txt")


@pytest.fixture(scope="module")
def web():
    return build_graph(FIXTURES / "web_report.txt")


def labels(G, typ):
    return {d["label"] for _, d in G.nodes(data=True) if d["type"] == typ}


def test_relative_town_office_is_completed_from_a_body_name(town):
    node = next(d for _, d in town.nodes(data=True) if d["label"] == "城关镇党委")
    assert "镇党委" in node["aliases"]
    assert ("何建军", "城关镇党委") in edges(town, "ROLE")


def test_generic_branch_refers_to_the_community_just_named(town):
    # `在桃园村，村党支部书记…`: the branch is named by its kind only; no name the text does not
    # write is made up for it (GUIDELINES §1), and its secretary's ROLE goes to the village (§3)
    assert not {"桃园村党支部", "村党支部"} & labels(town, "OFFICE")
    assert edges(town, "ROLE")[("罗永红", "桃园村")]["title"] == "党支部书记兼村委会主任"


def test_bodies_listed_before_a_cooperation_verb_cooperate(town):
    coop = {frozenset(k) for k in edges(town, "COOPERATES")}
    assert frozenset({"县应急管理局", "县市场监管局"}) in coop


def test_web_report_people_offices_and_relations(web):
    assert {"王建国", "李秀英", "赵刚", "刘明", "张丽"} <= labels(web, "PERSON")
    assert "道里区卫健委" in labels(web, "OFFICE")
    assert ("赵刚", "道里区卫健委") in edges(web, "ROLE")
    assert edges(web, "ROLE")[("赵刚", "道里区卫健委")]["title"] == "副主任"
    coop = {frozenset(k) for k in edges(web, "COOPERATES")}
    assert frozenset({"安静社区", "道里区疾控中心"}) in coop
    # debris of the web page is not an entity
    assert not any(x in labels(web, "PLATFORM") for x in ("微博", "分享到"))


def test_roles_with_joined_titles_and_apposition(tmp_path):
    path = tmp_path / "roles.txt"
    path.write_text("本报讯 近日，北湖社区党委书记、主任孙海燕带领志愿者开展入户排查。"
                    "张永强，南山区人民医院副院长，介绍了集中隔离的情况。\n记者 何冬\n", encoding="utf-8")
    roles = edges(build_graph(path), "ROLE")
    assert roles[("孙海燕", "北湖社区党委")]["title"] == "书记、主任"
    assert roles[("张永强", "南山区人民医院")]["title"] == "副院长"


def test_extract_page_adds_the_byline_and_keeps_body_mentions_in_place(tmp_path):
    """The extract stage on its own: the nlp stage's body mentions in, every mention (body, byline)
    and the relations out; only body mentions have a place in the body."""
    from kg.build import analyse
    from kg.extract import extract_page
    from kg.ingest import read_page
    from kg.schema import Origin

    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    page = read_page(path)
    body = analyse(page.articles)
    out = extract_page(page, body)
    (article,) = page.articles
    reporter = [m for m in out.mentions if m.origin is Origin.BYLINE]
    assert [m.text for m in reporter] == ["周小川"] and not reporter[0].in_body
    assert [(r.head.text, r.tail) for r in out.relations if r.relation == "AUTHORED"] == [("周小川", article.id)]
    for m in out.mentions:
        if m.in_body:
            assert article.body[m.start:m.end] == m.text or m.origin is not Origin.BODY
            assert article.sentences[m.sentence].start <= m.start < article.sentences[m.sentence].end
    assert sum(len(ms) for ms in body) == sum(1 for m in out.mentions if m.in_body)
