"""Resolution rules: one node per real entity, never two different bodies merged."""
from kg.resolve import resolve
from kg.schema import BodySpan, Mention


def m(text, label, article="a-1", canonical=None):
    return Mention(text=text, type=label, article=article, canonical=canonical or text, span=BodySpan(0, 0, len(text)))


def keys(resolution, mentions):
    return [resolution.key[x] for x in mentions]


def test_place_prefix_and_disease_qualifier_merge_on_one_page():
    ms = [m("江城市东区新冠肺炎疫情防控指挥部", "OFFICE"), m("东区疫情防控指挥部", "OFFICE", "a-2"), m("江城市", "PLACE"), m("东区", "PLACE")]
    res = resolve(ms, {"a-1": "p", "a-2": "p"})
    assert res.key[ms[0]] == res.key[ms[1]]
    office = next(e for e in res.entities if e.key == res.key[ms[0]])
    assert office.label == "江城市东区新冠肺炎疫情防控指挥部"
    assert "东区疫情防控指挥部" in office.aliases


def test_bodies_that_share_only_a_suffix_stay_apart():
    ms = [m("青山办事处", "OFFICE"), m("白水办事处", "OFFICE"), m("办事处", "OFFICE")]
    res = resolve(ms, {"a-1": "p"})
    assert len(set(keys(res, ms))) == 3


def test_short_form_within_an_article_joins_the_long_form():
    ms = [m("疫情防控信息核查专班", "OFFICE"), m("核查专班", "OFFICE")]
    res = resolve(ms, {"a-1": "p"})
    assert res.key[ms[0]] == res.key[ms[1]]


def test_relative_name_is_completed_with_the_city_of_the_page():
    ms = [m("江城市", "PLACE"), m("江城市", "PLACE"), m("市卫健委", "OFFICE")]
    res = resolve(ms, {"a-1": "p"})
    office = next(e for e in res.entities if e.type == "OFFICE")
    assert office.label == "江城市卫健委" and "市卫健委" in office.aliases


def test_city_with_and_without_its_suffix_is_one_place():
    ms = [m("江城市", "PLACE"), m("江城", "PLACE")]
    res = resolve(ms, {"a-1": "p"})
    assert res.key[ms[0]] == res.key[ms[1]]


def test_unprefixed_bodies_on_different_pages_stay_apart():
    ms = [m("江城市疫情防控指挥部", "OFFICE", "a-1"), m("疫情防控指挥部", "OFFICE", "b-1")]
    res = resolve(ms, {"a-1": "p1", "b-1": "p2"})
    assert res.key[ms[0]] != res.key[ms[1]]


def test_mentions_and_articles_are_counted():
    ms = [m("王小明", "PERSON", "a-1"), m("王小明", "PERSON", "a-2")]
    (ent,) = resolve(ms, {"a-1": "p", "a-2": "p"}).entities
    assert ent.mentions == 2 and ent.articles == {"a-1", "a-2"}
