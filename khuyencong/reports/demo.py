"""Demo periodic reports: Lâm Đồng's annual 2025 Biểu 04 accepted, its 2025 khuyến công results returned
with a comment, and Hà Nội's 6-month 2026 Biểu 04 as a draft. They go through the real services.

The demo enterprise `doanhnghiep` reports for the coffee plant in the Thuận An cluster (Biểu 01) to the
commune officer `xa` of Xã Thuận An: the project, recorded with its investor's name only, is linked here to
that enterprise's organisation (same name, so no figure changes)."""

from khuyencong.accounts.models import Organisation, User
from khuyencong.core import audit
from khuyencong.geography.models import AdminUnit

from . import submissions
from .periods import Period, ReportForm


def _link_demo_tenant():
    from khuyencong.clusters.models import TenantProject

    enterprise = Organisation.objects.filter(name="Công ty TNHH Cà phê Đắk Mil (minh họa)").first()
    project = TenantProject.objects.filter(
        cluster__name="Thuận An", investor_name=getattr(enterprise, "name", None), investor__isnull=True
    ).first()
    if enterprise and project:
        with audit.acting_as(None, reason="dữ liệu minh họa: doanh nghiệp của dự án"):
            project.investor = enterprise
            project.save()


def load():
    _link_demo_tenant()
    lamdong, hanoi, central = (User.objects.get(username=u) for u in ("lamdong", "hanoi", "trunguong"))
    lam_dong = AdminUnit.objects.get(scheme="2025", level="province", code="68")
    ha_noi = AdminUnit.objects.get(scheme="2025", level="province", code="01")
    year_2025 = Period(2025, "year")

    bieu04 = submissions.open_draft(
        form=ReportForm.BIEU_04, period=year_2025, province=lam_dong, actor=lamdong
    )
    if bieu04.status == "draft":
        submissions.save_draft(
            bieu04,
            actor=lamdong,
            difficulties="Giải phóng mặt bằng các cụm công nghiệp mới chậm; thiếu vốn đầu tư hạ tầng "
            "(minh họa).",
            proposals="Đề nghị Bộ Công Thương hỗ trợ kinh phí đầu tư hạ tầng cụm công nghiệp (minh họa).",
        )
        submissions.submit(bieu04, actor=lamdong)
        submissions.accept(bieu04, actor=central, comment="Báo cáo đầy đủ, đúng hạn.")

    results = submissions.open_draft(
        form=ReportForm.PROMOTION, period=year_2025, province=lam_dong, actor=lamdong
    )
    if results.status == "draft":
        submissions.submit(results, actor=lamdong)
        submissions.return_(
            results, actor=central, comment="Bổ sung số lao động được đào tạo theo từng đề án (minh họa)."
        )

    draft = submissions.open_draft(
        form=ReportForm.BIEU_04, period=Period(2026, "half_year"), province=ha_noi, actor=hanoi
    )
    return f"{3 if draft else 0} periodic report submissions"
