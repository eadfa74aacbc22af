"""Demo inspections for Lâm Đồng (illustrative): a provincial plan, a visit to a đề án of the former Đắk Nông
with findings and recommendations (one overdue, one closed with evidence), a central visit to the province,
and a local proposal to the central agency with its answer. Idempotent."""

from datetime import date, timedelta

from django.core.files.base import ContentFile

from khuyencong.accounts.models import Organisation, User
from khuyencong.core import audit, clock
from khuyencong.geography.models import AdminUnit
from khuyencong.programs.models import Project

from . import services
from .choices import PlanLevel, RecommendationStatus, Severity, VisitLevel, VisitStatus
from .models import Inspection, InspectionPlan, Recommendation

TITLE = "Kiểm tra thực hiện đề án khuyến công (minh họa)"
# A minimal PDF standing in for the scanned report that closes a recommendation.
EVIDENCE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def load():
    lam_dong = AdminUnit.objects.get(scheme="2025", level="province", code="68")
    dak_nong = AdminUnit.objects.get(scheme="legacy", level="province", code="67")
    officer = User.objects.filter(username="lamdong").first()
    department = Organisation.objects.filter(name="Sở Công Thương tỉnh Lâm Đồng").first()
    central = Organisation.objects.filter(kind="central_agency").order_by("id").first()
    centre = Organisation.objects.filter(name="Trung tâm Khuyến công tỉnh Lâm Đồng").first()
    project = Project.objects.filter(
        province=dak_nong, status__in=["accepted", "settled", "completed"]
    ).first()
    project = project or Project.objects.filter(province=dak_nong).order_by("code").first()
    if officer is None or project is None:
        return "skipped (personas or đề án missing)"
    if Inspection.objects.filter(title=TITLE).exists():
        return f"{Inspection.objects.count()} inspections, {Recommendation.objects.count()} recommendations"
    today = clock.today()
    with audit.acting_as(officer, reason="demo data"):
        plan = InspectionPlan.objects.create(
            title="Kế hoạch kiểm tra công tác khuyến công năm 2025 (minh họa)",
            year=2025,
            level=PlanLevel.PROVINCIAL,
            organisation=department,
            province=lam_dong,
            decision_number="25/QĐ-SCT (minh họa)",
            decision_date=date(2025, 8, 5),
        )
    visit = services.create_inspection(
        actor=officer,
        plan=plan,
        title=TITLE,
        level=VisitLevel.PROVINCE_PROJECT,
        inspecting_body=department,
        province=lam_dong,
        project=project,
        team_lead="Trần Thị Lan — Phó Giám đốc Sở",
        team="Lê Văn Sơn — Phòng Kế hoạch\nH'Niê Hoa — cộng tác viên khuyến công",
        start_date=today - timedelta(days=75),
        end_date=today - timedelta(days=74),
        legal_basis="Quyết định số 25/QĐ-SCT ngày 05/8/2025 của Sở Công Thương tỉnh Lâm Đồng (minh họa)",
        checklist=[
            {"item": "Hồ sơ nghiệm thu đầy đủ", "result": "ok", "note": ""},
            {"item": "Thiết bị lắp đặt đúng chủng loại", "result": "ok", "note": ""},
            {"item": "Biển ghi nhận hỗ trợ khuyến công", "result": "not_ok", "note": "Chưa gắn biển"},
        ],
        findings_summary="Đề án thực hiện đúng nội dung; còn thiếu biển ghi nhận và sổ theo dõi vận hành.",
        status=VisitStatus.COMPLETED,
    )
    plate = services.add_finding(
        visit, actor=officer, text="Chưa gắn biển ghi nhận hỗ trợ khuyến công.", severity=Severity.MINOR
    )
    log = services.add_finding(
        visit, actor=officer, text="Chưa lập sổ theo dõi vận hành thiết bị.", severity=Severity.MINOR
    )
    overdue = services.add_recommendation(
        actor=officer,
        finding=plate,
        text="Gắn biển ghi nhận hỗ trợ khuyến công tại thiết bị.",
        addressee=centre,
        addressee_name="" if centre else "Trung tâm Khuyến công tỉnh Lâm Đồng",
        deadline=today - timedelta(days=15),
    )
    services.record_follow_up(
        overdue,
        actor=officer,
        text="Đơn vị đã nhận kiến nghị, đang đặt làm biển.",
        status=RecommendationStatus.IN_PROGRESS,
        on=today - timedelta(days=40),
    )
    closed = services.add_recommendation(
        actor=officer,
        finding=log,
        text="Lập sổ theo dõi vận hành thiết bị và gửi bản chụp về Sở.",
        addressee=centre,
        addressee_name="" if centre else "Trung tâm Khuyến công tỉnh Lâm Đồng",
        deadline=today - timedelta(days=30),
    )
    services.record_follow_up(
        closed,
        actor=officer,
        text="Đã nhận bản chụp sổ theo dõi vận hành (minh họa).",
        evidence=ContentFile(EVIDENCE_PDF, name="so-theo-doi-van-hanh.pdf"),
        status=RecommendationStatus.CLOSED,
        on=today - timedelta(days=35),
    )
    services.add_recommendation(
        actor=officer,
        finding=log,
        text="Báo cáo kết quả vận hành sau 6 tháng.",
        addressee=centre,
        addressee_name="" if centre else "Trung tâm Khuyến công tỉnh Lâm Đồng",
        deadline=today + timedelta(days=90),
    )
    if central is not None:
        with audit.acting_as(None, reason="demo data"):
            Inspection.objects.create(
                title="Đoàn kiểm tra của Cục ĐCK tại tỉnh Lâm Đồng (minh họa)",
                level=VisitLevel.CENTRAL_PROVINCE,
                inspecting_body=central,
                province=lam_dong,
                start_date=today + timedelta(days=30),
                legal_basis="Kế hoạch kiểm tra năm của Cục ĐCK (minh họa)",
                status=VisitStatus.PLANNED,
            )
    proposal = services.add_recommendation(
        actor=officer,
        province=lam_dong,
        text="Đề nghị bổ sung kinh phí khuyến công quốc gia cho các xã vùng sâu của tỉnh (minh họa).",
        addressee=central,
        addressee_name="" if central else "Cục ĐCK",
        deadline=today + timedelta(days=45),
    )
    services.record_follow_up(
        proposal,
        actor=officer,
        text="Cục ĐCK trả lời: xem xét trong kế hoạch năm sau (minh họa).",
        status=RecommendationStatus.ANSWERED,
        answer="Sẽ xem xét khi giao kế hoạch khuyến công quốc gia năm sau.",
    )
    return f"{Inspection.objects.count()} inspections, {Recommendation.objects.count()} recommendations"
