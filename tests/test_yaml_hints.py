"""YAML syntax errors are explained in Chinese at the line of the mistake, with its likely cause."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from riskengine.cli import main

FILES = Path(__file__).parent / "files" / "packs" / "yaml_syntax"


@pytest.mark.parametrize(
    ("name", "where", "says"),
    [
        ("full_width_colon", "2:5", "这里用了全角符号“：”（中文输入法），YAML 需要半角的“: ”"),
        ("tab", "2:1", "这一行用 Tab 键缩进；YAML 只能用空格缩进"),
        ("indent", "3:1", "缩进不一致：这一行缩进 3 个空格，而上一行同级的键缩进 2 个空格"),
        ("unclosed_quote", "3:12", "引号 \" 没有闭合"),
        ("colon_in_value", "3:11", "值里含有冒号“: ”却没有加引号"),
        ("missing_colon", "3:3", "缺少冒号：每个键后面应写“: ”"),
    ],
)
def test_syntax_error_is_explained_where_it_is(name, where, says):
    result = CliRunner().invoke(main, ["rules", "check", str(FILES / f"{name}.yaml")])
    assert result.exit_code == 3
    assert f"{name}.yaml:{where}: " in result.output and says in result.output, result.output
