"""A YAML composer with bounds, so a hostile or mistaken pack cannot exhaust memory or the stack.

PyYAML expands aliases when values are built: nine nested aliases ("billion laughs") turn a 1 KB
file into 10^9 nodes. While composing, we know each finished node's expanded size and depth, so
an alias that would push the document past :data:`MAX_EXPANDED_NODES` or :data:`MAX_DEPTH` is
refused at the alias itself, before anything is built; an alias to a node still being composed
(a cycle) is refused too. PyYAML's composer recurses once per nesting level, so the depth bound
also keeps ``[[[[...]]]]`` from reaching Python's recursion limit.
"""

from __future__ import annotations

import yaml
from yaml.composer import Composer, ComposerError
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, CollectionStartEvent
from yaml.resolver import Resolver

MAX_DEPTH = 64
MAX_EXPANDED_NODES = 100_000  # the largest shipped pack has ~3,000 nodes


class LimitError(ComposerError):
    """A bound was exceeded; a marked YAML error, so it is reported with its line and column.

    ``key`` names the message in :mod:`riskengine.messages` (with ``values``).
    """

    def __init__(self, key: str, mark, **values):
        super().__init__(None, None, key, mark)
        self.key = key
        self.values = values


class _BoundedComposer(Composer):
    """PyYAML's composer, enforcing depth, alias expansion and acyclic aliases."""

    def __init__(self):
        super().__init__()
        self._depth = 0
        self._expanded = 0
        self._open: set[str] = set()
        self._size: dict[int, int] = {}
        self._height: dict[int, int] = {}

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            return self._alias(event)
        anchor = getattr(event, "anchor", None)
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise LimitError("yaml_too_deep", event.start_mark, limit=MAX_DEPTH)
        if anchor is not None:
            self._open.add(anchor)
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
            self._open.discard(anchor)
        self._measure(node, collection=isinstance(event, CollectionStartEvent))
        return node

    def _alias(self, event: AliasEvent):
        if event.anchor in self._open:
            raise LimitError("yaml_recursive_alias", event.start_mark, anchor=event.anchor)
        node = self.anchors.get(event.anchor)
        if node is not None:
            self._expanded += self._size.get(id(node), 1)
            if self._expanded > MAX_EXPANDED_NODES:
                raise LimitError(
                    "yaml_alias_bomb", event.start_mark, anchor=event.anchor, limit=MAX_EXPANDED_NODES
                )
            if self._depth + self._height.get(id(node), 1) > MAX_DEPTH:
                raise LimitError("yaml_too_deep", event.start_mark, limit=MAX_DEPTH)
        return super().compose_node(None, None)

    def _measure(self, node, *, collection: bool) -> None:
        """Expanded size and height of a finished node (its children are all finished already)."""
        size, height = 1, 1
        if collection:
            children = (
                [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else node.value
            )
            for child in children:
                size += self._size.get(id(child), 1)
                height = max(height, 1 + self._height.get(id(child), 1))
        self._size[id(node)] = size
        self._height[id(node)] = height
        self._expanded += 1
        if self._expanded > MAX_EXPANDED_NODES:
            raise LimitError("yaml_too_many_nodes", node.start_mark, limit=MAX_EXPANDED_NODES)


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class BoundedLoader(CParser, _BoundedComposer, SafeConstructor, Resolver):
        """libyaml's parser (fast, in C) feeding the bounded Python composer.

        Marks carry character columns; a reader error's ``position`` is a UTF-8 byte offset.
        """

        byte_positions = True

        def __init__(self, stream):
            CParser.__init__(self, stream)
            _BoundedComposer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

        get_single_node = Composer.get_single_node  # not libyaml's composer, which has no bounds

else:  # pragma: no cover - PyYAML built without libyaml

    class BoundedLoader(  # type: ignore[no-redef]
        yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, _BoundedComposer, SafeConstructor,
        Resolver,
    ):
        """The pure-Python parser feeding the bounded composer."""

        byte_positions = False

        def __init__(self, stream):
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            _BoundedComposer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
