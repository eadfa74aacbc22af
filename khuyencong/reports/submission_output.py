"""The periodic forms (Biểu 01–04, the promotion report) as .xlsx and as PDF, built from a submission's
frozen figures through the shared export machinery (`core.exports`, `core.pdf`)."""

from django.template.loader import render_to_string

from khuyencong.core import clock
from khuyencong.core.exports import xlsx_bytes
from khuyencong.core.pdf import OfficialDocument, render_pdf
from khuyencong.core.text import in_sentence

from .output import status_label

# Labels of the periodic forms' figures, in the order the forms list them (DOMAIN §2.6, §3.9).
BIEU04_TOTALS = [
    ("planned_count", "Số cụm công nghiệp trong quy hoạch", "cụm"),
    ("planned_area_ha", "Diện tích quy hoạch", "ha"),
    ("established_count", "Số cụm đã thành lập", "cụm"),
    ("established_area_ha", "Diện tích các cụm đã thành lập", "ha"),
    ("detailed_plan_count", "Số cụm đã phê duyệt quy hoạch chi tiết", "cụm"),
    ("detailed_plan_area_ha", "Diện tích theo quy hoạch chi tiết", "ha"),
    ("operating_count", "Số cụm đang hoạt động", "cụm"),
    ("industrial_land_ha", "Diện tích đất công nghiệp", "ha"),
    ("leased_ha", "Diện tích đất công nghiệp đã cho thuê", "ha"),
    ("occupancy_pct", "Tỷ lệ lấp đầy", "%"),
    ("wastewater_operating", "Số cụm có trạm xử lý nước thải tập trung đang hoạt động", "cụm"),
    ("tenants", "Số dự án đầu tư thứ cấp", "dự án"),
    ("tenants_operating", "Số dự án đang hoạt động", "dự án"),
    ("workers", "Số lao động", "người"),
    ("registered_capital_million_vnd", "Vốn đăng ký", "triệu đồng"),
    ("realised_capital_million_vnd", "Vốn đã thực hiện", "triệu đồng"),
    ("revenue_million_vnd", "Doanh thu", "triệu đồng"),
    ("budget_contribution_million_vnd", "Nộp ngân sách", "triệu đồng"),
]
PROMOTION_LABELS = {
    "approved": "Số đề án được phê duyệt",
    "carried_out": "Số đề án đã thực hiện",
    "stopped": "Số đề án dừng thực hiện",
    "approved_support_million_vnd": "Kinh phí khuyến công được duyệt",
    "disbursed_million_vnd": "Kinh phí đã giải ngân",
    "settled_million_vnd": "Kinh phí đã thanh quyết toán",
    "disbursement_rate_pct": "Tỷ lệ giải ngân",
    "counterpart_million_vnd": "Vốn đối ứng huy động",
    "trainees": "Số người được đào tạo",
    "models_built": "Mô hình trình diễn kỹ thuật",
    "machines": "Máy móc, thiết bị được hỗ trợ",
    "products": "Sản phẩm công nghiệp nông thôn tiêu biểu",
    "booths": "Gian hàng hội chợ, triển lãm",
}
FORM_TITLES = {
    "bieu01": "Tình hình hoạt động của các dự án đầu tư trong cụm công nghiệp (Biểu 01)",
    "bieu02": "Tình hình hoạt động của dự án đầu tư xây dựng hạ tầng kỹ thuật cụm công nghiệp (Biểu 02)",
    "bieu03": "Tổng hợp tình hình cụm công nghiệp trên địa bàn xã (Biểu 03)",
    "bieu04": "Tình hình cụm công nghiệp trên địa bàn tỉnh (Biểu 04)",
    "promotion": "Kết quả thực hiện công tác khuyến công",
}
WASTEWATER_LABELS = {"none": "Chưa có", "under_construction": "Đang xây dựng", "operating": "Có"}


def label_of(form, key):
    """The Vietnamese label of a headline key of a form (for the comparison with live figures)."""
    if form == "promotion":
        level, _dot, name = key.partition(".")
        prefix = "KCQG" if level == "national" else "KCĐP"
        return f"{PROMOTION_LABELS.get(name, name)} ({prefix})"
    return next((label for k, label, _unit in BIEU04_TOTALS if k == key), key)


TENANT_STATUS_LABELS = {
    "registered": "Đã đăng ký",
    "under_construction": "Đang xây dựng",
    "operating": "Đang hoạt động",
    "suspended": "Tạm ngừng",
    "terminated": "Chấm dứt",
}
CLUSTER_HEADERS = [
    "Mã",
    "Tên cụm công nghiệp",
    "Tình trạng",
    "Diện tích quy hoạch (ha)",
    "Đất công nghiệp (ha)",
    "Đã cho thuê (ha)",
    "Tỷ lệ lấp đầy (%)",
    "Trạm XLNT tập trung",
    "Số dự án",
    "Lao động (người)",
]


def _cluster_row(c):
    return (
        c["code"],
        c["name"],
        status_label(c["status"]),
        c["planned_area_ha"],
        c["industrial_land_ha"],
        c["leased_ha"],
        c["occupancy_pct"],
        WASTEWATER_LABELS.get(c["wastewater"], c["wastewater"]),
        c["tenants"],
        c["workers"],
    )


def form_tables(data):
    """[(title, headers, rows, totals)] of a periodic form's figures."""
    if data["form"] == "bieu01":
        rows = [
            (
                p["project"],
                p["investor"],
                p["industry"],
                p["leased_area_ha"],
                p["registered_capital_million_vnd"],
                p["realised_capital_million_vnd"],
                p["workers"],
                p["revenue_million_vnd"],
                p["budget_contribution_million_vnd"],
                TENANT_STATUS_LABELS.get(p["status"], p["status"]),
            )
            for p in data["projects"]
        ]
        headers = [
            "Dự án",
            "Nhà đầu tư",
            "Ngành nghề",
            "Diện tích thuê (ha)",
            "Vốn đăng ký (triệu đồng)",
            "Vốn thực hiện (triệu đồng)",
            "Lao động (người)",
            "Doanh thu (triệu đồng)",
            "Nộp ngân sách (triệu đồng)",
            "Tình trạng",
        ]
        totals = data["totals"]
        return [
            (
                "Các dự án đầu tư trong cụm",
                headers,
                rows,
                [
                    "Tổng cộng",
                    "",
                    "",
                    "",
                    "",
                    totals["realised_capital_million_vnd"],
                    totals["workers"],
                    totals["revenue_million_vnd"],
                    "",
                    "",
                ],
            )
        ]
    if data["form"] == "bieu02":
        c = data["cluster"]
        summary = [
            ("Chủ đầu tư hạ tầng", "", data.get("investor") or ""),
            ("Diện tích quy hoạch", "ha", c["planned_area_ha"]),
            ("Diện tích thành lập", "ha", c["established_area_ha"]),
            ("Đất công nghiệp", "ha", c["industrial_land_ha"]),
            ("Đã cho thuê", "ha", c["leased_ha"]),
            ("Tỷ lệ lấp đầy", "%", c["occupancy_pct"]),
            ("Trạm xử lý nước thải tập trung", "", WASTEWATER_LABELS.get(c["wastewater"], c["wastewater"])),
            ("Số dự án thứ cấp", "dự án", c["tenants"]),
            ("Lao động", "người", c["workers"]),
            ("Vốn đã thực hiện của các dự án", "triệu đồng", c["realised_capital_million_vnd"]),
        ]
        return [(c["name"], ["Chỉ tiêu", "Đơn vị tính", "Số liệu"], summary, None)]
    if data["form"] == "bieu03":
        return [
            (
                "Các cụm công nghiệp trên địa bàn xã",
                CLUSTER_HEADERS,
                [_cluster_row(c) for c in data["clusters"]],
                None,
            )
        ]
    if data["form"] == "promotion":
        rows = [
            (PROMOTION_LABELS[i["key"]], i["unit"], data["national"][i["key"]], data["local"][i["key"]])
            for i in data["indicators"]
        ]
        return [
            (
                "Chỉ tiêu",
                ["Chỉ tiêu", "Đơn vị tính", "Khuyến công quốc gia", "Khuyến công địa phương"],
                rows,
                None,
            )
        ]
    totals = [(label, unit, data["totals"][key]) for key, label, unit in BIEU04_TOTALS]
    clusters = [_cluster_row(c) for c in data["clusters"]]
    return [
        ("Tổng hợp", ["Chỉ tiêu", "Đơn vị tính", "Số liệu"], totals, None),
        ("Danh sách cụm công nghiệp", CLUSTER_HEADERS, clusters, None),
    ]


def _remarks(submission):
    parts = []
    if submission.difficulties:
        parts.append(("Khó khăn, vướng mắc", submission.difficulties))
    if submission.proposals:
        parts.append(("Kiến nghị, đề xuất", submission.proposals))
    return parts


def submission_xlsx(submission):
    tables = form_tables(submission.figures)
    remarks = [(title, text) for title, text in _remarks(submission)]
    if remarks:
        tables.append(("Nhận xét", ["Nội dung", "Ý kiến"], remarks, None))
    return xlsx_bytes(tables)


def submission_pdf(submission):
    data = submission.figures
    province = data["province"]
    where = in_sentence(province["full_name"])
    period = submission.period
    when = f"6 tháng đầu năm {period.year}" if period.kind == "half_year" else f"năm {period.year}"
    heading = {
        "issuing_body": "SỞ CÔNG THƯƠNG",
        "parent_body": f"UBND {province['full_name'].upper()}",
        "number": "Số:      /BC-SCT",
        "signer_title": "GIÁM ĐỐC",
        "recipients": ("Bộ Công Thương", f"UBND {where}"),
    }
    if data["form"] in ("bieu01", "bieu02"):
        investor = str(submission.cluster.investor or "")
        heading = {
            "issuing_body": investor.upper(),
            "parent_body": "",
            "number": "Số:      /BC",
            "signer_title": "NGƯỜI ĐẠI DIỆN THEO PHÁP LUẬT",
            "recipients": ("Sở Công Thương", "Cơ quan thống kê", "UBND xã"),
        }
    elif data["form"] == "bieu03":
        heading = {
            "issuing_body": f"UBND {submission.commune.full_name.upper()}",
            "parent_body": "",
            "number": "Số:      /BC-UBND",
            "signer_title": "CHỦ TỊCH",
            "recipients": (f"UBND {where}", "Sở Công Thương"),
        }
    document = OfficialDocument(
        kind="BÁO CÁO",
        summary=f"{FORM_TITLES[data['form']]} {when}",
        place=province["name"],
        day=clock.local_date(submission.submitted_at) or clock.today(),
        **heading,
    )
    body = render_to_string(
        "reports/_pdf_body.html",
        {"text": data.get("text", ""), "tables": form_tables(data), "remarks": _remarks(submission)},
    )
    return render_pdf(document, body)
