"""YAML loading that remembers where every value came from.

Rule-pack authors are not programmers: an error must say "rules/foo.yaml:42:7: ...".
We compose the YAML node tree (which carries marks), build plain Python values from it,
and keep a map from each value's JSON path to its position, so a JSON Schema error
(which knows only a path) can be pointed back at a line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .errors import Location, Problem

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
    """Turns a composed node tree into plain values while recording positions."""

    def __init__(self, source_map: SourceMap):
        self.map = source_map
        self.constructor = SafeConstructor()

    def build(self, node: yaml.Node, path: JsonPath) -> Any:
        self.map.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(self.constructor.construct_object(key_node))
                child = (*path, key)
                self.map.keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.build(value_node, child)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        self.map.styles[path] = node.style
        if node.tag == "tag:yaml.org,2002:timestamp":
            # Keep dates as ISO text: the JSON Schema checks them with format "date".
            return node.value
        return self.constructor.construct_object(node)


#: libyaml's parser when PyYAML was built with it (about five times faster), else the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path, *, display_name: str | None = None) -> tuple[Any, SourceMap]:
    """Load one YAML document with its :class:`SourceMap`.

    Raises :class:`riskengine.errors.RulePackError` naming the line and column of a syntax error.
    """
    from .errors import RulePackError

    source = display_name or str(path)
    text = Path(path).read_text(encoding="utf-8")
    source_map = SourceMap(source, lines=text.splitlines())
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(source, mark.line + 1, mark.column + 1) if mark else Location(source)
        problem = exc.problem or str(exc)
        raise RulePackError(
            f"规则包 {source} 不是合法的 YAML", [Problem(f"YAML 语法错误：{problem}", loc)]
        ) from exc
    if node is None:
        return None, source_map
    return _Builder(source_map).build(node, ()), source_map
