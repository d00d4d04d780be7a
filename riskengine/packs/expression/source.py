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

from ...errors import ExpressionError, Location
from ...messages import text


class OffsetLocator:
    """Maps a character offset in ``text`` to a :class:`Location` in the file the text came from.

    Not to be confused with :class:`riskengine.packs.yamlsource.SourceMap`, which places the values
    of a whole YAML document: this one places the characters of one expression or template.
    """

    def __init__(self, text: str, location: Location | None):
        self.text = text
        self.location = location

    def at(self, index: int) -> Location:
        """The file location of character ``index`` of the text (clamped to the text)."""
        index = max(0, min(index, len(self.text)))
        line_index = self.text.count("\n", 0, index)
        column = index - (self.text.rfind("\n", 0, index) + 1)
        base = self.location
        if base is None:
            return Location(text("expr_anonymous"), 1 + line_index, 1 + column)
        if base.line is None:
            return base
        # Continuation lines of a block scalar share the first line's indentation, so the
        # same base column holds for them.
        return Location(
            base.source, base.line + line_index, None if base.column is None else base.column + column
        )

    def error(self, index: int, message: str) -> ExpressionError:
        """An :class:`ExpressionError` saying ``message`` at character ``index``."""
        return ExpressionError(message, self.at(index))


class ParsedExpression:
    """An expression parsed in ``eval`` mode, with byte-to-character offset conversion."""

    def __init__(self, source: str, location: Location | None):
        self.locator = OffsetLocator(source, location)
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
            raise self.locator.error(self.lead, text("expr_syntax", reason=text("expr_too_deep"))) from None

    def index_of(self, node: ast.AST) -> int:
        """Character offset of a node's first token in the original source."""
        column = self._bytes[: node.col_offset].decode("utf-8", errors="ignore")  # type: ignore[attr-defined]
        return self.lead + len(column)

    def end_index_of(self, node: ast.AST) -> int:
        column = self._bytes[: node.end_col_offset].decode("utf-8", errors="ignore")  # type: ignore[attr-defined]
        return self.lead + len(column)

    def location_of(self, node: ast.AST) -> Location:
        return self.locator.at(self.index_of(node))

    def error(self, node: ast.AST, message: str) -> ExpressionError:
        return self.locator.error(self.index_of(node), message)

    def segment(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.text, node) or ""

    def _reject_comments(self) -> None:
        # After joining lines, "# note" would silently swallow the rest of the condition.
        try:
            for token in tokenize.generate_tokens(io.StringIO(self.text).readline):
                if token.type == tokenize.COMMENT:
                    raise self.locator.error(self.lead + token.start[1], text("expr_no_comment"))
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
        return self.locator.error(
            self.lead + index, text("expr_syntax", reason=_explain(exc.msg or "", self.text, index))
        )


def _explain(message: str, source: str, index: int) -> str:
    """An explanation of a Python syntax error, aimed at the usual slips of rule authors."""
    char = source[index] if index < len(source) else ""
    if "invalid character" in message:
        return text("syntax_invalid_char", char=char)
    if "unterminated string" in message:
        return text("syntax_unterminated")
    if "was never closed" in message:
        return text("syntax_unclosed")
    if "unmatched" in message or "does not match" in message:
        return text("syntax_unmatched", char=char)
    if char == "=" and source[index : index + 2] != "==":
        return text("syntax_equals")
    if char and char in "&|":
        return text("syntax_logic")
    if index >= len(source):
        return text("syntax_incomplete")
    return text("syntax_near", char=char)


def suggestion(name: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to a misspelt name, if any is close enough."""
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def unknown_name_message(what: str, name: str, candidates: Iterable[str], *, prefix: str = "") -> str:
    """``未知字段 'amout'，是否指 'amount'？`` or ``未知字段 'x'；可用字段：a、b``.

    ``what`` is ``field``, ``parameter`` or ``function``.
    """
    candidates = list(candidates)
    close = suggestion(name, candidates)
    kind = text(f"name_{what}")
    if close is not None:
        return text("unknown_name_close", what=kind, name=prefix + name, close=prefix + close)
    listed = text("list_separator_short").join(prefix + c for c in candidates) or text("none_listed")
    return text("unknown_name", what=kind, name=prefix + name, listed=listed)
