"""Source text of an expression or template: parsing, and mapping offsets to file locations.

Errors must point INTO the YAML file. The caller gives the location of the first character of
the expression (inside the quotes of a quoted scalar, or the first content line of a block
scalar); every offset within the text is added to it. Python's ``ast`` reports UTF-8 byte
columns, which Chinese literals would skew, so they are turned back into character columns.
"""

from __future__ import annotations

import ast
import difflib
import io
import tokenize
import warnings
from collections.abc import Iterable

from .errors import ExpressionError, Location

ANONYMOUS_SOURCE = "<表达式>"


class SourceMap:
    """Maps a character offset in ``text`` to a :class:`Location` in the file the text came from."""

    def __init__(self, text: str, location: Location | None):
        self.text = text
        self.location = location

    def at(self, index: int) -> Location:
        index = max(0, min(index, len(self.text)))
        line_index = self.text.count("\n", 0, index)
        column = index - (self.text.rfind("\n", 0, index) + 1)
        base = self.location
        if base is None:
            return Location(ANONYMOUS_SOURCE, 1 + line_index, 1 + column)
        if base.line is None:
            return base
        # Continuation lines of a block scalar share the first line's indentation, so the
        # same base column holds for them.
        return Location(
            base.source, base.line + line_index, None if base.column is None else base.column + column
        )

    def error(self, index: int, message: str) -> ExpressionError:
        return ExpressionError(message, self.at(index))


class ParsedExpression:
    """An expression parsed in ``eval`` mode, with byte-to-character offset conversion."""

    def __init__(self, source: str, location: Location | None):
        self.map = SourceMap(source, location)
        # Newlines become spaces (same length, so offsets still match the original text):
        # an author may break a long condition over several lines of a block scalar.
        flat = source.replace("\r", " ").replace("\n", " ")
        self.lead = len(flat) - len(flat.lstrip())  # eval mode refuses leading indentation
        self.text = flat.strip()
        self._bytes = self.text.encode("utf-8")
        self._reject_comments()
        try:
            with warnings.catch_warnings():
                # Python's own warnings about escapes like '\]' in strings mean nothing to an author.
                warnings.simplefilter("ignore")
                self.tree = ast.parse(self.text, mode="eval")
        except SyntaxError as exc:
            raise self._syntax_error(exc) from None
        except (RecursionError, MemoryError):
            raise self.map.error(self.lead, "表达式语法错误：嵌套过深") from None

    def index_of(self, node: ast.AST) -> int:
        """Character offset of a node's first token in the original source."""
        column = self._bytes[: node.col_offset].decode("utf-8", errors="ignore")  # type: ignore[attr-defined]
        return self.lead + len(column)

    def end_index_of(self, node: ast.AST) -> int:
        column = self._bytes[: node.end_col_offset].decode("utf-8", errors="ignore")  # type: ignore[attr-defined]
        return self.lead + len(column)

    def location_of(self, node: ast.AST) -> Location:
        return self.map.at(self.index_of(node))

    def error(self, node: ast.AST, message: str) -> ExpressionError:
        return self.map.error(self.index_of(node), message)

    def segment(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.text, node) or ""

    def _reject_comments(self) -> None:
        # After joining lines, "# note" would silently swallow the rest of the condition.
        try:
            for token in tokenize.generate_tokens(io.StringIO(self.text).readline):
                if token.type == tokenize.COMMENT:
                    raise self.map.error(self.lead + token.start[1], "表达式中不能写注释 '#'")
        except (tokenize.TokenError, SyntaxError):
            return  # the parser reports these with a better message

    def _syntax_error(self, exc: SyntaxError) -> ExpressionError:
        offset = exc.offset if exc.offset and exc.offset > 0 else len(self.text) + 1
        index = min(offset - 1, len(self.text))
        if (
            0 < index < len(self.text)
            and self.text[index] in "&|"
            and self.text[index - 1] == self.text[index]
        ):
            index -= 1  # point at the first character of "&&", "||"
        return self.map.error(
            self.lead + index, "表达式语法错误：" + _explain(exc.msg or "", self.text, index)
        )


def _explain(message: str, text: str, index: int) -> str:
    """A Chinese explanation of a Python syntax error, aimed at the usual slips of rule authors."""
    char = text[index] if index < len(text) else ""
    if "invalid character" in message:
        return f"无效字符 '{char}'，请使用半角（英文）符号"
    if "unterminated string" in message:
        return "字符串缺少结束引号"
    if "was never closed" in message:
        return "括号未闭合"
    if "unmatched" in message or "does not match" in message:
        return f"括号不匹配 '{char}'"
    if char == "=" and text[index : index + 2] != "==":
        return "判断相等应写作 '=='，而不是 '='"
    if char and char in "&|":
        return "逻辑运算请写作 and / or / not"
    if index >= len(text):
        return "表达式不完整"
    return f"无法解析 '{char}' 附近的内容"


def suggestion(name: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a misspelt name, if any is close enough."""
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def unknown_name_message(what: str, name: str, candidates: Iterable[str], *, prefix: str = "") -> str:
    """``未知字段 'amout'，是否指 'amount'？`` or ``未知字段 'x'；可用字段：a、b``."""
    candidates = list(candidates)
    close = suggestion(name, candidates)
    if close is not None:
        return f"未知{what} '{prefix}{name}'，是否指 '{prefix}{close}'？"
    listed = "、".join(prefix + c for c in candidates) or "（无）"
    return f"未知{what} '{prefix}{name}'；可用{what}：{listed}"
