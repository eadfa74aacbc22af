"""Geography, organisations and facilities of the benchmark data generator (bench/gendata.py)."""

from collections import defaultdict
from datetime import date

from .gendata_common import (
    FIRST_YEAR,
    GIVEN,
    LAST_YEAR,
    PLACE_WORDS,
    REFORM,
    SURNAMES,
    TRADES,
    fold,
    model,
    nfc,
)


class PlacesMixin:
    """Provinces and communes, the promotion centres, departments and investors, and the establishments."""

    # -- geography -------------------------------------------------------------------------------------

    def geography(self):
        AdminUnit = model("geography.AdminUnit")  # noqa: N806
        Succession = model("geography.Succession")  # noqa: N806
        legacy = list(AdminUnit.objects.filter(level="province", scheme="legacy").order_by("code"))
        current = list(AdminUnit.objects.filter(level="province", scheme="2025").order_by("code"))
        if len(legacy) < 2 or len(current) < 2:
            raise RuntimeError("administrative units are missing: run `khuyencong setup` first")
        self.legacy, self.current = legacy, current
        self.successor = {}
        for link in Succession.objects.filter(predecessor__in=legacy, successor__level="province").order_by(
            "predecessor_id", "successor_id"
        ):
            self.successor.setdefault(link.predecessor_id, link.successor_id)
        communes = defaultdict(list)
        for pk, province_id in (
            AdminUnit.objects.filter(level="commune").order_by("code").values_list("pk", "province_id")
        ):
            communes[province_id].append(pk)
        self.communes = communes
        # Weight of each former province: skewed, as clusters and đề án are (a few provinces have many).
        self.weight = {p.pk: self.rng.lognormvariate(0, 0.6) for p in legacy}
        self.by_pk = {p.pk: p for p in legacy + current}

    def province_for(self, day):
        """A province valid on `day` (former before 1 July 2025, current after), by weight."""
        former = self.rng.choices(self.legacy, weights=[self.weight[p.pk] for p in self.legacy])[0]
        if day < REFORM:
            return former
        return self.by_pk.get(self.successor.get(former.pk), former)

    def commune_in(self, province):
        ids = self.communes.get(province.pk)
        return self.rng.choice(ids) if ids else None

    def person(self):
        r = self.rng
        return f"{r.choice(SURNAMES)} {r.choice(['Văn', 'Thị', 'Đức', 'Ngọc'])} {r.choice(GIVEN)}"

    # -- organisations ------------------------------------------------------------------------------

    def organisations(self):
        Organisation = model("accounts.Organisation")  # noqa: N806
        objs, self.centre, self.department = [], {}, {}
        for province in self.legacy + self.current:
            for kind, prefix, short in (
                ("promotion_centre", "Trung tâm Khuyến công", "TTKC"),
                ("department", "Sở Công Thương", "SCT"),
            ):
                name = f"{prefix} {province.name}"
                objs.append(
                    Organisation(
                        name=name,
                        short_name=f"{short} {province.name}",
                        kind=kind,
                        province=province,
                        search_text=f"{fold(name)} | {fold(short + ' ' + province.name)}",
                        valid_to=date(2025, 6, 30) if province.scheme == "legacy" else None,
                    )
                )
        investors = []
        r = self.rng
        for i in range(self.n("investors")):
            province = self.province_for(date(2018, 1, 1))
            public = r.random() < 0.3
            name = (
                f"Trung tâm Phát triển hạ tầng CCN {province.name} {i + 1}"
                if public
                else f"Công ty Cổ phần Đầu tư Hạ tầng {r.choice(PLACE_WORDS)} {r.choice(PLACE_WORDS)} {i + 1}"
            )
            investors.append(
                Organisation(
                    name=name,
                    kind="public_unit" if public else "enterprise",
                    province=province,
                    tax_code=f"{3000000000 + i}",
                    search_text=f"{fold(name)} | ",
                )
            )
        saved = self.save(objs + investors)
        for org in saved[: len(objs)]:
            (self.centre if org.kind == "promotion_centre" else self.department)[org.province_id] = org
        self.investors = saved[len(objs) :]
        self.investors_by_province = defaultdict(list)
        for org in self.investors:
            self.investors_by_province[org.province_id].append(org)

    # -- facilities -----------------------------------------------------------------------------------

    def facilities(self):
        Facility = model("facilities.Facility")  # noqa: N806
        r = self.rng
        kinds = ["household"] * 6 + ["enterprise"] * 2 + ["cooperative", "cooperative_group"]
        objs = []
        for i in range(self.n("facilities")):
            registered = date(r.randint(FIRST_YEAR, LAST_YEAR), r.randint(1, 12), r.randint(1, 28))
            province = self.province_for(registered)
            trade, products = r.choice(TRADES)
            kind = r.choice(kinds)
            prefix = {"household": "Cơ sở", "enterprise": "Công ty TNHH", "cooperative": "HTX"}.get(
                kind, "Tổ hợp tác"
            )
            name = nfc(f"{prefix} {trade} {self.person()} {i + 1}")
            tax = f"{6000000000 + i}" if kind in ("enterprise", "cooperative") else ""
            name_key = fold(name)
            objs.append(
                Facility(
                    name=name,
                    kind=kind,
                    tax_code=tax,
                    province=province,
                    commune_id=self.commune_in(province),
                    industry=trade,
                    products=products,
                    workers=max(1, int(r.lognormvariate(2.3, 0.9))),
                    woman_owned=r.random() < 0.3,
                    employs_ethnic_minorities=r.random() < 0.15,
                    contact_name=self.person(),
                    name_key=name_key,
                    search_text=" | ".join(p for p in (name_key, tax, fold(trade), fold(products)) if p)[
                        :600
                    ],
                )
            )
        saved = self.save(objs)
        self.facilities_by_province = defaultdict(list)
        for facility in saved:
            self.facilities_by_province[facility.province_id].append(facility.pk)
