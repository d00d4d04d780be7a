"""The rectification ledger (整改台账): one row per task, as an officer hands it on (xlsx, csv or json).

Byte-identical output for identical inputs: fixed workbook properties, no timestamps, rows in the
order the tasks are given.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import RiskEngineError
from ..messages import text

COLUMNS = (
    "序号",
    "社区",
    "岗位",
    "责任人",
    "问题描述",
    "整改措施",
    "整改时限",
    "完成情况",
    "佐证材料",
    "销号日期",
    "状态",
)
KEYS = (
    "no",
    "org",
    "post",
    "holder",
    "problem",
    "measures",
    "deadline",
    "progress",
    "evidence",
    "closed_on",
    "status",
)
DATE_COLUMNS = ("deadline", "closed_on")
FORMATS = ("xlsx", "csv", "json")
# xlsxwriter stamps the creation time into docProps/core.xml; a fixed one keeps the bytes stable.
FIXED_CREATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
MAX_WIDTH = 60


class ExportError(RiskEngineError):
    """The ledger cannot be written as asked (format and file name disagree, unwritable path)."""


def check_output(path: Path, fmt: str) -> None:
    """Refuse ``-o x.csv --format xlsx`` and the like before any work is done."""
    if fmt not in FORMATS:
        raise ExportError(text("export_bad_format", fmt=fmt, formats=" / ".join(FORMATS)))
    if path.suffix.lower() != f".{fmt}":
        raise ExportError(text("export_bad_suffix", path=path, fmt=fmt))


def ledger_rows(
    tasks: Sequence[dict[str, Any]],
    *,
    evidence: Callable[[str], list[str]] | None = None,
) -> list[dict[str, Any]]:
    """The ledger's rows (keys :data:`KEYS`; dates as :class:`datetime.date`) for ``tasks``."""
    rows = []
    for number, task in enumerate(tasks, start=1):
        status = task["status_label"]
        if task.get("overdue"):
            status += "（逾期）"
        if task.get("escalation"):
            status += f"（复发升级 {task['escalation']} 次）"
        progress = task.get("close_note") or {
            "open": "未开始整改",
            "in_progress": "整改中",
            "submitted": "已提交整改材料，待审核",
            "reopened": "销号后复发，重新整改",
        }.get(task["status"], "")
        if task.get("observation") == "verified_by_data" and task["status"] != "closed":
            progress += "；数据核验：问题已不存在，待审核销号"
        elif task.get("observation") == "not_observed" and task["status"] != "closed":
            progress += "；最近评估未再发现，待核实"
        rows.append(
            {
                "no": number,
                "org": _named(task.get("org_name"), task["org_id"]),
                "post": _named(task.get("post_title"), task["post_id"]),
                "holder": task.get("holder") or "",
                "problem": task.get("problem") or task["title"],
                "measures": "；".join(task["measures"]),
                "deadline": dt.date.fromisoformat(task["deadline"]),
                "progress": progress,
                "evidence": "；".join(evidence(task["task_id"]) if evidence else []),
                "closed_on": dt.date.fromisoformat(task["closed_on"]) if task["status"] == "closed" else None,
                "status": status,
            }
        )
    return rows


def export_tasks(
    tasks: Sequence[dict[str, Any]],
    path: Path,
    fmt: str,
    *,
    evidence: Callable[[str], list[str]] | None = None,
) -> int:
    """Write the ledger of ``tasks`` to ``path`` as ``fmt``; returns the number of rows."""
    check_output(path, fmt)
    rows = ledger_rows(tasks, evidence=evidence)
    data = {"xlsx": _xlsx, "csv": _csv, "json": _json}[fmt](rows)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ExportError(text("export_cannot_write", path=path, error=exc.strerror or exc)) from None
    return len(rows)


def _named(name: str | None, ident: str) -> str:
    return f"{name}（{ident}）" if name and name != ident else ident


def _text(value: Any) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _csv(rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([_text(row[key]) for key in KEYS] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def _json(rows: list[dict[str, Any]]) -> bytes:
    items = [
        {
            column: row[key].isoformat() if isinstance(row[key], dt.date) else row[key]
            for column, key in zip(COLUMNS, KEYS, strict=True)
        }
        for row in rows
    ]
    return (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _xlsx(rows: list[dict[str, Any]]) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"title": "整改台账", "created": FIXED_CREATED})
    sheet = workbook.add_worksheet("整改台账")
    header = workbook.add_format(
        {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "valign": "vcenter"}
    )
    cell = workbook.add_format({"text_wrap": True, "valign": "top"})
    date = workbook.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
    widths = [_width(column) for column in COLUMNS]
    sheet.write_row(0, 0, COLUMNS, header)
    for r, row in enumerate(rows, start=1):
        for c, key in enumerate(KEYS):
            value = row[key]
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date)
            elif value is None or value == "":
                sheet.write_blank(r, c, None, cell)
            else:
                sheet.write(r, c, value, cell)
            widths[c] = max(widths[c], _width(_text(value)))
    for c, width in enumerate(widths):
        sheet.set_column(c, c, min(width, MAX_WIDTH) + 2)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(COLUMNS) - 1)
    workbook.close()
    return buffer.getvalue()


def _width(value: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in value)
