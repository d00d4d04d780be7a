"""Composing a YAML document into plain values and a :class:`~.yamlsource.SourceMap` (PyYAML).

The slow half of :func:`riskengine.packs.yamlsource.load_yaml_bytes`, imported only when a
document is not already in the cache.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.reader import ReaderError

from ..errors import Location, Problem, RulePackSyntaxError
from ..messages import text
from .text import decode_pack
from .yaml_hints import explain
from .yamlguard import MAX_DEPTH, BoundedLoader, LimitError
from .yamlsource import JsonPath, LoadedYaml, SourceMap


def compose_yaml(raw: bytes, source: str) -> LoadedYaml:
    """Decode and compose one bounded YAML document (see ``load_yaml_bytes``); raises on any problem."""
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
