"""Reports as .xlsx (headers, units, totals) and as PDF in the official layout (Decree 30/2020).

Both are built from the same JSON `data` that `build()` returns, through the shared export machinery
(`core.exports.write_xlsx`, `core.pdf.render_pdf`), so the figures are the ones the page shows.
"""

from datetime import date

from django.template.loader import render_to_string
from django.utils import translation

from khuyencong.clusters.choices import ClusterStatus, InvestorKind
from khuyencong.core import clock
from khuyencong.core.exports import xlsx_bytes
from khuyencong.core.pdf import OfficialDocument, render_pdf
from khuyencong.geography.models import AdminUnit
from khuyencong.reports.common import NATIONAL_CODE, letterhead


def _choice_label(choices, value):
    """The Vietnamese label of a choice, the one the lists and exports show (never the stored code)."""
    from khuyencong.core.tables import label

    with translation.override("vi"):
        return str(label(choices, value)) if value else ""


def status_label(value):
    return _choice_label(ClusterStatus, value)


def investor_label(value):
    return _choice_label(InvestorKind, value or InvestorKind.NONE)


def cluster_tables(data):
    """[(title, headers, rows, totals)] of the cluster report."""
    summary = [
        ("Cụm công nghiệp trong quy hoạch", data["planned"]["count"], data["planned"]["area_ha"]),
        ("Đã thành lập", data["established"]["count"], data["established"]["area_ha"]),
        (
            "Đã phê duyệt quy hoạch chi tiết",
            data["detailed_plan_approved"]["count"],
            data["detailed_plan_approved"]["area_ha"],
        ),
        ("Đang hoạt động", data["operating"]["count"], data["operating"]["area_ha"]),
        ("Đang kêu gọi đầu tư hạ tầng", data["calling_investment"]["count"], None),
    ]
    investors = [
        (investor_label(kind), count)
        for kind, count in data["detailed_plan_approved"]["investor_kinds"].items()
    ]
    clusters = [
        (
            c["code"],
            c["name"],
            status_label(c["status"]),
            c["planned_area_ha"],
            c.get("established_area_ha"),
            investor_label(c.get("investor_kind")),
        )
        for c in data["clusters"]
    ]
    planned_total = sum(c[3] or 0 for c in clusters)
    established_total = sum(c[4] or 0 for c in clusters)
    return [
        ("Tổng hợp", ["Chỉ tiêu", "Số cụm", "Diện tích (ha)"], summary, None),
        (
            "Chủ đầu tư hạ tầng",
            ["Loại chủ đầu tư (cụm có QHCT)", "Số cụm"],
            investors,
            ["Cộng", sum(n for _kind, n in investors)],
        ),
        (
            "Danh sách cụm",
            [
                "Mã",
                "Tên cụm công nghiệp",
                "Tình trạng",
                "Diện tích quy hoạch (ha)",
                "Diện tích thành lập (ha)",
                "Loại chủ đầu tư",
            ],
            clusters,
            ["Tổng cộng", "", "", planned_total, established_total, ""],
        ),
    ]


def promotion_tables(data):
    rows = []
    for key, label in (("national", "Khuyến công quốc gia"), ("local", "Khuyến công địa phương")):
        figures = data[key]
        rows.append(
            (
                label,
                figures["approved"],
                figures["carried_out"],
                figures["stopped"],
                figures["support_million_vnd"],
            )
        )
    totals = ["Tổng cộng", *[sum(row[i] for row in rows) for i in range(1, 5)]]
    headers = [
        "Cấp",
        "Số đề án được phê duyệt",
        "Số đề án đã thực hiện",
        "Số đề án dừng",
        "Kinh phí hỗ trợ đã thực hiện (triệu đồng)",
    ]
    return [("Khuyến công", headers, rows, totals)]


KINDS = {
    "clusters": {
        "tables": cluster_tables,
        "summary": "Tình hình quản lý, phát triển cụm công nghiệp trên địa bàn {where}",
        # A report "as of" a past day is the one that could be issued that day (the seed report of
        # 16/05/2025, by the Sở of the then Đắk Nông); never dated after today.
        "day": lambda data: min(date.fromisoformat(data["as_of"]), clock.today()),
    },
    "promotion": {
        "tables": promotion_tables,
        "summary": "Kết quả thực hiện công tác khuyến công năm {from_year}–{to_year} trên địa bàn {where}",
        "day": lambda data: clock.today(),
    },
}


def to_xlsx(kind, data):
    return xlsx_bytes(KINDS[kind]["tables"](data))


def report_unit(province):
    """The AdminUnit a report's `province` JSON names (None for the whole country)."""
    if province["code"] == NATIONAL_CODE:
        return None
    return AdminUnit.objects.get(level="province", scheme=province["scheme"], code=province["code"])


def to_pdf(kind, data, text):
    """The report as a PDF issued on its day by the body that exists that day (`common.letterhead`): a
    report on the former Đắk Nông made in 2026 is headed by the Sở Công Thương of today's Lâm Đồng, dated
    at Lâm Đồng, and is about "tỉnh Đắk Nông (cũ)"."""
    spec = KINDS[kind]
    day = spec["day"](data)
    head = letterhead(report_unit(data["province"]), day)
    summary = spec["summary"].format(
        where=head.subject, from_year=data.get("from_year"), to_year=data.get("to_year")
    )
    document = OfficialDocument(
        kind="BÁO CÁO",
        summary=summary,
        number=head.number(),
        day=day,
        signer_title=head.signer_title,
        **head.heading(),
    )
    body = render_to_string("reports/_pdf_body.html", {"text": text, "tables": spec["tables"](data)})
    return render_pdf(document, body)
