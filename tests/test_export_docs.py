"""kg.export documents itself: module docstrings, numpydoc sections on public writers, doctests."""
from __future__ import annotations

import doctest
import importlib
import inspect

import pytest

MODULES = ["kg.export", "kg.export.atomic", "kg.export.attributes", "kg.export.style", "kg.export.graphml",
           "kg.export.gexf", "kg.export.json", "kg.export.csv", "kg.export.html", "kg.export.page_views"]
WRITERS = ["write_all", "write_graphml", "write_gexf", "write_json", "write_csv", "write_html"]


@pytest.mark.parametrize("name", MODULES)
def test_module_docstring_and_doctests(name):
    module = importlib.import_module(name)
    assert module.__doc__ and len(module.__doc__.strip().splitlines()) >= 3, f"{name} needs a module docstring"
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


@pytest.mark.parametrize("name", WRITERS)
def test_public_writers_have_numpydoc(name):
    import kg.export

    func = getattr(kg.export, name)
    doc = inspect.getdoc(func)
    for section in ("Parameters", "Raises", "Examples"):
        assert f"{section}\n----" in doc, f"{name} lacks a {section} section"


def test_format_traps_are_documented():
    import kg.export.csv
    import kg.export.graphml
    import kg.export.html

    assert "BOM" in kg.export.csv.__doc__ and "Excel" in kg.export.csv.__doc__
    assert "NMTOKEN" in kg.export.graphml.__doc__ and "d3" in kg.export.graphml.__doc__
    assert "CDN" in kg.export.html.__doc__ and "UTF-8" in kg.export.html.__doc__
