"""Write a dataset the way ledgers really arrive: the messy twin of a clean CSV dataset.

Every CSV file gets a title row above a header of Chinese labels, amounts written as
``12,345.00``, ``￥300``, ``300元`` or in full-width digits, dates as ``2026/3/5``,
``2026年3月5日`` or ``2026.03.05``, months as ``2026年3月``, stray spaces around ids, and a
合计 (total) row at the bottom. A few lines of the ledger are broken on purpose (a stray
quote, a line saved in GBK, a field too many); :func:`write_messy_file` says where.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from riskengine.data.records import FieldKind, RecordType

_FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def header_label(name: str, prop: dict) -> str:
    aliases = prop.get("x-aliases") or []
    return aliases[0] if aliases else prop.get("description") or name


def messy_number(text: str, i: int) -> str:
    value = float(text)
    style = i % 5
    if style == 1:
        return f"{value:,.2f}"
    if style == 2:
        return f"￥{text}"
    if style == 3:
        return f"{text}元"
    if style == 4:
        return text.translate(_FULL_WIDTH)
    return text


def messy_date(text: str, i: int) -> str:
    year, month, day = text.split("-")
    style = i % 4
    if style == 1:
        return f"{year}/{int(month)}/{int(day)}"
    if style == 2:
        return f"{year}年{int(month)}月{int(day)}日"
    if style == 3:
        return f"{year}.{month}.{day}"
    return text


def messy_month(text: str, i: int) -> str:
    year, month = text.split("-")
    return f"{year}年{int(month)}月" if i % 2 else text


def messy_rows(rows: list[dict], record_type: RecordType) -> list[list[str]]:
    kinds = record_type.fields
    out = []
    for i, row in enumerate(rows):
        cells = []
        for name, value in row.items():
            kind = kinds.get(name)
            if value in (None, ""):
                cells.append("")
            elif kind is FieldKind.NUMBER:
                cells.append(messy_number(value, i + len(name)))
            elif kind is FieldKind.DATE:
                cells.append(messy_date(value, i + len(name)))
            elif kind is FieldKind.MONTH:
                cells.append(messy_month(value, i))
            elif name in record_type.key and i % 7 == 0:
                cells.append(f" {value} ")  # stray spaces
            else:
                cells.append(value)
        out.append(cells)
    return out


def line_of(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def write_messy_file(
    source: Path, target: Path, record_type: RecordType, break_rows: dict[int, str] | None = None
) -> dict[int, int]:
    """Write the messy twin of one clean CSV file; returns data index -> Excel row of broken lines.

    ``break_rows`` maps a data row index to how to break it: ``quote``, ``gbk`` or ``extra``.
    """
    with source.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows:
        target.write_bytes(source.read_bytes())
        return {}
    props = record_type.schema.get("properties", {})
    columns = list(rows[0])
    header = [header_label(c, props.get(c, {})) for c in columns]
    title = f"示例街道 {record_type.schema.get('title', record_type.name)}（单位：元）"
    out = ["\ufeff".encode(), line_of([title] + [""] * (len(columns) - 1)).encode(), line_of(header).encode()]
    broken_rows: dict[int, int] = {}
    for i, cells in enumerate(messy_rows(rows, record_type)):
        how = (break_rows or {}).get(i)
        line = line_of(cells)
        if how == "quote":  # a quote that opens a cell and never closes
            line = line.replace(",", ',"', 1)
        elif how == "extra":
            line = line.rstrip("\n") + ",多余的一列\n"
        out.append(line.encode("gbk") if how == "gbk" else line.encode())
        if how:
            broken_rows[i] = i + 3  # title = row 1, header = row 2
    amount = next((c for c in columns if record_type.fields.get(c) is FieldKind.NUMBER), None)
    if amount is not None:
        total = sum(float(r[amount]) for r in rows if r[amount])
        cells = ["合计" if c == columns[0] else f"{total:,.2f}" if c == amount else "" for c in columns]
        out.append(line_of(cells).encode())
    target.write_bytes(b"".join(out))
    return broken_rows
