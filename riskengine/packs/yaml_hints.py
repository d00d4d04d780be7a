"""YAML syntax errors explained in the author's terms, at the line where the mistake is.

PyYAML reports where the parser gave up, in English ("mapping values are not allowed in this
context"), often one line below the mistake. Authors mostly make a handful of mistakes: a
full-width colon or comma typed by a Chinese input method, a tab, an indentation that does not
line up, a quote left open. This module looks for those near the reported place and, when one
is found, moves the location to it and says what to type instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..messages import text

#: Full-width punctuation a Chinese input method types where YAML needs the ASCII character.
_FULL_WIDTH = {"：": ":", "，": ",", "［": "[", "］": "]", "｛": "{", "｝": "}", "＃": "#", "－": "-"}
_FULL_WIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([^\s:#'\"：][^:#'\"：]*?)(：)")
_PROBLEMS = {
    "mapping values are not allowed": "yaml_hint_mapping_here",
    "could not find expected ':'": "yaml_hint_missing_colon",
    "found character that cannot start any token": "yaml_hint_bad_token",
    "expected <block end>": "yaml_hint_block_end",
    "found unexpected end of stream": "yaml_hint_end_of_stream",
    "found undefined alias": "yaml_hint_undefined_alias",
    "expected a comment or a line break": "yaml_hint_line_break",
    "did not find expected key": "yaml_hint_expected_key",
    "did not find expected '-' indicator": "yaml_hint_expected_dash",
    "found unknown escape character": "yaml_hint_escape",
}


@dataclass(frozen=True)
class Hint:
    """Where the mistake most likely is (1-based), and what to tell the author."""

    line: int
    column: int
    message: str


def explain(lines: list[str], line: int, column: int, problem: str, context: str = "") -> Hint:
    """The likely mistake for a PyYAML error at ``line``/``column`` (1-based)."""
    for finder in (_full_width, _tab, _unclosed_quote, _misaligned):
        hint = finder(lines, line, problem, context)
        if hint is not None:
            return hint
    key = next((k for pattern, k in _PROBLEMS.items() if pattern in problem), None)
    message = text(key) if key else text("yaml_syntax", problem=problem)
    if key == "yaml_hint_missing_colon":
        # Reported where the next key starts; the key without a colon is the line before.
        line = next((n for n in range(min(line, len(lines) + 1) - 1, 0, -1) if lines[n - 1].strip()), line)
        column = _indent(lines[line - 1]) + 1 if line <= len(lines) else column
    return Hint(line, column, message)


def _full_width(lines: list[str], line: int, problem: str, context: str) -> Hint | None:
    # The parser gives up at the first line after the mistake, so look at the line and above.
    for number in range(min(line, len(lines)), max(0, line - 3), -1):
        source = lines[number - 1]
        match = _FULL_WIDTH_KEY.match(source)
        if match:
            return Hint(number, match.start(3) + 1, text("yaml_hint_full_width", char="：", ascii=": "))
        for index, char in enumerate(source):
            if char in _FULL_WIDTH and _outside_quotes(source, index) and char != "：":
                message = text("yaml_hint_full_width", char=char, ascii=_FULL_WIDTH[char])
                return Hint(number, index + 1, message)
    return None


def _tab(lines: list[str], line: int, problem: str, context: str) -> Hint | None:
    for number in range(min(line, len(lines)), max(0, line - 2), -1):
        indent = lines[number - 1][: len(lines[number - 1]) - len(lines[number - 1].lstrip())]
        if "\t" in indent:
            return Hint(number, indent.index("\t") + 1, text("yaml_hint_tab"))
    return None


def _unclosed_quote(lines: list[str], line: int, problem: str, context: str) -> Hint | None:
    if "quoted scalar" not in context and "end of stream" not in problem:
        return None
    for number, source in enumerate(lines, start=1):
        for quote in ('"', "'"):
            start = _value_start(source)
            if start is not None and source[start:].startswith(quote) and source.count(quote) % 2 == 1:
                return Hint(number, start + 1, text("yaml_hint_unclosed_quote", quote=quote))
    return None


def _misaligned(lines: list[str], line: int, problem: str, context: str) -> Hint | None:
    if "mapping values are not allowed" not in problem and "expected <block end>" not in problem:
        return None
    if not 1 < line <= len(lines):
        return None
    current = lines[line - 1]
    previous = next((lines[n - 1] for n in range(line - 1, 0, -1) if lines[n - 1].strip()), "")
    indent, before = _indent(current), _indent(previous)
    if current.strip() and previous.rstrip().endswith(":") is False and indent > before:
        return Hint(line, 1, text("yaml_hint_indent", have=indent, want=before))
    return None


def _indent(source: str) -> int:
    return len(source) - len(source.lstrip(" "))


def _value_start(source: str) -> int | None:
    match = re.match(r"^\s*(?:-\s+)?[^:'\"]+:\s+", source)
    return match.end() if match else None


def _outside_quotes(source: str, index: int) -> bool:
    before = source[:index]
    return before.count('"') % 2 == 0 and before.count("'") % 2 == 0 and "#" not in before
