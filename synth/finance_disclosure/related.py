"""Planted related-party payments: to a cadre's relative, their company, the cadre's company, the cadre."""

from __future__ import annotations

from .books import Books


def plant_related(books: Books, org_id: str, k: int, approver: str | None = None) -> None:
    """Plant a payment to a cadre's relative, the relative's company, the cadre's company or the cadre."""
    world, rng = books.world, books.rng
    day = books.plant_day(k)
    k %= 4
    cadre_post = world.post_id(org_id, ("director", "grid", "welfare", "procurement")[k])
    cadre = world.holder(cadre_post)
    relative = world.relative(cadre, ("sibling", "spouse", "child", "sibling")[k])
    extra: list[str] = []
    if k == 0:  # a relative paid in person
        cp_type, cp = "person", relative
        extra = [f"relations:{cadre}:{relative}"]
    elif k == 1:  # the relative's company
        cp_type, cp = "company", books.fresh_company(org_id, legal_rep_id=relative)
        extra = [f"companies:{cp}", f"relations:{cadre}:{relative}"]
    elif k == 2:  # the cadre is a shareholder
        cp_type, cp = (
            "company",
            books.fresh_company(org_id, shareholder_ids=[world.new_person(org_id), cadre]),
        )
        extra = [f"companies:{cp}"]
    else:  # the cadre him/herself, outside pay, travel and subsidies
        cp_type, cp = "person", cadre
    approver = approver or world.post_id(org_id, "secretary")
    ref = books.pay(org_id, day, round(rng.uniform(3000, 28_000), 2) + 0.01, "services", cp_type, cp,
                    approved_by=approver, handled_by=world.post_id(org_id, "finance"),
                    description="村内公共区域维护劳务费")
    books.plant("related_party_payment",
        org_id,
        approver,
        [ref, *extra],
        True,
        ("支付给干部亲属", "支付给干部亲属任法定代表人的公司", "支付给干部参股的公司", "支付给干部本人")[k],
    )

