"""Sheet "Đề án khuyến công": đề án keyed by Mã đề án, with their (historical) status."""

from datetime import date
from types import SimpleNamespace

from khuyencong.accounts.choices import OrganisationKind
from khuyencong.accounts.models import Organisation
from khuyencong.core import clock
from khuyencong.core.importing import (
    Column,
    clean_text,
    is_blank,
    parse_vn_date,
    parse_vn_decimal,
    parse_vn_int,
)
from khuyencong.core.importing.bulk import insert_rows, with_values
from khuyencong.core.importing.parsers import fold_words
from khuyencong.core.text import fold, nfc
from khuyencong.programs import services
from khuyencong.programs.choices import DocumentKind, Level, Status
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
from .rules import allowed, check

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
# Project fields the domain check (`references.errors_for`) names → the sheet's columns.
COLUMNS = {
    "level": "level",
    "plan_year": "plan_year",
    "province": "province",
    "commune": "commune",
    "category": "category",
    "executing_unit": "executing_unit",
    "beneficiaries": "beneficiaries",
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
        "cơ sở chưa có trong sheet 'Cơ sở CNNT' hay trong hệ thống được tạo mới theo tên (đánh dấu 'cần bổ "
        "sung thông tin'), mã số thuế thì phải có."
    )

    def __init__(self):
        self._categories = None
        self._stored = None  # the batch's stored đề án by code (`prefetch`)
        self._facts = {}  # what `handle` asks about those: beneficiaries, workflow, scope, acceptance
        self._created = []  # new đề án written with the batch (`flush`): dicts of Project fields
        self._valid = {}  # (category pk, year) -> the category applies that year
        self._plans = {}  # (level, year, province pk) -> the plan or None

    def flush(self, ctx):
        """Write the batch's new đề án in bulk: the rows, then their history and status-log rows.

        The same records `record_imported_status` leaves for a new đề án whose imported state needs no
        request, document or beneficiaries (those rows take the per-row path). The đề án go in with one
        COPY/INSERT; their history ("+" rows, the importing user as actor) and "import" status log are
        written by `programs.services.record_import`, in bulk inside the database, by code.
        """
        if not self._created:
            return
        codes = []
        for row in self._created:
            # What Project.save() does before writing (bulk writes do not call save()).
            code, title = row["code"], row["title"]
            if not (code.isascii() and title.isascii()):  # ASCII cells are already clean (clean_text)
                row["code"], row["title"] = code, title = nfc(code), nfc(title)
            row["search_text"] = f"{fold_words(code)} | {fold_words(title)}"[:800]
            codes.append(code)
        insert_rows(Project, self._created)
        written = with_values(Project.objects.all(), "code", codes)
        services.record_import(
            written, actor=ctx.actor, note=f"Nhập Excel {ctx.filename}".strip(), transition=IMPORT_TRANSITION
        )
        self._created = []

    def prefetch(self, rows, ctx):
        """The batch's stored đề án (the compared fields only: a full instance is loaded to write one),
        with what `handle` checks for each: one query per kind of fact, not per row."""
        codes = {row.values["code"] for row in rows if row.values.get("code")}
        names = ("pk", "code", "status", *FIELDS)
        found = with_values(Project.objects.order_by(), "code", codes).values_list(*names)
        self._stored = {
            values[1]: SimpleNamespace(**dict(zip(names, values, strict=True))) for values in found
        }
        self._facts = {}
        ids = [p.pk for p in self._stored.values()]
        if not ids:
            return
        people = {pk: [] for pk in ids}
        through = with_values(Project.beneficiaries.through.objects.order_by(), "project", ids)
        for project_id, facility_id in through.values_list("project_id", "facility_id"):
            people[project_id].append(facility_id)
        steps = with_values(StatusChange.objects.order_by(), "project", ids)
        managed = set(steps.exclude(transition=IMPORT_TRANSITION).values_list("project_id", flat=True))
        editable = None
        if ctx.actor is not None:
            mine = with_values(Project.objects.editable_by(ctx.actor).order_by(), "id", ids)
            editable = set(mine.values_list("pk", flat=True))
        accepted = {}
        if any(row.values.get("accepted_on") for row in rows):
            minutes = steps.filter(transition=IMPORT_TRANSITION, document__kind=DocumentKind.MINUTES)
            for project_id, issued_on in minutes.order_by("-id").values_list(
                "project_id", "document__issued_on"
            ):
                accepted.setdefault(project_id, issued_on)
        self._facts = {
            "people": {pk: sorted(found) for pk, found in people.items()},
            "managed": managed,
            "editable": editable,
            "accepted": accepted,
        }

    def _beneficiary_ids(self, project):
        if project.pk in self._facts.get("people", {}):
            return self._facts["people"][project.pk]
        return sorted(project.beneficiaries.values_list("pk", flat=True))

    def _managed(self, project):
        if project.pk in self._facts.get("people", {}):
            return project.pk in self._facts["managed"]
        return is_managed_in_system(project)

    def _editable(self, ctx, project):
        if ctx.actor is None:
            return True
        if project.pk in self._facts.get("people", {}):
            return project.pk in self._facts["editable"]
        return Project.objects.editable_by(ctx.actor).filter(pk=project.pk).exists()

    def _acceptance(self, project):
        if project.pk in self._facts.get("people", {}) and "accepted" in self._facts:
            return self._facts["accepted"].get(project.pk)
        return imported_acceptance_date(project)

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
        on = date(year, 1, 1) if year else clock.today()
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
        plan = self._plan(ctx, v["level"], year, province)
        # The stored đề án is a projection (prefetch) and every field the sheet writes is in the values:
        # the row is checked as the record it will be.
        values = {
            "level": v["level"],
            "plan_year": year,
            "plan": plan,
            "province": province,
            "commune": commune,
            "category": category,
            "executing_unit": unit,
            "beneficiaries": beneficiaries,
        }
        if not check(row, ctx, Project, values, None, COLUMNS):
            return None
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
        if project is None:
            return self._create(ctx, code, data, unit, status, accepted_on, beneficiaries, plan)
        if not self._may_update(row, ctx, project, data, status, accepted_on):
            return None
        changed = [name for name in FIELDS if getattr(project, name) != data[name]]
        new_ids = sorted({b.pk for b in beneficiaries if b.pk})
        same_people = new_ids == self._beneficiary_ids(project) and all(b.pk for b in beneficiaries)
        same_acceptance = accepted_on is None or self._acceptance(project) == accepted_on
        if changed or not same_people or project.status != status or not same_acceptance:
            outcome = UPDATED
        else:
            outcome = UNCHANGED
        if outcome == UPDATED and self._managed(project):
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
        self._save_unit(unit, data)
        if not isinstance(project, Project):  # what prefetch read: the record itself is written
            project = Project.objects.get(pk=project.pk)
        for name in FIELDS:
            setattr(project, name, data[name])
        project.plan = plan
        self._save_new(beneficiaries)
        record_imported_status(
            project,
            status,
            actor=ctx.actor,
            note=f"Nhập Excel {ctx.filename}".strip(),
            accepted_on=None if same_acceptance else accepted_on,
            beneficiaries=None if same_people else beneficiaries,
        )
        return outcome

    def _create(self, ctx, code, data, unit, status, accepted_on, beneficiaries, plan):
        """A đề án not stored yet: CREATED; written with the batch when its state allows, else at once."""
        if not ctx.write:
            return CREATED
        self._save_unit(unit, data)
        if status in BULK_STATUSES and accepted_on is None and not beneficiaries:
            data.update(code=code, plan_id=plan.pk if plan else None, status=status, status_before_request="")
            self._created.append(data)  # written with the batch, in `flush`
            return CREATED
        project = Project(code=code, plan=plan, **data)
        self._save_new(beneficiaries)
        record_imported_status(
            project,
            status,
            actor=ctx.actor,
            note=f"Nhập Excel {ctx.filename}".strip(),
            accepted_on=accepted_on,
            beneficiaries=beneficiaries if beneficiaries else None,
        )
        return CREATED

    def _plan(self, ctx, level, year, province):
        """The annual plan of this level, year and province, among the plans the importer may link a đề
        án to (imports create none)."""
        key = ("plan", level, year, province.pk)
        if key not in self._plans:
            found = allowed(ctx, Project, "plan").filter(level=level, year=year, province=province)
            self._plans[key] = found.order_by("pk").first()
        return self._plans[key]

    @staticmethod
    def _save_new(beneficiaries):
        """Save the establishments this file registers as beneficiaries (`register_beneficiary`)."""
        for facility in beneficiaries:
            if facility.pk is None:
                facility.save()

    @staticmethod
    def _save_unit(unit, data):
        if unit is not None and unit.pk is None:
            unit.save()
            data["executing_unit_id"] = unit.pk

    def _valid_in(self, category, year):
        key = (category.pk, year)
        if key not in self._valid:
            self._valid[key] = category.valid_from <= date(year, 12, 31) and (
                category.valid_to is None or category.valid_to >= date(year, 1, 1)
            )
        return self._valid[key]

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
        by_text = ("organisation-text", name, province.pk)  # the same text again: no folding
        if by_text in ctx.pending:
            return ctx.pending[by_text]
        key = fold(name)
        family = ctx.family(province)
        cache = ("organisation", key, min(family) if family else None)
        if cache in ctx.pending:
            ctx.pending[by_text] = ctx.pending[cache]
            return ctx.pending[cache]
        candidates = allowed(ctx, Project, "executing_unit").filter(search_text__startswith=f"{key} |")
        unit = (
            candidates.filter(province_id__in=family).first()
            or candidates.filter(province__isnull=True).first()
        )
        if unit is None:
            unit = Organisation(name=name, kind=_organisation_kind(name), province=province)
            ctx.count(NEW_UNITS, CREATED)
        ctx.pending[cache] = ctx.pending[by_text] = unit
        return unit

    def _may_update(self, row, ctx, project, data, status, accepted_on):
        if not self._editable(ctx, project):
            row.error(
                "code",
                f"đề án '{project.code}' đã có trong hệ thống nhưng ngoài phạm vi được sửa của tài khoản",
                f"đề án '{project.code}' exists but is outside what your account may edit",
            )
            return False
        if self._managed(project):
            return True  # any difference is refused once known (see handle)
        if project.status not in IMPORTABLE:
            return True
        problem = check_imported_status(project.status, status)
        if problem:
            row.error("status", *problem)
            return False
        return True
