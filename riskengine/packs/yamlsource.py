"""YAML loading that remembers where every value came from.

Rule-pack authors are not programmers: an error must say "rules/foo.yaml:42:7: ...".
We compose the YAML node tree (which carries marks), build plain Python values from it,
and keep a map from each value's JSON path to its position, so a JSON Schema error
(which knows only a path) can be pointed back at a line and column.

Before that, the bytes are decoded in whatever encoding the author's editor used
(:mod:`riskengine.packs.text`), and composing is bounded (:mod:`riskengine.packs.yamlguard`), so a
hostile or mistaken file is an error with a location, never a traceback or a runaway process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.reader import ReaderError

from ..errors import Location, Problem, RulePackSyntaxError
from ..messages import text
from .text import decode_pack
from .yaml_hints import explain
from .yamlguard import MAX_DEPTH, BoundedLoader, LimitError

JsonPath = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Positions of the values (and of mapping keys) of one YAML document."""

    source: str
    values: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[JsonPath, tuple[int, int]] = field(default_factory=dict)
    styles: dict[JsonPath, str | None] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)

    def location(self, path: JsonPath, *, key: bool = False) -> Location:
        """Location of the value at ``path`` (or of its key), falling back to the nearest parent."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                line, column = table[probe]
                return Location(self.source, line, column)
            if key and probe in self.values:
                line, column = self.values[probe]
                return Location(self.source, line, column)
            probe = probe[:-1]
        line, column = self.values.get((), (1, 1))
        return Location(self.source, line, column)

    def expression_start(self, path: JsonPath) -> Location:
        """Where the text of a string scalar begins: inside its quotes, if it is quoted."""
        loc = self.location(path)
        style = self.styles.get(tuple(path))
        if style in ("'", '"') and loc.column is not None:
            return Location(loc.source, loc.line, loc.column + 1)
        if style in ("|", ">") and loc.line is not None:
            # A block scalar's text starts on the first non-blank line after the | or > marker.
            for number in range(loc.line + 1, len(self.lines) + 1):
                line = self.lines[number - 1]
                if line.strip():
                    return Location(loc.source, number, len(line) - len(line.lstrip()) + 1)
        return loc


class _Builder:
    """Turns a composed node tree into plain values while recording positions.

    Problems a YAML library would pass over silently (a key written twice, where the second
    quietly wins) or raise without a location (``!!int abc``) are collected with their place.
    """

    def __init__(self, source_map: SourceMap):
        self.map = source_map
        self.constructor = SafeConstructor()
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, path: JsonPath) -> Any:
        self.map.values[path] = _position(node)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            first: dict[str, yaml.Node] = {}
            for key_node, value_node in node.value:
                key = self._key(key_node)
                if key is None:
                    continue
                if key in first:
                    self.problems.append(
                        Problem(
                            text("yaml_duplicate_key", name=key, line=first[key].start_mark.line + 1),
                            self._location(key_node),
                        )
                    )
                    continue
                first[key] = key_node
                child = (*path, key)
                self.map.keys[child] = _position(key_node)
                result[key] = self.build(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        self.map.styles[path] = node.style
        return self._scalar(node)

    def _key(self, node: yaml.Node) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.problems.append(Problem(text("yaml_complex_key"), self._location(node)))
            return None
        value = self._scalar(node)
        return "null" if value is None else str(value)

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag in _AS_TEXT:
            # Dates stay ISO text (the JSON Schema checks them with format "date"); a lone "=" is text.
            return node.value
        try:
            return self.constructor.construct_object(node)
        except Exception:  # noqa: BLE001 - e.g. "!!int abc" or a 5,000-digit integer; reported, not raised
            self.problems.append(Problem(text("yaml_bad_value", value=node.value[:40]), self._location(node)))
            return node.value

    def _location(self, node: yaml.Node) -> Location:
        line, column = _position(node)
        return Location(self.map.source, line, column)


_AS_TEXT = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:value"}


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


@dataclass
class LoadedYaml:
    """One YAML document: its plain value, where each value came from, and the file's encoding."""

    data: Any
    source_map: SourceMap
    encoding: str


def load_yaml(path: Path, *, display_name: str | None = None) -> tuple[Any, SourceMap]:
    """Load one YAML document with its :class:`SourceMap` (see :func:`load_yaml_bytes`)."""
    loaded = load_yaml_bytes(Path(path).read_bytes(), display_name or str(path))
    return loaded.data, loaded.source_map


def load_yaml_bytes(raw: bytes, source: str) -> LoadedYaml:
    """Decode (any encoding :mod:`riskengine.packs.text` accepts) and load one bounded YAML document.

    Raises :class:`~riskengine.errors.RulePackSyntaxError` naming the line and column of a syntax
    error, an undecodable byte, an alias bomb or too deep nesting, and listing keys written twice.
    """
    decoded = decode_pack(raw, source)
    source_map = SourceMap(source, lines=decoded.text.splitlines())
    try:
        node = yaml.compose(decoded.text, Loader=BoundedLoader)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, decoded.text, source) from None
    except RecursionError:  # a bound above should make this unreachable; never a traceback
        raise RulePackSyntaxError(
            text("pack_not_yaml", source=source), [Problem(text("yaml_too_deep", limit=MAX_DEPTH))]
        ) from None
    if node is None:
        return LoadedYaml(None, source_map, decoded.encoding)
    builder = _Builder(source_map)
    data = builder.build(node, ())
    if builder.problems:
        raise RulePackSyntaxError(text("pack_not_yaml", source=source), builder.problems)
    return LoadedYaml(data, source_map, decoded.encoding)


def _syntax_error(exc: yaml.YAMLError, content: str, source: str) -> RulePackSyntaxError:
    if isinstance(exc, LimitError):
        mark = exc.problem_mark
        message = text(exc.key, **exc.values)
    elif isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        if mark is not None:
            # Point at the likely mistake (a full-width colon, a tab...) in the author's terms.
            hint = explain(content.splitlines(), mark.line + 1, mark.column + 1,
                           exc.problem or str(exc), exc.context or "")
            return RulePackSyntaxError(
                text("pack_not_yaml", source=source),
                [Problem(hint.message, Location(source, hint.line, hint.column))],
            )
        message = text("yaml_syntax", problem=exc.problem or str(exc))
    else:
        mark = None
        message = text("yaml_syntax", problem=str(exc))
    if mark is not None:
        location = Location(source, mark.line + 1, mark.column + 1)
    elif isinstance(exc, ReaderError):
        index = exc.position
        if BoundedLoader.byte_positions:
            index = len(content.encode("utf-8")[:index].decode("utf-8", errors="ignore"))
        index = max(0, min(index, len(content)))
        line = content.count("\n", 0, index) + 1
        location = Location(source, line, index - (content.rfind("\n", 0, index) + 1) + 1)
        message = text("yaml_bad_character", code=f"{exc.character:04X}" if isinstance(exc.character, int)
                       else str(exc.character))
    else:
        location = Location(source)
    return RulePackSyntaxError(text("pack_not_yaml", source=source), [Problem(message, location)])
