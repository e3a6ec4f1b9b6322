"""kg: knowledge graphs from Chinese local news.

>>> import kg
>>> G = kg.build_graph("examples/sample_page.txt")   # doctest: +SKIP
>>> G.number_of_nodes()                               # a networkx.MultiDiGraph   # doctest: +SKIP
"""
from kg.errors import InputError, KgError, OutputError

__version__ = "0.1.0"
__all__ = ["build_graph", "run", "BuildResult", "KgError", "InputError", "OutputError"]


def __getattr__(name):
    # the pipeline imports spaCy and onnxruntime: load them only when asked for
    if name in ("build_graph", "run", "BuildResult"):
        from kg import build

        return getattr(build, name)
    raise AttributeError(name)
