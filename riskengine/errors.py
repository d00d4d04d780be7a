"""One exception tree for riskengine.

Every error a user can cause (a broken rule pack, a bad dataset, a failing plugin) is a
:class:`RiskEngineError`. It carries a :class:`Location` so the message can point at the
file, line and column to fix, the way a compiler does.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Location:
    """Where a problem is: a file, and optionally a 1-based line and column (or a row)."""

    source: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.source]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class RiskEngineError(Exception):
    """Base error. ``str(error)`` is ``file:line:col: message`` when a location is known.

    ``exit_code`` is what the command line exits with when this error ends a command
    (see ``riskengine.cli.exits``): 3, the input could not be read, unless a subclass says otherwise.
    """

    exit_code = 3

    def __init__(self, message: str, location: Location | None = None):
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


@dataclass
class Problem:
    """One problem found while loading; loaders collect many before raising."""

    message: str
    location: Location | None = None

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class ProblemsError(RiskEngineError):
    """Several problems found at once (e.g. every error of a rule pack)."""

    def __init__(self, title: str, problems: list[Problem]):
        self.problems = problems
        super().__init__(title)

    def __str__(self) -> str:
        lines = [self.message] + [f"  {p}" for p in self.problems]
        return "\n".join(lines)


class RulePackError(ProblemsError):
    """A rule pack failed schema validation or compilation."""


class RulePackSyntaxError(RulePackError):
    """A rule pack cannot be read at all: undecodable bytes, bad YAML, too large, an alias bomb."""


class ExpressionError(RiskEngineError):
    """A rule condition does not parse or does not type-check."""


class DatasetError(RiskEngineError):
    """A dataset cannot be read at all (missing path, unreadable workbook)."""


class NoDataError(DatasetError):
    """Nothing could be read: no ledger file in the dataset, or not a single usable row.

    The CLI exits 3 (the dataset could not be read at all), never 0 with "0 个岗位".
    """


class StrictModeError(RiskEngineError):
    """``--strict`` was asked for and the input had rejected rows or unevaluated rules."""

    exit_code = 1


class UsageError(RiskEngineError):
    """The command line asks for something that cannot be done (found before any work starts)."""

    exit_code = 2


class ConfigurationError(RiskEngineError):
    """The engine cannot be set up as asked (e.g. no scoring pack among the packs given)."""


class FileAccessError(RiskEngineError):
    """The system refused to read or write a file the user named (permissions, a full disk, …)."""


class PluginError(RiskEngineError):
    """A plugin registered something invalid (duplicate detector, bad parameter schema)."""


class MissingDataError(RiskEngineError):
    """A rule needs a record type the dataset does not have; the rule is reported as not evaluated."""

    def __init__(self, record_type: str, detail: str | None = None):
        self.record_type = record_type
        #: why the dataset has no usable rows of this type (e.g. "ledger.csv 只有表头，没有数据行")
        self.detail = detail
        super().__init__(f"no {record_type} data")


class NotEvaluable(RiskEngineError):
    """A detector cannot judge (e.g. too few peers); the reason is shown under ``not_evaluated``."""


@dataclass
class ErrorList:
    """Accumulates :class:`Problem` objects, then raises them together."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, message: str, location: Location | None = None) -> None:
        self.problems.append(Problem(message, location))

    def raise_if_any(self, title: str, error_class: type[ProblemsError] = ProblemsError) -> None:
        if self.problems:
            raise error_class(title, sorted(self.problems, key=_problem_order))


def _problem_order(problem: Problem) -> tuple:
    loc = problem.location
    if loc is None:
        return ("", 0, 0)
    return (loc.source, loc.line or 0, loc.column or 0)
