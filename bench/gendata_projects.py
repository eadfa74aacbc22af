"""Khuyến công đề án of the benchmark data generator (bench/gendata.py): programmes, plans, projects."""

import math
from collections import defaultdict
from datetime import date, timedelta

from .gendata_common import BATCH, FIRST_YEAR, LAST_YEAR, REASON, TRADES, M, fold, model, nfc


class ProjectsMixin:
    """Programmes, annual plans and đề án, with their status logs, versions, stop requests and payments."""

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
