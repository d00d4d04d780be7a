"""Stage 4, outcome: findings become post scores and levels, rectification tasks and the result document.

:mod:`.scoring` (一级/二级/三级), :mod:`.tasks` (整改任务), :mod:`.result` (the JSON document of
``schemas/result.schema.json``), with stable ids (:mod:`.ids`) and display names (:mod:`.names`).
"""
