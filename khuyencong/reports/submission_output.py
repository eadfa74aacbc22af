"""The periodic forms (Biểu 01–04, the promotion report) as .xlsx and as PDF, built from a submission's
frozen figures through the shared export machinery (`core.exports`, `core.pdf`)."""

from django.template.loader import render_to_string

from khuyencong.core import clock
from khuyencong.core.exports import xlsx_bytes
from khuyencong.core.pdf import OfficialDocument, render_pdf
from khuyencong.core.text import in_sentence

from . import tt14
from .common import letterhead
from .output import status_label

# Keys kept in Biểu 03 / 04 for the cross-checks (reports.crosschecks), beside the lines of the appendix.
EXTRA_LABELS = {
    "count": "Số cụm công nghiệp trên địa bàn",
    "tenants": "Số dự án đầu tư trong các cụm (theo hồ sơ)",
    "workers": "Số lao động trong các cụm (theo báo cáo đã chấp nhận)",
}
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
    "bieu01": "Tình hình hoạt động của dự án đầu tư trong cụm công nghiệp (Biểu số 01)",
    "bieu02": "Tình hình hoạt động của dự án đầu tư xây dựng hạ tầng kỹ thuật cụm công nghiệp (Biểu số 02)",
    "bieu03": "Tổng hợp tình hình cụm công nghiệp trên địa bàn cấp xã (Biểu số 03)",
    "bieu04": "Tổng hợp tình hình cụm công nghiệp trên địa bàn cấp tỉnh (Biểu số 04)",
    "promotion": "Kết quả thực hiện công tác khuyến công",
}
LINE_HEADERS = ["TT", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "Ghi chú"]
INFRASTRUCTURE_STATES = {
    "none": "Chưa đầu tư",
    "under_construction": "Đang đầu tư",
    "operating": "Đã hoàn thành",
}


def label_of(form, key):
    """The Vietnamese label of a headline key of a form (for the comparison with live figures)."""
    if form == "promotion":
        level, _dot, name = key.partition(".")
        prefix = "KCQG" if level == "national" else "KCĐP"
        return f"{PROMOTION_LABELS.get(name, name)} ({prefix})"
    line = next((line for line in tt14.LINES.get(form, ()) if line.key == key), None)
    return f"{line.no}. {line.label}" if line else EXTRA_LABELS.get(key, key)


def note_of(row):
    """The "Ghi chú" of a line: what is missing, said as missing."""
    source, value = row["source"], row.get("value")
    if source == tt14.BELOW:
        expected, reported = row.get("expected") or 0, row.get("reported") or 0
        if not expected and not reported:
            return "Không có báo cáo phải nhận"
        if value is None:
            return f"Chưa có báo cáo được chấp nhận (0/{expected})"
        if reported < expected:
            return f"Thiếu báo cáo: mới tổng hợp {reported}/{expected}"
        return f"Tổng hợp {reported}/{expected} báo cáo"
    if value is None and source == tt14.ENTERED:
        return "Chưa kê khai"
    if value is None and source == tt14.RECORDS:
        return "Hồ sơ chưa ghi nhận chỉ tiêu này"
    if value is None and source == tt14.COMPUTED:
        return "Chưa đủ số liệu để tính"
    return ""


def line_rows(data):
    """The lines of a form as table rows: number, label, unit, value (None: missing), note."""
    return [
        (row["no"], row["label"], row["unit"], row.get("value"), note_of(row))
        if row["source"] != tt14.SECTION
        else (row["no"], row["label"], "", "", "")
        for row in data["rows"]
    ]


def _cluster_list(data):
    rows = [
        (
            c["code"],
            c["name"],
            status_label(c["status"]),
            c["planned_area_ha"],
            c["established_area_ha"],
            c["tenants"],
        )
        for c in data["clusters"]
    ]
    headers = [
        "Mã",
        "Tên cụm công nghiệp",
        "Tình trạng",
        "Diện tích quy hoạch (ha)",
        "Diện tích thành lập (ha)",
    ]
    return ("Danh sách cụm công nghiệp", [*headers, "Số dự án đầu tư"], rows, None)


def form_tables(data):
    """[(title, headers, rows, totals)] of a periodic form's figures."""
    form = data["form"]
    if form == "bieu01":
        project, cluster = data["project"], data["cluster"]
        about = [
            ("Tên dự án đầu tư sản xuất kinh doanh", project["name"]),
            ("Tổ chức, cá nhân đầu tư", project["investor"]),
            ("Ngành, nghề, lĩnh vực sản xuất", project["industry"]),
            ("Cụm công nghiệp", cluster["name"]),
            ("Đơn vị nhận báo cáo", data.get("receiver") or ""),
        ]
        return [
            ("Chỉ tiêu", LINE_HEADERS, line_rows(data), None),
            ("Thông tin dự án", ["Nội dung", "Thông tin"], about, None),
        ]
    if form == "bieu02":
        items = [
            (
                i["label"],
                INFRASTRUCTURE_STATES.get(i["state"], i["state"]),
                i["capacity"],
                i["capacity_unit"],
                i["note"],
            )
            for i in data["infrastructure"]
        ]
        return [
            (f"Chỉ tiêu – {data['cluster']['name']}", LINE_HEADERS, line_rows(data), None),
            (
                "Hạng mục hạ tầng kỹ thuật theo hồ sơ (ngoài Phụ lục I)",
                ["Hạng mục", "Tình trạng", "Công suất", "Đơn vị", "Ghi chú"],
                items,
                None,
            ),
        ]
    if form in ("bieu03", "bieu04"):
        return [("Chỉ tiêu", LINE_HEADERS, line_rows(data), None), _cluster_list(data)]
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
    """The form as the filer sends it, headed by the body that exists on the day it is sent
    (`reports.common.letterhead`): a Sở's Biểu 04 or promotion report about a former province is issued by
    the Sở of the province it became; an investor's, an enterprise's or a commune's form is dated at the
    place of its province of that day (Decree 30/2020: the place is the province's name)."""
    data = submission.figures
    period = submission.period
    day = clock.local_date(submission.submitted_at) or clock.today()
    head = letterhead(submission.province, day)
    when = f"6 tháng đầu năm {period.year}" if period.kind == "half_year" else f"năm {period.year}"
    heading = {**head.heading(), "number": head.number(), "signer_title": head.signer_title}
    receivers = submission.period.chain.forms.get(data["form"], {}).get("receivers", "")
    if data["form"] in ("bieu01", "bieu02"):
        filer = (
            submission.tenant_project.investor_display
            if data["form"] == "bieu01"
            else str(submission.cluster.investor or "")
        )
        heading = {
            "issuing_body": filer.upper(),
            "parent_body": "",
            "place": head.place,
            "number": "Số:      /BC",
            "signer_title": "NGƯỜI ĐẠI DIỆN THEO PHÁP LUẬT",
            "recipients": tuple(r.strip() for r in receivers.split(",") if r.strip()),
        }
    elif data["form"] == "bieu03":
        heading = {
            "issuing_body": f"UBND {submission.commune.full_name.upper()}",
            "parent_body": "",
            "place": submission.commune.name,
            "number": "Số:      /BC-UBND",
            "signer_title": "TM. ỦY BAN NHÂN DÂN",
            "recipients": (f"UBND {in_sentence(head.issuer.full_name)}", "Sở Công Thương"),
        }
    document = OfficialDocument(
        kind="BÁO CÁO",
        summary=f"{FORM_TITLES[data['form']]} {when}",
        day=day,
        **heading,
    )
    body = render_to_string(
        "reports/_pdf_body.html",
        {"text": data.get("text", ""), "tables": form_tables(data), "remarks": _remarks(submission)},
    )
    return render_pdf(document, body)
