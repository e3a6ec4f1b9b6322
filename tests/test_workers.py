"""kg/workers.py: batches for the worker processes, and the pool started before the pages are read."""
from __future__ import annotations

from concurrent.futures import Future

from kg.workers import BATCH, BATCH_CHARS, EarlyPool, plan_batches


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


class FakePool:
    def __init__(self, n):
        self.n, self.tasks, self.shut = n, 0, False

    def submit(self, fn):
        self.tasks += 1
        f = Future()
        f.set_result(fn())
        return f

    def shutdown(self, wait=True, cancel_futures=False):
        self.shut = True


def _files(tmp_path, chars):
    path = tmp_path / "page.txt"
    path.write_text("字" * chars, encoding="utf-8")
    return [path]


def test_a_large_input_starts_every_worker_before_reading(tmp_path):
    pools = []
    early = EarlyPool.start(_files(tmp_path, 5000), 0, 2, 1000, lambda n: pools.append(FakePool(n)) or pools[-1])
    assert [(p.n, p.tasks) for p in pools] == [(2, 2)]
    assert early.take(2) is pools[0] and not pools[0].shut
    early.close()
    assert not pools[0].shut, "a pool taken by the analysis is the analysis's to shut down"


def test_a_pool_nobody_wants_is_shut_down(tmp_path):
    pools = []
    new = lambda n: pools.append(FakePool(n)) or pools[-1]  # noqa: E731
    assert EarlyPool.start(_files(tmp_path, 200), 0, 2, 1000, new).take(2) is None  # small: none started
    assert EarlyPool.start(_files(tmp_path, 5000), 1, 2, 1000, new).take(1) is None  # one job asked for
    assert pools == []
    early = EarlyPool.start(_files(tmp_path, 5000), 0, 2, 1000, new)
    assert early.take(1) is None and pools[0].shut  # the text was shorter than its size said
    early = EarlyPool.start(_files(tmp_path, 5000), 0, 2, 1000, new)
    early.close()
    assert pools[1].shut
