"""No entry point accepts a related record its user may not choose (issue #17, findings 2–4).

The findings replayed through the API as the Hà Nội officer, then the generic sweep: every writable
related field of every API serializer and every model form, for every demo persona, refuses a record
outside `core.references.allowed` — new fields are covered without editing this test."""

import inspect

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from rest_framework.relations import ManyRelatedField
from rest_framework.test import APIClient

from khuyencong.accounts.models import Organisation, User
from khuyencong.api.urls import router
from khuyencong.clusters.models import Cluster
from khuyencong.core import references
from khuyencong.core.forms import SEARCHABLE_FORMS
from khuyencong.core.serializers import ScopedModelSerializer, writable_relations
from khuyencong.facilities.models import Facility
from khuyencong.geography.models import AdminUnit
from khuyencong.programs.models import Plan, Project
from khuyencong.surveys.models import Collaborator

pytestmark = pytest.mark.django_db

PERSONAS = ["trunguong", "lamdong", "hanoi", "nhadautu", "ctv"]


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def persona(name):
    return User.objects.get(username=name)


def foreign(model, user, **filters):
    """A record of `model` that `user` may not see (with the filters), or fail: the test needs one."""
    queryset = model.objects.filter(**filters)
    allowed = (
        references.allowed(Project, "commune", user) if model is AdminUnit else queryset.visible_to(user)
    )
    record = queryset.exclude(pk__in=allowed.values("pk")).order_by("pk").first()
    assert record is not None, f"the demo data has no {model.__name__} outside {user}'s scope"
    return record


def own(model, user):
    record = model.objects.editable_by(user).order_by("pk").first()
    assert record is not None, f"the demo data has no {model.__name__} {user} may edit"
    if model is Project:  # a đề án still being prepared: its fields are edited directly
        Project.objects.filter(pk=record.pk).update(status="draft")
        record.refresh_from_db()
    return record


def test_api_related_fields_refuse_other_provinces_records(demo):
    """Finding 2: each PATCH/POST that returned 200/201 as the Hà Nội officer is refused, nothing changes."""
    hanoi = persona("hanoi")
    client = api(hanoi)
    project = own(Project, hanoi)
    facility = own(Facility, hanoi)
    cluster = own(Cluster, hanoi)
    commune = foreign(AdminUnit, hanoi, level="commune")
    organisation = foreign(Organisation, hanoi)
    cases = [
        (f"/api/v1/programs/projects/{project.pk}/", "plan", foreign(Plan, hanoi).pk, Project, project),
        (f"/api/v1/programs/projects/{project.pk}/", "commune", commune.pk, Project, project),
        (f"/api/v1/programs/projects/{project.pk}/", "executing_unit", organisation.pk, Project, project),
        (f"/api/v1/facilities/{facility.pk}/", "commune", commune.pk, Facility, facility),
        (f"/api/v1/clusters/clusters/{cluster.pk}/", "communes", [commune.pk], Cluster, cluster),
    ]
    for url, field, value, model, record in cases:
        before = model.objects.filter(pk=record.pk).values().get()
        response = client.patch(url, {field: value}, format="json")
        assert response.status_code == 400, (url, field, response.status_code, response.content)
        assert field in response.json(), response.json()
        assert model.objects.filter(pk=record.pk).values().get() == before
    assert not cluster.communes.filter(pk=commune.pk).exists()

    count = Collaborator.objects.count()
    response = client.post(
        "/api/v1/surveys/collaborators/",
        {
            "full_name": "Nguyễn Văn A",
            "province": own(Project, hanoi).province_id,
            "organisation": organisation.pk,
        },
        format="json",
    )
    assert response.status_code == 400 and "organisation" in response.json(), response.content
    assert Collaborator.objects.count() == count


def test_api_plan_must_match_the_projects_level_and_year(demo):
    """The plan rule lives in the domain (Project.domain_errors): the API refuses what the form refuses."""
    officer = persona("lamdong")
    project = own(Project, officer)
    wrong = Plan.objects.visible_to(officer).exclude(year=project.plan_year).first()
    assert wrong is not None
    response = api(officer).patch(
        f"/api/v1/programs/projects/{project.pk}/", {"plan": wrong.pk}, format="json"
    )
    assert response.status_code == 400 and "plan" in response.json()
    project.refresh_from_db()
    assert project.plan_id != wrong.pk


def test_collaborator_account_cannot_be_enumerated_or_taken_over(demo, client):
    """Finding 4: another province's or the central agency's account answers exactly like a missing id,
    and the web form does not list them."""
    hanoi = persona("hanoi")
    api_client = api(hanoi)
    province = own(Project, hanoi).province_id
    missing = User.objects.order_by("-pk").first().pk + 1000
    answers = []
    for user_id in (persona("trunguong").pk, persona("lamdong").pk, missing):
        response = api_client.post(
            "/api/v1/surveys/collaborators/",
            {"full_name": "Người thử", "province": province, "user": user_id},
            format="json",
        )
        assert response.status_code == 400, response.content
        answers.append(response.json()["user"][0].replace(str(user_id), "<id>"))
    assert len(set(answers)) == 1, answers
    assert not persona("trunguong").role_assignments.filter(role="collaborator").exists()

    client.force_login(hanoi)
    page = client.get("/surveys/collaborators/new/")
    assert page.status_code == 200
    choices = {str(value) for value, _label in page.context["form"].fields["user"].choices if value}
    for name in ("trunguong", "lamdong", "nhadautu", "hanoi"):
        assert str(persona(name).pk) not in choices


# -- the generic sweep ------------------------------------------------------------------------------------


def writable_serializers():
    seen = set()
    for _prefix, viewset, _basename in router.registry:
        serializer = getattr(viewset, "serializer_class", None)
        if serializer is None or serializer in seen:
            continue
        seen.add(serializer)
        yield viewset, serializer


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_every_model_serializer_derives_from_the_scoped_base():
    for viewset, serializer in writable_serializers():
        if hasattr(serializer, "Meta") and hasattr(serializer.Meta, "model"):
            assert issubclass(serializer, ScopedModelSerializer), (viewset, serializer)


def test_every_writable_related_field_of_every_serializer_refuses_foreign_records(demo):
    checked = 0
    for name in PERSONAS:
        user = persona(name)
        for _viewset, serializer_class in writable_serializers():
            model = getattr(getattr(serializer_class, "Meta", None), "model", None)
            if model is None:
                continue
            relations = references.relation_fields(model)
            serializer = serializer_class(context={"request": request_for(user)})
            for field_name, source, _relation in writable_relations(model, serializer.fields):
                field = serializer.fields[field_name]
                target = relations[source].related_model
                outside = target._default_manager.exclude(
                    pk__in=references.allowed(model, source, user).values("pk")
                ).first()
                if outside is None:
                    continue
                value = [outside.pk] if isinstance(field, ManyRelatedField) else outside.pk
                with pytest.raises(Exception) as refused:
                    field.run_validation(value)
                assert "ValidationError" in type(refused.value).__name__, (name, serializer_class, field_name)
                checked += 1
    assert checked > 50, checked  # the demo data has foreign records for most relations


def parents(form_class, model, user):
    """Keyword arguments the form's constructor asks for besides `user` (the parent record of a child
    form: `cluster=`, …), each the first such record the persona may see."""
    kwargs = {}
    for klass in form_class.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        for param in inspect.signature(init).parameters.values():
            if param.kind is param.KEYWORD_ONLY or (param.default is None and param.name != "user"):
                if param.name in kwargs or param.name == "user":
                    continue
                try:
                    target = model._meta.get_field(param.name).related_model
                except Exception:  # noqa: BLE001 - not a relation of the model: leave it to its default
                    continue
                if target is not None:
                    kwargs[param.name] = target._default_manager.visible_to(user).first()
    return kwargs


def model_forms():
    for key, form_class in sorted(SEARCHABLE_FORMS.items()):
        if issubclass(form_class, forms.ModelForm) and form_class._meta.model is not None:
            yield key, form_class


def test_every_related_field_of_every_model_form_refuses_foreign_records(demo):
    checked = 0
    for name in PERSONAS:
        user = persona(name)
        for key, form_class in model_forms():
            model = form_class._meta.model
            relations = references.relation_fields(model)
            kwargs = parents(form_class, model, user)
            if None in kwargs.values():  # no parent record the persona may open: no page shows this form
                continue
            for field_name in form_class.base_fields:
                if field_name not in relations:
                    continue
                outside = (
                    relations[field_name]
                    .related_model._default_manager.exclude(
                        pk__in=references.allowed(model, field_name, user).values("pk")
                    )
                    .first()
                )
                if outside is None:
                    continue
                value = [outside.pk] if relations[field_name].many_to_many else outside.pk
                form = form_class(data={field_name: value}, user=user, **kwargs)
                try:  # the choice list refuses it …
                    form.fields[field_name].clean(value)
                except ValidationError:
                    checked += 1
                    continue
                form.is_valid()  # … or the form's clean (the domain check) does
                errors = form.errors.get(field_name, []) + form.errors.get("__all__", [])
                assert errors, (name, key, field_name, outside)
                checked += 1
    assert checked > 50, checked
