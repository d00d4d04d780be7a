"""Stage 1, data: the ledgers (台账) an assessment reads.

Record types and their JSON Schemas (:mod:`.records`), the readers for CSV, JSONL, Parquet and XLSX
(:mod:`.files`, :mod:`.csv_reader`, :mod:`.jsonl_reader`), headers and values as people type them
(:mod:`.headers`, :mod:`.normalise`), column-wise row validation (:mod:`.validation`) and the loaded
:class:`~.dataset.Dataset` with its rejected rows. Also the assessed :class:`~.period.Period` and the
working calendar. Nothing here knows about rules.
"""
