"""Property-based tests (hypothesis) of the web forms that take numbers, dates and text (issue #9, item 5).

A province officer posts the cluster, đề án and establishment forms with random values in their number,
date and text fields: integers of any size, decimals (NaN and infinities too), floats, any Unicode text,
dates in and out of range and in several spellings. Whatever is posted, the answer is either the form
again (200) with errors attached to named fields, and nothing written — or a redirect (302) after
exactly one record was saved, its text NFC, with a history row carrying the officer. Never a server
error (the test client re-raises any exception).
"""

import unicodedata

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text a browser can send (no lone surrogates: they cannot be encoded), NUL and control characters included.
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
NUMBER = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    st.integers(min_value=0, max_value=10**6).map(lambda n: f"{n:,}".replace(",", ".")),
    st.sampled_from(["", " ", "1,5", "1.250,75", "1e400", "-0", "0x10", "١٢٣"]),
    ANY_TEXT,
)
DATE = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}"),
    st.sampled_from(["", "2025-02-30", "31/02/2024", "0000-01-01", "9999-12-31", "2025-13-01", "hôm nay"]),
    st.integers().map(str),
    ANY_TEXT,
)


def field_values(names, strategy):
    return st.fixed_dictionaries({}, optional={name: strategy for name in names})


def rolled_back(function):
    with transaction.atomic():
        try:
            return function()
        finally:
            transaction.set_rollback(True)


def check_post(client, url, data, model, user):
    """POST `data`; assert the form-or-one-record property; returns the response."""
    before = model.objects.count(), model.history.count()
    response = client.post(url, data)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        form = response.context["form"]
        assert form.errors, "the form came back without an error"
        assert set(form.errors) <= set(form.fields) | {"__all__"}
        page = response.content.decode()
        for field in form.errors:
            if field != "__all__":
                assert f'name="{form.add_prefix(field)}"' in page  # the field is on the page, with its error
        assert (model.objects.count(), model.history.count()) == before
        return response
    assert model.objects.count() == before[0] + 1
    created = model.objects.order_by("-pk").first()
    record = created.history.order_by("-history_id").first()
    assert record.history_user == user
    for field in model._meta.concrete_fields:
        value = getattr(created, field.attname)
        if isinstance(value, str):
            assert unicodedata.is_normalized("NFC", value), field.name
    return response


@EXAMPLES
@given(
    numbers=field_values(["planned_area_ha", "latitude", "longitude"], NUMBER),
    dates=field_values(["investor_since"], DATE),
    texts=field_values(["name", "code", "main_industries", "note"], ANY_TEXT),
)
def test_cluster_form_never_fails_and_never_half_saves(client, personas, numbers, dates, texts):
    from khuyencong.clusters.models import Cluster

    client.force_login(personas.lamdong)
    data = {"name": "Cụm thử", "code": "HYP-1", "province": personas.lam_dong.pk, "kind": "ordinary"}
    data.update(numbers | dates | texts)
    note(repr(data))
    rolled_back(lambda: check_post(client, "/clusters/add/", data, Cluster, personas.lamdong))


@EXAMPLES
@given(
    numbers=field_values(
        ["plan_year", "trainees", "machines", "state_support_vnd", "counterpart_vnd", "total_cost_vnd"],
        NUMBER,
    ),
    dates=field_values(["start_date", "end_date"], DATE),
    texts=field_values(["code", "title", "objectives", "note"], ANY_TEXT),
)
def test_project_form_never_fails_and_never_half_saves(client, personas, numbers, dates, texts):
    from khuyencong.programs.models import ContentCategory, Project, StatusChange
    from khuyencong.programs.reference import load

    load()
    client.force_login(personas.lamdong)
    data = {
        "code": "HYP-DA-1",
        "title": "Đề án thử",
        "level": "local",
        "plan_year": 2026,
        "category": ContentCategory.objects.get(code="KC01").pk,
        "province": personas.lam_dong.pk,
        "trainees": 0,
        "machines": 0,
        "models_built": 0,
        "products": 0,
        "booths": 0,
        "state_support_vnd": 0,
        "counterpart_vnd": 0,
        "total_cost_vnd": 0,
    }
    data.update(numbers | dates | texts)
    note(repr(data))

    def post():
        changes = StatusChange.objects.count()
        response = check_post(client, "/programs/new/", data, Project, personas.lamdong)
        # A refused đề án leaves no status log either; a created one starts with exactly one entry.
        assert StatusChange.objects.count() == changes + (response.status_code == 302)

    rolled_back(post)


@EXAMPLES
@given(
    numbers=field_values(["workers", "latitude", "longitude"], NUMBER),
    texts=field_values(["name", "tax_code", "address", "phone", "products", "note"], ANY_TEXT),
)
def test_facility_form_never_fails_and_never_half_saves(client, personas, numbers, texts):
    from khuyencong.facilities.models import Facility

    client.force_login(personas.lamdong)
    data = {"name": "Cơ sở thử", "kind": "household", "province": personas.lam_dong.pk, "workers": 1}
    data.update(numbers | texts)
    note(repr(data))
    rolled_back(lambda: check_post(client, "/facilities/new/", data, Facility, personas.lamdong))
