"""Coded fields in conditions: ``payment_method == '现金'`` never matches, so it is an error.

A field whose values are codes (``cash``, ``temp_relief``) compared with a text that is not one
of its codes is refused at load, naming the codes with their labels and, when the text is a
label (``现金``) or close to a code, the code meant.
"""

from __future__ import annotations

import ast
import difflib
from typing import TYPE_CHECKING

from ...data.labels import describe_codes
from ...messages import text
from .types import Typed

if TYPE_CHECKING:
    from .compiler import Compiler


def check_comparison(c: Compiler, left: Typed, right: Typed) -> None:
    """``field == 'x'`` / ``'x' != field``: the text must be one of the field's codes."""
    for field, literal in ((left, right), (right, left)):
        _check(c, _field_name(field.node), literal.node)


def check_membership(c: Compiler, item: Typed, container: Typed) -> None:
    """``field in ['x', 'y']``: every text of a constant list must be one of the field's codes."""
    name = _field_name(item.node)
    if isinstance(container.node, ast.List | ast.Tuple | ast.Set):
        for element in container.node.elts:
            _check(c, name, element)


def _check(c: Compiler, field: str | None, node: ast.AST) -> None:
    labels = c.labels.get(field) if field else None
    if not labels or not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
        return
    value = node.value
    if value in labels:
        return
    by_label = {label: code for code, label in labels.items()}
    meant = by_label.get(value) or next(iter(difflib.get_close_matches(value, list(labels), n=1)), None)
    hint = text("code_did_you_mean", code=meant, label=labels[meant]) if meant else ""
    c.fail(node, text("code_unknown", field=field, value=value, codes=describe_codes(labels), hint=hint))


def _field_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return None
