"""The shipped rules written straight in Polars, without the engine: what riskengine is measured against.

A careful analyst's program for one province, in plain Polars: no import of riskengine or of its
plugins. The data contract (``schemas/records/*.json``) gives the fields, types, enums and keys;
the shipped YAML packs (``rules/*.yaml``) give each rule's parameters, severity, escalation, message
template, responsible post and rectification; the logic of every rule is written out here, one
module per domain:

- ``load``: typed load with rejected rows (required fields, enums, types, duplicate keys);
- ``run``: the assessment's frames and dates, and how a rule's rows become findings;
- ``links`` and ``peers``: cadres' relatives and companies, peer groups and Tukey fences;
- ``finance``, ``finance_stats``, ``disclosure``, ``related``: the finance-disclosure pack;
- ``procurement``, ``bids``: the procurement pack; ``welfare``, ``welfare_rolls``: the welfare pack;
- ``conduct``, ``recurrence``: the cadre-conduct and recurrence packs;
- ``score``: finding ids, post scores and levels, tasks; ``output``: the JSON document.

Every rule is a lazy query reading the columns it needs; all of them are collected together
(``pl.collect_all``), shared intermediates are cached once, and strings are built for findings only.
"""
