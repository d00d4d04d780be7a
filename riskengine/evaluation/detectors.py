"""Detectors: named column-wise queries that plugins provide and rules use.

A rule either states a ``condition`` (an expression over one record type, compiled by the
host) or names a ``detector``: a function that receives the whole dataset as Polars frames
and returns one row per finding. Detectors are for what a single-record condition cannot
say: windows over time, joins with relatives and companies, peer statistics.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import polars as pl

from ..data.period import Period
from ..errors import MissingDataError

if TYPE_CHECKING:
    from .graph import RelationshipGraph

Params = Mapping[str, Any]


@dataclass(frozen=True)
class Detector:
    """A named, parameterised query.

    ``run(ctx, params)`` returns a :class:`polars.DataFrame` with one row per finding:

    - ``org_id`` (String): the community the finding belongs to;
    - ``records`` (List[String]): every record the finding rests on, as ``<type>:<key>``;
    - the columns the rule's ``responsible`` setting names (e.g. ``handled_by``), holding a
      post id or a list of post ids;
    - ``date`` (Date, optional): when it happened, for override windows such as "two events
      within 12 months";
    - every column in ``outputs``: the evidence, usable in message templates and escalations.

    Detectors must be column-wise (Polars expressions, joins, group-bys, rolling windows):
    no Python loop per record. Rules may run at the same time, in threads, so a detector keeps
    no state outside its result and ``ctx.memo``.
    """

    name: str
    reads: tuple[str, ...]
    run: Callable[[DetectorContext, Params], pl.DataFrame]
    params_schema: Mapping[str, Any] = field(default_factory=lambda: {"type": "object"})
    outputs: Mapping[str, str] = field(default_factory=dict)
    description: str = ""
    plugin: str = ""
    #: Runs after every other rule, with ``ctx.findings`` set (e.g. recurrence of closed tasks).
    after_findings: bool = False


@dataclass
class OrgNotEvaluated:
    """A detector could not judge some orgs (too few peers or records)."""

    org_ids: list[str]
    reason: str


@dataclass
class DetectorContext:
    """What a detector sees: the dataset's frames, the as-of date, the period, shared analytics."""

    frames: Mapping[str, pl.DataFrame]
    as_of: dt.date
    period: Period
    record_types: Mapping[str, Any] = field(default_factory=dict)
    notes: list[OrgNotEvaluated] = field(default_factory=list)
    #: The findings of all ordinary rules; set only for ``after_findings`` detectors.
    findings: pl.DataFrame | None = None
    #: record type -> why the dataset has no usable rows of it (see ``Dataset.absent``)
    absent: Mapping[str, str] = field(default_factory=dict)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)
    #: memo key -> the plugin whose detector computed it (see :meth:`release`)
    _memo_owner: dict[str, str] = field(default_factory=dict, repr=False)
    #: memo key -> the lock held while it is computed (rules may run in threads)
    _memo_locks: dict[str, threading.RLock] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    #: the plugin whose detector is running (set by the evaluation loop)
    running_plugin: str = ""

    def for_plugin(self, plugin: str) -> DetectorContext:
        """A view for one rule of ``plugin``: the same frames and memoised frames, its own notes.

        Rules may run at the same time, each in its own view (see :func:`.evaluate.evaluate`).
        """
        return dataclasses.replace(self, notes=[], running_plugin=plugin)

    def has(self, record_type: str) -> bool:
        frame = self.frames.get(record_type)
        return frame is not None

    def frame(self, record_type: str) -> pl.DataFrame:
        """The whole frame of a record type; raises :class:`MissingDataError` if absent."""
        frame = self.frames.get(record_type)
        if frame is None:
            raise MissingDataError(record_type, self.absent.get(record_type))
        return frame

    def optional_frame(self, record_type: str) -> pl.DataFrame:
        """The frame, or an empty frame with the record type's columns when absent."""
        frame = self.frames.get(record_type)
        if frame is not None:
            return frame
        rtype = self.record_types.get(record_type)
        return rtype.empty_frame() if rtype is not None else pl.DataFrame()

    def in_period(self, frame: pl.DataFrame, column: str) -> pl.DataFrame:
        """Rows whose ``column`` (a Date) lies in the assessed period."""
        return frame.filter(pl.col(column).is_between(self.period.start, self.period.end))

    def not_evaluated(self, org_ids: list[str] | pl.Series, reason: str) -> None:
        """Report orgs this detector could not judge (shown under ``not_evaluated``)."""
        ids = sorted(set(org_ids.to_list() if isinstance(org_ids, pl.Series) else org_ids))
        if ids:
            self.notes.append(OrgNotEvaluated(ids, reason))

    def memo(self, key: str, factory: Callable[[], Any]) -> Any:
        """Compute a derived frame once per assessment and share it between detectors.

        E.g. ``ctx.memo("procurement.bid_summary", lambda: summarise(ctx))``; keys should start
        with the plugin's name so plugins do not collide. Rules running at the same time that
        ask for the same key wait for the one computing it.
        """
        return self._shared(key, factory, self.running_plugin)

    def _shared(self, key: str, factory: Callable[[], Any], owner: str) -> Any:
        with self._lock:
            if key in self._memo:
                return self._memo[key]
            lock = self._memo_locks.setdefault(key, threading.RLock())
        with lock:
            with self._lock:
                if key in self._memo:
                    return self._memo[key]
            value = factory()
            with self._lock:
                self._memo[key] = value
                self._memo_owner[key] = owner
            return value

    def release(self, plugin: str) -> None:
        """Forget what ``plugin``'s detectors memoised: its last rule has run, so nothing reads it.

        Should a detector of another plugin ask for the same key later, it is computed again.
        """
        with self._lock:
            for key in [k for k, owner in self._memo_owner.items() if owner == plugin]:
                del self._memo[key], self._memo_owner[key]

    @property
    def graph(self) -> RelationshipGraph:
        """The relationship graph (cadres, relatives, companies), built once per assessment
        and kept for all plugins."""
        from .graph import RelationshipGraph

        return self._shared("riskengine.graph", lambda: RelationshipGraph.build(self), owner="")
