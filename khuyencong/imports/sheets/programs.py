"""Sheet "Đề án khuyến công": đề án keyed by Mã đề án, with their (historical) status."""

from datetime import date

from khuyencong.accounts.choices import OrganisationKind
from khuyencong.accounts.models import Organisation
from khuyencong.core.importing import (
    Column,
    clean_text,
    is_blank,
    parse_vn_date,
    parse_vn_decimal,
    parse_vn_int,
)
from khuyencong.core.text import fold
from khuyencong.programs.choices import Level, Status
from khuyencong.programs.models import ContentCategory, Project, StatusChange

from ..legacy import (
    IMPORT_TRANSITION,
    IMPORTABLE,
    check_imported_status,
    imported_acceptance_date,
    is_managed_in_system,
    record_imported_status,
)
from .base import (
    CREATED,
    NEW_UNITS,
    UNCHANGED,
    UPDATED,
    SheetSpec,
    loose_choice,
    million_to_vnd,
    text_limited,
)
from .facilities import find_beneficiary

LEVEL = loose_choice(
    {
        Level.NATIONAL: ["Quốc gia", "KCQG", "Khuyến công quốc gia", "Trung ương", "National"],
        Level.LOCAL: ["Địa phương", "KCĐP", "Khuyến công địa phương", "Local"],
    }
)
STATUS = loose_choice(IMPORTABLE)
# States a new đề án can be written in with the batch (no request, stop or document rows needed).
BULK_STATUSES = frozenset({Status.APPROVED_IN_PLAN, Status.IN_PROGRESS, Status.ACCEPTED, Status.SETTLED})
# Short names officers write for the content categories (the full legal names are accepted too).
CATEGORY_ALIASES = {
    "KC01": ["Đào tạo nghề", "Truyền nghề", "Nâng cao tay nghề", "Đào tạo nghề, truyền nghề"],
    "KC02": ["Nâng cao năng lực quản lý", "Khởi sự doanh nghiệp", "Tham quan khảo sát"],
    "KC03": [
        "Mô hình trình diễn kỹ thuật",
        "Chuyển giao công nghệ",
        "Ứng dụng máy móc thiết bị tiên tiến",
        "Ứng dụng máy móc thiết bị",
        "Máy móc thiết bị",
    ],
    "KC04": ["Xử lý ô nhiễm môi trường", "Sản xuất sạch hơn"],
    "KC05": [
        "Sản phẩm CNNT tiêu biểu",
        "Sản phẩm công nghiệp nông thôn tiêu biểu",
        "Bình chọn sản phẩm tiêu biểu",
        "Hội chợ triển lãm",
        "Hội chợ",
        "Triển lãm",
        "Phòng trưng bày",
    ],
    "KC06": ["Tư vấn", "Thông tin tuyên truyền", "Tư vấn, thông tin tuyên truyền"],
    "KC07": ["Phát triển cụm công nghiệp", "Liên doanh, liên kết", "Hợp tác kinh tế"],
    "KC08": ["Nâng cao năng lực khuyến công", "Quản lý hoạt động khuyến công"],
    "KC09": ["Hợp tác quốc tế", "Hợp tác quốc tế về khuyến công"],
    "KC10": ["Chuyển đổi số", "Sản xuất và tiêu dùng bền vững", "Bảo tồn nghề thủ công"],
}
FIELDS = (
    "title",
    "level",
    "plan_year",
    "province_id",
    "commune_id",
    "category_id",
    "executing_unit_id",
    "state_support_vnd",
    "counterpart_vnd",
    "total_cost_vnd",
    "note",
)


def _year(value):
    year = parse_vn_int(value)
    if not 2000 <= year <= 2100:
        from khuyencong.core.importing import CellError

        raise CellError(f"năm {year} không hợp lệ", f"year {year} is not valid")
    return year


def _organisation_kind(name):
    key = fold(name)
    if "khuyen cong" in key and "trung tam" in key:
        return OrganisationKind.PROMOTION_CENTRE
    if key.startswith("so cong thuong"):
        return OrganisationKind.DEPARTMENT
    if key.startswith(("hop tac xa", "htx")):
        return OrganisationKind.COOPERATIVE
    if key.startswith(("cong ty", "doanh nghiep", "dntn")):
        return OrganisationKind.ENTERPRISE
    return OrganisationKind.OTHER


class ProjectSheet(SheetSpec):
    key = "projects"
    title = "Đề án khuyến công"
    aliases = ("Đề án", "De an khuyen cong", "De an", "Projects")
    notes = (
        "Một dòng một đề án, nhận theo Mã đề án (nhập lại cùng tệp thì cập nhật, không tạo trùng). Tỉnh và "
        "Xã/Phường ghi theo địa giới của năm kế hoạch (đề án năm 2023 của Đắk Nông ghi Đắk Nông). Kinh phí "
        "tính bằng triệu đồng. Cơ sở thụ hưởng ghi tên hoặc mã số thuế, nhiều cơ sở cách nhau bằng dấu ';'; "
        "cơ sở phải có trong sheet 'Cơ sở CNNT' hoặc trong hệ thống."
    )

    def __init__(self):
        self._categories = None
        self._stored = None
        self._created = []

    def flush(self, ctx):
        """Write the batch's new đề án in bulk: the rows, their history and their status-log rows.

        The same records `record_imported_status` leaves for a new đề án whose imported state needs no
        request, document or beneficiaries (those rows take the per-row path): one "+" history row per
        đề án with the importing user as actor and the import as reason, and one "import" StatusChange.
        """
        if not self._created:
            return
        from django.utils import timezone
        from simple_history.utils import bulk_create_with_history

        from khuyencong.core.text import nfc

        user = ctx.actor if getattr(ctx.actor, "pk", None) else None
        note = f"Nhập Excel {ctx.filename}".strip()
        projects = []
        for project, status in self._created:
            # What Project.save() does before writing (bulk_create does not call save()).
            project.title, project.code = nfc(project.title), nfc(project.code)
            project.search_text = f"{fold(project.code)} | {fold(project.title)}"[:800]
            project.status, project.status_before_request = status, ""
            projects.append(project)
        saved = bulk_create_with_history(
            projects,
            Project,
            batch_size=len(projects),
            default_user=user,
            default_change_reason=note,
            default_date=timezone.now(),
        )
        StatusChange.objects.bulk_create(
            [
                StatusChange(
                    project=project,
                    transition=IMPORT_TRANSITION,
                    from_status="",
                    to_status=project.status,
                    changed_by=user,
                    note=note,
                )
                for project in saved
            ],
            batch_size=len(saved),
        )
        self._created = []

    def prefetch(self, rows, ctx):
        codes = {row.values["code"] for row in rows if row.values.get("code")}
        self._stored = {p.code: p for p in Project.objects.filter(code__in=codes)}

    def _category_parser(self):
        if self._categories is None:
            choices = {}
            for category in ContentCategory.objects.order_by("number"):
                labels = [category.name, str(category.number), *CATEGORY_ALIASES.get(category.code, [])]
                choices[category.code] = labels
            self._categories = (loose_choice(choices), {c.code: c for c in ContentCategory.objects.all()})
        return self._categories

    def columns(self):
        category, _ = self._category_parser()
        return [
            Column("code", ["Mã đề án", "Mã số đề án", "Project code", "Code"], text_limited(40), True),
            Column("title", ["Tên đề án", "Tên đề án khuyến công", "Title"], text_limited(400), True),
            Column("level", ["Cấp", "Cấp đề án", "Loại kế hoạch", "Level"], LEVEL, True),
            Column("plan_year", ["Năm kế hoạch", "Năm", "Plan year"], _year, True, total=False),
            Column("province", ["Tỉnh", "Tỉnh/Thành phố", "Province"], clean_text, True),
            Column("commune", ["Xã/Phường", "Xã, phường", "Commune"]),
            Column("category", ["Nội dung", "Nội dung hỗ trợ", "Content category", "Category"], category),
            Column("executing_unit", ["Đơn vị thực hiện", "Executing unit"], text_limited(250)),
            Column("beneficiaries", ["Cơ sở thụ hưởng", "Đơn vị thụ hưởng", "Beneficiaries", "Beneficiary"]),
            Column(
                "support",
                [
                    "Kinh phí khuyến công (triệu đồng)",
                    "Kinh phí khuyến công",
                    "Kinh phí KC (triệu đồng)",
                    "Kinh phí hỗ trợ (triệu đồng)",
                    "State support (million VND)",
                ],
                parse_vn_decimal,
                True,
            ),
            Column(
                "counterpart",
                ["Kinh phí đối ứng (triệu đồng)", "Kinh phí đối ứng", "Counterpart funding (million VND)"],
                parse_vn_decimal,
            ),
            Column("status", ["Trạng thái", "Tình trạng", "Status"], STATUS, True),
            Column("accepted_on", ["Ngày nghiệm thu", "Acceptance date"], parse_vn_date),
            Column("note", ["Ghi chú", "Note"]),
        ]

    def handle(self, row, ctx):
        v = row.values
        code = v["code"]
        if code:
            first = ctx.pending.get(("project-row", code.casefold()))
            if first:
                row.error(
                    "code",
                    f"mã đề án '{code}' đã có ở dòng {first}",
                    f"code '{code}' is already on row {first}",
                )
                return None
            ctx.pending[("project-row", code.casefold())] = row.number
        year = v["plan_year"]
        on = date(year, 1, 1) if year else date.today()
        province = ctx.province(row, "province", on)
        commune = ctx.commune(row, "commune", province, on)
        if province is not None:
            ctx.check_scope(row, "province", province)
        category = self._category_parser()[1].get(v["category"]) if v["category"] else None
        if category is not None and year and not self._valid_in(category, year):
            row.error(
                "category",
                f"nội dung '{category.name}' không áp dụng cho năm {year}",
                f"content category '{category.name}' does not apply in {year}",
            )
        support, counterpart = million_to_vnd(row, "support"), million_to_vnd(row, "counterpart")
        status, accepted_on = v["status"], v["accepted_on"]
        if accepted_on is not None and status and status not in (Status.ACCEPTED, Status.SETTLED):
            row.error(
                "accepted_on",
                "chỉ ghi ngày nghiệm thu cho đề án đã nghiệm thu hoặc đã thanh quyết toán",
                "an acceptance date is given only for an accepted or settled đề án",
            )
        if accepted_on is not None and year and accepted_on.year < year:
            row.error(
                "accepted_on",
                f"ngày nghiệm thu trước năm kế hoạch {year}",
                f"the acceptance date is before the plan year {year}",
            )
        beneficiaries = self._beneficiaries(row, ctx, province, commune)
        if not row.ok or province is None:
            return None
        unit = self._executing_unit(ctx, v["executing_unit"], province)
        data = {
            "title": v["title"],
            "level": v["level"],
            "plan_year": year,
            "province_id": province.pk,
            "commune_id": commune.pk if commune else None,
            "category_id": category.pk if category else None,
            "executing_unit_id": unit.pk if unit is not None else None,
            "state_support_vnd": support,
            "counterpart_vnd": counterpart,
            "total_cost_vnd": support + counterpart,
            "note": v["note"] or "",
        }
        if self._stored is not None:  # the batch's stored đề án (a code twice is refused above)
            project = self._stored.pop(code, None)
        else:
            project = Project.objects.filter(code=code).first()
        if project is not None and not self._may_update(row, ctx, project, data, status, accepted_on):
            return None
        if project is None:
            project = Project(code=code)
        changed = [name for name in FIELDS if getattr(project, name) != data[name]]
        new_ids = sorted({b.pk for b in beneficiaries if b.pk})
        old_ids = sorted(project.beneficiaries.values_list("pk", flat=True)) if project.pk else []
        same_people = new_ids == old_ids and all(b.pk for b in beneficiaries)
        same_acceptance = accepted_on is None or (
            project.pk is not None and imported_acceptance_date(project) == accepted_on
        )
        if project.pk is None:
            outcome = CREATED
        elif changed or not same_people or project.status != status or not same_acceptance:
            outcome = UPDATED
        else:
            outcome = UNCHANGED
        if outcome == UPDATED and is_managed_in_system(project):
            row.error(
                "code",
                f"đề án '{project.code}' đang được quản lý theo quy trình trong hệ thống; "
                "sửa trên trang đề án, không nhập đè",
                f"đề án '{project.code}' is managed through the workflow in the system; "
                "change it on its page, not by import",
            )
            return None
        if not ctx.write or outcome == UNCHANGED:
            return outcome
        if unit is not None and unit.pk is None:
            unit.save()
            data["executing_unit_id"] = unit.pk
        for name in FIELDS:
            setattr(project, name, data[name])
        project.plan = ctx.plan(project.level, year, province)
        if outcome == CREATED and status in BULK_STATUSES and accepted_on is None and not beneficiaries:
            self._created.append((project, status))  # written with the batch, in `flush`
            return outcome
        record_imported_status(
            project,
            status,
            actor=ctx.actor,
            note=f"Nhập Excel {ctx.filename}".strip(),
            accepted_on=None if same_acceptance else accepted_on,
            beneficiaries=None if same_people else beneficiaries,
        )
        return outcome

    @staticmethod
    def _valid_in(category, year):
        return category.valid_from <= date(year, 12, 31) and (
            category.valid_to is None or category.valid_to >= date(year, 1, 1)
        )

    def _beneficiaries(self, row, ctx, province, commune):
        text = row.values.get("beneficiaries")
        if is_blank(text) or province is None:
            return []
        found = []
        for part in text.replace("\n", ";").split(";"):
            name = part.strip(" ,.")
            if not name:
                continue
            facility, problem = find_beneficiary(ctx, name, province, commune)
            if problem:
                row.error("beneficiaries", *problem)
            else:
                found.append(facility)
        return found

    def _executing_unit(self, ctx, name, province):
        """The organisation named `name` (same province family or national), created if unknown."""
        if not name:
            return None
        key = fold(name)
        family = ctx.family(province)
        cache = ("organisation", key, min(family) if family else None)
        if cache in ctx.pending:
            return ctx.pending[cache]
        candidates = Organisation.objects.filter(search_text__startswith=f"{key} |")
        unit = (
            candidates.filter(province_id__in=family).first()
            or candidates.filter(province__isnull=True).first()
        )
        if unit is None:
            unit = Organisation(name=name, kind=_organisation_kind(name), province=province)
            ctx.count(NEW_UNITS, CREATED)
        ctx.pending[cache] = unit
        return unit

    def _may_update(self, row, ctx, project, data, status, accepted_on):
        if (
            ctx.actor is not None
            and not Project.objects.editable_by(ctx.actor).filter(pk=project.pk).exists()
        ):
            row.error(
                "code",
                f"đề án '{project.code}' đã có trong hệ thống nhưng ngoài phạm vi được sửa của tài khoản",
                f"đề án '{project.code}' exists but is outside what your account may edit",
            )
            return False
        if is_managed_in_system(project):
            return True  # any difference is refused once known (see handle)
        if project.status not in IMPORTABLE:
            return True
        problem = check_imported_status(project.status, status)
        if problem:
            row.error("status", *problem)
            return False
        return True
