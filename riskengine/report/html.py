"""The HTML report: one self-contained file (CSS, data and the ECharts library inlined), printable on A4."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jinja2

from ..messages import language, text
from ..render.labels import level_short

ECHARTS_VERSION = "6.1.0"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("riskengine.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(t=text, level_short=level_short)
    return env


def _asset(name: str) -> str:
    return (resources.files("riskengine.report") / name).read_text(encoding="utf-8")


def script_json(value: Any) -> str:
    """JSON safe inside ``<script>``: no ``</script>`` or ``<!--`` can close or confuse the element."""
    return (
        json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def render_report(model: dict[str, Any]) -> str:
    """The report page for ``model`` (see :func:`riskengine.report.model.build_model`)."""
    chart_text = {
        key: text(f"rp_chart_{key}")
        for key in ("high", "medium", "low", "points", "findings", "not_evaluated", "posts", "assessments")
    }
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            m=model,
            lang="en" if language() == "en" else "zh-CN",
            css=_asset("templates/report.css"),
            app_js=_asset("templates/report.js"),
            echarts_js=_asset("vendor/echarts.min.js"),
            echarts_version=ECHARTS_VERSION,
            data_json=script_json({"model": model, "text": chart_text}),
        )
    )
