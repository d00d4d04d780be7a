"""Stage 3, evaluation: compiled rules run column-wise over the dataset's frames.

:mod:`.evaluate` turns every rule into rows of one findings frame, handed on as a typed
:class:`~.findings.Findings` (with the rules not evaluated); detectors (:mod:`.detectors`) are the
named queries plugins provide, with the shared relationship graph (:mod:`.graph`), peer statistics
(:mod:`.peers`), cross-record lookups (:mod:`.lookups`) and message templates (:mod:`.templates`).
"""
