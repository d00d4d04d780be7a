"""The relationship graph: who holds which post, who their relatives are, who stands behind which company.

Built once per assessment (``DetectorContext.graph``) from the ``posts``, ``relations`` and ``companies``
frames, and shared by every detector that asks "is this person or company close to a cadre?"
(related-party payments, conflicts of interest, relatives enrolled in welfare, reviewer conflicts).
Everything is column-wise: the graph is three small frames and the link methods are joins.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from .detectors import DetectorContext

S = pl.String()

CADRES_SCHEMA: dict[str, pl.DataType] = {"person_id": S, "post_id": S, "org_id": S, "category": S}
KIN_SCHEMA: dict[str, pl.DataType] = {
    "cadre_id": S,
    "cadre_post_id": S,
    "cadre_org_id": S,
    "person_id": S,
    "relation": S,
    "relation_ref": S,
}
COMPANY_PEOPLE_SCHEMA: dict[str, pl.DataType] = {"company_id": S, "person_id": S, "role": S}
HOLDERS_SCHEMA: dict[str, pl.DataType] = {"post_id": S, "person_id": S}

#: Columns ``link_persons`` adds to the caller's frame.
PERSON_LINK_COLUMNS = ("cadre_id", "cadre_post_id", "cadre_org_id", "relation", "relation_ref")
#: Columns ``link_companies`` adds to the caller's frame.
COMPANY_LINK_COLUMNS = (
    "cadre_id",
    "cadre_post_id",
    "cadre_org_id",
    "relation",
    "relation_ref",
    "linked_person_id",
    "role",
)

SELF = "self"
#: A relation read from the other side: the row says the cadre is the person's parent, so the person
#: is the cadre's child. Labels not listed (spouse, sibling, in_law, other) are symmetric.
REVERSED_RELATION = {"parent": "child", "child": "parent"}


def conform(frame: pl.DataFrame, schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """``frame`` restricted to ``schema``'s columns, cast to its types; absent columns become nulls.

    The graph's inputs are optional, so a missing frame (or one read without a schema) must still
    give well-typed empty results rather than a ``ColumnNotFoundError`` deep inside a detector.
    """
    if not frame.width:
        return pl.DataFrame(schema=dict(schema))
    # with_columns broadcasts the null literals to the frame's height (a bare select of literals would not).
    missing = [
        pl.lit(None, dtype=dtype).alias(name) for name, dtype in schema.items() if name not in frame.columns
    ]
    return frame.with_columns(missing).select(
        pl.col(name).cast(dtype, strict=False) for name, dtype in schema.items()
    )


def _shareholders(companies: pl.DataFrame) -> pl.Expr:
    """The shareholder list as List(String), also when a loader left it as a ';'-separated string."""
    if "shareholder_ids" not in companies.columns:
        return pl.lit(None, dtype=pl.List(S))
    dtype = companies.schema["shareholder_ids"]
    if isinstance(dtype, pl.List):
        return pl.col("shareholder_ids").cast(pl.List(S))
    return pl.col("shareholder_ids").cast(S).str.split(";").list.eval(pl.element().str.strip_chars())


def _check_free(frame: pl.DataFrame, added: tuple[str, ...], method: str) -> None:
    # A silent "_right" suffix would make a detector read the wrong column; fail loudly instead.
    clash = [name for name in added if name in frame.columns]
    if clash:
        raise ValueError(f"{method}: the frame already has column(s) {clash}; rename them before linking")


def _as_string_key(frame: pl.DataFrame, *cols: str) -> pl.DataFrame:
    # An all-null id column may arrive as dtype Null; joins need matching key types.
    casts = [pl.col(c).cast(S) for c in cols if frame.schema[c] != S]
    return frame.with_columns(casts) if casts else frame


@dataclass(frozen=True)
class RelationshipGraph:
    """Cadres, their relatives and the people behind companies, as three frames.

    - ``cadres``: person_id, post_id, org_id, category -- one row per held post (a person may hold two).
    - ``kin``: cadre_id, cadre_post_id, cadre_org_id, person_id, relation, relation_ref -- one row per
      (cadre post, person): the cadre itself (relation ``'self'``, no ``relation_ref``) and every relative
      from ``relations``, read both ways: a cadre listed as someone's ``related_id`` is related to that
      someone with the label reversed (parent <-> child; the others are symmetric). ``relation_ref`` is
      the key of the ``relations`` row as recorded (``relations:<person_id>:<related_id>``).
    - ``company_people``: company_id, person_id, role (``'legal_rep'`` | ``'shareholder'``).
    """

    cadres: pl.DataFrame
    kin: pl.DataFrame
    company_people: pl.DataFrame

    @classmethod
    def build(cls, ctx: DetectorContext) -> RelationshipGraph:
        """Build the graph from the context's ``posts``, ``relations`` and ``companies`` (all optional)."""
        return cls.from_frames(
            posts=ctx.optional_frame("posts"),
            relations=ctx.optional_frame("relations"),
            companies=ctx.optional_frame("companies"),
        )

    @classmethod
    def from_frames(
        cls,
        *,
        posts: pl.DataFrame | None = None,
        relations: pl.DataFrame | None = None,
        companies: pl.DataFrame | None = None,
    ) -> RelationshipGraph:
        """Build the graph from plain frames (missing or empty frames give empty, typed results)."""
        posts = conform(
            posts if posts is not None else pl.DataFrame(),
            {"post_id": S, "org_id": S, "category": S, "holder_id": S},
        )
        relations = conform(
            relations if relations is not None else pl.DataFrame(),
            {"person_id": S, "related_id": S, "relation": S},
        )
        companies = companies if companies is not None else pl.DataFrame()

        cadres = (
            posts.filter(pl.col("holder_id").is_not_null() & pl.col("post_id").is_not_null())
            .select(pl.col("holder_id").alias("person_id"), "post_id", "org_id", "category")
            .unique(maintain_order=True)
        )
        return cls(cadres=cadres, kin=_kin(cadres, relations), company_people=_company_people(companies))

    # ------------------------------------------------------------------ lookups

    @cached_property
    def holders(self) -> pl.DataFrame:
        """post_id, person_id: the holder of each post (for "the reviewing post's holder is ..." queries)."""
        return self.cadres.select("post_id", "person_id").unique(
            subset="post_id", keep="first", maintain_order=True
        )

    def cadre_person_of_post(self, post_id_expr: pl.Expr | str) -> pl.Expr:
        """Expression mapping a post id column to its holder's person_id (null for unknown posts).

        Example: ``beneficiaries.with_columns(reviewer=graph.cadre_person_of_post("reviewed_by"))``.
        For "the reviewer or a relative of the reviewer" use ``link_persons(..., post_col="reviewed_by")``.
        """
        expr = pl.col(post_id_expr) if isinstance(post_id_expr, str) else post_id_expr
        return expr.cast(S).replace_strict(
            self.holders["post_id"], self.holders["person_id"], default=None, return_dtype=S
        )

    @cached_property
    def company_kin(self) -> pl.DataFrame:
        """company_id, linked_person_id, role + kin columns: companies whose rep/shareholder is in ``kin``.

        One row per (company, cadre post, linked person); a person both legal rep and shareholder
        appears once, as ``'legal_rep'``.
        """
        people = self.company_people.sort(pl.col("role") != "legal_rep", maintain_order=True)
        return (
            people.join(self.kin, on="person_id", how="inner")
            .rename({"person_id": "linked_person_id"})
            .unique(
                subset=["company_id", "cadre_post_id", "linked_person_id"], keep="first", maintain_order=True
            )
            .select("company_id", *COMPANY_LINK_COLUMNS)
        )

    # ------------------------------------------------------------------ links

    def link_persons(
        self,
        frame: pl.DataFrame,
        person_col: str,
        *,
        org_col: str | None = None,
        post_col: str | None = None,
        include_self: bool = True,
    ) -> pl.DataFrame:
        """Rows of ``frame`` whose ``person_col`` is a cadre (if ``include_self``) or a cadre's relative.

        Inner join; keeps every input column and adds ``cadre_id``, ``cadre_post_id``, ``cadre_org_id``
        and ``relation`` (``'self'`` or the relations label). One output row per (input row, cadre post,
        linked person): a person related to two cadres gives two rows -- dedupe as your finding needs.

        - ``org_col``: only cadres whose post belongs to the row's org (``frame[org_col]``).
        - ``post_col``: only the cadre holding the row's post (``frame[post_col]``), e.g.
          ``link_persons(beneficiaries, "person_id", post_col="reviewed_by")`` finds beneficiaries who are
          their reviewer or the reviewer's relative.
        """
        _check_free(frame, PERSON_LINK_COLUMNS, "link_persons")
        kin = self.kin if include_self else self.kin.filter(pl.col("relation") != SELF)
        return _restricted_join(frame, kin, (person_col, "person_id"), org_col, post_col)

    def link_companies(
        self,
        frame: pl.DataFrame,
        company_col: str,
        *,
        org_col: str | None = None,
        post_col: str | None = None,
        include_self: bool = True,
    ) -> pl.DataFrame:
        """Rows of ``frame`` whose company's legal rep or a shareholder is a cadre or a cadre's relative.

        Inner join; keeps every input column and adds ``cadre_id``, ``cadre_post_id``, ``cadre_org_id``,
        ``relation``, ``linked_person_id`` (the rep/shareholder) and ``role``. One output row per
        (input row, cadre post, linked person). ``include_self=False`` ignores companies held by the cadre
        personally. ``org_col`` / ``post_col`` restrict the cadre as in :meth:`link_persons`, e.g.
        ``link_companies(procurements, "vendor_id", post_col="handled_by")`` for conflicts of interest.
        """
        _check_free(frame, COMPANY_LINK_COLUMNS, "link_companies")
        linked = self.company_kin if include_self else self.company_kin.filter(pl.col("relation") != SELF)
        return _restricted_join(frame, linked, (company_col, "company_id"), org_col, post_col)


def _restricted_join(
    frame: pl.DataFrame,
    right: pl.DataFrame,
    key: tuple[str, str],
    org_col: str | None,
    post_col: str | None,
) -> pl.DataFrame:
    """Inner join of ``frame`` with ``right`` on ``key`` (+ cadre org / post), frame's columns first."""
    left_on, right_on = [key[0]], [key[1]]
    if org_col is not None:
        left_on.append(org_col)
        right_on.append("cadre_org_id")
    if post_col is not None:
        left_on.append(post_col)
        right_on.append("cadre_post_id")
    frame = _as_string_key(frame, *left_on)
    joined = frame.join(right, left_on=left_on, right_on=right_on, how="inner", maintain_order="left")
    # Restriction keys vanish from the right side in the join; put them back so the output is uniform.
    if org_col is not None:
        joined = joined.with_columns(pl.col(org_col).alias("cadre_org_id"))
    if post_col is not None:
        joined = joined.with_columns(pl.col(post_col).alias("cadre_post_id"))
    added = [c for c in right.columns if c != key[1]]
    return joined.select(*frame.columns, *added)


def _kin(cadres: pl.DataFrame, relations: pl.DataFrame) -> pl.DataFrame:
    """One row per (cadre post, person): self, relatives listed by the cadre, and those listing the cadre."""
    as_cadre = cadres.select(
        pl.col("person_id").alias("cadre_id"),
        pl.col("post_id").alias("cadre_post_id"),
        pl.col("org_id").alias("cadre_org_id"),
    )
    self_rows = as_cadre.with_columns(pl.col("cadre_id").alias("person_id"), pl.lit(SELF).alias("relation"))
    forward = as_cadre.join(relations, left_on="cadre_id", right_on="person_id", how="inner").select(
        "cadre_id",
        "cadre_post_id",
        "cadre_org_id",
        pl.col("related_id").alias("person_id"),
        "relation",
        pl.format("relations:{}:{}", pl.col("cadre_id"), pl.col("related_id")).alias("relation_ref"),
    )
    # Recorded the other way round (the relative in person_id): the label is the cadre's relation to
    # the relative, so it is reversed; the cited row keeps its recorded order.
    backward = as_cadre.join(relations, left_on="cadre_id", right_on="related_id", how="inner").select(
        "cadre_id",
        "cadre_post_id",
        "cadre_org_id",
        "person_id",
        pl.col("relation").replace(REVERSED_RELATION).alias("relation"),
        pl.format("relations:{}:{}", pl.col("person_id"), pl.col("cadre_id")).alias("relation_ref"),
    )
    # Order = precedence when the same person is reached twice: self beats a listed relation, and the
    # cadre's own listing beats someone else's listing of the cadre.
    return (
        pl.concat([conform(f, KIN_SCHEMA) for f in (self_rows, forward, backward)], how="vertical")
        .filter(pl.col("person_id").is_not_null())
        .with_columns(pl.col("relation").fill_null("other"))
        .unique(subset=["cadre_post_id", "person_id"], keep="first", maintain_order=True)
    )


def _company_people(companies: pl.DataFrame) -> pl.DataFrame:
    """company_id, person_id, role: legal reps and (exploded) shareholders, deduplicated."""
    if not companies.width or "company_id" not in companies.columns:
        return pl.DataFrame(schema=COMPANY_PEOPLE_SCHEMA)
    base = companies.select(
        pl.col("company_id").cast(S),
        (
            pl.col("legal_rep_id").cast(S) if "legal_rep_id" in companies.columns else pl.lit(None, dtype=S)
        ).alias("legal_rep_id"),
        _shareholders(companies).alias("shareholder_ids"),
    )
    reps = base.select(
        "company_id", pl.col("legal_rep_id").alias("person_id"), pl.lit("legal_rep").alias("role")
    )
    holders = (
        base.select("company_id", pl.col("shareholder_ids").alias("person_id"))
        .explode("person_id")
        .select("company_id", "person_id", pl.lit("shareholder").alias("role"))
    )
    return (
        pl.concat([conform(reps, COMPANY_PEOPLE_SCHEMA), conform(holders, COMPANY_PEOPLE_SCHEMA)])
        .filter(
            pl.col("company_id").is_not_null()
            & pl.col("person_id").is_not_null()
            & (pl.col("person_id") != "")
        )
        .unique(maintain_order=True)
    )
