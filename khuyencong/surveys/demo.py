"""Demo field network for Lâm Đồng (illustrative people and surveys): the `ctv` persona and two more
collaborators, communes with and without a collaborator, assignments (one overdue), survey responses
waiting for review, one of them a conflict. Idempotent: a second run changes nothing."""

import io
import uuid
from datetime import date, timedelta

from django.utils import timezone

from khuyencong.accounts.models import Organisation, User
from khuyencong.core import audit, clock
from khuyencong.facilities.models import Facility
from khuyencong.geography.models import AdminUnit, Succession

from . import services
from .choices import Purpose
from .models import Collaborator, CollaboratorCommune, SurveyAssignment, SurveyForm, SurveyResponse

ILLUSTRATIVE = "Dữ liệu minh họa."
# Fixed client ids, so that reloading the demo finds the responses it made.
DEMO_UUIDS = [uuid.UUID(f"6b1c0d2e-0000-4000-8000-00000000000{n}") for n in range(1, 6)]


def _jpeg(colour):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG", quality=70)
    return buffer.getvalue()


def _successors(communes):
    """Today's communes that absorbed the given former communes, in order, without repeats."""
    found = []
    links = Succession.objects.filter(predecessor__in=communes, successor__level="commune").select_related(
        "successor"
    )
    for link in links.order_by("predecessor__code", "successor__code"):
        if link.successor.valid_to is None and link.successor not in found:
            found.append(link.successor)
    return found


def _collaborator(full_name, province, organisation, *, user=None, phone="", active_from=date(2025, 7, 1)):
    collaborator = Collaborator.objects.filter(full_name=full_name).first()
    if collaborator is None:
        collaborator = Collaborator.objects.create(
            full_name=full_name,
            user=user,
            province=province,
            organisation=organisation,
            phone=phone,
            active_from=active_from,
            note=ILLUSTRATIVE,
        )
    return collaborator


def _commune(collaborator, commune, valid_from=date(2025, 7, 1), valid_to=None, district=None):
    row, _created = CollaboratorCommune.objects.get_or_create(
        collaborator=collaborator,
        commune=commune,
        defaults={"valid_from": valid_from, "valid_to": valid_to, "district": district},
    )
    return row


def load():
    lam_dong = AdminUnit.objects.get(scheme="2025", level="province", code="68")
    dak_nong = AdminUnit.objects.get(scheme="legacy", level="province", code="67")
    ctv = User.objects.filter(username="ctv").first()
    officer = User.objects.filter(username="lamdong").first()
    centre = Organisation.objects.filter(name="Trung tâm Khuyến công tỉnh Lâm Đồng").first()
    facilities = list(Facility.objects.filter(province=dak_nong).select_related("commune").order_by("id"))
    if ctv is None or officer is None or not facilities:
        return "skipped (personas or establishments missing)"
    targets = _successors({f.commune_id for f in facilities if f.commune_id})
    if len(targets) < 4:
        return "skipped (no commune successions loaded)"

    # The ctv persona keeps the wards the accounts demo gave them and serves two more communes where
    # the demo establishments are; Y Bình serves two others; Thu served a former commune until 30/6/2025.
    hoa = _collaborator("H'Niê Hoa", lam_dong, centre, user=ctv, phone="0912 345 678")
    existing_wards = [
        c for grant in ctv.role_assignments.all() for c in grant.communes.filter(valid_to__isnull=True)
    ]
    for commune in [*existing_wards, *targets[:2]]:
        _commune(hoa, commune)
    services.sync_role(hoa)
    binh = _collaborator("Y Bình Niê", lam_dong, centre, phone="0987 111 222")
    for commune in targets[2:4]:
        _commune(binh, commune)
    thu = _collaborator("Nguyễn Thị Thu", lam_dong, centre, active_from=date(2023, 1, 1))
    first = facilities[0].commune
    _commune(thu, first, valid_from=date(2023, 1, 1), valid_to=date(2025, 6, 30), district=first.parent)

    need = SurveyForm.objects.get(code="need-survey", version=1)
    check = SurveyForm.objects.get(code="acceptance-check", version=1)
    today = clock.today()
    served = {c.pk for c in targets[:2]}
    ids_by_root = {}
    for facility in facilities:
        for successor in _successors({facility.commune_id}):
            if successor.pk in served:
                ids_by_root.setdefault(successor.pk, []).append(facility)
    mine = [f for group in ids_by_root.values() for f in group]
    if len(mine) < 2:
        mine = facilities[:2]

    with audit.acting_as(officer, reason="demo data"):
        if not SurveyAssignment.objects.filter(collaborator=hoa).exists():
            services.create_assignment(
                actor=None,
                collaborator=hoa,
                purpose=Purpose.NEED_SURVEY,
                form=need,
                commune=targets[0],
                due_date=today + timedelta(days=20),
                facilities=mine[:2],
                note="Khảo sát nhu cầu hỗ trợ máy móc năm 2026 (minh họa).",
            )
            services.create_assignment(
                actor=None,
                collaborator=hoa,
                purpose=Purpose.ACCEPTANCE_CHECK,
                form=check,
                due_date=today - timedelta(days=10),
                facilities=mine[1:2],
                note="Kiểm tra thiết bị đã lắp đặt (minh họa).",
            )
            services.create_assignment(
                actor=None,
                collaborator=binh,
                purpose=Purpose.NEED_SURVEY,
                form=need,
                commune=targets[2],
                due_date=today + timedelta(days=30),
            )

    if SurveyResponse.objects.filter(client_uuid__in=DEMO_UUIDS).exists():
        return (
            f"{Collaborator.objects.count()} collaborators, {SurveyResponse.objects.count()} survey responses"
        )

    assignment = SurveyAssignment.objects.filter(collaborator=hoa, purpose=Purpose.NEED_SURVEY).first()
    now = timezone.now()
    base = {"kind": "household", "wants_support": True, "support_kind": "machinery"}
    # 1. A registered establishment, surveyed with the registry as it is: waits for review.
    surveyed = mine[0]
    services.receive_response(
        actor=ctv,
        client_uuid=DEMO_UUIDS[0],
        form=need,
        assignment=assignment,
        facility=surveyed,
        base_version=audit.latest_history_id(surveyed),
        answers={
            **base,
            "facility_name": surveyed.name,
            "products": surveyed.products or "Cà phê bột",
            "workers": surveyed.workers + 3,
            "equipment_wanted": "Máy rang cà phê 30 kg/mẻ",
            "estimated_cost_million": "450",
            "counterpart_million": "200",
        },
        latitude="12.004521",
        longitude="107.690812",
        accuracy_m=12,
        captured_at=now - timedelta(days=3),
        photos=[("workshop_photo", _jpeg((120, 90, 60)))],
    )
    # 2. A new establishment, not in the registry yet.
    services.receive_response(
        actor=ctv,
        client_uuid=DEMO_UUIDS[1],
        form=need,
        assignment=assignment,
        commune=targets[0],
        answers={
            **base,
            "facility_name": "Cơ sở chế biến mắc ca Đắk Nia (minh họa)",
            "products": "Mắc ca sấy nứt vỏ",
            "workers": 8,
            "woman_owned": True,
            "equipment_wanted": "Lò sấy mắc ca 500 kg/mẻ",
            "estimated_cost_million": "600",
            "counterpart_million": "300",
        },
        latitude="11.995010",
        longitude="107.701200",
        accuracy_m=20,
        captured_at=now - timedelta(days=2),
    )
    # 3. A conflict: the officer changed the establishment's phone after the collaborator read it.
    changed = mine[1]
    read_version = audit.latest_history_id(changed)
    with audit.acting_as(officer, reason="demo data: phone updated by the department"):
        changed.phone = "0263 3822 999"
        changed.save()
    services.receive_response(
        actor=ctv,
        client_uuid=DEMO_UUIDS[2],
        form=need,
        facility=changed,
        base_version=read_version,
        answers={
            **base,
            "facility_name": changed.name,
            "phone": "0905 000 111",
            "products": changed.products or "Mắc ca",
            "workers": changed.workers,
            "equipment_wanted": "Máy tách vỏ",
        },
        captured_at=now - timedelta(days=1),
    )
    # 4. An acceptance check with its photo, already reviewed by the officer.
    acceptance, _created = services.receive_response(
        actor=ctv,
        client_uuid=DEMO_UUIDS[3],
        form=check,
        assignment=SurveyAssignment.objects.filter(
            collaborator=hoa, purpose=Purpose.ACCEPTANCE_CHECK
        ).first(),
        facility=changed,
        answers={"equipment_installed": True, "equipment_running": True, "serial_numbers": "MS-2024-118"},
        latitude="12.010001",
        longitude="107.688000",
        captured_at=now - timedelta(days=5),
        photos=[("equipment_photo", _jpeg((40, 80, 120)))],
    )
    services.mark_reviewed(acceptance, actor=officer, note="Thiết bị hoạt động tốt (minh họa).")
    return f"{Collaborator.objects.count()} collaborators, {SurveyResponse.objects.count()} survey responses"
