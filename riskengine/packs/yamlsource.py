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

from .. import cache
from ..errors import Location

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
    A document read without problems is kept in :mod:`riskengine.cache` under its bytes and
    ``source``: composing YAML in Python is the slowest part of loading the shipped packs.
    """
    name = cache.key(PARSED_KIND, source, raw)
    loaded = cache.load(PARSED_KIND, name)
    if isinstance(loaded, LoadedYaml):
        return loaded
    from .yamlcompose import compose_yaml  # PyYAML only when the document is not cached

    loaded = compose_yaml(raw, source)
    cache.store(PARSED_KIND, name, loaded)
    return loaded


#: Cache kind of parsed YAML documents (see :func:`load_yaml_bytes`).
PARSED_KIND = "parsed-yaml"
