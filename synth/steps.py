"""The steps of 四议两公开 (four deliberations, two disclosures) in procedural order, as the
``resolutions`` record schema lists them: generated resolutions use exactly the schema's codes."""

from __future__ import annotations

from riskengine.data.records import load_builtin_record_types

_RESOLUTIONS = next(t for t in load_builtin_record_types() if t.name == "resolutions")
STEPS: tuple[str, ...] = tuple(_RESOLUTIONS.schema["properties"]["steps"]["items"]["enum"])
