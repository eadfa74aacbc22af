"""Demo data for khuyến công: Đắk Nông 2022–2023 as the seed report describes, plus Hà Nội and Lâm Đồng 2026.

Seed figures (Đắk Nông, 2022–2023): national plan 8 đề án carried out, 7.040 triệu đồng; local plan 14 of
15 approved đề án carried out (one stopped), 3.362 triệu đồng for the 14. The report names no đề án, so
every đề án below is illustrative ("minh họa"); only the counts and sums reproduce the report.
Every đề án goes through the real workflow services, so timelines, versions and logs are real records.
"""

from datetime import date

from khuyencong.accounts.models import Organisation, User
from khuyencong.facilities.models import Facility
from khuyencong.geography.models import AdminUnit

from . import services
from .choices import AdjustmentKind, DocumentKind, Level, PaymentKind, Status
from .models import ContentCategory, Document, Plan, Programme, Project

M = 1_000_000
NOTE = "Đề án minh họa: bài báo nguồn chỉ nêu số lượng và tổng kinh phí, không nêu tên đề án."
# (support in triệu đồng, category, final state); 2 × 4 national đề án, sum 7.040
NATIONAL = {
    2022: [
        (1000, "KC03", "settled"),
        (950, "KC03", "settled"),
        (900, "KC03", "settled"),
        (880, "KC03", "settled"),
    ],
    2023: [
        (850, "KC03", "accepted"),
        (840, "KC04", "accepted"),
        (820, "KC03", "adjusted"),
        (800, "KC03", "accepted"),
    ],
}
# 7 + 8 local đề án; one stopped (150), the other 14 sum 3.362
LOCAL = {
    2022: [
        (320, "KC01", "settled"),
        (300, "KC03", "settled"),
        (280, "KC05", "settled"),
        (260, "KC03", "settled"),
        (250, "KC06", "settled"),
        (240, "KC03", "settled"),
        (150, "KC03", "stopped"),
    ],
    2023: [
        (230, "KC03", "accepted"),
        (220, "KC05", "accepted"),
        (210, "KC01", "accepted"),
        (200, "KC03", "refused_stop"),
        (240, "KC03", "accepted"),
        (212, "KC02", "in_progress"),
        (200, "KC03", "stop_pending"),
        (200, "KC05", "accepted"),
    ],
}


def _doc(kind, number, day, issuer="", province=None):
    doc = Document.objects.filter(kind=kind, number=number, issued_on=day).order_by("pk").first()
    if doc is None:
        doc = Document.objects.create(
            kind=kind, number=number, issued_on=day, issuing_body_name=issuer, province=province
        )
    return doc


def _d(number, day, issuer=""):
    """A step's document; `issuer` an Organisation of the register (its direction in the register of
    official documents follows from it: the Sở's own letters go out) or a name."""
    if isinstance(issuer, Organisation):
        return {"number": number, "issued_on": day, "issuing_body": issuer}
    return {"number": number, "issued_on": day, "issuing_body_name": issuer}


def _programmes(dak_nong, ha_noi):
    qd1881 = _doc(DocumentKind.DECISION, "1881/QĐ-TTg", date(2020, 11, 20), "Thủ tướng Chính phủ")
    qd2646 = _doc(DocumentKind.DECISION, "2646/QĐ-BCT", date(2025, 9, 23), "Bộ trưởng Bộ Công Thương")
    national_2125, _ = Programme.objects.get_or_create(
        level=Level.NATIONAL,
        start_year=2021,
        end_year=2025,
        province=None,
        defaults={"name": "Chương trình khuyến công quốc gia", "decision": qd1881},
    )
    national_2630, _ = Programme.objects.get_or_create(
        level=Level.NATIONAL,
        start_year=2026,
        end_year=2030,
        province=None,
        defaults={"name": "Chương trình khuyến công quốc gia", "decision": qd2646},
    )
    local_dn, _ = Programme.objects.get_or_create(
        level=Level.LOCAL,
        start_year=2021,
        end_year=2025,
        province=dak_nong,
        defaults={
            "name": "Chương trình khuyến công tỉnh Đắk Nông",
            "decision": _doc(
                DocumentKind.DECISION,
                "1001/QĐ-UBND (minh họa)",
                date(2021, 6, 1),
                "UBND tỉnh Đắk Nông",
                dak_nong,
            ),
            "note": "Số quyết định minh họa.",
        },
    )
    local_hn, _ = Programme.objects.get_or_create(
        level=Level.LOCAL,
        start_year=2026,
        end_year=2030,
        province=ha_noi,
        defaults={
            "name": "Chương trình khuyến công thành phố Hà Nội",
            "decision": _doc(
                DocumentKind.DECISION,
                "2002/QĐ-UBND (minh họa)",
                date(2026, 1, 15),
                "UBND thành phố Hà Nội",
                ha_noi,
            ),
            "note": "Số quyết định minh họa.",
        },
    )
    return national_2125, national_2630, local_dn, local_hn


def _plan(programme, level, year, province, budget, number, issuer):
    decision = _doc(DocumentKind.DECISION, number, date(year, 1, 20), issuer, province)
    plan, _ = Plan.objects.get_or_create(
        level=level,
        year=year,
        province=province,
        defaults={
            "programme": programme,
            "budget_vnd": budget * M,
            "decision": decision,
            "note": "Kế hoạch minh họa (số quyết định minh họa).",
        },
    )
    return plan


def _run(project, final, *, officer, authority, year, plan, office, central):
    """Take `project` through the real workflow to `final`. Each step's document names its issuer:
    `office` (the Sở Công Thương of the province that year), the executing centre, or `central` (the
    Cục, deciding on national đề án); the approval cites the plan's own decision (one document, entered
    once in the register), and a settled đề án was paid in full (advance, then the rest) before its
    settlement, so that settled ≤ disbursed ≤ approved (reports.crosschecks)."""
    national = project.level == Level.NATIONAL
    centre = project.executing_unit.name
    decider = central if national else office
    services.submit(project, actor=officer, document=_d(f"{project.pk}/TTKC-KH", date(year, 1, 5), centre))
    if national:
        services.appraise_local(
            project, actor=officer, document=_d(f"BB-{project.pk}/SCT", date(year, 1, 10), office)
        )
        services.submit_central(
            project, actor=officer, document=_d(f"{project.pk}/SCT-QLCN", date(year, 1, 12), office)
        )
    decision = plan.decision
    services.approve(
        project,
        actor=authority,
        plan=plan,
        document=_d(decision.number, decision.issued_on, decision.issuing_body or decision.issuing_body_name),
    )
    if final == "stopped":
        services.request_stop(
            project, actor=officer, reason="Cơ sở thụ hưởng xin rút, không bố trí được vốn đối ứng"
        )
        services.approve_stop(
            project, actor=authority, document=_d(f"{project.pk}/QĐ-SCT", date(year, 6, 1), office)
        )
        return
    services.contract(project, actor=officer, document=_d(f"{project.pk}/HĐ-KC", date(year, 3, 1), centre))
    if final == "adjusted":
        services.request_adjustment(
            project,
            actor=officer,
            kinds=[AdjustmentKind.BUDGET],
            changes={"state_support_vnd": project.state_support_vnd - 20 * M},
            note="Điều chỉnh giảm kinh phí do giá thiết bị giảm (minh họa)",
        )
        project = services.approve_adjustment(
            project, actor=authority, document=_d(f"{project.pk}/QĐ-ĐCK", date(year, 5, 1), decider)
        )
    services.start(project, actor=officer)
    services.record_payment(
        project,
        actor=officer,
        kind=PaymentKind.ADVANCE,
        amount_vnd=project.state_support_vnd // 2,
        paid_on=date(year, 4, 1),
        reference=f"UNC {project.pk}",
    )
    if final == "refused_stop":
        services.request_stop(project, actor=officer, reason="Cơ sở đề nghị dừng do chậm giao máy (minh họa)")
        services.refuse_stop(
            project,
            actor=authority,
            document=_d(f"{project.pk}/SCT-KC", date(year, 7, 1), office),
            note="Tiếp tục thực hiện, gia hạn giao máy",
        )
    if final == "stop_pending":
        services.request_stop(project, actor=officer, reason="Cơ sở xin dừng, đang chờ Sở xem xét (minh họa)")
        return
    if final == "in_progress":
        return
    services.complete(project, actor=officer, document=_d(f"{project.pk}/BC-HT", date(year, 10, 1), centre))
    services.accept(project, actor=officer, document=_d(f"BBNT-{project.pk}", date(year, 11, 1), office))
    if final == "settled":
        project.refresh_from_db()
        services.record_payment(
            project,
            actor=officer,
            kind=PaymentKind.DISBURSEMENT,
            amount_vnd=project.state_support_vnd - project.state_support_vnd // 2,
            paid_on=date(year, 12, 5),
            reference=f"UNC {project.pk}/2",
        )
        services.record_payment(
            project,
            actor=officer,
            kind=PaymentKind.SETTLEMENT,
            amount_vnd=project.state_support_vnd,
            paid_on=date(year, 12, 15),
            reference=f"QT {project.pk}",
        )
        services.settle(
            project, actor=officer, document=_d(f"{project.pk}/QĐ-QT", date(year, 12, 20), decider)
        )


def _project(code, title, level, year, support, category, *, province, unit, facility, officer, end=None):
    existing = Project.objects.filter(code=code).first()
    if existing is not None:
        return existing, False
    project = services.create_project(
        actor=officer,
        code=code,
        title=title,
        level=level,
        plan_year=year,
        category=ContentCategory.objects.get(code=category),
        executing_unit=unit,
        province=province,
        commune=facility.commune if facility.province_id == province.pk else None,
        objectives=f"Hỗ trợ {facility.name} ({facility.products}). {NOTE}",
        models_built=1 if category == "KC03" else 0,
        trainees=30 if category == "KC01" else 0,
        booths=5 if category == "KC05" else 0,
        state_support_vnd=support * M,
        counterpart_vnd=support * M * 24 // 10,
        total_cost_vnd=support * M * 34 // 10,
        start_date=date(year, 3, 1),
        end_date=end or date(year, 11, 30),
        note=NOTE,
        beneficiaries=[facility],
    )
    return project, True


def load():
    dak_nong = AdminUnit.objects.get(scheme="legacy", level="province", code="67")
    ha_noi = AdminUnit.objects.get(scheme="2025", level="province", code="01")
    lam_dong = AdminUnit.objects.get(scheme="2025", level="province", code="68")
    lamdong, hanoi, central = (User.objects.get(username=u) for u in ("lamdong", "hanoi", "trunguong"))
    centre_dn = Organisation.objects.get(name="Trung tâm Khuyến công và Xúc tiến thương mại tỉnh Đắk Nông")
    centre_ld = Organisation.objects.get(name="Trung tâm Khuyến công tỉnh Lâm Đồng")
    centre_hn, _ = Organisation.objects.get_or_create(
        name="Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hà Nội",
        defaults={"kind": "promotion_centre", "province": ha_noi},
    )
    national_2125, national_2630, local_dn, local_hn = _programmes(dak_nong, ha_noi)
    # The issuers of the steps' documents: each Sở as it existed that year, and the Cục.
    so_dn = Organisation.objects.get(name="Sở Công Thương tỉnh Đắk Nông")
    so_ld = Organisation.objects.get(name="Sở Công Thương tỉnh Lâm Đồng")
    so_hn = Organisation.objects.get(name="Sở Công Thương thành phố Hà Nội")
    cuc = Organisation.objects.get(kind="central_agency", valid_to__isnull=True)
    facilities = list(Facility.objects.filter(province=dak_nong).order_by("id"))
    created = 0
    index = 0
    for level, table, programme in (
        (Level.NATIONAL, NATIONAL, national_2125),
        (Level.LOCAL, LOCAL, local_dn),
    ):
        for year, rows in table.items():
            if level == Level.NATIONAL:
                plan = _plan(
                    programme,
                    level,
                    year,
                    dak_nong,
                    sum(r[0] for r in rows),
                    f"{year - 2000}00/QĐ-BCT (minh họa)",
                    "Bộ Công Thương",
                )
            else:
                plan = _plan(
                    programme,
                    level,
                    year,
                    dak_nong,
                    sum(r[0] for r in rows),
                    f"{year - 2000}01/QĐ-UBND (minh họa)",
                    "UBND tỉnh Đắk Nông",
                )
            for n, (support, category, final) in enumerate(rows, start=1):
                facility = facilities[index % len(facilities)]
                index += 1
                prefix = "KCQG" if level == Level.NATIONAL else "KCĐP"
                extra = 20 if final == "adjusted" else 0  # adjusted down by 20 triệu to the seed figure
                project, new = _project(
                    f"{prefix}-DNO-{year}-{n:02d}",
                    f"Hỗ trợ {facility.name} (minh họa)",
                    level,
                    year,
                    support + extra,
                    category,
                    province=dak_nong,
                    unit=centre_dn,
                    facility=facility,
                    officer=lamdong,
                )
                if new:
                    authority = central if level == Level.NATIONAL else lamdong
                    _run(
                        project,
                        final,
                        officer=lamdong,
                        authority=authority,
                        year=year,
                        plan=plan,
                        office=so_dn,
                        central=cuc,
                    )
                    created += 1
    # Today: Hà Nội and Lâm Đồng 2026 (new programme under QĐ 2646/QĐ-BCT).
    hn_plan = _plan(
        local_hn, Level.LOCAL, 2026, ha_noi, 1500, "2601/QĐ-UBND (minh họa)", "UBND thành phố Hà Nội"
    )
    hn_facilities = list(Facility.objects.filter(province=ha_noi).order_by("id"))
    for n, (support, final) in enumerate([(400, "in_progress"), (350, "accepted"), (300, "draft")], start=1):
        facility = hn_facilities[(n - 1) % len(hn_facilities)]
        project, new = _project(
            f"KCĐP-HNI-2026-{n:02d}",
            f"Hỗ trợ {facility.name}",
            Level.LOCAL,
            2026,
            support,
            "KC03",
            province=ha_noi,
            unit=centre_hn,
            facility=facility,
            officer=hanoi,
        )
        if new and final != "draft":
            _run(
                project,
                final,
                officer=hanoi,
                authority=hanoi,
                year=2026,
                plan=hn_plan,
                office=so_hn,
                central=cuc,
            )
            created += 1
    ld_plan = _plan(
        national_2630, Level.NATIONAL, 2026, lam_dong, 900, "2611/QĐ-BCT (minh họa)", "Bộ Công Thương"
    )
    ld_facility = Facility.objects.filter(province=dak_nong).order_by("-id").first()
    project, new = _project(
        "KCQG-LDG-2026-01",
        "Mô hình trình diễn sấy nông sản (minh họa, quá hạn)",
        Level.NATIONAL,
        2026,
        900,
        "KC03",
        province=lam_dong,
        unit=centre_ld,
        facility=ld_facility,
        officer=lamdong,
        end=date(2026, 10, 31),
    )
    if new:
        _run(
            project,
            "in_progress",
            officer=lamdong,
            authority=central,
            year=2026,
            plan=ld_plan,
            office=so_ld,
            central=cuc,
        )
        created += 1
    stopped = Project.objects.filter(status=Status.STOPPED).count()
    total, plans = Project.objects.count(), Plan.objects.count()
    return f"{total} đề án ({created} new, {stopped} stopped), {plans} plans (illustrative)"
