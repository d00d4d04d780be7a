"""Fuzzing the dataset readers: whatever the bytes, no traceback and every line accounted for.

Hypothesis writes CSV and JSONL files from good rows, junk (stray quotes, separators,
tabs, carriage returns, NULs, full-width text), ragged rows, blank lines, 合计 rows, lines in
GBK, title rows and BOMs. For each file, :func:`riskengine.data.dataset.read_table` must return
(never raise), and the counts must add up exactly: rows read = evaluated + rejected, and
rows read + lines skipped (blank, 合计, continuation of a quoted cell) = the lines below
the header. 1,010 files per run (derandomized, so CI sees the same ones every time).
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from riskengine.data.dataset import read_table
from riskengine.data.records import load_builtin_record_types

TYPES = {t.name: t for t in load_builtin_record_types()}
ORGS = TYPES["orgs"]
FUZZ = settings(
    max_examples=650,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

ids = st.from_regex(r"[CS][0-9]{1,3}", fullmatch=True)
names = st.text(alphabet="示例社区街道村委会 abc", min_size=1, max_size=6)
levels = st.sampled_from(["street", "community", "village", "town", "社区", ""])
junk_cell = st.text(alphabet='abc123,."\'\t\r 中文￥，０\x00;', max_size=8)


def csv_cell(text: str) -> str:
    return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(c in text for c in ',"\n') else text


good_csv_line = st.tuples(ids, names, levels, st.one_of(st.just(""), ids)).map(
    lambda cells: ",".join(csv_cell(c) for c in cells)
)
csv_line = st.one_of(
    good_csv_line,
    good_csv_line,
    st.lists(junk_cell, max_size=7).map(",".join),  # stray quotes, ragged rows, anything
    st.sampled_from(["", " ", ",,,", "\t", '"",""', "合计,,,", "本月合计,,,12"]),
    st.tuples(ids, names).map(lambda c: f'{c[0]},"{c[1]}\n续行",community,'),  # a cell over two lines
)


@st.composite
def csv_files(draw) -> bytes:
    header = draw(st.sampled_from(["org_id,name,level,parent_id", "组织编号, 组织名称 ,层级,上级编号"]))
    lines = draw(st.lists(csv_line, max_size=25))
    encoded = []
    for line in lines:
        in_gbk = draw(st.booleans()) and draw(st.booleans())
        try:
            encoded.append(line.encode("gbk") if in_gbk else line.encode("utf-8"))
        except UnicodeEncodeError:
            encoded.append(line.encode("utf-8"))
    end = draw(st.sampled_from([b"\n", b"\r\n"]))
    top = [b"2026 \xe5\x8f\xb0\xe8\xb4\xa6,,,"] if draw(st.booleans()) else []  # a title row
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    body = end.join([*top, header.encode("utf-8"), *encoded])
    return bom + body + (end if draw(st.booleans()) else b"")


def assert_accounted(data: bytes, read, header_lines: int) -> None:
    info = read.info
    assert info.rows == info.rows_evaluated + info.rows_rejected
    rejected_rows = {r.row for r in read.rejected}
    if 0 in rejected_rows:  # the whole table (a required column is missing): every row
        assert info.rows_evaluated == 0
    else:
        assert info.rows_rejected == len(rejected_rows)
    if read.frame is not None:
        assert read.frame.height == info.rows_evaluated
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    assert info.rows + read.skipped == len(lines) - header_lines
    for row in read.rejected:  # row 0 is the whole table, for a fault of its header
        assert 0 < row.row <= len(lines) or (row.row == 0 and row.field is not None)


@FUZZ
@given(csv_files())
def test_csv_reader_accounts_for_every_line(data):
    read = read_table(data, "csv", ORGS, "orgs.csv")
    titled = data.removeprefix(b"\xef\xbb\xbf").startswith(b"2026 ")
    assert_accounted(data, read, 2 if titled else 1)


json_value = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), names, ids)
good_object = st.fixed_dictionaries(
    {"org_id": ids, "name": names, "level": levels},
    optional={"parent_id": json_value, "备注": json_value, "组织编号": ids},
)
jsonl_line = st.one_of(
    good_object.map(lambda o: json.dumps(o, ensure_ascii=False)),
    good_object.map(lambda o: json.dumps(o, ensure_ascii=False)),
    st.dictionaries(st.sampled_from(["org_id", "name", "level", "x"]), json_value | st.lists(ids, max_size=2))
    .map(json.dumps),
    st.text(alphabet='{}[]":,ab1 中\t', max_size=12),  # broken JSON
    st.sampled_from(["", "  ", "[1, 2]", "3", '"text"', "null", "{}", '{"org_id": {"nested": 1}}']),
)


@st.composite
def jsonl_files(draw) -> bytes:
    lines = draw(st.lists(jsonl_line, max_size=20))
    encoded = []
    for line in lines:
        try:
            encoded.append(line.encode("gbk") if draw(st.integers(0, 5)) == 0 else line.encode("utf-8"))
        except UnicodeEncodeError:
            encoded.append(line.encode("utf-8"))
    return b"\n".join(encoded) + (b"\n" if draw(st.booleans()) else b"")


@settings(FUZZ, max_examples=360)
@given(jsonl_files())
def test_jsonl_reader_accounts_for_every_line(data):
    read = read_table(data, "jsonl", ORGS, "orgs.jsonl")
    if read.absent and read.info.rows == 0 and not data.strip():
        return  # an empty file: nothing to account for
    assert_accounted(data, read, 0)


# ---------------------------------------------------------------- the one-pass path for clean CSV

clean_csv_line = st.one_of(
    good_csv_line,
    good_csv_line,
    good_csv_line,
    st.sampled_from(
        [
            "",  # blank
            " ",
            ",,,",
            "C1,名",  # too few fields
            "C1,名,community,",  # empty last cell
            "C1,名,community,C2,",  # a field too many (empty)
            "C1,名,community,C2,x",  # a field too many
            '"C1","a,b",community,C2',  # quoted, separator inside
            '"C1",a"b,community,C2',  # a stray quote
            "C1,名\r,community,C2",  # a carriage return inside a line
        ]
    ),
)


@st.composite
def mostly_clean_csv_files(draw) -> bytes:
    header = draw(st.sampled_from(["org_id,name,level,parent_id", "组织编号, 组织名称 ,层级,上级编号"]))
    lines = draw(st.lists(clean_csv_line, max_size=12))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    top = ["2026 台账,,,"] if draw(st.booleans()) else []
    bom = "\ufeff" if draw(st.booleans()) else ""
    return (bom + end.join([*top, header, *lines]) + (end if draw(st.booleans()) else "")).encode("utf-8")


def _as_read(table) -> tuple:
    rows = table.rows if isinstance(table.rows, int) else table.rows.to_list()
    if not isinstance(rows, int) and rows == list(range(rows[0], rows[0] + len(rows)) if rows else []):
        rows = rows[0] if rows else rows  # a consecutive Series is the same as its first number
    return (table.frame.to_dict(as_series=False), rows, table.notices, table.rejected, table.problems,
            table.joined_lines, table.blank_lines)


@settings(FUZZ, max_examples=400)
@given(mostly_clean_csv_files())
def test_csv_one_pass_path_reads_as_the_careful_path(data):
    """When the one-pass path takes a file, the careful line-by-line path reads it the same."""
    assert_one_pass_as_careful(data)


@settings(FUZZ, max_examples=300)
@given(csv_files())
def test_csv_one_pass_path_reads_messy_files_as_the_careful_path(data):
    """The same on the messy files above (junk, GBK lines, ragged rows), where it seldom applies."""
    assert_one_pass_as_careful(data)


def assert_one_pass_as_careful(data: bytes) -> None:
    from riskengine.data import csv_reader
    from riskengine.data.tabular import EmptyFile, UnreadableFile

    clean = csv_reader._read_clean(data, ORGS)
    if clean is None:
        return
    original = csv_reader._read_clean
    csv_reader._read_clean = lambda *_: None
    try:
        careful = csv_reader.read_csv(data, ORGS)
    except (EmptyFile, UnreadableFile) as exc:  # pragma: no cover - a failure to show
        raise AssertionError(f"the one-pass path read a file the careful path refuses: {exc}") from exc
    finally:
        csv_reader._read_clean = original
    assert _as_read(clean) == _as_read(careful)


def test_csv_one_pass_path_takes_clean_files_and_leaves_the_rest():
    from riskengine.data.csv_reader import _read_clean

    clean = "\ufefforg_id,name,level,parent_id\r\nC1,甲,community,S1\r\n\r\nC2,\"乙,丙\",community,\r\n"
    table = _read_clean(clean.encode("utf-8"), ORGS)
    assert table is not None and table.frame.height == 3 and table.rows == 2
    header = "org_id,name,level,parent_id\n"
    for messy in [
        "C1,甲\n",  # too few fields
        "C1,甲,community,S1,x\n",  # too many
        'C1,"甲\n乙",community,S1\n',  # a cell over two lines
        'C1,甲"乙,community,S1\n',  # a stray quote
    ]:
        assert _read_clean((header + messy).encode("utf-8"), ORGS) is None, messy
    assert _read_clean((header + "C1,甲,community,S1\n").encode("utf-8"), ORGS) is not None
    assert _read_clean("org_id,name\nC1,甲\n".encode("gbk"), ORGS) is None  # not UTF-8
