"""Synthetic national dataset for the benchmarks: deterministic from a seed, sized by a scale factor.

Called by `khuyencong gendata --scale S --seed N` (khuyencong/core/management/commands/gendata.py), after
`khuyencong setup` has loaded the administrative units (63 former and 34 current provinces) and the
reference data. Everything is written with `bulk_create` in batches, and every audited model gets its
history rows through django-simple-history's `bulk_create_with_history` (one "+" row per record, actor
none, reason "khuyencong gendata"), never through a per-object save. Computed columns that `save()`
would fill (NFC names, folded `search_text`, `name_key`, occupancy, the cluster's derived status) are
filled here the same way, the status by `clusters.services.state_as_of` itself.

Sizes at scale 1 (DOMAIN §2.11 and §3.10; each count is multiplied by the scale):
- 2,500 clusters over the 63 former provinces (20–100 per merged province, skewed), each with its plan
  decision; ~45 % established (and ~30 % with a detailed plan, ~28 % operating), with investor
  assignments, land records (occupancy around 65 %) and the wastewater plant of operating clusters;
- 30,000 tenant projects in the established clusters (10–20 per operating cluster);
- 100,000 rural industrial establishments in the communes of their province;
- 25,000 đề án over 2010–2026 (more each year), ~30 % national; annual plans and programmes; support
  100–1,000 triệu đồng (log-normal), counterpart 0.5–2× support; status by age (old ones settled,
  accepted or stopped; recent ones in progress; 2026 partly still in preparation); status logs, the
  approved version 1 (plus adjustments), stop requests and payments (advance, disbursement, settlement);
  beneficiaries from the establishments of the same province;
- survey responses (50,000) only when the `khuyencong.surveys` app is installed: see `survey_responses`.

No other app imports this module; it reaches the models through `django.apps.apps` so it stays outside
the app dependency order (bench/ is not part of the installed package).
"""

import math
import random
import time
import unicodedata
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.db import transaction
from simple_history.utils import bulk_create_with_history

BATCH = 2000
REASON = "khuyencong gendata"
FIRST_YEAR, LAST_YEAR = 2010, 2026
REFORM = date(2025, 7, 1)
M = 1_000_000

BASE = {
    "clusters": 2500,
    "tenants": 30000,
    "projects": 25000,
    "facilities": 100000,
    "investors": 1200,
    "survey_responses": 50000,
}

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Linh", "Minh", "Nam"]
TRADES = [
    ("Chế biến cà phê", "cà phê rang xay"),
    ("Mây tre đan", "giỏ, thảm mây tre"),
    ("Cơ khí", "máy nông nghiệp"),
    ("Chế biến gỗ", "đồ gỗ nội thất"),
    ("Dệt may", "hàng may mặc"),
    ("Gốm sứ", "gốm mỹ nghệ"),
    ("Chế biến nông sản", "hạt điều, tiêu"),
    ("Vật liệu xây dựng", "gạch không nung"),
    ("Thực phẩm", "bánh kẹo, nước mắm"),
    ("Thủ công mỹ nghệ", "sơn mài, thêu ren"),
]
PLACE_WORDS = ["Bắc", "Nam", "Đông", "Tây", "Tân", "Phú", "Hòa", "An", "Thịnh", "Phước", "Thuận", "Long"]
TENANT_INDUSTRIES = ["Cơ khí", "Chế biến nông sản", "Dệt may", "Vật liệu xây dựng", "Chế biến gỗ", "Điện tử"]


def fold(text):
    from khuyencong.core.text import fold as _fold

    return _fold(text)


def nfc(text):
    return unicodedata.normalize("NFC", text)


def model(label):
    return apps.get_model(*label.split("."))


class Generator:
    """One run of the generator; `run()` returns {what: rows created} (history rows included)."""

    def __init__(self, *, scale=1.0, seed=42, log=None):
        if scale <= 0:
            raise ValueError("scale must be positive")
        self.scale = scale
        self.rng = random.Random(seed)
        self.log = log or (lambda message: None)
        self.counts = defaultdict(int)
        self.today = date(2026, 11, 1)  # fixed, so that the dataset does not depend on the run date

    def n(self, key):
        return max(1, round(BASE[key] * self.scale))

    # -- writing ---------------------------------------------------------------------------------------

    def save(self, objs, label=None, history=True):
        """bulk_create `objs` in batches (with history rows when the model is audited); returns them."""
        if not objs:
            return objs
        cls = type(objs[0])
        label = label or cls._meta.label
        saved = []
        for start in range(0, len(objs), BATCH):
            chunk = objs[start : start + BATCH]
            if history and hasattr(cls, "history"):
                saved.extend(
                    bulk_create_with_history(
                        chunk, cls, batch_size=BATCH, default_change_reason=REASON, default_date=self.now
                    )
                )
                self.counts[f"{label} (history)"] += len(chunk)
            else:
                saved.extend(cls.objects.bulk_create(chunk, batch_size=BATCH))
        self.counts[label] += len(objs)
        return saved

    # -- the run ----------------------------------------------------------------------------------------

    def run(self):
        from django.utils import timezone

        self.now = timezone.now()
        started = time.perf_counter()
        with transaction.atomic():
            self.geography()
            self.organisations()
            self.log(f"geography and organisations: {time.perf_counter() - started:.1f} s")
            self.facilities()
            self.log(f"facilities: {time.perf_counter() - started:.1f} s")
            self.clusters()
            self.log(f"clusters: {time.perf_counter() - started:.1f} s")
            self.projects()
            self.log(f"đề án: {time.perf_counter() - started:.1f} s")
            survey_responses(self)
        return dict(self.counts)

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

    # -- clusters ---------------------------------------------------------------------------------------

    def clusters(self):
        from khuyencong.clusters import services
        from khuyencong.clusters.models.operations import occupancy

        Cluster = model("clusters.Cluster")  # noqa: N806
        Decision = model("clusters.ClusterDecision")  # noqa: N806
        Assignment = model("clusters.ClusterInvestorAssignment")  # noqa: N806
        Land = model("clusters.LandRecord")  # noqa: N806
        Item = model("clusters.InfrastructureItem")  # noqa: N806
        Tenant = model("clusters.TenantProject")  # noqa: N806
        r = self.rng
        plans = []  # (cluster, [decisions], investor, since, commune)
        per_province = defaultdict(int)
        for _ in range(self.n("clusters")):
            planned_on = date(r.randint(2010, 2024), r.randint(1, 12), r.randint(1, 28))
            province = self.province_for(planned_on)
            per_province[province.pk] += 1
            number = per_province[province.pk]
            name = nfc(f"{r.choice(PLACE_WORDS)} {r.choice(PLACE_WORDS)} {number}")
            area = Decimal(r.randint(1000, 7500)) / 100  # 10–75 ha (ND 32/2024 size limits)
            cluster = Cluster(
                code=f"CCN-{province.code}-{number:03d}",
                name=name,
                province=province,
                kind="craft_village" if r.random() < 0.1 else "ordinary",
                in_mountainous_area=r.random() < 0.25,
                planned_area_ha=area,
                latitude=Decimal(f"{r.uniform(8.8, 23.2):.6f}"),
                longitude=Decimal(f"{r.uniform(102.2, 109.4):.6f}"),
                is_published=r.random() < 0.6,
                main_industries=r.choice(TENANT_INDUSTRIES),
            )
            cluster.search_text = " | ".join(fold(p) for p in (name, cluster.code, cluster.main_industries))
            decisions = [
                Decision(
                    kind="plan_inclusion",
                    number=f"{r.randint(1, 3000)}/QĐ-UBND",
                    issued_on=planned_on,
                    issuing_body_name=f"UBND {province.full_name}",
                    area_ha=area,
                )
            ]
            day = planned_on
            investor, since = None, None
            if r.random() < 0.45:  # established
                day += timedelta(days=r.randint(180, 900))
                investors = self.investors_by_province.get(province.pk) or self.investors
                investor = r.choice(investors)
                since = day
                established_area = (area * Decimal(r.uniform(0.6, 1.0))).quantize(Decimal("0.01"))
                decisions.append(
                    Decision(
                        kind="establishment",
                        number=f"{r.randint(1, 3000)}/QĐ-UBND",
                        issued_on=day,
                        issuing_body_name=f"UBND {province.full_name}",
                        area_ha=established_area,
                        investor=investor,
                    )
                )
                if r.random() < 0.67:
                    day += timedelta(days=r.randint(90, 500))
                    decisions.append(
                        Decision(
                            kind="detailed_plan",
                            number=f"{r.randint(1, 3000)}/QĐ-UBND",
                            issued_on=day,
                            area_ha=established_area,
                            issuing_body_name=f"UBND {province.full_name}",
                        )
                    )
                    if r.random() < 0.62:
                        day += timedelta(days=r.randint(200, 900))
                        decisions.append(
                            Decision(
                                kind="operation",
                                number=f"{r.randint(1, 3000)}/SCT",
                                issued_on=day,
                                issuing_body_name=f"Sở Công Thương {province.name}",
                            )
                        )
            decisions = [d for d in decisions if d.issued_on <= self.today]
            state = services.state_as_of(cluster, decisions)
            cluster.status = state.status
            if investor is not None:
                cluster.investor = investor
                cluster.investor_kind = services.investor_kind_of(investor)
            plans.append((cluster, decisions, investor, since, self.commune_in(province)))
        saved = self.save([p[0] for p in plans])
        decisions, assignments, lands, items, through = [], [], [], [], []
        Through = Cluster.communes.through  # noqa: N806
        operating = []
        for cluster, (_c, ds, investor, since, commune) in zip(saved, plans, strict=True):
            for d in ds:
                d.cluster = cluster
                decisions.append(d)
            if commune:
                through.append(Through(cluster_id=cluster.pk, adminunit_id=commune))
            if investor is not None:
                assignments.append(
                    Assignment(
                        cluster=cluster,
                        investor=investor,
                        kind=cluster.investor_kind,
                        since=since or self.today,
                    )
                )
            if cluster.status in ("established", "detailed_plan_approved", "operating"):
                total = max(d.area_ha or Decimal(0) for d in ds)
                industrial = (total * Decimal("0.7")).quantize(Decimal("0.01"))
                share = min(1.0, max(0.0, r.gauss(0.647, 0.2))) if cluster.status == "operating" else 0.1
                for year in sorted({2023, 2024, 2025} if cluster.status == "operating" else {2025}):
                    leased = (industrial * Decimal(f"{share * (0.85 + 0.05 * (year - 2023)):.4f}")).quantize(
                        Decimal("0.01")
                    )
                    leased = min(leased, industrial)
                    lands.append(
                        Land(
                            cluster=cluster,
                            period_end=date(year, 12, 31),
                            total_area_ha=total,
                            industrial_land_ha=industrial,
                            leased_ha=leased,
                            occupancy_pct=occupancy(leased, industrial),
                        )
                    )
            if cluster.status == "operating":
                operating.append(cluster)
                items.append(
                    Item(
                        cluster=cluster, kind="wastewater", state="operating" if r.random() < 0.3 else "none"
                    )
                )
        self.save(decisions)
        self.save(assignments)
        self.save(lands)
        self.save(items)
        Through.objects.bulk_create(through, batch_size=BATCH)
        self.counts["clusters.Cluster_communes"] += len(through)
        # Tenants: in operating clusters first (10–20 each), the rest in established ones.
        hosts = operating or saved
        tenants = []
        for i in range(self.n("tenants")):
            cluster = hosts[i % len(hosts)] if i < len(hosts) * 12 else r.choice(saved)
            name = nfc(f"Nhà máy {r.choice(TENANT_INDUSTRIES).lower()} {r.choice(PLACE_WORDS)} {i + 1}")
            investor_name = f"Công ty TNHH {r.choice(PLACE_WORDS)} {r.choice(GIVEN)} {i + 1}"
            industry = r.choice(TENANT_INDUSTRIES)
            capital = int(r.lognormvariate(10.5, 1.0)) * M
            tenants.append(
                Tenant(
                    cluster=cluster,
                    name=name,
                    investor_name=investor_name,
                    industry=industry,
                    leased_area_ha=Decimal(r.randint(20, 500)) / 100,
                    registered_capital_vnd=capital,
                    realised_capital_vnd=int(capital * r.uniform(0.2, 1.0)),
                    workers=r.randint(5, 400),
                    status=r.choice(["operating"] * 6 + ["under_construction", "registered", "suspended"]),
                    registered_on=date(r.randint(2012, 2026), r.randint(1, 12), r.randint(1, 28)),
                    search_text=f"{fold(name)} | {fold(investor_name)} | {fold(industry)}"[:600],
                )
            )
        self.save(tenants)

    # -- khuyến công -----------------------------------------------------------------------------------

    def projects(self):
        Programme = model("programs.Programme")  # noqa: N806
        Plan = model("programs.Plan")  # noqa: N806
        Project = model("programs.Project")  # noqa: N806
        Version = model("programs.ProjectVersion")  # noqa: N806
        Change = model("programs.StatusChange")  # noqa: N806
        Stop = model("programs.StopRequest")  # noqa: N806
        Payment = model("programs.Payment")  # noqa: N806
        Category = model("programs.ContentCategory")  # noqa: N806
        r = self.rng
        categories = list(Category.objects.order_by("number"))
        if not categories:
            raise RuntimeError("content categories are missing: run `khuyencong setup` first")
        periods = [(2006, 2010), (2011, 2015), (2016, 2020), (2021, 2025), (2026, 2030)]
        programmes = self.save(
            [
                Programme(
                    level="national", name="Chương trình khuyến công quốc gia", start_year=a, end_year=b
                )
                for a, b in periods
            ]
        )
        national_programme = {p.start_year: p for p in programmes}

        def period_of(year):
            return next(a for a, b in periods if a <= year <= b)

        # Đề án per year grows from ~60 % to ~140 % of the mean (more each year), 2010–2026.
        years = list(range(FIRST_YEAR, LAST_YEAR + 1))
        shares = [0.6 + 0.8 * i / (len(years) - 1) for i in range(len(years))]
        total = self.n("projects")
        per_year = [math.floor(total * s / sum(shares)) for s in shares]
        per_year[-1] += total - sum(per_year)
        specs = []  # (year, level, province)
        for year, count in zip(years, per_year, strict=True):
            for _ in range(count):
                level = "national" if r.random() < 0.3 else "local"
                specs.append((year, level, self.province_for(date(year, 1, 1))))
        local_programmes, plans = {}, {}
        for year, level, province in specs:
            key = (period_of(year), province.pk)
            if level == "local" and key not in local_programmes:
                a = period_of(year)
                local_programmes[key] = Programme(
                    level="local",
                    name=f"Chương trình khuyến công {province.name}",
                    start_year=a,
                    end_year=a + 4,
                    province=province,
                )
            plans.setdefault((level, year, province.pk), None)
        saved_local = self.save(list(local_programmes.values()))
        local_programmes = {(p.start_year, p.province_id): p for p in saved_local}  # keys as built above
        plan_objs = []
        for level, year, province_id in plans:
            programme = (
                national_programme[period_of(year)]
                if level == "national"
                else local_programmes[(period_of(year), province_id)]
            )
            plan_objs.append(
                Plan(
                    programme=programme,
                    level=level,
                    year=year,
                    province_id=province_id,
                    budget_vnd=r.randint(2_000, 12_000) * M,
                )
            )
        plans = {(p.level, p.year, p.province_id): p for p in self.save(plan_objs)}

        projects, fates = [], []
        numbers = defaultdict(int)
        for year, level, province in specs:
            numbers[(year, level, province.pk)] += 1
            prefix = "KCQG" if level == "national" else "KCĐP"
            code = f"{prefix}-{province.code}-{year}-{numbers[(year, level, province.pk)]:03d}"
            category = r.choice(categories)
            trade, _products = r.choice(TRADES)
            title = nfc(f"{category.name.split(',')[0]}: {trade.lower()} tại {province.name}")[:400]
            support = int(min(3000.0, max(50.0, r.lognormvariate(math.log(300), 0.6)))) * M
            counterpart = int(support * r.uniform(0.5, 2.0)) // M * M
            start = date(year, r.randint(3, 8), r.randint(1, 28))
            end = start + timedelta(days=r.randint(120, 330))
            age = LAST_YEAR - year
            fate = self.fate(age, end)
            project = Project(
                code=code,
                title=title,
                level=level,
                plan_year=year,
                plan=plans[(level, year, province.pk)],
                category=category,
                executing_unit=self.centre[province.pk],
                province=province,
                commune_id=self.commune_in(province),
                trainees=r.randint(20, 120) if category.code == "KC01" else 0,
                machines=r.randint(1, 8) if category.code == "KC03" else 0,
                state_support_vnd=support,
                counterpart_vnd=counterpart,
                total_cost_vnd=support + counterpart,
                start_date=start,
                end_date=end,
                status=fate[-1],
                status_before_request="in_progress"
                if fate[-1] in ("stop_requested", "adjustment_requested")
                else "",
                search_text=f"{fold(code)} | {fold(title)}"[:800],
            )
            projects.append(project)
            fates.append(fate)
        projects = self.save(projects)

        changes, versions, stops, payments, through = [], [], [], [], []
        Through = Project.beneficiaries.through  # noqa: N806
        for project, fate in zip(projects, fates, strict=True):
            day = date(project.plan_year, 1, 15)
            previous = ""
            for status in fate:
                changes.append(
                    Change(
                        project=project,
                        transition=status,
                        from_status=previous,
                        to_status=status,
                        note=REASON,
                    )
                )
                previous = status
                day += timedelta(days=40)
            approved = "approved_in_plan" in fate
            if approved:
                versions.append(
                    Version(
                        project=project,
                        number=1,
                        status="approved",
                        data={"state_support_vnd": project.state_support_vnd, "title": project.title},
                    )
                )
            if "adjustment_requested" in fate:
                versions.append(
                    Version(
                        project=project,
                        number=2,
                        status="pending" if fate[-1] == "adjustment_requested" else "approved",
                        kinds=["budget"],
                        reason="Điều chỉnh kinh phí",
                        data={"state_support_vnd": project.state_support_vnd, "title": project.title},
                    )
                )
            if "stop_requested" in fate:
                stops.append(
                    Stop(
                        project=project,
                        reason="Cơ sở thụ hưởng không đủ điều kiện đối ứng",
                        status="approved" if fate[-1] == "stopped" else "pending",
                    )
                )
            if "in_progress" in fate and fate[-1] != "stopped":
                advance = project.state_support_vnd // 2
                payments.append(
                    Payment(project=project, kind="advance", amount_vnd=advance, paid_on=project.start_date)
                )
                if fate[-1] in ("accepted", "settled"):
                    payments.append(
                        Payment(
                            project=project,
                            kind="disbursement",
                            amount_vnd=project.state_support_vnd - advance,
                            paid_on=project.end_date,
                        )
                    )
                if fate[-1] == "settled":
                    payments.append(
                        Payment(
                            project=project,
                            kind="settlement",
                            amount_vnd=project.state_support_vnd,
                            paid_on=project.end_date + timedelta(days=60),
                        )
                    )
            pool = self.facilities_by_province.get(project.province_id)
            if pool and approved:
                for facility_id in {r.choice(pool) for _ in range(r.choice([1, 1, 1, 2, 3]))}:
                    through.append(Through(project_id=project.pk, facility_id=facility_id))
        self.save(changes, history=False)
        self.save(versions)
        self.save(stops)
        self.save(payments)
        Through.objects.bulk_create(through, batch_size=BATCH)
        self.counts["programs.Project_beneficiaries"] += len(through)

    def fate(self, age, end):
        """The statuses a đề án went through, oldest first, by the age of its plan year."""
        r = self.rng
        x = r.random()
        path = ["draft", "submitted"]
        if age == 0 and x < 0.35:
            return path[: 1 + (x < 0.15)]
        if x < 0.04:
            return [*path, "rejected"]
        path += ["approved_in_plan"]
        if age == 0 and x < 0.55:
            return path
        path += ["contracted", "in_progress"]
        y = r.random()
        if y < 0.05:
            return [*path, "stop_requested", "stopped"] if age > 0 else [*path, "stop_requested"]
        if y < 0.12:
            path += ["adjustment_requested"]
            if age == 0:
                return path
            path += ["in_progress"]
        if age == 0 or (age == 1 and end > self.today - timedelta(days=60) and y < 0.6):
            return path
        path += ["completed", "accepted"]
        if age >= 2 or y < 0.3:
            path += ["settled"]
        return path


# -- surveys -----------------------------------------------------------------------------------------


def survey_responses(generator):
    """LEAD: hook for the survey responses (50,000 at scale 1) of the `khuyencong.surveys` app.

    The app is being built in parallel; this generator runs only when it is installed, and calls that
    app's own `khuyencong.surveys.bench.generate(rng=..., count=..., facilities_by_province=..., now=...)`
    returning {label: rows}. Write that function next to the surveys models (bulk_create in batches,
    history with `bulk_create_with_history`), or replace this hook. Until then nothing is generated.
    """
    if not apps.is_installed("khuyencong.surveys"):
        return
    from importlib import import_module, util

    if util.find_spec("khuyencong.surveys.bench") is None:
        generator.log("surveys: khuyencong.surveys.bench.generate not found; no survey responses generated")
        return
    made = import_module("khuyencong.surveys.bench").generate(
        rng=generator.rng,
        count=generator.n("survey_responses"),
        facilities_by_province=generator.facilities_by_province,
        now=generator.now,
    )
    for label, rows in (made or {}).items():
        generator.counts[label] += rows
