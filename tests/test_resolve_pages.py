"""One node per body across pages (issue 14): short forms find their full body through the place a
page is about, and equal names in different places stay apart. Pages written for the test."""
from kg.build import run


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def labels(G, type_):
    return sorted(d["label"] for _, d in G.nodes(data=True) if d.get("type") == type_)


def test_a_short_form_is_the_full_body_of_the_pages_district(tmp_path):
    write(tmp_path, "a.txt", "东区社会事业局开展排查\n\n本报讯 近日,东区社会事业局组织干部开展入户排查。东区各社区积极配合。\n")
    write(tmp_path, "b.txt", "社会事业局送去物资\n\n本报讯 近日,社会事业局为东区华兴社区送去防疫物资。东区居民表示感谢。\n")
    G = run(tmp_path).graph
    offices = labels(G, "OFFICE")
    assert offices.count("东区社会事业局") == 1 and "社会事业局" not in offices


def test_the_same_short_name_in_two_counties_is_two_bodies(tmp_path):
    write(tmp_path, "a.txt", "城关镇开展排查\n\n本报讯 近日,甲县城关镇组织干部开展入户排查。甲县各乡镇积极配合,城关镇人民医院派员支援。\n")
    write(tmp_path, "b.txt", "城关镇开展消杀\n\n本报讯 近日,乙县城关镇组织志愿者开展消杀。乙县各乡镇积极配合,城关镇人民医院派员支援。\n")
    G = run(tmp_path).graph
    hospitals = [d for _, d in G.nodes(data=True) if d.get("label") == "城关镇人民医院"]
    assert len(hospitals) == 2  # one in each county


def test_the_same_name_on_pages_of_one_county_is_one_body(tmp_path):
    write(tmp_path, "a.txt", "城关镇开展排查\n\n本报讯 近日,甲县城关镇人民医院派员开展核酸检测。甲县各乡镇积极配合。\n")
    write(tmp_path, "b.txt", "城关镇开展消杀\n\n本报讯 近日,甲县城关镇人民医院组织医护人员开展消杀。甲县居民积极配合。\n")
    G = run(tmp_path).graph
    assert len([d for _, d in G.nodes(data=True) if d["label"].endswith("城关镇人民医院")]) == 1
