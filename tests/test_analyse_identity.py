"""The speed-ups of the analyse stage leave the graph as it was, on the sample page and on a slice
of the benchmark corpus.

* kg's pipeline builds its Docs without spaCy's lexical attributes (kg/nlp/pipeline.py): the graph
  equals the one built with them computed, as spaCy's own Chinese vocabulary does.
* the worker batches are cut by characters (kg/workers.py): tests/test_parallel.py checks that two
  processes give the graph of one.
"""
from __future__ import annotations

import pytest
import spacy
from corpus_slices import SAMPLE, bench_slice

import kg.build
from kg.nlp.pipeline import build_nlp


def _snapshot(G):
    nodes = [(n, dict(d)) for n, d in G.nodes(data=True)]
    edges = [(u, v, k, dict(d)) for u, v, k, d in G.edges(keys=True, data=True)]
    return nodes, edges, dict(G.graph)


@pytest.fixture(scope="module", params=["sample page", "benchmark slice"])
def source(request, tmp_path_factory):
    if request.param == "sample page":
        return SAMPLE
    return bench_slice(tmp_path_factory.mktemp("slice"), chars=40_000, skip=700_000)


@pytest.fixture(scope="module")
def built(source):
    return kg.build.run(source, jobs=1)


def test_docs_without_lexical_attributes_give_the_same_graph(source, built, monkeypatch):
    reference = build_nlp()
    reference.vocab.lex_attr_getters = spacy.blank("zh").vocab.lex_attr_getters
    assert reference.make_doc("二十").to_array("LIKE_NUM").tolist() == [1]  # computed again
    assert kg.build._worker_nlp.vocab.lex_attr_getters == {}
    monkeypatch.setattr(kg.build, "_worker_nlp", reference)
    with_attributes = kg.build.run(source, jobs=1)
    assert built.graph.number_of_edges() > 20
    assert _snapshot(with_attributes.graph) == _snapshot(built.graph)
