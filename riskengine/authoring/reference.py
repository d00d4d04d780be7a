"""The detector reference: every installed detector, its parameters and its output fields.

Generated from the plugins' own declarations (``Detector.params_schema``, ``outputs``,
``description``), so the reference cannot drift from the code. ``riskengine rules detectors``
prints it; ``docs/detectors.md`` is the same text in Markdown, checked by a test.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..evaluation.detectors import Detector
from ..messages import text

_KIND_NAMES = {
    "string": "kind_string", "number": "kind_number", "integer": "kind_integer",
    "boolean": "kind_boolean", "date": "kind_date", "month": "kind_month",
    "array": "kind_list", "list": "kind_list", "object": "kind_object",
}


BUILTIN_MODULES = ("riskengine.", "riskengine_plugins.")


def builtin(detectors: Iterable[Detector]) -> list[Detector]:
    """The detectors that ship with riskengine (the generated guide documents only these)."""
    return [d for d in detectors if d.run.__module__.startswith(BUILTIN_MODULES)]


def parameter_rows(detector: Detector) -> list[dict[str, str]]:
    """One row per parameter: name, type, default, allowed range, meaning."""
    properties: Mapping[str, Any] = detector.params_schema.get("properties", {})
    required = set(detector.params_schema.get("required", ()))
    rows = []
    for name, spec in properties.items():
        rows.append({
            "name": name,
            "type": _type_name(spec),
            "default": _show(spec["default"]) if "default" in spec else (
                text("ref_required") if name in required else "—"),
            "range": _range(spec),
            "meaning": spec.get("description", "—"),
        })
    return rows


def markdown(detectors: Iterable[Detector]) -> str:
    """The reference as Markdown (``docs/detectors.md``)."""
    out = [text("ref_title_md"), "", text("ref_intro"), ""]
    for detector in sorted(detectors, key=lambda d: d.name):
        out += [f"## `{detector.name}`", "", detector.description or "—", ""]
        out.append(text("ref_meta", plugin=detector.plugin or "—",
                        reads="、".join(f"`{r}`" for r in detector.reads) or "—"))
        out.append("")
        rows = parameter_rows(detector)
        if rows:
            out += [text("ref_params_head"), "", text("ref_params_table"), "|---|---|---|---|---|"]
            out += [f"| `{r['name']}` | {r['type']} | {r['default']} | {r['range']} | {r['meaning']} |"
                    for r in rows]
        else:
            out.append(text("ref_no_params"))
        out.append("")
        if detector.outputs:
            out += [text("ref_outputs_head"), "", text("ref_outputs_table"), "|---|---|"]
            out += [f"| `{name}` | {_kind(kind)} |" for name, kind in detector.outputs.items()]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def plain(detectors: Iterable[Detector]) -> str:
    """The reference for a terminal."""
    out = []
    for detector in sorted(detectors, key=lambda d: d.name):
        reads = "、".join(detector.reads)
        out.append(f"{detector.name}  [{detector.plugin or '—'}]  {text('ref_reads')}：{reads}")
        if detector.description:
            out.append(f"  {detector.description}")
        for row in parameter_rows(detector):
            out.append(f"  params.{row['name']}（{row['type']}，{text('ref_default')} {row['default']}"
                       + (f"，{row['range']}" if row["range"] != "—" else "") + f"）：{row['meaning']}")
        if detector.outputs:
            fields = "、".join(f"{name}（{_kind(kind)}）" for name, kind in detector.outputs.items())
            out.append(f"  {text('ref_outputs')}：{fields}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _type_name(spec: Mapping[str, Any]) -> str:
    kind = spec.get("type", "")
    if isinstance(kind, list):
        return " / ".join(_kind(k) for k in kind if k != "null")
    if kind == "array" and isinstance(spec.get("items"), Mapping):
        inner = spec["items"]
        if "enum" in inner:
            return text("ref_list_of", kind=" / ".join(map(str, inner["enum"])))
        return text("ref_list_of", kind=_kind(inner.get("type", "")))
    if "enum" in spec:
        return " / ".join(map(str, spec["enum"]))
    return _kind(kind) if kind else "—"


def _range(spec: Mapping[str, Any]) -> str:
    parts = []
    if "minimum" in spec:
        parts.append(f"≥ {_show(spec['minimum'])}")
    if "exclusiveMinimum" in spec:
        parts.append(f"> {_show(spec['exclusiveMinimum'])}")
    if "maximum" in spec:
        parts.append(f"≤ {_show(spec['maximum'])}")
    if "exclusiveMaximum" in spec:
        parts.append(f"< {_show(spec['exclusiveMaximum'])}")
    return "，".join(parts) or "—"


def _kind(kind: str) -> str:
    key = _KIND_NAMES.get(kind)
    return text(key) if key else kind


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)
