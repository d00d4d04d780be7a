"""The rule-pack schema offered to editors, enriched with what is installed.

The published ``schemas/rulepack.schema.json`` validates any pack; editors also want to
complete names. This schema adds the installed detectors (with their parameters), record
types, pack ids and rule ids (with their parameters, under ``rule_overrides``), so the YAML
language server offers them as the author types.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from ..engine import Engine
from ..packs.schema_errors import rulepack_schema


def editor_schema(engine: Engine) -> dict[str, Any]:
    """The rule-pack schema with enumerations of what ``engine`` has loaded."""
    schema = copy.deepcopy(rulepack_schema())
    schema["$id"] = "riskengine-installed-rulepack.schema.json"
    detectors = engine.registry.detectors
    rule_props = schema["$defs"]["rule"]["properties"]
    rule_props["detector"] = {**rule_props["detector"], "enum": sorted(detectors)}
    rule_props["reads"] = {**rule_props["reads"], "enum": sorted(engine.registry.record_types)}
    # Parameters a rule may set: the union of every detector's parameters (an editor completes
    # names; the detector's own schema still checks them when the pack loads).
    names = sorted({name for d in detectors.values() for name in d.params_schema.get("properties", {})})
    rule_props["parameters"] = {**rule_props["parameters"],
                                "properties": {name: _parameter_doc(name, detectors) for name in names}}
    pack_props = schema["properties"]["pack"]["properties"]
    pack_props["extends"] = {**pack_props["extends"], "examples": sorted(p.id for p in engine.rulebook.packs)}
    overrides = schema["properties"]["rule_overrides"]
    item = overrides["additionalProperties"]
    overrides["properties"] = {
        rule.id: _override_for(rule.title, rule.parameters, item) for rule in engine.rulebook.rules
    }
    return schema


def _override_for(title: str, parameters: Mapping[str, Any], item: Mapping[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(dict(item))
    out["description"] = title
    params = out["properties"]["parameters"]
    params["properties"] = {
        name: {"description": f"当前值：{value}", "$ref": "#/$defs/parameter_value"}
        for name, value in sorted(parameters.items())
    }
    return out


def _parameter_doc(name: str, detectors: Mapping[str, Any]) -> dict[str, Any]:
    users = [d for d in detectors.values() if name in d.params_schema.get("properties", {})]
    meanings = sorted({d.params_schema["properties"][name].get("description", "") for d in users} - {""})
    used_by = "、".join(sorted(d.name for d in users))
    return {"description": ("；".join(meanings) + "。" if meanings else "") + f"检测器：{used_by}",
            "$ref": "#/$defs/parameter_value"}
