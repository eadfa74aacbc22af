"""History is recorded for every domain model and every write path (web, command, service)."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation

from khuyencong.accounts.models import Organisation
from khuyencong.core.audit import acting_as, history_for
from khuyencong.core.scoping import ScopedQuerySet

pytestmark = pytest.mark.django_db

# Reference data from packages, security bookkeeping, and append-only logs that are history themselves.
NOT_AUDITED = {
    "geography.AdminUnit",
    "geography.Succession",
    "accounts.LoginThrottle",
    # Second-factor secrets (keyed hashes) are not copied into history; a reset is in the admin's log.
    "accounts.RecoveryCodeDevice",
    "accounts.RecoveryCode",
    "accounts.TokenSecondFactor",
    "programs.StatusChange",
    "reports.SubmissionEvent",
    "deadlines.ReminderSent",
}


def domain_models():
    for model in apps.get_models():
        label = model._meta.label
        if not model.__module__.startswith("khuyencong.") or label in NOT_AUDITED:
            continue
        if model.__name__.startswith("Historical") or model._meta.auto_created:
            continue
        yield model


def test_every_domain_model_keeps_history():
    missing = [m._meta.label for m in domain_models() if not hasattr(m, "history")]
    assert not missing, f"models without history: {missing}"


def test_history_tables_are_indexed_by_the_records_key_not_by_copied_fields():
    """History is read by the record's key (and ordered by history id or date); an index on a copied
    field (code, status, search text, foreign keys) would only cost every saved version."""
    indexed = {}
    for model in domain_models():
        history_model = model.history.model
        own = {"history_id", "history_date", "history_user"}
        names = [
            f.name
            for f in history_model._meta.fields
            if f.db_index and f.name not in own and f.name != model._meta.pk.name
        ]
        if names:
            indexed[history_model._meta.label] = names
    assert not indexed
    assert any(f.name == "id" and f.db_index for f in Organisation.history.model._meta.fields)


def test_every_scoped_domain_model_uses_the_scoping_queryset():
    unscoped = [
        m._meta.label
        for m in domain_models()
        if getattr(m, "scope_paths", None) is not None
        and not isinstance(m._default_manager.all(), ScopedQuerySet)
        and m._meta.label != "accounts.RoleAssignment"
    ]
    assert not unscoped


def test_service_write_is_attributed_to_the_actor(personas):
    with acting_as(personas.lamdong, reason="đổi tên"):
        org = Organisation.objects.create(
            name="Trung tâm A", kind="promotion_centre", province=personas.lam_dong
        )
        org.name = "Trung tâm Khuyến công A"
        org.save()
    with translation.override("vi"):
        entries = history_for(org)
    assert [e["record"].history_type for e in entries] == ["~", "+"]
    assert entries[0]["record"].history_user == personas.lamdong
    assert entries[0]["record"].history_change_reason == "đổi tên"
    assert [(str(label), old, new) for label, old, new in entries[0]["changes"]] == [
        ("tên", "Trung tâm A", "Trung tâm Khuyến công A")
    ]


def test_command_writes_are_recorded_with_their_reason(settings, geo):
    settings.DEBUG = True
    call_command("setup", demo=True, verbosity=0)
    org = Organisation.objects.get(short_name="Cục ĐCK")
    record = org.history.earliest()
    assert record.history_change_reason == "khuyencong setup --demo"


def test_web_write_is_attributed_to_the_signed_in_user(client, personas):
    client.force_login(personas.admin)
    response = client.post(
        "/admin/accounts/organisation/add/",
        {"name": "Công ty ABC", "kind": "enterprise", "tax_code": "", "short_name": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = Organisation.objects.get(name="Công ty ABC").history.get()
    assert record.history_user == personas.admin
