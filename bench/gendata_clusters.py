"""Clusters (CCN) of the benchmark data generator (bench/gendata.py): decisions, investors, land, tenants."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from .gendata_common import BATCH, GIVEN, PLACE_WORDS, TENANT_INDUSTRIES, M, fold, model, nfc


class ClustersMixin:
    """The clusters with their plan decisions, investor assignments, land records, plants and tenants."""

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
        # The stored summary, as clusters.services.refresh_status writes it (it needs the decisions' ids).
        assigned = defaultdict(list)
        for assignment in assignments:
            assigned[assignment.cluster_id].append(assignment)
        for cluster, (_c, ds, *_rest) in zip(saved, plans, strict=True):
            cluster.summary = services.summary_of(cluster, ds, assigned[cluster.pk])
        Cluster.objects.bulk_update(saved, ["summary"], batch_size=BATCH)
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
