"""A very long article is analysed in parts; its mentions land at the article's own offsets."""
from kg.build import analyse
from kg.ingest.page import parse_page
from kg.parts import MAX_PART_CHARS, article_parts

SENTENCES = ["某某街道办事处组织社区工作人员开展核酸检测。", "幸福小区党支部书记张明表示，将做好居家隔离人员的服务。",
             "区卫生健康局会同某某社区开展环境消杀。"]


def test_parts_cover_the_body_and_mentions_return_to_article_offsets():
    body = "".join(SENTENCES[i % 3] + ("\n" if i % 7 == 6 else "") for i in range(2400))  # about 70,000 characters
    article = parse_page("长文\n" + body).articles[0]
    parts = article_parts(article)
    assert len(parts) >= 3
    assert all(len(p.view.body) <= MAX_PART_CHARS + 100 for p in parts)
    assert "".join(p.view.body for p in parts) == article.body
    assert sum(len(p.view.sentences) for p in parts) == len(article.sentences)

    mentions = [m for p, ms in zip(parts, analyse([p.view for p in parts])) for m in p.to_article(ms)]
    assert len(mentions) > 1000
    for m in mentions:
        s = article.sentences[m.sentence]
        assert s.start <= m.start < s.end
        assert article.body[m.start:m.end] == m.text or m.text in article.body[m.start - 2:m.end + 2]


def test_a_short_article_is_one_part_unchanged():
    article = parse_page("".join(SENTENCES)).articles[0]
    (part,) = article_parts(article)
    assert part.view is article
