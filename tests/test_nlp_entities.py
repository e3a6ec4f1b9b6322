"""The entity components on sentences written for these tests (names and places made up)."""
import pytest

from kg.nlp.pipeline import get_nlp


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def ents(nlp, text):
    return {(e.kb_id_, e.label_) for e in nlp(text).ents}


def test_offices_take_their_left_edge_from_word_boundaries(nlp):
    found = ents(nlp, "近日，高新区卫生健康委员会组织召开会议，监督员与辖区办事处工作人员交流。")
    assert ("高新区卫生健康委员会", "OFFICE") in found
    # 辖区 is not a name: "辖区办事处" is no office, and neither is a greedy "监督员与辖区办事处"
    assert not any("办事处" in name for name, _ in found)


def test_glued_units_are_split_and_a_branch_keeps_its_community(nlp):
    doc = nlp("近日，东湖街道办事处青石村党支部组织党员志愿者开展入户排查。")
    found = {(e.kb_id_, e.label_) for e in doc.ents}
    assert ("东湖街道办事处", "OFFICE") in found
    assert ("青石村党支部", "OFFICE") in found
    assert ("青石村", "COMMUNITY") in {(s.text, s.label_) for s in doc.spans["kg_nested"]}


def test_estate_named_again_without_its_suffix_is_the_same_community(nlp):
    doc = nlp("明珠华庭小区有居民三千余人。明珠华庭是较早建成的小区。")
    communities = [e for e in doc.ents if e.label_ == "COMMUNITY"]
    assert len(communities) == 2
    assert {e.kb_id_ for e in communities} == {"明珠华庭小区"}


def test_people_need_a_surname_and_two_character_names_need_context(nlp):
    found = ents(nlp, "社区党委书记刘春华介绍，志愿者赵敏、钱立每天上门送菜。")
    assert {("刘春华", "PERSON"), ("赵敏", "PERSON"), ("钱立", "PERSON")} <= found


def test_measures_from_vocabulary_and_coined_names(nlp):
    found = ents(nlp, "街道坚持“五清一到位”原则，推行网格化管理，开展“清零行动”，对居家隔离人员做好核酸检测。")
    names = {n for n, t in found if t == "MEASURE"}
    assert {"网格化管理", "清零行动", "居家隔离", "核酸检测"} <= names
    assert any(n.startswith("五清一到位") for n in names)


def test_platforms_in_quotes_and_apps(nlp):
    found = ents(nlp, "居民可通过“平安东城”“掌上社区”平台反映问题，出示健康码后进入。")
    assert {("平安东城", "PLATFORM"), ("掌上社区", "PLATFORM"), ("健康码", "PLATFORM")} <= found


def test_places_reject_one_character_abbreviations(nlp):
    found = ents(nlp, "援鄂医疗队从武汉市返回，在赣休整。")
    assert ("武汉市", "PLACE") in found
    assert not any(len(n) == 1 for n, _ in found)


def test_empty_and_whitespace_text(nlp):
    assert len(nlp("")) == 0
    doc = nlp("  \n ")
    assert doc.text == "  \n " and not doc.ents


def test_a_place_named_after_a_body_is_not_the_body(nlp):
    found = ents(nlp, "欢送仪式在新华路卫健委停车场举行，区卫健委主任致辞。")
    assert not any(name.startswith("新华路") for name, _ in found)
    assert ("区卫健委", "OFFICE") in found
