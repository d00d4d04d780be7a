"""Stage 4, outcome: findings become post scores and levels, rectification tasks and the typed result.

:mod:`.scoring` (一级/二级/三级), :mod:`.tasks` (整改任务), :mod:`.assemble` (the typed
:class:`~.assessment.Assessment`: metadata and frames, columns in :mod:`.columns`),
:mod:`.document` (its RESULT.md document, built in that one place; :mod:`.json_writer` writes it,
the long lists straight from the frames through :mod:`.json_text`), :mod:`.schema` (the contract
``schemas/result.schema.json`` for documents read back, :mod:`.read_back`), with stable ids
(:mod:`.ids`) and display names (:mod:`.names`).
"""
