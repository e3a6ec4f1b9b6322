"""kg/workers.py: batches for the worker processes, cut by characters."""
from __future__ import annotations

from kg.workers import BATCH, BATCH_CHARS, plan_batches


class Article:
    def __init__(self, n: int):
        self.body = "字" * n


def test_batches_keep_every_article_in_order_and_give_each_worker_several():
    articles = [Article(100 + 37 * (i % 11)) for i in range(146)]  # the size of the 10% slice
    for jobs in (1, 2, 4):
        batches = plan_batches(articles, jobs)
        assert [a for b in batches for a in b] == articles
        assert all(len(b) <= BATCH for b in batches)
    assert len(plan_batches(articles, 2)) >= 2 * 8 - 1, "two workers each get several batches"


def test_batches_stay_within_the_character_cap_on_a_large_input():
    articles = [Article(1500) for _ in range(1400)]
    batches = plan_batches(articles, 2)
    assert all(sum(len(a.body) for a in b) <= BATCH_CHARS for b in batches)
