"""Field network rules: idempotent receipt, conflicts, merging with the duplicate check, drafting a đề án,
the collaborator's scope, and coverage."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from khuyencong.accounts.models import RoleAssignment
from khuyencong.core import audit
from khuyencong.facilities.models import Facility
from khuyencong.facilities.services import DuplicateFacility
from khuyencong.programs.choices import Status
from khuyencong.surveys import services
from khuyencong.surveys.choices import AssignmentStatus, ResponseStatus
from khuyencong.surveys.models import Collaborator, SurveyAssignment, SurveyResponse

from .conftest import need_answers

pytestmark = pytest.mark.django_db

JPEG = b"\xff\xd8\xff\xe0" + b"0" * 100


def receive(field, **kwargs):
    kwargs.setdefault("actor", field.personas.collaborator)
    kwargs.setdefault("client_uuid", uuid.uuid4())
    kwargs.setdefault("form", field.forms.need)
    kwargs.setdefault("answers", need_answers())
    kwargs.setdefault("commune", field.commune)
    return services.receive_response(**kwargs)


def test_resending_the_same_client_id_never_duplicates(field):
    client_uuid = uuid.uuid4()
    first, created = receive(field, client_uuid=client_uuid, photos=[("workshop_photo", JPEG)])
    again, created_again = receive(field, client_uuid=client_uuid, answers=need_answers(workers=99))
    assert created and not created_again and again.pk == first.pk
    assert SurveyResponse.objects.filter(client_uuid=client_uuid).count() == 1
    assert again.answers["workers"] == 6 and first.photos.count() == 1
    assert first.province == field.personas.lam_dong and first.collaborator == field.collaborator


def test_invalid_answers_and_photos_are_refused(field):
    with pytest.raises(ValidationError):
        receive(field, answers={"facility_name": "X"})
    with pytest.raises(ValidationError):
        receive(field, photos=[("workshop_photo", b"GIF89a not a jpeg")])
    assert not SurveyResponse.objects.exists()


def test_collaborator_may_survey_only_their_communes_and_establishments(field):
    with pytest.raises(services.NotAllowed):
        receive(field, commune=field.hn_commune)
    with pytest.raises(services.NotAllowed):
        receive(field, facility=field.other)


def test_a_response_based_on_an_older_version_is_a_conflict(field):
    facility = field.facility
    version = audit.latest_history_id(facility)
    fresh, _ = receive(field, facility=facility, base_version=version)
    assert fresh.status == ResponseStatus.RECEIVED and fresh.base_modified is not None
    with audit.acting_as(field.personas.lamdong):
        facility.phone = "0263 111 222"
        facility.save()
    stale, _ = receive(
        field, facility=facility, base_version=version, answers=need_answers(phone="0905 999 888")
    )
    assert stale.status == ResponseStatus.CONFLICT
    rows = {row["field"]: row for row in services.conflict_rows(stale)}
    assert rows["phone"]["surveyed"] == "" and rows["phone"]["current"] == "0263 111 222"
    assert rows["phone"]["survey"] == "0905 999 888" and rows["phone"]["changed_since"]
    # The officer keeps the registry's phone but takes the surveyed worker count.
    services.resolve_conflict(
        stale, actor=field.personas.lamdong, choices={"phone": "registry", "workers": "survey"}
    )
    facility.refresh_from_db()
    assert facility.phone == "0263 111 222" and facility.workers == 6
    assert stale.status == ResponseStatus.MERGED
    # Merging the older, non-conflicting response now detects the change made by the resolution.
    services.merge_into_registry(fresh, actor=field.personas.lamdong)
    fresh.refresh_from_db()
    assert fresh.status == ResponseStatus.CONFLICT


def test_merge_registers_a_new_establishment_with_the_duplicate_check(field):
    response, _ = receive(
        field, answers=need_answers(facility_name="CO SO MOC HOA BINH"), latitude="11.9", longitude="108.4"
    )
    with pytest.raises(DuplicateFacility):
        services.merge_into_registry(response, actor=field.personas.lamdong)
    services.merge_into_registry(response, actor=field.personas.lamdong, link_to=field.facility)
    response.refresh_from_db()
    assert response.status == ResponseStatus.MERGED and response.facility == field.facility
    field.facility.refresh_from_db()
    assert field.facility.workers == 6 and str(field.facility.latitude) == "11.900000"

    other, _ = receive(field, answers=need_answers(facility_name="Cơ sở Mới Tinh"))
    services.merge_into_registry(other, actor=field.personas.lamdong)
    other.refresh_from_db()
    created = Facility.objects.get(name="Cơ sở Mới Tinh")
    assert other.facility == created and created.commune == field.commune and created.kind == "household"


def test_only_an_officer_of_the_province_reviews(field):
    response, _ = receive(field)
    for actor in (field.personas.collaborator, field.personas.hanoi, field.personas.central):
        with pytest.raises(services.NotAllowed):
            services.mark_reviewed(response, actor=actor)
    services.mark_reviewed(response, actor=field.personas.lamdong, note="ok")
    assert response.status == ResponseStatus.REVIEWED and response.reviewed_by == field.personas.lamdong


def test_registered_need_becomes_a_draft_project_linked_both_ways(field):
    assignment = services.create_assignment(
        actor=field.personas.lamdong,
        collaborator=field.collaborator,
        commune=field.commune,
        due_date=date(2030, 1, 1),
    )
    response, _ = receive(field, assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.SUBMITTED
    with pytest.raises(ValidationError):
        services.draft_project(response, actor=field.personas.lamdong)  # not merged yet
    services.merge_into_registry(response, actor=field.personas.lamdong)
    project = services.draft_project(response, actor=field.personas.lamdong, plan_year=2027)
    response.refresh_from_db()
    assert response.project == project and project.survey_responses.get() == response
    assert project.status == Status.DRAFT and project.plan_year == 2027
    assert list(project.beneficiaries.all()) == [response.facility]
    assert project.total_cost_vnd == 300_000_000 and project.counterpart_vnd == 120_000_000
    assert project.state_support_vnd == 180_000_000
    assert str(response.client_uuid) in project.note
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DONE
    with pytest.raises(ValidationError):
        services.draft_project(response, actor=field.personas.lamdong)
    # The đề án page links back to the survey it was drafted from.
    client = Client()
    client.force_login(field.personas.lamdong)
    page = client.get(f"/programs/{project.pk}/").content.decode()
    assert 'id="survey-origin"' in page and f"/surveys/responses/{response.pk}/" in page


def test_collaborators_see_only_their_own_rows(field):
    mine, _ = receive(field)
    other_user = field.personas.viewer
    someone = Collaborator.objects.create(full_name="Người khác", province=field.personas.lam_dong)
    not_mine = SurveyResponse.objects.create(
        client_uuid=uuid.uuid4(),
        form=field.forms.need,
        province=field.personas.lam_dong,
        commune=field.commune,
        captured_at=mine.captured_at,
        submitted_by=other_user,
    )
    ctv = field.personas.collaborator
    assert list(SurveyResponse.objects.visible_to(ctv)) == [mine]
    assert not SurveyResponse.objects.editable_by(ctv).exists()
    assert list(Collaborator.objects.visible_to(ctv)) == [field.collaborator]
    assert set(SurveyResponse.objects.visible_to(field.personas.lamdong)) == {mine, not_mine}
    assert not SurveyResponse.objects.visible_to(field.personas.hanoi).exists()
    assert someone in Collaborator.objects.editable_by(field.personas.lamdong)
    assert not Collaborator.objects.visible_to(field.personas.investor).exists()


def test_commune_assignments_drive_the_collaborators_scope(field):
    collaborator, ctv = field.collaborator, field.personas.collaborator
    second = (
        field.hn_commune.__class__.objects.filter(
            scheme="2025", level="commune", province=field.personas.lam_dong
        )
        .exclude(pk=field.commune.pk)
        .first()
    )
    services.assign_commune(collaborator, second, actor=field.personas.lamdong)
    grant = RoleAssignment.objects.get(user=ctv, role="collaborator")
    assert set(grant.communes.all()) == {field.commune, second}
    row = collaborator.commune_assignments.get(commune=field.commune)
    services.end_commune(row, actor=field.personas.lamdong, valid_to=date(2025, 12, 31))
    assert set(grant.communes.all()) == {second}
    with pytest.raises(services.NotAllowed):
        services.assign_commune(collaborator, second, actor=field.personas.hanoi)


def test_coverage_counts_communes_establishments_and_surveys(field):
    receive(field, facility=field.facility, base_version=audit.latest_history_id(field.facility))
    coverage = services.coverage(field.personas.lam_dong, user=field.personas.lamdong)
    row = next(r for r in coverage["rows"] if r["commune"] == field.commune)
    assert row["collaborators"] == [field.collaborator] and row["facilities"] == 1 and row["surveys"] == 1
    assert row["last_survey"] is not None
    assert coverage["communes_covered"] == 1
    assert coverage["communes_uncovered"] == coverage["communes_total"] - 1
    entry = coverage["collaborators"][0]
    assert entry["collaborator"] == field.collaborator and entry["facilities"] == 1 and entry["surveys"] == 1
    # Hà Nội's officer counts nothing of Lâm Đồng.
    assert services.coverage(field.personas.lam_dong, user=field.personas.hanoi)["communes_covered"] == 0


def test_assignment_overdue_is_computed(field):
    late = services.create_assignment(
        actor=field.personas.lamdong,
        collaborator=field.collaborator,
        commune=field.commune,
        due_date=date(2020, 1, 1),
    )
    assert late.is_overdue and list(SurveyAssignment.objects.overdue()) == [late]
    assert list(
        SurveyAssignment.objects.visible_to(field.personas.collaborator).owned_by(field.personas.collaborator)
    ) == [late]
