"""Ingest: text files in, articles and sentences out.

    from kg.ingest import read_page
    page = read_page("examples/sample_page.txt")
    for article in page.articles:
        print(article.id, article.headline, [a.name for a in article.authors])

Modules: `read` (files and encodings), `clean` (whitespace, wraps and web debris, with source
offsets), `bylines` (authors, datelines, metadata lines), `segment` (bodies and the lines between
them), `headers` (which headline and unit line belongs to which article), `dates` (when each
report was published, and where that was read), `sentences` (with `cuts`, which cuts over-long
ones at safe points), `sniff` (is a file plain text at all?), `page`
(the stage put together) and `lexicon` (the vocabulary in kg/data/ingest/).
"""
from kg.ingest.page import parse_page, read_page
from kg.ingest.read import iter_input_files, read_text

__all__ = ["iter_input_files", "parse_page", "read_page", "read_text"]
