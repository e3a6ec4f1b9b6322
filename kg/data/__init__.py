"""kg's vocabulary and patterns, as data: one folder per stage that reads them (`ingest/`, `nlp/`
with its regex patterns in `nlp/patterns/`, `extract/`, `resolve/`) and `common/` for the tables
several stages read (surnames, titles, unit suffixes, admin levels, organs). Every file opens with
`#` lines that say where its words come from; `kg.vocab.rows` reads them all."""
