"""The page at corpus size: a generated graph of 5,000 nodes and 20,000+ edges, opened in Chromium.

What a user of a real corpus needs from the page (issue 16) and its timeline (issue 14): it opens on
the typed relations with MENTIONS and CO_OCCURS off, a node's neighbourhood can be shown alone (1
or 2 steps) with Back, the top entities of each type are clickable lists, the panel groups a node's
relations by type with their evidence and headlines, Louvain groups recolour the nodes and can be
shown alone, and a date range filters what is drawn. Every test also requires no page error and no
request leaving the file.

The graph follows the date contract of issue 14: ARTICLE nodes have ``date``; entities and edges
``first_seen``, ``last_seen`` and ``dates`` (sorted distinct ISO dates); undated elements have none.

Set ``KG_PAGE_TIMING=1`` to print how long the 5,000-node page takes to open (see BENCHMARKS.md).
"""
from __future__ import annotations

import os
from collections import Counter

import pytest
from export_fixtures import PageRun, chromium, generated_graph  # noqa: F401

from kg.export import write_html
from kg.export.html import page_data
from kg.export.page_views import GROUP_COLORS, element_dates, louvain_groups

QUIET = {"MENTIONS", "CO_OCCURS"}
N_NODES = 5000


def dated_graph(n_nodes: int = N_NODES):
    """generated_graph with the dates of issue 14; every tenth report (and what only it says) is undated."""
    G = generated_graph(n_nodes, seed=3, edges_per_node=4.3)
    for k, (n, d) in enumerate(G.nodes(data=True)):
        if d["type"] == "ARTICLE" and k % 10 == 9:
            d["date"] = None
    article_date = {n: d["date"] for n, d in G.nodes(data=True) if d["type"] == "ARTICLE"}
    for n, d in G.nodes(data=True):
        if d["type"] == "ARTICLE":
            continue
        days = sorted({article_date[a] for a in d["articles"] if article_date.get(a)})
        if days:
            d.update(first_seen=days[0], last_seen=days[-1], dates=days)
    for u, v, k, d in G.edges(keys=True, data=True):
        day = article_date.get(d["article"])
        if day:
            d.update(first_seen=day, last_seen=day, dates=[day])
    return G


@pytest.fixture(scope="module")
def corpus():
    G = dated_graph()
    assert G.number_of_nodes() >= 5000 and G.number_of_edges() >= 20000
    return G


@pytest.fixture(scope="module")
def corpus_data(corpus):
    return page_data(corpus, max_nodes=N_NODES)


@pytest.fixture(scope="module")
def corpus_path(corpus, tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "graph.html"
    write_html(corpus, path, max_nodes=N_NODES, title="五千节点")
    return path


@pytest.fixture()
def corpus_page(chromium, corpus_path):
    run = PageRun(chromium, corpus_path)
    yield run
    run.close()


def shown_nodes(page) -> set[int]:
    return set(page.evaluate("window.kgNetwork.body.nodeIndices"))


def shown_edges(page) -> set[int]:
    return set(page.evaluate("window.kgNetwork.body.edgeIndices"))


def index_of(data, key) -> int:
    return next(i for i, n in enumerate(data["nodes"]) if n["k"] == key)


def busiest(G, typ: str):
    """The node of a type with the most typed relations."""
    degree = Counter()
    for u, v, d in G.edges(data=True):
        if d["relation"] not in QUIET:
            degree[u] += 1
            degree[v] += 1
    return max((n for n in G if G.nodes[n]["type"] == typ), key=lambda n: (degree[n], str(n)))


# ------------------------------------------------------------------------- without a browser


def test_groups_are_seeded_louvain_of_the_entities(corpus, corpus_data):
    keep = list(corpus)
    again = louvain_groups(corpus, keep)
    assert again == louvain_groups(corpus, keep), "same graph, same groups"
    assert len(again) > 5 and all(len(a) >= len(b) for a, b in zip(again, again[1:]))
    member = {n: g for g, members in enumerate(again) for n in members}
    assert not any(corpus.nodes[n]["type"] == "ARTICLE" for n in member)
    recs = corpus_data["groups"]
    assert [r["size"] for r in recs] == [len(m) for m in again]
    assert recs[0]["color"] == GROUP_COLORS[0]
    nodes = corpus_data["nodes"]
    assert all(nodes[i].get("g") == member.get(n["k"]) for i, n in enumerate(nodes) if "g" in n)


def test_dates_follow_the_contract(corpus, corpus_data):
    dates = corpus_data["dates"]
    assert dates == sorted(set(dates)) and len(dates) > 20
    article = next(n for n, d in corpus.nodes(data=True) if d["type"] == "ARTICLE" and d["date"])
    rec = corpus_data["nodes"][index_of(corpus_data, article)]
    assert [dates[k] for k in rec["d"]] == [corpus.nodes[article]["date"]]
    undated = [n for n, d in corpus.nodes(data=True) if d["type"] != "ARTICLE" and "dates" not in d]
    assert undated, "the graph has undated entities"
    assert "d" not in corpus_data["nodes"][index_of(corpus_data, undated[0])]
    # per-day counts: reports dated that day
    per_day = Counter(d["date"] for _, d in corpus.nodes(data=True) if d["type"] == "ARTICLE" and d["date"])
    assert [c[0] for c in corpus_data["days"]] == [per_day[d] for d in dates]
    # GraphML flattens the list with "|"; anything that is not an ISO date is ignored
    assert element_dates({"dates": "2021-03-02|2021-03-01|2021-03-02"}) == ["2021-03-01", "2021-03-02"]
    assert element_dates({"first_seen": "2021-03-01", "last_seen": "2021-03-04"}) == ["2021-03-01", "2021-03-04"]
    assert element_dates({"dates": ["三月", None, "2021-13-01"]}) == []


def test_top_lists_rank_by_mentions(corpus, corpus_data):
    office = next(t for t in corpus_data["top"] if t["type"] == "OFFICE")
    counts = [c for _, c in office["items"]]
    assert office["by"] == "mentions" and counts == sorted(counts, reverse=True) and len(counts) == 10
    best = max(corpus_data["nodes"][i]["m"] for i, n in enumerate(corpus_data["nodes"]) if n["t"] == "OFFICE")
    assert counts[0] == best


# ------------------------------------------------------------------------------ in Chromium


def test_opens_on_the_typed_relations(corpus, corpus_data, corpus_page):
    page = corpus_page.page
    if os.environ.get("KG_PAGE_TIMING"):
        timings = page.evaluate("window.kgTimings")
        print(f"\n{N_NODES:,}-node page ({corpus.number_of_edges():,} edges): usable after {corpus_page.load_seconds:.2f} s "
              f"(parse {timings['parse']:.0f} ms, network {timings['network']:.0f} ms, first draw {timings['firstDraw']:.0f} ms)")
    assert page.evaluate("window.kgNodes.length") == N_NODES
    assert not page.locator('#kg-relations input[value="MENTIONS"]').is_checked()
    assert not page.locator('#kg-relations input[value="CO_OCCURS"]').is_checked()
    assert page.locator('#kg-relations input[value="ROLE"]').is_checked()
    edges = corpus_data["edges"]
    drawn = shown_edges(page)
    assert drawn and not any(edges[i]["r"] in QUIET for i in drawn)
    assert len(drawn) == sum(1 for e in edges if e["r"] not in QUIET)
    assert "MENTIONS and CO_OCCURS are off" in page.inner_text("#kg-quiet-note")
    # the checkboxes stay: switching MENTIONS on draws its edges
    page.locator('#kg-relations input[value="MENTIONS"]').check()
    page.locator("#kg-only-linked").uncheck()
    mentions = sum(1 for e in edges if e["r"] == "MENTIONS")
    assert len(shown_edges(page)) == len(drawn) + mentions
    assert len(shown_nodes(page)) == N_NODES
    labels = page.evaluate("window.kgLabels")
    assert 10 <= labels <= 220, "some labels, never all 5,000 in a grey band"
    corpus_page.assert_clean()


def test_labels_follow_importance_and_zoom(corpus_page):
    page = corpus_page.page
    state = page.evaluate(
        """() => {
            const net = window.kgNetwork, data = window.kgData;
            const labelled = () => window.kgNodes.get({filter: (n) => !n.hidden && n.font && n.font.size > 0.01})
                .map((n) => n.id);
            const before = labelled();
            const sizeOf = (ids) => ids.reduce((s, i) => s + data.nodes[i].s, 0) / ids.length;
            const visible = window.kgNodes.get({filter: (n) => !n.hidden}).map((n) => n.id);
            return {before: before.length, meanLabelled: sizeOf(before), meanAll: sizeOf(visible)};
        }"""
    )
    assert state["before"] > 0 and state["meanLabelled"] > state["meanAll"], "the important nodes get the labels"
    page.evaluate("() => { const net = window.kgNetwork; net.moveTo({scale: net.getScale() * 8}); net.emit('zoom', {}); }")
    page.wait_for_timeout(300)
    zoomed = page.evaluate(
        """() => {
            const scale = window.kgNetwork.getScale();
            const sizes = window.kgNodes.get({filter: (n) => !n.hidden && n.font && n.font.size > 0.01})
                .map((n) => n.font.size * scale);
            return {count: sizes.length, min: Math.min(...sizes), max: Math.max(...sizes)};
        }"""
    )
    assert zoomed["count"] > 0 and 10 <= zoomed["min"] and zoomed["max"] <= 24, "readable labels on screen, in pixels"
    corpus_page.assert_clean()


def test_focus_shows_a_neighbourhood_and_back_returns(corpus, corpus_data, corpus_page):
    page = corpus_page.page
    office = index_of(corpus_data, busiest(corpus, "OFFICE"))
    whole = shown_nodes(page)
    edges = corpus_data["edges"]
    one_step = {office}
    for e in edges:
        if e["r"] not in QUIET and office in (e["f"], e["t"]):
            one_step.update((e["f"], e["t"]))
    two_steps = set(one_step)
    for e in edges:
        if e["r"] not in QUIET and (e["f"] in one_step or e["t"] in one_step):
            two_steps.update((e["f"], e["t"]))

    page.evaluate("(i) => window.kgFocusNode(i)", office)  # as a search or a click does
    page.click("#kg-focus-1")
    assert shown_nodes(page) == one_step
    assert page.locator("#kg-trail").inner_text().startswith("Whole graph")
    assert corpus_data["nodes"][office]["l"] in page.inner_text("#kg-trail")
    page.click("#kg-depth-2")
    assert shown_nodes(page) == two_steps and len(two_steps) > len(one_step)
    labelled = page.evaluate("window.kgLabels")
    assert labelled >= min(len(one_step), 10), "the neighbourhood is labelled"
    page.click("#kg-back")
    assert shown_nodes(page) == whole
    assert page.locator("#kg-back").is_disabled()
    corpus_page.assert_clean()


def test_top_lists_select_their_node(corpus_data, corpus_page):
    page = corpus_page.page
    types = page.eval_on_selector_all("#kg-top ul.kg-top", "(uls) => uls.map((u) => u.dataset.type)")
    assert {"PERSON", "OFFICE", "COMMUNITY", "MEASURE"} <= set(types) and "ARTICLE" not in types
    office = next(t for t in corpus_data["top"] if t["type"] == "OFFICE")
    second, count = office["items"][1]
    item = page.locator(f'#kg-top ul[data-type="OFFICE"] button[data-node="{second}"]')
    assert item.inner_text().split("\n")[-1].replace(",", "") == str(count)
    item.click()
    page.wait_for_function("window.kgNetwork.getSelectedNodes().length === 1")
    assert page.evaluate("window.kgNetwork.getSelectedNodes()") == [second]
    assert page.inner_text("#kg-panel-title") == corpus_data["nodes"][second]["l"]
    corpus_page.assert_clean()


def test_panel_groups_relations_with_evidence_and_headline(corpus, corpus_data, corpus_page):
    page = corpus_page.page
    office = index_of(corpus_data, busiest(corpus, "OFFICE"))
    page.evaluate("(i) => window.kgFocusNode(i)", office)
    groups = page.eval_on_selector_all("#kg-panel details.kg-relgroup", "(ds) => ds.map((d) => [d.dataset.key, d.open])")
    expected = set()
    for e in corpus_data["edges"]:
        if office in (e["f"], e["t"]):
            expected.add(e["r"] if e["r"] in ("COOPERATES", "CO_OCCURS") else e["r"] + (">" if e["f"] == office else "<"))
    assert {k for k, _ in groups} == expected
    keys = [k for k, _ in groups]
    assert keys.index("MENTIONS<") > max(i for i, k in enumerate(keys) if k.rstrip("<>") not in QUIET), "typed first"
    assert all(is_open == (k.rstrip("<>") not in QUIET) for k, is_open in groups), "quiet relations folded"
    implements = page.locator('#kg-panel details[data-key="IMPLEMENTS>"]')
    if implements.count():
        text = implements.inner_text()
        assert "Measures it implements" in text
        edge = next(e for e in corpus_data["edges"] if e["f"] == office and e["r"] == "IMPLEMENTS")
        assert edge["ev"][0][0] in text, "the evidence sentence"
        assert "《" + corpus_data["articles"][edge["ev"][0][1]] + "》" in text, "the report's headline"
    corpus_page.assert_clean()


def test_grouping_recolours_and_a_group_shows_alone(corpus_data, corpus_page):
    page = corpus_page.page
    member = next(i for i, n in enumerate(corpus_data["nodes"]) if n.get("g") == 0)
    type_colour = next(t["color"] for t in corpus_data["types"] if t["name"] == corpus_data["nodes"][member]["t"])
    assert page.evaluate("(i) => window.kgNodes.get(i).color.background", member) == type_colour
    page.check("#kg-colour-group")
    colours = page.evaluate("() => window.kgNodes.get().map((n) => n.color.background)")
    groups = corpus_data["groups"]
    for i, n in enumerate(corpus_data["nodes"]):
        assert colours[i] == (groups[n["g"]]["color"] if "g" in n else "#C8C8C8")
    assert len(set(colours)) > len(corpus_data["types"])
    page.click('#kg-groups button[data-group="2"]')
    alone = {i for i, n in enumerate(corpus_data["nodes"]) if n.get("g") == 2}
    assert shown_nodes(page) == alone and len(alone) == groups[2]["size"]
    assert "group 3" in page.inner_text("#kg-trail")
    page.click("#kg-back")
    page.check("#kg-colour-type")
    assert page.evaluate("(i) => window.kgNodes.get(i).color.background", member) == type_colour
    corpus_page.assert_clean()


def test_date_range_filters_nodes_and_edges(corpus_data, corpus_page):
    page = corpus_page.page
    assert page.locator("#kg-timeline").is_visible()
    dates = corpus_data["dates"]
    bars = page.locator("#kg-days .kg-day")
    assert bars.count() == len(dates)
    assert bars.nth(4).get_attribute("title").startswith(f"{dates[4]}: {corpus_data['days'][4][0]} reports")
    page.locator("#kg-only-linked").uncheck()
    lo, hi = dates[3], dates[6]
    page.fill("#kg-date-from", lo)
    page.fill("#kg-date-to", hi)
    page.dispatch_event("#kg-date-to", "change")
    nodes, edges = corpus_data["nodes"], corpus_data["edges"]

    def in_range(item):
        return "d" not in item or any(lo <= dates[k] <= hi for k in item["d"])

    expected_nodes = {i for i, n in enumerate(nodes) if in_range(n)}
    assert shown_nodes(page) == expected_nodes
    assert any("d" not in nodes[i] for i in expected_nodes), "undated nodes stay"
    expected_edges = {i for i, e in enumerate(edges)
                      if e["r"] not in QUIET and in_range(e) and e["f"] in expected_nodes and e["t"] in expected_nodes}
    assert shown_edges(page) == expected_edges
    summary = page.inner_text("#kg-date-summary")
    reports = sum(c[0] for c in corpus_data["days"][3:7])
    assert f"{lo} – {hi}: {reports} reports" in summary and "Undated elements" in summary
    page.click("#kg-date-all")
    assert len(shown_nodes(page)) == len(nodes)
    corpus_page.assert_clean()


def test_no_timeline_without_dates(chromium, tmp_path):
    G = generated_graph(400, seed=5)
    for _, d in G.nodes(data=True):
        d.pop("date", None)
    path = tmp_path / "graph.html"
    write_html(G, path)
    run = PageRun(chromium, path)
    try:
        assert not run.page.locator("#kg-timeline").is_visible()
        assert run.page.evaluate("window.kgData.dates") == []
        run.assert_clean()
    finally:
        run.close()
