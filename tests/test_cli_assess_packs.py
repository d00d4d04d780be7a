"""``riskengine assess --rules PACK`` with a pack that cannot be read at all: exit 3, nothing assessed."""

from pathlib import Path

from click.testing import CliRunner

from riskengine.cli import main

FILES = Path(__file__).parent / "files"


def test_an_unreadable_pack_stops_the_run_with_exit_3():
    result = CliRunner().invoke(
        main,
        ["assess", str(FILES / "street_a"), "--no-db", "--as-of", "2026-11-30", "--rules", str(FILES / "packs" / "bad_encoding.yaml")],
    )
    assert result.exit_code == 3, result.output
    assert result.stderr.splitlines() == [
        "规则包 tests/files/packs/bad_encoding.yaml 无法读取",
        "  tests/files/packs/bad_encoding.yaml:4:12: 无法识别文件编码：字节 0x80 既不是 UTF-8 也不是 GBK/GB18030；"
        "请在编辑器中另存为 UTF-8",
    ]
    assert result.stdout == ""
