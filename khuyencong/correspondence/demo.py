"""Demo correspondence for Lâm Đồng (with the former Đắk Nông) and Hà Nội. ILLUSTRATIVE (minh họa):
numbers, dates and contents are made up around the demo clusters and đề án. Loading twice changes
nothing (entries are found again by province, direction and number).

The decisions of the demo clusters and đề án are already in the register through the mirror; the
letters below add the surrounding correspondence, one of them with a reply overdue.
"""

from datetime import timedelta

from khuyencong.accounts.models import Organisation
from khuyencong.clusters.models import Cluster
from khuyencong.core import clock
from khuyencong.geography.models import AdminUnit
from khuyencong.programs.models import Project

from . import services
from .choices import Direction, DocumentType
from .models import Correspondence

NOTE = "Văn bản minh họa (dữ liệu demo)."


def _org(name):
    return Organisation.objects.filter(name=name).first()


def _entry(province, direction, number, issued_on, *, links=(), recipients=(), **fields):
    entry = Correspondence.objects.filter(province=province, direction=direction, number=number).first()
    if entry is None:
        entry = Correspondence(province=province, direction=direction, number=number, issued_on=issued_on)
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.note = NOTE
        services.save_entry(entry, recipients=[org for org in recipients if org is not None])
    for target in links:
        if target is not None:
            key = {Cluster: "cluster", Project: "project"}[type(target)]
            services.add_link(entry, **{key: target})
    return entry


def load():
    lam_dong = AdminUnit.objects.get(scheme="2025", level="province", code="68")
    ha_noi = AdminUnit.objects.get(scheme="2025", level="province", code="01")
    dak_nong = AdminUnit.objects.get(scheme="legacy", level="province", code="67")
    so_lam_dong = _org("Sở Công Thương tỉnh Lâm Đồng")
    so_ha_noi = _org("Sở Công Thương thành phố Hà Nội")
    central = _org("Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công")
    bmc_org = _org("Công ty Cổ phần BMC Đắk Nông (minh họa)")
    thuan_an = Cluster.objects.filter(province=dak_nong, code="DNO-01").first()
    bmc = Cluster.objects.filter(province=dak_nong, code="DNO-02").first()
    ngoc_hoi = Cluster.objects.filter(province=ha_noi, code="HNO-01").first()
    project_dn = Project.objects.filter(province=dak_nong).order_by("code").first()
    project_hn = Project.objects.filter(province=ha_noi).order_by("code").first()
    today = clock.today()

    # Lâm Đồng: the Ministry asks for CCN data, with a reply date already passed and no answer (overdue).
    _entry(
        lam_dong,
        Direction.INCOMING,
        "2150/BCT-CTĐP",
        today - timedelta(days=40),
        kind=DocumentType.LETTER,
        issuing_body=central,
        recipients=[so_lam_dong],
        summary="Về việc báo cáo tình hình đầu tư hạ tầng các cụm công nghiệp trên địa bàn tỉnh "
        "(gồm các cụm công nghiệp thuộc tỉnh Đắk Nông cũ)",
        body="Đề nghị Sở Công Thương tổng hợp, báo cáo tình hình đầu tư hạ tầng kỹ thuật, tỷ lệ lấp đầy "
        "và khó khăn, vướng mắc của từng cụm công nghiệp.",
        signer="Phó Cục trưởng (minh họa)",
        received_on=today - timedelta(days=38),
        reply_by=today - timedelta(days=5),
        links=[thuan_an, bmc],
    )
    # Lâm Đồng: the investor of BMC reports slow site clearance; the Sở answers it.
    question = _entry(
        lam_dong,
        Direction.INCOMING,
        "45/CV-BMC",
        today - timedelta(days=30),
        kind=DocumentType.LETTER,
        issuing_body=bmc_org,
        recipients=[so_lam_dong],
        summary="Công văn về vướng mắc giải phóng mặt bằng CCN BMC, Đắk Nông",
        signer="Tổng Giám đốc (minh họa)",
        received_on=today - timedelta(days=29),
        reply_by=today - timedelta(days=14),
        links=[bmc],
    )
    _entry(
        lam_dong,
        Direction.OUTGOING,
        "812/SCT-QLCN",
        today - timedelta(days=16),
        kind=DocumentType.LETTER,
        issuing_body=so_lam_dong,
        recipients=[bmc_org],
        summary="Trả lời công văn số 45/CV-BMC về giải phóng mặt bằng CCN BMC",
        signer="Phó Giám đốc Sở (minh họa)",
        in_reply_to=question,
        links=[bmc],
    )
    # Lâm Đồng: a đề án's implementation report, due soon.
    _entry(
        lam_dong,
        Direction.INCOMING,
        "17/BC-TTKC",
        today - timedelta(days=3),
        kind=DocumentType.REPORT,
        issuing_body_name="Trung tâm Khuyến công tỉnh Lâm Đồng",
        recipients=[so_lam_dong],
        summary="Báo cáo tiến độ thực hiện đề án khuyến công",
        received_on=today - timedelta(days=2),
        reply_by=today + timedelta(days=10),
        links=[project_dn],
    )
    # Hà Nội: an outgoing notice and an incoming proposal about Ngọc Hồi and a đề án.
    _entry(
        ha_noi,
        Direction.OUTGOING,
        "1203/TB-SCT",
        today - timedelta(days=20),
        kind=DocumentType.NOTICE,
        issuing_body=so_ha_noi,
        recipient_names="UBND xã Ngọc Hồi\nCông ty Cổ phần Phát triển Ngọc Hồi (minh họa)",
        summary="Thông báo kế hoạch kiểm tra công tác bảo vệ môi trường tại CCN Ngọc Hồi",
        signer="Giám đốc Sở (minh họa)",
        links=[ngoc_hoi],
    )
    _entry(
        ha_noi,
        Direction.INCOMING,
        "09/TTr-TTKC",
        today - timedelta(days=6),
        kind=DocumentType.PROPOSAL,
        issuing_body_name="Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Hà Nội",
        recipients=[so_ha_noi],
        summary="Tờ trình đề nghị điều chỉnh kinh phí đề án khuyến công",
        received_on=today - timedelta(days=5),
        reply_by=today + timedelta(days=7),
        links=[project_hn],
    )
    registered = Correspondence.objects.count()
    overdue = Correspondence.objects.overdue(today).count()
    return f"{registered} documents in the register ({overdue} with a reply overdue)"
